"""Spells and states read from the episodes: art. 60 spells, state sequences, next states, first entry.

See :mod:`evalkit.stats.transitions` for how the episodes are read (time, state on a day, short gaps,
follow-up).
"""
from __future__ import annotations

from typing import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from evalkit.errors import InputError

STATES = ("nec", "interim", "sec", "art60", "other_job", "werkloosheidsuitkering", "leefloon", "onbekend")
#: The state of a day without any registration.
UNKNOWN = "onbekend"
#: States that are work in the regular economy (the NEC, temporary agency work included).
REGULAR_WORK = ("nec", "interim")
#: The grouping of the report: regular work, art. 60 or social economy, unemployment benefit,
#: social assistance, unknown (and a job without a contract type, when the registry has such).
STATE_GROUPS = {"nec": "regulier_werk", "interim": "regulier_werk", "sec": "art60_sec", "art60": "art60_sec",
                "other_job": "ander_werk", "werkloosheidsuitkering": "werkloosheidsuitkering",
                "leefloon": "leefloon", "onbekend": "onbekend"}
#: The groups of :data:`STATE_GROUPS` in display order.
GROUPS = ("regulier_werk", "art60_sec", "ander_werk", "werkloosheidsuitkering", "leefloon", "onbekend")

_BENEFIT_STATES = ("leefloon", "werkloosheidsuitkering")
_CENSORED = 0


# --------------------------------------------------------------------------- input checks
def _require(data: pd.DataFrame, columns: Iterable[str], what: str) -> None:
    if not isinstance(data, pd.DataFrame):
        raise InputError(f"{what} must be a pandas DataFrame, got {type(data).__name__}")
    missing = [c for c in columns if c not in data.columns]
    if missing:
        raise InputError(f"{what} lacks column(s) {', '.join(repr(c) for c in missing)}; "
                         f"it has {', '.join(map(str, data.columns))}")


def _dates(data: pd.DataFrame, column: str, what: str, allow_missing: bool = True) -> np.ndarray:
    col = data[column]
    if not pd.api.types.is_datetime64_any_dtype(col):
        try:
            col = pd.to_datetime(col)
        except (ValueError, TypeError):
            raise InputError(f"{what} column '{column}' must hold dates") from None
    if not allow_missing and col.isna().any():
        raise InputError(f"{what} column '{column}' has missing dates in {int(col.isna().sum())} row(s)")
    return col.to_numpy(dtype="datetime64[D]")


def _day_diff(later: np.ndarray, earlier: np.ndarray) -> np.ndarray:
    return (later - earlier).astype(np.int64)


def _contract_states() -> dict[str, str]:
    from evalkit.registry.schema import codelist

    cl = codelist("contract")
    return dict(zip(cl["code"].astype(str), cl["circuit"].astype(str)))


