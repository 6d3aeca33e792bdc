#!/usr/bin/env bash
# The test command: installs what is missing (ffmpeg, nginx with the RTMP module, PostgreSQL),
# starts a local PostgreSQL for the store suite, builds, and runs every test.
# Extra arguments go to `swift test` (e.g. --filter HLSProbeTests).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
if [[ -z "${SIDECAR_TEST_POSTGRES_URL:-}" ]]; then
    SIDECAR_TEST_POSTGRES_URL="$(scripts/postgres.sh | tail -n 1)"
    export SIDECAR_TEST_POSTGRES_URL
fi
swift build --build-tests
if (($# > 0)); then
    swift test --skip-build "$@"
else
    # Everything else first, then the end-to-end suite on its own: its real nginx, daemon and
    # ffmpeg processes would otherwise compete for the CPU with the timing-sensitive suites.
    # Both run; the script fails if either did.
    status=0
    swift test --skip-build --skip EndToEndTests || status=$?
    swift test --skip-build --filter EndToEndTests || status=$?
    exit "$status"
fi
