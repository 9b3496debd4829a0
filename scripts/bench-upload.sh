#!/usr/bin/env bash
# Uploads a 200 MB file to the reference portal over loopback with Yiye's tus
# client and with curl, and prints both throughputs, their ratio and the
# client's peak memory (see BenchmarkUpload200MB in client/bench_test.go).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
ensure_debian_packages curl
go test -tags ci -run '^$' -bench Upload200MB -benchtime "${BENCHTIME:-1x}" ./client
