#!/usr/bin/env python3
"""The kiosk's soak benchmark: memory over an hour of attract mode with visits.

Run through `bench/run.sh --soak`. The kiosk (on the exhibit bench.py compares
with Chromium, and on a 1000-panel exhibit) and a Chromium kiosk showing the
same exhibit run side by side, each on its own fresh Xvfb (-screen 0
1920x1080x24), for --minutes (default 60):

  each minute   PSS and RSS of each program's process tree (/proc smaps_rollup)
                and the screen it shows;
  every --visit-every minutes (default 5, from minute 2): a scripted visit.
                The kiosk gets bench.py's two real taps (xdotool: the attract
                screen, then the first tile) and returns to attract mode by
                itself (idle timeout 90 s, "Still there?" 20 s); Chromium
                navigates to the same panel as a page and, 110 s later, back
                to the slideshow.

The results (bench/results/soak.md) hold a per-minute table, a plot
(bench/results/soak.png, gnuplot) and the summary: the steady state (the mean
of the last 30 minutes), the growth over the last 30 minutes, and the kiosk's
steady-state PSS against Chromium's. Running side by side shares the two
cores, which changes CPU figures, not memory ones; no CPU is reported here.

Reuses bench.py's launch, content and Chromium helpers (imported, not copied).
`--render RUN.json ...` writes the results again from saved runs (a run saves
its samples beside the output as soak-TAG.json) and can join runs made apart.
"""

import argparse
import datetime
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "lib"))

import bench  # noqa: E402
import cdp  # noqa: E402
import procfs  # noqa: E402
import report  # noqa: E402

VISIT_S = 110      # the kiosk's default idle timeout + "Still there?": Chromium's visit lasts as long
STEADY_MIN = 30    # the steady state: the last 30 minutes
FLAT_MIB = 1.0     # goal: the last 30 minutes grow by less than this
RATIO_GOAL = 0.2   # goal: kiosk steady-state PSS at most 1/5 of Chromium's
SCREEN_LINE = re.compile(r"screen: ([a-z-]+)$")


def say(msg):
    print("soak: " + msg, file=sys.stderr, flush=True)


def memory_kib(pids):
    """(PSS, RSS, USS) in KiB summed over `pids`. RSS counts shared pages in
    every process; USS (private pages) counts none: PSS lies between."""
    pss = rss = uss = 0
    for pid in pids:
        try:
            with open("/proc/%d/smaps_rollup" % pid, encoding="ascii") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        pss += int(line.split()[1])
                    elif line.startswith("Rss:"):
                        rss += int(line.split()[1])
                    elif line.startswith("Private_"):
                        uss += int(line.split()[1])
        except (OSError, ValueError):
            pass
    return pss, rss, uss


class Subject:
    """One program on its own Xvfb, sampled each minute."""

    def __init__(self, label, kind, panels):
        self.label, self.kind, self.panels = label, kind, panels
        self.samples = []  # [minute, pss MiB, rss MiB, screen, uss MiB]
        self.visits = []   # [minute, what happened]
        self.xvfb = None
        self.launched = None

    def sample(self, minute):
        pss, rss, uss = memory_kib(procfs.tree(self.launched.proc.pid))
        if self.launched.proc.poll() is not None:
            raise bench.BenchError("%s exited (%s); log: %s" % (self.label, self.launched.proc.returncode,
                                                               self.launched.log.name))
        self.samples.append([minute, pss / 1024.0, rss / 1024.0, self.screen(), uss / 1024.0])

    def stop(self):
        if self.launched:
            self.launched.stop()
        if self.xvfb:
            self.xvfb.__exit__(None, None, None)


