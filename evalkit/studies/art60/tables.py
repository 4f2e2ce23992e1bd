"""The tables of the art. 60 report, each released through the disclosure engine
(:func:`evalkit.publish.sdc.release_table`): every count of persons (or spells) that a cell rests on is
declared with the conditions of the units it counts (:mod:`~evalkit.studies.art60.vocabulary`), so
that no count below ``min_cell_size`` (nor a zero) is shown or can be derived; estimates resting on a
hidden count are hidden with it (``x``). Shares beyond the time at which fewer than ``min_cell_size``
persons are still followed are left out (``–``). Each function returns a
:class:`~evalkit.publish.sdc.Released`: the table to show, its note, and which cells were hidden.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from evalkit import formats
from evalkit.errors import InputError, NotEstimable
from evalkit.publish.degrade import degrades
from evalkit.publish.sdc import NO, YES, YES_NO, Policy, Released, domain, release_table
from evalkit.stats import survival
from evalkit.stats import transitions as tr
from evalkit.studies.art60 import vocabulary as voc
from evalkit.studies.art60.analysis import (_DIFFERENCE_ORDER, DIFFERENCE_GROUPS, OCCUPATION_MONTHS, TWE_RESULTS,
                                            AfterArt60, _at, _require_followed)
from evalkit.studies.art60.categories import _order, _t, _with_unknown, label, total_label, variable_label
from evalkit.studies.art60.cells import _DASH, _INDENT, _diff_ci, _fmt_p, _pct, _pct_ci


def _release(table: pd.DataFrame, output: str, *, note: str = "", drop: Sequence[str] = (), language: str = "nl",
             min_cell_size: int = 10, **kwargs) -> Released:
    """:func:`release_table` with the study's policy; ``drop`` the count columns not shown (they are
    published with the table's data), the study's note before the engine's."""
    released = release_table(table, output, policy=Policy(min_cell_size=min_cell_size), language=language, **kwargs)
    shown = released.table.drop(columns=[c for c in drop if c in released.table.columns])
    text = f"{note} {released.note}".strip()
    return Released(shown, text, released.hidden, released.output)


def _shown(table: pd.DataFrame, first: str) -> pd.DataFrame:
    """The row labels as the first column (the index of a released table labels its rows)."""
    return table.rename_axis(first).reset_index()


# --------------------------------------------------------------------------------------------- use
@degrades
def use_table(start: pd.DataFrame, times_months: Sequence[float] = (12, 24, 36), language: str = "nl",
              min_cell_size: int = 10) -> Released:
    """Use of art. 60 per trajectory: clients, clients with an art. 60 during follow-up, the
    cumulative incidence (%) of a first art. 60 at the given months since intake, and the median and
    mean time to its start among those who started one.

    The number who started within each period is published with the table's data (so that the
    engine protects it and its complement); a share beyond the time at which fewer than
    ``min_cell_size`` clients are still followed is not shown (``–``).

    Examples
    --------
    >>> from evalkit.publish import sdc
    >>> from evalkit.studies.art60 import art60_start, examples
    >>> registry, cohort, jobs, after = examples.bundled()
    >>> released = use_table(art60_start(jobs), (12, 24), "en")
    >>> released.table.iloc[-1, :3].astype(str).tolist()
    ['Total', '1662', '1044']
    >>> sdc.reset()
    """
    times = [float(t) for t in times_months]
    cif = survival.cumulative_incidence(start, "months", "cause", by="trajectory")
    cif_all = survival.cumulative_incidence(start, "months", "cause").assign(group="total")
    cif = pd.concat([cif, cif_all], ignore_index=True)
    cif = cif[cif["cause"] == 1]
    c_clients, c_with = _t("col.clients", language), _t("col.with_art60", language)
    c_median, c_mean = _t("col.median_months", language), _t("col.mean_days", language)
    rows, conditions = [], {}
    for group in _order("trajectory", start["trajectory"].unique()) + ["total"]:
        part = start if group == "total" else start[start["trajectory"] == group]
        name = total_label(language) if group == "total" else label("trajectory_short", group, language)
        conditions[name] = {} if group == "total" else {"trajectory": group}
        starters = part[part["cause"] == 1]
        row = {"_label": name, c_clients: len(part), c_with: len(starters)}
        for t in times:
            key = _t("col.cif_months", language, months=t)
            followed = (part["months"] >= t).sum() >= min_cell_size
            row[key] = round(100 * _at(cif[cif["group"] == group], t, "cif"), 1) if followed else np.nan
            row[f"_n{t:g}"] = int(((part["cause"] == 1) & (part["months"] <= t)).sum()) if followed else np.nan
        row[c_median] = round(float(starters["months"].median()), 1) if len(starters) else np.nan
        row[c_mean] = round(float(starters["days"].mean())) if len(starters) else np.nan
        rows.append(row)
    table = pd.DataFrame(rows).set_index("_label")
    counts = {c_clients: {}, c_with: {"art60.started": YES}}
    hide_with = {c_median: [c_with], c_mean: [c_with]}
    for t in times:
        counts[f"_n{t:g}"] = {"art60.started": YES, "art60.start": voc.within(times, t)}
        hide_with[_t("col.cif_months", language, months=t)] = [f"_n{t:g}"]
    released = _release(
        table, "use", rows=conditions, counts=counts, hide_with=hide_with,
        domains={"trajectory": domain(start["trajectory"]), "art60.started": YES_NO,
                 "art60.start": voc.bins(times)[:-1] + [NO]},
        drop=[f"_n{t:g}" for t in times], title=_t("use.caption", language),
        note=_t("use.note", language, min_cell_size=min_cell_size), language=language, min_cell_size=min_cell_size)
    released.table = _shown(released.table, _t("col.trajectory", language))
    return released


