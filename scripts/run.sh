#!/usr/bin/env bash
# The main job: install what is missing, build, and calculate a model.
# Until the Hubei background database lands (issue 4) the model is the published USEEIO v2.1.20-GHG
# matrix model from tests/data: import it into SQLite, calculate one demand, and write all product scores.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh build
model=tests/data/verification/useeio-v2.1.20-ghg
mkdir -p out
build/cli/pcf db import-matrices "$model" -o out/useeio.sqlite
build/cli/pcf calc --db out/useeio.sqlite --demand "$model/demands/2012_US_Consumption_Complete.csv" --format text
build/cli/pcf calc --db out/useeio.sqlite --demand "$model/demands/2012_US_Consumption_Complete.csv" -o out/result.json
build/cli/pcf scores --db out/useeio.sqlite -o out/scores.csv
echo "wrote out/result.json and out/scores.csv"
