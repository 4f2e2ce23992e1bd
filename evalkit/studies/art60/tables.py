"""The tables of the art. 60 report, each with its note: counts below ``min_cell_size`` are not
shown, shares that would reveal such a count are hidden (``x``), and shares beyond the time at which
fewer than ``min_cell_size`` persons are still followed are left out (``–``).
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from evalkit.errors import InputError, NotEstimable
from evalkit.publish import disclosure
from evalkit.publish.degrade import degrades
from evalkit.stats import survival
from evalkit.stats import transitions as tr
from evalkit.studies.art60.analysis import _DIFFERENCE_ORDER, OCCUPATION_MONTHS, AfterArt60, _at, _require_followed
from evalkit.studies.art60.categories import _order, _t, _with_unknown, label, variable_label
from evalkit.studies.art60.cells import _DASH, _INDENT, _count, _fmt_p, _pct, _pct_ci


def _note(note: str, hidden: bool, language: str, min_cell_size: int) -> str:
    """A table's note, followed by the sentence on hidden shares when the table hides one."""
    if not hidden:
        return note
    return f"{note} {_t('note.hidden_share', language, min_cell_size=min_cell_size)}"


@degrades
def use_table(start: pd.DataFrame, times_months: Sequence[float] = (12, 24, 36), language: str = "nl",
              min_cell_size: int = 10) -> tuple[pd.DataFrame, str]:
    """Use of art. 60 per trajectory: clients, clients with an art. 60 during follow-up, the
    cumulative incidence of a first art. 60 at the given months since intake, and the median and
    mean time to its start among those who started one.

    A share resting on fewer than ``min_cell_size`` starts is hidden (``x``); beyond the time at which
    fewer than ``min_cell_size`` clients are still followed it is not shown (``–``).

    Examples
    --------
    >>> from evalkit.studies.art60 import art60_start, examples
    >>> registry, cohort, jobs, after = examples.bundled()
    >>> table, note = use_table(art60_start(jobs), (12, 24), "en")
    >>> table.iloc[-1, :3].astype(str).tolist()
    ['Total', '1662', '1044']
    """
    rows = []
    groups = _order("trajectory", start["trajectory"].unique()) + ["total"]
    cif = survival.cumulative_incidence(start, "months", "cause", by="trajectory")
    cif_all = survival.cumulative_incidence(start, "months", "cause").assign(group="total")
    cif = pd.concat([cif, cif_all], ignore_index=True)
    cif = cif[cif["cause"] == 1]
    hidden = False
    for group in groups:
        part = start if group == "total" else start[start["trajectory"] == group]
        curve = cif[cif["group"] == group]
        starters = part[part["cause"] == 1]
        n_start = len(starters)
        row = {_t("col.trajectory", language): (_t("total", language) if group == "total"
                                                else label("trajectory_short", group, language)),
               _t("col.clients", language): _count(len(part), min_cell_size),
               _t("col.with_art60", language): _count(n_start, min_cell_size)}
        for t in times_months:
            at_risk = (part["months"] >= t).sum()
            events = int(((part["cause"] == 1) & (part["months"] <= t)).sum())
            key = _t("col.cif_months", language, months=f"{t:g}")
            if at_risk < min_cell_size:
                row[key] = _DASH
            elif 0 < events < min_cell_size:
                row[key], hidden = disclosure.SECONDARY_MARKER, True
            else:
                row[key] = _pct(_at(curve, t, "cif"))
        few = n_start < min_cell_size
        row[_t("col.median_months", language)] = _DASH if few else f"{starters['months'].median():.1f}"
        row[_t("col.mean_days", language)] = _DASH if few else f"{starters['days'].mean():.0f}"
        rows.append(row)
    note = _t("use.note", language, min_cell_size=min_cell_size)
    return pd.DataFrame(rows), _note(note, hidden, language, min_cell_size)


