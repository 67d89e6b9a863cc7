#!/usr/bin/env bash
# bench/run.sh: time pcf against the UMFPACK reference on synthetic
# ecoinvent-like models and print a Markdown table to stdout.
#
#   bash bench/run.sh [--processes N] [--runs K] [--seed S] [--keep] [--umfpack-only]
#   bash bench/run.sh --family [--large] [--runs K]   (bench/family.sh: pcf vs UMFPACK and KLU)
#
# Environment:
#   PCF_BUILD   pcf build directory (default: build); pcf is $PCF_BUILD/cli/pcf.
#               If that build was configured with -DPCF_BUILD_BENCH=ON the
#               bench tools are built there, otherwise standalone in build-bench/.
#   SUITESPARSE_PREFIX  where SuiteSparse is (e.g. `dpkg -x` of the Debian packages into a
#               directory): the bench tools are built against PREFIX/usr with an rpath, and
#               no packages are installed.
#
# Everything except the final table goes to stderr.  Builds use -j1 (the
# machine is shared).  --umfpack-only skips pcf (for checking the reference
# side before pcf exists); --keep keeps the temporary work directory.
set -euo pipefail

processes=26000
runs=5
runs_set=0
seed=1
keep=0
umfpack_only=0
family=0
large=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --family) family=1; shift ;;
    --large) large=1; shift ;;
    --processes) processes="$2"; shift 2 ;;
    --runs) runs="$2"; runs_set=1; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    --umfpack-only) umfpack_only=1; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument: $1" >&2; exit 2 ;;
  esac
done

die() { echo "run.sh: error: $*" >&2; exit 1; }
log() { echo "run.sh: $*" >&2; }

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The benchmark needs UMFPACK and KLU (references only, GPL/LGPL: never linked into pcf), hyperfine and
# GNU time.
ss_prefix="${SUITESPARSE_PREFIX:-}"
if [[ -z "$ss_prefix" ]]; then
  "$repo/scripts/install-deps.sh" libsuitesparse-dev hyperfine time
else
  export PATH="$ss_prefix/usr/bin:$PATH"  # hyperfine, if unpacked there too
