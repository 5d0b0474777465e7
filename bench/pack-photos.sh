#!/bin/sh
# kiosk-pack on one camera photo at a time, 24 to 200 megapixels: wall time
# and peak memory (maximum resident set, GNU time) of the whole build of a
# one-panel exhibit, for the table in README.md ("Camera photos").
#   bench/pack-photos.sh [BUILD_DIR]     (default build/; needs kiosk-pack and camera-jpeg)
set -eu
BUILD=${1:-build}
PACK="$BUILD/kiosk-pack"
GEN="$BUILD/camera-jpeg"
if [ ! -x "$PACK" ] || [ ! -x "$GEN" ]; then
	echo "pack-photos: build kiosk-pack and camera-jpeg first (cmake --build $BUILD --target kiosk-pack camera-jpeg)" >&2
	exit 2
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
out=bench/results/pack-photos.md
{
	echo "| photo | megapixels | file | kiosk-pack build, wall | peak memory (max RSS) |"
	echo "|---|---|---|---|---|"
} >"$out.tmp"
for size in 6000x4000 8256x5504 12000x9000 16384x12288; do
	w=${size%x*}
	h=${size#*x}
	src="$work/ex-$size"
	mkdir -p "$src/images" "$src/text/en"
	"$GEN" "$w" "$h" "$src/images/photo.jpg"
	printf 'id = "bench"\nversion = 1\nlanguages = ["en"]\n[title]\nen = "Bench"\n[[panel]]\nid = "p"\n[[panel.image]]\nfile = "images/photo.jpg"\n' >"$src/exhibit.toml"
	printf '# Photo\n\nA camera photo.\n' >"$src/text/en/p.md"
	bytes=$(stat -c %s "$src/images/photo.jpg")
	/usr/bin/time -f '%e %M' -o "$work/time" "$PACK" build "$src" -o "$work/p.kiosk" --quiet
	read -r secs kb <"$work/time"
	mp=$(awk "BEGIN { printf \"%.0f\", $w * $h / 1000000 }")
	echo "| ${w}x${h} | $mp | $((bytes / 1048576)) MB | ${secs} s | $((kb / 1024)) MB |" >>"$out.tmp"
	rm -rf "$src" "$work/p.kiosk"
done
{
	cat "$out.tmp"
	echo
	echo "$(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(date -u +%Y-%m-%d)"
} >"$out"
rm -f "$out.tmp"
cat "$out"
