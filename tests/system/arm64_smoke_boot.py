#!/usr/bin/env python3
"""A smoke boot of the Raspberry Pi 4 image (issue 10): its own kernel and
initrd, taken from its FAT partition, booted directly under
qemu-system-aarch64 -M virt -cpu cortex-a72 (emulated, TCG: slow), the image
as a virtio disk (writes go to a qcow2 overlay, the image stays as built), a
virtio-gpu screen. Polls QMP screendumps until the kiosk draws its attract
screen, or the limit passes; either way says how far the boot got (from the
serial console) and keeps what it saw in OUT.

  arm64_smoke_boot.py IMAGE --out DIR [--limit SECONDS]

Exit 0 the attract screen was shown, 1 not within the limit.
"""

import argparse
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from system_test import partition  # noqa: E402
from vm import VM, VMError, kiosk_drawing  # noqa: E402

# Milestones of a boot, as the serial console shows them (kernel, initramfs,
# systemd without "quiet"), in the order they come.
MILESTONES = [
    ("the kernel started", r"Booting Linux on physical CPU"),
    ("the initramfs ran", r"Run /init as init process|Loading, please wait"),
    ("the root was found and checked", r"kiosk-root: clean|/dev/vda2: clean|EXT4-fs \(vda2\): mounted"),
    ("systemd started", r"systemd\[1\]: systemd \d+|Welcome to"),
    ("the data partition mounted", r"Mounted data\.mount"),
    ("the kiosk's state bound from it", r"Mounted var-lib-kiosk\.mount"),
    ("kiosk-firstboot ran", r"Finished kiosk-firstboot\.s"),
    ("the multi-user target", r"Reached target multi-user\.target|Reached target.*Multi-User"),
    ("kiosk.service starting", r"Starting kiosk\.service"),
    ("kiosk.service started (its first frame: READY=1)", r"Started kiosk\.service"),
]


class Arm64VM(VM):
    """vm.VM (QMP, screendumps) with an aarch64 machine instead of run-vm.sh's."""

    def __init__(self, image, out_dir, kernel, initrd, cmdline, cpus=2, memory=2048):
        super().__init__(image, out_dir, name="arm64", size="1280x720", cpus=cpus, memory=memory)
        self.kernel, self.initrd, self.cmdline = kernel, initrd, cmdline
        self.console = os.path.join(out_dir, "console.log")

    def start(self, loadvm=None):
        run = os.path.join(self.out, "run")
        os.makedirs(run, exist_ok=True)
        self.qmp_path = os.path.join(run, "qmp.sock")
        if os.path.exists(self.qmp_path):
            os.unlink(self.qmp_path)
        overlay = os.path.join(run, "disk.qcow2")
        subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2", "-F", "raw", "-b", self.image, overlay],
                       check=True)
        cmd = [
            "qemu-system-aarch64", "-name", "memorial-kiosk-arm64",
            "-machine", "virt", "-cpu", "cortex-a72", "-accel", "tcg,thread=multi",
            "-smp", str(self.cpus), "-m", str(self.memory),
            "-kernel", self.kernel, "-initrd", self.initrd, "-append", self.cmdline,
            "-drive", f"if=none,id=disk,format=qcow2,file={overlay}",
            "-device", "virtio-blk-pci,drive=disk",
            "-device", f"virtio-gpu-pci,xres={self.width},yres={self.height}",
            "-device", "qemu-xhci,id=xhci", "-device", "usb-tablet,bus=xhci.0",
            "-nic", "none", "-display", "none", "-no-reboot",
            "-serial", f"file:{self.console}",
            "-qmp", f"unix:{self.qmp_path},server=on,wait=off",
        ]
        self.log = open(os.path.join(self.out, "qemu.log"), "wb")
        self.started_at = time.monotonic()
        # Its own process group: stopping it stops QEMU and nothing else.
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        self._connect_qmp()


def progress(console):
    """The milestones the console shows so far."""
    try:
        with open(console, errors="replace") as f:
            # systemd colours its status lines; the names are between the colours.
            text = re.sub(r"\x1b\[[0-9;]*m", "", f.read())
    except OSError:
        return []
    return [name for name, pattern in MILESTONES if re.search(pattern, text)]


def boot_files(image, run):
    """The kernel, the initrd and the command line from the image's FAT partition."""
    off, _ = partition(image, 1)
    fat = f"{image}@@{off}"
    names = subprocess.run(["mdir", "-b", "-i", fat, "::"], capture_output=True, text=True,
                           check=True).stdout.split()
    names = [n.split("/")[-1] for n in names]
    kernel = next(n for n in names if n.startswith("vmlinuz-"))
    initrd = next(n for n in names if n.startswith("initrd.img-"))
    for n in (kernel, initrd):
        subprocess.run(["mcopy", "-n", "-o", "-i", fat, f"::{n}", os.path.join(run, n)], check=True)
    cmdline = subprocess.run(["mtype", "-i", fat, "::cmdline.txt"], capture_output=True, text=True,
                             check=True).stdout.split()
    # The board's own line, but its messages on the virt machine's serial port
    # (the last console= gets them) instead of quiet.
    cmdline = [w for w in cmdline if w not in ("quiet",) and not w.startswith("loglevel=")
               and not w.startswith("panic=")]
    # systemd-getty-generator would put a login prompt on that console: the
    # board has none, so neither has its smoke boot.
    cmdline += ["console=ttyAMA0,115200", "panic=-1", "systemd.mask=serial-getty@ttyAMA0.service"]
    return os.path.join(run, kernel), os.path.join(run, initrd), " ".join(cmdline)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("image")
    ap.add_argument("--out", required=True)
    ap.add_argument("--limit", type=float, default=2400, help="seconds to the attract screen (default 2400)")
    a = ap.parse_args()
    image = os.path.abspath(a.image)
    os.makedirs(os.path.join(a.out, "run"), exist_ok=True)
    kernel, initrd, cmdline = boot_files(image, os.path.join(a.out, "run"))
    print(f"arm64-smoke: {os.path.basename(kernel)}, {os.path.basename(initrd)}; {cmdline}", flush=True)
    vm = Arm64VM(image, a.out, kernel, initrd, cmdline)
    seen, shown, ok = [], 0, False
    try:
        vm.start()
        deadline = time.monotonic() + a.limit
        while time.monotonic() < deadline and vm.alive():
            now = progress(vm.console)
            for m in now:
                if m not in seen:
                    print(f"arm64-smoke: {time.monotonic() - vm.started_at:6.0f} s  {m}", flush=True)
            seen = now
            screen = vm.screendump()
            if kiosk_drawing(screen):
                took = time.monotonic() - vm.started_at
                screen.save_png(os.path.join(a.out, "attract.png"))
                print(f"arm64-smoke: the attract screen after {took:.0f} s (QEMU start to the first "
                      "screendump showing the exhibit)", flush=True)
                ok = True
                break
            shown += 1
            if shown % 10 == 0:
                screen.save_png(os.path.join(a.out, f"screen-{int(time.monotonic() - vm.started_at):05d}s.png"))
            time.sleep(5)
        if not ok:
            try:
                vm.screendump("last-screen")
            except VMError:
                pass
            print(f"arm64-smoke: NO attract screen within {a.limit:.0f} s; the boot got as far as: "
                  f"{seen[-1] if seen else 'nothing on the console'} (console: {vm.console})", flush=True)
    except VMError as e:
        print(f"arm64-smoke: {e}; the boot got as far as: {seen[-1] if seen else 'nothing'}", flush=True)
    finally:
        vm.stop()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
