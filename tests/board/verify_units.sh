#!/bin/sh
# systemd-analyze verify on every unit in a folder. It fails on any message,
# not only on its exit code: an unknown or misspelt setting is only a warning
# to systemd, and would silently drop a safeguard. The units are verified as
# copies whose Exec lines point at programs that exist here: an installed
# path becomes the repository's script of the same name (deploy/NAME or
# deploy/NAME.sh), or /bin/true.
#   verify_units.sh SYSTEMD_DIR
set -eu
UNITS=$1
REPO=$(cd "$(dirname "$0")/../.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

found=0
for unit in "$UNITS"/*.service "$UNITS"/*.timer "$UNITS"/*.path "$UNITS"/*.socket "$UNITS"/*.mount; do
	[ -f "$unit" ] || continue
	found=$((found + 1))
	name=$(basename "$unit")
	awk -v repo="$REPO" '
		function here(path) { return system("test -x \"" path "\"") == 0 }
		/^Exec[A-Za-z]*=/ {
			eq = index($0, "=")
			key = substr($0, 1, eq)
			rest = substr($0, eq + 1)
			match(rest, /^[-@:+!]*/)
			prefix = substr(rest, 1, RLENGTH)
			rest = substr(rest, RLENGTH + 1)
			split(rest, words, " ")
			prog = words[1]
			if (!here(prog)) {
				n = split(prog, parts, "/")
				base = parts[n]
				repl = repo "/deploy/" base
				if (!here(repl)) repl = repo "/deploy/" base ".sh"
				if (!here(repl)) repl = "/bin/true"
				rest = repl substr(rest, length(prog) + 1)
			}
			print key prefix rest
			next
		}
		{ print }' "$unit" >"$TMP/$name"
	out=$(systemd-analyze verify --man=no "$TMP/$name" 2>&1) || {
		echo "FAIL: $name"
		echo "$out"
		exit 1
	}
	if [ -n "$out" ]; then
		echo "FAIL: $name has warnings:"
		echo "$out"
		exit 1
	fi
	echo "ok: $name"
done
[ "$found" -gt 0 ] || {
	echo "FAIL: no units in $UNITS"
	exit 1
}
echo "$found passed, 0 failed"
