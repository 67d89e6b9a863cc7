#!/usr/bin/env bash
# Installs the Debian 12 packages pcf needs to build and test, if any are missing. Safe to run again.
# Usage: scripts/install-deps.sh [extra packages…]   (bench/run.sh passes the benchmark's extras)
set -euo pipefail

packages=(g++ cmake ninja-build pkg-config
  libeigen3-dev libsqlite3-dev libcli11-dev libfmt-dev libyaml-cpp-dev doctest-dev nlohmann-json3-dev libsodium-dev libmuparser-dev libzip-dev
  # pcf serve (issue 15): HTTPS with cpp-httplib over OpenSSL; the tests make a self-signed certificate with openssl
  libcpp-httplib-dev libssl-dev openssl
  # report tests: the HTML report is rendered in headless Chromium (CJK fonts for the Chinese report); the
  # PACT output is validated against the official schemas with python3-jsonschema
  chromium fonts-noto-cjk python3 python3-jsonschema python3-yaml
  "$@")

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
((${#missing[@]} == 0)) && exit 0

echo "installing: ${missing[*]}" >&2
sudo=""
[[ $(id -u) -ne 0 ]] && sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
