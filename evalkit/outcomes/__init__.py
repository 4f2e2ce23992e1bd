"""Outcomes per intake, derived from a registry: who is in the cohort, how long until a first job
(of any kind, a regular job, an art. 60 job ...), until a *durable* job, and - for registries that
only hold status snapshots - the interval in which the first job must have started.

Every function works on whole columns (no loop over persons), so a registry of a million persons
derives in seconds (``benchmarks/outcomes_speed.py`` prints the time).

The steps
---------
- :func:`cohort` - one row per intake of a programme in an intake window, with the profile at
  intake and the censor date.
- :func:`first_jobs` - per intake, days to the first job of each kind and to the first durable
  job, each with an event indicator, and the competing-risks coding of the first job by kind.
- :func:`competing_causes` - group the kinds of first job into the causes of a competing-risks
  analysis (e.g. art. 60 / regular / other).
- :func:`snapshot_intervals` - from repeated status snapshots only: the interval (left, right]
  in days since intake in which the first observed work status began.

How episodes are read
---------------------
- **Time zero** is the intake date; times are whole days since intake.
- **Jobs** are episodes of kind ``employment``. Their kind is the ``circuit`` of the contract in
  the code list ``contract``: ``art60``, ``nec`` (regular economy, open-ended or fixed-term),
  ``interim`` or ``sec`` (social economy); a missing or unknown contract is ``unknown``.
- **Open spells** (no end date) are censored at the extraction date of the episode's ``source``.
- **Spells that started before the intake** and are still running at the intake count as a job at
  day 0 (``employed_at_intake`` flags these intakes, so an analysis can leave them out); spells that
  ended before the intake are ignored. For the spell-length definition of a durable job such a
  spell counts with its full length.
- **Overlapping spells** are allowed: the first job is the earliest start; when jobs of several
  kinds start on that same day, the kind is taken in the order of the contract code list (art. 60
  first). For durable jobs, overlapping and back-to-back spells are joined into one period of
  continuous employment (and spells separated by at most ``max_gap_days`` days).
- **End of follow-up** is the earliest of the censor date, the extraction date of the sources that
  register jobs and - with ``follow_up="registered"`` (the default) - the end of the person's last
  benefit or employment registration: when every registration has ended before the censor date,
  the person has left the registers (moved, deregistered) and is no longer observed. A person with
  no registration after the intake is followed for 0 days. ``follow_up="censor_date"`` ignores
  registration ends (administrative censoring only).
- The **trajectory** is the one assigned at intake (intention to treat); later changes are in
  ``trajectory_changes`` and do not move a person to another group.
"""
from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from evalkit.errors import InputError, NotEstimable
from evalkit.outcomes.durable import (
    DURABLE_DEFINITIONS, OPEN_ENDED, SHARE_80_12M, SPELL_365, SPELL_365_OR_OPEN_ENDED, TEXTS, DurableJob,  # noqa: F401
    durable_definition,
)

__all__ = [
    "age_group",
    "intake_period",
    "work_codes",
    "cohort_snapshot",
    "require_status",
    "require_tables",
    "DurableJob",
    "SPELL_365",
    "OPEN_ENDED",
    "SPELL_365_OR_OPEN_ENDED",
    "SHARE_80_12M",
    "DURABLE_DEFINITIONS",
    "durable_definition",
    "ENDPOINTS",
    "JOB_KINDS",
    "ART60_NEC_OTHER",
    "cohort",
    "first_jobs",
    "competing_causes",
    "snapshot_intervals",
]

#: Endpoints derived by :func:`first_jobs`; each gives ``days_to_<endpoint>`` and ``<endpoint>`` (0/1).
ENDPOINTS = ("any_job", "nec", "art60", "interim", "sec", "durable")
#: Kinds of job (the ``circuit`` of the contract code list, plus ``unknown``), in cause-code order 1..5.
JOB_KINDS = ("art60", "nec", "interim", "sec", "unknown")
#: Contracts that are open-ended (durable from their first day under the open-ended definition).
OPEN_ENDED_CONTRACTS = ("nec_open_ended",)
#: Causes art. 60 (1), regular job (2), any other job (3): the grouping of the survival study.
ART60_NEC_OTHER = {"art60": 1, "nec": 2, "interim": 3, "sec": 3, "unknown": 3}


_REGISTRATION_KINDS = ("employment", "benefit")
_FOLLOW_UP = ("registered", "censor_date")
_BIAS = 1 << 30          # shifts relative days (which may be negative) to non-negative keys
_ROW_STRIDE = 1 << 32    # key = row * stride + bias + day: sorts by row, then day


