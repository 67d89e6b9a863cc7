#!/usr/bin/env bash
# Writes N product files for the batch benchmark: the shipped examples, each repeated with a different
# value of its first numeric parameter (so every file is a distinct calculation, not a copy).
# Usage: bench/make_batch.sh N OUT_DIR
set -euo pipefail
n=${1:-1000}
out=${2:-/tmp/pcf-batch-inputs}
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mkdir -p "$out"
examples=("$repo"/examples/*/*.yaml)
for ((i = 0; i < n; i++)); do
  src=${examples[$((i % ${#examples[@]}))]}
  name=$(basename "$src" .yaml)
  # Scale the first "name: number" parameter line by a factor 0.90 … 1.10 (deterministic in i).
  factor=$(awk -v i="$i" 'BEGIN { printf "%.4f", 0.9 + (i % 201) / 1000 }')
  awk -v f="$factor" '
    !done && /^parameters:/ { in_params = 1; print; next }
    in_params && !done && match($0, /^  [A-Za-z_][A-Za-z0-9_]*: [0-9.]+[ ]*(#.*)?$/) {
      colon = index($0, ": "); name = substr($0, 1, colon + 1); value = substr($0, colon + 2) + 0
      $0 = name sprintf("%.6g", value * f); done = 1 }
    { print }' "$src" > "$out/$(printf '%04d' "$i")-$name.yaml"
done
echo "$n product files in $out"
