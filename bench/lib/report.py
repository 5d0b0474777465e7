"""Statistics and the Markdown table of the benchmarks, and a check that a
table is well formed (the smoke test asserts that, never timings)."""

import math
import re
import statistics

NOT_MEASURED = "not measured"


def percentile(values, p):
    """Nearest-rank percentile of a non-empty list."""
    v = sorted(values)
    return v[max(0, math.ceil(p / 100.0 * len(v)) - 1)]


def summary(values):
    """(median, min, max) of the values that were measured, or None."""
    v = [x for x in values if x is not None]
    if not v:
        return None
    return statistics.median(v), min(v), max(v)


def fmt(values, unit="", digits=0):
    """'median (min–max) unit' over runs; one run: 'value unit'."""
    s = summary(values)
    if s is None:
        return NOT_MEASURED
    med, lo, hi = s
    f = "%%.%df" % digits
    u = (" " + unit) if unit else ""
    if len([x for x in values if x is not None]) == 1:
        return (f % med) + u
    return "%s (%s–%s)%s" % (f % med, f % lo, f % hi, u)


def ratio(a, b):
    sa, sb = summary(a), summary(b)
    if sa is None or sb is None or sb[0] == 0:
        return None
    return sa[0] / sb[0]


def verdict(ok, detail):
    return ("met: " if ok else "**missed**: ") + detail


def table(header, rows):
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    for r in rows:
        cells = [str(c).replace("|", "/") for c in r]
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out)


REQUIRED_HEADINGS = [
    "# Kiosk benchmarks",
    "## Machine",
    "## Kiosk beside Chromium",
    "## Scale: the kiosk on generated exhibits",
    "## Curators' tools",
    "## Budget",
]
# Rows that must be there (by how they begin), each with a number in the kiosk column.
REQUIRED_ROWS = [
    "Start to first frame, own report",
    "Start to exhibit on screen, screen polling",
    "PSS after * of attract mode",
    "PSS after * on a static panel",
    "CPU over * of attract mode",
    "CPU over * on a static panel",
    "Frame work p50 / p99 / max",
    "kiosk-pack build, per image",
    "kiosk-import throughput",
]
NUMBER = re.compile(r"\d+(\.\d+)?")


def check(markdown):
    """Problems with a results file (empty when it is well formed)."""
    problems = []
    lines = markdown.splitlines()
    for h in REQUIRED_HEADINGS:
        if not any(l.startswith(h) for l in lines):
            problems.append("missing heading '%s'" % h)
    # Every table: a header, a separator, rows with as many cells as the header.
    i = 0
    while i < len(lines):
        if lines[i].startswith("|") and i + 1 < len(lines) and lines[i + 1].startswith("|---"):
            n = lines[i].count("|")
            j = i + 2
            while j < len(lines) and lines[j].startswith("|"):
                if lines[j].count("|") != n:
                    problems.append("line %d: %d cells where the header has %d"
                                    % (j + 1, lines[j].count("|") - 1, n - 1))
                j += 1
            if j == i + 2:
                problems.append("line %d: a table without rows" % (i + 1))
            i = j
        else:
            i += 1
    for name in REQUIRED_ROWS:
        rx = re.compile(r"\| " + r"[\d.]+ s".join(re.escape(p) for p in name.split("*")))
        row = next((l for l in lines if rx.match(l)), None)
        if row is None:
            problems.append("missing row '%s'" % name)
            continue
        cells = [c.strip() for c in row.strip("|").split("|")]
        kiosk = cells[2] if len(cells) > 2 else ""
        if name == "kiosk-import throughput":
            if not (NUMBER.search(kiosk) or kiosk.startswith(NOT_MEASURED)):
                problems.append("row '%s': no value" % name)
        elif not NUMBER.search(kiosk):
            problems.append("row '%s': the kiosk column has no number ('%s')" % (name, kiosk))
    return problems
