#!/usr/bin/env bash
# Starts the released Windows exe under Wine and drives a short applicant
# journey with xdotool, then installs, updates and uninstalls the NSIS
# installer silently. Called by .ci/run after `make release`.
#
#   bash scripts/windows-smoke.sh [EXE [SETUP]]
#       EXE    default dist/yiye-VERSION-windows-amd64.exe
#       SETUP  default dist/Yiye-Setup-VERSION.exe (skipped if missing)
#
# What it checks, in a fresh Wine prefix under Xvfb:
#   - the window opens (Chinese text read back by OCR);
#   - search an industry (pinyin initials), open the draft's form, type a
#     credit code; the autosave reaches the SQLite file in
#     %LOCALAPPDATA%\Yiye; kill -9; restart: the value is on screen and in
#     the file;
#   - the 一次告知单 saved as PDF through the app's own save dialog reads
#     back with pdftotext;
#   - the demo e-license's QR code decodes (zbarimg) from a screenshot;
#   - data in %LOCALAPPDATA%\Yiye, settings under
#     %USERPROFILE%\AppData\Roaming\fyne\cn.gov.naiman.yiye\ (README);
#   - installer: an older version with /KIOSK, then this one over it while
#     the program runs (update), the Apps-list entry, Start-menu shortcut,
#     kiosk Run entry; the installed program starts and shows the draft;
#     silent uninstall leaves the drafts.
#
# Screenshots go to dist/smoke/ (printed at the end); when a step fails the
# script saves FAILED-<step>.png there and names the step. UI driving is in
# one function, journey(), and finds elements by OCR (tesseract chi_sim),
# not by pixel positions, so layout changes need few edits. Every wait
# polls with a time limit; the end prints how long the OCR looks took.
#
# Diagnostics (not for CI): YIYE_SMOKE_IMM=1 runs the program with Wine's
# imm32 trace (WINEDEBUG=+imm) and shows the input-method calls made when
# a form field gains the focus (app/ime places the candidate window).
set -euo pipefail
set -E
cd "$(dirname "$0")/.."
root=$PWD
. scripts/deps.sh
. scripts/wine/lib.sh

# shellcheck disable=SC2046
ensure_debian_packages $(wine_packages) xvfb xdotool imagemagick tesseract-ocr tesseract-ocr-chi-sim \
	zbar-tools poppler-utils sqlite3 python3 nsis

version=$(sed -n 's/^Version = "\(.*\)"$/\1/p' FyneApp.toml)
exe=$(realpath "${1:-dist/yiye-$version-windows-amd64.exe}")
setup=${2:-dist/Yiye-Setup-$version.exe}
[ -f "$setup" ] && setup=$(realpath "$setup") || setup=""
shots="$root/dist/smoke"
rm -rf "$shots"
mkdir -p "$shots"
work=$(mktemp -d /tmp/yiye-smoke.XXXXXX)
ocr="python3 $root/scripts/wine/ocr_find.py"
# Debian's ImageMagick by its own name: `convert`/`import` may be shadowed.
imcmd() { if command -v "$1-im6.q16" >/dev/null; then echo "$1-im6.q16"; else echo "$1"; fi; }
IMPORT=$(imcmd import)

