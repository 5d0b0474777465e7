#!/bin/sh
# Installs exactly the Debian 12 / Raspberry Pi OS Bookworm packages the kiosk
# needs to build, run and test. Safe to run again: apt-get skips what is there.
#   deploy/install-deps.sh           build + run + test dependencies
#   deploy/install-deps.sh --build   only what building needs (the board's install)
#   deploy/install-deps.sh --runtime only what the board needs to run
#   deploy/install-deps.sh --content only what redrawing the default exhibit's
#                                    images needs (kiosk-content/tools/)
set -eu

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	SUDO="sudo"
fi

RUNTIME="libglfw3 libsqlite3-0 libsodium23 libfreetype6 libsystemd0 \
libtomlplusplus3 libstb0 libjpeg62-turbo libgl1-mesa-dri libopengl0 libegl1 fonts-noto-core \
xserver-xorg-core xserver-xorg-input-libinput xinit x11-xserver-utils xinput \
minisign libavformat59 libswscale6 libmpv2"
BUILD="build-essential cmake pkg-config dpkg-dev libimgui-dev libglfw3-dev \
libsqlite3-dev libstb-dev libfreetype-dev libsodium-dev libtomlplusplus-dev \
libsystemd-dev libgl-dev libjpeg62-turbo-dev fonts-noto-core catch2 \
libavformat-dev libavcodec-dev libavutil-dev libswscale-dev libmpv-dev \
espeak-ng ffmpeg"
# (espeak-ng and ffmpeg: the build makes the default exhibit's narration and
# map animation, kiosk-content/tools/make-media.sh.)
# Every tool a test runs, named here even when a Debian 12 system usually has
# it (udev, mount, fdisk are not in a minimal container): a fresh machine must
# pass. The system image and its tests: mmdebstrap, QEMU, qemu-img (the
# copy-on-write disk each test boots: qemu-utils), mtools, fdisk. The
# arm64 image (deploy/image/build.sh --arch arm64) runs the packages' scripts
# under qemu-aarch64-static through binfmt_misc: qemu-user-static and
# binfmt-support, and arch-test (mmdebstrap checks with it that the
# foreign architecture runs). They install in a container too: qemu-user-static's script
# skips the registration in a container it detects, and elsewhere where
# binfmt_misc is missing update-binfmts only warns; build.sh then registers
# qemu-aarch64 itself or says what the machine lacks. Its smoke boot
# (tests/system/arm64_smoke_boot.py) runs under qemu-system-aarch64
# (qemu-system-arm), its initrd is read with zstd. The
# soak benchmark's plot (bench/soak.py): gnuplot.
TEST="xvfb xauth xdotool libgl1-mesa-dri sqlite3 minisign shellcheck \
systemd udev imagemagick clang-format python3 tzdata crossbuild-essential-arm64 \
qemu-user dosfstools fusefat fuse3 exfatprogs exfat-fuse e2fsprogs util-linux mount \
binutils mmdebstrap qemu-system-x86 qemu-utils mtools fdisk ffmpeg \
qemu-user-static binfmt-support arch-test qemu-system-arm zstd gnuplot-nox"

# GMT reads the GSHHG coastline and border data for the exhibit's maps.
CONTENT="imagemagick fonts-noto-core gmt gmt-gshhg-low"

case "${1:-}" in
--runtime) PKGS="$RUNTIME" ;;
--build) PKGS="$BUILD" ;;
--content) PKGS="$CONTENT" ;;
*) PKGS="$BUILD $TEST $CONTENT" ;;
esac

# Only touch apt when something is missing, so a second run is quick and offline.
missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
if [ -z "$missing" ]; then
	echo "install-deps: all packages already installed"
	exit 0
fi
echo "install-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086 # word splitting of the package list is intended
$SUDO apt-get install -y -qq --no-install-recommends $missing
