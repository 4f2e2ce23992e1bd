"""Tables of the profile report: labelled, formatted and disclosure-controlled.

Every ``present_*`` function returns ``(table, note)``: a DataFrame ready for
:func:`evalkit.publish.display.show_table` and the note under it. Headers and notes come from
``texts/<language>.yaml``. Estimates on too few persons are hidden (x) and counts below the
threshold shown as "<10" (:func:`_publishable`, :func:`_count_cell`).
"""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np
import pandas as pd

from evalkit.errors import InputError
from evalkit.publish import disclosure
from evalkit.publish.degrade import degrades, is_unavailable
from evalkit.studies.profiles.frames import PROFILE_VARIABLES, _as_tuple, _check_columns, _levels, missing_values
from evalkit.studies.profiles.labels import TEXTS, _t, category_label, variable_label
from evalkit.studies.profiles.models import ProfileModel
from evalkit.studies.profiles.modification import EffectModification
from evalkit.texts import check_language

#: Marks an estimate or share that is not shown (too few persons behind it).
_HIDDEN = "x"
#: An em space: HTML keeps it, so categories stand indented under their characteristic.
_INDENT = "\u2003"


# --------------------------------------------------------------------------- formatting
def _fmt(x: float, decimals: int = 2) -> str:
    return "–" if x is None or not np.isfinite(x) else f"{x:.{decimals}f}"


def _fmt_ci(est: float, lo: float, hi: float, decimals: int = 2, signed: bool = False) -> str:
    if not np.isfinite(est):
        return "–"
    f = (lambda v: f"{v:+.{decimals}f}") if signed else (lambda v: f"{v:.{decimals}f}")
    # no-break spaces: an estimate and its interval stay on one line in a report table
    return f"{f(est)}\u00a0({f(lo)};\u00a0{f(hi)})"


def _fmt_p(p: float) -> str:
    if p is None or not np.isfinite(p):
        return "–"
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


def _p_equals(p: float) -> str:
    """``"= 0.123"`` or ``"< 0.001"``, to follow a "p"."""
    text = _fmt_p(p)
    return text if text.startswith("<") else f"= {text}"


def _publishable(kind: str, n: int, n_outcome: int, min_cell_size: int) -> bool:
    """Whether an estimate on ``n`` persons of whom ``n_outcome`` had the outcome may be shown.

    Status (shares reveal counts): both outcome groups need ``min_cell_size`` persons. Time to
    first job: the category and its events need ``min_cell_size``."""
    if kind == "status":
        return n_outcome >= min_cell_size and n - n_outcome >= min_cell_size
    return n >= min_cell_size and n_outcome >= min_cell_size


def _count_cell(n: int, min_cell_size: int) -> Any:
    return int(n) if n == 0 or n >= min_cell_size else disclosure.small_count_marker(min_cell_size)


def _head(key: str, language: str) -> str:
    """The column header ``col.<key>`` of the catalogue."""
    return _t(f"col.{key}", language)


def _note(*sentences: str) -> str:
    """The note under a table: its sentences in order, the empty ones left out."""
    return " ".join(s for s in sentences if s)


def _merge_note(merges: pd.DataFrame | None, min_cell_size: int, language: str) -> str:
    if merges is None or len(merges) == 0:
        return ""
    parts = [f"{category_label(v, c, language)} → {category_label(v, i, language)}"
             for v, c, i in merges[["variable", "category", "into"]].itertuples(index=False)]
    return _t("note.merged", language, min_cell_size=min_cell_size, merges="; ".join(parts))


def _left_out_note(left_out: Sequence[str], language: str) -> str:
    """The sentence naming the characteristics left out of a model (a single category in these data)."""
    if not left_out:
        return ""
    return _t("note.left_out", language, variables=", ".join(variable_label(v, language) for v in left_out))


def _grouped(blocks: list[tuple[str, list[dict]]], first: str, columns: list[str]) -> pd.DataFrame:
    """One table from per-characteristic blocks: a heading row with the characteristic, then its
    categories indented, all in the first column (``first``)."""
    rows = []
    for heading, items in blocks:
        rows.append({first: heading, **{c: "" for c in columns}})
        rows += [{first: _INDENT + item["_label"], **{c: item.get(c, "") for c in columns}} for item in items]
    return pd.DataFrame(rows, columns=[first] + columns)


