#!/usr/bin/env bash
# The main job: install what is missing, build, and run the daemon on its embedded default
# (SQLite in ./data, hooks and API on 127.0.0.1:8085). Extra arguments go to `serve`
# (e.g. --config sidecar.yaml, --port 9000); see docs/configuration.md.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build -c release --product stream-sidecar
exec "$(swift build -c release --show-bin-path)/stream-sidecar" serve "$@"