# --------------------------------------------------------------------------------------------- employers
def first_employer(spells: pd.DataFrame) -> pd.Series:
    """Employer type of the first art. 60 job of each client (``onbekend`` when not known), by intake."""
    key = "intake_id" if "intake_id" in spells.columns else "person_id"
    first = spells.sort_values("spell_start", kind="mergesort").drop_duplicates(key)
    return pd.Series(_with_unknown(first["employer_type"]).to_numpy(), index=first[key].to_numpy())


@degrades
def employer_table(spells: pd.DataFrame, language: str = "nl", min_cell_size: int = 10) -> Released:
    """Clients with an art. 60 job by the type of employer of their first one: number and share.

    Only persons are counted (not jobs): the difference between jobs and persons would count the
    persons with more than one job.

    Examples
    --------
    >>> from evalkit.publish import sdc
    >>> from evalkit.studies.art60 import examples
    >>> registry, cohort, jobs, after = examples.bundled()
    >>> employer_table(after.all_spells, "en").table.iloc[:, 0].tolist()
    ['Public sector', 'Social profit', 'Social economy', 'Private sector', 'Total']
    >>> sdc.reset()
    """
    if "employer_type" not in spells.columns:
        raise InputError("spells lacks column 'employer_type'")
    if len(spells) == 0:
        raise NotEstimable("the cohort has no art. 60 spells", "no_art60")
    employer = first_employer(spells)
    counts = employer.value_counts()
    order = _order("employer_type", counts.index)
    c_n, c_pct = _t("col.persons", language), _t("col.pct_persons", language)
    names = [label("employer_type", c, language) for c in order] + [total_label(language)]
    table = pd.DataFrame({c_n: list(counts.reindex(order).to_numpy()) + [len(employer)]}, index=names)
    table[c_pct] = (100 * table[c_n] / len(employer)).round(1)
    rows = {n: {"art60.started": YES, "art60.employer": c} for n, c in zip(names, order)}
    rows[total_label(language)] = {"art60.started": YES}
    employer_domain = list(dict.fromkeys(list(_codes("employer_type")) + order)) + [NO]
    released = _release(
        table, "employers", rows=rows, counts={c_n: {}}, shares={c_pct: (c_n, {"art60.started": YES})},
        domains={"art60.employer": employer_domain, "art60.started": YES_NO}, decimals={c_pct: 1},
        title=_t("employers.caption", language), language=language, min_cell_size=min_cell_size)
    released.table = _shown(released.table, _t("col.employer_type", language))
    return released


@degrades
def duration_table(after: AfterArt60, language: str = "nl", min_cell_size: int = 10) -> Released:
    """How long the art. 60 jobs studied lasted, among those that ended before the end of follow-up:
    their number, the median duration and the middle half of the durations (months), per type of
    employer and in total. A median or a middle half rests on its row's count and is hidden with it.

    Examples
    --------
    >>> from evalkit.publish import sdc
    >>> from evalkit.studies.art60 import examples
    >>> registry, cohort, jobs, after = examples.bundled()
    >>> duration_table(after, "en").table.iloc[-1].tolist()[:3]
    ['Total', 937, 12.4]
    >>> sdc.reset()
    """
    from evalkit.studies.art60.analysis import months

    _require_followed(after)
    followed = after.followed
    employer = _with_unknown(followed["employer_type"]) if "employer_type" in followed.columns else \
        pd.Series("onbekend", index=followed.index)
    duration = pd.Series(months(followed["duration_days"]), index=followed.index)
    order = _order("employer_type", employer.unique())
    c_n, c_median = _t("col.ended_spells", language), _t("col.median_duration", language)
    c_middle = _t("col.middle_half", language)
    rows, conditions = [], {}
    for code in order + ["total"]:
        part = duration if code == "total" else duration[(employer == code).to_numpy()]
        name = total_label(language) if code == "total" else label("employer_type", code, language)
        conditions[name] = {"art60.followed": YES} if code == "total" else {"art60.followed": YES,
                                                                           "art60.employer": code}
        rows.append({"_label": name, c_n: len(part), c_median: round(float(part.median()), 1),
                     c_middle: formats.interval(part.quantile(0.25), part.quantile(0.75), 1, language)})
    table = pd.DataFrame(rows).set_index("_label")
    employer_domain = list(dict.fromkeys(list(_codes("employer_type")) + order)) + [NO]
    released = _release(
        table, "duration", rows=conditions, counts={c_n: {}}, hide_with={c_median: [c_n], c_middle: [c_n]},
        domains={"art60.followed": YES_NO, "art60.employer": employer_domain}, unit=voc.unit_of(after.spells),
        title=_t("duration.caption", language), note=_t("duration.note", language), language=language,
        min_cell_size=min_cell_size)
    released.table = _shown(released.table, _t("col.employer_type", language))
    return released


