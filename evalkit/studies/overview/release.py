"""The overview's tables, figure and sentences as they reach the report: every number through
:mod:`evalkit.publish.sdc`.

Who each cell counts is said in the run's shared vocabulary (:mod:`evalkit.publish.sdc.variables`):

- unit ``persons``, the programme's cohort (:func:`evalkit.outcomes.cohort`); when some intakes of that
  cohort lie after the snapshot date, every cell also has ``overview.intake_by_snapshot = ja``;
- the profile variables ``trajectory``, ``sex``, ``household``, ``age_group``, ``education``,
  ``intake_period``; the Dutch level at intake as ``overview.nt2_level`` (its codes, finer than the
  shared ``nt2_group``);
- the status on the snapshot date, ``status@YYYY-MM-DD`` (its codes; ``<NA>`` without a status), with
  "work" the list of work codes and "no work or unknown" the other codes and ``<NA>``;
- ``art60`` = ``ja`` for a person with an employment episode of contract ``art60`` that started after
  the intake, on or before the snapshot date.

Two ties to the other reports of a run are declared (:attr:`Scope.ties`): ``nt2_group`` groups the
levels of ``overview.nt2_level``, and, when the snapshot date lies within follow-up, an art. 60
started by the snapshot date is one started during follow-up (``art60.started`` of the art. 60 study).

The tables of one report are linked (the same totals, the status codes adding up to work):
:func:`evalkit.publish.sdc.release_table` protects each table together with the tables released
before it, and the report runner checks all reports of a run together.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from evalkit import formats, outcomes
from evalkit.errors import InputError, NotEstimable
from evalkit.publish import labels as common
from evalkit.publish import sdc
from evalkit.publish.degrade import Unavailable, degrades
from evalkit.texts import check_language

from evalkit.studies.overview.analysis import (MISSING, PROFILE_VARIABLES, TEXTS, WorkTable, art60_by_trajectory,
                                               category_order, overview_published_codes, published, source_name,
                                               status_code_table, with_published, with_status, work_by)

#: Names of the study's own variables in the ledger.
NT2_LEVEL = "overview.nt2_level"
IN_SNAPSHOT = "overview.intake_by_snapshot"
ART60 = "art60"
#: The art. 60 study's variable "an art. 60 started during follow-up" (:mod:`evalkit.studies.art60.vocabulary`).
ART60_STARTED = "art60.started"

#: Ledger variable of each profile variable of the tables (besides nt2, see :func:`row_conditions`).
_SHARED = {"trajectory": "trajectory", "intake_period": "intake_period", "sex": "sex", "household": "household",
           "age_group": "age_group", "education": "education"}


def _t(key: str, language: str, **values) -> str:
    return TEXTS.text(key, language, **values)


@dataclass(frozen=True)
class Scope:
    """Who the overview's tables count: the variables and their values, and the rule that applies."""

    snapshot_date: str
    domains: dict[str, list[str]]
    population: dict[str, str]
    policy: sdc.Policy
    work: tuple[str, ...]
    no_work: tuple[str, ...]
    #: combinations empty by definition across reports (:meth:`evalkit.publish.sdc.Ledger.link`)
    links: tuple[dict[str, str], ...] = ()
    #: variables of other reports that group this report's ones (:meth:`evalkit.publish.sdc.Ledger.coarsen`)
    coarsenings: dict[str, tuple[str, dict[str, list[str]]]] = field(default_factory=dict)

    @property
    def status(self) -> str:
        return sdc.status_variable(self.snapshot_date)

    @property
    def ties(self) -> dict[str, Any]:
        """The ties as :func:`evalkit.publish.sdc.release_table` takes them."""
        return {"links": list(self.links), "coarsenings": dict(self.coarsenings)}


