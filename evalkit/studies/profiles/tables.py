"""Tables of the profile report: labelled, formatted and disclosure-controlled.

Every ``present_*`` function returns ``(table, note)``: a DataFrame ready for
:func:`evalkit.publish.display.show_table` and the note under it. Estimates on too few persons
are hidden (x) and counts below the threshold shown as "<10" (:func:`_publishable`,
:func:`_count_cell`).
"""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np
import pandas as pd

from evalkit.errors import InputError
from evalkit.studies.profiles.frames import PROFILE_VARIABLES, _as_tuple, _check_columns, _levels, missing_values
from evalkit.studies.profiles.labels import TEXTS, category_label, variable_label
from evalkit.studies.profiles.models import ProfileModel
from evalkit.studies.profiles.modification import EffectModification
from evalkit.texts import check_language

def present_truth(comparison: pd.DataFrame, language: str = "nl") -> tuple[pd.DataFrame, str]:
    """The :func:`truth_comparison` table as hazard ratios, labelled, for a report."""
    check_language(language)
    c = comparison
    latent = "Verborgen inzetbaarheid" if language == "nl" else "Hidden employability"
    per_sd = "per standaardafwijking" if language == "nl" else "per standard deviation"
    keys = ["true", "raw", "adjusted", "latent"]
    heads = {"nl": ["Kenmerk", "Echte HR", "Ruwe HR", "Gecorrigeerde HR", "Gecorrigeerd + inzetbaarheid (95%-BI)"],
             "en": ["Characteristic", "True HR", "Raw HR", "Adjusted HR", "Adjusted + employability (95% CI)"]}[language]
    blocks = []
    for variable in dict.fromkeys(c["variable"]):
        part = c[c["variable"] == variable]
        items = [{"_label": per_sd if variable == "latent_employability" else category_label(variable, k, language),
                  "true": _pct(np.exp(t), 2), "raw": _pct(np.exp(r), 2), "adjusted": _pct(np.exp(a), 2),
                  "latent": _fmt_ci(np.exp(e), np.exp(lo), np.exp(hi))}
                 for k, t, r, a, e, lo, hi in zip(part["category"], part["true_coef"], part["coef_raw"],
                                                  part["coef_adjusted"], part["coef_with_latent"], part["ci_lower"],
                                                  part["ci_upper"])]
        blocks.append((latent if variable == "latent_employability" else variable_label(variable, language), items))
    table = _grouped(blocks, "variable", keys)
    table.columns = heads
    covered = int(c["covered"].sum())
    note = (f"De echte waarde ligt voor {covered} van de {len(c)} termen binnen het 95%-betrouwbaarheidsinterval "
            f"van het model met de verborgen inzetbaarheid." if language == "nl" else
            f"The true value lies within the 95% confidence interval of the model with the hidden employability "
            f"for {covered} of the {len(c)} terms.")
    return table, note



# --------------------------------------------------------------------------- presentation
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
    from evalkit.publish import disclosure

    return int(n) if n == 0 or n >= min_cell_size else disclosure.small_count_marker(min_cell_size)


_HEAD = {
    "variable": {"nl": "Kenmerk", "en": "Characteristic"},
    "category": {"nl": "Categorie", "en": "Category"},
    "n": {"nl": "N", "en": "N"},
    "pct": {"nl": "% van de groep", "en": "% of the group"},
    "pct_work": {"nl": "% aan het werk", "en": "% at work"},
    "pct_job_12m": {"nl": "% eerste job binnen 12 maanden", "en": "% first job within 12 months"},
    "n_work": {"nl": "Aan het werk", "en": "At work"},
    "n_job": {"nl": "Met eerste job", "en": "With a first job"},
    "or_raw": {"nl": "OR ruw (95%-BI)", "en": "OR raw (95% CI)"},
    "or_adjusted": {"nl": "Odds ratio gecorrigeerd", "en": "Odds ratio adjusted"},
    "ame_raw": {"nl": "Ruw verschil (%-punt)", "en": "Raw difference (pp)"},
    "ame_adjusted": {"nl": "Gecorrigeerd verschil (%-punt)", "en": "Adjusted difference (pp)"},
    "hr_raw": {"nl": "Hazard ratio ruw", "en": "Hazard ratio raw"},
    "hr_adjusted": {"nl": "Hazard ratio gecorrigeerd", "en": "Hazard ratio adjusted"},
    "p_adjusted": {"nl": "p (gecorrigeerd)", "en": "p (adjusted)"},
    "n_missing": {"nl": "Ontbrekend of onbekend", "en": "Missing or unknown"},
    "pct_missing": {"nl": "% van alle intakes", "en": "% of all intakes"},
    "chi2_raw": {"nl": "χ² ruw", "en": "χ² raw"},
    "p_raw": {"nl": "p ruw", "en": "p raw"},
    "chi2_adjusted": {"nl": "χ² gecorrigeerd", "en": "χ² adjusted"},
    "df": {"nl": "df", "en": "df"},
    "statistic": {"nl": "χ² (LR)", "en": "χ² (LR)"},
    "p_value": {"nl": "p", "en": "p"},
    "p_holm": {"nl": "p na Holm-correctie", "en": "p after Holm correction"},
    "p_holm_short": {"nl": "p (Holm)", "en": "p (Holm)"},
    "check": {"nl": "Controle", "en": "Check"},
    "value": {"nl": "Waarde", "en": "Value"},
    "ci": {"nl": "95%-BI", "en": "95% CI"},
    "group": {"nl": "Groep (laag → hoog voorspeld)", "en": "Group (low → high predicted)"},
    "predicted": {"nl": "Voorspeld % aan het werk", "en": "Predicted % at work"},
    "observed": {"nl": "Waargenomen % aan het werk", "en": "Observed % at work"},
    "estimate_cc": {"nl": "Volledige gevallen", "en": "Complete cases"},
    "estimate_mc": {"nl": "Onbekend als categorie", "en": "Unknown as a category"},
    "change": {"nl": "Verandering (%)", "en": "Change (%)"},
    "model": {"nl": "Model", "en": "Model"},
}


