"""The report tables of the survival study, labelled in Dutch or English and through disclosure control.

:func:`median_table`, :func:`share_table`, :func:`logrank_table`, :func:`hr_table` (:func:`cox_table` and
:func:`stratified_table` for the study's Cox models), :func:`ph_table`, :func:`period_table`, :func:`cif_table`,
:func:`gray_table`, :func:`fine_gray_table`, :func:`rmst_table` and :func:`snapshot_table`. A share, median
or limit is shown only where its curve is shown (enough persons at risk), and no count below
``min_cell_size`` appears. A table that these data cannot support is an ``Unavailable`` (its notice says why).
"""
from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from evalkit.errors import NotEstimable
from evalkit.publish import disclosure
from evalkit.publish.degrade import degrades
from evalkit.stats import survival
from evalkit.studies.survival.analysis import CAUSES, CoxStudy, _order, _term_rows, references
from evalkit.studies.survival.formatting import (
    _DASH, _category_label, _count, _fmt_ci, _fmt_p, _num, _t, trajectory_label, variable_label)


def _group_counts(data: pd.DataFrame, by: str = "trajectory") -> pd.DataFrame:
    g = data.groupby(by)
    return pd.DataFrame({"n": g.size(), "events": g["event"].sum()})


@degrades
def median_table(curve: pd.DataFrame, data: pd.DataFrame, language: str = "nl",
                 min_cell_size: int = 10) -> tuple[pd.DataFrame, str]:
    """Per trajectory: persons, first jobs, median months to a first job and its 95% interval.

    A median (or limit) is shown only where the curve is shown (enough persons at risk)."""
    kept, note = disclosure.truncate_at_risk(curve, min_cell_size, language=language)
    med = survival.median_survival(kept).set_index("group")
    counts = _group_counts(data)
    rows = []
    for group in _order("trajectory", counts.index):
        m = med.loc[group] if group in med.index else pd.Series({"median": np.nan, "ci_lower": np.nan, "ci_upper": np.nan})
        rows.append({"trajectory": trajectory_label(group, language, short=False),
                     "n": counts.loc[group, "n"], "events": counts.loc[group, "events"],
                     "median": m["median"], "ci": _fmt_ci(m["ci_lower"], m["ci_upper"], 1)})
    table = pd.DataFrame(rows)
    shown, sup = disclosure.suppress_counts(table, ["n", "events"], min_cell_size, language=language)
    shown["median"] = shown["median"].map(lambda v: f"{v:.1f}" if np.isfinite(v) else _t("not_reached", language))
    shown = shown.rename(columns={k: _t(f"col.{k}", language) for k in ("trajectory", "n", "events", "median", "ci")})
    return shown, f"{sup} {note} {_t('median.note', language)}"


def _visible_until(full: pd.DataFrame, kept: pd.DataFrame) -> float:
    """Last time a truncated curve can be read: just before its first dropped point, or its last
    time when nothing was dropped (nothing is known after the last follow-up)."""
    dropped = full.loc[~full.index.isin(kept.index), "time"]
    if len(dropped):
        return float(np.nextafter(dropped.min(), -np.inf))
    return float(full["time"].max()) if len(full) else -np.inf


def _require_shown(curve: pd.DataFrame, kept: pd.DataFrame, min_cell_size: int) -> None:
    """Not estimable when disclosure control leaves nothing of ``curve`` to show (``kept``: what
    :func:`evalkit.publish.disclosure.truncate_at_risk` kept): every group had fewer than
    ``min_cell_size`` persons at risk from the start."""
    if kept.empty:
        most = int(curve["n_at_risk"].max()) if len(curve) else 0
        raise NotEstimable(f"every curve has fewer than {min_cell_size} persons at risk (at most {most})",
                           "too_few_persons", n=_count(most, min_cell_size), min_n=min_cell_size)


def _few_events(curve: pd.DataFrame, t: float, min_cell_size: int) -> bool:
    """Whether between 1 and ``min_cell_size - 1`` events happened up to ``t``: a share read off
    the curve there would reveal that small count."""
    events = float(curve.loc[curve["time"] <= t, "n_events"].sum())
    return 0 < round(events) < min_cell_size