@degrades
def employer_table(spells: pd.DataFrame, language: str = "nl", min_cell_size: int = 10) -> tuple[pd.DataFrame, str]:
    """Art. 60 spells by type of employer: number and share of spells (and of persons).

    Examples
    --------
    >>> from evalkit.studies.art60 import examples
    >>> registry, cohort, jobs, after = examples.bundled()
    >>> table, note = employer_table(after.all_spells, "en")
    >>> table.iloc[:, 0].tolist()
    ['Public sector', 'Social profit', 'Social economy', 'Private sector', 'Total']
    """
    if "employer_type" not in spells.columns:
        raise InputError("spells lacks column 'employer_type'")
    if len(spells) == 0:
        raise NotEstimable("the cohort has no art. 60 spells", "no_art60")
    etype = _with_unknown(spells["employer_type"])
    counts = etype.value_counts()
    persons = spells.assign(_e=etype).groupby("_e")["person_id"].nunique()
    order = _order("employer_type", counts.index)
    table = pd.DataFrame({"category": order, "spells": counts.reindex(order).to_numpy(),
                          "persons": persons.reindex(order).to_numpy()})
    table = pd.concat([table, pd.DataFrame({"category": ["total"], "spells": [len(spells)],
                                            "persons": [spells["person_id"].nunique()]})], ignore_index=True)
    table["pct"] = (100 * table["spells"] / len(spells)).round(1) if len(spells) else np.nan
    shown, note = disclosure.suppress_counts(table.set_index("category"), ["spells", "persons"], min_cell_size,
                                             pct_columns={"spells": ["pct"]}, total_row="total", language=language)
    shown = shown.reset_index()
    shown["category"] = [(_t("total", language) if c == "total" else label("employer_type", c, language))
                         for c in shown["category"]]
    shown = shown[["category", "spells", "pct", "persons"]]
    shown.columns = [_t("col.employer_type", language), _t("col.spells", language), _t("col.pct_spells", language),
                     _t("col.persons", language)]
    return shown, note


@degrades
def next_state_table(after: AfterArt60, language: str = "nl", min_cell_size: int = 10) -> tuple[pd.DataFrame, str]:
    """The competing next states after art. 60: number of spells and cumulative incidence (%,
    95% interval) of each state group by the day the gap rule has decided (``max_gap_days + 1``),
    and the share that began the very next day. The rows account for every spell studied: those
    followed too briefly to know the next state, and those still running at the end of follow-up,
    are rows too, so that the disclosure rules also protect them.

    Examples
    --------
    >>> from evalkit.studies.art60 import examples
    >>> registry, cohort, jobs, after = examples.bundled()
    >>> table, note = next_state_table(after, "en")
    >>> table.iloc[0, :2].tolist()
    ['Regular job (NEC, incl. temporary agency)', 370]
    """
    _require_followed(after)
    ci = tr.next_state_incidence(after.next, groups=tr.STATE_GROUPS)
    decided = after.max_gap_days + 1
    counts = after.next[after.next["event"] > 0]["next_group"].value_counts()
    next_day = after.next[(after.next["event"] > 0) & (after.next["days"] == 0)]["next_group"].value_counts()
    order = _order("state", ci["state"].unique())
    table = pd.DataFrame({"category": order, "n": counts.reindex(order).fillna(0).astype(int).to_numpy()})
    table["cif"] = [_pct_ci(_at(ci[ci["state"] == s], decided, "cif"), _at(ci[ci["state"] == s], decided, "ci_lower"),
                            _at(ci[ci["state"] == s], decided, "ci_upper")) for s in order]
    table["next_day"] = [(100 * next_day.get(s, 0) / counts.get(s, 1)) if counts.get(s, 0) and s != tr.UNKNOWN
                         else np.nan for s in order]
    n_censored = int((after.next["event"] == 0).sum())
    n_running = len(after.spells) - len(after.next)
    extra = pd.DataFrame({"category": ["not_decided", "running", "total"],
                          "n": [n_censored, n_running, len(after.spells)],
                          "cif": ["", "", ""], "next_day": [np.nan, np.nan, np.nan]})
    table = pd.concat([table, extra], ignore_index=True)
    shown, note = disclosure.suppress_counts(table.set_index("category"), ["n"], min_cell_size,
                                             pct_columns={"n": ["cif", "next_day"]}, total_row="total",
                                             language=language)
    shown = shown.reset_index()
    shown["category"] = [_t(c, language) if c in ("total", "not_decided", "running") else label("state", c, language)
                         for c in shown["category"]]
    shown["next_day"] = [v if isinstance(v, str) else (_DASH if not np.isfinite(v) else f"{v:.0f}")
                         for v in shown["next_day"]]
    shown.columns = [_t("col.next_state", language), _t("col.spells", language),
                     _t("col.cif_next", language, days=decided), _t("col.pct_next_day", language)]
    return shown, f"{_t('next.note', language, days=decided)} {note}"


