"""Survival curves from interval-censored times: the Turnbull nonparametric maximum likelihood
estimate (NPMLE).

Registries that hold only status snapshots (a yearly or quarterly extract) cannot say on which day
somebody found a job, only that it happened between two snapshots: after the last one without work
and at or before the first one with work. :func:`turnbull` estimates the survival curve from such
intervals (``left``, ``right``]; ``right`` infinite for right-censored follow-up, ``left == right``
for an exactly known time. With exact and right-censored times only it is the Kaplan-Meier curve.

The estimate puts probability mass on the *innermost intervals* (Turnbull 1976; Peto 1973): the
intervals between a left end and the next right end of the data. How the mass spreads *within* an
innermost interval is not identified; :func:`survival_at` reads the curve with the mass spread
evenly (a straight line across the interval), as plots of interval-censored curves usually do.

The masses come from the constrained Newton method of Wang (2008, *Comput. Stat. Data Anal.* 52),
run until the Kuhn-Tucker conditions of the NPMLE hold to ``tol``: a handful of iterations where the
self-consistency (EM) algorithm needs thousands, notably for current-status data. The result records
the log-likelihood, the iterations and that check. The fit runs on the distinct (group, left, right)
patterns, identical rows merged with their weights summed: registry extracts hold millions of rows
but only a few thousand distinct snapshot intervals. R's ``survival::survfit(Surv(l, r,
type = "interval2"))`` computes the same estimate by EM but stops at a looser tolerance
(``tests/golden/INTERVAL.md``).

There are no pointwise confidence intervals: the NPMLE does not have the simple asymptotics of the
Kaplan-Meier curve (the bootstrap is the usual route).
"""
from __future__ import annotations

from typing import Iterable

import numpy as np
import pandas as pd

from evalkit.errors import InputError, require_columns

__all__ = ["turnbull", "survival_at"]

ALL = "all"
_SUM_WEIGHT = 1e8  # weight of the sum-to-one row in the Newton step, relative to the data


def _check(data: pd.DataFrame, left: str, right: str, by: str | None, weights: str | None):
    require_columns(data, [left, right] + ([by] if by else []) + ([weights] if weights else []))
    out = {}
    for col, role in ((left, "left"), (right, "right")):
        values = data[col]
        if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
            raise InputError(f"{role} column '{col}' must be numeric (time since the start of follow-up), "
                             f"got dtype {values.dtype}")
        n_missing = int(values.isna().sum())
        if n_missing:
            hint = "; use inf (not a missing value) for right-censored rows" if role == "right" else ""
            raise InputError(f"{role} column '{col}' has missing values in {n_missing} row(s){hint}")
        out[role] = values.to_numpy(dtype=float)
    lo, hi = out["left"], out["right"]
    if not np.all(np.isfinite(lo)):
        raise InputError(f"left column '{left}' has infinite values; a left end must be a time >= 0")
    if (lo < 0).any():
        raise InputError(f"left column '{left}' has negative values in {int((lo < 0).sum())} row(s)")
    bad = hi < lo
    if bad.any():
        raise InputError(f"right column '{right}' is smaller than left column '{left}' in "
                         f"{int(bad.sum())} row(s); each row is an interval (left, right]")
    if weights:
        w = data[weights]
        if not pd.api.types.is_numeric_dtype(w) or w.isna().any():
            raise InputError(f"weights column '{weights}' must be numeric without missing values")
        w = w.to_numpy(dtype=float)
        if (~np.isfinite(w) | (w <= 0)).any():
            raise InputError(f"weights column '{weights}' must be positive and finite")
    else:
        w = np.ones(len(data))
    if by:
        n_missing = int(data[by].isna().sum())
        if n_missing:
            raise InputError(f"by column '{by}' has missing values in {n_missing} row(s)")
    return lo, hi, w


def _patterns(codes: np.ndarray, lo: np.ndarray, hi: np.ndarray, w: np.ndarray):
    """Rows merged into their distinct (group, left, right) patterns.

    The likelihood of the NPMLE depends on the rows only through their intervals and weights, so
    rows with the same group and the same (left, right] count as one row whose weight is the sum of
    their case weights. Returns, sorted by group, then left, then right: the group code, left,
    right, summed weight and number of rows of every pattern.
    """
    order = np.lexsort((hi, lo, codes))
    c, l, h = codes[order], lo[order], hi[order]
    new = np.r_[True, (c[1:] != c[:-1]) | (l[1:] != l[:-1]) | (h[1:] != h[:-1])]
    pattern = np.cumsum(new) - 1
    weight = np.bincount(pattern, weights=w[order])
    count = np.bincount(pattern)
    return c[new], l[new], h[new], weight, count


