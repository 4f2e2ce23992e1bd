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

from evalkit.errors import InputError, NotEstimable
from evalkit.outcomes import age_group, cohort_snapshot, intake_period, require_status, work_codes  # noqa: F401 (this study's surface)
from evalkit.reference import published  # noqa: F401
from evalkit.publish import labels as common
from evalkit.publish.degrade import degrades
from evalkit.publish.labels import category_order  # noqa: F401
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


# --------------------------------------------------------------------------------------------
# Presentation: labelled, disclosure-controlled tables for the report
# --------------------------------------------------------------------------------------------

def _test_sentence(result: WorkTable, language: str) -> str:
    if not np.isfinite(result.statistic):
        return _t("chi2.not_possible", language)
    p = "< 0.001" if result.p_value < 0.001 else f"= {result.p_value:.3f}"
    return _t("chi2.test", language, statistic=result.statistic, df=result.df, p=p)


def merge_small_categories(table: pd.DataFrame, min_cell_size: int, language: str = "nl",
                           variable: str | None = None) -> tuple[pd.DataFrame, list[str]]:
    """Merge categories with fewer than ``min_cell_size`` persons, so that fewer cells need hiding.

    The small categories become one row "small groups together"; if that row is still below the
    threshold it is merged into the category shown just before the first small one (labelled
    "X + small groups (...)"). Returns
    the table (``category`` holds display labels for merged rows) and the merged categories' codes.
    Published columns of merged rows are emptied.
    """
    body = table[table["category"] != "total"].copy()
    total = table[table["category"] == "total"]
    small = body["total"] < min_cell_size
    if small.sum() == 0 or (~small).sum() == 0:
        return table, []
    labels = common.category_labels(variable, language) if variable else {}
    merged_codes = body.loc[small, "category"].tolist()
    names = ", ".join(labels.get(c, c) for c in merged_codes)
    group_label = _t("merge.group", language, names=names)
    counts = ["no_work", "work", "total"]
    row = body.loc[small, counts].sum()
    keep = body.loc[~small].copy()
    if row["total"] >= min_cell_size:
        extra = pd.DataFrame([{**row.to_dict(), "category": group_label}])
        keep = pd.concat([keep, extra], ignore_index=True)
    else:
        # Merge into the neighbouring category in display order (the one before the first small one).
        first_small = int(np.flatnonzero(small.to_numpy())[0])
        before = [i for i in range(first_small) if not small.iloc[i]]
        target = body.index[before[-1]] if before else keep.index[0]
        keep.loc[target, counts] = keep.loc[target, counts] + row.to_numpy()
        base = labels.get(keep.loc[target, "category"], keep.loc[target, "category"])
        keep.loc[target, "category"] = _t("merge.into", language, category=base, names=names)
    for col in ("published_total", "published_pct_work", "difference_pp"):
        if col in keep.columns:
            keep.loc[~keep["category"].isin(body.loc[~small, "category"]), col] = np.nan
    keep["pct_work"] = (100 * keep["work"] / keep["total"]).round(1)
    return pd.concat([keep, total], ignore_index=True), merged_codes


@degrades
def present_work_table(result: WorkTable, language: str = "nl", min_cell_size: int = 10,
                       compare_published: bool = False) -> tuple[pd.DataFrame, str]:
    """The work table ready for a report: labelled categories, small counts suppressed, a note.

    Categories with fewer than ``min_cell_size`` persons are merged first
    (:func:`merge_small_categories`), then counts below the threshold are suppressed with
    :func:`evalkit.publish.disclosure.suppress_counts`. With ``compare_published=True`` the published share at
    work is shown beside ours (only for published categories of at least ``min_cell_size`` persons).
    The note states the merging, the suppression rule and the chi-square test (on the shown categories).
    """
    from evalkit.publish import disclosure

    table = with_published(result) if compare_published else result.table.copy()
    labels = common.category_labels(result.variable, language)
    table, merged = merge_small_categories(table, min_cell_size, language, result.variable)
    body = table[table["category"] != "total"]
    if merged:
        obs = body[["no_work", "work"]].to_numpy(dtype=float)
        obs = obs[obs.sum(axis=1) > 0]
        if obs.shape[0] >= 2 and (obs.sum(axis=0) > 0).all():
            chi2, p, dof, _ = stats.chi2_contingency(obs, correction=False)
        else:  # the test on the categories before merging would tell about groups the table does not show
            chi2, p, dof = float("nan"), float("nan"), 0
        result = WorkTable(result.variable, result.table, float(chi2), int(dof), float(p))
    shown, note = disclosure.suppress_counts(
        table.set_index("category"), ["no_work", "work"], min_cell_size,
        pct_columns={"work": ["pct_work"], "total": ["pct_work"]}, total_column="total",
        total_row="total", language=language)
    shown = shown.reset_index()
    if compare_published:
        small_pub = table["published_total"].fillna(0).to_numpy() < min_cell_size
        shown["published_pct_work"] = shown["published_pct_work"].where(~small_pub)
        shown = shown.drop(columns=["published_total", "difference_pp"])
    shown["category"] = shown["category"].map(lambda c: labels.get(c, c))
    shown = shown.rename(columns=common.column_labels(shown.columns, language))
    merge_note = ""
    if merged:
        merge_note = _t("merge.note", language, min_cell_size=min_cell_size) + " "
    return shown, merge_note + note + " " + _test_sentence(result, language)


