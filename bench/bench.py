#!/usr/bin/env python3
"""The kiosk's benchmarks, beside a Chromium kiosk showing the same exhibit.

Run through bench/run.sh, which builds what is needed first. Every program is
measured the same way, each launch on a fresh Xvfb (-screen 0 1920x1080x24,
Mesa llvmpipe / Chromium's software compositing):

  start     fork -> first frame: the program's own report (kiosk: its "first
            frame on screen" log line, timed on arrival; Chromium:
            first-contentful-paint over the DevTools protocol), and for both
            the same screen watch (x11watch.py: the first frame showing the
            first panel's photograph).
  attract   after the exhibit is on screen and 1 s to settle: CPU (utime +
            stime of the process tree / window) and PSS of the tree at the end.
  static    a tap on the screen and on the first tile (xdotool) take the kiosk
            to a panel; Chromium navigates to the same panel as a page. After
            2 s to settle: the same CPU and PSS window.
  frames    the kiosk's --frame-log: its own CPU per frame, excluding the swap.
  motion    from the same log, each panning picture as drawn (its rect and the
            part of the texture shown): the largest distance any point of a
            picture moved between two frames, so that fewer frames never
            means a juddering pan.
  pi        the configurations a Pi-class board runs, attract mode only, each
            on its own Xvfb: the GL2 renderer, one core (taskset -c 0 on the
            kiosk) and an 800x480 screen, beside GL3 at 1920x1080.
"""

import argparse
import datetime
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))

import cdp  # noqa: E402
import exhibit  # noqa: E402
import procfs  # noqa: E402
import report  # noqa: E402
import x11watch  # noqa: E402

ROUNDTRIP = os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib", "roundtrip.py")

SCREEN = "1920x1080x24"
SETTLE_S = 1.0          # after the exhibit is on screen, before the attract window
STATIC_SETTLE_S = 2.0   # after reaching the panel, before the static window
WARM_S = 6.0            # attract mode in each shader-cache warming start: past the first crossfade
TAP_HOME = (900, 500)   # anywhere on the attract screen, away from where the pointer starts
                        # (xdotool mousemove --sync waits for a motion that never comes)
TAP_TILE = (250, 400)   # the first tile of the home screen at 1920x1080
# (name, --renderer, Xvfb screen, CPU list for taskset or None): besides the
# 12-panel exhibit at 1920x1080 with GL3 on every core, measured above.
PI_CONFIGS = [
    ("GL2, 1920x1080, 2 cores", "gl2", "1920x1080x24", None),
    ("GL3, 1920x1080, one core", "gl3", "1920x1080x24", "0"),
    ("GL3, 800x480, 2 cores", "gl3", "800x480x24", None),
    ("GL2, 800x480, one core", "gl2", "800x480x24", "0"),
]
# The kiosk's log line for a change of screen ("screen: home"), not its word
# that a screen's pictures are all shown ("screen: home: every picture shown").
SCREEN_CHANGE = r"screen: \w+$"
CHROMIUM_FLAGS = [
    "--kiosk", "--no-sandbox", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-quic",
    # No window manager under Xvfb: --kiosk alone leaves a smaller window.
    "--window-position=0,0", "--window-size=1920,1080",
    "--remote-debugging-port=0",
]


class BenchError(Exception):
    pass


def say(msg):
    print("bench: " + msg, file=sys.stderr, flush=True)


# --- Processes --------------------------------------------------------------------

class Launched:
    """A program under test: stderr read by a thread, each line timed on arrival."""

    def __init__(self, cmd, env, log_path):
        self.log = open(log_path, "w", encoding="utf-8", errors="replace")
        self.lines = []
        self.cond = threading.Condition()
        self.epoch0 = time.time()
        self.t0 = time.monotonic()
        self.proc = subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for raw in self.proc.stderr:
            t = time.monotonic()
            line = raw.decode("utf-8", "replace").rstrip("\n")
            self.log.write("%.3f %s\n" % (t - self.t0, line))
            with self.cond:
                self.lines.append((t, line))
                self.cond.notify_all()
        with self.cond:
            self.cond.notify_all()

    def wait_line(self, pattern, timeout, start=0):
        """(time, match) of the first line from index `start` matching `pattern`."""
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        with self.cond:
            i = start
            while True:
                while i < len(self.lines):
                    m = rx.search(self.lines[i][1])
                    if m:
                        return self.lines[i][0], m
                    i += 1
                left = deadline - time.monotonic()
                if self.proc.poll() is not None and not self.reader.is_alive():
                    raise BenchError("%s exited (%s) before '%s'; log: %s"
                                     % (os.path.basename(self.proc.args[0]), self.proc.returncode,
                                        pattern, self.log.name))
                if left <= 0:
                    raise BenchError("timed out after %d s waiting for '%s'; log: %s"
                                     % (timeout, pattern, self.log.name))
                self.cond.wait(min(left, 0.5))

    def count(self, pattern):
        rx = re.compile(pattern)
        with self.cond:
            return sum(1 for _, l in self.lines if rx.search(l))

    def stop(self, timeout=15):
        """SIGTERM to the program, then SIGKILL to whatever of its tree is left."""
        pids = procfs.tree(self.proc.pid) if self.proc.poll() is None else []
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        for pid in pids[1:]:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        self.reader.join(5)
        self.log.close()


class Xvfb:
    """A fresh X server for one launch: the same screen for every program."""

    def __init__(self, log_path, screen=SCREEN):
        self.log_path = log_path
        self.screen = screen

    def __enter__(self):
        r, w = os.pipe()
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen(
            ["Xvfb", "-displayfd", str(w), "-screen", "0", self.screen, "-br", "-noreset", "-nolisten", "tcp"],
            pass_fds=[w], stdin=subprocess.DEVNULL, stdout=self.log, stderr=self.log)
        os.close(w)
        number = b""
        with os.fdopen(r, "rb") as f:
            number = f.readline().strip()
        if not number:
            raise BenchError("Xvfb did not start; see " + self.log_path)
        self.display = ":" + number.decode()
        deadline = time.monotonic() + 10
        while True:
            try:
                x11watch.Connection(self.display).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise BenchError("cannot connect to Xvfb " + self.display)
                time.sleep(0.05)
        return self

    def __exit__(self, *exc):
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


def window(pid, seconds, xvfb_pid, details=False, probe=False):
    """CPU (% of one core) and PSS (MiB) of `pid`'s tree over `seconds`;
    `details`: also per kind of thread and per kind of mapping (one process);
    `probe`: also the machine's own round-trip stalls meanwhile (roundtrip.py)."""
    rt = subprocess.Popen([sys.executable, "-B", ROUNDTRIP, str(seconds)],
                          stdout=subprocess.PIPE, stdin=subprocess.DEVNULL) if probe else None
    pids = procfs.tree(pid)
    c0, x0 = procfs.cpu_ticks(pids), procfs.cpu_ticks([xvfb_pid])
    th0 = procfs.thread_ticks(pid) if details else None
    pss0 = procfs.pss_kib(pids)
    b0 = procfs.system_busy_ticks()
    t0 = time.monotonic()
    time.sleep(seconds)
    t1 = time.monotonic()
    b1 = procfs.system_busy_ticks()
    th1 = procfs.thread_ticks(pid) if details else None
    pids = procfs.tree(pid)
    c1, x1 = procfs.cpu_ticks(pids), procfs.cpu_ticks([xvfb_pid])
    pss = procfs.pss_kib(pids)
    span = t1 - t0
    out = {"start": t0, "end": t1, "processes": len(pids),
           "cpu_pct": 100.0 * procfs.cpu_seconds_between(c0, c1) / span,
           "xvfb_cpu_pct": 100.0 * procfs.cpu_seconds_between(x0, x1) / span,
           "pss_mib": pss / 1024.0, "pss_growth_mib": (pss - pss0) / 1024.0}
    # Everything else the machine did meanwhile (other users' work shares the cores).
    out["others_cpu_pct"] = max(0.0, 100.0 * (b1 - b0) / procfs.CLK_TCK / span
                                - out["cpu_pct"] - out["xvfb_cpu_pct"])
    if details:
        out["threads"] = procfs.thread_groups(pid, th0, th1, span)
        out["mappings"] = {k: v / 1024.0 for k, v in procfs.pss_by_mapping(pid).items()}
    if rt is not None:
        try:
            text, _ = rt.communicate(timeout=30)
            out["roundtrip"] = roundtrip_stats(json.loads(text))
        except (subprocess.TimeoutExpired, ValueError):
            rt.kill()
            rt.wait()
            out["roundtrip"] = None
    return out


