#!/usr/bin/env bash
# Builds (when needed) and runs one libFuzzer target for SECONDS seconds (docs/robustness.md).
#   scripts/fuzz.sh TARGET SECONDS [more libFuzzer options…]
# TARGET: product_reader supplier_pact csv matrix_market certify_json calc_pipeline.
# Build: clang-14 with -fsanitize=fuzzer,address,undefined in build-fuzz/ (CMake option PCF_FUZZ=ON); the
# calc_pipeline target also needs the shipped database of the normal build (build/cli/hubei.sqlite).
# Seeds and dictionary: tests/fuzz/corpus/TARGET, tests/fuzz/regressions/TARGET, tests/fuzz/*.dict. New
# inputs go to build-fuzz/corpus/TARGET, crashes to build-fuzz/artifacts/TARGET/ (copy each into
# tests/fuzz/regressions/TARGET/ once fixed), the log with libFuzzer's final stats to build-fuzz/logs/TARGET.log.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ $# -lt 2 ]; then
  echo "usage: scripts/fuzz.sh TARGET SECONDS [libFuzzer options…]" >&2
  exit 2
fi
target=$1
seconds=$2
shift 2
case $target in
  product_reader | calc_pipeline) dict=tests/fuzz/yaml.dict ;;
  supplier_pact | certify_json) dict=tests/fuzz/json.dict ;;
  csv) dict=tests/fuzz/csv.dict ;;
  matrix_market) dict=tests/fuzz/mtx.dict ;;
  *)
    echo "unknown target '$target' (product_reader supplier_pact csv matrix_market certify_json calc_pipeline)" >&2
    exit 2
    ;;
esac

max_len=16384
[ "$target" = certify_json ] && max_len=65536  # pcf calc results are up to ~60 KB
if [ "$target" = calc_pipeline ] && [ ! -f build/cli/hubei.sqlite ]; then
  bash scripts/build.sh build
fi
if [ ! -f build-fuzz/build.ninja ]; then
  CC=clang-14 CXX=clang++-14 cmake -S . -B build-fuzz -G Ninja -DPCF_FUZZ=ON -DCMAKE_BUILD_TYPE=Debug \
    -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" >/dev/null
fi
cmake --build build-fuzz --target "fuzz_$target" -j 2

mkdir -p "build-fuzz/corpus/$target" "build-fuzz/artifacts/$target" build-fuzz/logs tests/fuzz/regressions/"$target"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# The first corpus folder receives the new inputs; the seeds and regressions in tests/ are only read.
"build-fuzz/tests/fuzz/fuzz_$target" "build-fuzz/corpus/$target" "tests/fuzz/corpus/$target" \
  "tests/fuzz/regressions/$target" -dict="$dict" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -max_len="$max_len" -print_final_stats=1 -artifact_prefix="build-fuzz/artifacts/$target/" "$@" \
  2>&1 | tee "build-fuzz/logs/$target.log" | grep -E '^#[0-9]+ +(INITED|DONE)|^Done|ERROR|SUMMARY|stat::|Test unit written|leak' | tail -n 40
exit "${PIPESTATUS[0]}"