def _innermost(lo: np.ndarray, hi: np.ndarray):
    """Innermost intervals of (lo, hi] (exact where lo == hi) and the range of them each row covers.

    Times are placed on a grid of positions: 2k is the point v_k (the k-th distinct end) and 2k+1
    the open stretch between v_k and v_{k+1}. A row covers a run of positions; the innermost
    intervals are the maximal intersections of those runs: where, scanning positions in order
    (starts before ends at the same position), a start is directly followed by an end.
    """
    values = np.unique(np.r_[lo, hi[np.isfinite(hi)]])
    k_lo = np.searchsorted(values, lo)
    exact = lo == hi
    start = np.where(exact, 2 * k_lo, 2 * k_lo + 1)
    last = 2 * len(values) - 1  # the stretch after the largest end, to infinity
    k_hi = np.searchsorted(values, np.where(np.isfinite(hi), hi, values[-1]))
    stop = np.where(np.isfinite(hi), 2 * k_hi, last)
    pos = np.r_[start, stop]
    kind = np.r_[np.zeros(len(start), dtype=np.int8), np.ones(len(stop), dtype=np.int8)]
    order = np.lexsort((kind, pos))
    pos, kind = pos[order], kind[order]
    pair = (kind[:-1] == 0) & (kind[1:] == 1)
    c_lo, c_hi = pos[:-1][pair], pos[1:][pair]
    first = np.searchsorted(c_lo, start, side="left")
    final = np.searchsorted(c_hi, stop, side="right") - 1

    def time_of(p, upper):
        k = p // 2
        point = p % 2 == 0
        ext = np.r_[values, np.inf]
        if upper:
            return np.where(point, ext[k], ext[k + 1])
        return ext[k]

    return time_of(c_lo, False), time_of(c_hi, True), first, final


def _gradient(p, first, final, w, total):
    """d_j = sum_i w_i A_ij / (A p)_i / W for every innermost interval j (A_ij = 1 when row i
    covers interval j): the directional derivative of the log-likelihood towards a point mass at
    j, plus one. At the NPMLE d_j <= 1 everywhere, with equality where p_j > 0."""
    cum = np.r_[0.0, np.cumsum(p)]
    share = w / (cum[final + 1] - cum[first])
    m = len(p)
    diff = np.bincount(first, weights=share, minlength=m + 1) - np.bincount(final + 1, weights=share, minlength=m + 1)
    return np.cumsum(diff)[:m] / total


def _loglik(p, first, final, w):
    cum = np.r_[0.0, np.cumsum(p)]
    with np.errstate(divide="ignore"):
        return float(w @ np.log(cum[final + 1] - cum[first]))


def _kkt_gap(p, first, final, w, total):
    """Largest violation of the NPMLE conditions (0 at the exact maximum)."""
    d = _gradient(p, first, final, w, total)
    return float(np.max(np.where(p > 0, np.abs(d - 1), np.maximum(d - 1, 0))))


def _hitting_set(first, final):
    """A few innermost intervals such that every row covers at least one (greedy, left to right)."""
    picks = []
    x = -1
    while True:
        open_rows = first > x
        if not open_rows.any():
            return np.asarray(picks, dtype=np.int64)
        x = int(final[open_rows].min())
        picks.append(x)


def _newton_direction(p, support, first, final, w):
    """Newton direction for the masses on a fixed support, keeping their sum at one."""
    cum = np.r_[0.0, np.cumsum(p)]
    fitted = cum[final + 1] - cum[first]
    z = ((first[:, None] <= support[None, :]) & (support[None, :] <= final[:, None])) / fitted[:, None]
    gradient = w @ z
    hessian = -(z * w[:, None]).T @ z
    k = len(support)
    kkt = np.block([[hessian, np.ones((k, 1))], [np.ones((1, k)), np.zeros((1, 1))]])
    try:
        solution = np.linalg.solve(kkt, np.r_[-gradient, 0.0])
    except np.linalg.LinAlgError:
        return None
    return solution[:k]


