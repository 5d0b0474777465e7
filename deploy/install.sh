#!/bin/sh
# Installs the kiosk on a Raspberry Pi OS Lite (Bookworm) board in one step:
# packages, build, the memorial-kiosk .deb, the kiosk user, units, X and udev
# config, the default settings and exhibit, and the kiosk on the screen.
# Safe to run again: it upgrades in place and keeps /etc/kiosk/kiosk.toml.
#
#   sudo deploy/install.sh [--deb FILE] [--data DIR] [--read-only-root] [--no-start]
#
#   --deb FILE        install this package (say, cross-built for fifty boards)
#                     instead of building one here
#   --data DIR        keep the kiosk's state and the journal on the data
#                     partition mounted at DIR (bind mounts, see README)
#   --read-only-root  then make the root file system read-only (overlayfs via
#                     raspi-config; takes effect at the next reboot). Needs --data,
#                     or a data partition set up by an earlier run.
#   --no-start        do not start the kiosk now; it starts at the next boot
#
# For tests, into a folder instead of the system:
#   ROOT=/tmp/fakeroot deploy/install.sh --no-apt --no-systemctl [--build-dir DIR]
# installs the files under ROOT from an existing build (cmake --install) and
# runs kiosk-setup there, printing the commands it would run on a board.
set -eu

REPO=$(cd "$(dirname "$0")/.." && pwd)
ROOT=${ROOT:-}
DEB=""
DATA=""
READ_ONLY=0
START=1
APT=1
SYSTEMCTL=1
BUILD=""

usage() {
	sed -n '2,23p' "$0" | sed 's/^# \{0,1\}//'
	exit 2
}

while [ $# -gt 0 ]; do
	case "$1" in
	--deb | --data | --build-dir)
		[ $# -ge 2 ] || usage
		case "$1" in
		--deb) DEB=$2 ;;
		--data) DATA=$2 ;;
		--build-dir) BUILD=$2 ;;
		esac
		shift
		;;
	--read-only-root) READ_ONLY=1 ;;
	--no-start) START=0 ;;
	--no-apt) APT=0 ;;
	--no-systemctl) SYSTEMCTL=0 ;;
	-h | --help) usage ;;
	*)
		echo "install: unknown option $1" >&2
		usage
		;;
	esac
	shift
done

say() {
	echo "install: $*"
}

die() {
	echo "install: $*" >&2
	exit 1
}

SETUP_ARGS=""
[ -z "$DATA" ] || SETUP_ARGS="--data $DATA"
[ "$SYSTEMCTL" = 1 ] || SETUP_ARGS="$SETUP_ARGS --no-systemctl"

# [A] Into a folder (tests): the same files the package holds, then the set-up.
if [ -n "$ROOT" ]; then
	BUILD=${BUILD:-$REPO/build}
	[ -f "$BUILD/CMakeCache.txt" ] || die "no build in $BUILD; build first or pass --build-dir"
	mkdir -p "$ROOT"
	ROOT=$(cd "$ROOT" && pwd)
	# Copies only what differs; an existing kiosk.toml is left alone.
	DESTDIR=$ROOT cmake --install "$BUILD" --prefix /usr >/dev/null
	say "files installed under $ROOT"
	export ROOT
	# shellcheck disable=SC2086 # SETUP_ARGS is a list of words
	sh "$ROOT/usr/lib/kiosk/kiosk-setup" $SETUP_ARGS
	exit 0
fi

# [B] On the board.
[ "$(id -u)" -eq 0 ] || die "run me as root: sudo $0 $*"
if [ -r /etc/os-release ]; then
	# shellcheck disable=SC1091 # the system's own file
	. /etc/os-release
	[ "${VERSION_CODENAME:-}" = bookworm ] ||
		say "warning: made for Raspberry Pi OS / Debian bookworm, this is ${PRETTY_NAME:-unknown}"
fi
# With the overlay on, everything written now would vanish at the next reboot.
if awk '$2 == "/" && $3 == "overlay" { found = 1 } END { exit !found }' /proc/mounts; then
	die "the root file system is read-only (overlay) now, so an install would not last.
  Turn it off, reboot, run me again, then turn it on with --read-only-root:
    sudo raspi-config nonint disable_overlayfs && sudo reboot"
fi
if [ "$READ_ONLY" = 1 ] && [ -z "$DATA" ] && ! grep -q "memorial-kiosk data" /etc/fstab 2>/dev/null; then
	die "--read-only-root needs --data DIR: with a read-only root, imported exhibits
  and statistics must live on a data partition or they vanish at each reboot"
fi

export DEBIAN_FRONTEND=noninteractive
if [ -z "$DEB" ]; then
	BUILD=${BUILD:-$REPO/build-release}
	if [ "$APT" = 1 ]; then
		"$REPO/deploy/install-deps.sh" --build
	fi
	# A board with 1 GB or less builds one file at a time (the compiler needs the memory).
	mem_kb=$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)
	jobs=$(nproc)
	[ "${mem_kb:-0}" -gt 1500000 ] || jobs=1
	say "building in $BUILD ($jobs at a time; on a Pi 3 or Zero 2 W this takes a while)"
	cmake -S "$REPO" -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DKIOSK_BUILD_TESTS=OFF >/dev/null
	cmake --build "$BUILD" -j"$jobs"
	rm -f "$BUILD"/memorial-kiosk_*.deb
	(cd "$BUILD" && cpack -G DEB >/dev/null)
	for f in "$BUILD"/memorial-kiosk_*.deb; do DEB=$f; done
fi
[ -f "$DEB" ] || die "no package $DEB"
DEB=$(cd "$(dirname "$DEB")" && pwd)/$(basename "$DEB")
say "installing $DEB"
if [ "$APT" = 1 ]; then
	# apt fetches the runtime packages it depends on; --reinstall reruns the
	# set-up when the version did not change (a rebuild, a second run).
	apt-get install -y -qq --reinstall --no-install-recommends "$DEB"
	# cec-ctl, to put a TV on standby outside opening hours (recommended only).
	apt-get install -y -qq --no-install-recommends v4l-utils ||
		say "warning: v4l-utils (cec-ctl) could not be installed; TVs are switched through X only"
else
	dpkg -i "$DEB"
fi

if [ -n "$DATA" ]; then
	# shellcheck disable=SC2086 # SETUP_ARGS is a list of words
	/usr/lib/kiosk/kiosk-setup $SETUP_ARGS
fi

if [ "$READ_ONLY" = 1 ]; then
	command -v raspi-config >/dev/null 2>&1 ||
		die "raspi-config is missing: the read-only root is a Raspberry Pi OS feature"
	if raspi-config nonint get_overlay_conf 2>/dev/null | grep -qx 0; then
		say "the read-only root is already on for the next boot"
	else
		raspi-config nonint enable_overlayfs
		say "the root file system is read-only from the next reboot (sudo reboot)"
	fi
fi

if [ "$START" = 1 ] && [ "$SYSTEMCTL" = 1 ] && [ -d /run/systemd/system ]; then
	systemctl restart kiosk.service
	say "the kiosk is starting on the screen"
fi
say "done. Logs: journalctl -u kiosk -f   Settings: /etc/kiosk/kiosk.toml"
