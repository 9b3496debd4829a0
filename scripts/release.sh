#!/usr/bin/env bash
# Builds every Yiye release artefact that can be built on Linux into dist/,
# with SHA-256 checksums (dist/SHA256SUMS):
#
#   yiye-VERSION-linux-amd64.tar.xz     GUI + CLI, `fyne package` tarball with .desktop file and icon
#   yiye-VERSION-windows-amd64.zip      Yiye.exe (icon, version resource, manifest) cross-built with mingw-w64
#   Yiye-Setup-VERSION.exe              per-user NSIS installer of that Yiye.exe (scripts/windows-installer.sh)
#   yiye-portal-VERSION-linux-amd64     the reference portal server (when cmd/yiye-portal exists)
#   yiye-portal-VERSION-windows-amd64.exe
#
# Usage: bash scripts/release.sh [linux] [windows] [portal]   (default: all)
#        bash scripts/release.sh darwin    on a Mac only (Xcode command line
#        tools): universal Yiye.app zipped; see docs/packaging.md.
# Optional code signing of the Windows exe, the installer and its
# uninstaller: set YIYE_SIGN_CERT (PEM or SPC certificate chain) and
# YIYE_SIGN_KEY (PEM/PVK key), and optionally YIYE_SIGN_PASS; osslsigncode
# signs with a SHA-256 digest and an RFC 3161 timestamp from YIYE_SIGN_TSA
# (default http://timestamp.digicert.com); see scripts/sign-windows.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
. scripts/deps.sh

targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(linux windows portal)
want() { local t; for t in "${targets[@]}"; do [ "$t" = "$1" ] && return 0; done; return 1; }

FYNE_TOOLS_VERSION=v1.7.4 # needs fyne v2.8.1, which go.mod uses
version=$(git show "${YIYE_RELEASE_REF:-HEAD}:FyneApp.toml" | sed -n 's/^Version = "\(.*\)"$/\1/p')
build=$(git show "${YIYE_RELEASE_REF:-HEAD}:FyneApp.toml" | sed -n 's/^Build = \([0-9]*\)$/\1/p')
# YIYE_RELEASE_REF picks the commit to build (a tag for a release); HEAD by default.
ref=${YIYE_RELEASE_REF:-HEAD}
commit=$(git rev-parse --short=12 "$ref^{commit}")
[ -n "$version" ] && [ -n "$build" ] || { echo "release: cannot read Version/Build from FyneApp.toml" >&2; exit 1; }
echo "== Yiye $version (build $build, commit $commit): ${targets[*]}"

if want darwin; then
	[ "$(uname -s)" = Darwin ] || { echo "release: darwin builds need a Mac (cgo with Apple's SDK)" >&2; exit 2; }
else
	pkgs=(git xz-utils zip)
	want linux && pkgs+=("${FYNE_BUILD_PACKAGES[@]}")
	want windows && pkgs+=(gcc-mingw-w64-x86-64 osslsigncode nsis imagemagick)
	ensure_debian_packages "${pkgs[@]}"
fi

mkdir -p dist
tools="$root/dist/tools"
fyne_cli="$tools/fyne"
if want linux || want windows || want darwin; then
	have=$("$fyne_cli" version 2>/dev/null || true) # not piped into grep -q: pipefail + SIGPIPE
	if [[ "$have" != *"cli version: $FYNE_TOOLS_VERSION"* ]]; then
		echo "== installing fyne CLI $FYNE_TOOLS_VERSION into dist/tools"
		GOBIN="$tools" GOFLAGS= go install "fyne.io/tools/cmd/fyne@$FYNE_TOOLS_VERSION"
	fi
fi

# GUI builds use -tags no_emoji: no text in the app is emoji, and Fyne's
# bundled emoji font costs ~4 MiB of binary and 8-13 MiB of memory
# (docs/performance.md).
#
# The commit goes in through GOFLAGS because `fyne package` has no -ldflags
# option: it lifts -ldflags= entries out of GOFLAGS.
export GOFLAGS="-buildvcs=false -ldflags=-X=main.commit=$commit"

