"""Values for the sentences of the profile report, and the sentences themselves.

The sentences are in ``texts/<language>.yaml``; these functions compute what fills their
``{placeholders}``: the data paragraph (:func:`describe`), the example contrast
(:func:`reading_values`), the sensitivity, effect-modification and model-check sentences. The
``*_reading`` and ``*_caption`` functions return the finished sentence for the report, or the
:class:`~evalkit.publish.degrade.Unavailable` of a part that could not be estimated.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from evalkit import formats
from evalkit.publish.degrade import degrades, is_unavailable
from evalkit.publish.sdc import YES
from evalkit.studies.profiles.labels import TEXTS, _t, category_label, in_sentence, variable_label
from evalkit.studies.profiles.models import ProfileModel
from evalkit.studies.profiles.modification import EffectModification
from evalkit.registry import is_synthetic
from evalkit.studies.profiles import release as rel
from evalkit.studies.profiles.tables import (_estimate_key, _p_equals, released_estimates,
                                             released_sensitivity_sizes)


def source_text(registry, language: str = "nl", synthetic: bool | None = None) -> str:
    """The data as a reader names them: "het meegeleverde synthetische register", or "het register in
    <folder>" (never a bare folder name such as ``synthetic_registry``)."""
    from pathlib import Path

    from evalkit.publish.labels import CATALOGUE
    from evalkit.texts import fill

    words = CATALOGUE.table("brief", language)  # the names the run's brief gives the data
    synthetic = is_synthetic(registry) if synthetic is None else synthetic
    if synthetic:
        return words["synthetic_source"]
    path = getattr(registry, "path", None)
    return fill(words["registry_source"], language, path=Path(path).name if path is not None else "?")


def describe(registry, data: pd.DataFrame, analysis: pd.DataFrame, programme: str | None = "COB",
             outcome: str = "work", event: str = "any_job", language: str = "nl",
             synthetic: bool | None = None) -> dict:
    """Facts for the report's data paragraph: source (as a reader names it, :func:`source_text`),
    extraction date (a date: the texts write it in words), number of intakes and of persons in the
    analysis, their share at work and with a first job (no row-level information)."""
    dates = getattr(registry, "extraction_dates", {}) or {}
    return {
        "source": source_text(registry, language, synthetic),
        "extraction_date": max(dates.values()).date() if dates else "?",
        "programme": programme or "-",
        "n_intakes": len(data),
        "n_analysis": len(analysis),
        "pct_work": 100 * float(analysis[outcome].mean()),
        "pct_job": 100 * float(analysis[event].mean()),
    }


@degrades
def data_reading(registry, data: pd.DataFrame, analysis: pd.DataFrame, programme: str | None = "COB",
                 language: str = "nl", units: rel.Units | None = None, min_cell_size: int = 10,
                 synthetic: bool | None = None) -> str:
    """The report's data paragraph (:func:`describe`), its numbers released through the disclosure
    engine (table ``data``: intakes, persons in the analysis, their shares at work and with a first
    job); without the share at work when nobody has a status on the snapshot date, and without the
    numbers when one of them is hidden."""
    values = describe(registry, data, analysis, programme, language=language, synthetic=synthetic)
    units = units or rel.frame_units(data, [], "work", "days_to_any_job", "any_job").with_analysed(rel.ids_of(analysis))
    analysed = {rel.ANALYSED: YES}
    status = bool(np.isfinite(values["pct_work"])) and units.work is not None and analysis["work"].notna().all()
    table = pd.DataFrame({"n": [values["n_intakes"], values["n_analysis"]],
                          "pct_job": [np.nan, values["pct_job"]],
                          "pct_work": [np.nan, values["pct_work"] if status else np.nan]},
                         index=["cohort", "analysis"])
    shares = {"pct_job": ({**analysed, **units.job}, analysed)}
    if status:
        shares["pct_work"] = ({**analysed, **units.work}, analysed)
    released = rel.release(table, "data", units, rows={"cohort": {}, "analysis": analysed}, counts={"n": {}},
                           shares=shares, title="data", min_cell_size=min_cell_size, language=language)
    names = {"n_intakes": ("cohort", "n"), "n_analysis": ("analysis", "n"), "pct_job": ("analysis", "pct_job")}
    if status:
        names["pct_work"] = ("analysis", "pct_work")
    shown = {k: released.value(*cell) for k, cell in names.items()}
    if any(v is None for v in shown.values()):
        text = _t("data_protected", language, **values)
        return text if status else f"{text} {_t('data_no_status_note', language)}"
    return _t("data" if status else "data_no_status", language, **{**values, **shown})


