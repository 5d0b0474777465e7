#!/bin/sh
# The curator's whole story on real filesystem images: make a key pair, build
# the exhibit with kiosk-pack, sign it with minisign, copy both files to a
# stick (FAT through fusefat, exFAT through exfat-fuse, ext4 through the
# kernel and the board's own mount helper), run kiosk-import, and check that
# `current` switched, the report is on the stick after unmounting, a
# read-only stick and a full disk are handled, and an unsupported filesystem
# is left alone.
#   usb_e2e.sh KIOSK_IMPORT KIOSK_PACK IMPORT_CHECK_CURRENT SOURCE_DIR
# Exit 77 (skipped) when images cannot be mounted here (not root, no loop devices).
set -eu

IMPORT=$1
PACK=$2
CHECK=$3
SRC=$4

skip() {
	echo "usb_e2e: skipped: $*"
	exit 77
}
[ "$(id -u)" -eq 0 ] || skip "mounting images needs root"
[ -e /dev/loop-control ] || skip "no loop devices"
for tool in losetup mkfs.vfat fusefat fusermount mkfs.ext4 minisign blkid mountpoint sqlite3; do
	command -v "$tool" >/dev/null || skip "$tool is not installed (deploy/install-deps.sh)"
done

WORK=$(mktemp -d /tmp/kiosk-usb-e2e.XXXXXX)
cleanup() {
	for m in "$WORK"/mnt-*; do
		if mountpoint -q "$m" 2>/dev/null; then
			fusermount -u "$m" 2>/dev/null || umount "$m" 2>/dev/null || umount -l "$m" || true
		fi
	done
	# Every loop device still backed by one of our images (losetup -j).
	for img in "$WORK"/*.img; do
		[ -e "$img" ] || continue
		losetup -j "$img" | cut -d: -f1 | while read -r l; do
			losetup -d "$l" 2>/dev/null || true
		done
	done
	rm -rf "$WORK"
}
trap cleanup EXIT

fail() {
	echo "usb_e2e: FAILED: $*" >&2
	exit 1
}
step() {
	echo "usb_e2e: $*"
}
attach() {
	losetup -f --show "$1" || skip "cannot attach a loop device"
}
detach() {
	losetup -d "$1"
}
# Runs kiosk-import with the kiosk's folders; stores its exit code in $rc.
import_from() {
	rc=0
	"$IMPORT" --source "$1" --state "$WORK/state" --trusted-keys "$WORK/keys" \
		>"$WORK/out" 2>"$WORK/err" || rc=$?
}
expect_current() {
	shown=$("$CHECK" "$WORK/state") || fail "current is not a complete package"
	[ "${shown##* }" = "$1" ] || fail "current shows version ${shown##* }, expected $1"
}
expect_report() { # MOUNT_POINT PATTERN
	ls "$1"/kiosk-report/import-*.txt >/dev/null 2>&1 || fail "no report on the stick"
	grep -q "$2" "$1"/kiosk-report/import-*.txt || fail "the report does not say '$2'"
}

# --- The curator's computer ----------------------------------------------
step "curator: key pair, build, sign"
mkdir -p "$WORK/curator" "$WORK/keys" "$WORK/state"
cd "$WORK/curator"
minisign -G -W -p curator.pub -s curator.sec >/dev/null </dev/null
cp curator.pub "$WORK/keys/curator.pub"
cp -r "$SRC/kiosk-content" content
sed -i "s/^version = .*/version = 101/" content/exhibit.toml
"$PACK" build content -o memorial-101.kiosk --quiet
minisign -S -s curator.sec -m memorial-101.kiosk >/dev/null </dev/null
# Later versions for the other sticks: the same build with its version
# changed (building the exhibit again would take seconds each), signed anew.
for v in 102 103 104 105; do
	cp memorial-101.kiosk "memorial-$v.kiosk"
	sqlite3 "memorial-$v.kiosk" "UPDATE exhibit SET value = '$v' WHERE key = 'version'"
	minisign -S -s curator.sec -m "memorial-$v.kiosk" >/dev/null </dev/null
done
SIZE=$(stat -c %s memorial-101.kiosk)

# --- FAT32 stick (fusefat: this kernel has no vfat) -----------------------
step "FAT stick"
truncate -s 64M "$WORK/fat.img"
mkfs.vfat -F 32 -n CURATOR "$WORK/fat.img" >/dev/null
mkdir "$WORK/mnt-fat"
fusefat -o rw+ "$WORK/fat.img" "$WORK/mnt-fat" >/dev/null 2>&1
cp memorial-101.kiosk memorial-101.kiosk.minisig "$WORK/mnt-fat/"
T0=$(date +%s%N)
import_from "$WORK/mnt-fat"
T1=$(date +%s%N)
[ "$rc" -eq 0 ] || fail "FAT: kiosk-import exited $rc: $(cat "$WORK/err")"
grep -q "Checking the new exhibit" "$WORK/out" || fail "no progress printed"
expect_current 101
case "$(readlink "$WORK/state/current")" in
exhibits/*-v101.kiosk) ;;
*) fail "current is not a relative link into exhibits/" ;;
esac
fusermount -u "$WORK/mnt-fat"
fusefat -o ro "$WORK/fat.img" "$WORK/mnt-fat" >/dev/null 2>&1 # read-only, to see what the image kept
expect_report "$WORK/mnt-fat" "Outcome: installed"
expect_report "$WORK/mnt-fat" "version 101"
fusermount -u "$WORK/mnt-fat"
echo "usb_e2e: FAT import of $SIZE bytes took $(((T1 - T0) / 1000000)) ms"

# --- exFAT stick (exfat-fuse on a loop device) ----------------------------
if command -v mkfs.exfat >/dev/null && command -v mount.exfat-fuse >/dev/null; then
	step "exFAT stick"
	truncate -s 64M "$WORK/exfat.img"
	mkfs.exfat -L CURATOR "$WORK/exfat.img" >/dev/null
	LOOP=$(attach "$WORK/exfat.img")
	mkdir "$WORK/mnt-exfat"
	mount.exfat-fuse "$LOOP" "$WORK/mnt-exfat" >/dev/null 2>&1 || fail "cannot mount exFAT"
	cp memorial-102.kiosk memorial-102.kiosk.minisig "$WORK/mnt-exfat/"
	import_from "$WORK/mnt-exfat"
	[ "$rc" -eq 0 ] || fail "exFAT: kiosk-import exited $rc: $(cat "$WORK/err")"
	expect_current 102
	expect_report "$WORK/mnt-exfat" "Outcome: installed"
	fusermount -u "$WORK/mnt-exfat"
	detach "$LOOP"
else
	step "exFAT stick: skipped (exfatprogs / exfat-fuse not installed)"
fi

# --- ext4 stick, through the board's helper and its mount options ---------
step "ext4 stick through deploy/kiosk-usb-import.sh"
truncate -s 64M "$WORK/ext4.img"
mkfs.ext4 -q -F -L CURATOR "$WORK/ext4.img"
LOOP=$(attach "$WORK/ext4.img")
mkdir "$WORK/mnt-ext4"
mount "$LOOP" "$WORK/mnt-ext4"
cp memorial-103.kiosk memorial-103.kiosk.minisig "$WORK/mnt-ext4/"
umount "$WORK/mnt-ext4"
# A wrapper that records how the helper mounted the stick, then imports.
cat >"$WORK/import-wrapper" <<EOF
#!/bin/sh
src=""
prev=""
for a in "\$@"; do [ "\$prev" = "--source" ] && src=\$a; prev=\$a; done
grep " \$src " /proc/self/mounts >"$WORK/helper-mount"
exec "$IMPORT" "\$@"
EOF
chmod +x "$WORK/import-wrapper"
helper() {
	rc=0
	KIOSK_IMPORT="$WORK/import-wrapper" KIOSK_STATE_DIR="$WORK/state" \
		KIOSK_TRUSTED_KEYS="$WORK/keys" KIOSK_CONFIG="$WORK/none.toml" \
		"$SRC/deploy/kiosk-usb-import.sh" "${1#/dev/}" >"$WORK/out" 2>"$WORK/err" || rc=$?
}
helper "$LOOP"
[ "$rc" -eq 0 ] || fail "helper exited $rc: $(cat "$WORK/err")"
expect_current 103
for opt in nosuid nodev noexec; do
	grep -q "[ ,]${opt}[ ,]" "$WORK/helper-mount" || fail "the stick was mounted without $opt"
done
grep -q "$LOOP " /proc/self/mounts && fail "the helper left the stick mounted"
mount -o ro "$LOOP" "$WORK/mnt-ext4"
expect_report "$WORK/mnt-ext4" "version 103"
umount "$WORK/mnt-ext4"

step "the same stick again: nothing to do (exit 3)"
helper "$LOOP"
[ "$rc" -eq 3 ] || fail "a second import exited $rc, expected 3"

step "a read-only stick: installed, and the missing report is said on stderr"
mount "$LOOP" "$WORK/mnt-ext4"
cp memorial-104.kiosk memorial-104.kiosk.minisig "$WORK/mnt-ext4/"
mount -o remount,ro "$WORK/mnt-ext4"
import_from "$WORK/mnt-ext4"
[ "$rc" -eq 0 ] || fail "read-only stick: exit $rc"
grep -q "report could not be written to the stick" "$WORK/err" || fail "no word about the report"
expect_current 104
umount "$WORK/mnt-ext4"
detach "$LOOP"

step "a stick with another filesystem (ext2) is left alone"
truncate -s 16M "$WORK/ext2.img"
mkfs.ext2 -q -F "$WORK/ext2.img"
LOOP=$(attach "$WORK/ext2.img")
rm -f "$WORK/helper-mount"
helper "$LOOP"
[ "$rc" -eq 0 ] || fail "ext2: helper exited $rc"
grep -q "only FAT, exFAT and ext4" "$WORK/err" || fail "ext2: no explanation"
[ ! -e "$WORK/helper-mount" ] || fail "ext2: the stick was mounted and imported"
detach "$LOOP"
expect_current 104
helper "../sda1"
[ "$rc" -eq 2 ] || fail "a path as device name: exit $rc, expected 2"

# --- The kiosk's disk is full (a small ext4 state folder) -----------------
step "a full kiosk disk refuses the package and keeps the exhibit"
truncate -s 48M "$WORK/small-state.img"
mkfs.ext4 -q -F -m 0 "$WORK/small-state.img"
LOOP=$(attach "$WORK/small-state.img")
mkdir "$WORK/mnt-state" "$WORK/stick"
mount "$LOOP" "$WORK/mnt-state"
cp memorial-104.kiosk memorial-104.kiosk.minisig "$WORK/stick/"
rc=0
"$IMPORT" --source "$WORK/stick" --state "$WORK/mnt-state" --trusted-keys "$WORK/keys" \
	>/dev/null 2>&1 || rc=$?
[ "$rc" -eq 0 ] || fail "the small state folder did not take the first package"
BEFORE=$(sha256sum "$WORK/mnt-state/current" | cut -d' ' -f1)
FREE=$(df -B1 --output=avail "$WORK/mnt-state" | tail -1)
fallocate -l $((FREE - 20 * 1024 * 1024)) "$WORK/mnt-state/filler"
rm -rf "${WORK:?}/stick"/*
cp memorial-105.kiosk memorial-105.kiosk.minisig "$WORK/stick/"
rc=0
"$IMPORT" --source "$WORK/stick" --state "$WORK/mnt-state" --trusted-keys "$WORK/keys" \
	>/dev/null 2>"$WORK/err" || rc=$?
[ "$rc" -eq 1 ] || fail "full disk: exit $rc, expected 1"
grep -q "disk is too full" "$WORK/err" || fail "full disk: $(cat "$WORK/err")"
[ "$(sha256sum "$WORK/mnt-state/current" | cut -d' ' -f1)" = "$BEFORE" ] || fail "current changed"
grep -q "disk is too full" "$WORK/stick"/kiosk-report/import-*.txt || fail "no report of it"
for f in "$WORK/mnt-state/exhibits"/*.partial; do
	[ -e "$f" ] && fail "a partial copy was left: $f"
done
umount "$WORK/mnt-state"
detach "$LOOP"

echo "usb_e2e: all passed"
