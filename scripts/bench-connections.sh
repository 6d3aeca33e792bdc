#!/usr/bin/env bash
# Connections benchmark: nginx-rtmp, the daemon and ffmpeg encoders on this machine.
#
#   scripts/bench-connections.sh [--runs 5] [--size 640x360] [--cpu-window 10]
#
# Per run: a connection is requested for a live room, the guest's encoder starts, and the
# time until the connection is `active` (the daemon's mixer publishes the mix and HLSProbe
# finds it playable, i.e. the room's playback switched) is measured; then the connection is
# ended. Over the first run's active mix the mixer's CPU is read from /proc/<pid>/stat for
# --cpu-window seconds (100% = one core). Prints the median and the max, and the CPU.
# The host and guest encoders publish 640x360 H.264 + AAC, a keyframe a second; the mix's HLS
# is probed every second (readiness.recheck-interval=1), nginx cuts 1 s fragments.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
cd "$repo"

runs=5
size=640x360
cpu_window=10
while (($#)); do
    case "$1" in
        --runs) runs="$2"; shift 2 ;;
        --size) size="$2"; shift 2 ;;
        --cpu-window) cpu_window="$2"; shift 2 ;;
        -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
        *) echo "bench-connections.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done

scripts/setup.sh --demo >/dev/null
swift build -q --product stream-sidecar
sidecar="$(swift build --show-bin-path)/stream-sidecar"

work="$(mktemp -d "${TMPDIR:-/tmp}/sidecar-bench-connections.XXXXXX")"
pids=()
cleanup() {
    trap - INT TERM EXIT
    for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill "${pids[i]}" 2>/dev/null || true; done
    for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
rtmp_port="$(free_port)"
http_port="$(free_port)"
api_port="$(free_port)"
api="http://127.0.0.1:$api_port"
token="bench-$(python3 -c 'import secrets; print(secrets.token_hex(12))')"
auth=(-H "Authorization: Bearer $token")

wait_for() {  # wait_for <what> <url> <log>
    for _ in $(seq 1 150); do
        if curl -fsS -o /dev/null "$2" 2>/dev/null; then return 0; fi
        sleep 0.2
    done
    echo "bench: $1 did not start; the end of its log ($3):" >&2
    tail -n 20 "$3" >&2
    exit 1
}
field() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval("d"+sys.argv[1]))' "$1"; }
now() { date +%s.%N; }

setsid scripts/nginx-rtmp.sh --prefix "$work/nginx" --rtmp "127.0.0.1:$rtmp_port" --http "127.0.0.1:$http_port" \
    --hooks "$api/hooks/nginx-rtmp" >"$work/nginx.log" 2>&1 &
pids+=($!)
wait_for "nginx" "http://127.0.0.1:$http_port/stat" "$work/nginx/logs/error.log"

SIDECAR_API_TOKEN="$token" SIDECAR_READINESS_INTERVAL=1 SIDECAR_READINESS_RECHECK_INTERVAL=1 \
    SIDECAR_CONNECTIONS_SIZE="$size" SIDECAR_CONNECTIONS_GRACE=3 SIDECAR_CONNECTIONS_FFMPEG="$(command -v ffmpeg)" \
    setsid "$sidecar" serve --data-dir "$work/data" --port "$api_port" --media-server nginx-rtmp \
    --nginx-control "http://127.0.0.1:$http_port/control" --nginx-stat "http://127.0.0.1:$http_port/stat" \
    --hls-base "http://127.0.0.1:$http_port" --rtmp-base "rtmp://127.0.0.1:$rtmp_port/live" --log-format json \
    >"$work/daemon.log" 2>&1 &
pids+=($!)
wait_for "the daemon" "$api/healthz" "$work/daemon.log"

encoder() {  # encoder <url> <pattern> <tone> <log>
    setsid ffmpeg -nostdin -hide_banner -loglevel error -re -f lavfi -i "$2=size=640x360:rate=25" \
        -f lavfi -i "sine=frequency=$3" -c:v libx264 -preset veryfast -tune zerolatency -g 25 -pix_fmt yuv420p \
        -c:a aac -f flv "$1" >"$4" 2>&1 &
    echo $!
}

room="$(curl -fsS -X PUT "${auth[@]}" -d '{"owner":"host"}' "$api/api/v1/rooms/bench")"
host_pid="$(encoder "$(printf '%s' "$room" | field '["publishURL"]')" testsrc 440 "$work/host.log")"
pids+=("$host_pid")
for _ in $(seq 1 300); do
    [[ "$(curl -fsS "${auth[@]}" "$api/api/v1/rooms/bench" | field '["playable"]')" == "True" ]] && break
    sleep 0.2
done

times=()
cpu=""
for run in $(seq 1 "$runs"); do
    connection="$(curl -fsS -X POST "${auth[@]}" -d "{\"guest\":\"guest$run\"}" "$api/api/v1/rooms/bench/connections")"
    id="$(printf '%s' "$connection" | field '["connectionId"]')"
    url="$api/api/v1/rooms/bench/connections/$id"
    start="$(now)"
    guest_pid="$(encoder "$(printf '%s' "$connection" | field '["guestPublishURL"]')" smptebars 880 "$work/guest$run.log")"
    state=""
    for _ in $(seq 1 1200); do
        state="$(curl -fsS "${auth[@]}" "$url" | field '["state"]')"
        [[ "$state" == "active" || "$state" == "ended" ]] && break
        sleep 0.1
    done
    end="$(now)"
    if [[ "$state" != "active" ]]; then
        echo "bench: run $run: the connection is $state, not active; the daemon's log:" >&2
        tail -n 20 "$work/daemon.log" >&2
        exit 1
    fi
    elapsed="$(python3 -c "print(f'{$end - $start:.2f}')")"
    times+=("$elapsed")
    echo "run $run: guest publish -> mix playable (active) in ${elapsed} s"
    if [[ -z "$cpu" ]]; then
        pid="$(curl -fsS "${auth[@]}" "$url" | field '["mixer"]["pid"]')"
        read_ticks() { python3 -c "s=open('/proc/$pid/stat').read(); f=s[s.rindex(')')+2:].split(); print(int(f[11])+int(f[12]))"; }
        t0="$(read_ticks)"; w0="$(now)"
        sleep "$cpu_window"
        t1="$(read_ticks)"; w1="$(now)"
        hz="$(getconf CLK_TCK)"
        cpu="$(python3 -c "print(f'{($t1 - $t0) / $hz / ($w1 - $w0) * 100:.0f}')")"
        echo "mixer (pid $pid, $size): ${cpu}% CPU over ${cpu_window} s (100% = one core)"
    fi
    curl -fsS -X DELETE "${auth[@]}" "$url" >/dev/null
    kill -INT "$guest_pid" 2>/dev/null || true
    wait "$guest_pid" 2>/dev/null || true
    sleep 2
done

python3 - "${times[@]}" <<PY
import statistics, sys
times = [float(t) for t in sys.argv[1:]]
print(f"guest publish -> mix playable: median {statistics.median(times):.2f} s, max {max(times):.2f} s over {len(times)} runs")
print(f"mixer CPU at $size: $cpu% of one core (machine: $(nproc) cores)")
PY
