#!/usr/bin/env bash
# Set up (a virtual environment in .venv with evalkit installed) and render every study on the
# bundled synthetic registry into reports/.   Usage: bash scripts/reports.sh [extra evalkit report args]
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet .
.venv/bin/evalkit report all --data synthetic --out reports "$@"
