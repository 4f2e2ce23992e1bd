"""Estimators on state sequences: cumulative incidence of the next states, Aalen-Johansen state occupation.

Generic on any sojourn table (one row per stay in a state: id, state, start, stop); the sequences after
an art. 60 spell come from :mod:`evalkit.stats.transitions.spells`. Checked against a hand computation and
R's ``etm`` (``tests/golden/transitions/``).
"""
from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from evalkit.errors import InputError
from evalkit.stats.transitions.spells import GROUPS, STATE_GROUPS, STATES, _require


def next_state_incidence(next_df: pd.DataFrame, by: str | None = None,
                         groups: Mapping[str, str] | None = None, conf_level: float = 0.95) -> pd.DataFrame:
    """Cumulative incidence of each next state (Aalen-Johansen, :func:`evalkit.survival.cumulative_incidence`).

    Parameters
    ----------
    next_df : DataFrame
        From :func:`next_states` (``days``, ``event``), plus the ``by`` column if given.
    by : str, optional
        Column defining groups (Gray's test per state in ``attrs["gray_test"]``).
    groups : mapping, optional
        State -> group (e.g. :data:`STATE_GROUPS`) to estimate grouped next states.
    conf_level : float

    Returns
    -------
    DataFrame
        ``group``, ``state`` (name of the state or group), ``time`` (days), ``n_at_risk``,
        ``n_events``, ``cif``, ``ci_lower``, ``ci_upper``; ``attrs["n_spells"]`` per group.

    Examples
    --------
    >>> import pandas as pd
    >>> nx = pd.DataFrame({"days": [0, 0, 0, 3, 32], "event": [1, 6, 6, 7, 8]})
    >>> ci = next_state_incidence(nx, groups=STATE_GROUPS)
    >>> ci.groupby("state")["cif"].max().round(2).to_dict()
    {'leefloon': 0.2, 'onbekend': 0.2, 'regulier_werk': 0.2, 'werkloosheidsuitkering': 0.4}
    """
    from evalkit.stats import survival

    _require(next_df, ["days", "event"] + ([by] if by else []), "next_df")
    codes = next_df["event"].to_numpy()
    if not np.isin(codes, np.arange(len(STATES) + 1)).all():
        raise InputError(f"next_df column 'event' must hold 0 (censored) or 1..{len(STATES)} (see STATES)")
    names = np.array(("",) + STATES, dtype=object)[codes]
    if groups is not None:
        missing = sorted(set(names[codes > 0]) - set(groups))
        if missing:
            raise InputError(f"groups gives no group for state(s) {missing}")
        names = np.where(codes > 0, pd.Series(names).map(groups).to_numpy(dtype=object), "")
    data = pd.DataFrame({"days": next_df["days"].to_numpy(), "event": names})
    if by:
        data[by] = next_df[by].to_numpy()
    out = survival.cumulative_incidence(data, "days", "event", by=by, conf_level=conf_level, censor_code="")
    out = out.rename(columns={"cause": "state"})
    counts = data.groupby(by).size().to_dict() if by else {survival.ALL: len(data)}
    gray = out.attrs.get("gray_test")
    out.attrs = {"n_spells": counts}
    if gray is not None:
        out.attrs["gray_test"] = gray
    return out


