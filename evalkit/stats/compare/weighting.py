"""Inverse probability weighting: propensity models (logistic, multinomial), the weights for the
ATE or the ATT with trimming and truncation, effective sample size, overlap and covariate balance."""
from __future__ import annotations

import warnings
from typing import Sequence

import numpy as np
import pandas as pd
from scipy import linalg

from evalkit.errors import InputError
from evalkit.stats._linalg import full_rank_columns
from evalkit.stats.compare._common import _check_frame, _covariates, _estimand, _focal, _treatment

#: Absolute (standardised) mean difference above which a covariate counts as imbalanced.
BALANCE_THRESHOLD = 0.1


# --------------------------------------------------------------------------- model fits
def _fit_logit(X: np.ndarray, y: np.ndarray, max_iter: int = 50, tol: float = 1e-10) -> np.ndarray:
    """Maximum likelihood logistic regression by Newton-Raphson (IRLS), as R's glm.fit."""
    beta = np.zeros(X.shape[1])
    dev_old = np.inf
    for _ in range(max_iter):
        eta = np.clip(X @ beta, -30, 30)
        mu = 1.0 / (1.0 + np.exp(-eta))
        w = mu * (1 - mu)
        grad = X.T @ (y - mu)
        hess = (X * w[:, None]).T @ X
        step = linalg.solve(hess, grad, assume_a="pos")
        beta = beta + step
        eta = np.clip(X @ beta, -30, 30)
        mu = 1.0 / (1.0 + np.exp(-eta))
        dev = -2 * np.sum(y * np.log(np.maximum(mu, 1e-300)) + (1 - y) * np.log(np.maximum(1 - mu, 1e-300)))
        if abs(dev - dev_old) / (abs(dev) + 0.1) < tol:
            break
        dev_old = dev
    return beta


def _fit_multinomial(X: np.ndarray, codes: np.ndarray, k: int, max_iter: int = 100,
                     tol: float = 1e-12) -> np.ndarray:
    """Multinomial logit (first level = reference) by Newton-Raphson with step halving."""
    n, p = X.shape
    Y = np.zeros((n, k))
    Y[np.arange(n), codes] = 1.0
    beta = np.zeros((p, k - 1))

    def probs(b):
        eta = np.column_stack([np.zeros(n), X @ b])
        eta -= eta.max(axis=1, keepdims=True)
        e = np.exp(eta)
        return e / e.sum(axis=1, keepdims=True)

    def loglik(P):
        return float(np.sum(Y * np.log(np.maximum(P, 1e-300))))

    P = probs(beta)
    ll = loglik(P)
    for _ in range(max_iter):
        R = (Y - P)[:, 1:]
        grad = (X.T @ R).ravel(order="F")
        H = np.zeros((p * (k - 1), p * (k - 1)))
        for a in range(k - 1):
            for b in range(a, k - 1):
                w = P[:, a + 1] * ((a == b) - P[:, b + 1])
                block = (X * w[:, None]).T @ X
                H[a * p:(a + 1) * p, b * p:(b + 1) * p] = block
                H[b * p:(b + 1) * p, a * p:(a + 1) * p] = block
        step = linalg.solve(H + 1e-12 * np.eye(len(H)), grad, assume_a="pos").reshape((p, k - 1), order="F")
        t = 1.0
        while True:
            new = beta + t * step
            P_new = probs(new)
            ll_new = loglik(P_new)
            if ll_new >= ll - 1e-12 or t < 1e-8:
                break
            t /= 2
        beta, P = new, P_new
        done = abs(ll_new - ll) / (abs(ll_new) + 0.1) < tol
        ll = ll_new
        if done:
            break
    return beta


def _propensity_matrix(X_cov: np.ndarray, codes: np.ndarray, k: int) -> np.ndarray:
    """n x k matrix of P(T = level | X) from a (multinomial) logistic model with intercept."""
    X = np.column_stack([np.ones(len(X_cov)), X_cov])
    X = X[:, full_rank_columns(X)]
    if k == 2:
        beta = _fit_logit(X, (codes == 1).astype(float))
        p1 = 1.0 / (1.0 + np.exp(-np.clip(X @ beta, -30, 30)))
        P = np.column_stack([1 - p1, p1])
    else:
        beta = _fit_multinomial(X, codes, k)
        eta = np.column_stack([np.zeros(len(X)), X @ beta])
        eta -= eta.max(axis=1, keepdims=True)
        P = np.exp(eta)
        P /= P.sum(axis=1, keepdims=True)
    if np.any(P < 1e-8):
        warnings.warn("fitted propensities numerically 0 or 1 occurred: some persons have (almost) no "
                      "counterpart in another group; see overlap() and consider trimming", stacklevel=3)
    return P