def _head(key: str, language: str) -> str:
    return _HEAD[key][language]


def _merge_note(merges: pd.DataFrame | None, min_cell_size: int, language: str) -> str:
    if merges is None or len(merges) == 0:
        return ""
    parts = [f"{category_label(v, c, language)} → {category_label(v, i, language)}"
             for v, c, i in merges[["variable", "category", "into"]].itertuples(index=False)]
    if language == "nl":
        return (f"Categorieën met minder dan {min_cell_size} personen zijn samengevoegd met een naburige "
                f"categorie (onbekend met de referentie): {'; '.join(parts)}. ")
    return (f"Categories with fewer than {min_cell_size} persons are merged with a neighbouring category "
            f"(unknown with the reference): {'; '.join(parts)}. ")


_INDENT = "\u2003"  # an em space: HTML keeps it, so categories stand indented under their characteristic


def _grouped(blocks: list[tuple[str, list[dict]]], first: str, columns: list[str]) -> pd.DataFrame:
    """One table from per-characteristic blocks: a heading row with the characteristic, then its
    categories indented, all in the first column (``first``)."""
    rows = []
    for heading, items in blocks:
        rows.append({first: heading, **{c: "" for c in columns}})
        rows += [{first: _INDENT + item["_label"], **{c: item.get(c, "") for c in columns}} for item in items]
    return pd.DataFrame(rows, columns=[first] + columns)


def _pct(x: float, decimals: int = 1) -> str:
    return "–" if x is None or not np.isfinite(x) else f"{x:.{decimals}f}"


def present_description(data: pd.DataFrame, covariates: Sequence[str] = PROFILE_VARIABLES, language: str = "nl",
                        min_cell_size: int = 10, merges: pd.DataFrame | None = None,
                        duration: str = "days_to_any_job", event: str = "any_job", outcome: str = "work",
                        horizon: float = 365) -> tuple[pd.DataFrame, str]:
    """Who is in the analysis: per characteristic and category the number of persons, the share
    at work on the snapshot date and the share with a first job within ``horizon`` days
    (Kaplan-Meier). Categories are those of the prepared data (all at least ``min_cell_size``
    persons after :func:`prepare`); a share is hidden (x) where fewer than ``min_cell_size``
    persons are behind it or behind its complement, a count below the threshold shows as "<10"."""
    from evalkit.publish import disclosure
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
            items.append({"_label": category_label(variable, lv, language), "n": _count_cell(n, min_cell_size),
                          "pct": _pct(100 * n / len(data)) if n >= min_cell_size else "x",
                          "pct_work": _pct(100 * n_work / n) if _publishable("status", n, n_work, min_cell_size) else "x",
                          "pct_job_12m": _pct(job[lv]) if job_ok else "x"})
        blocks.append((variable_label(variable, language), items))
    table = _grouped(blocks, "variable", keys)
    table = table.rename(columns={c: _head(c, language) for c in ["variable"] + keys})
    note = _merge_note(merges, min_cell_size, language)
    note += ("% eerste job binnen 12 maanden: Kaplan-Meier-schatting; wie het register verliet of nog zonder job is, "
             "telt mee tot het einde van de opvolging. " if language == "nl" else
             "% first job within 12 months: Kaplan-Meier estimate; people who left the registers or are still without "
             "a job count until the end of their follow-up. ")
    note += disclosure.disclosure_note(min_cell_size, language=language, percentages=True)
    return table, note


