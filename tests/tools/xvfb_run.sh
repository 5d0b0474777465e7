#!/bin/sh
# Runs a command on an Xvfb of its own and returns only once that server has
# ended: the tests' replacement for `xvfb-run -a -s "SERVER ARGS"`.
#   xvfb_run.sh "SERVER ARGS" COMMAND [ARG...]
# Exits with COMMAND's status.
#
# Why not xvfb-run -a: at its end it signals its server and returns at once.
# On a loaded machine the next test's xvfb-run then takes the same display
# number while the old server is still shutting down, and the old server's
# clean-up removes the new one's socket: that test fails with "cannot open
# the display :99" (seen once in a full run beside the image builds). Here
# the server picks a free number itself (-displayfd) and this script waits
# for it to end, so no test's server outlives its test.
set -eu
if [ $# -lt 2 ]; then
	echo "usage: xvfb_run.sh \"SERVER ARGS\" COMMAND [ARG...]" >&2
	exit 2
fi
args=$1
shift
dir=$(mktemp -d)
mkfifo "$dir/display"
# shellcheck disable=SC2086 # ARGS is a list of server arguments
Xvfb -displayfd 3 -nolisten tcp $args 3>"$dir/display" 2>"$dir/xvfb.log" &
server=$!
# shellcheck disable=SC2317 # run by the EXIT trap
stop() {
	kill "$server" 2>/dev/null || true
	wait "$server" 2>/dev/null || true
	rm -rf "$dir"
}
trap stop EXIT
trap 'exit 143' TERM
trap 'exit 130' INT
# The server writes its display number once it accepts clients (or ends
# without writing it).
display=
read -r display <"$dir/display" || true
if [ -z "$display" ]; then
	echo "Xvfb did not start ($args):" >&2
	cat "$dir/xvfb.log" >&2
	exit 1
fi
status=0
DISPLAY=":$display" "$@" || status=$?
exit "$status"
