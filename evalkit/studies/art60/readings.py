"""The words of the art. 60 report that depend on the results: the numbers its text quotes
(:func:`facts`), one sentence of reading per table or figure, the introductions that list the
definitions used and the definitions section.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from evalkit import outcomes
from evalkit.publish.degrade import degrades
from evalkit.stats import survival
from evalkit.stats import transitions as tr
from evalkit.studies.art60.analysis import AfterArt60, _at, _days, months
from evalkit.studies.art60.categories import _UNKNOWN, _t, label
from evalkit.studies.art60.cells import _DASH, _count, _share_text


def facts(registry, cohort: pd.DataFrame, jobs: pd.DataFrame, after: AfterArt60, min_cell_size: int = 10) -> dict:
    """Numbers the report's text needs (no row-level data; counts below the threshold as ``<10``).

    Examples
    --------
    >>> from evalkit.studies.art60 import examples
    >>> registry, cohort, jobs, after = examples.bundled()
    >>> facts(registry, cohort, jobs, after)["n_with_art60"]
    1044
    """
    from pathlib import Path

    dates = getattr(registry, "extraction_dates", {}) or {}
    path = getattr(registry, "path", None)
    followed = after.followed
    return {
        "source": Path(path).name if path is not None else "?",
        "extraction_date": max(dates.values()).date().isoformat() if dates else "?",
        "censor_date": pd.to_datetime(cohort["censor_date"]).max().date().isoformat() if len(cohort) else "-",
        "first_intake": cohort["intake_date"].min().date().isoformat() if len(cohort) else "-",
        "last_intake": cohort["intake_date"].max().date().isoformat() if len(cohort) else "-",
        "n_intakes": _count(len(cohort), min_cell_size),
        "n_with_art60": _count(int(jobs["art60"].sum()), min_cell_size),
        "pct_with_art60": 100 * jobs["art60"].mean() if len(jobs) else float("nan"),
        # for the text: a dash where the share would reveal fewer than min_cell_size with or without one
        "share_with_art60": _share_text(100 * jobs["art60"].mean() if len(jobs) else float("nan"),
                                        int(jobs["art60"].sum()), len(jobs), min_cell_size),
        "n_spells": _count(len(after.spells), min_cell_size),
        "median_duration_months": (float(np.median(months(followed["duration_days"]))) if len(followed)
                                   else float("nan")),
        "pct_long": 100 * float((followed["duration_days"] >= 312).mean()) if len(followed) else float("nan"),
        "max_gap_days": after.max_gap_days,
        "has_nt2": bool((after.spells["nt2_improved"] != _UNKNOWN).any()),
    }


@degrades
def occupation_reading(occ: pd.DataFrame, language: str = "nl", min_cell_size: int = 10) -> str:
    """One sentence on where people are 12 and 24 months after art. 60.

    Examples
    --------
    >>> from evalkit.studies.art60 import examples, occupation
    >>> registry, cohort, jobs, after = examples.bundled()
    >>> occupation_reading(occupation(after, [12, 24]), "en")[:40]
    'Twelve months after the end of the art. '
    """
    occ = occ[occ["group"] == occ["group"].iloc[0]]

    def p(state, m):
        r = occ[(occ["state"] == state) & (np.isclose(occ["months"], m))]
        if (not len(r) or r["n_under_observation"].iloc[0] < min_cell_size
                or 0 < r["n_in_state"].iloc[0] < min_cell_size):
            return _DASH
        return f"{100 * r['probability'].iloc[0]:.0f}%"

    return _t("occupation.reading", language, work12=p("regulier_werk", 12), work24=p("regulier_werk", 24),
              ub12=p("werkloosheidsuitkering", 12), ub24=p("werkloosheidsuitkering", 24),
              ll12=p("leefloon", 12), ll24=p("leefloon", 24))


@degrades
def use_reading(start: pd.DataFrame, at_months: float = 24, language: str = "nl", min_cell_size: int = 10) -> str:
    """Which trajectory starts art. 60 most and least often within ``at_months`` months of the intake.

    Examples
    --------
    >>> from evalkit.studies.art60 import art60_start, examples
    >>> registry, cohort, jobs, after = examples.bundled()
    >>> use_reading(art60_start(jobs), 24, "en")[:60]
    'Within 24 months of the intake **71%** of the clients in the'
    """
    cif = survival.cumulative_incidence(start, "months", "cause", by="trajectory")
    cif = cif[cif["cause"] == 1]
    shares = {}
    for g in cif["group"].unique():
        part = start[start["trajectory"] == g]
        events = int(((part["cause"] == 1) & (part["months"] <= at_months)).sum())
        if (part["months"] >= at_months).sum() >= min_cell_size and events >= min_cell_size:
            shares[g] = 100 * _at(cif[cif["group"] == g], at_months, "cif")
    if len(shares) < 2:
        return ""
    high, low = max(shares, key=shares.get), min(shares, key=shares.get)
    return _t("use.reading", language, months=f"{at_months:g}", high=shares[high], low=shares[low],
              high_group=label("trajectory_short", high, language), low_group=label("trajectory_short", low, language))


@degrades
def employer_reading(after: AfterArt60, language: str = "nl", min_cell_size: int = 10) -> str:
    """The share of art. 60 jobs with a private employer (empty without art. 60 jobs: the table says why).

    Examples
    --------
    >>> from evalkit.studies.art60 import examples
    >>> registry, cohort, jobs, after = examples.bundled()
    >>> "**5%**" in employer_reading(after, "en")
    True
    """
    etype = after.all_spells["employer_type"]
    if len(etype) == 0:
        return ""
    n_private = int((etype == "private").sum())
    share = _share_text(100 * n_private / max(len(etype), 1), n_private, len(etype), min_cell_size)
    if share == _DASH:
        share = _t("fewer_than", language, min_cell_size=min_cell_size)
    return _t("employers.reading", language, pct_private=share)


@degrades
def next_reading(after: AfterArt60, language: str = "nl", min_cell_size: int = 10) -> str:
    """The three main next states in one sentence (empty when no art. 60 job was followed after its end:
    the table says why).

    Examples
    --------
    >>> from evalkit.studies.art60 import examples
    >>> registry, cohort, jobs, after = examples.bundled()
    >>> next_reading(after, "en")[:60]
    'Right after the art. 60, **39%** move into a regular job, **'
    """
    if len(after.followed) == 0:
        return ""
    ci = tr.next_state_incidence(after.next, groups=tr.STATE_GROUPS)
    decided = after.max_gap_days + 1
    n = len(after.next)

    def share(group):
        events = int((after.next["next_group"] == group).sum())
        return _share_text(100 * _at(ci[ci["state"] == group], decided, "cif"), events, n, min_cell_size)

    return _t("next.reading", language, regular=share("regulier_werk"), ub=share("werkloosheidsuitkering"),
              ll=share("leefloon"))


@degrades
def regular_reading(after: AfterArt60, cif: pd.DataFrame, language: str = "nl", min_cell_size: int = 10) -> str:
    """Share with a regular job within 12 and 24 months after art. 60.

    Examples
    --------
    >>> from evalkit.studies.art60 import examples, regular_job_incidence
    >>> registry, cohort, jobs, after = examples.bundled()
    >>> regular_reading(after, regular_job_incidence(after), "en")[:60]
    'Within 12 months after the art. 60, **45%** had had a regula'
    """
    part = cif[cif["cause"] == 1]
    data = after.regular

    def share(m):
        t = float(_days([m])[0])
        if (data["days"] >= t).sum() < min_cell_size:
            return _DASH
        events = int(((data["event"] == 1) & (data["days"] <= t)).sum())
        return _share_text(100 * _at(part, m, "cif"), events, len(data), min_cell_size)

    return _t("regular.reading", language, m12=share(12), m24=share(24))


@degrades
def differences_reading(diff: pd.DataFrame, language: str = "nl", min_cell_size: int = 10) -> str:
    """The regular job as next state by employer type, in one sentence.

    Examples
    --------
    >>> from evalkit.studies.art60 import differences, examples
    >>> registry, cohort, jobs, after = examples.bundled()
    >>> differences_reading(differences(after, ["employer_type"]), "en")[-60:]
    'l economy **27%**. The number of private employers is small.'
    """
    e = diff[diff["variable"] == "employer_type"].set_index("category")

    def share(code):
        if code not in e.index:
            return _DASH
        r = e.loc[code]
        return _share_text(r["pct_regulier_werk"], int(r["n_regulier_werk"]), int(r["n"]), min_cell_size)

    shares = {code: share(code) for code in ("private", "public", "social_economy")}
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


@degrades
def landmark_intro(naive: dict, landmarks: Sequence[float], language: str = "nl", min_cell_size: int = 10) -> str:
    """The explanation of the landmark comparison, with the naive (biased) figures.

    Examples
    --------
    >>> naive = {"months": 36, "n_ever": 900, "n_never": 700, "pct_ever": 28.0, "pct_never": 34.0,
    ...          "events_ever": 252, "events_never": 238}
    >>> "28% of those who ever had an art. 60" in landmark_intro(naive, [12, 18], "en")
    True
    """
    ever = _share_text(naive["pct_ever"], naive["events_ever"], naive["n_ever"], min_cell_size)
    never = _share_text(naive["pct_never"], naive["events_never"], naive["n_never"], min_cell_size)
    return _t("landmark.intro", language, naive_ever=ever, naive_never=never, months=f"{naive['months']:g}",
              landmarks=_listed(landmarks, language))


@degrades
def landmark_reading(result: pd.DataFrame, landmark: float, horizon: float, outcome: str = "regular_job",
                     language: str = "nl", min_cell_size: int = 10) -> str:
    """One sentence on the adjusted difference at one landmark and horizon.

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
    key = ("landmark.reading" if r["ci_lower"] > 0 else "landmark.reading_less" if r["ci_upper"] < 0
           else "landmark.reading_unclear")
    return _t(key, language, landmark=f"{landmark:g}", horizon=f"{horizon:g}", difference=f"{r['difference']:+.0f}",
              ci=f"{r['ci_lower']:+.0f} {_DASH} {r['ci_upper']:+.0f}")


