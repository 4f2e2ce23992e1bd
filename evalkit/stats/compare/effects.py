"""Weighted comparisons with bootstrap intervals that refit the propensity model: effects on a
mean outcome, adjusted survival and cumulative incidence curves, adjusted RMST, and the E-value."""
from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd

from evalkit.errors import InputError
from evalkit.stats.compare._common import _check_frame, _covariates, _estimand, _focal, _treatment
from evalkit.stats.compare.weighting import _check_trim, _propensity_matrix, _weights_from

# --------------------------------------------------------------------------- bootstrap
def bootstrap_indices(n: int, n_boot: int, seed: int, strata=None) -> np.ndarray:
    """Row positions of ``n_boot`` bootstrap samples of ``n`` rows (an ``n_boot`` x ``n`` array).

    With ``strata`` (one label per row) every stratum is resampled within itself, so each
    bootstrap sample keeps the group sizes. Same ``seed``, same samples.

    Examples
    --------
    >>> bootstrap_indices(4, 2, seed=1).shape
    (2, 4)
    >>> idx = bootstrap_indices(4, 3, seed=1, strata=["a", "a", "b", "b"])
    >>> bool(((idx[:, :2] < 2) & (idx[:, 2:] >= 2)).all())
    True
    """
    if not isinstance(n_boot, (int, np.integer)) or n_boot < 1:
        raise InputError(f"n_boot must be a whole number of at least 1, got {n_boot!r}")
    if seed is None:
        raise InputError("seed is required: every random step takes one, so results can be repeated")
    rng = np.random.default_rng(seed)
    if strata is None:
        return rng.integers(0, n, size=(n_boot, n))
    strata = np.asarray(strata)
    if len(strata) != n:
        raise InputError(f"strata has {len(strata)} labels for {n} rows")
    out = np.empty((n_boot, n), dtype=np.int64)
    for label in pd.unique(strata):
        pos = np.flatnonzero(strata == label)
        out[:, pos] = pos[rng.integers(0, len(pos), size=(n_boot, len(pos)))]
    return out


def _percentile_ci(reps: np.ndarray, conf_level: float) -> tuple[np.ndarray, np.ndarray]:
    alpha = (1 - conf_level) / 2
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return np.nanquantile(reps, alpha, axis=0), np.nanquantile(reps, 1 - alpha, axis=0)


@dataclass(frozen=True)
class _Setup:
    codes: np.ndarray
    levels: list
    focal_code: int | None
    X: np.ndarray | None        # propensity-model covariates; None: no adjustment (weights 1)


def _setup(data, treatment, covariates, estimand, focal, reference) -> _Setup:
    codes, levels = _treatment(data, treatment, reference)
    focal = _focal(levels, estimand, focal)
    X = None if covariates is None else _covariates(data, covariates).model
    return _Setup(codes, levels, levels.index(focal) if focal is not None else None, X)


def _weights_for(s: _Setup, rows: np.ndarray | None, estimand, stabilize, trim, truncate) -> np.ndarray:
    """Weights of the rows (None: all rows; else a bootstrap sample) from the propensity model refitted
    on those rows; 1 for everyone without covariates."""
    codes = s.codes if rows is None else s.codes[rows]
    if s.X is None:
        return np.ones(len(codes))
    X = s.X if rows is None else s.X[rows]
    k = len(s.levels)
    if np.bincount(codes, minlength=k).min() == 0:
        return np.full(len(codes), np.nan)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        P = _propensity_matrix(X, codes, k)
    return _weights_from(P, codes, estimand, s.focal_code, stabilize, trim, truncate)[0]


def _pairs(s: _Setup, estimand: str) -> list[tuple[int, int]]:
    k = len(s.levels)
    if estimand == "ATE":
        return [(g, 0) for g in range(1, k)]
    return [(s.focal_code, g) for g in range(k) if g != s.focal_code]


def _group_means(y: np.ndarray, codes: np.ndarray, w: np.ndarray, k: int) -> np.ndarray:
    sw = np.bincount(codes, weights=w, minlength=k)
    swy = np.bincount(codes, weights=w * y, minlength=k)
    with np.errstate(invalid="ignore", divide="ignore"):
        return swy / sw


