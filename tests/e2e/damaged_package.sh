#!/bin/sh
# A package damaged in the middle (its text readable, some image pages
# zeroed): the kiosk shows it at once, checks the whole file on another
# thread, then drops it and shows the previous good package.
#   damaged_package.sh KIOSK PACKAGE OUT_DIR
set -eu
KIOSK=$1 PKG=$2 OUT=$3
HERE=$(cd "$(dirname "$0")" && pwd)
# Its own X server, ended before this script returns (tests/tools/xvfb_run.sh).
XVFB_RUN=$HERE/../tools/xvfb_run.sh
rm -rf "$OUT"
mkdir -p "$OUT/state/exhibits"
cp "$PKG" "$OUT/state/exhibits/khojaly-1992-v1.kiosk"
touch -d "2026-01-01" "$OUT/state/exhibits/khojaly-1992-v1.kiosk"
cp "$PKG" "$OUT/state/exhibits/khojaly-1992-v2.kiosk"
# 32 pages of image data from the middle of the images (SQLite's dbstat names
# each page's table and kind), so the exhibit's text, its image and media
# rows stay readable and only the full check finds the damage: a fixed offset
# would land in the media rows of a package with narration and video.
pages=$(sqlite3 "$PKG" "SELECT pageno FROM dbstat WHERE name = 'image' AND pagetype = 'overflow'
	ORDER BY pageno LIMIT 32 OFFSET (SELECT count(*) / 2 FROM dbstat
	WHERE name = 'image' AND pagetype = 'overflow')")
[ "$(echo "$pages" | wc -w)" -eq 32 ] || {
	echo "the package has too few image pages to damage" >&2
	exit 1
}
for page in $pages; do
	dd if=/dev/zero of="$OUT/state/exhibits/khojaly-1992-v2.kiosk" bs=4096 seek=$((page - 1)) count=1 \
		conv=notrunc 2>/dev/null
done
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
exec "$XVFB_RUN" "-screen 0 1920x1080x24" "$OUT/inner.sh"
