#!/usr/bin/env bash
# CI: the package as a user gets it. Build a wheel, install it into a fresh virtual environment outside the
# checkout, and build the sample with the installed command (template, fonts mapping, macro and guideline
# data must all come from the package).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
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
echo "wheel check: the installed package built the sample (.docx and .pdf) and a scaffold"
