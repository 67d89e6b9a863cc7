#!/usr/bin/env bash
# The main job: install what is missing, build pcf and the shipped Hubei background database, and
# calculate the cradle-to-gate footprint of 1 t of P·O 42.5 cement made in Hubei (examples/cement).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh build
pcf=build/cli/pcf
mkdir -p out
"$pcf" db info
# A manufacturer's product file (docs/product-format.md): P·O 42.5 cement from a Hubei NSP kiln line.
"$pcf" calc examples/cement/po425-cement.yaml -o out/po425-cement.result.json
