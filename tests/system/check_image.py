#!/usr/bin/env python3
"""What a built kiosk image holds, checked without booting it (issue 10):
the partitions a board needs, what boots on the FAT partition, the kiosk
installed and set up on the read-only root, the data partition's state.

  check_image.py IMAGE --arch amd64|arm64 [--test]

--test: the image is the test build (build.sh --test), which alone may carry
the test agent. Reads the image with sfdisk, mtools and debugfs: no root, no
loop devices. Prints one line per check; exit 0 all passed, 1 some failed.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from system_test import partition  # noqa: E402

# The most an image may be to fit a 4 GB card (what build.sh enforces).
CARD_MIB = 3700
# ELF e_machine of the kiosk's programs per architecture.
ELF_MACHINE = {"amd64": 0x3E, "arm64": 0xB7}
# What a Raspberry Pi 4 needs in its initramfs (deploy/image/arm64-boot.sh).
PI_MODULES = ["sdhci-iproc", "gpio-regulator", "xhci-pci", "reset-raspberrypi",
              "usb-storage", "uas", "sd_mod", "ext4", "crc32c_generic", "vfat"]
# MODULES=most would put about a thousand modules into it; MODULES=list a few dozen.
PI_MAX_MODULES = 80
PI_MAX_INITRD_KIB = 16 * 1024

failures = []


def check(ok, what, detail=""):
    print(f"{'ok  ' if ok else 'FAIL'} {what}{': ' + detail if detail and not ok else ''}", flush=True)
    if not ok:
        failures.append(what)
    return ok


def out(cmd):
    return subprocess.run(cmd, capture_output=True, text=True).stdout


def cpio_names(data):
    """The file names in concatenated cpio archives (newc, what mkinitramfs writes)."""
    names, pos = [], 0
    while pos + 110 <= len(data):
        if data[pos:pos + 6] != b"070701":
            pos += 1  # the zero padding between archives
            continue
        namesize = int(data[pos + 94:pos + 102], 16)
        filesize = int(data[pos + 54:pos + 62], 16)
        name = data[pos + 110:pos + 110 + namesize - 1].decode(errors="replace")
        pos = (pos + 110 + namesize + 3) & ~3
        pos = (pos + filesize + 3) & ~3
        if name != "TRAILER!!!":
            names.append(name)
    return names


class Ext4:
    """One ext4 partition of the image, copied out (sparse) for debugfs."""

    def __init__(self, image, n, tmp):
        off, size = partition(image, n)
        self.path = os.path.join(tmp, f"part{n}.img")
        subprocess.run(["dd", f"if={image}", f"of={self.path}", "bs=1M", f"skip={off}",
                        f"count={size}", "iflag=skip_bytes,count_bytes", "conv=sparse",
                        "status=none"], check=True)

    def label(self):
        return out(["e2label", self.path]).strip()

    def cat(self, path):
        r = subprocess.run(["debugfs", "-R", f"cat {path}", self.path],
                           capture_output=True)
        return r.stdout

    def stat(self, path):
        r = subprocess.run(["debugfs", "-R", f"stat {path}", self.path], capture_output=True, text=True)
        return r.stdout + r.stderr

    def exists(self, path):
        s = self.stat(path)
        return "File not found" not in s and "Inode:" in s

    def link(self, path):
        """A symbolic link's target, or None."""
        s = self.stat(path)
        m = re.search(r'Fast link dest: "([^"]*)"', s)
        if m:
            return m.group(1)
        if "Type: symlink" in s:
            return self.cat(path).decode(errors="replace")
        return None

    def ls(self, path):
        names = out(["debugfs", "-R", f"ls -p {path}", self.path]).splitlines()
        return [f.split("/")[5] for f in names if f.count("/") >= 6 and f.split("/")[5] not in (".", "..")]


def check_partitions(image):
    table = out(["sfdisk", "-d", image])
    check("label: dos" in table, "an MBR (dos) partition table, as the Pi's firmware reads it", table)
    parts = [line for line in table.splitlines() if line.startswith(image)]
    check(len(parts) == 3, "three partitions (FAT boot, root, data)", f"{len(parts)}: {parts}")
    if len(parts) >= 3:
        check("type=c" in parts[0] and "bootable" in parts[0], "partition 1 is FAT32 (LBA), bootable", parts[0])
        check("type=83" in parts[1] and "type=83" in parts[2], "partitions 2 and 3 are Linux", parts[1:])
    mib = os.path.getsize(image) // (1024 * 1024)
    print(f"     image: {mib} MiB")
    check(mib <= CARD_MIB, f"the image fits a 4 GB card ({mib} <= {CARD_MIB} MiB)")