t0=$(date +%s)
xvfb_pid="" app_pid="" step_name="setup" nshot=0
cleanup() {
	local rc=$?
	[ -n "$app_pid" ] && kill -9 "$app_pid" 2>/dev/null || true
	wine_stop
	[ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf "$work"
	exit $rc
}
trap cleanup EXIT
trap 'exit 143' TERM INT
on_error() {
	local rc=$?
	trap - ERR
	echo "smoke: step '$step_name' FAILED (exit $rc)" >&2
	local name=${step_name//[^A-Za-z0-9]/-}
	capture "FAILED-${name:0:40}" || true
	[ -f "$work/app.log" ] && { echo "--- program output:" >&2; tail -20 "$work/app.log" >&2; }
	exit 1
}
trap on_error ERR

fail() { echo "smoke: $*" >&2; return 1; }
step() {
	step_name=$1
	echo "-- $1 (at $(( $(date +%s) - t0 ))s)"
}
# capture NAME [FILE] saves a numbered screenshot (or FILE) into dist/smoke
# and prints its path. (Not in $(...): the number lives in this shell.)
capture() {
	nshot=$((nshot + 1))
	local f
	f=$(printf '%s/%02d-%s.png' "$shots" "$nshot" "$1")
	if [ -n "${2:-}" ]; then
		cp "$2" "$f"
	else
		$IMPORT -display "$DISPLAY" -window root "$f" 2>/dev/null
	fi
	echo "   screenshot $f"
}
# until_ok SECONDS WHAT CMD...: polls CMD every second until it succeeds.
until_ok() {
	local limit=$1 what=$2 end
	shift 2
	end=$(( $(date +%s) + limit ))
	until "$@"; do
		[ "$(date +%s)" -lt "$end" ] || fail "timed out after ${limit}s waiting for $what"
		sleep 1
	done
}
# find_text TEXT...: OCR of the current screen; sets $at to "X Y" of the first TEXT found.
ocr_n=0 ocr_s=0
find_text() {
	local s=$SECONDS rc=0
	$IMPORT -display "$DISPLAY" -window root "$work/now.png" 2>/dev/null
	at=$($ocr "$work/now.png" "$@") || rc=1
	ocr_n=$((ocr_n + 1)) ocr_s=$((ocr_s + SECONDS - s))
	return $rc
}
wait_text() { local limit=$1; shift; until_ok "$limit" "'$*' on screen" find_text "$@"; }
# click_text [--button] TEXT...: waits for the text, then clicks its centre.
click_text() {
	# (generous: one OCR look takes 2-10 s on two busy cores)
	wait_text 180 "$@"
	# shellcheck disable=SC2086
	xdotool mousemove $at click 1
}
type_text() { xdotool type --delay 40 "$1"; }
key() { xdotool key "$@"; }
# open_form: the draft's 填写申请表 tab (a reopened draft may already show
# it; the selected tab's white-on-blue label reads poorly, so look for the
# form's credit-code label first).
form_or_tab() {
	find_text 共同信息 统一社会信用代码 && return 0
	find_text 填写申请表 || return 1
	# shellcheck disable=SC2086
	xdotool mousemove $at click 1
	return 1
}
open_form() { until_ok 300 "the form (填写申请表)" form_or_tab; }

# The Windows side of the prefix.
# (by class: xdotool's --name does not match Chinese titles)
app_window() { xdotool search --onlyvisible --class 'yiye' >/dev/null 2>&1; }
app_winedebug=""
[ -n "${YIYE_SMOKE_IMM:-}" ] && app_winedebug=+imm
start_app() { # EXE ARGS...
	local e=$1
	shift
	WINEDEBUG=${app_winedebug:-$WINEDEBUG} wine "$e" "$@" >>"$work/app.log" 2>&1 &
	app_pid=$!
	until_ok 120 "the Yiye window" app_window
}
kill_app() {
	[ -n "$app_pid" ] || return 0
	kill -9 "$app_pid" 2>/dev/null || true
	wait "$app_pid" 2>/dev/null || true
	app_pid=""
	until_ok 30 "the window to go" sh -c '! xdotool search --onlyvisible --class yiye >/dev/null 2>&1'
}
sql() { sqlite3 -readonly "$db" "$@" 2>/dev/null; }
# draft_saved: both typed values of the one draft are in the file.
draft_saved() {
	[ "$(sql "SELECT count(*) FROM drafts_values WHERE key = 'uscc' AND value = '$code'")" = 1 ] &&
		[ "$(sql "SELECT count(*) FROM drafts_values WHERE key = 'entity_name' AND value = 'Smoke'")" = 1 ]
}
draft_started() { [ "$(sql "SELECT group_concat(industry) FROM drafts_drafts")" = convenience-store ]; }
imm_placed() { grep -q 'ImmSetCompositionWindow' "$work/app.log"; }

# A valid GB 32100 credit code that is not the form's placeholder example.
code=91150525MA0Y7K3Q20

# ---------------------------------------------------------------------------
# journey: every UI step of the smoke run. Elements are found by their text
# (OCR) and driven by keyboard where Fyne allows; adjust here when screens
# change. Screens used: 首页 (search entry, industry cards), 我的草稿,
# the draft's tabs 填写申请表 / 一次告知单, 我的许可证.
# ---------------------------------------------------------------------------
journey() {
	step "window opens with Chinese text"
	start_app "$exe_win" --demo
	wait_text 180 您要开什么店 一业一证申请助手
	capture home

	step "search an industry by pinyin initials and start a draft"
	click_text 搜索行业 "拼音首字母"
	type_text bld # 便利店
	wait_text 180 便利店
	key Return
	until_ok 60 "a convenience-store draft in $db" draft_started
	wait_text 180 填写申请表 一次告知单 回答问题

	step "open the form and type a credit code"
	open_form
	# The credit-code field is the one whose placeholder shows an example.
	click_text "18位，如" 92150525MA0R123448
	type_text "$code"
	# Shift+Tab: the entity-name field above it gets focus (the field an
	# applicant types Chinese into; Windows' IME placement runs on focus).
	key shift+Tab
	type_text "Smoke"
	until_ok 30 "the autosave in $db" draft_saved
	capture form-typed
	if [ -n "${YIYE_SMOKE_IMM:-}" ]; then
		until_ok 10 "imm32 calls in the trace" imm_placed
		# (awk, not head: an early-closing reader fails the pipe under pipefail)
		echo "   imm32 placements while typing (WINEDEBUG=+imm; style 2 = CFS_POINT at the caret, 80 = CFS_EXCLUDE):"
		{ grep -E 'Imm(SetCompositionWindow|SetCandidateWindow)[[:space:]]+[0-9]' "$work/app.log" || true; } |
			awk '{ print "     " $0 }'
		echo "   calls: $(grep -c 'ImmGetContext 0' "$work/app.log") ImmGetContext," \
			"$(grep -c 'ImmSetCompositionWindow (' "$work/app.log") ImmSetCompositionWindow," \
			"$(grep -c 'ImmSetCandidateWindow (' "$work/app.log") ImmSetCandidateWindow"
		cp "$work/app.log" "$shots/imm-trace.log"
	fi

	step "kill the program, restart: the value is still there"
	kill_app
	start_app "$exe_win" --demo
	wait_text 180 您要开什么店
	click_text 我的草稿
	click_text --button 继续填写
	open_form
	# (OCR may misread one character of 18; the database check is exact.)
	wait_text 180 "$code" "MA0Y7K3Q20" "Y7K3Q20"
	draft_saved || fail "the database lost $code after the restart"
	capture draft-after-kill

	step "save the notice (一次告知单) as PDF through the app"
	click_text 一次告知单
	click_text 打印为PDF 保存/打印
	# The picker (app/filepick) opens on the Desktop with the name
	# proposed and selected in its name field; Enter there saves.
	wait_text 180 保存一次告知单 一次告知单-便利店
	capture save-dialog
	key Return
	until_ok 60 "the PDF on the Desktop" compgen -G "$desktop/*.pdf"
	pdfs=("$desktop"/*.pdf)
	[ ${#pdfs[@]} = 1 ] || fail "${#pdfs[@]} PDFs on the Desktop: ${pdfs[*]}"
	pdf=${pdfs[0]}
	# Written to a temporary file and renamed: the name appears complete.
	pdftotext -enc UTF-8 "$pdf" "$work/notice.txt" || fail "pdftotext cannot read $pdf"
	grep -q 一次告知单 "$work/notice.txt" || fail "the PDF does not read 一次告知单"
	grep -q 便利店 "$work/notice.txt" || fail "the PDF does not name the industry"
	[ "$(find "$desktop" -name '*.part' | wc -l)" = 0 ] || fail "a temporary file was left on the Desktop"
	cp "$pdf" "$shots/notice.pdf"
	echo "   $(basename "$pdf"): $(wc -c <"$pdf") bytes, $(grep -c . "$work/notice.txt") lines of text"

	# The license comes from the demo portal: this also shows the connection.
	step "open the demo e-license and decode its QR code"
	click_text 我的许可证
	click_text 查看证书
	until_ok 60 "a QR code on screen" sh -c "$IMPORT -display '$DISPLAY' -window root '$work/lic.png' 2>/dev/null && zbarimg -q --raw '$work/lic.png' >'$work/qr.txt' 2>/dev/null"
	capture license "$work/lic.png"
	grep -Eq '/V/[0-9]{16}#' "$work/qr.txt" || fail "QR text $(head -c 80 "$work/qr.txt") is not a license link"
	echo "   QR: $(head -c 60 "$work/qr.txt")..."
	kill_app
}

# installed_ok: the installed program starts and shows the drafts kept.
installed_journey() {
	start_app "$installed_win" --demo
	wait_text 180 您要开什么店
	click_text 我的草稿
	wait_text 180 --button 继续填写
	capture "installed-$1"
	kill_app
}

# ---------------------------------------------------------------------------

step "Xvfb and a fresh Wine prefix"
d=90
while [ -e "/tmp/.X$d-lock" ] || [ -e "/tmp/.X11-unix/X$d" ]; do d=$((d + 1)); done
Xvfb ":$d" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
export DISPLAY=":$d" TZ=Asia/Shanghai
wine_chinese_locale
until_ok 30 "Xvfb" test -e "/tmp/.X11-unix/X$d"
wine_build_shim "$work"
wine_new_prefix "$work/prefix" "$work/bcryptprimitives.dll"
# Only the default Windows locations: no YIYE_DATA_DIR.
unset YIYE_DATA_DIR
localappdata=$(winenv LOCALAPPDATA)
userprofile=$(winenv USERPROFILE)
desktop="$userprofile/Desktop"
db="$localappdata/Yiye/yiye.db"
cp "$exe" "$work/Yiye.exe"
exe_win=$(winpath "$work/Yiye.exe")
echo "   $(wine --version), LOCALAPPDATA=$localappdata"

journey

step "data in %LOCALAPPDATA%\\Yiye, settings in %USERPROFILE%\\AppData\\Roaming\\fyne\\cn.gov.naiman.yiye"
[ -f "$db" ] || fail "no database at $db"
[ -d "$localappdata/Yiye/attachments" ] || fail "no attachments folder in $localappdata/Yiye"
settings="$userprofile/AppData/Roaming/fyne/cn.gov.naiman.yiye"
[ -f "$settings/preferences.json" ] || fail "no preferences.json in $settings"
# The file picker remembers the folder the notice was saved in (JSON, so
# the backslashes are doubled).
want=$(winpath "$desktop" | sed 's/\\/\\\\/g')
grep -qF "\"filepick.lastDir\":\"$want\"" "$settings/preferences.json" ||
	fail "the settings do not name the Desktop ($want) as the picker's folder: $(head -c 300 "$settings/preferences.json")"
strays=$(find "$userprofile" -path "$localappdata/Yiye" -prune -o -path "$settings" -prune -o \
	\( -iname 'yiye.db*' -o -iname 'preferences.json' \) -print)
[ -z "$strays" ] || fail "Yiye data outside the documented folders: $strays"
echo "   $db, $settings"

if [ -n "$setup" ]; then
	programs="$localappdata/Programs/Yiye"
	uninst_key='HKCU\Software\Microsoft\Windows\CurrentVersion\Uninstall\Yiye'
	run_key='HKCU\Software\Microsoft\Windows\CurrentVersion\Run'
	# reg_dump KEY: the key's values, UTF-8 (reg export writes UTF-16).
	reg_dump() {
		rm -f "$work/reg.reg"
		timeout 60 wine reg export "$1" "$(winpath "$work")\\reg.reg" /y >/dev/null 2>&1 || return 1
		iconv -f UTF-16 -t UTF-8 "$work/reg.reg" | tr -d '\r'
	}
	listed_version() { reg_dump "$uninst_key" >"$work/key.txt" && grep -qF "\"DisplayVersion\"=\"$1\"" "$work/key.txt"; }
	run_entry() { reg_dump "$run_key" >"$work/run.txt" && grep -qF -- '--kiosk' "$work/run.txt"; }

	step "install an older version silently with /KIOSK"
	# The same exe packaged as 0.0.0: enough to check an update replaces
	# the program and its Apps-list version and keeps data and options.
	ico="$work/yiye.ico"
	$(imcmd convert) assets/icon.png -define icon:auto-resize=256,64,48,32,16 "$ico"
	makensis -V1 -DVERSION=0.0.0 -DBUILD=0 -DEXE="$exe" -DLICENSE="$root/assets/fonts/LICENSE-NotoSansCJK.txt" \
		-DICON="$ico" -DOUTFILE="$work/Yiye-Setup-old.exe" packaging/windows/yiye.nsi
	# (a silent installer that waits for an answer would hang: bounded)
	timeout 120 wine "$work/Yiye-Setup-old.exe" /S /KIOSK
	until_ok 60 "the installed program" test -f "$programs/Yiye.exe"
	until_ok 30 "the Apps-list entry of 0.0.0" listed_version 0.0.0
	run_entry || fail "/KIOSK did not add the Run entry"

	step "update: install this version over it while the old one runs"
	installed_win=$(winpath "$programs/Yiye.exe")
	start_app "$installed_win" --demo
	timeout 120 wine "$setup" /S
	until_ok 60 "the Apps-list entry of $version" listed_version "$version"
	cmp -s "$exe" "$programs/Yiye.exe" || fail "the update did not replace Yiye.exe"
	kill_app
	reg_dump "$uninst_key" >"$work/uninst.txt"
	for want in '"DisplayName"="一业一证申请助手"' '"DisplayIcon"=' '"Publisher"=' '"EstimatedSize"=dword:' \
		'"NoModify"=dword:00000001' '"NoRepair"=dword:00000001' '"UninstallString"=' '"InstallLocation"='; do
		grep -qF -- "$want" "$work/uninst.txt" || fail "Apps-list entry lacks $want"
	done
	run_entry || fail "the update dropped the kiosk Run entry"
	ls "$userprofile"/AppData/Roaming/Microsoft/Windows/Start\ Menu/Programs/一业一证申请助手.lnk >/dev/null ||
		fail "no Start-menu shortcut"
	draft_saved || fail "the update lost the draft"

	step "the installed program starts and shows the kept draft"
	installed_journey after-update

	step "uninstall silently: program gone, drafts kept"
	timeout 120 wine "$programs/uninstall.exe" /S
	until_ok 90 "the uninstaller to finish" sh -c "[ ! -e '$programs/Yiye.exe' ] && [ ! -e '$programs/uninstall.exe' ]"
	wine_stop
	if reg_dump "$uninst_key" >/dev/null; then fail "the Apps-list entry is still there"; fi
	if run_entry; then fail "the kiosk Run entry is still there"; fi
	draft_saved || fail "uninstalling lost the draft"
	echo "   $db kept ($(sql 'SELECT count(*) FROM drafts_drafts') draft)"
else
	echo "-- no installer at dist/Yiye-Setup-$version.exe: install steps skipped"
fi

step "done"
echo "smoke: windows journey passed in $(( $(date +%s) - t0 ))s ($ocr_n OCR looks, ${ocr_s}s); screenshots in $shots/"
ls "$shots"
