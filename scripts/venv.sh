#!/usr/bin/env bash
# Make .venv hold exactly what requirements.lock pins.
#
# The virtualenv is built once per lock (and interpreter) in a cache outside the
# clone, ~/.cache/orienta/venv-<hash>, and .venv is a symlink to it: a second
# clone, or CI on a warm machine, reuses it in a second instead of ~2.5 minutes.
# A venv cannot be moved after it is built (its scripts hold absolute paths),
# so it is built in place and marked complete only when `pip check` passes; a
# half-built one is thrown away and rebuilt.
set -euo pipefail
cd "$(dirname "$0")/.."

python=$(scripts/find-python.sh)
cache_root=${ORIENTA_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/orienta}
key=$( { cat requirements.lock; "$python" -VV; echo "$python"; } | sha256sum | cut -c1-16)
target="$cache_root/venv-$key"

# pip warns about every index location in this machine's pip.conf that does
# not exist; those lines say nothing about the install, so they are dropped.
quiet_pip() {
  "$target/bin/python" -m pip "$@" 2>&1 | { grep -v 'is neither a file nor a directory' || true; }
}

if [ ! -f "$target/.complete" ]; then
  echo "Building the virtualenv in $target (a few minutes on first run)..."
  rm -rf "$target"
  mkdir -p "$cache_root"
  "$python" -m venv "$target"
  # pip's own pin first, so the rest installs with the locked pip.
  quiet_pip install --quiet --no-deps "$(grep -E '^pip==' requirements.lock)"
  # --no-deps: the lock is complete, so pip installs exactly it and resolves nothing.
  quiet_pip install --quiet --no-deps -r requirements.lock
  "$target/bin/python" -m pip check
  touch "$target/.complete"
fi

if [ "$(readlink .venv 2>/dev/null || true)" != "$target" ]; then
  rm -rf .venv
  ln -s "$target" .venv
fi
