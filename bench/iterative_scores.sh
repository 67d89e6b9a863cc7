#!/usr/bin/env bash
# bench/iterative_scores.sh: `pcf scores --solver iterative` (GMRES with ILU(0) in large loops, docs/solver.md
# "Iterative scores") against the direct path (--solver block-triangular) on the family of bench/family.sh
# (issue 13, Deliver 5). Prints a Markdown table to stdout.
#
#   WORK=/tmp/x PCF=build/cli/pcf GEN=gen_model UMF=umfpack_ref bash bench/iterative_scores.sh [--runs K]
#
# For every model (1 and 20 indicators): generate and import it (kept in $WORK between runs), then K rounds
# (default 3) alternating direct and iterative, 1 and 20 indicators, each a whole process under GNU time;
# medians of wall and user seconds. The scores of the iterative path are compared with the direct path's
# and with UMFPACK's (one umfpack_ref run, 1 indicator) by bench/compare_scores.awk (max scaled
# difference; the criterion is 1e-9).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=3
[[ ${1:-} == --runs ]] && runs=$2
: "${WORK:?set WORK}" "${PCF:=build/cli/pcf}" "${GEN:=/tmp/benchbuild/gen_model}" "${UMF:=/tmp/benchbuild/umfpack_ref}"
COMPARE=bench/compare_scores.awk
models=$(sed -n '/^models=(/,/^)/p' bench/family.sh | grep -o '"[^"]*"' | tr -d '"')
mkdir -p "$WORK"
med() { sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
maxerr() { awk -f "$COMPARE" "$1" "$2" | grep -o 'max_scaled_err=[^ ]*' | cut -d= -f2 || true; }
echo "| model | largest block | direct s (wall, user) | iterative s (wall, user) | iterative / direct (wall) | GMRES products | fell back | 20 ind.: direct s | 20 ind.: iterative s | max scaled diff iterative–direct | iterative–UMFPACK | direct–UMFPACK |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
while IFS= read -r m; do
  [[ -z $m ]] && continue
  name=${m%%|*}; args=${m#*|}; d=$WORK/$name
  if [[ ! -f $d.sqlite || ! -f $d-20.sqlite ]]; then
    # shellcheck disable=SC2086
    "$GEN" $args --out "$d" --stats 2>"$d.gen"
    # shellcheck disable=SC2086
    "$GEN" $args --indicators 20 --out "$d-20" 2>/dev/null
    "$PCF" db import-matrices "$d" -o "$d.sqlite" >/dev/null
    "$PCF" db import-matrices "$d-20" -o "$d-20.sqlite" >/dev/null
  fi
  [[ -f $d.umf.csv ]] || "$UMF" "$d" --indicators-out "$d.umf.csv" >/dev/null 2>&1
  rm -f "$WORK/$name".*.t
  for ((r = 0; r < runs; ++r)); do
    for solver in block-triangular iterative; do
      for db in "" -20; do
        /usr/bin/time -f "%e %U" -o "$WORK/$name.tmp" "$PCF" scores --db "$d$db.sqlite" -o "$d$db.$solver.csv" --stats --solver "$solver" 2>"$WORK/$name.$solver$db.log"
        tail -1 "$WORK/$name.tmp" >>"$WORK/$name.$solver$db.t"
      done
    done
  done
  w() { cut -d' ' -f1 "$WORK/$name.$1.t" | med; }
  u() { cut -d' ' -f2 "$WORK/$name.$1.t" | med; }
  it=$(grep -o 'iterations=[0-9]*' "$WORK/$name.iterative.log" | cut -d= -f2)
  fb=$(grep -o 'fell_back=[0-9]*' "$WORK/$name.iterative.log" | cut -d= -f2)
  largest=$(grep -o 'largest_block=[0-9]*' "$WORK/$name.iterative.log" | cut -d= -f2)
  echo "| $name | $largest | $(w block-triangular), $(u block-triangular) | $(w iterative), $(u iterative) |" \
    "$(awk -v a="$(w iterative)" -v b="$(w block-triangular)" 'BEGIN {printf "%.2f", a / b}') | $it | $fb |" \
    "$(w block-triangular-20) | $(w iterative-20) | $(maxerr "$d.iterative.csv" "$d.block-triangular.csv"), 20 ind.: $(maxerr "$d-20.iterative.csv" "$d-20.block-triangular.csv") |" \
    "$(maxerr "$d.iterative.csv" "$d.umf.csv") | $(maxerr "$d.block-triangular.csv" "$d.umf.csv") |"
done <<<"$models"
echo "load: $(uptime)" >&2
