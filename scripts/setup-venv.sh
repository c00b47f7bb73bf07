#!/usr/bin/env bash
# Set up .venv/ once, however many `make` start at the same moment in the same folder (a team's shared folder):
# the first takes the lock and installs; the others wait for it, then find the environment up to date.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${PYTHON:-python3}
stamp=.venv/.installed
if command -v flock >/dev/null 2>&1; then
  exec 9>.venv.lock
  flock 9
fi
if [ -f "$stamp" ] && [ "$stamp" -nt pyproject.toml ]; then
  exit 0
fi
"$python" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[dev]'
.venv/bin/python -m compileall -q proposal_kit  # bytecode ahead, as pip gives a plain install: each start saves ~0.1 s
touch "$stamp"
