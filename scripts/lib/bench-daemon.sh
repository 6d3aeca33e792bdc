# Sourced by the benchmarks that run the daemon (bench-hooks.sh, bench-webhooks.sh), from the
# repository root: builds the release daemon and HookBenchmarks into $BUILD (default .build),
# sets $bin and $bench, makes the scratch folder $data, and on exit stops the daemon whose pid
# the script puts in $daemon and removes $data.
# usage: source scripts/lib/bench-daemon.sh <scratch folder name>
build=${BUILD:-$PWD/.build}
swift build -c release --scratch-path "$build" --product stream-sidecar
swift build -c release --scratch-path "$build" --product HookBenchmarks
bin=$(swift build -c release --scratch-path "$build" --show-bin-path)
bench="$bin/HookBenchmarks"

data=$(mktemp -d -t "$1.XXXXXX")
daemon=""
cleanup() {
    if [[ -n "$daemon" ]] && kill -0 "$daemon" 2>/dev/null; then
        kill -TERM "$daemon"
        wait "$daemon" 2>/dev/null || true
    fi
    rm -rf "$data"
}
trap cleanup EXIT
