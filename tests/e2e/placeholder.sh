#!/bin/sh
# Damages the first panel's image inside a copy of the default exhibit, runs
# the kiosk on it, and checks the placeholder (golden) and the log (once).
# Two damages: a JPEG start marker and nothing else (the header itself is
# unreadable), and a PNG whose header, sizes, chunks and checksums are sound
# but whose compressed pixels are not: what an import lets through, since it
# checks images without decoding them (kiosk-pack check must accept it).
#   placeholder.sh KIOSK COMPARE DEFAULT_PKG GOLDEN_DIR OUT_DIR SCRIPT KIOSK_PACK
set -eu
KIOSK=$1 COMPARE=$2 PKG=$3 GOLDEN=$4 OUT=$5 SCRIPT=$6 PACK=$7
HERE=$(cd "$(dirname "$0")" && pwd)
FIRST="(SELECT image_id FROM panel_image pi JOIN panel p ON p.id = pi.panel_id WHERE p.position = 0 AND pi.position = 0)"
rm -rf "$OUT"
mkdir -p "$OUT"

# A header-only JPEG: the header sniffs as JPEG, reading its size fails.
cp "$PKG" "$OUT/header.kiosk"
sqlite3 "$OUT/header.kiosk" "UPDATE image SET data = X'FFD8FFE000104A464946' WHERE id = $FIRST;"

# A sound PNG header of the stored size, garbage where the pixels are compressed.
cp "$PKG" "$OUT/body.kiosk"
width=$(sqlite3 "$OUT/body.kiosk" "SELECT width FROM image WHERE id = $FIRST;")
height=$(sqlite3 "$OUT/body.kiosk" "SELECT height FROM image WHERE id = $FIRST;")
hex=$(python3 - "$width" "$height" <<'PY'
import struct, sys, zlib
w, h = int(sys.argv[1]), int(sys.argv[2])
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
# A zlib stream must name method 8 (deflate); 0 is refused by every decoder.
# As many bytes as sound compressed pixels of that size could take at least.
body = bytes(max(4096, w * h * 3 // 500))
png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
       + chunk(b"IDAT", body) + chunk(b"IEND", b""))
print(png.hex())
PY
)
sqlite3 "$OUT/body.kiosk" "UPDATE image SET data = X'$hex', format = 'png' WHERE id = $FIRST;"
if ! "$PACK" check "$OUT/body.kiosk" >"$OUT/check.txt" 2>&1; then
	echo "kiosk-pack check (the import's rules) should accept a sound header over damaged pixels:"
	cat "$OUT/check.txt"
	exit 1
fi

for damage in header body; do
	"$HERE/run_script.sh" "$KIOSK" "$COMPARE" "$GOLDEN" "$OUT/run-$damage" "$SCRIPT" \
		"ph-01-attract-placeholder ph-02-home" --exhibit "$OUT/$damage.kiosk" --windowed --size 1920x1080
	count=$(grep -c "cannot be shown" "$OUT/run-$damage/stderr.txt" || true)
	if [ "$count" -ne 1 ]; then
		echo "expected the damaged image ($damage) to be logged exactly once, found $count times:"
		cat "$OUT/run-$damage/stderr.txt"
		exit 1
	fi
	echo "the damaged image ($damage) shows a placeholder and was logged once"
done