@degrades
def occupation_table(occ: pd.DataFrame, language: str = "nl", min_cell_size: int = 10) -> tuple[pd.DataFrame, str]:
    """State occupation at a few months after the end of art. 60 (%, 95% bootstrap interval): one
    row per state group, one column per month, and the number still followed.

    A share whose state holds fewer than ``min_cell_size`` observed persons is hidden (``x``), and
    where that would let it be recovered from the other shares of the column, the next smallest too.
    Months at which fewer than ``min_cell_size`` persons are still followed are not shown.

    Examples
    --------
    >>> from evalkit.studies.art60 import examples, occupation
    >>> registry, cohort, jobs, after = examples.bundled()
    >>> table, note = occupation_table(occupation(after, [6, 12], n_boot=20, seed=1), "en")
    >>> table.columns.tolist()
    ['Situation', 'After 6 months', 'After 12 months']
    """
    occ = occ[occ["group"] == occ["group"].iloc[0]]
    times = sorted(occ["months"].unique())
    states = _order("state", occ["state"].unique())
    counts = occ.pivot(index="state", columns="months", values="n_in_state").reindex(states)
    counts.loc["total"] = occ.groupby("months")["n_under_observation"].first().reindex(times)
    counts.columns = [f"m{i}" for i in range(len(times))]
    shown, _ = disclosure.suppress_counts(counts, list(counts.columns), min_cell_size, total_row="total",
                                          language=language)
    has_ci = "ci_lower" in occ.columns
    rows = []
    for s in states + ["total"]:
        row = {_t("col.state", language): _t("followed", language) if s == "total" else label("state", s, language)}
        for i, m in enumerate(times):
            key = _t("col.after_months", language, months=f"{m:g}")
            n_obs = counts.loc["total", f"m{i}"]
            if s == "total":
                row[key] = _count(n_obs, min_cell_size)
            elif n_obs < min_cell_size:
                row[key] = _DASH
            elif isinstance(shown.loc[s, f"m{i}"], str):
                row[key] = disclosure.SECONDARY_MARKER
            else:
                r = occ[(occ["state"] == s) & (occ["months"] == m)].iloc[0]
                row[key] = _pct_ci(r["probability"], r["ci_lower"], r["ci_upper"]) if has_ci else _pct(r["probability"])
        rows.append(row)
    out = pd.DataFrame(rows)
    hidden = any(isinstance(v, str) for v in shown.drop(index="total").to_numpy().ravel())
    note = _t("occupation.note", language)
    return out, _note(note, hidden, language, min_cell_size)


@degrades
def regular_job_table(cif: pd.DataFrame, times_months: Sequence[float] = OCCUPATION_MONTHS, language: str = "nl",
                      min_cell_size: int = 10) -> tuple[pd.DataFrame, str]:
    """Share (%, 95% interval) with a first regular job within the given months after art. 60.

    Examples
    --------
    >>> from evalkit.studies.art60 import examples, regular_job_incidence
    >>> registry, cohort, jobs, after = examples.bundled()
    >>> table, note = regular_job_table(regular_job_incidence(after), (12, 24), "en")
    >>> table.iloc[:, 1].tolist()
    ['45.3 (42.0–48.5)', '50.4 (46.9–53.8)']
    """
    rows = []
    part = cif[cif["cause"] == 1]
    for t in times_months:
        before = part[part["time"] <= t]
        at_risk = part[part["time"] >= t]["n_at_risk"]
        n_risk = at_risk.iloc[0] if len(at_risk) else 0
        events = before["n_events"].sum()
        key = _t("col.within_months", language)
        if n_risk < min_cell_size:
            value = _DASH
        elif 0 < events < min_cell_size:
            value = disclosure.SECONDARY_MARKER
        else:
            value = _pct_ci(_at(part, t, "cif"), _at(part, t, "ci_lower"), _at(part, t, "ci_upper"))
        rows.append({key: f"{t:g}", _t("col.pct_regular_job", language): value})
    _, note = disclosure.truncate_at_risk(cif, min_cell_size, by=["group", "cause"], language=language)
    return pd.DataFrame(rows), note


