#!/usr/bin/env bash
# Run the outcome queries of evalkit.outcomes.relational on Spark SQL (local mode) and compare them
# with DuckDB row for row (benchmarks/spark_compare.py). Installs PySpark into .venv, and Java 17 with
# apt-get when run as root on Debian/Ubuntu without one.
# Not part of the tests. Usage: bash scripts/spark_compare.sh [--registry FOLDER]
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || { echo "no .venv here: run bash scripts/test.sh first to set it up" >&2; exit 2; }
.venv/bin/python -m pip install --quiet pyspark
if ! java -version >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing Java 17 (openjdk-17-jre-headless)"
    apt-get update -qq && apt-get install -y -qq openjdk-17-jre-headless >/dev/null
fi
if ! java -version >/dev/null 2>&1; then
    echo "Spark needs Java 17 or later, and there is none on PATH." >&2
    echo "Install it with:  sudo apt-get install openjdk-17-jre-headless" >&2
    exit 2
fi
version=$(java -version 2>&1 | awk -F'"' '/version/ {print $2; exit}')
major=${version%%.*}
if [ "$major" = "1" ]; then major=$(echo "$version" | cut -d. -f2); fi  # 1.8.0 -> 8
if [ "${major:-0}" -lt 17 ]; then
    echo "Spark needs Java 17 or later, found $version." >&2
    echo "Install it with:  sudo apt-get install openjdk-17-jre-headless" >&2
    exit 2
fi
echo "Java $version"
exec .venv/bin/python benchmarks/spark_compare.py "$@"