def nt2_grouping(levels) -> dict[str, list[str]]:
    """The codes of ``overview.nt2_level`` in each shared ``nt2_group`` (a missing level is ``missing``).

    Examples
    --------
    >>> nt2_grouping(["0", "2.1", "2.2", sdc.MISSING])
    {'0': ['0'], '2.x+': ['2.1', '2.2'], 'missing': ['<NA>']}
    """
    levels = [str(c) for c in levels]
    groups = outcomes.nt2_group([None if c == sdc.MISSING else c for c in levels])
    out: dict[str, list[str]] = {}
    for level, group in zip(levels, groups):
        out.setdefault(str(group), []).append(level)
    return dict(sorted(out.items()))


def _art60_nested(registry, full: pd.DataFrame, snapshot: pd.DataFrame, snapshot_date) -> bool:
    """Whether everyone with an art. 60 by the snapshot date also has one during follow-up: by the
    definitions when the snapshot date lies within the follow-up of every registry table, confirmed
    on the data (a link the data contradict would make the published numbers inconsistent)."""
    dates = getattr(registry, "extraction_dates", {}) or {}
    if not dates or pd.Timestamp(snapshot_date) > min(pd.Timestamp(d) for d in dates.values()):
        return False
    try:
        started = outcomes.first_jobs(registry, full).set_index("intake_id")["art60"]
    except (InputError, KeyError):
        return False
    by_snapshot = snapshot.set_index("intake_id")["art60"]
    return bool((started.reindex(by_snapshot.index).fillna(0)[by_snapshot == 1] == 1).all())


def scope(registry, snapshot: pd.DataFrame, snapshot_date, programme: str | None = "COB",
          min_cell_size: int = 10) -> Scope:
    """The :class:`Scope` of the tables of ``snapshot`` (a :func:`cohort_snapshot` of ``registry``)."""
    from evalkit.registry.schema import codelist

    full = outcomes.cohort(registry, programme=programme)
    domains = sdc.cohort_domains(full)
    domains[NT2_LEVEL] = sdc.domain(full["nt2_level_at_intake"])
    codes = codelist("vdab_status")
    is_work = outcomes.work_codes(codes)
    work = tuple(str(c) for c, w in is_work.items() if w == 1)
    no_work = tuple(str(c) for c, w in is_work.items() if w != 1) + (sdc.MISSING,)
    domains[sdc.status_variable(snapshot_date)] = [str(c) for c in is_work] + [sdc.MISSING]
    domains[ART60] = list(sdc.YES_NO)
    population: dict[str, str] = {}
    in_full = set(full["intake_id"])
    if not set(snapshot["intake_id"]) <= in_full:
        raise InputError("the snapshot cohort holds intakes outside the programme's cohort; "
                         "is the snapshot date after the extraction date?")
    if len(set(snapshot["intake_id"])) < len(in_full):
        domains[IN_SNAPSHOT] = list(sdc.YES_NO)
        population = {IN_SNAPSHOT: sdc.YES}
    coarsenings = {"nt2_group": (NT2_LEVEL, nt2_grouping(domains[NT2_LEVEL]))} if "nt2_group" in domains else {}
    links: tuple[dict[str, str], ...] = ()
    if _art60_nested(registry, full, snapshot, snapshot_date):
        domains[ART60_STARTED] = list(sdc.YES_NO)
        links = ({ART60: sdc.YES, ART60_STARTED: sdc.NO},)
    return Scope(str(pd.Timestamp(snapshot_date).date()), domains, population,
                 sdc.Policy(min_cell_size=min_cell_size), work, no_work, links, coarsenings)


def categories(variable: str, scope: Scope) -> list[str]:
    """Every category of a work table, in the report's order: one per value of the variable in the
    programme's cohort (missing values as ``onbekend``), so that no category is left out as empty."""
    ledger_var = NT2_LEVEL if variable == "nt2_level_at_intake" else _SHARED[variable]
    values = [MISSING if v == sdc.MISSING else v for v in scope.domains[ledger_var]]
    values = list(dict.fromkeys(values))
    order = category_order(variable) or []
    return [c for c in order if c in values] + sorted(c for c in values if c not in order)


