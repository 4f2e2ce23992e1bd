"""Tables of the profile report: labelled, formatted and disclosure-controlled.

Every ``present_*`` function returns ``(table, note)``: a DataFrame ready for
:func:`evalkit.publish.display.show_table` and the note under it. Headers and notes come from
``texts/<language>.yaml``. Estimates on too few persons are hidden (x) and counts below the
disclosure-controlled through :func:`evalkit.publish.sdc.release_table` (:mod:`~evalkit.studies.profiles.release`):
every hidden cell shows x.
"""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np
import pandas as pd

from evalkit import formats
from evalkit.errors import InputError
from evalkit.publish import sdc
from evalkit.publish.sdc import MARKER, NO, YES
from evalkit.publish.degrade import degrades, is_unavailable
from evalkit.studies.profiles import release as rel
from evalkit.studies.profiles.frames import (PROFILE_VARIABLES, UNKNOWN, _as_tuple, _check_columns, _levels,
                                             missing_values)
from evalkit.studies.profiles.release import registry_units
from evalkit.studies.profiles.labels import TEXTS, _t, category_label, variable_label
from evalkit.studies.profiles.models import ProfileModel
from evalkit.studies.profiles.modification import EffectModification
from evalkit.texts import check_language

#: An em space: HTML keeps it, so categories stand indented under their characteristic.
_INDENT = "\u2003"


# --------------------------------------------------------------------------- formatting

def _snapshot_date(units) -> str:
    """The snapshot date of the units' status (for the log's titles), or "" without one."""
    return next((v.split("@", 1)[1] for v in (units.work or {}) if v.startswith("status@")), "")

def _finite(x) -> bool:
    return x is not None and bool(np.isfinite(x))


def _fmt(x: float, decimals: int = 2, language: str = "nl") -> str:
    """A number as ``language`` writes it (``–`` where there is none)."""
    return formats.number(x, decimals, language) if _finite(x) else formats.MISSING


def _signed(x: float, decimals: int = 1, language: str = "nl") -> str:
    """A change with its sign: ``+1,8`` or ``-0,2`` (``–`` where there is none)."""
    text = _fmt(x, decimals, language)
    return "+" + text if _finite(x) and round(float(x), decimals) > 0 else text


def _fmt_ci(est: float, lo: float, hi: float, decimals: int = 2, language: str = "nl") -> str:
    """An estimate with its interval, ``0,50 (0,42–0,59)``, on one line (no-break space, and an interval
    that does not break: :func:`evalkit.formats.interval`)."""
    if not _finite(est):
        return formats.MISSING
    return f"{_fmt(est, decimals, language)}\u00a0({formats.interval(lo, hi, decimals, language)})"


def _fmt_p(p: float, language: str = "nl") -> str:
    return formats.p_value(p, language) if _finite(p) else formats.MISSING


def _p_equals(p: float, language: str = "nl") -> str:
    """``"= 0,123"`` or ``"< 0,001"``, to follow a "p"."""
    text = _fmt_p(p, language)
    return text if text.startswith("<") else f"= {text}"


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
def _numeric(values: pd.Series) -> bool:
    return pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)


def released_description(data: pd.DataFrame, covariates: Sequence[str] = PROFILE_VARIABLES, min_cell_size: int = 10,
                         duration: str = "days_to_any_job", event: str = "any_job", outcome: str = "work",
                         horizon: float = 365, units: rel.Units | None = None, language: str = "nl") -> sdc.Released:
    """The released numbers of the table of who is in the analysis (:func:`present_description`): rows
    ``variable=category``; ``n``, ``pct`` (of the analysis), ``n_work``, ``pct_work`` (at work on the
    snapshot date; left out when nobody has a status), ``n_job_12m`` and ``pct_job_12m`` (a first job
    within ``horizon`` days, Kaplan-Meier share). One table per characteristic
    (``description.<variable>``), read as one; :meth:`~evalkit.studies.profiles.release.Combined.part`
    gives the table of a row. Released once per analysis and report: the table and the key findings
    read the same release."""
    check_language(language)
    covariates = _as_tuple(covariates)
    kind = f"description:{','.join(covariates)}:{duration}:{event}:{outcome}:{horizon}:{id(units)}"
    return rel.cached(kind, data, min_cell_size,
                      lambda: _release_description(data, covariates, min_cell_size, duration, event, outcome,
                                                   horizon, units, language))


