#!/bin/sh
# Boots an amd64 kiosk image in a window: QEMU with KVM when /dev/kvm is
# usable (else TCG, slowly), a USB tablet as the touchscreen (click = touch),
# no network. The image is written to, as a card would be (power cuts
# included): pass --snapshot to throw the changes away.
#
#   deploy/image/run-vm.sh [IMAGE] [--snapshot] [--headless] [--size WxH]
#                          [--cpus N] [--memory MB] [--disk QCOW2] [-- QEMU_ARGS...]
#
#   IMAGE        default build/image/kiosk-amd64.img (deploy/image/build.sh)
#   --headless   no window (the system tests watch it over QMP instead)
#   --size WxH   the screen (default 1280x720)
#   --cpus N     virtual CPUs (default 2)   --memory MB   RAM (default 1024)
#   --disk QCOW2 boot IMAGE's kernel but write to QCOW2, an overlay of IMAGE
#                (qemu-img create -f qcow2 -F raw -b IMAGE): it can hold
#                saved machine states (savevm, -loadvm) for the tests
#   --probe-kvm  exit 0 when KVM starts this image's kernel within 20 s, else 1
#                (some nested virtual machines offer a /dev/kvm that crawls)
# QEMU_ARGS go to QEMU as they are (say, -qmp unix:/tmp/q.sock,server=on,wait=off).
set -eu

REPO=$(cd "$(dirname "$0")/../.." && pwd)
IMAGE=$REPO/build/image/kiosk-amd64.img
SNAPSHOT=""
DISPLAY_ARGS=""
SIZE=1280x720
CPUS=2
MEMORY=1024
HEADLESS=0
PROBE=0
DISK=""

usage() {
	sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'
	exit 2
}

while [ $# -gt 0 ]; do
	case "$1" in
	--snapshot) SNAPSHOT="-snapshot" ;;
	--headless) HEADLESS=1 ;;
	--probe-kvm) PROBE=1 ;;
	--size | --cpus | --memory | --disk)
		[ $# -ge 2 ] || usage
		case "$1" in
		--size) SIZE=$2 ;;
		--cpus) CPUS=$2 ;;
		--memory) MEMORY=$2 ;;
		--disk) DISK=$2 ;;
		esac
		shift
		;;
	--)
		shift
		break
		;;
	-h | --help) usage ;;
	-*)
		echo "run-vm: unknown option $1" >&2
		usage
		;;
	*) IMAGE=$1 ;;
	esac
	shift
done

die() {
	echo "run-vm: $*" >&2
	exit 1
}

[ -f "$IMAGE" ] || die "no image $IMAGE; build one with deploy/image/build.sh"
command -v qemu-system-x86_64 >/dev/null 2>&1 || die "qemu-system-x86_64 is missing (apt install qemu-system-x86)"
command -v mcopy >/dev/null 2>&1 || die "mcopy is missing (apt install mtools)"
W=${SIZE%x*}
H=${SIZE#*x}

# The kernel, initrd and command line are on the image's FAT partition
# (partition 1); QEMU boots them directly, as a Pi's firmware would.
BOOT=$IMAGE.boot
fat_start=$(sfdisk -d "$IMAGE" | awk -F'[=,]' '/^[^ ]*1 :/ { gsub(/ /, "", $2); print $2 }')
[ -n "$fat_start" ] || die "$IMAGE has no partition table"
if [ ! -f "$BOOT/vmlinuz" ] || [ -n "$(find "$IMAGE" -newer "$BOOT/vmlinuz")" ]; then
	rm -rf "$BOOT"
	mkdir -p "$BOOT"
	for f in vmlinuz initrd.img cmdline.txt; do
		mcopy -n -i "$IMAGE@@$((fat_start * 512))" "::$f" "$BOOT/$f" ||
			die "no $f on the FAT partition of $IMAGE (an arm64 image? it boots on a Pi)"
	done
fi

if [ "$PROBE" = 1 ]; then
	[ -w /dev/kvm ] || exit 1
	timeout 20 qemu-system-x86_64 -machine q35 -accel kvm -cpu host -m 256 -kernel "$BOOT/vmlinuz" \
		-append "console=ttyS0 panic=-1" -no-reboot -display none -serial stdio -nic none \
		-no-user-config 2>/dev/null | grep -q -m 1 "Linux version"
	exit $?
fi

# KIOSK_VM_ACCEL=tcg forces emulation (a /dev/kvm that opens but does not run
# a guest at a usable speed, as in some nested virtual machines).
if [ "${KIOSK_VM_ACCEL:-}" = tcg ]; then
	ACCEL="-accel tcg,thread=multi -cpu max"
elif [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
	ACCEL="-accel kvm -cpu host"
else
	echo "run-vm: /dev/kvm is not usable here; emulating the CPU (TCG), which is far slower" >&2
	ACCEL="-accel tcg,thread=multi -cpu max"
fi
if [ "$HEADLESS" = 1 ]; then
	DISPLAY_ARGS="-display none"
fi

if [ -n "$DISK" ]; then
	[ -f "$DISK" ] || die "no disk $DISK"
	DRIVE="file=$DISK,format=qcow2"
else
	DRIVE="file=$IMAGE,format=raw"
fi

# cache=unsafe: a guest flush is not forced to the host disk; a killed QEMU
# (the tests' power cut) still loses exactly what the guest had not written.
# shellcheck disable=SC2086 # ACCEL, SNAPSHOT and DISPLAY_ARGS are lists of words
exec qemu-system-x86_64 -name memorial-kiosk -machine q35 $ACCEL -smp "$CPUS" -m "$MEMORY" \
	-kernel "$BOOT/vmlinuz" -initrd "$BOOT/initrd.img" -append "$(cat "$BOOT/cmdline.txt")" \
	-drive "$DRIVE,if=virtio,cache=unsafe,aio=threads" $SNAPSHOT \
	-device "VGA,id=video0,edid=on,xres=$W,yres=$H" \
	-device qemu-xhci,id=xhci -device usb-tablet,id=touch,bus=xhci.0,display=video0 \
	-nic none -no-user-config $DISPLAY_ARGS "$@"