def _codes(codelist_name: str) -> list[str]:
    from evalkit.registry.schema import codelist

    return [str(c) for c in codelist(codelist_name)["code"]] + ["onbekend"]


# --------------------------------------------------------------------------------------------- next state
def _next_domain() -> list[str]:
    """Values of ``art60.next``: the state groups, ``not_decided``, ``running`` and ``nee``."""
    return list(dict.fromkeys(list(tr.GROUPS) + sorted(set(tr.STATE_GROUPS.values()), key=str))) + \
        ["not_decided", "running", NO]


def next_codes(after: AfterArt60) -> list[str]:
    return _next_domain()


@degrades
def next_state_table(after: AfterArt60, language: str = "nl", min_cell_size: int = 10) -> Released:
    """The competing next states after art. 60: number of spells and cumulative incidence (%,
    95% interval) of each state group by the day the gap rule has decided (``max_gap_days + 1``),
    and the share that began the very next day. The rows account for every spell studied: those
    followed too briefly to know the next state, and those still running at the end of follow-up.

    Examples
    --------
    >>> from evalkit.publish import sdc
    >>> from evalkit.studies.art60 import examples
    >>> registry, cohort, jobs, after = examples.bundled()
    >>> next_state_table(after, "en").table.iloc[0, :2].tolist()
    ['Regular job (NEC, incl. temporary agency)', 370]
    >>> sdc.reset()
    """
    _require_followed(after)
    ci = tr.next_state_incidence(after.next, groups=tr.STATE_GROUPS)
    decided = after.max_gap_days + 1
    ended = after.next[after.next["event"] > 0]
    counts = ended["next_group"].value_counts()
    next_day = ended[ended["days"] == 0]["next_group"].value_counts()
    order = _order("state", ci["state"].unique())
    c_n = _t("col.spells", language)
    # the state is decided the day after the gap rule's last day; the text names the rule's days (the parameter)
    c_cif, c_day = _t("col.cif_next", language, days=after.max_gap_days), _t("col.pct_next_day", language)
    rows, conditions = [], {}
    for s in order:
        name = label("state", s, language)
        n = int(counts.get(s, 0))
        curve = ci[ci["state"] == s]
        rows.append({"_label": name, c_n: n,
                     c_cif: _pct_ci(_at(curve, decided, "cif"), _at(curve, decided, "ci_lower"),
                                    _at(curve, decided, "ci_upper"), language),
                     "_next_day": int(next_day.get(s, 0)) if s != tr.UNKNOWN else np.nan,
                     c_day: round(100 * next_day.get(s, 0) / n) if n and s != tr.UNKNOWN else np.nan})
        conditions[name] = {"art60.followed": YES, "art60.next": s}
    extra = (("not_decided", int((after.next["event"] == 0).sum()), {"art60.followed": YES, "art60.next": "not_decided"}),
             ("running", len(after.spells) - len(after.next), {"art60.followed": NO, "art60.next": "running"}),
             ("total", len(after.spells), {"art60.next": [c for c in next_codes(after) if c != NO]}))
    for key, n, where in extra:
        name = total_label(language) if key == "total" else _t(key, language)
        rows.append({"_label": name, c_n: n, c_cif: "", "_next_day": np.nan, c_day: np.nan})
        conditions[name] = where
    table = pd.DataFrame(rows).set_index("_label")
    released = _release(
        table, "next", rows=conditions, counts={c_n: {}, "_next_day": {"art60.next_day": YES}},
        shares={c_day: ("_next_day", c_n)}, decimals={c_day: 0}, hide_with={c_cif: [c_n]},
        domains={"art60.followed": YES_NO, "art60.next": next_codes(after), "art60.next_day": YES_NO},
        unit=voc.unit_of(after.spells), drop=["_next_day"], title=_t("next.caption", language),
        note=_t("next.note", language, days=after.max_gap_days), language=language, min_cell_size=min_cell_size)
    released.table = _shown(released.table, _t("col.next_state", language))
    return released