def _release_description(data, covariates, min_cell_size, duration, event, outcome, horizon, units,
                         language) -> sdc.Released:
    from evalkit.stats import survival

    _check_columns(data, list(covariates) + [duration, event, outcome])
    units = units or rel.frame_units(data, covariates, outcome, duration, event)
    ids = rel.ids_of(data)
    population = {rel.ANALYSED: YES}
    if units.count(population) != len(data) or not units.mask(population).loc[ids].all():
        raise InputError("present_description needs the persons of the analysis (profiles.analysed)")
    status = units.work is not None and data[outcome].notna().any()
    keys = ["n", "pct"] + (["n_work", "pct_work"] if status else []) + ["n_job_12m", "pct_job_12m"]
    rows, records, layout = {}, [], []
    for variable in covariates:
        values = data[variable].astype(object)
        if _numeric(data[variable]):
            continue
        levels = _levels(variable, values)
        km = survival.survival_at(survival.kaplan_meier(data.assign(_g=values), duration, event, by="_g"), horizon)
        job = dict(zip(km["group"], 100 * (1 - km["survival"])))
        labels = []
        described = units.categories(variable, {lv: ids[(values == lv).to_numpy()] for lv in levels})
        for lv in levels:
            inside = (values == lv).to_numpy()
            part = data[inside]
            label = f"{variable}={lv}"
            rows[label] = {**population, **described[lv]}
            n = len(part)
            record = {"row": label, "n": n, "pct": 100 * n / len(data),
                      "n_job_12m": int(((part[duration] <= horizon) & (part[event] == 1)).sum()),
                      "pct_job_12m": job.get(lv, np.nan)}
            if status:
                record.update({"n_work": int(part[outcome].sum()), "pct_work": 100 * float(part[outcome].mean())})
            records.append(record)
            labels.append(label)
        layout.append((variable, labels))
    table = pd.DataFrame(records, columns=["row"] + keys).set_index("row")
    counts = {"n": {}, "n_job_12m": units.job_12m}
    shares = {"pct": ("n", population)}
    hide_with = {"pct_job_12m": ["n", "n_job_12m"]}
    if status:
        counts["n_work"] = units.work
        if data[outcome].notna().all():
            shares["pct_work"] = ("n_work", "n")
        else:  # a share of the persons with a status: hidden with its counts
            hide_with["pct_work"] = ["n", "n_work"]
    title = _t("description.caption", language, snapshot_date=_snapshot_date(units))
    return rel.combine([
        rel.release(table.loc[labels], f"description.{variable}", units,
                    rows={label: rows[label] for label in labels}, counts=counts, shares=shares,
                    hide_with=hide_with, empty=units.empty_cells([variable]), title=title,
                    min_cell_size=min_cell_size, language=language)
        for variable, labels in layout], min_cell_size, language)


@degrades
def present_description(data: pd.DataFrame, covariates: Sequence[str] = PROFILE_VARIABLES, language: str = "nl",
                        min_cell_size: int = 10, merges: pd.DataFrame | None = None,
                        duration: str = "days_to_any_job", event: str = "any_job", outcome: str = "work",
                        horizon: float = 365, units: rel.Units | None = None) -> tuple[pd.DataFrame, str]:
    """Who is in the analysis: per characteristic and category the number of persons, its share of
    the analysis, the number and share at work on the snapshot date, and the number with a first job
    within ``horizon`` days with the Kaplan-Meier share. Released through the disclosure engine
    (:func:`released_description`): hidden cells show x; the Kaplan-Meier share is hidden
    with its counts (–: nobody has a status on the snapshot date).

    ``data`` are the persons of the analysis (``profiles.analysed``); ``units`` (from
    :func:`registry_units`) describes them in the run's vocabulary (default: ``data`` itself)."""
    check_language(language)
    covariates = _as_tuple(covariates)
    released = released_description(data, covariates, min_cell_size, duration, event, outcome, horizon, units,
                                    language)
    keys = list(released.table.columns)
    counts = {"n", "n_work", "n_job_12m"}
    blocks = []
    for variable in covariates:
        labels = [r for r in released.table.index if r.partition("=")[0] == variable]
        if not labels:
            continue
        blocks.append((variable_label(variable, language), [
            {"_label": category_label(variable, label.partition("=")[2], language),
             **{k: rel.shown(released, label, k, int if k in counts else (lambda v: _fmt(v, 1, language)))
                for k in keys}} for label in labels]))
    shown = _grouped(blocks, "variable", keys)
    shown = shown.rename(columns={c: _head(c, language) for c in ["variable"] + keys})
    note = _note(_merge_note(merges, min_cell_size, language), _t("description.note", language), released.note)
    return shown, note


