"""How people spend their months after the intake: monthly state sequences and their distributions.

A *state sequence* gives, for every intake and every month since the intake, the one state the
person was in: an art. 60 job, a regular (NEC) job, interim work, a social-economy job, a course or
training, unemployment benefit, social assistance (leefloon), or no registration at all
("onbekend"). :func:`state_distribution` gives, month by month, the share of a group in each state:
the numbers behind a chronogram (state distribution plot), the "socio-economic position since
arrival" figures of the Belgian refugee-employment literature. The states are codes: their labels
and the figure belong to the study that reports them (the trajectory study).

How a month's state is read
---------------------------
- Month ``m`` (1, 2, ...) is the situation on day ``round(m * 30.4375)`` after the intake: a
  status at repeated dates, as a registry would snapshot it.
- When several registrations cover that day, the state highest in ``priority`` wins (default:
  work before training, training before benefits, unemployment benefit before social
  assistance): someone on social assistance who follows a Dutch course is "in a course".
- A day covered by no registration is ``onbekend`` (unknown: moved, deregistered, or just not
  registered); a day after the extraction date of the registry is not observed (no state).
- Open spells run to the extraction date of their source.

The sequences are built for all intakes at once (episodes are expanded to the months they cover;
no loop over persons). A general sequence-analysis library was considered and not used: the
statistics here (cross-sectional state shares, mean time per state) are a few lines of pandas,
checked by hand in ``tests/test_sequences.py``.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from evalkit.errors import InputError

__all__ = ["STATES", "DEFAULT_PRIORITY", "DAYS_PER_MONTH", "OTHER", "state_of_episodes", "monthly_states",
           "state_distribution", "merge_small_states", "mean_time_in_states"]

#: Days in an average month (365.25 / 12).
DAYS_PER_MONTH = 30.4375
#: The states of a sequence, in display order (bottom to top of a chronogram).
STATES = ("nec", "interim", "sec", "art60", "werk_onbekend", "opleiding", "werkloosheidsuitkering",
          "leefloon", "onbekend")
#: Which state wins when registrations overlap (first wins).
DEFAULT_PRIORITY = ("art60", "nec", "interim", "sec", "werk_onbekend", "opleiding", "werkloosheidsuitkering",
                    "leefloon")
#: The state that collects small groups in a published chronogram.
OTHER = "overig"


def state_of_episodes(episodes: pd.DataFrame) -> pd.Series:
    """The sequence state each episode stands for (``None`` for episodes that define none).

    Employment by the circuit of its contract (code list ``contract``: art60, nec, interim, sec;
    no or an unknown contract: ``werk_onbekend``); benefits by type (``leefloon``,
    ``werkloosheidsuitkering``); courses and trainings: ``opleiding``.

    Examples
    --------
    >>> import pandas as pd
    >>> ep = pd.DataFrame({"kind": ["employment", "benefit", "course"],
    ...                    "contract": ["nec_fixed_term", None, None],
    ...                    "benefit_type": [None, "leefloon", None]})
    >>> state_of_episodes(ep).tolist()
    ['nec', 'leefloon', 'opleiding']
    """
    from evalkit.registry.schema import codelist

    for col in ("kind", "contract", "benefit_type"):
        if col not in episodes.columns:
            raise InputError(f"episodes lack column '{col}'")
    circuit = dict(zip(*codelist("contract")[["code", "circuit"]].T.values))
    kind = episodes["kind"].to_numpy(dtype=object)
    job = pd.Series(episodes["contract"].map(circuit).fillna("werk_onbekend").to_numpy(dtype=object))
    benefit = episodes["benefit_type"].where(episodes["benefit_type"].isin(["leefloon", "werkloosheidsuitkering"]))
    out = np.select([kind == "employment", kind == "benefit", np.isin(kind, ["course", "training"])],
                    [job.to_numpy(), benefit.to_numpy(dtype=object), "opleiding"], default=None)
    return pd.Series(out, index=episodes.index, dtype=object).where(lambda s: s.notna(), None)


def monthly_states(registry, cohort: pd.DataFrame, months: int = 36,
                   priority: Sequence[str] = DEFAULT_PRIORITY) -> pd.DataFrame:
    """The state of every intake in every month since the intake (see the module docstring).

    Parameters
    ----------
    registry : Registry
        With the table ``episodes`` (parsed dates) and ``extraction_dates``.
    cohort : DataFrame
        One row per intake with ``intake_id``, ``person_id`` and ``intake_date`` (e.g. from the
        trajectory study's analysis frame).
    months : int
        Length of the sequences.
    priority : sequence of str
        States in order of precedence when registrations overlap; every state of
        :func:`state_of_episodes` must be listed.

    Returns
    -------
    DataFrame
        Long format: ``intake_id``, ``month`` (1..months), ``state`` (a code of :data:`STATES`, or
        missing when the month lies after the extraction date).

    Examples
    --------
    >>> from evalkit.registry import load_registry
    >>> registry = load_registry("synthetic")
    >>> seq = monthly_states(registry, registry.intakes.head(3), months=2)
    >>> seq.shape
    (6, 3)
    """
    if not isinstance(months, (int, np.integer)) or months < 1:
        raise InputError(f"months must be a whole number of at least 1, got {months!r}")
    for col in ("intake_id", "person_id", "intake_date"):
        if col not in cohort.columns:
            raise InputError(f"cohort lacks column '{col}'")
    if cohort["intake_date"].isna().any():
        raise InputError(f"column 'intake_date' has missing values in {int(cohort['intake_date'].isna().sum())} row(s)")
    priority = list(priority)
    episodes = registry.episodes
    for col in ("person_id", "kind", "start_date", "end_date"):
        if col not in episodes.columns:
            raise InputError(f"episodes lack column '{col}'")
    states = state_of_episodes(episodes)
    unknown = sorted(set(states.dropna()) - set(priority))
    if unknown:
        raise InputError(f"priority does not list the state(s) {unknown}")
    dates = getattr(registry, "extraction_dates", {}) or {}
    last = max(dates.values()) if dates else episodes["start_date"].max()
    source_end = episodes["source"].map(dates) if "source" in episodes.columns else pd.Series(last, index=episodes.index)
    end = episodes["end_date"].fillna(source_end).fillna(last)

    n = len(cohort)
    day_of = np.round(np.arange(1, months + 1) * DAYS_PER_MONTH).astype(np.int64)
    intake = pd.to_datetime(cohort["intake_date"]).to_numpy(dtype="datetime64[D]")
    follow = (np.datetime64(pd.Timestamp(last).date(), "D") - intake).astype(np.int64)

    keep = states.notna().to_numpy() & episodes["start_date"].notna().to_numpy()
    ep = pd.DataFrame({"person_id": episodes["person_id"].to_numpy()[keep],
                       "rank": pd.Series(states.to_numpy()[keep]).map({s: i for i, s in enumerate(priority)}).to_numpy(),
                       "start": episodes["start_date"].to_numpy(dtype="datetime64[D]")[keep],
                       "end": end.to_numpy(dtype="datetime64[D]")[keep]})
    pairs = cohort[["person_id"]].assign(_row=np.arange(n)).merge(ep, on="person_id")
    row = pairs["_row"].to_numpy()
    start_day = (pairs["start"].to_numpy(dtype="datetime64[D]") - intake[row]).astype(np.int64)
    end_day = (pairs["end"].to_numpy(dtype="datetime64[D]") - intake[row]).astype(np.int64)
    first = np.searchsorted(day_of, start_day, side="left")
    last_m = np.searchsorted(day_of, end_day, side="right")
    count = np.maximum(last_m - first, 0)
    rep_row = np.repeat(row, count)
    offset = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
    rep_month = np.repeat(first, count) + offset
    rank = np.full((n, months), len(priority), dtype=np.int64)
    np.minimum.at(rank, (rep_row, rep_month), np.repeat(pairs["rank"].to_numpy(), count))
    names = np.array(priority + ["onbekend"], dtype=object)
    state = names[rank]
    state[day_of[None, :] > follow[:, None]] = None
    return pd.DataFrame({"intake_id": np.repeat(cohort["intake_id"].to_numpy(), months),
                         "month": np.tile(np.arange(1, months + 1), n), "state": state.ravel()})


def state_distribution(sequences: pd.DataFrame, groups: pd.Series | None = None,
                       weights: pd.Series | None = None) -> pd.DataFrame:
    """Share of each state per month (and group): the numbers behind a chronogram.

    Parameters
    ----------
    sequences : DataFrame
        From :func:`monthly_states`.
    groups : Series, optional
        Group of each intake, indexed by ``intake_id`` (e.g. the trajectory).
    weights : Series, optional
        Weight of each intake, indexed by ``intake_id`` (e.g. IPW weights for an adjusted
        chronogram); shares are then weighted, counts stay counts of persons.

    Returns
    -------
    DataFrame
        ``group``, ``month``, ``state``, ``n`` (persons in the state), ``n_observed`` (persons
        observed that month), ``share`` (weighted share among the observed). States with no one
        are left out.

    Examples
    --------
    >>> import pandas as pd
    >>> seq = pd.DataFrame({"intake_id": ["a", "b", "c", "a", "b", "c"], "month": [1, 1, 1, 2, 2, 2],
    ...                     "state": ["leefloon", "leefloon", "nec", "nec", "leefloon", None]})
    >>> state_distribution(seq)[["month", "state", "n", "share"]]
       month     state  n     share
    0      1       nec  1  0.333333
    1      1  leefloon  2  0.666667
    2      2       nec  1  0.500000
    3      2  leefloon  1  0.500000
    """
    _check_sequences(sequences)
    seq = sequences[sequences["state"].notna()]
    group = seq["intake_id"].map(groups) if groups is not None else pd.Series("all", index=seq.index)
    if group.isna().any():
        raise InputError("groups has no value for some intakes of the sequences")
    w = seq["intake_id"].map(weights).astype(float) if weights is not None else pd.Series(1.0, index=seq.index)
    if w.isna().any():
        raise InputError("weights has no value for some intakes of the sequences")
    frame = pd.DataFrame({"group": group.to_numpy(), "month": seq["month"].to_numpy(), "state": seq["state"].to_numpy(),
                          "w": w.to_numpy()})
    cells = frame.groupby(["group", "month", "state"], sort=True).agg(n=("w", "size"), w=("w", "sum")).reset_index()
    totals = frame.groupby(["group", "month"]).agg(n_observed=("w", "size"), w_total=("w", "sum")).reset_index()
    out = cells.merge(totals, on=["group", "month"])
    out["share"] = out["w"] / out["w_total"]
    order = {s: i for i, s in enumerate(STATES + (OTHER,))}
    out = out.sort_values(["group", "month", "state"], key=lambda c: c.map(order) if c.name == "state" else c,
                          kind="stable")
    return out[["group", "month", "state", "n", "n_observed", "share"]].reset_index(drop=True)


def _check_sequences(sequences) -> None:
    if not isinstance(sequences, pd.DataFrame):
        raise InputError("expected a DataFrame from monthly_states()")
    for col in ("intake_id", "month", "state"):
        if col not in sequences.columns:
            raise InputError(f"sequences lack column '{col}'; make them with monthly_states()")


def merge_small_states(distribution: pd.DataFrame, min_cell_size: int = 10) -> pd.DataFrame:
    """Disclosure control for a chronogram: no state shown with fewer than ``min_cell_size`` persons.

    Within each group and month, states with 1 to ``min_cell_size - 1`` persons are merged into
    ``overig`` (other); while that merged cell is itself below the threshold, the smallest
    remaining state joins it (below: 4 + 3 = 7 persons is still too few, so the 12 join them). Months where fewer than ``min_cell_size`` persons are observed are
    dropped.

    Parameters
    ----------
    distribution : DataFrame
        From :func:`state_distribution`.
    min_cell_size : int

    Returns
    -------
    DataFrame
        Same columns; every ``n`` is 0 or at least ``min_cell_size``.

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"group": "a", "month": 1, "state": ["leefloon", "nec", "art60", "interim"],
    ...                   "n": [40, 12, 4, 3], "n_observed": 59, "share": [40/59, 12/59, 4/59, 3/59]})
    >>> merge_small_states(d)[["state", "n"]]
          state   n
    0  leefloon  40
    1    overig  19
    """
    if not isinstance(min_cell_size, (int, np.integer)) or min_cell_size < 1:
        raise InputError(f"min_cell_size must be a whole number of at least 1, got {min_cell_size!r}")
    for col in ("group", "month", "state", "n", "n_observed", "share"):
        if col not in distribution.columns:
            raise InputError(f"distribution lacks column '{col}'; make it with state_distribution()")
    pieces = []
    # a loop over (group, month) cells of the figure, not over persons
    for (_, _), cell in distribution.groupby(["group", "month"], sort=False):
        if cell["n_observed"].iloc[0] < min_cell_size:
            continue
        cell = cell.sort_values("n", kind="stable")
        small = (cell["n"] > 0) & (cell["n"] < min_cell_size)
        if small.any():
            while cell.loc[small, "n"].sum() < min_cell_size and (~small).sum() > 0:
                small.loc[cell.index[~small][0]] = True
            merged = cell[small]
            other = merged.iloc[[0]].assign(state=OTHER, n=int(merged["n"].sum()), share=float(merged["share"].sum()))
            cell = pd.concat([cell[~small], other])
        pieces.append(cell)
    if not pieces:
        return distribution.iloc[:0].copy()
    out = pd.concat(pieces)
    order = {s: i for i, s in enumerate(STATES + (OTHER,))}
    out = out.sort_values(["group", "month", "state"], key=lambda c: c.map(order) if c.name == "state" else c,
                          kind="stable")
    return out.reset_index(drop=True)


def mean_time_in_states(sequences: pd.DataFrame, groups: pd.Series | None = None,
                        weights: pd.Series | None = None, months: int | None = None) -> pd.DataFrame:
    """Mean number of months spent in each state over the first ``months`` months, per group.

    Only intakes observed for all ``months`` months count (default: the sequences' length), so
    every person contributes the same window and the means per group add up to ``months``.

    Returns
    -------
    DataFrame
        ``group``, ``state``, ``mean_months``, ``n_persons`` (intakes in the group with full
        follow-up), ``months``.

    Examples
    --------
    >>> import pandas as pd
    >>> seq = pd.DataFrame({"intake_id": ["a", "a", "b", "b"], "month": [1, 2, 1, 2],
    ...                     "state": ["leefloon", "nec", "leefloon", "leefloon"]})
    >>> mean_time_in_states(seq)[["state", "mean_months"]]
          state  mean_months
    0       nec          0.5
    1  leefloon          1.5
    """
    _check_sequences(sequences)
    months = int(sequences["month"].max()) if months is None else int(months)
    seq = sequences[sequences["month"] <= months]
    complete = seq["state"].notna().groupby(seq["intake_id"]).sum()
    full = complete.index[complete.to_numpy() == months]
    seq = seq[seq["intake_id"].isin(full)]
    group = seq["intake_id"].map(groups) if groups is not None else pd.Series("all", index=seq.index)
    w = seq["intake_id"].map(weights).astype(float) if weights is not None else pd.Series(1.0, index=seq.index)
    frame = pd.DataFrame({"group": group.to_numpy(), "state": seq["state"].to_numpy(), "w": w.to_numpy(),
                          "intake_id": seq["intake_id"].to_numpy()})
    person_w = frame.drop_duplicates("intake_id").groupby("group")["w"].sum()
    persons = frame.drop_duplicates("intake_id").groupby("group").size()
    # each row is one month: weighted months per state / weighted persons
    cells = frame.groupby(["group", "state"])["w"].sum().reset_index()
    cells["mean_months"] = cells["w"] / cells["group"].map(person_w)
    cells["n_persons"] = cells["group"].map(persons).astype(int)
    cells["months"] = months
    order = {s: i for i, s in enumerate(STATES + (OTHER,))}
    cells = cells.sort_values(["group", "state"], key=lambda c: c.map(order) if c.name == "state" else c, kind="stable")
    return cells[["group", "state", "mean_months", "n_persons", "months"]].reset_index(drop=True)