def _npmle(first, final, w, m, tol, max_iter):
    """Masses of the innermost intervals by the constrained Newton method (Wang 2008).

    While an interval outside the support has a gradient above one, an iteration adds, between
    neighbouring support points, the interval with the largest gradient, solves the quadratic
    approximation of the log-likelihood on the support as a non-negative least-squares problem
    (the sum of the masses held at one by a heavily weighted row) and steps towards it with step
    halving, dropping intervals that lost their mass. Once the support is right, exact Newton
    steps on it (sum held at one exactly) finish the job. It stops when the Kuhn-Tucker
    conditions hold to ``tol``.
    """
    from scipy.optimize import nnls

    total = w.sum()
    sqrt_w = np.sqrt(w)
    p = np.zeros(m)
    start = _hitting_set(first, final)
    p[start] = 1.0 / len(start)
    support = start
    lik = _loglik(p, first, final, w)
    for iteration in range(1, max_iter + 1):
        d = _gradient(p, first, final, w, total)
        outside = np.where(p > 0, 0.0, np.maximum(d - 1, 0))
        if max(float(np.max(outside)), float(np.max(np.abs(d[p > 0] - 1)))) < tol:
            return p, lik, iteration, True
        target = None
        if np.max(outside) < tol:
            direction = _newton_direction(p, support, first, final, w)
            if direction is not None:
                shrinking = direction < 0
                limit = np.min(-p[support][shrinking] / direction[shrinking]) if shrinking.any() else np.inf
                if limit > 1:
                    target = p.copy()
                    target[support] += direction
        if target is None:
            bounds = np.r_[-1, support, m]
            add = [lo + 1 + int(np.argmax(d[lo + 1:hi])) for lo, hi in zip(bounds[:-1], bounds[1:]) if hi - lo > 1]
            add = [j for j in add if d[j] > 1]
            support = np.union1d(support, np.asarray(add, dtype=np.int64))
            cum = np.r_[0.0, np.cumsum(p)]
            fitted = cum[final + 1] - cum[first]
            covers = (first[:, None] <= support[None, :]) & (support[None, :] <= final[:, None])
            heavy = np.sqrt(_SUM_WEIGHT * total)
            design = np.vstack([covers * (sqrt_w / fitted)[:, None], np.full((1, len(support)), heavy)])
            # the quadratic approximation: min sum_i w_i (s_i - 2)^2 with s = A alpha / A p, alpha >= 0
            alpha, _ = nnls(design, np.r_[2 * sqrt_w, heavy], maxiter=100 * len(support))
            if alpha.sum() <= 0:
                return p, lik, iteration, False
            target = np.zeros(m)
            target[support] = alpha / alpha.sum()
        step = 1.0
        while True:
            trial = np.maximum(p + step * (target - p), 0.0)
            trial_lik = _loglik(trial, first, final, w)
            if trial_lik >= lik - 1e-13 * max(1.0, abs(lik)):  # no worse, up to rounding
                break
            step /= 2
            if step < 1e-12:
                return p, lik, iteration, False
        p, lik = trial / trial.sum(), trial_lik
        support = np.flatnonzero(p > 0)
    return p, lik, max_iter, False


