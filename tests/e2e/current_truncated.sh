#!/bin/sh
# The package on screen is truncated, then deleted, while the kiosk runs (a
# technician's mistake, a failing card): the kiosk notices within seconds
# and shows the previous good package instead of placeholders for ever
# (whichever notices first: the 2 s look at the file or the background check).
#   current_truncated.sh KIOSK PACKAGE OUT_DIR
set -eu
KIOSK=$1 PKG=$2 OUT=$3
HERE=$(cd "$(dirname "$0")" && pwd)
# Its own X server, ended before this script returns (tests/tools/xvfb_run.sh).
XVFB_RUN=$HERE/../tools/xvfb_run.sh
rm -rf "$OUT"
mkdir -p "$OUT/state/exhibits"
for v in 1 2 3; do
	cp "$PKG" "$OUT/state/exhibits/khojaly-1992-v$v.kiosk"
	touch -d "2026-01-0$v" "$OUT/state/exhibits/khojaly-1992-v$v.kiosk"
done
ln -s exhibits/khojaly-1992-v3.kiosk "$OUT/state/current"
cat >"$OUT/inner.sh" <<INNER
#!/bin/sh
set -eu
LOG="$OUT/kiosk.log"
"$KIOSK" --exhibit "$OUT/state/current" --state-dir "$OUT/state" --windowed 2>"\$LOG" &
PID=\$!
trap 'kill \$PID 2>/dev/null || true' EXIT
. "$HERE/wait_for.sh"
wait_for "from $OUT/state/exhibits/khojaly-1992-v3.kiosk"
truncate -s 100000 "$OUT/state/exhibits/khojaly-1992-v3.kiosk"
wait_for "khojaly-1992-v3.kiosk.*; it will not be shown"
wait_for "showing the previous exhibit khojaly-1992-v2.kiosk instead"
rm "$OUT/state/exhibits/khojaly-1992-v2.kiosk"
wait_for "khojaly-1992-v2.kiosk.*; it will not be shown"
wait_for "showing the previous exhibit khojaly-1992-v1.kiosk instead"
kill -0 \$PID
echo "a truncated and a deleted package on screen were each replaced by the previous one"
INNER
chmod +x "$OUT/inner.sh"
exec "$XVFB_RUN" "-screen 0 1920x1080x24" "$OUT/inner.sh"
