#!/usr/bin/env python3
"""The kiosk as a system: the amd64 test image booted under QEMU and driven only
from outside, as a visitor, a curator and the power supply would (issue 10).

  system_test.py TEST --image IMG --out DIR --tools BUILD_DIR [--update-goldens]
                      [--seed N] [--cuts N]

TEST is one of: boot, touch, curator, power-cut, crash, lockdown.
Each test boots its own copy of the image; what it saw (screens, the guest's
journal, QEMU's console) stays in DIR. Exit 0 pass, 1 fail.
"""

import argparse
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from vm import VM, VMError, kiosk_drawing  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GOLDEN = os.path.join(REPO, "tests/golden/system")
EXHIBIT_ID = "khojaly-1992"
# Version 2's pictures are all this colour, so the screen shows which version it is.
V2_RGB = (47, 107, 79)
# Under emulation (no usable KVM) everything takes several times as long.
EMULATED = os.environ.get("KIOSK_VM_ACCEL") == "tcg"
BOOT_LIMIT_S = 600 if EMULATED else 120
# How long a change may take to reach the screen (attract turns, crossfades).
SCREEN_LIMIT_S = 300 if EMULATED else 60


def log(msg):
    print(f"system: {msg}", flush=True)


def fail(msg):
    raise VMError(msg)


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


# [Disks] a fresh copy of the image per test; partitions found by sfdisk.


def partition(image, n):
    """(offset, size) in bytes of partition n."""
    out = subprocess.run(["sfdisk", "-d", image], check=True, capture_output=True, text=True).stdout
    for line in out.splitlines():
        if line.startswith(f"{image}{n} :"):
            fields = dict(f.strip().split("=", 1) for f in line.split(":", 1)[1].split(",") if "=" in f)
            return int(fields["start"].strip()) * 512, int(fields["size"].strip()) * 512
    fail(f"{image} has no partition {n}")


def fresh_disk(image, out, key_pub=None):
    disk = os.path.join(out, "disk.img")
    run(["cp", "--sparse=always", image, disk])
    if key_pub:
        # The museum's key in the FAT partition's key slot, before the first boot.
        off, _ = partition(disk, 1)
        run(["mcopy", "-o", "-i", f"{disk}@@{off}", key_pub, "::kiosk-keys/curator.pub"])
    return disk


def fsck_data(disk, out, tag):
    """e2fsck of the data partition as the power cut left it (on a copy):
    the journal is replayed; nothing may be lost or thrown away. Returns
    e2fsck's exit status and the checked copy (the caller deletes it)."""
    off, size = partition(disk, 3)
    part = os.path.join(out, "run", "data.part")
    run(["dd", f"if={disk}", f"of={part}", "bs=1M", f"skip={off}", f"count={size}",
         "iflag=skip_bytes,count_bytes", "conv=sparse", "status=none"])
    r = subprocess.run(["e2fsck", "-fy", part], capture_output=True, text=True)
    text = r.stdout + r.stderr
    with open(os.path.join(out, f"fsck-{tag}.txt"), "w") as f:
        f.write(text)
    lossy = [w for w in ("Unattached", "lost+found", "Deleted", "Clear?", "Salvage", "deleted/unused")
             if w in text]
    if r.returncode > 1 or lossy:
        os.unlink(part)
        fail(f"fsck of the data partition after {tag}: exit {r.returncode} {lossy}\n{text}")
    return r.returncode, part


# [Exhibits] version 2 (all pictures one colour), signed; FAT sticks (mtools).


def shipped_version():
    """The version of the default exhibit the image ships (kiosk-content/exhibit.toml)."""
    with open(os.path.join(REPO, "kiosk-content", "exhibit.toml")) as f:
        for line in f:
            key, _, value = line.partition("=")
            if key.strip() == "version":
                return int(value.split("#")[0].strip())
    raise SystemExit("kiosk-content/exhibit.toml names no version")


# The image ships OLD; the curator's stick brings NEW (all pictures one colour).
OLD = shipped_version()
NEW = OLD + 1


