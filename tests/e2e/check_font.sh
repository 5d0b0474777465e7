#!/bin/sh
# kiosk --check and kiosk-pack check look at a package's fonts as deeply as
# its images (issue 12.1): the default exhibit with a Noto Sans cut in half
# added as its font (what an interrupted copy into fonts/ leaves) is refused
# with a message naming the font, and the same exhibit with the whole font
# passes.
#   check_font.sh KIOSK KIOSK_PACK DEFAULT_PKG OUT_DIR
set -eu
KIOSK=$1 PACK=$2 PKG=$3 OUT=$4
FONT=/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf
rm -rf "$OUT" && mkdir -p "$OUT"

with_font() { # with_font COPY BYTES: the default package carrying BYTES of the font
    cp "$PKG" "$1"
    python3 - "$1" "$FONT" "$2" <<'PY'
import sqlite3, sys
path, font, keep = sys.argv[1], sys.argv[2], int(sys.argv[3])
data = open(font, "rb").read()
db = sqlite3.connect(path)
db.execute("INSERT INTO font(name, data) VALUES(?, ?)", ("Exhibit.ttf", data[: keep or len(data)]))
db.commit()
db.close()
PY
}

with_font "$OUT/whole.kiosk" 0
"$KIOSK" --check --exhibit "$OUT/whole.kiosk"
"$PACK" check "$OUT/whole.kiosk" >/dev/null

with_font "$OUT/cut.kiosk" "$(($(stat -c %s "$FONT") / 2))"
for tool in "$KIOSK --check --exhibit" "$PACK check"; do
    if $tool "$OUT/cut.kiosk" 2>"$OUT/err"; then
        echo "FAIL: $tool accepted a package whose font is cut in half" >&2
        exit 1
    fi
    if ! grep -q "font 'Exhibit.ttf' is damaged" "$OUT/err"; then
        echo "FAIL: $tool did not name the damaged font:" >&2
        cat "$OUT/err" >&2
        exit 1
    fi
done
echo "PASS: the cut font is refused by kiosk --check and kiosk-pack check, the whole one passes"