def propensity(data: pd.DataFrame, treatment: str, covariates: Sequence[str], reference=None) -> pd.DataFrame:
    """Generalised propensity scores: the probability of each treatment given the covariates.

    Two groups: logistic regression (R ``glm(treatment ~ covariates, family = binomial)``); more
    groups: multinomial logistic regression (R ``nnet::multinom``), with main effects of each
    covariate. Numeric covariates with more than two values enter linearly; other covariates as
    indicators of their levels (first level left out). Aliased indicators are dropped, as R does.

    Parameters
    ----------
    data : DataFrame
        One row per person.
    treatment : str
        Column with the group (e.g. the trajectory).
    covariates : list of str
        Columns measured before the treatment. Missing values are an error: code them as a
        category of their own first.
    reference : optional
        Level listed first (default: the first in sorted order).

    Returns
    -------
    DataFrame
        Same index as ``data``; one column ``ps[<level>]`` per treatment level (rows sum to 1) and
        ``ps_received`` (the probability of the treatment actually received).

    Examples
    --------
    >>> from lifelines.datasets import load_rossi
    >>> ps = propensity(load_rossi(), "fin", ["age", "prio", "wexp", "mar", "paro"])
    >>> ps[["ps[0]", "ps[1]"]].head(2).round(4)
        ps[0]   ps[1]
    0  0.4738  0.5262
    1  0.5253  0.4747
    """
    _check_frame(data, [treatment])
    codes, levels = _treatment(data, treatment, reference)
    cov = _covariates(data, covariates)
    P = _propensity_matrix(cov.model, codes, len(levels))
    out = pd.DataFrame(P, index=data.index, columns=[f"ps[{lv}]" for lv in levels])
    out["ps_received"] = P[np.arange(len(P)), codes]
    return out


# --------------------------------------------------------------------------- weights
def _weights_from(P: np.ndarray, codes: np.ndarray, estimand: str, focal_code: int | None,
                  stabilize: bool, trim: float | None, truncate: float | None):
    """Weights, trimmed mask and truncated mask from a propensity matrix."""
    n, k = P.shape
    received = P[np.arange(n), codes]
    trimmed = np.zeros(n, dtype=bool)
    if trim is not None:
        trimmed = (P < trim).any(axis=1) if k > 2 else ((P[:, 1] < trim) | (P[:, 1] > 1 - trim))
    share = np.bincount(codes[~trimmed], minlength=k) / max((~trimmed).sum(), 1)
    if estimand == "ATE":
        w = 1.0 / received
        if stabilize:
            w = w * share[codes]
    else:
        w = np.where(codes == focal_code, 1.0, P[:, focal_code] / received)
        if stabilize:
            factor = np.where(share[focal_code] > 0, share / max(share[focal_code], 1e-300), 1.0)
            w = np.where(codes == focal_code, 1.0, w * factor[codes])
    w = np.where(trimmed, 0.0, w)
    truncated = np.zeros(n, dtype=bool)
    if truncate is not None:
        for g in range(k):
            rows = (codes == g) & ~trimmed
            if rows.sum() == 0:
                continue
            cap = np.quantile(w[rows], truncate)
            over = rows & (w > cap)
            truncated |= over
            w = np.where(over, cap, w)
    return w, trimmed, truncated


def _check_trim(trim, truncate) -> None:
    if trim is not None and not (0 < trim < 0.5):
        raise InputError(f"trim must be a propensity threshold between 0 and 0.5 (e.g. 0.05), got {trim!r}")
    if truncate is not None and not (0.5 < truncate < 1):
        raise InputError(f"truncate must be a quantile between 0.5 and 1 (e.g. 0.99), got {truncate!r}")


