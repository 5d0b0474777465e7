#!/bin/sh
# Cross-builds the kiosk for Raspberry Pi OS Bookworm 64-bit (arm64) on a
# Debian 12 amd64 machine, runs the unit and board tests under qemu-aarch64,
# and makes the arm64 .deb for the boards (deploy/install.sh --deb FILE).
#   deploy/cross-build-arm64.sh [--no-tests] [--no-deb]
#
# The arm64 libraries come from Debian's archive with apt-get, through an apt
# state of their own under build-arm64/apt (the machine's apt is left alone:
# no dpkg --add-architecture), and are unpacked with dpkg-deb -x into
# build-arm64/sysroot. A second run downloads nothing new and rebuilds only
# what changed. KIOSK_ARM64_BUILD=DIR puts it all elsewhere.
set -eu

REPO=$(cd "$(dirname "$0")/.." && pwd)
OUT=${KIOSK_ARM64_BUILD:-$REPO/build-arm64}
SYSROOT=$OUT/sysroot
APTDIR=$OUT/apt
BUILD=$OUT/build
TESTS=1
DEB=1
for a in "$@"; do
	case "$a" in
	--no-tests) TESTS=0 ;;
	--no-deb) DEB=0 ;;
	*)
		echo "cross-build-arm64: unknown option $a" >&2
		exit 2
		;;
	esac
done

say() {
	echo "cross-build-arm64: $*"
}

# The arm64 packages to build against (their dependencies come along).
ARM64_PKGS="libc6-dev libstdc++-12-dev libsqlite3-dev libsodium-dev libtomlplusplus-dev \
libsystemd-dev libimgui-dev libglfw3-dev libfreetype-dev libgl-dev libstb-dev libjpeg62-turbo-dev catch2 \
libavformat-dev libavcodec-dev libavutil-dev libswscale-dev libmpv-dev"
# The host's tools (espeak-ng and ffmpeg make the default exhibit's media).
HOST_PKGS="crossbuild-essential-arm64 qemu-user cmake pkg-config dpkg-dev espeak-ng ffmpeg"

start=$(date +%s)

# [1] Host tools.
missing=""
for p in $HOST_PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO=sudo
	say "installing$missing"
	$SUDO apt-get update -qq
	# shellcheck disable=SC2086 # a list of package names
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi

# [2] An apt of its own that sees only arm64, with the machine's sources.
mkdir -p "$APTDIR/state/lists/partial" "$APTDIR/cache/archives/partial" "$APTDIR/etc/sources.list.d"
[ -f "$APTDIR/status" ] || : >"$APTDIR/status"
: >"$APTDIR/etc/sources.list"
[ -f /etc/apt/sources.list ] && cp /etc/apt/sources.list "$APTDIR/etc/sources.list"
rm -f "$APTDIR/etc/sources.list.d/"*
for f in /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
	[ -f "$f" ] && cp "$f" "$APTDIR/etc/sources.list.d/"
done
apt_arm64() {
	apt-get -q -o APT::Architecture=arm64 -o APT::Architectures::=arm64 \
		-o Dir::State="$APTDIR/state" -o Dir::State::status="$APTDIR/status" \
		-o Dir::Cache="$APTDIR/cache" -o Dir::Etc::SourceList="$APTDIR/etc/sources.list" \
		-o Dir::Etc::SourceParts="$APTDIR/etc/sources.list.d" -o Debug::NoLocking=1 \
		-o APT::Sandbox::User=root "$@"
}
# Package lists a day old are fresh enough; a release's libraries barely move.
if [ -z "$(find "$APTDIR/state/lists" -maxdepth 1 -name '*Packages*' -mtime -1 2>/dev/null)" ]; then
	say "reading Debian's arm64 package lists"
	apt_arm64 update >"$OUT/apt-update.log" 2>&1 || {
		cat "$OUT/apt-update.log"
		exit 1
	}
fi
say "downloading the arm64 libraries (and what they depend on)"
# shellcheck disable=SC2086 # a list of package names
apt_arm64 install --download-only -y --no-install-recommends $ARM64_PKGS >"$OUT/apt-download.log" 2>&1 || {
	cat "$OUT/apt-download.log"
	exit 1
}

# [3] The sysroot: every downloaded package unpacked; made again when the set changes.
ls "$APTDIR/cache/archives/"*.deb >"$OUT/debs.new"
if ! cmp -s "$OUT/debs.new" "$SYSROOT/.debs" 2>/dev/null; then
	say "unpacking $(wc -l <"$OUT/debs.new") packages into $SYSROOT"
	rm -rf "$SYSROOT"
	mkdir -p "$SYSROOT"
	while IFS= read -r deb; do
		dpkg-deb -x "$deb" "$SYSROOT"
	done <"$OUT/debs.new"
	# Absolute links point into the machine's own /usr: point them into the sysroot.
	find "$SYSROOT" -type l -lname '/*' | while IFS= read -r link; do
		ln -sfn "$SYSROOT$(readlink "$link")" "$link"
	done
	mv "$OUT/debs.new" "$SYSROOT/.debs"