# --------------------------------------------------------------------------------------------- occupation
def state_variable(months_: float) -> str:
    """The name of the variable "situation ``months_`` months after the end of art. 60"."""
    return f"art60.state_{months_:g}m"


def state_codes() -> list[str]:
    return list(tr.GROUPS) + ["not_observed", NO]


@degrades
def occupation_table(occ: pd.DataFrame, language: str = "nl", min_cell_size: int = 10,
                     unit: str = "persons") -> Released:
    """State occupation at a few months after the end of art. 60 (%, 95% bootstrap interval): one
    row per state group, one column per month, and the number still followed.

    Each share is released with the number observed in its state, each column with the number still
    followed; months at which fewer than ``min_cell_size`` persons are still followed are not shown.

    Examples
    --------
    >>> from evalkit.publish import sdc
    >>> from evalkit.studies.art60 import examples, occupation
    >>> registry, cohort, jobs, after = examples.bundled()
    >>> occupation_table(occupation(after, [6, 12], n_boot=20, seed=1), "en").table.columns.tolist()
    ['Situation', 'After 6 months', 'After 12 months']
    >>> sdc.reset()
    """
    occ = occ[occ["group"] == occ["group"].iloc[0]]
    times = sorted(occ["months"].unique())
    states = _order("state", occ["state"].unique())
    has_ci = "ci_lower" in occ.columns
    rows, conditions = [], {}
    for m in times:
        at = occ[occ["months"] == m].set_index("state")
        n_obs = int(at["n_under_observation"].iloc[0])
        for s in states + ["total"]:
            key = f"{s}@{m:g}"
            if s == "total":
                rows.append({"_key": key, "n": n_obs, "value": n_obs})
                conditions[key] = {"art60.followed": YES, state_variable(m): list(tr.GROUPS)}
                continue
            r = at.loc[s]
            value = (_pct_ci(r["probability"], r["ci_lower"], r["ci_upper"], language) if has_ci
                     else _pct(r["probability"], 1, language)) if n_obs >= min_cell_size else _DASH
            rows.append({"_key": key, "n": int(r["n_in_state"]) if n_obs >= min_cell_size else np.nan, "value": value})
            conditions[key] = {"art60.followed": YES, state_variable(m): s}
    long = pd.DataFrame(rows).set_index("_key")
    released = release_table(long, "occupation", rows=conditions, counts={"n": {}}, hide_with={"value": ["n"]},
                             domains={"art60.followed": YES_NO, **{state_variable(m): state_codes() for m in times}},
                             unit=unit, title=_t("occupation.caption", language),
                             policy=Policy(min_cell_size=min_cell_size), language=language)
    out, hidden = [], set()
    for s in states + ["total"]:
        name = _t("followed", language) if s == "total" else label("state", s, language)
        row = {"_label": name}
        for m in times:
            col = _t("col.after_months", language, months=m)
            row[col] = released.table.at[f"{s}@{m:g}", "value"]
            if (f"{s}@{m:g}", "value") in released.hidden:
                hidden.add((name, col))
        out.append(row)
    table = pd.DataFrame(out).set_index("_label")
    note = f"{_t('occupation.note', language, min_cell_size=min_cell_size)} {released.note}"
    return Released(_shown(table, _t("col.state", language)), note, hidden, "occupation")


# --------------------------------------------------------------------------------------------- regular job
@degrades
def regular_job_table(cif: pd.DataFrame, times_months: Sequence[float] = OCCUPATION_MONTHS, language: str = "nl",
                      min_cell_size: int = 10, unit: str = "persons") -> Released:
    """Share (%, 95% interval) with a first regular job within the given months after art. 60,
    released with the number who had one by then.

    Examples
    --------
    >>> from evalkit.publish import sdc
    >>> from evalkit.studies.art60 import examples, regular_job_incidence
    >>> registry, cohort, jobs, after = examples.bundled()
    >>> regular_job_table(regular_job_incidence(after), (12, 24), "en").table.iloc[:, 1].tolist()
    ['45.3 (42.0–\u206048.5)', '50.4 (46.9–\u206053.8)']
    >>> sdc.reset()
    """
    times = [float(t) for t in times_months]
    part = cif[cif["cause"] == 1]
    c_t, c_pct = _t("col.within_months", language), _t("col.pct_regular_job", language)
    rows, conditions = [], {}
    for t in times:
        at_risk = part[part["time"] >= t]["n_at_risk"]
        n_risk = at_risk.iloc[0] if len(at_risk) else 0
        events = int(part[part["time"] <= t]["n_events"].sum())
        shown = n_risk >= min_cell_size
        value = (_pct_ci(_at(part, t, "cif"), _at(part, t, "ci_lower"), _at(part, t, "ci_upper"), language)
                 if shown else _DASH)
        name = formats.field(t, "", language)  # the months, as the language writes a number
        rows.append({"_label": name, "n": events if shown else np.nan, c_pct: value})
        conditions[name] = {"art60.followed": YES, "art60.regular_job": voc.within(times, t)}
    table = pd.DataFrame(rows).set_index("_label")
    released = _release(
        table, "regular", rows=conditions, counts={"n": {}}, hide_with={c_pct: ["n"]},
        domains={"art60.followed": YES_NO, "art60.regular_job": voc.bins(times) + [NO]}, unit=unit, drop=["n"],
        title=_t("regular.caption", language), language=language, min_cell_size=min_cell_size)
    released.table = _shown(released.table, c_t)
    return released


