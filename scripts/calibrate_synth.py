"""Fit the synthetic registry's model to the published COB Coevelt figures and choose the seed.

Usage: python scripts/calibrate_synth.py [--iterations 12] [--seeds 200]

Rewrites evalkit/registry/synth_parameters.json (fitted coefficients and rates, the chosen default seed and
a record of the fit). Regenerate the bundled registry afterwards: python scripts/build_default_registry.py
"""
from __future__ import annotations

import argparse
import json
from datetime import date
from importlib import resources

from evalkit.studies.overview import calibration
from evalkit.registry import synth


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--iterations", type=int, default=12)
    ap.add_argument("--seeds", type=int, default=200)
    ap.add_argument("--scale", type=int, default=20, help="simulated cohort = scale x 1662 persons per iteration")
    args = ap.parse_args()
    p = synth.load_parameters()
    p = calibration.fit_parameters(p, n=1662 * args.scale, iterations=args.iterations)
    seed, loss = calibration.choose_seed(p, seeds=range(1, args.seeds + 1))
    p["default_seed"] = seed
    p["calibration"] = {
        "date": date.today().isoformat(), "iterations": args.iterations, "simulated_n": 1662 * args.scale,
        "seeds_tried": args.seeds, "worst_deviation_over_tolerance": round(loss, 3),
        "note": "coefficients and rates fitted by evalkit.studies.overview.calibration.fit_parameters; default seed chosen by "
                "evalkit.studies.overview.calibration.choose_seed as the sample of 1662 that fits the published figures best",
    }
    path = resources.files("evalkit.registry").joinpath(synth.PARAMETERS_FILE)
    with open(str(path), "w", encoding="utf-8") as fh:
        json.dump(p, fh, indent=1)
        fh.write("\n")
    print(f"default seed {seed}: worst deviation / tolerance {loss:.2f}; written to {path}")


if __name__ == "__main__":
    main()
