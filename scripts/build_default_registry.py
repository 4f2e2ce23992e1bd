"""Regenerate the bundled synthetic registry (evalkit/synthetic_registry/) from the model.

Usage: python scripts/build_default_registry.py

The bundled registry is the default every notebook and report runs on: n = 1662 persons, the
calibrated default seed in evalkit/registry/synth_parameters.json. tests/test_synthetic.py checks that the
committed files equal what this script writes.
"""
from __future__ import annotations

import shutil

from evalkit.registry import synth


def main() -> None:
    target = synth.default_registry_path()
    if target.exists():
        shutil.rmtree(target)
    synth.write_synthetic_registry(target, n=synth.DEFAULT_N, seed=synth.default_seed())
    print(f"bundled registry written to {target}")


if __name__ == "__main__":
    main()
