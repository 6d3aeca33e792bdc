#!/usr/bin/env bash
# Recordings benchmark (not a test), issue 6:
#   listing one page of 50 over 1,000,000 indexed recordings       target <= 5 ms
#   verify throughput over 1,000 real files                          files per second
# Release build; SQLite in a temporary folder (removed afterwards). The list figures go
# through RecordingService.list (the API's path without HTTP); verify re-stats and
# re-inspects every file with the real MediaInspector and writes each row back.
# Environment: RECORDINGS (1000000), ROOMS (10000), ITERATIONS (300), FILES (1000),
#              BUILD (scratch path, .build).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD:-$PWD/.build}
swift build -c release --scratch-path "$build" --product RecordingBenchmarks
bin=$(swift build -c release --scratch-path "$build" --show-bin-path)
echo "== list: one page of 50 over ${RECORDINGS:-1000000} recordings"
"$bin/RecordingBenchmarks" list --recordings "${RECORDINGS:-1000000}" --rooms "${ROOMS:-10000}" --iterations "${ITERATIONS:-300}"
echo "== verify: ${FILES:-1000} files"
"$bin/RecordingBenchmarks" verify --files "${FILES:-1000}"
