#!/bin/sh
# The staff panel: hidden gesture, PIN pad (wrong, then right), the panel and
# the test pattern, then the automatic close. The PIN is set the way a
# technician does it: kiosk --set-pin, which stores only its hash.
#   admin.sh KIOSK COMPARE PACKAGE GOLDEN_DIR OUT_DIR SCRIPT
set -eu
KIOSK=$1 COMPARE=$2 PKG=$3 GOLDEN=$4 OUT=$5 SCRIPT=$6
HERE=$(cd "$(dirname "$0")" && pwd)
rm -rf "$OUT"
mkdir -p "$OUT/state"
printf '# test configuration\n[visit]\nidle_timeout_s = 90\n' >"$OUT/kiosk.toml"
echo 2468 | "$KIOSK" --set-pin --config "$OUT/kiosk.toml" 2>/dev/null
# shellcheck disable=SC2016 # the $ is the hash's own prefix, not a variable
if grep -q 2468 "$OUT/kiosk.toml" || ! grep -q 'pin_hash = "\$argon2id' "$OUT/kiosk.toml"; then
	echo "the PIN must be stored only as an Argon2id hash:"
	cat "$OUT/kiosk.toml"
	exit 1
fi
grep -q "idle_timeout_s = 90" "$OUT/kiosk.toml" || { echo "--set-pin lost the other settings"; exit 1; }
"$HERE/run_script.sh" "$KIOSK" "$COMPARE" "$GOLDEN" "$OUT/run" "$SCRIPT" "s-01-pin-pad s-02-wrong-pin s-04-test-pattern" \
	--exhibit "$PKG" --config "$OUT/kiosk.toml" --state-dir "$OUT/state" --windowed --size 1920x1080
grep -q "wrong staff PIN entered" "$OUT/run/stderr.txt" || { echo "the wrong PIN was not logged"; exit 1; }
grep -q "staff panel opened" "$OUT/run/stderr.txt" || { echo "the right PIN did not open the panel"; exit 1; }
echo "the staff panel opened only with the right PIN and closed itself"
