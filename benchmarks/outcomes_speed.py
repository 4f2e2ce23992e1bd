"""How long outcome derivation takes for a large registry (prints; asserts nothing).

The bundled synthetic registry (1,662 persons) is copied under new pseudonyms until it holds about
``--persons`` persons (default one million), then the cohort, the first-job outcomes (for every
named durable-job definition) and the snapshot intervals are derived and timed.

    python benchmarks/outcomes_speed.py [--persons 1000000]
"""
from __future__ import annotations

import argparse
import time
from types import SimpleNamespace

import numpy as np
import pandas as pd

from evalkit import outcomes
from evalkit.registry import load_registry


def tiled(registry, copies: int) -> SimpleNamespace:
    """The registry repeated ``copies`` times under new pseudonyms (``<id>_<copy>``)."""
    def new_ids(values: pd.Series):
        codes, uniques = pd.factorize(values)
        names = np.array([f"{u}_{c}" for c in range(copies) for u in uniques], dtype=object)
        return lambda: names[(codes[None, :] + len(uniques) * np.arange(copies)[:, None]).ravel()]

    def repeat(df: pd.DataFrame, id_columns: list[str]) -> pd.DataFrame:
        rows = np.tile(np.arange(len(df)), copies)
        out = {c: df[c].take(rows).to_numpy() if df[c].dtype == object else df[c].take(rows).reset_index(drop=True)
               for c in df.columns if c not in id_columns}
        out.update({c: new_ids(df[c])() for c in id_columns})
        return pd.DataFrame(out)[list(df.columns)]

    return SimpleNamespace(
        persons=repeat(registry.persons, ["person_id"]),
        intakes=repeat(registry.intakes, ["intake_id", "person_id"]),
        episodes=repeat(registry.episodes, ["episode_id", "person_id"]),
        status_snapshots=repeat(registry.status_snapshots, ["person_id"]),
        extraction_dates=dict(registry.extraction_dates),
    )


def timed(label: str, func):
    start = time.perf_counter()
    result = func()
    print(f"{label:<48} {time.perf_counter() - start:7.2f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=1_000_000)
    args = parser.parse_args()
    base = load_registry("synthetic")
    copies = max(1, round(args.persons / len(base.persons)))
    registry = timed("building the test registry (not part of the timing)", lambda: tiled(base, copies))
    print(f"persons: {len(registry.persons):,}  episodes: {len(registry.episodes):,}  "
          f"snapshots: {len(registry.status_snapshots):,}")
    cohort = timed("cohort()", lambda: outcomes.cohort(registry))
    for name in outcomes.DURABLE_DEFINITIONS:
        jobs = timed(f"first_jobs(durable={name!r})", lambda: outcomes.first_jobs(registry, cohort, durable=name))
    timed("snapshot_intervals(months=[12])", lambda: outcomes.snapshot_intervals(registry, cohort, months=[12]))
    timed("snapshot_intervals() (every snapshot)", lambda: outcomes.snapshot_intervals(registry, cohort))
    print(f"share with any job: {jobs['any_job'].mean():.3f} (the bundled registry alone: "
          f"{outcomes.first_jobs(base, outcomes.cohort(base))['any_job'].mean():.3f})")


if __name__ == "__main__":
    main()
