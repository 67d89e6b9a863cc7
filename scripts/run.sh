#!/usr/bin/env bash
# The main job: install what is missing, build pcf and the shipped Hubei background database, and
# calculate the cradle-to-gate footprint of 1 t of P·O 42.5 cement made in Hubei.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh build
pcf=build/cli/pcf
mkdir -p out
"$pcf" db info
"$pcf" calc --demand examples/demand-po425-cement-1t.csv --format text
"$pcf" calc --demand examples/demand-po425-cement-1t.csv -o out/po425-cement-1t.json
echo "wrote out/po425-cement-1t.json"
