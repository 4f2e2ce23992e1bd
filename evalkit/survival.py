"""Time-to-event estimators for impact studies: survival curves, tests, Cox and competing risks.

Every function takes a plain DataFrame with named columns and returns a tidy DataFrame (one row
per time point, group or term, with fixed column names) or a small result object whose
``summary`` is one. The numbers agree with R's ``survival`` and ``cmprsk`` packages (see
``tests/golden/``); where a choice had to be made, the docstring names the R function matched.

Overview
--------
- :func:`kaplan_meier`, :func:`median_survival`, :func:`survival_at` - survival curves
  (R ``survfit``, ``print.survfit``, ``summary.survfit(times=)``).
- :func:`logrank` - k-sample log-rank test, optionally stratified (R ``survdiff``).
- :func:`cox` - proportional hazards model with Efron or Breslow ties, strata, case weights,
  robust (sandwich) variance, and :meth:`CoxResult.ph_test` (R ``coxph``, ``cox.zph``).
- :func:`cumulative_incidence`, :func:`gray_test` - Aalen-Johansen cumulative incidence per
  cause with Gray's k-sample test (R ``cmprsk::cuminc``).
- :func:`fine_gray` - subdistribution hazards regression (R ``cmprsk::crr``).
- :func:`rmst`, :func:`rmst_difference` - restricted mean survival time (R ``survfit`` with
  ``rmean=``).

Durations must be non-negative numbers and events 0/1 (or, for competing risks, 0 for censored
and a cause code otherwise). Rows with missing values are never dropped silently: the function
raises :class:`evalkit.errors.InputError` naming the column and the number of rows.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from evalkit.errors import InputError

__all__ = [
    "kaplan_meier",
    "median_survival",
    "survival_at",
    "logrank",
    "cox",
    "CoxResult",
    "cumulative_incidence",
    "gray_test",
    "fine_gray",
    "FineGrayResult",
    "rmst",
    "rmst_difference",
]

ALL = "all"  # the group label when no ``by`` column is given
_CONF_TYPES = ("log-log", "log", "plain")


# --------------------------------------------------------------------------- input checks
def _as_list(columns: str | Sequence[str] | None) -> list[str]:
    if columns is None:
        return []
    if isinstance(columns, str):
        return [columns]
    return list(columns)


def _check_frame(data: pd.DataFrame, columns: Iterable[str]) -> None:
    if not isinstance(data, pd.DataFrame):
        raise InputError(f"expected a pandas DataFrame, got {type(data).__name__}")
    missing = [c for c in columns if c not in data.columns]
    if missing:
        shown = ", ".join(repr(c) for c in missing)
        raise InputError(
            f"column {shown} not found in the data; available columns: "
            f"{', '.join(map(str, data.columns))}"
        )
    if len(data) == 0:
        raise InputError("the data has no rows")


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
        shown = sorted(set(values[bad].tolist()))[:5]
        raise InputError(
            f"event column '{event}' must hold 0 (censored) or 1 (event); found other values "
            f"{shown} in {int(bad.sum())} row(s)"
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


# --------------------------------------------------------------------------- Kaplan-Meier
def _distinct_times(time: np.ndarray):
    """Sort order, distinct times and the start index of each tie block in sorted order."""
    order = np.argsort(time, kind="stable")
    sorted_time = time[order]
    starts = np.flatnonzero(np.r_[True, sorted_time[1:] != sorted_time[:-1]])
    return order, sorted_time[starts], starts


def _km_curve(time, event, weight, robust: bool) -> dict[str, np.ndarray]:
    """Kaplan-Meier estimate for one group at every distinct time (events and censorings)."""
    order, times, starts = _distinct_times(time)
    e, w = event[order], weight[order]
    n_event_raw = np.add.reduceat(e, starts)
    n_event = np.add.reduceat(w * e, starts)
    n_censor = np.add.reduceat(w * (1 - e), starts)
    at_time = np.add.reduceat(w, starts)
    n_risk = np.cumsum(at_time[::-1])[::-1]
    jump = (n_event_raw > 0) & (n_event > 0)
    hazard = np.where(jump, n_event / n_risk, 0.0)
    surv = np.cumprod(1.0 - hazard)
    survivors = n_risk - n_event
    with np.errstate(divide="ignore", invalid="ignore"):
        if not robust:
            # Greenwood, on (weighted) counts as R's survfit; infinite once everybody has died
            increment = np.where(jump, n_event / (n_risk * survivors), 0.0)
            var_log = np.cumsum(increment)
            std_err = np.sqrt(var_log) * surv
            std_err_log = np.sqrt(var_log)
        else:
            # infinitesimal jackknife, every row its own cluster (R survfit's robust variance):
            # influence of row k on S(t) is S(t) w_k sum_{t_j <= t} (Y_k h_j - dN_k) / (n_j - d_j)
            step = np.where(jump & (survivors > 0), hazard / survivors, 0.0)
            cum_step = np.cumsum(step)
            block = np.repeat(np.arange(len(times)), np.diff(np.r_[starts, len(time)]))
            own = np.where(e > 0, 1.0 / survivors[block], 0.0)
            own = np.where(np.isfinite(own), own, 0.0)
            b = cum_step[block] - own
            done = np.cumsum(np.bincount(block, weights=(w * b) ** 2, minlength=len(times)))
            w2 = np.bincount(block, weights=w**2, minlength=len(times))
            still = w2.sum() - np.cumsum(w2)
            var = surv**2 * (cum_step**2 * still + done)
            var = np.where(surv > 0, var, 0.0)
            std_err = np.sqrt(var)
            std_err_log = np.where(std_err == 0, 0.0, std_err / surv)
    return {
        "time": times,
        "n_at_risk": n_risk,
        "n_events": n_event,
        "n_censored": n_censor,
        "survival": surv,
        "std_err": std_err,
        "std_err_log": std_err_log,
    }


def _survival_confint(surv, se_log, z, conf_type):
    """Pointwise intervals as R's survfit: se_log is the standard error of log S(t)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        if conf_type == "plain":
            half = z * se_log * surv
            return np.maximum(surv - half, 0.0), np.minimum(surv + half, 1.0)
        if conf_type == "log":
            p = np.where(surv == 0, np.nan, surv)
            return np.exp(np.log(p) - z * se_log), np.minimum(np.exp(np.log(p) + z * se_log), 1.0)
        p = np.where((surv == 0) | (surv == 1), np.nan, surv)
        shift = z * se_log / np.log(p)
        return np.exp(-np.exp(np.log(-np.log(p)) - shift)), np.exp(-np.exp(np.log(-np.log(p)) + shift))


