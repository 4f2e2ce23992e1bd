"""The words of the art. 60 report that depend on the results: the numbers its text quotes
(:func:`facts`), one sentence of reading per table or figure, the introductions that list the
definitions used, the definitions section, and the methods of the technical appendix
(:func:`method_text`, :func:`landmark_method`).

Numbers and dates reach the texts as numbers and dates, which the catalogue writes as the report's
language does (:mod:`evalkit.formats`); a number read back from a released cell is read in that
language (:func:`~evalkit.studies.art60.cells.number`).
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from evalkit import formats, outcomes
from evalkit.publish.degrade import degrades
from evalkit.publish.labels import CATALOGUE
from evalkit.texts import fill
from evalkit.stats import survival
from evalkit.stats import transitions as tr
from evalkit.studies.art60.analysis import AfterArt60, _at, _days, months
from evalkit.studies.art60.categories import _UNKNOWN, _t, label, variable_label
from evalkit.publish.sdc import NO, YES, YES_NO, Policy, release_table
from evalkit.studies.art60.cells import _DASH, _signed, number


def _pct_text(value, language: str = "nl") -> str:
    """A released share for the text (``45 %`` in Dutch, ``45%`` in English), or a dash when it is
    hidden or empty.

    Examples
    --------
    >>> _pct_text("39,5 (36,4–42,6)", "nl"), _pct_text(39.5, "en"), _pct_text("x")
    ('40 %', '40%', '–')
    """
    v = number(value, language)
    return _DASH if v is None else formats.percent(v, 0, language)


def _cell(released, row_label: str, column: str):
    """The released value in the row whose first column is ``row_label`` (None when hidden or absent)."""
    table = released.table
    rows = table.index[table.iloc[:, 0] == row_label]
    if not len(rows) or column not in table.columns:
        return None
    value = table.at[rows[0], column]
    return None if isinstance(value, str) and value.strip() in ("x", "") else value


def _category_cell(released, variable: str, category: str, column: str):
    """The released value for ``category`` of the characteristic ``variable`` in the differences table
    (whose first column names the characteristic on its first row), None when hidden or absent."""
    table = released.table
    if column not in table.columns:
        return None
    current = None
    for _, row in table.iterrows():
        current = row.iloc[0] or current
        if current == variable and row.iloc[1] == category:
            value = row[column]
            return None if isinstance(value, str) and value.strip() in ("x", "") else value
    return None


def facts(registry, cohort: pd.DataFrame, jobs: pd.DataFrame, after: AfterArt60, min_cell_size: int = 10,
          language: str = "nl", synthetic: bool = False) -> dict:
    """Numbers the report's text needs (no row-level data), released as the table ``data``: clients,
    clients with an art. 60 (and their share), art. 60 jobs studied, the followed and the share of
    them that lasted 312 days or more (and their median duration). A hidden number is a dash.

    The registry is named as a reader names it (``source``): the bundled synthetic registry when
    ``synthetic``, else the register in its folder; dates are dates, which the texts write in words.

    Examples
    --------
    >>> from evalkit.publish import sdc
    >>> from evalkit.studies.art60 import examples
    >>> registry, cohort, jobs, after = examples.bundled()
    >>> int(facts(registry, cohort, jobs, after)["n_intakes"])
    1662
    >>> sdc.reset()
    """
    from pathlib import Path

    from evalkit.studies.art60.tables import _next_domain, voc

    dates = getattr(registry, "extraction_dates", {}) or {}
    path = getattr(registry, "path", None)
    followed = after.followed
    n_followed = len(followed)
    table = pd.DataFrame({
        "clients": [len(cohort)], "with_art60": [int(jobs["art60"].sum())],
        "pct_with_art60": [round(100 * jobs["art60"].mean(), 0) if len(jobs) else np.nan],
        "spells": [len(after.spells)], "followed": [n_followed],
        "long": [int((followed["duration_days"] >= 312).sum())],
        "pct_long": [round(100 * float((followed["duration_days"] >= 312).mean()), 0) if n_followed else np.nan],
        "median": [float(np.median(months(followed["duration_days"]))) if n_followed else np.nan]}, index=["all"])
    released = release_table(
        table, "data", rows={"all": {}},
        counts={"clients": {}, "with_art60": {"art60.started": YES},
                "spells": {"art60.next": [c for c in _next_domain() if c != NO]},
                "followed": {"art60.followed": YES}, "long": {"art60.followed": YES, "art60.long": YES}},
        shares={"pct_with_art60": ("with_art60", "clients"), "pct_long": ("long", "followed")},
        decimals={"pct_with_art60": 0, "pct_long": 0}, hide_with={"median": ["followed"]},
        domains={"art60.started": YES_NO, "art60.next": _next_domain(), "art60.followed": YES_NO,
                 "art60.long": YES_NO},
        unit=voc.unit_of(after.spells) if len(after.spells) else "persons", title="data",
        policy=Policy(min_cell_size=min_cell_size), language=language)

    def value(column):
        v = released.value("all", column)
        return _DASH if v is None or (isinstance(v, float) and not np.isfinite(v)) else v

    pct = value("pct_with_art60")
    words = CATALOGUE.table("brief", language)
    if synthetic:
        source = words["synthetic_source"]
    else:
        source = fill(words["registry_source"], language, path=Path(path).name if path is not None else _DASH)
    return {
        "source": source,
        "extraction_date": max(dates.values()).date() if dates else _DASH,
        "censor_date": pd.to_datetime(cohort["censor_date"]).max().date() if len(cohort) else _DASH,
        "first_intake": cohort["intake_date"].min().date() if len(cohort) else _DASH,
        "last_intake": cohort["intake_date"].max().date() if len(cohort) else _DASH,
        "n_intakes": value("clients"),
        "n_with_art60": value("with_art60"),
        "pct_with_art60": pct if pct != _DASH else float("nan"),
        "share_with_art60": _DASH if pct == _DASH else formats.percent(pct, 0, language),
        "n_spells": value("spells"),
        "median_duration_months": value("median") if value("median") != _DASH else float("nan"),
        "pct_long": value("pct_long") if value("pct_long") != _DASH else float("nan"),
        "max_gap_days": after.max_gap_days,
        "has_nt2": bool((after.spells["nt2_improved"] != _UNKNOWN).any()),
    }


@degrades
def occupation_reading(released, language: str = "nl", min_cell_size: int = 10) -> str:
    """One sentence on where people are 12 and 24 months after art. 60, from the released table.

    Examples
    --------
    >>> from evalkit.publish import sdc
    >>> from evalkit.studies.art60 import examples, occupation, occupation_table
    >>> registry, cohort, jobs, after = examples.bundled()
    >>> occupation_reading(occupation_table(occupation(after, [12, 24]), "en"), "en")[:40]
    'Twelve months after the end of the art. '
    >>> sdc.reset()
    """
    def p(state, m):
        return _pct_text(_cell(released, label("state", state, language), _t("col.after_months", language, months=m)),
                         language)

    return _t("occupation.reading", language, work12=p("regulier_werk", 12), work24=p("regulier_werk", 24),
              ub12=p("werkloosheidsuitkering", 12), ub24=p("werkloosheidsuitkering", 24),
              ll12=p("leefloon", 12), ll24=p("leefloon", 24))


@degrades
def use_reading(released, at_months: float = 24, language: str = "nl", min_cell_size: int = 10) -> str:
    """Which trajectory starts art. 60 most and least often within ``at_months`` months of the
    intake, from the released use table (only trajectories whose share is shown).

    Examples
    --------
    >>> from evalkit.publish import sdc
    >>> from evalkit.studies.art60 import art60_start, examples, use_table
    >>> registry, cohort, jobs, after = examples.bundled()
    >>> use_reading(use_table(art60_start(jobs), language="en"), 24, "en")[:60]
    'Within 24 months of the intake **71%** of the clients in the'
    >>> sdc.reset()
    """
    table = released.table
    column = _t("col.cif_months", language, months=at_months)
    if column not in table.columns:
        return ""
    shares = {}
    for _, row in table.iloc[:-1].iterrows():
        v = number(row[column], language)
        if v is not None:
            shares[row.iloc[0]] = v
    if len(shares) < 2:
        return ""
    high, low = max(shares, key=shares.get), min(shares, key=shares.get)
    return _t("use.reading", language, months=at_months, high=shares[high], low=shares[low],
              high_group=high, low_group=low)


@degrades
def employer_reading(released, language: str = "nl", min_cell_size: int = 10) -> str:
    """The share of clients whose (first) art. 60 job was with a private employer, from the released
    employer table; without the number where it is hidden.

    Examples
    --------
    >>> from evalkit.publish import sdc
    >>> from evalkit.studies.art60 import employer_table, examples
    >>> registry, cohort, jobs, after = examples.bundled()
    >>> "**a small share**" in employer_reading(employer_table(after.all_spells, "en"), "en")  # few: hidden
    True
    >>> sdc.reset()
    """
    share = _pct_text(_cell(released, label("employer_type", "private", language),
                            _t("col.pct_persons", language)), language)
    if share == _DASH:
        share = _t("few", language)
    return _t("employers.reading", language, pct_private=share)


@degrades
def duration_reading(released, language: str = "nl", min_cell_size: int = 10) -> str:
    """How long an art. 60 job lasts, in one sentence, from the released duration table (nothing
    where its total is hidden).

    Examples
    --------
    >>> from evalkit.publish import sdc
    >>> from evalkit.studies.art60 import duration_table, examples
    >>> registry, cohort, jobs, after = examples.bundled()
    >>> duration_reading(duration_table(after, "en"), "en")[:62]
    'Half of the art. 60 jobs that ended lasted more than **12.4 mo'
    >>> sdc.reset()
    """
    from evalkit.studies.art60.categories import total_label

    total = total_label(language)
    median = number(_cell(released, total, _t("col.median_duration", language)), language)
    middle = _cell(released, total, _t("col.middle_half", language))
    if median is None or middle is None:
        return ""
    return _t("duration.reading", language, median=median, middle=middle)


@degrades
def next_reading(released, language: str = "nl", min_cell_size: int = 10) -> str:
    """The three main next states in one sentence, from the released next-state table.

    Examples
    --------
    >>> from evalkit.publish import sdc
    >>> from evalkit.studies.art60 import examples, next_state_table
    >>> registry, cohort, jobs, after = examples.bundled()
    >>> next_reading(next_state_table(after, "en"), "en")[:60]
    'Right after the art. 60, **40%** move into a regular job, **'
    >>> sdc.reset()
    """
    column = released.table.columns[2]

    def share(group):
        return _pct_text(_cell(released, label("state", group, language), column), language)

    return _t("next.reading", language, regular=share("regulier_werk"), ub=share("werkloosheidsuitkering"),
              ll=share("leefloon"))


@degrades
def regular_reading(released, language: str = "nl", min_cell_size: int = 10) -> str:
    """Share with a regular job within 12 and 24 months after art. 60, from the released table.

    Examples
    --------
    >>> from evalkit.publish import sdc
    >>> from evalkit.studies.art60 import examples, regular_job_incidence, regular_job_table
    >>> registry, cohort, jobs, after = examples.bundled()
    >>> regular_reading(regular_job_table(regular_job_incidence(after), language="en"), "en")[:60]
    'Within 12 months after the art. 60, **45%** had had a regula'
    >>> sdc.reset()
    """
    column = _t("col.pct_regular_job", language)
    return _t("regular.reading", language,
              m12=_pct_text(_cell(released, formats.field(12, "", language), column), language),
              m24=_pct_text(_cell(released, formats.field(24, "", language), column), language))


@degrades
def differences_reading(released, language: str = "nl", min_cell_size: int = 10) -> str:
    """The regular job as next state by employer type, in one sentence, from the released table.

    Examples
    --------
    >>> from evalkit.publish import sdc
    >>> from evalkit.studies.art60 import differences, differences_table, examples
    >>> registry, cohort, jobs, after = examples.bundled()
    >>> differences_reading(differences_table(differences(after, ["employer_type"]), "en", cohort=cohort),
    ...                     "en")[-60:]
    'l economy **27%**. The number of private employers is small.'
    >>> sdc.reset()
    """
    column = label("state_short", "regulier_werk", language)
    shares = {code: _pct_text(_category_cell(released, variable_label("employer_type", language),
                                             label("employer_type", code, language), column), language)
              for code in ("private", "public", "social_economy")}
    if _DASH in shares.values():
        return _t("differences.reading_short", language)
    return _t("differences.reading", language, **shares)


def durable_intro(definitions: Sequence[str | outcomes.DurableJob], language: str = "nl") -> str:
    """The introduction of the durable-employment section, with each definition in words.

    Examples
    --------
    >>> print(durable_intro(["open_ended"], "en").splitlines()[2])
    - *Open-ended contract*: an open-ended contract
    """
    items = "\n".join(f"- {_described(d, language)}" for d in definitions)
    return _t("durable.intro", language, definitions=items)


def landmark_intro(landmarks: Sequence[float], language: str = "nl") -> str:
    """The question of the comparison with clients without art. 60, in plain words (the method and the
    comparison that misleads are in the technical appendix: :func:`landmark_method`).

    Examples
    --------
    >>> "(12 and 18 months after the intake)" in landmark_intro([12, 18], "en")
    True
    """
    return _t("landmark.intro", language, landmarks=_listed(landmarks, language))


def landmark_method(naive: dict, landmarks: Sequence[float], result: pd.DataFrame | None = None, n_boot: int = 200,
                    min_count: int = 10, language: str = "nl", min_cell_size: int = 10) -> str:
    """The method of the landmark comparison for the technical appendix: why the naive comparison
    misleads (immortal-time bias), with its (released) figures, how the groups are weighed and how
    well they are balanced after weighting (``result``, the comparison; its balance is left out when
    it could not be made).

    Examples
    --------
    >>> naive = {"months": 36, "n_ever": 900, "n_never": 700, "pct_ever": 28.0, "pct_never": 34.0,
    ...          "events_ever": 252, "events_never": 238}
    >>> "28% of those who ever had an art. 60" in landmark_method(naive, [12, 18], language="en")
    True
    """
    m = naive["months"]
    group, work = f"art60.naive_{m:g}", f"art60.naive_{m:g}.work"
    table = pd.DataFrame({"n": [naive["n_ever"], naive["n_never"]], "events": [naive["events_ever"], naive["events_never"]],
                          "pct": [naive["pct_ever"], naive["pct_never"]]}, index=["ever", "never"])
    released = release_table(table, "naive", rows={"ever": {group: "ever"}, "never": {group: "never"}},
                             counts={"n": {}, "events": {work: YES}}, shares={"pct": ("events", "n")}, decimals={"pct": 0},
                             domains={group: ["ever", "never", NO], work: YES_NO}, title="naive",
                             policy=Policy(min_cell_size=min_cell_size), language=language)
    ever = _pct_text(released.value("ever", "pct"), language)
    never = _pct_text(released.value("never", "pct"), language)
    balance = np.nan
    if isinstance(result, pd.DataFrame) and "max_abs_smd_after" in result and result["max_abs_smd_after"].notna().any():
        balance = float(result["max_abs_smd_after"].max())
    return _t("landmark.method", language, naive_ever=ever, naive_never=never, months=m,
              landmarks=_listed(landmarks, language), n_boot=n_boot, min_count=min_count,
              smd=formats.number(balance, 2, language) if np.isfinite(balance) else _DASH)


@degrades
def landmark_reading(result: pd.DataFrame, landmark: float, horizon: float, outcome: str = "regular_job",
                     language: str = "nl", min_cell_size: int = 10, released=None) -> str:
    """One sentence on the adjusted difference at one landmark and horizon, with the decimals of the table.

    Examples
    --------
    >>> res = pd.DataFrame({"landmark_months": [12], "horizon_months": [12], "outcome": ["regular_job"],
    ...                     "n_art60": [257], "n_other": [1001], "difference": [19.5], "ci_lower": [12.1],
    ...                     "ci_upper": [26.9]})
    >>> landmark_reading(res, 12, 12, language="en")[:70]
    'At the 12-month landmark the art. 60 group had a regular job 12 months'
    """
    r = result[(result["landmark_months"] == landmark) & (result["horizon_months"] == horizon)
               & (result["outcome"] == outcome)]
    if r.empty:
        return ""
    r = r.iloc[0]
    if min(r["n_art60"], r["n_other"]) < min_cell_size or not np.isfinite(r["difference"]):
        return ""
    if released is not None and "x" in set(released.table.iloc[:, -1].astype(str)):
        return ""  # a difference of the table is hidden: the sentence names none
    key = ("landmark.reading" if r["ci_lower"] > 0 else "landmark.reading_less" if r["ci_upper"] < 0
           else "landmark.reading_unclear")
    return _t(key, language, landmark=landmark, horizon=horizon, difference=_signed(r["difference"], 1, language),
              ci=formats.interval(r["ci_lower"], r["ci_upper"], 1, language))


def definitions_text(facts_: dict, programme: str, which: str, durable_definitions: Sequence[str | outcomes.DurableJob],
                     landmarks: Sequence[float], horizons: Sequence[float], min_cell_size: int = 10,
                     language: str = "nl") -> str:
    """The definitions section of the report, filled in with the study's parameters (in plain words;
    how each indicator is estimated is in :func:`method_text`).

    Examples
    --------
    >>> from evalkit.publish import sdc
    >>> from evalkit.studies.art60 import examples
    >>> registry, cohort, jobs, after = examples.bundled()
    >>> text = definitions_text(facts(registry, cohort, jobs, after), "COB", "first", ["spell_365"], [12, 18],
    ...                         [12, 24], language="en")
    >>> text.startswith("- **Cohort**: all intakes of the programme COB")
    True
    >>> sdc.reset()
    """
    durable = "; ".join(_described(d, language) for d in durable_definitions)
    values = {k: v for k, v in facts_.items() if k not in ("programme",)}
    values.update(programme=programme, which=_t(f"which.{which}", language), durable=durable,
                  landmarks=_listed(landmarks, language), horizons=_listed(horizons, language),
                  min_cell_size=min_cell_size)
    return _t("definitions", language, **values)


def method_text(max_gap_days: int, n_boot: int, seed: int, language: str = "nl") -> str:
    """The methods of the study for the technical appendix: how each indicator is estimated.

    Examples
    --------
    >>> "Aalen-Johansen" in method_text(31, 200, 1, "en")
    True
    """
    return _t("method", language, max_gap_days=max_gap_days, decided=max_gap_days + 1, n_boot=n_boot, seed=seed)


def _described(definition: str | outcomes.DurableJob, language: str) -> str:
    """A durable-job definition in words: ``*name*: what it requires``."""
    d = outcomes.durable_definition(definition)
    return f"*{_t('definition.' + d.name, language)}*: {d.describe(language)}"


def listed(numbers: Sequence[float], language: str = "nl") -> str:
    """Numbers (of months) as a list in words, as the language writes them: ``3, 6, 12 en 24``.

    Examples
    --------
    >>> listed([12, 18], "nl"), listed([1.5, 3], "nl"), listed([3, 6, 12, 24], "en"), listed([12])
    ('12 en 18', '1,5 en 3', '3, 6, 12 and 24', '12')
    """
    words = [formats.field(m, "", language) for m in numbers]
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} {_t('and', language)} {words[-1]}"


_listed = listed
