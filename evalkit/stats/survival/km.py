"""Kaplan-Meier curves and what is read off them (median, survival at given times), the
log-rank test and the restricted mean survival time."""
from __future__ import annotations

from typing import Iterable, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from evalkit.errors import InputError
from evalkit.stats.survival._common import (
    ALL, _as_list, _check_frame, _conf_z, _distinct_times, _durations, _events01, _labels, _weights,
)

_CONF_TYPES = ("log-log", "log", "plain")


# --------------------------------------------------------------------------- Kaplan-Meier
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
