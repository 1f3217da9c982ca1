#!/usr/bin/env bash
# Installs Debian's Chromium, which the browser tests drive through Playwright, when it is missing.
# Idempotent: does nothing when /usr/bin/chromium is there. Playwright's own browser download is not
# used (it needs a host the package registries do not cover).
#   CHROMIUM_INSTALL_DRY_RUN=1  only simulates the install (apt-get -s), changing nothing.
set -euo pipefail

chromium=${CHROMIUM_PATH:-/usr/bin/chromium}
if [ -x "$chromium" ]; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=(env DEBIAN_FRONTEND=noninteractive)
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo DEBIAN_FRONTEND=noninteractive)
else
  echo "install-chromium: $chromium is missing and installing it needs root (run as root or install sudo): apt-get install chromium" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-chromium: $chromium is missing and apt-get is not available; install Chromium at $chromium by hand" >&2
  exit 1
fi

install=(apt-get install -y --no-install-recommends)
if [ "${CHROMIUM_INSTALL_DRY_RUN:-}" = 1 ]; then
  install+=(-s)
fi
echo "install-chromium: $chromium is missing; installing Debian's chromium" >&2
if ! "${as_root[@]}" "${install[@]}" chromium; then
  # A fresh machine has no package lists yet.
  "${as_root[@]}" apt-get update
  "${as_root[@]}" "${install[@]}" chromium
fi

if [ "${CHROMIUM_INSTALL_DRY_RUN:-}" != 1 ] && [ ! -x "$chromium" ]; then
  echo "install-chromium: apt-get installed chromium but $chromium is still missing" >&2
  exit 1
fi