class Kiosk(Subject):
    def __init__(self, label, binary, pkg, panels, ctx):
        super().__init__(label, "kiosk", panels)
        self.binary, self.pkg, self.ctx = binary, pkg, ctx

    def start(self, out):
        self.xvfb = bench.Xvfb(os.path.join(out, self.label + "-xvfb.log")).__enter__()
        self.env = self.ctx.env(self.xvfb.display)
        self.launched = bench.Launched([self.binary, "--exhibit", self.pkg, "--config",
                                        self.ctx.empty_config], self.env,
                                       os.path.join(out, self.label + ".log"))
        _, m = self.launched.wait_line(r"first frame on screen (\d+) ms after start", 90)
        self.first_frame_ms = int(m.group(1))

    def screen(self):
        # "screen: NAME" alone: a screen change ("screen: NAME: every picture
        # shown" follows it once the screen is whole).
        with self.launched.cond:
            shown = [m.group(1) for m in (SCREEN_LINE.search(l) for _, l in self.launched.lines)
                     if m]
        return shown[-1] if shown else "attract"

    def visit(self, minute):
        if self.screen() != "attract":
            self.visits.append([minute, "skipped: still on %s" % self.screen()])
            return
        start = len(self.launched.lines)
        bench.tap(self.env, bench.TAP_HOME)
        self.launched.wait_line(r"screen: home", 20, start)
        bench.tap(self.env, bench.TAP_TILE)
        self.launched.wait_line(r"screen: panel", 20, start)
        self.visits.append([minute, "home, panel; back to attract by itself"])


class Chromium(Subject):
    def __init__(self, label, html_dir, panels, ctx):
        super().__init__(label, "chromium", panels)
        self.html_dir, self.ctx = html_dir, ctx
        self.page = "slideshow.html"
        self.timer = None

    def url(self, page):
        return "file://" + os.path.join(self.html_dir, page)

    def start(self, out):
        self.profile = tempfile.mkdtemp(prefix="chromium-profile-", dir=self.ctx.work)
        self.xvfb = bench.Xvfb(os.path.join(out, self.label + "-xvfb.log")).__enter__()
        env = self.ctx.env(self.xvfb.display)
        self.launched = bench.Launched([self.ctx.chromium] + bench.CHROMIUM_FLAGS
                                       + ["--user-data-dir=" + self.profile, self.url(self.page)],
                                       env, os.path.join(out, self.label + ".log"))
        self.port = cdp.devtools_port(self.profile)
        self.first_frame_ms = (cdp.first_contentful_paint_epoch_ms(self.port)
                               - self.launched.epoch0 * 1000.0)

    def screen(self):
        return "panel" if self.page == "static.html" else "attract"

    def _go(self, page):
        bench.navigate(self.port, self.url(page))
        self.page = page

    def visit(self, minute):
        if self.timer and self.timer.is_alive():
            self.visits.append([minute, "skipped: still on the panel"])
            return
        self._go("static.html")
        self.timer = threading.Timer(VISIT_S, self._go, args=("slideshow.html",))
        self.timer.daemon = True
        self.timer.start()
        self.visits.append([minute, "panel page; slideshow again after %d s" % VISIT_S])

    def stop(self):
        if self.timer:
            self.timer.cancel()
        super().stop()
        shutil.rmtree(self.profile, ignore_errors=True)


# --- Run ----------------------------------------------------------------------------