def kaplan_meier(
    data: pd.DataFrame,
    duration: str,
    event: str,
    by: str | None = None,
    weights: str | None = None,
    conf_level: float = 0.95,
    conf_type: str = "log-log",
    robust: bool | None = None,
) -> pd.DataFrame:
    """Kaplan-Meier survival curves, one row per distinct time per group.

    Parameters
    ----------
    data : DataFrame
        One row per subject.
    duration : str
        Column with the follow-up time (non-negative numbers).
    event : str
        Column with 1 for an event and 0 for a censored follow-up.
    by : str, optional
        Column whose values define the groups; one curve per value.
    weights : str, optional
        Column with positive case weights. The point estimate is R ``survfit(weights=)``.
        As in R, integer weights are treated as frequencies (Greenwood variance on the weighted
        counts) and non-integer weights get the infinitesimal-jackknife (robust) variance.
        Neither accounts for the estimation of inverse-probability weights, so with IPW the
        intervals are not valid: bootstrap the whole procedure (weights included) instead.
    conf_level : float
        Confidence level of the pointwise intervals.
    conf_type : {"log-log", "log", "plain"}
        Scale of the intervals, as R's ``conf.type``. ``log-log`` is the default here (R's
        default is ``log``); it leaves the interval undefined (NaN) where the survival is 1 or 0.
    robust : bool, optional
        Force (True) or refuse (False) the robust variance; default as R: robust when the
        weights are not all integers.

    Returns
    -------
    DataFrame
        Columns ``group``, ``time``, ``n_at_risk``, ``n_events``, ``n_censored``, ``survival``,
        ``std_err`` (standard error of the survival), ``ci_lower``, ``ci_upper``, plus
        ``std_err_log`` (standard error of log survival, R's ``std.err``). With weights the counts
        are weighted sums, as in R. ``group`` is ``"all"`` when ``by`` is not given.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"months": [2, 3, 3, 5, 8, 9], "job": [1, 1, 0, 1, 0, 1]})
    >>> km = kaplan_meier(df, "months", "job")
    >>> km[["time", "n_at_risk", "n_events", "survival"]].round(3)
       time  n_at_risk  n_events  survival
    0     2        6.0       1.0     0.833
    1     3        5.0       1.0     0.667
    2     5        3.0       1.0     0.444
    3     8        2.0       0.0     0.444
    4     9        1.0       1.0     0.000
    """
    if conf_type not in _CONF_TYPES:
        raise InputError(f"conf_type must be one of {_CONF_TYPES}, got {conf_type!r}")
    z = _conf_z(conf_level)
    cols = [duration, event] + _as_list(by) + _as_list(weights)
    _check_frame(data, cols)
    time = _durations(data, duration)
    ev = _events01(data, event)
    w = _weights(data, weights)
    if robust is None:
        robust = bool(np.any(w != np.floor(w)))
    codes, levels = _labels(data, [by], "by") if by else (np.zeros(len(data), dtype=np.int64), [ALL])
    pieces = []
    for code, level in enumerate(levels):
        rows = codes == code
        curve = _km_curve(time[rows], ev[rows], w[rows], robust)
        lower, upper = _survival_confint(curve["survival"], curve["std_err_log"], z, conf_type)
        piece = pd.DataFrame({"group": [level] * len(curve["time"]), **curve})
        piece["ci_lower"], piece["ci_upper"] = lower, upper
        pieces.append(piece)
    out = pd.concat(pieces, ignore_index=True)
    cols_out = ["group", "time", "n_at_risk", "n_events", "n_censored", "survival", "std_err",
                "ci_lower", "ci_upper", "std_err_log"]
    out = out[cols_out]
    if np.all(time == np.round(time)) and pd.api.types.is_integer_dtype(data[duration]):
        out["time"] = out["time"].astype(data[duration].dtype)
    return out