@degrades
def share_table(curve: pd.DataFrame, times_months: Sequence[float], language: str = "nl",
                min_cell_size: int = 10) -> tuple[pd.DataFrame, str]:
    """Per trajectory the share (%) with a first job after each number of months, with its 95%
    interval; empty where fewer than ``min_cell_size`` persons were still at risk."""
    kept, note = disclosure.truncate_at_risk(curve, min_cell_size, language=language)
    rows, hidden = [], False
    for group in _order("trajectory", curve["group"].unique()):
        full = curve[curve["group"] == group]
        until = _visible_until(full, kept[kept["group"] == group])
        at = survival.survival_at(full, times_months)
        row = {_t("col.trajectory", language): trajectory_label(group, language)}
        for t, (_, r) in zip(times_months, at.iterrows()):
            key = _t("col.after_months", language, months=_num(t))
            if t > until:
                row[key] = _DASH
                continue
            if _few_events(full, t, min_cell_size):
                row[key], hidden = disclosure.SECONDARY_MARKER, True
                continue
            lo = 100 * (1 - r["ci_upper"]) if np.isfinite(r["ci_upper"]) else np.nan
            hi = 100 * (1 - r["ci_lower"]) if np.isfinite(r["ci_lower"]) else np.nan
            row[key] = f"{100 * (1 - r['survival']):.1f} ({_fmt_ci(lo, hi, 1)})"
        rows.append(row)
    small = f" {_t('share.small', language, min_cell_size=min_cell_size)}" if hidden else ""
    return pd.DataFrame(rows), f"{note} {_t('share.note', language)}{small}"


@degrades
def logrank_table(data: pd.DataFrame, language: str = "nl", strata: str | None = None) -> pd.DataFrame:
    """Log-rank tests: all trajectories together, then each trajectory against the linear one."""
    rows = []
    groups = _order("trajectory", data["trajectory"].unique())
    overall = survival.logrank(data, "months", "event", by="trajectory", strata=strata).iloc[0]
    rows.append((_t("logrank.all", language, k=len(groups)), overall["statistic"], overall["df"], overall["p_value"]))
    ref = references(data, ["trajectory"])["trajectory"]
    for group in groups:
        if group == ref or ref not in groups:
            continue
        pair = data[data["trajectory"].isin([ref, group])]
        res = survival.logrank(pair, "months", "event", by="trajectory", strata=strata).iloc[0]
        rows.append((_t("logrank.pair", language, group=trajectory_label(group, language),
                        reference=trajectory_label(ref, language)), res["statistic"], res["df"], res["p_value"]))
    out = pd.DataFrame(rows, columns=["test", "chi2", "df", "p"])
    out["chi2"] = out["chi2"].round(2)
    out["p"] = out["p"].map(_fmt_p)
    out["df"] = out["df"].astype(int)
    return out.rename(columns={"test": _t("col.test", language), "chi2": _t("col.chi2", language),
                               "df": _t("col.df", language), "p": _t("col.p", language)})


@degrades
def hr_table(fit, data: pd.DataFrame, covariates: Sequence[str], language: str = "nl",
             min_cell_size: int = 10, ratio: str = "hr") -> tuple[pd.DataFrame, str]:
    """Hazard ratios (or subdistribution hazard ratios, ``ratio="shr"``) with 95% intervals,
    per category, the reference category shown as 1, with persons and events per category."""
    s = fit.summary
    rows = []
    for var, lv, term in _term_rows(list(s.index), data, covariates):
        sel = data[var] == lv
        row = {"variable": variable_label(var, language), "category": _category_label(var, lv, language),
               "n": int(sel.sum()), "events": int(data.loc[sel, "event"].sum())}
        if term is None:
            row.update({"ratio": _t("reference", language), "ci": "", "p": ""})
        else:
            r = s.loc[term]
            row.update({"ratio": f"{r[ratio]:.2f}", "ci": _fmt_ci(r['ci_lower'], r['ci_upper']), "p": _fmt_p(r["p_value"])})
        rows.append(row)
    table = pd.DataFrame(rows)
    shown, sup = disclosure.suppress_counts(table, ["n", "events"], min_cell_size, language=language)
    shown["variable"] = shown["variable"].where(shown["variable"] != shown["variable"].shift(), "")
    names = {"variable": _t("col.variable", language), "category": _t("col.category", language),
             "n": _t("col.n", language), "events": _t("col.events", language),
             "ratio": _t(f"col.{ratio}", language), "ci": _t("col.ci", language), "p": _t("col.p", language)}
    return shown.rename(columns=names), sup


@degrades
def cox_table(study: CoxStudy, language: str = "nl", min_cell_size: int = 10) -> tuple[pd.DataFrame, str]:
    """:func:`hr_table` of the Cox model of :func:`~evalkit.studies.survival.analysis.cox_study`."""
    return hr_table(study.model, study.data, study.covariates, language, min_cell_size)


@degrades
def stratified_table(study: CoxStudy, language: str = "nl", min_cell_size: int = 10) -> tuple[pd.DataFrame, str]:
    """:func:`hr_table` of the model stratified by trajectory (the profile effects only)."""
    profile = [c for c in study.covariates if c != "trajectory"]
    return hr_table(study.stratified, study.data, profile, language, min_cell_size)


