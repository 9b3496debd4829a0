#!/usr/bin/env bash
# Runs every check on the build we ship, then every test:
#   gofmt; go vet, staticcheck and deadcode on the shipped build (no build
#   tags: the real GL driver, so the GL/X11 headers are needed); the whole
#   module's tests under the race detector with -tags ci, which only gives
#   Fyne its headless software driver (no display needed).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
# The Fyne build packages for vet/staticcheck of the GUI; gcc for -race;
# poppler-utils so tests can read back the PDFs we write.
ensure_debian_packages "${FYNE_BUILD_PACKAGES[@]}" poppler-utils
export LANG=zh_CN.UTF-8
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then echo "gofmt needed:"; echo "$unformatted"; exit 1; fi
go vet ./...
go tool staticcheck ./...
dead=$(go tool deadcode -test ./...)
if [ -n "$dead" ]; then echo "unreachable functions (deadcode -test):"; echo "$dead"; exit 1; fi
CGO_ENABLED=1 go test -race -tags ci -count=1 -timeout 20m "$@" ./...