@degrades
def durable_table(indicators: pd.DataFrame, language: str = "nl", min_cell_size: int = 10) -> tuple[pd.DataFrame, str]:
    """The durable-employment indicators as a table: one row per population and horizon, one
    column per definition (%, 95% interval).

    Examples
    --------
    >>> from evalkit.studies.art60 import durable_indicators, examples
    >>> registry, cohort, jobs, after = examples.bundled()
    >>> ind = durable_indicators(registry, cohort, after, ["spell_365", "open_ended"], (24,), (12,))
    >>> table, note = durable_table(ind, "en")
    >>> table.columns.tolist()
    ['Indicator', 'Job of ≥ 365 days', 'Open-ended contract']
    """
    definitions = list(dict.fromkeys(indicators["definition"]))
    rows, hidden = [], False
    for (population, m), part in indicators.groupby(["population", "months"], sort=False):
        row = {_t("col.indicator", language): _t(f"durable.{population}", language, months=f"{m:g}")}
        for d in definitions:
            r = part[part["definition"] == d].iloc[0]
            key = _t(f"definition.{d}", language)
            if r["n_at_risk"] < min_cell_size:
                row[key] = _DASH
            elif 0 < r["n_events"] < min_cell_size:
                row[key], hidden = disclosure.SECONDARY_MARKER, True
            else:
                row[key] = _pct_ci(r["cif"], r["ci_lower"], r["ci_upper"])
        rows.append(row)
    note = _t("durable.note", language)
    return pd.DataFrame(rows), _note(note, hidden, language, min_cell_size)


@degrades
def differences_table(diff: pd.DataFrame, language: str = "nl", min_cell_size: int = 10,
                      at_months: float = 12) -> tuple[pd.DataFrame, str]:
    """The differences as a report table: a heading row per variable (with Gray's p-value), then one
    row per category.

    Next-state shares of a category are hidden where their count is below ``min_cell_size`` (and a
    second one where the hidden one could be recovered from the row total); the shares in regular
    work and with a regular job are hidden when they rest on fewer than ``min_cell_size`` persons
    or when fewer than ``min_cell_size`` spells of the category are still followed.

    Examples
    --------
    >>> from evalkit.studies.art60 import differences, examples
    >>> registry, cohort, jobs, after = examples.bundled()
    >>> table, note = differences_table(differences(after, ["employer_type"]), "en")
    >>> table.iloc[:, 0].tolist()
    ['Art. 60 employer', '· Public sector', '· Social profit', '· Social economy', '· Private sector']
    """
    states = [s for s in _DIFFERENCE_ORDER if f"n_{s}" in diff.columns]
    first_col = _t("col.characteristic", language)
    work_at = _t("col.regular_work_at", language, months=f"{at_months:g}")
    job_within = _t("col.regular_job_within", language, months=f"{at_months:g}")
    p_col = _t("col.p_next_regular", language)
    columns = [first_col, _t("col.spells", language)] + [label("state_short", s, language) for s in states] + \
        [work_at, job_within, p_col]
    rows, hidden = [], False
    for variable, block in diff.groupby("variable", sort=False):
        rows.append({**{c: "" for c in columns}, first_col: variable_label(variable, language),
                     p_col: _fmt_p(block["p_value_next_regular"].iloc[0])})
        for _, r in block.iterrows():
            counts = pd.DataFrame([{**{s: r[f"n_{s}"] for s in states}, "n": r["n"]}])
            shown, _ = disclosure.suppress_counts(counts, states, min_cell_size, total_column="n", language=language)
            name = label("trajectory_short" if variable == "trajectory" else variable, r["category"], language)
            row = {first_col: _INDENT + name, _t("col.spells", language): _count(r["n"], min_cell_size), p_col: ""}
            for s in states:
                v = shown.loc[0, s]
                if r["n"] < min_cell_size or isinstance(v, str):
                    row[label("state_short", s, language)] = disclosure.SECONDARY_MARKER
                    hidden = True
                else:
                    row[label("state_short", s, language)] = f"{r[f'pct_{s}']:.0f}"
            followed = r["n_followed_at"] >= min_cell_size and r["n"] >= min_cell_size
            for key, n_key, col in (("regular_work_at", "n_regular_work_at", work_at),
                                    ("regular_job_within", "n_regular_job_within", job_within)):
                if not followed:
                    row[col] = _DASH
                elif 0 < r[n_key] < min_cell_size:
                    row[col], hidden = disclosure.SECONDARY_MARKER, True
                else:
                    row[col] = f"{r[key]:.0f}"
            rows.append(row)
    out = pd.DataFrame(rows, columns=columns)
    note = _t("differences.note", language, months=f"{at_months:g}")
    return out, _note(note, hidden, language, min_cell_size)


