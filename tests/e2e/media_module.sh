#!/bin/sh
# The media module (kiosk-media.so, src/media/media_module.h) as a board has
# it: found relative to the program (bin/ -> lib/kiosk/), a clear message when
# it is missing or from another build, and no program of the board's linking
# libmpv or FFmpeg itself.
#   media_module.sh BUILD_DIR PACKAGE_WITH_MEDIA OUT_DIR
set -eu
BUILD=$1 PKG=$2 OUT=$3
rm -rf "$OUT"
mkdir -p "$OUT/usr/bin" "$OUT/usr/lib/kiosk"
fail() {
	echo "FAIL: $*"
	exit 1
}

# 1. The board's programs start without libmpv's and FFmpeg's libraries.
for prog in kiosk kiosk-import kiosk-stats; do
	[ -x "$BUILD/$prog" ] || continue
	if ldd "$BUILD/$prog" | grep -E 'libmpv|libavcodec|libavformat|libswscale'; then
		fail "$prog links libmpv or FFmpeg (above); they belong in kiosk-media.so"
	fi
done

# 2. A program installed without the module: the check says what is missing.
cp "$BUILD/kiosk-pack" "$OUT/usr/bin/"
if "$OUT/usr/bin/kiosk-pack" check "$PKG" >"$OUT/missing.log" 2>&1; then
	fail "a package with media passed its check without the media module"
fi
[ "$(grep -c "media module kiosk-media.so is not installed" "$OUT/missing.log")" = 1 ] ||
	fail "not one clear message for a missing module: $(cat "$OUT/missing.log")"
grep -q "reinstall the memorial-kiosk package" "$OUT/missing.log" ||
	fail "the message does not say what to do: $(cat "$OUT/missing.log")"

# 3. Installed as the package lays it out (/usr/bin, /usr/lib/kiosk): found.
cp "$BUILD/kiosk-media.so" "$OUT/usr/lib/kiosk/"
"$OUT/usr/bin/kiosk-pack" check "$PKG" >"$OUT/installed.log" 2>&1 ||
	fail "the installed layout's module was not used: $(cat "$OUT/installed.log")"

# 4. A module from another build (an upgrade half done) is refused by name.
# Its build id is changed in place, same length, so only the check can tell.
id=$(strings "$OUT/usr/lib/kiosk/kiosk-media.so" | grep -E '^[0-9]+\.[0-9]+\.[0-9]+\+[0-9]{8}T[0-9]{6}$' | head -n 1)
[ -n "$id" ] || fail "the module's build id was not found"
other=$(echo "$id" | sed 's/[0-9]$/x/')
sed -i "s/$id/$other/" "$OUT/usr/lib/kiosk/kiosk-media.so"
if "$OUT/usr/bin/kiosk-pack" check "$PKG" >"$OUT/other.log" 2>&1; then
	fail "a module from another build was used"
fi
[ "$(grep -c "belongs to another version of the kiosk" "$OUT/other.log")" = 1 ] ||
	fail "no clear message for a module from another build: $(cat "$OUT/other.log")"
echo "no board program links libmpv or FFmpeg; the module is found beside an installed program, and a missing or foreign one is named with what to do"