def ipw(data: pd.DataFrame, treatment: str, covariates: Sequence[str], estimand: str = "ATE",
        focal=None, reference=None, stabilize: bool = True, trim: float | None = None,
        truncate: float | None = None) -> pd.DataFrame:
    """Inverse probability of treatment weights for the ATE or the ATT.

    - ATE (everyone, under each treatment): ``w = 1 / P(T = t | X)`` for a person in group ``t``.
    - ATT (the population of the ``focal`` group): ``w = 1`` in the focal group and
      ``P(T = focal | X) / P(T = t | X)`` in group ``t``.

    Stabilised weights are multiplied by the share of the group (ATE) or by the share of the group
    over the share of the focal group (ATT), so that they average about 1 per group; weighted
    means are unchanged.

    Parameters
    ----------
    data, treatment, covariates, reference
        As for :func:`propensity`.
    estimand : {"ATE", "ATT"}
    focal : optional
        The target group of the ATT (default with two groups: the non-reference group).
    stabilize : bool, default True
    trim : float, optional
        Drop (weight 0) persons with a propensity below ``trim`` for any group (two groups: outside
        ``[trim, 1 - trim]``, Crump et al.). This changes the population the estimate is about.
    truncate : float, optional
        Cap the weights within each group at this quantile of the group's weights (e.g. 0.99).

    Returns
    -------
    DataFrame
        Same index as ``data``: ``treatment`` (the group), ``ps_received``, ``weight``, ``trimmed``,
        ``truncated``, and the ``ps[<level>]`` columns. ``attrs`` records the estimand, the focal
        group, trim and truncate; :func:`weight_report` summarises it.

    Examples
    --------
    >>> from lifelines.datasets import load_rossi
    >>> w = ipw(load_rossi(), "fin", ["age", "prio", "wexp", "mar", "paro"], estimand="ATE")
    >>> w.groupby("treatment")["weight"].sum().round(1).tolist()
    [216.0, 216.0]
    """
    _estimand(estimand)
    _check_trim(trim, truncate)
    _check_frame(data, [treatment])
    codes, levels = _treatment(data, treatment, reference)
    focal = _focal(levels, estimand, focal)
    focal_code = levels.index(focal) if focal is not None else None
    cov = _covariates(data, covariates)
    P = _propensity_matrix(cov.model, codes, len(levels))
    w, trimmed, truncated = _weights_from(P, codes, estimand, focal_code, stabilize, trim, truncate)
    out = pd.DataFrame({"treatment": np.array(levels, dtype=object)[codes], "ps_received": P[np.arange(len(P)), codes],
                        "weight": w, "trimmed": trimmed, "truncated": truncated}, index=data.index)
    for j, lv in enumerate(levels):
        out[f"ps[{lv}]"] = P[:, j]
    out.attrs.update({"estimand": estimand, "focal": focal, "levels": list(levels), "trim": trim,
                      "truncate": truncate, "stabilize": stabilize})
    return out


def effective_sample_size(weights) -> float:
    """Kish's effective sample size ``(sum w)^2 / sum w^2``: how many unweighted persons the weighted
    group is worth.

    Examples
    --------
    >>> effective_sample_size([1, 1, 1, 1])
    4.0
    >>> round(effective_sample_size([1, 1, 1, 5]), 2)
    2.29
    """
    w = np.asarray(weights, dtype=float)
    if w.ndim != 1 or np.any(~np.isfinite(w)) or np.any(w < 0):
        raise InputError("weights must be a one-dimensional array of non-negative finite numbers")
    s2 = float(np.sum(w**2))
    return float(np.sum(w) ** 2 / s2) if s2 > 0 else 0.0


