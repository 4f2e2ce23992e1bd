"""Shared by the comparison estimators: checks of the treatment, estimand and focal group, and
the expansion of covariate columns for a propensity model and for balance."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd

from evalkit.errors import InputError, NotEstimable, require_columns

_ESTIMANDS = ("ATE", "ATT")


# --------------------------------------------------------------------------- input checks
def _as_list(columns) -> list[str]:
    if columns is None:
        return []
    if isinstance(columns, str):
        return [columns]
    return list(columns)


def _check_frame(data, columns: Sequence[str]) -> None:
    require_columns(data, columns)
    for col in columns:
        n = int(data[col].isna().sum())
        if n:
            raise InputError(f"column '{col}' has missing values in {n} row(s); drop them, or code them "
                             "as a category of their own (e.g. 'onbekend'), before the comparison")


def _levels(values: pd.Series) -> list:
    if isinstance(values.dtype, pd.CategoricalDtype):
        return [lv for lv in values.cat.categories if (values == lv).any()]
    return sorted(pd.unique(values).tolist(), key=lambda v: (str(type(v)), v))


def _treatment(data: pd.DataFrame, treatment: str, reference=None) -> tuple[np.ndarray, list]:
    """Integer codes of the treatment (reference level first) and the levels in that order."""
    levels = _levels(data[treatment])
    if len(levels) < 2:
        raise InputError(f"treatment column '{treatment}' has a single value ({levels[0]!r}); "
                         "there is nothing to compare")
    if reference is not None:
        if reference not in levels:
            raise InputError(f"reference {reference!r} does not occur in treatment column '{treatment}'; "
                             f"values: {levels}")
        levels = [reference] + [lv for lv in levels if lv != reference]
    codes = pd.Categorical(data[treatment], categories=levels).codes.astype(np.int64)
    return codes, levels


def _estimand(estimand: str) -> str:
    if estimand not in _ESTIMANDS:
        raise InputError(f"estimand must be one of {_ESTIMANDS}, got {estimand!r}")
    return estimand


def _focal(levels: list, estimand: str, focal):
    if estimand == "ATE":
        if focal is not None:
            raise InputError("focal applies to the ATT only (the group whose population is the target)")
        return None
    if focal is None:
        if len(levels) == 2:
            return levels[1]
        raise InputError(f"with more than two groups the ATT needs focal: one of {levels}")
    if focal not in levels:
        raise InputError(f"focal group {focal!r} does not occur in the treatment; values: {levels}")
    return focal


# --------------------------------------------------------------------------- covariates
@dataclass(frozen=True)
class _Covariates:
    """Covariates expanded for a model (k-1 dummies) and for balance (one indicator per level)."""

    model: np.ndarray           # n x p, without intercept
    model_names: list[str]
    balance: pd.DataFrame       # one column per balance term
    variable: dict[str, str]    # balance term -> covariate
    level: dict[str, object]    # balance term -> level (None for numeric)
    kind: dict[str, str]        # balance term -> "binary" / "continuous"


def _covariates(data: pd.DataFrame, covariates: Sequence[str]) -> _Covariates:
    covariates = _as_list(covariates)
    if not covariates:
        raise InputError("give at least one covariate")
    _check_frame(data, covariates)
    model, names, bal, variable, level, kind = [], [], {}, {}, {}, {}
    for col in covariates:
        values = data[col]
        numeric = pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)
        distinct = _levels(values)
        if numeric and len(distinct) > 2:
            x = values.to_numpy(dtype=float)
            model.append(x)
            names.append(col)
            bal[col], variable[col], level[col], kind[col] = x, col, None, "continuous"
            continue
        if len(distinct) < 2:
            continue  # a constant covariate carries no information about who got which treatment
        if len(distinct) == 2 and (numeric or pd.api.types.is_bool_dtype(values)):
            x = (values.to_numpy() == distinct[1]).astype(float)
            model.append(x)
            names.append(col)
            bal[col], variable[col], level[col], kind[col] = x, col, distinct[1], "binary"
            continue
        arr = values.to_numpy()
        for i, lv in enumerate(distinct):
            x = (arr == lv).astype(float)
            term = f"{col}={lv}"
            if i > 0:
                model.append(x)
                names.append(term)
            if len(distinct) == 2 and i == 0:
                continue  # a two-level category is one binary term (its second level)
            bal[term], variable[term], level[term], kind[term] = x, col, lv, "binary"
    if not model:
        raise NotEstimable("every covariate is constant in these data; there is nothing to adjust for",
                           "constant_covariates")
    return _Covariates(np.column_stack(model), names, pd.DataFrame(bal, index=data.index),
                       variable, level, kind)