# --------------------------------------------------------------------------------------------- durable
def durable_variable(population: str, definition: str) -> str:
    return f"art60.durable_{definition}_{population}"


@degrades
def durable_table(indicators: pd.DataFrame, language: str = "nl", min_cell_size: int = 10,
                  unit: str = "persons") -> Released:
    """The durable-employment indicators as a table: one row per population and horizon, one
    column per definition (%, 95% interval), each released with the number who had a durable job by
    then (clients since intake; the followed since the end of art. 60).

    Examples
    --------
    >>> from evalkit.publish import sdc
    >>> from evalkit.studies.art60 import durable_indicators, examples
    >>> registry, cohort, jobs, after = examples.bundled()
    >>> ind = durable_indicators(registry, cohort, after, ["spell_365", "open_ended"], (24,), (12,))
    >>> durable_table(ind, "en").table.columns.tolist()
    ['Indicator', 'Job of ≥ 365 days', 'Open-ended contract']
    >>> sdc.reset()
    """
    definitions = list(dict.fromkeys(indicators["definition"]))
    rows, conditions, domains = [], {}, {"art60.followed": YES_NO}
    for (population, d), part in indicators.groupby(["population", "definition"], sort=False):
        times = [float(m) for m in part["months"]]
        variable = durable_variable(population, d)
        domains[variable] = voc.bins(times) + ([NO] if population == "after_art60_regular" else [])
        for _, r in part.iterrows():
            key = f"{population}@{r['months']:g}@{d}"
            shown = r["n_at_risk"] >= min_cell_size
            value = _pct_ci(r["cif"], r["ci_lower"], r["ci_upper"], language) if shown else _DASH
            rows.append({"_key": key, "n": int(r["n_events"]) if shown else np.nan, "value": value})
            where = {variable: voc.within(times, float(r["months"]))}
            if population == "after_art60_regular":
                where["art60.followed"] = YES
            conditions[key] = where
    long = pd.DataFrame(rows).set_index("_key")
    released = release_table(long, "durable", rows=conditions, counts={"n": {}}, hide_with={"value": ["n"]},
                             domains=domains, unit=unit, title=_t("durable.caption", language),
                             policy=Policy(min_cell_size=min_cell_size), language=language)
    out, hidden = [], set()
    for (population, m), _ in indicators.groupby(["population", "months"], sort=False):
        name = _t(f"durable.{population}", language, months=m)
        row = {"_label": name}
        for d in definitions:
            key, col = f"{population}@{m:g}@{d}", _t(f"definition.{d}", language)
            row[col] = released.table.at[key, "value"] if key in released.table.index else _DASH
            if (key, "value") in released.hidden:
                hidden.add((name, col))
        out.append(row)
    table = pd.DataFrame(out).set_index("_label")
    note = f"{_t('durable.note', language, min_cell_size=min_cell_size)} {released.note}"
    return Released(_shown(table, _t("col.indicator", language)), note, hidden, "durable")


