#!/usr/bin/env bash
# Starts nginx with the RTMP module in the foreground, as the current user, from the repo's
# template (nginx-rtmp/nginx-rtmp.conf.template): everything it writes (pid, logs, temp
# files, HLS, recordings) goes under --prefix. SIGTERM or Ctrl-C stops it.
#
#   scripts/nginx-rtmp.sh [--prefix DIR] [--rtmp 127.0.0.1:1935] [--http 127.0.0.1:8080]
#                         [--hooks http://127.0.0.1:8085/hooks/nginx-rtmp] [--render-only]
#
# --render-only writes DIR/nginx.conf, prints its path and exits (to read it, or to run nginx
# some other way). The defaults match `stream-sidecar serve --media-server nginx-rtmp`.
# The RTMP module is looked up in the usual places; set NGINX_RTMP_MODULE to its .so file
# to use another one. Needs nginx and the module: scripts/setup.sh --test installs them.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"

prefix="$repo/data/nginx-rtmp"
rtmp_listen="127.0.0.1:1935"
http_listen="127.0.0.1:8080"
hooks="http://127.0.0.1:8085/hooks/nginx-rtmp"
render_only=false
while (($#)); do
    case "$1" in
        --prefix) prefix="$2"; shift 2 ;;
        --rtmp) rtmp_listen="$2"; shift 2 ;;
        --http) http_listen="$2"; shift 2 ;;
        --hooks) hooks="$2"; shift 2 ;;
        --render-only) render_only=true; shift ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) echo "nginx-rtmp.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done

fail() { echo "nginx-rtmp.sh: $*" >&2; exit 1; }

nginx_bin="$(command -v nginx || true)"
[[ -z "$nginx_bin" && -x /usr/sbin/nginx ]] && nginx_bin=/usr/sbin/nginx
[[ -n "$nginx_bin" ]] || fail "nginx is not installed (scripts/setup.sh --test installs nginx and libnginx-mod-rtmp)"

# The module: built in (nginx -V names it), or a dynamic module to load.
module_line=""
if ! "$nginx_bin" -V 2>&1 | grep -q "rtmp"; then
    module="${NGINX_RTMP_MODULE:-}"
    if [[ -z "$module" ]]; then
        for candidate in /usr/lib/nginx/modules/ngx_rtmp_module.so /usr/lib64/nginx/modules/ngx_rtmp_module.so \
            /usr/local/nginx/modules/ngx_rtmp_module.so /etc/nginx/modules/ngx_rtmp_module.so; do
            if [[ -f "$candidate" ]]; then module="$candidate"; break; fi
        done
    fi
    [[ -n "$module" && -f "$module" ]] || fail "the nginx RTMP module is not installed (Debian: libnginx-mod-rtmp; or set NGINX_RTMP_MODULE)"
    module_line="load_module $module;"
fi

# nginx's configuration syntax splits on blanks, so the folder may not contain any.
[[ "$prefix" != *[[:space:]\;\'\"]* ]] || fail "--prefix must not contain blanks, quotes or ';': $prefix"
mkdir -p "$prefix"/{logs,tmp,hls/live,recordings}
prefix="$(cd "$prefix" && pwd)"

# Without root nginx runs as the current user and ignores `user`; as root its workers would
# switch to nobody, who cannot write into the prefix.
user_line=""
if [[ $(id -u) -eq 0 ]]; then user_line="user root;"; fi

template="$(cat "$repo/nginx-rtmp/nginx-rtmp.conf.template")"
conf="${template//@MODULE@/$module_line}"
conf="${conf//@USER@/$user_line}"
conf="${conf//@PREFIX@/$prefix}"
conf="${conf//@RTMP_LISTEN@/$rtmp_listen}"
conf="${conf//@HTTP_LISTEN@/$http_listen}"
conf="${conf//@HOOKS@/$hooks}"
printf '%s\n' "$conf" >"$prefix/nginx.conf"

if $render_only; then
    echo "$prefix/nginx.conf"
    exit 0
fi
"$nginx_bin" -t -q -p "$prefix" -e "$prefix/logs/error.log" -c "$prefix/nginx.conf"
exec "$nginx_bin" -p "$prefix" -e "$prefix/logs/error.log" -c "$prefix/nginx.conf"
