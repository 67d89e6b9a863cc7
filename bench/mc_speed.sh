#!/usr/bin/env bash
# bench/mc_speed.sh: Monte Carlo speed (issue 14, Deliver 7) — the fast path against the plain loop that
# relinks and refactorizes everything per draw, in the same run, medians of fresh-process runs.
#
#   bash bench/mc_speed.sh [--runs K] [--draws N] [--large-draws M] [--skip-large] [--cement FILE]
#
# 1. The cement example (examples/cement/po425-cement.yaml, or --cement FILE) on the shipped database, every foreground
#    amount made uncertain (lognormal, GSD 1.1; outputs, inputs, emissions and transport legs) and every
#    database entry with its derived uncertainty: N draws (default 10,000), --jobs 1 and 2.
# 2. bench/gen_model's 26,000-process model (--seed 1, the model of bench/run.sh), imported with
#    `pcf db import-matrices`, every off-diagonal technosphere entry uncertain (GSD 1.2), a one-line product
#    using one unit of the model's demand product: M draws (default 10), --jobs 1; seconds per draw; the
#    fast path as chosen automatically (its loop solved by GMRES on the point LU), with every draw
#    refactorized (fast-direct), and the plain loop.
#
# Environment: PCF_BUILD (default build). The build is configured with -DPCF_BUILD_MC_BENCH=ON and only
# mc_bench is built (-j1: the machine is shared). Prints a Markdown table to stdout, the rest to stderr.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=3
draws=10000
large_draws=10
skip_large=0
cement=examples/cement/po425-cement.yaml
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --draws) draws="$2"; shift 2 ;;
    --large-draws) large_draws="$2"; shift 2 ;;
    --skip-large) skip_large=1; shift ;;
    --cement) cement="$2"; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "mc_speed.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
done
build=${PCF_BUILD:-build}
cmake -S . -B "$build" -DPCF_BUILD_MC_BENCH=ON >/dev/null
cmake --build "$build" --target mc_bench pcf hubei_database -j1 >&2
bench="$build/mc_bench"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Every line amount of the cement example uncertain: `{…, amount: X, …}` and transport legs `{mass: …}`
# (lines that carry their own uncertainty keep it).
sed -E '/uncertainty:/! {/^\s+- \{.*(amount|mass):.*\}\s*$/ s/\}\s*$/, uncertainty: {distribution: lognormal, gsd: 1.1}}/}' \
  "$cement" > "$work/cement-mc.yaml"
echo "uncertain lines in the cement file: $(grep -c 'uncertainty:' "$work/cement-mc.yaml")" >&2

field() { sed -E "s/.* $1=([^ ]+).*/\1/"; }
median() { sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }

# run MODE JOBS DB PRODUCT DRAWS [extra…]: medians over $runs fresh processes of draw seconds, CPU seconds
# of the whole run, and the mean of the total (to show both modes agree).
run() {
  local mode=$1 jobs=$2 db=$3 product=$4 n=$5
  shift 5
  local out=()
  for ((r = 0; r < runs; ++r)); do
    out+=("$("$bench" --db "$db" --product "$product" --draws "$n" --jobs "$jobs" --mode "$mode" "$@")")
    echo "  ${out[-1]}" >&2
  done
  local draw cpu total contrib
  draw=$(printf '%s\n' "${out[@]}" | field draw_seconds | median)
  total=$(printf '%s\n' "${out[@]}" | field seconds | median)
  cpu=$(printf '%s\n' "${out[@]}" | field cpu_seconds | median)
  contrib=$(printf '%s\n' "${out[@]}" | field contribution_seconds | median)
  mean=$(printf '%s\n' "${out[0]}" | field mean)
  echo "$draw $total $cpu $contrib $mean"
}

echo "| model | mode | draws | jobs | draws (s, median) | per draw (ms) | whole run (s) | CPU (s) | contribution analysis (s) | mean of the total |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for jobs in 1 2; do
  for mode in fast rebuild; do
    echo "cement, $mode, --jobs $jobs (uptime: $(uptime))" >&2
    read -r d t c a m < <(run "$mode" "$jobs" "$build/cli/hubei.sqlite" "$work/cement-mc.yaml" "$draws")
    echo "| cement (shipped database) | $mode | $draws | $jobs | $d | $(awk -v d="$d" -v n="$draws" 'BEGIN {printf "%.3f", 1000 * d / n}') | $t | $c | $a | $m |"
  done
done

if [[ $skip_large == 0 ]]; then
  g++ -O2 -std=c++20 bench/gen_model.cc -lfmt -o "$work/gen_model"
  "$work/gen_model" --seed 1 --processes 26000 --out "$work/m26k" >&2
  "$build/cli/pcf" db import-matrices "$work/m26k" -o "$work/m26k.sqlite" >&2
  demand=$(sed -n 2p "$work/m26k/demands/one.csv" | cut -d, -f1)
  unit=$(grep "^$demand," "$work/m26k/products.csv" | awk -F, '{print $NF}')
  cat > "$work/p26k.yaml" <<YAML
pcf: 1
product:
  id: bench product
  name: one unit of the 26,000-process model's demand product
  company: bench
  geography: CN
  declared_unit: {amount: 1, unit: $unit}
  reference_period: "2024"
  system_boundary: cradle-to-gate
processes:
  - id: use
    stage: A3
    outputs:
      - {product: bench product, amount: 1, unit: $unit}
    inputs:
      - {background: "$demand", amount: 1, unit: $unit}
YAML
  # fast: the automatic choice (the 4,648-process loop by GMRES on the point LU); fast-direct: every draw
  # refactorized (--draw-solve direct), as before the iterative draws; rebuild: the plain loop.
  for mode in fast fast-direct rebuild; do
    echo "26k, $mode, --jobs 1 (uptime: $(uptime))" >&2
    extra=()
    [[ $mode == fast-direct ]] && extra=(--draw-solve direct)
    read -r d t c a m < <(run "${mode%-direct}" 1 "$work/m26k.sqlite" "$work/p26k.yaml" "$large_draws" --technosphere-gsd 1.2 "${extra[@]}")
    echo "| 26,000 processes (gen_model --seed 1), technosphere uncertain | $mode | $large_draws | 1 | $d | $(awk -v d="$d" -v n="$large_draws" 'BEGIN {printf "%.1f", 1000 * d / n}') | $t | $c | $a | $m |"
  done
fi
echo "load: $(uptime)" >&2
