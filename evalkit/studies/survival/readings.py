"""The sentences of the survival report: facts for the data paragraph, the outcome in words, and one
reading per result (the share with a job, the months without one, proportional hazards, snapshots).

Each sentence is a text of ``texts/<language>.yaml`` with its numbers filled in; counts below
``min_cell_size`` come from released tables (a hidden one leaves its number out).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from evalkit import outcomes
from evalkit.errors import NotEstimable
from evalkit.publish import sdc
from evalkit.publish.degrade import degrades
from evalkit.stats import survival
from evalkit.studies.survival import vocabulary
from evalkit.studies.survival.analysis import REFERENCE, CoxStudy, months
from evalkit.studies.survival.formatting import _DASH, _t, trajectory_label, variables_text
from evalkit.studies.survival.vocabulary import _num as _key


def cohort_facts(registry, jobs: pd.DataFrame, data: pd.DataFrame, min_cell_size: int = 10,
                 language: str = "nl") -> dict:
    """Facts for the data paragraph; its counts are released as the table ``facts`` (a hidden count is ``None``).

    Dates are dates (a text writes them in words); ``synthetic`` says whether the registry is the
    bundled synthetic one, ``extraction_date`` is the registry's "as of" date."""
    from evalkit.registry import is_synthetic

    endpoint = data.attrs.get("endpoint", "any_job")
    table = pd.DataFrame({"n": [len(jobs), int(data["event"].sum()), int(jobs["left_registers"].sum()),
                                int(jobs["employed_at_intake"].sum()), int((~data["in_model"]).sum())]},
                         index=["n_intakes", "n_events", "n_left_registers", "n_employed_at_intake", "n_left_out"])
    rows = {"n_intakes": {}, "n_events": vocabulary.event_condition(endpoint),
            "n_left_registers": {"survival.left_registers": sdc.YES},
            "n_employed_at_intake": {"survival.employed_at_intake": sdc.YES},
            "n_left_out": {vocabulary.ANALYSED: sdc.NO}}
    released = vocabulary.release(table, "facts", rows=rows, counts={"n": {}}, domains=vocabulary.domains(data),
                                  title="data", min_cell_size=min_cell_size, language=language)
    facts = {key: released.value(key, "n") for key in table.index}
    extraction = getattr(registry, "extraction_date", None)
    facts.update({
        "synthetic": is_synthetic(registry),
        "extraction_date": pd.Timestamp(extraction).date() if extraction is not None else _DASH,
        "first_intake": jobs["intake_date"].min().date() if len(jobs) else _DASH,
        "last_intake": jobs["intake_date"].max().date() if len(jobs) else _DASH,
        "censor_date": pd.Timestamp(jobs["censor_date"].iloc[0]).date() if len(jobs) else _DASH,
        "median_follow_up": float(np.median(months(jobs["follow_up_days"]))) if len(jobs) else float("nan"),
    })
    return facts


def source_text(facts: dict, language: str = "nl") -> str:
    """The data's source in words: the bundled synthetic registry, or a registry by its extraction
    date (never a folder name)."""
    if facts.get("synthetic"):
        return _t("source.synthetic", language)
    return _t("source.registry", language, extraction_date=facts.get("extraction_date", _DASH))


def data_text(facts: dict, programme: str, endpoint: str, language: str = "nl") -> str:
    """The data paragraph: a sentence with each released count, none for a hidden one."""
    values = {**facts, "programme": programme, "endpoint": endpoint, "source": source_text(facts, language)}
    parts = [_t("data" if facts.get("n_intakes") is not None else "data.no_n", language, **values)]
    if facts.get("n_events") is not None:
        parts.append(_t("data.events", language, **values))
    parts.append(_t("data.left_registers" if facts.get("n_left_registers") is not None
                    else "data.left_registers.no_n", language, **values))
    if facts.get("n_employed_at_intake") is not None:
        parts.append(_t("data.employed", language, **values))
    return " ".join(parts)


def left_out_text(facts: dict, language: str = "nl", min_cell_size: int = 10) -> str:
    """The sentence on the persons the models leave out (without the number when it is hidden)."""
    n = facts.get("n_left_out")
    if n is None:
        return _t("cox.left_out.no_n", language, min_cell_size=min_cell_size)
    return _t("cox.left_out", language, n_left_out=n, min_cell_size=min_cell_size)


def adjusted_text(covariates, language: str = "nl") -> str:
    """The sentence naming, by their headings, the characteristics the models hold equal.

    Examples
    --------
    >>> adjusted_text(["sex", "nt2_group"], "en")
    'The comparison takes into account the trajectory and these characteristics: Sex and Dutch level (NT2) at intake.'
    >>> adjusted_text(["sex", "nt2_group"], "nl")
    'De vergelijking houdt rekening met het traject en met deze kenmerken: geslacht en taalniveau NT2 bij intake.'
    """
    return _t("cox.adjusted", language, covariates=variables_text(list(covariates), language))


def endpoint_label(endpoint: str, durable: str | outcomes.DurableJob, language: str = "nl") -> str:
    """The outcome in words in ``language`` (texts ``endpoint.*``), with the durable-job definition filled in."""
    definition = outcomes.durable_definition(durable).describe(language)
    return _t(f"endpoint.{endpoint}", language, definition=definition)


