"""The report tables of the trajectory study, labelled in Dutch or English and through disclosure control.

Effects (:func:`effects_table`, :func:`truth_table`, :func:`sensitivity_table`, :func:`rmst_table`),
balance and weights (:func:`balance_summary`, :func:`weights_table`), trajectory changes
(:func:`transition_table`, :func:`change_table`) and the months in each state (:func:`mean_months_table`).
Differences and shares are in percentage points / percent. Every count or share of persons goes through
:func:`evalkit.publish.sdc.release_table` with the conditions of
:mod:`~evalkit.studies.trajectories.publication`; a hidden cell shows ``x``.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from evalkit.errors import InputError, NotEstimable
from evalkit.publish.sdc import MARKER, MISSING, NO, YES, YES_NO, Released, as_codes, release_table, status_variable
from evalkit.publish.degrade import Unavailable, degrades
from evalkit.stats import compare
from evalkit.studies.trajectories.analysis import TRAJECTORIES, Comparison
from evalkit.publish import labels
from evalkit.studies.trajectories.formatting import _ci, _count, _pct, _t, state_labels, total_label, trajectory_label
from evalkit.studies.trajectories.publication import (
    NO_CHANGE, NOT_OBSERVED, OUTSIDE, STATE_VARIABLE, Universe, change_codes, default_universe, group_variable,
    realised_domain, trajectory_codes)


def _hidden_differences(effects: Released | None) -> tuple[set, set]:
    """The (trajectory, horizon) pairs whose naive difference / adjusted estimates are hidden in a
    released :func:`effects_table` (its ``hidden_pairs``)."""
    if effects is None or isinstance(effects, Unavailable):
        return set(), set()
    return getattr(effects, "hidden_naive", set()), getattr(effects, "hidden_adjusted", set())


@degrades
def truth_table(truth: pd.DataFrame, language: str = "nl", effects: Released | None = None) -> pd.DataFrame:
    """:func:`synthetic_truth` for the report: percentage points, with intervals; the naive and
    adjusted differences hidden (``x``) where the released ``effects`` table hides them."""
    naive_hidden, adjusted_hidden = _hidden_differences(effects)
    rows = []
    for r in truth.itertuples(index=False):
        key = (r.trajectory, int(r.horizon))
        rows.append({_t("col.trajectory", language): trajectory_label(r.trajectory, language),
                     _t("col.horizon", language): int(r.horizon),
                     _t("col.naive", language): MARKER if key in naive_hidden else _pct(r.naive_difference),
                     _t("col.adjusted", language): MARKER if key in adjusted_hidden else _pct(r.adjusted_difference),
                     _t("col.adjusted_ci", language): MARKER if key in adjusted_hidden else
                     _ci(r.adjusted_ci_lower, r.adjusted_ci_upper, language),
                     _t("col.latent", language): _pct(r.latent_difference),
                     _t("col.latent_ci", language): _ci(r.latent_ci_lower, r.latent_ci_upper, language),
                     _t("col.true", language): _pct(r.true_difference)})
    return pd.DataFrame(rows)


def job_codes(horizons: Sequence[float]) -> list[str]:
    """Values of ``trajectories.first_job``: first job within each period, later, none (as
    :func:`~evalkit.studies.trajectories.publication.change_codes`)."""
    return change_codes(horizons)


#: The profile study's names for "a first job during follow-up" and "... within 12 months of intake"
#: (evalkit.studies.profiles.release): the same persons as groups of ``trajectories.first_job``.
PROFILES_FIRST_JOB, PROFILES_FIRST_JOB_12M = "profiles.first_job", "profiles.first_job_12m"


def first_job_groupings(horizons: Sequence[float]) -> dict[str, tuple[str, dict[str, list[str]]]]:
    """The profile study's first-job variables as groupings of ``trajectories.first_job`` (both read
    the first job of :func:`evalkit.outcomes.first_jobs` on the same cohort; 12 months are 365.25 days,
    so "within 12 months" is "within 365 days"), so that a reader who puts the two reports side by
    side is modelled (:meth:`evalkit.publish.sdc.Ledger.coarsen`).

    Examples
    --------
    >>> first_job_groupings([12, 24])["profiles.first_job_12m"]
    ('trajectories.first_job', {'ja': ['0-12'], 'nee': ['12-24', 'na_24', 'nee']})
    >>> list(first_job_groupings([6]))
    ['profiles.first_job']
    """
    codes = job_codes(horizons)
    out = {PROFILES_FIRST_JOB: ("trajectories.first_job", {YES: codes[:-1], NO: codes[-1:]})}
    if 12 in [float(h) for h in horizons]:
        i = [float(h) for h in horizons].index(12.0)
        out[PROFILES_FIRST_JOB_12M] = ("trajectories.first_job", {YES: codes[:i + 1], NO: codes[i + 1:]})
    return out


@degrades
def job_shares_table(result: Comparison, frame: pd.DataFrame, language: str = "nl", min_cell_size: int = 10,
                     u: Universe | None = None) -> Released:
    """Per group of each comparison: persons, persons with a first job by each horizon, the naive share
    with a job (``naive_<h>``) and the adjusted share (``adjusted_<h>``), through disclosure control.

    Without censoring before a horizon the naive share is the persons with a job by then over the
    persons of the group (the Kaplan-Meier estimate is that share) and is released as a share;
    otherwise it is hidden with its counts. The adjusted share is a model estimate, hidden with the
    counts of its group. The effects, RMST and sensitivity tables take their hidden cells from here.
    """
    u = u if u is not None else default_universe(frame, min_cell_size, language)
    u = Universe(u.population, u.domains, min_cell_size, language)
    variable = group_variable(result.group)
    horizons = [float(h) for h in sorted(result.effects["horizon"].unique())]
    codes = job_codes(horizons)
    domains = dict(u.domains)
    if variable != "trajectory":
        domains[variable] = trajectory_codes(set(domains.get("trajectory", [])) | set(result.weights["group"])) + \
            ([OUTSIDE] if u.population else [])
    domains["trajectories.age_25_or_younger"] = list(YES_NO)
    domains["trajectories.first_job"] = codes
    outcome = frame.set_index("intake_id")[["months_to_job", "job"]]
    rows, data = {}, []
    censored = {h: False for h in horizons}
    for comp, part in result.weights.groupby("comparison", sort=False):
        traj = part["trajectory"].iloc[0]
        effects = result.effects[result.effects["comparison"] == comp].set_index("horizon")
        for group in (result.reference, traj):
            members = outcome.loc[part.loc[part["group"] == group, "intake_id"]]
            label = f"{trajectory_label(traj, language)} | {trajectory_label(group, language)}"
            where = {variable: group}
            if traj == "jongerentraject_esf" and group != traj:
                where["trajectories.age_25_or_younger"] = YES
            rows[label] = where
            side = "reference" if group == result.reference else "trajectory"
            row = {"row": label, "trajectory": traj, "group": group, "n": len(members)}
            for h in horizons:
                job = (members["job"] > 0) & (members["months_to_job"] <= h)
                row[f"job_{int(h)}"] = int(job.sum())
                censored[h] |= bool(((members["job"] == 0) & (members["months_to_job"] < h)).any())
                row[f"naive_{int(h)}"] = round(100 * float(effects.at[h, f"naive_share_{side}"]), 1)
                row[f"adjusted_{int(h)}"] = round(100 * float(effects.at[h, f"adjusted_share_{side}"]), 1)
            data.append(row)
    table = pd.DataFrame(data).set_index("row")
    table.index.name = None
    counts = {"n": {}}
    shares, hide_with = {}, {}
    for i, h in enumerate(horizons):
        counts[f"job_{int(h)}"] = {"trajectories.first_job": codes[:i + 1]}
        if not censored[h]:
            shares[f"naive_{int(h)}"] = (f"job_{int(h)}", "n")
        hide_with[f"naive_{int(h)}"] = ["n", f"job_{int(h)}"]
        hide_with[f"adjusted_{int(h)}"] = ["n", f"job_{int(h)}"]
    output = "job_shares" if result.group == "trajectory" else f"job_shares_{result.group}"
    return release_table(table, output, rows=rows, counts=counts, shares=shares, population=u.population,
                         domains=domains, decimals=1, hide_with=hide_with, coarsenings=first_job_groupings(horizons),
                         title=(_t("effects.caption", language) if result.group == "trajectory"
                                else f'{_t("effects.caption", language)} ({_t("itt_at.at", language).lower()})'),
                         policy=u.policy, language=language)


def _group_cells(shares: Released | None) -> dict:
    """(comparison trajectory, group) -> row label of a released :func:`job_shares_table`."""
    if shares is None or isinstance(shares, Unavailable):
        return {}
    return {(r.trajectory, r.group): label for label, r in shares.table.iterrows()}


def _group_hidden(shares: Released | None, traj: str, reference: str, columns: Sequence[str]) -> bool:
    """Whether any of ``columns`` is hidden for either group of a comparison (all hidden without a
    released table of the groups)."""
    if shares is None or isinstance(shares, Unavailable):
        return True
    cells = _group_cells(shares)
    for group in (reference, traj):
        label = cells.get((traj, group))
        if label is None or any(not shares.shown(label, c) for c in columns):
            return True
    return False


@degrades
def effects_table(result: Comparison, language: str = "nl", truth: pd.DataFrame | None = None,
                  shares: Released | None = None, frame: pd.DataFrame | None = None, min_cell_size: int = 10,
                  u: Universe | None = None) -> Released:
    """Naive and adjusted differences in the share with a job, per comparison and horizon (percentage
    points), for the report; with the true difference beside them when ``truth`` is given.

    The shares and differences rest on the released :func:`job_shares_table` (``shares``, released
    here from ``frame`` when not given): a share is hidden with its group's counts, a difference with
    either share. ``hidden_naive`` and ``hidden_adjusted`` of the result name the (trajectory,
    horizon) pairs whose naive / adjusted numbers are hidden.
    """
    if shares is None:
        if frame is None:
            raise InputError("effects_table needs the released job_shares_table (shares) or the analysis frame")
        shares = job_shares_table(result, frame, language, min_cell_size, u)
    cells = _group_cells(shares)
    rows, hidden, naive_hidden, adjusted_hidden = [], set(), set(), set()
    c_ref, c_traj = _t("col.share_reference", language), _t("col.share_trajectory", language)
    c_naive, c_naive_ci = _t("col.naive", language), _t("col.naive_ci", language)
    c_adj, c_adj_ci = _t("col.adjusted", language), _t("col.adjusted_ci", language)
    for i, r in enumerate(result.effects.itertuples(index=False)):
        h = int(r.horizon)
        ref_label, traj_label = cells.get((r.trajectory, result.reference)), cells.get((r.trajectory, r.trajectory))
        ref_adj = ref_label is not None and shares.shown(ref_label, f"adjusted_{h}")
        traj_adj = traj_label is not None and shares.shown(traj_label, f"adjusted_{h}")
        naive_ok = not _group_hidden(shares, r.trajectory, result.reference, [f"naive_{h}"])
        row = {_t("col.trajectory", language): trajectory_label(r.trajectory, language),
               _t("col.horizon", language): h,
               c_ref: shares.value(ref_label, f"adjusted_{h}") if ref_adj else MARKER,
               c_traj: shares.value(traj_label, f"adjusted_{h}") if traj_adj else MARKER,
               c_naive: _pct(r.naive_difference) if naive_ok else MARKER,
               c_naive_ci: _ci(r.naive_ci_lower, r.naive_ci_upper, language) if naive_ok else MARKER,
               c_adj: _pct(r.adjusted_difference) if ref_adj and traj_adj else MARKER,
               c_adj_ci: _ci(r.adjusted_ci_lower, r.adjusted_ci_upper, language) if ref_adj and traj_adj else MARKER}
        if not naive_ok:
            naive_hidden.add((r.trajectory, h))
        if not (ref_adj and traj_adj):
            adjusted_hidden.add((r.trajectory, h))
        hidden |= {(i, c) for c, v in row.items() if isinstance(v, str) and v == MARKER}
        if truth is not None:
            t = truth[(truth["trajectory"] == r.trajectory) & (truth["horizon"] == r.horizon)]
            row[_t("col.true", language)] = _pct(t["true_difference"].iloc[0]) if len(t) else np.nan
        rows.append(row)
    out = Released(pd.DataFrame(rows), shares.note, hidden, shares.output)
    out.hidden_naive, out.hidden_adjusted = naive_hidden, adjusted_hidden
    return out


@degrades
def sensitivity_table(result: Comparison, language: str = "nl", shares: Released | None = None) -> Released:
    """Adjusted risk ratio of a job per comparison and horizon, with its E-values; hidden where an
    adjusted share of either group is hidden in the released :func:`job_shares_table` (``shares``)."""
    rows, hidden = [], set()
    for i, r in enumerate(result.effects.itertuples(index=False)):
        h = int(r.horizon)
        off = _group_hidden(shares, r.trajectory, result.reference, ["n", f"adjusted_{h}"])
        row = {_t("col.trajectory", language): trajectory_label(r.trajectory, language),
               _t("col.horizon", language): h,
               _t("col.ratio", language): MARKER if off else round(r.adjusted_ratio, 2),
               _t("col.ratio_ci", language): MARKER if off else _ci(r.ratio_ci_lower, r.ratio_ci_upper, language, 1, 2),
               _t("col.evalue", language): MARKER if off else round(r.evalue_estimate, 2),
               _t("col.evalue_ci", language): MARKER if off else round(r.evalue_ci, 2)}
        hidden |= {(i, c) for c, v in row.items() if isinstance(v, str) and v == MARKER}
        rows.append(row)
    note = shares.note if shares is not None and not isinstance(shares, Unavailable) else ""
    return Released(pd.DataFrame(rows), _note_of(hidden, note), hidden, "sensitivity")


@degrades
def rmst_table(result: Comparison, language: str = "nl", shares: Released | None = None) -> Released:
    """Restricted mean months without a job (naive and adjusted) and their differences; a comparison is
    hidden where the persons of either group are hidden in the released :func:`job_shares_table`."""
    rows, hidden = [], set()
    for i, r in enumerate(result.rmst[result.rmst["kind"] == "adjusted"].itertuples(index=False)):
        naive = result.rmst[(result.rmst["kind"] == "naive") & (result.rmst["trajectory"] == r.trajectory)].iloc[0]
        off = _group_hidden(shares, r.trajectory, result.reference, ["n"])
        row = {_t("col.trajectory", language): trajectory_label(r.trajectory, language),
               _t("col.rmst_reference", language): MARKER if off else round(r.rmst_reference, 1),
               _t("col.rmst_trajectory", language): MARKER if off else round(r.rmst_trajectory, 1),
               _t("col.naive", language): MARKER if off else round(naive["difference"], 1),
               _t("col.adjusted", language): MARKER if off else round(r.difference, 1),
               _t("col.adjusted_ci", language): MARKER if off else _ci(r.ci_lower, r.ci_upper, language, 1, 1)}
        hidden |= {(i, c) for c, v in row.items() if isinstance(v, str) and v == MARKER}
        rows.append(row)
    note = shares.note if shares is not None and not isinstance(shares, Unavailable) else ""
    return Released(pd.DataFrame(rows), _note_of(hidden, note), hidden, "rmst")


@degrades
def balance_summary(result: Comparison, language: str = "nl") -> pd.DataFrame:
    """Per comparison: covariate terms, the largest imbalance before and after weighting, and how
    many terms exceed the 0.1 threshold before and after."""
    rows = []
    for comp, part in result.balance.groupby("comparison", sort=False):
        before = part["diff_unadjusted"].abs()
        after = part["diff_adjusted"].abs()
        rows.append({_t("col.trajectory", language): trajectory_label(part["trajectory"].iloc[0], language),
                     _t("col.terms", language): len(part),
                     _t("col.max_before", language): round(before.max(), 3),
                     _t("col.max_after", language): round(after.max(), 3),
                     _t("col.over_before", language): int((before > compare.BALANCE_THRESHOLD).sum()),
                     _t("col.over_after", language): int((after > compare.BALANCE_THRESHOLD).sum())})
    return pd.DataFrame(rows)


def _universe(u: Universe | None, frame: pd.DataFrame, language: str, min_cell_size: int) -> Universe:
    if u is None:
        return default_universe(frame, min_cell_size, language)
    return Universe(u.population, u.domains, min_cell_size, language)


def _shown(released: Released, names: dict, first: str | None = None) -> Released:
    """``released`` with its columns (and hidden cells) renamed for the report; ``first`` names its
    row labels (the index), which the report shows as the first column under that heading.

    Examples
    --------
    >>> t = Released(pd.DataFrame({"n": [12]}, index=["Linear"]), "", {("Linear", "n")})
    >>> out = _shown(t, {"n": "Persons"}, "Trajectory")
    >>> out.table.index.name, list(out.table.columns), out.hidden
    ('Trajectory', ['Persons'], {('Linear', 'Persons')})
    """
    table = released.table.rename(columns=names)
    if first is not None:
        table = table.rename_axis(first)
    hidden = {(r, names.get(c, c)) for r, c in released.hidden}
    return Released(table, released.note, hidden, released.output)


def _status_domain(snapshot: pd.DataFrame) -> tuple[list[str], list[str]]:
    """All status codes (the code list, those present, and missing) and the codes that mean work."""
    from evalkit.outcomes import work_codes

    codes = work_codes()
    present = set(as_codes(snapshot["status_code"]))
    values = sorted({str(c) for c in codes} | present - {MISSING}, key=int) + [MISSING]
    return values, [str(c) for c, w in codes.items() if w == 1]


@degrades
def intakes_table(frame: pd.DataFrame, u: Universe | None = None, language: str = "nl",
                  min_cell_size: int = 10) -> Released:
    """The number of intakes of the analysis frame (one cell), through disclosure control; the data
    sentence of the report takes it from here.

    Examples
    --------
    >>> import pandas as pd
    >>> from evalkit.publish.sdc import reset
    >>> from evalkit.studies.trajectories.publication import universe
    >>> reset()
    >>> cohort = pd.DataFrame({"intake_id": range(40), "trajectory": "lineair"})
    >>> int(intakes_table(cohort.iloc[:25], universe(cohort, cohort.iloc[:25])).value("total", "n"))
    25
    >>> reset()
    """
    u = _universe(u, frame, language, min_cell_size)
    table = pd.DataFrame({"n": [len(frame)]}, index=["total"])
    return release_table(table, "intakes", rows={"total": {}}, counts={"n": {}}, population=u.population,
                         domains=u.domains, title=_t("col.n", language), policy=u.policy, language=language)


@degrades
def raw_work_table(snapshot: pd.DataFrame, snapshot_date, u: Universe | None = None, language: str = "nl",
                   min_cell_size: int = 10) -> Released:
    """Persons at work on the snapshot date per assigned trajectory (the evaluation's cross-table).

    ``snapshot`` is :func:`evalkit.outcomes.cohort_snapshot`; its cells are described by the status
    on that date (``status@YYYY-MM-DD``: work = the work codes, no work = every other code or none).
    """
    from evalkit.outcomes import require_status

    require_status(snapshot)
    u = _universe(u, snapshot, language, min_cell_size)
    values, work = _status_domain(snapshot)
    variable = status_variable(snapshot_date)
    rest = [v for v in values if v not in work]
    code = as_codes(snapshot["status_code"])
    at_work = code.isin(work)
    order = trajectory_codes(snapshot["trajectory"])
    rows, data = {}, []
    population = dict(u.population)
    for traj in order + ["total"]:
        sel = snapshot["trajectory"].eq(traj) if traj != "total" else pd.Series(True, index=snapshot.index)
        label = trajectory_label(traj, language) if traj != "total" else total_label(language)
        rows[label] = {"trajectory": traj} if traj != "total" else {}
        n, k = int(sel.sum()), int((sel & at_work).sum())
        data.append({"row": label, "no_work": n - k, "work": k, "total": n,
                     "pct_work": round(100 * k / n, 1) if n else np.nan})
    table = pd.DataFrame(data).set_index("row")
    table.index.name = None
    released = release_table(
        table, "raw_work", rows=rows, counts={"no_work": {variable: rest}, "work": {variable: work}, "total": {}},
        shares={"pct_work": ("work", "total")}, population=population,
        domains={**u.domains, variable: values}, decimals=1,
        title=_t("raw.caption", language, snapshot_date=pd.Timestamp(snapshot_date).date()), policy=u.policy,
        language=language)
    # the status categories and the total are named as in every report
    names = labels.column_labels(["no_work", "work", "total", "pct_work"], language)
    out = _shown(released, names, _t("col.trajectory", language))
    out.source = released  # as released (disclosure/tables/<report>/raw_work.csv): the cells of key findings
    return out


@degrades
def weights_table(result: Comparison, language: str = "nl", min_cell_size: int = 10, u: Universe | None = None,
                  frame: pd.DataFrame | None = None) -> Released:
    """Persons, effective sample size and largest weight per group of each comparison.

    The persons trimmed are shown only when the weights were trimmed (``trim``); the effective sample
    size and the largest weight are hidden with the number of persons of their group.
    """
    if u is None:
        groups = sorted(set(result.weights["group"]))
        u = default_universe(frame if frame is not None else pd.DataFrame(
            {"intake_id": range(len(groups)), "trajectory": groups}), min_cell_size, language)
    u = Universe(u.population, u.domains, min_cell_size, language)
    variable = group_variable(result.group)
    domains = dict(u.domains)
    if variable != "trajectory":
        domains[variable] = trajectory_codes(set(domains.get("trajectory", [])) | set(result.weights["group"])) + \
            ([OUTSIDE] if u.population else [])
    domains["trajectories.age_25_or_younger"] = list(YES_NO)
    trimmed = result.settings.get("trim") is not None
    rows, data = {}, []
    for r in result.weight_report.itertuples(index=False):
        label = f"{trajectory_label(r.trajectory, language)} | {trajectory_label(r.group, language)}"
        where = {variable: r.group}
        if r.trajectory == "jongerentraject_esf" and r.group != r.trajectory:
            where["trajectories.age_25_or_younger"] = YES
        rows[label] = where
        row = {"row": label, "comparison": trajectory_label(r.trajectory, language),
               "group": trajectory_label(r.group, language), "n": int(r.n), "ess": int(round(r.ess)),
               "max_weight": round(r.max_weight, 2)}
        if trimmed:
            row["trimmed"] = int(r.n_trimmed)
        data.append(row)
    table = pd.DataFrame(data).set_index("row")
    table.index.name = None
    counts = {"n": {}}
    if trimmed:
        domains["trajectories.trimmed"] = list(YES_NO)
        counts["trimmed"] = {"trajectories.trimmed": YES}
    released = release_table(table, "weights", rows=rows, counts=counts, population=u.population,
                             domains=domains, hide_with={"ess": ["n"], "max_weight": ["n"]},
                             title=_t("weights.caption", language), policy=u.policy, language=language)
    names = {"comparison": _t("col.comparison", language), "group": _t("col.group", language),
             "n": _t("col.n", language), "ess": _t("col.ess", language),
             "max_weight": _t("col.max_weight", language), "trimmed": _t("col.trimmed", language)}
    out = _shown(released, names)
    out.table = out.table.reset_index(drop=True)
    return out


@degrades
def transition_table(frame: pd.DataFrame, language: str = "nl", min_cell_size: int = 10,
                     u: Universe | None = None) -> Released:
    """Assigned (rows) by realised trajectory (columns), with totals, through disclosure control.

    The table is indexed by the labels of the assigned trajectories (and the total), its index named
    as the "assigned trajectory" column the report shows first.

    Examples
    --------
    >>> import pandas as pd
    >>> from evalkit.publish.sdc import reset
    >>> f = pd.DataFrame({"intake_id": range(50), "trajectory": ["lineair"] * 30 + ["geintegreerd_vdab"] * 20,
    ...                   "realised_trajectory": ["lineair"] * 25 + ["geintegreerd_vdab"] * 25})
    >>> table = transition_table(f, "en").table
    >>> table.index.name, list(table.index)
    ('Assigned trajectory', ['Linear', 'Integrated VDAB', 'Total'])
    >>> [str(v) for v in table.loc["Linear"]]
    ['x', 'x', '30']
    >>> reset()
    """
    for col in ("intake_id", "trajectory", "realised_trajectory"):
        if col not in frame.columns:
            raise InputError(f"the analysis frame lacks column '{col}'")
    u = _universe(u, frame, language, min_cell_size)
    order = trajectory_codes(set(frame["trajectory"]) | set(frame["realised_trajectory"]))
    counts = pd.crosstab(frame["trajectory"], frame["realised_trajectory"]).reindex(index=order, columns=order,
                                                                                   fill_value=0)
    counts["total"] = counts.sum(axis=1)
    counts.loc["total"] = counts.sum(axis=0)
    rows = {t: {"trajectory": t} for t in order}
    rows["total"] = {}
    columns = {t: {"trajectories.realised": t} for t in order}
    columns["total"] = {}
    domains = {**u.domains, "trajectories.realised": realised_domain(frame, u)}
    released = release_table(counts, "transitions", rows=rows, counts=columns, population=u.population,
                             domains=domains, title=_t("itt.transition_caption", language), policy=u.policy,
                             language=language)
    names = {t: trajectory_label(t, language) for t in order}
    names["total"] = total_label(language)
    out = released.table.rename(index=names, columns=names)
    out.columns.name = None
    out.index.name = _t("col.assigned", language)
    hidden = {(names[r], names[c]) for r, c in released.hidden}
    return Released(out, released.note, hidden, released.output)


@degrades
def change_table(frame: pd.DataFrame, months: Sequence[float] = (12, 24), language: str = "nl",
                 min_cell_size: int = 10, u: Universe | None = None) -> Released:
    """Share of each assigned trajectory whose trajectory changed within the given months, with the
    number of persons changed.

    Without censoring before a month the share is the persons changed by then over the persons of
    the trajectory (the Kaplan-Meier estimate is that share), released as a share; otherwise the
    Kaplan-Meier estimate is hidden with the number changed.
    """
    from evalkit.stats import survival

    for col in ("trajectory", "changed", "months_to_change"):
        if col not in frame.columns:
            raise InputError(f"the analysis frame lacks column '{col}'")
    u = _universe(u, frame, language, min_cell_size)
    months = [float(m) for m in months]
    codes = change_codes(months)
    km = survival.kaplan_meier(frame, "months_to_change", "changed", by="trajectory")
    at = survival.survival_at(km, months)
    rows, data = {}, []
    censored_early = {m: False for m in months}
    for traj in trajectory_codes(frame["trajectory"]):
        part = frame[frame["trajectory"] == traj]
        label = trajectory_label(traj, language)
        rows[label] = {"trajectory": traj}
        row = {"row": label, "assigned": label, "n": len(part), "changed": int(part["changed"].sum())}
        for m in months:
            v = at[(at["group"] == traj) & (at["time"] == m)]["survival"].iloc[0]
            row[f"by_{int(m)}"] = _pct(1 - v)
            row[f"n_by_{int(m)}"] = int(((part["changed"] == 1) & (part["months_to_change"] <= m)).sum())
            censored_early[m] |= bool(((part["changed"] == 0) & (part["months_to_change"] < m)).any())
        data.append(row)
    table = pd.DataFrame(data).set_index("row")
    table.index.name = None
    counts = {"n": {}, "changed": {"trajectories.change": [c for c in codes if c != NO_CHANGE]}}
    shares, hide_with = {}, {}
    for i, m in enumerate(months):
        counts[f"n_by_{int(m)}"] = {"trajectories.change": codes[:i + 1]}
        if censored_early[m]:
            hide_with[f"by_{int(m)}"] = ["changed", f"n_by_{int(m)}"]
        else:
            shares[f"by_{int(m)}"] = (f"n_by_{int(m)}", "n")
            hide_with[f"by_{int(m)}"] = [f"n_by_{int(m)}"]
    released = release_table(table, "changes", rows=rows, counts=counts, shares=shares, population=u.population,
                             domains={**u.domains, "trajectories.change": codes}, decimals=1, hide_with=hide_with,
                             title=_t("itt.change_caption", language), policy=u.policy, language=language)
    # the numbers changed by each month stand in the ledger (and the data beside the report) only
    shown = released.table.drop(columns=[f"n_by_{int(m)}" for m in months])
    names = {"assigned": _t("col.assigned", language), "n": _t("col.n", language),
             "changed": _t("col.changed", language)}
    names.update({f"by_{int(m)}": _t("col.changed_by", language, months=int(m)) for m in months})
    out = _shown(Released(shown, released.note, {h for h in released.hidden if h[1] in shown.columns},
                          released.output), names)
    out.table = out.table.reset_index(drop=True)
    out.source = released  # as released (disclosure/tables/<report>/changes.csv): the cells of key findings
    return out


@degrades
def mean_months_table(seq: pd.DataFrame, frame: pd.DataFrame, language: str = "nl",
                      min_cell_size: int = 10, u: Universe | None = None) -> Released:
    """Mean months in each state per assigned trajectory (rows: states, columns: trajectories), among
    the persons followed for the whole period; a trajectory's means are hidden with its number of
    such persons (the row ``n``). Not estimable when no trajectory has ``min_cell_size`` of them.
    """
    from evalkit.stats import sequences

    u = _universe(u, frame, language, min_cell_size)
    groups = frame.set_index("intake_id")["trajectory"]
    mt = sequences.mean_time_in_states(seq, groups)
    if mt.empty or mt["n_persons"].max() < min_cell_size:
        largest = int(mt["n_persons"].max()) if len(mt) else 0
        raise NotEstimable(f"no trajectory has {min_cell_size} persons followed for the whole period "
                           f"(at most {largest})",
                           "too_few_persons", n=_count(largest, min_cell_size), min_n=min_cell_size)
    wide = mt.pivot(index="group", columns="state", values="mean_months").fillna(0.0).round(1)
    states = [s for s in sequences.STATES if s in wide.columns]
    order = trajectory_codes(wide.index)
    wide = wide.reindex(index=order, columns=states)
    wide.insert(0, "n", mt.drop_duplicates("group").set_index("group")["n_persons"].reindex(order).astype(int))
    wide.index.name = None
    wide.columns.name = None
    everyone = len(mt.drop_duplicates("group")) and bool(
        (wide["n"] == frame["trajectory"].value_counts().reindex(order).fillna(0)).all())
    followed = {} if everyone else {"trajectories.followed": YES}
    domains = dict(u.domains) if everyone else {**u.domains, "trajectories.followed": list(YES_NO)}
    released = release_table(wide, "mean_months", rows={t: {"trajectory": t} for t in order},
                             counts={"n": followed}, population=u.population, domains=domains,
                             hide_with={s: ["n"] for s in states}, title=_t("sequences.caption", language, months=int(seq["month"].max()) + 1),
                             policy=u.policy, language=language)
    labels = state_labels(language)
    # as objects, so that the row of persons keeps its whole numbers beside the means
    shown = released.table.astype(object).T
    shown.index = [_t("col.n", language) if s == "n" else labels[s] for s in shown.index]
    shown.columns = [trajectory_label(t, language) for t in shown.columns]
    shown.index.name = _t("col.state", language)
    hidden = {(_t("col.n", language) if c == "n" else labels[c], trajectory_label(r, language))
              for r, c in released.hidden}
    return Released(shown.reset_index(), released.note, hidden, released.output)


#: Row of a chronogram table over all trajectories together.
ALL_GROUPS = "all"


@degrades
def chronogram_table(seq: pd.DataFrame, groups: pd.Series, month: int, language: str = "nl",
                     min_cell_size: int = 10, u: Universe | None = None, pooled: bool = False) -> Released:
    """The state shares of one month since intake per group (rows), through disclosure control.

    Columns ``n`` (persons observed that month), ``n_<state>`` and ``<state>`` (percent of the
    observed); cells are described by ``trajectories.state_mNN``. A state that reaches
    ``min_cell_size`` persons in fewer than half of the rows is merged into
    :data:`~evalkit.stats.sequences.OTHER` (the codes it stands for). With ``pooled`` the table has one
    row, :data:`ALL_GROUPS`: every trajectory together (output ``chronogram_mNN_all``).
    """
    from evalkit.stats import sequences

    frame = pd.DataFrame({"intake_id": groups.index, "trajectory": groups.to_numpy()})
    u = _universe(u, frame, language, min_cell_size)
    variable = STATE_VARIABLE.format(month=int(month))
    all_states = list(sequences.STATES)
    part = seq[(seq["month"] == month) & seq["state"].notna()]
    part = part.assign(group=ALL_GROUPS if pooled else part["intake_id"].map(groups))
    order = [ALL_GROUPS] if pooled else trajectory_codes(groups)
    counts = pd.crosstab(part["group"], part["state"]).reindex(index=order, columns=all_states, fill_value=0)
    n_observed = counts.sum(axis=1)
    kept = [s for s in all_states if 2 * int((counts[s] >= min_cell_size).sum()) >= len(order)]
    merged = [s for s in all_states if s not in kept and counts[s].sum() > 0]
    codes = {s: [s] for s in kept}
    if merged:
        codes[sequences.OTHER] = merged
    table = pd.DataFrame({"n": n_observed}, index=order)
    for s, members in codes.items():
        table[f"n_{s}"] = counts[members].sum(axis=1)
    for s in codes:
        table[s] = (100 * table[f"n_{s}"] / table["n"].where(table["n"] > 0)).round(1)
    table.index.name = None
    # a value nobody has would be a derivable zero: "not observed" only when someone is
    someone_unseen = bool(u.population) or len(part) < len(groups)
    rows = {ALL_GROUPS: {}} if pooled else {g: {"trajectory": g} for g in order}
    output = f"chronogram_m{int(month):02d}" + ("_all" if pooled else "")
    domains = {**u.domains, variable: all_states + ([NOT_OBSERVED] if someone_unseen else [])}
    if pooled:
        # shares only: the number observed, with the intakes published elsewhere, would give the
        # (often small) number not observed, and hiding it would hide every share with it
        return release_table(
            table[list(codes)], output, rows=rows, counts={},
            shares={s: ({variable: m}, {variable: all_states}) for s, m in codes.items()},
            population=u.population, domains=domains, decimals=1,
            title=_t("chronogram.caption", language, month=int(month)), policy=u.policy, language=language)
    return release_table(
        table, output, rows=rows,
        counts={"n": {variable: all_states}, **{f"n_{s}": {variable: m} for s, m in codes.items()}},
        shares={s: (f"n_{s}", "n") for s in codes}, population=u.population,
        domains={**u.domains, variable: all_states + ([NOT_OBSERVED] if someone_unseen else [])},
        decimals=1,
        hide_with={s: [f"n_{s}"] for s in codes},
        title=_t("chronogram.caption", language, month=int(month)), policy=u.policy, language=language)


@degrades
def effect_summary_table(effects: Released, horizon: float, language: str = "nl") -> Released:
    """The released :func:`effects_table` at one horizon, one row per compared trajectory (its label
    the row's name): the adjusted share with a job in the reference group and in the trajectory,
    their difference with its interval, and the naive difference; hidden cells stay hidden.

    Examples
    --------
    >>> import pandas as pd
    >>> cols = [_t(c, "en") for c in ("col.trajectory", "col.horizon", "col.share_reference",
    ...         "col.share_trajectory", "col.naive", "col.naive_ci", "col.adjusted", "col.adjusted_ci")]
    >>> long = Released(pd.DataFrame([["Integrated VDAB", 24, 49.7, 84.6, 40.2, "a", 35.0, "b"],
    ...                               ["Integrated VDAB", 12, 13.8, 45.6, 40.3, "c", 31.8, "d"]], columns=cols), "")
    >>> summary = effect_summary_table(long, 24, "en")
    >>> summary.table.index.name, list(summary.table.index), float(summary.table.iloc[0, 2])
    ('Trajectory', ['Integrated VDAB'], 35.0)
    """
    h = int(horizon)
    c_traj, c_h = _t("col.trajectory", language), _t("col.horizon", language)
    part = effects.table[effects.table[c_h] == h]
    columns = {_t("col.share_reference", language): _t("summary.reference", language),
               _t("col.share_trajectory", language): _t("summary.trajectory", language),
               _t("col.adjusted", language): _t("summary.difference", language),
               _t("col.adjusted_ci", language): _t("summary.ci", language),
               _t("col.naive", language): _t("summary.naive", language)}
    out = part.set_index(c_traj)[list(columns)].rename(columns=columns)
    out.index.name = c_traj
    hidden = {(r, c) for r in out.index for c in out.columns if isinstance(out.at[r, c], str) and out.at[r, c] == MARKER}
    return Released(out, _note_of(hidden, effects.note), hidden, effects.output)


def summary_caption(horizon: float, language: str = "nl") -> str:
    """Caption of :func:`effect_summary_table` at ``horizon`` months."""
    return _t("summary.caption", language, months=int(horizon))


def effect_summaries(effects: Released, language: str = "nl") -> dict:
    """:func:`effect_summary_table` at every horizon of the released :func:`effects_table`, as
    ``{months: table}`` (none when no comparison could be made: the reading says why)."""
    from evalkit.publish.degrade import is_unavailable

    if effects is None or is_unavailable(effects):
        return {}
    c_h = _t("col.horizon", language)
    return {int(h): effect_summary_table(effects, h, language) for h in sorted(effects.table[c_h].unique())}


@degrades
def itt_at_table(effects: Released, effects_realised=None, horizon: float | None = None,
                 language: str = "nl") -> Released:
    """The adjusted difference in the share with a job at ``horizon`` months (default: the last) of
    each comparison by assigned trajectory (the released :func:`effects_table` ``effects``) beside the
    same comparison by realised trajectory (``effects_realised``, the released effects table of the
    comparison by realised trajectory), with their intervals: one row per compared trajectory.

    A difference hidden in either released table is hidden here (``x``); a comparison that could not
    be made by realised trajectory (or none at all: ``effects_realised`` unavailable) is missing (``–``).
    """
    from evalkit.publish.degrade import is_unavailable

    c_traj, c_h = _t("col.trajectory", language), _t("col.horizon", language)
    c_adj, c_ci = _t("col.adjusted", language), _t("col.adjusted_ci", language)
    if horizon is None:
        horizon = effects.table[c_h].max()
    h = int(horizon)
    assigned = effects.table[effects.table[c_h] == h].set_index(c_traj)
    realised = None
    if effects_realised is not None and not is_unavailable(effects_realised):
        realised = effects_realised.table[effects_realised.table[c_h] == h].set_index(c_traj)
    names = [_t("itt_at.col.itt", language), _t("itt_at.col.itt_ci", language),
             _t("itt_at.col.at", language), _t("itt_at.col.at_ci", language)]
    rows = []
    for label in assigned.index:
        at = realised.loc[label] if realised is not None and label in realised.index else None
        rows.append([assigned.at[label, c_adj], assigned.at[label, c_ci],
                     at[c_adj] if at is not None else np.nan, at[c_ci] if at is not None else np.nan])
    out = pd.DataFrame(rows, index=pd.Index(assigned.index, name=c_traj), columns=names)
    hidden = {(r, c) for r in out.index for c in out.columns if isinstance(out.at[r, c], str) and out.at[r, c] == MARKER}
    notes = [effects.note] + ([effects_realised.note] if realised is not None else [])
    note = _note_of(hidden, *notes)
    output = effects_realised.output if realised is not None else effects.output
    released = Released(out, note, hidden, output)
    released.horizon = h
    return released


def itt_at_caption(table, language: str = "nl") -> str:
    """Caption of :func:`itt_at_table`: ``table`` is that table (or its horizon in months); none for a
    table that could not be made (its notice stands alone)."""
    from evalkit.publish.degrade import is_unavailable

    if table is None or is_unavailable(table):
        return ""
    return _t("itt_at.caption", language, months=int(getattr(table, "horizon", table)))


def _note_of(hidden: set, *notes: str) -> str:
    """The note under a table made from released tables: the note that explains the marker when the
    table hides a cell, else the note of a table without hidden cells (none when every source hid one).

    Examples
    --------
    >>> _note_of(set(), "x: not shown", "Disclosure control: ..."), _note_of({(0, "a")}, "Disclosure control: ...", "x: not shown")
    ('Disclosure control: ...', 'x: not shown')
    """
    explains = [n for n in notes if n and n.startswith(MARKER + ":")]
    plain = [n for n in notes if n and not n.startswith(MARKER + ":")]
    return (explains or [""])[0] if hidden else (plain or [""])[0]
