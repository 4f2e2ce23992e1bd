"""The report tables of the survival study, labelled in Dutch or English and through disclosure control.

Every table goes through :func:`evalkit.studies.survival.vocabulary.release` (the engine's
``release_table``, protected together with the tables released before it); hidden cells show ``x``.

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

from evalkit import formats
from evalkit.errors import NotEstimable
from evalkit.publish import sdc
from evalkit.publish.degrade import degrades
from evalkit.stats import survival
from evalkit.studies.survival import vocabulary
from evalkit.studies.survival.analysis import CAUSES, CoxStudy, _order, _term_rows, references
from evalkit.studies.survival.formatting import (
    _DASH, _category_label, _ci, _estimate, _num, _p, _t, list_text, trajectory_label, variable_label)
from evalkit.studies.survival.vocabulary import _num as _key


def _at_risk(curve: pd.DataFrame, min_cell_size: int, by: Sequence[str] = ("group",)) -> pd.DataFrame:
    """Each curve up to (not including) its first time with fewer than ``min_cell_size`` at risk."""
    by = [b for b in by if b in curve.columns]
    if curve.empty:
        return curve
    ordered = curve.sort_values(by + ["time"], kind="mergesort")
    low = (ordered["n_at_risk"] < min_cell_size).astype(int)
    stopped = low.groupby([ordered[b] for b in by]).cummax() if by else low.cummax()
    return ordered[stopped == 0]


def _policy_note(released: sdc.Released, *extra: str) -> str:
    return " ".join(part for part in (released.note, *extra) if part)


def _shown(value, fmt) -> str:
    return sdc.MARKER if vocabulary.hidden(value) else fmt(value)


def _trajectory_rows(data: pd.DataFrame) -> list:
    return _order("trajectory", data["trajectory"].unique())


@degrades
def median_table(curve: pd.DataFrame, data: pd.DataFrame, language: str = "nl",
                 min_cell_size: int = 10) -> tuple[pd.DataFrame, str]:
    """Per trajectory: persons, first jobs, median months to a first job and its 95% interval.

    A median (or limit) is shown only where the curve is shown (enough persons at risk), and only
    with the counts of its trajectory."""
    kept = _at_risk(curve, min_cell_size)
    med = survival.median_survival(kept).set_index("group")
    endpoint = data.attrs.get("endpoint", "any_job")
    groups = _trajectory_rows(data)
    table = pd.DataFrame(index=pd.Index(groups, name="trajectory"))
    table["n"] = [int((data["trajectory"] == g).sum()) for g in groups]
    table["events"] = [int(data.loc[data["trajectory"] == g, "event"].sum()) for g in groups]
    table["no_event"] = table["n"] - table["events"]
    nan = pd.Series({"median": np.nan, "ci_lower": np.nan, "ci_upper": np.nan})
    m = [med.loc[g] if g in med.index else nan for g in groups]
    table["median"] = [r["median"] for r in m]
    table["ci"] = [_ci(r["ci_lower"], r["ci_upper"], 1, language) for r in m]
    released = vocabulary.release(
        table, "median", rows=vocabulary.category_rows("trajectory", groups),
        counts={"n": {}, "events": vocabulary.event_condition(endpoint),
                "no_event": vocabulary.no_event_condition(endpoint)},
        domains=vocabulary.domains(data, endpoint), hide_with={"median": ["n", "events"], "ci": ["n", "events"]},
        title=_t("median.caption", language), min_cell_size=min_cell_size, language=language, small_only=True)
    shown = released.table.copy()
    shown["median"] = shown["median"].map(lambda v: _shown(v, lambda x: formats.number(x, 1, language)
                                                              if np.isfinite(x) else _t("not_reached", language)))
    shown.index = [trajectory_label(g, language) for g in shown.index]
    shown = shown.rename_axis("trajectory").reset_index()
    shown = shown.rename(columns={k: _t(f"col.{k}", language) for k in ("trajectory", "n", "events", "no_event", "median", "ci")})
    shown.attrs["release"] = released
    return shown, _policy_note(released, _t("median.note", language))


def _visible_until(full: pd.DataFrame, kept: pd.DataFrame) -> float:
    """Last time a truncated curve can be read: just before its first dropped point, or its last
    time when nothing was dropped (nothing is known after the last follow-up)."""
    dropped = full.loc[~full.index.isin(kept.index), "time"]
    if len(dropped):
        return float(np.nextafter(dropped.min(), -np.inf))
    return float(full["time"].max()) if len(full) else -np.inf


def _require_shown(curve: pd.DataFrame, kept: pd.DataFrame, min_cell_size: int) -> None:
    """Not estimable when disclosure control leaves nothing of ``curve`` to show (``kept``): every
    group had fewer than ``min_cell_size`` persons at risk from the start."""
    if kept.empty:
        raise NotEstimable(f"every curve has fewer than {min_cell_size} persons at risk",
                           "too_few_persons", n=sdc.MARKER, min_n=min_cell_size)


def _share_columns(times_months: Sequence[float], language: str) -> dict:
    return {t: _t("col.after_months", language, months=_num(t, language)) for t in times_months}


def released_shares(curve: pd.DataFrame, data: pd.DataFrame, times_months: Sequence[float], language: str = "nl",
                    min_cell_size: int = 10) -> sdc.Released:
    """The shares (%) with the outcome after each number of months per trajectory and for everyone,
    with their 95% limits, as released (the rows: trajectory codes and ``"all"``; columns ``s<m>``,
    ``lo<m>``, ``hi<m>``). A share is declared as a share of its whole group (the conservative reading
    of a Kaplan-Meier share); where fewer than ``min_cell_size`` persons were still at risk it is NaN."""
    endpoint = data.attrs.get("endpoint", "any_job")
    kept = _at_risk(curve, min_cell_size)
    overall = survival.kaplan_meier(data, "months", "event").assign(group="all")
    kept_all = _at_risk(overall, min_cell_size)
    groups = _trajectory_rows(data)
    rows = {}
    for group in groups + ["all"]:
        full, part = (overall, kept_all) if group == "all" else (curve[curve["group"] == group],
                                                                   kept[kept["group"] == group])
        until = _visible_until(full, part)
        at = survival.survival_at(full, times_months)
        row = {"n": int(len(data)) if group == "all" else int((data["trajectory"] == group).sum())}
        for t, (_, r) in zip(times_months, at.iterrows()):
            row[f"_by{t}"] = np.nan
            visible = t <= until and len(full)
            row[f"s{t}"] = 100 * (1 - r["survival"]) if visible else np.nan
            row[f"lo{t}"] = 100 * (1 - r["ci_upper"]) if visible and np.isfinite(r["ci_upper"]) else np.nan
            row[f"hi{t}"] = 100 * (1 - r["ci_lower"]) if visible and np.isfinite(r["ci_lower"]) else np.nan
        rows[group] = row
    table = pd.DataFrame.from_dict(rows, orient="index")
    domains = vocabulary.domains(data, endpoint, times_months)
    title = _t("share.caption", language, months=list_text(times_months, language))
    common = dict(shares={f"s{t}": (f"_by{t}", "n") for t in times_months},
                  hide_with={f"{k}{t}": [f"s{t}"] for t in times_months for k in ("lo", "hi")},
                  domains=domains, decimals=1, title=title, min_cell_size=min_cell_size, language=language)
    by_group = vocabulary.release(
        table.drop(index="all"), "share", rows=vocabulary.category_rows("trajectory", groups),
        counts={"n": {}, **{f"_by{t}": vocabulary.by_condition(endpoint, t) for t in times_months}}, **common)
    # the whole cohort's curve: a variable of its own (group shares do not add up to it)
    overall = vocabulary.release(
        table.loc[["all"]], "share_all", rows={"all": {}},
        counts={"n": {}, **{f"_by{t}": vocabulary.by_condition(endpoint, t, cohort=True) for t in times_months}},
        **common)
    both = pd.concat([by_group.table.astype(object), overall.table.astype(object)])
    hidden = by_group.hidden | overall.hidden
    released = sdc.Released(both, by_group.note if by_group.hidden or not overall.hidden else overall.note,
                            hidden, "share")
    # the released outputs behind the rows: the trajectories in "share", the whole cohort in "share_all"
    released.parts = {"share": by_group, "share_all": overall}
    return released


@degrades
def share_table(curve: pd.DataFrame, data: pd.DataFrame, times_months: Sequence[float], language: str = "nl",
                min_cell_size: int = 10) -> tuple[pd.DataFrame, str]:
    """Per trajectory (and for everyone) the share (%) with a first job after each number of months,
    with its 95% interval; a dash where fewer than ``min_cell_size`` persons were still at risk, the
    marker where disclosure control hides it."""
    released = released_shares(curve, data, times_months, language, min_cell_size)
    t = released.table
    out = pd.DataFrame({_t("col.trajectory", language): [
        _t("all_clients", language) if g == "all" else trajectory_label(g, language) for g in t.index]})
    out[_t("col.n", language)] = list(t["n"])
    for m, key in _share_columns(times_months, language).items():
        cells = []
        for g in t.index:
            v = t.at[g, f"s{m}"]
            if vocabulary.hidden(v):
                cells.append(sdc.MARKER)
            elif not np.isfinite(v):
                cells.append(_DASH)
            else:
                cells.append(_estimate(v, t.at[g, f"lo{m}"], t.at[g, f"hi{m}"], 1, language))
        out[key] = cells
    out.attrs["released"] = released.table
    out.attrs["release"] = released
    return out, _policy_note(released, _t("share.note", language))


@degrades
def logrank_table(data: pd.DataFrame, language: str = "nl", strata: str | None = None) -> pd.DataFrame:
    """Log-rank tests: all trajectories together, then each trajectory against the linear one (the
    trajectory and the one it is compared with in columns of their own, each by its shared label)."""
    rows = []
    groups = _order("trajectory", data["trajectory"].unique())
    overall = survival.logrank(data, "months", "event", by="trajectory", strata=strata).iloc[0]
    rows.append((_t("logrank.all", language, k=len(groups)), "", overall["statistic"], overall["df"],
                 overall["p_value"]))
    ref = references(data, ["trajectory"])["trajectory"]
    for group in groups:
        if group == ref or ref not in groups:
            continue
        pair = data[data["trajectory"].isin([ref, group])]
        res = survival.logrank(pair, "months", "event", by="trajectory", strata=strata).iloc[0]
        rows.append((trajectory_label(group, language), trajectory_label(ref, language), res["statistic"], res["df"],
                     res["p_value"]))
    out = pd.DataFrame(rows, columns=["test", "against", "chi2", "df", "p"])
    out["chi2"] = out["chi2"].round(2)
    out["p"] = out["p"].map(lambda p: _p(p, language))
    out["df"] = out["df"].astype(int)
    return out.rename(columns={"test": _t("col.trajectory", language), "against": _t("col.against", language),
                               "chi2": _t("col.chi2", language), "df": _t("col.df", language),
                               "p": _t("col.p", language)})


def released_ratios(fit, data: pd.DataFrame, covariates: Sequence[str], output: str, language: str = "nl",
                    min_cell_size: int = 10, ratio: str = "hr") -> sdc.Released:
    """Hazard ratios per category as released: rows ``(variable, level)``, counts ``n`` and ``events``
    of the persons in the model (``survival.analysed = ja``), the ratio and its limits hidden with them."""
    s = fit.summary
    endpoint = data.attrs.get("endpoint", "any_job")
    records, rows = {}, {}
    for var, lv, term in _term_rows(list(s.index), data, covariates):
        sel = data[var] == lv
        label = f"{var}={lv}"
        r = s.loc[term] if term is not None else None
        records[label] = {"variable": var, "level": lv, "n": int(sel.sum()), "events": int(data.loc[sel, "event"].sum()),
                          "ratio": np.nan if r is None else r[ratio], "ci_lower": np.nan if r is None else r["ci_lower"],
                          "ci_upper": np.nan if r is None else r["ci_upper"], "p": np.nan if r is None else r["p_value"],
                          "reference": term is None}
        rows[label] = {var: sdc.as_codes([lv]).iloc[0], vocabulary.ANALYSED: sdc.YES}
    table = pd.DataFrame.from_dict(records, orient="index")
    stats = ["ratio", "ci_lower", "ci_upper", "p"]
    return vocabulary.release(
        table, output, rows=rows, counts={"n": {}, "events": vocabulary.event_condition(endpoint)},
        domains=data.attrs.get("domains") or vocabulary.domains(data, endpoint),
        hide_with={c: ["n", "events"] for c in stats}, title=output, min_cell_size=min_cell_size, language=language,
        small_only=True)


@degrades
def hr_table(fit, data: pd.DataFrame, covariates: Sequence[str], language: str = "nl",
             min_cell_size: int = 10, ratio: str = "hr", output: str = "cox") -> tuple[pd.DataFrame, str]:
    """Hazard ratios (or subdistribution hazard ratios, ``ratio="shr"``) with 95% intervals,
    per category, the reference category shown as 1, with persons and events per category."""
    released = released_ratios(fit, data, covariates, output, language, min_cell_size, ratio)
    t = released.table
    out = pd.DataFrame({
        "variable": [variable_label(v, language) for v in t["variable"]],
        "category": [_category_label(v, lv, language) for v, lv in zip(t["variable"], t["level"])],
        "n": list(t["n"]), "events": list(t["events"])})
    ratios, cis, ps = [], [], []
    for label in t.index:
        if t.at[label, "reference"]:
            ratios.append(_t("reference", language)), cis.append(""), ps.append("")
        elif not released.shown(label, "ratio"):
            ratios.append(sdc.MARKER), cis.append(sdc.MARKER), ps.append(sdc.MARKER)
        else:
            ratios.append(formats.number(t.at[label, "ratio"], 2, language))
            cis.append(_ci(t.at[label, "ci_lower"], t.at[label, "ci_upper"], 2, language))
            ps.append(_p(t.at[label, "p"], language))
    out["ratio"], out["ci"], out["p"] = ratios, cis, ps
    out["variable"] = out["variable"].where(out["variable"] != out["variable"].shift(), "")
    names = {"variable": _t("col.variable", language), "category": _t("col.category", language),
             "n": _t("col.n", language), "events": _t("col.events", language),
             "ratio": _t(f"col.{ratio}", language), "ci": _t("col.ci", language), "p": _t("col.p", language)}
    out = out.rename(columns=names)
    out.attrs["released"] = released.table
    out.attrs["release"] = released
    return out, released.note


@degrades
def cox_table(study: CoxStudy, language: str = "nl", min_cell_size: int = 10) -> tuple[pd.DataFrame, str]:
    """:func:`hr_table` of the Cox model of :func:`~evalkit.studies.survival.analysis.cox_study`."""
    return hr_table(study.model, study.data, study.covariates, language, min_cell_size, output="cox")


@degrades
def stratified_table(study: CoxStudy, language: str = "nl", min_cell_size: int = 10) -> tuple[pd.DataFrame, str]:
    """:func:`hr_table` of the model stratified by trajectory (the profile effects only)."""
    profile = [c for c in study.covariates if c != "trajectory"]
    return hr_table(study.stratified, study.data, profile, language, min_cell_size, output="cox_stratified")


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
        rows.append((name, round(r["statistic"], 2), int(r["df"]), _p(r["p_value"], language), verdict))
    columns = [_t(f"col.{c}", language) for c in ("term", "chi2", "df", "p", "verdict")]
    return pd.DataFrame(rows, columns=columns)


def released_ratio_table(table: pd.DataFrame):
    """The released hazard ratios behind a table of :func:`hr_table` (``attrs["released"]``)."""
    return table.attrs.get("released") if isinstance(table, pd.DataFrame) else None


@degrades
def period_table(study: CoxStudy, language: str = "nl", ratios: pd.DataFrame | None = None) -> pd.DataFrame:
    """Hazard ratios before and after the cut, for the terms that violate proportional hazards; a
    category whose ratio the Cox table hides (``ratios``: the table of :func:`cox_table`) is hidden here too."""
    bp = study.by_period
    released = released_ratio_table(ratios)
    rows = []
    for term in dict.fromkeys(bp["term"]):
        var, lab = _term_label(term, language)
        hide = False
        if released is not None and "[T." in term:
            code = term[:-1].split("[T.")
            label = f"{code[0]}={code[1]}"
            hide = label not in released.index or vocabulary.hidden(released.at[label, "ratio"])
        row = {_t("col.variable", language): var, _t("col.category", language): lab}
        for period in ("before", "after"):
            match = bp[(bp["term"] == term) & (bp["period"] == period)]
            key = _t(f"period.{period}", language, months=_num(study.cut_months, language))
            if hide:
                row[key] = sdc.MARKER
                continue
            if match.empty:
                row[key] = _DASH
                continue
            r = match.iloc[0]
            row[key] = _estimate(r["hr"], r["ci_lower"], r["ci_upper"], 2, language)
        rows.append(row)
    return pd.DataFrame(rows)


def released_incidence(cif: pd.DataFrame, data: pd.DataFrame, times_months: Sequence[float], language: str = "nl",
                       min_cell_size: int = 10) -> sdc.Released:
    """Cumulative incidence (%) per trajectory (rows) and kind x month (columns ``c<cause>_<m>``) as
    released, each declared as the share of the trajectory with a first job of that kind within ``m``
    months; NaN where fewer than ``min_cell_size`` persons were still at risk."""
    kept = _at_risk(cif, min_cell_size, by=["group", "cause"])
    causes = sorted(cif["cause"].unique())
    groups = _trajectory_rows(data)
    rows, counts, shares = {}, {"n": {}}, {}
    for group in groups:
        row = {"n": int((data["trajectory"] == group).sum())}
        for cause in causes:
            full = cif[(cif["group"] == group) & (cif["cause"] == cause)]
            until = _visible_until(full, kept[(kept["group"] == group) & (kept["cause"] == cause)])
            for t in times_months:
                before = full[full["time"] <= t]
                value = 100 * (before["cif"].iloc[-1] if len(before) else 0.0)
                row[f"_k{cause}_{t}"] = np.nan
                row[f"c{cause}_{t}"] = value if t <= until and len(full) else np.nan
        rows[group] = row
    for cause in causes:
        for t in times_months:
            counts[f"_k{cause}_{t}"] = vocabulary.by_condition(
                "any_job", t, kind=vocabulary.KIND_CODES.get(cause, str(cause)))
            shares[f"c{cause}_{t}"] = (f"_k{cause}_{t}", "n")
    table = pd.DataFrame.from_dict(rows, orient="index")
    return vocabulary.release(
        table, "cif", rows=vocabulary.category_rows("trajectory", groups), counts=counts, shares=shares,
        domains=vocabulary.domains(data, "any_job", times_months), decimals=1,
        title=_t("cif.caption", language), min_cell_size=min_cell_size, language=language)


@degrades
def cif_table(cif: pd.DataFrame, data: pd.DataFrame, times_months: Sequence[float], language: str = "nl",
              min_cell_size: int = 10) -> tuple[pd.DataFrame, str]:
    """Cumulative incidence (%) of each kind of first job per trajectory at the given months.

    Released as shares of each trajectory (:func:`released_incidence`): the engine hides a value that
    rests on few first jobs, and whatever would let a reader recover it (the kinds add up to the share
    with a job). A dash where the curve is not shown. Not estimable when no curve has
    ``min_cell_size`` persons at risk."""
    kept = _at_risk(cif, min_cell_size, by=["group", "cause"])
    _require_shown(cif, kept, min_cell_size)
    released = released_incidence(cif, data, times_months, language, min_cell_size)
    t = released.table
    causes = sorted(cif["cause"].unique())
    rows = []
    for group in t.index:
        for cause in causes:
            row = {_t("col.trajectory", language): trajectory_label(group, language),
                   _t("col.kind", language): _t(f"cause.{CAUSES.get(cause, cause)}", language)}
            for m, key in _share_columns(times_months, language).items():
                v = t.at[group, f"c{cause}_{m}"]
                row[key] = (sdc.MARKER if vocabulary.hidden(v) else _DASH if not np.isfinite(v)
                            else formats.number(v, 1, language))
            rows.append(row)
    out = pd.DataFrame(rows)
    col = _t("col.trajectory", language)
    out[col] = out[col].where(out[col] != out[col].shift(), "")
    out.attrs["release"] = released
    return out, _policy_note(released, _t("cif.note", language))


@degrades
def gray_table(cif: pd.DataFrame, language: str = "nl") -> pd.DataFrame:
    """Gray's test per kind of first job: does its cumulative incidence differ between trajectories?"""
    tests = pd.DataFrame(cif.attrs.get("gray_test", []))
    if tests.empty:
        return tests
    return pd.DataFrame({
        _t("col.kind", language): [_t(f"cause.{CAUSES.get(c, c)}", language) for c in tests["cause"]],
        _t("col.chi2", language): tests["statistic"].round(2), _t("col.df", language): tests["df"],
        _t("col.p", language): tests["p_value"].map(lambda p: _p(p, language))})


