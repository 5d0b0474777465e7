#!/bin/sh
# tests/tools/xvfb_run.sh, which every test with a window runs under: the
# command gets an X server of its own with the asked-for screen, its exit
# status comes back, and the server has ended by the time the wrapper returns
# (so the next test's server cannot lose its socket to this one's shutdown).
# A server that cannot start is said so.
set -eu
RUN=$(dirname "$0")/xvfb_run.sh
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
status=0
# shellcheck disable=SC2016 # expanded by the command's own shell
"$RUN" "-screen 0 320x240x24" sh -c '
	xdotool getdisplaygeometry >"$1/geometry"
	echo "$DISPLAY" >"$1/display"
	exit 7' sh "$out" || status=$?
if [ "$status" -ne 7 ]; then
	echo "the command's status 7 came back as $status"
	exit 1
fi
if [ "$(cat "$out/geometry")" != "320 240" ]; then
	echo "the command did not see its own 320x240 screen: $(cat "$out/geometry")"
	exit 1
fi
display=$(cat "$out/display")
if DISPLAY=$display xdotool getdisplaygeometry >/dev/null 2>&1; then
	echo "the X server of $display outlived the wrapper"
	exit 1
fi
status=0
"$RUN" "-screen 0 320x240x24 -no-such-option" true >"$out/bad.out" 2>&1 || status=$?
if [ "$status" -eq 0 ] || ! grep -q "Xvfb did not start" "$out/bad.out"; then
	echo "a server that cannot start was not reported (status $status):"
	cat "$out/bad.out"
	exit 1
fi
echo "the command ran on its own 320x240 server, its status came back, the server ($display) ended with it; a server that cannot start is reported"