# --------------------------------------------------------------------------- art. 60 spells
def art60_spells(episodes: pd.DataFrame, cohort: pd.DataFrame, which: str = "first",
                 extraction_dates: Mapping[str, pd.Timestamp] | None = None) -> pd.DataFrame:
    """The art. 60 spells of each intake in a cohort, with the follow-up after their end.

    A spell counts when it starts on or after the intake date and on or before the censor date.

    Parameters
    ----------
    episodes : DataFrame
        Registry episodes with ``person_id``, ``kind``, ``start_date``, ``end_date`` (missing =
        still running), ``contract``; ``employer_type`` and ``sector`` are carried when present.
    cohort : DataFrame
        One row per intake with ``person_id``, ``intake_date`` and ``censor_date`` (as made by
        :func:`evalkit.outcomes.cohort`); its other columns are carried into the result.
    which : {"first", "all"}
        The first art. 60 spell per intake, or every one.
    extraction_dates : mapping, optional
        Extraction date per source; follow-up then ends at the latest on the earliest extraction
        date of the sources that register employment and benefits.

    Returns
    -------
    DataFrame
        One row per spell: ``spell_id`` (0, 1, ...), the cohort's columns, ``spell_number`` (1 for
        the first spell of the intake), ``spell_start``, ``spell_end`` (missing when still running
        on the censor date), ``ended`` (the spell ended before the censor date), ``duration_days``
        (days in the spell, both ends included, up to the censor date), ``employer_type``,
        ``sector``, ``censor_date`` (end of follow-up) and ``followed_days`` (days observed after
        the end; 0 when not ended).

    Examples
    --------
    >>> import pandas as pd
    >>> cohort = pd.DataFrame({"intake_id": ["I1", "I2"], "person_id": ["P1", "P2"],
    ...                        "intake_date": pd.to_datetime(["2018-01-01", "2018-02-01"]),
    ...                        "censor_date": pd.to_datetime(["2021-12-31", "2021-12-31"])})
    >>> episodes = pd.DataFrame({
    ...     "person_id": ["P1", "P1", "P2"], "kind": ["employment"] * 3,
    ...     "start_date": pd.to_datetime(["2018-06-01", "2019-09-01", "2019-01-07"]),
    ...     "end_date": pd.to_datetime(["2019-06-30", None, "2019-03-31"]),
    ...     "contract": ["art60", "art60", "art60"], "employer_type": ["public", "private", "social_profit"]})
    >>> spells = art60_spells(episodes, cohort)
    >>> spells[["intake_id", "ended", "duration_days", "employer_type", "followed_days"]]
      intake_id  ended  duration_days  employer_type  followed_days
    0        I1   True            395         public            915
    1        I2   True             84  social_profit           1006
    """
    if which not in ("first", "all"):
        raise InputError(f"which must be 'first' or 'all', not {which!r}")
    _require(episodes, ["person_id", "kind", "start_date", "end_date", "contract"], "episodes")
    _require(cohort, ["person_id", "intake_date", "censor_date"], "cohort")
    intake = _dates(cohort, "intake_date", "cohort", allow_missing=False)
    censor = _dates(cohort, "censor_date", "cohort", allow_missing=False)
    if extraction_dates:
        sources = episodes.loc[episodes["kind"].isin(["employment", "benefit"]), "source"] \
            if "source" in episodes.columns else pd.Series(dtype=object)
        known = [pd.Timestamp(extraction_dates[s]) for s in sources.dropna().unique() if s in extraction_dates]
        if known:
            censor = np.minimum(censor, np.datetime64(min(known).date(), "D"))
    a60 = episodes[(episodes["kind"] == "employment") & (episodes["contract"] == "art60")]
    a60_start = _dates(a60, "start_date", "episodes", allow_missing=False)
    a60_end = _dates(a60, "end_date", "episodes")
    pairs = pd.DataFrame({"_row": np.arange(len(cohort)), "person_id": cohort["person_id"].to_numpy()}).merge(
        pd.DataFrame({"person_id": a60["person_id"].to_numpy(), "_ep": np.arange(len(a60))}), on="person_id")
    row, ep = pairs["_row"].to_numpy(), pairs["_ep"].to_numpy()
    start, end = a60_start[ep], a60_end[ep]
    keep = (start >= intake[row]) & (start <= censor[row])
    row, ep, start, end = row[keep], ep[keep], start[keep], end[keep]
    order = np.lexsort((ep, start, row))
    row, ep, start, end = row[order], ep[order], start[order], end[order]
    first = np.r_[True, row[1:] != row[:-1]] if len(row) else np.zeros(0, dtype=bool)
    number = np.arange(len(row)) - np.maximum.accumulate(np.where(first, np.arange(len(row)), 0)) + 1
    if which == "first":
        row, ep, start, end, number = row[first], ep[first], start[first], end[first], number[first]
    c = censor[row]
    ended = ~np.isnat(end) & (end < c)
    last_day = np.where(ended, end, c)
    out = cohort.iloc[row].reset_index(drop=True)
    out.insert(0, "spell_id", np.arange(len(row)))
    out["spell_number"] = number
    out["spell_start"] = pd.to_datetime(start)
    out["spell_end"] = pd.to_datetime(np.where(ended, end, np.datetime64("NaT")))
    out["ended"] = ended
    out["duration_days"] = _day_diff(last_day, start) + 1
    for column in ("employer_type", "sector"):
        out[column] = a60[column].to_numpy(dtype=object)[ep] if column in a60.columns else None
    out["censor_date"] = pd.to_datetime(c)
    out["followed_days"] = np.where(ended, _day_diff(c, np.where(ended, end, c)), 0)
    return out


