#!/bin/sh
# A visitor's touch on the real window: the kiosk runs fullscreen on its real
# clock under Xvfb, xdotool taps it as X would deliver a touch, and the kiosk's
# log shows it reacting. Keys that would leave a desktop app must not.
#   xdotool_tap.sh KIOSK PACKAGE OUT_DIR
set -eu
# Its own X server, ended before this script returns (tests/tools/xvfb_run.sh).
XVFB_RUN=$(dirname "$0")/../tools/xvfb_run.sh
HERE=$(cd "$(dirname "$0")" && pwd)
KIOSK=$1 PKG=$2 OUT=$3
rm -rf "$OUT"
mkdir -p "$OUT"
cat >"$OUT/inner.sh" <<INNER
#!/bin/sh
set -eu
LOG="$OUT/kiosk.log"
"$KIOSK" --exhibit "$PKG" 2>"\$LOG" &
PID=\$!
trap 'kill \$PID 2>/dev/null || true' EXIT
# Waits (bounded) until the log shows \$1; polls, never sleeps a fixed time.
. "$HERE/wait_for.sh"
wait_for "first frame on screen"
# Attract mode runs without libmpv and FFmpeg: they come with the media
# module (kiosk-media.so), loaded when a visit begins.
if grep -E 'kiosk-media\.so|libmpv|libavcodec|libavformat' /proc/\$PID/maps; then
	echo "attract mode has the media module or libmpv/FFmpeg mapped (above); they must load only when a visit begins"
	exit 1
fi
WIN=\$(xdotool search --sync --name Exhibit | head -n 1)
xdotool mousemove --sync 960 540
xdotool mousedown 1
xdotool mouseup 1
wait_for "screen: home"
# The default exhibit has video and narration: the visit's first screen
# preloads the module (bounded poll, 30 s), so the first Play does not wait.
i=0
until grep -q 'kiosk-media\.so' /proc/\$PID/maps; do
	i=\$((i + 1))
	[ \$i -le 600 ] || { echo "the media module was not loaded 30 s into the visit"; cat "\$LOG"; exit 1; }
	sleep 0.05
done
grep -q libmpv /proc/\$PID/maps || { echo "the media module is loaded but libmpv is not mapped"; exit 1; }
# The home screen's thumbnails arrive without another touch (decoded on the
# worker, uploaded over the next frames), and the kiosk says so once.
wait_for "screen: home: every picture shown"
# The keys a desktop would use to leave: nothing happens.
xdotool key --window "\$WIN" Escape
xdotool key --window "\$WIN" alt+F4
xdotool key --window "\$WIN" alt+Tab
wait_for "key 'F4' ignored"
kill -0 \$PID
# Still responsive: open the first tile.
xdotool mousemove --sync 250 400
xdotool mousedown 1
xdotool mouseup 1
wait_for "screen: panel"
wait_for "screen: panel: every picture shown"
kill -0 \$PID
echo "the kiosk went attract (without the media module) -> home (module loaded) -> panel under real taps, each screen whole without another touch, and ignored Escape, Alt+F4 and Alt+Tab"
INNER
chmod +x "$OUT/inner.sh"
exec "$XVFB_RUN" "-screen 0 1920x1080x24" "$OUT/inner.sh"
