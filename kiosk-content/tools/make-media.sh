#!/bin/sh
# Makes the default exhibit's sound and moving picture at build time (nothing
# binary is committed) and lays out a complete exhibit folder for kiosk-pack:
#
#   narration: (optionally one LANG) every panel read aloud in every language by espeak-ng (its en,
#              az and ru voices), from the panel's title and text, encoded to
#              Opus with ffmpeg: audio/LANG/PANEL-ID.opus. It is synthetic
#              speech, and the folder's exhibit.toml says so ([narration]
#              synthetic = true), so the kiosk labels it "Synthetic voice".
#   video:     a slow zoom over the word-free locator map
#              (images/khojaly-locator.png) toward the mark at Khojaly, H.264
#              by ffmpeg: video/khojaly-map.mp4, kind "map" (the kiosk labels
#              it as a map), with the subtitles of tools/khojaly-map/LANG.vtt
#              (what the animation shows, in each language):
#              subtitles/LANG/khojaly-map.vtt.
#   folder:    OUT/exhibit.toml (the source's, with the video on the panel
#              "khojaly" and the narration flag added) and links to the
#              source's text/, images/ and fonts/.
#
# Usage:  sh kiosk-content/tools/make-media.sh [narration|video|folder|all] OUT [SRC [LANG]]
#         sh kiosk-content/tools/make-media.sh words PANEL.md   (what is read aloud)
#         (SRC defaults to kiosk-content; the build runs each step into
#         build/default-exhibit and packs that folder)
#
# Deterministic: the same input gives the same bytes (espeak-ng and libopus
# are deterministic, x264 runs on one thread, ffmpeg writes no version or
# random stream numbers with +bitexact).
# Needs espeak-ng and ffmpeg (deploy/install-deps.sh).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
step="${1:-all}"
if [ "$step" = words ]; then
	out=/nonexistent
else
	out="${2:?usage: make-media.sh [narration|video|folder|all] OUT [SRC [LANG]]}"
	src=$(cd "${3:-$here/..}" && pwd)
	mkdir -p "$out"
	out=$(cd "$out" && pwd)
fi

FFMPEG="ffmpeg -nostdin -hide_banner -loglevel error -y"