# --------------------------------------------------------------------------- state sequences
def _episode_states(episodes: pd.DataFrame) -> np.ndarray:
    """State code (index in STATES) of each employment / benefit episode."""
    kind = episodes["kind"].to_numpy(dtype=object)
    circuit = episodes["contract"].map(_contract_states()).to_numpy(dtype=object)
    code = np.full(len(episodes), -1)
    is_job = kind == "employment"
    for state in ("nec", "interim", "sec", "art60"):
        code[is_job & (circuit == state)] = STATES.index(state)
    code[is_job & (code < 0)] = STATES.index("other_job")
    is_benefit = kind == "benefit"
    if is_benefit.any():
        if "benefit_type" not in episodes.columns:
            raise InputError("episodes lacks column 'benefit_type' (needed for benefit episodes)")
        btype = episodes["benefit_type"].to_numpy(dtype=object)
        unknown = is_benefit & ~np.isin(btype, np.array(_BENEFIT_STATES, dtype=object))
        if unknown.any():
            shown = sorted({str(v) for v in btype[unknown]})[:5]
            raise InputError(f"episodes column 'benefit_type' has values {shown} in {int(unknown.sum())} benefit "
                             f"row(s); expected one of {', '.join(_BENEFIT_STATES)}")
        for state in _BENEFIT_STATES:
            code[is_benefit & (btype == state)] = STATES.index(state)
    return code


def _raw_sequences(episodes: pd.DataFrame, spells: pd.DataFrame, origin: str) -> pd.DataFrame:
    """Sojourns after each spell's origin date, read from the episodes without any gap rule.

    Columns: spell_id, state (code), start, stop (days after the origin; [start, stop)), and
    ``horizon`` (days observed). Only spells with at least one observed day appear.
    """
    _require(spells, ["spell_id", "person_id", origin, "censor_date"], "spells")
    _require(episodes, ["person_id", "kind", "start_date", "end_date", "contract"], "episodes")
    if spells["spell_id"].duplicated().any():
        raise InputError("spells column 'spell_id' must be unique")
    s = spells[spells[origin].notna()]
    o_day = _dates(s, origin, "spells")
    horizon = _day_diff(_dates(s, "censor_date", "spells", allow_missing=False), o_day)
    s, o_day, horizon = s[horizon > 0], o_day[horizon > 0], horizon[horizon > 0]
    n = len(s)
    reg = episodes[episodes["kind"].isin(["employment", "benefit"])]
    code = _episode_states(reg)
    e_start = _dates(reg, "start_date", "episodes", allow_missing=False)
    e_end = _dates(reg, "end_date", "episodes")
    pairs = pd.DataFrame({"_row": np.arange(n), "person_id": s["person_id"].to_numpy()}).merge(
        pd.DataFrame({"person_id": reg["person_id"].to_numpy(), "_ep": np.arange(len(reg))}), on="person_id")
    row, ep = pairs["_row"].to_numpy(), pairs["_ep"].to_numpy()
    a = np.maximum(_day_diff(e_start[ep], o_day[row]) - 1, 0)
    # an episode still running covers every day up to the horizon
    e_last = np.where(np.isnat(e_end[ep]), o_day[row] + horizon[row], e_end[ep])
    b = np.minimum(_day_diff(e_last, o_day[row]) - 1, horizon[row] - 1)
    ok = a <= b
    row, a, b, k = row[ok], a[ok], b[ok], code[ep[ok]]
    n_known = len(STATES) - 1
    # Change points: +1 where an episode starts covering, -1 the day after it stops; plus 0 and
    # the horizon of every spell, so each spell's timeline starts at 0 and ends at its horizon.
    ev_row = np.concatenate([row, row, np.arange(n), np.arange(n)])
    ev_day = np.concatenate([a, b + 1, np.zeros(n, dtype=np.int64), horizon])
    ev_state = np.concatenate([k, k, np.zeros(2 * n, dtype=np.int64)])
    ev_delta = np.concatenate([np.ones(len(k)), -np.ones(len(k)), np.zeros(2 * n)])
    stride = int(horizon.max()) + 2 if n else 1
    key = ev_row.astype(np.int64) * stride + ev_day
    points, inverse = np.unique(key, return_inverse=True)
    counts = np.zeros((len(points), n_known))
    np.add.at(counts, (inverse, ev_state), ev_delta)
    # Each spell's +1/-1 pairs cancel by its horizon, so one running sum over all spells works.
    active = np.cumsum(counts, axis=0) > 0.5
    state = np.where(active.any(axis=1), np.argmax(active, axis=1), STATES.index(UNKNOWN))
    p_row, p_day = points // stride, points % stride
    has_next = np.r_[p_row[1:] == p_row[:-1], False][:len(p_row)]  # no spells: no change points either
    seq = pd.DataFrame({"_row": p_row[has_next], "state": state[has_next], "start": p_day[has_next],
                        "stop": p_day[np.flatnonzero(has_next) + 1]})
    seq = _merge_runs(seq)
    seq["spell_id"] = s["spell_id"].to_numpy()[seq["_row"].to_numpy()]
    seq["horizon"] = horizon[seq["_row"].to_numpy()]
    return seq