def definitions_text(facts_: dict, programme: str, which: str, durable_definitions: Sequence[str | outcomes.DurableJob],
                     landmarks: Sequence[float], horizons: Sequence[float], n_boot: int, seed: int,
                     min_cell_size: int = 10, language: str = "nl") -> str:
    """The definitions section of the report, filled in with the study's parameters.

    Examples
    --------
    >>> from evalkit.studies.art60 import examples
    >>> registry, cohort, jobs, after = examples.bundled()
    >>> text = definitions_text(facts(registry, cohort, jobs, after), "COB", "first", ["spell_365"], [12, 18],
    ...                         [12, 24], 200, 1, language="en")
    >>> text.startswith("- **Cohort**: all intakes of the programme COB")
    True
    """
    durable = "; ".join(_described(d, language) for d in durable_definitions)
    values = {k: v for k, v in facts_.items() if k not in ("programme",)}
    values.update(programme=programme, which=_t(f"which.{which}", language), durable=durable, n_boot=n_boot, seed=seed,
                  landmarks=_listed(landmarks, language), horizons=_listed(horizons, language),
                  min_cell_size=min_cell_size)
    return _t("definitions", language, **values)


def _described(definition: str | outcomes.DurableJob, language: str) -> str:
    """A durable-job definition in words: ``*name*: what it requires``."""
    d = outcomes.durable_definition(definition)
    return f"*{_t('definition.' + d.name, language)}*: {d.describe(language)}"


def _listed(numbers: Sequence[float], language: str) -> str:
    """Numbers (of months) joined by the word for "and": ``12 and 18``."""
    return f" {_t('and', language)} ".join(f"{m:g}" for m in numbers)
