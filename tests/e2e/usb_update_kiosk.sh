#!/bin/sh
# The curator's story as the running kiosk sees it: the kiosk shows version 1
# on its real clock under Xvfb; a signed version 2 is imported (as the USB
# service would run kiosk-import); the kiosk shows the import's progress and
# then, between visits, the new exhibit.
#   usb_update_kiosk.sh KIOSK KIOSK_PACK KIOSK_IMPORT CONTENT_DIR OUT_DIR
set -eu
# Its own X server, ended before this script returns (tests/tools/xvfb_run.sh).
XVFB_RUN=$(dirname "$0")/../tools/xvfb_run.sh
HERE=$(cd "$(dirname "$0")" && pwd)
KIOSK=$1 PACK=$2 IMPORT=$3 CONTENT=$4 OUT=$5
rm -rf "$OUT"
mkdir -p "$OUT/state/exhibits" "$OUT/keys" "$OUT/stick"
# Version 1 installed; version 2 on the stick, signed by a trusted curator key.
cp -r "$CONTENT" "$OUT/src"
# The copy's own versions, whatever edition the default exhibit is in.
sed -i 's/^version = [0-9]*$/version = 1/' "$OUT/src/exhibit.toml"
"$PACK" build "$OUT/src" -o "$OUT/state/exhibits/khojaly-1992-v1.kiosk" --quiet
ln -s exhibits/khojaly-1992-v1.kiosk "$OUT/state/current"
sed -i 's/^version = 1$/version = 2/' "$OUT/src/exhibit.toml"
"$PACK" build "$OUT/src" -o "$OUT/stick/memorial.kiosk" --quiet
(cd "$OUT/keys" && minisign -G -W -p curator.pub -s curator.sec >/dev/null </dev/null)
(cd "$OUT/stick" && minisign -S -s "$OUT/keys/curator.sec" -m memorial.kiosk >/dev/null </dev/null)
mkdir -p "$OUT/trusted" && cp "$OUT/keys/curator.pub" "$OUT/trusted/"
cat >"$OUT/inner.sh" <<INNER
#!/bin/sh
set -eu
LOG="$OUT/kiosk.log"
"$KIOSK" --exhibit "$OUT/state/current" --state-dir "$OUT/state" --windowed 2>"\$LOG" &
PID=\$!
trap 'kill \$PID 2>/dev/null || true' EXIT
. "$HERE/wait_for.sh"
wait_for "exhibit 'khojaly-1992' version 1"
wait_for "first frame on screen"
"$IMPORT" --source "$OUT/stick" --state "$OUT/state" --trusted-keys "$OUT/trusted" >"$OUT/import.txt" 2>&1
wait_for "import status: Installed"
wait_for "exhibit 'khojaly-1992' version 2"
wait_for "showing the new exhibit"
echo "the kiosk showed the import's outcome, then version 2"
INNER
chmod +x "$OUT/inner.sh"
exec "$XVFB_RUN" "-screen 0 1920x1080x24" "$OUT/inner.sh"
