"""The kiosk's virtual machine, driven only from outside (tests/system/).

QMP for the screen (screendump), the touchscreen (input-send-event on the
usb-tablet), the keyboard, USB sticks (device_add usb-storage) and the power
(kill QEMU); the test image's serial agent (a root shell on ttyS0, present only
in `build.sh --test` images) for what a screen cannot show.
Python's standard library only.
"""

import base64
import json
import os
import signal
import socket
import struct
import subprocess
import time
import zlib

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class VMError(Exception):
    pass


# [Images] PPM screendumps, read and written without third-party modules.


class Screen:
    """One screendump: width, height and RGB bytes."""

    def __init__(self, width, height, rgb):
        self.width, self.height, self.rgb = width, height, rgb

    @staticmethod
    def load_ppm(path):
        with open(path, "rb") as f:
            data = f.read()
        # P6\n<w> <h>\n255\n<rgb>
        parts = data.split(b"\n", 3)
        if parts[0] != b"P6":
            raise VMError(f"{path} is not a binary PPM")
        w, h = (int(v) for v in parts[1].split())
        return Screen(w, h, parts[3][: w * h * 3])

    def pixel(self, x, y):
        i = (y * self.width + x) * 3
        return self.rgb[i], self.rgb[i + 1], self.rgb[i + 2]

    def samples(self, step=4):
        """Every step-th pixel of every step-th row."""
        for y in range(0, self.height, step):
            row = y * self.width * 3
            for x in range(0, self.width, step):
                i = row + x * 3
                yield self.rgb[i], self.rgb[i + 1], self.rgb[i + 2]

    def fraction(self, test, step=4):
        n = hit = 0
        for p in self.samples(step):
            n += 1
            if test(p):
                hit += 1
        return hit / max(n, 1)

    def differs_from(self, other, channel=24):
        """Fraction of pixels that differ by more than `channel` in any channel."""
        if (self.width, self.height) != (other.width, other.height):
            return 1.0
        a, b = self.rgb, other.rgb
        n = diff = 0
        for y in range(0, self.height, 2):
            row = y * self.width * 3
            for x in range(0, self.width, 2):
                i = row + x * 3
                n += 1
                if (
                    abs(a[i] - b[i]) > channel
                    or abs(a[i + 1] - b[i + 1]) > channel
                    or abs(a[i + 2] - b[i + 2]) > channel
                ):
                    diff += 1
        return diff / max(n, 1)

    def save_png(self, path):
        raw = b"".join(
            b"\x00" + self.rgb[y * self.width * 3 : (y + 1) * self.width * 3]
            for y in range(self.height)
        )

        def chunk(kind, body):
            c = struct.pack(">I", len(body)) + kind + body
            return c + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

        with open(path, "wb") as f:
            f.write(b"\x89PNG\r\n\x1a\n")
            f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", self.width, self.height, 8, 2, 0, 0, 0)))
            f.write(chunk(b"IDAT", zlib.compress(raw, 6)))
            f.write(chunk(b"IEND", b""))


def is_console(p):
    return p == (0, 0, 0)


def kiosk_drawing(screen):
    """The kiosk draws its calm dark ground (never pure black, never a console):
    at least half the screen a dark grey, and some light text on it."""
    ground = screen.fraction(lambda p: 12 <= max(p) <= 70 and max(p) - min(p) <= 24)
    text = screen.fraction(lambda p: min(p) >= 170)
    return ground >= 0.5 and text >= 0.002


# [Machine] QEMU through run-vm.sh, QMP, the serial agent.