else
	rm -f "$OUT/debs.new"
fi
# Libraries a package's postinst chooses with update-alternatives, which
# dpkg-deb -x does not run: BLAS and LAPACK, which the kiosk reaches through
# libmpv and FFmpeg's filters (the linker needs them to resolve libmpv).
MULTIARCH=$SYSROOT/usr/lib/aarch64-linux-gnu
for alt in blas/libblas.so.3 lapack/liblapack.so.3; do
	if [ -e "$MULTIARCH/$alt" ] && [ ! -e "$MULTIARCH/${alt#*/}" ]; then
		ln -s "$alt" "$MULTIARCH/${alt#*/}"
	fi
done
prepared=$(date +%s)

# [4] Build. The default exhibit is packed by the arm64 kiosk-pack under qemu.
say "building in $BUILD"
KIOSK_SYSROOT=$SYSROOT cmake -S "$REPO" -B "$BUILD" \
	-DCMAKE_TOOLCHAIN_FILE="$REPO/cmake/arm64-toolchain.cmake" -DKIOSK_SYSROOT="$SYSROOT" \
	-DCMAKE_BUILD_TYPE=RelWithDebInfo -DKIOSK_WERROR="${KIOSK_WERROR:-ON}" \
	-DCMAKE_SKIP_INSTALL_ALL_DEPENDENCY=ON >"$OUT/configure.log" 2>&1 || {
	cat "$OUT/configure.log"
	exit 1
}
TARGETS="kiosk kiosk-pack"
[ "$TESTS" = 0 ] || TARGETS="$TARGETS unit_tests board_tests watchdog-probe"
# shellcheck disable=SC2086 # a list of targets
cmake --build "$BUILD" -j"$(nproc)" --target $TARGETS
built=$(date +%s)

QEMU="qemu-aarch64 -L $SYSROOT"
aarch64-linux-gnu-readelf -h "$BUILD/kiosk" | grep -q "AArch64" || {
	echo "cross-build-arm64: $BUILD/kiosk is not an arm64 program" >&2
	exit 1
}

# [5] Tests under qemu: the unit and board tests, and the watchdog path.
if [ "$TESTS" = 1 ]; then
	# The tests run kiosk-pack as a program; on this machine it needs qemu.
	# A stand-in script takes its place while they run.
	mv "$BUILD/kiosk-pack" "$BUILD/kiosk-pack.arm64"
	trap 'mv -f "$BUILD/kiosk-pack.arm64" "$BUILD/kiosk-pack"' EXIT
	printf '#!/bin/sh\nexec %s %s "$@"\n' "$QEMU" "$BUILD/kiosk-pack.arm64" >"$BUILD/kiosk-pack"
	chmod +x "$BUILD/kiosk-pack"
	failed=0
	for t in unit_tests board_tests; do
		say "running $t under qemu-aarch64"
		# shellcheck disable=SC2086 # QEMU is a command and its options
		if ! (cd "$BUILD/tests" && $QEMU "./$t" >"$OUT/$t.log" 2>&1); then
			failed=$((failed + 1))
			cat "$OUT/$t.log"
		fi
		tail -n 2 "$OUT/$t.log"
	done
	for scenario in alive hang; do
		# shellcheck disable=SC2086 # QEMU is a command and its options
		if ! python3 "$REPO/tests/board/watchdog_probe_test.py" "$scenario" $QEMU \
			"$BUILD/tests/watchdog-probe" >"$OUT/watchdog-$scenario.log" 2>&1; then
			failed=$((failed + 1))
			cat "$OUT/watchdog-$scenario.log"
		fi
		tail -n 1 "$OUT/watchdog-$scenario.log"
	done
	mv -f "$BUILD/kiosk-pack.arm64" "$BUILD/kiosk-pack"
	trap - EXIT
	[ "$failed" -eq 0 ] || {
		echo "cross-build-arm64: $failed test run(s) failed under qemu" >&2
		exit 1
	}
fi
tested=$(date +%s)

# [6] The arm64 package.
if [ "$DEB" = 1 ]; then
	# Only what the package installs (CMakeLists.txt, package_contents): cpack's
	# own install step does not build "all" (CMAKE_SKIP_INSTALL_ALL_DEPENDENCY,
	# set when configuring), which would compile every arm64 test program the
	# tests above do not run (11 minutes here).
	cmake --build "$BUILD" -j"$(nproc)" --target package_contents
	rm -f "$BUILD"/memorial-kiosk_*_arm64.deb
	(cd "$BUILD" && cpack -G DEB >"$OUT/cpack.log" 2>&1) || {
		cat "$OUT/cpack.log"
		exit 1
	}
	for f in "$BUILD"/memorial-kiosk_*_arm64.deb; do say "package: $f"; done
fi
done_at=$(date +%s)
say "sysroot $((prepared - start)) s, build $((built - prepared)) s, tests $((tested - built)) s, package $((done_at - tested)) s; total $((done_at - start)) s"
