#!/usr/bin/env bash
# Builds every Yiye release artefact that can be built on Linux into dist/,
# with SHA-256 checksums (dist/SHA256SUMS):
#
#   yiye-VERSION-linux-amd64.tar.xz     GUI + CLI, `fyne package` tarball with .desktop file and icon
#   yiye-VERSION-windows-amd64.zip      Yiye.exe (icon, version resource, manifest) cross-built with mingw-w64
#   yiye-portal-VERSION-linux-amd64     the reference portal server (when cmd/yiye-portal exists)
#   yiye-portal-VERSION-windows-amd64.exe
#
# Usage: bash scripts/release.sh [linux] [windows] [portal]   (default: all)
#        bash scripts/release.sh darwin    on a Mac only (Xcode command line
#        tools): universal Yiye.app zipped; see docs/packaging.md.
# Optional code signing of the Windows exe: set YIYE_SIGN_CERT (PEM or
# SPC certificate chain) and YIYE_SIGN_KEY (PEM/PVK key), and optionally
# YIYE_SIGN_PASS; osslsigncode signs with a SHA-256 digest and an RFC 3161
# timestamp from YIYE_SIGN_TSA (default http://timestamp.digicert.com).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
. scripts/deps.sh

targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(linux windows portal)
want() { local t; for t in "${targets[@]}"; do [ "$t" = "$1" ] && return 0; done; return 1; }

FYNE_TOOLS_VERSION=v1.7.4 # needs fyne v2.8.1, which go.mod uses
version=$(sed -n 's/^Version = "\(.*\)"$/\1/p' FyneApp.toml)
build=$(sed -n 's/^Build = \([0-9]*\)$/\1/p' FyneApp.toml)
commit=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
[ -n "$version" ] && [ -n "$build" ] || { echo "release: cannot read Version/Build from FyneApp.toml" >&2; exit 1; }
echo "== Yiye $version (build $build, commit $commit): ${targets[*]}"

if want darwin; then
	[ "$(uname -s)" = Darwin ] || { echo "release: darwin builds need a Mac (cgo with Apple's SDK)" >&2; exit 2; }
else
	pkgs=(git xz-utils zip)
	want linux && pkgs+=("${FYNE_BUILD_PACKAGES[@]}")
	want windows && pkgs+=(gcc-mingw-w64-x86-64 osslsigncode)
	ensure_debian_packages "${pkgs[@]}"
fi

mkdir -p dist
tools="$root/dist/tools"
fyne_cli="$tools/fyne"
if want linux || want windows || want darwin; then
	if ! "$fyne_cli" version 2>/dev/null | grep -q "$FYNE_TOOLS_VERSION"; then
		echo "== installing fyne CLI $FYNE_TOOLS_VERSION into dist/tools"
		GOBIN="$tools" GOFLAGS= go install "fyne.io/tools/cmd/fyne@$FYNE_TOOLS_VERSION"
	fi
fi

# The commit goes in through GOFLAGS because `fyne package` has no -ldflags
# option: it lifts -ldflags= entries out of GOFLAGS.
export GOFLAGS="-buildvcs=false -ldflags=-X=main.commit=$commit"

# `fyne package` reads FyneApp.toml from the package directory; ours lives
# at the repository root, so lend it a copy for the duration of the build.
meta_copy="$root/cmd/yiye/FyneApp.toml"
cleanup() { rm -f "$meta_copy"; rm -rf "$work"; }
work=$(mktemp -d)
trap cleanup EXIT
sed 's|^Icon = "assets/icon.png"|Icon = "../../assets/icon.png"|' FyneApp.toml >"$meta_copy"

artefacts=()

