#!/bin/sh
# Builds a bootable kiosk system image from Debian 12 packages (mmdebstrap):
# the memorial-kiosk .deb installed and kiosk-setup run, a read-only root, a
# data partition for /var/lib/kiosk and the journal, the default exhibit, and
# the curator key slot on the FAT partition (kiosk-keys/, read at first boot).
#
#   deploy/image/build.sh [--arch amd64|arm64] [--deb FILE] [--out DIR]
#                         [--data-mb N] [--test]
#
#   --arch amd64   (default) for PCs and the virtual machine (run-vm.sh): the
#                  kernel and initrd on the FAT partition, booted directly
#   --arch arm64   for the Raspberry Pi 4 / 400 / CM4: Debian's raspi-firmware
#                  and linux-image-arm64 on an SD-card layout; its initramfs
#                  made once, at the end, for a Pi 4 (arm64-boot.sh)
#   --deb FILE     the memorial-kiosk package to install (default: made with
#                  cpack in build/ for amd64; build-arm64/build/ for arm64)
#   --out DIR      where the image goes (default build/image); apt downloads
#                  are kept in DIR/apt-cache/ARCH for the next build
#   --data-mb N    size of the data partition (default 512)
#   --test         the test build for tests/system/: adds a root shell on
#                  the first serial port and a kernel console on the second.
#                  Never write a test build to a museum's card.
#
# Layout (MBR, fits a 4 GB card): 1 FAT "KIOSKBOOT" 256 MiB (firmware or
# kernel, cmdline.txt, kiosk-keys/), 2 ext4 "kiosk-root" mounted read-only,
# 3 ext4 "kiosk-data" at /data (exhibits, statistics, journal, trusted keys).
# Needs root (mmdebstrap's root mode; plain files, no loop devices), and for
# arm64 on a PC qemu-user-static with binfmt_misc.
set -eu

REPO=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$REPO/deploy/image
ARCH=amd64
DEB=""
OUT=$REPO/build/image
DATA_MB=512
TEST=0
MIRROR=${KIOSK_IMAGE_MIRROR:-http://deb.debian.org/debian}
SECURITY=${KIOSK_IMAGE_SECURITY_MIRROR:-http://deb.debian.org/debian-security}

usage() {
	sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'
	exit 2
}

while [ $# -gt 0 ]; do
	case "$1" in
	--arch | --deb | --out | --data-mb)
		[ $# -ge 2 ] || usage
		case "$1" in
		--arch) ARCH=$2 ;;
		--deb) DEB=$2 ;;
		--out) OUT=$2 ;;
		--data-mb) DATA_MB=$2 ;;
		esac
		shift
		;;
	--test) TEST=1 ;;
	-h | --help) usage ;;
	*)
		echo "build: unknown option $1" >&2
		usage
		;;
	esac
	shift
done

say() {
	echo "image: $*"
}
die() {
	echo "image: $*" >&2
	exit 1
}

case "$ARCH" in
amd64 | arm64) ;;
*) die "--arch is amd64 or arm64, not $ARCH" ;;
esac
[ "$(id -u)" -eq 0 ] || die "run me as root (mmdebstrap installs packages owned by root)"
for tool in mmdebstrap mkfs.ext4 mkfs.vfat mcopy sfdisk; do
	command -v "$tool" >/dev/null 2>&1 || die "$tool is missing; run deploy/install-deps.sh"
done
START=$(date +%s)

# arm64 on a PC: the packages' scripts run under qemu-aarch64-static, which
# the kernel starts through binfmt_misc (qemu-user-static registers it; in a
# container the file system may need mounting first).
if [ "$ARCH" = arm64 ] && [ "$(uname -m)" != aarch64 ]; then
	[ -x /usr/bin/qemu-aarch64-static ] || die "arm64 on $(uname -m) needs qemu-user-static (deploy/install-deps.sh)"
	if [ ! -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]; then
		mountpoint -q /proc/sys/fs/binfmt_misc ||
			mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc 2>/dev/null || true
		update-binfmts --enable qemu-aarch64 >/dev/null 2>&1 || true
	fi
	[ -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ] ||
		die "arm64 programs cannot run here: binfmt_misc has no qemu-aarch64 entry (apt install qemu-user-static binfmt-support, then update-binfmts --enable qemu-aarch64)"
fi