# --------------------------------------------------------------------------------------------- differences
@degrades
def differences_table(diff: pd.DataFrame, language: str = "nl", min_cell_size: int = 10, at_months: float = 12,
                      cohort: pd.DataFrame | None = None, unit: str = "persons",
                      regular_months: Sequence[float] = OCCUPATION_MONTHS, next_states: Sequence[str] = ()) -> Released:
    """The differences as a report table: one row per category of each variable (the variable named on
    the first, with Gray's p-value there): followed spells, the next-state shares, the share in regular work and the
    share with a regular job ``at_months`` after the end. Every share is released with the count it
    rests on (those in each next state, in regular work then, with a regular job by then).

    Examples
    --------
    >>> from evalkit.publish import sdc
    >>> from evalkit.studies.art60 import differences, examples
    >>> registry, cohort, jobs, after = examples.bundled()
    >>> released = differences_table(differences(after, ["employer_type"]), "en", cohort=cohort)
    >>> released.table.iloc[:, :2].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['Art. 60 employer', 'Public sector'], ['', 'Social profit'], ['', 'Social economy'], ['', 'Private sector']]
    >>> sdc.reset()
    """
    from evalkit.publish.sdc import cohort_domains

    states = [s for s in _DIFFERENCE_ORDER if f"n_{s}" in diff.columns]
    profile = cohort_domains(cohort) if cohort is not None else {}
    c_n = _t("col.spells", language)
    work_at = _t("col.regular_work_at", language, months=at_months)
    job_within = _t("col.regular_job_within", language, months=at_months)
    p_col = _t("col.p_next_regular", language)
    state_cols = [label("state_short", s, language) for s in states]
    groups = {s: sorted({g for st, g0 in DIFFERENCE_GROUPS.items() if g0 == s
                         for g in [tr.STATE_GROUPS[st]]}) for s in states}
    blocks = []  # (variable, rows, conditions): a label such as "small groups" recurs in several
    regular_months = [float(m) for m in regular_months]
    domains = {"art60.followed": YES_NO, state_variable(at_months): state_codes(),
               "art60.regular_job": voc.bins(regular_months) + [NO], "art60.next": _next_domain()}
    for variable, block in diff.groupby("variable", sort=False):
        var_name = _difference_variable(variable)
        if var_name in profile:
            domains[var_name] = profile[var_name]
        head = variable_label(variable, language)
        rows = [{"_label": head, p_col: _fmt_p(block["p_value_next_regular"].iloc[0], language)}]
        conditions = {head: {}}
        blocks.append((var_name, rows, conditions))
        for _, r in block.iterrows():
            name = _INDENT + label("trajectory_short" if variable == "trajectory" else variable, r["category"],
                                   language)
            codes = str(r["codes"]).split("|") if "codes" in r and isinstance(r["codes"], str) else [r["category"]]
            if var_name in profile:
                codes = voc.profile_codes(codes, profile[var_name])
            elif var_name not in domains:
                domains[var_name] = _difference_domain(variable, diff)
            conditions[name] = {"art60.followed": YES, var_name: codes}
            row = {"_label": name, c_n: int(r["n"]), p_col: ""}
            for s, col in zip(states, state_cols):
                row[f"_n_{s}"] = int(r[f"n_{s}"])
                row[col] = round(float(r[f"pct_{s}"]))
            # those whose next state is not known yet: published too, as they follow from the others
            row["_n_not_decided"] = int(r["n"]) - sum(int(r[f"n_{s}"]) for s in states)
            followed = r["n_followed_at"] >= min_cell_size
            row["_n_followed"] = int(r["n_followed_at"]) if followed else np.nan
            row["_n_work"] = int(r["n_regular_work_at"]) if followed else np.nan
            row["_n_job"] = int(r["n_regular_job_within"]) if followed else np.nan
            row[work_at] = round(float(r["regular_work_at"])) if followed else np.nan
            row[job_within] = round(float(r["regular_job_within"])) if followed else np.nan
            rows.append(row)
    counts = {c_n: {}, **{f"_n_{s}": {"art60.next": groups[s]} for s in states},
              "_n_not_decided": {"art60.next": "not_decided"},
              "_n_followed": {state_variable(at_months): list(tr.GROUPS)},
              "_n_work": {state_variable(at_months): "regulier_werk"},
              "_n_job": {"art60.regular_job": voc.within(regular_months, at_months)}}
    hide_with = {**{col: [f"_n_{s}", c_n] for s, col in zip(states, state_cols)},
                 work_at: ["_n_work", "_n_followed"], job_within: ["_n_job"]}
    # one release per variable: each crosses the followed, its categories and the next state
    parts, hidden, note, heads = [], set(), "", []
    for var_name, rows, conditions in blocks:
        block = pd.DataFrame(rows).set_index("_label")
        count_cols = [c for c in counts if c in block.columns]
        head = block.index[0]
        heads.append(head)
        released = _release(
            block, f"differences.{var_name}",
            rows=conditions, counts={c: counts[c] for c in count_cols},
            hide_with=hide_with, domains=domains, unit=unit, drop=[c for c in count_cols if c.startswith("_")],
            title=f"{_t('differences.caption', language)}: {head}", language=language, min_cell_size=min_cell_size)
        parts.append(released.table)
        hidden |= released.hidden
        note = released.note if released.hidden or not note else note
    # shown: the characteristic on the first row of its categories (with its p-value), each category by
    # its own label (the shared one), so that a category reads the same as in every other report
    c_var, c_cat = _t("col.variable", language), _t("col.category", language)
    columns = [c_n] + state_cols + [work_at, job_within]
    rows = []
    for part in parts:
        head = part.index[0]
        p_value = part.at[head, p_col] if p_col in part.columns else ""
        for i, name in enumerate(part.index[1:]):
            row = {c_var: head if i == 0 else "", c_cat: name.removeprefix(_INDENT)}
            row.update({col: part.at[name, col] if col in part.columns else np.nan for col in columns})
            row[p_col] = p_value if i == 0 else ""
            rows.append(row)
    shown = pd.DataFrame(rows, columns=[c_var, c_cat] + columns + [p_col]).astype(object)
    return Released(shown, f"{_t('differences.note', language, months=at_months)} {note}", hidden, "differences")


