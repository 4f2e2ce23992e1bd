"""Analysis frames of the profile study: one row per intake, missing values and small groups.

:func:`profile_data` builds the frame from a registry; :func:`missing_values` counts what is
missing or unknown; :func:`prepare` drops or keeps those values and merges small categories
before any model is fitted. The constants name the characteristics, their reference categories and
the codes of unknown and merged categories; :func:`_levels` puts categories in display order.
"""
from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd

from evalkit.errors import InputError, NotEstimable, require_columns
from evalkit.publish import labels as common
from evalkit.publish.degrade import degrades

#: The profile characteristics of the study, in report order.
PROFILE_VARIABLES = ("sex", "household", "age_group", "nt2_group", "education", "origin_region", "intake_period")
#: Reference category of each characteristic (the generator of the synthetic registry uses the same).
REFERENCE = {"sex": "man", "household": "alleenstaande", "age_group": "18-24", "nt2_group": "0",
             "education": "laag", "origin_region": "midden_oosten", "intake_period": "2017H1",
             "trajectory": "lineair"}
#: Category of missing and unknown values when they are kept as a category.
UNKNOWN = "onbekend"
#: Dutch level at intake, grouped: none, below 1.1, 1.1, 1.2, 2.x and higher.
NT2_GROUPS = ("0", "<1.1", "1.1", "1.2", "2.x+")
#: Joins the codes of merged categories ("laag|geen": low, with the few without schooling).
MERGE_SEP = "|"
MISSING_HANDLING = ("complete_case", "category")
KINDS = ("status", "first_job")


# --------------------------------------------------------------------------- categories
def _order(variable: str) -> list[str]:
    """Display order of the categories of a characteristic (code-list order where there is one)."""
    if variable == "nt2_group":
        return list(NT2_GROUPS)
    if variable == "origin_region":
        from evalkit.registry.schema import codelist

        return list(codelist("origin_region")["code"].astype(str))
    return [c for c in common.category_order(variable) if c != UNKNOWN]


def _levels(variable: str, values: pd.Series) -> list:
    """The categories present, in display order; unknown last, unlisted ones sorted after the listed."""
    present = pd.unique(values.dropna())
    order = {c: i for i, c in enumerate(_order(variable))}

    def key(code):
        first = str(code).split(MERGE_SEP)[0]
        if first == UNKNOWN:
            return (2, 0, str(code))
        if first in order:
            return (0, order[first], str(code))
        return (1, 0, str(code))

    return sorted(present, key=key)


