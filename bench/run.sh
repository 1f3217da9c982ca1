#!/usr/bin/env bash
# Benchmark of the AnyCheck simulator's GET /verifications/{id} against a bare minimal-API endpoint
# that returns the same bytes. Builds in Release, runs, prints the results (~1.5 minutes).
#   bash bench/run.sh              the default run (the one reported in bench/README.md)
#   bash bench/run.sh --diagnose   also measures simulator variants with the journal reduced
#   bash bench/run.sh --quick      a short smoke run (numbers not meaningful)
# Other options: --duration S --warmup S --pairs N --soak-rounds N --connections N --threads N
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
artifacts="$here/.artifacts"
pidfile="$(mktemp -t simulators-bench-pids.XXXXXX)"
bench_pid=""

cleanup() {
    local status=$?
    trap - EXIT INT TERM
    # Only the processes this run started: the orchestrator, then whatever it recorded (servers, wrk).
    if [[ -n "$bench_pid" ]] && kill -0 "$bench_pid" 2>/dev/null; then
        kill -TERM "$bench_pid" 2>/dev/null || true
        for _ in 1 2 3 4 5 6 7 8 9 10; do
            kill -0 "$bench_pid" 2>/dev/null || break
            sleep 0.5
        done
        kill -KILL "$bench_pid" 2>/dev/null || true
    fi
    if [[ -s "$pidfile" ]]; then
        while read -r pid; do
            [[ -n "$pid" ]] && kill -KILL "$pid" 2>/dev/null || true
        done < "$pidfile"
    fi
    rm -f "$pidfile"
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

BENCH_PIDFILE="$pidfile" "$artifacts/bin/Simulators.Bench/release/Simulators.Bench" "$@" &
bench_pid=$!
wait "$bench_pid"