def _merge_runs(seq: pd.DataFrame) -> pd.DataFrame:
    """Join consecutive sojourns of the same row in the same state (rows sorted by _row, start)."""
    r, st = seq["_row"].to_numpy(), seq["state"].to_numpy()
    new = np.r_[True, (r[1:] != r[:-1]) | (st[1:] != st[:-1])][:len(r)]
    idx = np.flatnonzero(new)
    last = np.r_[idx[1:] - 1, len(seq) - 1] if len(idx) else idx
    return pd.DataFrame({"_row": r[idx], "state": st[idx], "start": seq["start"].to_numpy()[idx],
                         "stop": seq["stop"].to_numpy()[last]})


def _fill_gaps(seq: pd.DataFrame, max_gap_days: int) -> pd.DataFrame:
    """Apply the short-gap rule of the module docstring to raw sequences."""
    unknown = STATES.index(UNKNOWN)
    r = seq["_row"].to_numpy()
    st = seq["state"].to_numpy().copy()
    length = (seq["stop"] - seq["start"]).to_numpy()
    first = np.r_[True, r[1:] != r[:-1]]
    last = np.r_[r[1:] != r[:-1], True]
    short = (st == unknown) & (length <= max_gap_days)
    prev_state = np.r_[unknown, st[:-1]]
    next_state = np.r_[st[1:], unknown]
    # runs alternate in state after merging, so a short gap sits between two known states
    st = np.where(short & first & ~last, next_state, st)
    st = np.where(short & ~first & ~last, prev_state, st)
    drop = short & last  # trailing short gap (or a spell with nothing but a short gap): follow-up ends
    out = pd.DataFrame({"_row": r, "state": st, "start": seq["start"].to_numpy(), "stop": seq["stop"].to_numpy()})
    out = _merge_runs(out[~drop].reset_index(drop=True))
    return out


def state_sequences(episodes: pd.DataFrame, spells: pd.DataFrame, max_gap_days: int = 31,
                    origin: str = "spell_end") -> pd.DataFrame:
    """What each person did on every day after the end of a spell, as sojourns in :data:`STATES`.

    See the module docstring for how episodes become states and how short gaps are read.

    Parameters
    ----------
    episodes : DataFrame
        ``person_id``, ``kind``, ``start_date``, ``end_date`` (missing = still running),
        ``contract`` and, for benefits, ``benefit_type``.
    spells : DataFrame
        ``spell_id``, ``person_id``, the ``origin`` date (last day of the spell; missing = not
        ended, not followed) and ``censor_date`` (from :func:`art60_spells`).
    max_gap_days : int
        Longest gap without registration that is read as a registration lag.
    origin : str
        Column of ``spells`` with the last day of the spell.

    Returns
    -------
    DataFrame
        One row per sojourn: ``spell_id``, ``state`` (a name from :data:`STATES`), ``start`` and
        ``stop`` in days after the end of the spell (the sojourn covers days ``start`` to
        ``stop - 1``; day 0 is the day after the spell), ``censored`` (True on the last sojourn of a
        spell: follow-up ended then). Spells with no observed day are absent.

    Examples
    --------
    >>> import pandas as pd
    >>> spells = pd.DataFrame({"spell_id": [0], "person_id": ["P1"],
    ...                        "spell_end": pd.to_datetime(["2019-06-30"]),
    ...                        "censor_date": pd.to_datetime(["2020-06-30"])})
    >>> episodes = pd.DataFrame({
    ...     "person_id": ["P1"] * 3, "kind": ["employment", "benefit", "employment"],
    ...     "start_date": pd.to_datetime(["2018-07-01", "2019-07-01", "2019-10-10"]),
    ...     "end_date": pd.to_datetime(["2019-06-30", "2019-09-30", None]),
    ...     "contract": ["art60", None, "nec_fixed_term"],
    ...     "benefit_type": [None, "werkloosheidsuitkering", None]})
    >>> state_sequences(episodes, spells)
       spell_id                   state  start  stop  censored
    0         0  werkloosheidsuitkering      0   101     False
    1         0                     nec    101   366      True
    """
    if isinstance(max_gap_days, bool) or not isinstance(max_gap_days, (int, np.integer)) or max_gap_days < 0:
        raise InputError(f"max_gap_days must be a whole number of days >= 0, not {max_gap_days!r}")
    raw = _raw_sequences(episodes, spells, origin)
    ids = raw.drop_duplicates("_row").set_index("_row")["spell_id"]
    seq = _fill_gaps(raw, int(max_gap_days))
    r = seq["_row"].to_numpy()
    return pd.DataFrame({
        "spell_id": ids.reindex(r).to_numpy(),
        "state": np.array(STATES, dtype=object)[seq["state"].to_numpy()],
        "start": seq["start"].to_numpy(np.int64), "stop": seq["stop"].to_numpy(np.int64),
        "censored": np.r_[r[1:] != r[:-1], True] if len(r) else np.zeros(0, dtype=bool),
    })