def make_packages(tools, out):
    """The curator's key pair and a signed update (version NEW, one above the shipped one) of the default exhibit."""
    work = os.path.join(out, "curator")
    if os.path.exists(work):
        shutil.rmtree(work)
    os.makedirs(work)
    src = os.path.join(work, "content")
    shutil.copytree(os.path.join(REPO, "kiosk-content"), src)
    toml = os.path.join(src, "exhibit.toml")
    with open(toml) as f:
        lines = f.read().splitlines(keepends=True)
    with open(toml, "w") as f:
        for line in lines:
            f.write(f"version = {NEW}\n" if line.split("=")[0].strip() == "version" else line)
    colour = "#%02x%02x%02x" % V2_RGB
    for root, _, files in os.walk(os.path.join(src, "images")):
        for name in files:
            if name.lower().endswith((".png", ".jpg", ".jpeg")):
                p = os.path.join(root, name)
                run(["convert", p, "-fill", colour, "-colorize", "100", p])
    v2 = os.path.join(work, "memorial.kiosk")
    run([os.path.join(tools, "kiosk-pack"), "build", src, "-o", v2, "--quiet"])
    run(["minisign", "-G", "-W", "-p", "curator.pub", "-s", "curator.sec"], cwd=work,
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    run(["minisign", "-S", "-s", "curator.sec", "-m", "memorial.kiosk"], cwd=work,
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    return os.path.join(work, "curator.pub"), v2


def make_stick(path, files, size_mb=None):
    """A FAT stick image holding files (name -> source path), made with mtools."""
    need = sum(os.path.getsize(s) for s in files.values()) // (1 << 20)
    size_mb = size_mb or max(64, need * 2 + 32)
    if os.path.exists(path):
        os.unlink(path)
    run(["mkfs.vfat", "-C", "-n", "CURATOR", path, str(size_mb * 1024)], stdout=subprocess.DEVNULL)
    for name, source in files.items():
        run(["mcopy", "-i", path, source, "::" + name])
    return path


def stick_reports(stick):
    """The reports the kiosk left on a stick: {name: text}."""
    r = subprocess.run(["mdir", "-b", "-i", stick, "::kiosk-report"], capture_output=True, text=True)
    if r.returncode != 0:
        return {}
    reports = {}
    for line in r.stdout.split():
        name = line.rsplit("/", 1)[-1]
        if name.endswith(".txt"):
            t = subprocess.run(["mtype", "-i", stick, "::kiosk-report/" + name],
                               check=True, capture_output=True, text=True).stdout
            reports[name] = t
    return reports


def shows_v2(screen):
    r0, g0, b0 = V2_RGB
    return screen.fraction(lambda p: abs(p[0] - r0) < 14 and abs(p[1] - g0) < 14 and abs(p[2] - b0) < 14) > 0.04


def shows_band(screen):
    """The import band: a full-width accent line across the top of the screen."""
    top = int(screen.height * 0.15)
    for y in range(0, top):
        row = [screen.pixel(x, y) for x in range(0, screen.width, 8)]
        gold = sum(1 for p in row if p[0] >= 120 and p[0] - p[2] >= 35)
        if gold >= 0.9 * len(row):
            return True
    return False


# [Guest] what the agent can tell.


def current_exhibit(vm):
    _, target = vm.sh("readlink /var/lib/kiosk/current")
    return target.strip()


def kiosk_version_shown(vm):
    """The version the running kiosk last said it shows (its journal)."""
    _, out = vm.sh(f"journalctl -b -o cat | grep 'kiosk: exhibit' | grep -o \"exhibit '{EXHIBIT_ID}' version [0-9]*\" | tail -n 1",
                   check=False)
    out = out.strip()
    return int(out.rsplit(" ", 1)[1]) if out else None


def wait_guest(vm, test, timeout, what, every=0.5):
    deadline = time.monotonic() + timeout
    while True:
        try:
            if test():
                return
        except VMError:
            if not vm.alive():
                raise
        if time.monotonic() > deadline:
            fail(f"the guest did not reach: {what() if callable(what) else what} within {timeout} s")
        time.sleep(every)


def imports_finished(vm):
    """How many USB imports ended (well or not) in this boot."""
    # Before the first import, journalctl says on stderr that no unit matches.
    _, out = vm.sh("journalctl -b -o cat -u 'kiosk-import@*' 2>/dev/null | "
                   "grep -cE '(Finished|Failed to start) kiosk-import@'", check=False)
    return int(out.strip().splitlines()[-1] if out.strip() else 0)


def boot_to_attract(vm, name="attract"):
    """Powers on; returns seconds from QEMU's start to the first screen that shows the exhibit."""
    vm.start()
    vm.wait_screen(kiosk_drawing, BOOT_LIMIT_S, "the exhibit after power-on", every=0.2)
    took = time.monotonic() - vm.started_at
    vm.screendump(name)
    vm.wait_agent()
    return took


def compare_golden(tools, out, names, update):
    env = dict(os.environ)
    if update:
        env["KIOSK_UPDATE_GOLDEN"] = "1"
        os.makedirs(GOLDEN, exist_ok=True)
    r = subprocess.run([os.path.join(tools, "tests", "image-compare"), GOLDEN, out] + names, env=env)
    if r.returncode != 0:
        fail(f"the screen differs from tests/golden/system/ ({', '.join(names)}); "
             f"NAME.png, NAME.expected.png and NAME.diff.png are in {out}")


# [Tests] each as a visitor, a curator or the power supply sees it.


def test_boot(vm, args):
    took = boot_to_attract(vm)
    # READY=1 follows the first frame by a moment (Type=notify).
    wait_guest(vm, lambda: vm.sh("systemctl is-active kiosk", check=False)[1].strip() == "active",
               60, "kiosk.service active (READY=1 after the first frame)")
    # The whole boot's journal: PAMName= moves the kiosk into the session's
    # scope, so its lines are not all under -u kiosk.
    _, frame = vm.sh("journalctl -b -o cat | grep -c 'kiosk: first frame on screen'", check=False)
    if int(frame.strip() or 0) < 1:
        fail("the kiosk never said 'first frame on screen'")
    if current_exhibit(vm) != "exhibits/default.kiosk":
        fail("a fresh image does not show the default exhibit")
    # The GL driver's compiled shaders outlive a restart and a reboot: on the
    # data partition (the root is read-only), written by the kiosk's start.
    _, mount = vm.sh("findmnt -n -o FSTYPE,OPTIONS --target /var/lib/kiosk/cache", check=False)
    # Shaders only: Mesa makes its index (mesa_shader_cache/index) as it
    # starts; each compiled shader is a file one folder further down.
    _, owners = vm.sh("find /var/lib/kiosk/cache -mindepth 3 -type f -printf '%u\\n'"
                      " | sort | uniq -c", check=False)
    fstype, options = (mount.split() + ["", ""])[:2]
    if fstype != "ext4" or not options.startswith("rw"):
        fail(f"Mesa's shader cache is not on the writable data partition: {mount.strip()!r}")
    if not owners.strip() or any(line.split()[1] != "kiosk" for line in owners.splitlines()):
        fail(f"the kiosk wrote no compiled shader to /var/lib/kiosk/cache: {owners.strip()!r}")
    log(f"shader cache: {owners.strip()} compiled shader(s) on {fstype}, {options}")
    _, kernel = vm.sh("systemd-analyze | head -n 1", check=False)
    line = f"boot to attract: {took:.1f} s (QEMU start to the first screen showing the exhibit)"
    log(line)
    log(f"guest: {kernel.strip()}")
    with open(os.path.join(args.out, "boot-to-attract.txt"), "w") as f:
        f.write(f"{took:.2f}\n")
    results = os.path.join(args.tools, "bench", "system-results.md")
    os.makedirs(os.path.dirname(results), exist_ok=True)
    with open(results, "a") as f:
        f.write(f"| {time.strftime('%Y-%m-%d %H:%M')} | boot to attract (QEMU/KVM, {vm.cpus} vCPU) "
                f"| {took:.1f} s | {kernel.strip()} |\n")


def screens_said(vm):
    """What the kiosk said of its screens in this boot (its journal), in order:
    'home' when it went there, 'home: every picture shown' once a frame of it
    had all its pictures."""
    _, out = vm.sh("journalctl -b -o cat | grep '^kiosk: screen: ' || true", check=False)
    return [line.split(": ", 2)[2] for line in out.split("\n") if line.startswith("kiosk: screen: ")]


def touch_to(vm, x, y, screen, what):
    """Taps (x, y), waits until the kiosk says `screen` is whole (every picture
    shown: emulated, decoding takes a while), then until the screen has changed
    and come to rest. Returns that screen."""
    before = vm.screendump()
    said = len(screens_said(vm))
    vm.tap(x, y)
    whole = f"{screen}: every picture shown"
    wait_guest(vm, lambda: whole in screens_said(vm)[said:], SCREEN_LIMIT_S,
               lambda: f"the kiosk saying '{whole}' after the touch (it said {screens_said(vm)[said:]})")
    return vm.wait_still(SCREEN_LIMIT_S, what, unlike=before)


def test_touch(vm, args):
    boot_to_attract(vm)
    home = touch_to(vm, vm.width // 2, vm.height // 2, "home", "the home screen")
    home.save_png(os.path.join(args.out, "home.png"))
    if not kiosk_drawing(home):
        fail("the touch did not leave the kiosk on screen")
    # The first tile of the home screen's grid (its top-left quarter).
    tx, ty = args.tile
    panel = touch_to(vm, int(vm.width * tx), int(vm.height * ty), "panel", "the panel")
    panel.save_png(os.path.join(args.out, "panel.png"))
    if panel.differs_from(home) < 0.05:
        fail("the second touch did not open a panel (the screen hardly changed)")
    compare_golden(args.tools, args.out, ["home", "panel"], args.update_goldens)


def test_curator(vm, args):
    key, v2 = make_packages(args.tools, args.out)
    vm.image = fresh_disk(args.image, args.out, key_pub=key)
    boot_to_attract(vm)
    _, keys = vm.sh("ls /etc/kiosk/trusted-keys/")
    if "curator.pub" not in keys:
        fail(f"the key on the FAT partition was not trusted at first boot: {keys}")
    stick = make_stick(os.path.join(args.out, "stick-v2.img"),
                       {"memorial.kiosk": v2, "memorial.kiosk.minisig": v2 + ".minisig"})
    vm.plug_stick(stick, "stick1")
    vm.wait_screen(shows_band, 60, "the import band", every=0.1)
    vm.screendump("import-band")
    log("the import band is on screen")
    wait_guest(vm, lambda: imports_finished(vm) >= 1, 120, "the import's end")
    vm.unplug_stick("stick1")
    # The kiosk says in its journal which version it shows; the screen then
    # needs one attract turn to reach a picture. Emulated frames take seconds.
    wait_guest(vm, lambda: kiosk_version_shown(vm) == NEW, SCREEN_LIMIT_S,
               lambda: f"the kiosk saying it shows version {NEW} (it last said {kiosk_version_shown(vm)})")
    vm.wait_screen(shows_v2, SCREEN_LIMIT_S, f"version {NEW} on screen")
    vm.screendump("v2-shown")
    if not current_exhibit(vm).endswith(f"{EXHIBIT_ID}-v{NEW}.kiosk"):
        fail(f"current is {current_exhibit(vm)}, not version {NEW}")
    reports = stick_reports(stick)
    if not reports:
        fail("no report in kiosk-report/ on the stick")
    text = "\n".join(reports.values())
    with open(os.path.join(args.out, "report-v2.txt"), "w") as f:
        f.write(text)
    if "Installed" not in text or f"version {NEW}" not in text:
        fail(f"the stick's report does not say version {NEW} was installed:\n{text}")
    log(f"version {NEW} is on screen; the stick's report says: " + text.strip().splitlines()[0])

    # A stick whose signature does not match its package: nothing changes.
    bad = os.path.join(args.out, "curator", "bad.kiosk")
    shutil.copy(v2, bad)
    with open(bad, "r+b") as f:
        f.seek(os.path.getsize(bad) // 2)
        byte = f.read(1)
        f.seek(-1, 1)
        f.write(bytes([byte[0] ^ 0xFF]))
    stick_bad = make_stick(os.path.join(args.out, "stick-bad.img"),
                           {"memorial.kiosk": bad, "memorial.kiosk.minisig": v2 + ".minisig"})
    vm.plug_stick(stick_bad, "stick2")
    wait_guest(vm, lambda: imports_finished(vm) >= 2, 120, "the second import's end")
    vm.unplug_stick("stick2")
    if not current_exhibit(vm).endswith(f"{EXHIBIT_ID}-v{NEW}.kiosk"):
        fail("the stick with a bad signature changed the exhibit")
    # Attract mode also shows text cards, so wait for a picture of the update
    # rather than judging the one screen that happens to be up.
    if kiosk_version_shown(vm) != NEW:
        fail(f"after the bad stick the kiosk says it shows version {kiosk_version_shown(vm)}")
    vm.wait_screen(shows_v2, SCREEN_LIMIT_S, f"version {NEW} still on screen after the bad stick")
    vm.screendump("after-bad-stick")
    reports = stick_reports(stick_bad)
    text = "\n".join(reports.values())
    with open(os.path.join(args.out, "report-bad.txt"), "w") as f:
        f.write(text)
    if "signature" not in text or "Not installed" not in text:
        fail(f"the bad stick's report does not say the signature is why:\n{text}")
    log("the stick with a bad signature changed nothing; its report says why")


def flatten(disk, out):
    """The overlay as one raw disk (what a card would hold after the cut)."""
    raw = os.path.join(out, "run", "cut.img")
    run(["qemu-img", "convert", "-O", "raw", disk, raw])
    return raw


def exhibit_on_disk(part, tools, out, tag):
    """What the cut left on the data partition (after fsck replayed its
    journal), read on the host: the version `current` names, after kiosk
    --check of that very file."""
    pkg = os.path.join(out, "run", "current.kiosk")
    try:
        stat = subprocess.run(["debugfs", "-R", "stat /kiosk/current", part],
                              capture_output=True, text=True).stdout
        target = stat.split('Fast link dest: "', 1)[1].split('"', 1)[0] if "Fast link dest" in stat else ""
        if not target.startswith("exhibits/"):
            fail(f"after {tag} the data partition's kiosk/current is not a link to an exhibit:\n{stat}")
        run(["debugfs", "-R", f"dump /kiosk/{target} {pkg}", part], capture_output=True)
        r = subprocess.run([os.path.join(tools, "kiosk"), "--check", "--exhibit", pkg],
                           capture_output=True, text=True)
        if r.returncode != 0:
            fail(f"after {tag} current ({target}) does not pass kiosk --check:\n{r.stdout}{r.stderr}")
        if target == "exhibits/default.kiosk":
            return OLD
        if target == f"exhibits/{EXHIBIT_ID}-v{NEW}.kiosk":
            return NEW
        fail(f"after {tag} current is {target}: neither version {OLD} nor {NEW}")
    finally:
        if os.path.exists(pkg):
            os.unlink(pkg)


def test_power_cut(vm, args):
    """Each cut resumes one saved state (the attract screen, version OLD, no
    stick), plugs the stick, and pulls the power at a random moment of the
    import. What the cut left is checked on the host every time (fsck without
    lost files; `current` a complete exhibit of version OLD or NEW), and the
    machine is booted cold from it (to the attract screen, showing the version
    `current` names) after every cut, or, emulated, after `boots` of them:
    an emulated boot takes minutes."""
    key, v2 = make_packages(args.tools, args.out)
    vm.image = fresh_disk(args.image, args.out, key_pub=key)
    vm.disk = os.path.join(args.out, "disk.qcow2")
    run(["qemu-img", "create", "-q", "-f", "qcow2", "-F", "raw", "-b", vm.image, vm.disk])
    stick = make_stick(os.path.join(args.out, "stick-v2.img"),
                       {"memorial.kiosk": v2, "memorial.kiosk.minisig": v2 + ".minisig"})
    cuts = args.cuts if args.cuts is not None else 20
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(1 << 31)
    log(f"seed {seed} (again: tests/system/run.sh power-cut --seed {seed})")
    rng = random.Random(seed)
    if EMULATED:
        boot_after = {1, cuts // 2, cuts}
        log(f"WARNING: EMULATED (no usable KVM): a cold boot after cuts {sorted(boot_after)} only "
            "(minutes each); every cut's disk is checked on the host")
    else:
        boot_after = set(range(1, cuts + 1))
    boot_to_attract(vm, "boot-1")
    wait_guest(vm, lambda: "curator.pub" in vm.sh("ls /etc/kiosk/trusted-keys/")[1], 60,
               "the curator's key trusted")
    vm.sh("sync")
    vm.hmp("savevm attract")
    log("saved the attract screen's state; each cut starts from it")
    # One import to its end, to learn how long one takes here.
    t0 = time.monotonic()
    vm.plug_stick(stick, "stick")
    wait_guest(vm, lambda: imports_finished(vm) >= 1 and current_exhibit(vm).endswith(f"-v{NEW}.kiosk"), 300,
               "the first import's end", every=0.1)
    span = time.monotonic() - t0
    log(f"an uncut import takes {span:.1f} s from plugging in; cutting within that")
    vm.power_cut()
    versions = {OLD: 0, NEW: 0}
    for cut in range(1, cuts + 1):
        vm.start(loadvm="attract")
        delay = rng.uniform(0.2, span + 0.5)
        vm.plug_stick(stick, "stick")
        time.sleep(delay)
        vm.power_cut()
        raw = flatten(vm.disk, args.out)
        try:
            rc, part = fsck_data(raw, args.out, f"cut{cut}")
        finally:
            os.unlink(raw)
        try:
            on_disk = exhibit_on_disk(part, args.tools, args.out, f"cut {cut}")
        finally:
            os.unlink(part)
        versions[on_disk] += 1
        how = f"cut {cut:2d} at {delay:5.2f} s: fsck {'clean' if rc == 0 else 'replayed the journal'}, version {on_disk} on disk"
        if cut in boot_after:
            vm.start()
            try:
                vm.wait_screen(kiosk_drawing, BOOT_LIMIT_S, f"the exhibit after cut {cut}", every=0.3)
                vm.wait_agent()
                wait_guest(vm, lambda: kiosk_version_shown(vm) is not None, SCREEN_LIMIT_S,
                           "the kiosk naming its exhibit")
                shown = kiosk_version_shown(vm)
            except VMError:
                vm.screendump(f"cut{cut}-failed")
                vm.save_journal(f"cut{cut}")
                raise
            vm.screendump(f"cut{cut}-booted")
            vm.power_cut()
            if shown != on_disk:
                fail(f"after cut {cut} the kiosk shows version {shown}, but current names version {on_disk}")
            how += f"; booted cold to the attract screen showing version {shown}"
        log(how)
    log(f"{cuts} cuts: version {OLD} after {versions[OLD]}, version {NEW} after {versions[NEW]}; never neither")


def kiosk_pid(vm):
    _, out = vm.sh("pidof -s kiosk || true")
    return out.strip()


def boot_id(vm):
    return vm.sh("cat /proc/sys/kernel/random/boot_id")[1].strip()


def wait_kiosk_back(vm, old_pid, timeout, what):
    """Until a new kiosk process has put its first frame on screen (Type=notify: active)."""
    t0 = time.monotonic()

    def back():
        pid = kiosk_pid(vm)
        return pid and pid != old_pid and vm.sh("systemctl is-active kiosk", check=False)[1].strip() == "active"

    wait_guest(vm, back, timeout, what, every=0.25)
    vm.wait_screen(kiosk_drawing, 30, what)
    return time.monotonic() - t0


def start_limit(vm):
    """kiosk.service's StartLimitIntervalSec (s) and StartLimitBurst, as the guest's systemd has them."""
    _, out = vm.sh("systemctl show kiosk -p StartLimitIntervalUSec -p StartLimitBurst -p StartLimitAction")
    props = dict(line.split("=", 1) for line in out.split())
    if props.get("StartLimitAction") != "reboot":
        fail(f"kiosk.service's StartLimitAction is {props.get('StartLimitAction')!r}, not reboot")
    interval = props["StartLimitIntervalUSec"]
    m = re.fullmatch(r"(?:(\d+)min ?)?(?:(\d+)s)?", interval)
    if not m or not interval:
        fail(f"kiosk.service's StartLimitIntervalUSec {interval!r} is not in minutes and seconds")
    return int(m.group(1) or 0) * 60 + int(m.group(2) or 0), int(props["StartLimitBurst"])


def journal_times(text, pattern):
    """Monotonic times (s) of the short-monotonic journal lines that match pattern."""
    return [float(m.group(1)) for m in re.finditer(r"^\[\s*([\d.]+)\] .*" + pattern, text, re.M)]


def crash_loop_reboot(vm, first_boot, interval, burst, failures, old_pid):
    """Kills every new main process of kiosk.service in this boot with SIGSEGV
    until the machine reboots: the kiosk, or kiosk-session before it execs
    the kiosk (emulated, X alone takes up to a minute to start on a loaded
    machine, slower than the start limit counts; a crash of the main process
    is a failed start either way). systemd counts starts in fixed windows, not a sliding one: a
    window opens at the first start after the last one ended and refuses its
    (burst+1)th start within `interval`. The window that was open when the
    crashes began may be nearly over, so the limit is two full windows (with
    room for a slow emulated restart). Returns (failures, seconds from the
    first crash of this loop to the reboot)."""
    t0 = time.monotonic()
    limit = 2 * interval + 240
    same_boot = f'[ "$(cat /proc/sys/kernel/random/boot_id)" = {first_boot} ]'
    while True:
        if time.monotonic() - t0 > limit:
            fail(f"{failures} failures in {time.monotonic() - t0:.0f} s (two start-limit windows of "
                 f"{interval} s) did not reboot the machine")
        try:
            _, out = vm.sh(f"{same_boot} || echo new-boot; systemctl is-system-running; "
                           "p=$(systemctl show -p MainPID --value kiosk); echo main=$p $(cat /proc/$p/comm)",
                           timeout=30, check=False)
        except VMError:
            if not vm.alive():
                raise
            # No answer: the machine is going down, or only slow. Once the
            # agent answers again the boot id says which.
            vm.agent_buf = b""
            vm.wait_agent(BOOT_LIMIT_S)
            if boot_id(vm) != first_boot:
                return failures, time.monotonic() - t0
            continue
        words = out.split()
        if "new-boot" in words or "stopping" in words:
            return failures, time.monotonic() - t0
        main = out.split("main=", 1)[1].split() if "main=" in out else []
        pid, comm = (main + ["", ""])[:2]
        if pid.isdigit() and pid not in ("0", old_pid):
            # Only a process of the first boot, checked in the same command.
            status, _ = vm.sh(f"{same_boot} && kill -SEGV {pid}", check=False)
            if status == 0:
                failures += 1
                log(f"failure {failures}: {comm or 'main process'} {pid} killed with SIGSEGV")
            old_pid = pid
        time.sleep(0.2)  # the poll's pace; every step above has its own limit


def check_start_limit_reboot(vm, args, interval, burst):
    """From the journal of the boot before: the reboot came from the start limit,
    and the starts that made it are the ones systemd's fixed window counts."""
    _, text = vm.sh("journalctl -b -1 --no-pager -o short-monotonic", timeout=120)
    with open(os.path.join(args.out, "journal-before-reboot.txt"), "w") as f:
        f.write(text)
    refused = journal_times(text, r"kiosk\.service: Start request repeated too quickly")
    if not refused:
        fail("the boot before has no 'kiosk.service: Start request repeated too quickly': "
             "the reboot did not come from the start limit (journal-before-reboot.txt)")
    rebooting = [line for line in text.splitlines()
                 if "systemd[1]: " in line and re.search(r"Rebooting|reboot\.target", line)]
    if not rebooting:
        fail("the start limit was hit, but systemd did not say it reboots (journal-before-reboot.txt)")
    starts = journal_times(text, r"systemd\[1\]: Starting kiosk\.service")
    crashes = journal_times(text, r"kiosk\.service: Main process exited, code=(?:killed|dumped)")
    # systemd's ratelimit_below(): a start more than `interval` after the
    # window's first start opens a new window; the (burst+1)th within one is refused.
    begin, counted = None, []
    for t in starts + [refused[0]]:
        if begin is None or t - begin > interval:
            begin, counted = t, []
        if len(counted) >= burst:
            break
        counted.append(t)
    else:
        fail(f"systemd's window rule does not refuse a start at {refused[0]:.1f} s; starts: {starts}")
    at = refused[0]
    log(f"the start limit: {len(starts)} starts this boot; the window opened at {begin:.1f} s and counted "
        f"{burst} starts ({', '.join(f'{t:.1f}' for t in counted)} s); the next, at {at:.1f} s "
        f"({at - begin:.1f} s after the window opened), was refused: {rebooting[0].split('] ', 1)[1]}")
    recent = [t for t in crashes if at - interval <= t <= at]
    log(f"{len(recent)} failures in the {interval} s before the reboot ({len(crashes)} in that boot)")
    if len(recent) > 10:
        fail(f"{len(recent)} failures within {interval} s before the machine rebooted (at most ten)")


def test_crash(vm, args):
    boot_to_attract(vm)
    first_boot = boot_id(vm)
    interval, burst = start_limit(vm)
    pid = kiosk_pid(vm)
    vm.sh(f"kill -STOP {pid}")
    # Emulated on a loaded machine, X and the kiosk take up to 90 s to start.
    took = wait_kiosk_back(vm, pid, 400 if EMULATED else 120, "the kiosk back after a hang")
    log(f"hang (SIGSTOP): attract screen back after {took:.1f} s (watchdog 30 s, then SIGABRT)")
    pid = kiosk_pid(vm)
    vm.sh(f"kill -SEGV {pid}")
    took = wait_kiosk_back(vm, pid, 300 if EMULATED else 60, "the kiosk back after a crash")
    log(f"crash (SIGSEGV): attract screen back after {took:.1f} s")
    vm.screendump("after-crash")
    # Crash until the board gives up on it and reboots (StartLimitBurst starts
    # in StartLimitIntervalSec, then StartLimitAction=reboot).
    failures, took_all = crash_loop_reboot(vm, first_boot, interval, burst, 2, pid)
    log(f"the machine reboots after {failures} failures (a hang and {failures - 1} crashes), "
        f"the last {failures - 2} within {took_all:.0f} s")
    vm.agent_buf = b""
    vm.wait_agent(BOOT_LIMIT_S)
    wait_guest(vm, lambda: boot_id(vm) != first_boot, BOOT_LIMIT_S, "a new boot")
    vm.wait_screen(kiosk_drawing, BOOT_LIMIT_S, "the exhibit after the reboot")
    vm.screendump("after-reboot")
    log("the machine rebooted and came back to the attract screen")
    check_start_limit_reboot(vm, args, interval, burst)


def test_lockdown(vm, args):
    boot_to_attract(vm)
    _, listening = vm.sh("ss -lntupH")
    if listening.strip():
        fail(f"something listens in the guest:\n{listening}")
    before = touch_to(vm, vm.width // 2, vm.height // 2, "home", "the home screen")
    said = len(screens_said(vm))
    before.save_png(os.path.join(args.out, "before-keys.png"))
    pids = vm.sh("pidof -s kiosk; pidof -s Xorg; cat /sys/class/tty/tty0/active")[1]
    for chord, name in ((("ctrl", "alt", "f2"), "Ctrl+Alt+F2"), (("ctrl", "alt", "backspace"), "Ctrl+Alt+Backspace"),
                        (("alt", "f4"), "Alt+F4"), (("ctrl", "alt", "f1"), "Ctrl+Alt+F1")):
        vm.keys(*chord)
        after = vm.wait_still(SCREEN_LIMIT_S, f"the screen after {name}")
        after.save_png(os.path.join(args.out, f"after-{name.replace('+', '-')}.png"))
        if after.differs_from(before) > 0.003:
            fail(f"{name} changed the screen")
        now = vm.sh("pidof -s kiosk; pidof -s Xorg; cat /sys/class/tty/tty0/active")[1]
        if now != pids:
            fail(f"{name} changed the kiosk, X or the console: {pids!r} -> {now!r}")
        if screens_said(vm)[said:]:
            fail(f"{name} moved the kiosk to another screen: {screens_said(vm)[said:]}")
        log(f"{name}: nothing changed")
    _, gettys = vm.sh("systemctl list-units --no-legend --state=active 'getty@*' 'autovt@*' 'serial-getty@*'")
    if gettys.strip():
        fail(f"a login prompt is running:\n{gettys}")
    # Every error line of this boot that names the kiosk (its units, its
    # programs kiosk-session, kiosk-usb-import, kiosk-firstboot, or systemd about them).
    _, errors = vm.sh("journalctl -b -p err --no-pager -o short-monotonic | grep -i kiosk || true")
    errors = "\n".join(l for l in errors.splitlines() if l.strip() and not l.startswith("-- "))
    if errors:
        fail(f"errors from the kiosk's units in journalctl -p err -b:\n{errors}")
    log("no listening socket, no login prompt, no error from the kiosk's units")


TESTS = {
    "boot": test_boot,
    "touch": test_touch,
    "curator": test_curator,
    "power-cut": test_power_cut,
    "crash": test_crash,
    "lockdown": test_lockdown,
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("test", choices=sorted(TESTS))
    ap.add_argument("--image", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--tools", required=True, help="the build folder (kiosk-pack, tests/image-compare)")
    ap.add_argument("--update-goldens", action="store_true")
    ap.add_argument("--seed", type=int)
    ap.add_argument("--cuts", type=int)
    ap.add_argument("--tile", type=float, nargs=2, default=(0.14, 0.38))
    args = ap.parse_args()
    if os.path.exists(args.out):
        shutil.rmtree(args.out)
    os.makedirs(os.path.join(args.out, "run"))
    t0 = time.monotonic()
    # ctest's timeout or a Ctrl+C: unwind, so that `finally` kills QEMU (it
    # runs in its own process group, to be cut off alone).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    vm = VM(None, args.out)
    vm.image = fresh_disk(args.image, args.out)
    try:
        TESTS[args.test](vm, args)
    except VMError as e:
        log(f"FAILED {args.test}: {e}")
        if vm.alive():
            vm.screendump("failed")
            vm.save_journal()
        log(f"what it saw: {args.out}")
        return 1
    finally:
        vm.stop()
        # The disks are big; what the test saw stays.
        for name in ("disk.img", "disk.qcow2", "run/cut.img"):
            if os.path.exists(os.path.join(args.out, name)):
                os.unlink(os.path.join(args.out, name))
    log(f"passed {args.test} in {time.monotonic() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
