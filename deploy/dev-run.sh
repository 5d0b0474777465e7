#!/bin/sh
# Sets up, builds and runs the kiosk on the default exhibit.
#   deploy/dev-run.sh [kiosk options...]
# With a display: a window (fullscreen only on a kiosk, see --windowed).
# Without one: runs under a virtual display (Xvfb) and says so.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD="${KIOSK_BUILD_DIR:-$ROOT/build}"

"$ROOT/deploy/install-deps.sh"
cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD" -j"$(nproc)"

EXHIBIT="$BUILD/default.kiosk"
if [ -n "${DISPLAY:-}" ]; then
	echo "Showing the default exhibit in a window (Escape closes it)."
	exec "$BUILD/kiosk" --exhibit "$EXHIBIT" --windowed "$@"
fi
echo "No display found: the kiosk runs under a virtual display (Xvfb, 1920x1080),"
echo "so nothing is visible here. Press Ctrl+C to stop it."
echo "To see it, run this on a machine with a screen, or take screenshots with"
echo "  $BUILD/kiosk --exhibit $EXHIBIT --windowed --script tests/e2e/tour.script --screenshots /tmp/shots"
exec xvfb-run -a -s "-screen 0 1920x1080x24" "$BUILD/kiosk" --exhibit "$EXHIBIT" "$@"
