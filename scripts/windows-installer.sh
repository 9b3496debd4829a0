#!/usr/bin/env bash
# Builds the per-user Windows installer Yiye-Setup-VERSION.exe with NSIS
# (packaging/windows/yiye.nsi) around an already built Yiye.exe:
#
#   bash scripts/windows-installer.sh YIYE.EXE OUT.exe
#
# Version and build come from FyneApp.toml (YIYE_RELEASE_REF's, as in
# release.sh). With YIYE_SIGN_CERT and YIYE_SIGN_KEY set, NSIS signs the
# uninstaller it embeds and the finished installer (scripts/sign-windows.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
. scripts/deps.sh
ensure_debian_packages nsis imagemagick
exe=$(realpath "$1")
out=$(realpath -m "$2")
ref=${YIYE_RELEASE_REF:-HEAD}
toml=$(git show "$ref:FyneApp.toml" 2>/dev/null || cat FyneApp.toml)
version=$(sed -n 's/^Version = "\(.*\)"$/\1/p' <<<"$toml")
build=$(sed -n 's/^Build = \([0-9]*\)$/\1/p' <<<"$toml")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The installer's own icon, from the app icon (Debian's ImageMagick 6 by
# its versioned name: another `convert` may come first on PATH).
im=$(command -v convert-im6.q16 || command -v convert)
git show "$ref:assets/icon.png" >"$tmp/icon.png" 2>/dev/null || cp assets/icon.png "$tmp/icon.png"
"$im" "$tmp/icon.png" -define icon:auto-resize=256,64,48,32,16 "$tmp/yiye.ico"
git show "$ref:assets/fonts/LICENSE-NotoSansCJK.txt" >"$tmp/LICENSE.txt" 2>/dev/null ||
	cp assets/fonts/LICENSE-NotoSansCJK.txt "$tmp/LICENSE.txt"
sign=()
if [ -n "${YIYE_SIGN_CERT:-}" ] && [ -n "${YIYE_SIGN_KEY:-}" ]; then
	sign=(-DSIGN="bash $root/scripts/sign-windows.sh")
fi
makensis -V2 -DVERSION="$version" -DBUILD="$build" -DEXE="$exe" -DLICENSE="$tmp/LICENSE.txt" \
	-DICON="$tmp/yiye.ico" -DOUTFILE="$out" "${sign[@]}" packaging/windows/yiye.nsi
echo "   $out"
