"""Write the inputs of the interval-censoring golden tests as CSV files in ``tests/golden/inputs/``.

Two interval-censored datasets that lifelines ships:

- ``mice.csv`` - Hoel & Walburg's lung tumours in mice, current-status data: ``l``, ``u`` (days;
  a tumour was found at death on day ``u`` when ``l`` is 0, none was found at death on day ``l``
  when ``u`` is empty), ``grp`` (``ce`` conventional environment, ``ge`` germ-free).
- ``diabetes.csv`` - Borch-Johnsen et al.'s onset of diabetic nephropathy: ``left``, ``right``
  (years since onset of diabetes; equal when known exactly), ``gender``.

An empty right end means right-censored (R's ``NA`` in ``Surv(type = "interval2")``).

Run from the repository root::

    python tests/golden/make_interval_inputs.py
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
from lifelines.datasets import load_diabetes, load_mice

INPUTS = Path(__file__).resolve().parent / "inputs"


def main() -> None:
    INPUTS.mkdir(exist_ok=True)
    mice = load_mice()[["l", "u", "grp"]]
    mice["u"] = mice["u"].where(np.isfinite(mice["u"]))
    mice.to_csv(INPUTS / "mice.csv", index=False, lineterminator="\n")
    diabetes = load_diabetes()[["left", "right", "gender"]]
    diabetes.to_csv(INPUTS / "diabetes.csv", index=False, lineterminator="\n")


if __name__ == "__main__":
    main()