# --------------------------------------------------------------------------- tables
@degrades
def present_description(data: pd.DataFrame, covariates: Sequence[str] = PROFILE_VARIABLES, language: str = "nl",
                        min_cell_size: int = 10, merges: pd.DataFrame | None = None,
                        duration: str = "days_to_any_job", event: str = "any_job", outcome: str = "work",
                        horizon: float = 365) -> tuple[pd.DataFrame, str]:
    """Who is in the analysis: per characteristic and category the number of persons, the share
    at work on the snapshot date and the share with a first job within ``horizon`` days
    (Kaplan-Meier). Categories are those of the prepared data (all at least ``min_cell_size``
    persons after :func:`prepare`); a share is hidden (x) where fewer than ``min_cell_size``
    persons are behind it or behind its complement (–: nobody has a status on the snapshot date), a
    count below the threshold shows as "<10"."""
    from evalkit.stats import survival

    check_language(language)
    covariates = _as_tuple(covariates)
    _check_columns(data, list(covariates) + [duration, event, outcome])
    keys = ["n", "pct", "pct_work", "pct_job_12m"]
    blocks = []
    for variable in covariates:
        values = data[variable].astype(object)
        levels = _levels(variable, values)
        km = survival.survival_at(survival.kaplan_meier(data.assign(_g=values), duration, event, by="_g"), horizon)
        job = dict(zip(km["group"], 100 * (1 - km["survival"])))
        items = []
        for lv in levels:
            part = data[values == lv]
            n, n_work = len(part), int(part[outcome].sum())
            n_job = int(((part[duration] <= horizon) & (part[event] == 1)).sum())
            job_ok = n >= min_cell_size and min_cell_size <= n_job <= n - min_cell_size
            work_ok = _publishable("status", n, n_work, min_cell_size)
            items.append({"_label": category_label(variable, lv, language), "n": _count_cell(n, min_cell_size),
                          "pct": _fmt(100 * n / len(data), 1) if n >= min_cell_size else _HIDDEN,
                          "pct_work": (_fmt(100 * n_work / n, 1) if work_ok
                                       else _HIDDEN if part[outcome].notna().any() else "–"),
                          "pct_job_12m": _fmt(job[lv], 1) if job_ok else _HIDDEN})
        blocks.append((variable_label(variable, language), items))
    table = _grouped(blocks, "variable", keys)
    table = table.rename(columns={c: _head(c, language) for c in ["variable"] + keys})
    note = _note(_merge_note(merges, min_cell_size, language), _t("description.note", language),
                 disclosure.disclosure_note(min_cell_size, language=language, percentages=True))
    return table, note


@degrades
def present_missing(data: pd.DataFrame, covariates: Sequence[str] = PROFILE_VARIABLES, language: str = "nl",
                    min_cell_size: int = 10) -> tuple[pd.DataFrame, str]:
    """Missing or unknown values per characteristic (counts below ``min_cell_size`` hidden)."""
    check_language(language)
    mv = missing_values(data, covariates)
    any_label = _t("missing.any", language)
    table = pd.DataFrame({
        _head("variable", language): [any_label if v == "any" else variable_label(v, language) for v in mv["variable"]],
        _head("n_missing", language): [_count_cell(n, min_cell_size) for n in mv["n_missing"]],
        _head("pct_missing", language): [_fmt(p, 2) if (n == 0 or n >= min_cell_size) else _HIDDEN
                                         for n, p in zip(mv["n_missing"], mv["pct_missing"])],
    })
    return table, disclosure.disclosure_note(min_cell_size, language=language, percentages=True)


@degrades
def present_sensitivity(sensitivity: pd.DataFrame, language: str = "nl") -> tuple[pd.DataFrame, str]:
    """Complete-case against missing-category estimates (:func:`missing_sensitivity`), labelled."""
    check_language(language)
    s = sensitivity
    keys = ["estimate_cc", "estimate_mc", "change"]
    blocks = []
    for variable in dict.fromkeys(s["variable"]):
        part = s[s["variable"] == variable]
        blocks.append((variable_label(variable, language), [
            {"_label": category_label(variable, c, language), "estimate_cc": _fmt(cc, 2), "estimate_mc": _fmt(mc, 2),
             "change": f"{100 * ch:+.1f}"}
            for c, cc, mc, ch in zip(part["category"], part["estimate_complete_case"],
                                     part["estimate_missing_category"], part["relative_change"])]))
    table = _grouped(blocks, "variable", keys).rename(columns={k: _head(k, language) for k in ["variable"] + keys})
    note = _t("missing.sensitivity_note", language, n_complete=s.attrs["n_complete_case"],
              n_category=s.attrs["n_missing_category"])
    return table, note