@degrades
def reading_values(model: ProfileModel, variable: str, category: str, language: str = "nl",
                   min_cell_size: int = 10, units: rel.Units | None = None) -> dict | None:
    """Values for the sentence that reads one contrast (raw and adjusted) to the committee.

    Returns ``None`` when the category is not in the model or its estimate is hidden in the
    released estimates table (:func:`released_estimates`) (and the
    model's Unavailable when the model could not be estimated: falsy too).
    Keys: ``variable_l``, ``category_l``, ``reference_l`` (labels), ``raw``, ``adjusted`` (hazard
    ratios, or percentage points for the status model) and ``change`` ("kleiner"/"groter": whether the
    difference is smaller or larger once adjusted).

    Examples
    --------
    >>> import statsmodels.api as sm
    >>> from evalkit.studies.profiles import status_model
    >>> df = sm.datasets.spector.load_pandas().data.assign(PSI=lambda d: d["PSI"].map({0: "no", 1: "yes"}))
    >>> m = status_model(df, "GRADE", ["PSI", "GPA"], within=None, reference={"PSI": "no"})
    >>> reading_values(m, "PSI", "yes", "en", min_cell_size=3)["change"]
    'smaller'
    >>> from evalkit.publish import sdc; sdc.reset()
    """
    est = model.estimates
    rows = est[(est["variable"] == variable) & (est["category"].astype(object) == category)]
    if set(rows["model"]) != {"raw", "adjusted"}:
        return None
    raw = rows[rows["model"] == "raw"].iloc[0]
    adj = rows[rows["model"] == "adjusted"].iloc[0]
    if raw["reference"]:
        return None
    released = released_estimates(model, min_cell_size, units, language)
    if not released.shown(_estimate_key(variable, category, False), "ame_raw" if model.kind == "status" else "hr_raw"):
        return None
    ref = est.loc[(est["variable"] == variable) & est["reference"], "category"].iloc[0]
    if model.kind == "status":
        r, a = raw["ame"], adj["ame"]
        size_raw, size_adj = abs(r), abs(a)
        raw_text, adj_text = formats.number(r, 1, language), formats.number(a, 1, language)
    else:
        r, a = raw["estimate"], adj["estimate"]
        size_raw, size_adj = abs(np.log(r)), abs(np.log(a))
        raw_text, adj_text = formats.number(r, 2, language), formats.number(a, 2, language)
    change = TEXTS.text("word.smaller" if size_adj < size_raw else "word.larger", language)
    return {"variable_l": in_sentence(variable_label(variable, language)),
            "category_l": category_label(variable, category, language),
            "reference_l": in_sentence(category_label(variable, ref, language)), "raw": raw_text, "adjusted": adj_text,
            "change": change}


def sensitivity_values(first_job: pd.DataFrame, status: pd.DataFrame, min_cell_size: int = 10,
                       units: rel.Units | None = None) -> dict:
    """Values for the sensitivity sentence, from two :func:`missing_sensitivity` results; the numbers
    of persons as released (``None`` where hidden, :func:`released_sensitivity_sizes`)."""
    sizes = released_sensitivity_sizes(first_job, min_cell_size, units)
    return {"n_complete": sizes.value("complete", "n"), "n_category": sizes.value("all", "n"),
            "max_change_cox": 100 * float(first_job["relative_change"].abs().max()),
            "max_change_status": 100 * float(status["relative_change"].abs().max())}


def modification_values(first_job: EffectModification, status: EffectModification, language: str = "nl",
                        alpha: float = 0.05) -> dict:
    """Values for the effect-modification sentence: per outcome the characteristics whose
    Holm-corrected interaction p-value is below ``alpha`` (labels), or "no characteristic", and the
    number of characteristics tested (``n_tested``)."""
    def names(result: EffectModification) -> str:
        hit = result.tests.loc[result.tests["p_holm"] < alpha, "variable"]
        joined = ", ".join(in_sentence(variable_label(v, language)) for v in hit)
        return joined or TEXTS.text("word.none", language)

    n_tested = max(int(r.tests["p_value"].notna().sum()) for r in (first_job, status))
    return {"first_job": names(first_job), "status": names(status), "n_tested": n_tested}


