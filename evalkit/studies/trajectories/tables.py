"""The report tables of the trajectory study, labelled in Dutch or English and through disclosure control.

Effects (:func:`effects_table`, :func:`truth_table`, :func:`sensitivity_table`, :func:`rmst_table`),
balance and weights (:func:`balance_summary`, :func:`weights_table`), trajectory changes
(:func:`transition_table`, :func:`change_table`) and the months in each state (:func:`mean_months_table`).
Differences and shares are in percentage points / percent; counts below ``min_cell_size`` are hidden.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from evalkit.errors import InputError, NotEstimable
from evalkit.publish import disclosure
from evalkit.publish.degrade import degrades
from evalkit.stats import compare
from evalkit.studies.trajectories.analysis import TRAJECTORIES, Comparison
from evalkit.studies.trajectories.formatting import _ci, _count, _pct, _t, state_labels, trajectory_label


@degrades
def truth_table(truth: pd.DataFrame, language: str = "nl") -> pd.DataFrame:
    """:func:`synthetic_truth` for the report: percentage points, with intervals."""
    rows = []
    for r in truth.itertuples(index=False):
        rows.append({_t("col.trajectory", language): trajectory_label(r.trajectory, language),
                     _t("col.horizon", language): int(r.horizon),
                     _t("col.naive", language): _pct(r.naive_difference),
                     _t("col.adjusted", language): _pct(r.adjusted_difference),
                     _t("col.adjusted_ci", language): _ci(r.adjusted_ci_lower, r.adjusted_ci_upper),
                     _t("col.latent", language): _pct(r.latent_difference),
                     _t("col.latent_ci", language): _ci(r.latent_ci_lower, r.latent_ci_upper),
                     _t("col.true", language): _pct(r.true_difference)})
    return pd.DataFrame(rows)


@degrades
def mean_months_table(seq: pd.DataFrame, frame: pd.DataFrame, language: str = "nl",
                      min_cell_size: int = 10) -> pd.DataFrame:
    """Mean months in each state per assigned trajectory (rows: states, columns: trajectories).

    A trajectory with fewer than ``min_cell_size`` persons followed for the whole period is left out,
    as in the chronogram; with none left the table is not estimable.
    """
    from evalkit.stats import sequences

    groups = frame.set_index("intake_id")["trajectory"]
    mt = sequences.mean_time_in_states(seq, groups)
    if mt.empty or mt["n_persons"].max() < min_cell_size:
        largest = int(mt["n_persons"].max()) if len(mt) else 0
        raise NotEstimable(f"no trajectory has {min_cell_size} persons followed for the whole period "
                           f"(at most {largest})",
                           "too_few_persons", n=_count(largest, min_cell_size), min_n=min_cell_size)
    mt = mt[mt["n_persons"] >= min_cell_size]
    wide = mt.pivot(index="state", columns="group", values="mean_months").fillna(0.0)
    wide = wide.reindex([s for s in sequences.STATES if s in wide.index])
    wide = wide[[t for t in TRAJECTORIES if t in wide.columns]].round(1)
    labels = state_labels(language)
    wide.index = [labels[s] for s in wide.index]
    wide.columns = [trajectory_label(t, language) for t in wide.columns]
    wide.index.name = _t("col.state", language)
    return wide.reset_index()


@degrades
def effects_table(result: Comparison, language: str = "nl", truth: pd.DataFrame | None = None) -> pd.DataFrame:
    """Naive and adjusted differences in the share with a job, per comparison and horizon (percentage
    points), for the report; with the true difference beside them when ``truth`` is given."""
    rows = []
    for r in result.effects.itertuples(index=False):
        row = {_t("col.trajectory", language): trajectory_label(r.trajectory, language),
               _t("col.horizon", language): int(r.horizon),
               _t("col.share_reference", language): _pct(r.adjusted_share_reference),
               _t("col.share_trajectory", language): _pct(r.adjusted_share_trajectory),
               _t("col.naive", language): _pct(r.naive_difference),
               _t("col.naive_ci", language): _ci(r.naive_ci_lower, r.naive_ci_upper),
               _t("col.adjusted", language): _pct(r.adjusted_difference),
               _t("col.adjusted_ci", language): _ci(r.adjusted_ci_lower, r.adjusted_ci_upper)}
        if truth is not None:
            t = truth[(truth["trajectory"] == r.trajectory) & (truth["horizon"] == r.horizon)]
            row[_t("col.true", language)] = _pct(t["true_difference"].iloc[0]) if len(t) else np.nan
        rows.append(row)
    return pd.DataFrame(rows)


@degrades
def sensitivity_table(result: Comparison, language: str = "nl") -> pd.DataFrame:
    """Adjusted risk ratio of a job per comparison and horizon, with its E-values."""
    rows = []
    for r in result.effects.itertuples(index=False):
        rows.append({_t("col.trajectory", language): trajectory_label(r.trajectory, language),
                     _t("col.horizon", language): int(r.horizon),
                     _t("col.ratio", language): round(r.adjusted_ratio, 2),
                     _t("col.ratio_ci", language): _ci(r.ratio_ci_lower, r.ratio_ci_upper, 1, 2),
                     _t("col.evalue", language): round(r.evalue_estimate, 2),
                     _t("col.evalue_ci", language): round(r.evalue_ci, 2)})
    return pd.DataFrame(rows)


@degrades
def rmst_table(result: Comparison, language: str = "nl") -> pd.DataFrame:
    """Restricted mean months without a job (naive and adjusted) and their differences."""
    rows = []
    for r in result.rmst[result.rmst["kind"] == "adjusted"].itertuples(index=False):
        naive = result.rmst[(result.rmst["kind"] == "naive") & (result.rmst["trajectory"] == r.trajectory)].iloc[0]
        rows.append({_t("col.trajectory", language): trajectory_label(r.trajectory, language),
                     _t("col.rmst_reference", language): round(r.rmst_reference, 1),
                     _t("col.rmst_trajectory", language): round(r.rmst_trajectory, 1),
                     _t("col.naive", language): round(naive["difference"], 1),
                     _t("col.adjusted", language): round(r.difference, 1),
                     _t("col.adjusted_ci", language): _ci(r.ci_lower, r.ci_upper, 1, 1)})
    return pd.DataFrame(rows)


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


@degrades
def weights_table(result: Comparison, language: str = "nl", min_cell_size: int = 10) -> pd.DataFrame:
    """Persons, effective sample size and largest weight per group of each comparison."""
    rows = []
    for r in result.weight_report.itertuples(index=False):
        n = r.n if r.n >= min_cell_size else disclosure.small_count_marker(min_cell_size)
        rows.append({_t("col.comparison", language): trajectory_label(r.trajectory, language),
                     _t("col.group", language): trajectory_label(r.group, language),
                     _t("col.n", language): n, _t("col.ess", language): int(round(r.ess)),
                     _t("col.max_weight", language): round(r.max_weight, 2),
                     _t("col.trimmed", language): r.n_trimmed if r.n_trimmed == 0 or r.n_trimmed >= min_cell_size
                     else disclosure.small_count_marker(min_cell_size)})
    return pd.DataFrame(rows)


@degrades
def transition_table(frame: pd.DataFrame, language: str = "nl", min_cell_size: int = 10) -> tuple[pd.DataFrame, str]:
    """Assigned (rows) by realised trajectory (columns), with totals, through disclosure control.

    Returns the published table (small counts hidden, with secondary suppression) and its note.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"trajectory": ["lineair"] * 30 + ["geintegreerd_vdab"] * 20,
    ...                   "realised_trajectory": ["lineair"] * 25 + ["geintegreerd_vdab"] * 5 + ["geintegreerd_vdab"] * 20})
    >>> table, note = transition_table(f, "en")
    >>> table.iloc[0].tolist()
    ['Linear', 'x', '<10', 30]
    """
    for col in ("trajectory", "realised_trajectory"):
        if col not in frame.columns:
            raise InputError(f"the analysis frame lacks column '{col}'")
    order = [t for t in TRAJECTORIES if t in set(frame["trajectory"]) | set(frame["realised_trajectory"])]
    counts = pd.crosstab(frame["trajectory"], frame["realised_trajectory"]).reindex(index=order, columns=order,
                                                                                   fill_value=0)
    counts["total"] = counts.sum(axis=1)
    counts.loc["total"] = counts.sum(axis=0)
    published, note = disclosure.suppress_counts(counts, order, min_cell_size, total_column="total",
                                                 total_row="total", language=language)
    names = {t: trajectory_label(t, language) for t in order}
    names["total"] = _t("total", language)
    out = published.rename(columns=names)
    out.columns.name = None
    out.insert(0, _t("col.assigned", language), [names[i] for i in published.index])
    return out.reset_index(drop=True), note


@degrades
def change_table(frame: pd.DataFrame, months: Sequence[float] = (12, 24), language: str = "nl",
                 min_cell_size: int = 10) -> pd.DataFrame:
    """Share of each assigned trajectory whose trajectory changed within the given months
    (Kaplan-Meier, censored at the end of follow-up), with the number of persons changed."""
    from evalkit.stats import survival

    for col in ("trajectory", "changed", "months_to_change"):
        if col not in frame.columns:
            raise InputError(f"the analysis frame lacks column '{col}'")
    km = survival.kaplan_meier(frame, "months_to_change", "changed", by="trajectory")
    at = survival.survival_at(km, months)
    rows = []
    for traj in [t for t in TRAJECTORIES if t in set(frame["trajectory"])]:
        part = frame[frame["trajectory"] == traj]
        n_changed = int(part["changed"].sum())
        shown = n_changed == 0 or n_changed >= min_cell_size
        row = {_t("col.assigned", language): trajectory_label(traj, language),
               _t("col.n", language): _count(len(part), min_cell_size),
               _t("col.changed", language): n_changed if shown else disclosure.small_count_marker(min_cell_size)}
        for m in months:
            v = at[(at["group"] == traj) & (at["time"] == m)]["survival"].iloc[0]
            row[_t("col.changed_by", language, months=int(m))] = _pct(1 - v) if shown else disclosure.SECONDARY_MARKER
        rows.append(row)
    return pd.DataFrame(rows)
