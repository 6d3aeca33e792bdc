#!/usr/bin/env bash
# The test command: installs what is missing (ffmpeg, PostgreSQL), starts a local
# PostgreSQL for the store suite, builds, and runs every test.
# Extra arguments go to `swift test` (e.g. --filter HLSProbeTests).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
if [[ -z "${SIDECAR_TEST_POSTGRES_URL:-}" ]]; then
    SIDECAR_TEST_POSTGRES_URL="$(scripts/postgres.sh | tail -n 1)"
    export SIDECAR_TEST_POSTGRES_URL
fi
swift build --build-tests
swift test --skip-build "$@"