def present_missing(data: pd.DataFrame, covariates: Sequence[str] = PROFILE_VARIABLES, language: str = "nl",
                    min_cell_size: int = 10) -> tuple[pd.DataFrame, str]:
    """Missing or unknown values per characteristic (counts below ``min_cell_size`` hidden)."""
    from evalkit.publish import disclosure

    check_language(language)
    mv = missing_values(data, covariates)
    any_label = "Minstens één kenmerk" if language == "nl" else "At least one characteristic"
    table = pd.DataFrame({
        _head("variable", language): [any_label if v == "any" else variable_label(v, language) for v in mv["variable"]],
        _head("n_missing", language): [_count_cell(n, min_cell_size) for n in mv["n_missing"]],
        _head("pct_missing", language): [_pct(p, 2) if (n == 0 or n >= min_cell_size) else "x"
                                         for n, p in zip(mv["n_missing"], mv["pct_missing"])],
    })
    return table, disclosure.disclosure_note(min_cell_size, language=language, percentages=True)


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
    from evalkit.publish import disclosure

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
    ref_text = "ref."
    blocks = []
    for variable in dict.fromkeys(raw["variable"]):
        items = []
        for i in raw.index[raw["variable"] == variable]:
            r, a = raw.loc[i], adj.loc[i]
            ok = _publishable(model.kind, int(r["n"]), int(r["n_outcome"]), min_cell_size)
            # the count with the outcome reveals the count without it (N minus it): both must be large enough
            count_ok = _publishable("status", int(r["n"]), int(r["n_outcome"]), min_cell_size)
            numeric = variable in model._adjusted.spec.numeric
            item = {"_label": ("per eenheid" if language == "nl" else "per unit") if numeric else
                    category_label(variable, r["category"], language),
                    "n": _count_cell(int(r["n"]), min_cell_size),
                    "n_outcome": (_count_cell(int(r["n_outcome"]), min_cell_size) if count_ok
                                  else disclosure.SECONDARY_MARKER)}
            if r["reference"]:
                item.update({k: ref_text for k in keys[2:-1]})
            elif not ok:
                item.update({k: "x" for k in keys[2:]})
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
    note = _merge_note(merges, min_cell_size, language)
    within = model.within is not None
    if language == "nl":
        note += (f"Ruw: elk kenmerk apart. Gecorrigeerd: alle kenmerken samen"
                 f"{', binnen hetzelfde traject' if within else ''}. "
                 f"Beide op dezelfde {model.n} personen; ref.: referentiecategorie; tussen haakjes het "
                 f"95%-betrouwbaarheidsinterval; p: toets van geen verschil in het gecorrigeerde model. ")
        note += (f"Een schatting verschijnt alleen als minstens {min_cell_size} personen in de categorie "
                 + ("wel en evenveel niet aan het werk waren (x: niet getoond). " if model.kind == "status"
                    else f"een eerste job vonden; het aantal met een eerste job alleen als ook minstens "
                         f"{min_cell_size} er (nog) geen vonden (x: niet getoond). "))
    else:
        note += (f"Raw: each characteristic alone. Adjusted: all characteristics together"
                 f"{', within the same trajectory' if within else ''}. Both on the same {model.n} persons; ref.: "
                 f"reference category; in brackets the 95% confidence interval; p: test of no difference in the "
                 f"adjusted model. ")
        note += (f"An estimate is shown only when at least {min_cell_size} persons of the category "
                 + ("were at work and as many were not (x: not shown). " if model.kind == "status"
                    else f"found a first job; the number with a first job only when at least {min_cell_size} "
                         f"did not (yet) find one as well (x: not shown). "))
    note += disclosure.disclosure_note(min_cell_size, language=language)
    return table, note