def roundtrip_stats(us):
    """The probe's round trips in ms: n, p50, p99, max, and how many over 2 ms."""
    if not us:
        return None
    ms = [u / 1000.0 for u in us]
    return {"n": len(ms), "p50": report.percentile(ms, 50), "p99": report.percentile(ms, 99),
            "max": max(ms), "over_2ms": sum(1 for m in ms if m > 2.0)}


def wait_for_quiet(ctx):
    """Waits (at most ctx.max_wait_quiet s) until the rest of the machine uses
    under half a core, so that other work disturbs a launch as little as can be."""
    deadline = time.monotonic() + ctx.max_wait_quiet
    t_start = time.monotonic()
    while True:
        b0, t0 = procfs.system_busy_ticks(), time.monotonic()
        time.sleep(1.0)
        busy = (procfs.system_busy_ticks() - b0) / procfs.CLK_TCK / (time.monotonic() - t0)
        if busy < 0.5 or time.monotonic() >= deadline:
            waited = time.monotonic() - t_start
            if waited > 2:
                say("waited %.0f s for a quieter machine (%.0f %% of a core busy)"
                    % (waited, 100 * busy))
            return


def start_watch(display):
    watch = x11watch.ScreenWatch(display)
    watch.start()
    watch.ready.wait(10)
    if watch.error:
        raise BenchError("screen watch: " + watch.error)
    return watch


def shown_ms(watch, launched, timeout=90):
    """(first pixels drawn, first panel's picture on screen), ms after fork."""
    watch.join(timeout)
    watch.stop()
    if watch.shown_at is None:
        raise BenchError("the exhibit did not appear on screen within %d s (%s)"
                         % (timeout, watch.error or "no picture"))
    return ((watch.first_damage_at - launched.t0) * 1000.0,
            (watch.shown_at - launched.t0) * 1000.0)


# --- The kiosk ---------------------------------------------------------------------

def tap(env, xy):
    subprocess.run(["xdotool", "mousemove", "--sync", str(xy[0]), str(xy[1]),
                    "mousedown", "1", "mouseup", "1"], env=env, check=True)


def frame_stats(work_us):
    if not work_us:
        return None
    ms = [w / 1000.0 for w in work_us]
    return {"n": len(ms), "p50": report.percentile(ms, 50), "p99": report.percentile(ms, 99),
            "max": max(ms)}


def read_frames(path):
    """The kiosk's frame log: (ms, work us, screen, pans) per frame drawn;
    pans: {panel: (x, y, w, h, u0, v0, size)} for each panning picture."""
    frames = []
    with open(path, encoding="ascii") as f:
        for line in f:
            parts = line.split()
            if len(parts) < 3:
                continue
            pans = {}
            try:
                for field in parts[3:]:
                    if field.startswith("pan="):
                        v = field[4:].split(",")
                        if len(v) == 8:
                            pans[int(v[0])] = tuple(float(x) for x in v[1:8])
                frames.append((int(parts[0]), int(parts[1]), parts[2], pans))
            except ValueError:
                continue  # a line cut short when the program was stopped
    return frames


def pan_step_px(a, b):
    """How far the point of a picture that moved most travelled from frame
    `a` to frame `b` (each (x, y, w, h, u0, v0, size)): a texture point t is
    drawn at x + (t - u0) / size * w, so the largest shift is at an end of
    either window (the kiosk's own PanMotionPx, recomputed here)."""
    ax, ay, aw, ah, au, av, asz = a
    bx, by, bw, bh, bu, bv, bsz = b
    most = 0.0
    for t in (au, au + asz, bu, bu + bsz):
        most = max(most, abs((bx + (t - bu) / bsz * bw) - (ax + (t - au) / asz * aw)))
    for t in (av, av + asz, bv, bv + bsz):
        most = max(most, abs((by + (t - bv) / bsz * bh) - (ay + (t - av) / asz * ah)))
    return most


def motion_stats(frames):
    """The pan's steps between consecutive attract frames (the same panel's
    picture in both): the largest, and how many moved it by over 1 px."""
    steps = []
    for prev, cur in zip(frames, frames[1:]):
        if prev[2] != "attract" or cur[2] != "attract":
            continue
        for panel, pan in cur[3].items():
            if panel in prev[3]:
                steps.append(pan_step_px(prev[3][panel], pan))
    if not steps:
        return None
    return {"n": len(steps), "max": max(steps), "p99": report.percentile(steps, 99),
            "over_1px": sum(1 for x in steps if x > 1.0)}


def measure_kiosk(ctx, pkg, tag):
    out = os.path.join(ctx.work, tag)
    os.makedirs(out, exist_ok=True)
    frame_log = os.path.join(out, "frames.log")
    wait_for_quiet(ctx)
    with Xvfb(os.path.join(out, "xvfb.log")) as x:
        env = ctx.env(x.display)
        watch = start_watch(x.display)
        k = Launched([ctx.kiosk, "--exhibit", pkg, "--config", ctx.empty_config,
                      "--frame-log", frame_log], env, os.path.join(out, "kiosk.log"))
        try:
            t_first, m = k.wait_line(r"first frame on screen (\d+) ms after start", 90)
            own_ms = (t_first - k.t0) * 1000.0
            clock_offset_ms = own_ms - int(m.group(1))  # fork -> the kiosk's own clock
            first_pixels_ms, screen_ms = shown_ms(watch, k)
            time.sleep(SETTLE_S)
            attract = window(k.proc.pid, ctx.window_s, x.proc.pid, details=True, probe=True)
            if k.count(SCREEN_CHANGE) != 0:
                raise BenchError("the kiosk left attract mode on its own; log: " + k.log.name)
            tap(env, TAP_HOME)
            k.wait_line(r"screen: home$", 20)
            tap(env, TAP_TILE)
            k.wait_line(r"screen: panel$", 20)
            time.sleep(STATIC_SETTLE_S)
            static = window(k.proc.pid, ctx.window_s, x.proc.pid, details=True)
            if k.count(SCREEN_CHANGE) != 2:
                raise BenchError("the kiosk left the panel during the static window; log: "
                                 + k.log.name)
            renderer = next((l for _, l in k.lines if "renderer:" in l), "")
            # Where the start goes: the log lines' arrival after fork.
            phases = {}
            for name, rx in (("package", r"kiosk: exhibit '"), ("window", r"renderer: ")):
                t = next((t for t, l in k.lines if re.search(rx, l)), None)
                phases[name] = (t - k.t0) * 1000.0 if t is not None else None
            phases["first_frame"] = own_ms
            phases["first_pixels"] = first_pixels_ms
            phases["picture"] = screen_ms
        finally:
            k.stop()
            watch.stop()

    def kiosk_ms(t):  # a monotonic time on the kiosk's own clock
        return (t - k.t0) * 1000.0 - clock_offset_ms

    frames = read_frames(frame_log)
    a0, a1 = kiosk_ms(attract["start"]), kiosk_ms(attract["end"])
    s0, s1 = kiosk_ms(static["start"]), kiosk_ms(static["end"])
    in_attract = [f for f in frames if a0 <= f[0] <= a1 and f[2] == "attract"]
    return {
        "own_ms": own_ms, "screen_ms": screen_ms, "attract": attract, "static": static,
        "frames": frame_stats([f[1] for f in in_attract]),
        "frames_per_s": len(in_attract) / (attract["end"] - attract["start"]),
        "motion": motion_stats(in_attract),
        "static_frames": sum(1 for f in frames if s0 <= f[0] <= s1),
        "first_frame_work_ms": frames[0][1] / 1000.0 if frames else None,
        "renderer": renderer.split("renderer: ", 1)[-1], "phases": phases,
    }