@degrades
def fine_gray_table(fits: Mapping[int, survival.FineGrayResult], data: pd.DataFrame, covariates: Sequence[str],
                    language: str = "nl", min_cell_size: int = 10) -> tuple[pd.DataFrame, str]:
    """Subdistribution hazard ratios (95% interval) per kind of first job, side by side, with the
    persons in the model and their first jobs of each kind per category (an SHR is hidden with them)."""
    d = data[data["in_model"]]
    covs = ["trajectory"] + list(covariates)
    first = next(iter(fits.values()))
    records, row_conditions = {}, {}
    counts = {"n": {}}
    hide_with = {}
    for cause in fits:
        counts[f"e{cause}"] = {vocabulary.KIND_VARIABLE: vocabulary.KIND_CODES.get(cause, str(cause))}
        hide_with[f"shr{cause}"] = ["n", f"e{cause}"]
    for var, lv, term in _term_rows(list(first.summary.index), d, covs):
        sel = d[var] == lv
        label = f"{var}={lv}"
        rec = {"variable": var, "level": lv, "n": int(sel.sum()), "reference": term is None}
        for cause, fit in fits.items():
            rec[f"e{cause}"] = int((d.loc[sel, "cause"] == cause).sum())
            rec[f"shr{cause}"] = "" if term is None else _estimate(
                fit.summary.loc[term, "shr"], fit.summary.loc[term, "ci_lower"], fit.summary.loc[term, "ci_upper"],
                2, language)
        records[label] = rec
        row_conditions[label] = {var: sdc.as_codes([lv]).iloc[0], vocabulary.ANALYSED: sdc.YES}
    table = pd.DataFrame.from_dict(records, orient="index")
    released = vocabulary.release(
        table, "fine_gray", rows=row_conditions, counts=counts, hide_with=hide_with, small_only=True,
        domains=vocabulary.domains(data, "any_job"), title=_t("finegray.caption", language),
        min_cell_size=min_cell_size, language=language)
    t = released.table
    out = pd.DataFrame({_t("col.variable", language): [variable_label(v, language) for v in t["variable"]],
                        _t("col.category", language): [_category_label(v, lv, language)
                                                       for v, lv in zip(t["variable"], t["level"])],
                        _t("col.n", language): list(t["n"])})
    for cause in fits:
        kind = _t(f"cause.{CAUSES.get(cause, cause)}", language)
        out[_t("col.events_of", language, kind=kind)] = list(t[f"e{cause}"])
        out[_t("col.shr_of", language, kind=kind)] = [
            _t("reference", language) if ref and not vocabulary.hidden(v) else v
            for ref, v in zip(t["reference"], t[f"shr{cause}"])]
    col = _t("col.variable", language)
    out[col] = out[col].where(out[col] != out[col].shift(), "")
    return out, released.note