# --------------------------------------------------------------------------- Aalen-Johansen
def _aj_core(state: np.ndarray, start: np.ndarray, stop: np.ndarray, nxt: np.ndarray, ident: np.ndarray,
             weights: np.ndarray, n_states: int, times: np.ndarray) -> np.ndarray:
    """State occupation probabilities at ``times`` for each column of ``weights``.

    Sojourn arrays (state code, [start, stop), next state code or -1 when censored at ``stop``,
    id index); ``weights`` is (n_ids, K). Returns (len(times), K, n_states).
    """
    K = weights.shape[1]
    w = weights[ident]                                   # (n_sojourns, K)
    initial = start == 0
    p = np.zeros((K, n_states))
    np.add.at(p.T, state[initial], w[initial])
    total = p.sum(axis=1, keepdims=True)
    p = p / np.where(total > 0, total, 1.0)
    moves = nxt >= 0
    tau = np.unique(stop[moves])
    # number (weight) in each state just before each transition time: start < tau <= stop
    at_risk = np.zeros((len(tau), K, n_states))
    for h in range(n_states):
        sel = state == h
        if not sel.any():
            continue
        o1, o2 = np.argsort(start[sel], kind="stable"), np.argsort(stop[sel], kind="stable")
        c1 = np.vstack([np.zeros((1, K)), np.cumsum(w[sel][o1], axis=0)])
        c2 = np.vstack([np.zeros((1, K)), np.cumsum(w[sel][o2], axis=0)])
        entered = c1[np.searchsorted(start[sel][o1], tau, side="left")]
        left = c2[np.searchsorted(stop[sel][o2], tau, side="left")]
        at_risk[:, :, h] = entered - left
    m_order = np.argsort(stop[moves], kind="stable")
    m_time = stop[moves][m_order]
    m_from = state[moves][m_order]
    m_to = nxt[moves][m_order]
    m_w = w[moves][m_order]
    bounds = np.searchsorted(m_time, tau, side="left")
    bounds = np.r_[bounds, len(m_time)]
    out = np.zeros((len(times), K, n_states))
    t_pos = np.searchsorted(tau, times, side="right")  # number of transition times <= t
    snap = np.zeros((len(tau) + 1, K, n_states))
    snap[0] = p
    flat = n_states * n_states
    for i in range(len(tau)):
        lo, hi = bounds[i], bounds[i + 1]
        d_n = np.zeros((K, flat))
        idx = m_from[lo:hi] * n_states + m_to[lo:hi]
        if hi - lo == 1:
            d_n[:, idx[0]] += m_w[lo]
        else:
            onehot = np.zeros((hi - lo, flat))
            onehot[np.arange(hi - lo), idx] = 1.0
            d_n += m_w[lo:hi].T @ onehot
        d_n = d_n.reshape(K, n_states, n_states)
        y = at_risk[i]
        rate = d_n / np.where(y > 0, y, 1.0)[:, :, None]
        p = p + np.einsum("kh,khj->kj", p, rate) - p * rate.sum(axis=2)
        snap[i + 1] = p
    out[:] = snap[t_pos]
    return out


def _check_sequences(data: pd.DataFrame, id: str, state: str, start: str, stop: str):
    _require(data, [id, state, start, stop], "data")
    for col in (start, stop):
        values = data[col]
        if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
            raise InputError(f"column '{col}' must be numeric (time since the origin), got dtype {values.dtype}")
        if values.isna().any():
            raise InputError(f"column '{col}' has missing values in {int(values.isna().sum())} row(s)")
    for col in (id, state):
        if data[col].isna().any():
            raise InputError(f"column '{col}' has missing values in {int(data[col].isna().sum())} row(s)")
    s = data[start].to_numpy(dtype=float)
    e = data[stop].to_numpy(dtype=float)
    if (s < 0).any():
        raise InputError(f"column '{start}' has negative times in {int((s < 0).sum())} row(s)")
    if (e <= s).any():
        raise InputError(f"column '{stop}' must be later than '{start}'; {int((e <= s).sum())} row(s) are not")
    order = np.lexsort((s, pd.factorize(data[id])[0]))
    ids = pd.factorize(data[id])[0][order]
    same = ids[1:] == ids[:-1]
    first = np.r_[True, ~same]
    if (s[order][first] != 0).any():
        raise InputError(f"every {id} must start at time 0 (right-censored follow-up from a common origin); "
                         f"{int((s[order][first] != 0).sum())} do not")
    gaps = same & (s[order][1:] != e[order][:-1])
    if gaps.any():
        raise InputError(f"the sojourns of an {id} must follow each other without gap or overlap "
                         f"('{start}' = previous '{stop}'); {int(gaps.sum())} row(s) do not")
    return order