@degrades
def present_status_codes(cohort: pd.DataFrame, language: str = "nl", min_cell_size: int = 10,
                         compare_published: bool = False) -> tuple[pd.DataFrame, str]:
    """Status codes on the snapshot date with their work / no-work recoding, for the report."""
    from evalkit.publish import disclosure

    table = status_code_table(cohort, language=language)
    if compare_published:
        table = table.merge(overview_published_codes(), on="code", how="left")
        table["published_pct"] = table["published_pct"].where(table["published_n"].fillna(0) >= min_cell_size)
        table = table.drop(columns="published_n")
    work_label = common.LABELS["*"]["work"][language]
    no_work_label = common.LABELS["*"]["no_work"][language]
    table["recoded"] = np.where(table["work"] == 1, work_label, no_work_label)
    table = table.drop(columns="work")
    table["code"] = table["code"].astype(object).where(table["code"].notna(), "")
    total = pd.DataFrame({"code": [""], "label": [common.LABELS["*"]["total"][language]],
                          "n": [table["n"].sum()], "pct": [100.0], "recoded": [""]})
    table = pd.concat([table, total], ignore_index=True)
    shown, note = disclosure.suppress_counts(table, ["n"], min_cell_size, pct_columns={"n": ["pct"]},
                                             total_row=len(table) - 1, language=language)
    cols = ["code", "label", "recoded", "n", "pct"] + (["published_pct"] if compare_published else [])
    shown = shown[cols].rename(columns=common.column_labels(cols, language))
    return shown, note


def overview_published_codes() -> pd.DataFrame:
    """Published share per VDAB status code in March 2020 (Tabel 2)."""
    pub = published("vdab_status_codes")
    return pd.DataFrame({"code": pub["code"].astype(int), "published_n": pub["n_march_2020"],
                         "published_pct": (100 * pub["n_march_2020"] / pub["n_march_2020"].sum()).round(1)})


@degrades
def present_art60(cohort: pd.DataFrame, language: str = "nl", min_cell_size: int = 10,
                  compare_published: bool = False) -> tuple[pd.DataFrame, str]:
    """Use of art. 60 per trajectory (Tabel 7 and 8), for the report.

    Means and standard deviations of days are shown only where at least ``min_cell_size`` persons
    had an art. 60 (a mean over fewer could say too much about few persons).
    """
    from evalkit.publish import disclosure

    table = art60_by_trajectory(cohort)
    order = {c: i for i, c in enumerate(category_order("trajectory") + ["total"])}
    table = table.sort_values("trajectory", key=lambda s: s.map(order), kind="stable").reset_index(drop=True)
    if compare_published:
        pub = published("art60_by_trajectory")
        table = table.merge(pd.DataFrame({
            "trajectory": pub["trajectory"], "published_pct_with_art60": pub["pct_with_art60"],
            "published_mean_days": pub["mean_days_intake_to_art60"]}), on="trajectory", how="left")
    few = table["clients_with_art60"] < min_cell_size
    for col in ("mean_days_intake_to_art60", "sd_days_intake_to_art60"):
        # whole days, and NaN (shown as "–") where not shown: an Int64 <NA> would be printed as it is
        days = table[col].where(~few).round().astype("Int64").astype(object)
        table[col] = days.where(days.notna(), np.nan)
    shown, note = disclosure.suppress_counts(
        table.set_index("trajectory"), ["clients", "clients_with_art60"], min_cell_size,
        pct_columns={"clients_with_art60": ["pct_with_art60"], "clients": ["pct_with_art60"]},
        total_row="total", language=language)
    shown = shown.reset_index()
    labels = common.category_labels("trajectory", language)
    shown["trajectory"] = shown["trajectory"].map(lambda c: labels.get(c, c))
    shown = shown.rename(columns=common.column_labels(shown.columns, language))
    return shown, note


