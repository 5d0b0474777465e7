#!/usr/bin/env python3
"""Video playback beside a Chromium kiosk playing the same file (issue 15).

The same 1080p30 H.264 file (made here with ffmpeg: 60 s of testsrc2, no
sound, as the Pi's hardware decoder takes it) is played by each program on
its own fresh Xvfb (-screen 0 1920x1080x24, Mesa llvmpipe / Chromium's
software compositing), after the screen has settled:

  tap to first frame  kiosk: xdotool taps the play mark; its log line "first
                      picture of video N on screen T ms after the tap" (the
                      frame drawn, the tap's tick to the frame's tick) and,
                      timed from outside, the tap to that line's arrival.
                      Chromium: play() over the DevTools protocol to the first
                      requestVideoFrameCallback, measured in the page.
  playing             CPU (utime + stime of the process tree / window) and PSS
                      of the tree over the middle 40 s of playback.
  dropped frames      kiosk: mpv's counters at the end ("frames dropped: N by
                      the output, M by the decoder"); Chromium:
                      getVideoPlaybackQuality() at the end.
  static, attract     the kiosk's figures on the same exhibit with the video
                      (before it plays) beside the same exhibit without it, so
                      that a video in the package costs nothing until played.

    bench/video.py --build-dir build --cache-dir bench/.cache --output bench/results/video.md
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))

import bench  # noqa: E402
import cdp  # noqa: E402

VIDEO_S = 60
WINDOW_S = 40.0
TAP_HOME = bench.TAP_HOME
TAP_TILE = bench.TAP_TILE      # the first tile: the panel the video is put on
TAP_NEXT = (1023, 473)         # the picture's next arrow (the video follows the image)
TAP_PLAY = (560, 440)          # the middle of the picture: its play mark


def make_video(path):
    if os.path.exists(path):
        return
    subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                    "testsrc2=size=1920x1080:rate=30:duration=%d" % VIDEO_S,
                    "-c:v", "libx264", "-preset", "veryfast", "-profile:v", "high",
                    "-pix_fmt", "yuv420p", "-g", "60", "-threads", "2", path + ".tmp.mp4"],
                   check=True)
    os.replace(path + ".tmp.mp4", path)


def make_exhibits(ctx, video):
    """(package with the video on the first panel, the same package without it)."""
    src = os.path.join(ctx.work, "src")
    shutil.copytree(os.path.join(ctx.root, "kiosk-content"), src)
    plain = os.path.join(ctx.work, "plain.kiosk")
    bench.pack(ctx, src, plain)
    os.makedirs(os.path.join(src, "video"))
    shutil.copy(video, os.path.join(src, "video", "bench.mp4"))
    toml = os.path.join(src, "exhibit.toml")
    text = open(toml, encoding="utf-8").read()
    first = text.index("[[panel]]")
    after = text.index("[[panel]]", first + 1)
    text = (text[:after] + '[[panel.video]]\nfile = "video/bench.mp4"\nspeech = false\n\n'
            + text[after:])
    open(toml, "w", encoding="utf-8").write(text)
    with_video = os.path.join(ctx.work, "video.kiosk")
    bench.pack(ctx, src, with_video)
    return with_video, plain


def kiosk_cmd(ctx, pkg):
    return [ctx.kiosk, "--exhibit", pkg, "--windowed", "--size", "1920x1080",
            "--config", ctx.empty_config, "--state-dir", os.path.join(ctx.work, "state")]


def to_first_panel(k, env, x):
    """Attract, then the first panel: (attract window, static window), 10 s each."""
    k.wait_line(r"first frame on screen", 60)
    time.sleep(bench.SETTLE_S)
    attract = bench.window(k.proc.pid, 10, x.proc.pid)
    bench.tap(env, TAP_HOME)
    k.wait_line(r"screen: home$", 30)
    bench.tap(env, TAP_TILE)
    k.wait_line(r"screen: panel$", 30)
    time.sleep(bench.STATIC_SETTLE_S)
    return attract, bench.window(k.proc.pid, 10, x.proc.pid)


def measure_kiosk(ctx, pkg, tag, play=True):
    out = os.path.join(ctx.work, tag)
    os.makedirs(out, exist_ok=True)
    os.makedirs(os.path.join(ctx.work, "state"), exist_ok=True)
    bench.wait_for_quiet(ctx)
    with bench.Xvfb(os.path.join(out, "xvfb.log")) as x:
        env = ctx.env(x.display)
        k = bench.Launched(kiosk_cmd(ctx, pkg), env, os.path.join(out, "kiosk.log"))
        try:
            attract, static = to_first_panel(k, env, x)
            if not play:
                return {"attract": attract, "static": static}
            bench.tap(env, TAP_NEXT)
            time.sleep(bench.STATIC_SETTLE_S)
            seen = len(k.lines)
            t_tap = time.monotonic()
            bench.tap(env, TAP_PLAY)
            t_line, m = k.wait_line(r"first picture of video \d+ on screen (\d+) ms after the tap",
                                    30, seen)
            own_ms = float(m.group(1))
            outside_ms = (t_line - t_tap) * 1000.0
            time.sleep(5)
            playing = bench.window(k.proc.pid, WINDOW_S, x.proc.pid)
            _, m = k.wait_line(r"played to its end; frames dropped: (\d+) by the output, "
                               r"(\d+) by the decoder", VIDEO_S + 60, seen)
            dropped = int(m.group(1)) + int(m.group(2))
            decoding = k.count(r"video decoding in software") and "software" or "hardware"
        finally:
            k.stop()
    return {"own_ms": own_ms, "outside_ms": outside_ms, "playing": playing,
            "dropped": dropped, "decoding": decoding, "attract": attract, "static": static}


PAGE = """<!doctype html><meta charset="utf-8"><title>video</title>
<style>html,body{margin:0;background:#1b1c1e;height:100%%}
video{display:block;width:100%%;height:100%%;object-fit:contain}</style>
<video id="v" src="%s" playsinline preload="auto"></video>
<script>
window.bench = {first: null, tapped: null, play: null};
window.benchPlay = function () {
  const v = document.getElementById('v');
  window.bench.tapped = performance.now();
  v.requestVideoFrameCallback(function (now) { window.bench.first = performance.now(); });
  window.bench.play = 'pending';
  v.play().then(() => { window.bench.play = 'playing'; },
                e => { window.bench.play = 'failed: ' + e; });
  return 'started';
};
</script>
"""


def measure_chromium(ctx, video, tag):
    out = os.path.join(ctx.work, tag)
    os.makedirs(out, exist_ok=True)
    page_path = os.path.join(out, "video.html")
    with open(page_path, "w", encoding="utf-8") as f:
        f.write(PAGE % ("file://" + video))
    profile = tempfile.mkdtemp(prefix="chromium-profile-", dir=ctx.work)
    bench.wait_for_quiet(ctx)
    try:
        with bench.Xvfb(os.path.join(out, "xvfb.log")) as x:
            env = ctx.env(x.display)
            c = bench.Launched([ctx.chromium] + bench.CHROMIUM_FLAGS +
                               ["--user-data-dir=" + profile,
                                "--autoplay-policy=no-user-gesture-required",
                                "file://" + page_path], env, os.path.join(out, "chromium.log"))
            try:
                port = cdp.devtools_port(profile)
                page = cdp.Page(port)
                try:
                    deadline = time.monotonic() + 30
                    ready = "(document.getElementById('v') || {readyState: 0}).readyState"
                    while (page.evaluate(ready) or 0) < 3:
                        if time.monotonic() > deadline:
                            raise bench.BenchError("Chromium did not load the video")
                        time.sleep(0.1)
                    time.sleep(bench.STATIC_SETTLE_S)
                    page.evaluate("window.benchPlay()")
                    deadline = time.monotonic() + 30
                    started = "pending"
                    while started == "pending" and time.monotonic() < deadline:
                        time.sleep(0.02)
                        started = page.evaluate("window.bench.play")
                    if started != "playing":
                        raise bench.BenchError("Chromium cannot play the video: %s" % started)
                    deadline = time.monotonic() + 30
                    while page.evaluate("window.bench.first") is None:
                        if time.monotonic() > deadline:
                            raise bench.BenchError("Chromium showed no frame of the video")
                        time.sleep(0.05)
                    own_ms = page.evaluate("window.bench.first - window.bench.tapped")
                    time.sleep(5)
                    playing = bench.window(c.proc.pid, WINDOW_S, x.proc.pid)
                    deadline = time.monotonic() + VIDEO_S + 60
                    while not page.evaluate("document.getElementById('v').ended"):
                        if time.monotonic() > deadline:
                            raise bench.BenchError("Chromium did not play the video to its end")
                        time.sleep(0.5)
                    q = json.loads(page.evaluate(
                        "JSON.stringify((q => [q.droppedVideoFrames, q.totalVideoFrames])"
                        "(document.getElementById('v').getVideoPlaybackQuality()))"))
                finally:
                    page.close()
            finally:
                c.stop()
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return {"own_ms": own_ms, "playing": playing, "dropped": q[0], "total_frames": q[1]}


def render(res, machine):
    k, c, p = res["kiosk"], res["chromium"], res["plain"]
    ratio = lambda a, b: "%.2f" % (a / b) if b else "n/a"
    rows = [
        "| | kiosk | Chromium | kiosk / Chromium | goal |",
        "|---|---:|---:|---:|---|",
        "| tap to first frame (ms) | %.0f (from outside: %.0f) | %.0f | %s | under 300 ms |"
        % (k["own_ms"], k["outside_ms"], c["own_ms"], ratio(k["own_ms"], c["own_ms"])),
        "| CPU while playing (%% of a core) | %.1f | %.1f | %s | |"
        % (k["playing"]["cpu_pct"], c["playing"]["cpu_pct"],
           ratio(k["playing"]["cpu_pct"], c["playing"]["cpu_pct"])),
        "| Xvfb CPU while playing (%% of a core) | %.1f | %.1f | | |"
        % (k["playing"]["xvfb_cpu_pct"], c["playing"]["xvfb_cpu_pct"]),
        "| PSS while playing (MiB) | %.1f | %.1f | %s | at most 1/4 |"
        % (k["playing"]["pss_mib"], c["playing"]["pss_mib"],
           ratio(k["playing"]["pss_mib"], c["playing"]["pss_mib"])),
        "| frames dropped in %d s at 1080p30 | %d | %d of %d | | none |"
        % (VIDEO_S, k["dropped"], c["dropped"], c["total_frames"]),
    ]
    same = [
        "| the kiosk on the default exhibit | without the video | with the video | |",
        "|---|---:|---:|---|",
        "| attract CPU (%% of a core) | %.2f | %.2f | |"
        % (p["attract"]["cpu_pct"], k["attract"]["cpu_pct"]),
        "| attract PSS (MiB) | %.1f | %.1f | |" % (p["attract"]["pss_mib"], k["attract"]["pss_mib"]),
        "| static CPU (%% of a core) | %.2f | %.2f | |"
        % (p["static"]["cpu_pct"], k["static"]["cpu_pct"]),
        "| static PSS (MiB) | %.1f | %.1f | |" % (p["static"]["pss_mib"], k["static"]["pss_mib"]),
    ]
    return "\n".join([
        "# Video playback: the kiosk beside a Chromium kiosk (one run)", "",
        "Written by `bench/run.sh --video` (bench/video.py); how each figure is taken is in "
        "that file's header. %s" % machine, "",
        "The file: %d s of ffmpeg's testsrc2, 1920x1080, 30 fps, H.264 High, no sound. "
        "The kiosk decoded it in %s (this machine has no video decoder); a Pi decodes "
        "H.264 in hardware." % (VIDEO_S, k["decoding"]), "",
        *rows, "",
        "Other machine load during the playing windows: kiosk %.0f %%, Chromium %.0f %% of a core."
        % (k["playing"]["others_cpu_pct"], c["playing"]["others_cpu_pct"]), "",
        "## A video in the package costs nothing until it plays", "",
        *same, "",
        "10 s windows: attract after the first frame, static on the first panel (before the "
        "video plays). The player (libmpv) is made at the first play and released in attract "
        "mode.", ""])


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--root", default=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    p.add_argument("--build-dir", required=True)
    p.add_argument("--cache-dir", required=True)
    p.add_argument("--output", required=True)
    p.add_argument("--max-wait-quiet", type=float, default=30.0)
    args = p.parse_args(argv)
    bench_args = bench.parse_args(["--build-dir", args.build_dir, "--cache-dir", args.cache_dir,
                                   "--output", args.output, "--max-wait-quiet",
                                   str(args.max_wait_quiet), "--root", args.root])
    ctx = bench.Context(bench_args)
    video = os.path.join(ctx.cache, "bench-1080p30.mp4")
    make_video(video)
    with_video, plain = make_exhibits(ctx, video)
    res = {"kiosk": measure_kiosk(ctx, with_video, "kiosk-video"),
           "plain": measure_kiosk(ctx, plain, "kiosk-plain", play=False),
           "chromium": measure_chromium(ctx, video, "chromium-video")}
    machine = "Load at the start and end: %s, %s." % (ctx.load_at_start, bench.loadavg())
    text = render(res, machine)
    with open(args.output, "w", encoding="utf-8") as f:
        f.write(text)
    with open(os.path.splitext(args.output)[0] + ".json", "w", encoding="utf-8") as f:
        json.dump(res, f, indent=1)
    print(text)
    shutil.rmtree(ctx.work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except bench.BenchError as e:
        print("bench/video.py: " + str(e), file=sys.stderr)
        sys.exit(1)