def _difference_variable(variable: str) -> str:
    return {"employer_type": "art60.employer", "nt2_improved": "art60.nt2_improved"}.get(variable, variable)


def _difference_domain(variable: str, diff: pd.DataFrame) -> list[str]:
    if variable == "employer_type":
        return list(dict.fromkeys(_codes("employer_type"))) + [NO]
    if variable == "nt2_improved":
        return ["ja", "nee", "onbekend", "geen_art60"]
    return sorted(set(diff.loc[diff["variable"] == variable, "category"].astype(str)))


# --------------------------------------------------------------------------------------------- landmark
def landmark_variable(landmark: float, horizon: float, outcome: str | None = None) -> str:
    base = f"art60.landmark_{landmark:g}_{horizon:g}"
    return base if outcome is None else f"{base}.{outcome}"


@degrades
def landmark_table(result: pd.DataFrame, language: str = "nl", min_cell_size: int = 10) -> Released:
    """The landmark comparison as a report table: a heading row per landmark, then one row per
    outcome and follow-up (percentages; differences in percentage points, 95% interval). The groups
    and the numbers with the outcome in each are released (the latter with the table's data).

    Examples
    --------
    >>> from evalkit.publish import sdc
    >>> from evalkit.studies.art60 import examples, landmark_comparison
    >>> registry, cohort, jobs, after = examples.bundled()
    >>> res = landmark_comparison(registry, jobs, landmarks=(12,), horizons=(12,), n_boot=20, seed=1)
    >>> for row in landmark_table(res, "en").table.iloc[:, 0]:
    ...     print(row)
    Landmark 12 months after intake
    · Started a regular job within 12 months
    · In a regular job after 12 months
    >>> sdc.reset()
    """
    first_col = _t("col.outcome", language)
    c_n1, c_n0 = _t("col.n_art60", language), _t("col.n_other", language)
    c_p1, c_p0 = _t("col.pct_art60", language), _t("col.pct_other", language)
    c_adj, c_diff = _t("col.pct_other_adjusted", language), _t("col.difference", language)
    rows, conditions, domains = [], {}, {}
    for lm, block in result.groupby("landmark_months", sort=False):
        head = _t("landmark.at", language, months=lm)
        rows.append({"_label": head})
        conditions[head] = {}
        for _, r in block.iterrows():
            h, outcome = r["horizon_months"], r["outcome"]
            group, out = landmark_variable(lm, h), landmark_variable(lm, h, outcome)
            domains[group] = ["art60", "other", NO]
            domains[out] = list(YES_NO)
            name = f"{_INDENT}{_t(f'landmark.{outcome}', language, months=h)} ({lm:g}/{h:g})"
            conditions[name] = {}
            estimated = np.isfinite(r["difference"]) if pd.notna(r.get("difference")) else False
            rows.append({"_label": name, c_n1: int(r["n_art60"]), c_n0: int(r["n_other"]),
                         "_e1": int(r["events_art60"]) if estimated else np.nan,
                         "_e0": int(r["events_other"]) if estimated else np.nan,
                         c_p1: round(float(r["pct_art60"]), 1) if estimated else np.nan,
                         c_p0: round(float(r["pct_other"]), 1) if estimated else np.nan,
                         c_adj: round(float(r["pct_other_adjusted"]), 1) if estimated else np.nan,
                         c_diff: (_diff_ci(r["difference"], r["ci_lower"], r["ci_upper"], 1, language)
                                  if estimated else np.nan)})
            conditions[name] = {"_group": group, "_out": out}
    table = pd.DataFrame(rows).set_index("_label")
    # the conditions of a cell name the row's own variables: spelled out per row
    long_rows = {}
    for name, where in conditions.items():
        if not where:
            long_rows[name] = {}
        else:
            long_rows[name] = where
    counts = {c_n1: ("art60", None), c_n0: ("other", None), "_e1": ("art60", YES), "_e0": ("other", YES)}
    cells = []
    for name in table.index:
        where = long_rows[name]
        for col, (g, o) in counts.items():
            if not where:
                continue
            cond = {where["_group"]: g}
            if o is not None:
                cond[where["_out"]] = o
            cells.append((name, col, cond))
    released = _release_by_cell(table, "landmark", cells, {c_p1: ("_e1", c_n1), c_p0: ("_e0", c_n0)},
                                {c_adj: [c_n1, c_n0, "_e1", "_e0"], c_diff: [c_n1, c_n0, "_e1", "_e0"]},
                                domains, _t("landmark.caption", language), language, min_cell_size)
    table = released.table.drop(columns=["_e1", "_e0"])
    for column in table.columns:
        table[column] = table[column].astype(object)
    for column in (c_n1, c_n0):  # counts, made floats by the heading rows: shown as whole numbers
        table[column] = pd.Series([int(v) if isinstance(v, (float, np.floating)) and np.isfinite(v) else v
                                   for v in table[column]], index=table.index, dtype=object)
    heads = [n for n, w in long_rows.items() if not w]
    table.loc[heads, :] = ""
    table.index = [n.rsplit(" (", 1)[0] if n not in heads else n for n in table.index]
    note = _t("landmark.note", language)
    released.table = _shown(table, first_col)
    released.note = f"{note} {released.note}"
    return released


