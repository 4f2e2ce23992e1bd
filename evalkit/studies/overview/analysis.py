"""The cohort overview: who is in the cohort and who is at work on a snapshot date.

This redoes chapter 3 of the COB Coevelt evaluation from a registry: the VDAB status on one date
recoded to work / no work, cross-tabulated by trajectory, intake period, sex, household, Dutch
level, age group and education, with a chi-square test per table; and the use of art. 60 per
trajectory. On the bundled synthetic registry the published figure is shown beside ours.

Every function takes plain DataFrames (or a registry with ``persons``, ``intakes``, ``episodes``
and ``status_snapshots`` tables whose date columns are parsed) and returns a tidy DataFrame. The
parts of the report that read the status on the snapshot date start from :func:`with_status`: on a
registry without any status that day they get an :class:`~evalkit.publish.degrade.Unavailable`,
which the report shows as a notice, and the use of art. 60 still renders.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from evalkit.errors import InputError
from evalkit.outcomes import age_group, cohort_snapshot, intake_period, require_status, work_codes  # noqa: F401 (this study's surface)
from evalkit.reference import published  # noqa: F401
from evalkit.registry import is_synthetic  # noqa: F401 (this study's surface)
from evalkit.publish.degrade import degrades
from evalkit.publish.labels import category_order  # noqa: F401
from evalkit.registry import resolve_registry_path
from evalkit.texts import Catalogue, check_language

TEXTS = Catalogue("evalkit.studies.overview")

#: The profile variables of the published tables, in the report's order.
PROFILE_VARIABLES = ("trajectory", "intake_period", "sex", "household", "nt2_level_at_intake",
                     "age_group", "education")
#: Published table (CSV in evalkit/reference/cob_coevelt_2020) per variable.
PUBLISHED_TABLES = {
    "trajectory": "trajectory_by_work", "intake_period": "intake_period_by_work", "sex": "sex_by_work",
    "household": "household_by_work", "nt2_level_at_intake": "nt2_level_by_work",
    "age_group": "age_by_work", "education": "education_by_work",
}
MISSING = "onbekend"  # category label for a missing value in the tables


def _t(key: str, language: str, **values) -> str:
    return TEXTS.text(key, language, **values)


@dataclass(frozen=True)
class WorkTable:
    """Work on the snapshot date by one profile variable, with a chi-square test of independence."""

    variable: str
    table: pd.DataFrame  # category, no_work, work, total, pct_work (+ published columns when added)
    statistic: float
    df: int
    p_value: float


@degrades
def with_status(cohort: pd.DataFrame) -> pd.DataFrame:
    """The cohort of :func:`cohort_snapshot`, for a part of the report that reads the status on the
    snapshot date; an Unavailable (``no_snapshots``) when nobody has a status that day.

    Each section that reads the status calls it, so that each says so when it cannot.

    Examples
    --------
    >>> import pandas as pd
    >>> cohort = pd.DataFrame({"status_code": pd.array([None, None], dtype="Int64"), "work": [0, 0]})
    >>> with_status(cohort)
    Unavailable('no_snapshots': nobody in the cohort (2 intakes) has a status on the snapshot date)
    """
    require_status(cohort)
    return cohort


@degrades
def work_by(cohort: pd.DataFrame, variable: str, order: list[str] | None = None) -> WorkTable:
    """Counts and row percentage at work per category of ``variable``, plus a total row.

    Missing values form the category ``onbekend`` (unknown). The chi-square test uses the
    categories with at least one person (Pearson, no continuity correction).

    Examples
    --------
    >>> import pandas as pd
    >>> df = pd.DataFrame({"sex": ["man"] * 6 + ["vrouw"] * 4, "work": [1, 1, 1, 1, 0, 0, 1, 0, 0, 0]})
    >>> work_by(df, "sex").table[["category", "work", "total", "pct_work"]].to_dict("list")["pct_work"]
    [66.7, 25.0, 50.0]
    """
    for col in (variable, "work"):
        if col not in cohort.columns:
            raise InputError(f"column {col!r} not found; available: {', '.join(map(str, cohort.columns))}")
    cat = cohort[variable].astype(object).where(cohort[variable].notna(), MISSING)
    counts = pd.crosstab(cat, cohort["work"]).reindex(columns=[0, 1], fill_value=0)
    if order is None:
        order = category_order(variable)
    if order is not None:
        counts = counts.reindex([c for c in order if c in counts.index] +
                                [c for c in counts.index if c not in order], fill_value=0)
    observed = counts[counts.sum(axis=1) > 0].to_numpy()
    if observed.shape[0] >= 2 and (observed.sum(axis=0) > 0).all():
        chi2, p, dof, _ = stats.chi2_contingency(observed, correction=False)
    else:
        chi2, p, dof = float("nan"), float("nan"), 0
    table = pd.DataFrame({"category": counts.index.astype(str), "no_work": counts[0].to_numpy(),
                          "work": counts[1].to_numpy()})
    total = pd.DataFrame({"category": ["total"], "no_work": [table["no_work"].sum()], "work": [table["work"].sum()]})
    table = pd.concat([table, total], ignore_index=True)
    table["total"] = table["no_work"] + table["work"]
    table["pct_work"] = (100 * table["work"] / table["total"].where(table["total"] > 0)).round(1)
    return WorkTable(variable, table, float(chi2), int(dof), float(p))


def with_published(result: WorkTable) -> pd.DataFrame:
    """The table of ``result`` with the published total and share at work beside ours.

    Adds ``published_total``, ``published_pct_work`` and ``difference_pp`` (ours minus published,
    percentage points). Categories that were not published get empty values.
    """
    pub = published(PUBLISHED_TABLES[result.variable]).rename(columns={result.variable: "category"})
    pub["category"] = pub["category"].replace({"missing": MISSING})
    pub = pub.assign(published_total=pub["total"], published_pct_work=(100 * pub["work"] / pub["total"]).round(1))
    out = result.table.merge(pub[["category", "published_total", "published_pct_work"]], on="category", how="left")
    out["difference_pp"] = (out["pct_work"] - out["published_pct_work"]).round(1)
    return out


def status_code_table(cohort: pd.DataFrame, codes: pd.DataFrame | None = None, language: str = "nl") -> pd.DataFrame:
    """Persons per status code on the snapshot date, with label, work / no work, count and percentage."""
    if codes is None:
        from evalkit.registry.schema import codelist

        codes = codelist("vdab_status")
    label = f"label_{check_language(language)}"
    counts = cohort["status_code"].value_counts(dropna=False)
    known = codes.assign(code=codes["code"].astype(int))
    out = known[["code", label, "work"]].rename(columns={label: "label"})
    out["work"] = out["work"].astype(int)
    out["n"] = out["code"].map(counts).fillna(0).astype(int)
    n_missing = int(cohort["status_code"].isna().sum())
    if n_missing:
        out = pd.concat([out, pd.DataFrame({"code": [pd.NA], "label": [_t("status.no_status", language)], "work": [0],
                                            "n": [n_missing]})], ignore_index=True)
    out = out[out["n"] > 0].reset_index(drop=True)
    out["pct"] = (100 * out["n"] / out["n"].sum()).round(1)
    return out


def art60_by_trajectory(cohort: pd.DataFrame) -> pd.DataFrame:
    """Use of art. 60 per (assigned) trajectory up to the snapshot date.

    Columns: trajectory, clients, clients_with_art60, pct_with_art60, and, among those whose first
    art. 60 started after the intake, mean_days_intake_to_art60 and sd_days_intake_to_art60
    (sample standard deviation), plus a total row — the layout of the published Tabel 7 and 8.
    """
    g = cohort.groupby("trajectory", sort=False)
    out = pd.DataFrame({
        "clients": g.size(), "clients_with_art60": g["art60"].sum(),
        "mean_days_intake_to_art60": g["days_to_first_art60"].mean(),
        "sd_days_intake_to_art60": g["days_to_first_art60"].std(),
    })
    total = pd.DataFrame({
        "clients": [len(cohort)], "clients_with_art60": [cohort["art60"].sum()],
        "mean_days_intake_to_art60": [cohort["days_to_first_art60"].mean()],
        "sd_days_intake_to_art60": [cohort["days_to_first_art60"].std()]}, index=["total"])
    out = pd.concat([out, total])
    out["pct_with_art60"] = (100 * out["clients_with_art60"] / out["clients"]).round(1)
    out[["mean_days_intake_to_art60", "sd_days_intake_to_art60"]] = out[
        ["mean_days_intake_to_art60", "sd_days_intake_to_art60"]].round(0)
    out.index.name = "trajectory"
    return out.reset_index()[["trajectory", "clients", "clients_with_art60", "pct_with_art60",
                              "mean_days_intake_to_art60", "sd_days_intake_to_art60"]]


def overview_published_codes() -> pd.DataFrame:
    """Published share per VDAB status code in March 2020 (Tabel 2)."""
    pub = published("vdab_status_codes")
    return pd.DataFrame({"code": pub["code"].astype(int), "published_n": pub["n_march_2020"],
                         "published_pct": (100 * pub["n_march_2020"] / pub["n_march_2020"].sum()).round(1)})


def source_name(registry, language: str = "nl") -> str:
    """The data's source as a report names it: the bundled synthetic registry (or a copy of it), another
    synthetic registry (``evalkit synth``), or the registry in its folder (never the bundled registry's
    folder name).

    Examples
    --------
    >>> from evalkit.registry import load_registry
    >>> source_name(load_registry("synthetic"), "nl")
    'het meegeleverde synthetische register'
    >>> source_name(load_registry("synthetic"), "en")
    'the bundled synthetic registry'
    """
    language = check_language(language)
    path = getattr(registry, "path", None)
    if path is None or is_synthetic(registry):
        bundled = _synthetic_block(resolve_registry_path("synthetic"))
        if path is not None and bundled is not None and _synthetic_block(path) == bundled:
            return _t("data.synthetic_source", language)  # the bundled registry, or a copy of it
        return _t("data.other_synthetic_source", language)
    return _t("data.registry_source", language, path=str(path))


def _synthetic_block(path) -> dict | None:
    """The ``synthetic`` block of a registry's descriptor (its size and seed), or None."""
    import json
    from pathlib import Path

    try:
        descriptor = json.loads((Path(path) / "datapackage.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return descriptor.get("synthetic") if isinstance(descriptor, dict) else None


def describe(registry, cohort: pd.DataFrame, programme: str = "COB", language: str | None = None) -> dict:
    """Facts about the data (no row-level information), as other reports' data paragraphs use them.

    ``source`` is the data's source in words (:func:`source_name`, in ``language``; by default the
    report's language set by :func:`evalkit.publish.display.setup`); the dates are ISO strings, which
    a catalogue text writes in words (``31 maart 2020``) when passed to a placeholder without a format.
    The overview's own paragraph is :func:`evalkit.studies.overview.release.data_paragraph`, whose
    counts are released values.
    """
    if language is None:
        from evalkit.publish import display

        language = display._language
    dates = getattr(registry, "extraction_dates", {}) or {}
    extraction = max(dates.values()).date().isoformat() if dates else "?"
    return {
        "source": source_name(registry, language),
        "extraction_date": extraction,
        "programme": programme,
        "n_intakes": len(cohort),
        "first_intake": cohort["intake_date"].min().date().isoformat() if len(cohort) else "-",
        "last_intake": cohort["intake_date"].max().date().isoformat() if len(cohort) else "-",
        "n_no_status": int(cohort["status_code"].isna().sum()),
    }
