"""Where people go after an art. 60 job: competing next states and multi-state state occupation.

An art. 60 job is temporary. When it ends, a person moves on: to a regular job, to unemployment
benefit (art. 60 builds the entitlement), back to social assistance (leefloon), to another art. 60
or a social-economy job, or out of sight of the registers. This module follows people from the
end of an art. 60 spell:

- :func:`art60_spells` - the (first, or every) art. 60 spell of each intake in a cohort.
- :func:`state_sequences` - what each person was doing on every day after the end of the spell,
  as a sequence of sojourns in the main states (:data:`STATES`), read from the episodes.
- :func:`next_states` - the first state after the end, and when it began: the competing next
  states, whose cumulative incidence :func:`next_state_incidence` estimates.
- :func:`state_occupation` - the probability of being in each state ``t`` days later
  (Aalen-Johansen estimator for a multi-state process, returns to earlier states allowed,
  right-censoring), generic on any sojourn table; :func:`aggregate_states` adds states up.
- :func:`first_entry` - time to the first entry into a state (e.g. a regular job), with leaving
  the registers as the competing event.
- :func:`state_on` - the state of a person on a given date.

How the episodes are read
-------------------------
- **Time** is counted in days after the last day of the art. 60 spell: day 0 is the day after it.
- **The state on a day** is taken from the employment and benefit episodes that cover it. Where
  several overlap, the first in :data:`STATES` wins (work before benefits; regular work first).
  Employment becomes ``nec`` / ``interim`` / ``sec`` / ``art60`` by the ``circuit`` of its
  contract in the code list ``contract`` (a missing contract: ``other_job``); benefits become
  ``leefloon`` or ``werkloosheidsuitkering``. A day without any registration is ``onbekend``
  (unknown: between registrations, moved, deregistered).
- **Short gaps** of at most ``max_gap_days`` without registration are registration lags, not a
  state: a gap right after the spell takes the state that follows it, a gap between two
  registrations the state before it, and a gap at the end of follow-up ends the follow-up with
  the last registration (we cannot tell yet whether the person left). Longer gaps are
  ``onbekend``.
- **Follow-up** ends on the censor date (the cohort's, and at the latest the extraction date of
  the sources). Spells still running then are not followed (they have not ended yet).
- A person whose spell is followed is in exactly one state on every day: the states form a
  multi-state process with returns (leefloon -> job -> unemployment benefit -> job ...).

The Aalen-Johansen estimator is checked against a hand computation and against R's ``etm``
package (``tests/golden/transitions/``).
"""
from __future__ import annotations

from typing import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from evalkit.errors import InputError

__all__ = [
    "STATES",
    "UNKNOWN",
    "REGULAR_WORK",
    "STATE_GROUPS",
    "GROUPS",
    "art60_spells",
    "state_sequences",
    "next_states",
    "next_state_incidence",
    "state_occupation",
    "aggregate_states",
    "state_on",
    "first_entry",
]

#: Main states after an art. 60 job, in priority order (when registrations overlap, the first wins).
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
