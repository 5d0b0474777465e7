#!/bin/sh
# The benchmarks' smoke run, for the test suite: one run of the bench code on a
# small exhibit without Chromium (bench/run.sh --quick). It checks that the
# code runs and writes a well-formed table; it never judges a timing.
#   bench/smoke.sh BUILD_DIR OUT_DIR
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$1
OUT=$2
mkdir -p "$OUT"
rm -f "$OUT/quick.md"
"$ROOT/bench/run.sh" --quick --no-build --build-dir "$BUILD" --cache-dir "$OUT/cache" \
	--output "$OUT/quick.md" >"$OUT/stdout.md"
/usr/bin/python3 -B "$ROOT/bench/bench.py" --check "$OUT/quick.md"
echo "bench smoke: a well-formed table in $OUT/quick.md"
