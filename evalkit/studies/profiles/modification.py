"""Effect modification: which approach works for whom.

:func:`effect_modification` compares each trajectory with the reference trajectory within every
category of a characteristic, tests the interaction with a likelihood-ratio test and corrects the
p-values over the characteristics with Holm's method (:func:`_holm`).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from evalkit.errors import InputError, NotEstimable
from evalkit.publish.degrade import degrades
from evalkit.studies.profiles.frames import (KINDS, PROFILE_VARIABLES, REFERENCE, _as_tuple, _check_min_cell_size,
                                             _is_numeric)
from evalkit.studies.profiles.models import (_binary, _check_conf, _check_events, _estimable, _expit, _fit_cox,
                                             _fit_logit, _spec, _status_outcome, _validate)


@dataclass(frozen=True, eq=False)
class EffectModification:
    """Contrasts of a modifier (the trajectory) within each profile group, with interaction tests.

    Attributes
    ----------
    kind : {"status", "first_job"}
    modifier, modifier_reference : the modifier column and its reference level (e.g. ``lineair``).
    estimates : DataFrame
        Per ``variable``, ``category`` and ``contrast`` (a modifier level compared with the
        reference): ``estimated`` (False when the modifier level or its reference has fewer than
        ``min_cell_size`` persons, or persons with and without the outcome, in that category - no
        estimate is given), ``n`` (persons of the category in the two levels compared), ``coef``,
        ``se``, ``estimate`` (odds or hazard ratio), ``ci_lower``, ``ci_upper``, ``p_value``; for
        the status model also ``ame``, ``ame_ci_lower``, ``ame_ci_upper`` (percentage points,
        averaged over the persons of the category).
    tests : DataFrame
        Per ``variable``: likelihood-ratio ``statistic`` of the interaction modifier x variable
        (model with against without the products), ``df`` (products estimated), ``p_value`` and
        ``p_holm`` (Holm's correction over the variables tested).
    left_out : tuple of str
        Covariates left out because they have a single value in these data (not tested either).
    """

    kind: str
    modifier: str
    modifier_reference: Any
    estimates: pd.DataFrame
    tests: pd.DataFrame
    min_cell_size: int
    conf_level: float
    left_out: tuple[str, ...] = ()


@degrades
def effect_modification(data: pd.DataFrame, kind: str = "first_job", variables: Sequence[str] | None = None,
                        modifier: str = "trajectory", covariates: Sequence[str] = PROFILE_VARIABLES,
                        outcome: str = "work", duration: str = "days_to_any_job", event: str = "any_job",
                        reference: Mapping[str, Any] | None = None, min_cell_size: int = 10,
                        conf_level: float = 0.95) -> EffectModification:
    """Which approach works for whom: the modifier's contrasts within each category of each variable.

    For every ``variable`` one model: all ``covariates`` (adjusted), the modifier, and the products
    of the modifier's dummies with the variable's dummies - but only for cells (modifier level x
    category, and the reference level x that category) with at least ``min_cell_size`` persons and
    as many with and without the outcome; smaller cells share the contrast of the reference
    category and get no estimate of their own. The interaction test is the likelihood-ratio test of
    the products; Holm's method corrects the p-values for testing several variables.

    Parameters
    ----------
    data : DataFrame
        Prepared rows (see :func:`prepare`).
    kind : {"first_job", "status"}
        Cox model of ``duration``/``event`` (hazard ratios), or logistic model of ``outcome`` (odds
        ratios and marginal effects in percentage points within the category).
    variables : sequence of str, optional
        The profile variables to cross with the modifier (default: the categorical ``covariates``).
    modifier : str
        The approach compared (default ``trajectory``; reference from :data:`REFERENCE`).
    covariates, outcome, duration, event, reference, min_cell_size, conf_level
        As for :func:`status_model` and :func:`first_job_model`.

    Returns
    -------
    EffectModification
        Covariates with a single value in ``data`` are left out of the models and not tested
        (``left_out``), as in :func:`~evalkit.studies.profiles.status_model`.

    Examples
    --------
    >>> from lifelines.datasets import load_rossi
    >>> df = load_rossi().assign(fin=lambda d: d["fin"].map({0: "no", 1: "yes"}),
    ...                          wexp=lambda d: d["wexp"].map({0: "no", 1: "yes"}))
    >>> em = effect_modification(df, "first_job", ["wexp"], modifier="fin", covariates=["wexp", "prio"],
    ...                          duration="week", event="arrest", reference={"fin": "no", "wexp": "no"})
    >>> em.estimates[["category", "contrast", "estimated", "estimate"]].round(2)
      category contrast  estimated  estimate
    0       no      yes       True      0.66
    1      yes      yes       True      0.69
    >>> em.tests.round(3)
      variable  statistic  df  p_value  p_holm
    0     wexp      0.011   1    0.915   0.915
    """
    if kind not in KINDS:
        raise InputError(f"kind must be one of {KINDS}, not {kind!r}")
    _check_min_cell_size(min_cell_size)
    _check_conf(conf_level)
    covariates = _as_tuple(covariates)
    if modifier in covariates:
        raise InputError(f"the modifier '{modifier}' is also among the covariates; drop it there")
    needed = [outcome] if kind == "status" else [duration, event]
    _validate(data, covariates, needed, modifier)
    frame = data.reset_index(drop=True)
    y = _status_outcome(frame, outcome) if kind == "status" else _binary(frame, event, "event")
    variables = tuple(c for c in covariates if not _is_numeric(frame[c])) if variables is None else _as_tuple(variables)
    unknown = [v for v in variables if v not in covariates]
    if unknown:
        raise InputError(f"variables {unknown} are not among the covariates {list(covariates)}")
    covariates, left_out = _estimable(frame, covariates)
    if variables and all(v in left_out for v in variables):
        raise NotEstimable(f"every variable to cross with '{modifier}' has a single value in these data",
                           "single_category", variable=variables[0])
    variables = tuple(v for v in variables if v not in left_out)
    reference = {**REFERENCE, **dict(reference or {})}
    intercept = kind == "status"
    base = _spec(frame, covariates + (modifier,), reference, intercept=intercept)
    if kind == "first_job":
        _check_events(frame, base, y)
    fit0 = _fit_logit(y, base, frame) if kind == "status" else _fit_cox(frame, duration, event, base, None)
    z = stats.norm.ppf(1 - (1 - conf_level) / 2)
    mod_levels = base.levels[modifier]
    mod_values = frame[modifier].to_numpy(dtype=object)
    rows, tests = [], []
    for variable in variables:
        if variable in base.numeric:
            raise InputError(f"variable '{variable}' is numeric; effect modification needs categories")
        cats = base.levels[variable]
        values = frame[variable].to_numpy(dtype=object)
        n_cell = pd.crosstab(mod_values, values).reindex(index=mod_levels, columns=cats, fill_value=0)
        k_cell = pd.crosstab(mod_values, values, values=y, aggfunc="sum").reindex(
            index=mod_levels, columns=cats).fillna(0)
        ok = (n_cell >= min_cell_size) & (k_cell >= min_cell_size)
        if kind == "status":
            ok &= n_cell - k_cell >= min_cell_size
        ok_contrast = ok & ok.loc[mod_levels[0]]
        pairs = tuple((modifier, m, variable, c) for m in mod_levels[1:] for c in cats[1:] if ok_contrast.loc[m, c])
        spec = replace(base, interactions=pairs)
        fit = (_fit_logit(y, spec, frame) if kind == "status"
               else _fit_cox(frame, duration, event, spec, None))
        df = len(pairs)
        stat = 2 * (fit.loglik - fit0.loglik) if df else np.nan
        tests.append((variable, max(stat, 0.0) if df else np.nan, df, float(stats.chi2.sf(stat, df)) if df else np.nan))
        names = spec.names
        for c in cats:
            for m in mod_levels[1:]:
                n_pair = int(n_cell.loc[m, c] + n_cell.loc[mod_levels[0], c])
                estimated = bool(ok_contrast.loc[m, c]) and (c == cats[0] or (modifier, m, variable, c) in pairs)
                row = {"variable": variable, "category": c, "contrast": m, "estimated": estimated, "n": n_pair,
                       "coef": np.nan, "se": np.nan}
                if estimated:
                    g = np.zeros(len(names))
                    g[names.index(f"{modifier}[T.{m}]")] = 1.0
                    if c != cats[0]:
                        g[names.index(f"{modifier}[T.{m}]:{variable}[T.{c}]")] = 1.0
                    row["coef"] = float(g @ fit.params)
                    row["se"] = float(np.sqrt(g @ fit.cov @ g))
                    if kind == "status":
                        sub = frame[values == c]
                        p1 = _expit(spec.matrix(sub.assign(**{modifier: m})) @ fit.params)
                        p0 = _expit(spec.matrix(sub.assign(**{modifier: mod_levels[0]})) @ fit.params)
                        X1 = spec.matrix(sub.assign(**{modifier: m}))
                        X0 = spec.matrix(sub.assign(**{modifier: mod_levels[0]}))
                        grad = ((p1 * (1 - p1))[:, None] * X1 - (p0 * (1 - p0))[:, None] * X0).mean(axis=0)
                        row["ame"] = 100 * float((p1 - p0).mean())
                        row["ame_se"] = 100 * float(np.sqrt(grad @ fit.cov @ grad))
                rows.append(row)
    est = pd.DataFrame(rows)
    if "ame" not in est.columns and kind == "status":
        est["ame"] = est["ame_se"] = np.nan
    est["estimate"] = np.exp(est["coef"])
    est["ci_lower"] = np.exp(est["coef"] - z * est["se"])
    est["ci_upper"] = np.exp(est["coef"] + z * est["se"])
    est["p_value"] = 2 * stats.norm.sf(np.abs(est["coef"] / est["se"]))
    if kind == "status":
        est["ame_ci_lower"] = est["ame"] - z * est["ame_se"]
        est["ame_ci_upper"] = est["ame"] + z * est["ame_se"]
    tests = pd.DataFrame(tests, columns=["variable", "statistic", "df", "p_value"])
    tests["p_holm"] = _holm(tests["p_value"].to_numpy())
    return EffectModification(kind, modifier, mod_levels[0], est, tests, min_cell_size, conf_level, left_out)


def _holm(p: np.ndarray) -> np.ndarray:
    """Holm's step-down adjustment of the p-values that are not missing."""
    out = np.full(len(p), np.nan)
    ok = np.flatnonzero(~np.isnan(p))
    if len(ok) == 0:
        return out
    order = ok[np.argsort(p[ok], kind="stable")]
    m = len(order)
    adjusted = np.minimum(1.0, np.maximum.accumulate(p[order] * (m - np.arange(m))))
    out[order] = adjusted
    return out