def effect(data: pd.DataFrame, outcome: str, treatment: str, covariates: Sequence[str] | None,
           estimand: str = "ATE", focal=None, reference=None, stabilize: bool = True,
           trim: float | None = None, truncate: float | None = None, n_boot: int = 200, seed: int = 1,
           conf_level: float = 0.95, weights: str | None = None) -> pd.DataFrame:
    """Weighted difference in the mean outcome between groups, with a bootstrap confidence interval.

    The weights come from :func:`ipw` on ``covariates`` (or, with ``covariates=None``, no
    adjustment: the naive comparison). Group means are weighted means (Hajek); the estimate is the
    group's mean minus the reference's (ATE) or the focal group's mean minus the other group's
    mean reweighted to the focal group's profile (ATT). For a 0/1 outcome the ratio of the means
    (risk ratio) is also given. The interval is the percentile interval of ``n_boot`` bootstrap
    replicates that resample persons *and refit the propensity model*, so it accounts for the
    estimation of the weights.

    Parameters
    ----------
    data : DataFrame
    outcome : str
        Numeric column (a 0/1 indicator or a continuous outcome), no missing values.
    treatment, covariates, estimand, focal, reference, stabilize, trim, truncate
        As for :func:`ipw`.
    n_boot : int, default 200
    seed : int
        Seed of the bootstrap.
    conf_level : float
    weights : str, optional
        Use these fixed weights instead of fitting a propensity model (then the interval treats
        them as known).

    Returns
    -------
    DataFrame
        One row per comparison: ``group``, ``versus``, ``estimand``, ``mean_group``, ``mean_versus``,
        ``estimate`` (difference), ``se`` (bootstrap standard deviation), ``ci_lower``, ``ci_upper``,
        and for a 0/1 outcome ``ratio``, ``ratio_ci_lower``, ``ratio_ci_upper``; ``n_group``,
        ``n_versus``, ``n_boot``.

    Examples
    --------
    >>> from lifelines.datasets import load_rossi
    >>> res = effect(load_rossi(), "arrest", "fin", ["age", "prio", "wexp", "mar", "paro"],
    ...              n_boot=50, seed=3)
    >>> res[["group", "versus", "estimate"]].round(3)
       group  versus  estimate
    0      1       0    -0.078
    """
    _estimand(estimand)
    _check_trim(trim, truncate)
    if not (0 < conf_level < 1):
        raise InputError(f"conf_level must lie between 0 and 1, got {conf_level!r}")
    _check_frame(data, [outcome, treatment] + ([weights] if weights else []))
    y_col = data[outcome]
    if not pd.api.types.is_numeric_dtype(y_col):
        raise InputError(f"outcome column '{outcome}' must be numeric (0/1 or a number), got dtype {y_col.dtype}")
    y = y_col.to_numpy(dtype=float)
    is_binary = bool(np.isin(y, [0.0, 1.0]).all())
    s = _setup(data, treatment, covariates, estimand, focal, reference)
    k = len(s.levels)

    def weights_of(rows):
        if weights is not None:
            w = data[weights].to_numpy(dtype=float)
            return w if rows is None else w[rows]
        return _weights_for(s, rows, estimand, stabilize, trim, truncate)

    pairs = _pairs(s, estimand)
    w0 = weights_of(None)
    means = _group_means(y, s.codes, w0, k)
    idx = bootstrap_indices(len(data), n_boot, seed)
    reps = np.full((n_boot, k), np.nan)
    for b in range(n_boot):
        rows = idx[b]
        wb = weights_of(rows)
        if not np.all(np.isnan(wb)):
            reps[b] = _group_means(y[rows], s.codes[rows], wb, k)
    out = []
    for a, c in pairs:
        diff_reps = reps[:, a] - reps[:, c]
        lo, hi = _percentile_ci(diff_reps, conf_level)
        row = {"group": s.levels[a], "versus": s.levels[c], "estimand": estimand,
               "mean_group": means[a], "mean_versus": means[c], "estimate": means[a] - means[c],
               "se": float(np.nanstd(diff_reps, ddof=1)), "ci_lower": float(lo), "ci_upper": float(hi)}
        if is_binary:
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio_reps = reps[:, a] / reps[:, c]
                rlo, rhi = _percentile_ci(np.where(np.isfinite(ratio_reps), ratio_reps, np.nan), conf_level)
                row.update({"ratio": means[a] / means[c] if means[c] > 0 else np.nan,
                            "ratio_ci_lower": float(rlo), "ratio_ci_upper": float(rhi)})
        row.update({"n_group": int((s.codes == a).sum()), "n_versus": int((s.codes == c).sum()), "n_boot": n_boot})
        out.append(row)
    result = pd.DataFrame(out)
    result.attrs["replicates"] = reps
    return result


