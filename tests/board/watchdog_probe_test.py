#!/usr/bin/env python3
"""The watchdog path without systemd: this script plays systemd's notify
socket (a unix datagram socket), runs a program with NOTIFY_SOCKET and
WATCHDOG_USEC set as systemd would, and checks what the program says.

    watchdog_probe_test.py SCENARIO [--sender NAME] COMMAND [ARGS...]

SCENARIO:
  alive        READY=1, then WATCHDOG=1 about every half period
  hang         KIOSK_TEST_HANG_AFTER_MS is set: pings start, then stop while
               the process is still running (systemd would kill it)
  no-watchdog  no WATCHDOG_USEC: READY=1 but no pings
  no-socket    no NOTIFY_SOCKET: the program runs and exits 0

WATCHDOG_PID is set to a PID that is not the program's, as under xinit, to
show that the program pings anyway. --sender NAME counts only messages from
processes named NAME (/proc/PID/comm): under tests/tools/xvfb_run.sh the X server also
sends READY=1 as soon as it accepts clients, which must not count as the
kiosk's. KIOSK_TEST_HANG_AFTER_MS in this script's environment sets the hang
(default 4000 ms). Every wait is a bounded wait for an
event; only the "pings stopped" check waits out a silence, four periods long. The
program's whole process group is killed at the end, pass or fail.
"""

import os
import signal
import socket
import statistics
import struct
import subprocess
import sys
import tempfile
import time

# WATCHDOG_USEC: pings expected every 500 ms. A long period keeps the check
# about pacing, not about scheduling noise (it ran under qemu and on busy
# machines): the pings must come at most one period apart (what systemd
# needs) and not as a flood.
PERIOD_USEC = 1_000_000
PERIOD_S = PERIOD_USEC / 1e6


LOG = None  # the program's output, a file: a pipe nobody reads could fill and stall it


def fail(message, proc=None):
    print("FAIL: " + message)
    if proc is not None:
        kill_group(proc)
    if LOG is not None:
        LOG.seek(0)
        print("program's output:\n" + LOG.read())
    sys.exit(1)


class Listener:
    """systemd's side of NOTIFY_SOCKET, keeping who sent what and when."""

    def __init__(self, path, sender=None):
        self.sender = sender
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
        self.sock.bind(path)

    def receive(self, timeout_s):
        """One message as (time, pid, [lines]), or None after timeout_s."""
        deadline = time.monotonic() + timeout_s
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            self.sock.settimeout(left)
            try:
                data, ancdata, _, _ = self.sock.recvmsg(4096, socket.CMSG_SPACE(12))
            except socket.timeout:
                return None
            pid = None
            for level, kind, payload in ancdata:
                if level == socket.SOL_SOCKET and kind == socket.SCM_CREDENTIALS:
                    pid = struct.unpack("iII", payload[:12])[0]
            lines = data.decode().split("\n")
            name = process_name(pid)
            if self.sender is None or name == self.sender:
                return time.monotonic(), pid, lines
            print("ignored %r from %s (pid %s)" % (lines, name, pid))

    def wait_for(self, line, timeout_s, proc):
        """Messages until one holds `line`; fails after timeout_s."""
        deadline = time.monotonic() + timeout_s
        seen = []
        while time.monotonic() < deadline:
            msg = self.receive(max(0.01, deadline - time.monotonic()))
            if msg is None:
                break
            seen.append(msg)
            if line in msg[2]:
                return msg, seen
        fail("no %s within %.0f s (saw %r)" % (line, timeout_s, [m[2] for m in seen]), proc)


def process_name(pid):
    try:
        with open("/proc/%d/comm" % pid) as f:
            return f.read().strip()
    except (OSError, TypeError):
        return None


def start(command, env):
    # Its own process group: xvfb_run.sh, Xvfb and the kiosk end together.
    return subprocess.Popen(command, env=env, stdout=LOG, stderr=subprocess.STDOUT,
                            start_new_session=True)


