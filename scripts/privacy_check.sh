#!/usr/bin/env bash
# Render every study on four configurations and attack each run: the output checker (evalkit check)
# and the attacker of the test suite (tests/attacker.py), which also audits the ledger against the
# registry. Prints what each found; exits 1 if either found anything.
#   Usage: bash scripts/privacy_check.sh [work folder, default /tmp/evalkit-privacy] [configuration ...]
#   Configurations: default n300_seed11 n150_seed3 default_min20 (all four when none is given).
# Needs the test set-up (bash scripts/test.sh, or: pip install -e ".[test]" in .venv).
set -euo pipefail
cd "$(dirname "$0")/.."
WORK="${1:-/tmp/evalkit-privacy}"
shift || true
CONFIGS="${*:-default n300_seed11 n150_seed3 default_min20}"
EVALKIT=.venv/bin/evalkit
PY=.venv/bin/python
rm -rf "$WORK" && mkdir -p "$WORK"
"$EVALKIT" synth --n 300 --seed 11 --out "$WORK/n300" >/dev/null
"$EVALKIT" synth --n 150 --seed 3 --out "$WORK/n150" >/dev/null
DEFAULT_DATA="$("$PY" -c 'from evalkit.registry import resolve_registry_path; print(resolve_registry_path("synthetic"))')"
status=0
run() {  # name data [report args...]
  local name="$1" data="$2"; shift 2
  case " $CONFIGS " in *" $name "*) ;; *) return 0 ;; esac
  echo "== $name"
  "$EVALKIT" report all --data "$data" --out "$WORK/reports" --run-name "$name" "$@" | tail -1
  "$EVALKIT" check "$WORK/reports/$name" || status=1
  "$PY" -m tests.attacker "$WORK/reports/$name" --data "$data" || status=1
}
run default "$DEFAULT_DATA"
run n300_seed11 "$WORK/n300"
run n150_seed3 "$WORK/n150"
run default_min20 "$DEFAULT_DATA" -p min_cell_size=20
exit $status