def measure_shader_cache(ctx, pkg, reps):
    """The kiosk's own start with an empty shader cache (the first start
    after an install or a driver upgrade; on a board whose cache is in RAM,
    every start after a reboot or a restart), then at once again with the
    cache that start filled; each pair in a fresh folder."""
    pairs = []
    for rep in range(reps):
        cache = os.path.join(ctx.work, "shader-cache-%d" % rep)
        pair = []
        for state in ("empty", "filled"):
            out = os.path.join(ctx.work, "shader-cache-start-%d-%s" % (rep, state))
            os.makedirs(out, exist_ok=True)
            wait_for_quiet(ctx)
            with Xvfb(os.path.join(out, "xvfb.log")) as x:
                k = Launched([ctx.kiosk, "--exhibit", pkg, "--config", ctx.empty_config],
                             ctx.env(x.display, cache), os.path.join(out, "kiosk.log"))
                try:
                    t_first, _ = k.wait_line(r"first frame on screen (\d+) ms after start", 90)
                    pair.append((t_first - k.t0) * 1000.0)
                    # Every shader of the start compiled (the picture path's
                    # comes after the first frame) before the kiosk stops:
                    # a clean stop lets Mesa finish writing them.
                    k.wait_line(r"screen: attract: every picture shown", 90)
                finally:
                    k.stop()
        pairs.append(pair)
    return {"empty_ms": [p[0] for p in pairs], "filled_ms": [p[1] for p in pairs]}


def warm_shader_cache(ctx, pkg, reps):
    """Mesa's compiled shaders for every renderer and screen the runs use, in
    the bench's cache before the first measured run, as a board holds them
    after its first starts. llvmpipe compiles some of its variants (the first
    picture, the first crossfade) during attract mode, 20-45 ms each, and a
    start stores only part of them: two starts fill the cache here. Without
    this the first runs of each configuration measured compiling, not
    drawing (measure_shader_cache measures the empty-cache start)."""
    configs = [("GL3, 1920x1080, 2 cores", "gl3", SCREEN, None)] + PI_CONFIGS
    for _, renderer, screen, cpus in configs:
        for rep in range(reps):
            out = os.path.join(ctx.work, "warm-%s-%s-%d" % (renderer, screen, rep))
            os.makedirs(out, exist_ok=True)
            with Xvfb(os.path.join(out, "xvfb.log"), screen) as x:
                cmd = [ctx.kiosk, "--exhibit", pkg, "--config", ctx.empty_config,
                       "--renderer", renderer]
                if cpus is not None:
                    cmd = ["taskset", "-c", cpus] + cmd
                k = Launched(cmd, ctx.env(x.display), os.path.join(out, "kiosk.log"))
                try:
                    k.wait_line(r"screen: attract: every picture shown", 90)
                    time.sleep(WARM_S)  # past the first crossfade
                finally:
                    k.stop()


def measure_config(ctx, pkg, tag, config):
    """Attract mode only, in one of PI_CONFIGS: CPU, PSS, frame work and the
    pan's steps over the window."""
    name, renderer, screen, cpus = config
    out = os.path.join(ctx.work, tag)
    os.makedirs(out, exist_ok=True)
    frame_log = os.path.join(out, "frames.log")
    wait_for_quiet(ctx)
    with Xvfb(os.path.join(out, "xvfb.log"), screen) as x:
        env = ctx.env(x.display)
        cmd = [ctx.kiosk, "--exhibit", pkg, "--config", ctx.empty_config,
               "--renderer", renderer, "--frame-log", frame_log]
        if cpus is not None:
            cmd = ["taskset", "-c", cpus] + cmd  # exec'd: the kiosk keeps the pid
        k = Launched(cmd, env, os.path.join(out, "kiosk.log"))
        try:
            t_first, m = k.wait_line(r"first frame on screen (\d+) ms after start", 90)
            clock_offset_ms = (t_first - k.t0) * 1000.0 - int(m.group(1))
            time.sleep(SETTLE_S + 1.0)  # and the first picture decoded
            attract = window(k.proc.pid, ctx.window_s, x.proc.pid, probe=True)
            if k.count(SCREEN_CHANGE) != 0:
                raise BenchError("the kiosk left attract mode on its own; log: " + k.log.name)
            renderer_line = next((l for _, l in k.lines if "renderer:" in l), "")
        finally:
            k.stop()

    def kiosk_ms(t):
        return (t - k.t0) * 1000.0 - clock_offset_ms

    a0, a1 = kiosk_ms(attract["start"]), kiosk_ms(attract["end"])
    frames = [f for f in read_frames(frame_log) if a0 <= f[0] <= a1 and f[2] == "attract"]
    return {"config": name, "attract": attract, "frames": frame_stats([f[1] for f in frames]),
            "frames_per_s": len(frames) / (attract["end"] - attract["start"]),
            "motion": motion_stats(frames),
            "renderer": renderer_line.split("renderer: ", 1)[-1]}


# --- Chromium ----------------------------------------------------------------------

def navigate(port, url, timeout=30):
    page = cdp.Page(port)
    try:
        page.evaluate("location.href = %s" % json.dumps(url))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                state = page.evaluate(
                    "JSON.stringify([document.readyState, location.href,"
                    " Array.from(document.images).every(i => i.complete)])")
                ready, href, images = json.loads(state)
                if ready == "complete" and href == url and images:
                    return
            except (cdp.CdpError, ValueError, TypeError):
                pass
            time.sleep(0.1)
        raise BenchError("Chromium did not load " + url)
    finally:
        page.close()


def measure_chromium(ctx, html_dir, tag):
    out = os.path.join(ctx.work, tag)
    os.makedirs(out, exist_ok=True)
    profile = tempfile.mkdtemp(prefix="chromium-profile-", dir=ctx.work)
    url = lambda page: "file://" + os.path.join(html_dir, page)
    wait_for_quiet(ctx)
    try:
        with Xvfb(os.path.join(out, "xvfb.log")) as x:
            env = ctx.env(x.display)
            watch = start_watch(x.display)
            c = Launched([ctx.chromium] + CHROMIUM_FLAGS + ["--user-data-dir=" + profile,
                                                             url("slideshow.html")],
                         env, os.path.join(out, "chromium.log"))
            try:
                first_pixels_ms, screen_ms = shown_ms(watch, c)
                port = cdp.devtools_port(profile)
                own_ms = cdp.first_contentful_paint_epoch_ms(port) - c.epoch0 * 1000.0
                time.sleep(SETTLE_S)
                attract = window(c.proc.pid, ctx.window_s, x.proc.pid)
                navigate(port, url("static.html"))
                time.sleep(STATIC_SETTLE_S)
                static = window(c.proc.pid, ctx.window_s, x.proc.pid)
                navigate(port, url("slideshow-photo.html"))
                time.sleep(SETTLE_S)
                photo = window(c.proc.pid, ctx.window_s, x.proc.pid)
            finally:
                c.stop()
                watch.stop()
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return {"own_ms": own_ms, "screen_ms": screen_ms, "first_pixels_ms": first_pixels_ms,
            "attract": attract, "static": static, "photo": photo}


# --- Content -----------------------------------------------------------------------

def schema_version(root):
    try:
        with open(os.path.join(root, "src/storage/package.h"), encoding="utf-8") as f:
            m = re.search(r"kPackageSchemaVersion\s*=\s*(\d+)", f.read())
        return m.group(1) if m else "x"
    except OSError:
        return "x"


