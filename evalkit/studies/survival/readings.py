"""The sentences of the survival report: facts for the data paragraph, the outcome in words, and one
reading per result (the share with a job, the months without one, proportional hazards, snapshots).

Each sentence is a text of ``texts/<language>.yaml`` with its numbers filled in; counts below
``min_cell_size`` are shown as ``"<10"``.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from evalkit import outcomes
from evalkit.errors import NotEstimable
from evalkit.publish import disclosure
from evalkit.publish.degrade import degrades
from evalkit.stats import survival
from evalkit.studies.survival.analysis import REFERENCE, CoxStudy, _order, months, number_at_risk
from evalkit.studies.survival.formatting import _DASH, _Words, _count, _num, _t, trajectory_label, variable_label
from evalkit.studies.survival.tables import _visible_until


def cohort_facts(registry, jobs: pd.DataFrame, data: pd.DataFrame, min_cell_size: int = 10) -> dict:
    """Facts for the data paragraph (counts below ``min_cell_size`` as ``"<10"``)."""
    from pathlib import Path

    path = getattr(registry, "path", None)
    return {
        "source": Path(path).name if path is not None else "?",
        "n_intakes": _count(len(jobs), min_cell_size),
        "first_intake": jobs["intake_date"].min().date().isoformat() if len(jobs) else _DASH,
        "last_intake": jobs["intake_date"].max().date().isoformat() if len(jobs) else _DASH,
        "censor_date": pd.Timestamp(jobs["censor_date"].iloc[0]).date().isoformat() if len(jobs) else _DASH,
        "n_events": _count(data["event"].sum(), min_cell_size),
        "n_left_registers": _count(jobs["left_registers"].sum(), min_cell_size),
        "n_employed_at_intake": _count(jobs["employed_at_intake"].sum(), min_cell_size),
        "n_left_out": _count(data.attrs.get("n_left_out", 0), min_cell_size),
        "median_follow_up": float(np.median(months(jobs["follow_up_days"]))) if len(jobs) else float("nan"),
    }


def endpoint_label(endpoint: str, durable: str | outcomes.DurableJob, language: str = "nl") -> str:
    """The outcome in words in ``language`` (texts ``endpoint.*``), with the durable-job definition filled in."""
    definition = outcomes.durable_definition(durable).describe(language)
    return _t(f"endpoint.{endpoint}", language, definition=definition)


@degrades
def km_reading(curve: pd.DataFrame, data: pd.DataFrame, endpoint: str, at_months: float = 12,
               language: str = "nl", min_cell_size: int = 10) -> str:
    """One sentence: the share with the outcome after ``at_months``, overall and its range over
    the trajectories (only trajectories whose curve is shown at that time; not estimable when none is)."""
    kept, _ = disclosure.truncate_at_risk(curve, min_cell_size, language=language)
    shares = {}
    for group in _order("trajectory", curve["group"].unique()):
        full = curve[curve["group"] == group]
        if at_months <= _visible_until(full, kept[kept["group"] == group]):
            shares[group] = 100 * (1 - survival.survival_at(full, [at_months])["survival"].iloc[0])
    overall = survival.kaplan_meier(data, "months", "event")
    share_all = 100 * (1 - survival.survival_at(overall, [at_months])["survival"].iloc[0])
    if not shares:
        most = int(number_at_risk(data, [at_months]).to_numpy().max()) if len(data) else 0
        raise NotEstimable(f"no curve is shown at {at_months:g} months ({most} at risk at most)", "too_few_persons",
                           n=_count(most, min_cell_size), min_n=min_cell_size)
    low, high = min(shares, key=shares.get), max(shares, key=shares.get)
    return _t("km.reading", language, months=_num(at_months), share_all=share_all, endpoint=endpoint,
              low=shares[low], low_group=trajectory_label(low, language),
              high=shares[high], high_group=trajectory_label(high, language))


@degrades
def rmst_reading(data: pd.DataFrame, horizon_months: float, language: str = "nl") -> str:
    """One sentence on the months without a job in the reference trajectory and the differences."""
    per = survival.rmst(data, "months", "event", horizon=horizon_months, by="trajectory").set_index("group")
    ref = REFERENCE["trajectory"]
    if ref not in per.index or len(per) < 2:
        return ""
    diff = per["rmst"].drop(index=ref) - per.loc[ref, "rmst"]
    return _t("rmst.reading", language, horizon=_num(horizon_months), reference=per.loc[ref, "rmst"],
              low=diff.min(), high=diff.max())


@degrades
def ph_reading(study: CoxStudy, language: str = "nl") -> str:
    """What the proportional-hazards test found and what the report does about it."""
    if not study.violated:
        return _t("ph.ok", language, alpha=study.alpha)
    # the text decides how the names are written in the sentence ({terms} or {terms:lower})
    terms = _Words(", ".join(variable_label(t, language) for t in study.violated))
    text = _t("ph.violated", language, alpha=study.alpha, terms=terms)
    if study.by_period is not None:
        text += " " + _t("ph.period.follows", language, months=_num(study.cut_months))
    return text


@degrades
def snapshot_reading(comparison: dict, design: str = "yearly", at_months: float = 24,
                     language: str = "nl", min_cell_size: int = 10) -> str:
    """One sentence on how far the snapshot-based curve of ``design`` lies from the episodes; not
    estimable when the episode curve is not shown at ``at_months`` (fewer than ``min_cell_size`` at risk)."""
    km = comparison["episodes"]
    kept, _ = disclosure.truncate_at_risk(km, min_cell_size, language=language)
    if at_months > _visible_until(km, kept):
        later = km.loc[km["time"] >= at_months, "n_at_risk"]
        most = int(later.max()) if len(later) else 0
        raise NotEstimable(f"the episode curve is not shown at {at_months:g} months ({most} at risk)",
                           "too_few_persons", n=_count(most, min_cell_size), min_n=min_cell_size)
    t = comparison["table"]
    row = t[(t["design"] == design) & (t["months"] == at_months)]
    if row.empty:
        return ""
    r = row.iloc[0]
    return _t("snapshot.reading", language, months=_num(at_months), design=_t(f"design_word.{design}", language),
              difference=r["episodes"] - r["turnbull"], naive=r["episodes"] - r["right_point"])