# --------------------------------------------------------------------------- the cohort
def _extraction_dates(registry) -> dict[str, pd.Timestamp]:
    dates = getattr(registry, "extraction_dates", None) or {}
    return {str(k): pd.Timestamp(v) for k, v in dates.items()}


def require_tables(registry, needs: Mapping[str, Sequence[str]]) -> None:
    """Raise an InputError naming the first table or column of ``needs`` (table -> columns) the registry lacks.

    Examples
    --------
    >>> from evalkit.registry import load_registry
    >>> require_tables(load_registry("synthetic"), {"intakes": ["intake_id", "trajectory"]})
    >>> require_tables(load_registry("synthetic"), {"intakes": ["shoe_size"]})
    Traceback (most recent call last):
    ...
    evalkit.errors.InputError: table 'intakes' lacks column(s) 'shoe_size'
    """
    for table, columns in needs.items():
        df = getattr(registry, table, None)
        if not isinstance(df, pd.DataFrame):
            raise InputError(f"the registry has no table '{table}'")
        missing = [c for c in columns if c not in df.columns]
        if missing:
            raise InputError(f"table '{table}' lacks column(s) {', '.join(repr(c) for c in missing)}")


def _date(value, what: str) -> pd.Timestamp | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return pd.Timestamp(value)
    except (ValueError, TypeError):
        raise InputError(f"{what} must be a date such as '2021-12-31', got {value!r}") from None


# --------------------------------------------------------------------------- profile derivations
def age_group(intake_date: pd.Series, birth_year: pd.Series) -> pd.Series:
    """Age group at intake as published: 18-24, 25-30 (ages 25 to 29) and 30+.

    Age is the intake year minus the birth year (registries often hold only the birth year).
    """
    age = (pd.to_datetime(intake_date).dt.year - pd.to_numeric(birth_year, errors="coerce")).astype(float)
    a = age.to_numpy()
    out = pd.Series(np.select([a < 25, a < 30, a >= 30], ["18-24", "25-30", "30+"], default=""),
                    index=age.index, dtype=object)
    return out.where(age.notna())


def intake_period(intake_date: pd.Series) -> pd.Series:
    """Half-year of the intake, e.g. ``2017H1`` (the report's "voorjaar/najaar")."""
    d = pd.to_datetime(intake_date)
    return d.dt.year.astype(str) + np.where(d.dt.month <= 6, "H1", "H2")


def work_codes(status_codes: pd.DataFrame | None = None) -> dict[int, int]:
    """Status code -> 1 (work) / 0 (no work), from the code list in data_schema."""
    if status_codes is None:
        from evalkit.registry.schema import codelist

        status_codes = codelist("vdab_status")
    return dict(zip(status_codes["code"].astype(int), status_codes["work"].astype(int)))


_codelist_work_codes = work_codes  # snapshot_intervals has an argument of the same name


def nt2_group(levels) -> pd.Series:
    """The shared NT2 groups (0, <1.1, 1.1, 1.2, 2.x+, ``missing``) of NT2 levels at intake.

    Examples
    --------
    >>> nt2_group(["0", "2.2", None]).tolist()
    ['0', '2.x+', 'missing']
    """
    from evalkit.registry import synth

    return synth.nt2_group(pd.Series(levels, dtype=object))


# --------------------------------------------------------------------------- status on a date
def cohort_snapshot(registry, snapshot_date, source: str = "VDAB", programme: str | None = "COB") -> pd.DataFrame:
    """One row per intake with its profile and its status on ``snapshot_date``.

    Columns: intake_id, person_id, trajectory, intake_date, intake_period, sex, household,
    nt2_level_at_intake, age_group, education, status_code (``<NA>`` when the person has no status
    on that date), work (1 when the code means work; 0 for no work *or unknown*, as published),
    art60 (1 when an art. 60 spell started after the intake, on or before the snapshot date: a job held
    before the intake is not the programme's), days_to_first_art60 (days from intake to the first one).
    Only intakes on or before the snapshot date are included.

    Examples
    --------
    >>> from evalkit.registry import load_registry
    >>> cohort = cohort_snapshot(load_registry("synthetic"), "2020-03-31")
    >>> int(cohort["work"].sum()) > 0
    True
    """
    date = pd.Timestamp(snapshot_date)
    intakes = registry.intakes
    if programme is not None:
        intakes = intakes[intakes["programme"] == programme]
    intakes = intakes[intakes["intake_date"] <= date]
    frame = intakes.merge(registry.persons, on="person_id", how="left", validate="many_to_one")
    frame["intake_period"] = intake_period(frame["intake_date"])
    frame["age_group"] = age_group(frame["intake_date"], frame["birth_year"])

    snaps = registry.status_snapshots
    snaps = snaps[(snaps["snapshot_date"] == date) & (snaps["source"] == source)]
    snaps = snaps.drop_duplicates("person_id")[["person_id", "status_code"]]
    frame = frame.merge(snaps, on="person_id", how="left")
    frame["status_code"] = frame["status_code"].astype("Int64")
    frame["work"] = frame["status_code"].map(work_codes()).fillna(0).astype(int)

    ep = registry.episodes
    a60 = ep.loc[(ep["kind"] == "employment") & (ep["contract"] == "art60") & (ep["start_date"] <= date),
                 ["person_id", "start_date"]]
    a60 = a60.merge(frame[["intake_id", "person_id", "intake_date"]], on="person_id")
    a60 = a60[a60["start_date"] >= a60["intake_date"]]
    first = a60.groupby("intake_id")["start_date"].min().rename("first_art60")
    frame = frame.merge(first, on="intake_id", how="left")
    frame["art60"] = frame["first_art60"].notna().astype(int)
    frame["days_to_first_art60"] = (frame["first_art60"] - frame["intake_date"]).dt.days
    cols = ["intake_id", "person_id", "trajectory", "intake_date", "intake_period", "sex", "household",
            "nt2_level_at_intake", "age_group", "education", "status_code", "work", "art60", "days_to_first_art60"]
    return frame[cols].reset_index(drop=True)