def row_conditions(variable: str, category: str, scope: Scope) -> dict[str, list[str]]:
    """Conditions of the persons in one category of a work table (see the module docstring).

    Examples
    --------
    >>> s = Scope("2020-03-31", {"household": ["onbekend", "samenwoner", "<NA>"],
    ...           NT2_LEVEL: ["0", "2.1", "<NA>"]}, {}, sdc.Policy(), (), ())
    >>> row_conditions("household", "onbekend", s)
    {'household': ['onbekend', '<NA>']}
    >>> row_conditions("nt2_level_at_intake", "2.1", s)
    {'overview.nt2_level': ['2.1']}
    """
    ledger_var = NT2_LEVEL if variable == "nt2_level_at_intake" else _SHARED[variable]
    codes = [category]
    if category == MISSING:
        codes = [c for c in (MISSING, sdc.MISSING) if c in scope.domains[ledger_var]]
    return {ledger_var: codes}


# ------------------------------------------------------------------------------------------ tables

@dataclass
class Part:
    """One released table of the report: what to show, the note, and the released values behind it."""

    table: pd.DataFrame
    note: str
    released: sdc.Released
    extra: dict[str, Any] = field(default_factory=dict)

    def __iter__(self):  # ``table, note = part``
        return iter((self.table, self.note))

    def value(self, row: Any, column: str) -> Any:
        return self.released.value(row, column)


def _chi_square(result: WorkTable, released: sdc.Released) -> dict[str, Any]:
    """The chi-square test over the categories whose counts are all shown (the test over hidden
    categories would tell about them); the test of ``result`` itself when every category is shown.

    Returns ``statistic``, ``df``, ``p`` (``NaN`` when the test is not possible) and ``partial``
    (whether categories were left out).
    """
    body = [r for r in released.table.index if r != "total"]
    shown = [r for r in body if all(released.shown(r, c) for c in ("no_work", "work"))]
    statistic, dof, p = result.statistic, result.df, result.p_value
    partial = len(shown) < len(body)
    if partial:
        obs = released.table.loc[shown, ["no_work", "work"]].to_numpy(dtype=float)
        obs = obs[obs.sum(axis=1) > 0]
        if obs.shape[0] >= 2 and (obs.sum(axis=0) > 0).all():
            statistic, p, dof, _ = stats.chi2_contingency(obs, correction=False)
        else:
            statistic = float("nan")
    if not np.isfinite(statistic):
        statistic, dof, p = float("nan"), 0, float("nan")
    return {"statistic": float(statistic), "df": int(dof), "p": float(p), "partial": partial}


def release_work_table(snapshot: pd.DataFrame, variable: str, scope: Scope, language: str = "nl",
                       compare_published: bool = False) -> Part:
    """Work on the snapshot date per category of ``variable``, released (output ``work_by_<variable>``)."""
    result = work_by(snapshot, variable)
    cats = categories(variable, scope)
    observed = result.table.set_index("category")
    body = observed.drop(index="total").reindex(cats, fill_value=0)[["no_work", "work", "total"]]
    table = pd.concat([body, observed.loc[["total"], ["no_work", "work", "total"]]]).astype(int)
    table["pct_work"] = (100 * table["work"] / table["total"].where(table["total"] > 0)).round(1)
    rows = {c: row_conditions(variable, c, scope) for c in cats}
    rows["total"] = {}
    title = _t("profiles.caption", language, variable=common.VARIABLES[variable][language],
               snapshot_date=scope.snapshot_date)
    released = sdc.release_table(
        table, f"work_by_{variable}", rows=rows,
        counts={"no_work": {scope.status: list(scope.no_work)}, "work": {scope.status: list(scope.work)},
                "total": {}},
        shares={"pct_work": ("work", "total")},
        population=scope.population, domains=scope.domains, title=title, policy=scope.policy, language=language,
        **scope.ties)
    shown = released.table.copy()
    if compare_published:
        pub = with_published(WorkTable(variable, result.table, 0.0, 0, 1.0)).set_index("category")
        big = pub["published_total"].fillna(0) >= scope.policy.min_cell_size
        shown["published_pct_work"] = pub["published_pct_work"].where(big).reindex(shown.index)
    labels = common.category_labels(variable, language)
    shown.index = [labels.get(c, c) for c in shown.index]
    shown.index.name = "category"
    shown = shown.reset_index()
    shown = shown.rename(columns=common.column_labels(shown.columns, language))
    return Part(shown, released.note, released,
                {"variable": variable, "labels": labels, "chi2": _chi_square(result, released)})