@degrades
def present_missing(data: pd.DataFrame, covariates: Sequence[str] = PROFILE_VARIABLES, language: str = "nl",
                    min_cell_size: int = 10, units: rel.Units | None = None) -> tuple[pd.DataFrame, str]:
    """Missing or unknown values per characteristic, of all intakes (``data`` from
    :func:`profile_data`: the whole cohort), released through the disclosure engine (x: hidden)."""
    check_language(language)
    covariates = _as_tuple(covariates)
    mv = missing_values(data, covariates)
    units = units or rel.frame_units(data, covariates)
    ids = rel.ids_of(data)
    if len(units.frame) != len(data):
        raise InputError("present_missing needs every intake of the cohort")
    rows, records = {}, []
    for variable, n in zip(mv["variable"], mv["n_missing"]):
        if variable == "any":
            rows[variable] = {rel.COMPLETE: NO}
        else:
            missing = (data[variable].isna() | (data[variable].astype(object) == UNKNOWN)).to_numpy()
            if not missing.any():
                continue  # nobody: no registry code describes the row; it shows x
            rows[variable] = units.category(variable, ids[missing])
        records.append({"row": variable, "n_missing": int(n), "pct_missing": 100 * n / len(data)})
    table = pd.DataFrame(records, columns=["row", "n_missing", "pct_missing"]).set_index("row")
    released = rel.release(table, "missing", units, rows=rows, counts={"n_missing": {}},
                           shares={"pct_missing": ("n_missing", {})}, decimals=2,
                           title=_t("missing.caption", language), min_cell_size=min_cell_size, language=language)
    any_label = _t("missing.any", language)

    def cell(variable, column, fmt):
        return rel.shown(released, variable, column, fmt) if variable in rows else MARKER

    shown = pd.DataFrame({
        _head("variable", language): [any_label if v == "any" else variable_label(v, language) for v in mv["variable"]],
        _head("n_missing", language): [cell(v, "n_missing", int) for v in mv["variable"]],
        _head("pct_missing", language): [cell(v, "pct_missing", lambda x: _fmt(x, 2, language)) for v in mv["variable"]],
    })
    hidden = bool(released.hidden) or len(rows) < len(mv)
    return shown, rel.note(hidden, min_cell_size, language)


def released_sensitivity_sizes(sensitivity: pd.DataFrame, min_cell_size: int = 10,
                               units: rel.Units | None = None, language: str = "nl") -> sdc.Released:
    """The two numbers of persons of :func:`missing_sensitivity` (rows ``complete``: every
    characteristic known, ``all``: unknown as a category), released (table ``sensitivity_n``)."""
    def make() -> sdc.Released:
        n_complete, n_all = int(sensitivity.attrs["n_complete_case"]), int(sensitivity.attrs["n_missing_category"])
        use = units
        if use is None:  # the persons of the comparison as the universe
            frame = pd.DataFrame({rel.COMPLETE: [YES] * n_complete + [NO] * (n_all - n_complete)})
            use = rel.Units(frame, {rel.COMPLETE: [YES, NO]}, None, {}, {})
        table = pd.DataFrame({"n": [n_complete, n_all]}, index=["complete", "all"])
        return rel.release(table, "sensitivity_n", use, rows={"complete": {rel.COMPLETE: YES}, "all": {}},
                           counts={"n": {}}, title=_t("missing.sensitivity_caption", language),
                           min_cell_size=min_cell_size, language=language)

    return rel.cached("sensitivity_n", sensitivity, min_cell_size, make)


