#!/usr/bin/env bash
# CI: the package as a user gets it. Build a wheel, install it into a fresh virtual environment outside the
# checkout, and build the sample with the installed command (template, fonts mapping, macro and guideline
# data must all come from the package).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
# the resident server the installed command starts (warm.py) runs in a folder of this check's own, and ends with it
export XDG_RUNTIME_DIR="$work/run" PROPOSAL_KIT_WARM_LOG="$work/served.log"
mkdir -m 700 "$work/run"
stop_servers() {
  for pid in "$work"/run/proposal-kit-*/*.pid; do [ -f "$pid" ] && kill "$(cat "$pid")" 2>/dev/null || true; done
  rm -rf "$work"
}
trap stop_servers EXIT
# build from a copy: setuptools writes its build/ folder beside the sources, where `make proposal` writes
mkdir "$work/src"
tar -C "$root" --exclude=./.venv --exclude=./build --exclude=./.git -cf - . | tar -C "$work/src" -xf -
"$root/.venv/bin/python" -m pip wheel --quiet --no-deps --wheel-dir "$work/dist" "$work/src"
python3 -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet "$work"/dist/*.whl
cp -r "$root/samples/power-semiconductor" "$work/sample"
cd "$work"
"$work/venv/bin/proposal-kit" build sample -o out
for suffix in docx pdf; do
  file=$(ls out/*."$suffix")
  [ -s "$file" ] || { echo "wheel check: no .$suffix from the installed package" >&2; exit 1; }
done
"$work/venv/bin/proposal-kit" new scaffold >/dev/null
# the build started the server; the next command runs on it, from the installed package
for _ in $(seq 100); do ls "$work"/run/proposal-kit-*/*.pid >/dev/null 2>&1 && break; sleep 0.1; done
"$work/venv/bin/proposal-kit" validate sample >/dev/null
[ -s "$work/served.log" ] || { echo "wheel check: the installed command did not run on its server" >&2; exit 1; }
echo "wheel check: the installed package built the sample (.docx and .pdf) and a scaffold, and served a command warm"
