#!/usr/bin/env bash
# The test command: installs what is missing, builds, and runs every test.
# Extra arguments go to `swift test` (e.g. --filter HLSProbeTests).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
swift build --build-tests
swift test --skip-build "$@"
