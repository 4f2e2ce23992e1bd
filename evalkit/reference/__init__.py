"""Published figures the synthetic registry is calibrated to and the reports show beside their own.

``cob_coevelt_2020/`` holds the tables of the COB Coevelt evaluation (2020) as CSV, figures as printed
(its README gives the source and the caveats of each). Bottom layer: imports only :mod:`evalkit.errors`.
"""
from __future__ import annotations

from importlib import resources

import pandas as pd

from evalkit.errors import InputError


def published(name: str) -> pd.DataFrame:
    """A published COB Coevelt table (figures as printed), e.g. ``published("sex_by_work")``.

    Examples
    --------
    >>> published("trajectory_by_work").columns[0]
    'trajectory'
    """
    path = resources.files("evalkit.reference").joinpath("cob_coevelt_2020", f"{name}.csv")
    if not path.is_file():
        raise InputError(f"no published table named {name!r}")
    with path.open("r", encoding="utf-8") as fh:
        return pd.read_csv(fh, dtype={0: str}, keep_default_na=False)
