#!/bin/sh
# The Raspberry Pi 4 image, built and checked without booting it (issue 10):
# the arm64 .deb (deploy/cross-build-arm64.sh), the image
# (deploy/image/build.sh --arch arm64, every package script emulated by
# qemu-aarch64-static) and what it holds (tests/system/check_image.py).
#
#   tests/system/arm64-image.sh [--build-dir DIR] [--check-only]
#
#   --build-dir DIR  the CMake build (default build/): the arm64 build goes to
#                    DIR/arm64 (as the arm64 ctest's), the image to
#                    DIR/image/kiosk-arm64.img, apt downloads cached in
#                    DIR/image/apt-cache/arm64
#   --check-only     check the image already built
#
# Exit 0 passed, 1 failed, 77 this machine cannot run arm64 programs (skip).
set -eu

REPO=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=$REPO/build
CHECK_ONLY=0
while [ $# -gt 0 ]; do
	case "$1" in
	--build-dir)
		BUILD=$2
		shift
		;;
	--check-only) CHECK_ONLY=1 ;;
	*)
		sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
		exit 2
		;;
	esac
	shift
done
BUILD=$(cd "$BUILD" && pwd)
IMAGE=$BUILD/image/kiosk-arm64.img

if [ "$CHECK_ONLY" = 0 ]; then
	if [ "$(uname -m)" != aarch64 ] && [ ! -x /usr/bin/qemu-aarch64-static ]; then
		echo "SKIPPED: the arm64 image: qemu-user-static is not installed (deploy/install-deps.sh installs it)"
		exit 77
	fi
	t0=$(date +%s)
	KIOSK_ARM64_BUILD=$BUILD/arm64 "$REPO/deploy/cross-build-arm64.sh" --no-tests
	deb=""
	for f in "$BUILD"/arm64/build/memorial-kiosk_*_arm64.deb; do deb=$f; done
	[ -f "$deb" ] || {
		echo "arm64-image: cross-build-arm64.sh made no package in $BUILD/arm64/build" >&2
		exit 1
	}
	t1=$(date +%s)
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO=sudo
	$SUDO "$REPO/deploy/image/build.sh" --arch arm64 --deb "$deb" --out "$BUILD/image"
	t2=$(date +%s)
	echo "arm64-image: package $((t1 - t0)) s, image $((t2 - t1)) s"
fi
python3 "$REPO/tests/system/check_image.py" "$IMAGE" --arch arm64