@degrades
def landmark_table(result: pd.DataFrame, language: str = "nl", min_cell_size: int = 10) -> tuple[pd.DataFrame, str]:
    """The landmark comparison as a report table: a heading row per landmark, then one row per
    outcome and follow-up (percentages; differences in percentage points, 95% interval).

    Examples
    --------
    >>> from evalkit.studies.art60 import examples, landmark_comparison
    >>> registry, cohort, jobs, after = examples.bundled()
    >>> res = landmark_comparison(registry, jobs, landmarks=(12,), horizons=(12,), n_boot=20, seed=1)
    >>> table, note = landmark_table(res, "en")
    >>> for row in table.iloc[:, 0]:
    ...     print(row)
    Landmark 12 months after intake
    · Started a regular job within 12 months
    · In a regular job after 12 months
    """
    first_col = _t("col.outcome", language)
    keys = ("col.n_art60", "col.n_other", "col.pct_art60", "col.pct_other", "col.pct_other_adjusted", "col.difference")
    columns = [first_col] + [_t(k, language) for k in keys]
    rows, hidden = [], False
    for lm, block in result.groupby("landmark_months", sort=False):
        rows.append({**{c: "" for c in columns}, first_col: _t("landmark.at", language, months=f"{lm:g}")})
        for _, r in block.iterrows():
            row = {first_col: _INDENT + _t(f"landmark.{r['outcome']}", language, months=f"{r['horizon_months']:g}"),
                   _t("col.n_art60", language): _count(r["n_art60"], min_cell_size),
                   _t("col.n_other", language): _count(r["n_other"], min_cell_size)}
            # a share reveals both its count and the rest of its group
            small = any(0 < r[k] < min_cell_size or 0 < r[n] - r[k] < min_cell_size
                        for k, n in (("events_art60", "n_art60"), ("events_other", "n_other")))
            if small or min(r["n_art60"], r["n_other"]) < min_cell_size or not np.isfinite(r["difference"]):
                hidden = True
                for key in keys[2:]:
                    row[_t(key, language)] = disclosure.SECONDARY_MARKER
            else:
                row[_t("col.pct_art60", language)] = f"{r['pct_art60']:.1f}"
                row[_t("col.pct_other", language)] = f"{r['pct_other']:.1f}"
                row[_t("col.pct_other_adjusted", language)] = f"{r['pct_other_adjusted']:.1f}"
                row[_t("col.difference", language)] = (f"{r['difference']:+.1f} ({r['ci_lower']:+.1f} {_DASH} "
                                                       f"{r['ci_upper']:+.1f})")
            rows.append(row)
    out = pd.DataFrame(rows, columns=columns)
    balance = result["max_abs_smd_after"].max() if result["max_abs_smd_after"].notna().any() else np.nan
    note = _t("landmark.note", language, smd=f"{balance:.2f}" if np.isfinite(balance) else _DASH)
    return out, _note(note, hidden, language, min_cell_size)


@degrades
def twe_table(result: pd.DataFrame, language: str = "nl", min_cell_size: int = 10,
              compare_published: bool = False) -> tuple[pd.DataFrame, str]:
    """The TWE result table for the report, with the published figures beside ours when asked.

    Examples
    --------
    >>> from evalkit.studies.art60 import examples, twe_result
    >>> registry, cohort, jobs, after = examples.bundled()
    >>> table, note = twe_table(twe_result(registry, cohort), "en", compare_published=True)
    >>> table.columns.tolist()
    ['Result of the last TWE trajectory', 'N', '%', '% published']
    """
    table = result.copy()
    if compare_published:
        from evalkit.reference import published

        pub = published("twe_last_result")
        table = table.merge(pub.rename(columns={"n": "published_n", "pct": "published_pct"}), on="result", how="left")
    shown, note = disclosure.suppress_counts(table.set_index("result"), ["n"], min_cell_size,
                                             pct_columns={"n": ["pct"]}, total_row="total", language=language)
    shown = shown.reset_index()
    if compare_published:
        small = table["published_n"].fillna(0).to_numpy() < min_cell_size
        shown["published_pct"] = shown["published_pct"].where(~small, disclosure.SECONDARY_MARKER)
        shown = shown.drop(columns="published_n")
    shown["result"] = [_t("total", language) if r == "total" else label("twe", r, language) for r in shown["result"]]
    names = {"result": _t("col.twe_result", language), "n": _t("col.n", language), "pct": _t("col.pct", language),
             "published_pct": _t("col.published_pct", language)}
    return shown.rename(columns=names), note
