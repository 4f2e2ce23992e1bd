#!/usr/bin/env bash
# Set up (a virtual environment in .venv with evalkit and its test tools) and run the tests:
# unit, golden-value (R fixtures), ground-truth and report tests, plus every notebook under nbval.
# Usage: bash scripts/test.sh [extra pytest args]
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[test]"  # editable: tests import the source tree
# One process per core (pytest-xdist); the cells of a notebook, and the tests of a module, stay together.
exec .venv/bin/python -m pytest -n auto --dist loadscope tests notebooks --nbval-lax --doctest-modules evalkit "$@"
