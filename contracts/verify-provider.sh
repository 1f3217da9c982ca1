#!/usr/bin/env bash
# Verifies the committed contracts of one provider against a running API with the official Pact verifier.
#
#   contracts/verify-provider.sh anycheck http://127.0.0.1:5101 \
#       --state-change-url http://127.0.0.1:5101/__simulator/provider-states     # the simulator
#   ANYCHECK_API_KEY=<your key> contracts/verify-provider.sh anycheck https://api.anycheck.ai --filter-no-state
#                                                                             # drift check against the real API
#   contracts/verify-provider.sh advance-ai http://127.0.0.1:5103 \
#       --state-change-url http://127.0.0.1:5103/__simulator/provider-states   # tokens and signatures come from the states
#   contracts/verify-provider.sh verifik http://127.0.0.1:5102 \
#       --state-change-url http://127.0.0.1:5102/__simulator/provider-states   # tokens and OTPs come from the states
# In a pipeline, against a sandbox or the real API, the credentials come from the environment and replace the
# recorded ones on every request: ANYCHECK_API_KEY (X-API-Key), VERIHUBS_APP_ID and VERIHUBS_API_KEY (App-ID,
# API-Key), VERIFIK_TOKEN (Authorization: Bearer), ADVANCE_AI_TOKEN (X-ACCESS-TOKEN). A shared sandbox's
# control token, SIMULATOR_CONTROL_TOKEN, goes with every call too (X-Simulator-Token): the state-change calls need it.
# With PACT_BROKER_BASE_URL set (and PACT_BROKER_TOKEN, or PACT_BROKER_USERNAME/PASSWORD), the pacts are
# fetched from the broker instead of contracts/pacts; add --publish --provider-version <v> to report back.
# Any further option is passed to `pact verifier` (see `pact verifier --help`).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
provider=${1:?usage: verify-provider.sh <provider> <base-url> [pact verifier options]}
url=${2:?usage: verify-provider.sh <provider> <base-url> [pact verifier options]}
shift 2

source "$here/pact-cli.sh"
[ -x "$pact" ] || npm ci --prefix "$here" --no-audit --no-fund

if [[ ! "$url" =~ ^(https?)://([^/:]+)(:([0-9]+))?(/.*)?$ ]]; then
  echo "not an http(s) base URL: $url" >&2
  exit 2
fi
scheme=${BASH_REMATCH[1]} host=${BASH_REMATCH[2]} port=${BASH_REMATCH[4]} path=${BASH_REMATCH[5]}
[ -n "$port" ] || { [ "$scheme" = https ] && port=443 || port=80; }

args=(verifier --no-colour --provider-name "$provider" --transport "$scheme" --hostname "$host" --port "$port")
[ -z "$path" ] || [ "$path" = / ] || args+=(--base-path "$path")
if [ -n "${PACT_BROKER_BASE_URL:-}" ]; then
  args+=(--broker-url "$PACT_BROKER_BASE_URL")
else
  for pact_file in "$here"/pacts/*-"$provider".json; do
    # HTTP pacts only; message pacts (webhooks, callbacks) are verified against captured deliveries.
    grep -q '"Synchronous/HTTP"' "$pact_file" || continue
    args+=(--file "$pact_file")
  done
fi
[ -z "${SIMULATOR_CONTROL_TOKEN:-}" ] || args+=(--header "X-Simulator-Token=$SIMULATOR_CONTROL_TOKEN")
# Credentials for this provider, replacing the sandbox ones the contracts were recorded with.
case "$provider" in
  anycheck) [ -z "${ANYCHECK_API_KEY:-}" ] || args+=(--header "X-API-Key=$ANYCHECK_API_KEY") ;;
  verihubs)
    [ -z "${VERIHUBS_APP_ID:-}" ] || args+=(--header "App-ID=$VERIHUBS_APP_ID")
    [ -z "${VERIHUBS_API_KEY:-}" ] || args+=(--header "API-Key=$VERIHUBS_API_KEY") ;;
  verifik) [ -z "${VERIFIK_TOKEN:-}" ] || args+=(--header "Authorization=Bearer $VERIFIK_TOKEN") ;;
  advance-ai) [ -z "${ADVANCE_AI_TOKEN:-}" ] || args+=(--header "X-ACCESS-TOKEN=$ADVANCE_AI_TOKEN") ;;
esac
PACT_DO_NOT_TRACK=true exec "$pact" "${args[@]}" "$@"
