#!/usr/bin/env bash
# Runs the suites that touch C (libcurl, FFmpeg) under AddressSanitizer.
# Swift Testing only (--disable-xctest): XCTest's empty runner leaks on its own. The
# suppressions cover leaks that are not ours (see scripts/lsan.supp).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
export LSAN_OPTIONS="suppressions=$PWD/scripts/lsan.supp:print_suppressions=0"
swift test --sanitize=address --disable-xctest --scratch-path .build-asan \
    --filter 'CurlHTTPTests|MediaInspectorTests|HLSProbeTests|SidecarWebhooksTests|RecordingsTests' "$@"