fi
build="${PCF_BUILD:-build}"
[[ "$build" = /* ]] || build="$repo/$build"
pcf="$build/cli/pcf"

needed=(cmake jq)
[[ $family -eq 1 ]] || needed+=(hyperfine)
for tool in "${needed[@]}"; do
  command -v "$tool" >/dev/null || die "'$tool' is required but not installed"
done
[[ -x /usr/bin/time ]] || die "GNU time (/usr/bin/time) is required"
if [[ $umfpack_only -eq 0 && ! -x "$pcf" ]]; then
  die "pcf binary not found at $pcf -- build pcf first (cmake --build build), set PCF_BUILD, or pass --umfpack-only"
fi

# ---- build the bench tools ----
if [[ -z "$ss_prefix" ]] && grep -q '^PCF_BUILD_BENCH:BOOL=ON' "$build/CMakeCache.txt" 2>/dev/null; then
  log "building bench tools in $build"
  cmake --build "$build" --target gen_model umfpack_ref klu_ref -j1 >&2
  bench_bin="$build/bench"
else
  log "building bench tools standalone in $repo/build-bench"
  extra=()
  if [[ -n "$ss_prefix" ]]; then
    lib="$ss_prefix/usr/lib/$(gcc -print-multiarch)"
    extra=(-DCMAKE_PREFIX_PATH="$ss_prefix/usr" "-DCMAKE_EXE_LINKER_FLAGS=-Wl,-rpath-link,$lib -Wl,-rpath,$lib")
  fi
  cmake -S "$repo/bench" -B "$repo/build-bench" -DCMAKE_BUILD_TYPE=Release "${extra[@]}" >&2
  cmake --build "$repo/build-bench" -j1 >&2
  bench_bin="$repo/build-bench"
fi
gen="$bench_bin/gen_model"
umf="$bench_bin/umfpack_ref"

if [[ $family -eq 1 ]]; then
  work="$(mktemp -d "${TMPDIR:-/tmp}/pcf-family.XXXXXX")"
  [[ $keep -eq 1 ]] && log "work directory: $work" || trap 'rm -rf "$work"' EXIT
  cpu=$(lscpu | sed -n 's/^Model name: *//p' | head -1)
  echo "### pcf vs UMFPACK and KLU — model family, $(date -u +%Y-%m-%d)"
  echo
  echo "Machine: $cpu, $(nproc) CPUs, $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM;" \
    "load average at start: $(cut -d' ' -f1-3 /proc/loadavg); pcf $(git -C "$repo" rev-parse --short HEAD)."
  echo
  PCF="$pcf" GEN="$gen" UMF="$umf" KLU="$bench_bin/klu_ref" WORK="$work" COMPARE="$repo/bench/compare_scores.awk" \
    bash "$repo/bench/family.sh" --runs "$([[ $runs_set -eq 1 ]] && echo "$runs" || echo 3)" $([[ $large -eq 1 ]] && echo --large)
  echo
  echo "Load average at end: $(cut -d' ' -f1-3 /proc/loadavg)."
  exit 0
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/pcf-bench.XXXXXX")"
if [[ $keep -eq 1 ]]; then log "work directory: $work"; else trap 'rm -rf "$work"' EXIT; fi

# ---- models: identical A and B, 1 and 20 indicators ----
for ni in 1 20; do
  log "generating model: $processes processes, $ni indicator(s), seed $seed"
  "$gen" --seed "$seed" --processes "$processes" --indicators "$ni" --out "$work/m$ni" --stats 2>"$work/gen$ni.stats"
done
# (the % comment line records the arguments, so compare the data only)
cmp -s <(grep -v '^%' "$work/m1/A.mtx") <(grep -v '^%' "$work/m20/A.mtx") || die "generator produced different A for 1 and 20 indicators"

# ---- helpers ----
# Shell-quoted command string for hyperfine -N (which splits like a shell).
q() { printf '%q ' "$@"; }

# hf NAME PREPARE CMD...: time CMD with hyperfine; PREPARE may be empty.
hf() {
  local name="$1" prepare="$2"; shift 2
  local args=(-N --warmup 1 --runs "$runs" --export-json "$work/hf_$name.json" --command-name "$name")
  [[ -n "$prepare" ]] && args+=(--prepare "$prepare")
  log "timing $name"
  hyperfine "${args[@]}" "$(q "$@")" >&2 || die "hyperfine failed for $name: $(q "$@")"
}
median() { jq -r '.results[0].median' "$work/hf_$1.json"; }

# rss NAME CMD...: one run under GNU time, peak RSS in kB; stderr kept in NAME.log.
rss() {
  local name="$1"; shift
  /usr/bin/time -f %M -o "$work/rss_$name" "$@" 2>"$work/$name.log" || die "$name failed: $(q "$@") (see log below)
$(tail -5 "$work/$name.log")"
  tail -1 "$work/rss_$name"
}
mb() { awk -v k="$1" 'BEGIN { if (k == "") print "–"; else printf "%.0f", k / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b == 0) print "–"; else printf "%.2f", a / b }'; }
secs() { awk -v s="$1" 'BEGIN { if (s == "") print "–"; else printf "%.3f", s }'; }

# ---- UMFPACK reference ----
hf umf_scores1 "" "$umf" "$work/m1" --indicators-out "$work/umf1.csv"
hf umf_scores20 "" "$umf" "$work/m20" --indicators-out "$work/umf20.csv"
hf umf_demand "" "$umf" "$work/m1" --demand "$work/m1/demands/one.csv"
rss_umf_scores1=$(rss umf_scores1 "$umf" "$work/m1" --indicators-out "$work/umf1.csv")
rss_umf_scores20=$(rss umf_scores20 "$umf" "$work/m20" --indicators-out "$work/umf20.csv")
rss_umf_demand=$(rss umf_demand "$umf" "$work/m1" --demand "$work/m1/demands/one.csv")
umf_line=$(grep -m1 'nnz_LU=' "$work/umf_scores1.log")
kv() { grep -o "$1=[^ ]*" <<<"$2" | head -1 | cut -d= -f2; }
umf_nnz_a=$(kv nnz_A "$umf_line")
umf_nnz_lu=$(kv nnz_LU "$umf_line")

# ---- pcf ----
t_import="" t_calc="" t_scores1="" t_scores20=""
rss_import="" rss_calc="" rss_scores1="" rss_scores20=""
cmp1="" cmp20="" pcf_fill="n/a"
if [[ $umfpack_only -eq 0 ]]; then
  db1="$work/M1.sqlite" db20="$work/M20.sqlite"
  hf import "$(q rm -f "$db1")" "$pcf" db import-matrices "$work/m1" -o "$db1"
  rm -f "$db1"
  rss_import=$(rss import "$pcf" db import-matrices "$work/m1" -o "$db1")
  "$pcf" db import-matrices "$work/m20" -o "$db20" >&2 || die "pcf db import-matrices failed for the 20-indicator model"

  hf calc "" "$pcf" calc --db "$db1" --demand "$work/m1/demands/one.csv" -o "$work/out.json"
  hf scores1 "" "$pcf" scores --db "$db1" -o "$work/pcf1.csv"
  hf scores20 "" "$pcf" scores --db "$db20" -o "$work/pcf20.csv"
  rss_calc=$(rss calc "$pcf" calc --db "$db1" --demand "$work/m1/demands/one.csv" -o "$work/out.json")
  rss_scores1=$(rss scores1 "$pcf" scores --db "$db1" -o "$work/pcf1.csv")
  rss_scores20=$(rss scores20 "$pcf" scores --db "$db20" -o "$work/pcf20.csv")
  t_import=$(median import) t_calc=$(median calc)
  t_scores1=$(median scores1) t_scores20=$(median scores20)

  log "comparing scores with UMFPACK"
  cmp1=$(awk -f "$repo/bench/compare_scores.awk" "$work/pcf1.csv" "$work/umf1.csv" || true)
  cmp20=$(awk -f "$repo/bench/compare_scores.awk" "$work/pcf20.csv" "$work/umf20.csv" || true)

  # pcf's own fill, if `pcf scores --stats` prints `nnz_A=… nnz_LU=…`.
  if "$pcf" scores --db "$db1" -o "$work/pcf_stats.csv" --stats 2>"$work/pcf_stats.log" >/dev/null; then
    pcf_line=$(grep -m1 'nnz_LU=' "$work/pcf_stats.log" || true)
    if [[ -n "$pcf_line" ]]; then
      pcf_fill=$(awk -v a="$(kv nnz_A "$pcf_line")" -v l="$(kv nnz_LU "$pcf_line")" \
        'BEGIN { printf "%.2f (nnz(L+U) = %d)", l / a, l }')
    fi
  fi
fi

# ---- report ----
u1=$(median umf_scores1) u20=$(median umf_scores20) ud=$(median umf_demand)
verdict() {
  if [[ "$1" == " " ]]; then echo "not run"
  elif [[ "$1" == *" mismatches=0 missing=0 invalid=0 "* ]]; then echo "PASS"
  else echo "FAIL"; fi
}
cpu=$(lscpu | sed -n 's/^Model name: *//p' | head -1)
mem=$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
gen_scc=$(grep -m1 '^scc_count=' "$work/gen1.stats" | grep -o 'largest=[0-9]*' | cut -d= -f2)
gen_nnzb=$(grep -m1 -o 'nnz_B=[0-9]*' "$work/gen1.stats" | cut -d= -f2)

cat <<EOF
### pcf vs UMFPACK — $processes processes (seed $seed)

Model: $processes processes, nnz(A) = $umf_nnz_a, nnz(B) = $gen_nnzb, largest strongly connected block = $gen_scc processes (bench/gen_model).
Medians of $runs runs (hyperfine, 1 warm-up run), whole-process wall time in seconds; peak RSS from one run under GNU time.

| Task | pcf (s) | UMFPACK (s) | pcf / UMFPACK | pcf peak RSS (MB) | UMFPACK peak RSS (MB) |
|---|---:|---:|---:|---:|---:|
| \`db import-matrices\` (1 indicator) | $(secs "$t_import") | – | – | $(mb "$rss_import") | – |
| \`calc\`, one demand vs \`umfpack_ref --demand\` | $(secs "$t_calc") | $(secs "$ud") | $(ratio "$t_calc" "$ud") | $(mb "$rss_calc") | $(mb "$rss_umf_demand") |
| \`scores\`, 1 indicator | $(secs "$t_scores1") | $(secs "$u1") | $(ratio "$t_scores1" "$u1") | $(mb "$rss_scores1") | $(mb "$rss_umf_scores1") |
| \`scores\`, 20 indicators | $(secs "$t_scores20") | $(secs "$u20") | $(ratio "$t_scores20" "$u20") | $(mb "$rss_scores20") | $(mb "$rss_umf_scores20") |

- UMFPACK runs read the Matrix Market text files (pcf reads its SQLite database) and write their scores CSV, as \`pcf scores\` does.
- Fill nnz(L+U)/nnz(A): UMFPACK $(awk -v a="$umf_nnz_a" -v l="$umf_nnz_lu" 'BEGIN { printf "%.2f (nnz(L+U) = %d)", l / a, l }'); pcf $pcf_fill.
- UMFPACK: $(grep -o 'strategy=[^ ]*' <<<"$umf_line"), defaults incl. iterative refinement; $(grep -o 'factor_s=[^ ]*' <<<"$umf_line") in-process.
- Scores agreement with UMFPACK (|a-b| <= 1e-9 max(|a|,|b|,1e-12 colmax)): 1 indicator $(verdict "$cmp1 ")${cmp1:+ \`$cmp1\`}; 20 indicators $(verdict "$cmp20 ")${cmp20:+ \`$cmp20\`}.
- Machine: $cpu, $(nproc) CPUs, $mem RAM; $(hyperfine --version); SuiteSparse/UMFPACK $(dpkg-query -W -f '${Version}' libumfpack5 2>/dev/null || echo "?"), BLAS $(readlink -f /etc/alternatives/libblas.so.3-x86_64-linux-gnu 2>/dev/null || echo "?").
EOF
