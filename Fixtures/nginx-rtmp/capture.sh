#!/usr/bin/env bash
# Captures what a real nginx-rtmp sends and serves, for the unit tests: every notification
# body (notifications/<event>.txt), the stat page with a publisher and a player
# (stat-live.xml) and with nothing (stat-idle.xml), and the control module's answers
# (control-*.txt). Runs nginx from the repo's template (scripts/nginx-rtmp.sh) with a small
# Python receiver in place of the daemon, and ffmpeg as publisher and player; takes ~20 s.
#
#   Fixtures/nginx-rtmp/capture.sh      # needs nginx, libnginx-mod-rtmp, ffmpeg, python3, curl
#
# The stream is `room1` published with `?key=abc123`, the player asks with
# `?token=tok123&expires=1900000000`: the tests replace those with a real room's values.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
work="$(mktemp -d)"
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
rtmp_port="$(free_port)"
http_port="$(free_port)"
hook_port="$(free_port)"

# The receiver: writes each body to <out>/<event>.txt (on_update as on_update_publish.txt or
# on_update_play.txt, by its call), first one of each kind only, and answers 200.
cat >"$work/receiver.py" <<'PY'
import http.server, os, sys, urllib.parse
out = sys.argv[2]
class Receiver(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        event = self.path.rsplit("/", 1)[-1]
        if event == "on_update":
            event = "on_update_" + urllib.parse.parse_qs(body)["call"][0].split("_", 1)[1]
        path = os.path.join(out, event + ".txt")
        if not os.path.exists(path):
            with open(path, "w") as f:
                f.write(body + "\n")
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()
    def log_message(self, *args):
        pass
http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Receiver).serve_forever()
PY
mkdir -p "$work/notifications"
python3 "$work/receiver.py" "$hook_port" "$work/notifications" &
pids+=($!)

# The repo's configuration, with on_update every 2 s instead of 30 so that it shows up.
"$repo/scripts/nginx-rtmp.sh" --prefix "$work/nginx" --rtmp "127.0.0.1:$rtmp_port" --http "127.0.0.1:$http_port" \
    --hooks "http://127.0.0.1:$hook_port/hooks/nginx-rtmp" --render-only >/dev/null
sed -i 's/notify_update_timeout 30s;/notify_update_timeout 2s;/' "$work/nginx/nginx.conf"
nginx -p "$work/nginx" -e "$work/nginx/logs/error.log" -c "$work/nginx/nginx.conf" &
pids+=($!)
sleep 1

ffmpeg -nostdin -hide_banner -loglevel error -re -f lavfi -i testsrc=size=320x180:rate=25 -f lavfi -i sine \
    -t 12 -c:v libx264 -preset ultrafast -tune zerolatency -g 25 -c:a aac -f flv \
    "rtmp://127.0.0.1:$rtmp_port/live/room1?key=abc123" &
publisher=$!
sleep 3
ffmpeg -nostdin -hide_banner -loglevel error -t 5 -i "rtmp://127.0.0.1:$rtmp_port/live/room1?token=tok123&expires=1900000000" \
    -f null - &
player=$!
sleep 3
curl -fsS "http://127.0.0.1:$http_port/stat" >"$work/stat-live.xml"
curl -fsS "http://127.0.0.1:$http_port/control/drop/publisher?app=live&clientid=999999" >"$work/control-drop-none.txt"
wait "$player" || true
wait "$publisher" || true
sleep 2
curl -fsS "http://127.0.0.1:$http_port/stat" >"$work/stat-idle.xml"

for name in on_connect on_publish on_play on_play_done on_publish_done on_done on_record_done on_update_publish on_update_play; do
    [[ -s "$work/notifications/$name.txt" ]] || { echo "capture.sh: no $name was captured" >&2; exit 1; }
done
rm -rf "$here/notifications"
cp -r "$work/notifications" "$here/notifications"
cp "$work/stat-live.xml" "$work/stat-idle.xml" "$work/control-drop-none.txt" "$here/"
echo "captured from $(nginx -v 2>&1) with $(dpkg-query -W -f='libnginx-mod-rtmp ${Version}' libnginx-mod-rtmp 2>/dev/null || echo 'the RTMP module')"