def turnbull(
    data: pd.DataFrame,
    left: str,
    right: str,
    by: str | None = None,
    weights: str | None = None,
    tol: float = 1e-10,
    max_iter: int = 1000,
) -> pd.DataFrame:
    """Turnbull's NPMLE of the survival curve from interval-censored times, per group.

    Parameters
    ----------
    data : DataFrame
        One row per subject. Rows with the same group and the same (``left``, ``right``] are
        merged into one with their case weights summed before fitting, so the cost grows with the
        number of distinct intervals, not of rows.
    left, right : str
        Columns with the interval (left, right] in which the event happened: ``right`` infinite
        when right-censored at ``left``; ``left == right`` when the time is known exactly.
    by : str, optional
        Column defining groups; one curve per value.
    weights : str, optional
        Positive case weights.
    tol : float
        Convergence: the Kuhn-Tucker conditions of the NPMLE hold to ``tol`` (every innermost
        interval's gradient is at most 1 + tol, and within tol of 1 where it has mass).
    max_iter : int
        Most iterations; ``converged = False`` is recorded in ``attrs["fit"]`` when reached.

    Returns
    -------
    DataFrame
        One row per group and innermost interval: ``group``, ``time_lower``, ``time_upper`` (the
        mass lies between them; a point when equal), ``mass``, ``survival`` (after the interval),
        ``n_at_risk`` (rows known to be still event-free at ``time_lower``: ``left >= time_lower``;
        for right-censored and exact times this is the Kaplan-Meier number at risk). Per group the
        fit is in ``attrs["fit"]`` (list of records: ``group``, ``n``, ``loglik``, ``iterations``,
        ``converged``, ``kkt_gap``).

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> df = pd.DataFrame({"left": [0, 2, 1, 3, 0], "right": [2, 4, 3, np.inf, 1]})
    >>> turnbull(df, "left", "right")[["time_lower", "time_upper", "mass", "survival"]].round(3)
       time_lower  time_upper   mass  survival
    0         0.0         1.0  0.333     0.667
    1         1.0         2.0  0.167     0.500
    2         2.0         3.0  0.167     0.333
    3         3.0         4.0  0.333     0.000
    """
    lo, hi, w = _check(data, left, right, by, weights)
    if by:
        codes, levels = pd.factorize(data[by], sort=True)
    else:
        codes, levels = np.zeros(len(data), dtype=np.int64), [ALL]
    # fit on the distinct patterns: identical rows merged, their case weights summed
    p_codes, p_lo, p_hi, p_w, p_n = _patterns(np.asarray(codes, dtype=np.int64), lo, hi, w)
    bounds = np.searchsorted(p_codes, np.arange(len(levels) + 1), side="left")
    pieces, fits = [], []
    for g, level in enumerate(levels):
        sel = slice(bounds[g], bounds[g + 1])
        g_lo, g_w, g_n = p_lo[sel], p_w[sel], p_n[sel]
        t_lo, t_hi, first, final = _innermost(g_lo, p_hi[sel])
        p, lik, iterations, converged = _npmle(first, final, g_w, len(t_lo), tol, max_iter)
        p = np.where(p < tol * 1e-3, 0.0, p)
        p = p / p.sum()
        surv = np.clip(1.0 - np.cumsum(p), 0.0, 1.0)
        # rows (not weights) with left >= time_lower; the patterns are sorted by left
        rows_from = np.r_[np.cumsum(g_n[::-1])[::-1], 0]
        at_risk = rows_from[np.searchsorted(g_lo, t_lo, side="left")]
        pieces.append(pd.DataFrame({"group": level, "time_lower": t_lo, "time_upper": t_hi, "mass": p,
                                    "survival": surv, "n_at_risk": at_risk.astype(np.int64)}))
        fits.append({"group": level, "n": int(g_n.sum()), "loglik": lik, "iterations": iterations,
                     "converged": bool(converged), "kkt_gap": _kkt_gap(p, first, final, g_w, g_w.sum())})
    out = pd.concat(pieces, ignore_index=True)
    out.attrs["fit"] = fits
    return out


def survival_at(curve: pd.DataFrame, times: float | Iterable[float]) -> pd.DataFrame:
    """Survival read off a :func:`turnbull` curve at given times, the mass of each innermost
    interval spread evenly over it (the curve is exact outside the innermost intervals).

    Parameters
    ----------
    curve : DataFrame
        Output of :func:`turnbull`.
    times : float or iterable of float

    Returns
    -------
    DataFrame
        ``group``, ``time``, ``survival``.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> df = pd.DataFrame({"left": [0, 2, 1, 3, 0], "right": [2, 4, 3, np.inf, 1]})
    >>> survival_at(turnbull(df, "left", "right"), [0.5, 2.5]).round(4)
      group  time  survival
    0   all   0.5    0.8333
    1   all   2.5    0.4167
    """
    needed = ["group", "time_lower", "time_upper", "mass"]
    if not isinstance(curve, pd.DataFrame) or any(c not in curve.columns for c in needed):
        raise InputError(f"expected a curve from turnbull() with columns {needed}")
    at = np.atleast_1d(np.asarray(list(times) if not np.isscalar(times) else [times], dtype=float))
    pieces = []
    for group, part in curve.groupby("group", sort=False):
        lo = part["time_lower"].to_numpy(float)[None, :]
        hi = part["time_upper"].to_numpy(float)[None, :]
        t = at[:, None]
        # share of each interval's mass that lies at or before t
        width = np.where(np.isfinite(hi) & (hi > lo), hi - lo, np.inf)
        share = np.clip((t - lo) / width, 0.0, 1.0)
        share = np.where(t >= hi, 1.0, share)
        surv = 1.0 - share @ part["mass"].to_numpy(float)
        pieces.append(pd.DataFrame({"group": group, "time": at, "survival": np.clip(surv, 0.0, 1.0)}))
    return pd.concat(pieces, ignore_index=True)
