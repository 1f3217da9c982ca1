#!/usr/bin/env bash
# Runs every test of the project: what the README calls "run all the tests" and what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 PACT_DO_NOT_TRACK=true

# The official Pact tools (libpact_ffi for consumer tests, the pact CLI for verification), pinned
# in contracts/package-lock.json; installed here so a fresh checkout needs nothing by hand.
pact_cli=contracts/node_modules/@pact-foundation/pact-cli-linux-x64/standalone/pact
pact_ffi=contracts/node_modules/@pact-foundation/pact-core-linux-x64-glibc/prebuilds/linux-x64/libpact_ffi.so
if [ ! -x "$pact_cli" ] || [ ! -f "$pact_ffi" ] || [ contracts/package-lock.json -nt contracts/node_modules/.package-lock.json ]; then
  npm ci --prefix contracts --no-audit --no-fund
fi

# Debian's Chromium, which the browser tests drive (Playwright's own browser download is not used).
bash scripts/install-chromium.sh
# Debian's docker-compose, with which the host tests validate docker-compose.yml (no docker engine needed).
bash scripts/install-docker-compose.sh

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

status=0
dotnet test Simulators.sln --configuration Release --logger "trx" --results-directory "$results" "$@" || status=$?

# One closing line whatever the runner prints: counts from the TRX files.
passed=0 failed=0 skipped=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -m 1 -o '<Counters [^>]*>' "$trx")
  p=$(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$counters")
  f=$(sed -E 's/.* failed="([0-9]+)".*/\1/' <<<"$counters")
  n=$(sed -E 's/.* notExecuted="([0-9]+)".*/\1/' <<<"$counters")
  passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + n))
  # How long each test assembly ran, to see where the suite's time goes.
  # grep -m 1 rather than | head: head leaving early would end grep with SIGPIPE, which pipefail makes fatal.
  times=$(grep -m 1 -o '<Times [^>]*>' "$trx" || true)
  start=$(sed -E 's/.* start="([^"]+)".*/\1/' <<<"$times")
  finish=$(sed -E 's/.* finish="([^"]+)".*/\1/' <<<"$times")
  name=$(grep -m 1 -o 'storage="[^"]*"' "$trx" | sed -E 's#.*/([^/]+)\.dll"#\1#' || true)
  name=${name%%$'\n'*}
  if seconds=$(( $(date -d "$finish" +%s) - $(date -d "$start" +%s) )) 2>/dev/null; then
    echo "  ${name:-$(basename "$trx")}: $((p + f + n)) tests in ${seconds} s"
  fi
done
echo "Tests: $passed passed, $failed failed, $skipped skipped"
if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then
  echo "No test ran." >&2
  exit 1
fi
exit "$status"