@degrades
def rmst_table(data: pd.DataFrame, horizon_months: float, language: str = "nl",
               min_cell_size: int = 10) -> tuple[pd.DataFrame, str]:
    """Mean months without a job within the horizon (restricted mean survival time) per trajectory,
    and the difference from the linear trajectory with its 95% interval; hidden with the count of
    its trajectory. The reference trajectory's difference reads "referentie" (a difference has no 1).

    The released table keeps the numbers (``rmst``, ``difference``) as numbers, the intervals and
    p-values as the texts the report shows."""
    per = survival.rmst(data, "months", "event", horizon=horizon_months, by="trajectory").set_index("group")
    diff = survival.rmst_difference(data, "months", "event", horizon=horizon_months, by="trajectory",
                                    reference=references(data, ["trajectory"])["trajectory"]).set_index("group")
    groups = _order("trajectory", per.index)
    rows = {}
    for group in groups:
        r = per.loc[group]
        row = {"n": int((data["trajectory"] == group).sum()), "rmst": round(float(r["rmst"]), 1),
               "ci": _ci(r["ci_lower"], r["ci_upper"], 1, language)}
        if group in diff.index:
            d = diff.loc[group]
            row.update({"difference": round(float(d["difference"]), 1),
                        "diff_ci": _ci(d["ci_lower"], d["ci_upper"], 1, language), "p": _p(d["p_value"], language)})
        else:
            row.update({"difference": _t("reference.difference", language), "diff_ci": "", "p": ""})
        rows[group] = row
    table = pd.DataFrame.from_dict(rows, orient="index")
    table["difference"] = table["difference"].astype(object)
    stats = ["rmst", "ci", "difference", "diff_ci", "p"]
    released = vocabulary.release(
        table, "rmst", rows=vocabulary.category_rows("trajectory", groups), counts={"n": {}},
        hide_with={c: ["n"] for c in stats}, domains=vocabulary.domains(data), small_only=True,
        title=_t("rmst.caption", language, horizon=horizon_months), min_cell_size=min_cell_size,
        language=language)
    out = released.table.copy()
    out["rmst"] = [_shown(v, lambda x: formats.number(x, 1, language)) for v in out["rmst"]]
    out["difference"] = [v if isinstance(v, str) else _signed(v, 1, language) for v in out["difference"]]
    out.index = [trajectory_label(g, language) for g in out.index]
    out = out.rename_axis("trajectory").reset_index()
    names = {"trajectory": _t("col.trajectory", language), "n": _t("col.n", language),
             "rmst": _t("col.rmst", language, horizon=horizon_months), "ci": _t("col.ci", language),
             "difference": _t("col.rmst_difference", language), "diff_ci": _t("col.ci", language) + " ",
             "p": _t("col.p", language)}
    out = out.rename(columns=names)
    out.attrs["released"] = released.table
    out.attrs["release"] = released
    return out, _policy_note(released, _t("rmst.note", language, horizon=horizon_months))


