#!/usr/bin/env bash
# bench/family.sh: pcf against UMFPACK and KLU on a family of generated models (issue 13).
# Called by `bash bench/run.sh --family [--large] [--runs K]`; prints a Markdown table to stdout.
#
# For every model: generate it (bench/gen_model with the family switches), import it into pcf's
# database, then K rounds (default 3) that run, in this order, `pcf scores` (1 indicator),
# `umfpack_ref`, `klu_ref` and `pcf scores` on the same model with 20 indicators, each as a whole
# process under GNU time (wall s, user s, peak RSS, minor page faults). User (CPU) time is given next to
# wall time because a shared machine inflates wall time; factor s are in-process medians. Alternating the programs round
# by round spreads the load of a shared machine over all of them; the table gives medians.
#
# Environment: PCF (pcf binary), GEN, UMF, KLU (bench tools), WORK (scratch directory), COMPARE
# (compare_scores.awk).
set -euo pipefail

runs=3
large=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --large) large=1; shift ;;
    *) echo "family.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
done
log() { echo "family.sh: $*" >&2; }

# name|gen_model switches.  8k and 26k first; --large adds the 120k models.
models=(
  "8k-a|--seed 11 --processes 8000 --loop-share 0.1"
  "8k-b|--seed 12 --processes 8000 --loop-share 0.2 --market-zipf 0.8"
  "8k-c|--seed 13 --processes 8000 --loop-share 0.35 --inputs 14"
  "8k-d|--seed 14 --processes 8000 --loop-share 0.25 --markets 800 --market-zipf 1.2"
  "8k-e|--seed 15 --processes 8000 --loop-share 0.3 --inputs 8 --market-zipf 0.9"
  "8k-f|--seed 16 --processes 8000 --loop-share 0.15 --markets 300"
  "26k-seed1|--seed 1 --processes 26000"
  "26k-a|--seed 21 --processes 26000 --loop-share 0.1"
  "26k-b|--seed 22 --processes 26000 --loop-share 0.3 --market-zipf 0.8"
  "26k-c|--seed 23 --processes 26000 --loop-share 0.2 --inputs 14"
  "26k-d|--seed 24 --processes 26000 --loop-share 0.35 --markets 1000"
  "26k-e|--seed 25 --processes 26000 --loop-share 0.15 --market-zipf 1.2 --inputs 8"
)
if [[ $large -eq 1 ]]; then
  models+=("120k-a|--seed 31 --processes 120000 --loop-share 0.18"
           "120k-b|--seed 32 --processes 120000 --loop-share 0.3 --market-zipf 0.9")
fi

# timed NAME CMD...: one whole-process run; appends "wall user rss_kB minflt" to $WORK/NAME.t and
# keeps stderr (the programs' key=value lines) in $WORK/NAME.log.
timed() {
  local name="$1"; shift
  /usr/bin/time -f "%e %U %M %R" -o "$WORK/$name.tmp" "$@" 2>"$WORK/$name.log" >/dev/null ||
    { log "$name failed: $* ($(tail -2 "$WORK/$name.log"))"; return 1; }
  tail -1 "$WORK/$name.tmp" >>"$WORK/$name.t"
  cat "$WORK/$name.log" >>"$WORK/$name.logs"
}
# med NAME COLUMN: median of one column of NAME.t (1 wall, 2 user, 3 rss, 4 minflt).
med() { cut -d' ' -f"$2" "$WORK/$1.t" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
kv() { grep -o "$1=[^ ]*" "$WORK/$2.log" | head -1 | cut -d= -f2; }
# kvmed KEY NAME: median of KEY over all runs of NAME (in-process timings).
kvmed() { grep -o "$1=[^ ]*" "$WORK/$2.logs" | cut -d= -f2 | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
mb() { awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
maxerr() { awk -f "$COMPARE" "$1" "$2" | grep -o 'max_scaled_err=[^ ]*' | cut -d= -f2; }

cat <<'EOF'
| model | gen_model switches | largest block | pcf factor s | pcf nnz(L+U) | pcf s | pcf user s | pcf 20 ind. s | pcf RSS MB | pcf minflt | UMFPACK factor s | UMFPACK nnz(L+U) | UMFPACK s | UMFPACK user s | KLU factor s | KLU nnz(L+U) | KLU s | KLU user s | pcf / UMFPACK (wall, user) | pcf / KLU (wall, user) | 20 / 1 ind. | max scaled diff pcf–UMFPACK | KLU–UMFPACK | backward error | condition est. |
|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
EOF
for entry in "${models[@]}"; do
  name="${entry%%|*}" args="${entry#*|}"
  dir="$WORK/$name"
  log "model $name: $args"
  # shellcheck disable=SC2086  # args are word lists by design
  "$GEN" $args --out "$dir" --stats 2>"$WORK/$name.gen"
  # shellcheck disable=SC2086
  "$GEN" $args --indicators 20 --out "$dir-20" 2>/dev/null
  rm -f "$dir.sqlite" "$dir-20.sqlite"
  "$PCF" db import-matrices "$dir" -o "$dir.sqlite" >/dev/null
  "$PCF" db import-matrices "$dir-20" -o "$dir-20.sqlite" >/dev/null
  rm -f "$WORK/$name".*.t "$WORK/$name".*.logs
  for ((r = 1; r <= runs; r++)); do
    timed "$name.pcf" "$PCF" scores --db "$dir.sqlite" -o "$dir.pcf.csv" --stats
    timed "$name.umf" "$UMF" "$dir" --indicators-out "$dir.umf.csv"
    timed "$name.klu" "$KLU" "$dir" --indicators-out "$dir.klu.csv"
    timed "$name.pcf20" "$PCF" scores --db "$dir-20.sqlite" -o "$dir.pcf20.csv"
  done
  largest=$(grep -o 'largest=[0-9]*' "$WORK/$name.gen" | head -1 | cut -d= -f2)
  p=$(med "$name.pcf" 1) u=$(med "$name.umf" 1) k=$(med "$name.klu" 1) p20=$(med "$name.pcf20" 1)
  pu=$(med "$name.pcf" 2) uu=$(med "$name.umf" 2) ku=$(med "$name.klu" 2)
  echo "| $name | \`$args\` | $largest | $(kvmed factor_s "$name.pcf") | $(kv nnz_LU "$name.pcf") | $p | $pu | $p20 |" \
    "$(mb "$(med "$name.pcf" 3)") | $(med "$name.pcf" 4) | $(kvmed factor_s "$name.umf") | $(kv nnz_LU "$name.umf") | $u | $uu |" \
    "$(kvmed factor_s "$name.klu") | $(kv nnz_LU "$name.klu") | $k | $ku | $(ratio "$p" "$u"), $(ratio "$pu" "$uu") |" \
    "$(ratio "$p" "$k"), $(ratio "$pu" "$ku") | $(ratio "$p20" "$p") |" \
    "$(maxerr "$dir.pcf.csv" "$dir.umf.csv") | $(maxerr "$dir.klu.csv" "$dir.umf.csv") | $(kv backward_error "$name.pcf") |" \
    "$(kv condition_estimate "$name.pcf") |"
  rm -rf "$dir" "$dir-20" "$dir-20.sqlite"
done