def release_status_codes(snapshot: pd.DataFrame, scope: Scope, language: str = "nl",
                         compare_published: bool = False) -> Part:
    """Persons per status code on the snapshot date, with the recoding and the totals of work and of
    no work (output ``status_codes``); every code of the code list is a row."""
    from evalkit.registry.schema import codelist

    codes = codelist("vdab_status")
    counts = status_code_table(snapshot, codes, language).set_index("code")["n"]
    label = f"label_{check_language(language)}"
    work_label = common.LABELS["*"]["work"][language]
    no_work_label = common.LABELS["*"]["no_work"][language]
    total_label = common.LABELS["*"]["total"][language]
    rows, frame = {}, []
    for _, c in codes.iterrows():
        code = int(c["code"])
        rows[str(code)] = {scope.status: [str(code)]}
        frame.append({"key": str(code), "code": str(code), "label": c[label],
                      "recoded": work_label if int(c["work"]) == 1 else no_work_label,
                      "n": int(counts.get(code, 0))})
    n_missing = int(snapshot["status_code"].isna().sum())
    rows["no_status"] = {scope.status: [sdc.MISSING]}
    frame.append({"key": "no_status", "code": "", "label": _t("status.no_status", language),
                  "recoded": no_work_label, "n": n_missing})
    n_work = int(snapshot["work"].sum())
    rows["work"] = {scope.status: list(scope.work)}
    rows["no_work"] = {scope.status: list(scope.no_work)}
    rows["total"] = {}
    frame += [{"key": "work", "code": "", "label": work_label, "recoded": "", "n": n_work},
              {"key": "no_work", "code": "", "label": no_work_label, "recoded": "", "n": len(snapshot) - n_work},
              {"key": "total", "code": "", "label": total_label, "recoded": "", "n": len(snapshot)}]
    table = pd.DataFrame(frame).set_index("key")
    table["pct"] = (100 * table["n"] / len(snapshot)).round(1) if len(snapshot) else np.nan
    title = _t("status.caption", language, snapshot_date=scope.snapshot_date)
    released = sdc.release_table(
        table[["code", "label", "recoded", "n", "pct"]], "status_codes", rows=rows, counts={"n": {}},
        shares={"pct": ("n", {})},  # of everyone in the table (the population)
        population=scope.population, domains=scope.domains, title=title, policy=scope.policy, language=language,
        **scope.ties)
    shown = released.table.copy()
    if compare_published:
        pub = overview_published_codes()
        pub = pub.assign(published_pct=pub["published_pct"].where(pub["published_n"] >= scope.policy.min_cell_size))
        shown["published_pct"] = pub.set_index(pub["code"].astype(str))["published_pct"].reindex(shown.index)
    cols = ["code", "label", "recoded", "n", "pct"] + (["published_pct"] if compare_published else [])
    shown = shown[cols].reset_index(drop=True).rename(columns=common.column_labels(cols, language))
    return Part(shown, released.note, released)


