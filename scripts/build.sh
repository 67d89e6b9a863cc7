#!/usr/bin/env bash
# Configures and builds pcf. Usage: scripts/build.sh [BUILD_DIR] [extra cmake options…]
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-build}
shift || true
cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
# Two parallel jobs: the machines this runs on have 2 cores.
cmake --build "$dir" -j 2