# The words a panel file says aloud: its title, headings, paragraphs and
# list items, each heading ended like a sentence so the voice pauses; no
# caption lines (they name image files), no soft hyphens.
spoken_text() {
	sed 's/\xc2\xad//g' "$1" | awk '
		/^!\[/ { next }
		/^#+ / {
			sub(/^#+ +/, "")
			if ($0 !~ /[.!?:;]$/) $0 = $0 "."
			print; next
		}
		/^- / { sub(/^- +/, ""); if ($0 !~ /[.!?:;]$/) $0 = $0 ";"; print; next }
		{ print }'
}

# narration [LANG]: every panel in LANG, or in every language of text/.
narration() {
	langs=${1:-$(for d in "$src"/text/*/; do basename "$d"; done)}
	tmp=$(mktemp -d)
	for lang in $langs; do
		case $lang in
		en | az | ru) voice=$lang ;;
		*)
			echo "make-media: no espeak-ng voice chosen for '$lang'; add it here" >&2
			exit 1
			;;
		esac
		mkdir -p "$tmp/$lang"
		for md in "$src/text/$lang"/*.md; do
			id=$(basename "$md" .md)
			spoken_text "$md" >"$tmp/$id.txt"
			espeak-ng -v "$voice" -s 155 -f "$tmp/$id.txt" -w "$tmp/$id.wav"
			# Speech at 16 kHz and 16 kbit/s mono: clear for a synthetic
			# voice (it has little above 6 kHz), 100-150 KB per panel, and
			# quick to encode at complexity 3.
			$FFMPEG -i "$tmp/$id.wav" -map_metadata -1 -ac 1 -ar 16000 -c:a libopus -b:a 16k \
				-application voip -compression_level 3 -fflags +bitexact -flags:a +bitexact \
				"$tmp/$lang/$id.opus"
		done
		mkdir -p "$out/audio"
		rm -rf "$out/audio/$lang"
		mv "$tmp/$lang" "$out/audio/$lang"
	done
	rm -rf "$tmp"
}

# The zoom: 24 s at 25 fps and 1280x720 (the kiosk scales it to its screen).
# Still for 3 s, then 16 s of eased zoom to three times, with the view's
# centre moving from the map's centre to the mark (808,613 on the 1920x1080
# map, where make-illustrations.sh draws Khojaly), then still to the end.
video() {
	tmp=$(mktemp -d)
	p="clip((t-3)/16,0,1)"
	e="($p*$p*(3-2*$p))"
	z="(1+2*$e)"
	cx="(960-152*$e)"
	cy="(540+73*$e)"
	# The scaled picture's size, written out again for crop: crop keeps the
	# size of the first frame in its in_w and in_h.
	w="(2*trunc(640*$z))"
	h="(2*trunc(360*$z))"
	$FFMPEG -i "$src/images/khojaly-locator.png" -filter_complex "\
[0:v]format=yuv420p,loop=loop=599:size=1:start=0,settb=1/25,setpts=N,\
scale=w='$w':h='$h':eval=frame:flags=bicubic,\
crop=w=1280:h=720:x='clip($cx*$w/1920-640,0,$w-1280)':y='clip($cy*$h/1080-360,0,$h-720)'[v]" \
		-map "[v]" -an -c:v libx264 -threads 1 -preset fast -crf 28 -pix_fmt yuv420p \
		-map_metadata -1 -fflags +bitexact -flags:v +bitexact -movflags +faststart \
		"$tmp/khojaly-map.mp4"
	mkdir -p "$out/video"
	mv "$tmp/khojaly-map.mp4" "$out/video/khojaly-map.mp4"
	rm -rf "$tmp" "$out/subtitles"
	for vtt in "$here"/khojaly-map/*.vtt; do
		lang=$(basename "$vtt" .vtt)
		mkdir -p "$out/subtitles/$lang"
		cp "$vtt" "$out/subtitles/$lang/khojaly-map.vtt"
	done
}

# The source's exhibit.toml with the video as the first [[panel.video]] of
# the panel "khojaly" (a [[panel.video]] belongs to the [[panel]] above it,
# so it goes just before the next [[panel]]) and the narration flag.
folder() {
	awk '
		function video() {
			print "[[panel.video]]                         # added by tools/make-media.sh"
			print "file = \"video/khojaly-map.mp4\""
			print "kind = \"map\""
			print ""
			added = 1
		}
		/^\[\[panel\]\]/ && in_khojaly { video(); in_khojaly = 0 }
		/^\[\[panel\]\]/ { panel = 1 }
		panel && /^id = "khojaly"/ { in_khojaly = 1; panel = 0 }
		{ print }
		END {
			if (in_khojaly) video()
			if (!added) { print "make-media: exhibit.toml has no panel \"khojaly\"" > "/dev/stderr"; exit 1 }
			print ""
			print "# Added by tools/make-media.sh: the narration is espeak-ng speech."
			print "[narration]"
			print "synthetic = true"
		}' "$src/exhibit.toml" >"$out/exhibit.toml.new"
	mv "$out/exhibit.toml.new" "$out/exhibit.toml"
	for d in text images fonts; do
		rm -f "$out/$d"
		[ -d "$src/$d" ] && ln -s "$src/$d" "$out/$d"
	done
	return 0
}

case $step in
words) spoken_text "${2:?usage: make-media.sh words PANEL.md}" ;;
narration) narration "${4:-}" ;;
video) video ;;
folder) folder ;;
all) narration; video; folder ;;
*) echo "make-media: unknown step '$step' (narration, video, folder or all)" >&2; exit 2 ;;
esac
