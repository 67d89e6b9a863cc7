#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test with ctest.
# Usage: scripts/test.sh            (Release build in build/)
#        scripts/test.sh --sanitize (AddressSanitizer + UndefinedBehaviorSanitizer build in build-asan/)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
if [[ ${1:-} == --sanitize ]]; then
  scripts/build.sh build-asan -DPCF_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo
  cd build-asan
else
  scripts/build.sh build
  cd build
fi
ctest --output-on-failure