def _release_by_cell(table, output, cells, shares, hide_with, domains, title, language, min_cell_size,
                     unit="persons") -> Released:
    """Release a table whose count cells have conditions that differ per row and column: one
    released row per (row, column) count cell, the shares and statistics hidden with them."""
    keys, long_rows, values = [], {}, []
    for name, col, cond in cells:
        key = f"{name}@{col}"
        keys.append(key)
        long_rows[key] = cond
        values.append(table.at[name, col])
    long = pd.DataFrame({"n": values}, index=keys)
    released = release_table(long, output, rows=long_rows, counts={"n": {}}, domains=domains, unit=unit,
                             title=title, policy=Policy(min_cell_size=min_cell_size), language=language)
    hidden = {(k.rsplit("@", 1)[0], k.rsplit("@", 1)[1]) for k, _ in released.hidden}
    # a share rounded to one decimal of a published count of a known group gives the count itself:
    # it is shown only where its count is
    for col, (num, den) in shares.items():
        for name in table.index:
            if (name, num) in hidden or (name, den) in hidden:
                hidden.add((name, col))
    for col, sources in hide_with.items():
        for name in table.index:
            if any((name, s) in hidden for s in sources):
                hidden.add((name, col))
    shown = table.copy()
    for name, col in hidden:
        shown[col] = shown[col].astype(object)
        shown.at[name, col] = "x"
    return Released(shown, released.note if not hidden else _hidden_note(min_cell_size, language), hidden, output)


def _hidden_note(min_cell_size: int, language: str) -> str:
    from evalkit.publish.sdc.notes import table_note

    return table_note(Policy(min_cell_size=min_cell_size), True, language)


# --------------------------------------------------------------------------------------------- TWE
@degrades
def twe_table(result: pd.DataFrame, language: str = "nl", min_cell_size: int = 10,
              compare_published: bool = False, unit: str = "persons") -> Released:
    """The TWE result table for the report, with the published figures beside ours when asked.

    Examples
    --------
    >>> from evalkit.publish import sdc
    >>> from evalkit.studies.art60 import examples, twe_result
    >>> registry, cohort, jobs, after = examples.bundled()
    >>> twe_table(twe_result(registry, cohort), "en", compare_published=True).table.columns.tolist()
    ['Result of the last TWE trajectory', 'N', '%', '% published']
    >>> sdc.reset()
    """
    table = result.copy()
    c_n, c_pct, c_pub = _t("col.n", language), _t("col.pct", language), _t("col.published_pct", language)
    if compare_published:
        from evalkit.reference import published

        pub = published("twe_last_result")
        table = table.merge(pub.rename(columns={"n": "published_n", "pct": "published_pct"}), on="result", how="left")
    names = [total_label(language) if r == "total" else label("twe", r, language) for r in table["result"]]
    rows = {n: ({"art60.twe": list(TWE_RESULTS)} if r == "total" else {"art60.twe": r})
            for n, r in zip(names, table["result"])}
    shown = pd.DataFrame({c_n: table["n"].to_numpy(), c_pct: table["pct"].to_numpy()}, index=names)
    if compare_published:
        small = table["published_n"].fillna(0).to_numpy() < min_cell_size
        shown[c_pub] = pd.Series(table["published_pct"].to_numpy(), index=names).astype(object).where(~small, "x")
    released = _release(shown, "twe", rows=rows, counts={c_n: {}}, shares={c_pct: (c_n, {"art60.twe": list(TWE_RESULTS)})},
                        decimals={c_pct: 1}, domains={"art60.twe": list(TWE_RESULTS) + [NO]}, unit=unit,
                        title="twe", language=language, min_cell_size=min_cell_size)
    released.table = _shown(released.table, _t("col.twe_result", language))
    return released


@degrades
def shown_share(released: Released, language: str = "nl"):
    """``(state, months) -> bool``: whether the released occupation table shows that share (the
    table's notice when it could not be made)."""
    table = released.table

    def shown(state: str, months_: float) -> bool:
        column = _t("col.after_months", language, months=months_)
        rows = table.index[table.iloc[:, 0] == label("state", state, language)]
        if not len(rows) or column not in table.columns:
            return False
        value = str(table.at[rows[0], column])
        return value not in ("x", _DASH, "")

    return shown
