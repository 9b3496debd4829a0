; Yiye per-user Windows installer (NSIS 3, built on Linux by scripts/release.sh).
;
;   makensis -DVERSION=0.1.0 -DBUILD=1 -DEXE=Yiye.exe -DLICENSE=LICENSE.txt \
;            -DICON=yiye.ico -DOUTFILE=Yiye-Setup-0.1.0.exe [-DSIGN="sh sign.sh"] yiye.nsi
;
; Installs into %LOCALAPPDATA%\Programs\Yiye without administrator rights,
; adds a Start-menu shortcut and an entry in the user's Apps list, and never
; touches the applicant's data (%LOCALAPPDATA%\Yiye, the Fyne settings
; under %APPDATA%\fyne\cn.gov.naiman.yiye): installing over an older
; version keeps every draft, and so does uninstalling.
;
; Command line (besides NSIS's /S silent and /D=folder):
;   /KIOSK     start Yiye in kiosk mode (--kiosk) when this Windows user
;              logs on: a per-user Run entry, for a service hall's
;              dedicated account. Kept by later updates; removed by
;              /NOKIOSK or by uninstalling.
;   /NOKIOSK   remove that Run entry.

; A 64-bit installer: Yiye.exe itself is amd64-only (Windows 10 x64 and
; later), and a 64-bit setup runs under Wine without its 32-bit half.
Target amd64-unicode
ManifestDPIAware true
RequestExecutionLevel user
SetCompressor /SOLID lzma

!ifndef VERSION | BUILD | EXE | LICENSE | ICON | OUTFILE
  !error "define VERSION, BUILD, EXE, LICENSE, ICON and OUTFILE (see the header)"
!endif

!define APPNAME "一业一证申请助手"
!define APPNAME_EN "Yiye"
!define PUBLISHER "naiman-yiye (Yiye 一业一证申请助手)"
!define WEBSITE "https://github.com/naiman-yiye/yiye"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Yiye"
!define RUNKEY "Software\Microsoft\Windows\CurrentVersion\Run"

!include "MUI2.nsh"
!include "FileFunc.nsh"
!include "LogicLib.nsh"

; Sign the installer and the uninstaller it carries (NSIS runs these on the
; finished files; %1 is the file's path).
!ifdef SIGN
  !finalize '${SIGN} "%1"'
  !uninstfinalize '${SIGN} "%1"'
!endif

Name "${APPNAME}"
Caption "${APPNAME} ${VERSION}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\Yiye"
; An update goes where the previous version is.
InstallDirRegKey HKCU "${UNINSTKEY}" "InstallLocation"
BrandingText "${APPNAME} ${VERSION}"

VIProductVersion "${VERSION}.${BUILD}"
VIFileVersion "${VERSION}.${BUILD}"
VIAddVersionKey /LANG=0 "ProductName" "${APPNAME}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}.${BUILD}"
VIAddVersionKey /LANG=0 "FileDescription" "${APPNAME} 安装程序 (Yiye setup)"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "LegalCopyright" "${PUBLISHER}"

!define MUI_ICON "${ICON}"
!define MUI_UNICON "${ICON}"
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\Yiye.exe"
!define MUI_FINISHPAGE_RUN_TEXT "$(RunNow)"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES

; The first language is the default; NSIS picks the one matching the user's
; Windows display language.
!insertmacro MUI_LANGUAGE "SimpChinese"
!insertmacro MUI_LANGUAGE "English"

LangString RunNow ${LANG_SIMPCHINESE} "运行${APPNAME}"
LangString RunNow ${LANG_ENGLISH} "Run ${APPNAME_EN}"
LangString DataKept ${LANG_SIMPCHINESE} "您的草稿和材料仍保存在 $LOCALAPPDATA\Yiye，如不再需要可手动删除。"
LangString DataKept ${LANG_ENGLISH} "Your drafts and materials remain in $LOCALAPPDATA\Yiye; delete that folder if you no longer need them."

Section "Yiye" SecMain
  SectionIn RO
  SetOutPath "$INSTDIR"
  ; A running Yiye.exe cannot be overwritten, but it can be renamed: an
  ; update never fails because the program is open; the new version runs
  ; from the next start.
  Delete "$INSTDIR\Yiye.exe.old"
  ${If} ${FileExists} "$INSTDIR\Yiye.exe"
    Rename "$INSTDIR\Yiye.exe" "$INSTDIR\Yiye.exe.old"
  ${EndIf}
  File "/oname=Yiye.exe" "${EXE}"
  File "/oname=LICENSE-NotoSansSC-OFL.txt" "${LICENSE}"
  Delete "$INSTDIR\Yiye.exe.old"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateShortcut "$SMPROGRAMS\${APPNAME}.lnk" "$INSTDIR\Yiye.exe" "" "$INSTDIR\Yiye.exe" 0

  WriteRegStr HKCU "${UNINSTKEY}" "DisplayName" "${APPNAME}"
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayIcon" '"$INSTDIR\Yiye.exe",0'
  WriteRegStr HKCU "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTKEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTKEY}" "URLInfoAbout" "${WEBSITE}"
  WriteRegStr HKCU "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTKEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTKEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  WriteRegDWORD HKCU "${UNINSTKEY}" "EstimatedSize" $0

  ; Kiosk autostart for a dedicated hall account.
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/KIOSK" $R1
  ${IfNot} ${Errors}
    WriteRegStr HKCU "${RUNKEY}" "Yiye" '"$INSTDIR\Yiye.exe" --kiosk'
  ${EndIf}
  ClearErrors
  ${GetOptions} $R0 "/NOKIOSK" $R1
  ${IfNot} ${Errors}
    DeleteRegValue HKCU "${RUNKEY}" "Yiye"
  ${EndIf}
SectionEnd

Section "Uninstall"
  Delete "$SMPROGRAMS\${APPNAME}.lnk"
  DeleteRegValue HKCU "${RUNKEY}" "Yiye"
  DeleteRegKey HKCU "${UNINSTKEY}"
  Delete "$INSTDIR\Yiye.exe"
  Delete "$INSTDIR\Yiye.exe.old"
  Delete "$INSTDIR\LICENSE-NotoSansSC-OFL.txt"
  Delete "$INSTDIR\uninstall.exe"
  ; Only if empty: never anything the user put there. The applicant's data
  ; lives elsewhere (%LOCALAPPDATA%\Yiye) and stays.
  RMDir "$INSTDIR"
  DetailPrint "$(DataKept)"
SectionEnd