def release_art60(snapshot: pd.DataFrame, scope: Scope, language: str = "nl",
                  compare_published: bool = False) -> Part:
    """Use of art. 60 per trajectory (Tabel 7 and 8), released (output ``art60_by_trajectory``).

    The mean and standard deviation of days are hidden with the count of persons with an art. 60,
    and also where fewer than ``min_cell_size`` persons had their first art. 60 after the intake
    (the persons the mean is taken over).
    """
    raw = art60_by_trajectory(snapshot).set_index("trajectory")
    trajectories = categories("trajectory", scope)
    table = raw.drop(index="total").reindex(trajectories)
    table[["clients", "clients_with_art60"]] = table[["clients", "clients_with_art60"]].fillna(0)
    table = pd.concat([table, raw.loc[["total"]]])
    table[["clients", "clients_with_art60"]] = table[["clients", "clients_with_art60"]].astype(int)
    groups = snapshot["trajectory"].astype(object).where(snapshot["trajectory"].notna(), MISSING)
    with_days = snapshot["days_to_first_art60"].notna().groupby(groups).sum().reindex(trajectories, fill_value=0)
    with_days["total"] = int(snapshot["days_to_first_art60"].notna().sum())
    few = with_days.reindex(table.index).fillna(0) < scope.policy.min_cell_size
    days = ["mean_days_intake_to_art60", "sd_days_intake_to_art60"]
    for col in days:
        table[col] = table[col].where(~few)
    rows = {t: row_conditions("trajectory", t, scope) for t in trajectories}
    rows["total"] = {}
    title = _t("art60.caption", language, snapshot_date=scope.snapshot_date)
    released = sdc.release_table(
        table[["clients", "clients_with_art60", "pct_with_art60"] + days], "art60_by_trajectory", rows=rows,
        counts={"clients": {}, "clients_with_art60": {ART60: sdc.YES}},
        shares={"pct_with_art60": ("clients_with_art60", "clients")},
        population=scope.population, domains=scope.domains, hide_with={c: ["clients_with_art60"] for c in days},
        title=title, policy=scope.policy, language=language, **scope.ties)
    for row in table.index[few.to_numpy()]:  # the mean is over fewer persons than the threshold
        for col in days:
            released.hidden.add((row, col))
    shown = released.table.copy()
    for col in days:
        shown[col] = shown[col].astype(object)
        for row in shown.index:
            if (row, col) in released.hidden:
                shown.at[row, col] = sdc.MARKER
            elif pd.notna(shown.at[row, col]):
                shown.at[row, col] = int(round(float(shown.at[row, col])))
            else:
                shown.at[row, col] = np.nan
    if compare_published:
        pub = published("art60_by_trajectory").set_index("trajectory")
        shown["published_pct_with_art60"] = pub["pct_with_art60"].reindex(shown.index)
        shown["published_mean_days"] = pub["mean_days_intake_to_art60"].reindex(shown.index)
    labels = common.category_labels("trajectory", language)
    shown.index = [labels.get(c, c) for c in shown.index]
    shown.index.name = "trajectory"
    shown = shown.reset_index()
    shown = shown.rename(columns=common.column_labels(shown.columns, language))
    return Part(shown, released.note, released)


# ------------------------------------------------------------------------------------------ together

