#!/usr/bin/env bash
# Installs a Debian package that the tests need, when the program it provides is missing:
#   scripts/install-debian-tool.sh <program path> <package>
# Idempotent: does nothing when the program is there.
#   INSTALL_DRY_RUN=1  only simulates the install (apt-get -s), changing nothing.
set -euo pipefail

program=$1 package=$2
name=$(basename "$program")
if [ -x "$program" ]; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=(env DEBIAN_FRONTEND=noninteractive)
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo DEBIAN_FRONTEND=noninteractive)
else
  echo "install $name: $program is missing and installing it needs root (run as root or install sudo): apt-get install $package" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install $name: $program is missing and apt-get is not available; install $package by hand" >&2
  exit 1
fi

install=(apt-get install -y --no-install-recommends)
if [ "${INSTALL_DRY_RUN:-}" = 1 ]; then
  install+=(-s)
fi
echo "install $name: $program is missing; installing Debian's $package" >&2
if ! "${as_root[@]}" "${install[@]}" "$package"; then
  # A fresh machine has no package lists yet.
  "${as_root[@]}" apt-get update
  "${as_root[@]}" "${install[@]}" "$package"
fi

if [ "${INSTALL_DRY_RUN:-}" != 1 ] && [ ! -x "$program" ]; then
  echo "install $name: apt-get installed $package but $program is still missing" >&2
  exit 1
fi
