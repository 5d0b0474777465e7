#!/bin/sh
# kiosk-session: the X session of the kiosk (installed as
# /usr/lib/kiosk/kiosk-session).
#   kiosk-session start    run by kiosk.service: starts Xorg in the background,
#                          waits until it accepts clients, then (as "client")
#                          no blanking, rotation of display and touch, and
#                          exec the kiosk, which stays the service's main process
#   kiosk-session stop     kiosk.service's ExecStopPost: stops that Xorg
#   kiosk-session client   only the second half, inside a running X
# Reads [display] rotation from /etc/kiosk/kiosk.toml (0, 90, 180, 270).
# A step that fails is logged and skipped: the exhibit must come up anyway.
# For tests every program can be replaced through the environment:
# KIOSK_CONFIG, KIOSK_BIN, KIOSK_XSERVER, KIOSK_X_WAIT_TENTHS, KIOSK_XSET, KIOSK_XRANDR,
# KIOSK_XINPUT, KIOSK_X_SOCKET_DIR, RUNTIME_DIRECTORY.
set -eu

CONFIG=${KIOSK_CONFIG:-/etc/kiosk/kiosk.toml}
KIOSK_BIN=${KIOSK_BIN:-/usr/bin/kiosk}
X_WAIT_TENTHS=${KIOSK_X_WAIT_TENTHS:-600}
XSERVER=${KIOSK_XSERVER:-/usr/lib/xorg/Xorg}
XSET=${KIOSK_XSET:-xset}
XRANDR=${KIOSK_XRANDR:-xrandr}
XINPUT=${KIOSK_XINPUT:-xinput}
RUNDIR=${RUNTIME_DIRECTORY:-/run/kiosk}
XSOCKDIR=${KIOSK_X_SOCKET_DIR:-/tmp/.X11-unix}

log() {
	echo "kiosk-session: $*" >&2
}

# Prints the value of KEY in [SECTION] of a TOML file, without quotes or
# comment; nothing when it is not there. Enough for the simple lines of
# kiosk.toml; the kiosk itself reads the file with a real TOML parser.
toml_get() {
	[ -r "$3" ] || return 0
	awk -v sec="$1" -v key="$2" '
		/^[ \t]*\[/ {
			s = $0
			sub(/^[ \t]*\[[ \t]*/, "", s)
			sub(/[ \t]*\].*$/, "", s)
			insec = (s == sec)
			next
		}
		insec {
			line = $0
			sub(/^[ \t]*/, "", line)
			if (index(line, key) != 1) next
			rest = substr(line, length(key) + 1)
			if (rest !~ /^[ \t]*=/) next
			sub(/^[ \t]*=[ \t]*/, "", rest)
			sub(/[ \t]*#.*$/, "", rest)
			gsub(/"/, "", rest)
			sub(/[ \t]+$/, "", rest)
			print rest
			exit
		}' "$3"
}

# [display] rotation, checked: 0 when absent or wrong (and said so).
rotation() {
	r=$(toml_get display rotation "$CONFIG")
	case "${r:-0}" in
	0 | 90 | 180 | 270) echo "${r:-0}" ;;
	*)
		log "display.rotation = '$r' in $CONFIG is not 0, 90, 180 or 270; using 0"
		echo 0
		;;
	esac
}

# Runs a command; when it is missing or fails, says so and goes on.
try() {
	if ! command -v "$1" >/dev/null 2>&1; then
		log "$1 is not installed; skipped: $*"
		return 0
	fi
	"$@" || log "failed (exit $?): $*"
}

start_x() {
	rot=$(rotation)
	# Only the kiosk may speak to systemd: Xorg sends READY=1 as soon as it
	# accepts clients, long before the first frame is on screen.
	if [ -n "${NOTIFY_SOCKET:-}" ]; then
		KIOSK_NOTIFY_SOCKET=$NOTIFY_SOCKET
		export KIOSK_NOTIFY_SOCKET
		unset NOTIFY_SOCKET
	fi
	mkdir -p "$RUNDIR" 2>/dev/null || true
	# kiosk.service's /tmp is private and empty: a rootless X server may not
	# create its socket folder itself ("_XSERVTransmkdir: ERROR: euid != 0"),
	# so the session makes it, sticky and world-writable as X expects.
	if ! { mkdir -p "$XSOCKDIR" && chmod 1777 "$XSOCKDIR"; } 2>/dev/null; then
		log "cannot make $XSOCKDIR; X may not accept the kiosk"
	fi
	log "starting X on tty1 (rotation $rot)"
	# X in the background and the kiosk exec'd in this process: the kiosk is
	# the service's main process. It must be: PAMName= moves the service's
	# processes into the logind session's scope, and systemd then takes
	# READY=1 and the watchdog's pings only from the main process (found by
	# the system test; under xinit the kiosk never became "active").
	# -nocursor: touch only. -s 0 -dpms: no blanking until the kiosk decides.
	# -nolisten local: no abstract socket; with PrivateTmp the X socket is
	# reachable from inside the service only. The log goes to RAM.
	rm -f "$RUNDIR/display"
	"$XSERVER" :0 vt1 -keeptty -novtswitch -nolisten tcp -nolisten local -nocursor -s 0 -dpms \
		-config "kiosk/rotate-$rot.conf" -logfile "$RUNDIR/Xorg.0.log" \
		-displayfd 3 3>"$RUNDIR/display" &
	xpid=$!
	echo "$xpid" >"$RUNDIR/xorg.pid"
	# X writes its display number to fd 3 once it accepts clients.
	waited=0
	while [ ! -s "$RUNDIR/display" ]; do
		if ! kill -0 "$xpid" 2>/dev/null; then
			log "X exited before accepting clients (see $RUNDIR/Xorg.0.log)"
			exit 1
		fi
		waited=$((waited + 1))
		if [ "$waited" -gt "$X_WAIT_TENTHS" ]; then
			log "X did not accept clients within $((X_WAIT_TENTHS / 10)) s"
			exit 1
		fi
		sleep 0.1
	done
	DISPLAY=:0
	export DISPLAY
	start_kiosk
}

# Stops the X server that start_x left running (kiosk.service's ExecStopPost):
# after a crash of the kiosk, X must be gone before the next start takes vt1.
stop_x() {
	[ -s "$RUNDIR/xorg.pid" ] || return 0
	xpid=$(cat "$RUNDIR/xorg.pid")
	kill "$xpid" 2>/dev/null || return 0
	waited=0
	while kill -0 "$xpid" 2>/dev/null && [ "$waited" -lt 100 ]; do
		waited=$((waited + 1))
		sleep 0.1
	done
	kill -9 "$xpid" 2>/dev/null || true
	rm -f "$RUNDIR/xorg.pid"
}

# The matrix that turns touch coordinates with the picture.
touch_matrix() {
	case "$1" in
	90) echo "0 1 0 -1 0 1 0 0 1" ;;
	180) echo "-1 0 1 0 -1 1 0 0 1" ;;
	270) echo "0 -1 1 1 0 0 0 0 1" ;;
	*) echo "1 0 0 0 1 0 0 0 1" ;;
	esac
}

