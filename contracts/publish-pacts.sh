#!/usr/bin/env bash
# Publishes pact files to a Pact Broker (or PactFlow) with the pinned official pact CLI.
#
#   PACT_BROKER_BASE_URL=https://broker.example.com PACT_BROKER_TOKEN=<token> \
#     contracts/publish-pacts.sh [folder or pact files, default contracts/pacts] [pact broker publish options]
#
# The consumer version is PACT_CONSUMER_VERSION, else the git commit; the branch PACT_CONSUMER_BRANCH, else
# the git branch. PACT_BROKER_USERNAME / PACT_BROKER_PASSWORD instead of the token for a basic-auth broker.
# Your own consumer tests' pacts are published the same way: pass their folder.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/pact-cli.sh"
[ -x "$pact" ] || npm ci --prefix "$here" --no-audit --no-fund

: "${PACT_BROKER_BASE_URL:?set PACT_BROKER_BASE_URL (and PACT_BROKER_TOKEN, or PACT_BROKER_USERNAME and PACT_BROKER_PASSWORD)}"
source_dir=$here/pacts
if [ $# -gt 0 ] && [[ "$1" != -* ]]; then
  source_dir=$1
  shift
fi
version=${PACT_CONSUMER_VERSION:-$(git -C "$here" rev-parse HEAD)}
branch=${PACT_CONSUMER_BRANCH:-$(git -C "$here" rev-parse --abbrev-ref HEAD)}

PACT_DO_NOT_TRACK=true exec "$pact" broker publish "$source_dir" \
  --broker-base-url "$PACT_BROKER_BASE_URL" --consumer-app-version "$version" --branch "$branch" "$@"