def _signed(value: float, decimals: int, language: str) -> str:
    """A difference with its sign (``+1,5``, ``-8,1``, ``0,0``).

    Examples
    --------
    >>> _signed(1.52, 1, "nl"), _signed(-8.1, 1, "en")
    ('+1,5', '-8.1')
    """
    text = formats.number(value, decimals, language)
    return "+" + text if value > 0 and any(c in "123456789" for c in text) else text


def released_snapshots(comparison: dict, language: str = "nl", months_shown: Sequence[float] | None = None,
                       min_cell_size: int = 10) -> sdc.Released:
    """The snapshot comparison as released: rows ``<design>@<months>``; ``episodes`` declared as the
    share of the whole cohort with a first job within that many months, the snapshot estimates and the
    difference hidden with it."""
    t = comparison["table"]
    km = comparison["episodes"]
    t = t[t["months"] <= _visible_until(km, _at_risk(km, min_cell_size))]
    if months_shown is not None:
        t = t[t["months"].isin(list(months_shown))]
    table = pd.DataFrame({"design": list(t["design"]), "months": list(t["months"]), "_by": np.nan,
                          "episodes": list(t["episodes"].round(1)), "turnbull": list(t["turnbull"].round(1)),
                          "right_point": list(t["right_point"].round(1)), "difference": list(t["difference"].round(1))},
                         index=[f"{d}@{_key(m)}" for d, m in zip(t["design"], t["months"])])
    rows = {label: vocabulary.by_condition("any_job", m, cohort=True) for label, m in zip(table.index, table["months"])}
    domains = {vocabulary.by_variable("any_job", m, cohort=True): vocabulary.by_values("any_job")
               for m in table["months"]}
    return vocabulary.release(
        table, "snapshot", rows=rows, counts={"_by": {}}, shares={"episodes": ("_by", {})},
        hide_with={c: ["episodes"] for c in ("turnbull", "right_point", "difference")}, domains=domains,
        decimals=1, title=_t("snapshot.caption", language), min_cell_size=min_cell_size, language=language)


def _months_cell(value: float):
    """A number of months as a table shows it: a whole number as an integer (no decimals)."""
    return int(value) if float(value).is_integer() else float(value)


@degrades
def snapshot_table(comparison: dict, language: str = "nl", months_shown: Sequence[float] | None = None,
                   min_cell_size: int = 10) -> tuple[pd.DataFrame, str]:
    """The snapshot comparison as a report table (percentages with a first job), at ``months_shown``
    (default all); only at months where the episode curve is still shown (enough at risk)."""
    t = released_snapshots(comparison, language, months_shown, min_cell_size)
    r = t.table
    out = pd.DataFrame({
        _t("col.design", language): r["design"].map(lambda d: _t(f"design_name.{d}", language)).to_list(),
        _t("col.months", language): r["months"].map(_months_cell).to_list(),
        _t("col.episodes", language): r["episodes"].to_list(),
        _t("col.turnbull", language): r["turnbull"].to_list(),
        _t("col.right_point", language): r["right_point"].to_list(),
        _t("col.difference", language): r["difference"].to_list(),
    })
    out.attrs["released"] = r
    out.attrs["release"] = t
    return out, _policy_note(t, _t("snapshot.note", language))
