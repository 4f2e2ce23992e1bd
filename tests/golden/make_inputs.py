"""Write the input data of the golden-value tests as CSV files in ``tests/golden/inputs/``.

Every input is a public dataset that a Python package ships (lifelines), so anyone can rebuild
these files and the R outputs that are compared against them. Derived columns are made
deterministically here; the rules are in ``tests/golden/README.md``.

Run from the repository root::

    python tests/golden/make_inputs.py
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import statsmodels.api as sm
from lifelines.datasets import (
    load_canadian_senators,
    load_gbsg2,
    load_lung,
    load_rossi,
    load_waltons,
)

HERE = Path(__file__).resolve().parent
INPUTS = HERE / "inputs"


def rossi() -> pd.DataFrame:
    """Rossi recidivism data plus inverse-probability weights for ``fin``.

    ``ipw`` are ATE weights from a logistic model of fin on age, prio, wexp, mar and paro, so
    the weighted Kaplan-Meier and Cox fits are exercised with realistic non-integer weights.
    ``nofin`` is ``1 - fin``: a column aliased with ``fin``, which a Cox fit must leave out (R: NA).
    """
    data = load_rossi()
    design = sm.add_constant(data[["age", "prio", "wexp", "mar", "paro"]].astype(float))
    propensity = sm.Logit(data["fin"].astype(float), design).fit(disp=0).predict(design)
    data["ipw"] = np.where(data["fin"] == 1, 1.0 / propensity, 1.0 / (1.0 - propensity))
    data["nofin"] = 1 - data["fin"]
    return data


def senators() -> pd.DataFrame:
    """Canadian senators' terms as a competing-risks dataset.

    Term ends by death (cause 1), retirement (cause 2) or resignation (cause 3); senators still
    sitting are censored (0). The three appointments declined on the day itself (duration 0)
    are dropped. ``years`` counts started years of service (many ties); ``days`` is the exact
    length. ``party`` groups the affiliation at appointment into liberal / conservative / other.
    """
    raw = load_canadian_senators()
    raw = raw[raw["reason"] != "Appointment declined"].reset_index(drop=True)
    cause = raw["reason"].map({"Death": 1, "Retirement": 2, "Resignation": 3})
    cause = cause.where(raw["observed"], 0).astype(int)
    affiliation = raw["Political Affiliation at Appointment"]
    party = np.where(
        affiliation == "Liberal Party of Canada",
        "liberal",
        np.where(affiliation.str.contains("Conservative"), "conservative", "other"),
    )
    appointed = pd.to_datetime(raw["start_date"]).dt.year
    return pd.DataFrame(
        {
            "days": raw["diff_days"].astype(int),
            "years": np.ceil(raw["diff_days"] / 365.25).astype(int),
            "cause": cause,
            "party": party,
            "liberal": (party == "liberal").astype(int),
            "decade": (appointed - 1900) / 10.0,
            "quebec": (raw["Province / Territory"] == "Quebec").astype(int),
        }
    )


def main() -> None:
    INPUTS.mkdir(parents=True, exist_ok=True)
    rossi().to_csv(INPUTS / "rossi.csv", index=False)
    load_lung().to_csv(INPUTS / "lung.csv", index=False)
    load_waltons().to_csv(INPUTS / "waltons.csv", index=False)
    load_gbsg2().to_csv(INPUTS / "gbsg2.csv", index=False)
    senators().to_csv(INPUTS / "senators.csv", index=False)


if __name__ == "__main__":
    main()
