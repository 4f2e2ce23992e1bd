"""Write the inputs of the profile-model golden values from datasets that Python packages ship.

- ``inputs/fair.csv``: statsmodels' ``fair`` data (Fair's 1978 affairs survey, 6,366 women) with
  categorical versions of its columns, for the logistic (status) model.
- ``inputs/rossi.csv``: lifelines' Rossi recidivism data with categorical versions of its
  columns, for the Cox (time to first event) model.

Run from the repository root: ``python tests/golden/profiles/make_profile_inputs.py``.
"""
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent


def fair() -> pd.DataFrame:
    import statsmodels.api as sm

    d = sm.datasets.fair.load_pandas().data
    return pd.DataFrame({
        "affair": (d["affairs"] > 0).astype(int),
        "marriage": d["rate_marriage"].map({1: "low", 2: "low", 3: "low", 4: "good", 5: "very_good"}),
        "religion": d["religious"].map({1: "not", 2: "mildly", 3: "fairly", 4: "strongly"}),
        "kids": np.where(d["children"] > 0, "yes", "no"),
        "age_group": d["age"].map({17.5: "up_to_22", 22: "up_to_22", 27: "27", 32: "32", 37: "37_plus",
                                   42: "37_plus"}),
        "educ_group": d["educ"].map({9: "12_or_less", 12: "12_or_less", 14: "14", 16: "16", 17: "17_plus",
                                     20: "17_plus"}),
        "yrs_married": d["yrs_married"],
    })


def rossi() -> pd.DataFrame:
    from lifelines.datasets import load_rossi

    d = load_rossi()
    yes_no = {0: "no", 1: "yes"}
    return pd.DataFrame({
        "week": d["week"], "arrest": d["arrest"], "fin": d["fin"].map(yes_no),
        "age_group": pd.cut(d["age"], [0, 20, 25, 100], labels=["17-20", "21-25", "26+"]).astype(str),
        "prio_group": pd.cut(d["prio"], [-1, 0, 2, 100], labels=["0", "1-2", "3+"]).astype(str),
        "wexp": d["wexp"].map(yes_no), "mar": d["mar"].map(yes_no), "paro": d["paro"].map(yes_no),
        "age": d["age"],
    })


if __name__ == "__main__":
    (HERE / "inputs").mkdir(exist_ok=True)
    fair().to_csv(HERE / "inputs" / "fair.csv", index=False, lineterminator="\n")
    rossi().to_csv(HERE / "inputs" / "rossi.csv", index=False, lineterminator="\n")
