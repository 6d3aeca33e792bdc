#!/usr/bin/env bash
# Installs the Debian packages StreamSidecar needs and that are missing, nothing else.
#   scripts/setup.sh          what building and running the daemon needs
#   scripts/setup.sh --test   also what the test suite and benchmarks need
set -euo pipefail

build_packages=(pkg-config libavformat-dev libavcodec-dev libavutil-dev libcurl4-openssl-dev)
run_packages=(python3)
test_packages=(ffmpeg)

wanted=("${build_packages[@]}" "${run_packages[@]}")
if [[ "${1:-}" == "--test" ]]; then wanted+=("${test_packages[@]}"); fi

if ! command -v swift >/dev/null 2>&1; then
    echo "error: the Swift toolchain (6.0 or newer) is not on PATH; install it from swift.org first" >&2
    exit 1
fi

missing=()
for package in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]} == 0)); then exit 0; fi

echo "installing: ${missing[*]}"
sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