def pack(ctx, src, out):
    """Builds a package; returns the wall-clock seconds."""
    t0 = time.monotonic()
    r = subprocess.run([ctx.kiosk_pack, "build", src, "-o", out, "--quiet"],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    seconds = time.monotonic() - t0
    if r.returncode != 0:
        raise BenchError("kiosk-pack build %s failed:\n%s" % (src, r.stdout))
    return seconds


class Content:
    """Photos, sources and packages in the cache, keyed by a version string."""

    def __init__(self, ctx):
        self.ctx = ctx
        w, h = ctx.photo_size
        self.key = "c%s-s%s-%dx%d" % (exhibit.CONTENT_VERSION, schema_version(ctx.root), w, h)
        self.pool = os.path.join(ctx.cache, "photos-%dx%d-c%s" % (w, h, exhibit.CONTENT_VERSION))
        self.photos = []
        self.packages = {}

    def prepare_photos(self, largest):
        n = min(exhibit.POOL, largest)
        t0 = time.monotonic()
        self.photos = exhibit.make_photos(self.pool, n, self.ctx.photo_size)
        say("%d camera-size photos ready in %s (%.0f s)" % (n, self.pool, time.monotonic() - t0))

    def source(self, panels):
        src = os.path.join(self.ctx.cache, "src-%s-%d" % (self.key, panels))
        stamp = os.path.join(src, ".complete")
        if not os.path.exists(stamp):
            exhibit.write_source(src, "bench-%d" % panels, panels, self.photos)
            open(stamp, "w").close()
        return src

    def package(self, panels, rebuild=False):
        """The package of `panels` panels, from the cache unless `rebuild`;
        returns (path, build record)."""
        pkg = os.path.join(self.ctx.cache, "pkg-%s-%d.kiosk" % (self.key, panels))
        meta_path = pkg + ".json"
        if not rebuild and not self.ctx.rebuild and os.path.exists(pkg) and os.path.exists(meta_path):
            with open(meta_path, encoding="utf-8") as f:
                return pkg, json.load(f)
        src = self.source(panels)
        say("packing %d panels (%d camera-size images)" % (panels, panels))
        seconds = pack(self.ctx, src, pkg)
        meta = {"panels": panels, "seconds": seconds, "images": panels,
                "bytes": os.path.getsize(pkg), "built": datetime.date.today().isoformat()}
        with open(meta_path, "w", encoding="utf-8") as f:
            json.dump(meta, f)
        return pkg, meta

    def html(self, panels):
        screen = exhibit.make_screen_images(
            self.photos[:panels], os.path.join(self.ctx.cache, "screen-%s" % self.key))
        out = os.path.join(self.ctx.cache, "html-%s-%d" % (self.key, panels))
        exhibit.write_html(out, panels, screen, self.photos[0])
        return out


# --- Import ------------------------------------------------------------------------

def measure_import(ctx, pkg, reps):
    importer = os.path.join(ctx.build, "kiosk-import")
    if not os.path.exists(importer):
        return {"status": "not measured (kiosk-import not built)"}
    if not shutil.which("minisign"):
        return {"status": "not measured (minisign not installed)"}
    base = os.path.join(ctx.work, "import")
    keys = os.path.join(ctx.cache, "import-keys")
    trusted = os.path.join(base, "trusted-keys")
    os.makedirs(keys, exist_ok=True)
    os.makedirs(trusted, exist_ok=True)
    pub, sec = os.path.join(keys, "bench.pub"), os.path.join(keys, "bench.key")
    if not (os.path.exists(pub) and os.path.exists(sec)):
        subprocess.run(["minisign", "-G", "-f", "-W", "-p", pub, "-s", sec], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    shutil.copyfile(pub, os.path.join(trusted, "bench.pub"))
    name = os.path.basename(pkg)
    signed = os.path.join(base, "signed")
    os.makedirs(signed, exist_ok=True)
    shutil.copyfile(pkg, os.path.join(signed, name))
    subprocess.run(["minisign", "-S", "-s", sec, "-m", os.path.join(signed, name)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    size = os.path.getsize(pkg)
    imp, cp = [], []
    for rep in range(reps):
        stick = os.path.join(base, "stick-%d" % rep)
        state = os.path.join(base, "state-%d" % rep)
        dest = os.path.join(base, "cp-%d" % rep)
        for d in (stick, state, dest):
            shutil.rmtree(d, ignore_errors=True)
            os.makedirs(d)
        for f in (name, name + ".minisig"):
            os.link(os.path.join(signed, f), os.path.join(stick, f))
        subprocess.run(["sync"], check=True)
        t0 = time.monotonic()
        r = subprocess.run([importer, "--source", stick, "--state", state, "--trusted-keys",
                            trusted, "--config", ctx.empty_config],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        t_imp = time.monotonic() - t0
        if r.returncode != 0:
            return {"status": "not measured (kiosk-import exited %d: %s)"
                    % (r.returncode, r.stdout.strip().splitlines()[-1:] or "")}
        t0 = time.monotonic()
        subprocess.run(["cp", os.path.join(stick, name), dest], check=True)
        subprocess.run(["sync"], check=True)
        t_cp = time.monotonic() - t0
        imp.append(size / 1e6 / t_imp)
        cp.append(size / 1e6 / t_cp)
        for d in (stick, state, dest):
            shutil.rmtree(d, ignore_errors=True)
    return {"status": "ok", "bytes": size, "package": name, "import_mb_s": imp, "cp_mb_s": cp}


# --- Machine -----------------------------------------------------------------------

def first_line(cmd, containing=""):
    try:
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                           timeout=30)
        lines = [l for l in r.stdout.splitlines() if l.strip() and containing in l]
        return lines[0].strip() if lines else "?"
    except (OSError, subprocess.TimeoutExpired):
        return "?"


def loadavg():
    with open("/proc/loadavg", encoding="ascii") as f:
        return " ".join(f.read().split()[:3])


def machine(ctx):
    cpu = "?"
    with open("/proc/cpuinfo", encoding="ascii", errors="replace") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = "?"
    with open("/proc/meminfo", encoding="ascii") as f:
        for line in f:
            if line.startswith("MemTotal"):
                mem = "%.1f GiB" % (int(line.split()[1]) / 1048576)
    osname = "?"
    try:
        with open("/etc/os-release", encoding="utf-8") as f:
            for line in f:
                if line.startswith("PRETTY_NAME="):
                    osname = line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    xvfb = "Xvfb " + first_line(["dpkg-query", "-W", "-f=${Version}", "xvfb"])
    commit = first_line(["git", "-C", ctx.root, "rev-parse", "--short", "HEAD"])
    dirty = subprocess.run(["git", "-C", ctx.root, "status", "--porcelain", "--untracked-files=no",
                            "--", "src", "CMakeLists.txt"],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout
    return {
        "cpu": "%s, %d cores" % (cpu, os.cpu_count() or 0), "memory": mem, "os": osname,
        "kernel": os.uname().release, "xvfb": xvfb,
        "chromium": first_line([ctx.chromium, "--version"], "Chromium") if ctx.chromium else "not measured",
        "kiosk": commit + (" with uncommitted changes to src/" if dirty.strip() else ""),
        "python": sys.version.split()[0],
        "load": "%s at the start, %s at the end (1/5/15 min; other work on the machine shares "
                "its cores)" % (ctx.load_at_start, loadavg()),
        "sharers": ctx.sharers_at_start,
        "shader_cache": ctx.shader_cache_at_start,
        "shader_cache_warmed": getattr(ctx, "shader_cache_warmed", None),
    }


def cache_files(folder):
    return sum(len(files) for _, _, files in os.walk(folder))


def mesa_sharers():
    """Other processes that map Mesa's LLVM or GL driver now, as "comm (pid)".

    PSS splits a shared page between the processes that map it: a leftover
    Xvfb with GLX (or another kiosk) lowers the kiosk's PSS by several MiB
    (LLVM alone is 30-36 MiB here), so the tables say when there was one."""
    found = []
    me = os.getpid()
    for pid in os.listdir("/proc"):
        if not pid.isdigit() or int(pid) == me:
            continue
        try:
            with open("/proc/%s/maps" % pid, encoding="ascii", errors="replace") as f:
                maps = f.read()
            with open("/proc/%s/comm" % pid, encoding="ascii", errors="replace") as f:
                comm = f.read().strip()
        except OSError:
            continue
        if "libLLVM" in maps or "_dri.so" in maps:
            found.append("%s (%s)" % (comm, pid))
    return found


# --- Main --------------------------------------------------------------------------

class Context:
    def __init__(self, args):
        self.root = os.path.abspath(args.root)
        self.build = os.path.abspath(args.build_dir)
        self.cache = os.path.abspath(args.cache_dir)
        self.kiosk = os.path.join(self.build, "kiosk")
        self.kiosk_pack = os.path.join(self.build, "kiosk-pack")
        self.window_s = args.window
        self.max_wait_quiet = args.max_wait_quiet
        self.rebuild = args.rebuild
        self.photo_size = tuple(int(v) for v in args.photo_size.split("x"))
        self.chromium = None if args.no_chromium else (shutil.which("chromium") or "chromium")
        os.makedirs(self.cache, exist_ok=True)
        self.work = tempfile.mkdtemp(prefix="run-", dir=self.cache)
        self.load_at_start = loadavg()
        self.sharers_at_start = mesa_sharers()
        if self.sharers_at_start:
            say("WARNING: %s map Mesa's libraries: the kiosk's PSS will be lower than alone"
                % ", ".join(self.sharers_at_start))
        self.shader_cache = os.path.join(self.cache, "shader-cache")
        os.makedirs(self.shader_cache, exist_ok=True)
        self.shader_cache_at_start = cache_files(self.shader_cache)
        self.empty_config = os.path.join(self.work, "kiosk.toml")
        with open(self.empty_config, "w", encoding="utf-8") as f:
            f.write("# The bench runs every program with its defaults.\n")

    def env(self, display, shader_cache=None):
        # Mesa's compiled shaders in the bench's cache folder, kept from run
        # to run as a board keeps them in /var/lib/kiosk/cache (kiosk.service),
        # so no figure depends on ~/.cache. A first bench on a machine fills
        # it: its first runs pay every shader's compile (frame work max).
        env = dict(os.environ, DISPLAY=display,
                   MESA_SHADER_CACHE_DIR=shader_cache or self.shader_cache)
        env.pop("WAYLAND_DISPLAY", None)
        return env


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--root", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    p.add_argument("--build-dir", required=True)
    p.add_argument("--cache-dir", required=True)
    p.add_argument("--output", required=True, help="the Markdown results file")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--window", type=float, default=30.0, help="seconds per measuring window")
    p.add_argument("--sizes", default="10,100,1000", help="panels of the scale exhibits")
    p.add_argument("--compare", type=int, default=12, help="panels of the exhibit beside Chromium")
    p.add_argument("--photo-size", default="6000x4000")
    p.add_argument("--no-chromium", action="store_true")
    p.add_argument("--rebuild", action="store_true", help="ignore cached packages")
    p.add_argument("--max-wait-quiet", type=float, default=30.0, metavar="S",
                   help="before each launch, wait up to S s for the machine to be quiet")
    p.add_argument("--quick", action="store_true",
                   help="the smoke run: 1 run, 10 s windows, a 4-panel exhibit, no Chromium")
    p.add_argument("--check", metavar="FILE", help="only check that FILE is a well-formed table")
    p.add_argument("--render", metavar="JSON",
                   help="only write the table again from a run's figures (the .json beside "
                   "its table), e.g. after editing bench/results/changes.md")
    args = p.parse_args(argv)
    if args.quick:
        args.runs, args.window, args.sizes, args.compare = 1, 10.0, "4", 4
        args.photo_size, args.no_chromium, args.max_wait_quiet = "3000x2000", True, 0.0
    return args


def main(argv):
    if "--check" in argv:
        path = argv[argv.index("--check") + 1]
        with open(path, encoding="utf-8") as f:
            problems = report.check(f.read())
        for prob in problems:
            print("%s: %s" % (path, prob), file=sys.stderr)
        return 1 if problems else 0
    args = parse_args(argv)
    if args.render:
        with open(args.render, encoding="utf-8") as f:
            saved = json.load(f)
        for key, value in saved["args"].items():
            setattr(args, key, value)
        results = saved["results"]
        results["kiosk"] = {int(n): R for n, R in results["kiosk"].items()}
        results["builds"] = {int(n): b for n, b in results["builds"].items()}
        md = render(args, results, [int(s) for s in args.sizes.split(",")], saved["duration"])
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(md)
        problems = report.check(md)
        if problems:
            raise BenchError("the results table is not well formed: " + "; ".join(problems))
        say("wrote %s from %s" % (args.output, args.render))
        return 0
    started = time.monotonic()
    ctx = Context(args)
    sizes = [int(s) for s in args.sizes.split(",")]
    for tool in ("Xvfb", "xdotool", "convert"):
        if not shutil.which(tool):
            raise BenchError("%s is missing: run deploy/install-deps.sh" % tool)
    for binary in (ctx.kiosk, ctx.kiosk_pack):
        if not os.access(binary, os.X_OK):
            raise BenchError(binary + " is not built")
    content = Content(ctx)
    exhibits = sorted(set([args.compare] + sizes))
    content.prepare_photos(max(exhibits))
    smallest = min(sizes)
    packages, builds = {}, {}
    for n in exhibits:
        packages[n], builds[n] = content.package(n, rebuild=(n == smallest))
    html = content.html(args.compare) if ctx.chromium else None

    # kiosk-pack's time per image: the smallest exhibit is built afresh every run.
    results = {"chromium": [], "kiosk": {n: [] for n in exhibits},
               "pi": {c[0]: [] for c in PI_CONFIGS},
               "pack": [builds[smallest]["seconds"] / smallest]}
    say("kiosk start with an empty and a filled shader cache, %d panels" % args.compare)
    results["shader_cache"] = measure_shader_cache(ctx, packages[args.compare], args.runs)
    say("the shader cache filled for every renderer and screen")
    warm_shader_cache(ctx, packages[args.compare], 1 if args.quick else 2)
    ctx.shader_cache_warmed = cache_files(ctx.shader_cache)
    for run in range(1, args.runs + 1):
        if ctx.chromium:
            say("run %d/%d: Chromium, %d panels" % (run, args.runs, args.compare))
            results["chromium"].append(measure_chromium(ctx, html, "chromium-%d" % run))
        for n in exhibits:
            say("run %d/%d: kiosk, %d panels" % (run, args.runs, n))
            results["kiosk"][n].append(measure_kiosk(ctx, packages[n], "kiosk-%d-%d" % (n, run)))
        for i, config in enumerate(PI_CONFIGS):
            say("run %d/%d: kiosk, %d panels, %s" % (run, args.runs, args.compare, config[0]))
            results["pi"][config[0]].append(
                measure_config(ctx, packages[args.compare], "pi-%d-%d" % (i, run), config))
        if run > 1:
            say("run %d/%d: kiosk-pack, %d panels" % (run, args.runs, smallest))
            seconds = pack(ctx, content.source(smallest), packages[smallest])
            results["pack"].append(seconds / smallest)
    import_pkg = packages[100] if 100 in packages else packages[max(exhibits)]
    say("import throughput (%s)" % os.path.basename(import_pkg))
    results["import"] = measure_import(ctx, import_pkg, args.runs)
    results["builds"] = builds
    results["machine"] = machine(ctx)
    results["measured"] = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    duration = time.monotonic() - started
    md = render(args, results, sizes, duration)
    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    # The figures themselves beside the table (--render writes it again from them).
    with open(os.path.splitext(args.output)[0] + ".json", "w", encoding="utf-8") as f:
        json.dump({"args": {key: getattr(args, key) for key in
                            ("runs", "window", "sizes", "compare", "photo_size", "quick")},
                   "duration": duration, "results": results}, f, indent=1)
    with open(args.output, "w", encoding="utf-8") as f:
        f.write(md)
    print(md)
    problems = report.check(md)
    if problems:
        raise BenchError("the results table is not well formed: " + "; ".join(problems))
    say("wrote %s in %.1f min" % (args.output, duration / 60))
    shutil.rmtree(ctx.work, ignore_errors=True)
    return 0


# --- The table ---------------------------------------------------------------------

def render(args, res, sizes, duration):
    fmt, ratio = report.fmt, report.ratio
    K = res["kiosk"][args.compare]
    C = res["chromium"]
    have_c = bool(C)

    def k(f):
        return [f(r) for r in K]

    def c(f):
        return [f(r) for r in C]

    def frames(runs, key):
        return [r["frames"][key] if r["frames"] else None for r in runs]

    def motion(r, key):
        return r["motion"][key] if r.get("motion") else None

    def trips(runs, key):  # the round-trip probe beside each attract window
        return [(r["attract"].get("roundtrip") or {}).get(key) for r in runs]

    def trips_cell(runs, unit=""):
        if not any(v is not None for v in trips(runs, "max")):
            return "not measured"
        return "%s / %s / %s%s" % (fmt(trips(runs, "p50"), "", 2), fmt(trips(runs, "p99"), "", 2),
                                   fmt(trips(runs, "max"), "", 2), unit)

    def rat(kv, cv):
        r = ratio(kv, cv)
        return "%.3f" % r if r is not None else "—"

    na = "not measured (--quick)" if args.quick else report.NOT_MEASURED
    runs_note = ("median (min–max) of %d runs" % args.runs) if args.runs > 1 else "one run"
    m = res["machine"]
    out = ["# Kiosk benchmarks", "",
           "Measured %s by `bench/run.sh%s` in %.1f min: %s, %g s windows. "
           "Every launch on a fresh Xvfb `-screen 0 %s` (software rendering: Mesa llvmpipe "
           "for the kiosk, Chromium's software compositing). How each figure is measured: "
           "README, \"Performance\"."
           % (res.get("measured") or datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
              " --quick" if args.quick else (" --runs %d" % args.runs if args.runs != 3 else ""),
              duration / 60, runs_note, args.window, SCREEN),
           "", "## Machine", "",
           report.table(["", ""], [
               ["CPU", m["cpu"]], ["memory", m["memory"]], ["system", m["os"]],
               ["kernel", m["kernel"]], ["X server", m["xvfb"]],
               ["kiosk renderer", K[0]["renderer"] if K else "?"],
               ["Chromium", m["chromium"]], ["kiosk", m["kiosk"]], ["Python", m["python"]],
               ["load average", m["load"]],
               ["other processes mapping Mesa's LLVM or GL driver at the start (they share, "
                "and so lower, the kiosk's PSS)",
                ", ".join(m.get("sharers") or []) or "none"],
               ["the kiosk's shader cache (bench/.cache/shader-cache) at the start, then after "
                "two starts of each renderer and screen before the first measured run (a board "
                "keeps it on its data partition)",
                ("%d files" % m["shader_cache"] if "shader_cache" in m else "not recorded")
                + (", %d files" % m["shader_cache_warmed"]
                   if m.get("shader_cache_warmed") is not None else ", not warmed")],
               ["other processes during the windows",
                fmt([r[w]["others_cpu_pct"] for r in C for w in ("attract", "static", "photo")]
                    + [r[w]["others_cpu_pct"] for n in res["kiosk"] for r in res["kiosk"][n]
                       for w in ("attract", "static")], "% of a core", 0)]]),
           ""]

    w = "%g s" % args.window
    cx = (lambda f, unit, d: fmt(c(f), unit, d)) if have_c else (lambda f, unit, d: na)
    out += ["## Kiosk beside Chromium", "",
            "%d generated panels (texts in en + az, photographs from %s camera-size "
            "JPEGs: kiosk-pack scales them for the kiosk, ImageMagick to 1920x1080 for the web "
            "page), a crossfade every %d s; %s. "
            "Chromium: `chromium %s --user-data-dir=FRESH_TEMP_DIR`. Memory: PSS summed over "
            "the process tree; CPU: utime + stime of the tree over the window, in %% of one core."
            % (args.compare, args.photo_size, exhibit.DWELL_S, runs_note,
               " ".join(CHROMIUM_FLAGS)), ""]
    rows = [
        ["Start to first frame, own report (kiosk: its log line; Chromium: first-contentful-paint)",
         cx(lambda r: r["own_ms"], "ms", 0), fmt(k(lambda r: r["own_ms"]), "ms", 0),
         rat(k(lambda r: r["own_ms"]), c(lambda r: r["own_ms"])), "≤ 0.1"],
        ["Start to exhibit on screen, screen polling (same for both)",
         cx(lambda r: r["screen_ms"], "ms", 0), fmt(k(lambda r: r["screen_ms"]), "ms", 0),
         rat(k(lambda r: r["screen_ms"]), c(lambda r: r["screen_ms"])), "≤ 0.1"],
        ["PSS after %s of attract mode (Chromium: the slideshow)" % w,
         cx(lambda r: r["attract"]["pss_mib"], "MiB", 1),
         fmt(k(lambda r: r["attract"]["pss_mib"]), "MiB", 1),
         rat(k(lambda r: r["attract"]["pss_mib"]), c(lambda r: r["attract"]["pss_mib"])), "≤ 0.2"],
        ["PSS growth during the %s attract window (from its start to its end)" % w,
         cx(lambda r: r["attract"]["pss_growth_mib"], "MiB", 1),
         fmt(k(lambda r: r["attract"]["pss_growth_mib"]), "MiB", 1), "—", "flat"],
        ["PSS after %s on a static panel" % w,
         cx(lambda r: r["static"]["pss_mib"], "MiB", 1),
         fmt(k(lambda r: r["static"]["pss_mib"]), "MiB", 1),
         rat(k(lambda r: r["static"]["pss_mib"]), c(lambda r: r["static"]["pss_mib"])), "≤ 0.2"],
        ["PSS after %s of attract mode, one panel holding a 6000x4000 photo (kiosk: "
         "kiosk-pack scaled every photo to the screen, so its attract figure)" % w,
         cx(lambda r: r["photo"]["pss_mib"], "MiB", 1),
         fmt(k(lambda r: r["attract"]["pss_mib"]), "MiB", 1),
         rat(k(lambda r: r["attract"]["pss_mib"]), c(lambda r: r["photo"]["pss_mib"])), "≤ 0.2"],
        ["CPU over %s of attract mode" % w,
         cx(lambda r: r["attract"]["cpu_pct"], "%", 2),
         fmt(k(lambda r: r["attract"]["cpu_pct"]), "%", 2),
         rat(k(lambda r: r["attract"]["cpu_pct"]), c(lambda r: r["attract"]["cpu_pct"])), "≤ 0.333"],
        ["CPU over %s on a static panel" % w,
         cx(lambda r: r["static"]["cpu_pct"], "%", 2),
         fmt(k(lambda r: r["static"]["cpu_pct"]), "%", 2), "—", "< 0.5 % of a core"],
        ["Frame work p50 / p99 / max (attract, the kiosk's own CPU per frame without the swap)",
         "—",
         "%s / %s / %s ms" % (fmt(frames(K, "p50"), "", 2), fmt(frames(K, "p99"), "", 2),
                              fmt(frames(K, "max"), "", 2)),
         "—", "p99 < 2 ms, max < 4 ms"],
        ["The machine's own stalls beside it: the CPU time charged for a round trip between "
         "two other processes every 150 ms in the same window (bench/lib/roundtrip.py), p50 / "
         "p99 / max", "—", trips_cell(K, " ms"), "—", "none of it is the kiosk's"],
        ["Frames drawn per second in attract mode", "—",
         fmt(k(lambda r: r.get("frames_per_s")), "", 1), "—", "only visible steps"],
        ["Largest step of the slow pan between two frames (any point of a picture, attract "
         "window)", "—", fmt(k(lambda r: motion(r, "max")), "px", 2), "—", "≤ 1 px"],
        ["Frames drawn during %s on a static panel" % w, "—",
         fmt(k(lambda r: r["static_frames"]), "", 0), "—", "render only on change"],
        ["Xvfb's CPU during the attract window (not in the rows above)",
         cx(lambda r: r["attract"]["xvfb_cpu_pct"], "%", 2),
         fmt(k(lambda r: r["attract"]["xvfb_cpu_pct"]), "%", 2), "—", "—"],
        ["Processes in the tree", cx(lambda r: r["attract"]["processes"], "", 0),
         fmt(k(lambda r: r["attract"]["processes"]), "", 0), "—", "—"],
    ]
    out += [report.table(["measure", "Chromium", "kiosk", "kiosk / Chromium", "goal"], rows), ""]

    # Scale.
    out += ["## Scale: the kiosk on generated exhibits", "",
            "The same measurements for exhibits of %s panels (one %s photograph each, at "
            "most %d distinct ones); %s." % (", ".join(str(s) for s in sizes), args.photo_size,
                                             exhibit.POOL, runs_note), ""]
    srows = []
    for n in sizes:
        R = res["kiosk"][n]
        b = res["builds"][n]
        srows.append([
            str(n), "%.1f" % (b["bytes"] / 1e6),
            fmt([r["own_ms"] for r in R], "", 0), fmt([r["screen_ms"] for r in R], "", 0),
            fmt([r["attract"]["pss_mib"] for r in R], "", 1),
            fmt([r["attract"]["pss_growth_mib"] for r in R], "", 1),
            fmt([r["static"]["pss_mib"] for r in R], "", 1),
            fmt([r["attract"]["cpu_pct"] for r in R], "", 2),
            fmt([r["static"]["cpu_pct"] for r in R], "", 2),
            "%s / %s / %s" % (fmt(frames(R, "p50"), "", 2), fmt(frames(R, "p99"), "", 2),
                              fmt(frames(R, "max"), "", 2)),
        ])
    out += [report.table(["panels", "package MB", "start, own report ms",
                          "start, screen ms", "PSS attract MiB", "PSS growth in attract MiB",
                          "PSS static MiB",
                          "CPU attract %", "CPU static %", "frame work p50 / p99 / max ms"],
                         srows), ""]

    def spread(key):
        meds = [report.summary([key(r) for r in res["kiosk"][n]])[0] for n in sizes]
        return (max(meds) - min(meds)) / min(meds) if min(meds) > 0 else None

    spreads = {}
    if len(sizes) > 1:
        spreads = {"start_own": spread(lambda r: r["own_ms"]),
                   "start_screen": spread(lambda r: r["screen_ms"]),
                   "pss_attract": spread(lambda r: r["attract"]["pss_mib"]),
                   "pss_static": spread(lambda r: r["static"]["pss_mib"])}
        out += ["From %d to %d panels the medians spread by: start %.0f %% (own report), "
                "%.0f %% (screen); PSS %.1f %% (attract), %.1f %% (static)."
                % (sizes[0], sizes[-1], 100 * spreads["start_own"], 100 * spreads["start_screen"],
                   100 * spreads["pss_attract"], 100 * spreads["pss_static"]), ""]

    # The configurations of the small boards.
    pi = res.get("pi", {})
    if pi:
        out += ["## Pi-class configurations", "",
                "Attract mode on the %d-panel exhibit as a Pi-class board runs it: the GL2 "
                "renderer (`--renderer gl2`, the fallback for GPUs without GL3), one core "
                "(`taskset -c 0` on the kiosk: llvmpipe then rasterises on that core too) and "
                "an 800x480 screen (Xvfb `-screen 0 800x480x24`); %s, %s windows. The first row "
                "is the exhibit's runs above. CPU per frame: the process's CPU over the window "
                "divided by the frames it drew (llvmpipe's rasterising included)."
                % (args.compare, runs_note, w), ""]
        crow = []

        def per_frame(r):
            fps = r.get("frames_per_s")
            return 10.0 * r["attract"]["cpu_pct"] / fps if fps else None

        configs = [("GL3, 1920x1080, 2 cores (above)", K)] + list(pi.items())
        for name, R in configs:
            crow.append([name, fmt([r["attract"]["cpu_pct"] for r in R], "", 2),
                         fmt([r.get("frames_per_s") for r in R], "", 1),
                         fmt([per_frame(r) for r in R], "", 1),
                         "%s / %s / %s" % (fmt(frames(R, "p50"), "", 2),
                                           fmt(frames(R, "p99"), "", 2),
                                           fmt(frames(R, "max"), "", 2)),
                         trips_cell(R),
                         fmt([motion(r, "max") for r in R], "", 2),
                         fmt([r["attract"]["pss_mib"] for r in R], "", 1)])
        out += [report.table(["configuration", "CPU attract %", "frames / s",
                              "CPU per frame ms", "frame work p50 / p99 / max ms",
                              "the machine's round trips beside it p50 / p99 / max ms",
                              "largest pan step px", "PSS attract MiB"], crow), ""]

    # Diagnostics: what dominates.
    out += ["## Where the kiosk's start, CPU and memory go", ""]
    prow = []
    for n in sorted(res["kiosk"]):
        R = res["kiosk"][n]
        prow.append([str(n)] + [fmt([r["phases"].get(p) for r in R], "", 0)
                                for p in ("package", "window", "first_frame", "first_pixels",
                                          "picture")])
    out += ["Start, ms from fork: the kiosk's log lines as they arrive (the package opened "
            "and read, the window and GL context ready, the first frame presented), then the "
            "screen watch (the first pixels drawn, the first panel's picture shown).", "",
            report.table(["panels", "package read", "window + GL", "first frame presented",
                          "first pixels on screen", "picture on screen"], prow), ""]
    sc = res.get("shader_cache")
    if sc:
        out += ["Start to first frame, own report, with the GL driver's shader cache empty "
                "(the first start after an install or a driver upgrade) and then filled by "
                "that start (every start after it: a board keeps the cache on its data "
                "partition), %d panels, %d pairs: %s empty, %s filled."
                % (args.compare, len(sc["empty_ms"]), fmt(sc["empty_ms"], "ms", 0),
                   fmt(sc["filled_ms"], "ms", 0)), ""]

    def groups(field, mode):
        names = sorted({g for r in K for g in r[mode].get(field, {})})
        vals = {g: report.summary([r[mode].get(field, {}).get(g, 0.0) for r in K])[0]
                for g in names}
        return sorted(vals.items(), key=lambda kv: -kv[1])

    fps = report.summary(k(lambda r: r.get("frames_per_s")))
    if fps:
        cpu = report.summary(k(lambda r: r["attract"]["cpu_pct"]))[0]
        out += ["CPU in attract mode is frames per second times the CPU of one frame "
                "(%d panels, medians): %.1f frames/s × %.1f ms = %.2f %% of a core."
                % (args.compare, fps[0], 10.0 * cpu / fps[0] if fps[0] else 0, cpu), ""]
    th = groups("threads", "attract")
    out += ["CPU in attract mode by thread (%d panels, %% of one core, median): %s."
            % (args.compare, "; ".join("%s %.2f" % (g, v) for g, v in th if v >= 0.005)), ""]
    for mode in ("attract", "static"):
        mp = groups("mappings", mode)
        out += ["PSS after the %s window by mapping (%d panels, MiB, median): %s."
                % (mode, args.compare, "; ".join("%s %.1f" % (g, v) for g, v in mp if v >= 0.05)),
                ""]

    # Tools.
    smallest = min(sizes)
    imp = res["import"]
    out += ["## Curators' tools", ""]
    trows = [["kiosk-pack build, per image (%s JPEG in; %d-panel exhibit, every run)"
              % (args.photo_size, smallest), "—", fmt(res["pack"], "s", 2), "—", "—"]]
    for n in sizes:
        b = res["builds"][n]
        if n != smallest:
            trows.append(["kiosk-pack build, per image, %d panels (built %s, cached)"
                          % (n, b["built"]), "—", "%.2f s" % (b["seconds"] / b["images"]),
                          "—", "—"])
    if imp["status"] == "ok":
        trows.append(["kiosk-import throughput (%s, %.1f MB; plain cp + sync of the same file)"
                      % (imp["package"], imp["bytes"] / 1e6),
                      fmt(imp["cp_mb_s"], "MB/s", 1), fmt(imp["import_mb_s"], "MB/s", 1),
                      rat(imp["import_mb_s"], imp["cp_mb_s"]), "≥ 0.5"])
    else:
        trows.append(["kiosk-import throughput", "—", imp["status"], "—", "≥ 0.5"])
    out += [report.table(["measure", "cp + sync", "kiosk", "kiosk / cp", "goal"], trows), ""]

    # Budget.
    out += ["## Budget", ""]
    brows = []

    def goal(name, value, ok, detail):
        if value is None:
            brows.append([name, na, "—"])
        else:
            brows.append([name, value, report.verdict(ok, detail)])

    for label, key in (("own report", "own_ms"), ("screen polling", "screen_ms")):
        r = ratio(k(lambda x: x[key]), c(lambda x: x[key])) if have_c else None
        goal("Start to first frame ≤ 1/10 of Chromium's (%s)" % label,
             None if r is None else "%.3f × Chromium" % r, r is not None and r <= 0.1,
             "" if r is None else ("%.1f× the goal" % (r / 0.1) if r > 0.1 else "within"))
    for label, key in (("attract", "attract"), ("static", "static"),
                       ("attract, a 6000x4000 photo", "photo")):
        kk = "attract" if key == "photo" else key
        r = ratio(k(lambda x: x[kk]["pss_mib"]), c(lambda x: x[key]["pss_mib"])) if have_c else None
        goal("PSS ≤ 1/5 of Chromium's (%s)" % label, None if r is None else "%.3f × Chromium" % r,
             r is not None and r <= 0.2,
             "" if r is None else ("%.1f× the goal" % (r / 0.2) if r > 0.2 else "within"))
    for label, key in (("attract", "pss_attract"), ("static", "pss_static")):
        s = spreads.get(key)
        goal("PSS within 10 %% from %d to %d panels (%s)" % (sizes[0], sizes[-1], label),
             None if s is None else "%.1f %%" % (100 * s), s is not None and s <= 0.10,
             "" if s is None else ("%.1f points over" % (100 * s - 10) if s > 0.10 else "flat"))
    s = spreads.get("start_screen")
    goal("Start flat from %d to %d panels (screen polling, within 10 %%)" % (sizes[0], sizes[-1]),
         None if s is None else "%.0f %%" % (100 * s), s is not None and s <= 0.10,
         "" if s is None else ("grows %.0f %%" % (100 * s) if s > 0.10 else "flat"))
    all_static = [r["static"]["cpu_pct"] for n in res["kiosk"] for r in res["kiosk"][n]]
    worst = max(all_static)
    goal("Static-screen CPU < 0.5 % of a core (worst run, every exhibit)", "%.2f %%" % worst,
         worst < 0.5, "%.2f points over" % (worst - 0.5) if worst >= 0.5 else "idle")
    r = ratio(k(lambda x: x["attract"]["cpu_pct"]), c(lambda x: x["attract"]["cpu_pct"])) \
        if have_c else None
    goal("Attract CPU ≤ 1/3 of Chromium's", None if r is None else "%.3f × Chromium" % r,
         r is not None and r <= 1 / 3,
         "" if r is None else ("%.1f× the goal" % (r * 3) if r > 1 / 3 else "within"))
    every = [r for n in res["kiosk"] for r in res["kiosk"][n]] + \
        [r for c in pi for r in pi[c]]
    all_frames = [r["frames"] for r in every if r["frames"]]
    p99 = max(f["p99"] for f in all_frames) if all_frames else None
    mx = max(f["max"] for f in all_frames) if all_frames else None
    steps = [r["motion"] for r in every if r.get("motion")]
    worst_step = max(m["max"] for m in steps) if steps else None
    goal("No frame moves a panning picture by more than 1 px (worst step, every run)",
         None if worst_step is None else "%.2f px (%d of %d steps over 1 px)"
         % (worst_step, sum(m["over_1px"] for m in steps), sum(m["n"] for m in steps)),
         worst_step is not None and worst_step <= 1.0,
         "" if worst_step is None else ("%.2f px over" % (worst_step - 1) if worst_step > 1
                                        else "smooth"))
    probes = [r["attract"].get("roundtrip") for r in every]
    probes = [t for t in probes if t]
    stalls = ("; in the same windows the machine charged a round trip between two other "
              "processes up to %.2f ms (%d of %d over 2 ms)"
              % (max(t["max"] for t in probes), sum(t["over_2ms"] for t in probes),
                 sum(t["n"] for t in probes))) if probes else ""
    goal("Frame work p99 < 2 ms (worst run, every exhibit and configuration)",
         None if p99 is None else "%.2f ms" % p99, p99 is not None and p99 < 2,
         "" if p99 is None else ("%.2f ms over%s" % (p99 - 2, stalls) if p99 >= 2
                                 else "within"))
    goal("Frame work max < 4 ms: no decoding on the frame (worst frame, every exhibit and "
         "configuration)",
         None if mx is None else "%.2f ms" % mx, mx is not None and mx < 4,
         "" if mx is None else ("%.2f ms over%s" % (mx - 4, stalls) if mx >= 4 else "within"))
    if imp["status"] == "ok":
        r = ratio(imp["import_mb_s"], imp["cp_mb_s"])
        goal("Import ≥ 1/2 the speed of cp + sync", "%.3f × cp + sync" % r, r >= 0.5,
             "%.1f× too slow" % (0.5 / r) if r < 0.5 else "within")
    else:
        brows.append(["Import ≥ 1/2 the speed of cp + sync", imp["status"], "—"])
    out += [report.table(["goal", "measured", "verdict"], brows), ""]

    # Per run, for comparing later changes.
    out += ["## Per run", "", "Start ms (own report / screen), PSS MiB and CPU % (attract / "
            "static), frame work ms (p50 / p99 / max, attract frames; then the slowest of the "
            "round-trip probe's in the same window, and how many took over 2 ms), and the CPU "
            "that other "
            "processes on the machine used during the attract / static windows (% of a core).",
            ""]
    prow = []

    def frames_cell(r):
        f, t = r["frames"], r["attract"].get("roundtrip")
        if not f:
            return "no frames"
        cell = "%.2f / %.2f / %.2f (%d frames)" % (f["p50"], f["p99"], f["max"], f["n"])
        if t:
            cell += "; machine's round trips max %.2f, %d over 2 ms" % (t["max"], t["over_2ms"])
        return cell

    for i, r in enumerate(C):
        prow.append(["Chromium %d" % args.compare, str(i + 1),
                     "%.0f / %.0f" % (r["own_ms"], r["screen_ms"]),
                     "%.1f / %.1f (photo %.1f)" % (r["attract"]["pss_mib"], r["static"]["pss_mib"],
                                                   r["photo"]["pss_mib"]),
                     "%.2f / %.2f (photo %.2f)" % (r["attract"]["cpu_pct"], r["static"]["cpu_pct"],
                                                   r["photo"]["cpu_pct"]), "—",
                     "%.0f / %.0f" % (r["attract"]["others_cpu_pct"],
                                      r["static"]["others_cpu_pct"])])
    for n in sorted(res["kiosk"]):
        for i, r in enumerate(res["kiosk"][n]):
            prow.append(["kiosk %d" % n, str(i + 1), "%.0f / %.0f" % (r["own_ms"], r["screen_ms"]),
                         "%.1f / %.1f" % (r["attract"]["pss_mib"], r["static"]["pss_mib"]),
                         "%.2f / %.2f" % (r["attract"]["cpu_pct"], r["static"]["cpu_pct"]),
                         frames_cell(r),
                         "%.0f / %.0f" % (r["attract"]["others_cpu_pct"],
                                          r["static"]["others_cpu_pct"])])
    for name, R in pi.items():
        for i, r in enumerate(R):
            prow.append(["kiosk %d, %s" % (args.compare, name), str(i + 1), "—",
                         "%.1f / —" % r["attract"]["pss_mib"],
                         "%.2f / —" % r["attract"]["cpu_pct"],
                         frames_cell(r),
                         "%.0f / —" % r["attract"]["others_cpu_pct"]])
    out += [report.table(["program, panels", "run", "start ms", "PSS MiB", "CPU %",
                          "frame work ms", "others' CPU %"], prow), ""]
    # What the changes bought: written by hand beside the results, kept in every table.
    notes = os.path.join(args.root, "bench", "results", "changes.md")
    if os.path.exists(notes) and not args.quick:
        with open(notes, encoding="utf-8") as f:
            out += [f.read().rstrip("\n"), ""]
    return "\n".join(out)


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except BenchError as e:
        say("error: %s" % e)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