@dataclass
class Overview:
    """Everything the report shows, released together (see :func:`release`)."""

    scope: Scope
    language: str
    status_codes: Part | Unavailable
    work: dict[str, Part | Unavailable]
    art60: Part | Unavailable

    def status_reading(self) -> str | Unavailable:
        """The sentence under the status table (in the appendix): what the codes mean."""
        if isinstance(self.status_codes, Unavailable):
            return self.status_codes
        return _t("status.intro", self.language)

    def work_reading(self) -> str | Unavailable:
        """The sentences under the table of work by trajectory: the share at work of everyone and the
        range over the trajectories, from released values only (a hidden share is left out)."""
        part = self.work.get("trajectory")
        if isinstance(part, Unavailable) or part is None:
            return part if part is not None else Unavailable("no_rows")
        pct, work, total = (part.value("total", c) for c in ("pct_work", "work", "total"))
        if any(v is None for v in (pct, work, total)):
            sentences = [_t("work.reading_hidden", self.language)]
        else:
            sentences = [_t("work.reading", self.language, snapshot_date=self.scope.snapshot_date,
                            pct_work=float(pct), work=int(work), total=int(total))]
        low, high = extremes(part, "pct_work")
        if low is not None and high is not None and low != high:
            names = common.category_labels("trajectory_short", self.language)
            sentences.append(_t("work.range", self.language, low=names.get(low, low), high=names.get(high, high),
                                low_pct=float(part.value(low, "pct_work")),
                                high_pct=float(part.value(high, "pct_work"))))
        sentences.append(_t("work.association", self.language))
        return " ".join(sentences)

    def art60_reading(self) -> str | Unavailable:
        """The sentence under the art. 60 table: the share with an art. 60 (left out when hidden)."""
        if isinstance(self.art60, Unavailable):
            return self.art60
        pct = self.art60.value("total", "pct_with_art60")
        if pct is None:
            return _t("art60.reading_hidden", self.language)
        return _t("art60.reading", self.language, pct=float(pct))

    def chi_square_table(self) -> pd.DataFrame | Unavailable:
        """One row per profile table: the chi-square test of independence of work and the variable,
        over the categories whose counts are shown (a table of tests, no counts)."""
        rows = []
        for variable, part in self.work.items():
            if isinstance(part, Unavailable):
                continue
            test = part.extra["chi2"]
            possible = np.isfinite(test["statistic"])
            remark = ("chi2.shown_only" if test["partial"] else "chi2.all") if possible else "chi2.not_possible"
            rows.append({"variable": common.VARIABLES[variable][self.language],
                         "statistic": test["statistic"] if possible else np.nan,
                         "df": int(test["df"]) if possible else np.nan,
                         "p": formats.p_value(test["p"], self.language) if possible else formats.MISSING,
                         "remark": _t(remark, self.language)})
        if not rows:
            return next(iter(self.work.values()), Unavailable("no_rows"))
        table = pd.DataFrame(rows, columns=["variable", "statistic", "df", "p", "remark"])
        table["df"] = pd.Series([r["df"] for r in rows], dtype=object)  # counts of categories: whole numbers
        return table.rename(columns=TEXTS.table("chi2.columns", self.language))


def extremes(part: Part, column: str) -> tuple[str | None, str | None]:
    """The rows (codes) of a released table with the lowest and the highest value of ``column``,
    leaving out the total and the unknown category; ``(None, None)`` when a category's value is hidden
    or missing (then no reader can tell which is lowest or highest, and neither can a finding).

    Examples
    --------
    >>> table = pd.DataFrame({"pct_work": [37.8, 62.3, 44.0, 50.2]}, index=["lineair", "vdab", "esf", "total"])
    >>> extremes(Part(table, "", sdc.Released(table, "")), "pct_work")
    ('lineair', 'vdab')
    >>> extremes(Part(table, "", sdc.Released(table, "", {("esf", "pct_work")})), "pct_work")
    (None, None)
    """
    released = part.released
    rows = [row for row in released.table.index if row not in ("total", MISSING)]
    values = {row: pd.to_numeric(released.table.at[row, column], errors="coerce") for row in rows
              if released.shown(row, column)}
    if not rows or len(values) < len(rows) or any(pd.isna(v) for v in values.values()):
        return None, None
    return min(values, key=values.get), max(values, key=values.get)


def _parts(snapshot, scope, language, compare_published):
    status = with_status(snapshot)
    if isinstance(status, Unavailable):
        codes = status
        work = dict.fromkeys(PROFILE_VARIABLES, status)
    else:
        codes = release_status_codes(status, scope, language, compare_published)
        work = {v: release_work_table(status, v, scope, language, compare_published) for v in PROFILE_VARIABLES}
    if len(snapshot) == 0:
        art60 = Unavailable.from_error(NotEstimable("the cohort has no intakes up to the snapshot date", "no_rows"))
    else:
        art60 = release_art60(snapshot, scope, language, compare_published)
    return codes, work, art60


