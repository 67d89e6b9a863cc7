#!/usr/bin/env bash
# Throughput of `pcf batch` and `pcf verify` on 1,000 product files (issue 7: ≥ 500 files/s on 2 cores).
# Usage: bash bench/batch_bench.sh [N] [RUNS]   (PCF_BUILD: build folder, default build)
set -euo pipefail
n=${1:-1000}
runs=${2:-5}
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$repo/scripts/install-deps.sh" hyperfine
build="${PCF_BUILD:-$repo/build}"
pcf="$build/cli/pcf"
[[ -x $pcf ]] || { echo "batch_bench.sh: build pcf first ($pcf missing)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bash "$repo/bench/make_batch.sh" "$n" "$work/in" >&2
"$pcf" batch "$work/in" -o "$work/ref" --jobs 2 >&2
hyperfine -N --runs "$runs" --warmup 1 --export-json "$work/batch.json" \
  --prepare "rm -rf $work/out" "$pcf batch $work/in -o $work/out --jobs 2" >&2
verify_line=""
if "$pcf" verify --help >/dev/null 2>&1; then
  hyperfine -N --runs "$runs" --warmup 1 --export-json "$work/verify.json" "$pcf verify $work/ref" >&2
  verify_line=$(python3 - "$work/verify.json" "$n" <<'PY'
import json, sys, statistics
d = json.load(open(sys.argv[1]))["results"][0]
m = statistics.median(d["times"]); n = int(sys.argv[2])
print(f"| `pcf verify` of {n} results | {m:.3f} | {n / m:.0f} |")
PY
)
fi
python3 - "$work/batch.json" "$n" <<'PY'
import json, sys, statistics
d = json.load(open(sys.argv[1]))["results"][0]
m = statistics.median(d["times"]); n = int(sys.argv[2])
print("| task | median (s) | files/s |")
print("|---|---:|---:|")
print(f"| `pcf batch` of {n} product files, --jobs 2 | {m:.3f} | {n / m:.0f} |")
PY
[[ -n $verify_line ]] && echo "$verify_line"
echo
echo "Machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB"