def run(args):
    bench_args = bench.parse_args(["--build-dir", args.build_dir, "--cache-dir", args.cache_dir,
                                   "--output", args.output, "--photo-size", args.photo_size]
                                  + (["--no-chromium"] if args.no_chromium else []))
    ctx = bench.Context(bench_args)
    for tool in ("Xvfb", "xdotool", "convert"):
        if not shutil.which(tool):
            raise bench.BenchError("%s is missing: run deploy/install-deps.sh" % tool)
    content = bench.Content(ctx)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    content.prepare_photos(max([args.compare] + sizes))
    compare_pkg, _ = content.package(args.compare)
    html = content.html(args.compare) if ctx.chromium else None
    # The large exhibits may come from smaller camera photos to pack faster
    # (kiosk-pack scales every photo to the screen either way).
    large = content
    if args.large_photo_size != args.photo_size:
        large_args = bench.parse_args(["--build-dir", args.build_dir, "--cache-dir",
                                       args.cache_dir, "--output", args.output, "--photo-size",
                                       args.large_photo_size, "--no-chromium"])
        large_ctx = bench.Context(large_args)
        large = bench.Content(large_ctx)
        large.prepare_photos(max(sizes) if sizes else 1)
    kiosks = [("kiosk", ctx.kiosk)] + [tuple(k.split("=", 1)) for k in args.kiosk]
    subjects = []
    if ctx.chromium:
        subjects.append(Chromium("chromium-%d" % args.compare, html, args.compare, ctx))
    for label, binary in kiosks:
        subjects.append(Kiosk("%s-%d" % (label, args.compare), binary, compare_pkg,
                              args.compare, ctx))
    for n in sizes:
        pkg, _ = large.package(n)
        for label, binary in kiosks:
            subjects.append(Kiosk("%s-%d" % (label, n), binary, pkg, n, ctx))

    # The build under test, named before the hour in which the tree may move on.
    commit = bench.first_line(["git", "-C", ctx.root, "describe", "--always", "--dirty"])
    out = os.path.join(ctx.work, "soak")
    os.makedirs(out)
    started = datetime.datetime.now(datetime.timezone.utc)
    try:
        for s in subjects:
            say("starting %s" % s.label)
            s.start(out)
        t0 = time.monotonic()
        for minute in range(args.minutes + 1):
            delay = t0 + args.minute_s * minute - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            for s in subjects:
                s.sample(minute)
            say("minute %d: %s" % (minute, ", ".join(
                "%s %.1f/%.1f" % (s.label, s.samples[-1][1], s.samples[-1][2]) for s in subjects)))
            if minute >= 2 and (minute - 2) % args.visit_every == 0 and minute < args.minutes:
                for s in subjects:
                    s.visit(minute)
    finally:
        for s in subjects:
            s.stop()
    rec = {
        "started": started.strftime("%Y-%m-%d %H:%M UTC"),
        "minutes": args.minutes, "visit_every": args.visit_every, "minute_s": args.minute_s,
        "compare": args.compare, "photo_size": args.photo_size,
        "large_photo_size": args.large_photo_size,
        "kiosk_commit": commit,
        "machine": {"load": bench.loadavg(), "cpu": bench.first_line(["lscpu"], "Model name").split(":", 1)[-1].strip()},
        "subjects": [{"label": s.label, "kind": s.kind, "panels": s.panels,
                      "binary": getattr(s, "binary", ctx.chromium),
                      "first_frame_ms": s.first_frame_ms, "samples": s.samples,
                      "visits": s.visits} for s in subjects],
    }
    shutil.rmtree(ctx.work, ignore_errors=True)
    return rec


# --- Results ------------------------------------------------------------------------

def steady(samples, field):
    """(mean over the last STEADY_MIN minutes, growth over them: last - first)."""
    last = samples[-1][0]
    window = [s[field] for s in samples if s[0] >= last - STEADY_MIN]
    return sum(window) / len(window), window[-1] - window[0]


def envelope(samples, field):
    """(floor growth, peak growth): the lowest and the highest sample of the
    last 10 minutes against those of the 10 minutes that begin the last 30
    (each 10 minutes holds two visits at the same points of the cycle). A
    leak lifts the floor: what the process holds at its least."""
    last = samples[-1][0]
    first = [s[field] for s in samples if last - STEADY_MIN <= s[0] < last - STEADY_MIN + 10]
    end = [s[field] for s in samples if s[0] > last - 10]
    if not first or not end:
        return float("nan"), float("nan")
    return min(end) - min(first), max(end) - max(first)


def trend(samples, field):
    """Growth over the last STEADY_MIN minutes by a least-squares line through
    the samples taken in attract mode (a visit's panel holds less, and a
    sample falls anywhere in a crossfade: the line sees through both)."""
    last = samples[-1][0]
    pts = [(s[0], s[field]) for s in samples if s[0] >= last - STEADY_MIN and s[3] == "attract"]
    if len(pts) < 3:
        return float("nan")
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    sxx = sum((x - mx) ** 2 for x, _ in pts)
    return sum((x - mx) * (y - my) for x, y in pts) / sxx * STEADY_MIN