def group_gone(proc, within_s):
    """Polls (bounded) until no process of the program's group is left."""
    deadline = time.monotonic() + within_s
    while time.monotonic() < deadline:
        proc.poll()  # reaps the leader, so a zombie does not count
        try:
            os.killpg(proc.pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def kill_group(proc):
    """Ends the program's whole process group, pass or fail: the "hang"
    kiosk ignores SIGTERM by design, and the X server's wrapper waits for it."""
    for sig, within_s in ((signal.SIGTERM, 5), (signal.SIGKILL, 10)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        if group_gone(proc, within_s):
            break
    proc.wait(timeout=10)


def main():
    global LOG
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    scenario, command = sys.argv[1], sys.argv[2:]
    sender = None
    if command[:1] == ["--sender"]:
        sender, command = command[1], command[2:]
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "notify")
        listener = Listener(path, sender)
        LOG = tempfile.TemporaryFile(mode="w+", dir=tmp)
        env = dict(os.environ)
        for key in ("NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"):
            env.pop(key, None)
        if scenario != "no-socket":
            env["NOTIFY_SOCKET"] = path
        if scenario in ("alive", "hang"):
            env["WATCHDOG_USEC"] = str(PERIOD_USEC)
            env["WATCHDOG_PID"] = "1"  # the service's main PID, not the program's
        env.pop("KIOSK_TEST_HANG_AFTER_MS", None)
        if scenario == "hang":
            env["KIOSK_TEST_HANG_AFTER_MS"] = os.environ.get("KIOSK_TEST_HANG_AFTER_MS", "4000")

        proc = start(command, env)
        try:
            if scenario == "no-socket":
                if proc.wait(timeout=60) != 0:
                    fail("exit code %d without a notify socket" % proc.returncode)
                print("PASS: runs and exits 0 without NOTIFY_SOCKET")
                return 0

            ready, _ = listener.wait_for("READY=1", 60, proc)
            print("READY=1 from pid %s: %r" % (ready[1], ready[2]))

            if scenario == "no-watchdog":
                msg = listener.receive(10 * PERIOD_S)
                if msg is not None and "WATCHDOG=1" in msg[2]:
                    fail("a ping without WATCHDOG_USEC", proc)
                print("PASS: READY=1 and no pings without WATCHDOG_USEC")
                return 0

            # The hanging program stops soon after READY=1: a few pings before that.
            pings = []
            while len(pings) < (8 if scenario == "alive" else 3):
                msg, _ = listener.wait_for("WATCHDOG=1", 10, proc)
                pings.append(msg[0])
            gaps_ms = [(b - a) * 1000 for a, b in zip(pings, pings[1:])]
            median = statistics.median(gaps_ms)
            print("ping gaps (ms): median %.0f, max %.0f" % (median, max(gaps_ms)))
            # Half the period is 500 ms; anything from a quarter period to a
            # full one keeps systemd content and is not a flood.
            if not PERIOD_USEC / 4000 <= median <= PERIOD_USEC / 1000:
                fail("pings every %.0f ms, expected about %d" % (median, PERIOD_USEC // 2000), proc)

            if scenario == "alive":
                print("PASS: READY=1, then pings about every half period")
                return 0

            # hang: after KIOSK_TEST_HANG_AFTER_MS the pings must stop, the process live on.
            silence_s = 4 * PERIOD_S
            last = pings[-1]
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                msg = listener.receive(silence_s)
                if msg is None:
                    break
                if "WATCHDOG=1" in msg[2]:
                    last = msg[0]
            else:
                fail("pings never stopped", proc)
            if proc.poll() is not None:
                fail("the program exited instead of hanging", proc)
            print("PASS: pings stopped after the hang (last ping %.1f s ago), process alive"
                  % (time.monotonic() - last))
            return 0
        finally:
            kill_group(proc)


if __name__ == "__main__":
    sys.exit(main())
