#!/usr/bin/env bash
# Signs a Windows executable in place with osslsigncode (SHA-256 digest,
# RFC 3161 timestamp): bash scripts/sign-windows.sh FILE.exe
# Needs YIYE_SIGN_CERT (PEM or SPC certificate chain) and YIYE_SIGN_KEY
# (PEM/PVK key); optional YIYE_SIGN_PASS, YIYE_SIGN_TSA (default
# http://timestamp.digicert.com; "none" signs without a timestamp, for tests).
# release.sh uses it for Yiye.exe, and NSIS (!finalize, !uninstfinalize) for
# the installer and the uninstaller it carries.
set -euo pipefail
f=$1
: "${YIYE_SIGN_CERT:?set YIYE_SIGN_CERT}" "${YIYE_SIGN_KEY:?set YIYE_SIGN_KEY}"
tsa=${YIYE_SIGN_TSA:-http://timestamp.digicert.com}
ts=(-ts "$tsa")
[ "$tsa" = none ] && ts=()
osslsigncode sign -certs "$YIYE_SIGN_CERT" -key "$YIYE_SIGN_KEY" ${YIYE_SIGN_PASS:+-pass "$YIYE_SIGN_PASS"} \
	-h sha256 -n "一业一证申请助手 Yiye" -i "https://github.com/naiman-yiye/yiye" \
	"${ts[@]}" -in "$f" -out "$f.signed" >/dev/null
mv "$f.signed" "$f"
echo "signed $(basename "$f")"