def _term_label(term: str, language: str) -> tuple[str, str]:
    if "[T." not in term:
        return variable_label(term, language), ""
    var, lv = term[:-1].split("[T.")
    return variable_label(var, language), _category_label(var, lv, language)


@degrades
def ph_table(study: CoxStudy, language: str = "nl") -> pd.DataFrame:
    """The proportional-hazards test per term and globally, with a verdict."""
    rows = []
    for term, r in study.ph.iterrows():
        name = _t("global", language) if term == "GLOBAL" else variable_label(term, language)
        verdict = _t("ph.violated.short" if r["p_value"] < study.alpha else "ph.ok.short", language) if term != "GLOBAL" else ""
        rows.append((name, round(r["statistic"], 2), int(r["df"]), _fmt_p(r["p_value"]), verdict))
    columns = [_t(f"col.{c}", language) for c in ("term", "chi2", "df", "p", "verdict")]
    return pd.DataFrame(rows, columns=columns)


@degrades
def period_table(study: CoxStudy, language: str = "nl") -> pd.DataFrame:
    """Hazard ratios before and after the cut, for the terms that violate proportional hazards."""
    bp = study.by_period
    rows = []
    for term in dict.fromkeys(bp["term"]):
        var, lab = _term_label(term, language)
        row = {_t("col.variable", language): var, _t("col.category", language): lab}
        for period in ("before", "after"):
            match = bp[(bp["term"] == term) & (bp["period"] == period)]
            key = _t(f"period.{period}", language, months=_num(study.cut_months))
            if match.empty:
                row[key] = _DASH
                continue
            r = match.iloc[0]
            row[key] = f"{r['hr']:.2f} ({_fmt_ci(r['ci_lower'], r['ci_upper'])})"
        rows.append(row)
    return pd.DataFrame(rows)


@degrades
def cif_table(cif: pd.DataFrame, times_months: Sequence[float], language: str = "nl",
              min_cell_size: int = 10) -> tuple[pd.DataFrame, str]:
    """Cumulative incidence (%) of each kind of first job per trajectory at the given months.

    A value resting on fewer than ``min_cell_size`` first jobs of that kind is hidden (``x``); as
    the kinds add up to the share with any job, one more kind of that trajectory and month is then
    hidden too, so the first cannot be recovered by subtraction. Not estimable when no curve has
    ``min_cell_size`` persons at risk."""
    kept, note = disclosure.truncate_at_risk(cif, min_cell_size, by=["group", "cause"], language=language)
    _require_shown(cif, kept, min_cell_size)
    causes = sorted(cif["cause"].unique())
    rows, hidden_any = [], False
    for group in _order("trajectory", cif["group"].unique()):
        values = np.full((len(causes), len(times_months)), np.nan)
        state = np.zeros(values.shape, dtype=int)  # 0 shown, 1 not followed long enough, 2 hidden
        for i, cause in enumerate(causes):
            full = cif[(cif["group"] == group) & (cif["cause"] == cause)]
            until = _visible_until(full, kept[(kept["group"] == group) & (kept["cause"] == cause)])
            for j, t in enumerate(times_months):
                before = full[full["time"] <= t]
                values[i, j] = 100 * (before["cif"].iloc[-1] if len(before) else 0.0)
                state[i, j] = 1 if t > until else 2 if _few_events(full, t, min_cell_size) else 0
        for j in range(len(times_months)):
            shown = np.flatnonzero(state[:, j] == 0)
            nonzero = shown[values[shown, j] > 0]
            pool = nonzero if len(nonzero) else shown
            if (state[:, j] == 2).sum() == 1 and len(pool):
                state[pool[np.argmin(values[pool, j])], j] = 2
        hidden_any |= bool((state == 2).any())
        for i, cause in enumerate(causes):
            row = {_t("col.trajectory", language): trajectory_label(group, language),
                   _t("col.kind", language): _t(f"cause.{CAUSES.get(cause, cause)}", language)}
            for j, t in enumerate(times_months):
                key = _t("col.after_months", language, months=_num(t))
                row[key] = (f"{values[i, j]:.1f}", _DASH, disclosure.SECONDARY_MARKER)[state[i, j]]
            rows.append(row)
    out = pd.DataFrame(rows)
    col = _t("col.trajectory", language)
    out[col] = out[col].where(out[col] != out[col].shift(), "")
    small = f" {_t('cif.small', language, min_cell_size=min_cell_size)}" if hidden_any else ""
    return out, f"{note} {_t('share.note', language)}{small}"