# --------------------------------------------------------------------------- data
def profile_data(registry, snapshot_date="2020-03-31", programme: str | None = "COB") -> pd.DataFrame:
    """One row per intake: the profile at intake, the status on ``snapshot_date`` and the time to
    the first job.

    Parameters
    ----------
    registry : Registry
        A loaded registry (:func:`evalkit.registry.load_registry`).
    snapshot_date : date-like
        Day on which the work status is read (VDAB status recoded to work / no work, as in
        :func:`evalkit.outcomes.cohort_snapshot`; no status counts as no work, as published).
    programme : str or None
        Intake programme defining the cohort (``None``: every programme).

    Returns
    -------
    DataFrame
        ``intake_id``, ``trajectory`` (assigned at intake), ``intake_date``, the characteristics of
        :data:`PROFILE_VARIABLES` (``nt2_group`` groups ``nt2_level_at_intake``: 0, <1.1, 1.1, 1.2,
        2.x+; ``age_group`` and ``intake_period`` as in the overview), ``nt2_level_at_intake``,
        ``work`` (1/0 on the snapshot date; missing for intakes after it, and for everyone when the
        registry has no status on that date at all), ``days_to_any_job`` and
        ``any_job`` (days from intake to the first job of any kind, 1 = found, 0 = censored).
        Missing and unknown values (household ``onbekend`` included) are missing (``NaN``):
        :func:`prepare` decides what to do with them. No person identifiers.

    Notes
    -----
    The cohort and the time to the first job come from :func:`evalkit.outcomes.cohort` and
    :func:`evalkit.outcomes.first_jobs`: the first employment spell running on or after the
    intake, follow-up ending at the extraction date of the sources that register jobs or earlier
    at the end of the person's last benefit or employment registration (someone who left the
    registers is no longer observed; keeping them "at risk" until the extraction date would make
    every hazard ratio smaller).

    Examples
    --------
    >>> from evalkit.registry import load_registry
    >>> data = profile_data(load_registry("synthetic"))
    >>> len(data), round(100 * float(data["work"].mean()), 1), int(data["any_job"].sum())
    (1662, 50.2, 1512)
    """
    from evalkit import outcomes

    outcomes.require_tables(registry, {"intakes": ["intake_id", "person_id", "intake_date", "trajectory"],
                                       "persons": ["person_id"],
                                       "episodes": ["person_id", "kind", "start_date", "end_date", "contract"]})
    cohort = outcomes.cohort(registry, programme=programme)
    if len(cohort) == 0:
        raise InputError(f"no intakes of programme {programme!r} in the registry")
    frame = outcomes.first_jobs(registry, cohort)
    frame["nt2_group"] = frame["nt2_group"].replace({"missing": np.nan})
    for col in PROFILE_VARIABLES:
        values = frame[col].astype(object)
        frame[col] = values.where(values.notna() & (values != UNKNOWN), np.nan)
    snap = outcomes.cohort_snapshot(registry, pd.Timestamp(snapshot_date), programme=programme)
    frame = frame.merge(snap[["intake_id", "work"]], on="intake_id", how="left", validate="one_to_one")
    frame["work"] = frame["work"].astype(float)
    if snap["status_code"].isna().all():  # no snapshot on that date: the status is unknown, not "no work"
        frame["work"] = np.nan
    columns = ["intake_id", "trajectory", "intake_date", *PROFILE_VARIABLES, "nt2_level_at_intake",
               "work", "days_to_any_job", "any_job"]
    return frame[columns].reset_index(drop=True)


_check_columns = require_columns


def _as_tuple(columns) -> tuple[str, ...]:
    if columns is None:
        return ()
    if isinstance(columns, str):
        return (columns,)
    return tuple(columns)


def _is_numeric(values: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)


def missing_values(data: pd.DataFrame, covariates: Sequence[str] = PROFILE_VARIABLES) -> pd.DataFrame:
    """Persons with a missing or unknown value, per characteristic and in any of them.

    Returns
    -------
    DataFrame
        ``variable`` (the last row is ``"any"``: missing in at least one), ``n_missing``,
        ``pct_missing`` (of all rows). Counts are not disclosure-controlled here; see
        :func:`present_missing`.

    Examples
    --------
    >>> df = pd.DataFrame({"sex": ["man", None, "vrouw"], "household": ["onbekend", None, "samenwoner"]})
    >>> missing_values(df, ["sex", "household"])["n_missing"].tolist()
    [1, 2, 2]
    """
    covariates = _as_tuple(covariates)
    _check_columns(data, covariates)
    unknown = pd.DataFrame({c: data[c].isna() | (data[c].astype(object) == UNKNOWN) for c in covariates})
    counts = list(unknown.sum().astype(int)) + [int(unknown.any(axis=1).sum())]
    out = pd.DataFrame({"variable": list(covariates) + ["any"], "n_missing": counts})
    out["pct_missing"] = 100 * out["n_missing"] / len(data)
    return out


