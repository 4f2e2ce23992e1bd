"""Shared by the survival estimators: input checks that name the column at fault, the model
matrix built from covariate columns, tie blocks of sorted times and the Wald coefficient table."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from evalkit.errors import InputError, require_columns

ALL = "all"  # the group label when no ``by`` column is given


# --------------------------------------------------------------------------- input checks
def _as_list(columns: str | Sequence[str] | None) -> list[str]:
    if columns is None:
        return []
    if isinstance(columns, str):
        return [columns]
    return list(columns)


_check_frame = require_columns


def _no_missing(data: pd.DataFrame, columns: Iterable[str], role: str) -> None:
    for col in columns:
        n_missing = int(data[col].isna().sum())
        if n_missing:
            raise InputError(
                f"{role} column '{col}' has missing values in {n_missing} row(s); "
                "drop or impute them before the analysis"
            )


def _durations(data: pd.DataFrame, duration: str) -> np.ndarray:
    col = data[duration]
    if not (pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col)):
        raise InputError(
            f"duration column '{duration}' must be numeric (time since the start of follow-up), "
            f"got dtype {col.dtype}"
        )
    _no_missing(data, [duration], "duration")
    values = col.to_numpy(dtype=float)
    if not np.all(np.isfinite(values)):
        raise InputError(f"duration column '{duration}' has infinite values")
    n_negative = int((values < 0).sum())
    if n_negative:
        raise InputError(
            f"duration column '{duration}' has negative values in {n_negative} row(s); "
            "a duration is time since the start of follow-up and cannot be negative"
        )
    return values


def _events01(data: pd.DataFrame, event: str) -> np.ndarray:
    col = data[event]
    _no_missing(data, [event], "event")
    if pd.api.types.is_bool_dtype(col):
        return col.to_numpy(dtype=float)
    if not pd.api.types.is_numeric_dtype(col):
        raise InputError(f"event column '{event}' must hold 0 (censored) or 1 (event), got dtype {col.dtype}")
    values = col.to_numpy(dtype=float)
    bad = ~np.isin(values, (0.0, 1.0))
    if bad.any():
        shown = sorted(pd.unique(col[bad]).tolist())[:5]
        raise InputError(
            f"event column '{event}' must hold 0 (censored) or 1 (event); found other values "
            f"{shown} in {int(bad.sum())} row(s). Several kinds of event are competing risks: "
            "use cumulative_incidence() or fine_gray(), or recode to 0/1 for 'any event'"
        )
    return values


def _event_codes(data: pd.DataFrame, event: str, censor_code) -> tuple[np.ndarray, list]:
    """Event column of a competing-risks analysis: the censor code or a cause code per row."""
    _no_missing(data, [event], "event")
    values = data[event].to_numpy()
    censored = values == censor_code
    causes = sorted(pd.unique(values[~censored]).tolist())
    if not causes:
        raise InputError(
            f"event column '{event}' holds only the censoring code {censor_code!r}; "
            "there are no events of any cause"
        )
    return values, causes


def _weights(data: pd.DataFrame, weights: str | None) -> np.ndarray:
    if weights is None:
        return np.ones(len(data))
    col = data[weights]
    if not pd.api.types.is_numeric_dtype(col) or pd.api.types.is_bool_dtype(col):
        raise InputError(f"weights column '{weights}' must be numeric, got dtype {col.dtype}")
    _no_missing(data, [weights], "weights")
    values = col.to_numpy(dtype=float)
    n_bad = int((~np.isfinite(values) | (values <= 0)).sum())
    if n_bad:
        raise InputError(f"weights column '{weights}' must be positive and finite; {n_bad} row(s) are not")
    return values


def _labels(data: pd.DataFrame, columns: list[str], role: str) -> tuple[np.ndarray, list]:
    """Integer codes for the combinations of ``columns`` and the sorted labels they stand for."""
    _no_missing(data, columns, role)
    if len(columns) == 1:
        values = data[columns[0]]
        if isinstance(values.dtype, pd.CategoricalDtype):
            levels = [lv for lv in values.cat.categories if (values == lv).any()]
        else:
            levels = sorted(pd.unique(values).tolist())
        codes = pd.Categorical(values, categories=levels).codes.astype(np.int64)
        return codes, levels
    combos = pd.MultiIndex.from_frame(data[columns].astype(object))
    levels = sorted(set(combos.tolist()))
    lookup = {lv: i for i, lv in enumerate(levels)}
    return np.array([lookup[c] for c in combos], dtype=np.int64), levels


@dataclass(frozen=True)
class _Design:
    """Numeric model matrix built from covariate columns, with the columns of each term."""

    matrix: np.ndarray
    names: list[str]
    terms: dict[str, list[int]]


def _design(
    data: pd.DataFrame,
    covariates: str | Sequence[str] | None,
    design: pd.DataFrame | None,
    reference: Mapping[str, object] | None,
) -> _Design:
    """Expand covariates into a model matrix: numeric columns as they are, others as treatment
    dummies against the first level (or the level named in ``reference``)."""
    reference = dict(reference or {})
    if design is not None:
        if covariates is not None:
            raise InputError("give either covariates (column names) or design (an expanded matrix), not both")
        if not isinstance(design, pd.DataFrame):
            raise InputError("design must be a DataFrame of numeric columns, one row per row of data")
        if len(design) != len(data):
            raise InputError(f"design has {len(design)} rows but the data has {len(data)}")
        for col in design.columns:
            if not pd.api.types.is_numeric_dtype(design[col]):
                raise InputError(f"design column '{col}' is not numeric; expand it first")
        _no_missing(design, list(design.columns), "design")
        matrix = design.to_numpy(dtype=float)
        names = [str(c) for c in design.columns]
        for j, name in enumerate(names):
            if np.all(matrix[:, j] == matrix[0, j]):
                raise InputError(f"design column '{name}' has a single value; it cannot be estimated")
        return _Design(matrix, names, {name: [j] for j, name in enumerate(names)})

    covariates = _as_list(covariates)
    if not covariates:
        raise InputError("give at least one covariate")
    _check_frame(data, covariates)
    unknown = set(reference) - set(covariates)
    if unknown:
        raise InputError(f"reference given for {sorted(unknown)}, which are not among the covariates")
    missing = {c: int(data[c].isna().sum()) for c in covariates}
    missing = {c: n for c, n in missing.items() if n}
    if missing:
        n_rows = int(data[covariates].isna().any(axis=1).sum())
        detail = ", ".join(f"'{c}' ({n} rows)" for c, n in missing.items())
        raise InputError(
            f"covariates have missing values in {n_rows} row(s): {detail}; "
            "drop or impute them before fitting"
        )
    blocks, names, terms = [], [], {}
    for col in covariates:
        values = data[col]
        numeric = pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)
        if numeric:
            x = values.to_numpy(dtype=float)
            if np.all(x == x[0]):
                raise InputError(f"covariate '{col}' has a single value ({x[0]:g}); it cannot be estimated")
            if col in reference:
                raise InputError(f"covariate '{col}' is numeric; a reference level applies only to categories")
            terms[col] = [len(names)]
            names.append(col)
            blocks.append(x[:, None])
            continue
        if isinstance(values.dtype, pd.CategoricalDtype):
            levels = [lv for lv in values.cat.categories if (values == lv).any()]
        else:
            levels = sorted(pd.unique(values).tolist(), key=lambda v: (str(type(v)), v))
        if len(levels) < 2:
            raise InputError(f"covariate '{col}' has a single value ({levels[0]!r}); it cannot be estimated")
        ref = reference.get(col, levels[0])
        if ref not in levels:
            raise InputError(f"reference level {ref!r} of covariate '{col}' does not occur; levels: {levels}")
        others = [lv for lv in levels if lv != ref]
        arr = values.to_numpy()
        terms[col] = list(range(len(names), len(names) + len(others)))
        for lv in others:
            names.append(f"{col}[T.{lv}]")
            blocks.append((arr == lv).astype(float)[:, None])
    return _Design(np.hstack(blocks), names, terms)


def _conf_z(conf_level: float) -> float:
    if not 0 < conf_level < 1:
        raise InputError(f"conf_level must be between 0 and 1, got {conf_level}")
    return float(stats.norm.ppf(1 - (1 - conf_level) / 2))



# --------------------------------------------------------------------------- tie blocks
def _distinct_times(time: np.ndarray):
    """Sort order, distinct times and the start index of each tie block in sorted order."""
    order = np.argsort(time, kind="stable")
    sorted_time = time[order]
    starts = np.flatnonzero(np.r_[True, sorted_time[1:] != sorted_time[:-1]])
    return order, sorted_time[starts], starts


# --------------------------------------------------------------------------- coefficient table
def _wald_table(beta: np.ndarray, se: np.ndarray, z_crit: float, names, ratio: str) -> pd.DataFrame:
    """Coefficient table with Wald z-tests and intervals for the ratio ``exp(coef)`` (named ``ratio``)."""
    z = beta / se
    return pd.DataFrame(
        {
            "coef": beta,
            ratio: np.exp(beta),
            "se": se,
            "ci_lower": np.exp(beta - z_crit * se),
            "ci_upper": np.exp(beta + z_crit * se),
            "z": z,
            "p_value": 2 * stats.norm.sf(np.abs(z)),
        },
        index=pd.Index(names, name="term"),
    )
