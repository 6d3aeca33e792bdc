#!/usr/bin/env bash
# Installs the Debian packages StreamSidecar needs and that are missing, nothing else.
#   scripts/setup.sh          what building and running the daemon needs
#   scripts/setup.sh --test   also what the test suite and benchmarks need
#   scripts/setup.sh --demo   also what scripts/demo.sh needs (nginx-rtmp and ffmpeg)
set -euo pipefail

build_packages=(pkg-config libavformat-dev libavcodec-dev libavutil-dev libcurl4-openssl-dev)
# libxml2: FoundationXML reads nginx-rtmp's stat page with it.
run_packages=(python3 libxml2)
# nginx with the RTMP module and ffmpeg: the end-to-end suite and the demo run them.
media_packages=(ffmpeg nginx libnginx-mod-rtmp)
test_packages=("${media_packages[@]}")

wanted=("${build_packages[@]}" "${run_packages[@]}")
case "${1:-}" in
    --test) wanted+=("${test_packages[@]}") ;;
    --demo) wanted+=("${media_packages[@]}") ;;
esac

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
