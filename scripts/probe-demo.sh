#!/usr/bin/env bash
# A look at HLSProbe: build stream-sidecar and probe the bundled live
# HLS fixture served over HTTP on loopback, then inspect its newest segment.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build -c release --product stream-sidecar
bin="$(swift build -c release --show-bin-path)/stream-sidecar"

# Serve a fresh copy: a live playlist whose file is old is, rightly, reported stale.
www="$(mktemp -d)"
trap 'kill "${server_pid:-}" 2>/dev/null || true; rm -rf "$www"' EXIT
cp -r Fixtures/hls/live "$www/live"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$www" >/dev/null 2>&1 &
server_pid=$!
for _ in $(seq 50); do (echo >/dev/tcp/127.0.0.1/"$port") 2>/dev/null && break; sleep 0.1; done

url="http://127.0.0.1:$port/live/index.m3u8"
echo "\$ stream-sidecar probe $url"
"$bin" probe "$url" --attempts 3 --interval 1
newest=$(grep -v '^#' "$www/live/index.m3u8" | tail -n 1)
echo
echo "\$ stream-sidecar inspect $www/live/$newest"
"$bin" inspect "$www/live/$newest"