# --------------------------------------------------------------------------- adjusted curves
def _check_times(times) -> np.ndarray:
    t = np.atleast_1d(np.asarray(times, dtype=float))
    if t.size == 0 or np.any(~np.isfinite(t)) or np.any(t < 0):
        raise InputError("times must be non-negative finite numbers")
    return np.sort(t)


def _survival_grid(time: np.ndarray, event: np.ndarray, w: np.ndarray, grid: np.ndarray):
    """Weighted Kaplan-Meier S(t) and weighted number at risk on a grid (right-continuous)."""
    order = np.argsort(time, kind="stable")
    t, e, ww = time[order], event[order], w[order]
    uniq, start = np.unique(t, return_index=True)
    d = np.add.reduceat(ww * e, start) if len(t) else np.array([])
    at = np.add.reduceat(ww, start) if len(t) else np.array([])
    n_risk = np.cumsum(at[::-1])[::-1]
    with np.errstate(invalid="ignore", divide="ignore"):
        h = np.where(n_risk > 0, d / n_risk, 0.0)
    surv = np.cumprod(1 - h)
    pos = np.searchsorted(uniq, grid, side="right") - 1
    s = np.where(pos >= 0, surv[np.maximum(pos, 0)], 1.0)
    # at risk just after each grid time: persons whose time is > grid time
    after = np.searchsorted(uniq, grid, side="right")
    risk = np.r_[n_risk, 0.0][after]
    return s, risk


def _cif_grid(time: np.ndarray, cause: np.ndarray, w: np.ndarray, causes: list, grid: np.ndarray):
    """Weighted Aalen-Johansen cumulative incidence of each cause on a grid (exact ties)."""
    order = np.argsort(time, kind="stable")
    t, c, ww = time[order], cause[order], w[order]
    uniq, start = np.unique(t, return_index=True)
    at = np.add.reduceat(ww, start)
    n_risk = np.cumsum(at[::-1])[::-1]
    d_all = np.add.reduceat(ww * (c != 0), start)
    with np.errstate(invalid="ignore", divide="ignore"):
        h_all = np.where(n_risk > 0, d_all / n_risk, 0.0)
    surv = np.cumprod(1 - h_all)
    surv_before = np.r_[1.0, surv[:-1]]
    pos = np.searchsorted(uniq, grid, side="right") - 1
    out = {}
    for k in causes:
        dk = np.add.reduceat(ww * (c == k), start)
        with np.errstate(invalid="ignore", divide="ignore"):
            inc = np.where(n_risk > 0, surv_before * dk / n_risk, 0.0)
        cif = np.cumsum(inc)
        out[k] = np.where(pos >= 0, cif[np.maximum(pos, 0)], 0.0)
    return out


def _adjusted(data, duration, event, treatment, covariates, estimand, focal, reference, stabilize, trim,
              truncate, n_boot, seed, kind: str, times=None, causes=None, horizon=None):
    _estimand(estimand)
    _check_trim(trim, truncate)
    _check_frame(data, [duration, event, treatment])
    time = data[duration]
    if not pd.api.types.is_numeric_dtype(time):
        raise InputError(f"duration column '{duration}' must be numeric, got dtype {time.dtype}")
    time = time.to_numpy(dtype=float)
    if np.any(time < 0):
        raise InputError(f"duration column '{duration}' has negative values")
    ev = data[event].to_numpy()
    if kind != "cif" and not np.isin(ev, [0, 1]).all():
        raise InputError(f"event column '{event}' must hold 0 (censored) and 1 (event); for several "
                         "causes use adjusted_cumulative_incidence")
    s = _setup(data, treatment, covariates, estimand, focal, reference)
    k = len(s.levels)

    def curves(rows):
        w = _weights_for(s, rows, estimand, stabilize, trim, truncate)
        c = s.codes if rows is None else s.codes[rows]
        tt = time if rows is None else time[rows]
        ee = ev if rows is None else ev[rows]
        res = {}
        for g in range(k):
            sel = (c == g) & (w > 0) if not np.all(np.isnan(w)) else np.zeros(len(c), bool)
            if not sel.any():
                res[g] = None
                continue
            if kind == "km":
                res[g] = _survival_grid(tt[sel], ee[sel].astype(float), w[sel], times)
            elif kind == "cif":
                res[g] = _cif_grid(tt[sel], ee[sel], w[sel], causes, times)
            else:
                grid = np.unique(np.r_[0.0, tt[sel][tt[sel] < horizon], horizon])
                sv, _ = _survival_grid(tt[sel], ee[sel].astype(float), w[sel], grid)
                res[g] = float(np.sum(np.diff(grid) * sv[:-1]))
        return res, w, c

    if kind == "cif":
        if causes is None:
            causes = sorted(pd.unique(ev[ev != 0]).tolist())
    point, w0, c0 = curves(None)
    idx = bootstrap_indices(len(data), n_boot, seed)
    boots = [curves(idx[b])[0] for b in range(n_boot)]
    return s, point, boots, w0, c0, causes


