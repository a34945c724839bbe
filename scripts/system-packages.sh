#!/usr/bin/env bash
# Install the Debian packages the tests need and a fresh machine may lack:
# chromium (browser tests; Playwright drives it, no browser download), and
# PostgreSQL 15 + Redis (the scale-out tests start their own servers on loopback:
# tests/servers.py).
# Called by .ci/run, `make unit`, `make e2e` and `make test-scale`; does nothing
# when everything is present.
set -euo pipefail

needed=()
command -v chromium >/dev/null 2>&1 || needed+=(chromium)
command -v node >/dev/null 2>&1 || needed+=(nodejs npm)
[ -x /usr/lib/postgresql/15/bin/initdb ] || needed+=(postgresql)
command -v redis-server >/dev/null 2>&1 || needed+=(redis-server)
[ ${#needed[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  sudo=""
elif command -v sudo >/dev/null 2>&1; then
  sudo="sudo"
else
  echo "error: the tests need Debian's ${needed[*]}; as root run: apt-get install ${needed[*]}" >&2
  exit 1
fi
echo "Installing Debian packages: ${needed[*]}..."
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${needed[@]}" >/dev/null