@degrades
def prepare(data: pd.DataFrame, covariates: Sequence[str] = PROFILE_VARIABLES, missing: str = "complete_case",
            min_cell_size: int = 10, reference: Mapping[str, Any] | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Handle missing values and merge small groups, before any model is fitted.

    Parameters
    ----------
    data : DataFrame
        E.g. from :func:`profile_data`.
    covariates : sequence of str
        Characteristics to prepare (numeric ones are only checked for missing values).
    missing : {"complete_case", "category"}
        ``"complete_case"`` drops every row with a missing or unknown value in ``covariates``;
        ``"category"`` keeps them as a category ``onbekend`` of their own (numeric covariates cannot
        have one: their missing rows are dropped).
    min_cell_size : int
        Categories with fewer persons are merged: an unknown category into the reference category,
        others into their neighbour in display order (the one before, or after for the first),
        until no category is smaller. A merged category's code joins the codes with ``"|"``
        (``"laag|geen"``), the target first.
        The prepared frame's ``attrs["known"]`` names the characteristics whose value is known for
        every row by definition (all of them in a complete-case analysis, the numeric ones otherwise).
    reference : dict, optional
        Reference category per characteristic (default :data:`REFERENCE`).

    Returns
    -------
    (DataFrame, DataFrame)
        The prepared rows, and the merges: ``variable``, ``category`` (code merged away), ``into``
        (code it joined) - no counts.

    Examples
    --------
    >>> df = pd.DataFrame({"education": ["laag"] * 12 + ["hoog"] * 10 + ["geen"] * 2,
    ...                    "sex": ["man"] * 23 + [None]})
    >>> prepared, merges = prepare(df, ["education", "sex"], min_cell_size=10)
    >>> len(prepared), sorted(prepared["education"].unique())
    (23, ['hoog', 'laag|geen'])
    >>> merges.to_dict("records")
    [{'variable': 'education', 'category': 'geen', 'into': 'laag'}]
    """
    covariates = _as_tuple(covariates)
    _check_columns(data, covariates)
    if missing not in MISSING_HANDLING:
        raise InputError(f"missing must be one of {MISSING_HANDLING}, not {missing!r}")
    _check_min_cell_size(min_cell_size)
    reference = {**REFERENCE, **dict(reference or {})}
    out = data.copy()
    numeric = [c for c in covariates if _is_numeric(out[c])]
    categorical = [c for c in covariates if c not in numeric]
    unknown = pd.DataFrame({c: out[c].isna() | (out[c].astype(object) == UNKNOWN) for c in categorical},
                           index=out.index)
    if missing == "complete_case":
        drop = unknown.any(axis=1) if categorical else pd.Series(False, index=out.index)
    else:
        for c in categorical:
            out[c] = out[c].astype(object).where(~unknown[c], UNKNOWN)
        drop = pd.Series(False, index=out.index)
    if numeric:
        drop = drop | out[numeric].isna().any(axis=1)
    out = out[~drop.to_numpy()].reset_index(drop=True)
    if len(out) == 0:
        raise NotEstimable("no rows are left after dropping missing values; use missing='category'", "no_rows")
    merges = []
    for col in categorical:
        values = out[col].astype(object)
        while True:
            counts = values.value_counts()
            levels = _levels(col, values)
            small = [lv for lv in levels if counts[lv] < min_cell_size]
            if not small or len(levels) < 2:
                break
            code = min(small, key=lambda lv: (counts[lv], levels.index(lv)))
            others = [lv for lv in levels if lv != code]
            if str(code).split(MERGE_SEP)[0] == UNKNOWN:
                ref = _find_level(others, reference.get(col))
                target = ref if ref is not None else max(others, key=lambda lv: counts[lv])
            else:
                known = [lv for lv in others if str(lv).split(MERGE_SEP)[0] != UNKNOWN] or others
                position = levels.index(code)
                before = [lv for lv in known if levels.index(lv) < position]
                target = before[-1] if before else known[0]
            merges += [(col, part, str(target).split(MERGE_SEP)[0]) for part in str(code).split(MERGE_SEP)]
            values = values.replace({code: f"{target}{MERGE_SEP}{code}", target: f"{target}{MERGE_SEP}{code}"})
        out[col] = values
    # By definition of the analysis: the characteristics every person of it has a known value of.
    out.attrs["known"] = tuple(covariates) if missing == "complete_case" else tuple(numeric)
    return out, pd.DataFrame(merges, columns=["variable", "category", "into"])


def _find_level(levels: Sequence, wanted) -> Any:
    """The level equal to ``wanted`` or holding it among its merged codes."""
    if wanted is None:
        return None
    for lv in levels:
        if str(wanted) in str(lv).split(MERGE_SEP):
            return lv
    return None


def _check_min_cell_size(min_cell_size) -> None:
    if isinstance(min_cell_size, bool) or not isinstance(min_cell_size, (int, np.integer)) or min_cell_size < 1:
        raise InputError(f"min_cell_size must be a whole number of at least 1, not {min_cell_size!r}")
