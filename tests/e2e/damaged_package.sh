#!/bin/sh
# A package damaged in the middle (its text readable, pages of its largest
# picture or media file zeroed): the kiosk shows it at once, checks the whole file on another
# thread, then drops it and shows the previous good package.
#   damaged_package.sh KIOSK PACKAGE OUT_DIR
set -eu
KIOSK=$1 PKG=$2 OUT=$3
HERE=$(cd "$(dirname "$0")" && pwd)
rm -rf "$OUT"
mkdir -p "$OUT/state/exhibits"
cp "$PKG" "$OUT/state/exhibits/khojaly-1992-v1.kiosk"
touch -d "2026-01-01" "$OUT/state/exhibits/khojaly-1992-v1.kiosk"
cp "$PKG" "$OUT/state/exhibits/khojaly-1992-v2.kiosk"
# The pages of the largest image or media file, which only drawing, playing
# or the whole-file check reads: found by a run of its bytes in the file.
page=$(python3 - "$PKG" <<'PY'
import sqlite3, sys
path = sys.argv[1]
db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
tables = [t for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
blobs = [db.execute("SELECT length(data), substr(data, 100001, 64) FROM image ORDER BY length(data) DESC LIMIT 1").fetchone()]
if "media" in tables:
    blobs.append(db.execute("SELECT length(data), substr(data, 100001, 64) FROM media ORDER BY length(data) DESC LIMIT 1").fetchone())
size, probe = max(blobs)
data = open(path, "rb").read()
print(data.index(probe) // 4096)
PY
)
dd if=/dev/zero of="$OUT/state/exhibits/khojaly-1992-v2.kiosk" bs=4096 seek="$page" count=8 \
	conv=notrunc 2>/dev/null
ln -s exhibits/khojaly-1992-v2.kiosk "$OUT/state/current"
cat >"$OUT/inner.sh" <<INNER
#!/bin/sh
set -eu
LOG="$OUT/kiosk.log"
"$KIOSK" --exhibit "$OUT/state/current" --state-dir "$OUT/state" --windowed 2>"\$LOG" &
PID=\$!
trap 'kill \$PID 2>/dev/null || true' EXIT
. "$HERE/wait_for.sh"
wait_for "from $OUT/state/exhibits/khojaly-1992-v2.kiosk"
wait_for "khojaly-1992-v2.kiosk is damaged.*will not be shown"
wait_for "showing the previous exhibit khojaly-1992-v1.kiosk instead"
kill -0 \$PID
echo "the damaged package was dropped after its background check; the previous one is shown"
INNER
chmod +x "$OUT/inner.sh"
exec xvfb-run -a -s "-screen 0 1920x1080x24" "$OUT/inner.sh"