def next_states(episodes: pd.DataFrame, spells: pd.DataFrame, max_gap_days: int = 31,
                origin: str = "spell_end") -> pd.DataFrame:
    """The first state after the end of each spell and the day it began: the competing next states.

    The next state is the first registered state (:data:`STATES`) that begins within
    ``max_gap_days`` days after the spell (day 0 is the day after it). When nothing is registered
    within that time, the next state is ``onbekend`` (unknown), on day ``max_gap_days + 1``; when
    follow-up ends before that, the spell is censored on its last observed day.

    Parameters
    ----------
    episodes, spells, max_gap_days, origin
        As for :func:`state_sequences`.

    Returns
    -------
    DataFrame
        One row per followed spell: ``spell_id``, ``next_state`` (missing when censored),
        ``days`` (day of the next state, or of censoring), ``event`` (0 censored, else the
        position of the state in :data:`STATES` plus one: 1 = ``nec`` ... 8 = ``onbekend``).

    Examples
    --------
    >>> import pandas as pd
    >>> spells = pd.DataFrame({"spell_id": [0, 1], "person_id": ["P1", "P2"],
    ...                        "spell_end": pd.to_datetime(["2019-06-30", "2019-06-30"]),
    ...                        "censor_date": pd.to_datetime(["2020-06-30", "2019-07-20"])})
    >>> episodes = pd.DataFrame({
    ...     "person_id": ["P1", "P2"], "kind": ["employment", "benefit"],
    ...     "start_date": pd.to_datetime(["2019-07-05", "2019-08-15"]), "end_date": pd.NaT,
    ...     "contract": ["interim", None], "benefit_type": [None, "leefloon"]})
    >>> next_states(episodes, spells)
       spell_id next_state  days  event
    0         0    interim     4      2
    1         1       None    19      0
    """
    if isinstance(max_gap_days, bool) or not isinstance(max_gap_days, (int, np.integer)) or max_gap_days < 0:
        raise InputError(f"max_gap_days must be a whole number of days >= 0, not {max_gap_days!r}")
    raw = _raw_sequences(episodes, spells, origin)
    unknown = STATES.index(UNKNOWN)
    known = raw[raw["state"] != unknown]
    first_known = known.drop_duplicates("_row").set_index("_row")
    rows = raw.drop_duplicates("_row").set_index("_row")
    fk_start = first_known["start"].reindex(rows.index).to_numpy(dtype=float)
    fk_state = first_known["state"].reindex(rows.index).to_numpy(dtype=float)
    horizon = rows["horizon"].to_numpy()
    registered = fk_start <= max_gap_days
    declared = ~registered & (horizon - 1 >= max_gap_days + 1)
    code = np.where(registered, np.nan_to_num(fk_state, nan=0).astype(np.int64) + 1,
                    np.where(declared, unknown + 1, _CENSORED))
    days = np.where(registered, np.nan_to_num(fk_start, nan=0), np.where(declared, max_gap_days + 1, horizon - 1))
    names = np.array((None,) + STATES, dtype=object)
    return pd.DataFrame({"spell_id": rows["spell_id"].to_numpy(), "next_state": names[code],
                         "days": days.astype(np.int64), "event": code.astype(np.int64)})