def check_fat(image, arch, tmp):
    off, _ = partition(image, 1)
    fat = f"{image}@@{off}"
    info = out(["minfo", "-i", fat, "::"])
    check("KIOSKBOOT" in info, "the FAT partition is labelled KIOSKBOOT")
    files = out(["mdir", "-b", "-i", fat, "::"]).split()
    names = {f.split("/")[-1] for f in files}
    check("::/kiosk-keys/" in files or "kiosk-keys" in names, "the curator key slot kiosk-keys/")
    keys = out(["mdir", "-b", "-i", fat, "::kiosk-keys"]).split()
    check(any(k.endswith("/README.txt") for k in keys), "kiosk-keys/README.txt says how to put a key in")
    cmdline = out(["mtype", "-i", fat, "::cmdline.txt"])
    check("root=LABEL=kiosk-root" in cmdline.split(), "cmdline.txt: root=LABEL=kiosk-root", cmdline)
    check(" ro " in f" {cmdline.strip()} " and " rw " not in f" {cmdline.strip()} ",
          "cmdline.txt mounts the root read-only", cmdline)
    if arch == "amd64":
        for f in ("vmlinuz", "initrd.img"):
            check(f in names, f"the kernel file {f}")
        return
    for f in ("start4.elf", "fixup4.dat", "bcm2711-rpi-4-b.dtb", "bcm2711-rpi-400.dtb",
              "bcm2711-rpi-cm4-io.dtb", "config.txt", "cmdline.txt"):
        check(f in names, f"the Pi 4's boot file {f}")
    kernels = sorted(n for n in names if n.startswith("vmlinuz-"))
    initrds = sorted(n for n in names if n.startswith("initrd.img-"))
    if not (check(len(kernels) == 1, "one kernel vmlinuz-VERSION", kernels)
            and check(len(initrds) == 1, "one initrd initrd.img-VERSION", initrds)):
        return
    config = out(["mtype", "-i", fat, "::config.txt"])
    for line in ("arm_64bit=1", f"kernel={kernels[0]}", f"initramfs {initrds[0]}"):
        check(re.search(rf"^{re.escape(line)}\s*$", config, re.M) is not None,
              f"config.txt: {line}", config)
    check(initrds[0][len("initrd.img-"):] == kernels[0][len("vmlinuz-"):],
          "the initrd is the kernel's", f"{kernels[0]} {initrds[0]}")
    initrd = os.path.join(tmp, "initrd")
    subprocess.run(["mcopy", "-n", "-i", fat, f"::{initrds[0]}", initrd], check=True)
    kib = os.path.getsize(initrd) // 1024
    print(f"     initrd: {kib} KiB")
    check(kib <= PI_MAX_INITRD_KIB, f"the initrd is small (MODULES=list): {kib} KiB <= {PI_MAX_INITRD_KIB}")
    listing = cpio_names(subprocess.run(["zstd", "-dc", initrd], capture_output=True).stdout)
    modules = [p for p in listing if re.search(r"\.ko(\.[a-z]+)?$", p)]
    print(f"     initrd: {len(modules)} kernel modules")
    check(0 < len(modules) <= PI_MAX_MODULES,
          f"the initrd holds only the listed modules and their dependencies ({len(modules)} <= {PI_MAX_MODULES})")
    have = {re.sub(r"\.ko(\.[a-z]+)?$", "", os.path.basename(p)).replace("-", "_") for p in modules}
    for m in PI_MODULES:
        check(m.replace("-", "_") in have, f"the initrd has {m}")
    check(any(p.endswith("/fsck.ext4") for p in listing) or any(p.endswith("/e2fsck") for p in listing),
          "the initrd can check the root (e2fsck)")