def require_status(snapshot: pd.DataFrame) -> None:
    """Check that a :func:`cohort_snapshot` can say who is at work: someone in it has a status that day.

    Without any status on the snapshot date (the registry has no snapshot then) everyone would count
    as "no work"; raises :class:`~evalkit.errors.NotEstimable` (``no_snapshots``, or ``no_rows``
    for a cohort without intakes up to that date) instead.

    Examples
    --------
    >>> require_status(pd.DataFrame({"status_code": pd.array([None, 78], dtype="Int64")}))
    >>> require_status(pd.DataFrame({"status_code": pd.array([None, None], dtype="Int64")}))
    Traceback (most recent call last):
    ...
    evalkit.errors.NotEstimable: nobody in the cohort (2 intakes) has a status on the snapshot date
    """
    if len(snapshot) == 0:
        raise NotEstimable("the cohort has no intakes up to the snapshot date", "no_rows")
    if snapshot["status_code"].isna().all():
        raise NotEstimable(f"nobody in the cohort ({len(snapshot)} intakes) has a status on the snapshot date",
                           "no_snapshots")


def _censor_date(censor_date, dates: Mapping[str, pd.Timestamp]) -> pd.Timestamp:
    """The end of follow-up: ``censor_date``, or the latest extraction date; never after that date."""
    end = _date(censor_date, "censor_date")
    if end is None:
        if not dates:
            raise InputError("the registry has no extraction dates; give censor_date")
        end = max(dates.values())
    elif dates and end > max(dates.values()):
        raise InputError(f"censor_date {end.date()} lies after the registry's extraction date "
                         f"{max(dates.values()).date()}; nothing is known after that")
    return end