def _check_curve(curve: pd.DataFrame) -> None:
    needed = ["group", "time", "survival", "ci_lower", "ci_upper"]
    if not isinstance(curve, pd.DataFrame) or any(c not in curve.columns for c in needed):
        raise InputError(f"expected a curve from kaplan_meier() with columns {needed}")


def _first_below_half(y: np.ndarray, x: np.ndarray) -> float:
    """R's median rule (survmean's minmin): first time the curve is below 0.5; where it sits at
    exactly 0.5 the midpoint to the next drop."""
    tol = np.sqrt(np.finfo(float).eps)
    keep = ~np.isnan(y) & (y < 0.5 + tol)
    if not keep.any():
        return np.nan
    x, y = x[keep], y[keep]
    if abs(y[0] - 0.5) < tol and np.any(y < y[0]):
        return (x[0] + x[np.argmax(y < y[0])]) / 2
    return float(x[0])


def median_survival(curve: pd.DataFrame) -> pd.DataFrame:
    """Median survival time with its confidence interval, per group, from a Kaplan-Meier curve.

    The median is the first time the curve drops below 0.5 (the midpoint of a flat stretch at
    exactly 0.5); its limits are where the pointwise confidence limits drop below 0.5, as in R's
    ``print(survfit)``. The interval therefore follows the ``conf_type`` of the curve.

    Parameters
    ----------
    curve : DataFrame
        Output of :func:`kaplan_meier`.

    Returns
    -------
    DataFrame
        Columns ``group``, ``median``, ``ci_lower``, ``ci_upper`` (NaN when not reached).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"months": [2, 3, 3, 5, 8, 9], "job": [1, 1, 0, 1, 0, 1]})
    >>> median_survival(kaplan_meier(df, "months", "job"))
      group  median  ci_lower  ci_upper
    0   all     5.0       2.0       NaN
    """
    _check_curve(curve)
    rows = []
    for group, part in curve.groupby("group", sort=False):
        t = part["time"].to_numpy(dtype=float)
        rows.append({
            "group": group,
            "median": _first_below_half(part["survival"].to_numpy(dtype=float), t),
            "ci_lower": _first_below_half(part["ci_lower"].to_numpy(dtype=float), t),
            "ci_upper": _first_below_half(part["ci_upper"].to_numpy(dtype=float), t),
        })
    return pd.DataFrame(rows, columns=["group", "median", "ci_lower", "ci_upper"])


