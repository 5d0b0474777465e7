#!/bin/bash
# The kiosk's benchmarks, beside a Chromium kiosk showing the same exhibit, in
# one command: installs what is missing (deploy/install-deps.sh, Debian's
# chromium), builds the kiosk into build/, generates the exhibits (cached in
# bench/.cache/), measures, prints the table and writes bench/results/latest.md.
#   bench/run.sh                 the full run: 3 runs, 30 s windows, 10/100/1000 panels
#   bench/run.sh --runs N        N runs of everything
#   bench/run.sh --quick         the smoke run: 1 run, 10 s windows, 4 panels, no Chromium
#                                (writes bench/.cache/quick.md, not the results)
#   bench/run.sh --soak          the soak: 60 min of attract mode with visits, the kiosk
#                                beside Chromium, PSS/RSS each minute (bench/soak.py;
#                                writes bench/results/soak.md and soak.png); options after
#                                --soak go to bench/soak.py (--minutes N, --sizes ...)
#   bench/run.sh --video         video playback beside Chromium playing the same 1080p30
#                                H.264 file (bench/video.py; writes bench/results/video.md)
# Other options: --no-build (use the binaries in the build folder as they are),
# --build-dir DIR (default: $KIOSK_BUILD_DIR or build/), --cache-dir DIR,
# --output FILE, --rebuild (pack every exhibit again, ignoring the cache),
# --max-wait-quiet S (before each launch wait up to S s, default 30, for the
# rest of the machine to use under half a core), --sizes 10,100,1000 (the
# scale exhibits' panels).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD="${KIOSK_BUILD_DIR:-$ROOT/build}"
CACHE="$ROOT/bench/.cache"
OUTPUT=""
QUICK=0
SOAK=0
VIDEO=0
BUILD_IT=1
ARGS=()
SOAK_ARGS=()

usage() {
	sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'
}

while [ $# -gt 0 ]; do
	case "$1" in
	--runs | --max-wait-quiet | --sizes)
		[ $# -ge 2 ] || { echo "bench/run.sh: $1 needs a value" >&2; exit 2; }
		ARGS+=("$1" "$2")
		shift 2
		;;
	--quick) QUICK=1; ARGS+=(--quick); shift ;;
	--soak)
		SOAK=1
		shift
		SOAK_ARGS=("$@")
		set --
		;;
	--video) VIDEO=1; shift ;;
	--no-build) BUILD_IT=0; shift ;;
	--rebuild) ARGS+=(--rebuild); shift ;;
	--build-dir | --cache-dir | --output)
		[ $# -ge 2 ] || { echo "bench/run.sh: $1 needs a value" >&2; exit 2; }
		case "$1" in
		--build-dir) BUILD=$2 ;;
		--cache-dir) CACHE=$2 ;;
		--output) OUTPUT=$2 ;;
		esac
		shift 2
		;;
	-h | --help) usage; exit 0 ;;
	*)
		echo "bench/run.sh: unknown option '$1'" >&2
		usage >&2
		exit 2
		;;
	esac
done
if [ -z "$OUTPUT" ] && [ "$SOAK" -eq 0 ]; then
	if [ "$VIDEO" -eq 1 ]; then
		OUTPUT="$ROOT/bench/results/video.md"
	elif [ "$QUICK" -eq 1 ]; then
		OUTPUT="$CACHE/quick.md"
	else
		OUTPUT="$ROOT/bench/results/latest.md"
	fi
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	SUDO="sudo"
fi

if [ "$BUILD_IT" -eq 1 ]; then
	"$ROOT/deploy/install-deps.sh"
	# The README's build, with the display program.
	cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKIOSK_BUILD_GUI=ON >/dev/null
	TARGETS=(kiosk kiosk-pack)
	# (grep reads the whole list: with pipefail, an early exit would fail the pipe)
	if cmake --build "$BUILD" --target help | grep -c 'kiosk-import' >/dev/null; then
		TARGETS+=(kiosk-import)
	fi
	cmake --build "$BUILD" -j"$(nproc)" --target "${TARGETS[@]}"
fi

if [ "$QUICK" -eq 0 ] && ! command -v chromium >/dev/null; then
	echo "bench: installing Debian's chromium"
	export DEBIAN_FRONTEND=noninteractive
	$SUDO apt-get update -qq
	$SUDO apt-get install -y -qq chromium
fi

start=$(date +%s)
if [ "$SOAK" -eq 1 ]; then
	# Side by side for an hour: niced, so other work on the machine keeps its share.
	nice -n 5 /usr/bin/python3 -B "$ROOT/bench/soak.py" --build-dir "$BUILD" --cache-dir "$CACHE" \
		${OUTPUT:+--output "$OUTPUT"} "${SOAK_ARGS[@]}"
	echo "bench: soak done in $((($(date +%s) - start) / 60)) min"
	exit 0
fi
if [ "$VIDEO" -eq 1 ]; then
	/usr/bin/python3 -B "$ROOT/bench/video.py" --build-dir "$BUILD" --cache-dir "$CACHE" \
		--output "$OUTPUT"
	echo "bench: video done in $(($(date +%s) - start)) s; the table is in $OUTPUT"
	exit 0
fi
/usr/bin/python3 -B "$ROOT/bench/bench.py" --build-dir "$BUILD" --cache-dir "$CACHE" \
	--output "$OUTPUT" "${ARGS[@]}"
echo "bench: $(($(date +%s) - start)) s; the table is in $OUTPUT"