def weight_report(weights: pd.DataFrame) -> pd.DataFrame:
    """Per group: persons, persons trimmed and truncated, weight range and effective sample size.

    Parameters
    ----------
    weights : DataFrame
        The output of :func:`ipw`.

    Returns
    -------
    DataFrame
        ``group``, ``n``, ``n_trimmed``, ``n_truncated``, ``sum_weights``, ``min_weight``,
        ``max_weight``, ``ess`` (effective sample size of the weighted group).

    Examples
    --------
    >>> import pandas as pd
    >>> w = pd.DataFrame({"treatment": ["a", "a", "b"], "weight": [1.0, 3.0, 2.0],
    ...                   "trimmed": [False, False, False], "truncated": [False, True, False]})
    >>> weight_report(w)[["group", "n", "n_truncated", "ess"]]
      group  n  n_truncated  ess
    0     a  2            1  1.6
    1     b  1            0  1.0
    """
    needed = ["treatment", "weight", "trimmed", "truncated"]
    _check_frame(weights, needed)
    rows = []
    for group, part in weights.groupby("treatment", sort=False):
        kept = part["weight"].to_numpy(dtype=float)[~part["trimmed"].to_numpy(dtype=bool)]
        rows.append({"group": group, "n": len(part), "n_trimmed": int(part["trimmed"].sum()),
                     "n_truncated": int(part["truncated"].sum()), "sum_weights": float(kept.sum()),
                     "min_weight": float(kept.min()) if len(kept) else np.nan,
                     "max_weight": float(kept.max()) if len(kept) else np.nan,
                     "ess": effective_sample_size(kept) if len(kept) else 0.0})
    return pd.DataFrame(rows)


def overlap(weights: pd.DataFrame, quantiles: Sequence[float] = (0.0, 0.01, 0.05, 0.5, 0.95, 0.99, 1.0),
            bounds: tuple[float, float] = (0.05, 0.95)) -> pd.DataFrame:
    """Common support: the distribution of each propensity score within each group.

    For every group and every score ``ps[level]``: quantiles and the share of the group with a
    score outside ``bounds``. Little overlap (a group whose scores for another group are all near
    0) means that group has no counterparts there and weights will be extreme.

    Parameters
    ----------
    weights : DataFrame
        The output of :func:`ipw` (or any frame with ``treatment`` and ``ps[...]`` columns).
    quantiles : sequence of float
    bounds : (low, high)

    Returns
    -------
    DataFrame
        ``group``, ``score`` (the level whose propensity is described), ``n``, one column
        ``q<percent>`` per quantile, ``share_outside``.

    Examples
    --------
    >>> import pandas as pd
    >>> w = pd.DataFrame({"treatment": ["a", "a", "b", "b"], "ps[b]": [0.02, 0.3, 0.6, 0.9]})
    >>> overlap(w, quantiles=(0.0, 1.0))
      group score  n    q0  q100  share_outside
    0     a     b  2  0.02   0.3            0.5
    1     b     b  2  0.60   0.9            0.0
    """
    if not isinstance(weights, pd.DataFrame) or "treatment" not in weights.columns:
        raise InputError("expected the output of ipw() (columns 'treatment' and 'ps[<level>]')")
    scores = [c for c in weights.columns if c.startswith("ps[")]
    if not scores:
        raise InputError("no propensity columns 'ps[<level>]' in the data")
    rows = []
    for group, part in weights.groupby("treatment", sort=False):
        for col in scores:
            x = part[col].to_numpy(dtype=float)
            row = {"group": group, "score": col[3:-1], "n": len(x)}
            for q in quantiles:
                row[f"q{round(100 * q):d}"] = float(np.quantile(x, q))
            row["share_outside"] = float(np.mean((x < bounds[0]) | (x > bounds[1])))
            rows.append(row)
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- balance
def _wmean(x: np.ndarray, w: np.ndarray) -> float:
    s = w.sum()
    return float((w * x).sum() / s) if s > 0 else np.nan