class VM:
    def __init__(self, image, out_dir, name="vm", size="1280x720", cpus=2, memory=1024):
        self.image, self.out, self.name = image, out_dir, name
        self.size, self.cpus, self.memory = size, cpus, memory
        self.proc = None
        self.qmp_sock = None
        self.agent_sock = None
        self.agent_buf = b""
        self.shots = 0
        self.started_at = 0.0
        self.boots = 0
        self.disk = None  # a qcow2 overlay of the image to write to (saved states)
        os.makedirs(out_dir, exist_ok=True)
        self.width, self.height = (int(v) for v in size.split("x"))

    # -- power --

    def start(self, loadvm=None):
        """Powers on; with `loadvm`, resumes that saved state of self.disk instead of booting."""
        self.boots += 1
        run = os.path.join(self.out, "run")
        os.makedirs(run, exist_ok=True)
        self.qmp_path = os.path.join(run, "qmp.sock")
        self.agent_path = os.path.join(run, "agent.sock")
        for p in (self.qmp_path, self.agent_path):
            if os.path.exists(p):
                os.unlink(p)
        console = os.path.join(self.out, f"console-boot{self.boots}.log")
        cmd = [
            os.path.join(REPO, "deploy/image/run-vm.sh"), self.image, "--headless",
            "--size", self.size, "--cpus", str(self.cpus), "--memory", str(self.memory),
        ] + (["--disk", self.disk] if self.disk else []) + [
            "--",
            "-qmp", f"unix:{self.qmp_path},server=on,wait=off",
            "-chardev", f"socket,id=agent,path={self.agent_path},server=on,wait=off",
            "-serial", "chardev:agent",
            "-serial", f"file:{console}",
        ] + (["-loadvm", loadvm] if loadvm else [])
        self.log = open(os.path.join(self.out, f"qemu-boot{self.boots}.log"), "wb")
        self.started_at = time.monotonic()
        # Its own process group: a power cut kills QEMU and nothing else.
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        self._connect_qmp()
        self._connect_agent()

    def power_cut(self):
        """SIGKILL to QEMU: the guest gets no warning, like a pulled plug."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        self._close()

    def stop(self):
        self.power_cut()

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def _close(self):
        for s in (self.qmp_sock, self.agent_sock):
            if s:
                s.close()
        self.qmp_sock = self.agent_sock = None
        self.agent_buf = b""

    # -- QMP --

    def _connect_qmp(self):
        deadline = time.monotonic() + 30
        while True:
            if self.proc.poll() is not None:
                raise VMError(f"QEMU exited with {self.proc.returncode}; see {self.log.name}")
            try:
                s = socket.socket(socket.AF_UNIX)
                s.connect(self.qmp_path)
                break
            except OSError:
                s.close()
                if time.monotonic() > deadline:
                    raise VMError("QEMU's QMP socket did not open within 30 s")
                time.sleep(0.05)
        self.qmp_sock = s
        self.qmp_file = s.makefile("rb")
        self._qmp_read()  # greeting
        self.qmp("qmp_capabilities")

    def _qmp_read(self):
        while True:
            line = self.qmp_file.readline()
            if not line:
                raise VMError("QMP closed (QEMU exited?)")
            msg = json.loads(line)
            if "event" in msg:
                continue
            return msg

    def qmp(self, command, **args):
        msg = {"execute": command}
        if args:
            msg["arguments"] = args
        self.qmp_sock.sendall(json.dumps(msg).encode() + b"\n")
        reply = self._qmp_read()
        if "error" in reply:
            raise VMError(f"QMP {command}: {reply['error'].get('desc')}")
        return reply.get("return")

    # -- the screen --

    def hmp(self, command):
        """A human monitor command (savevm has no QMP command in QEMU 7.2)."""
        out = self.qmp("human-monitor-command", **{"command-line": command})
        if isinstance(out, str) and out.strip():
            raise VMError(f"QEMU's monitor, on '{command}': {out.strip()}")

    def screendump(self, name=None):
        """The screen now; kept under out/ when named."""
        self.shots += 1
        path = os.path.join(self.out, "run", "screen.ppm")
        self.qmp("screendump", filename=path)
        screen = Screen.load_ppm(path)
        if name:
            screen.save_png(os.path.join(self.out, name + ".png"))
        return screen

    def wait_screen(self, test, timeout, what, every=0.25):
        """Polls screendumps until test(screen) holds; keeps the last one on failure."""
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screendump()
            if test(screen):
                return screen
            if time.monotonic() > deadline or not self.alive():
                screen.save_png(os.path.join(self.out, "timeout-" + what.replace(" ", "-") + ".png"))
                raise VMError(f"the screen did not show {what} within {timeout:.0f} s")
            time.sleep(every)

    def wait_still(self, timeout=30, what="a still screen", unlike=None, quiet=None):
        """Waits until the screen has not changed for `quiet` seconds (no
        animation), and, with `unlike`, differs from that earlier screen.
        Emulated, one frame of the kiosk takes seconds, so two equal dumps a
        moment apart mean nothing there: the quiet span is longer."""
        if quiet is None:
            quiet = 6.0 if os.environ.get("KIOSK_VM_ACCEL") == "tcg" else 1.5
        deadline = time.monotonic() + timeout
        last = self.screendump()
        since = time.monotonic()
        while True:
            time.sleep(0.5)
            now = self.screendump()
            if now.differs_from(last, channel=4) >= 0.0005 or (unlike is not None and now.differs_from(unlike) < 0.01):
                since = time.monotonic()
            elif time.monotonic() - since >= quiet:
                return now
            if time.monotonic() > deadline:
                now.save_png(os.path.join(self.out, "timeout-" + what.replace(" ", "-") + ".png"))
                raise VMError(f"the screen did not come to rest on {what} within {timeout} s")
            last = now

    # -- touch and keys --

    def tap(self, x, y):
        """A finger at screen pixel (x, y): the usb-tablet's absolute axes are 0..32767.
        The tablet is bound to the screen (run-vm.sh: display=video0), so
        moves and presses go to it, never to the PS/2 mouse."""
        ax = int(x * 32767 / (self.width - 1))
        ay = int(y * 32767 / (self.height - 1))
        move = [
            {"type": "abs", "data": {"axis": "x", "value": ax}},
            {"type": "abs", "data": {"axis": "y", "value": ay}},
        ]
        self.qmp("input-send-event", device="video0", events=move)
        self.qmp("input-send-event", device="video0",
                 events=[{"type": "btn", "data": {"down": True, "button": "left"}}])
        # A finger rests on the glass for a moment: well under the kiosk's
        # 800 ms limit for a tap (a longer press is not a tap), whatever the
        # emulation's frame time; the kiosk takes a press and its release
        # seen in one frame as a tap where the press was.
        time.sleep(0.25)
        self.qmp("input-send-event", device="video0",
                 events=[{"type": "btn", "data": {"down": False, "button": "left"}}])

    def keys(self, *qcodes):
        """Presses qcodes together (a chord), then lets them go in reverse."""
        for k in qcodes:
            self.qmp("input-send-event",
                     events=[{"type": "key", "data": {"down": True, "key": {"type": "qcode", "data": k}}}])
        time.sleep(0.1)
        for k in reversed(qcodes):
            self.qmp("input-send-event",
                     events=[{"type": "key", "data": {"down": False, "key": {"type": "qcode", "data": k}}}])

    # -- USB sticks --

    def plug_stick(self, image, ident="stick"):
        self.qmp("blockdev-add", **{"node-name": ident + "-node", "driver": "raw",
                                     "file": {"driver": "file", "filename": image}})
        self.qmp("device_add", driver="usb-storage", id=ident, drive=ident + "-node",
                 bus="xhci.0", removable=True)

    def unplug_stick(self, ident="stick"):
        self.qmp("device_del", id=ident)
        deadline = time.monotonic() + 20
        while any(d.get("qdev_id") == ident for d in self._usb_devices()):
            if time.monotonic() > deadline:
                raise VMError("the stick did not go away within 20 s")
            time.sleep(0.2)
        # The device leaves the bus a moment before it lets go of its drive.
        while True:
            try:
                self.qmp("blockdev-del", **{"node-name": ident + "-node"})
                return
            except VMError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def _usb_devices(self):
        out = self.qmp("human-monitor-command", **{"command-line": "info usb"})
        return [{"qdev_id": line.split("ID: ")[-1].strip()} for line in out.splitlines() if "ID: " in line]

    # -- the test agent (test image only) --

    def _connect_agent(self):
        s = socket.socket(socket.AF_UNIX)
        s.connect(self.agent_path)
        self.agent_sock = s
        self.agent_buf = b""
        self.agent_seq = 0

    def sh(self, command, timeout=30, check=True):
        """Runs a shell command in the guest as root; returns (status, output)."""
        self.agent_seq += 1
        mark = f"@@END-{os.getpid()}-{self.agent_seq}@@"
        script = f"{{ {command}\n}} 2>&1; echo \"{mark}$?\"\n"
        # The agent runs one base64 line at a time (kiosk-test-agent.service).
        self.agent_sock.sendall(base64.b64encode(script.encode()) + b"\n")
        deadline = time.monotonic() + timeout
        self.agent_sock.settimeout(0.5)
        while mark.encode() not in self.agent_buf or not self.agent_buf.split(mark.encode(), 1)[1].split(b"\n", 1)[1:]:
            if time.monotonic() > deadline or not self.alive():
                raise VMError(f"the guest did not answer within {timeout} s: {command}")
            try:
                data = self.agent_sock.recv(65536)
            except socket.timeout:
                continue
            if not data:
                raise VMError("the agent's connection closed")
            self.agent_buf += data
        before, after = self.agent_buf.split(mark.encode(), 1)
        status_text, self.agent_buf = after.split(b"\n", 1)
        # Output of earlier, abandoned commands (a reboot) is dropped with it.
        output = before.decode(errors="replace")
        status = int(status_text.strip() or b"255")
        if check and status != 0:
            raise VMError(f"guest command failed ({status}): {command}\n{output}")
        return status, output

    def wait_agent(self, timeout=120):
        """Waits until the guest's agent answers (the system is up to sysinit)."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.sh("true", timeout=2)
                return
            except VMError:
                if time.monotonic() > deadline or not self.alive():
                    raise VMError(f"the guest's agent did not answer within {timeout} s")
                self.agent_buf = b""

    def save_journal(self, name="journal"):
        """The guest's journal of this boot, kept for a person to read."""
        try:
            _, out = self.sh("journalctl -b --no-pager -o short-monotonic", timeout=60, check=False)
            with open(os.path.join(self.out, f"{name}-boot{self.boots}.txt"), "w") as f:
                f.write(out)
        except (VMError, OSError) as e:
            with open(os.path.join(self.out, f"{name}-boot{self.boots}.txt"), "w") as f:
                f.write(f"(the journal could not be read: {e})\n")
