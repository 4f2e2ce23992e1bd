"""End-to-end time and peak memory of ``evalkit synth``, ``evalkit validate`` and ``evalkit report all``.

Prints figures and asserts nothing (speed stays out of the tests). For each size it writes a synthetic
registry of that many persons (seeded, so every run measures the same data), validates it and renders
every study on it, each step as the command a user types, in a process of its own. The size 1662 is
the bundled registry's; it is also synthesised, so the three steps are timed alike.

For each step it prints the wall time, the peak resident memory of the largest single process
(the command or one of its notebook kernels) and the peak of the whole process tree (the command and
all its kernels and workers at once, sampled every 0.2 s).

    python benchmarks/end_to_end.py [--sizes 1662 100000 1000000] [--format csv] [--keep DIR]
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

EVALKIT = [sys.executable, "-m", "evalkit.cli"]


def measure(command: list[str]) -> dict[str, float]:
    """Run ``command``; its wall time, the largest process's peak RSS and the process tree's peak RSS."""
    wrapper = ("import resource, subprocess, sys; code = subprocess.run(sys.argv[1:]).returncode; "
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); sys.exit(code)")
    t0 = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", wrapper, *command],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    tree_peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal tree_peak
        root = psutil.Process(process.pid)
        while not done.is_set():
            try:
                procs = [root, *root.children(recursive=True)]
                tree_peak = max(tree_peak, sum(p.memory_info().rss for p in procs if p.is_running()))
            except psutil.Error:
                pass
            done.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = process.communicate()
    seconds = time.perf_counter() - t0
    done.set()
    sampler.join()
    if process.returncode:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}):\n{err[-3000:]}")
    largest_kib = int(err.strip().splitlines()[-1])  # ru_maxrss is in KiB on Linux
    return {"seconds": seconds, "largest_mb": largest_kib / 1024, "tree_mb": tree_peak / 2**20}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1662, 100_000])
    parser.add_argument("--format", choices=("csv", "parquet"), default="csv")
    parser.add_argument("--seed", type=int, default=None, help="synthesis seed (default: the calibrated one)")
    parser.add_argument("--keep", type=Path, default=None, help="keep registries and reports in this folder")
    args = parser.parse_args()

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="evalkit-e2e-"))
    work.mkdir(parents=True, exist_ok=True)
    env_note = f"{os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GB"
    print(f"evalkit end to end ({env_note}); registries as {args.format}")
    print(f"{'persons':>9}  {'step':<10} {'seconds':>8} {'largest MB':>11} {'tree MB':>9}")
    try:
        for n in args.sizes:
            registry, reports = work / f"registry_{n}", work / f"reports_{n}"
            shutil.rmtree(registry, ignore_errors=True)
            shutil.rmtree(reports, ignore_errors=True)
            seed = [] if args.seed is None else ["--seed", str(args.seed)]
            steps = {
                "synth": [*EVALKIT, "synth", "--out", str(registry), "--n", str(n), "--format", args.format, *seed],
                "validate": [*EVALKIT, "validate", str(registry)],
                "report all": [*EVALKIT, "report", "all", "--data", str(registry), "--out", str(reports)],
            }
            total = 0.0
            for name, command in steps.items():
                m = measure(command)
                total += m["seconds"]
                print(f"{n:>9,}  {name:<10} {m['seconds']:>8.1f} {m['largest_mb']:>11,.0f} {m['tree_mb']:>9,.0f}",
                      flush=True)
            print(f"{n:>9,}  {'total':<10} {total:>8.1f}", flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
