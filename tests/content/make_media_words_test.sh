#!/bin/sh
# What the default exhibit's synthetic narration reads aloud from a panel
# file (kiosk-content/tools/make-media.sh words): the title and headings as
# sentences, paragraphs and list items, no Markdown marks, no caption lines
# (they name image files), no soft hyphens (espeak-ng would pause on them).
# Usage: make_media_words_test.sh MAKE_MEDIA_SH
set -eu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '# The title\n\nA para\302\255graph.\n\n## A heading\n\n- one item\n- two items.\n\n![A caption](images/map.png)\n' >"$tmp/p.md"
sh "$1" words "$tmp/p.md" >"$tmp/out"
printf 'The title.\n\nA paragraph.\n\nA heading.\n\none item;\ntwo items.\n\n' >"$tmp/want"
if ! cmp -s "$tmp/out" "$tmp/want"; then
	echo "FAIL: the words read aloud differ from the expected (- expected, + got):" >&2
	diff -u "$tmp/want" "$tmp/out" >&2 || true
	exit 1
fi
echo "ok: titles and headings become sentences; marks, captions and soft hyphens are not read"
