#!/bin/sh
# Checks the board integration files of the USB import:
# - every shell script passes shellcheck;
# - systemd-analyze verify accepts kiosk-import@.service (with ExecStart
#   pointed at the helper in the source tree) and the hardening is there;
# - udevadm parses 99-kiosk-usb.rules, and (as root, with loop devices) the
#   rule asks for kiosk-import@<dev>.service for a USB ext4 stick and for
#   nothing else. udevadm runs in a private mount namespace with its own
#   rules folder, so the host's udev is never touched.
#   board_files.sh SOURCE_DIR
set -eu
SRC=$1
WORK=$(mktemp -d /tmp/kiosk-board-files.XXXXXX)
LOOP=""
cleanup() {
	if [ -n "$LOOP" ]; then losetup -d "$LOOP" 2>/dev/null || true; fi
	rm -rf "$WORK"
}
trap cleanup EXIT
fail() {
	echo "board_files: FAILED: $*" >&2
	exit 1
}

echo "board_files: shellcheck"
shellcheck "$SRC/deploy/kiosk-usb-import.sh" "$SRC"/tests/import/*.sh

echo "board_files: systemd-analyze verify"
UNIT="$SRC/systemd/kiosk-import@.service"
sed "s|^ExecStart=/usr/lib/kiosk/kiosk-usb-import |ExecStart=$SRC/deploy/kiosk-usb-import.sh |" \
	"$UNIT" >"$WORK/kiosk-import@.service"
grep -q "^ExecStart=$SRC/deploy/kiosk-usb-import.sh %I$" "$WORK/kiosk-import@.service" ||
	fail "ExecStart is not the helper with %I"
systemd-analyze verify "$WORK/kiosk-import@.service" >"$WORK/verify" 2>&1 ||
	fail "systemd-analyze verify: $(cat "$WORK/verify")"
[ ! -s "$WORK/verify" ] || fail "systemd-analyze verify complains: $(cat "$WORK/verify")"
for line in Type=oneshot PrivateMounts=yes PrivateTmp=yes ProtectSystem=strict \
	ReadWritePaths=/var/lib/kiosk NoNewPrivileges=yes SuccessExitStatus=3; do
	grep -qx "$line" "$UNIT" || fail "the unit lacks $line"
done
if systemd-analyze security --offline=true "$WORK/kiosk-import@.service" >"$WORK/security" 2>&1; then
	tail -1 "$WORK/security"
fi

echo "board_files: udev rule"
RULE="$SRC/deploy/udev/99-kiosk-usb.rules"
# Runs `udevadm test` for $1 with our rule (and the optional rule text $2
# before it) in place of /etc/udev/rules.d.
udev_test() {
	# shellcheck disable=SC2016 # expanded by the inner shell, from its arguments
	unshare -m sh -c '
		mount -t tmpfs none /etc/udev/rules.d
		cp "$1" /etc/udev/rules.d/99-kiosk-usb.rules
		[ -z "$3" ] || printf "%s\n" "$3" >/etc/udev/rules.d/98-test.rules
		udevadm test --action=add "$2" 2>&1' sh "$RULE" "$1" "${2:-}"
}
if [ "$(id -u)" -ne 0 ] || ! command -v unshare >/dev/null; then
	echo "board_files: udev checks skipped (need root for a private mount namespace)"
	exit 0
fi
for any in /sys/class/block/*; do break; done
udev_test "$any" >"$WORK/udev" || true
grep -q "Reading rules file: /etc/udev/rules.d/99-kiosk-usb.rules" "$WORK/udev" ||
	fail "udevadm did not read the rule"
if grep -q "99-kiosk-usb.rules:[0-9]" "$WORK/udev"; then
	fail "udevadm: $(grep "99-kiosk-usb.rules:[0-9]" "$WORK/udev")"
fi

[ -e /dev/loop-control ] || {
	echo "board_files: rule matching skipped (no loop devices)"
	exit 0
}
truncate -s 16M "$WORK/stick.img"
mkfs.ext4 -q -F "$WORK/stick.img"
LOOP=$(losetup -f --show "$WORK/stick.img")
NAME=${LOOP#/dev/}
FAKE_USB="SUBSYSTEM==\"block\", KERNEL==\"$NAME\", ENV{ID_BUS}=\"usb\""
udev_test "/sys/class/block/$NAME" "$FAKE_USB" >"$WORK/udev"
grep -qx "SYSTEMD_WANTS=kiosk-import@$NAME.service" "$WORK/udev" ||
	fail "a USB ext4 stick does not start kiosk-import@$NAME.service"
grep -q "^TAGS=.*:systemd:" "$WORK/udev" || fail "the device is not tagged for systemd"
udev_test "/sys/class/block/$NAME" >"$WORK/udev"
grep -q "kiosk-import@" "$WORK/udev" && fail "a loop device that is not USB starts an import"
losetup -d "$LOOP"
mkfs.ext2 -q -F "$WORK/stick.img"
LOOP=$(losetup -f --show "$WORK/stick.img")
NAME=${LOOP#/dev/}
FAKE_USB="SUBSYSTEM==\"block\", KERNEL==\"$NAME\", ENV{ID_BUS}=\"usb\""
udev_test "/sys/class/block/$NAME" "$FAKE_USB" >"$WORK/udev"
grep -q "kiosk-import@" "$WORK/udev" && fail "a USB ext2 stick starts an import"
echo "board_files: all passed"
