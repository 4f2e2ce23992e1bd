"""Write the inputs of the ``evalkit.compare`` reference test (``tests/test_compare_golden.py``).

Every input is a public dataset that a Python package ships (lifelines), so anyone can rebuild
these files and the R outputs. Run from the repository root::

    python tests/golden/compare/make_compare_inputs.py
    Rscript tests/golden/compare/compare.R
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from lifelines.datasets import load_gbsg2, load_rossi

from evalkit.stats.compare import bootstrap_indices

HERE = Path(__file__).resolve().parent
INPUTS = HERE / "inputs"
N_BOOT = 20
BOOT_SEED = 2024


def rossi() -> pd.DataFrame:
    """Rossi recidivism data; ``prio_group`` (0, 1-2, 3-5, 6+) adds a categorical covariate.
    The comparison is by work experience (``wexp``), which is confounded by age and prior arrests."""
    data = load_rossi()
    data["prio_group"] = pd.cut(data["prio"], [-1, 0, 2, 5, np.inf], labels=["0", "1-2", "3-5", "6+"]).astype(str)
    return data[["week", "arrest", "wexp", "fin", "age", "race", "mar", "paro", "prio", "prio_group"]]


def gbsg2() -> pd.DataFrame:
    """German Breast Cancer Study Group 2 with tumour grade (I, II, III) as a three-valued 'treatment'."""
    data = load_gbsg2()
    return data[["tgrade", "horTh", "age", "menostat", "tsize", "pnodes", "progrec", "estrec", "time", "cens"]]


def senators() -> pd.DataFrame:
    """The competing-risks senators data of the survival fixtures (death 1, retirement 2,
    resignation 3), compared by party (three values) with decade and quebec as covariates."""
    return pd.read_csv(HERE.parent / "inputs" / "senators.csv")


def main() -> None:
    INPUTS.mkdir(exist_ok=True)
    r = rossi()
    r.to_csv(INPUTS / "rossi.csv", index=False, lineterminator="\n")
    gbsg2().to_csv(INPUTS / "gbsg2.csv", index=False, lineterminator="\n")
    senators().to_csv(INPUTS / "senators.csv", index=False, lineterminator="\n")
    # Bootstrap samples (1-based row numbers for R), one column per replicate.
    idx = bootstrap_indices(len(r), N_BOOT, seed=BOOT_SEED) + 1
    pd.DataFrame(idx.T, columns=[f"b{i + 1}" for i in range(N_BOOT)]).to_csv(
        INPUTS / "rossi_bootstrap.csv", index=False, lineterminator="\n")


if __name__ == "__main__":
    main()
