#!/bin/sh
# How the GL context is made: GLX first, EGL where GLX is missing or refuses,
# and [display] gl_context to choose one. An X server without the GLX
# extension (Xvfb -extension GLX) stands for a board whose X has none. The
# same exhibit is drawn the same through both.
#   gl_context.sh KIOSK COMPARE PACKAGE SCRIPT OUT_DIR
set -eu
# Its own X server, ended before this script returns (tests/tools/xvfb_run.sh).
XVFB_RUN=$(dirname "$0")/../tools/xvfb_run.sh
KIOSK=$1 COMPARE=$2 PKG=$3 SCRIPT=$4 OUT=$5
rm -rf "$OUT" && mkdir -p "$OUT"
run() { # run NAME CONFIG_TEXT [Xvfb options...]: the kiosk's status
    name=$1 config=$2
    shift 2
    mkdir -p "$OUT/$name"
    printf '%s\n' "$config" >"$OUT/$name.toml"
    status=0
    "$XVFB_RUN" "-screen 0 2048x2048x24 $*" "$KIOSK" --exhibit "$PKG" --windowed \
        --size 1280x800 --config "$OUT/$name.toml" --script "$SCRIPT" \
        --screenshots "$OUT/$name" >"$OUT/$name.out" 2>"$OUT/$name.err" || status=$?
    return "$status"
}
ran() { # ran NAME: fails the test, with the log, unless the run succeeded
    echo "the kiosk failed ($1):"
    cat "$OUT/$1.err"
    exit 1
}
says() { # says NAME PATTERN WHAT
    if ! grep -q "$2" "$OUT/$1.err"; then
        echo "$3 ($1); its log:"
        cat "$OUT/$1.err"
        exit 1
    fi
}

run auto "" || ran auto
says auto "renderer: .*(through GLX)" "the context was not made through GLX by default"
echo "ok: GLX by default"

run no-glx "" -extension GLX || ran no-glx
says no-glx "renderer: .*(through EGL)" "without GLX the context was not made through EGL"
echo "ok: EGL where the X server has no GLX"

run egl '[display]
gl_context = "egl"' || ran egl
says egl "renderer: .*(through EGL)" "gl_context = \"egl\" was not followed"
echo "ok: gl_context = \"egl\" is followed"

# Both draw the same pixels (the GLX picture is the reference here).
"$COMPARE" "$OUT/auto" "$OUT/egl" context-01-attract
echo "ok: GLX and EGL draw the same attract screen"

# Only GLX asked for, and the X server has none: a plain sentence naming it, no window.
if run glx-only '[display]
gl_context = "glx"' -extension GLX; then
    echo "gl_context = \"glx\" without GLX started anyway:"
    cat "$OUT/glx-only.err"
    exit 1
fi
says glx-only "cannot create an OpenGL window (GLX: " "the failure does not name GLX"
if grep -q "EGL" "$OUT/glx-only.err"; then
    echo "gl_context = \"glx\" tried EGL as well:"
    cat "$OUT/glx-only.err"
    exit 1
fi
echo "ok: gl_context = \"glx\" without GLX says so"
