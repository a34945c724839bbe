#!/usr/bin/env bash
# Print the path of a Python 3.10 interpreter, or explain what to install.
#
# Rasa 3.6 runs on Python 3.8-3.10 only, and many machines default to a newer
# Python. Candidates, in order: $PYTHON if set, `python3.10` on the PATH, then
# pyenv's 3.10.13. Each candidate is actually run, because a pyenv shim named
# python3.10 exists (and fails) even where that version is not selected.
set -u

works() {
  "$1" -c 'import sys, venv; sys.exit(0 if sys.version_info[:2] == (3, 10) else 1)' >/dev/null 2>&1
}

if [ -n "${PYTHON:-}" ]; then
  if works "$PYTHON"; then echo "$PYTHON"; exit 0; fi
  echo "error: PYTHON=$PYTHON is not a working Python 3.10 (Rasa 3.6 needs 3.10)." >&2
  exit 1
fi

if command -v python3.10 >/dev/null 2>&1 && works python3.10; then
  command -v python3.10
  exit 0
fi

if command -v pyenv >/dev/null 2>&1; then
  prefix=$(pyenv prefix 3.10.13 2>/dev/null) || prefix=""
  if [ -n "$prefix" ] && works "$prefix/bin/python3"; then
    echo "$prefix/bin/python3"
    exit 0
  fi
fi

cat >&2 <<'MSG'
error: Orienta needs Python 3.10 (Rasa 3.6 does not run on 3.11 or later), and none was found.
  Tried: $PYTHON, `python3.10` on the PATH, and `pyenv prefix 3.10.13`.
  Install one, for example `pyenv install 3.10.13` or your system's python3.10 and
  python3.10-venv packages, or point PYTHON at it: make run PYTHON=/path/to/python3.10
MSG
exit 1
