# shellcheck shell=bash
# Sourced by scripts/windows-test.sh and scripts/windows-smoke.sh: runs
# Windows builds of Yiye under Debian's Wine 8 for testing. Nothing here is
# shipped; see scripts/wine/README.md for why each piece exists.
#
#   wine_packages                 the Debian packages these helpers need
#   wine_build_shim OUTDIR        builds bcryptprimitives.dll into OUTDIR
#   wine_go_overlay OUTDIR        prints a `go build -overlay` file for test binaries (or nothing)
#   wine_new_prefix DIR DLL       a fresh Wine prefix in DIR with the shim installed; exports WINEPREFIX
#   wine_chinese_locale           makes Wine a Chinese (zh-CN) Windows that can name files in Chinese
#   wine_stop                     ends every process of $WINEPREFIX (wineserver -k)
#   winpath UNIXPATH              the Windows form of a path (Z:\...)
#   winenv NAME                   a Windows environment variable's value as a Unix path

wine_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

wine_packages() {
	echo wine64 wine gcc-mingw-w64-x86-64 locales
}

# Wine takes the Windows locale (zh-CN, code page 936) and the encoding of
# Unix file names from LANG. A locale the system lacks falls back to ASCII
# file names: creating 一次告知单.pdf then fails with "File not found".
# Debian images often have only C.UTF-8, so zh_CN.UTF-8 is compiled here.
wine_chinese_locale() {
	case "$(locale -a 2>/dev/null)" in
	*zh_CN.utf8* | *zh_CN.UTF-8*) ;;
	*)
		local sudo=""
		[ "$(id -u)" -ne 0 ] && sudo="sudo"
		$sudo localedef -i zh_CN -c -f UTF-8 zh_CN.UTF-8
		;;
	esac
	export LANG=zh_CN.UTF-8
	unset LC_ALL LC_CTYPE LC_MESSAGES
}

# bcryptprimitives.dll: Go >= 1.24 needs ProcessPrng, which Wine 8 lacks.
wine_build_shim() {
	local out=$1
	mkdir -p "$out"
	x86_64-w64-mingw32-gcc -O2 -shared -s -o "$out/bcryptprimitives.dll" \
		"$wine_here/bcryptprimitives.c" "$wine_here/bcryptprimitives.def" -ladvapi32
}

# Go's os.RemoveAll deletes through NtSetInformationFile with
# FileDispositionInformationEx (Windows 10 1607+), which Wine 8 answers with
# STATUS_NOT_IMPLEMENTED ("Invalid function"). Go falls back to the older
# FileDispositionInfo only for the statuses real Windows gives, so under
# Wine every RemoveAll of a non-empty folder fails - including the one in
# t.TempDir's cleanup. For test binaries only, an overlay lets the standard
# library take its own fallback for that status too. The release exe is
# never built with it.
wine_go_overlay() {
	local out=$1 src
	src="$(go env GOROOT)/src/internal/syscall/windows/at_windows.go"
	mkdir -p "$out"
	if ! grep -q 'STATUS_NOT_SUPPORTED: .*// the file system' "$src" 2>/dev/null; then
		echo "wine: $src has changed; building tests without the RemoveAll overlay" >&2
		return 0
	fi
	sed 's|STATUS_NOT_SUPPORTED: \(.*// the file system\)|STATUS_NOT_SUPPORTED, NTStatus(0xC0000002) /* Wine 8: STATUS_NOT_IMPLEMENTED */: \1|' \
		"$src" >"$out/at_windows.go"
	printf '{"Replace":{"%s":"%s"}}\n' "$src" "$out/at_windows.go" >"$out/overlay.json"
	echo "$out/overlay.json"
}

wine_new_prefix() {
	local dir=$1 dll=$2
	rm -rf "$dir"
	mkdir -p "$dir"
	export WINEPREFIX=$dir WINEDEBUG=-all WINEARCH=win64
	# No Mono or Gecko download prompts: Yiye needs neither.
	export WINEDLLOVERRIDES="mscoree,mshtml="
	wineboot -i >/dev/null 2>&1 || true
	wineserver -w
	[ -d "$dir/drive_c/windows/system32" ] || { echo "wine: wineboot did not create $dir" >&2; return 1; }
	cp "$dll" "$dir/drive_c/windows/system32/bcryptprimitives.dll"
	# Wine links Desktop, Documents... to the Unix home; make them folders
	# of the prefix, as on Windows, so what the app saves stays in the run.
	local d u
	for u in "$dir"/drive_c/users/*/; do
		for d in Desktop Documents Downloads Music Pictures Videos; do
			if [ -L "$u$d" ]; then rm "$u$d" && mkdir "$u$d"; fi
		done
	done
}

wine_stop() {
	[ -n "${WINEPREFIX:-}" ] && [ -d "$WINEPREFIX" ] && wineserver -k 2>/dev/null || true
	[ -n "${WINEPREFIX:-}" ] && wineserver -w 2>/dev/null || true
}

winpath() {
	winepath -w "$1" 2>/dev/null
}

winenv() {
	local v
	v=$(wine cmd /c echo "%$1%" 2>/dev/null | tr -d '\r')
	winepath -u "$v" 2>/dev/null | sed 's|/$||'
}
