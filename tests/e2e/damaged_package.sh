#!/bin/sh
# A package damaged in the middle (its text readable, some image pages
# zeroed): the kiosk shows it at once, checks the whole file on another
# thread, then drops it and shows the previous good package.
#   damaged_package.sh KIOSK PACKAGE OUT_DIR
set -eu
KIOSK=$1 PKG=$2 OUT=$3
HERE=$(cd "$(dirname "$0")" && pwd)
rm -rf "$OUT"
mkdir -p "$OUT/state/exhibits"
cp "$PKG" "$OUT/state/exhibits/khojaly-1992-v1.kiosk"
touch -d "2026-01-01" "$OUT/state/exhibits/khojaly-1992-v1.kiosk"
cp "$PKG" "$OUT/state/exhibits/khojaly-1992-v2.kiosk"
size=$(stat -c %s "$PKG")
dd if=/dev/zero of="$OUT/state/exhibits/khojaly-1992-v2.kiosk" bs=4096 seek=$((size * 3 / 5 / 4096)) count=32 \
	conv=notrunc 2>/dev/null
ln -s exhibits/khojaly-1992-v2.kiosk "$OUT/state/current"
cat >"$OUT/inner.sh" <<INNER
#!/bin/sh
set -eu
LOG="$OUT/kiosk.log"
"$KIOSK" --exhibit "$OUT/state/current" --state-dir "$OUT/state" --windowed 2>"\$LOG" &
PID=\$!
trap 'kill \$PID 2>/dev/null || true' EXIT
. "$HERE/wait_for.sh"
wait_for "from $OUT/state/exhibits/khojaly-1992-v2.kiosk"
wait_for "khojaly-1992-v2.kiosk is damaged.*will not be shown"
wait_for "showing the previous exhibit khojaly-1992-v1.kiosk instead"
kill -0 \$PID
echo "the damaged package was dropped after its background check; the previous one is shown"
INNER
chmod +x "$OUT/inner.sh"
exec xvfb-run -a -s "-screen 0 1920x1080x24" "$OUT/inner.sh"