def adjusted_survival(data: pd.DataFrame, duration: str, event: str, treatment: str,
                      covariates: Sequence[str] | None, times, estimand: str = "ATE", focal=None,
                      reference=None, stabilize: bool = True, trim: float | None = None,
                      truncate: float | None = None, n_boot: int = 200, seed: int = 1,
                      conf_level: float = 0.95) -> pd.DataFrame:
    """IPW-adjusted Kaplan-Meier curves per group, with bootstrap confidence bands.

    The point estimate at each time is the weighted Kaplan-Meier curve (R ``survfit`` with
    ``weights``); the band is the pointwise percentile interval over ``n_boot`` bootstrap samples
    in which the propensity model is refitted. ``covariates=None`` gives unadjusted curves with
    bootstrap bands.

    Parameters
    ----------
    data : DataFrame
    duration, event : str
        Follow-up time and 0/1 event columns.
    treatment, covariates, estimand, focal, reference, stabilize, trim, truncate
        As for :func:`ipw`.
    times : sequence of float
        Times at which the curves are given (e.g. every month).
    n_boot, seed, conf_level
        Bootstrap replicates, their seed and the confidence level.

    Returns
    -------
    DataFrame
        ``group``, ``time``, ``survival``, ``ci_lower``, ``ci_upper``, ``n_at_risk`` (persons, not
        weighted: after the time), ``weighted_at_risk``. ``attrs["replicates"]``: dict group ->
        array (n_boot x len(times)).

    Examples
    --------
    >>> from lifelines.datasets import load_rossi
    >>> curves = adjusted_survival(load_rossi(), "week", "arrest", "fin", ["age", "prio"],
    ...                            times=[26, 52], n_boot=20, seed=1)
    >>> curves[["group", "time", "survival"]].round(3)
       group  time  survival
    0      0  26.0     0.851
    1      0  52.0     0.697
    2      1  26.0     0.897
    3      1  52.0     0.772
    """
    times = _check_times(times)
    s, point, boots, w0, c0, _ = _adjusted(data, duration, event, treatment, covariates, estimand, focal,
                                            reference, stabilize, trim, truncate, n_boot, seed, "km", times=times)
    time = data[duration].to_numpy(dtype=float)
    pieces, reps_out = [], {}
    for g, lv in enumerate(s.levels):
        if point[g] is None:
            continue
        surv, wrisk = point[g]
        reps = np.array([b[g][0] if b[g] is not None else np.full(len(times), np.nan) for b in boots])
        lo, hi = _percentile_ci(reps, conf_level)
        sel = (c0 == g) & (w0 > 0)
        n_risk = (time[sel][None, :] > times[:, None]).sum(axis=1)
        pieces.append(pd.DataFrame({"group": lv, "time": times, "survival": surv, "ci_lower": lo, "ci_upper": hi,
                                    "n_at_risk": n_risk, "weighted_at_risk": wrisk}))
        reps_out[lv] = reps
    out = pd.concat(pieces, ignore_index=True)
    out.attrs["replicates"] = reps_out
    return out


