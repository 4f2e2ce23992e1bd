"""Fair comparisons of groups that were not formed at random: propensity scores, inverse
probability weights, balance, weighted effects with bootstrap intervals, and sensitivity.

Every function takes a plain DataFrame with named columns (one row per person) and returns a tidy
DataFrame. The treatment may be binary or take several values (e.g. four trajectories).

Overview
--------
- :func:`propensity` - generalised propensity scores from a logistic (two groups) or multinomial
  logistic (more groups) model; the fit equals R ``glm(family = binomial)`` and ``nnet::multinom``.
- :func:`ipw` - inverse probability weights for the ATE or the ATT (stabilised or not), with
  optional trimming (dropping persons with extreme propensities) or truncation (capping extreme
  weights); :func:`weight_report` says what was trimmed or capped and the effective sample size.
- :func:`overlap` - the distribution of the propensity scores per group (common support).
- :func:`balance` - (standardised) mean differences before and after weighting, as R's ``cobalt``
  computes them: continuous covariates standardised by a factor that is the same before and after
  weighting, binary covariates as raw differences in proportion, categorical covariates split into
  one indicator per level; the 0.1 threshold.
- :func:`effect` - weighted difference (and, for a 0/1 outcome, ratio) in mean outcome between
  groups, with bootstrap confidence intervals that refit the propensity model in every replicate.
- :func:`adjusted_survival`, :func:`adjusted_cumulative_incidence`, :func:`adjusted_rmst` -
  IPW-weighted Kaplan-Meier and Aalen-Johansen curves per group, differences at chosen times and
  restricted mean survival times, all with bootstrap bands (weighted Kaplan-Meier intervals that
  treat the weights as known are not valid for estimated weights).
- :func:`evalue` - how strong an unmeasured confounder would have to be to explain an estimate
  away (VanderWeele and Ding's E-value).

Weighted means are normalised within each group (Hajek estimator), so stabilising the weights
changes no estimate; it only makes the weights easier to read (mean about 1 per group).
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd
from scipy import linalg

from evalkit.errors import InputError, require_columns

__all__ = [
    "propensity",
    "ipw",
    "weight_report",
    "effective_sample_size",
    "overlap",
    "balance",
    "effect",
    "bootstrap_indices",
    "adjusted_survival",
    "adjusted_cumulative_incidence",
    "adjusted_rmst",
    "evalue",
    "BALANCE_THRESHOLD",
]

#: Absolute (standardised) mean difference above which a covariate counts as imbalanced.
BALANCE_THRESHOLD = 0.1
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
        raise InputError("every covariate is constant in these data; there is nothing to adjust for")
    return _Covariates(np.column_stack(model), names, pd.DataFrame(bal, index=data.index),
                       variable, level, kind)


def _full_rank(X: np.ndarray) -> np.ndarray:
    """Columns of X (with intercept in column 0) kept so that the matrix has full rank, in order.

    As R's ``glm``, a column that is a combination of earlier ones (aliased) is dropped.
    """
    scale = np.sqrt((X**2).sum(axis=0))
    scale[scale == 0] = 1.0
    G = (X / scale).T @ (X / scale)
    if np.linalg.matrix_rank(G, tol=1e-10, hermitian=True) == X.shape[1]:
        return np.arange(X.shape[1])
    keep: list[int] = []
    for j in range(X.shape[1]):
        trial = keep + [j]
        if np.linalg.matrix_rank(G[np.ix_(trial, trial)], tol=1e-10, hermitian=True) == len(trial):
            keep.append(j)
    return np.array(keep)


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
    X = X[:, _full_rank(X)]
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
    X: np.ndarray


def _setup(data, treatment, covariates, estimand, focal, reference) -> _Setup:
    codes, levels = _treatment(data, treatment, reference)
    focal = _focal(levels, estimand, focal)
    cov = _covariates(data, covariates)
    return _Setup(codes, levels, levels.index(focal) if focal is not None else None, cov.model)


def _weights_for(s: _Setup, rows: np.ndarray | None, estimand, stabilize, trim, truncate) -> np.ndarray:
    codes = s.codes if rows is None else s.codes[rows]
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
    if covariates is None:
        codes, levels = _treatment(data, treatment, reference)
        f = _focal(levels, estimand, focal)
        s = _Setup(codes, levels, levels.index(f) if f is not None else None, np.zeros((len(data), 0)))
    else:
        s = _setup(data, treatment, covariates, estimand, focal, reference)
    k = len(s.levels)

    def weights_of(rows):
        if weights is not None:
            w = data[weights].to_numpy(dtype=float)
            return w if rows is None else w[rows]
        if covariates is None:
            return np.ones(len(s.codes) if rows is None else len(rows))
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
    if covariates is None:
        codes, levels = _treatment(data, treatment, reference)
        f = _focal(levels, estimand, focal)
        s = _Setup(codes, levels, levels.index(f) if f is not None else None, np.zeros((len(data), 0)))
    else:
        s = _setup(data, treatment, covariates, estimand, focal, reference)
    k = len(s.levels)

    def weights_of(rows):
        if covariates is None:
            return np.ones(len(s.codes) if rows is None else len(rows))
        return _weights_for(s, rows, estimand, stabilize, trim, truncate)

    def curves(rows):
        w = weights_of(rows)
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
