#!/usr/bin/env bash
# bench/cold_start.sh: whole-process time of one small calculation (issue 13, Deliver 6).
#
#   bash bench/cold_start.sh [--runs K] [PRODUCT.yaml]
#
# Runs `pcf calc PRODUCT -o OUT.json` K times (default 41) in fresh processes, each writing a new output
# file, and prints the median, the quartiles and the fastest run of the wall time and, where `perf` works,
# the median CPU time (task-clock). Wall time depends on what else the machine runs: measure on a quiet
# machine and compare the CPU figure, which depends far less on it.
# Environment: PCF_BUILD (default build); pcf is $PCF_BUILD/cli/pcf.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=41
product=examples/cement/po425-cement.yaml
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) product="$1"; shift ;;
  esac
done
pcf=${PCF_BUILD:-build}/cli/pcf
[ -x "$pcf" ] || { echo "cold_start.sh: $pcf not built (bash scripts/build.sh build)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$pcf" calc "$product" -o "$work/warm.json" >/dev/null  # page cache warm: we measure pcf, not the disk
for ((i = 0; i < runs; i++)); do
  start=$(date +%s%N)
  "$pcf" calc "$product" -o "$work/out.$i.json" >/dev/null
  end=$(date +%s%N)
  echo $(((end - start) / 1000)) >>"$work/wall"
done
if perf stat -x, -e task-clock true 2>/dev/null; then
  for ((i = 0; i < runs; i++)); do
    perf stat -x, -e task-clock -o "$work/perf" "$pcf" calc "$product" -o "$work/cpu.$i.json" >/dev/null
    awk -F, '/task-clock/ { printf "%d\n", $1 * 1000 }' "$work/perf" >>"$work/cpu"
  done
fi
sort -n "$work/wall" | awk -v runs="$runs" -v product="$product" '
  { w[NR] = $1 }
  END {
    printf "pcf calc %s, %d runs: wall median %.1f ms (quartiles %.1f–%.1f ms, fastest %.1f ms)\n",
      product, runs, w[int((NR + 1) / 2)] / 1000, w[int((NR + 3) / 4)] / 1000, w[int((3 * NR + 1) / 4)] / 1000, w[1] / 1000
  }'
if [ -s "$work/cpu" ]; then
  sort -n "$work/cpu" | awk '{ c[NR] = $1 } END { printf "CPU (perf task-clock) median %.1f ms\n", c[int((NR + 1) / 2)] / 1000 }'
fi
