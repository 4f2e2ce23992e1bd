"""How long Turnbull's NPMLE takes on large interval-censored data (prints; asserts nothing).

Synthetic snapshot data (seeded): event times in days, seen only on a monthly snapshot grid of ten
years of which each person misses a few snapshots, so the event lies between the last snapshot
before it and the first one after it that the person attended; follow-up ends at a random snapshot
(right-censored, ``right`` infinite) and a few times are known exactly. Two groups. The rows hold a
few thousand distinct (group, left, right) patterns whatever their number. For every size the fit
is timed, then run again under tracemalloc for its peak memory.

    python benchmarks/turnbull_speed.py [--sizes 10000 100000 1000000] [--seed 1]
"""
from __future__ import annotations

import argparse
import resource
import time
import tracemalloc

import numpy as np
import pandas as pd

from evalkit.stats import interval

GRID = np.round(np.arange(121) * 30.44)  # monthly snapshots over ten years, in days


def snapshot_data(n: int, rng: np.random.Generator) -> pd.DataFrame:
    """``n`` persons with (left, right] from the snapshots they attended, a group and a weight."""
    group = rng.choice(np.array(["a", "b"]), n)
    t = rng.exponential(np.where(group == "a", 700.0, 1100.0))
    k = np.searchsorted(GRID, t, side="left")  # first snapshot at or after the event
    before = np.maximum(k - rng.geometric(0.45, n), 0)  # snapshots missed before ...
    after = k + rng.geometric(0.45, n) - 1  # ... and after it
    end = rng.integers(12, len(GRID), n)  # the last snapshot in follow-up
    censored = after > end
    left = np.where(censored, GRID[np.minimum(end, len(GRID) - 1)], GRID[np.minimum(before, len(GRID) - 1)])
    right = np.where(censored, np.inf, GRID[np.minimum(after, len(GRID) - 1)])
    exact = ~censored & (rng.random(n) < 0.02)  # a few dates known exactly: on a snapshot day
    left = np.where(exact, right, left)
    left = np.minimum(left, right)
    return pd.DataFrame({"left": left, "right": right, "group": group})


def timed(label: str, func):
    start = time.perf_counter()
    result = func()
    print(f"{label:<48} {time.perf_counter() - start:7.2f} s")
    return result


def peak_memory(func) -> float:
    """Peak memory (MB) that Python and numpy allocate while ``func`` runs."""
    tracemalloc.start()
    try:
        func()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    timed("importing scipy.optimize (not part of the timing)", lambda: __import__("scipy.optimize"))
    for n in args.sizes:
        data = snapshot_data(n, np.random.default_rng(args.seed))
        patterns = len(data.drop_duplicates(["group", "left", "right"]))
        print(f"rows: {n:,}  distinct patterns: {patterns:,}  right-censored: {np.isinf(data['right']).mean():.2f}")
        fit = lambda: interval.turnbull(data, "left", "right", by="group")
        curve = timed(f"turnbull(by='group'), {n:,} rows", fit)
        print(f"{'  peak memory (tracemalloc, second run)':<48} {peak_memory(fit):7.1f} MB")
        for f in curve.attrs["fit"]:
            print(f"  group {f['group']}: {len(curve[curve['group'] == f['group']])} innermost intervals, "
                  f"iterations {f['iterations']}, converged {f['converged']}, kkt_gap {f['kkt_gap']:.1e}")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux
    print(f"peak resident memory of the whole process (getrusage): {rss:.0f} MB")


if __name__ == "__main__":
    main()
