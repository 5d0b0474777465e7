#!/bin/sh
# The memorial-kiosk .deb (cpack): its files, conffiles, maintainer scripts,
# and Depends. The dependency list is written by hand (so a cross-built arm64
# package gets it right); here, on the build machine's own architecture, it
# is checked against what the binaries really load (ldd + dpkg -S).
#   deb_test.sh BUILD_DIR
set -eu
BUILD=$1
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

fail() {
	echo "FAIL: $*"
	exit 1
}

(cd "$BUILD" && cpack -G DEB -B "$TMP/out" >"$TMP/cpack.log" 2>&1) || {
	cat "$TMP/cpack.log"
	fail "cpack failed"
}
DEB=$(find "$TMP/out" -maxdepth 1 -name 'memorial-kiosk_*.deb' | head -n 1)
[ -n "$DEB" ] || fail "no memorial-kiosk_*.deb made"
echo "made $(basename "$DEB")"

# [1] Control fields.
[ "$(dpkg-deb -f "$DEB" Package)" = memorial-kiosk ] || fail "wrong package name"
arch=$(dpkg --print-architecture)
[ "$(dpkg-deb -f "$DEB" Architecture)" = "$arch" ] || fail "architecture is not $arch"
DEPENDS=$(dpkg-deb -f "$DEB" Depends)
echo "Depends: $DEPENDS"
echo "ok: control fields"

# [2] Files where the board expects them.
dpkg-deb -c "$DEB" | awk '{ print $1, $6 }' >"$TMP/contents"
for f in ./usr/bin/kiosk ./usr/bin/kiosk-pack ./usr/lib/kiosk/kiosk-session \
	./usr/lib/kiosk/kiosk-setup ./lib/systemd/system/kiosk.service \
	./lib/udev/rules.d/70-kiosk.rules ./usr/share/X11/xorg.conf.d/10-kiosk.conf \
	./etc/X11/kiosk/rotate-90.conf ./etc/kiosk/kiosk.toml ./usr/share/kiosk/kiosk.toml \
	./usr/share/kiosk/default.kiosk ./usr/share/kiosk/journald-kiosk.conf; do
	grep -q " $f\$" "$TMP/contents" || fail "$f is not in the package"
done
grep -q '^-rwxr-xr-x ./usr/lib/kiosk/kiosk-session$' "$TMP/contents" || fail "kiosk-session is not executable"
echo "ok: files"

# [3] Conffiles and maintainer scripts.
dpkg-deb -e "$DEB" "$TMP/control"
grep -qx /etc/kiosk/kiosk.toml "$TMP/control/conffiles" || fail "kiosk.toml is not a conffile"
[ -z "$(sort "$TMP/control/conffiles" | uniq -d)" ] || fail "a conffile is listed twice"
for s in postinst prerm postrm; do
	[ -x "$TMP/control/$s" ] || fail "$s is missing or not executable"
	sh -n "$TMP/control/$s" || fail "$s does not parse"
done
grep -q "kiosk-setup --no-systemctl" "$TMP/control/postinst" || fail "postinst does not set up the board"
grep -q "deb-systemd-helper enable kiosk.service" "$TMP/control/postinst" || fail "postinst does not enable the kiosk"
grep -q "deb-systemd-invoke stop kiosk.service" "$TMP/control/prerm" || fail "prerm does not stop the kiosk"
echo "ok: conffiles and maintainer scripts"

# [4] Every library the binaries link directly comes from a package in Depends
# (what those libraries need in turn, their own packages bring along). One
# ldd per binary and one dpkg -S for all the libraries: this test runs beside
# the arm64 tests under qemu, and a call per library once took it past its
# five minutes.
dpkg-deb -x "$DEB" "$TMP/x"
: >"$TMP/libs"
for bin in "$TMP"/x/usr/bin/*; do
	ldd "$bin" >"$TMP/ldd"
	for name in $(objdump -p "$bin" | awk '/NEEDED/ { print $2 }'); do
		lib=$(awk -v n="$name" '$1 == n && $3 ~ /^\// { print $3 }' "$TMP/ldd")
		[ -n "$lib" ] || fail "$(basename "$bin") needs $name, which is not found here"
		echo "$(basename "$bin") $lib" >>"$TMP/libs"
	done
done
# Every spelling dpkg may know a library by (merged /usr, symlinks).
spellings() {
	printf '%s\n' "$1" "$(readlink -f "$1")" "${1#/usr}" "/usr$1"
}
awk '{ print $2 }' "$TMP/libs" | sort -u | while read -r lib; do spellings "$lib"; done |
	sort -u >"$TMP/paths"
xargs dpkg -S <"$TMP/paths" >"$TMP/owners" 2>/dev/null || true
missing=""
while read -r bin lib; do
	pkg=""
	for p in $(spellings "$lib"); do
		pkg=$(awk -v p="$p" -F': ' '$2 == p { print $1; exit }' "$TMP/owners" | cut -d: -f1)
		[ -n "$pkg" ] && break
	done
	[ -n "$pkg" ] || fail "no package owns $lib (needed by $bin)"
	case ", $DEPENDS," in
	*", $pkg,"* | *", $pkg ("*) ;;
	*) missing="$missing $pkg($(basename "$lib"))" ;;
	esac
done <"$TMP/libs"
[ -z "$missing" ] || fail "Depends lacks:$missing"
echo "ok: Depends covers every library the binaries link"

# [5] Every dependency exists in this release's archive (when apt knows it):
# one apt-cache call for all, and one each only to name a missing one.
if apt-cache show libc6 >/dev/null 2>&1; then
	pkgs=$(echo "$DEPENDS" | tr ',' '\n' | sed 's/(.*//; s/ //g')
	# shellcheck disable=SC2086 # one word per package
	if ! apt-cache show $pkgs >/dev/null 2>&1; then
		for pkg in $pkgs; do
			apt-cache show "$pkg" >/dev/null 2>&1 || fail "Depends names $pkg, which apt does not know"
		done
	fi
	echo "ok: every dependency is a package of this release"
else
	echo "skipped: apt has no package lists here"
fi
echo "5 passed, 0 failed"