def _released(table):
    return table.attrs.get("released") if isinstance(table, pd.DataFrame) else None


@degrades
def km_reading(shares: pd.DataFrame, endpoint: str, at_months: float = 12, language: str = "nl") -> str:
    """One sentence: the share with the outcome after ``at_months``, overall and its range over the
    trajectories, read from the released share table (``shares``: the table of
    :func:`~evalkit.studies.survival.tables.share_table`); hidden values and curves not shown are left out."""
    released = _released(shares)
    column = f"s{at_months}"
    if released is None or column not in released.columns:
        return ""

    def value(row):
        v = released.at[row, column] if row in released.index else None
        return None if v is None or vocabulary.hidden(v) or not np.isfinite(v) else float(v)

    share_all = value("all")
    groups = {g: value(g) for g in released.index if g != "all"}
    groups = {g: v for g, v in groups.items() if v is not None}
    if share_all is None and not groups:
        raise NotEstimable(f"no curve is shown at {at_months:g} months", "too_few_persons", n=sdc.MARKER,
                           min_n=10)
    parts = []
    if share_all is not None:
        parts.append(_t("km.reading.overall", language, months=at_months, share_all=share_all, endpoint=endpoint))
    if len(groups) >= 2:
        low, high = min(groups, key=groups.get), max(groups, key=groups.get)
        parts.append(_t("km.reading.groups", language, months=at_months, endpoint=endpoint,
                        low=groups[low], low_group=trajectory_label(low, language),
                        high=groups[high], high_group=trajectory_label(high, language)))
    return " ".join(parts)


@degrades
def rmst_reading(table: pd.DataFrame, horizon_months: float, language: str = "nl") -> str:
    """One sentence on the months without a job in the reference trajectory and the differences, read
    from the released table of :func:`~evalkit.studies.survival.tables.rmst_table` (nothing when hidden)."""
    released = _released(table)
    ref = REFERENCE["trajectory"]
    if released is None or ref not in released.index or vocabulary.hidden(released.at[ref, "rmst"]):
        return ""
    diffs = [float(v) for g, v in released["difference"].items()
             if g != ref and not vocabulary.hidden(v)]
    if not diffs:
        return ""
    return _t("rmst.reading", language, horizon=horizon_months, reference=float(released.at[ref, "rmst"]),
              low=min(diffs), high=max(diffs))


@degrades
def ph_reading(study: CoxStudy, language: str = "nl") -> str:
    """What the proportional-hazards test found and what the report does about it."""
    if not study.violated:
        return _t("ph.ok", language, alpha=study.alpha)
    # the text decides how the names are written in the sentence ({terms} or {terms:lower})
    terms = variables_text(study.violated, language)
    text = _t("ph.violated", language, alpha=study.alpha, terms=terms)
    if study.by_period is not None:
        text += " " + _t("ph.period.follows", language, months=study.cut_months)
    return text


@degrades
def snapshot_reading(table: pd.DataFrame, design: str = "yearly", at_months: float = 24,
                     language: str = "nl", min_cell_size: int = 10) -> str:
    """One sentence on how far the snapshot-based curve of ``design`` lies from the episodes, read from
    the released table of :func:`~evalkit.studies.survival.tables.snapshot_table`; not estimable when
    the episode curve is not shown at ``at_months``, nothing when the values are hidden."""
    released = _released(table)
    label = f"{design}@{_key(at_months)}"
    if released is None or label not in released.index:
        raise NotEstimable(f"the episode curve is not shown at {at_months:g} months", "too_few_persons",
                           n=sdc.MARKER, min_n=min_cell_size)
    r = released.loc[label]
    if vocabulary.hidden(r["episodes"]) or vocabulary.hidden(r["turnbull"]):
        return ""
    difference = float(r["episodes"]) - float(r["turnbull"])
    if difference <= 0:  # the snapshots show as many first jobs (or more): no under-count to read
        return _t("snapshot.reading.other", language, months=at_months, design=_t(f"design_word.{design}", language),
                  spells=float(r["episodes"]), snapshots=float(r["turnbull"]))
    return _t("snapshot.reading", language, months=at_months, design=_t(f"design_word.{design}", language),
              difference=difference, naive=float(r["episodes"]) - float(r["right_point"]))


@degrades
def differ_reading(data: pd.DataFrame, language: str = "nl", alpha: float = 0.05) -> str:
    """In plain words, whether the trajectories differ in how fast clients find a job (the log-rank
    test over all trajectories, shown in the appendix), and that this does not say why."""
    groups = data["trajectory"].dropna().unique()
    if len(groups) < 2:
        return ""
    p = float(survival.logrank(data, "months", "event", by="trajectory").iloc[0]["p_value"])
    return _t("km.differ" if p < alpha else "km.no_difference", language)


@degrades
def changes_reading(study: CoxStudy, language: str = "nl") -> str:
    """In plain words, for the characteristics whose difference changes over follow-up (proportional
    hazards violated): that the figure gives an average, and where the appendix shows more."""
    if not study.violated:
        return ""
    return _t("cox.changes", language, terms=variables_text(study.violated, language), months=study.cut_months)
