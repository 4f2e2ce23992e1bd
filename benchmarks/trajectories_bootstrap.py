"""Time of the trajectory comparison (IPW, bootstrap curves) and of the monthly sequences for
growing synthetic registries. Prints figures; asserts nothing.

Usage: python benchmarks/trajectories_bootstrap.py [--sizes 1662 5000 20000] [--n-boot 200]
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from evalkit.stats import sequences
from evalkit.registry import synth
from evalkit.studies import trajectories as tr
from evalkit.registry import load_registry


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1662, 5000, 20000])
    parser.add_argument("--n-boot", type=int, default=200)
    args = parser.parse_args()
    print(f"{'persons':>8} {'frame s':>8} {'compare s':>10} {'sequences s':>12}")
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            registry = load_registry(synth.write_synthetic_registry(Path(tmp) / "r", n=n, seed=1))
            t0 = time.perf_counter()
            frame = tr.analysis_frame(registry)
            t1 = time.perf_counter()
            tr.compare_trajectories(frame, n_boot=args.n_boot, seed=1)
            t2 = time.perf_counter()
            sequences.monthly_states(registry, frame, months=36)
            t3 = time.perf_counter()
        print(f"{n:>8} {t1 - t0:>8.2f} {t2 - t1:>10.2f} {t3 - t2:>12.2f}")


if __name__ == "__main__":
    main()
