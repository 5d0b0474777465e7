#!/bin/sh
# A package that opens and passes its checks but carries a font FreeType
# cannot use (a truncated .ttf): the kiosk must not exit (a restart loop
# would reboot the board for ever); it drops the package and shows the
# previous good one, on screen exactly as the default exhibit's attract.
#   broken_font.sh KIOSK COMPARE PACKAGE GOLDEN_DIR OUT_DIR SCRIPT
set -eu
KIOSK=$1 COMPARE=$2 PKG=$3 GOLDEN=$4 OUT=$5 SCRIPT=$6
HERE=$(cd "$(dirname "$0")" && pwd)
rm -rf "$OUT"
mkdir -p "$OUT/state/exhibits"
cp "$PKG" "$OUT/state/exhibits/khojaly-1992-v1.kiosk"
touch -d "2026-01-01" "$OUT/state/exhibits/khojaly-1992-v1.kiosk"
cp "$PKG" "$OUT/state/exhibits/khojaly-1992-v2.kiosk"
# The first 4 KB of a real font: its header is right, its tables are cut off.
FONT=$(find /usr/share/fonts/truetype/noto -name 'NotoSans-Regular.ttf' | head -n 1)
head -c 4096 "$FONT" >"$OUT/truncated.ttf"
sqlite3 "$OUT/state/exhibits/khojaly-1992-v2.kiosk" \
	"INSERT INTO font(name, data) VALUES ('body.ttf', readfile('$OUT/truncated.ttf'))"
ln -s exhibits/khojaly-1992-v2.kiosk "$OUT/state/current"
"$HERE/run_script.sh" "$KIOSK" "$COMPARE" "$GOLDEN" "$OUT/run" "$SCRIPT" "01-attract" \
	--exhibit "$OUT/state/current" --state-dir "$OUT/state" --windowed --size 1920x1080
grep -q "the exhibit's fonts cannot be used" "$OUT/run/stderr.txt" ||
	{ echo "the broken font was not reported:"; cat "$OUT/run/stderr.txt"; exit 1; }
grep -q "showing the previous exhibit khojaly-1992-v1.kiosk instead" "$OUT/run/stderr.txt" ||
	{ echo "the kiosk did not fall back to the previous package:"; cat "$OUT/run/stderr.txt"; exit 1; }
echo "the package with a broken font was dropped; the previous exhibit is on screen"