def check_root(image, arch, test, tmp):
    root = Ext4(image, 2, tmp)
    check(root.label() == "kiosk-root", "partition 2 is labelled kiosk-root", root.label())
    status = root.cat("/var/lib/dpkg/status").decode(errors="replace")
    m = re.search(r"^Package: memorial-kiosk\n(?:[^\n]+\n)*?Status: ([^\n]+)", status, re.M)
    check(m is not None and m.group(1) == "install ok installed", "the memorial-kiosk package is installed",
          m.group(1) if m else "not in dpkg's status")
    arch_m = re.search(r"^Package: memorial-kiosk\n(?:[^\n]+\n)*?Architecture: (\S+)", status, re.M)
    check(arch_m is not None and arch_m.group(1) == arch, f"the package is for {arch}",
          arch_m.group(1) if arch_m else "")
    elf = root.cat("/usr/bin/kiosk")[:20]
    check(len(elf) == 20 and elf[:4] == b"\x7fELF" and int.from_bytes(elf[18:20], "little") == ELF_MACHINE[arch],
          f"/usr/bin/kiosk is an {arch} program")
    fstab = root.cat("/etc/fstab").decode(errors="replace")
    check(re.search(r"^LABEL=kiosk-root\s+/\s+ext4\s+ro[,\s]", fstab, re.M) is not None,
          "fstab: the root read-only", fstab)
    check(re.search(r"^LABEL=kiosk-data\s+/data\s+ext4\s", fstab, re.M) is not None,
          "fstab: the data partition at /data", fstab)
    for src, dst in (("/data/kiosk", "/var/lib/kiosk"), ("/data/journal", "/var/log/journal")):
        check(re.search(rf"^{src}\s+{dst}\s+none\s+bind", fstab, re.M) is not None,
              f"fstab: {dst} bound from the data partition (kiosk-setup --data)", fstab)
    # kiosk-setup's and the package's result: the kiosk starts at boot, no login prompt.
    wants = "/etc/systemd/system/multi-user.target.wants"
    check(root.link(f"{wants}/kiosk.service") == "/lib/systemd/system/kiosk.service"
          or (root.link(f"{wants}/kiosk.service") or "").endswith("/kiosk.service"),
          "kiosk.service is enabled", str(root.link(f"{wants}/kiosk.service")))
    check(root.link(f"{wants}/kiosk-firstboot.service") is not None, "kiosk-firstboot.service is enabled")
    check(root.link("/etc/systemd/system/getty@tty1.service") == "/dev/null", "getty@tty1 is masked")
    journald = root.cat("/etc/systemd/journald.conf.d/kiosk.conf").decode(errors="replace")
    check("Storage=persistent" in journald, "the journal is kept on the data partition", journald)
    check(root.link("/etc/kiosk/trusted-keys") == "/data/trusted-keys",
          "the trusted keys live on the data partition")
    check(len(root.cat("/etc/machine-id").strip()) == 32, "one machine id for the image")
    agent = root.exists("/etc/systemd/system/kiosk-test-agent.service")
    if test:
        check(agent, "the test build has the test agent")
    else:
        check(not agent, "no test agent in a museum's image")
    if arch == "arm64":
        # The build's stand-in update-initramfs is gone; the real one is back.
        tool = root.cat("/usr/sbin/update-initramfs")
        check(b"mkinitramfs" in tool and b"deferred to the end" not in tool,
              "update-initramfs is Debian's again (the build's deferral undone)")
        diversions = root.cat("/var/lib/dpkg/diversions").decode(errors="replace")
        check("update-initramfs" not in diversions, "no diversion of update-initramfs left")
        check("MODULES=list" in root.cat("/etc/initramfs-tools/conf.d/kiosk-raspi.conf").decode(errors="replace"),
              "initramfs-tools: MODULES=list for the Pi")


def check_data(image, tmp):
    data = Ext4(image, 3, tmp)
    check(data.label() == "kiosk-data", "partition 3 is labelled kiosk-data", data.label())
    check(data.link("/kiosk/current") == "exhibits/default.kiosk", "the default exhibit is shown",
          str(data.link("/kiosk/current")))
    check(data.exists("/kiosk/exhibits/default.kiosk"), "the default exhibit is on the data partition")
    check(data.exists("/journal"), "the journal's folder is on the data partition")
    check(data.exists("/trusted-keys"), "the trusted keys' folder is on the data partition")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("image")
    ap.add_argument("--arch", choices=sorted(ELF_MACHINE), required=True)
    ap.add_argument("--test", action="store_true")
    a = ap.parse_args()
    if not os.path.isfile(a.image):
        print(f"check_image: no image {a.image}; build it with deploy/image/build.sh", file=sys.stderr)
        return 1
    image = os.path.abspath(a.image)
    print(f"check_image: {image} ({a.arch}{', test build' if a.test else ''})")
    with tempfile.TemporaryDirectory(prefix="check-image-", dir=os.path.dirname(image)) as tmp:
        check_partitions(image)
        check_fat(image, a.arch, tmp)
        check_root(image, a.arch, a.test, tmp)
        check_data(image, tmp)
    if failures:
        print(f"check_image: {len(failures)} check(s) failed: {'; '.join(failures)}")
        return 1
    print("check_image: all passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