@degrades
def status_reading(cohort: pd.DataFrame, language: str = "nl") -> str:
    """The sentence under the status table: the share at work on the snapshot date."""
    return _t("status.reading", language, pct_work=100 * cohort["work"].mean())


@degrades
def art60_reading(cohort: pd.DataFrame, language: str = "nl") -> str:
    """The sentence under the art. 60 table: the share with at least one art. 60 by the snapshot date."""
    if len(cohort) == 0:
        raise NotEstimable("the cohort has no intakes up to the snapshot date", "no_rows")
    return _t("art60.reading", language, pct=100 * cohort["art60"].mean())


def is_synthetic(registry) -> bool:
    """True when the registry says it is synthetic (then reports show the published figures beside ours)."""
    import json
    from pathlib import Path

    path = getattr(registry, "path", None)
    if path is None:
        return False
    try:
        descriptor = json.loads((Path(path) / "datapackage.json").read_text("utf-8"))
    except (OSError, ValueError):
        return False
    return "synthetic" in descriptor


def describe(registry, cohort: pd.DataFrame, programme: str = "COB") -> dict:
    """Facts about the data for the report's data paragraph (no row-level information)."""
    from pathlib import Path

    path = getattr(registry, "path", None)
    dates = getattr(registry, "extraction_dates", {}) or {}
    extraction = max(dates.values()).date().isoformat() if dates else "?"
    return {
        "source": Path(path).name if path is not None else "?",
        "extraction_date": extraction,
        "programme": programme,
        "n_intakes": len(cohort),
        "first_intake": cohort["intake_date"].min().date().isoformat() if len(cohort) else "-",
        "last_intake": cohort["intake_date"].max().date().isoformat() if len(cohort) else "-",
        "n_no_status": int(cohort["status_code"].isna().sum()),
    }


@degrades
def plot_work_shares(cohort: pd.DataFrame, variables=PROFILE_VARIABLES, language: str = "nl",
                     min_cell_size: int = 10, compare_published: bool = False):
    """Small multiples: share at work per category of each variable, with the published share as a
    marker when asked. Categories with a count of workers or non-workers below ``min_cell_size`` are
    left out (their share would reveal the count)."""
    import matplotlib.pyplot as plt

    ncol = 2
    nrow = int(np.ceil(len(variables) / ncol))
    fig, axes = plt.subplots(nrow, ncol, figsize=(10, 2.6 * nrow), squeeze=False)
    for ax, var in zip(axes.ravel(), variables):
        res = work_by(cohort, var)
        tab = with_published(res) if compare_published else res.table
        # A share reveals its counts: show only categories whose counts are all publishable.
        safe = lambda c: (tab[c] == 0) | (tab[c] >= min_cell_size)  # noqa: E731
        tab = tab[(tab["category"] != "total") & safe("work") & safe("no_work")]
        labels = common.category_labels(var, language)
        names = [labels.get(c, c) for c in tab["category"]]
        y = np.arange(len(tab))
        ax.barh(y, tab["pct_work"], color="#4C72B0", label=common.COLUMNS["pct_work"][language])
        if compare_published:
            ok = tab["published_total"].fillna(0) >= min_cell_size
            ax.plot(tab["published_pct_work"].where(ok), y, "D", color="#DD8452", markersize=5,
                    label=common.COLUMNS["published_pct_work"][language])
        ax.set_yticks(y, names)
        ax.invert_yaxis()
        ax.set_xlim(0, 100)
        ax.set_title(common.VARIABLES[var][language], fontsize=10)
        ax.axvline(100 * cohort["work"].mean(), color="grey", lw=0.8, ls="--")
    for ax in axes.ravel()[len(variables):]:
        ax.set_visible(False)
    handles, lab = axes.ravel()[0].get_legend_handles_labels()
    fig.legend(handles, lab, loc="lower center", ncol=2, frameon=False)
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    return fig
