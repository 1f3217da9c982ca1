#!/usr/bin/env bash
# Installs Debian's docker-compose, with which the tests validate docker-compose.yml
# (`docker-compose config`; no docker engine is needed for that), when it is missing.
#   COMPOSE_INSTALL_DRY_RUN=1  only simulates the install (apt-get -s), changing nothing.
set -euo pipefail
INSTALL_DRY_RUN=${COMPOSE_INSTALL_DRY_RUN:-} exec bash "$(dirname "$0")/install-debian-tool.sh" "${DOCKER_COMPOSE_PATH:-/usr/bin/docker-compose}" docker-compose