def plot(runs, png):
    gnuplot = shutil.which("gnuplot")
    if not gnuplot:
        return "no plot: gnuplot is missing (deploy/install-deps.sh installs gnuplot-nox)"
    tmp = tempfile.mkdtemp(prefix="soak-plot-")
    try:
        lines = []
        colour = 0
        for r in runs:
            for s in r["subjects"]:
                colour += 1
                dat = os.path.join(tmp, s["label"] + ".dat")
                with open(dat, "w", encoding="ascii") as f:
                    for m, pss, rss, *_ in s["samples"]:
                        f.write("%d %.2f %.2f\n" % (m, pss, rss))
                lines.append("'%s' using 1:2 with linespoints lc %d pt 7 ps 0.4 lw 2 "
                             "title '%s PSS'" % (dat, colour, s["label"]))
                lines.append("'%s' using 1:3 with lines lc %d dt 2 title '%s RSS'"
                             % (dat, colour, s["label"]))
        script = "\n".join([
            "set terminal pngcairo size 1200,700 font 'Noto Sans,10'" if _has_cairo(gnuplot)
            else "set terminal png size 1200,700",
            "set output '%s'" % png,
            "set title 'Memory over the soak (PSS: solid; RSS: dashed; each process tree)'",
            "set xlabel 'minutes since the first frame'",
            "set ylabel 'MiB'",
            "set logscale y", "set yrange [40:2000]", "set grid",
            "set key outside right top",
            "plot " + ", ".join(lines)])
        r = subprocess.run([gnuplot], input=script, text=True, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT)
        if r.returncode != 0:
            return "no plot: gnuplot failed: " + r.stdout.strip()
        return None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _has_cairo(gnuplot):
    r = subprocess.run([gnuplot, "-e", "set terminal"], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    return "pngcairo" in r.stdout


def render(runs, png_name):
    subjects = [s for r in runs for s in r["subjects"]]
    chromium = [s for s in subjects if s["kind"] == "chromium"]
    kiosks = [s for s in subjects if s["kind"] == "kiosk"]
    first = runs[0]
    md = ["# Kiosk soak benchmark", ""]
    for r in runs:
        kiosk_sizes = sorted({x["panels"] for x in r["subjects"] if x["kind"] == "kiosk"})
        md.append("%sstarted %s: %d minutes, a scripted visit every %d minutes from minute 2; "
                  "kiosk build `%s`; exhibits of %s panels (the %d-panel one from %s camera "
                  "photos%s); %s; load average at the end %s. Programs: %s." % (
                      "**%s**: " % r["name"] if r.get("name") else "", r["started"], r["minutes"],
                      r["visit_every"], r["kiosk_commit"],
                      " and ".join(str(n) for n in kiosk_sizes), r["compare"], r["photo_size"],
                      ", the others from %s ones" % r["large_photo_size"]
                      if len(kiosk_sizes) > 1 else "",
                      r["machine"]["cpu"].split(":", 1)[-1].strip(), r["machine"]["load"],
                      ", ".join("%s (%s)" % (x["label"], x["binary"]) for x in r["subjects"])))
        md.append("")
    md += [
        "Measured by `bench/run.sh --soak` (`bench/soak.py`). The programs run **side by side**, "
        "each on its own fresh Xvfb `-screen 0 1920x1080x24` (software rendering: Mesa llvmpipe "
        "for the kiosk, Chromium's software compositing): they share the machine's cores, which "
        "changes CPU and timing, not what a process holds; no CPU figure is reported here. "
        "Memory: PSS and RSS summed over each program's process tree (`/proc/PID/smaps_rollup`), "
        "once a minute from the first frame (minute 0). RSS counts a shared page in every "
        "process of the tree, so Chromium's RSS sum overstates what it holds; PSS does not.",
        "",
        "Content: generated panels as bench.py's (texts in en + az, camera-size photos, at "
        "most 100 distinct; kiosk-pack scales each to the screen, so a package holds one "
        "screen-size picture per panel whatever the camera size); Chromium shows the same "
        "panels as static HTML (bench.py's slideshow, photos scaled to 1920x1080). Visits: "
        "the kiosk gets two real taps (xdotool: the attract screen, then the first tile) and "
        "returns to attract mode by itself after 90 s idle and 20 s of \"Still there?\"; "
        "Chromium navigates to the panel as a page and back to the slideshow %d s later."
        % VISIT_S,
        "",
        "## Summary", "",
    ]
    c_pss = steady(chromium[0]["samples"], 1)[0] if chromium else None
    rows = []
    for s in subjects:
        pss, pss_g = steady(s["samples"], 1)
        rss, rss_g = steady(s["samples"], 2)
        has_uss = len(s["samples"][0]) > 4
        uss_f = envelope(s["samples"], 4)[0] if has_uss else float("nan")
        uss = ("%.1f (floor %+.1f)" % (steady(s["samples"], 4)[0], uss_f)) if has_uss else "—"
        pss_t, rss_t = trend(s["samples"], 1), trend(s["samples"], 2)
        (pss_f, pss_p), (rss_f, rss_p) = envelope(s["samples"], 1), envelope(s["samples"], 2)
        ratio = "%.3f" % (pss / c_pss) if c_pss and s["kind"] == "kiosk" else "—"
        # Judged on what no other process changes: a kiosk's PSS moves when
        # another kiosk starts or stops (their libraries' pages are split anew).
        judged = (uss_f if has_uss else pss_f, rss_f)
        flat = max(judged) < FLAT_MIB
        short = any(math.isnan(v) for v in judged)
        rows.append([s["label"], "%.1f" % s["samples"][0][1], "%.1f" % pss,
                     "%+.1f / %+.1f / %+.1f / %+.1f" % (pss_f, pss_p, pss_g, pss_t),
                     "%.1f" % s["samples"][0][2], "%.1f" % rss,
                     "%+.1f / %+.1f / %+.1f / %+.1f" % (rss_f, rss_p, rss_g, rss_t), uss, ratio,
                     "—" if s["kind"] != "kiosk" else
                     ("too short to tell" if short else "flat" if flat else "**grows**") + (
                         "" if not c_pss else "; " + ("within 1/5" if pss <= RATIO_GOAL * c_pss
                                                      else "**over 1/5**"))])
    md += report.table(["program", "PSS at minute 0 MiB", "PSS steady MiB (mean of last 30 min)",
                        "PSS growth, last 30 min: floor / peak / last − first / trend MiB",
                        "RSS at minute 0 MiB", "RSS steady MiB",
                        "RSS growth, last 30 min: floor / peak / last − first / trend MiB",
                        "USS (private) steady MiB (floor growth)", "steady PSS / Chromium's",
                        "goal: < 1 MiB growth, ≤ 1/5"], rows).splitlines()
    md += ["", "Growth over the last 30 minutes, four ways. A sample falls anywhere in a "
           "crossfade (which holds a picture more or less) or in a visit, so one sample against "
           "another moves by several MiB either way; the floor and the peak do not. Floor / "
           "peak: the lowest / highest sample of the last 10 minutes minus that of the 10 "
           "minutes that begin the last 30 (each 10 minutes holds two visits at the same points "
           "of the cycle); a leak lifts the floor. Last − first: the last sample minus the one "
           "30 minutes earlier (the same point of the visit cycle). Trend: a least-squares line "
           "through the attract-mode samples, times 30 minutes. \"Flat\": the floor of USS "
           "(private memory) and of RSS grew by less than 1 MiB; PSS is not judged, as it "
           "moves when another process sharing the libraries starts or stops. "
           "PSS splits a page shared by several processes "
           "between them: two kiosks running at once share their libraries (LLVM alone is "
           "about 16 MiB), so a kiosk's PSS is lower while another one runs; USS counts only "
           "the process's own pages, and RSS every page it maps."]
    md += ["", "![PSS and RSS over the soak](%s)" % png_name, "", "## Per minute", "",
           "PSS / RSS in MiB of each process tree; the screen each showed (a = attract, "
           "p = a panel, h = home, s = \"Still there?\"); v marks a visit right after the sample.", ""]
    minutes = sorted({m for s in subjects for m, *_ in s["samples"]})
    abbrev = {"attract": "a", "panel": "p", "home": "h", "still-there": "s"}
    header = ["minute"] + [s["label"] for s in subjects]
    body = []
    for m in minutes:
        row = [str(m)]
        for s in subjects:
            smp = next((x for x in s["samples"] if x[0] == m), None)
            visited = any(v[0] == m and not v[1].startswith("skipped") for v in s["visits"])
            row.append("—" if smp is None else "%.1f / %.1f %s%s" % (
                smp[1], smp[2], abbrev.get(smp[3], smp[3]), " v" if visited else ""))
        body.append(row)
    md += report.table(header, body).splitlines()
    md.append("")
    return "\n".join(md)


def header_bars(md, line):
    """The number of '|' in the header of the table holding `line`."""
    lines = md.splitlines()
    i = lines.index(line)
    while i > 0 and lines[i - 1].startswith("|"):
        i -= 1
    return lines[i].count("|")


def write_results(runs, output, notes=None):
    png = os.path.splitext(output)[0] + ".png"
    md = render(runs, os.path.basename(png))
    if notes:
        # What each change bought and why the figures are what they are:
        # written by hand for the runs at hand, kept in its own file.
        with open(notes, encoding="utf-8") as f:
            md = md.replace("## Per minute", f.read().rstrip() + "\n\n## Per minute", 1)
    problem = plot(runs, png)
    if problem:
        md += "\n" + problem + "\n"
        say(problem)
    with open(output, "w", encoding="utf-8") as f:
        f.write(md)
    # Every table row has as many cells as its header.
    for line in md.splitlines():
        if line.startswith("|") and line.count("|") != header_bars(md, line):
            raise bench.BenchError("the soak table is not well formed: " + line)
    say("wrote %s and %s" % (output, png))


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--build-dir", default=os.path.join(os.path.dirname(HERE), "build"))
    p.add_argument("--cache-dir", default=os.path.join(HERE, ".cache"))
    p.add_argument("--output", default=os.path.join(HERE, "results", "soak.md"))
    p.add_argument("--minutes", type=int, default=60)
    p.add_argument("--visit-every", type=int, default=5, metavar="MIN")
    p.add_argument("--compare", type=int, default=12, help="panels of the exhibit beside Chromium")
    p.add_argument("--sizes", default="1000", help="panels of the larger kiosk exhibits")
    p.add_argument("--photo-size", default="6000x4000")
    p.add_argument("--large-photo-size", default="6000x4000",
                   help="camera photos of the larger exhibits")
    p.add_argument("--kiosk", action="append", default=[], metavar="LABEL=BINARY",
                   help="another kiosk binary beside the build's (e.g. the build before a change)")
    p.add_argument("--no-chromium", action="store_true")
    p.add_argument("--minute-s", type=float, default=60.0, help=argparse.SUPPRESS)  # smoke test
    p.add_argument("--save", metavar="FILE", help="the run's samples (JSON; default beside --output)")
    p.add_argument("--render", nargs="+", metavar="RUN.json",
                   help="only write the results from saved runs")
    p.add_argument("--notes", metavar="FILE.md",
                   help="a hand-written section (causes, what each change bought) to include")
    return p.parse_args(argv)


def main(argv):
    args = parse_args(argv)
    if args.render:
        runs = []
        for path in args.render:
            with open(path, encoding="utf-8") as f:
                runs.append(json.load(f))
        write_results(runs, args.output, args.notes)
        return 0
    if args.minutes < STEADY_MIN + 1:
        say("note: fewer than %d minutes: the steady state is the whole run after minute 0"
            % (STEADY_MIN + 1))
    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    rec = run(args)
    save = args.save or os.path.splitext(args.output)[0] + "-%s.json" % datetime.datetime.now(
        datetime.timezone.utc).strftime("%Y%m%d-%H%M")
    with open(save, "w", encoding="utf-8") as f:
        json.dump(rec, f)
    say("samples saved in " + save)
    write_results([rec], args.output, args.notes)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except (bench.BenchError, cdp.CdpError) as e:
        say(str(e))
        sys.exit(1)