def cohort(registry, programme: str | None = "COB", intake_from=None, intake_to=None,
           censor_date=None) -> pd.DataFrame:
    """One row per intake of ``programme`` with intake date in [``intake_from``, ``intake_to``].

    Parameters
    ----------
    registry : Registry
        A loaded registry (:func:`evalkit.registry.load_registry`), or any object with the tables
        ``persons`` and ``intakes`` as DataFrames with parsed dates and ``extraction_dates``.
    programme : str or None
        Intake programme (``None``: all programmes).
    intake_from, intake_to : date-like, optional
        First and last intake date included (inclusive; ``None``: no bound).
    censor_date : date-like, optional
        End of follow-up: the registry's (latest) extraction date by default, or an earlier date.
        Intakes after the censor date are left out.

    Returns
    -------
    DataFrame
        ``intake_id``, ``person_id``, ``programme``, ``intake_date``, ``trajectory`` (assigned at
        intake), ``nt2_level_at_intake``, ``nt2_group`` (0, <1.1, 1.1, 1.2, 2.x+, missing),
        ``sex``, ``household``, ``education``, ``birth_year``, ``age_group``, ``intake_period``,
        ``origin_region``, ``residence_status``, ``censor_date``.

    Examples
    --------
    >>> from evalkit.registry import load_registry
    >>> c = cohort(load_registry("synthetic"), intake_to="2017-12-31")
    >>> len(c), str(c["censor_date"].iloc[0].date())
    (889, '2021-12-31')
    """

    require_tables(registry, {"intakes": ["intake_id", "person_id", "intake_date", "trajectory"],
                             "persons": ["person_id"]})
    dates = _extraction_dates(registry)
    end = _censor_date(censor_date, dates)
    start, stop = _date(intake_from, "intake_from"), _date(intake_to, "intake_to")
    intakes = registry.intakes
    keep = intakes["intake_date"].notna() & (intakes["intake_date"] <= end)
    if programme is not None and "programme" in intakes.columns:
        keep &= intakes["programme"] == programme
    if start is not None:
        keep &= intakes["intake_date"] >= start
    if stop is not None:
        keep &= intakes["intake_date"] <= stop
    frame = intakes[keep].reset_index(drop=True)
    if frame["intake_id"].duplicated().any():
        raise InputError("intake_id is not unique in the intakes table")
    persons = registry.persons.drop_duplicates("person_id")
    where = pd.Index(persons["person_id"]).get_indexer(frame["person_id"])
    found = where >= 0
    columns = {c: frame[c] if c in frame.columns else pd.Series(np.nan, index=frame.index)
               for c in ("intake_id", "person_id", "programme", "intake_date", "trajectory", "nt2_level_at_intake")}
    columns["nt2_group"] = pd.Series(nt2_group(columns["nt2_level_at_intake"]).to_numpy(), index=frame.index)
    for col in ("sex", "household", "education", "birth_year", "origin_region", "residence_status"):
        if col in persons.columns:
            values = persons[col].take(np.maximum(where, 0)).reset_index(drop=True)
            columns[col] = values.where(found) if not found.all() else values
        else:
            columns[col] = pd.Series(np.nan, index=frame.index)
    columns["age_group"] = age_group(frame["intake_date"], columns["birth_year"])
    columns["intake_period"] = pd.Series(intake_period(frame["intake_date"]), index=frame.index)
    columns["censor_date"] = pd.Series(end, index=frame.index)
    order = ["intake_id", "person_id", "programme", "intake_date", "trajectory", "nt2_level_at_intake",
             "nt2_group", "sex", "household", "education", "birth_year", "age_group", "intake_period",
             "origin_region", "residence_status", "censor_date"]
    return pd.DataFrame({c: columns[c] for c in order})


# --------------------------------------------------------------------------- helpers on days
_NS_PER_DAY = 86_400 * 10**9


def _days(later: pd.Series | np.ndarray, earlier: pd.Series | np.ndarray) -> np.ndarray:
    """Whole days from ``earlier`` to ``later`` (datetime64 arrays without missing values; dates
    at midnight, as registry dates are)."""
    a = np.asarray(later, dtype="datetime64[ns]").view(np.int64)
    b = np.asarray(earlier, dtype="datetime64[ns]").view(np.int64)
    return np.floor_divide(a - b, _NS_PER_DAY)


def _contract_kinds() -> dict[str, str]:
    from evalkit.registry.schema import codelist

    cl = codelist("contract")
    return dict(zip(cl["code"].astype(str), cl["circuit"].astype(str)))


def _contract_order() -> dict[str, int]:
    from evalkit.registry.schema import codelist

    return {code: i for i, code in enumerate(codelist("contract")["code"].astype(str))}


def _filled_end_array(episodes: pd.DataFrame, dates: dict[str, pd.Timestamp], fallback: pd.Timestamp) -> np.ndarray:
    """End date of each episode (datetime64[ns]), open ones censored at their source's extraction date."""
    end = episodes["end_date"].to_numpy(dtype="datetime64[ns]").copy()
    open_ = np.isnat(end)
    if "source" in episodes.columns and dates:
        codes, names = pd.factorize(episodes["source"])
        per_source = np.array([np.datetime64(dates.get(str(nm), fallback), "ns") for nm in names] +
                              [np.datetime64(fallback, "ns")], dtype="datetime64[ns]")
        end[open_] = per_source[codes[open_]]  # code -1 (no source) takes the last entry: the fallback
    else:
        end[open_] = np.datetime64(fallback, "ns")
    return end


def _first_per_row(rows: np.ndarray, values: np.ndarray, n: int, tiebreak: np.ndarray | None = None):
    """Smallest value per row (rows 0..n-1), and the position of that element; -1 where none."""
    if len(rows) == 0:
        return np.full(n, np.iinfo(np.int64).max), np.full(n, -1)
    keys = (values,) if tiebreak is None else (tiebreak, values)
    order = np.lexsort(keys + (rows,))
    r = rows[order]
    first = np.r_[True, r[1:] != r[:-1]]
    best = np.full(n, np.iinfo(np.int64).max)
    where = np.full(n, -1)
    best[r[first]] = values[order][first]
    where[r[first]] = order[first]
    return best, where


