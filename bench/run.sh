#!/usr/bin/env bash
# Benchmark of the AnyCheck simulator: its GET /verifications/{id} against a bare minimal-API endpoint
# that returns the same bytes, then the write path (POST /verifications), webhook delivery, the same on
# SQLite, a tenant with 100,000 verifications and an in-process profile of the create. Builds in
# Release, runs, prints the results (~10 minutes).
#   bash bench/run.sh                       the default run (the one reported in bench/README.md)
#   bash bench/run.sh --only get,post       some sections: get, post, webhooks, sqlite, bulk, profile
#   bash bench/run.sh --diagnose            also measures simulator variants with the journal reduced
#   bash bench/run.sh --perf                also samples a POST run with Linux perf (needs perf)
#   bash bench/run.sh --quick               a short smoke run (numbers not meaningful)
# Other options: --duration S --warmup S --pairs N --soak-rounds N --connections N --threads N
#   --webhooks N --sqlite-webhooks N --tenants N --lag-seconds S --lag-rate N --bulk N --profile-creates N
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
artifacts="$here/.artifacts"
workdir="$(mktemp -d -t simulators-bench.XXXXXX)"
pidfile="$workdir/pids"
: > "$pidfile"
bench_pid=""

# A process is ours only if it carries this run's BENCH_PIDFILE in its environment (the orchestrator
# sets it, its children inherit it): a recorded id that has since been reused is left alone.
owned() {
    [[ -r "/proc/$1/environ" ]] && tr '\0' '\n' < "/proc/$1/environ" 2>/dev/null | grep -qxF "BENCH_PIDFILE=$pidfile"
}

cleanup() {
    local status=$?
    trap - EXIT INT TERM
    # Only the processes this run started: the orchestrator, then whatever it recorded (servers, wrk).
    if [[ -n "$bench_pid" ]] && owned "$bench_pid"; then
        kill -TERM "$bench_pid" 2>/dev/null || true
        for _ in 1 2 3 4 5 6 7 8 9 10; do
            owned "$bench_pid" || break
            sleep 0.5
        done
        owned "$bench_pid" && kill -KILL "$bench_pid" 2>/dev/null || true
    fi
    if [[ -s "$pidfile" ]]; then
        while read -r pid; do
            if [[ -n "$pid" ]] && owned "$pid"; then
                kill -KILL "$pid" 2>/dev/null || true
            fi
        done < "$pidfile"
    fi
    rm -rf "$workdir"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The load generator is Debian's wrk: a separate process, so load generation does not share the .NET runtime.
if ! command -v wrk >/dev/null 2>&1; then
    echo "Installing wrk (apt-get)..." >&2
    export DEBIAN_FRONTEND=noninteractive
    if ! apt-get install -y wrk >/dev/null; then
        apt-get update >/dev/null
        apt-get install -y wrk >/dev/null
    fi
fi

echo "Building (Release)..." >&2
# Separate artifacts path: does not touch the bin/obj folders of the projects being edited.
dotnet build "$here/Simulators.Bench/Simulators.Bench.csproj" -c Release --artifacts-path "$artifacts" -nologo -v quiet -clp:ErrorsOnly -clp:NoSummary >&2

echo "== Toolchain =="
echo "dotnet SDK   $(dotnet --version)"
echo "nproc        $(nproc)"
if git -C "$here/.." rev-parse --short HEAD >/dev/null 2>&1; then
    echo "source       commit $(git -C "$here/.." rev-parse --short HEAD), $(git -C "$here/.." status --porcelain -- simulators | wc -l) uncommitted change(s) under simulators/"
fi

BENCH_PIDFILE="$pidfile" BENCH_TMPDIR="$workdir" "$artifacts/bin/Simulators.Bench/release/Simulators.Bench" "$@" &
bench_pid=$!
wait "$bench_pid"