@degrades
def release(registry, snapshot: pd.DataFrame, snapshot_date, programme: str | None = "COB",
            language: str = "nl", min_cell_size: int = 10, compare_published: bool = False) -> Overview:
    """Release every table of the report, in the report's order, through
    :func:`evalkit.publish.sdc.release_table`: each table is protected together with the tables
    released before it (which stay as shown), so that no cell can be derived from them all.
    """
    the_scope = scope(registry, snapshot, snapshot_date, programme, min_cell_size)
    return Overview(the_scope, language, *_parts(snapshot, the_scope, language, compare_published))


# ------------------------------------------------------------------------------------------ figure

def work_share_data(overview: Overview) -> pd.DataFrame:
    """The bars of :func:`plot_work_shares`, read from the released work tables only.

    One row per category of each table (the table's rows, in its order, without the total):
    ``variable``, ``category`` (label; the short one of a trajectory), ``pct_work`` (``NaN`` where the table hides it: no bar) and
    ``published_pct_work`` when the tables hold it.
    """
    frames = []
    for variable, part in overview.work.items():
        if isinstance(part, Unavailable):
            continue
        table = part.released.table
        body = [r for r in table.index if r != "total"]
        pct = [float(table.at[r, "pct_work"]) if part.released.shown(r, "pct_work") else np.nan for r in body]
        # the figure's panels are narrow: trajectories go by their short shared label
        labels = (common.category_labels("trajectory_short", overview.language) if variable == "trajectory"
                  else part.extra["labels"])
        frame = pd.DataFrame({"variable": variable, "category": [labels.get(r, r) for r in body],
                              "pct_work": pct})
        pub_col = common.COLUMNS["published_pct_work"][overview.language]
        if pub_col in part.table.columns:
            frame["published_pct_work"] = part.table[pub_col].iloc[:len(body)].to_numpy(dtype=float)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=["variable", "category", "pct_work"])


def overall_share(overview: Overview) -> float | None:
    """The released share at work of everyone (the total row), or ``None`` when it is hidden."""
    for part in overview.work.values():
        if not isinstance(part, Unavailable):
            value = part.value("total", "pct_work")
            return None if value is None else float(value)
    return None


#: Widest figure a report page takes (inches).
MAX_WIDTH = 8.0


