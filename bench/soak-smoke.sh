#!/bin/sh
# The soak benchmark's smoke run, for the test suite: bench/soak.py for three
# 10-second "minutes" on a 4-panel exhibit without Chromium, with one scripted
# visit (two real taps) at "minute" 2. It checks that the code runs, samples
# each minute, visits, draws the plot and writes the tables, and that the
# summary's verdict tells a flat run from a leaking one (saved runs made up
# for it). It never judges a figure of the run itself.
#   bench/soak-smoke.sh BUILD_DIR OUT_DIR
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$1
OUT=$2
mkdir -p "$OUT"
rm -f "$OUT/soak.md" "$OUT/soak.png"
/usr/bin/python3 -B "$ROOT/bench/soak.py" --build-dir "$BUILD" --cache-dir "$OUT/cache" \
	--output "$OUT/soak.md" --save "$OUT/run.json" --minutes 3 --visit-every 1 --minute-s 10 \
	--compare 4 --sizes "" --photo-size 3000x2000 --no-chromium
fail() {
	echo "soak smoke: $1"
	cat "$OUT/soak.md"
	exit 1
}
for m in 0 1 2 3; do
	grep -q "^| $m | [0-9.]* / [0-9.]* " "$OUT/soak.md" || fail "no sample for minute $m"
done
grep -q "^| 2 | .* a v |" "$OUT/soak.md" || fail "no visit from attract mode at minute 2"
grep -q "^| 3 | .* p |" "$OUT/soak.md" || fail "the visit did not reach a panel"
[ -s "$OUT/soak.png" ] || fail "no plot"

# The verdict: a floor that rises by 2 MiB in 30 minutes grows; one that does not is flat.
/usr/bin/python3 - "$OUT" <<'PY'
import json, sys
out = sys.argv[1]
def run(label, leak):
    samples = []
    for m in range(61):
        base = 60.0 + leak * m / 30.0
        pss = base + (8 if m % 3 else 0)  # a picture more or less, by the crossfade
        screen = "panel" if m % 5 == 3 else "attract"
        samples.append([m, pss, pss + 60, screen, pss - 10])
    return {"label": label, "kind": "kiosk", "panels": 4, "binary": "made up",
            "first_frame_ms": 0, "samples": samples, "visits": []}
rec = {"started": "made up", "minutes": 60, "visit_every": 5, "compare": 4,
       "photo_size": "3000x2000", "large_photo_size": "3000x2000", "kiosk_commit": "made up",
       "machine": {"load": "0", "cpu": "made up"},
       "subjects": [run("flat", 0.0), run("leaking", 2.0)]}
json.dump(rec, open(out + "/made-up.json", "w"))
PY
/usr/bin/python3 -B "$ROOT/bench/soak.py" --render "$OUT/made-up.json" --output "$OUT/made-up.md"
grep -q "^| flat | .* | flat |$" "$OUT/made-up.md" || fail "the flat run is not called flat"
grep -q "^| leaking | .* | \*\*grows\*\* |$" "$OUT/made-up.md" || fail "the leaking run is not called growing"
echo "soak smoke: samples, a visit, the plot and the verdict in $OUT/soak.md"
