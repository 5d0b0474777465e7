#!/bin/sh
# Mounts a USB stick privately, installs the exhibit on it with kiosk-import,
# and unmounts it. Run by kiosk-import@.service (one instance per device,
# started by deploy/udev/99-kiosk-usb.rules); the service's private mount
# namespace keeps the mount invisible to the rest of the board.
#   kiosk-usb-import.sh DEVICE          DEVICE: kernel name, e.g. sdb1
# Settings from the environment (defaults are the board's paths):
#   KIOSK_IMPORT=/usr/bin/kiosk-import  KIOSK_STATE_DIR=/var/lib/kiosk
#   KIOSK_TRUSTED_KEYS=/etc/kiosk/trusted-keys  KIOSK_CONFIG=/etc/kiosk/kiosk.toml
# Exit: kiosk-import's code (0 installed, 3 nothing to do, 1 rejected); 0 for
# a filesystem that is not read; 2 for a wrong device name; 4 when mounting fails.
set -u

NAME=${1:-}
IMPORT=${KIOSK_IMPORT:-/usr/bin/kiosk-import}
STATE=${KIOSK_STATE_DIR:-/var/lib/kiosk}
KEYS=${KIOSK_TRUSTED_KEYS:-/etc/kiosk/trusted-keys}
CONFIG=${KIOSK_CONFIG:-/etc/kiosk/kiosk.toml}

say() {
	echo "kiosk-usb-import: $*" >&2
}

# Only a plain kernel name: never a path the instance name could smuggle in.
case "$NAME" in
"" | *[!A-Za-z0-9_-]*)
	say "usage: kiosk-usb-import.sh DEVICE (a kernel device name such as sdb1)"
	exit 2
	;;
esac
DEV="/dev/$NAME"
if [ ! -b "$DEV" ]; then
	say "$DEV is not a block device (was the stick pulled out already?)"
	exit 4
fi

# Probe the device itself (-p): the udev database can be stale, and the
# mount type must be what the stick really holds.
FSTYPE=$(blkid -p -o value -s TYPE "$DEV" 2>/dev/null || true)
case "$FSTYPE" in
vfat) OPTIONS="nosuid,nodev,noexec,noatime,flush" ;;
exfat | ext4) OPTIONS="nosuid,nodev,noexec,noatime" ;;
*)
	say "$DEV holds a '${FSTYPE:-unknown}' filesystem; only FAT, exFAT and ext4 sticks are read"
	exit 0
	;;
esac

MNT=$(mktemp -d "${TMPDIR:-/tmp}/kiosk-stick.XXXXXX") || exit 4
# shellcheck disable=SC2317 # run by the EXIT trap
cleanup() {
	# A pulled stick cannot be unmounted cleanly; detach it lazily then.
	if mountpoint -q "$MNT"; then
		umount -n "$MNT" 2>/dev/null || umount -n -l "$MNT" || say "cannot unmount $MNT"
	fi
	rmdir "$MNT" 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if ! mount -n -t "$FSTYPE" -o "$OPTIONS" "$DEV" "$MNT"; then
	say "cannot mount $DEV ($FSTYPE)"
	exit 4
fi

set -- --source "$MNT" --state "$STATE" --trusted-keys "$KEYS"
if [ -f "$CONFIG" ]; then
	set -- "$@" --config "$CONFIG"
fi
"$IMPORT" "$@"
rc=$?
# The report on the stick must be on the stick before it can be pulled.
sync -f "$MNT/." 2>/dev/null || sync
exit "$rc"
