"""Coverage of the true hazard ratios by the Cox model's 95% intervals, over many synthetic seeds.

For each seed a fresh synthetic registry of ``--n`` persons is generated, the time to the first job
derived from its episodes, and a Cox model stratified by trajectory fitted with the profile and the
latent employability (``evalkit.studies.survival.synthetic_truth_fit``). The script prints, per term,
the true log hazard ratio, the mean estimate, the mean standard error beside the spread of the
estimates, and how often the interval covered the truth; then the coverage over all terms.
About 95% is expected.

    python scripts/hr_coverage.py [--seeds 50] [--n 4000] [--first-seed 1000]
"""
from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

from evalkit.studies.survival import synthetic_truth_fit


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=50)
    parser.add_argument("--n", type=int, default=4000)
    parser.add_argument("--first-seed", type=int, default=1000)
    args = parser.parse_args()
    start = time.perf_counter()
    fits = []
    for seed in range(args.first_seed, args.first_seed + args.seeds):
        fit = synthetic_truth_fit(n=args.n, seed=seed)
        fits.append(fit.assign(seed=seed, events=fit.attrs["n_events"], rows=fit.attrs["n"]))
    all_fits = pd.concat(fits).rename_axis("term").reset_index()
    all_fits["z"] = (all_fits["coef"] - all_fits["truth"]) / all_fits["se"]
    per_term = all_fits.groupby("term", sort=False).agg(
        truth=("truth", "first"), mean_estimate=("coef", "mean"), mean_se=("se", "mean"),
        sd_estimate=("coef", "std"), coverage=("covered", "mean"))
    per_term["coverage"] = (100 * per_term["coverage"]).round(1)
    print(f"Cox model stratified by trajectory, profile + latent employability; {args.seeds} seeds "
          f"({args.first_seed}..{args.first_seed + args.seeds - 1}), n = {args.n} per seed "
          f"(mean {all_fits.groupby('seed')['events'].first().mean():.0f} first jobs).")
    with pd.option_context("display.width", 120, "display.max_columns", 10):
        print(per_term.round(3).to_string())
    covered = all_fits["covered"].to_numpy()
    p = covered.mean()
    half = 1.96 * np.sqrt(p * (1 - p) / len(covered))
    print(f"\nOverall coverage: {100 * p:.1f}% of {len(covered)} intervals "
          f"({covered.sum()} covered; +- {100 * half:.1f} points if the intervals were independent). "
          f"Expected: about 95%.")
    print(f"Standardised errors (estimate - truth) / se: mean {all_fits['z'].mean():+.3f}, "
          f"sd {all_fits['z'].std():.3f} (expected 0 and 1).")
    worst = per_term["coverage"].idxmin()
    print(f"Lowest coverage: {worst} ({per_term.loc[worst, 'coverage']:.1f}%). "
          f"Time: {time.perf_counter() - start:.0f} s.")


if __name__ == "__main__":
    main()