# [1] The kiosk's own package.
if [ -z "$DEB" ]; then
	if [ "$ARCH" = amd64 ]; then
		[ -f "$REPO/build/CMakeCache.txt" ] || die "no build in build/; build first (tests/run-all.sh) or pass --deb"
		rm -f "$REPO"/build/memorial-kiosk_*_amd64.deb
		# cpack builds every target one at a time; build them in parallel first.
		cmake --build "$REPO/build" -j"$(nproc)" >/dev/null
		(cd "$REPO/build" && cpack -G DEB >/dev/null)
		for f in "$REPO"/build/memorial-kiosk_*_amd64.deb; do DEB=$f; done
	else
		for f in "$REPO"/build-arm64/build/memorial-kiosk_*_arm64.deb; do DEB=$f; done
		[ -f "$DEB" ] || die "no arm64 package: run deploy/cross-build-arm64.sh first, or pass --deb"
	fi
fi
[ -f "$DEB" ] || die "no package $DEB"
DEB=$(cd "$(dirname "$DEB")" && pwd)/$(basename "$DEB")

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
SUFFIX=""
[ "$TEST" = 0 ] || SUFFIX="-test"
IMAGE=$OUT/kiosk-$ARCH$SUFFIX.img
WORK=$OUT/work-$ARCH$SUFFIX
CACHE=$OUT/apt-cache/$ARCH
rm -rf "$WORK"
mkdir -p "$WORK" "$CACHE"
ROOTFS=$WORK/rootfs
# Whatever happens, the unpacked tree does not stay behind (a GB or more).
trap 'rm -rf "$WORK"' EXIT

# [2] The packages. No network service, no login: the kiosk, X, the kernel.
PKGS="systemd-sysv udev dbus libpam-systemd kmod e2fsprogs dosfstools initramfs-tools zstd"
if [ "$ARCH" = amd64 ]; then
	PKGS="$PKGS linux-image-amd64"
	COMPONENTS=main
else
	PKGS="$PKGS linux-image-arm64 raspi-firmware firmware-brcm80211"
	COMPONENTS="main non-free-firmware"
fi
# The test agent needs ss (iproute2) and pkill (procps); museums' images do not.
[ "$TEST" = 0 ] || PKGS="$PKGS iproute2 procps"

CMDLINE="root=LABEL=kiosk-root ro rootwait fsck.repair=yes quiet loglevel=3 vt.global_cursor_default=0 panic=10"
if [ "$TEST" = 1 ]; then
	CMDLINE="$CMDLINE console=ttyS1,115200"
fi

# arm64: the initramfs is made once, at the end, with the modules a Pi needs
# (arm64-boot.sh says why); raspi-firmware's hook then fills /boot/firmware.
# The hooks run outside the chroot with $1 = the tree.
# shellcheck disable=SC2016 # the hooks are expanded by mmdebstrap
if [ "$ARCH" = arm64 ]; then
	set -- --essential-hook="'$HERE/arm64-boot.sh' defer \"\$1\"" \
		--customize-hook="'$HERE/arm64-boot.sh' finish \"\$1\" '$CMDLINE'"
else
	set --
fi

# [3] The root file system, by mmdebstrap; the hooks below run outside the
# chroot with $1 = the tree. apt's downloads are synced to and from $CACHE.
say "building the $ARCH root file system from Debian 12 packages (cache: $CACHE)"
# shellcheck disable=SC2016 # the hooks are expanded by mmdebstrap, with $1 = the tree
mmdebstrap --variant=apt --arch="$ARCH" --components="$(echo "$COMPONENTS" | tr ' ' ,)" \
	--include="$(echo "$PKGS" | tr ' ' ,)" \
	--skip=essential/unlink --skip=download/empty \
	--aptopt='APT::Install-Recommends "false"' \
	--setup-hook='mkdir -p "$1/var/cache/apt/archives"' \
	--setup-hook="sync-in '$CACHE' /var/cache/apt/archives/" \
	--customize-hook="sync-out /var/cache/apt/archives '$CACHE'" \
	--customize-hook="upload '$DEB' /tmp/memorial-kiosk.deb" \
	--customize-hook='chroot "$1" apt-get install -y -q --no-install-recommends /tmp/memorial-kiosk.deb' \
	--customize-hook="sync-out /var/cache/apt/archives '$CACHE'" \
	--customize-hook='rm -f "$1/tmp/memorial-kiosk.deb"' \
	--customize-hook="'$HERE/customize.sh' \"\$1\" $ARCH $TEST" \
	"$@" \
	bookworm "$ROOTFS" \
	"deb $MIRROR bookworm $COMPONENTS" \
	"deb $MIRROR bookworm-updates $COMPONENTS" \
	"deb $SECURITY bookworm-security $COMPONENTS"

