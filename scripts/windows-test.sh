#!/usr/bin/env bash
# Runs the tests of Yiye's Windows-sensitive packages as Windows binaries
# under Wine: GOOS=windows go test -c (pure Go, CGO_ENABLED=0, -tags ci),
# each binary started with `wine pkg.test.exe` in its package folder, in a
# fresh Wine prefix. What differs on Windows and is checked here: renaming
# over and deleting files another handle holds open, path separators and
# reserved names, SQLite's file locking, the %LOCALAPPDATA% data folder.
#
# Usage: bash scripts/windows-test.sh [PKG...]   (default: the list below)
# The binaries are built in one go (the compiler uses every core) and run
# two at a time (YIYE_WINE_JOBS), the slowest first.
# The client's end-to-end tests start the Windows reference portal: the one
# `make release` left in dist/ when it is there, else one built here.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
. scripts/deps.sh
. scripts/wine/lib.sh

pkgs=("$@")
# (client first: its end-to-end tests take half the time)
[ ${#pkgs[@]} -eq 0 ] && pkgs=(client handover drafts store paths catalog kiosk license pdfdoc internal/robustio)
njobs=${YIYE_WINE_JOBS:-2}

# shellcheck disable=SC2046
ensure_debian_packages $(wine_packages)

out=$(mktemp -d /tmp/yiye-wintest.XXXXXX)
cleanup() {
	wine_stop
	rm -rf "$out"
}
trap cleanup EXIT

t0=$(date +%s)
wine_build_shim "$out"
overlay=$(wine_go_overlay "$out/overlay")
echo "== building ${#pkgs[@]} test binaries for windows/amd64"
# One go test -c for all: with a cold cache 82 s instead of 111 s one by
# one. Each lands as NAME.test.exe, NAME the package's last element.
mkdir -p "$out/bin"
# shellcheck disable=SC2046
GOOS=windows GOARCH=amd64 CGO_ENABLED=0 go test -c -tags ci ${overlay:+-overlay "$overlay"} \
	-o "$out/bin/" $(printf './%s ' "${pkgs[@]}")
version=$(sed -n 's/^Version = "\(.*\)"$/\1/p' FyneApp.toml)
portal="dist/yiye-portal-$version-windows-amd64.exe"
if [ -f "$portal" ]; then
	portal="$root/$portal"
else
	portal="$out/yiye-portal.exe"
	GOOS=windows GOARCH=amd64 CGO_ENABLED=0 go build -o "$portal" ./cmd/yiye-portal
fi
echo "   built in $(( $(date +%s) - t0 ))s"

t1=$(date +%s)
wine_chinese_locale
wine_new_prefix "$out/prefix" "$out/bcryptprimitives.dll"
echo "== wine prefix ready in $(( $(date +%s) - t1 ))s ($(wine --version))"
YIYE_TEST_PORTAL=$(winpath "$portal")
export YIYE_TEST_PORTAL

# run_one PKG runs one binary in its package folder; the log and "EXIT
# SECONDS" go to files, read in the list's order below.
run_one() {
	local p=$1 name=${1##*/} s rc=0
	s=$(date +%s)
	(cd "$p" && timeout 900 wine "$out/bin/$name.test.exe" -test.v -test.count=1 -test.timeout 14m) \
		>"$out/$name.log" 2>&1 || rc=$?
	echo "$rc $(( $(date +%s) - s ))" >"$out/$name.rc"
}
for p in "${pkgs[@]}"; do
	while [ "$(jobs -rp | wc -l)" -ge "$njobs" ]; do wait -n || true; done
	run_one "$p" &
done
wait

failed=()
for p in "${pkgs[@]}"; do
	log="$out/${p##*/}.log"
	read -r rc d <"$out/${p##*/}.rc"
	npass=$(grep -c -- '--- PASS' "$log" || true)
	nskip=$(grep -c -- '--- SKIP' "$log" || true)
	nfail=$(grep -c -- '--- FAIL' "$log" || true)
	if [ "$rc" -eq 0 ] && grep -qx PASS "$log"; then
		echo "ok   $p (windows/amd64 under wine) ${d}s: $npass passed, $nskip skipped"
	else
		echo "FAIL $p (windows/amd64 under wine) ${d}s: exit $rc, $nfail failed"
		grep -v -e '^=== ' -e '--- PASS' -e '^    --- PASS' "$log" | tail -60
		failed+=("$p")
	fi
	# Skips are part of the result: say which tests Windows did not run, and
	# why (the last message each skipped test logged).
	awk '
		/^=== (RUN|CONT)/ { cur = $3; next }
		/_test\.go:[0-9]+: / { m = $0; sub(/^[ \t]*[^ ]*_test\.go:[0-9]+: /, "", m); msg[cur] = m; next }
		/--- SKIP: / { r = ($3 in msg) ? msg[$3] : "(no reason given)"; n[r]++; ex[r] = $3 }
		END { for (r in n) printf "     skipped %d (e.g. %s): %s\n", n[r], ex[r], r }' "$log"
done
wine_stop
echo "== windows tests: ${#pkgs[@]} packages in $(( $(date +%s) - t0 ))s"
if [ ${#failed[@]} -gt 0 ]; then
	echo "windows tests failed: ${failed[*]}"
	exit 1
fi