rotate_display() {
	case "$1" in
	90) dir=right ;;
	180) dir=inverted ;;
	270) dir=left ;;
	*) dir=normal ;;
	esac
	command -v "$XRANDR" >/dev/null 2>&1 || {
		log "$XRANDR is not installed; the picture is not rotated"
		return 0
	}
	outputs=$("$XRANDR" --query 2>/dev/null | awk '$2 == "connected" { print $1 }') || true
	[ -n "$outputs" ] || log "xrandr found no connected screen"
	for o in $outputs; do
		try "$XRANDR" --output "$o" --rotate "$dir"
	done
}

# The X config (rotate-N.conf) already turns every touchscreen X recognises,
# also ones plugged in later; this sets the same matrix on touch devices X
# listed as such but did not match (some resistive panels), at start.
rotate_touch() {
	matrix=$(touch_matrix "$1")
	command -v "$XINPUT" >/dev/null 2>&1 || return 0
	for id in $("$XINPUT" list --id-only 2>/dev/null || true); do
		if "$XINPUT" list --long "$id" 2>/dev/null | grep -q "XITouchClass"; then
			# shellcheck disable=SC2086 # the matrix is nine separate numbers
			try "$XINPUT" set-prop "$id" "Coordinate Transformation Matrix" $matrix
		fi
	done
}

start_kiosk() {
	rot=$(rotation)
	try "$XSET" s off s noblank
	try "$XSET" -dpms
	rotate_display "$rot"
	rotate_touch "$rot"
	if [ -n "${KIOSK_NOTIFY_SOCKET:-}" ]; then
		NOTIFY_SOCKET=$KIOSK_NOTIFY_SOCKET
		export NOTIFY_SOCKET
		unset KIOSK_NOTIFY_SOCKET
	fi
	if [ -r "$CONFIG" ]; then
		log "starting the kiosk with $CONFIG"
		exec "$KIOSK_BIN" --config "$CONFIG"
	fi
	log "no $CONFIG; starting the kiosk with its defaults"
	exec "$KIOSK_BIN"
}

case "${1:-}" in
start | xinit) start_x ;;
stop) stop_x ;;
client) start_kiosk ;;
*)
	echo "usage: kiosk-session start|stop|client" >&2
	exit 2
	;;
esac
