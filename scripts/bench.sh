#!/usr/bin/env bash
# Benchmarks (not tests): prints the figures quoted in the issues' closing notes.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
swift build -c release --product ProbeBenchmarks
"$(swift build -c release --show-bin-path)/ProbeBenchmarks"