def state_on(episodes: pd.DataFrame, data: pd.DataFrame, date: str = "date",
             person: str = "person_id") -> pd.Series:
    """The main state (:data:`STATES`) of each row's person on the row's date, from the episodes.

    Same reading as :func:`state_sequences` (overlaps by priority; no registration: ``onbekend``),
    on a single day, without the gap rule.

    Parameters
    ----------
    episodes : DataFrame
        ``person_id``, ``kind``, ``start_date``, ``end_date``, ``contract``, ``benefit_type``.
    data : DataFrame
        Rows with a ``person`` column and a ``date`` column.

    Returns
    -------
    Series
        State names, with the index of ``data``.

    Examples
    --------
    >>> import pandas as pd
    >>> episodes = pd.DataFrame({
    ...     "person_id": ["P1", "P1"], "kind": ["benefit", "employment"],
    ...     "start_date": pd.to_datetime(["2019-01-01", "2019-03-01"]),
    ...     "end_date": pd.to_datetime([None, "2019-12-31"]),
    ...     "contract": [None, "nec_fixed_term"], "benefit_type": ["leefloon", None]})
    >>> days = pd.DataFrame({"person_id": ["P1", "P1", "P2"],
    ...                      "date": pd.to_datetime(["2019-02-01", "2019-06-01", "2019-06-01"])})
    >>> state_on(episodes, days).tolist()
    ['leefloon', 'nec', 'onbekend']
    """
    _require(episodes, ["person_id", "kind", "start_date", "end_date", "contract"], "episodes")
    _require(data, [person, date], "data")
    day = _dates(data, date, "data", allow_missing=False)
    reg = episodes[episodes["kind"].isin(["employment", "benefit"])]
    code = _episode_states(reg)
    e_start = _dates(reg, "start_date", "episodes", allow_missing=False)
    e_end = _dates(reg, "end_date", "episodes")
    pairs = pd.DataFrame({"_row": np.arange(len(data)), "person_id": data[person].to_numpy()}).merge(
        pd.DataFrame({"person_id": reg["person_id"].to_numpy(), "_ep": np.arange(len(reg))}), on="person_id")
    row, ep = pairs["_row"].to_numpy(), pairs["_ep"].to_numpy()
    covers = (e_start[ep] <= day[row]) & (np.isnat(e_end[ep]) | (e_end[ep] >= day[row]))
    best = np.full(len(data), STATES.index(UNKNOWN))
    np.minimum.at(best, row[covers], code[ep[covers]])
    return pd.Series(np.array(STATES, dtype=object)[best], index=data.index, name="state")


def first_entry(sequences: pd.DataFrame, target: Sequence[str] = REGULAR_WORK) -> pd.DataFrame:
    """Time to the first entry into one of the ``target`` states, e.g. a regular job after art. 60.

    Leaving the registers competes: a spell whose follow-up ends in an unknown state (no
    registration for longer than the gap rule allows, up to the end of follow-up) without having
    entered a target state has the competing event at the start of that last unknown sojourn.

    Parameters
    ----------
    sequences : DataFrame
        From :func:`state_sequences` (``spell_id``, ``state``, ``start``, ``stop``).
    target : sequence of str
        States that count as the event.

    Returns
    -------
    DataFrame
        One row per spell: ``spell_id``, ``days`` (to the event or the end of follow-up) and
        ``event`` (0 censored, 1 entered a target state, 2 left the registers).

    Examples
    --------
    >>> import pandas as pd
    >>> seq = pd.DataFrame({"spell_id": [0, 0, 1, 2, 2], "start": [0, 40, 0, 0, 100],
    ...                     "stop": [40, 300, 250, 100, 200],
    ...                     "state": ["werkloosheidsuitkering", "nec", "leefloon", "leefloon", "onbekend"]})
    >>> first_entry(seq)
       spell_id  days  event
    0         0    40      1
    1         1   250      0
    2         2   100      2
    """
    _require(sequences, ["spell_id", "state", "start", "stop"], "sequences")
    seq = sequences.sort_values(["spell_id", "start"], kind="stable")
    ids = seq["spell_id"].to_numpy()
    hit = seq["state"].isin(list(target)).to_numpy()
    last = np.r_[ids[1:] != ids[:-1], True][:len(ids)]
    spells = seq.loc[last, ["spell_id", "stop", "state", "start"]].set_index("spell_id")
    first_hit = seq[hit].drop_duplicates("spell_id").set_index("spell_id")["start"]
    hit_day = first_hit.reindex(spells.index)
    left = spells["state"].eq(UNKNOWN)
    event = np.where(hit_day.notna(), 1, np.where(left, 2, 0))
    days = np.where(hit_day.notna(), hit_day.fillna(0), np.where(left, spells["start"], spells["stop"]))
    return pd.DataFrame({"spell_id": spells.index.to_numpy(), "days": days.astype(np.int64),
                         "event": event.astype(np.int64)})