def adjusted_cumulative_incidence(data: pd.DataFrame, duration: str, event: str, treatment: str,
                                  covariates: Sequence[str] | None, times, estimand: str = "ATE", focal=None,
                                  reference=None, stabilize: bool = True, trim: float | None = None,
                                  truncate: float | None = None, n_boot: int = 200, seed: int = 1,
                                  conf_level: float = 0.95) -> pd.DataFrame:
    """IPW-adjusted cumulative incidence of each cause per group (weighted Aalen-Johansen), with
    bootstrap bands.

    ``event`` holds 0 for a censored follow-up and a cause code otherwise. The point estimate is the
    weighted Aalen-Johansen estimate (R ``survfit`` on a multi-state status with ``weights``); ties
    are handled exactly. Bands as in :func:`adjusted_survival`.

    Returns
    -------
    DataFrame
        ``group``, ``cause``, ``time``, ``cif``, ``ci_lower``, ``ci_upper``, ``n_at_risk``.

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"t": [1, 2, 2, 3, 4, 5, 1, 2, 3, 6], "e": [1, 2, 1, 0, 1, 2, 2, 1, 0, 1],
    ...                    "g": ["a"] * 6 + ["b"] * 4})
    >>> cif = adjusted_cumulative_incidence(df, "t", "e", "g", None, times=[2, 6], n_boot=10, seed=1)
    >>> cif[(cif["group"] == "a") & (cif["cause"] == 1)][["time", "cif"]].round(3)
       time    cif
    0   2.0  0.333
    1   6.0  0.583
    """
    times = _check_times(times)
    s, point, boots, w0, c0, causes = _adjusted(data, duration, event, treatment, covariates, estimand, focal,
                                                reference, stabilize, trim, truncate, n_boot, seed, "cif",
                                                times=times)
    time = data[duration].to_numpy(dtype=float)
    pieces = []
    for g, lv in enumerate(s.levels):
        if point[g] is None:
            continue
        sel = (c0 == g) & (w0 > 0)
        n_risk = (time[sel][None, :] > times[:, None]).sum(axis=1)
        for k in causes:
            reps = np.array([b[g][k] if b[g] is not None else np.full(len(times), np.nan) for b in boots])
            lo, hi = _percentile_ci(reps, conf_level)
            pieces.append(pd.DataFrame({"group": lv, "cause": k, "time": times, "cif": point[g][k],
                                        "ci_lower": lo, "ci_upper": hi, "n_at_risk": n_risk}))
    return pd.concat(pieces, ignore_index=True)


def adjusted_rmst(data: pd.DataFrame, duration: str, event: str, treatment: str,
                  covariates: Sequence[str] | None, horizon: float, estimand: str = "ATE", focal=None,
                  reference=None, stabilize: bool = True, trim: float | None = None,
                  truncate: float | None = None, n_boot: int = 200, seed: int = 1,
                  conf_level: float = 0.95) -> pd.DataFrame:
    """IPW-adjusted restricted mean survival time per group and its differences, with bootstrap
    intervals.

    The RMST is the area under the weighted Kaplan-Meier curve up to ``horizon`` (for time to a
    first job: the mean time *without* a job in the first ``horizon`` units).

    Returns
    -------
    DataFrame
        One row per group: ``group``, ``rmst``, ``ci_lower``, ``ci_upper``; then one row per
        comparison with ``group``, ``versus``, ``difference``, ``ci_lower``, ``ci_upper``
        (column ``row`` says "group" or "difference"); ``horizon``.

    Examples
    --------
    >>> from lifelines.datasets import load_rossi
    >>> r = adjusted_rmst(load_rossi(), "week", "arrest", "fin", None, horizon=40, n_boot=20, seed=1)
    >>> r[["row", "group", "rmst", "difference"]].round(3)
              row  group    rmst  difference
    0       group      0  35.935         NaN
    1       group      1  37.162         NaN
    2  difference      1     NaN       1.227
    """
    if not np.isscalar(horizon) or not np.isfinite(horizon) or horizon <= 0:
        raise InputError(f"horizon must be a positive number, got {horizon!r}")
    s, point, boots, _, _, _ = _adjusted(data, duration, event, treatment, covariates, estimand, focal, reference,
                                         stabilize, trim, truncate, n_boot, seed, "rmst", horizon=float(horizon))
    reps = np.array([[b[g] if b[g] is not None else np.nan for g in range(len(s.levels))] for b in boots])
    rows = []
    for g, lv in enumerate(s.levels):
        lo, hi = _percentile_ci(reps[:, g], conf_level)
        rows.append({"row": "group", "group": lv, "versus": None, "rmst": point[g], "difference": np.nan,
                     "ci_lower": float(lo), "ci_upper": float(hi)})
    for a, c in _pairs(s, estimand):
        lo, hi = _percentile_ci(reps[:, a] - reps[:, c], conf_level)
        rows.append({"row": "difference", "group": s.levels[a], "versus": s.levels[c], "rmst": np.nan,
                     "difference": point[a] - point[c], "ci_lower": float(lo), "ci_upper": float(hi)})
    out = pd.DataFrame(rows)
    out["horizon"] = horizon
    return out


