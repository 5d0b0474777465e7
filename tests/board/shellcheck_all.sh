#!/bin/sh
# Runs shellcheck on every shell script of the project: *.sh under deploy/, tests/
# and bench/, the package's maintainer scripts, and .ci/run.
#   usage: shellcheck_all.sh REPO
set -eu
REPO=$1
cd "$REPO"
list=$(mktemp)
trap 'rm -f "$list"' EXIT
for d in deploy tests bench; do
	[ -d "$d" ] && find "$d" -name '*.sh' -type f
done >"$list"
for f in .ci/run deploy/debian/postinst deploy/debian/prerm deploy/debian/postrm; do
	[ -f "$f" ] && echo "$f"
done >>"$list"
n=$(wc -l <"$list")
[ "$n" -gt 0 ] || {
	echo "FAIL: no scripts found"
	exit 1
}
failed=0
while IFS= read -r f; do
	if ! shellcheck -x "$f"; then
		failed=$((failed + 1))
	fi
done <"$list"
echo "$((n - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
