#!/usr/bin/env bash
# Installs Debian's Chromium, which the browser tests drive through Playwright, when it is missing.
# Playwright's own browser download is not used (it needs a host the package registries do not cover).
#   CHROMIUM_INSTALL_DRY_RUN=1  only simulates the install (apt-get -s), changing nothing.
set -euo pipefail
INSTALL_DRY_RUN=${CHROMIUM_INSTALL_DRY_RUN:-} exec bash "$(dirname "$0")/install-debian-tool.sh" "${CHROMIUM_PATH:-/usr/bin/chromium}" chromium
