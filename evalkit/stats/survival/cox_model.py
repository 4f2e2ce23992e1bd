"""The Cox proportional hazards model (R ``coxph``): risk sets, Newton-Raphson fit, robust
variance, and the proportional-hazards test of a fit (R ``cox.zph``)."""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from evalkit.errors import InputError
from evalkit.stats._linalg import full_rank_columns
from evalkit.stats.survival._common import (
    _as_list, _check_frame, _conf_z, _design, _durations, _events01, _labels, _wald_table, _weights,
)
from evalkit.stats.survival.km import _km_curve



class AliasedWarning(UserWarning):
    """A model column is a combination of others and is left out of the fit (R gives it NA)."""


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


@dataclass
class _CoxFit:
    risk_sets: _RiskSets
    X: np.ndarray               # centered, sorted design
    time: np.ndarray            # unsorted durations
    event: np.ndarray           # unsorted events
    beta: np.ndarray
    ties: str
    names: list[str]            # the estimated columns (aliased ones left out)


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
    aliased : list of str
        Design columns that are combinations of other columns (within strata) and so have no
        estimate: their rows in ``summary`` and ``var`` are NaN, as R's NA.
    """

    summary: pd.DataFrame
    var: pd.DataFrame
    loglik: float
    n: int
    n_events: int
    ties: str
    robust: bool
    terms: dict[str, list[str]]
    aliased: list[str]
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
        names = fit.names
        groups = (
            {term: [names.index(c) for c in cols if c in names] for term, cols in self.terms.items()}
            if terms
            else {name: [j] for j, name in enumerate(names)}
        )
        groups = {term: cols for term, cols in groups.items() if cols}  # a term wholly aliased has no test
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

    kept, aliased = _estimable(d.matrix, stratum, d.names)
    X_raw = d.matrix[:, kept]
    X = X_raw - X_raw.mean(axis=0)
    rs = _RiskSets(time, ev, w, stratum)
    Xs = X[rs.order]
    beta = _cox_newton(rs, Xs, ties)
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
    names = [d.names[j] for j in kept]
    summary = _wald_table(beta, np.sqrt(np.diag(var)), z_crit, names, "hr")
    summary["se_naive"] = np.sqrt(np.diag(naive))
    # as R: an aliased column keeps its row, with no estimate (NA)
    summary = summary.reindex(pd.Index(d.names, name=summary.index.name))
    var = pd.DataFrame(var, index=names, columns=names).reindex(index=d.names, columns=d.names)
    return CoxResult(
        summary=summary,
        var=var,
        loglik=st.loglik,
        n=len(data),
        n_events=int(ev.sum()),
        ties=ties,
        robust=bool(robust),
        terms={term: [d.names[j] for j in cols] for term, cols in d.terms.items()},
        aliased=aliased,
        _fit=_CoxFit(rs, Xs, time, ev, beta, ties, names),
    )


def _estimable(matrix: np.ndarray, stratum: np.ndarray, names: list[str]) -> tuple[np.ndarray, list[str]]:
    """Columns of the design that can be estimated, and the names of those that cannot.

    As R's ``coxph(singular.ok = TRUE)``: a column that is a linear combination of earlier columns
    within the strata (the baseline hazard absorbs a constant, each stratum's its own) is aliased.
    It is dropped from the fit, keeps its row in the summary with no estimate, and a warning names it.
    """
    _, codes = np.unique(stratum, return_inverse=True)
    counts = np.bincount(codes).astype(float)
    means = np.stack([np.bincount(codes, weights=matrix[:, j]) for j in range(matrix.shape[1])], axis=1)
    within = matrix - (means / counts[:, None])[codes]
    kept = full_rank_columns(within)
    kept_set = set(kept.tolist())
    aliased = [names[j] for j in range(len(names)) if j not in kept_set]
    if not len(kept):
        raise InputError(
            f"no covariate of the Cox model varies within the strata ({', '.join(aliased)}); "
            "nothing can be estimated: drop the strata or choose other covariates"
        )
    if aliased:
        warnings.warn(
            f"Cox model: the design is singular; {', '.join(aliased)} "
            f"{'is a combination' if len(aliased) == 1 else 'are combinations'} of other covariates "
            "(for example two categories that hold the same persons) and "
            f"{'is' if len(aliased) == 1 else 'are'} not estimated (as R's coxph, which gives NA)",
            AliasedWarning,
            stacklevel=3,
        )
    return kept, aliased
