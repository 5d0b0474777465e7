#!/bin/sh
# The kiosk's side of a USB import: it shows the import's progress to the
# curator, and when `current` points at a package that cannot be opened it
# shows the previous good one instead of a broken screen.
#   import_status.sh KIOSK COMPARE PACKAGE GOLDEN_DIR OUT_DIR SCRIPT
set -eu
KIOSK=$1 COMPARE=$2 PKG=$3 GOLDEN=$4 OUT=$5 SCRIPT=$6
HERE=$(cd "$(dirname "$0")" && pwd)
rm -rf "$OUT"
mkdir -p "$OUT/state/exhibits"
cp "$PKG" "$OUT/state/exhibits/khojaly-1992-v1.kiosk"
touch -d "2026-01-01" "$OUT/state/exhibits/khojaly-1992-v1.kiosk"
# A newer package that is damaged (cut in half), made current.
head -c 300000 "$PKG" >"$OUT/state/exhibits/khojaly-1992-v2.kiosk"
ln -s exhibits/khojaly-1992-v2.kiosk "$OUT/state/current"
printf 'phase=copying\nprogress=0.40\nmessage=Checking the new exhibit… (khojaly-1992-v3.kiosk)\ntime=%s\n' \
	"$(date +%s)" >"$OUT/state/import-status"
# An import runs while it holds the import lock (flock holds it for the run).
flock -o "$OUT/state/import.lock" \
	"$HERE/run_script.sh" "$KIOSK" "$COMPARE" "$GOLDEN" "$OUT/run" "$SCRIPT" "st-01-import-progress" \
	--exhibit "$OUT/state/current" --state-dir "$OUT/state" --windowed --size 1920x1080
# The same status with no import holding the lock (killed, or a power cut
# mid-import): a progress bar left behind is never shown.
"$HERE/run_script.sh" "$KIOSK" "$COMPARE" "$GOLDEN" "$OUT/stale" "$SCRIPT" "" \
	--exhibit "$OUT/state/current" --state-dir "$OUT/state" --windowed --size 1920x1080
if grep -q "import status: Checking the new exhibit" "$OUT/stale/stderr.txt"; then
	echo "a stale running status was shown with no import holding the lock"
	exit 1
fi
grep -q "showing the previous exhibit khojaly-1992-v1.kiosk instead" "$OUT/run/stderr.txt" ||
	{ echo "the kiosk did not fall back to the previous package:"; cat "$OUT/run/stderr.txt"; exit 1; }
grep -q "import status: Checking the new exhibit" "$OUT/run/stderr.txt" ||
	{ echo "the import status was not shown"; exit 1; }
echo "the import status was shown, and the damaged current package fell back to the previous one"
