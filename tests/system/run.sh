#!/bin/sh
# The system tests: the amd64 test image (deploy/image/build.sh --test) booted
# under QEMU (KVM when usable) and driven only from outside over QMP.
#
#   tests/system/run.sh [TEST...] [--update-goldens] [--seed N] [--cuts N]
#                       [--build-dir DIR] [--image-only]
#
#   TEST             boot touch curator power-cut crash lockdown (default: all)
#   --update-goldens write the screens of "touch" over tests/golden/system/
#                    (after a change to what the kiosk draws; look at them first)
#   --seed N         the power cuts' moments (printed by every run)
#   --cuts N         how many power cuts (default 20)
#   --build-dir DIR  the CMake build (default build/): kiosk-pack, image-compare,
#                    the .deb; the image and what each test saw go under it:
#                    DIR/image/ (apt downloads cached there), DIR/tests/system-output/TEST/
#   --image-only     build the test image when it is out of date, and stop
#
# Exit 0 all passed, 1 some failed, 77 QEMU cannot start a machine here (skip).
set -eu

REPO=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=$REPO/build
TESTS=""
PASS=""
IMAGE_ONLY=0
while [ $# -gt 0 ]; do
	case "$1" in
	--update-goldens) PASS="$PASS --update-goldens" ;;
	--seed | --cuts)
		[ $# -ge 2 ] || {
			echo "run.sh: $1 needs a number" >&2
			exit 2
		}
		PASS="$PASS $1 $2"
		shift
		;;
	--build-dir)
		BUILD=$2
		shift
		;;
	--image-only) IMAGE_ONLY=1 ;;
	boot | touch | curator | power-cut | crash | lockdown) TESTS="$TESTS $1" ;;
	*)
		sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'
		exit 2
		;;
	esac
	shift
done
TESTS=${TESTS:-boot touch curator power-cut crash lockdown}
BUILD=$(cd "$BUILD" && pwd)
IMAGE=$BUILD/image/kiosk-amd64-test.img
OUT=$BUILD/tests/system-output

# [1] Can QEMU start a machine here at all? If not, say so loudly and skip.
if ! command -v qemu-system-x86_64 >/dev/null 2>&1; then
	echo "SKIPPED: system tests: qemu-system-x86_64 is not installed (deploy/install-deps.sh installs it)"
	exit 77
fi
if ! probe=$(echo quit | timeout 60 qemu-system-x86_64 -machine q35 -accel kvm -accel tcg -display none \
	-nodefaults -no-user-config -S -monitor stdio 2>&1); then
	echo "SKIPPED: system tests: QEMU cannot start a machine here: $probe"
	exit 77
fi

# [2] The test image, built again when the kiosk or its system files changed.
stale=0
if [ ! -f "$IMAGE" ]; then
	stale=1
elif [ -n "$(find "$BUILD/kiosk" "$BUILD/kiosk-import" "$BUILD/default.kiosk" "$REPO/deploy" \
	"$REPO/systemd" -newer "$IMAGE" ! -path '*/kiosk-content/*' 2>/dev/null | head -n 1)" ]; then
	stale=1
fi
if [ "$stale" = 1 ]; then
	echo "system: building the test image (deploy/image/build.sh --test)"
	t0=$(date +%s)
	# mmdebstrap installs packages owned by root: sudo when not root, as
	# deploy/install-deps.sh does.
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO=sudo
	$SUDO "$REPO/deploy/image/build.sh" --test --out "$BUILD/image"
	echo "system: image built in $(($(date +%s) - t0)) s"
else
	echo "system: the test image is up to date: $IMAGE"
fi
[ "$IMAGE_ONLY" = 0 ] || exit 0

# [3] KVM, when it really runs a guest: some nested virtual machines (this
# project's own build machines among them) offer a /dev/kvm whose guests
# crawl. Then the machine is emulated, every limit is longer, and it says so.
if [ -z "${KIOSK_VM_ACCEL:-}" ] && ! "$REPO/deploy/image/run-vm.sh" "$IMAGE" --probe-kvm; then
	echo "system: WARNING: KVM does not run a guest here (/dev/kvm missing, or a guest's kernel"
	echo "system: WARNING: did not start within 20 s); the machine is EMULATED (TCG), several times slower"
	KIOSK_VM_ACCEL=tcg
	export KIOSK_VM_ACCEL
fi

# [4] Each test on its own fresh copy of the image.
passed=0
failed=0
failures=""
t0=$(date +%s)
for t in $TESTS; do
	echo "system: --- $t ---"
	# shellcheck disable=SC2086 # PASS is a list of options
	if python3 "$REPO/tests/system/system_test.py" "$t" --image "$IMAGE" --out "$OUT/$t" \
		--tools "$BUILD" $PASS; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		failures="$failures $t"
	fi
done
echo "system: $passed passed, $failed failed in $(($(date +%s) - t0)) s${failures:+ (failed:$failures; what they saw: $OUT)}"
[ "$failed" = 0 ]
