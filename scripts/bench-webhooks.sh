#!/usr/bin/env bash
# Webhook benchmark (not a test), issue 4's targets on SQLite over loopback:
#   throughput: events delivered per second to a local receiver     >= 2,000/s
#   delay: accepted on_publish answered -> its room.live webhook     p99 <= 50 ms (healthy receiver)
# 1. seeds rooms and an outbox backlog of EVENTS events, starts the release daemon with a
#    webhook URL, and times the receiver from the first delivery to the last;
# 2. on the same daemon, sends COUNT accepted on_publish hooks at RATE/s and times each
#    room.live webhook's arrival after the hook's answer.
# Exits 1 if a target is missed. Environment: EVENTS (20000), COUNT (2000), RATE (200),
# BUILD (scratch path, .build).
set -euo pipefail
cd "$(dirname "$0")/.."
events=${EVENTS:-20000}
count=${COUNT:-2000}
rate=${RATE:-200}

source scripts/lib/bench-daemon.sh bench-webhooks

read -r port receiver srs_port hls_port <<<"$("$bench" free-ports --count 4)"
endpoint="http://127.0.0.1:$receiver/hooks"
"$bench" seed --data-dir "$data" --rooms $((count + 1000))
"$bench" webhook-backlog --data-dir "$data" --endpoint "$endpoint" --rooms 1000 --events "$events"

# The receiver listens before the daemon starts, so the first deliveries find it.
"$bench" webhook-receive --port "$receiver" --expect "$events" --timeout 300 >"$data/throughput.txt" &
receiver_pid=$!
sleep 1
"$bin/stream-sidecar" serve --data-dir "$data" --port "$port" --log-level error \
    --srs-api "http://127.0.0.1:$srs_port" --hls-base "http://127.0.0.1:$hls_port" \
    --reconnect-window 0 --reconcile-interval 0 --webhook-url "$endpoint" >"$data/daemon.log" 2>&1 &
daemon=$!
wait "$receiver_pid"
throughput=$(grep '^RESULT' "$data/throughput.txt")
echo "$throughput"

"$bench" webhook-latency --port "$port" --receiver-port "$receiver" --data-dir "$data" --count "$count" --rate "$rate" \
    >"$data/latency.txt"
latency=$(grep '^RESULT' "$data/latency.txt")
echo "$latency"

per_s=$(sed -n 's/.* events_per_s=\([0-9]*\).*/\1/p' <<<"$throughput")
p99=$(sed -n 's/.* p99_ms=\([0-9.]*\).*/\1/p' <<<"$latency")
echo
echo "webhooks benchmark: SQLite, $(nproc) cores, release build"
printf "%-32s %12s   %s\n" "throughput (events/s)" "$per_s" "target >= 2000"
printf "%-32s %12s   %s\n" "on_publish -> room.live p99 (ms)" "$p99" "target <= 50"
failed=0
((per_s >= 2000)) || { echo "FAIL: throughput"; failed=1; }
awk -v p="$p99" 'BEGIN { exit !(p <= 50) }' || { echo "FAIL: delay"; failed=1; }
exit $failed