@degrades
def present_estimates(model: ProfileModel, language: str = "nl", min_cell_size: int = 10,
                      merges: pd.DataFrame | None = None) -> tuple[pd.DataFrame, str]:
    """Raw and adjusted estimates side by side, labelled, for a report.

    Status model: differences in percentage points (average marginal effects), raw and adjusted,
    and the adjusted odds ratio; Cox model: hazard ratios, raw and adjusted. Estimates of a
    category with fewer than ``min_cell_size`` persons with the outcome (status model: also
    without) are not shown (x), nor are counts below the threshold.

    Examples
    --------
    >>> from lifelines.datasets import load_rossi
    >>> from evalkit.studies.profiles import first_job_model
    >>> df = load_rossi().assign(fin=lambda d: d["fin"].map({0: "no", 1: "yes"}))
    >>> m = first_job_model(df, "week", "arrest", ["fin"], within=None, reference={"fin": "no"})
    >>> table, note = present_estimates(m, "en")
    >>> table.columns.tolist()
    ['Characteristic', 'N', 'With a first job', 'Hazard ratio raw', 'Hazard ratio adjusted', 'p (adjusted)']
    >>> table.iloc[2, 3].replace("\\u00a0", " ")
    '0.69 (0.48; 1.00)'
    """
    check_language(language)
    est = model.estimates
    raw = est[est["model"] == "raw"].reset_index(drop=True)
    adj = est[est["model"] == "adjusted"].reset_index(drop=True)
    if len(raw) != len(adj):
        raise InputError("present_estimates needs a model fitted with raw=True")
    if model.kind == "status":
        keys = ["n", "n_outcome", "ame_raw", "ame_adjusted", "or_adjusted", "p_adjusted"]
    else:
        keys = ["n", "n_outcome", "hr_raw", "hr_adjusted", "p_adjusted"]
    ref_text = _t("table.reference", language)
    per_unit = _t("word.per_unit", language)
    blocks = []
    for variable in dict.fromkeys(raw["variable"]):
        items = []
        for i in raw.index[raw["variable"] == variable]:
            r, a = raw.loc[i], adj.loc[i]
            ok = _publishable(model.kind, int(r["n"]), int(r["n_outcome"]), min_cell_size)
            # the count with the outcome reveals the count without it (N minus it): both must be large enough
            count_ok = _publishable("status", int(r["n"]), int(r["n_outcome"]), min_cell_size)
            numeric = variable in model._adjusted.spec.numeric
            item = {"_label": per_unit if numeric else category_label(variable, r["category"], language),
                    "n": _count_cell(int(r["n"]), min_cell_size),
                    "n_outcome": (_count_cell(int(r["n_outcome"]), min_cell_size) if count_ok
                                  else disclosure.SECONDARY_MARKER)}
            if r["reference"]:
                item.update({k: ref_text for k in keys[2:-1]})
            elif not ok:
                item.update({k: _HIDDEN for k in keys[2:]})
            else:
                if model.kind == "status":
                    item["ame_raw"] = _fmt_ci(r["ame"], r["ame_ci_lower"], r["ame_ci_upper"], 1, signed=True)
                    item["ame_adjusted"] = _fmt_ci(a["ame"], a["ame_ci_lower"], a["ame_ci_upper"], 1, signed=True)
                    item["or_adjusted"] = _fmt_ci(a["estimate"], a["ci_lower"], a["ci_upper"])
                else:
                    item["hr_raw"] = _fmt_ci(r["estimate"], r["ci_lower"], r["ci_upper"])
                    item["hr_adjusted"] = _fmt_ci(a["estimate"], a["ci_lower"], a["ci_upper"])
                item["p_adjusted"] = _fmt_p(a["p_value"])
            items.append(item)
        blocks.append((variable_label(variable, language), items))
    table = _grouped(blocks, "variable", keys)
    heads = {k: _head(k, language) for k in ["variable"] + keys if k != "n_outcome"}
    heads["n_outcome"] = _head("n_work" if model.kind == "status" else "n_job", language)
    table = table.rename(columns=heads)
    models = _t("estimates.note_adjusted_within" if model.within is not None else "estimates.note_adjusted", language)
    shown = _t("estimates.note_shown_status" if model.kind == "status" else "estimates.note_shown_first_job",
               language, min_cell_size=min_cell_size)
    note = _note(_merge_note(merges, min_cell_size, language), _left_out_note(model.left_out, language), models,
                 _t("estimates.note_same_persons", language, n=model.n), shown,
                 disclosure.disclosure_note(min_cell_size, language=language))
    return table, note


