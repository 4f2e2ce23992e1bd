"""The estimations of the art. 60 study: use of art. 60, what follows it, durable employment, the
differences between groups and the published TWE table.

- **Use of art. 60**: :func:`art60_start`, the time from intake to the first art. 60 (leaving the
  registers competing).
- **After art. 60** (:mod:`evalkit.stats.transitions`): :func:`follow` reads what happened after the
  end of each (first) art. 60 spell; :func:`occupation` gives the probability of being in each
  state months later, :func:`regular_job_incidence` the time to a regular job.
- **Durable employment** under several definitions (:class:`evalkit.outcomes.DurableJob`):
  :func:`durable_indicators`.
- **Differences** by trajectory, employer type, profile and Dutch level improvement during the spell
  (:func:`nt2_improvement`): :func:`differences`.
- **The published TWE table** reproduced: :func:`twe_result`.

Time is shown in months (days / 30.4375). The functions return tidy row-level or summary frames;
the tables, figures and sentences of the report are made from them elsewhere in the package. When
the cohort has no art. 60 spells (or none has ended yet) the parts that need them return an
:class:`~evalkit.publish.degrade.Unavailable`, which the report shows as a notice in that section.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Sequence

import numpy as np
import pandas as pd

from evalkit import outcomes
from evalkit.errors import InputError, NotEstimable
from evalkit.publish.degrade import degrades
from evalkit.registry.schema import codelist
from evalkit.stats import survival
from evalkit.stats import transitions as tr
from evalkit.studies.art60.categories import _UNKNOWN, _merged_order, _with_unknown, merge_small

DAYS_PER_MONTH = 365.25 / 12
#: Profile covariates (as in the other studies); with the trajectory they adjust the landmark comparison.
PROFILE_COVARIATES = ("sex", "household", "age_group", "education", "nt2_group", "intake_period")
#: Variables by which post-art. 60 outcomes are compared.
DIFFERENCE_VARIABLES = ("trajectory", "employer_type", "sex", "household", "age_group", "education", "nt2_group",
                        "nt2_improved")
#: Contracts of regular (NEC) work, temporary agency work included: the circuits in ``transitions.REGULAR_WORK``.
REGULAR_CONTRACTS = ("nec_open_ended", "nec_fixed_term", "interim")
#: Months after the end of art. 60 at which state occupation is reported.
OCCUPATION_MONTHS = (3, 6, 12, 24)
#: Next-state groups of the differences table: the small groups together as ``overig``.
DIFFERENCE_GROUPS = {state: (group if group in ("regulier_werk", "werkloosheidsuitkering", "leefloon") else "overig")
                     for state, group in tr.STATE_GROUPS.items()}
_DIFFERENCE_ORDER = ("regulier_werk", "werkloosheidsuitkering", "leefloon", "overig")
#: Categories of the published TWE result table (Tabel 9), in its order.
TWE_RESULTS = ("geen_werk", "nec", "nec_in_se_bedrijf", "sec")


def months(days) -> np.ndarray:
    """Days as months (30.4375 days each).

    Examples
    --------
    >>> months([365.25, 730.5]).tolist()
    [12.0, 24.0]
    """
    return np.asarray(days, dtype=float) / DAYS_PER_MONTH


def _days(months_) -> np.ndarray:
    return np.asarray(months_, dtype=float) * DAYS_PER_MONTH


def _at(curve: pd.DataFrame, t: float, column: str) -> float:
    """Value of a step curve (sorted by time) at time t (0 before the first time)."""
    before = curve[curve["time"] <= t + 1e-9]
    return float(before[column].iloc[-1]) if len(before) else 0.0


def _require_jobs(jobs: pd.DataFrame, needed: Sequence[str]) -> None:
    """Raise an InputError naming the columns of ``needed`` that ``jobs`` lacks."""
    missing = [c for c in needed if c not in jobs.columns]
    if missing:
        raise InputError(f"jobs lacks column(s) {missing}; make it with evalkit.outcomes.first_jobs()")


def _require_followed(after: AfterArt60) -> None:
    """NotEstimable when no art. 60 spell could be followed after its end: none started, or none ended yet."""
    if len(after.spells) == 0:
        raise NotEstimable("the cohort has no art. 60 spells", "no_art60")
    if len(after.followed) == 0:
        raise NotEstimable(f"none of the {len(after.spells)} art. 60 spells ended before the end of follow-up",
                           "no_art60_ended")


@degrades
def art60_start(jobs: pd.DataFrame) -> pd.DataFrame:
    """Time from intake to the first art. 60 job, per intake, as competing risks.

    Parameters
    ----------
    jobs : DataFrame
        From :func:`evalkit.outcomes.first_jobs` (``days_to_art60``, ``art60``, ``left_registers``,
        ``trajectory``).

    Returns
    -------
    DataFrame
        ``intake_id``, ``trajectory``, ``days``, ``months``, ``cause`` (1 = an art. 60 started,
        2 = left the registers without one, 0 = censored). Not estimable when nobody started one.

    Examples
    --------
    >>> import pandas as pd
    >>> jobs = pd.DataFrame({"intake_id": ["I1", "I2", "I3"], "trajectory": ["lineair"] * 3,
    ...                      "days_to_art60": [400, 900, 300], "art60": [1, 0, 0],
    ...                      "left_registers": [False, False, True]})
    >>> art60_start(jobs)["cause"].tolist()
    [1, 0, 2]
    """
    _require_jobs(jobs, ["intake_id", "trajectory", "days_to_art60", "art60", "left_registers"])
    if not (jobs["art60"] == 1).any():
        raise NotEstimable(f"none of the {len(jobs)} intakes started an art. 60", "no_art60")
    cause = np.where(jobs["art60"] == 1, 1, np.where(jobs["left_registers"].astype(bool), 2, 0))
    return pd.DataFrame({"intake_id": jobs["intake_id"].to_numpy(), "trajectory": jobs["trajectory"].to_numpy(),
                         "days": jobs["days_to_art60"].to_numpy(), "months": months(jobs["days_to_art60"]),
                         "cause": cause.astype(np.int64)})


@dataclass(frozen=True)
class AfterArt60:
    """What happened after the end of each followed art. 60 spell (row-level; never shown as such).

    ``all_spells`` (every art. 60 spell of the cohort, for the employer table), ``spells`` (the
    spells studied: the first of each intake, or all), ``followed`` (those that ended and are followed,
    with their attributes), ``next`` (first state after the end), ``sequences`` (sojourns in the
    main states, grouped into :data:`evalkit.stats.transitions.STATE_GROUPS` in ``group``),
    ``regular`` (time to a first regular job), ``max_gap_days``.
    """

    all_spells: pd.DataFrame
    spells: pd.DataFrame
    followed: pd.DataFrame
    next: pd.DataFrame
    sequences: pd.DataFrame
    regular: pd.DataFrame
    max_gap_days: int


def nt2_improvement(registry, spells: pd.DataFrame) -> pd.Series:
    """Whether the Dutch level rose during each art. 60 spell ("profielverhoging").

    ``ja`` when a milestone ``nt2_niveau`` dated within the spell records a level above the best
    level known at its start (the level at intake and earlier milestones); ``nee`` when no such
    milestone exists and a level is known at the start; ``onbekend`` when no level is known at the
    start. When the registry holds no ``nt2_niveau`` milestones at all, every spell is ``onbekend``.

    Examples
    --------
    >>> import types, pandas as pd
    >>> reg = types.SimpleNamespace(milestones=pd.DataFrame({
    ...     "person_id": ["P1", "P2"], "milestone": ["nt2_niveau"] * 2,
    ...     "date": pd.to_datetime(["2019-03-01", "2018-01-10"]), "value": ["1.2", "1.1"]}))
    >>> spells = pd.DataFrame({"person_id": ["P1", "P2", "P3"], "nt2_level_at_intake": ["1.1", "0", None],
    ...                        "spell_start": pd.to_datetime(["2019-01-01"] * 3),
    ...                        "spell_end": pd.to_datetime(["2019-12-31", "2019-12-31", None]),
    ...                        "censor_date": pd.to_datetime(["2021-12-31"] * 3)})
    >>> nt2_improvement(reg, spells).tolist()
    ['ja', 'nee', 'onbekend']
    """
    for col in ("person_id", "nt2_level_at_intake", "spell_start", "spell_end", "censor_date"):
        if col not in spells.columns:
            raise InputError(f"spells lacks column '{col}'")
    rank = {code: i for i, code in enumerate(codelist("nt2_level")["code"].astype(str))}
    miles = getattr(registry, "milestones", None)
    if miles is None or miles.empty or not (miles["milestone"] == "nt2_niveau").any():
        return pd.Series(_UNKNOWN, index=spells.index, name="nt2_improved")
    m = miles[miles["milestone"] == "nt2_niveau"]
    m = pd.DataFrame({"person_id": m["person_id"].to_numpy(), "m_date": pd.to_datetime(m["date"]).to_numpy(),
                      "m_rank": m["value"].astype(str).map(rank).to_numpy(dtype=float)})
    s = pd.DataFrame({"_row": np.arange(len(spells)), "person_id": spells["person_id"].to_numpy(),
                      "start": spells["spell_start"].to_numpy(),
                      "end": spells["spell_end"].fillna(spells["censor_date"]).to_numpy(),
                      "base": spells["nt2_level_at_intake"].astype(object).map(rank).to_numpy(dtype=float)})
    pairs = s.merge(m, on="person_id")
    before = pairs[pairs["m_date"] < pairs["start"]].groupby("_row")["m_rank"].max()
    known = np.fmax(s["base"].to_numpy(), before.reindex(s["_row"]).to_numpy())
    during = pairs[(pairs["m_date"] >= pairs["start"]) & (pairs["m_date"] <= pairs["end"])]
    best_during = during.groupby("_row")["m_rank"].max().reindex(s["_row"]).to_numpy()
    improved = np.isfinite(best_during) & (~np.isfinite(known) | (best_during > np.nan_to_num(known, nan=-1)))
    out = np.where(improved, "ja", np.where(np.isfinite(known), "nee", _UNKNOWN))
    return pd.Series(out, index=spells.index, name="nt2_improved", dtype=object)


def follow(registry, cohort: pd.DataFrame, which: str = "first", max_gap_days: int = 31) -> AfterArt60:
    """Find the art. 60 spells of a cohort and read what followed each one.

    Parameters
    ----------
    registry : Registry
        With ``episodes``, ``milestones`` and ``extraction_dates``.
    cohort : DataFrame
        From :func:`evalkit.outcomes.cohort`.
    which : {"first", "all"}
        Follow the first art. 60 spell of each intake, or every one.
    max_gap_days : int
        Gap rule of :mod:`evalkit.stats.transitions`.

    Examples
    --------
    >>> from evalkit.registry import load_registry
    >>> registry = load_registry("synthetic")
    >>> after = follow(registry, outcomes.cohort(registry))
    >>> len(after.followed) > 500
    True
    """
    dates = getattr(registry, "extraction_dates", None)
    all_spells = tr.art60_spells(registry.episodes, cohort, which="all", extraction_dates=dates)
    spells = all_spells if which == "all" else tr.art60_spells(registry.episodes, cohort, which=which,
                                                                extraction_dates=dates)
    spells["nt2_improved"] = nt2_improvement(registry, spells).to_numpy()
    for col in ("sex", "household", "age_group", "education", "nt2_group", "employer_type"):
        if col in spells.columns:
            spells[col] = _with_unknown(spells[col])
    followed = spells[spells["ended"]].reset_index(drop=True)
    attrs = followed.drop(columns=[c for c in ("censor_date",) if c in followed.columns])
    nxt = tr.next_states(registry.episodes, followed, max_gap_days=max_gap_days)
    nxt = nxt.merge(attrs, on="spell_id", how="left")
    nxt["next_group"] = nxt["next_state"].map(tr.STATE_GROUPS)
    seq = tr.state_sequences(registry.episodes, followed, max_gap_days=max_gap_days)
    seq["group"] = seq["state"].map(tr.STATE_GROUPS)
    seq = seq.merge(attrs[["spell_id"] + [c for c in DIFFERENCE_VARIABLES if c in attrs.columns]],
                    on="spell_id", how="left")
    regular = tr.first_entry(seq).merge(attrs, on="spell_id", how="left")
    regular["months"] = months(regular["days"])
    # Followed: ended, with at least one day observed after the end - the spells of the next-state
    # table. A spell followed only a few days with nothing registered has no sojourn once the gap
    # rule has filled it in, but it was followed (its next state is not yet decided).
    followed = followed[followed["spell_id"].isin(nxt["spell_id"])].reset_index(drop=True)
    return AfterArt60(all_spells, spells, followed, nxt, seq, regular, int(max_gap_days))


@degrades
def occupation(after: AfterArt60, times_months: Sequence[float] | None = None, by: str | None = None,
               n_boot: int = 0, seed: int = 1, min_cell_size: int = 10) -> pd.DataFrame:
    """Probability of being in each state group ``t`` months after the end of art. 60
    (Aalen-Johansen, :func:`evalkit.stats.transitions.state_occupation`), with ``months`` added.

    ``times_months=None`` gives the whole curve (every transition time). With ``by``, categories
    with fewer than ``min_cell_size`` spells are merged first (:func:`merge_small`, as in
    :func:`differences`), so that figures and tables show the same groups.

    Examples
    --------
    >>> from evalkit.studies.art60 import examples
    >>> registry, cohort, jobs, after = examples.bundled()
    >>> occ = occupation(after, [12])
    >>> occ[["months", "state", "probability"]].round(3).head(2)
       months          state  probability
    0    12.0  regulier_werk        0.337
    1    12.0      art60_sec        0.097
    """
    _require_followed(after)
    times = None if times_months is None else _days(times_months)
    seq = after.sequences
    if by is not None:
        recode = merge_small(after.next[by], min_cell_size)
        seq = seq.assign(**{by: seq["spell_id"].map(dict(zip(after.next["spell_id"], recode)))})
    occ = tr.state_occupation(seq, id="spell_id", state="group", times=times, by=by,
                              states=[g for g in tr.GROUPS if g in set(after.sequences["group"])],
                              n_boot=n_boot, seed=seed)
    occ["months"] = months(occ["time"])
    return occ


@degrades
def regular_job_incidence(after: AfterArt60, by: str | None = None) -> pd.DataFrame:
    """Cumulative incidence of a first regular job (NEC or interim) after the end of art. 60, in
    months, with leaving the registers as competing event (not estimable before anyone had either).

    Examples
    --------
    >>> from evalkit.studies.art60 import examples
    >>> registry, cohort, jobs, after = examples.bundled()
    >>> cif = regular_job_incidence(after)
    >>> round(float(cif[(cif["cause"] == 1) & (cif["time"] <= 12)]["cif"].iloc[-1]), 3)
    0.453
    """
    _require_followed(after)
    data = after.regular
    if not (data["event"] > 0).any():
        raise NotEstimable(f"none of the {len(data)} followed spells is followed by a regular job or by leaving "
                           "the registers", "too_few_events", n=0, min_n=1)
    return survival.cumulative_incidence(data, "months", "event", by=by)


def regular_definition(definition: str | outcomes.DurableJob) -> outcomes.DurableJob:
    """The same definition of a durable job, counting only regular (NEC and interim) contracts.

    Examples
    --------
    >>> regular_definition("spell_365").contracts
    ('nec_open_ended', 'nec_fixed_term', 'interim')
    """
    d = outcomes.durable_definition(definition)
    return replace(d, name=f"{d.name}_regular", contracts=REGULAR_CONTRACTS)


def _durable_cif(jobs: pd.DataFrame, times_days: Sequence[float], min_cell_size: int) -> list[dict]:
    data = pd.DataFrame({"days": jobs["days_to_durable"].to_numpy(),
                         "event": np.where(jobs["durable"] == 1, 1,
                                           np.where(jobs["left_registers"].astype(bool), 2, 0))})
    if not (data["event"] == 1).any():
        return [{"time": t, "cif": 0.0, "ci_lower": np.nan, "ci_upper": np.nan, "n_events": 0,
                 "n_at_risk": int((data["days"] >= t).sum())} for t in times_days]
    cif = survival.cumulative_incidence(data, "days", "event")
    part = cif[cif["cause"] == 1]
    return [{"time": t, "cif": _at(part, t, "cif"), "ci_lower": _at(part, t, "ci_lower"),
             "ci_upper": _at(part, t, "ci_upper"), "n_events": int(((data["event"] == 1) & (data["days"] <= t)).sum()),
             "n_at_risk": int((data["days"] >= t).sum())} for t in times_days]


@degrades
def durable_indicators(registry, cohort: pd.DataFrame, after: AfterArt60,
                       definitions: Sequence[str | outcomes.DurableJob] = ("spell_365", "open_ended", "share_80_12m"),
                       months_since_intake: Sequence[float] = (24, 36),
                       months_after_art60: Sequence[float] = (12, 24)) -> pd.DataFrame:
    """Durable employment under each definition, side by side (cumulative incidence, leaving the
    registers competing):

    - ``since_intake_any``: a durable job of any kind (art. 60 included) since intake;
    - ``since_intake_regular``: a durable regular job (NEC, interim) since intake;
    - ``after_art60_regular``: a durable regular job after the end of the first art. 60.

    Returns
    -------
    DataFrame
        ``population``, ``definition``, ``months``, ``cif``, ``ci_lower``, ``ci_upper``, ``n_events``
        (durable jobs by then), ``n_at_risk`` (still followed then), ``n`` (persons or spells).

    Examples
    --------
    >>> from evalkit.studies.art60 import examples
    >>> registry, cohort, jobs, after = examples.bundled()
    >>> ind = durable_indicators(registry, cohort, after, ["spell_365"], (24,), (12,))
    >>> ind[["population", "months", "cif"]].round(3)
                 population  months    cif
    0      since_intake_any      24  0.280
    1  since_intake_regular      24  0.129
    2   after_art60_regular      12  0.270
    """
    rows = []
    pseudo = pd.DataFrame({
        "intake_id": after.followed["spell_id"].astype(str).to_numpy(),
        "person_id": after.followed["person_id"].to_numpy(),
        "intake_date": (after.followed["spell_end"] + pd.Timedelta(days=1)).to_numpy(),
        "censor_date": after.followed["censor_date"].to_numpy()})
    for definition in definitions:
        d = outcomes.durable_definition(definition)
        regular = regular_definition(d)
        plans = (("since_intake_any", cohort, d, months_since_intake),
                 ("since_intake_regular", cohort, regular, months_since_intake),
                 ("after_art60_regular", pseudo, regular, months_after_art60))
        for population, frame, rule, times in plans:
            if len(frame) == 0:
                continue
            jobs = outcomes.first_jobs(registry, frame, durable=rule)
            for m, r in zip(times, _durable_cif(jobs, _days(times), 0)):
                rows.append({"population": population, "definition": d.name, "months": m, "n": len(frame), **r})
    return pd.DataFrame(rows).drop(columns="time")


@degrades
def differences(after: AfterArt60, variables: Sequence[str] = DIFFERENCE_VARIABLES, at_months: float = 12,
                min_cell_size: int = 10) -> pd.DataFrame:
    """Post-art. 60 outcomes per category of each variable.

    Per category: the number of followed spells, the number and share of each next state (grouped
    as :data:`DIFFERENCE_GROUPS`, by the day the gap rule decides), the probability of being in
    regular work ``at_months`` after the end
    (Aalen-Johansen), the share with a regular job within ``at_months`` (cumulative incidence), and
    Gray's test across categories for a regular job as next state. Categories with fewer than
    ``min_cell_size`` spells are merged first (:func:`merge_small`); a variable left with one
    category is skipped, and when every one is, there is nothing to compare (not estimable).

    Returns
    -------
    DataFrame
        ``variable``, ``category``, ``codes`` (the original categories merged into it, ``|``-joined),
        ``n``, ``n_<group>`` and ``pct_<group>`` for each next-state
        group, ``regular_work_at``, ``n_regular_work_at`` (observed persons in regular work then),
        ``regular_job_within``, ``n_regular_job_within``, ``p_value_next_regular`` (same value on
        every row of a variable), ``n_followed_at`` (still followed at ``at_months``).

    Examples
    --------
    >>> from evalkit.studies.art60 import examples
    >>> registry, cohort, jobs, after = examples.bundled()
    >>> diff = differences(after, ["employer_type"])
    >>> diff[["category", "n", "pct_regulier_werk"]].round(1)
             category    n  pct_regulier_werk
    0          public  439               42.1
    1   social_profit  224               42.0
    2  social_economy  221               27.1
    3         private   53               58.5
    """
    _require_followed(after)
    decided = after.max_gap_days + 1
    states = list(_DIFFERENCE_ORDER)
    t = float(_days([at_months])[0])
    out = []
    for variable in variables:
        if variable not in after.next.columns:
            continue
        recode = merge_small(after.next[variable], min_cell_size)
        mapping = dict(zip(after.next["spell_id"], recode))
        nx = after.next.assign(_v=recode.to_numpy())
        if nx["_v"].nunique() < 2:
            continue
        ci = tr.next_state_incidence(nx, by="_v", groups=DIFFERENCE_GROUPS)
        gray = pd.DataFrame(ci.attrs.get("gray_test", []))
        p_regular = float(gray.loc[gray["cause"] == "regulier_werk", "p_value"].iloc[0]) \
            if len(gray) and (gray["cause"] == "regulier_werk").any() else np.nan
        occ = tr.state_occupation(after.sequences.assign(_v=after.sequences["spell_id"].map(mapping)),
                                  id="spell_id", state="group", times=[t], by="_v",
                                  states=[g for g in tr.GROUPS if g in set(after.sequences["group"])])
        regular = after.regular.assign(_v=after.regular["spell_id"].map(mapping))
        reg = survival.cumulative_incidence(regular, "days", "event", by="_v")
        for cat in _merged_order(variable, nx["_v"].unique()):
            part = nx[nx["_v"] == cat]
            original = after.next.loc[(recode == cat).to_numpy(), variable]
            row = {"variable": variable, "category": cat, "n": len(part),
                   "codes": "|".join(sorted(set(original.astype(str))))}
            for s in states:
                row[f"n_{s}"] = int((part["next_state"].map(DIFFERENCE_GROUPS) == s).sum())
                curve = ci[(ci["group"] == cat) & (ci["state"] == s)]
                row[f"pct_{s}"] = 100 * _at(curve, decided, "cif") if len(curve) else 0.0
            o = occ[(occ["group"] == cat) & (occ["state"] == "regulier_werk")]
            row["regular_work_at"] = 100 * float(o["probability"].iloc[0]) if len(o) else np.nan
            row["n_regular_work_at"] = int(o["n_in_state"].iloc[0]) if len(o) else 0
            row["n_followed_at"] = int(o["n_under_observation"].iloc[0]) if len(o) else 0
            rc = reg[(reg["group"] == cat) & (reg["cause"] == 1)]
            row["regular_job_within"] = 100 * _at(rc, t, "cif") if len(rc) else 0.0
            rp = regular[regular["_v"] == cat]
            row["n_regular_job_within"] = int(((rp["event"] == 1) & (rp["days"] <= t)).sum())
            row["p_value_next_regular"] = p_regular
            out.append(row)
    if not out:
        raise NotEstimable(f"no variable has two categories of at least {min_cell_size} followed spells",
                           "too_few_groups", min_n=min_cell_size)
    return pd.DataFrame(out)


@degrades
def twe_result(registry, cohort: pd.DataFrame, period_start="2019-01-01", period_end="2020-03-31",
               max_gap_days: int = 31) -> pd.DataFrame:
    """The result of the last art. 60 (TWE) trajectory, as in the published Tabel 9.

    Among intakes of the cohort whose last art. 60 spell started by ``period_end`` ended between
    ``period_start`` and ``period_end`` (no later art. 60 started by then), the state that followed
    (gap rule of :mod:`evalkit.stats.transitions`): ``nec`` (regular job, interim included, at an employer
    that is not a social-economy company), ``nec_in_se_bedrijf`` (a regular job at a
    social-economy company), ``sec`` (a social-economy job) or ``geen_werk`` (anything else:
    benefits, unknown, not followed long enough).

    Returns
    -------
    DataFrame
        ``result`` (:data:`TWE_RESULTS` and ``total``), ``n``, ``pct``.

    Examples
    --------
    >>> from evalkit.studies.art60 import examples
    >>> registry, cohort, jobs, after = examples.bundled()
    >>> twe_result(registry, cohort)
                  result    n    pct
    0          geen_werk  201   58.4
    1                nec  128   37.2
    2  nec_in_se_bedrijf    0    0.0
    3                sec   15    4.4
    4              total  344  100.0
    """
    start, end = pd.Timestamp(period_start), pd.Timestamp(period_end)
    ep = registry.episodes
    spells = tr.art60_spells(ep, cohort, which="all")
    if len(spells) == 0:
        raise NotEstimable("the cohort has no art. 60 spells", "no_art60")
    key = "intake_id" if "intake_id" in spells.columns else "person_id"
    last = spells[spells["spell_start"] <= end].drop_duplicates(key, keep="last")
    closed = last[last["spell_end"].notna() & (last["spell_end"] >= start) & (last["spell_end"] <= end)]
    closed = closed.reset_index(drop=True).assign(spell_id=lambda d: np.arange(len(d)))
    nxt = tr.next_states(ep, closed, max_gap_days=max_gap_days)
    nxt = closed[["spell_id", "person_id", "spell_end"]].merge(nxt, on="spell_id", how="left")
    nxt["days"] = nxt["days"].fillna(0)
    # employer of the job that is the next state
    jobs = ep[ep["kind"] == "employment"]
    job_state = jobs["contract"].map(tr._contract_states()).fillna("other_job")
    jobs = pd.DataFrame({"person_id": jobs["person_id"].to_numpy(), "j_start": jobs["start_date"].to_numpy(),
                         "j_end": jobs["end_date"].to_numpy(), "j_state": job_state.to_numpy(),
                         "j_employer": jobs["employer_type"].to_numpy() if "employer_type" in jobs.columns else None})
    nxt["day"] = nxt["spell_end"] + pd.to_timedelta(nxt["days"] + 1, unit="D")
    pairs = nxt.reset_index().merge(jobs, on="person_id")
    cover = pairs[(pairs["j_start"] <= pairs["day"]) & (pairs["j_end"].isna() | (pairs["j_end"] >= pairs["day"]))
                  & (pairs["j_state"] == pairs["next_state"])]
    employer = cover.drop_duplicates("index").set_index("index")["j_employer"].reindex(nxt.index)
    regular = nxt["next_state"].isin(tr.REGULAR_WORK).to_numpy()
    se_employer = (employer == "social_economy").to_numpy()
    result = np.where(regular & se_employer, "nec_in_se_bedrijf",
                      np.where(regular, "nec", np.where(nxt["next_state"] == "sec", "sec", "geen_werk")))
    counts = pd.Series(result).value_counts().reindex(list(TWE_RESULTS), fill_value=0)
    out = pd.DataFrame({"result": list(TWE_RESULTS) + ["total"], "n": list(counts.to_numpy()) + [int(counts.sum())]})
    out["pct"] = (100 * out["n"] / max(int(counts.sum()), 1)).round(1)
    return out