@degrades
def present_sensitivity(sensitivity: pd.DataFrame, language: str = "nl", min_cell_size: int = 10,
                        units: rel.Units | None = None) -> tuple[pd.DataFrame, str]:
    """Complete-case against missing-category estimates (:func:`missing_sensitivity`), labelled; the
    numbers of persons in the note are released (:func:`released_sensitivity_sizes`)."""
    check_language(language)
    s = sensitivity
    keys = ["estimate_cc", "estimate_mc", "change"]
    blocks = []
    for variable in dict.fromkeys(s["variable"]):
        part = s[s["variable"] == variable]
        blocks.append((variable_label(variable, language), [
            {"_label": category_label(variable, c, language), "estimate_cc": _fmt(cc, 2, language),
             "estimate_mc": _fmt(mc, 2, language), "change": _signed(100 * ch, 1, language)}
            for c, cc, mc, ch in zip(part["category"], part["estimate_complete_case"],
                                     part["estimate_missing_category"], part["relative_change"])]))
    table = _grouped(blocks, "variable", keys).rename(columns={k: _head(k, language) for k in ["variable"] + keys})
    sizes = released_sensitivity_sizes(s, min_cell_size, units, language)
    n_complete, n_category = sizes.value("complete", "n"), sizes.value("all", "n")
    if n_complete is None or n_category is None:
        note = _t("missing.sensitivity_note_no_n", language)
    else:
        note = _t("missing.sensitivity_note", language, n_complete=n_complete, n_category=n_category)
    return table, note


def _estimate_key(variable: str, category: Any, numeric: bool) -> str:
    return variable if numeric else f"{variable}={category}"


def released_estimates(model: ProfileModel, min_cell_size: int = 10, units: rel.Units | None = None,
                       language: str = "nl") -> sdc.Released:
    """The released numbers of the estimates table of ``model`` (rows ``variable=category``; counts
    ``n`` and ``n_outcome``, estimates hidden with them). Released once per model and report: the
    table, the forest plot and the sentences read the same release."""
    return rel.cached(f"estimates_{model.kind}", model, min_cell_size,
                      lambda: _release_estimates(model, min_cell_size, units, language))


#: The estimates of each model's table: per statistic its column, with ``<column>_lower`` and
#: ``<column>_upper`` for the interval (the p-value has none).
STATISTICS = {"status": ("ame_raw", "ame_adjusted", "or_adjusted", "p_adjusted"),
              "first_job": ("hr_raw", "hr_adjusted", "p_adjusted")}
#: Decimals each statistic is shown with (the key findings write them with the same).
DECIMALS = {"ame_raw": 1, "ame_adjusted": 1, "or_adjusted": 2, "hr_raw": 2, "hr_adjusted": 2}


def _stat_columns(kind: str) -> list[str]:
    """The numeric columns of the released estimates table of a model, after ``n`` and ``n_outcome``."""
    out = []
    for stat in STATISTICS[kind]:
        out += [stat] if stat == "p_adjusted" else [stat, f"{stat}_lower", f"{stat}_upper"]
    return out


def _release_estimates(model: ProfileModel, min_cell_size: int, units: rel.Units | None,
                       language: str) -> sdc.Released:
    est = model.estimates
    raw = est[est["model"] == "raw"].reset_index(drop=True)
    adj = est[est["model"] == "adjusted"].reset_index(drop=True)
    if len(raw) != len(adj):
        raise InputError("present_estimates needs a model fitted with raw=True")
    units, ids = rel.model_units(model, units)
    frame = model._frame
    population = {rel.ANALYSED: YES}
    stats = _stat_columns(model.kind)
    rows, records = {}, []
    described = {}
    for variable in dict.fromkeys(raw["variable"]):
        if variable not in model._adjusted.spec.numeric:
            values = frame[variable].astype(object)
            described[variable] = units.categories(variable, {c: ids[(values == c).to_numpy()]
                                                              for c in raw.loc[raw["variable"] == variable, "category"]})
    for i in raw.index:
        r, a = raw.loc[i], adj.loc[i]
        variable = r["variable"]
        numeric = variable in model._adjusted.spec.numeric
        key = _estimate_key(variable, r["category"], numeric)
        rows[key] = dict(population) if numeric else {**population, **described[variable][r["category"]]}
        record = {"row": key, "n": int(r["n"]), "n_outcome": int(r["n_outcome"])}
        if not r["reference"]:  # the reference row has no estimate (the table shows "ref.")
            if model.kind == "status":
                sources = {"ame_raw": (r, "ame", "ame_ci_lower", "ame_ci_upper"),
                           "ame_adjusted": (a, "ame", "ame_ci_lower", "ame_ci_upper"),
                           "or_adjusted": (a, "estimate", "ci_lower", "ci_upper")}
            else:
                sources = {"hr_raw": (r, "estimate", "ci_lower", "ci_upper"),
                           "hr_adjusted": (a, "estimate", "ci_lower", "ci_upper")}
            for stat, (row, value, lower, upper) in sources.items():
                record.update({stat: float(row[value]), f"{stat}_lower": float(row[lower]),
                               f"{stat}_upper": float(row[upper])})
            record["p_adjusted"] = float(a["p_value"])
        records.append(record)
    table = pd.DataFrame(records, columns=["row", "n", "n_outcome"] + stats).set_index("row")
    table[stats] = table[stats].astype(float)
    outcome = units.work if model.kind == "status" else units.job
    if outcome is None:
        raise InputError("the units have no status on the snapshot date")
    title = _t(f"{model.kind}.caption", language, snapshot_date=_snapshot_date(units))
    parts = []
    for variable in dict.fromkeys(raw["variable"]):
        labels = [_estimate_key(variable, c, variable in model._adjusted.spec.numeric)
                  for c in raw.loc[raw["variable"] == variable, "category"]]
        parts.append(rel.release(table.loc[labels], f"estimates_{model.kind}.{variable}", units,
                                 rows={k: rows[k] for k in labels}, counts={"n": {}, "n_outcome": outcome},
                                 hide_with={k: ["n", "n_outcome"] for k in stats},
                                 empty=units.empty_cells([variable]), title=title,
                                 min_cell_size=min_cell_size, language=language))
    return rel.combine(parts, min_cell_size, language)


