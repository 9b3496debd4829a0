#!/usr/bin/env bash
# Start-up benchmark (issue 4; docs/performance.md): launch → first painted
# frame, and resident memory once the hotel (宾馆) application form is open,
# for yiye beside cmd/yiye-minimal (one window, one label) built the same
# way, printed as ratios.
#
# Usage: bash scripts/bench-startup.sh [runs]       (default 5 runs each)
# Environment:
#   BENCH_TAGS      build tags (default release,migrated_fynedo: what
#                   `fyne package --release` in scripts/release.sh uses)
#   BENCH_NO_EMOJI  1 also builds and measures both with -tags no_emoji
#   BENCH_WARM      1 measures warm starts: each binary keeps one HOME and
#                   data folder across its runs, after one unmeasured launch
#   BENCH_KEEP      1 keeps the work folder (per-run JSON) and prints it
#
# By default each run gets a fresh HOME, font index cache and data folder:
# a first launch after install (empty database, the embedded catalog
# installed, system fonts scanned). All runs share one Xvfb server (Mesa
# llvmpipe, software GL). Not part of
# scripts/test.sh; needs about 1-3 minutes (plus a first cgo build).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
. scripts/deps.sh
ensure_debian_packages "${FYNE_BUILD_PACKAGES[@]}" xvfb xdotool

runs=${1:-5}
tags=${BENCH_TAGS:-release,migrated_fynedo}
work=$(mktemp -d /tmp/yiye-bench.XXXXXX)
xpid=""
cleanup() {
	[ -n "$xpid" ] && kill "$xpid" 2>/dev/null || true
	if [ "${BENCH_KEEP:-}" = 1 ]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

# The same Go flags for every binary: those of a release build.
gobuild() { # out tags pkg
	go build -trimpath -tags "$2" -ldflags "-s -w" -o "$1" "$3"
}
variants=("$tags")
[ "${BENCH_NO_EMOJI:-}" = 1 ] && variants+=("$tags,no_emoji")
echo "== building (go build -trimpath -ldflags '-s -w' -tags ...)" >&2
for v in "${variants[@]}"; do
	mkdir -p "$work/bin/$v"
	gobuild "$work/bin/$v/yiye" "$v" ./cmd/yiye
	gobuild "$work/bin/$v/yiye-minimal" "$v" ./cmd/yiye-minimal
done
go build -o "$work/bin/benchreport" ./cmd/yiye-minimal/benchreport

# One X server for all runs.
disp=""
for n in $(seq 91 120); do
	if [ ! -e "/tmp/.X11-unix/X$n" ] && [ ! -e "/tmp/.X$n-lock" ]; then disp=":$n"; break; fi
done
[ -n "$disp" ] || { echo "bench: no free X display" >&2; exit 1; }
Xvfb "$disp" -screen 0 1280x1024x24 -nolisten tcp >/dev/null 2>&1 &
xpid=$!
for _ in $(seq 100); do [ -e "/tmp/.X11-unix/X${disp#:}" ] && break; sleep 0.05; done
export DISPLAY=$disp

# run LABEL BINARY ARGS...: one measured launch into $work/runs/LABEL/N/.
run_one() {
	local label=$1 i=$2; shift 2
	local d="$work/runs/$label/$i" h="$work/runs/$label/$i/home"
	[ "${BENCH_WARM:-}" = 1 ] && h="$work/homes/$label"
	[ "$i" = warmup ] && d="$work/warmup/$label"
	mkdir -p "$d" "$h/.cache" "$h/.config" "$h/xdg-run"
	chmod 700 "$h/xdg-run"
	local t0 pid
	t0=$(date +%s%N)
	HOME="$h" XDG_CACHE_HOME="$h/.cache" XDG_CONFIG_HOME="$h/.config" \
		XDG_RUNTIME_DIR="$h/xdg-run" YIYE_DATA_DIR="$h/data" LANG=zh_CN.UTF-8 \
		YIYE_BENCH_OUT="$d/out.json" "$@" >"$d/log" 2>&1 &
	pid=$!
	echo "$t0" >"$d/t0"
	# External cross-check: when X reports the window mapped (viewable).
	local waited=0
	while kill -0 "$pid" 2>/dev/null; do
		if xdotool search --onlyvisible --pid "$pid" >/dev/null 2>&1; then
			date +%s%N >"$d/visible"
			break
		fi
		sleep 0.01
		waited=$((waited + 1))
		[ $waited -gt 6000 ] && break
	done
	if ! timeout 120 tail --pid="$pid" -f /dev/null; then
		kill -9 "$pid" 2>/dev/null || true
		echo "bench: $label run $i timed out" >&2
	fi
	wait "$pid" 2>/dev/null || true
	[ -s "$d/out.json" ] || { echo "bench: $label run $i wrote no report; log:" >&2; tail -5 "$d/log" >&2; }
}

mode=cold
if [ "${BENCH_WARM:-}" = 1 ]; then mode=warm; fi
echo "== $runs $mode runs each on $DISPLAY" >&2
iters=$(seq "$runs")
[ $mode = warm ] && iters="warmup $iters"
for i in $iters; do
	# Interleaved, so drifting machine load hits every binary alike.
	for v in "${variants[@]}"; do
		suffix=""; [ "$v" != "$tags" ] && suffix="+no_emoji"
		run_one "yiye$suffix" "$i" "$work/bin/$v/yiye"
		run_one "minimal-cjk$suffix" "$i" "$work/bin/$v/yiye-minimal" --theme cjk
		run_one "minimal-default$suffix" "$i" "$work/bin/$v/yiye-minimal" --theme default
	done
done

sizes=()
for v in "${variants[@]}"; do
	suffix=""; [ "$v" != "$tags" ] && suffix="+no_emoji"
	sizes+=("-size" "yiye$suffix=$work/bin/$v/yiye" "-size" "minimal$suffix=$work/bin/$v/yiye-minimal")
done
echo
echo "Yiye start-up benchmark ($mode starts): $(date -u '+%Y-%m-%d %H:%M UTC'), $(git rev-parse --short HEAD 2>/dev/null || echo '?'), tags $tags, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
"$work/bin/benchreport" "${sizes[@]}" "$work/runs"
