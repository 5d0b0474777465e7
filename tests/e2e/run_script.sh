#!/bin/sh
# Runs one scripted kiosk session under Xvfb (Mesa llvmpipe) and compares the
# named screenshots with the goldens.
#   run_script.sh KIOSK COMPARE GOLDEN_DIR OUT_DIR SCRIPT "SHOT..." [kiosk args...]
# Exits with the kiosk's status when the script fails, else the comparison's.
set -eu
# Its own X server, ended before this script returns (tests/tools/xvfb_run.sh).
XVFB_RUN=$(dirname "$0")/../tools/xvfb_run.sh
KIOSK=$1 COMPARE=$2 GOLDEN=$3 OUT=$4 SCRIPT=$5 SHOTS=$6
shift 6
rm -rf "$OUT"
mkdir -p "$OUT"
status=0
"$XVFB_RUN" "-screen 0 2048x2048x24" "$KIOSK" --script "$SCRIPT" --screenshots "$OUT" "$@" \
	>"$OUT/stdout.txt" 2>"$OUT/stderr.txt" || status=$?
cat "$OUT/stdout.txt"
if [ "$status" -ne 0 ]; then
	echo "the kiosk exited with status $status:"
	cat "$OUT/stderr.txt"
	exit "$status"
fi
if [ -n "$SHOTS" ]; then
	# shellcheck disable=SC2086 # SHOTS is a list of names
	exec "$COMPARE" "$GOLDEN" "$OUT" $SHOTS
fi