def _shown_statistic(released: sdc.Released, key: str, stat: str, language: str) -> str:
    """A statistic of the released estimates as the table shows it: the estimate with its interval
    (``0,50 (0,42–0,59)``), the p-value, ``ref.`` for the reference row, x where it is hidden."""
    if not released.shown(key, stat):
        return sdc.MARKER
    value = released.table.at[key, stat]
    if not _finite(value):
        return "" if stat == "p_adjusted" else _t("table.reference", language)
    if stat == "p_adjusted":
        return _fmt_p(value, language)
    return _fmt_ci(value, released.value(key, f"{stat}_lower"), released.value(key, f"{stat}_upper"),
                   DECIMALS[stat], language)


@degrades
def present_estimates(model: ProfileModel, language: str = "nl", min_cell_size: int = 10,
                      merges: pd.DataFrame | None = None, units: rel.Units | None = None,
                      columns: Sequence[str] | None = None) -> tuple[pd.DataFrame, str]:
    """Raw and adjusted estimates side by side, labelled, for a report.

    Status model: differences in percentage points (average marginal effects), raw and adjusted,
    and the adjusted odds ratio; Cox model: hazard ratios, raw and adjusted. The counts per category
    (persons, and those with the outcome) are released through the disclosure engine
    (:func:`released_estimates`); the estimates of a category are hidden (x) with its counts.
    ``columns`` chooses the statistics shown after the counts (default: all of :data:`STATISTICS`).

    Examples
    --------
    >>> from lifelines.datasets import load_rossi
    >>> from evalkit.studies.profiles import first_job_model
    >>> df = load_rossi().assign(fin=lambda d: d["fin"].map({0: "no", 1: "yes"}))
    >>> m = first_job_model(df, "week", "arrest", ["fin"], within=None, reference={"fin": "no"})
    >>> table, note = present_estimates(m, "en")
    >>> table.columns.tolist()
    ['Characteristic', 'N', 'With a first job', 'Pace of a first job raw (hazard ratio)', 'Pace of a first job adjusted (hazard ratio)', 'p (adjusted)']
    >>> table.iloc[2, 3].replace("\u00a0", " ").replace("\u2060", "")
    '0.69 (0.48–1.00)'
    >>> present_estimates(m, "nl", columns=["hr_adjusted"])[0].iloc[2, 3].replace("\u00a0", " ").replace("\u2060", "")
    '0,69 (0,48–1,00)'
    >>> sdc.reset()
    """
    check_language(language)
    released = released_estimates(model, min_cell_size, units, language)
    est = model.estimates
    raw = est[est["model"] == "raw"].reset_index(drop=True)
    stats = list(columns) if columns is not None else list(STATISTICS[model.kind])
    unknown = [c for c in stats if c not in STATISTICS[model.kind]]
    if unknown:
        raise InputError(f"columns {unknown} are not statistics of the {model.kind} model: {STATISTICS[model.kind]}")
    keys = ["n", "n_outcome"] + stats
    per_unit = _t("word.per_unit", language)
    blocks = []
    for variable in dict.fromkeys(raw["variable"]):
        numeric = variable in model._adjusted.spec.numeric
        items = []
        for category in raw.loc[raw["variable"] == variable, "category"]:
            key = _estimate_key(variable, category, numeric)
            item = {"_label": per_unit if numeric else category_label(variable, category, language)}
            item.update({k: rel.shown(released, key, k, int) for k in ("n", "n_outcome")})
            item.update({k: _shown_statistic(released, key, k, language) for k in stats})
            items.append(item)
        blocks.append((variable_label(variable, language), items))
    table = _grouped(blocks, "variable", keys)
    heads = {k: _head(k, language) for k in ["variable"] + keys if k != "n_outcome"}
    heads["n_outcome"] = _head("n_work" if model.kind == "status" else "n_job", language)
    table = table.rename(columns=heads)
    models = _t("estimates.note_adjusted_within" if model.within is not None else "estimates.note_adjusted", language)
    n_all = released_model_size(model, min_cell_size, units, language)
    persons = (_t("estimates.note_same_persons", language, n=n_all) if n_all is not None
               else _t("estimates.note_same_persons_no_n", language))
    tests = _t("estimates.note_p", language) if "p_adjusted" in stats else ""
    note = _note(_merge_note(merges, min_cell_size, language), _left_out_note(model.left_out, language), models,
                 persons, tests, _t("estimates.note_shown", language), rel.note(released, min_cell_size, language))
    return table, note