def present_tests(model: ProfileModel, language: str = "nl") -> tuple[pd.DataFrame, str]:
    """Per characteristic: does it matter at all (Wald test of all its categories), raw and adjusted."""
    check_language(language)
    t = model.tests
    raw = t[t["model"] == "raw"].set_index("variable")
    adj = t[t["model"] == "adjusted"].set_index("variable")
    table = pd.DataFrame({
        _head("variable", language): [variable_label(v, language) for v in raw.index],
        _head("df", language): raw["df"].to_numpy(),
        _head("chi2_raw", language): [_pct(x) for x in raw["statistic"]],
        _head("p_raw", language): [_fmt_p(p) for p in raw["p_value"]],
        _head("chi2_adjusted", language): [_pct(x) for x in adj.loc[raw.index, "statistic"]],
        _head("p_adjusted", language): [_fmt_p(p) for p in adj.loc[raw.index, "p_value"]],
    })
    note = ("Wald-toets dat alle categorieën van het kenmerk dezelfde kans hebben (df: aantal categorieën min één)."
            if language == "nl" else
            "Wald test that all categories of the characteristic have the same chance (df: categories minus one).")
    return table, note


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
    variables = list(dict.fromkeys(v for r in results for v in r.tests["variable"]))
    table = pd.DataFrame({_head("variable", language): [variable_label(v, language) for v in variables]})
    for r in results:
        t = r.tests.set_index("variable").reindex(variables)
        outcome = TEXTS.text(f"outcome_short.{r.kind}", language)
        chi = [f"{s:.1f} ({int(d)})" if np.isfinite(s) else "–" for s, d in zip(t["statistic"], t["df"].fillna(0))]
        prefix = "" if len(results) == 1 else f"{outcome}: "
        table[f"{outcome}: χ² (df)"] = chi
        table[f"{prefix}{_head('p_value', language)}"] = [_fmt_p(p) for p in t["p_value"]]
        table[f"{prefix}{_head('p_holm' if len(results) == 1 else 'p_holm_short', language)}"] = [
            _fmt_p(p) for p in t["p_holm"]]
    k = max(int(r.tests["p_value"].notna().sum()) for r in results)
    m = results[0].min_cell_size
    if language == "nl":
        note = (f"Likelihood-ratiotoets van de interactie traject x kenmerk (model met tegen zonder de interactietermen; "
                f"df: aantal interactietermen). Omdat {k} kenmerken getoetst worden, is de p-waarde per uitkomst "
                f"gecorrigeerd met de methode van Holm: alleen een gecorrigeerde p onder 0.05 wijst op een traject dat "
                f"voor de ene groep anders werkt dan voor de andere. Cellen met minder dan {m} personen (met de "
                f"uitkomst) krijgen geen eigen interactieterm.")
    else:
        note = (f"Likelihood-ratio test of the interaction trajectory x characteristic (model with against without the "
                f"interaction terms; df: number of interaction terms). As {k} characteristics are tested, the p-value "
                f"of each outcome is corrected with Holm's method: only a corrected p below 0.05 points to a trajectory "
                f"that works differently for one group than for another. Cells with fewer than {m} persons (with the "
                f"outcome) get no interaction term of their own.")
    return table, note


def present_checks(*models: ProfileModel, language: str = "nl") -> tuple[pd.DataFrame, str]:
    """Model checks of the status and Cox models in one table."""
    check_language(language)
    names = {
        "auc": {"nl": "Onderscheidend vermogen statusmodel (AUC)", "en": "Discrimination, status model (AUC)"},
        "hosmer_lemeshow": {"nl": "Kalibratie statusmodel (Hosmer-Lemeshow, per decielgroep)",
                            "en": "Calibration, status model (Hosmer-Lemeshow, by decile)"},
        "concordance": {"nl": "Onderscheidend vermogen Cox-model (concordantie C, binnen traject)",
                        "en": "Discrimination, Cox model (concordance C, within trajectory)"},
        "ph_global": {"nl": "Proportionele hazards, Cox-model (globale toets)",
                      "en": "Proportional hazards, Cox model (global test)"},
    }
    rows = []
    for model in models:
        for r in model.checks().itertuples(index=False):
            rows.append({
                _head("check", language): names[r.check][language],
                _head("value", language): _fmt(r.value, 3 if r.check in ("auc", "concordance") else 1),
                _head("ci", language): (f"{r.ci_lower:.3f}; {r.ci_upper:.3f}" if np.isfinite(r.ci_lower) else "–"),
                _head("df", language): "–" if not np.isfinite(r.df) else str(int(r.df)),
                _head("p_value", language): _fmt_p(r.p_value),
            })
    if language == "nl":
        note = ("AUC en C: de kans dat van twee personen wie (sneller) werk vindt de hoogste voorspelde kans "
                "kreeg; 0.5 is gokken, 1 is perfect. Een kleine p bij Hosmer-Lemeshow of bij de PH-toets wijst "
                "op een model dat niet goed past: bij de PH-toets verandert een hazard ratio in de tijd, zodat "
                "de hazard ratio een gemiddelde over de opvolging is.")
    else:
        note = ("AUC and C: the probability that, of two persons, the one who finds work (sooner) got the higher "
                "prediction; 0.5 is guessing, 1 is perfect. A small p for Hosmer-Lemeshow or the PH test points to "
                "a model that does not fit well: for the PH test, a hazard ratio changes over time, so it is an "
                "average over the follow-up.")
    return pd.DataFrame(rows), note


