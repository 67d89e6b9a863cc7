#!/usr/bin/env bash
# Regenerates the seed corpora tests/fuzz/corpus/<target>/ from the examples, the test data and every file
# the test suite writes (bad product files, supplier footprints, results, certificates): runs the built
# test programs of build/ with $PCF_TEST_KEEP_DIR, sorts the kept files by kind, names each by its SHA-1.
#   scripts/fuzz-seeds.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
keep=$(mktemp -d)
trap 'rm -rf "$keep"' EXIT
for t in pcf_unit_tests pcf_cli_tests pcf_hubei_tests; do
  PCF_TEST_KEEP_DIR=$keep PCF_SKIP_BROWSER_TESTS=1 "$build/tests/$t" >/dev/null 2>&1 || true
done
python3 - "$keep" <<'PY'
import hashlib, os, pathlib, sys
keep = pathlib.Path(sys.argv[1])
out = pathlib.Path("tests/fuzz/corpus")
limits = {"product_reader": 400, "calc_pipeline": 80, "supplier_pact": 300, "certify_json": 40, "csv": 200,
          "matrix_market": 200}
picked = {t: {} for t in limits}
def add(target, data):
    if len(data) > 65536 or len(picked[target]) >= limits[target]: return
    picked[target].setdefault(hashlib.sha1(data).hexdigest(), data)
sources = sorted(pathlib.Path("examples").rglob("*")) + sorted(pathlib.Path("tests/data").rglob("*")) + sorted(keep.rglob("*"))
for f in sources:
    if not f.is_file() or f.is_symlink(): continue
    data = f.read_bytes()
    ext = f.suffix.lower()
    if ext in (".yaml", ".yml"):
        if b"processes" in data or b"product" in data or b"pcf:" in data:
            add("product_reader", data)
            # the pipeline replays slowly: the examples and the small product files only
            if len(data) < 4096 or "examples" in f.parts: add("calc_pipeline", data)
    elif ext == ".json":
        if b"pcf_certificate" in data or b"manifest" in data: add("certify_json", data)
        if b'"pcf"' in data or b"specVersion" in data: add("supplier_pact", data)
    elif ext == ".csv":
        add("csv", data)
    elif ext == ".mtx":
        add("matrix_market", data)
for target, files in picked.items():
    d = out / target
    d.mkdir(parents=True, exist_ok=True)
    for old in d.iterdir(): old.unlink()
    for name, data in files.items(): (d / name).write_bytes(data)
    print(f"{target}: {len(files)} seeds")
PY
