"""The shared vocabulary of the ledger: universes, variables and their values.

Reports of one run can only be checked together if the same group is described the same way in each.
The conventions:

- Unit ``"persons"``: the universe is the cohort of the run's programme (one row per person of
  :func:`evalkit.outcomes.cohort`). A cell with no conditions counts the whole cohort.
- Profile variables, named as the cohort's columns: ``trajectory``, ``sex``, ``household``,
  ``age_group``, ``education``, ``nt2_group``, ``intake_period``. Values are the registry codes, with
  :data:`MISSING` for a missing value (:func:`as_codes`); their domains come from :func:`cohort_domains`.
  A merged category is the list of its codes.
- Status on a snapshot date: ``status@YYYY-MM-DD``, the snapshot's status code (``MISSING`` without a
  snapshot); "at work" is the list of work codes, so every table of work on that date adds up with the
  table of status codes.
- Outcomes and subgroups that one study defines are named ``<study>.<name>`` (for example
  ``survival.analysed`` = ``ja``/``nee``), with values that cover the whole cohort.
- Other units (``"spells"``, ``"jobs"``) have universes of their own, described where they are used.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

#: The code of a missing value in conditions.
MISSING = "<NA>"

#: The profile variables every study describes the same way.
PROFILE_VARIABLES = ("trajectory", "sex", "household", "age_group", "education", "nt2_group", "intake_period")

YES, NO = "ja", "nee"
YES_NO = (YES, NO)


def as_codes(values: pd.Series | Iterable) -> pd.Series:
    """Values as the strings used in conditions (missing as :data:`MISSING`).

    Examples
    --------
    >>> as_codes(pd.Series(["man", None])).tolist()
    ['man', '<NA>']
    """
    series = pd.Series(values)
    return series.astype(object).where(series.notna(), MISSING).astype(str)


def domain(values: pd.Series | Iterable) -> list[str]:
    """The sorted distinct codes of ``values`` (missing included when present)."""
    return sorted(set(as_codes(values)))


def cohort_domains(cohort: pd.DataFrame, variables: Iterable[str] = PROFILE_VARIABLES) -> dict[str, list[str]]:
    """Domains of the profile variables in the cohort (the same in every study of a run)."""
    return {v: domain(cohort[v]) for v in variables if v in cohort.columns}


def yes_no(flag: pd.Series) -> pd.Series:
    """A boolean series as ``ja``/``nee`` codes."""
    return pd.Series(flag).map({True: YES, False: NO}).astype(str)


def status_variable(date) -> str:
    """The name of the status variable on a snapshot date, e.g. ``status@2020-03-31``."""
    return f"status@{pd.Timestamp(date):%Y-%m-%d}"


def category_conditions(variable: str, categories: Mapping[str, Iterable[str]]) -> dict[str, dict[str, list[str]]]:
    """Row label -> conditions for a table with one row per (possibly merged) category."""
    return {label: {variable: [str(c) for c in codes]} for label, codes in categories.items()}