def survival_at(curve: pd.DataFrame, times: float | Iterable[float]) -> pd.DataFrame:
    """Survival and its confidence interval at given times, read off a Kaplan-Meier curve.

    The curve is a right-continuous step function: the value at ``t`` is the one of the last
    distinct time at or before ``t``; before the first time it is 1 (interval 1 to 1), after the
    last time the last value is carried forward (R ``summary(survfit, times=, extend=TRUE)``).

    Parameters
    ----------
    curve : DataFrame
        Output of :func:`kaplan_meier`.
    times : float or iterable of float
        Times at which to read the curve.

    Returns
    -------
    DataFrame
        Columns ``group``, ``time``, ``survival``, ``std_err``, ``ci_lower``, ``ci_upper``,
        ``n_at_risk`` (at risk just after the step used; NaN before the first time).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"months": [2, 3, 3, 5, 8, 9], "job": [1, 1, 0, 1, 0, 1]})
    >>> survival_at(kaplan_meier(df, "months", "job"), [1, 4])[["time", "survival"]].round(3)
       time  survival
    0   1.0     1.000
    1   4.0     0.667
    """
    _check_curve(curve)
    at = np.atleast_1d(np.asarray(list(times) if not np.isscalar(times) else [times], dtype=float))
    pieces = []
    for group, part in curve.groupby("group", sort=False):
        t = part["time"].to_numpy(dtype=float)
        idx = np.searchsorted(t, at, side="right") - 1
        before = idx < 0
        safe = np.where(before, 0, idx)

        def pick(column, first, part=part, safe=safe, before=before):
            values = part[column].to_numpy(dtype=float)[safe]
            return np.where(before, first, values)

        pieces.append(pd.DataFrame({
            "group": group,
            "time": at,
            "survival": pick("survival", 1.0),
            "std_err": pick("std_err", 0.0) if "std_err" in part else np.nan,
            "ci_lower": pick("ci_lower", 1.0),
            "ci_upper": pick("ci_upper", 1.0),
            "n_at_risk": pick("n_at_risk", np.nan) if "n_at_risk" in part else np.nan,
        }))
    return pd.concat(pieces, ignore_index=True)


# --------------------------------------------------------------------------- log-rank
def logrank(
    data: pd.DataFrame,
    duration: str,
    event: str,
    by: str,
    strata: str | Sequence[str] | None = None,
) -> pd.DataFrame:
    """Log-rank test that the survival curves of k groups are equal (R ``survdiff``, rho = 0).

    With ``strata`` the observed and expected counts and their variance are summed over strata
    (the stratified log-rank test).

    Parameters
    ----------
    data : DataFrame
    duration, event : str
        Follow-up time and 0/1 event columns.
    by : str
        Column defining the groups to compare.
    strata : str or list of str, optional
        Column(s) defining strata.

    Returns
    -------
    DataFrame
        One row: ``statistic`` (chi-square), ``df`` (groups with expected events minus one),
        ``p_value``. The per-group ``observed`` and ``expected`` counts are in
        ``result.attrs["groups"]``.

    Examples
    --------
    >>> from lifelines.datasets import load_rossi
    >>> logrank(load_rossi(), "week", "arrest", by="fin").round(4)
       statistic  df  p_value
    0     3.8376   1   0.0501
    """
    strata = _as_list(strata)
    _check_frame(data, [duration, event, by] + strata)
    time = _durations(data, duration)
    ev = _events01(data, event)
    group, levels = _labels(data, [by], "by")
    if len(levels) < 2:
        raise InputError(f"by column '{by}' has a single value; the log-rank test needs two groups or more")
    stratum, _ = _labels(data, strata, "strata") if strata else (np.zeros(len(data), dtype=np.int64), [None])
    k = len(levels)
    observed, expected = np.zeros(k), np.zeros(k)
    variance = np.zeros((k, k))
    for s in np.unique(stratum):
        rows = stratum == s
        order, times, starts = _distinct_times(time[rows])
        g, e = group[rows][order], ev[rows][order]
        block = np.repeat(np.arange(len(times)), np.diff(np.r_[starts, len(g)]))
        at_time = np.zeros((len(times), k))
        deaths = np.zeros((len(times), k))
        np.add.at(at_time, (block, g), 1.0)
        np.add.at(deaths, (block, g), e)
        n_g = np.cumsum(at_time[::-1], axis=0)[::-1]
        n, d = n_g.sum(axis=1), deaths.sum(axis=1)
        keep = d > 0
        n_g, n, d, deaths = n_g[keep], n[keep], d[keep], deaths[keep]
        share = n_g / n[:, None]
        observed += deaths.sum(axis=0)
        expected += (share * d[:, None]).sum(axis=0)
        with np.errstate(divide="ignore", invalid="ignore"):
            factor = np.where(n > 1, d * (n - d) / (n - 1), 0.0)
        variance += np.einsum("t,ti,ij->ij", factor, share, np.eye(k)) - np.einsum(
            "t,ti,tj->ij", factor, share, share
        )
    used = expected > 0
    df = int(used.sum()) - 1
    if df < 1:
        statistic = 0.0
    else:
        diff = (observed - expected)[used][1:]
        v = variance[np.ix_(used, used)][1:, 1:]
        statistic = float(diff @ np.linalg.solve(v, diff))
    out = pd.DataFrame({"statistic": [statistic], "df": [df], "p_value": [float(stats.chi2.sf(statistic, df))]})
    out.attrs["groups"] = pd.DataFrame({"group": levels, "observed": observed, "expected": expected})
    return out