def present_ph_test(model: ProfileModel, language: str = "nl") -> tuple[pd.DataFrame, str]:
    """The proportional-hazards test of the adjusted Cox model per characteristic, labelled."""
    check_language(language)
    ph = model.ph_test()
    total = "Globaal (alle kenmerken)" if language == "nl" else "Global (all characteristics)"
    table = pd.DataFrame({
        _head("variable", language): [total if v == "GLOBAL" else variable_label(v, language) for v in ph.index],
        _head("statistic", language).replace(" (LR)", ""): [_pct(x, 2) for x in ph["statistic"]],
        _head("df", language): ph["df"].to_numpy(),
        _head("p_value", language): [_fmt_p(p) for p in ph["p_value"]],
    })
    note = ("Toets of de hazard ratio van het kenmerk in de tijd verandert (R cox.zph, Kaplan-Meier-tijdschaal); "
            "een kleine p betekent dat de hazard ratio een gemiddelde over de opvolging is." if language == "nl" else
            "Test whether the characteristic's hazard ratio changes over time (R cox.zph, Kaplan-Meier time scale); "
            "a small p means the hazard ratio is an average over the follow-up.")
    return table, note


def present_calibration(model: ProfileModel, language: str = "nl", min_cell_size: int = 10,
                        groups: int = 10) -> tuple[pd.DataFrame, str]:
    """Calibration of the status model by decile, with disclosure control of the observed counts."""
    from evalkit.publish import disclosure

    check_language(language)
    cal = model.calibration(groups)
    ok = (cal["n_observed"] >= min_cell_size) & (cal["n"] - cal["n_observed"] >= min_cell_size)
    table = pd.DataFrame({
        _head("group", language): cal["group"].to_numpy(),
        _head("n", language): [_count_cell(n, min_cell_size) for n in cal["n"]],
        _head("predicted", language): cal["predicted"].to_numpy(),
        _head("observed", language): [o if k else "x" for o, k in zip(cal["observed"], ok)],
    })
    hl = cal.attrs
    note = (f"Hosmer-Lemeshow: χ² = {hl['statistic']:.1f}, df = {hl['df']}, p = {_fmt_p(hl['p_value'])}. "
            if language == "nl" else
            f"Hosmer-Lemeshow: χ² = {hl['statistic']:.1f}, df = {hl['df']}, p = {_fmt_p(hl['p_value'])}. ")
    note += ("Een waargenomen percentage dat op minder dan " if language == "nl" else
             "An observed share resting on fewer than ")
    note += (f"{min_cell_size} personen met of zonder werk steunt, is niet getoond (x). " if language == "nl" else
             f"{min_cell_size} persons with or without work is not shown (x). ")
    return table, note + disclosure.disclosure_note(min_cell_size, language=language)


def present_sensitivity(sensitivity: pd.DataFrame, language: str = "nl") -> tuple[pd.DataFrame, str]:
    """Complete-case against missing-category estimates (:func:`missing_sensitivity`), labelled."""
    check_language(language)
    s = sensitivity
    keys = ["estimate_cc", "estimate_mc", "change"]
    blocks = []
    for variable in dict.fromkeys(s["variable"]):
        part = s[s["variable"] == variable]
        blocks.append((variable_label(variable, language), [
            {"_label": category_label(variable, c, language), "estimate_cc": _pct(cc, 2), "estimate_mc": _pct(mc, 2),
             "change": f"{100 * ch:+.1f}"}
            for c, cc, mc, ch in zip(part["category"], part["estimate_complete_case"],
                                     part["estimate_missing_category"], part["relative_change"])]))
    table = _grouped(blocks, "variable", keys).rename(columns={k: _head(k, language) for k in ["variable"] + keys})
    note = (f"Gecorrigeerde schattingen op {s.attrs['n_complete_case']} personen met alle kenmerken bekend, tegen "
            f"{s.attrs['n_missing_category']} personen met onbekend als aparte categorie (referentiecategorieën niet "
            f"getoond)." if language == "nl" else
            f"Adjusted estimates on {s.attrs['n_complete_case']} persons with every characteristic known, against "
            f"{s.attrs['n_missing_category']} persons with unknown as a category of its own (reference categories "
            f"not shown).")
    return table, note
