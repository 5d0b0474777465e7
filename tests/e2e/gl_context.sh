#!/bin/sh
# How the GL context is made (issue 16.4, the start): EGL first, GLX where
# EGL is missing or refuses, and [display] gl_context to choose one. The
# same exhibit is drawn the same through both.
#   gl_context.sh KIOSK COMPARE PACKAGE SCRIPT OUT_DIR
set -eu
KIOSK=$1 COMPARE=$2 PKG=$3 SCRIPT=$4 OUT=$5
rm -rf "$OUT" && mkdir -p "$OUT"
# glvnd's libEGL finds its drivers through this list; a list naming none is
# a board whose EGL has no driver for its GPU.
NO_EGL_DRIVER="__EGL_VENDOR_LIBRARY_FILENAMES=$OUT/no-such-vendor.json"
run() { # run NAME CONFIG_TEXT [env assignments...]: the kiosk's status
    name=$1 config=$2
    shift 2
    mkdir -p "$OUT/$name"
    printf '%s\n' "$config" >"$OUT/$name.toml"
    status=0
    env "$@" xvfb-run -a -s "-screen 0 2048x2048x24" "$KIOSK" --exhibit "$PKG" --windowed \
        --size 1280x800 --config "$OUT/$name.toml" --script "$SCRIPT" \
        --screenshots "$OUT/$name" >"$OUT/$name.out" 2>"$OUT/$name.err" || status=$?
    return "$status"
}
says() { # says NAME PATTERN WHAT
    if ! grep -q "$2" "$OUT/$1.err"; then
        echo "$3 ($1); its log:"
        cat "$OUT/$1.err"
        exit 1
    fi
}

run auto "" || { echo "the kiosk failed (auto):"; cat "$OUT/auto.err"; exit 1; }
says auto "renderer: .*(through EGL)" "the context was not made through EGL by default"
echo "ok: EGL by default"

run no-egl "" "$NO_EGL_DRIVER" || { echo "the kiosk failed without an EGL driver:"; cat "$OUT/no-egl.err"; exit 1; }
says no-egl "renderer: .*(through GLX)" "without an EGL driver the context was not made through GLX"
echo "ok: GLX where EGL has no driver"

run glx '[display]
gl_context = "glx"' || { echo "the kiosk failed (gl_context = glx):"; cat "$OUT/glx.err"; exit 1; }
says glx "renderer: .*(through GLX)" "gl_context = \"glx\" was not followed"
echo "ok: gl_context = \"glx\" is followed"

# Both draw the same pixels (the GLX picture is the reference here).
"$COMPARE" "$OUT/glx" "$OUT/auto" context-01-attract
echo "ok: EGL and GLX draw the same attract screen"

# Only EGL asked for, and it has no driver: a plain sentence naming it, no window.
if run egl-only '[display]
gl_context = "egl"' "$NO_EGL_DRIVER"; then
    echo "gl_context = \"egl\" without an EGL driver started anyway:"
    cat "$OUT/egl-only.err"
    exit 1
fi
says egl-only "cannot create an OpenGL window (EGL: " "the failure does not name EGL"
if grep -q "GLX" "$OUT/egl-only.err"; then
    echo "gl_context = \"egl\" tried GLX as well:"
    cat "$OUT/egl-only.err"
    exit 1
fi
echo "ok: gl_context = \"egl\" without a driver says so"
