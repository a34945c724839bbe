#!/usr/bin/env bash
# Check every pin of requirements.lock (and the widget's npm lock) against the
# public vulnerability advisories (`make audit`, run by `make test`).
#
# pip-audit lives in its own cached venv (scripts/audit-tool.lock), apart from
# rasa's pins. It asks PyPI's JSON API for each pinned version's advisories;
# npm audit asks the npm registry. Where a machine cannot reach those services
# (this project's CI only reaches the package indexes), the audit would find
# nothing and look clean, so it says plainly that it was skipped instead;
# ORIENTA_AUDIT_REQUIRED=1 turns that skip into a failure (a release build).
# Accepted advisories are listed, with why, in scripts/audit-ignore.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

required=${ORIENTA_AUDIT_REQUIRED:-0}
cache_root=${ORIENTA_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/orienta}
tool="$cache_root/pip-audit-$(sha256sum scripts/audit-tool.lock | cut -c1-16)"

skip() {
  echo "audit: SKIPPED ($1): $2 is not reachable from this machine, so no advisory was checked."
  if [ "$required" = "1" ]; then
    echo "audit: ORIENTA_AUDIT_REQUIRED=1, failing." >&2
    exit 1
  fi
}

reachable() {
  [ "$(curl -s -o /dev/null -m 10 -w '%{http_code}' "$1" || true)" = "200" ]
}

# Python pins.
# The per-version page is what pip-audit reads (the project page lists advisories of
# the newest release only); probe it with the pinned pip.
pip_pin=$(grep -E '^pip==' requirements.lock | cut -d= -f3)
if reachable "https://pypi.org/pypi/pip/$pip_pin/json"; then
  if [ ! -f "$tool/.complete" ]; then
    rm -rf "$tool"
    python3 -m venv "$tool"
    "$tool/bin/pip" install --quiet --no-deps -r scripts/audit-tool.lock 2>&1 \
      | { grep -v 'is neither a file nor a directory' || true; }
    touch "$tool/.complete"
  fi
  ignores=()
  while read -r id _; do
    ignores+=(--ignore-vuln "$id")
  done < <(grep -vE '^\s*(#|$)' scripts/audit-ignore.txt || true)
  # --strict: a pin that cannot be looked up fails the audit instead of passing unseen.
  "$tool/bin/pip-audit" --strict --no-deps --disable-pip --progress-spinner off \
    -r requirements.lock "${ignores[@]}"
  echo "audit: requirements.lock has no known vulnerability outside scripts/audit-ignore.txt."
else
  skip "Python" "PyPI's JSON API (https://pypi.org/pypi/<name>/<version>/json)"
fi

# The widget's npm pins (what the bundle ships and what builds it).
if (cd widget && npm audit --audit-level=low --no-fund >/tmp/orienta-npm-audit.txt 2>&1); then
  echo "audit: widget/package-lock.json has no known vulnerability."
elif grep -qE 'audit endpoint returned an error|ENOTFOUND|ECONNREFUSED|EAI_AGAIN|405' /tmp/orienta-npm-audit.txt; then
  skip "npm" "the npm registry's advisory endpoint"
else
  cat /tmp/orienta-npm-audit.txt
  exit 1
fi