def _merge_periods(row: np.ndarray, start: np.ndarray, end: np.ndarray, gap: int):
    """Join each row's intervals [start, end] (days) that overlap, touch or are at most ``gap``
    days apart. Returns the periods' row, start and end, sorted by row and start."""
    if len(row) == 0:
        return row, start, end
    order = np.lexsort((start, row))
    row, start, end = row[order], start[order], end[order]
    keyed_end = row * _ROW_STRIDE + _BIAS + end
    running = np.maximum.accumulate(keyed_end) - row * _ROW_STRIDE - _BIAS
    before = np.r_[np.iinfo(np.int64).min // 4, running[:-1]]
    new = np.r_[True, row[1:] != row[:-1]] | (start > before + 1 + gap)
    starts = np.flatnonzero(new)
    return row[starts], start[starts], np.maximum.reduceat(end, starts)


def _durable_days(row, start, end, contract, follow, n, definition: DurableJob) -> np.ndarray:
    """Day (since intake) on which each row first has a durable job; int64 max where never.

    ``start``/``end`` are days since intake of the row's employment spells (end already cut at the
    row's end of follow-up ``follow``)."""
    never = np.iinfo(np.int64).max
    best = np.full(n, never)
    if definition.contracts is not None:
        keep = np.isin(contract, np.asarray(definition.contracts, dtype=object))
        row, start, end, contract = row[keep], start[keep], end[keep], contract[keep]
    if definition.open_ended:
        oe = np.isin(contract, np.asarray(OPEN_ENDED_CONTRACTS, dtype=object))
        day, _ = _first_per_row(row[oe], np.maximum(start[oe], 0), n)
        best = np.minimum(best, day)
    if definition.min_days is not None:
        p_row, p_start, p_end = _merge_periods(row, start, end, definition.max_gap_days)
        reached = p_start + definition.min_days - 1
        ok = p_end >= reached
        day, _ = _first_per_row(p_row[ok], np.maximum(reached[ok], 0), n)
        best = np.minimum(best, day)
    if definition.window_days is not None:
        best = np.minimum(best, _window_days(row, start, end, follow, n, definition))
    return best


def _window_days(row, start, end, follow, n, definition: DurableJob) -> np.ndarray:
    """First day t (since intake) with at least ceil(share * W) employed days in [t - W + 1, t],
    the window lying wholly after the intake and t within follow-up."""
    never = np.iinfo(np.int64).max
    best = np.full(n, never)
    width = int(definition.window_days)
    need = int(np.ceil(float(definition.window_share) * width - 1e-9))
    s = np.maximum(start, 0)
    keep = s <= end
    p_row, a, b = _merge_periods(row[keep], s[keep], end[keep], 0)  # union of employed days
    if len(p_row) == 0:
        return best
    length = b - a + 1
    cum = np.cumsum(length)
    first_of_row = np.r_[True, p_row[1:] != p_row[:-1]]
    row_offset = np.maximum.accumulate(np.where(first_of_row, cum - length, 0))
    before = cum - length - row_offset            # employed days of the row before each period
    period_key = p_row * _ROW_STRIDE + _BIAS + a

    def employed_upto(r, t):
        """Employed days of row r on days <= t."""
        idx = np.searchsorted(period_key, r * _ROW_STRIDE + _BIAS + t, side="right") - 1
        safe = np.maximum(idx, 0)
        mine = (idx >= 0) & (p_row[safe] == r)
        return np.where(mine, before[safe] + np.clip(t - a[safe] + 1, 0, length[safe]), 0)

    def in_window(r, t):
        return employed_upto(r, t) - employed_upto(r, t - width)

    t0 = width - 1
    rows_with = np.unique(p_row)
    ok0 = (follow[rows_with] >= t0) & (in_window(rows_with, np.full(len(rows_with), t0)) >= need)
    best[rows_with[ok0]] = t0
    # Within a period the count can only grow (each day adds one, the day leaving the window at
    # most takes one), so the first qualifying day is found by bisection in the first period
    # whose last day qualifies.
    lo, hi = np.maximum(a, t0), b
    cand = (lo <= hi) & (in_window(p_row, hi) >= need)
    r, lo, hi = p_row[cand], lo[cand], hi[cand]
    while np.any(lo < hi):
        mid = (lo + hi) // 2
        ok = in_window(r, mid) >= need
        hi = np.where(ok, mid, hi)
        lo = np.where(ok, lo, mid + 1)
    day, _ = _first_per_row(r, lo, n)
    return np.minimum(best, day)


# --------------------------------------------------------------------------- first jobs
def _first_jobs_arguments(cohort: pd.DataFrame, durable: str | DurableJob, follow_up: str) -> DurableJob:
    """Check the arguments of :func:`first_jobs` (either engine); the durable-job definition."""
    definition = durable_definition(durable)
    if follow_up not in _FOLLOW_UP:
        raise InputError(f"follow_up must be one of {_FOLLOW_UP}, got {follow_up!r}")
    for col in ("intake_id", "person_id", "intake_date", "censor_date"):
        if col not in cohort.columns:
            raise InputError(f"cohort lacks column '{col}'; make it with evalkit.outcomes.cohort()")
    return definition


def first_jobs(registry, cohort: pd.DataFrame, durable: str | DurableJob = SPELL_365,
               follow_up: str = "registered") -> pd.DataFrame:
    """Time from intake to the first job of each kind and to the first durable job, per intake.

    See the module docstring for how episodes are read (open spells, spells begun before the
    intake, overlapping spells, end of follow-up).

    Parameters
    ----------
    registry : Registry
        With the table ``episodes`` and ``extraction_dates``.
    cohort : DataFrame
        From :func:`cohort` (needs ``intake_id``, ``person_id``, ``intake_date``, ``censor_date``).
    durable : str or DurableJob
        Definition of a durable job (a name from :data:`DURABLE_DEFINITIONS` or a DurableJob).
    follow_up : {"registered", "censor_date"}
        Whether follow-up also ends when the person's registrations end (see the module docstring).

    Returns
    -------
    DataFrame
        The cohort's columns, plus ``follow_up_end`` (date), ``follow_up_days``,
        ``left_registers`` (follow-up ended before the censor date because registrations ended),
        ``employed_at_intake``; for each endpoint in :data:`ENDPOINTS` (``any_job``, ``nec``,
        ``art60``, ``interim``, ``sec``, ``durable``) ``days_to_<endpoint>`` (days to the event, or
        to the end of follow-up) and ``<endpoint>`` (1 event, 0 censored); ``first_job_kind`` (the
        kind of the first job, one of :data:`JOB_KINDS`; missing when censored) and
        ``first_job_cause`` (0 censored, otherwise 1 + the kind's position in :data:`JOB_KINDS`).
        ``attrs["durable"]`` holds the name of the durable-job definition.

    Examples
    --------
    >>> from evalkit.registry import load_registry
    >>> registry = load_registry("synthetic")
    >>> jobs = first_jobs(registry, cohort(registry))
    >>> jobs[["days_to_any_job", "any_job", "first_job_kind"]].head(3)
       days_to_any_job  any_job first_job_kind
    0              951        1        interim
    1              222        1          art60
    2             1198        1          art60
    """
    definition = _first_jobs_arguments(cohort, durable, follow_up)
    require_tables(registry, {"episodes": ["person_id", "kind", "start_date", "end_date", "contract"]})
    dates = _extraction_dates(registry)
    n = len(cohort)
    censor = pd.to_datetime(cohort["censor_date"]).to_numpy(dtype="datetime64[ns]")
    intake = pd.to_datetime(cohort["intake_date"]).to_numpy(dtype="datetime64[ns]")
    latest = pd.Timestamp(censor.max()) if n else pd.Timestamp.max.normalize()
    fallback = max(dates.values()) if dates else latest

    # whole columns as arrays: filtering the full table would copy every column
    ep = registry.episodes
    kind = ep["kind"].to_numpy(dtype=object)
    start_all = ep["start_date"].to_numpy(dtype="datetime64[ns]")
    end_all = _filled_end_array(ep, dates, fallback)
    dated = ~np.isnat(start_all)
    is_job = dated & (kind == "employment")
    source = ep["source"].to_numpy(dtype=object) if "source" in ep.columns else np.full(len(ep), None)
    job_sources = pd.unique(source[is_job & pd.notna(source)])
    source_end = min((dates[s] for s in job_sources if s in dates), default=None)
    end = censor if source_end is None else np.minimum(censor, np.datetime64(source_end, "ns"))

    persons_index = pd.Index(cohort["person_id"].unique())
    who = persons_index.get_indexer(ep["person_id"])      # episode -> cohort person (-1: not in it)
    person_of_row = persons_index.get_indexer(cohort["person_id"])
    registered_end = None
    if follow_up == "registered":
        mine = dated & np.isin(kind, _REGISTRATION_KINDS) & (who >= 0)
        last = np.full(len(persons_index), np.iinfo(np.int64).min)
        np.maximum.at(last, who[mine], end_all[mine].view(np.int64))
        last_end = last[person_of_row].view("datetime64[ns]")
        # no registration at all, or none after the intake: followed for 0 days
        last_end = np.where(np.isnat(last_end) | (last_end < intake), intake, last_end)
        registered_end = last_end
        end = np.minimum(end, last_end)
    end = np.maximum(end, intake)
    follow = _days(end, intake)

    # every (intake, job spell) pair of the same person, in days since intake
    jobs = np.flatnonzero(is_job & (who >= 0))
    if len(person_of_row) == len(persons_index):  # one intake per person: a direct lookup
        row_of_person = np.empty(len(persons_index), dtype=np.int64)
        row_of_person[person_of_row] = np.arange(n)
        row, job = row_of_person[who[jobs]], jobs
    else:  # a person with several intakes: pair each intake with each of the person's jobs
        pairs = pd.DataFrame({"_person": person_of_row, "_row": np.arange(n)}).merge(
            pd.DataFrame({"_person": who[jobs], "_job": jobs}), on="_person")
        row, job = pairs["_row"].to_numpy(), pairs["_job"].to_numpy()
    start_day = _days(start_all[job], intake[row])
    end_day = _days(end_all[job], intake[row])
    contract = ep["contract"].to_numpy(dtype=object)[job]
    relevant = (end_day >= 0) & (start_day <= follow[row])
    row, start_day, end_day, contract = row[relevant], start_day[relevant], end_day[relevant], contract[relevant]
    end_day = np.minimum(end_day, follow[row])

    kinds = pd.Series(contract).map(_contract_kinds()).fillna("unknown").to_numpy(dtype=object)
    order = pd.Series(contract).map(_contract_order()).fillna(len(_contract_order())).to_numpy(dtype=np.int64)
    first_day = np.maximum(start_day, 0)

    new = {"follow_up_end": end, "follow_up_days": follow,
           "left_registers": (registered_end < censor) if registered_end is not None else np.zeros(n, dtype=bool),
           "employed_at_intake": np.isin(np.arange(n), row[start_day < 0])}
    never = np.iinfo(np.int64).max

    def put(name: str, day: np.ndarray) -> None:
        event = day != never
        new[f"days_to_{name}"] = np.where(event, day, follow).astype(np.int64)
        new[name] = event.astype(np.int64)

    day_any, where = _first_per_row(row, first_day, n, tiebreak=order)
    put("any_job", day_any)
    for endpoint in ("nec", "art60", "interim", "sec"):
        sel = kinds == endpoint
        put(endpoint, _first_per_row(row[sel], first_day[sel], n)[0])
    put("durable", _durable_days(row, start_day, end_day, contract, follow, n, definition))
    has_first = (where >= 0) & (new["any_job"] == 1)
    first_kind = pd.Series(kinds[np.maximum(where, 0)] if len(kinds) else np.full(n, np.nan), dtype=object)
    first_kind = first_kind.where(has_first)
    new["first_job_kind"] = first_kind.to_numpy(dtype=object)
    code_of = {k: i + 1 for i, k in enumerate(JOB_KINDS)}
    new["first_job_cause"] = first_kind.map(code_of).fillna(0).to_numpy(dtype=np.int64)
    out = pd.concat([cohort.reset_index(drop=True), pd.DataFrame(new)], axis=1)
    out.index = cohort.index
    out.attrs["durable"] = definition.name
    return out


def competing_causes(kinds: pd.Series, groups: Mapping[str, int] = ART60_NEC_OTHER) -> pd.Series:
    """Cause codes for a competing-risks analysis from the kind of the first job.

    Parameters
    ----------
    kinds : Series
        ``first_job_kind`` from :func:`first_jobs` (missing = censored).
    groups : mapping
        Kind -> cause code (a positive integer); by default art. 60 = 1, regular (NEC) = 2,
        every other kind = 3.

    Returns
    -------
    Series of int
        0 where ``kinds`` is missing (censored), otherwise the kind's cause code.

    Examples
    --------
    >>> competing_causes(pd.Series(["nec", None, "interim", "art60"])).tolist()
    [2, 0, 3, 1]
    """
    unknown = sorted(set(kinds.dropna().unique()) - set(groups))
    if unknown:
        raise InputError(f"kinds {unknown} have no cause code in groups {dict(groups)}")
    if any(int(v) < 1 for v in groups.values()):
        raise InputError("cause codes must be positive integers (0 marks censoring)")
    return kinds.map(groups).fillna(0).astype(np.int64)


# --------------------------------------------------------------------------- status snapshots
def snapshot_intervals(registry, cohort: pd.DataFrame, months: Sequence[int] | None = None,
                       source: str = "VDAB", work_codes: Mapping[int, int] | None = None) -> pd.DataFrame:
    """When the first job began, as far as status snapshots alone can tell.

    For each intake the snapshots of ``source`` from the intake date up to the censor date (and the
    source's extraction date) are read in order; a status that means work (code list
    ``vdab_status``, column ``work``) is a job. The first job then began in (``left``, ``right``]
    days after the intake: ``right`` is the first snapshot with work, ``left`` the last one before
    it without work (0, the intake itself, when there is none). Without any work status the
    follow-up is right-censored at the last snapshot: ``right`` is infinite. Jobs that start and
    end between two snapshots are not seen at all; that is the price of snapshot-only data.

    Parameters
    ----------
    registry : Registry
        With the table ``status_snapshots``.
    cohort : DataFrame
        From :func:`cohort`.
    months : sequence of int, optional
        Use only snapshots taken in these calendar months (e.g. ``(12,)`` for a yearly extract at
        the end of December, ``(6, 12)`` for half-yearly); default every snapshot.
    source : str
        Source of the snapshots.
    work_codes : mapping, optional
        Status code -> 1 (work) / 0; default the code list ``vdab_status``.

    Returns
    -------
    DataFrame
        The cohort's columns plus ``left``, ``right`` (float days; ``inf`` when right-censored) and
        ``n_snapshots`` (snapshots used).

    Examples
    --------
    >>> from evalkit.registry import load_registry
    >>> registry = load_registry("synthetic")
    >>> yearly = snapshot_intervals(registry, cohort(registry), months=[12])
    >>> yearly[["left", "right", "n_snapshots"]].head(3)
         left   right  n_snapshots
    0   929.0  1295.0            5
    1   213.0   578.0            4
    2  1149.0  1514.0            5
    """
    require_tables(registry, {"status_snapshots": ["person_id", "snapshot_date", "status_code"]})
    if months is not None:
        months = [int(m) for m in months]
        if not months or any(m < 1 or m > 12 for m in months):
            raise InputError(f"months must be calendar months 1..12, got {months!r}")
    codes = _codelist_work_codes() if work_codes is None else {int(k): int(v) for k, v in work_codes.items()}
    dates = _extraction_dates(registry)
    n = len(cohort)
    intake = pd.to_datetime(cohort["intake_date"]).to_numpy(dtype="datetime64[ns]")
    end = pd.to_datetime(cohort["censor_date"]).to_numpy(dtype="datetime64[ns]")
    if source in dates:
        end = np.minimum(end, np.datetime64(dates[source], "ns"))
    snaps = registry.status_snapshots
    date = snaps["snapshot_date"].to_numpy(dtype="datetime64[ns]")
    code = pd.to_numeric(snaps["status_code"], errors="coerce").to_numpy(dtype=float)
    usable = ~np.isnat(date) & ~np.isnan(code)
    if "source" in snaps.columns:
        usable &= snaps["source"].to_numpy(dtype=object) == source
    if months is not None:
        usable &= np.isin(date.astype("datetime64[M]").astype(np.int64) % 12 + 1, months)
    persons_index = pd.Index(cohort["person_id"].unique())
    who = persons_index.get_indexer(snaps["person_id"])
    person_of_row = persons_index.get_indexer(cohort["person_id"])
    snap = np.flatnonzero(usable & (who >= 0))
    if len(person_of_row) == len(persons_index):
        row_of_person = np.empty(len(persons_index), dtype=np.int64)
        row_of_person[person_of_row] = np.arange(n)
        row = row_of_person[who[snap]]
    else:
        pairs = pd.DataFrame({"_person": person_of_row, "_row": np.arange(n)}).merge(
            pd.DataFrame({"_person": who[snap], "_snap": snap}), on="_person")
        row, snap = pairs["_row"].to_numpy(), pairs["_snap"].to_numpy()
    date = date[snap]
    keep = (date >= intake[row]) & (date <= end[row])
    row, snap = row[keep], snap[keep]
    day = _days(date[keep], intake[row])
    status = code[snap].astype(np.int64)
    known = np.array(sorted(codes), dtype=np.int64)
    position = np.clip(np.searchsorted(known, status), 0, max(len(known) - 1, 0))
    work = (known[position] == status) & np.array([codes[k] == 1 for k in known], dtype=bool)[position] \
        if len(known) else np.zeros(len(status), dtype=bool)
    never = np.iinfo(np.int64).max
    first_work, _ = _first_per_row(row[work], day[work], n)
    before = day < first_work[row]
    last_without = np.full(n, -1)
    np.maximum.at(last_without, row[before & ~work], day[before & ~work])
    counts = np.bincount(row, minlength=n)
    new = pd.DataFrame({"left": np.maximum(last_without, 0).astype(float),
                        "right": np.where(first_work == never, np.inf, first_work).astype(float),
                        "n_snapshots": counts})
    out = pd.concat([cohort.reset_index(drop=True), new], axis=1)
    out.index = cohort.index
    return out
