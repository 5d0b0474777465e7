#!/bin/sh
# Sets up, builds (warnings are errors) and runs every test.
#   tests/run-all.sh
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD="${KIOSK_BUILD_DIR:-$ROOT/build}"

"$ROOT/deploy/install-deps.sh"
cmake -S "$ROOT" -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKIOSK_WERROR=ON -DKIOSK_BUILD_GUI=ON -DKIOSK_BUILD_TESTS=ON >/dev/null
cmake --build "$BUILD" -j"$(nproc)"
cd "$BUILD"
ctest --output-on-failure -j"$(nproc)"
