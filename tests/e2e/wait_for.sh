# shellcheck shell=sh
# Sourced by the real-clock end-to-end tests. wait_for TEXT: waits, bounded
# (30 s), until the kiosk's log "$LOG" shows TEXT, failing early if the kiosk
# (pid "$PID") exits. It polls a condition; it never sleeps a fixed time
# and then hopes.
wait_for() {
	i=0
	while ! grep -q "$1" "$LOG"; do
		i=$((i + 1))
		if [ $i -gt 600 ]; then
			echo "timed out waiting for '$1'"
			cat "$LOG"
			exit 1
		fi
		if ! kill -0 "$PID" 2>/dev/null; then
			echo "the kiosk exited"
			cat "$LOG"
			exit 1
		fi
		sleep 0.05
	done
}
