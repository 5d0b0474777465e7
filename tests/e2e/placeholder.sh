#!/bin/sh
# Damages the first panel's image inside a copy of the default exhibit, runs
# the kiosk on it, and checks the placeholder (golden) and the log (once).
#   placeholder.sh KIOSK COMPARE DEFAULT_PKG GOLDEN_DIR OUT_DIR SCRIPT
set -eu
KIOSK=$1 COMPARE=$2 PKG=$3 GOLDEN=$4 OUT=$5 SCRIPT=$6
HERE=$(cd "$(dirname "$0")" && pwd)
rm -rf "$OUT"
mkdir -p "$OUT"
cp "$PKG" "$OUT/damaged.kiosk"
# A JPEG start marker and nothing else: the header sniffs as JPEG, decoding fails.
sqlite3 "$OUT/damaged.kiosk" "UPDATE image SET data = X'FFD8FFE000104A464946' WHERE id = (SELECT image_id FROM panel_image pi JOIN panel p ON p.id = pi.panel_id WHERE p.position = 0 AND pi.position = 0);"
"$HERE/run_script.sh" "$KIOSK" "$COMPARE" "$GOLDEN" "$OUT/run" "$SCRIPT" \
	"ph-01-attract-placeholder ph-02-home" --exhibit "$OUT/damaged.kiosk" --windowed --size 1920x1080
count=$(grep -c "cannot be shown" "$OUT/run/stderr.txt" || true)
if [ "$count" -ne 1 ]; then
	echo "expected the damaged image to be logged exactly once, found $count times:"
	cat "$OUT/run/stderr.txt"
	exit 1
fi
echo "the damaged image was logged once"
