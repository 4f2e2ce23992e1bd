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

Where evalkit and R differ on purpose
-------------------------------------
- Kaplan-Meier intervals are log-log by default (R's default is ``log``; both are offered).
- R merges follow-up times that differ only by floating-point rounding (``timefix``); here
  every distinct value is its own time. Durations in days or months are unaffected.
- R drops rows with missing values; here they are an error, so that a dropped row is a choice.
- Right-censored data only: no (start, stop] counting-process rows, exact ties, frailties or
  time-varying covariates.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from evalkit.errors import InputError, require_columns

__all__ = [
    "ALL",
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
    out = out[["group", "time", "n_at_risk", "n_events", "n_censored", "survival", "std_err",
               "ci_lower", "ci_upper", "std_err_log"]]
    if pd.api.types.is_integer_dtype(data[duration]):
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
        ``result.attrs["groups"]`` as a list of records (``pd.DataFrame(...)`` makes a table).

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
    # plain records: pandas compares attrs when frames are merged, which a DataFrame cannot bear
    out.attrs["groups"] = [
        {"group": lv, "observed": float(o), "expected": float(e)}
        for lv, o, e in zip(levels, observed, expected)
    ]
    return out


# --------------------------------------------------------------------------- Cox model
class _RiskSets:
    """Rows sorted by stratum and time, grouped in blocks of equal (stratum, time).

    Sums over a risk set (everyone in the stratum still followed at a block's time) and
    cumulative sums over earlier blocks are differences of running sums, so a fit costs a few
    passes over the data whatever the number of distinct times.
    """

    def __init__(self, time: np.ndarray, event: np.ndarray, weight: np.ndarray, stratum: np.ndarray):
        order = np.lexsort((time, stratum))
        t, s = time[order], stratum[order]
        n = len(t)
        new_block = np.r_[True, (t[1:] != t[:-1]) | (s[1:] != s[:-1])]
        new_stratum = np.r_[True, s[1:] != s[:-1]]
        self.order = order
        self.time = t
        self.block_start = np.flatnonzero(new_block)
        self.block = np.cumsum(new_block) - 1
        stratum_start = np.flatnonzero(new_stratum)
        stratum_end = np.r_[stratum_start[1:], n]
        stratum_of_row = np.cumsum(new_stratum) - 1
        self.block_stratum_end = stratum_end[stratum_of_row[self.block_start]]
        block_opens_stratum = new_stratum[self.block_start]
        first_blocks = np.flatnonzero(block_opens_stratum)
        self.block_first = first_blocks[np.cumsum(block_opens_stratum) - 1]
        self.event = event[order]
        self.weight = weight[order]
        self.deaths = np.add.reduceat(self.event, self.block_start)
        self.dead_weight = np.add.reduceat(self.weight * self.event, self.block_start)
        self.event_blocks = np.flatnonzero(self.deaths > 0)
        self.n_blocks = len(self.block_start)

    def at_risk(self, q: np.ndarray) -> np.ndarray:
        """Per block: sum of ``q`` over the rows of its stratum with time >= the block's time."""
        suffix = np.cumsum(q[::-1], axis=0)[::-1]
        suffix = np.concatenate([suffix, np.zeros((1,) + q.shape[1:])])
        return suffix[self.block_start] - suffix[self.block_stratum_end]

    def per_block(self, q: np.ndarray) -> np.ndarray:
        return np.add.reduceat(q, self.block_start, axis=0)

    def cumulate(self, v: np.ndarray) -> np.ndarray:
        """Per block: sum of ``v`` over the blocks of its stratum up to and including it."""
        c = np.cumsum(v, axis=0)
        prior = np.where(
            (self.block_first > 0).reshape((-1,) + (1,) * (v.ndim - 1)),
            c[np.maximum(self.block_first - 1, 0)],
            0.0,
        )
        return c - prior


@dataclass
class _CoxState:
    """Partial-likelihood quantities at one value of the coefficients (X centered, sorted)."""

    loglik: float
    score: np.ndarray
    risk: np.ndarray            # exp(eta) per sorted row
    term_block: np.ndarray      # block of each term (one term per death with Efron ties)
    fraction: np.ndarray        # Efron down-weighting of the tied deaths in each term
    term_weight: np.ndarray     # weight of each term (mean weight of the tied deaths)
    s0: np.ndarray              # risk-set sum of each term
    xbar: np.ndarray            # weighted mean covariate of each term


def _cox_state(rs: _RiskSets, X: np.ndarray, beta: np.ndarray, ties: str) -> _CoxState:
    eta = X @ beta
    risk = np.exp(eta)
    wr = rs.weight * risk
    s0_all = rs.at_risk(wr)
    s1_all = rs.at_risk(wr[:, None] * X)
    dead = wr * rs.event
    d0 = rs.per_block(dead)
    d1 = rs.per_block(dead[:, None] * X)
    blocks = rs.event_blocks
    m = rs.deaths[blocks].astype(np.int64)
    if ties == "efron":
        term_block = np.repeat(blocks, m)
        first = np.repeat(np.cumsum(m) - m, m)
        fraction = (np.arange(len(term_block)) - first) / np.repeat(m, m)
        term_weight = np.repeat(rs.dead_weight[blocks] / m, m)
    else:
        term_block = blocks
        fraction = np.zeros(len(blocks))
        term_weight = rs.dead_weight[blocks]
    s0 = s0_all[term_block] - fraction * d0[term_block]
    s1 = s1_all[term_block] - fraction[:, None] * d1[term_block]
    xbar = s1 / s0[:, None]
    we = rs.weight * rs.event
    loglik = float(we @ eta - term_weight @ np.log(s0))
    score = we @ X - term_weight @ xbar
    return _CoxState(loglik, score, risk, term_block, fraction, term_weight, s0, xbar)


def _cox_information(rs: _RiskSets, X: np.ndarray, st: _CoxState, a: np.ndarray) -> np.ndarray:
    """sum over terms of a_k * (weighted covariance of X in the risk set of term k)."""
    alpha = np.bincount(st.term_block, weights=a / st.s0, minlength=rs.n_blocks)
    beta = np.bincount(st.term_block, weights=a * st.fraction / st.s0, minlength=rs.n_blocks)
    row_factor = rs.cumulate(alpha)[rs.block] - rs.event * beta[rs.block]
    wr = rs.weight * st.risk * row_factor
    return (X * wr[:, None]).T @ X - (st.xbar * a[:, None]).T @ st.xbar


def _cox_score_residuals(rs: _RiskSets, X: np.ndarray, st: _CoxState) -> np.ndarray:
    """Score residuals per sorted row (R residuals.coxph(type="score"), unweighted)."""
    nb = rs.n_blocks
    p = X.shape[1]
    hazard = st.term_weight / st.s0
    keep = 1.0 - st.fraction

    def by_block(values):
        if values.ndim == 1:
            return np.bincount(st.term_block, weights=values, minlength=nb)
        return np.stack([np.bincount(st.term_block, weights=values[:, j], minlength=nb) for j in range(p)], axis=1)

    h = by_block(hazard)
    hx = by_block(hazard[:, None] * st.xbar)
    h_dead = by_block(hazard * keep)
    hx_dead = by_block((hazard * keep)[:, None] * st.xbar)
    n_terms = np.bincount(st.term_block, minlength=nb)
    mean_xbar = by_block(st.xbar) / np.maximum(n_terms, 1)[:, None]
    ev = rs.event
    b = rs.block
    a_row = rs.cumulate(h)[b] - ev * (h - h_dead)[b]
    b_row = rs.cumulate(hx)[b] - ev[:, None] * (hx - hx_dead)[b]
    return ev[:, None] * (X - mean_xbar[b]) - st.risk[:, None] * (X * a_row[:, None] - b_row)


def _cox_newton(
    rs: _RiskSets, X: np.ndarray, ties: str, start: np.ndarray | None = None, max_iter: int = 50
) -> np.ndarray:
    """Newton-Raphson with step halving until the log-likelihood and the step stop moving."""
    beta = np.zeros(X.shape[1]) if start is None else np.asarray(start, dtype=float)
    st = _cox_state(rs, X, beta, ties)
    for _ in range(max_iter):
        info = _cox_information(rs, X, st, st.term_weight)
        step = np.linalg.solve(info, st.score)
        for _halving in range(30):
            trial = _cox_state(rs, X, beta + step, ties)
            if np.isfinite(trial.loglik) and trial.loglik >= st.loglik - 1e-12 * abs(st.loglik):
                break
            step = step / 2
        converged = abs(trial.loglik - st.loglik) <= 1e-12 * max(abs(st.loglik), 1.0) and np.max(np.abs(step)) < 1e-9
        beta, st = beta + step, trial
        if converged:
            return beta
    raise InputError(
        "the Cox model did not converge; a covariate may separate events from non-events "
        "(an infinite hazard ratio): check the covariates"
    )


def _cox_lifelines(time, event, X, weight, stratum, weighted: bool) -> np.ndarray:
    from lifelines import CoxPHFitter

    frame = pd.DataFrame(X, columns=[f"x{j}" for j in range(X.shape[1])])
    frame["_time"], frame["_event"] = time, event
    kwargs = {}
    if weighted:
        frame["_weight"] = weight
        kwargs["weights_col"] = "_weight"
    if len(np.unique(stratum)) > 1:
        frame["_stratum"] = stratum
        kwargs["strata"] = ["_stratum"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fitter = CoxPHFitter().fit(frame, "_time", "_event", **kwargs)
    return fitter.params_.to_numpy(dtype=float)


@dataclass
class _CoxFit:
    risk_sets: _RiskSets
    X: np.ndarray               # centered, sorted design
    time: np.ndarray            # unsorted durations
    event: np.ndarray           # unsorted events
    beta: np.ndarray
    ties: str


@dataclass
class CoxResult:
    """A fitted Cox model.

    Attributes
    ----------
    summary : DataFrame
        Indexed by term: ``coef``, ``hr`` (hazard ratio), ``se``, ``ci_lower``, ``ci_upper``
        (interval for the hazard ratio), ``z``, ``p_value``, ``se_naive`` (model-based standard
        error; equals ``se`` unless the robust variance is used).
    var : DataFrame
        Variance matrix of the coefficients used in ``summary`` (robust when ``robust``).
    loglik : float
        Log partial likelihood at the estimate.
    n, n_events : int
        Rows used and events among them.
    ties, robust : str, bool
        How tied event times were handled and whether the sandwich variance is used.
    terms : dict
        Columns of the design belonging to each covariate.
    """

    summary: pd.DataFrame
    var: pd.DataFrame
    loglik: float
    n: int
    n_events: int
    ties: str
    robust: bool
    terms: dict[str, list[str]]
    _fit: _CoxFit = field(repr=False)

    def ph_test(self, terms: bool = True) -> pd.DataFrame:
        """Test of proportional hazards, as R ``cox.zph(fit, transform="km")`` (survival >= 3.0).

        A score test, per term and globally, of adding ``x * g(t)`` to the model, with g the
        Kaplan-Meier transform of time (1 - S(t-) of all rows pooled, centered at its mean over
        the events). A small p-value says the hazard ratio of that term changes over time.

        Parameters
        ----------
        terms : bool
            Test a categorical covariate as one term with one degree of freedom per dummy (as
            R does); with False every design column is tested on its own.

        Returns
        -------
        DataFrame
            Indexed by term, with a final ``GLOBAL`` row: ``statistic`` (chi-square), ``df``,
            ``p_value``.

        Examples
        --------
        >>> from lifelines.datasets import load_rossi
        >>> fit = cox(load_rossi(), "week", "arrest", ["fin", "age", "prio"])
        >>> fit.ph_test().round(3)
                statistic  df  p_value
        fin         0.064   1    0.801
        age         6.325   1    0.012
        prio        0.519   1    0.471
        GLOBAL      7.137   3    0.068
        """
        fit = self._fit
        rs, X = fit.risk_sets, fit.X
        st = _cox_state(rs, X, fit.beta, fit.ties)
        # g(t) = 1 - S(t-), S the Kaplan-Meier curve of all rows pooled, unweighted (as R)
        pooled = _km_curve(fit.time, fit.event, np.ones_like(fit.time), robust=False)
        surv_before = np.r_[1.0, pooled["survival"][:-1]]
        index = np.searchsorted(pooled["time"], fit.time)
        ttime = 1.0 - surv_before[index]
        gtime = ttime - ttime[fit.event == 1].mean()
        g_row = gtime[rs.order]
        g_block = g_row[rs.block_start]
        g = g_block[st.term_block]
        we = rs.weight * rs.event
        p = X.shape[1]
        u = np.r_[np.zeros(p), (we * g_row) @ X - (st.term_weight * g) @ st.xbar]
        i11 = _cox_information(rs, X, st, st.term_weight)
        i12 = _cox_information(rs, X, st, st.term_weight * g)
        i22 = _cox_information(rs, X, st, st.term_weight * g * g)
        imat = np.block([[i11, i12], [i12.T, i22]])
        names = list(self.summary.index)
        groups = (
            {term: [names.index(c) for c in cols] for term, cols in self.terms.items()}
            if terms
            else {name: [j] for j, name in enumerate(names)}
        )
        rows = {}
        for term, cols in groups.items():
            keep = list(range(p)) + [p + j for j in cols]
            uu = u[keep]
            stat = float(uu @ np.linalg.solve(imat[np.ix_(keep, keep)], uu))
            rows[term] = (stat, len(cols))
        rows["GLOBAL"] = (float(u @ np.linalg.solve(imat, u)), p)
        out = pd.DataFrame(
            [(s, d, float(stats.chi2.sf(s, d))) for s, d in rows.values()],
            index=list(rows),
            columns=["statistic", "df", "p_value"],
        )
        return out



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

def cox(
    data: pd.DataFrame,
    duration: str,
    event: str,
    covariates: str | Sequence[str] | None = None,
    strata: str | Sequence[str] | None = None,
    weights: str | None = None,
    ties: str = "efron",
    robust: bool | None = None,
    cluster: str | None = None,
    design: pd.DataFrame | None = None,
    reference: Mapping[str, object] | None = None,
    conf_level: float = 0.95,
) -> CoxResult:
    """Cox proportional hazards model (R ``coxph``).

    Parameters
    ----------
    data : DataFrame
        One row per subject.
    duration, event : str
        Follow-up time and 0/1 event columns.
    covariates : str or list of str
        Covariate columns. Numeric columns enter as they are; text, categorical and boolean
        columns become treatment dummies against their first level (sorted, or the category
        order of a pandas Categorical), named like ``trajectory[T.lineair]``.
    strata : str or list of str, optional
        Columns defining strata, each with its own baseline hazard.
    weights : str, optional
        Case weights (e.g. inverse-probability weights).
    ties : {"efron", "breslow"}
        Handling of tied event times.
    robust : bool, optional
        Use the robust (sandwich) variance from the weighted dfbeta residuals, as R
        ``coxph(robust=TRUE)``. Default as R: robust when ``cluster`` is given or the weights
        are not all integers. With estimated inverse-probability weights the robust variance
        is conservative for the ATE but ignores the estimation of the weights.
    cluster : str, optional
        Column identifying clusters (e.g. a person with several rows); implies ``robust``.
    design : DataFrame, optional
        An already-expanded numeric design (one row per row of ``data``) to use instead of
        ``covariates``; each column is its own term.
    reference : dict, optional
        Reference level per categorical covariate, e.g. ``{"trajectory": "lineair"}``.
    conf_level : float
        Confidence level of the hazard-ratio intervals.

    Returns
    -------
    CoxResult
        ``.summary`` indexed by term (``coef``, ``hr``, ``se``, ``ci_lower``, ``ci_upper``, ``z``,
        ``p_value``, ``se_naive``); ``.ph_test()`` for the proportional-hazards test.

    Examples
    --------
    >>> from lifelines.datasets import load_rossi
    >>> fit = cox(load_rossi(), "week", "arrest",
    ...           ["fin", "age", "race", "wexp", "mar", "paro", "prio"])
    >>> fit.summary[["coef", "hr", "se", "p_value"]].round(4)
            coef      hr      se  p_value
    term                                 
    fin  -0.3794  0.6843  0.1914   0.0474
    age  -0.0574  0.9442  0.0220   0.0090
    race  0.3139  1.3688  0.3080   0.3081
    wexp -0.1498  0.8609  0.2122   0.4803
    mar  -0.4337  0.6481  0.3819   0.2561
    paro -0.0849  0.9186  0.1958   0.6646
    prio  0.0915  1.0958  0.0286   0.0014
    """
    if ties not in ("efron", "breslow"):
        raise InputError(f"ties must be 'efron' or 'breslow', got {ties!r}")
    z_crit = _conf_z(conf_level)
    strata = _as_list(strata)
    needed = [duration, event] + strata + _as_list(weights) + _as_list(cluster)
    _check_frame(data, needed)
    time = _durations(data, duration)
    ev = _events01(data, event)
    w = _weights(data, weights)
    d = _design(data, covariates, design, reference)
    if ev.sum() == 0:
        raise InputError(f"event column '{event}' has no events; a Cox model needs at least one")
    stratum, _ = _labels(data, strata, "strata") if strata else (np.zeros(len(data), dtype=np.int64), [None])
    if robust is None:
        robust = cluster is not None or bool(np.any(w != np.floor(w)))
    if cluster is not None and not robust:
        raise InputError("a cluster column needs the robust variance; drop cluster or set robust=True")

    X_raw = d.matrix
    X = X_raw - X_raw.mean(axis=0)
    rs = _RiskSets(time, ev, w, stratum)
    Xs = X[rs.order]
    start = None
    if ties == "efron":
        try:
            start = _cox_lifelines(time, ev, X_raw, w, stratum, weights is not None)
        except Exception:  # lifelines refused (e.g. did not converge): start from zero instead
            start = None
    # lifelines stops at a looser tolerance than R (relative differences up to 1e-5 seen);
    # a Newton step or two from its estimate lands on R's to 1e-10
    beta = _cox_newton(rs, Xs, ties, start=start)
    st = _cox_state(rs, Xs, beta, ties)
    info = _cox_information(rs, Xs, st, st.term_weight)
    naive = np.linalg.inv(info)
    var = naive
    if robust:
        dfbeta = (rs.weight[:, None] * _cox_score_residuals(rs, Xs, st)) @ naive
        if cluster is not None:
            cl_codes, _ = _labels(data, [cluster], "cluster")
            cl = cl_codes[rs.order]
            dfbeta = np.stack([np.bincount(cl, weights=dfbeta[:, j]) for j in range(dfbeta.shape[1])], axis=1)
        var = dfbeta.T @ dfbeta
    summary = _wald_table(beta, np.sqrt(np.diag(var)), z_crit, d.names, "hr")
    summary["se_naive"] = np.sqrt(np.diag(naive))
    return CoxResult(
        summary=summary,
        var=pd.DataFrame(var, index=d.names, columns=d.names),
        loglik=st.loglik,
        n=len(data),
        n_events=int(ev.sum()),
        ties=ties,
        robust=bool(robust),
        terms={term: [d.names[j] for j in cols] for term, cols in d.terms.items()},
        _fit=_CoxFit(rs, Xs, time, ev, beta, ties),
    )


# --------------------------------------------------------------------------- competing risks
def _cif_group(time: np.ndarray, codes: np.ndarray, causes: list, censor_code, z: float) -> list[pd.DataFrame]:
    """Aalen-Johansen cumulative incidence of each cause in one group, with cmprsk's variance."""
    order, times, starts = _distinct_times(time)
    c = codes[order]
    block = np.repeat(np.arange(len(times)), np.diff(np.r_[starts, len(c)]))
    n_times = len(times)
    at_time = np.bincount(block, minlength=n_times).astype(float)
    at_risk = np.cumsum(at_time[::-1])[::-1]
    censored = c == censor_code
    n_any = np.bincount(block, weights=(~censored).astype(float), minlength=n_times)
    n_censored = np.bincount(block, weights=censored.astype(float), minlength=n_times)
    surv_after = np.cumprod(1.0 - n_any / at_risk)           # all-cause KM, right-continuous
    surv_before = np.r_[1.0, surv_after[:-1]]                  # left-continuous
    safe_after = np.where(surv_after > 0, surv_after, 1.0)
    out = []
    for cause in causes:
        n_cause = np.bincount(block, weights=(c == cause).astype(float), minlength=n_times)
        n_other = n_any - n_cause
        cif = np.cumsum(surv_before * n_cause / at_risk)
        # delta-method variance as cmprsk's Fortran routine cinc, term by term
        risk_minus_one = np.where(at_risk > 1, at_risk - 1, 1.0)
        other = (n_other > 0) & (surv_after > 0)
        t5 = np.where(n_other > 1, 1 - (n_other - 1) / risk_minus_one, 1.0)
        t6 = surv_before**2 * t5 * n_other / at_risk**2
        t3 = np.where(other, 1 / safe_after, 0.0)
        t4 = cif * t3
        v1 = np.where(other, t4 * t4 * t6, 0.0)
        v2 = np.where(other, t3 * t4 * t6, 0.0)
        v3 = np.where(other, t3 * t3 * t6, 0.0)
        own = n_cause > 0
        t5 = np.where(n_cause > 1, 1 - (n_cause - 1) / risk_minus_one, 1.0)
        t6 = surv_before**2 * t5 * n_cause / at_risk**2
        t3 = np.where(surv_after > 0, 1 / safe_after, 0.0)
        t4 = 1 + t3 * cif
        v1 = np.cumsum(v1 + np.where(own, t4 * t4 * t6, 0.0))
        v2 = np.cumsum(v2 + np.where(own, t3 * t4 * t6, 0.0))
        v3 = np.cumsum(v3 + np.where(own, t3 * t3 * t6, 0.0))
        var_at_jump = v1 + cif**2 * v3 - 2 * cif * v2
        # the variance moves only where this cause occurs (as cuminc reports it)
        last_jump = np.maximum.accumulate(np.where(own, np.arange(n_times), -1))
        var = np.where(last_jump >= 0, var_at_jump[np.maximum(last_jump, 0)], 0.0)
        std_err = np.sqrt(np.maximum(var, 0.0))
        with np.errstate(divide="ignore", invalid="ignore"):
            p = np.where((cif > 0) & (cif < 1), cif, np.nan)
            shift = np.exp(z * std_err / (p * np.log(p)))
            lo, hi = p ** (1 / shift), p**shift
        out.append(pd.DataFrame({
            "cause": cause,
            "time": times,
            "n_at_risk": at_risk,
            "n_events": n_cause,
            "n_censored": n_censored,
            "cif": cif,
            "std_err": std_err,
            "ci_lower": np.fmin(lo, hi),
            "ci_upper": np.fmax(lo, hi),
        }))
    return out


def cumulative_incidence(
    data: pd.DataFrame,
    duration: str,
    event: str,
    by: str | None = None,
    conf_level: float = 0.95,
    censor_code=0,
) -> pd.DataFrame:
    """Cumulative incidence of each cause in the presence of competing causes (Aalen-Johansen).

    Tied times are handled exactly (no jitter): at a time with several events the all-cause
    survival drops once by the total. The variance is cmprsk ``cuminc``'s delta-method variance,
    and the intervals use the log(-log) transform as cmprsk users do:
    ``cif ** exp(+-z * se / (cif * log(cif)))``.

    Parameters
    ----------
    data : DataFrame
    duration : str
        Follow-up time column.
    event : str
        ``censor_code`` (default 0) for a censored follow-up, otherwise the code of the cause
        that ended it (e.g. 1 = art. 60 job, 2 = regular job, 3 = interim). Every code present
        is a cause.
    by : str, optional
        Column defining groups; then Gray's test per cause is also in
        ``result.attrs["gray_test"]`` as a list of records (the same rows as :func:`gray_test`).
    conf_level : float
        Confidence level of the pointwise intervals.
    censor_code : scalar
        Value of ``event`` that marks censoring.

    Returns
    -------
    DataFrame
        One row per group, cause and distinct time (event of any cause or censoring):
        ``group``, ``cause``, ``time``, ``n_at_risk``, ``n_events`` (of this cause),
        ``n_censored``, ``cif``, ``std_err``, ``ci_lower``, ``ci_upper``.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"months": [1, 2, 2, 3, 4, 5, 6, 6],
    ...                    "outcome": [1, 2, 1, 0, 1, 2, 0, 1]})
    >>> ci = cumulative_incidence(df, "months", "outcome")
    >>> ci[ci["cause"] == 1][["time", "n_events", "cif"]].round(3)
       time  n_events    cif
    0     1       1.0  0.125
    1     2       1.0  0.250
    2     3       0.0  0.250
    3     4       1.0  0.406
    4     5       0.0  0.406
    5     6       1.0  0.562
    """
    z = _conf_z(conf_level)
    _check_frame(data, [duration, event] + _as_list(by))
    time = _durations(data, duration)
    codes, causes = _event_codes(data, event, censor_code)
    group, levels = _labels(data, [by], "by") if by else (np.zeros(len(data), dtype=np.int64), [ALL])
    pieces = []
    for g, level in enumerate(levels):
        rows = group == g
        for piece in _cif_group(time[rows], codes[rows], causes, censor_code, z):
            piece.insert(0, "group", level)
            pieces.append(piece)
    out = pd.concat(pieces, ignore_index=True)
    if pd.api.types.is_integer_dtype(data[duration]):
        out["time"] = out["time"].astype(data[duration].dtype)
    if by and len(levels) > 1:
        tests = gray_test(data, duration, event, by, censor_code=censor_code)
        out.attrs["gray_test"] = tests.to_dict("records")
    return out


@np.errstate(divide="ignore", invalid="ignore")  # masked entries of groups no longer at risk
def _gray_stratum(time, group, status, n_groups, rho):
    """Score and variance of Gray's test in one stratum (cmprsk's crstm, vectorised over times).

    ``status`` is 0 censored, 1 the cause tested, 2 another cause.
    """
    order, times, starts = _distinct_times(time)
    g, m = group[order], status[order]
    block = np.repeat(np.arange(len(times)), np.diff(np.r_[starts, len(g)]))
    counts = np.zeros((len(times), 3, n_groups))
    np.add.at(counts, (block, m, g), 1.0)
    at_risk = np.cumsum(counts.sum(axis=1)[::-1], axis=0)[::-1]
    d1, d2 = counts[:, 1, :], counts[:, 2, :]
    nd1, nd2 = d1.sum(axis=1), d2.sum(axis=1)
    keep = (nd1 + nd2) > 0
    rs, d1, d2, nd1 = at_risk[keep], d1[keep], d2[keep], nd1[keep]
    pos = rs > 0
    rs_safe = np.where(pos, rs, 1.0)
    skm = np.cumprod(np.where(pos, (rs - d1 - d2) / rs_safe, 1.0), axis=0)
    skmm = np.vstack([np.ones((1, n_groups)), skm[:-1]])
    f1 = np.cumsum(np.where(pos, skmm * d1 / rs_safe, 0.0), axis=0)
    f1m = np.vstack([np.zeros((1, n_groups)), f1[:-1]])
    t1 = np.where(pos, rs / skmm, 0.0)
    tr = t1.sum(axis=1)
    tq = np.where(pos, rs * (1 - f1m) / skmm, 0.0).sum(axis=1)
    f = np.cumsum(nd1 / tr)
    fm = np.r_[0.0, f[:-1]]
    fb = (1 - fm) ** rho
    eye = np.eye(n_groups)
    a = fb[:, None, None] * (t1[:, :, None] * eye - t1[:, :, None] * t1[:, None, :] / tr[:, None, None])
    c = np.cumsum(a * (nd1 / (tr * (1 - fm)))[:, None, None], axis=0)
    score = np.where(pos, fb[:, None] * (d1 - nd1[:, None] * rs * (1 - f1m) / (skmm * tq[:, None])), 0.0).sum(axis=0)
    # events of the cause tested
    skm_safe = np.where(skm > 0, skm, 1.0)
    t4 = np.where(skm > 0, 1 - (1 - f)[:, None] / skm_safe, 1.0)
    t5 = np.where(nd1[:, None] > 1, 1 - (nd1[:, None] - 1) / (tr[:, None] * skmm - 1), 1.0)
    t3 = np.where(pos & (nd1[:, None] > 0), t5 * skmm * nd1[:, None] / (tr[:, None] * rs_safe), 0.0)
    v3 = (t4 * t4 * t3).sum(axis=0)
    lead = a - t4[:, None, :] * c
    v2 = np.einsum("tik,tk,tk->ik", lead, t4, t3)
    v = np.einsum("tik,tjk,tk->ij", lead, lead, t3)
    # events of the other causes
    other = (skm > 0) & (d2 > 0)
    t4 = np.where(other, (1 - f)[:, None] / skm_safe, 0.0)
    t5 = np.where(d2 > 1, 1 - (d2 - 1) / np.where(rs > 1, rs - 1, 1.0), 1.0)
    t3 = np.where(other, t5 * skmm**2 * d2 / rs_safe**2, 0.0)
    v3 = v3 + (t4 * t4 * t3).sum(axis=0)
    lead = t4[:, None, :] * c
    v2 = v2 - np.einsum("tik,tk,tk->ik", lead, t4, t3)
    v = v + np.einsum("tik,tjk,tk->ij", lead, lead, t3)
    c_end = c[-1]
    v = v + (c_end * v3) @ c_end.T + c_end @ v2.T + v2 @ c_end.T
    k = n_groups - 1
    return score[:k], v[:k, :k]


def gray_test(
    data: pd.DataFrame,
    duration: str,
    event: str,
    by: str,
    strata: str | Sequence[str] | None = None,
    rho: float = 0.0,
    censor_code=0,
) -> pd.DataFrame:
    """Gray's k-sample test that the cumulative incidence of a cause is equal across groups
    (R ``cmprsk::cuminc(...)$Tests``), one row per cause.

    Parameters
    ----------
    data : DataFrame
    duration, event : str
        Follow-up time; cause code or ``censor_code``.
    by : str
        Column defining the groups.
    strata : str or list of str, optional
        Strata: scores and variances are summed over them.
    rho : float
        Power of the weight function (0, the default, as cuminc).
    censor_code : scalar
        Value of ``event`` that marks censoring.

    Returns
    -------
    DataFrame
        Columns ``cause``, ``statistic``, ``df``, ``p_value``.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"months": [1, 2, 2, 3, 4, 5, 6, 6, 2, 3, 3, 7],
    ...                    "outcome": [1, 2, 1, 0, 1, 2, 0, 1, 2, 2, 1, 0],
    ...                    "trajectory": ["a"] * 8 + ["b"] * 4})
    >>> gray_test(df, "months", "outcome", "trajectory").round(3)
       cause  statistic  df  p_value
    0      1      0.657   1    0.417
    1      2      0.692   1    0.405
    """
    strata = _as_list(strata)
    _check_frame(data, [duration, event, by] + strata)
    time = _durations(data, duration)
    codes, causes = _event_codes(data, event, censor_code)
    group, levels = _labels(data, [by], "by")
    if len(levels) < 2:
        raise InputError(f"by column '{by}' has a single value; Gray's test needs two groups or more")
    stratum, _ = _labels(data, strata, "strata") if strata else (np.zeros(len(data), dtype=np.int64), [None])
    censored = codes == censor_code
    rows = []
    k = len(levels) - 1
    for cause in causes:
        status = np.where(censored, 0, np.where(codes == cause, 1, 2))
        score, var = np.zeros(k), np.zeros((k, k))
        for s in np.unique(stratum):
            sel = stratum == s
            sc, v = _gray_stratum(time[sel], group[sel], status[sel], len(levels), rho)
            score, var = score + sc, var + v
        try:
            statistic = float(score @ np.linalg.solve(var, score))
        except np.linalg.LinAlgError:
            statistic = np.nan
        rows.append((cause, statistic, k, float(stats.chi2.sf(statistic, k))))
    return pd.DataFrame(rows, columns=["cause", "statistic", "df", "p_value"])


# --------------------------------------------------------------------------- Fine-Gray
@dataclass
class _FineGrayData:
    X: np.ndarray            # centered design, rows sorted by time
    time: np.ndarray
    status: np.ndarray       # 1 cause of interest, 2 other cause, 0 censored
    g_minus: np.ndarray      # censoring survival just before each row's time
    tau: np.ndarray          # distinct event times of the cause of interest
    d: np.ndarray            # events of the cause at each tau
    g_tau: np.ndarray        # censoring survival just before each tau
    first_at: np.ndarray     # first row with time >= tau
    n_before_row: np.ndarray # number of taus <= each row's time


def _fine_gray_data(time, status, X) -> _FineGrayData:
    order = np.argsort(time, kind="stable")
    t, s, X = time[order], status[order], X[order]
    _, times, starts = _distinct_times(t)
    block = np.repeat(np.arange(len(times)), np.diff(np.r_[starts, len(t)]))
    at_risk = np.cumsum(np.bincount(block, minlength=len(times))[::-1])[::-1].astype(float)
    censors = np.bincount(block, weights=(s == 0).astype(float), minlength=len(times))
    g_after = np.cumprod(1 - censors / at_risk)
    g_before = np.r_[1.0, g_after[:-1]]
    tau, d = np.unique(t[s == 1], return_counts=True)
    return _FineGrayData(
        X=X, time=t, status=s, g_minus=g_before[block], tau=tau, d=d.astype(float),
        g_tau=g_before[np.searchsorted(times, tau)],
        first_at=np.searchsorted(t, tau, side="left"),
        n_before_row=np.searchsorted(tau, t, side="right"),
    )


def _fine_gray_sums(fg: _FineGrayData, beta: np.ndarray):
    """Weighted risk-set sums at each tau: subjects still followed, plus those who had another
    cause earlier, weighted by G(tau-)/G(t_i-) (as crr)."""
    r = np.exp(fg.X @ beta)
    other = (fg.status == 2) / np.where(fg.g_minus > 0, fg.g_minus, 1.0)

    def risk_sum(q):
        suffix = np.concatenate([np.cumsum(q[::-1], axis=0)[::-1], np.zeros((1,) + q.shape[1:])])
        prefix = np.concatenate([np.zeros((1,) + q.shape[1:]), np.cumsum(q * _expand(other, q), axis=0)])
        g = fg.g_tau.reshape((-1,) + (1,) * (q.ndim - 1))
        return suffix[fg.first_at] + g * prefix[fg.first_at]

    s0 = risk_sum(r)
    s1 = risk_sum(r[:, None] * fg.X)
    return r, other, s0, s1


def _expand(v: np.ndarray, like: np.ndarray) -> np.ndarray:
    return v.reshape((-1,) + (1,) * (like.ndim - 1))


def _fine_gray_fit_terms(fg: _FineGrayData, beta: np.ndarray, with_information: bool = True):
    """Minus the log pseudo-likelihood, its gradient and Hessian, as crr's crrfsv."""
    r, other, s0, s1 = _fine_gray_sums(fg, beta)
    xbar = s1 / s0[:, None]
    ev = fg.status == 1
    eta = fg.X @ beta
    neg_loglik = float(-eta[ev].sum() + fg.d @ np.log(s0))
    gradient = -fg.X[ev].sum(axis=0) + fg.d @ xbar
    if not with_information:
        return neg_loglik, gradient, None
    row_factor = _row_accumulate(fg, fg.d / s0, other)
    hessian = (fg.X * (r * row_factor)[:, None]).T @ fg.X - (xbar * fg.d[:, None]).T @ xbar
    return neg_loglik, gradient, hessian


def _row_accumulate(fg: _FineGrayData, per_tau: np.ndarray, other: np.ndarray) -> np.ndarray:
    """For each row: sum over the taus at which it is in the risk set of per_tau times its
    weight there (1 while followed; G(tau-)/G(t_i-) after another cause)."""
    cum = np.concatenate([np.zeros((1,) + per_tau.shape[1:]), np.cumsum(per_tau, axis=0)])
    g = fg.g_tau.reshape((-1,) + (1,) * (per_tau.ndim - 1))
    later = np.concatenate([np.zeros((1,) + per_tau.shape[1:]), np.cumsum(per_tau * g, axis=0)])
    k = fg.n_before_row
    followed = cum[k]
    after_other = (later[-1] - later[k]) * _expand(other, per_tau)
    return followed + after_other


def _fine_gray_variance(fg: _FineGrayData, beta: np.ndarray, hessian: np.ndarray) -> np.ndarray:
    """crr's sandwich variance: H^-1 (sum of (eta_i + psi_i)(eta_i + psi_i)') H^-1, where psi_i
    accounts for the estimated censoring distribution (crrvv)."""
    r, other, s0, s1 = _fine_gray_sums(fg, beta)
    xbar = s1 / s0[:, None]
    X, t = fg.X, fg.time
    ev = fg.status == 1
    # eta_i: score residual with the weighted risk sets
    a_row = _row_accumulate(fg, fg.d / s0, other)
    b_row = _row_accumulate(fg, (fg.d / s0)[:, None] * xbar, other)
    own_tau = np.clip(np.searchsorted(fg.tau, t), 0, len(fg.tau) - 1)
    eta = np.where(ev[:, None], X - xbar[own_tau], 0.0) - r[:, None] * (X * a_row[:, None] - b_row)
    # psi_i: influence of the censoring distribution, through q(u) at each censoring time u
    _, times, starts = _distinct_times(t)
    block = np.repeat(np.arange(len(times)), np.diff(np.r_[starts, len(t)]))
    censors = np.bincount(block, weights=(fg.status == 0).astype(float), minlength=len(times))
    at_risk = np.cumsum(np.bincount(block, minlength=len(times))[::-1])[::-1].astype(float)
    before_u = np.concatenate([[0.0], np.cumsum(r * other)])[starts]
    before_u_x = np.concatenate([np.zeros((1, X.shape[1])), np.cumsum((r * other)[:, None] * X, axis=0)])[starts]
    w_tau = fg.d * fg.g_tau / s0
    tail0 = np.concatenate([np.cumsum(w_tau[::-1])[::-1], [0.0]])
    tail1 = np.concatenate([np.cumsum((w_tau[:, None] * xbar)[::-1], axis=0)[::-1], np.zeros((1, X.shape[1]))])
    from_u = np.searchsorted(fg.tau, times, side="left")
    q = before_u_x * tail0[from_u][:, None] - before_u[:, None] * tail1[from_u]
    step = np.where(censors[:, None] > 0, q * (censors / at_risk**2)[:, None], 0.0)
    psi = -np.cumsum(step, axis=0)[block]
    psi += np.where((fg.status == 0)[:, None], q[block] / at_risk[block][:, None], 0.0)
    zeta = eta + psi
    h_inv = np.linalg.inv(hessian)
    return h_inv @ (zeta.T @ zeta) @ h_inv.T


@dataclass
class FineGrayResult:
    """A fitted Fine-Gray model for one cause.

    Attributes
    ----------
    summary : DataFrame
        Indexed by term: ``coef``, ``shr`` (subdistribution hazard ratio), ``se``,
        ``ci_lower``, ``ci_upper`` (for the SHR), ``z``, ``p_value``.
    var : DataFrame
        Sandwich variance of the coefficients.
    loglik : float
        Log pseudo-likelihood at the estimate.
    converged : bool
        Whether crr's convergence criterion was met.
    cause : scalar
        The cause modelled.
    n, n_events, n_competing : int
        Rows, events of the cause, and events of other causes.
    terms : dict
        Columns of the design belonging to each covariate.
    """

    summary: pd.DataFrame
    var: pd.DataFrame
    loglik: float
    converged: bool
    cause: object
    n: int
    n_events: int
    n_competing: int
    terms: dict[str, list[str]]


def fine_gray(
    data: pd.DataFrame,
    duration: str,
    event: str,
    cause,
    covariates: str | Sequence[str] | None = None,
    censor_code=0,
    design: pd.DataFrame | None = None,
    reference: Mapping[str, object] | None = None,
    conf_level: float = 0.95,
    gtol: float = 1e-6,
    max_iter: int = 10,
) -> FineGrayResult:
    """Fine-Gray proportional subdistribution hazards model (R ``cmprsk::crr``).

    Subjects who had another cause stay in the risk set with weight G(t-)/G(t_i-), G being the
    Kaplan-Meier estimate of the censoring distribution; tied event times are handled the
    Breslow way, and the variance is crr's sandwich that includes the estimation of G. The
    Newton iterations, step halving and stopping rule (``gtol``, ``max_iter``) are crr's, so the
    estimates agree with crr to many digits.

    One difference remains: crr reads the censoring distribution at ``t * (1 - eps)`` to get
    its left limit, which at ``t = 0`` still includes the rows censored at duration 0. Here the
    left limit is used throughout, so the two differ slightly when rows are censored at 0.

    Parameters
    ----------
    data : DataFrame
    duration : str
        Follow-up time column.
    event : str
        ``censor_code`` for censored rows, otherwise the code of the cause that occurred.
    cause : scalar
        The cause whose cumulative incidence is modelled (e.g. 1 = art. 60 job).
    covariates : str or list of str
        Covariate columns, expanded as in :func:`cox` (categories become dummies).
    censor_code : scalar
        Value of ``event`` that marks censoring.
    design : DataFrame, optional
        An already-expanded numeric design instead of ``covariates``.
    reference : dict, optional
        Reference level per categorical covariate.
    conf_level : float
        Confidence level of the SHR intervals.
    gtol, max_iter : float, int
        crr's convergence tolerance and maximum number of Newton iterations.

    Returns
    -------
    FineGrayResult
        ``.summary`` indexed by term: ``coef``, ``shr``, ``se``, ``ci_lower``, ``ci_upper``,
        ``z``, ``p_value``.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"months": [1, 2, 2, 3, 4, 5, 6, 6, 2, 3, 3, 7],
    ...                    "outcome": [1, 2, 1, 0, 1, 2, 0, 1, 2, 2, 1, 0],
    ...                    "age": [25, 31, 40, 22, 35, 29, 45, 38, 50, 27, 33, 41]})
    >>> fine_gray(df, "months", "outcome", cause=1, covariates="age").summary.round(3)
           coef    shr     se  ci_lower  ci_upper     z  p_value
    term                                                        
    age  -0.029  0.971  0.049     0.882      1.07 -0.59    0.555
    """
    z_crit = _conf_z(conf_level)
    _check_frame(data, [duration, event])
    time = _durations(data, duration)
    codes, causes = _event_codes(data, event, censor_code)
    if cause not in causes:
        raise InputError(
            f"cause {cause!r} does not occur in event column '{event}'; causes present: {causes}"
        )
    d = _design(data, covariates, design, reference)
    status = np.where(codes == censor_code, 0, np.where(codes == cause, 1, 2))
    X = d.matrix - d.matrix.mean(axis=0)
    fg = _fine_gray_data(time, status, X)
    # crr's Newton-Raphson with backtracking, from zero, and its stopping rule
    beta = np.zeros(X.shape[1])
    converged = False
    for iteration in range(max_iter + 1):
        lik, grad, hess = _fine_gray_fit_terms(fg, beta)
        if np.max(np.abs(grad) * np.maximum(np.abs(beta), 1)) < max(abs(lik), 1) * gtol:
            converged = True
            break
        if iteration == max_iter:
            break
        step = -np.linalg.solve(hess, grad)
        for halving in range(22):
            trial = _fine_gray_fit_terms(fg, beta + step, with_information=False)[0]
            if np.isfinite(trial) and trial <= lik + 1e-4 * float(step @ grad):
                break
            step = step * 0.5
        else:
            break
        beta = beta + step
    if not converged:
        warnings.warn(
            f"the Fine-Gray model for cause {cause!r} did not converge in {max_iter} iterations",
            RuntimeWarning,
            stacklevel=2,
        )
    lik, _, hess = _fine_gray_fit_terms(fg, beta)
    var = _fine_gray_variance(fg, beta, hess)
    summary = _wald_table(beta, np.sqrt(np.diag(var)), z_crit, d.names, "shr")
    return FineGrayResult(
        summary=summary,
        var=pd.DataFrame(var, index=d.names, columns=d.names),
        loglik=-lik,
        converged=converged,
        cause=cause,
        n=len(data),
        n_events=int((status == 1).sum()),
        n_competing=int((status == 2).sum()),
        terms={term: [d.names[j] for j in cols] for term, cols in d.terms.items()},
    )


# --------------------------------------------------------------------------- restricted mean
def _rmst_group(time, event, horizon):
    curve = _km_curve(time, event, np.ones_like(time), robust=False)
    t, surv = curve["time"], curve["survival"]
    n, d = curve["n_at_risk"], curve["n_events"]
    with np.errstate(divide="ignore", invalid="ignore"):
        hh = np.where(n - d == 0, 0.0, d / (n * (n - d)))
    keep = t <= horizon
    if not keep.any():
        return float(horizon), 0.0
    steps = np.r_[t[keep], horizon]
    levels = np.r_[1.0, surv[keep]]
    hh = np.r_[hh[keep], 0.0]
    rectangles = np.diff(np.r_[0.0, steps]) * levels
    # area under the curve from each time to the horizon, for survfit's variance formula
    area_after = np.cumsum(rectangles[::-1])[::-1]
    area_after = np.r_[area_after[1:], 0.0]
    return float(rectangles.sum()), float(np.sqrt(np.sum(area_after**2 * hh)))


def rmst(
    data: pd.DataFrame,
    duration: str,
    event: str,
    horizon: float,
    by: str | None = None,
    conf_level: float = 0.95,
) -> pd.DataFrame:
    """Restricted mean survival time: the area under the Kaplan-Meier curve up to ``horizon``.

    Matches R ``summary(survfit(...), rmean=horizon)$table`` (``rmean`` and ``se(rmean)``, as
    ``survival:::survmean`` computes them): the variance sums, over event times t_j up to the
    horizon, (area under the curve from t_j to the horizon)^2 * d_j / (n_j (n_j - d_j)).
    When the horizon lies beyond the last follow-up time the last value of the curve is carried
    to it, as R does; choose a horizon that every group reaches.

    Parameters
    ----------
    data : DataFrame
    duration, event : str
        Follow-up time and 0/1 event columns.
    horizon : float
        Restriction time (same unit as ``duration``).
    by : str, optional
        Column defining groups.
    conf_level : float
        Confidence level of the (normal) interval.

    Returns
    -------
    DataFrame
        Columns ``group``, ``rmst``, ``se``, ``ci_lower``, ``ci_upper``, ``horizon``.

    Examples
    --------
    >>> from lifelines.datasets import load_rossi
    >>> rmst(load_rossi(), "week", "arrest", horizon=40, by="fin").round(3)
       group    rmst     se  ci_lower  ci_upper  horizon
    0      0  35.935  0.623    34.715    37.156       40
    1      1  37.162  0.528    36.128    38.196       40
    """
    z = _conf_z(conf_level)
    _check_frame(data, [duration, event] + _as_list(by))
    if not np.isscalar(horizon) or not np.isfinite(horizon) or horizon <= 0:
        raise InputError(f"horizon must be a positive number, got {horizon!r}")
    time = _durations(data, duration)
    ev = _events01(data, event)
    group, levels = _labels(data, [by], "by") if by else (np.zeros(len(data), dtype=np.int64), [ALL])
    rows = []
    for g, level in enumerate(levels):
        sel = group == g
        value, se = _rmst_group(time[sel], ev[sel], float(horizon))
        rows.append((level, value, se, value - z * se, value + z * se, horizon))
    return pd.DataFrame(rows, columns=["group", "rmst", "se", "ci_lower", "ci_upper", "horizon"])


def rmst_difference(
    data: pd.DataFrame,
    duration: str,
    event: str,
    horizon: float,
    by: str,
    reference=None,
    conf_level: float = 0.95,
) -> pd.DataFrame:
    """Difference in restricted mean survival time of each group against a reference group.

    The groups are independent samples, so the standard error of a difference is the root of
    the sum of the two variances from :func:`rmst`; the test is a z-test.

    Parameters
    ----------
    data : DataFrame
    duration, event : str
        Follow-up time and 0/1 event columns.
    horizon : float
        Restriction time.
    by : str
        Column defining the groups.
    reference : scalar, optional
        The reference group (default: the first in sorted order).
    conf_level : float
        Confidence level of the interval.

    Returns
    -------
    DataFrame
        One row per non-reference group: ``group``, ``reference``, ``difference``
        (group minus reference), ``se``, ``ci_lower``, ``ci_upper``, ``p_value``.

    Examples
    --------
    >>> from lifelines.datasets import load_rossi
    >>> rmst_difference(load_rossi(), "week", "arrest", horizon=40, by="fin").round(3)
       group  reference  difference     se  ci_lower  ci_upper  p_value
    0      1          0       1.227  0.816    -0.373     2.827    0.133
    """
    z = _conf_z(conf_level)
    table = rmst(data, duration, event, horizon, by=by, conf_level=conf_level)
    groups = table["group"].tolist()
    if len(groups) < 2:
        raise InputError(f"by column '{by}' has a single value; nothing to compare")
    if reference is None:
        reference = groups[0]
    if reference not in groups:
        raise InputError(f"reference group {reference!r} does not occur in column '{by}'; groups: {groups}")
    ref = table[table["group"] == reference].iloc[0]
    rows = []
    for row in table[table["group"] != reference].itertuples(index=False):
        diff = row.rmst - ref["rmst"]
        se = float(np.hypot(row.se, ref["se"]))
        p = float(2 * stats.norm.sf(abs(diff / se))) if se > 0 else np.nan
        rows.append((row.group, reference, diff, se, diff - z * se, diff + z * se, p))
    return pd.DataFrame(rows, columns=["group", "reference", "difference", "se", "ci_lower", "ci_upper", "p_value"])
