"""Time and peak memory of the cohort and first jobs in pandas and in DuckDB (prints; asserts nothing).

For the bundled registry and a generated one of ``--persons`` persons (default 100,000; written
as a Parquet registry folder first, not timed), each engine runs in a fresh process:

- ``pandas``: :func:`evalkit.outcomes.cohort` and :func:`evalkit.outcomes.first_jobs` on the loaded
  registry;
- ``duckdb``: :mod:`evalkit.outcomes.relational` on the loaded registry's frames;
- ``duckdb-folder``: :mod:`evalkit.outcomes.relational` reading the registry folder itself (nothing
  loaded into pandas but the results).

Each process derives the cohort and the first jobs for every named durable-job definition. Loading
the registry (``load_registry``, with its checks) is timed apart. Memory is the resident size of the
process: its peak during the derivation above its size before (Linux ``/proc/self/clear_refs``;
memory pandas freed while loading is reused without growing it, so this undercounts pandas), and
its peak over the whole run, loading included (what the machine must have). DuckDB and SQLGlot are
imported before any of it. A checksum of the results shows that the engines agree.

    python benchmarks/outcomes_relational_speed.py [--persons 100000] [--seed 1]
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ENGINES = ("pandas", "duckdb", "duckdb-folder")


def _rss_mb(field: str) -> float:
    """``VmRSS`` (now) or ``VmHWM`` (peak) of this process in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _reset_peak() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def _checksum(frame: pd.DataFrame) -> int:
    return int(pd.util.hash_pandas_object(frame, index=False).to_numpy().astype(np.uint64).sum(dtype=np.uint64))


def worker(engine: str, folder: str) -> dict:
    """Run one engine on one registry folder; the figures as a dict."""
    import duckdb  # noqa: F401 - the libraries' own size is not the derivation's
    import sqlglot  # noqa: F401

    from evalkit import outcomes
    from evalkit.outcomes import relational
    from evalkit.registry import load_registry

    t = time.perf_counter()
    registry = folder if engine == "duckdb-folder" else load_registry(folder)
    loading = time.perf_counter() - t
    module = outcomes if engine == "pandas" else relational
    baseline = _rss_mb("VmRSS")
    loaded_peak = _rss_mb("VmHWM")  # (not ru_maxrss: that keeps the parent's size from before exec)
    reset = _reset_peak()
    steps, results = {}, []
    start = time.perf_counter()
    source = relational.connect(registry) if engine != "pandas" else registry
    steps["connect"] = time.perf_counter() - start
    t = time.perf_counter()
    cohort = module.cohort(source)
    steps["cohort"] = time.perf_counter() - t
    results.append(cohort)
    for name in outcomes.DURABLE_DEFINITIONS:
        t = time.perf_counter()
        jobs = module.first_jobs(source, cohort, durable=name)
        steps[name] = time.perf_counter() - t
        results.append(jobs)
    total = time.perf_counter() - start
    peak = _rss_mb("VmHWM")
    checksum = 0
    for frame in results:
        checksum ^= _checksum(frame)
    return {"engine": engine, "rows": len(cohort), "loading": loading, "steps": steps, "total": total,
            "peak_mb": peak - baseline if reset else float("nan"), "baseline_mb": baseline,
            "process_peak_mb": max(loaded_peak, peak),
            "checksum": f"{checksum:016x}"}


def run(engine: str, folder: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--worker", engine, str(folder)], check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def report(label: str, folder: Path) -> None:
    print(f"\n{label}")
    header = (f"{'engine':<14} {'load s':>7} {'cohort s':>9} {'first_jobs x4 s':>16} {'total s':>8} "
              f"{'peak MB':>8} {'process MB':>11}  checksum")
    print(header)
    print("-" * len(header))
    for engine in ENGINES:
        r = run(engine, folder)
        jobs = sum(v for k, v in r["steps"].items() if k not in ("connect", "cohort"))
        print(f"{engine:<14} {r['loading']:7.2f} {r['steps']['cohort']:9.2f} {jobs:16.2f} {r['total']:8.2f} "
              f"{r['peak_mb']:8.0f} {r['process_peak_mb']:11.0f}  {r['checksum']}")
    print(f"({r['rows']:,} intakes)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--worker", nargs=2, metavar=("ENGINE", "FOLDER"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(*args.worker)))
        return
    from evalkit.registry import resolve_registry_path, synth

    print("load s: load_registry (none for duckdb-folder); cohort s, first_jobs x4 s: the cohort, then the "
          "first jobs for the 4 named durable definitions together; total s: both, with connecting to DuckDB;\n"
          "peak MB: peak resident memory during the derivation above the size before it; process MB: peak "
          "resident memory of the process, loading included")
    report("bundled registry (1,662 persons)", resolve_registry_path("synthetic"))
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        folder = synth.write_synthetic_registry(Path(tmp) / "registry", n=args.persons, seed=args.seed,
                                                fmt="parquet")
        print(f"\n(generated {args.persons:,} persons in {time.perf_counter() - started:.0f} s, not timed)")
        report(f"generated registry ({args.persons:,} persons, seed {args.seed}, Parquet folder)", folder)


if __name__ == "__main__":
    main()