@degrades
def present_tests(model: ProfileModel, language: str = "nl") -> tuple[pd.DataFrame, str]:
    """Per characteristic: does it matter at all (Wald test of all its categories), raw and adjusted."""
    check_language(language)
    t = model.tests
    raw = t[t["model"] == "raw"].set_index("variable")
    adj = t[t["model"] == "adjusted"].set_index("variable")
    table = pd.DataFrame({
        _head("variable", language): [variable_label(v, language) for v in raw.index],
        _head("df", language): raw["df"].to_numpy(),
        _head("chi2_raw", language): [_fmt(x, 1) for x in raw["statistic"]],
        _head("p_raw", language): [_fmt_p(p) for p in raw["p_value"]],
        _head("chi2_adjusted", language): [_fmt(x, 1) for x in adj.loc[raw.index, "statistic"]],
        _head("p_adjusted", language): [_fmt_p(p) for p in adj.loc[raw.index, "p_value"]],
    })
    return table, _t("tests.note", language)


def present_effect_modification(*results: EffectModification, language: str = "nl") -> tuple[pd.DataFrame, str]:
    """The interaction tests of one or more outcomes side by side, with and without Holm's correction.

    Examples
    --------
    >>> from lifelines.datasets import load_rossi
    >>> from evalkit.studies.profiles import effect_modification
    >>> df = load_rossi().assign(fin=lambda d: d["fin"].map({0: "no", 1: "yes"}),
    ...                          wexp=lambda d: d["wexp"].map({0: "no", 1: "yes"}))
    >>> em = effect_modification(df, "first_job", ["wexp"], modifier="fin", covariates=["wexp", "prio"],
    ...                          duration="week", event="arrest", reference={"fin": "no", "wexp": "no"})
    >>> table, note = present_effect_modification(em, language="en")
    >>> list(table.columns)
    ['Characteristic', 'First job: χ² (df)', 'p', 'p after Holm correction']
    """
    check_language(language)
    if not results:
        raise InputError("give at least one effect-modification result")
    # not @degrades: an outcome that could not be estimated leaves the columns of the other one
    available = [r for r in results if not is_unavailable(r)]
    if not available:
        return results[0]
    results = available
    variables = list(dict.fromkeys(v for r in results for v in r.tests["variable"]))
    table = pd.DataFrame({_head("variable", language): [variable_label(v, language) for v in variables]})
    single = len(results) == 1
    for r in results:
        t = r.tests.set_index("variable").reindex(variables)
        outcome = TEXTS.text(f"outcome_short.{r.kind}", language)
        chi = [f"{s:.1f} ({int(d)})" if np.isfinite(s) else "–" for s, d in zip(t["statistic"], t["df"].fillna(0))]
        table[_t("col.outcome_chi2", language, outcome=outcome)] = chi
        p_head = _head("p_value", language) if single else _t("col.outcome_p", language, outcome=outcome)
        table[p_head] = [_fmt_p(p) for p in t["p_value"]]
        holm_head = _head("p_holm", language) if single else _t("col.outcome_p_holm", language, outcome=outcome)
        table[holm_head] = [_fmt_p(p) for p in t["p_holm"]]
    n_tested = max(int(r.tests["p_value"].notna().sum()) for r in results)
    left_out = list(dict.fromkeys(v for r in results for v in r.left_out))
    note = _note(_t("modification.note", language, n_tested=n_tested, min_cell_size=results[0].min_cell_size),
                 _left_out_note(left_out, language))
    return table, note