# One machine id for the image (mmdebstrap empties it at its end): with a
# read-only /etc systemd would make up a new one at every boot, and the
# journal on /data would start afresh each time.
tr -d '-' </proc/sys/kernel/random/uuid >"$ROOTFS/etc/machine-id"
# What systemd-tmpfiles and pam_env would otherwise try, and fail, to find or
# make on the read-only root at every boot (errors in the journal).
mkdir -p "$ROOTFS/var/lib/dbus"
ln -sfn /etc/machine-id "$ROOTFS/var/lib/dbus/machine-id"
[ -f "$ROOTFS/etc/default/locale" ] || printf 'LANG=C.UTF-8\n' >"$ROOTFS/etc/default/locale"

# [4] The FAT partition: what boots, and the curator key slot.
FATDIR=$WORK/fat
mkdir -p "$FATDIR/kiosk-keys"
cp "$HERE/files/KEYS-README.txt" "$FATDIR/kiosk-keys/README.txt"
if [ "$ARCH" = amd64 ]; then
	for f in "$ROOTFS"/boot/vmlinuz-*; do cp "$f" "$FATDIR/vmlinuz"; done
	for f in "$ROOTFS"/boot/initrd.img-*; do cp "$f" "$FATDIR/initrd.img"; done
	printf '%s\n' "$CMDLINE" >"$FATDIR/cmdline.txt"
else
	# raspi-firmware's hooks put the firmware, the device trees, the kernel and
	# initrd, config.txt and cmdline.txt into /boot/firmware while installing.
	cp -r "$ROOTFS"/boot/firmware/. "$FATDIR/"
	printf '%s\n' "console=tty1 $CMDLINE" >"$FATDIR/cmdline.txt"
fi
if [ "$ARCH" = amd64 ] && [ ! -f "$FATDIR/vmlinuz" ]; then
	die "the kernel was not installed"
fi
find "$ROOTFS/boot/firmware" -mindepth 1 -delete

# [5] The data partition's contents: state, journal, trusted keys (kiosk-setup
# put them in /data of the tree); the root keeps an empty /data to mount on.
DATADIR=$WORK/data
mkdir -p "$DATADIR"
mv "$ROOTFS"/data/* "$DATADIR/"

# [6] Three file systems, then one disk.
FAT_MB=256
root_mb=$(du -sm "$ROOTFS" | cut -f1)
ROOT_MB=$((root_mb + root_mb / 5 + 128))
say "root file system: $root_mb MiB of files in a $ROOT_MB MiB partition"
rm -f "$WORK"/*.part
mkfs.vfat -C -n KIOSKBOOT -F 32 "$WORK/fat.part" $((FAT_MB * 1024)) >/dev/null
mcopy -s -i "$WORK/fat.part" "$FATDIR"/* ::
truncate -s "${ROOT_MB}M" "$WORK/root.part"
mkfs.ext4 -q -L kiosk-root -d "$ROOTFS" -E root_owner=0:0 "$WORK/root.part"
truncate -s "${DATA_MB}M" "$WORK/data.part"
mkfs.ext4 -q -L kiosk-data -d "$DATADIR" -E root_owner=0:0 "$WORK/data.part"

START_MB=4
TOTAL_MB=$((START_MB + FAT_MB + ROOT_MB + DATA_MB + 1))
rm -f "$IMAGE.new"
truncate -s "${TOTAL_MB}M" "$IMAGE.new"
sfdisk -q "$IMAGE.new" <<EOF
label: dos
start=${START_MB}MiB, size=${FAT_MB}MiB, type=c, bootable
start=$((START_MB + FAT_MB))MiB, size=${ROOT_MB}MiB, type=83
start=$((START_MB + FAT_MB + ROOT_MB))MiB, size=${DATA_MB}MiB, type=83
EOF
dd if="$WORK/fat.part" of="$IMAGE.new" bs=1M seek=$START_MB conv=notrunc,sparse status=none
dd if="$WORK/root.part" of="$IMAGE.new" bs=1M seek=$((START_MB + FAT_MB)) conv=notrunc,sparse status=none
dd if="$WORK/data.part" of="$IMAGE.new" bs=1M seek=$((START_MB + FAT_MB + ROOT_MB)) conv=notrunc,sparse status=none
mv -f "$IMAGE.new" "$IMAGE"

[ "$TOTAL_MB" -le 3700 ] || die "the image is $TOTAL_MB MiB: it would not fit a 4 GB card"
say "built $IMAGE: $TOTAL_MB MiB (fits a 4 GB card), in $(($(date +%s) - START)) s"
say "write it to a card: sudo dd if=$IMAGE of=/dev/sdX bs=4M conv=fsync status=progress"
