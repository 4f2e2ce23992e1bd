"""Print the profile study's estimates beside the synthetic registry's true effects.

For a synthetic registry (default: the bundled one; or ``--n``/``--seed`` for a fresh sample) the
script fits the Cox model of the time to the first job three ways - raw, adjusted within the
trajectory, and adjusted with the latent employability that the registry does not hold - and
prints them as log hazard ratios beside the generator's true values, with the coverage of the 95%
intervals of the last fit. Run from the repository root::

    python scripts/profile_truth.py
    python scripts/profile_truth.py --n 5000 --seed 11
"""
from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import pandas as pd

from evalkit.studies import profiles
from evalkit.registry import synth
from evalkit.registry import load_registry


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=None, help="generate a registry of this size")
    parser.add_argument("--seed", type=int, default=None, help="seed of the generated registry")
    args = parser.parse_args()
    if args.n is None and args.seed is None:
        folder = synth.default_registry_path()
    else:
        folder = synth.write_synthetic_registry(Path(tempfile.mkdtemp()) / "registry",
                                                n=args.n or synth.DEFAULT_N, seed=args.seed)
    registry = load_registry(folder)
    analysis, _ = profiles.prepare(profiles.profile_data(registry))
    table = profiles.truth_comparison(registry, analysis)
    with pd.option_context("display.width", 160, "display.max_columns", 20):
        print(f"{folder}: {len(analysis)} intakes in the analysis")
        print(table.round(3).to_string(index=False))
    print(f"true value inside the 95% interval (with the latent): {int(table['covered'].sum())} of {len(table)}")


if __name__ == "__main__":
    main()
