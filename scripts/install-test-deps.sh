#!/usr/bin/env bash
# Installs the system packages the test suite needs (Debian's Chromium for Playwright end-to-end tests).
# Idempotent: does nothing when they are already there. Never downloads a browser build of its own.
set -euo pipefail
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = "0" ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Chromium is missing: run 'sudo apt-get install -y chromium' (needed by the end-to-end tests)" >&2
    exit 1
  fi
fi