def checks_values(status: ProfileModel, first_job: ProfileModel, language: str = "nl") -> dict:
    """AUC and Hosmer-Lemeshow p of the status model, concordance and global PH-test p of the Cox
    model, for the model-check sentence (p-values as ``language`` writes them: "= 0,123" or "< 0,001")."""
    s = status.checks().set_index("check")
    c = first_job.checks().set_index("check")
    return {"auc": float(s.loc["auc", "value"]), "concordance": float(c.loc["concordance", "value"]),
            "hl_p": _p_equals(s.loc["hosmer_lemeshow", "p_value"], language),
            "ph_p": _p_equals(c.loc["ph_global", "p_value"], language)}


def intro(language: str = "nl", snapshot_date="2020-03-31") -> str:
    """The report's opening paragraphs, with the shares at work of women and men that the COB Coevelt
    evaluation published (:func:`evalkit.reference.published`, table ``sex_by_work``)."""
    from evalkit.reference import published

    table = published("sex_by_work").set_index("sex")
    share = {sex: 100 * float(table.loc[sex, "work"]) / float(table.loc[sex, "total"]) for sex in ("vrouw", "man")}
    return _t("intro", language, snapshot_date=snapshot_date, published_women=share["vrouw"],
              published_men=share["man"])


def glossary_extra(language: str = "nl") -> dict[str, str]:
    """The report's own glossary entries, ``{term: explanation}`` (table ``glossary.extra`` of its
    catalogue), for :func:`evalkit.publish.display.glossary`.

    Examples
    --------
    >>> glossary_extra("en")["Percentage point"][:14]
    'the difference'
    """
    entries = TEXTS.table("glossary.extra", language)
    return dict(entry.split(": ", 1) for entry in entries.values())


def modification_method(first_job: EffectModification, status: EffectModification, language: str = "nl",
                        min_cell_size: int = 10) -> str:
    """The paragraph of the appendix on how effect modification is tested (the number of
    characteristics tested, the smallest cell with an estimate of its own); not @degrades: one outcome
    that could not be estimated leaves the other one's tests."""
    results = [r for r in (first_job, status) if not is_unavailable(r)]
    if not results:
        return first_job
    return _t("modification.method", language, n_variables=max(len(r.tests) for r in results),
              min_cell_size=min_cell_size)


@degrades
def forest_caption(model: ProfileModel, language: str = "nl", **values) -> str:
    """The caption under the forest plot of ``model`` (``values`` fill it, e.g. ``snapshot_date``)."""
    return _t(f"{model.kind}.forest_caption", language, **values)


@degrades
def sensitivity_reading(first_job: pd.DataFrame, status: pd.DataFrame, language: str = "nl",
                        min_cell_size: int = 10, units: rel.Units | None = None) -> str:
    """The sensitivity sentence, from two :func:`missing_sensitivity` results (:func:`sensitivity_values`);
    without the numbers of persons where they are hidden."""
    values = sensitivity_values(first_job, status, min_cell_size, units)
    hidden = values["n_complete"] is None or values["n_category"] is None
    return _t("missing.sensitivity_no_n" if hidden else "missing.sensitivity", language, **values)


@degrades
def modification_reading(first_job: EffectModification, status: EffectModification, language: str = "nl",
                         alpha: float = 0.05) -> str:
    """The effect-modification sentence (:func:`modification_values`)."""
    return _t("modification.reading", language, **modification_values(first_job, status, language, alpha))


def modification_caption(first_job: EffectModification, status: EffectModification, language: str = "nl") -> str:
    """The caption of the effect-modification figures: both panels, or the one whose outcome could be
    estimated (the other's notice stands beside the table)."""
    # not @degrades: one outcome that could not be estimated leaves the other one's figures
    if is_unavailable(first_job) and is_unavailable(status):
        return first_job
    if is_unavailable(first_job) or is_unavailable(status):
        kind = "status" if is_unavailable(first_job) else "first_job"
        return _t(f"modification.forest_caption_{kind}", language)
    return _t("modification.forest_caption", language)


@degrades
def checks_reading(status: ProfileModel, first_job: ProfileModel, language: str = "nl") -> str:
    """The model-check sentence (:func:`checks_values`)."""
    return _t("checks.reading", language, **checks_values(status, first_job, language))