def released_model_size(model: ProfileModel, min_cell_size: int = 10, units: rel.Units | None = None,
                        language: str = "nl") -> int | None:
    """The number of persons in ``model`` as released (``None`` where it is hidden): the first
    category's persons summed over its categories, i.e. the population of the estimates table."""
    released = released_estimates(model, min_cell_size, units, language)
    est = model.estimates
    raw = est[est["model"] == "raw"]
    first = raw["variable"].iloc[0]
    numeric = first in model._adjusted.spec.numeric
    keys = [_estimate_key(first, c, numeric) for c in raw.loc[raw["variable"] == first, "category"]]
    if numeric:
        value = released.value(keys[0], "n")
        return None if value is None else int(value)
    values = [released.value(k, "n") for k in keys]
    return None if any(v is None for v in values) else int(sum(values))


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
        _head("chi2_raw", language): [_fmt(x, 1, language) for x in raw["statistic"]],
        _head("p_raw", language): [_fmt_p(p, language) for p in raw["p_value"]],
        _head("chi2_adjusted", language): [_fmt(x, 1, language) for x in adj.loc[raw.index, "statistic"]],
        _head("p_adjusted", language): [_fmt_p(p, language) for p in adj.loc[raw.index, "p_value"]],
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
        chi = [f"{_fmt(s, 1, language)} ({formats.integer(d, language)})" if _finite(s) else formats.MISSING
               for s, d in zip(t["statistic"], t["df"].fillna(0))]
        table[_t("col.outcome_chi2", language, outcome=outcome)] = chi
        p_head = _head("p_value", language) if single else _t("col.outcome_p", language, outcome=outcome)
        table[p_head] = [_fmt_p(p, language) for p in t["p_value"]]
        holm_head = _head("p_holm", language) if single else _t("col.outcome_p_holm", language, outcome=outcome)
        table[holm_head] = [_fmt_p(p, language) for p in t["p_holm"]]
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
                _head("value", language): _fmt(r.value, 3 if r.check in ("auc", "concordance") else 1, language),
                _head("ci", language): formats.interval(r.ci_lower, r.ci_upper, 3, language),
                _head("df", language): formats.integer(r.df, language) if _finite(r.df) else formats.MISSING,
                _head("p_value", language): _fmt_p(r.p_value, language),
            })
    return pd.DataFrame(rows), _t("checks.note", language)


