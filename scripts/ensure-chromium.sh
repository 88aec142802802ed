#!/usr/bin/env bash
# Install Debian's Chromium for the browser tests when it is missing (idempotent).
#
# Playwright drives this browser through `executable_path`; no browser is ever downloaded by
# Playwright itself (`playwright install` is never run).
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
  else
    echo "ensure-chromium: /usr/bin/chromium is missing and this user cannot run apt-get;" \
      "install the Debian packages chromium and chromium-driver" >&2
    exit 1
  fi
fi

export DEBIAN_FRONTEND=noninteractive
# Refresh the package lists when apt does not know the package yet, or when the lists are stale
# enough that the install fails (a mirror dropped the version they name).
if ! apt-cache show chromium >/dev/null 2>&1; then
  $SUDO apt-get update -q
fi
if ! $SUDO apt-get install -y -q chromium chromium-driver; then
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q chromium chromium-driver
fi
/usr/bin/chromium --version