# Build from the committed HEAD, exported to a temporary directory: the
# release matches its commit hash, uncommitted work in the tree cannot leak
# in, and `fyne package` can write its FyneApp.toml-driven files
# (fyne_metadata_init.go, the exe) without touching the working tree. It
# reads FyneApp.toml from the package directory, while ours lives at the
# repository root, so the copy gets one in cmd/yiye.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
src="$work/src"
mkdir -p "$src"
git archive --format=tar "$commit" | tar -xf - -C "$src"
if [ "$ref" = HEAD ] && [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then
	echo "   note: building the committed HEAD ($commit); uncommitted changes are not included"
fi
pkgdir="$src/cmd/yiye"
# lend_metadata (re)writes the package's FyneApp.toml before each
# `fyne package`, which increments Build in it after every run.
lend_metadata() {
	sed 's|^Icon = "assets/icon.png"|Icon = "../../assets/icon.png"|' "$src/FyneApp.toml" >"$pkgdir/FyneApp.toml"
}

artefacts=()

if want linux; then
	echo "== linux/amd64 GUI package"
	start=$(date +%s)
	lend_metadata
	(cd "$pkgdir" && "$fyne_cli" package --target linux --release --tags no_emoji --icon "$src/assets/icon.png")
	tarball=$(ls -t "$pkgdir"/*.tar.xz | head -1)
	out="dist/yiye-$version-linux-amd64.tar.xz"
	mv "$tarball" "$out"
	artefacts+=("$(basename "$out")")
	echo "   $out ($(( $(date +%s) - start ))s)"
fi

if want windows; then
	echo "== windows/amd64 GUI (mingw-w64)"
	start=$(date +%s)
	lend_metadata
	(cd "$pkgdir" && CC=x86_64-w64-mingw32-gcc "$fyne_cli" package --target windows --release --tags no_emoji \
		--name Yiye --icon "$src/assets/icon.png")
	exe="$work/Yiye.exe"
	mv "$pkgdir/Yiye.exe" "$exe"
	if [ -n "${YIYE_SIGN_CERT:-}" ] && [ -n "${YIYE_SIGN_KEY:-}" ]; then
		echo "   signing with $YIYE_SIGN_CERT"
		bash scripts/sign-windows.sh "$exe"
	fi
	cp "$exe" "dist/yiye-$version-windows-amd64.exe"
	cp "$src/assets/fonts/LICENSE-NotoSansCJK.txt" "$work/LICENSE-NotoSansSC-OFL.txt"
	rm -f "dist/yiye-$version-windows-amd64.zip"
	(cd "$work" && zip -q -X "$root/dist/yiye-$version-windows-amd64.zip" Yiye.exe LICENSE-NotoSansSC-OFL.txt)
	artefacts+=("yiye-$version-windows-amd64.exe" "yiye-$version-windows-amd64.zip")
	echo "   dist/yiye-$version-windows-amd64.{exe,zip} ($(( $(date +%s) - start ))s)"
	echo "== windows installer (NSIS)"
	start=$(date +%s)
	YIYE_RELEASE_REF=$commit bash scripts/windows-installer.sh "$exe" "dist/Yiye-Setup-$version.exe"
	artefacts+=("Yiye-Setup-$version.exe")
	echo "   dist/Yiye-Setup-$version.exe ($(( $(date +%s) - start ))s)"
fi

if want darwin; then
	# Untested in CI (needs a Mac). Both architectures are built with cgo and
	# joined with lipo; fyne then wraps the universal binary in Yiye.app
	# (Info.plist with CFBundleLocalizations zh-Hans, en).
	echo "== darwin universal app"
	for arch in amd64 arm64; do
		(cd "$src" && CGO_ENABLED=1 GOOS=darwin GOARCH=$arch go build -trimpath -tags release,migrated_fynedo,no_emoji \
			-ldflags "-s -w -X main.commit=$commit" -o "$work/yiye-$arch" ./cmd/yiye)
	done
	lipo -create -output "$work/yiye" "$work/yiye-amd64" "$work/yiye-arm64"
	lend_metadata
	(cd "$pkgdir" && "$fyne_cli" package --target darwin --executable "$work/yiye" --name Yiye \
		--icon "$src/assets/icon.png")
	rm -f "dist/yiye-$version-darwin-universal.zip"
	ditto -c -k --keepParent "$pkgdir/Yiye.app" "dist/yiye-$version-darwin-universal.zip"
	artefacts+=("yiye-$version-darwin-universal.zip")
fi

if want portal; then
	if [ -d "$src/cmd/yiye-portal" ]; then
		for os in linux windows; do
			ext=""; [ $os = windows ] && ext=.exe
			out="dist/yiye-portal-$version-$os-amd64$ext"
			echo "== portal $os/amd64"
			(cd "$src" && CGO_ENABLED=0 GOOS=$os GOARCH=amd64 go build -trimpath \
				-ldflags "-s -w -X main.version=$version -X main.commit=$commit" -o "$root/$out" ./cmd/yiye-portal)
			artefacts+=("$(basename "$out")")
		done
	else
		echo "== portal: cmd/yiye-portal not in this tree yet, skipped"
	fi
fi

if [ ${#artefacts[@]} -gt 0 ]; then
	# Checksums of every artefact in dist/ (earlier partial runs included).
	(cd dist && sums=$(ls yiye-* Yiye-Setup-* 2>/dev/null) &&
		if command -v sha256sum >/dev/null; then sha256sum $sums >SHA256SUMS && sha256sum -c --quiet SHA256SUMS
		else shasum -a 256 $sums >SHA256SUMS; fi)
	echo "== dist/SHA256SUMS"
	cat dist/SHA256SUMS
fi
