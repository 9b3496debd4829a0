#!/usr/bin/env bash
# Builds and runs Yiye. With no arguments: the GUI in demo mode, against a
# reference portal started in-process (no network, no set-up).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
ensure_debian_packages "${FYNE_BUILD_PACKAGES[@]}"
mkdir -p dist
go build -tags no_emoji -o dist/yiye ./cmd/yiye
if [ $# -eq 0 ]; then set -- --demo; fi
exec dist/yiye "$@"