# --------------------------------------------------------------------------- sensitivity
def _evalue_rr(rr: np.ndarray) -> np.ndarray:
    rr = np.where(rr < 1, 1 / rr, rr)
    return rr + np.sqrt(rr * (rr - 1))


def evalue(estimate: float, ci_lower: float | None = None, ci_upper: float | None = None,
           measure: str = "RR", rare: bool = False) -> pd.DataFrame:
    """E-value: the minimum strength of association (risk-ratio scale) an unmeasured confounder would
    need with both the treatment and the outcome to explain the estimate away (VanderWeele & Ding,
    Annals of Internal Medicine 2017).

    For a risk ratio RR > 1 it is ``RR + sqrt(RR (RR - 1))`` (for RR < 1 the same on 1 / RR). For the
    interval, the E-value of the limit closest to 1, or 1 when the interval contains 1. Other
    measures are first put on the risk-ratio scale as in that paper: an odds ratio or hazard ratio
    of a rare outcome is taken as a risk ratio; a common outcome's odds ratio becomes ``sqrt(OR)``,
    its hazard ratio ``(1 - 0.5^sqrt(HR)) / (1 - 0.5^sqrt(1/HR))``; a standardised mean difference
    ``d`` becomes ``exp(0.91 d)``.

    Parameters
    ----------
    estimate : float
    ci_lower, ci_upper : float, optional
    measure : {"RR", "OR", "HR", "SMD"}
    rare : bool
        Whether the outcome is rare (below about 15 %), for OR and HR.

    Returns
    -------
    DataFrame
        One row: ``measure``, ``estimate``, ``rr`` (on the risk-ratio scale), ``evalue_estimate``,
        ``evalue_ci`` (NaN without an interval).

    Examples
    --------
    >>> evalue(3.9, 1.8, 8.7)[["evalue_estimate", "evalue_ci"]].round(2)
       evalue_estimate  evalue_ci
    0             7.26        3.0
    """
    measures = ("RR", "OR", "HR", "SMD")
    if measure not in measures:
        raise InputError(f"measure must be one of {measures}, got {measure!r}")
    values = [estimate, ci_lower, ci_upper]
    for name, v in zip(("estimate", "ci_lower", "ci_upper"), values):
        if v is None:
            continue
        if not np.isfinite(v) or (measure != "SMD" and v <= 0):
            raise InputError(f"{name} must be a finite{' positive' if measure != 'SMD' else ''} number, got {v!r}")
    if ci_lower is not None and ci_upper is not None and ci_lower > ci_upper:
        raise InputError("ci_lower is larger than ci_upper")

    def to_rr(v):
        if v is None:
            return None
        if measure == "RR" or (measure in ("OR", "HR") and rare):
            return float(v)
        if measure == "OR":
            return float(np.sqrt(v))
        if measure == "HR":
            return float((1 - 0.5 ** np.sqrt(v)) / (1 - 0.5 ** np.sqrt(1 / v)))
        return float(np.exp(0.91 * v))

    rr, lo, hi = to_rr(estimate), to_rr(ci_lower), to_rr(ci_upper)
    e_point = float(_evalue_rr(np.array(rr)))
    if lo is None and hi is None:
        e_ci = np.nan
    elif (lo is not None and lo <= 1 <= (hi if hi is not None else np.inf)) or \
            (lo is None and hi is not None and hi >= 1 and rr <= 1):
        e_ci = 1.0
    else:
        limit = lo if rr > 1 else hi
        if limit is None:
            e_ci = np.nan
        elif (rr > 1 and limit <= 1) or (rr < 1 and limit >= 1):
            e_ci = 1.0
        else:
            e_ci = float(_evalue_rr(np.array(limit)))
    return pd.DataFrame([{"measure": measure, "estimate": estimate, "rr": rr, "evalue_estimate": e_point,
                          "evalue_ci": e_ci}])