if want linux; then
	echo "== linux/amd64 GUI package"
	start=$(date +%s)
	(cd cmd/yiye && "$fyne_cli" package --target linux --release --icon "$root/assets/icon.png")
	tarball=$(ls -t cmd/yiye/*.tar.xz | head -1)
	out="dist/yiye-$version-linux-amd64.tar.xz"
	mv "$tarball" "$out"
	rm -f cmd/yiye/yiye
	artefacts+=("$(basename "$out")")
	echo "   $out ($(( $(date +%s) - start ))s)"
fi

if want windows; then
	echo "== windows/amd64 GUI (mingw-w64)"
	start=$(date +%s)
	(cd cmd/yiye && CC=x86_64-w64-mingw32-gcc "$fyne_cli" package --target windows --release \
		--name Yiye --icon "$root/assets/icon.png")
	exe="$work/Yiye.exe"
	mv cmd/yiye/Yiye.exe "$exe"
	if [ -n "${YIYE_SIGN_CERT:-}" ] && [ -n "${YIYE_SIGN_KEY:-}" ]; then
		echo "   signing with $YIYE_SIGN_CERT"
		osslsigncode sign -certs "$YIYE_SIGN_CERT" -key "$YIYE_SIGN_KEY" ${YIYE_SIGN_PASS:+-pass "$YIYE_SIGN_PASS"} \
			-h sha256 -n "一业一证申请助手 Yiye" -i "https://github.com/naiman-yiye/yiye" \
			-ts "${YIYE_SIGN_TSA:-http://timestamp.digicert.com}" -in "$exe" -out "$exe.signed"
		mv "$exe.signed" "$exe"
	fi
	cp "$exe" "dist/yiye-$version-windows-amd64.exe"
	cp assets/fonts/LICENSE-NotoSansCJK.txt "$work/LICENSE-NotoSansSC-OFL.txt"
	rm -f "dist/yiye-$version-windows-amd64.zip"
	(cd "$work" && zip -q -X "$root/dist/yiye-$version-windows-amd64.zip" Yiye.exe LICENSE-NotoSansSC-OFL.txt)
	artefacts+=("yiye-$version-windows-amd64.exe" "yiye-$version-windows-amd64.zip")
	echo "   dist/yiye-$version-windows-amd64.{exe,zip} ($(( $(date +%s) - start ))s)"
fi

if want darwin; then
	# Untested in CI (needs a Mac). Both architectures are built with cgo and
	# joined with lipo; fyne then wraps the universal binary in Yiye.app
	# (Info.plist with CFBundleLocalizations zh-Hans, en).
	echo "== darwin universal app"
	for arch in amd64 arm64; do
		CGO_ENABLED=1 GOOS=darwin GOARCH=$arch go build -trimpath -tags release,migrated_fynedo \
			-ldflags "-s -w -X main.commit=$commit" -o "$work/yiye-$arch" ./cmd/yiye
	done
	lipo -create -output "$work/yiye" "$work/yiye-amd64" "$work/yiye-arm64"
	(cd cmd/yiye && "$fyne_cli" package --target darwin --executable "$work/yiye" --name Yiye \
		--icon "$root/assets/icon.png")
	rm -f "dist/yiye-$version-darwin-universal.zip"
	ditto -c -k --keepParent cmd/yiye/Yiye.app "dist/yiye-$version-darwin-universal.zip"
	rm -rf cmd/yiye/Yiye.app
	artefacts+=("yiye-$version-darwin-universal.zip")
fi

if want portal; then
	if [ -d cmd/yiye-portal ]; then
		for os in linux windows; do
			ext=""; [ $os = windows ] && ext=.exe
			out="dist/yiye-portal-$version-$os-amd64$ext"
			echo "== portal $os/amd64"
			CGO_ENABLED=0 GOOS=$os GOARCH=amd64 go build -trimpath \
				-ldflags "-s -w -X main.version=$version -X main.commit=$commit" -o "$out" ./cmd/yiye-portal
			artefacts+=("$(basename "$out")")
		done
	else
		echo "== portal: cmd/yiye-portal not in this tree yet, skipped"
	fi
fi

if [ ${#artefacts[@]} -gt 0 ]; then
	# Checksums of every artefact in dist/ (earlier partial runs included).
	(cd dist && if command -v sha256sum >/dev/null; then sha256sum yiye-* >SHA256SUMS && sha256sum -c --quiet SHA256SUMS
	else shasum -a 256 yiye-* >SHA256SUMS; fi)
	echo "== dist/SHA256SUMS"
	cat dist/SHA256SUMS
fi
