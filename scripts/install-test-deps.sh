#!/usr/bin/env bash
# Installs the system packages the test suite needs, from Debian's archive only:
#   - chromium    for the Playwright end-to-end tests (never a browser build of its own);
#   - postgresql  for test/postgres (the tests start their own throwaway server in a temp dir with
#                 /usr/lib/postgresql/<version>/bin/initdb + pg_ctl; the package's own service is not used).
# Idempotent: does nothing when they are already there; runs `apt-get update` at most once.
set -euo pipefail

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
# Any installed major version will do (the tests pick the newest one that has initdb, pg_ctl and postgres).
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)

if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = "0" ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "Missing system packages: ${missing[*]}. Run 'sudo apt-get install -y ${missing[*]}'" \
      "(chromium: end-to-end tests; postgresql: test/postgres)." >&2
    exit 1
  fi
fi
