#!/bin/sh
# kiosk-firstboot: the museum's curator key, read once from the FAT partition
# (installed as /usr/lib/kiosk/kiosk-firstboot in the system image; run by
# kiosk-firstboot.service before the kiosk and any USB import).
# Every *.pub file in kiosk-keys/ on the FAT partition (mounted read-only at
# /boot/firmware) is copied into the trusted keys on the data partition. A
# mark on the data partition makes this happen at the first boot only, so a
# card taken out and changed later cannot add keys behind the museum's back.
#   kiosk-firstboot [FAT_DIR] [KEYS_DIR] [MARK]
set -eu
FAT=${1:-/boot/firmware}
KEYS=${2:-/data/trusted-keys}
MARK=${3:-/data/.kiosk-firstboot-done}

say() {
	echo "kiosk-firstboot: $*"
}

if [ -e "$MARK" ]; then
	say "not the first boot; the keys in $KEYS are kept as they are"
	exit 0
fi
mkdir -p "$KEYS"
chmod 0755 "$KEYS"
found=0
for f in "$FAT"/kiosk-keys/*.pub "$FAT"/kiosk-keys/*.PUB; do
	[ -f "$f" ] || continue
	name=$(basename "$f" | tr '[:upper:]' '[:lower:]')
	# A minisign public key file: a comment line, then the key (56 base64 characters).
	if ! sed -n 2p "$f" | tr -d '\r' | grep -Eq '^[A-Za-z0-9+/]{54}[A-Za-z0-9+/=]{2}$'; then
		say "$(basename "$f") on the FAT partition is not a minisign public key; not trusted"
		continue
	fi
	tr -d '\r' <"$f" >"$KEYS/$name.new"
	chmod 0644 "$KEYS/$name.new"
	mv -f "$KEYS/$name.new" "$KEYS/$name"
	say "trusting the curator key $(basename "$f") from the FAT partition"
	found=$((found + 1))
done
[ "$found" -gt 0 ] || say "no curator key in kiosk-keys/ on the FAT partition; USB imports will be refused until one is in $KEYS"
sync -f "$KEYS/." 2>/dev/null || sync
: >"$MARK"
sync -f "$MARK" 2>/dev/null || sync