@degrades
def gray_table(cif: pd.DataFrame, language: str = "nl") -> pd.DataFrame:
    """Gray's test per kind of first job: does its cumulative incidence differ between trajectories?"""
    tests = pd.DataFrame(cif.attrs.get("gray_test", []))
    if tests.empty:
        return tests
    return pd.DataFrame({
        _t("col.kind", language): [_t(f"cause.{CAUSES.get(c, c)}", language) for c in tests["cause"]],
        _t("col.chi2", language): tests["statistic"].round(2), _t("col.df", language): tests["df"],
        _t("col.p", language): tests["p_value"].map(_fmt_p)})


@degrades
def fine_gray_table(fits: Mapping[int, survival.FineGrayResult], data: pd.DataFrame, covariates: Sequence[str],
                    language: str = "nl") -> pd.DataFrame:
    """Subdistribution hazard ratios (95% interval) per kind of first job, side by side."""
    d = data[data["in_model"]]
    covs = ["trajectory"] + list(covariates)
    first = next(iter(fits.values()))
    rows = []
    for var, lv, term in _term_rows(list(first.summary.index), d, covs):
        row = {_t("col.variable", language): variable_label(var, language),
               _t("col.category", language): _category_label(var, lv, language)}
        for cause, fit in fits.items():
            key = _t("col.shr_of", language, kind=_t(f"cause.{CAUSES.get(cause, cause)}", language))
            if term is None:
                row[key] = _t("reference", language)
            else:
                r = fit.summary.loc[term]
                row[key] = f"{r['shr']:.2f} ({_fmt_ci(r['ci_lower'], r['ci_upper'])})"
        rows.append(row)
    out = pd.DataFrame(rows)
    col = _t("col.variable", language)
    out[col] = out[col].where(out[col] != out[col].shift(), "")
    return out


@degrades
def rmst_table(data: pd.DataFrame, horizon_months: float, language: str = "nl") -> tuple[pd.DataFrame, str]:
    """Mean months without a job within the horizon (restricted mean survival time) per trajectory,
    and the difference from the linear trajectory with its 95% interval."""
    per = survival.rmst(data, "months", "event", horizon=horizon_months, by="trajectory").set_index("group")
    diff = survival.rmst_difference(data, "months", "event", horizon=horizon_months, by="trajectory",
                                    reference=references(data, ["trajectory"])["trajectory"]).set_index("group")
    rows = []
    for group in _order("trajectory", per.index):
        r = per.loc[group]
        row = {"trajectory": trajectory_label(group, language), "rmst": f"{r['rmst']:.1f}",
               "ci": _fmt_ci(r["ci_lower"], r["ci_upper"], 1)}
        if group in diff.index:
            d = diff.loc[group]
            row.update({"difference": f"{d['difference']:+.1f}", "diff_ci": _fmt_ci(d["ci_lower"], d["ci_upper"], 1),
                        "p": _fmt_p(d["p_value"])})
        else:
            row.update({"difference": _t("reference", language), "diff_ci": "", "p": ""})
        rows.append(row)
    names = {"trajectory": _t("col.trajectory", language),
             "rmst": _t("col.rmst", language, horizon=_num(horizon_months)), "ci": _t("col.ci", language),
             "difference": _t("col.rmst_difference", language), "diff_ci": _t("col.ci", language) + " ",
             "p": _t("col.p", language)}
    return pd.DataFrame(rows).rename(columns=names), _t("rmst.note", language, horizon=_num(horizon_months))


@degrades
def snapshot_table(comparison: dict, language: str = "nl", months_shown: Sequence[float] | None = None,
                   min_cell_size: int = 10) -> pd.DataFrame:
    """The snapshot comparison as a report table (percentages with a first job), at ``months_shown``
    (default all); only at months where the episode curve is still shown (enough at risk)."""
    t = comparison["table"]
    km = comparison["episodes"]
    kept, _ = disclosure.truncate_at_risk(km, min_cell_size, language=language)
    t = t[t["months"] <= _visible_until(km, kept)]
    if months_shown is not None:
        t = t[t["months"].isin(list(months_shown))]
    t = t.reset_index(drop=True)
    out = pd.DataFrame({
        _t("col.design", language): t["design"].map(lambda d: _t(f"design_name.{d}", language)),
        _t("col.months", language): t["months"].map(_num),
        _t("col.episodes", language): t["episodes"].round(1),
        _t("col.turnbull", language): t["turnbull"].round(1),
        _t("col.right_point", language): t["right_point"].round(1),
        _t("col.difference", language): t["difference"].round(1),
    })
    return out
