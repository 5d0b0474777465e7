#!/bin/sh
# The start (issue 16.4): the font atlas is built on another thread while the
# window and its GL context are created, and the first frame uses it as it is
# (no second build before it is drawn); the attract screen's picture decodes
# meanwhile. The pictures themselves are the
# golden walks' business: every scripted run starts this way.
#   start_atlas.sh KIOSK DEFAULT_PKG SCRIPT OUT_DIR
set -eu
# Its own X server, ended before this script returns (tests/tools/xvfb_run.sh).
XVFB_RUN=$(dirname "$0")/../tools/xvfb_run.sh
KIOSK=$1 PKG=$2 SCRIPT=$3 OUT=$4
rm -rf "$OUT" && mkdir -p "$OUT"
run() { # run NAME [kiosk args...]
    name=$1
    shift
    "$XVFB_RUN" "-screen 0 2048x2048x24" "$KIOSK" --exhibit "$PKG" --windowed \
        --script "$SCRIPT" --screenshots "$OUT/$name" "$@" >"$OUT/$name.out" 2>"$OUT/$name.err" || {
        echo "the kiosk failed ($name):"
        cat "$OUT/$name.err"
        exit 1
    }
}
atlas_lines() { grep -c "font atlas " "$1" || true; }

run plain --size 1280x800
if ! grep -q "font atlas .* for 1280x800@.*built while the window was created" "$OUT/plain.err"; then
    echo "the atlas was not built while the window was created:"
    cat "$OUT/plain.err"
    exit 1
fi
if [ "$(atlas_lines "$OUT/plain.err")" -ne 1 ]; then
    echo "the atlas was built more than once before the first frame:"
    grep "font atlas" "$OUT/plain.err"
    exit 1
fi
echo "ok: one atlas, built while the window was created"
# The attract screen's picture is asked for as soon as the package is read
# (it decodes while the window is created, at the size the window then has:
# no second request), and the picture path is ready for it by then.
first_frame=$(grep -n "first frame on screen" "$OUT/plain.err" | cut -d: -f1)
asked=$(grep -n "start: the attract screen's picture decoding while the window was created$" "$OUT/plain.err" | cut -d: -f1)
if [ -z "$asked" ] || [ -z "$first_frame" ] || [ "$asked" -ge "$first_frame" ]; then
    echo "the attract picture was not decoding while the window was created:"
    cat "$OUT/plain.err"
    exit 1
fi
if grep -q "photographs are drawn through ImGui's renderer" "$OUT/plain.err"; then
    echo "the picture path was not ready before the first frame:"
    cat "$OUT/plain.err"
    exit 1
fi
echo "ok: the attract picture was decoding while the window was created"