def state_occupation(data: pd.DataFrame, id: str = "spell_id", state: str = "state", start: str = "start",
                     stop: str = "stop", times: Sequence[float] | None = None, by: str | None = None,
                     states: Sequence | None = None, n_boot: int = 0, seed: int | None = None,
                     conf_level: float = 0.95) -> pd.DataFrame:
    """Probability of being in each state over time: the Aalen-Johansen estimator of a multi-state process.

    Each ``id`` is followed from time 0 through a sequence of sojourns (one row each: the state
    and the interval ``[start, stop)``); the next row's state is where the previous sojourn led,
    and the last row ends in censoring. Returns to earlier states are allowed. The estimate is
    ``p(t) = p(0) prod_{s <= t} (I + dA(s))`` with ``p(0)`` the share in each state at time 0 and
    ``dA_hj(s)`` the number of transitions h -> j at ``s`` over the number in h just before ``s``
    (ties exact; censored at ``s`` still count as at risk at ``s``). It agrees with R's
    ``etm`` (``tests/golden/transitions/``). State occupation probabilities from it are valid
    without the Markov assumption under independent censoring (Datta & Satten, 2001).

    Parameters
    ----------
    data : DataFrame
        Sojourns, e.g. from :func:`state_sequences`.
    id, state, start, stop : str
        Column names. Every id starts at time 0; its sojourns follow each other without gaps.
    times : sequence of float, optional
        Times at which to report; default 0 and every transition time.
    by : str, optional
        Column (constant within an id) defining groups; one estimate per group.
    states : sequence, optional
        The states and their order in the output (default: sorted values of ``state``).
    n_boot : int
        Bootstrap replicates (resampling ids) for percentile intervals; 0 for none.
    seed : int, optional
        Seed of the bootstrap.
    conf_level : float

    Returns
    -------
    DataFrame
        One row per group, time and state: ``group``, ``time``, ``state``, ``probability``,
        ``n_in_state`` (ids observed in the state at ``time``), ``n_under_observation`` (ids
        still followed at ``time``), and with ``n_boot`` ``ci_lower``, ``ci_upper``.

    Examples
    --------
    Four persons, no censoring before day 5: the estimate is the share in each state.

    >>> import pandas as pd
    >>> seq = pd.DataFrame({"spell_id": [1, 1, 2, 3, 3, 4],
    ...                     "state": ["ub", "job", "job", "ll", "ub", "ub"],
    ...                     "start": [0, 2, 0, 0, 1, 0], "stop": [2, 6, 6, 1, 6, 6]})
    >>> occ = state_occupation(seq, times=[0, 3])
    >>> occ[["time", "state", "probability", "n_in_state"]]
       time state  probability  n_in_state
    0   0.0   job         0.25           1
    1   0.0    ll         0.25           1
    2   0.0    ub         0.50           2
    3   3.0   job         0.50           2
    4   3.0    ll         0.00           0
    5   3.0    ub         0.50           2
    """
    order = _check_sequences(data, id, state, start, stop)
    if by is not None:
        _require(data, [by], "data")
        if data[by].isna().any():
            raise InputError(f"by column '{by}' has missing values")
        if (data.groupby(id)[by].nunique() > 1).any():
            raise InputError(f"by column '{by}' must be constant within each {id}")
    if isinstance(n_boot, bool) or not isinstance(n_boot, (int, np.integer)) or n_boot < 0:
        raise InputError(f"n_boot must be a whole number >= 0, not {n_boot!r}")
    if not 0 < conf_level < 1:
        raise InputError(f"conf_level must lie in (0, 1), not {conf_level!r}")
    d = data.iloc[order].reset_index(drop=True)
    state_names = list(states) if states is not None else sorted(pd.unique(d[state]).tolist())
    unknown = sorted(set(pd.unique(d[state]).tolist()) - set(state_names))
    if unknown:
        raise InputError(f"column '{state}' has states {unknown} that are not in states")
    code = pd.Categorical(d[state], categories=state_names).codes.astype(np.int64)
    ident = pd.factorize(d[id])[0]
    s = d[start].to_numpy(dtype=float)
    e = d[stop].to_numpy(dtype=float)
    last = np.r_[ident[1:] != ident[:-1], True]
    nxt = np.where(last, -1, np.r_[code[1:], -1])
    groups = [(None, np.ones(len(d), dtype=bool))] if by is None else \
        [(g, (d[by] == g).to_numpy()) for g in sorted(pd.unique(d[by]).tolist())]
    rng = np.random.default_rng(seed)
    pieces = []
    for label, sel in groups:
        gi = pd.factorize(ident[sel])[0]
        n_ids = int(gi.max()) + 1
        ts = np.r_[0.0, np.unique(e[sel][~last[sel]])] if times is None else np.asarray(times, dtype=float)
        if (ts < 0).any():
            raise InputError("times must be >= 0")
        est = _aj_core(code[sel], s[sel], e[sel], nxt[sel], gi, np.ones((n_ids, 1)), len(state_names), ts)[:, 0, :]
        # observed in each state at t: start <= t < stop
        observed = np.zeros((len(ts), len(state_names)))
        for h in range(len(state_names)):
            m = sel & (code == h)
            observed[:, h] = (np.searchsorted(np.sort(s[m]), ts, side="right")
                              - np.searchsorted(np.sort(e[m]), ts, side="right"))
        piece = pd.DataFrame({
            "group": "all" if label is None else label,
            "time": np.repeat(ts, len(state_names)),
            "state": np.tile(np.array(state_names, dtype=object), len(ts)),
            "probability": est.ravel(),
            "n_in_state": observed.ravel().astype(np.int64),
            "n_under_observation": np.repeat(observed.sum(axis=1), len(state_names)).astype(np.int64),
        })
        if n_boot:
            boot = rng.multinomial(n_ids, np.full(n_ids, 1.0 / n_ids), size=n_boot).T.astype(float)
            reps = _aj_core(code[sel], s[sel], e[sel], nxt[sel], gi, boot, len(state_names), ts)
            alpha = (1 - conf_level) / 2
            piece["ci_lower"] = np.quantile(reps, alpha, axis=1).ravel()
            piece["ci_upper"] = np.quantile(reps, 1 - alpha, axis=1).ravel()
        pieces.append(piece)
    out = pd.concat(pieces, ignore_index=True)
    out.attrs["n_ids"] = {("all" if g is None else g): int(pd.unique(ident[sel]).size) for g, sel in groups}
    return out