@degrades
def plot_work_shares(overview: Overview, variables=PROFILE_VARIABLES):
    """Small multiples in a grid of two columns: share at work per category of each variable, drawn
    from the released tables (the same rows; a hidden share draws no bar), with the published share as
    a marker when the tables show it and the share of the whole cohort as a dashed line. The figure's
    data are recorded as output ``work_shares``; the figure is 8 inches wide, with a title and a
    legend under the panels."""
    import matplotlib.pyplot as plt

    if isinstance(overview.status_codes, Unavailable):
        return overview.status_codes
    language = overview.language
    data = work_share_data(overview)
    data = data[data["variable"].isin(list(variables))]
    sdc.record_output("work_shares", "figure", _t("profiles.heading", language).lstrip("# "),
                      checks=["drawn from released tables"], data=data, cells=len(data))
    ncol = 2
    nrow = int(np.ceil(len(variables) / ncol))
    sizes = [max(1, int((data["variable"] == v).sum())) for v in variables] + [1] * (nrow * ncol - len(variables))
    heights = [max(sizes[i * ncol:(i + 1) * ncol]) + 1.5 for i in range(nrow)]  # rows + room for the title
    fig, axes = plt.subplots(nrow, ncol, figsize=(MAX_WIDTH, 0.25 * sum(heights) + 1.4), squeeze=False,
                             gridspec_kw={"height_ratios": heights})
    overall = overall_share(overview)
    compare = "published_pct_work" in data.columns
    for i, (ax, var) in enumerate(zip(axes.ravel(), variables)):
        tab = data[data["variable"] == var]
        y = np.arange(len(tab))
        drawn = tab["pct_work"].notna().to_numpy()  # a hidden share draws no bar
        ax.barh(y[drawn], tab["pct_work"].to_numpy()[drawn], color="#4C72B0",
                label=common.COLUMNS["pct_work"][language])
        if compare:
            ax.plot(tab["published_pct_work"], y, "D", color="#DD8452", markersize=5,
                    label=common.COLUMNS["published_pct_work"][language])
        if overall is not None:
            ax.axvline(overall, color="grey", lw=1, ls="--", label=_t("figure.work_shares.overall", language))
        ax.set_yticks(y, tab["category"].tolist(), fontsize=9)
        # the panels of one row share its height: every bar is as thick, the first category on top
        ax.set_ylim(heights[i // ncol] - 1.5 - 0.5, -0.5)
        ax.set_xlim(0, 100)
        ax.tick_params(axis="x", labelsize=9)
        ax.set_title(common.VARIABLES[var][language], fontsize=10)
    for ax in axes.ravel()[len(variables):]:
        ax.set_visible(False)
    for ax in axes[-1]:
        ax.set_xlabel(_t("figure.work_shares.xlabel", language), fontsize=9)
    if len(variables) % ncol:  # the last panel of an odd grid: its axis label on the panel above the gap
        axes[-2, -1].set_xlabel(_t("figure.work_shares.xlabel", language), fontsize=9)
    handles, lab = axes.ravel()[0].get_legend_handles_labels()
    order = [common.COLUMNS["pct_work"][language], common.COLUMNS["published_pct_work"][language],
             _t("figure.work_shares.overall", language)]
    legend = sorted(zip(handles, lab), key=lambda hl: order.index(hl[1]) if hl[1] in order else len(order))
    handles, lab = [h for h, _ in legend], [label for _, label in legend]
    fig.suptitle(_t("figure.work_shares.title", language, snapshot_date=overview.scope.snapshot_date),
                 fontsize=12, fontweight="bold")
    fig.legend(handles, lab, loc="lower center", ncol=len(handles), frameon=False, fontsize=9)
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    return fig


def work_shares_alt(overview: Overview) -> str:
    """The alternative text of :func:`plot_work_shares`: what the figure shows."""
    alt = _t("figure.work_shares.alt", overview.language)
    data = work_share_data(overview)
    if "published_pct_work" in data.columns:
        alt += " " + _t("figure.work_shares.alt_published", overview.language)
    return alt


# ------------------------------------------------------------------------------------------ data paragraph

def data_paragraph(registry, overview: Overview, snapshot: pd.DataFrame, programme: str = "COB") -> str:
    """The report's data paragraph: the source in words, dates in words, and the counts of persons,
    which are released values (left out where the tables hide them)."""
    language = overview.language
    dates = getattr(registry, "extraction_dates", {}) or {}
    facts = {"source": source_name(registry, language),
             "extraction_date": max(dates.values()).date() if dates else formats.MISSING,
             "programme": programme,
             "first_intake": snapshot["intake_date"].min().date() if len(snapshot) else formats.MISSING,
             "last_intake": snapshot["intake_date"].max().date() if len(snapshot) else formats.MISSING}
    n_intakes = None
    if not isinstance(overview.art60, Unavailable):
        n_intakes = overview.art60.value("total", "clients")
    elif not isinstance(overview.status_codes, Unavailable):
        n_intakes = overview.status_codes.value("total", "n")
    parts = [_t("data.source", language, **facts)]
    if n_intakes is None:
        parts.append(_t("data.intakes_hidden", language, **facts))
    else:
        parts.append(_t("data.intakes", language, n_intakes=int(n_intakes), **facts))
    n_no_status = None
    if not isinstance(overview.status_codes, Unavailable):
        n_no_status = overview.status_codes.value("no_status", "n")
    if n_no_status is None:
        parts.append(_t("data.no_status_hidden", language))
    else:
        parts.append(_t("data.no_status", language, n_no_status=int(n_no_status)))
    return " ".join(parts)
