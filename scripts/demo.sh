#!/usr/bin/env bash
# The whole thing on one machine, in one command: nginx with the RTMP module, the daemon
# beside it, and an ffmpeg test encoder publishing into a room. Prints the room as it goes
# live and playable, every status event the daemon emits, and the URLs to watch the stream.
# Ctrl-C stops everything and removes the temporary folder.
#
#   scripts/demo.sh        # installs what is missing (nginx, libnginx-mod-rtmp, ffmpeg), builds
#
# Everything listens on 127.0.0.1, on free ports; nothing outside a temporary folder is
# written. See docs/nginx-rtmp.md.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"

scripts/setup.sh --demo
echo "demo: building stream-sidecar (the first build takes a few minutes)"
swift build -q --product stream-sidecar
sidecar="$(swift build --show-bin-path)/stream-sidecar"

work="$(mktemp -d "${TMPDIR:-/tmp}/sidecar-demo.XXXXXX")"
# Every process is started with setsid, away from the terminal's process group: Ctrl-C
# reaches only this script, which stops them in order (encoder, event stream, daemon, nginx).
pids=()
stopping=false
stop_all() {
    $stopping && return
    stopping=true
    trap - INT TERM EXIT
    echo
    echo "demo: stopping"
    # Newest first: the encoder and the event stream, then the daemon, then nginx.
    for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill "${pids[i]}" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$work"
    echo "demo: stopped; logs and data were in $work (removed)"
}
trap stop_all EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
rtmp_port="$(free_port)"
http_port="$(free_port)"
api_port="$(free_port)"
api="http://127.0.0.1:$api_port"
token="demo-$(python3 -c 'import secrets; print(secrets.token_hex(12))')"

wait_for() {  # wait_for <what> <url> <log>
    for _ in $(seq 1 100); do
        if curl -fsS -o /dev/null "$2" 2>/dev/null; then return 0; fi
        sleep 0.2
    done
    echo "demo: $1 did not start; the end of its log ($3):" >&2
    tail -n 20 "$3" >&2
    exit 1
}

echo "demo: starting nginx-rtmp (RTMP 127.0.0.1:$rtmp_port, HTTP 127.0.0.1:$http_port)"
setsid scripts/nginx-rtmp.sh --prefix "$work/nginx" --rtmp "127.0.0.1:$rtmp_port" --http "127.0.0.1:$http_port" \
    --hooks "$api/hooks/nginx-rtmp" >"$work/nginx.log" 2>&1 &
pids+=($!)
wait_for "nginx" "http://127.0.0.1:$http_port/stat" "$work/nginx/logs/error.log"

echo "demo: starting stream-sidecar on $api (--media-server nginx-rtmp)"
SIDECAR_API_TOKEN="$token" SIDECAR_READINESS_INTERVAL=1 SIDECAR_READINESS_RECHECK_INTERVAL=1 \
    setsid "$sidecar" serve --data-dir "$work/data" --port "$api_port" --media-server nginx-rtmp \
    --nginx-control "http://127.0.0.1:$http_port/control" --nginx-stat "http://127.0.0.1:$http_port/stat" \
    --hls-base "http://127.0.0.1:$http_port" --rtmp-base "rtmp://127.0.0.1:$rtmp_port/live" >"$work/daemon.log" 2>&1 &
pids+=($!)
wait_for "the daemon" "$api/healthz" "$work/daemon.log"

# Every status event, as the platform would read it from the event stream (SSE). curl runs
# on its own (its pid is known, so it can be stopped); the loop prints what it reads.
exec 3< <(exec setsid curl -sN -H "Authorization: Bearer $token" "$api/api/v1/events")
pids+=($!)
while IFS= read -r line <&3; do
    case "$line" in
        "event: "*) event="${line#event: }" ;;
        "data: "*) printf '  event %-18s %s\n' "$event" "$(printf '%s' "${line#data: }" | cut -c1-150)" ;;
    esac
done &
pids+=($!)

room="$(curl -fsS -X PUT -H "Authorization: Bearer $token" -d '{"owner":"demo"}' "$api/api/v1/rooms/demo")"
field() { python3 -c 'import json,sys; print(json.load(sys.stdin)'"$1"')'; }
live_id="$(printf '%s' "$room" | field '["liveId"]')"
publish_url="$(printf '%s' "$room" | field '["publishURL"]')"
echo "demo: room \"demo\" created: liveId $live_id"

echo "demo: ffmpeg publishes a test pattern to rtmp://127.0.0.1:$rtmp_port/live/$live_id?key=..."
setsid ffmpeg -nostdin -hide_banner -loglevel error -re -f lavfi -i testsrc=size=640x360:rate=25 -f lavfi -i sine=frequency=440 \
    -c:v libx264 -preset veryfast -tune zerolatency -g 25 -pix_fmt yuv420p -c:a aac -f flv "$publish_url" \
    >"$work/ffmpeg.log" 2>&1 &
pids+=($!)

# The room as the API shows it, whenever it changes.
last=""
shown_urls=false
while true; do
    now="$(curl -fsS -H "Authorization: Bearer $token" "$api/api/v1/rooms/demo" 2>/dev/null | python3 -c '
import json, sys
r = json.load(sys.stdin)
print("status=%s playable=%s viewers=%s" % (r["status"], str(r["playable"]).lower(), r["viewers"]))' 2>/dev/null || true)"
    if [[ -n "$now" && "$now" != "$last" ]]; then
        echo "room demo: $now"
        last="$now"
    fi
    if ! $shown_urls && [[ "$now" == *"playable=true"* ]]; then
        shown_urls=true
        readiness="$(curl -fsS -H "Authorization: Bearer $token" "$api/api/v1/rooms/demo/readiness")"
        echo "room demo: HLS checked by the daemon: $(printf '%s' "$readiness" | python3 -c '
import json, sys
v = json.load(sys.stdin)["verdict"]["segment"]
print("%s %sx%s, %s audio, starts on a keyframe: %s" % (v["video"]["codec"], v["video"]["width"], v["video"]["height"], (v.get("audio") or {}).get("codec", "no"), v["startsWithKeyframe"]))')"
        echo
        echo "  Watch it:"
        echo "    HLS   http://127.0.0.1:$http_port/live/$live_id.m3u8    (ffplay, VLC, Safari)"
        echo "    RTMP  rtmp://127.0.0.1:$rtmp_port/live/$live_id         (ffplay, VLC: counts as a viewer)"
        echo "  API token for curl: $token    (e.g. curl -H 'Authorization: Bearer $token' $api/api/v1/rooms/demo)"
        echo "  Ctrl-C stops everything."
        echo
    fi
    for pid in "${pids[@]}"; do
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "demo: a process stopped unexpectedly; the ends of the logs:" >&2
            tail -n 5 "$work/ffmpeg.log" "$work/daemon.log" "$work/nginx/logs/error.log" >&2 || true
            exit 1
        fi
    done
    sleep 1
done
