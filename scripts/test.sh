#!/usr/bin/env bash
# Runs every test: vet, then the whole module under the race detector.
# Headless: -tags ci gives Fyne its software driver, so no display is needed.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
# gcc for -race; poppler-utils so tests can read back the PDFs we write.
ensure_debian_packages gcc libc6-dev poppler-utils
export LANG=zh_CN.UTF-8
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then echo "gofmt needed:"; echo "$unformatted"; exit 1; fi
go vet -tags ci ./...
CGO_ENABLED=1 go test -race -tags ci -count=1 -timeout 20m "$@" ./...