def aggregate_states(occupation: pd.DataFrame, groups: Mapping[str, str] = STATE_GROUPS,
                     order: Sequence[str] | None = GROUPS) -> pd.DataFrame:
    """Add state occupation probabilities (and counts) up to groups of states.

    Bootstrap intervals cannot be added up and are dropped.

    Examples
    --------
    >>> import pandas as pd
    >>> occ = pd.DataFrame({"group": "all", "time": 0.0, "state": ["nec", "interim", "leefloon"],
    ...                     "probability": [0.25, 0.25, 0.5], "n_in_state": [10, 10, 20],
    ...                     "n_under_observation": 40})
    >>> aggregate_states(occ)[["state", "probability", "n_in_state"]]
               state  probability  n_in_state
    0  regulier_werk          0.5          20
    1       leefloon          0.5          20
    """
    _require(occupation, ["group", "time", "state", "probability", "n_in_state", "n_under_observation"],
             "occupation")
    missing = sorted(set(occupation["state"]) - set(groups))
    if missing:
        raise InputError(f"groups gives no group for state(s) {missing}")
    d = occupation.assign(state=occupation["state"].map(groups))
    out = d.groupby(["group", "time", "state"], sort=False, as_index=False).agg(
        probability=("probability", "sum"), n_in_state=("n_in_state", "sum"),
        n_under_observation=("n_under_observation", "first"))
    if order is not None:
        rank = {g: i for i, g in enumerate(order)}
        out = out.assign(_r=out["state"].map(rank).fillna(len(rank))).sort_values(
            ["group", "time", "_r"], kind="stable").drop(columns="_r").reset_index(drop=True)
    return out