def released_calibration(model: ProfileModel, min_cell_size: int = 10, groups: int = 10,
                         units: rel.Units | None = None, language: str = "nl") -> sdc.Released:
    """The released calibration table of the status model: per tenth of predicted probability
    (``profiles.decile``) the persons ``n``, those at work ``n_observed``, and the predicted and
    observed shares (hidden with the counts). The calibration plot is drawn from it."""
    return rel.cached(f"calibration_{groups}", model, min_cell_size,
                      lambda: _release_calibration(model, min_cell_size, groups, units, language))


def _release_calibration(model: ProfileModel, min_cell_size: int, groups: int, units: rel.Units | None,
                         language: str) -> sdc.Released:
    cal = model.calibration(groups)
    units, ids = rel.model_units(model, units)
    p = model.predicted()
    order = np.argsort(p, kind="stable")
    group = np.empty(len(p), dtype=np.int64)
    group[order] = np.arange(len(p)) * groups // len(p)
    labels = [str(g) for g in range(1, groups + 1)]
    deciles = pd.Series(np.array(labels, dtype=object)[group], index=ids)
    units = units.with_variable(rel.DECILE, deciles.reindex(units.frame.index).fillna(NO), labels + [NO])
    table = pd.DataFrame({"n": cal["n"].to_numpy(), "n_observed": cal["n_observed"].to_numpy(),
                          "predicted": cal["predicted"].to_numpy(), "observed": cal["observed"].to_numpy()},
                         index=labels)
    if units.work is None:
        raise InputError("the units have no status on the snapshot date")
    return rel.release(table, "calibration", units,
                       rows={g: {rel.DECILE: g} for g in labels},
                       counts={"n": {}, "n_observed": units.work}, shares={"observed": ("n_observed", "n")},
                       hide_with={"predicted": ["n"]}, title=_t("checks.calibration_caption", language),
                       min_cell_size=min_cell_size, language=language)


@degrades
def present_calibration(model: ProfileModel, language: str = "nl", min_cell_size: int = 10,
                        groups: int = 10, units: rel.Units | None = None) -> tuple[pd.DataFrame, str]:
    """Calibration of the status model by decile (:func:`released_calibration`), labelled."""
    check_language(language)
    released = released_calibration(model, min_cell_size, groups, units, language)
    cal = model.calibration(groups)
    rows = list(released.table.index)
    table = pd.DataFrame({
        _head("group", language): cal["group"].to_numpy(),
        _head("n", language): [rel.shown(released, g, "n", int) for g in rows],
        _head("n_work", language): [rel.shown(released, g, "n_observed", int) for g in rows],
        _head("predicted", language): [rel.shown(released, g, "predicted", float) for g in rows],
        _head("observed", language): [rel.shown(released, g, "observed", float) for g in rows],
    })
    hl = cal.attrs
    note = _note(_t("checks.calibration_test", language, statistic=hl["statistic"], df=hl["df"],
                    p=_fmt_p(hl["p_value"], language)), rel.note(released, min_cell_size, language))
    return table, note


@degrades
def present_ph_test(model: ProfileModel, language: str = "nl") -> tuple[pd.DataFrame, str]:
    """The proportional-hazards test of the adjusted Cox model per characteristic, labelled."""
    check_language(language)
    ph = model.ph_test()
    total = _t("checks.ph_all", language)
    table = pd.DataFrame({
        _head("variable", language): [total if v == "GLOBAL" else variable_label(v, language) for v in ph.index],
        _head("chi2", language): [_fmt(x, 2, language) for x in ph["statistic"]],
        _head("df", language): ph["df"].to_numpy(),
        _head("p_value", language): [_fmt_p(p, language) for p in ph["p_value"]],
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
                  "true": _fmt(np.exp(t), 2, language), "raw": _fmt(np.exp(r), 2, language),
                  "adjusted": _fmt(np.exp(a), 2, language),
                  "latent": _fmt_ci(np.exp(e), np.exp(lo), np.exp(hi), 2, language)}
                 for k, t, r, a, e, lo, hi in zip(part["category"], part["true_coef"], part["coef_raw"],
                                                  part["coef_adjusted"], part["coef_with_latent"], part["ci_lower"],
                                                  part["ci_upper"])]
        blocks.append((latent if variable == "latent_employability" else variable_label(variable, language), items))
    table = _grouped(blocks, "variable", keys)
    table.columns = heads
    note = _t("truth.note", language, covered=int(c["covered"].sum()), terms=len(c))
    return table, note