def present_checks(*models: ProfileModel, language: str = "nl") -> tuple[pd.DataFrame, str]:
    """Model checks of the status and Cox models in one table.

    When a model could not be estimated, the table is that model's Unavailable: this section says why
    too (a notice is shown once per section).
    """
    check_language(language)
    missing = [m for m in models if is_unavailable(m)]
    if missing:
        return missing[0]
    rows = []
    for model in models:
        for r in model.checks().itertuples(index=False):
            rows.append({
                _head("check", language): _t(f"check.{r.check}", language),
                _head("value", language): _fmt(r.value, 3 if r.check in ("auc", "concordance") else 1),
                _head("ci", language): (f"{r.ci_lower:.3f}; {r.ci_upper:.3f}" if np.isfinite(r.ci_lower) else "–"),
                _head("df", language): "–" if not np.isfinite(r.df) else str(int(r.df)),
                _head("p_value", language): _fmt_p(r.p_value),
            })
    return pd.DataFrame(rows), _t("checks.note", language)


@degrades
def present_calibration(model: ProfileModel, language: str = "nl", min_cell_size: int = 10,
                        groups: int = 10) -> tuple[pd.DataFrame, str]:
    """Calibration of the status model by decile, with disclosure control of the observed counts."""
    check_language(language)
    cal = model.calibration(groups)
    ok = (cal["n_observed"] >= min_cell_size) & (cal["n"] - cal["n_observed"] >= min_cell_size)
    table = pd.DataFrame({
        _head("group", language): cal["group"].to_numpy(),
        _head("n", language): [_count_cell(n, min_cell_size) for n in cal["n"]],
        _head("predicted", language): cal["predicted"].to_numpy(),
        _head("observed", language): [o if k else _HIDDEN for o, k in zip(cal["observed"], ok)],
    })
    hl = cal.attrs
    note = _note(_t("checks.calibration_test", language, statistic=hl["statistic"], df=hl["df"],
                    p=_fmt_p(hl["p_value"])),
                 _t("checks.calibration_hidden", language, min_cell_size=min_cell_size),
                 disclosure.disclosure_note(min_cell_size, language=language))
    return table, note


@degrades
def present_ph_test(model: ProfileModel, language: str = "nl") -> tuple[pd.DataFrame, str]:
    """The proportional-hazards test of the adjusted Cox model per characteristic, labelled."""
    check_language(language)
    ph = model.ph_test()
    total = _t("checks.ph_all", language)
    table = pd.DataFrame({
        _head("variable", language): [total if v == "GLOBAL" else variable_label(v, language) for v in ph.index],
        _head("chi2", language): [_fmt(x, 2) for x in ph["statistic"]],
        _head("df", language): ph["df"].to_numpy(),
        _head("p_value", language): [_fmt_p(p) for p in ph["p_value"]],
    })
    return table, _t("checks.ph_note", language)


@degrades
def present_truth(comparison: pd.DataFrame, language: str = "nl") -> tuple[pd.DataFrame, str]:
    """The :func:`truth_comparison` table as hazard ratios, labelled, for a report."""
    check_language(language)
    c = comparison
    latent = _t("truth.latent", language)
    per_sd = _t("truth.per_sd", language)
    keys = ["true", "raw", "adjusted", "latent"]
    heads = [_head(k, language) for k in ("variable", "true_hr", "raw_hr", "adjusted_hr", "with_latent")]
    blocks = []
    for variable in dict.fromkeys(c["variable"]):
        part = c[c["variable"] == variable]
        items = [{"_label": per_sd if variable == "latent_employability" else category_label(variable, k, language),
                  "true": _fmt(np.exp(t), 2), "raw": _fmt(np.exp(r), 2), "adjusted": _fmt(np.exp(a), 2),
                  "latent": _fmt_ci(np.exp(e), np.exp(lo), np.exp(hi))}
                 for k, t, r, a, e, lo, hi in zip(part["category"], part["true_coef"], part["coef_raw"],
                                                  part["coef_adjusted"], part["coef_with_latent"], part["ci_lower"],
                                                  part["ci_upper"])]
        blocks.append((latent if variable == "latent_employability" else variable_label(variable, language), items))
    table = _grouped(blocks, "variable", keys)
    table.columns = heads
    note = _t("truth.note", language, covered=int(c["covered"].sum()), terms=len(c))
    return table, note
