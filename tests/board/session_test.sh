#!/bin/sh
# kiosk-session with stand-ins for Xorg, xset, xrandr, xinput and the kiosk
# that record how they were called: X gets the rotation's config and no way
# to the notify socket, the kiosk gets the socket back, the picture and the
# touchscreen turn together, and a missing or failing X tool never keeps the
# kiosk from starting.
#   session_test.sh PATH/TO/kiosk-session.sh
set -eu
SESSION=$1
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
BIN=$TMP/bin
LOG=$TMP/log
mkdir -p "$BIN" "$LOG"

fail() {
	echo "FAIL: $*"
	for f in "$LOG"/*; do
		[ -f "$f" ] && echo "--- $f" && cat "$f"
	done
	exit 1
}

# Stand-ins. Each appends its arguments to $LOG/NAME.
cat >"$BIN/Xorg" <<EOF
#!/bin/sh
echo "\$*" >>"$LOG/xinit"
env >"$LOG/xinit.env"
echo "\$PPID" >"$LOG/xinit.ppid"
# As Xorg -displayfd 3 does once it accepts clients; then it runs until stopped.
echo 0 >&3
exec sleep 60
EOF
cat >"$BIN/xset" <<EOF
#!/bin/sh
echo "\$*" >>"$LOG/xset"
exit \${FAKE_XSET_EXIT:-0}
EOF
cat >"$BIN/xrandr" <<EOF
#!/bin/sh
if [ "\$1" = --query ]; then
	echo "Screen 0: minimum 320 x 200, current 1920 x 1080, maximum 8192 x 8192"
	echo "HDMI-1 connected primary 1920x1080+0+0 (normal left inverted right x axis y axis)"
	echo "   1920x1080     60.00*+"
	echo "HDMI-2 disconnected (normal left inverted right x axis y axis)"
	exit 0
fi
echo "\$*" >>"$LOG/xrandr"
EOF
cat >"$BIN/xinput" <<EOF
#!/bin/sh
case "\$1 \$2" in
"list --id-only") printf '2\n6\n9\n' ;;
"list --long")
	case "\$3" in
	6) echo "ft5x06 touchscreen	id=6	[slave  pointer  (2)]"
	   echo "	Class originated from: 6. Type: XITouchClass" ;;
	*) echo "a mouse	id=\$3	[slave  pointer  (2)]" ;;
	esac ;;
*) echo "\$*" >>"$LOG/xinput" ;;
esac
EOF
cat >"$BIN/kiosk" <<EOF
#!/bin/sh
echo "\$*" >>"$LOG/kiosk"
env >"$LOG/kiosk.env"
echo "\$\$" >"$LOG/kiosk.pid"
EOF
chmod +x "$BIN"/*

# Runs kiosk-session start as systemd would, with a config holding $1.
run_session() {
	rm -f "$LOG"/*
	printf '%s\n' "$1" >"$TMP/kiosk.toml"
	shift
	env PATH="$BIN:/usr/bin:/bin" KIOSK_CONFIG="$TMP/kiosk.toml" KIOSK_BIN="$BIN/kiosk" \
		RUNTIME_DIRECTORY="$TMP/run" KIOSK_X_SOCKET_DIR="$TMP/tmp/.X11-unix" \
		NOTIFY_SOCKET=/run/systemd/notify "$@" \
		KIOSK_XSERVER="$BIN/Xorg" sh "$SESSION" start 2>"$LOG/stderr" || fail "kiosk-session exited $?"
	[ -f "$LOG/kiosk" ] || fail "the kiosk was not started"
	stop_x
}

# kiosk.service's ExecStopPost: X, left running beside the kiosk, is stopped.
stop_x() {
	xpid=$(cat "$TMP/run/xorg.pid")
	kill -0 "$xpid" 2>/dev/null || fail "X was not running beside the kiosk"
	env RUNTIME_DIRECTORY="$TMP/run" sh "$SESSION" stop || fail "kiosk-session stop exited $?"
	kill -0 "$xpid" 2>/dev/null && fail "kiosk-session stop left X running"
	return 0
}

has() { # FILE TEXT
	grep -qF -- "$2" "$LOG/$1" 2>/dev/null
}

# [1] Rotation 90: X config, picture, touch; the notify socket only for the kiosk.
run_session '[display]
rotation = 90   # portrait'
has xinit ":0 vt1" || fail "X was not started on vt1"
grep -qx 'DISPLAY=:0' "$LOG/kiosk.env" || fail "the kiosk was not started in X"
# Found by the system test (a real boot): under PAMName= systemd hears READY=1
# only from the main process, so the kiosk must be exec'd by the session
# itself (the same process), not be a child of xinit.
[ "$(cat "$LOG/kiosk.pid")" = "$(cat "$LOG/xinit.ppid")" ] ||
	fail "the kiosk is not the session's own process (X's parent)"
has xinit "-config kiosk/rotate-90.conf" || fail "X did not get the rotation's config"
has xinit "-nocursor" || fail "X shows a cursor"
has xinit "-nolisten tcp" || fail "X listens on TCP"
# Found by the system test (a real boot): under PrivateTmp= a rootless X
# cannot make /tmp/.X11-unix itself; the session makes it, mode 1777.
[ -d "$TMP/tmp/.X11-unix" ] || fail "the X socket folder was not made before X started"
[ "$(stat -c %a "$TMP/tmp/.X11-unix")" = 1777 ] || fail "the X socket folder is not mode 1777"
has xinit "-logfile $TMP/run/Xorg.0.log" || fail "X logs outside the runtime folder"
grep -q '^NOTIFY_SOCKET=' "$LOG/xinit.env" && fail "X can reach the notify socket"
grep -qx 'NOTIFY_SOCKET=/run/systemd/notify' "$LOG/kiosk.env" || fail "the kiosk did not get the notify socket"
has kiosk.env "KIOSK_NOTIFY_SOCKET" && fail "the hand-over variable leaked into the kiosk"
has kiosk "--config $TMP/kiosk.toml" || fail "the kiosk did not get its config"
has xset "s off s noblank" || fail "blanking not switched off"
has xset "-dpms" || fail "DPMS not switched off"
has xrandr "--output HDMI-1 --rotate right" || fail "the picture was not turned"
has xrandr "HDMI-2" && fail "a disconnected output was touched"
has xinput "set-prop 6 Coordinate Transformation Matrix 0 1 0 -1 0 1 0 0 1" ||
	fail "the touchscreen was not turned with the picture"
has xinput "set-prop 9" && fail "a mouse was turned"
echo "ok: rotation 90 turns X's touch config, the picture and the touchscreen"

# [2] 180 and 270 turn the other ways.
run_session '[display]
rotation = 180'
has xrandr "--rotate inverted" || fail "180 is not inverted"
has xinput "-1 0 1 0 -1 1 0 0 1" || fail "180's touch matrix"
run_session '[display]
rotation = 270'
has xrandr "--rotate left" || fail "270 is not left"
has xinit "-config kiosk/rotate-270.conf" || fail "270's X config"
echo "ok: 180 and 270"

# [3] No rotation, or a wrong one: normal, and the wrong one is named.
run_session '[visit]
idle_timeout_s = 90'
has xinit "-config kiosk/rotate-0.conf" || fail "no rotation is not 0"
has xrandr "--rotate normal" || fail "no rotation is not normal"
run_session '[display]
rotation = 45'
has xinit "-config kiosk/rotate-0.conf" || fail "a wrong rotation is not 0"
has stderr "display.rotation = '45'" || fail "a wrong rotation was not named"
# A rotation in another section is not the display's.
run_session '[other]
rotation = 90
[display]
dpi = 0'
has xinit "-config kiosk/rotate-0.conf" || fail "[other] rotation was taken for [display]"
echo "ok: no or a wrong rotation is 0, and said so"

# [4] X tools missing or failing: the kiosk starts anyway.
run_session '[display]
rotation = 90' KIOSK_XRANDR=kiosk-no-xrandr KIOSK_XINPUT=kiosk-no-xinput FAKE_XSET_EXIT=1
has stderr "kiosk-no-xrandr is not installed" || fail "a missing xrandr was not said"
has stderr "failed (exit 1): xset -dpms" || fail "a failing xset was not said"
echo "ok: missing or failing X tools do not stop the kiosk"

# [5] No settings file at all: the kiosk starts on its defaults.
rm -f "$LOG"/*
env PATH="$BIN:/usr/bin:/bin" KIOSK_CONFIG="$TMP/none.toml" KIOSK_BIN="$BIN/kiosk" \
	RUNTIME_DIRECTORY="$TMP/run" KIOSK_X_SOCKET_DIR="$TMP/tmp/.X11-unix" KIOSK_XSERVER="$BIN/Xorg" \
	sh "$SESSION" start 2>"$LOG/stderr" || fail "exit $?"
stop_x
has kiosk "--config" && fail "the kiosk was given a missing config"
has xinit "-config kiosk/rotate-0.conf" || fail "no settings is not rotation 0"
echo "ok: without a settings file the kiosk starts on its defaults"
echo "5 passed, 0 failed"