def balance(data: pd.DataFrame, treatment: str, covariates: Sequence[str], weights: str | np.ndarray | None = None,
            estimand: str = "ATE", focal=None, reference=None, binary: str = "raw",
            threshold: float = BALANCE_THRESHOLD) -> pd.DataFrame:
    """Covariate balance before and after weighting, one row per covariate term and comparison.

    Computed as R's ``cobalt`` does (its FAQ gives the formulas): categorical covariates are split
    into one indicator per level; binary terms show the raw difference in proportion (``binary="raw"``,
    cobalt's default) or a standardised one (``"std"``, standardisation factor ``sqrt(p(1-p))``);
    continuous terms the standardised mean difference ``(mean_1 - mean_0) / s*``. The factor ``s*``
    is computed once, on the unweighted data, and used before and after weighting: for the ATE the
    pooled ``sqrt(mean of the group variances)`` over *all* groups, for the ATT the standard
    deviation of the focal group (sample variances with n - 1; ``p(1-p)`` for binary terms).

    Comparisons: each group against ``reference`` (ATE) or the ``focal`` group against each other
    group (ATT); differences are group minus reference, and focal minus other.

    Parameters
    ----------
    data, treatment, covariates
        As for :func:`propensity`.
    weights : str or array, optional
        Column name (or array) of weights, e.g. from :func:`ipw`; without weights only the
        unadjusted differences are given.
    estimand : {"ATE", "ATT"}
    focal, reference : optional
    binary : {"raw", "std"}
    threshold : float
        Balance threshold on the absolute difference (default 0.1).

    Returns
    -------
    DataFrame
        ``comparison`` ("<group> vs <other>"), ``group``, ``versus``, ``term``, ``variable``,
        ``level``, ``type`` (binary / continuous), ``statistic`` ("raw difference" or "SMD"),
        ``mean_group``, ``mean_versus`` and ``diff_unadjusted`` (unweighted), ``mean_group_adj``,
        ``mean_versus_adj``, ``diff_adjusted`` (weighted), ``balanced`` (|diff_adjusted| <= threshold).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"t": [1, 1, 0, 0], "x": [1.0, 3.0, 0.0, 2.0], "w": [1.0, 1.0, 1.0, 1.0]})
    >>> balance(df, "t", ["x"], weights="w")[["term", "type", "diff_unadjusted"]]
      term        type  diff_unadjusted
    0    x  continuous         0.707107
    """
    _estimand(estimand)
    if binary not in ("raw", "std"):
        raise InputError(f"binary must be 'raw' or 'std', got {binary!r}")
    _check_frame(data, [treatment])
    codes, levels = _treatment(data, treatment, reference)
    focal = _focal(levels, estimand, focal)
    if isinstance(weights, str):
        _check_frame(data, [weights])
        w = data[weights].to_numpy(dtype=float)
    elif weights is None:
        w = None
    else:
        w = np.asarray(weights, dtype=float)
        if w.shape != (len(data),):
            raise InputError(f"weights has {w.size} values but the data has {len(data)} rows")
    if w is not None and (np.any(~np.isfinite(w)) or np.any(w < 0)):
        raise InputError("weights must be finite and non-negative")
    cov = _covariates(data, covariates)
    k = len(levels)
    if estimand == "ATE":
        pairs = [(g, 0) for g in range(1, k)]
    else:
        f = levels.index(focal)
        pairs = [(f, g) for g in range(k) if g != f]
    rows = []
    for term in cov.balance.columns:
        x = cov.balance[term].to_numpy(dtype=float)
        is_bin = cov.kind[term] == "binary"

        def var(sel):
            if is_bin:
                p = x[sel].mean()
                return p * (1 - p)
            return x[sel].var(ddof=1) if sel.sum() > 1 else 0.0

        if estimand == "ATE":
            scale = np.sqrt(np.mean([var(codes == g) for g in range(k)]))
        else:
            scale = np.sqrt(var(codes == levels.index(focal)))
        standardise = not is_bin or binary == "std"
        for a, b in pairs:
            sa, sb = codes == a, codes == b
            ma, mb = x[sa].mean(), x[sb].mean()
            diff = ma - mb
            if w is not None:
                mwa, mwb = _wmean(x[sa], w[sa]), _wmean(x[sb], w[sb])
                diff_w = mwa - mwb
            else:
                mwa = mwb = diff_w = np.nan
            if standardise:
                diff = diff / scale if scale > 0 else np.nan
                diff_w = diff_w / scale if scale > 0 else np.nan
            rows.append({"comparison": f"{levels[a]} vs {levels[b]}", "group": levels[a], "versus": levels[b],
                         "term": term, "variable": cov.variable[term], "level": cov.level[term],
                         "type": cov.kind[term], "statistic": "SMD" if standardise else "raw difference",
                         "mean_group": ma, "mean_versus": mb, "diff_unadjusted": diff,
                         "mean_group_adj": mwa, "mean_versus_adj": mwb, "diff_adjusted": diff_w})
    out = pd.DataFrame(rows)
    out["balanced"] = (out["diff_adjusted"].abs() <= threshold).astype(object)
    out.loc[out["diff_adjusted"].isna(), "balanced"] = None
    out.attrs["threshold"] = threshold
    out.attrs["estimand"] = estimand
    return out
