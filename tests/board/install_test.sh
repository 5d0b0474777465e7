#!/bin/sh
# deploy/install.sh into a throwaway root: the files land where a board needs
# them, the set-up says which commands it would run on a board (user, units),
# a second run changes nothing, the technician's settings survive a run, and
# a data partition gets the state and the journal by bind mounts.
#   install_test.sh REPO BUILD_DIR
set -eu
REPO=$1
BUILD=$2
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
FAKE=$TMP/root

fail() {
	echo "FAIL: $*"
	[ -f "$TMP/out" ] && cat "$TMP/out"
	exit 1
}

install_once() { # extra options...
	ROOT=$FAKE "$REPO/deploy/install.sh" --no-apt --build-dir "$BUILD" "$@" >"$TMP/out" 2>&1 ||
		fail "install.sh exited $?"
}

# Every file and folder with its type, mode, size, mtime and link target.
snapshot() {
	(cd "$FAKE" && find . -printf '%p %y %m %s %T@ %l\n' | LC_ALL=C sort)
}

expect_file() { # PATH [MODE]
	[ -e "$FAKE$1" ] || fail "$1 is missing"
	if [ $# -ge 2 ]; then
		mode=$(stat -c %a "$FAKE$1")
		[ "$mode" = "$2" ] || fail "$1 has mode $mode, not $2"
	fi
}

said() {
	grep -qF -- "$1" "$TMP/out" || fail "the run did not say: $1"
}

# [1] A first run on an empty root.
mkdir -p "$FAKE/etc"
printf 'root:x:0:0:root:/root:/bin/bash\n' >"$FAKE/etc/passwd"
printf 'root:x:0:\nvideo:x:44:\nrender:x:105:\n' >"$FAKE/etc/group"
install_once
expect_file /usr/bin/kiosk 755
expect_file /usr/bin/kiosk-pack 755
expect_file /usr/lib/kiosk/kiosk-session 755
expect_file /usr/lib/kiosk/kiosk-setup 755
expect_file /lib/systemd/system/kiosk.service 644
expect_file /lib/udev/rules.d/70-kiosk.rules 644
expect_file /usr/share/X11/xorg.conf.d/10-kiosk.conf 644
for r in 0 90 180 270; do expect_file /etc/X11/kiosk/rotate-$r.conf 644; done
expect_file /usr/share/kiosk/default.kiosk 644
expect_file /etc/kiosk/kiosk.toml 644
expect_file /etc/kiosk/trusted-keys 755
expect_file /etc/systemd/journald.conf.d/kiosk.conf 644
expect_file /var/lib/kiosk 750
expect_file /var/lib/kiosk/exhibits/default.kiosk 644
# Mesa's shader cache, where kiosk.service points it: on the data partition.
expect_file /var/lib/kiosk/cache 750
grep -q '^Environment=MESA_SHADER_CACHE_DIR=/var/lib/kiosk/cache ' \
	"$FAKE/lib/systemd/system/kiosk.service" ||
	fail "kiosk.service does not keep Mesa's shader cache in /var/lib/kiosk/cache"
[ "$(readlink "$FAKE/var/lib/kiosk/current")" = exhibits/default.kiosk ] ||
	fail "current does not point at the default exhibit"
cmp -s "$FAKE/var/lib/kiosk/exhibits/default.kiosk" "$BUILD/default.kiosk" ||
	fail "the installed exhibit is not the built default"
grep -q '^Storage=volatile' "$FAKE/etc/systemd/journald.conf.d/kiosk.conf" ||
	fail "without a data partition the journal is not in RAM"
said "would run: useradd --system --user-group --home-dir /var/lib/kiosk"
said "would run: usermod -a -G video kiosk"
said "would run: chown kiosk:kiosk /var/lib/kiosk"
said "would run: chown kiosk:kiosk /var/lib/kiosk/cache"
said "would run: systemctl enable kiosk.service"
said "would run: systemctl disable getty@tty1.service"
echo "ok: a first run puts every file in place and says what it would run"

# [2] A second run changes nothing.
before=$(snapshot)
install_once
after=$(snapshot)
if [ "$before" != "$after" ]; then
	echo "$before" >"$TMP/before"
	echo "$after" >"$TMP/after"
	diff "$TMP/before" "$TMP/after" || true
	fail "a second run changed the root"
fi
grep -Eq "kiosk-setup: (wrote|made|added|copied)" "$TMP/out" && fail "a second run claims changes"
echo "ok: a second run changes nothing"

# [3] The technician's settings and a chosen exhibit survive an upgrade.
printf '[display]\nrotation = 90\n' >>"$FAKE/etc/kiosk/kiosk.toml"
cp "$FAKE/etc/kiosk/kiosk.toml" "$TMP/edited.toml"
cp "$BUILD/default.kiosk" "$FAKE/var/lib/kiosk/exhibits/museum-3.kiosk"
ln -sfn exhibits/museum-3.kiosk "$FAKE/var/lib/kiosk/current"
install_once
cmp -s "$FAKE/etc/kiosk/kiosk.toml" "$TMP/edited.toml" || fail "the settings were overwritten"
[ "$(readlink "$FAKE/var/lib/kiosk/current")" = exhibits/museum-3.kiosk ] ||
	fail "the chosen exhibit was replaced by the default"
echo "ok: settings and the chosen exhibit survive a run"

# [4] A data partition: state copied over once, bind mounts, journal kept there.
mkdir -p "$FAKE/data"
install_once --data /data
[ -L "$FAKE/data/kiosk/current" ] || fail "the state was not copied to the data partition"
grep -q '^/data/kiosk /var/lib/kiosk none bind,nofail 0 0' "$FAKE/etc/fstab" ||
	fail "no bind mount for the state"
grep -q '^/data/journal /var/log/journal none bind,nofail 0 0' "$FAKE/etc/fstab" ||
	fail "no bind mount for the journal"
grep -q '^Storage=persistent' "$FAKE/etc/systemd/journald.conf.d/kiosk.conf" ||
	fail "the journal is not kept on the data partition"
said "would run: mount /var/lib/kiosk"
# Remembered: a later run without --data (an upgrade) keeps it all, and adds nothing.
before=$(snapshot)
install_once
after=$(snapshot)
if [ "$before" != "$after" ]; then
	echo "$before" >"$TMP/before"
	echo "$after" >"$TMP/after"
	diff "$TMP/before" "$TMP/after" || true
	fail "a run after --data changed the root"
fi
[ "$(grep -c 'memorial-kiosk data' "$FAKE/etc/fstab")" = 2 ] || fail "fstab lines were repeated"
echo "ok: a data partition holds state and journal, remembered by later runs"

# [5] Wrong uses are plain errors.
if ROOT=$FAKE "$REPO/deploy/install.sh" --no-apt --build-dir "$BUILD" --data /nowhere >"$TMP/out" 2>&1; then
	fail "a missing data folder was accepted"
fi
said "/nowhere is not a folder"
if "$REPO/deploy/install.sh" --frobnicate >"$TMP/out" 2>&1; then fail "an unknown option was accepted"; fi
said "unknown option --frobnicate"
echo "ok: wrong uses are plain errors"
echo "5 passed, 0 failed"
