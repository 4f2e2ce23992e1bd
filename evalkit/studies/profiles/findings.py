"""Key findings of the profile report: the sentences a steering committee reads first.

:func:`key_findings` fills a :class:`evalkit.publish.findings.KeyFindings` from the tables the report
shows (never typed in): the characteristics with the strongest association with a first job (adjusted
hazard ratios with their interval, from the released estimates table), the share with a first job
within 12 months in the groups of the strongest one (from the released table of who is in the
analysis), and the characteristic with the largest adjusted difference in the share at work on the
snapshot date (percentage points with their interval). Each number is a cell of a released table
(:func:`evalkit.publish.findings.cell`), written with the decimals that table shows; a hidden cell
leaves its finding out. Then the caveats: association is not causation, the follow-up, and the
synthetic data.
"""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np
import pandas as pd

from evalkit import formats
from evalkit.publish import findings as key
from evalkit.publish.degrade import is_unavailable
from evalkit.studies.profiles import release as rel
from evalkit.studies.profiles.frames import PROFILE_VARIABLES
from evalkit.studies.profiles.labels import _t, category_label, in_sentence, variable_label
from evalkit.studies.profiles.models import ProfileModel
from evalkit.studies.profiles.tables import DECIMALS, _estimate_key, released_description, released_estimates
from evalkit.texts import check_language

#: How many characteristics the findings name for the first job (the strongest ones, one category each).
STRONGEST = 2


def heading(key_: str, language: str = "nl") -> str:
    """The heading of a report section as the report shows it (without the ``#`` marks).

    Examples
    --------
    >>> heading("first_job.heading", "en")
    'Time to the first job'
    """
    return _t(key_, check_language(language)).lstrip("#").strip()


def cell(released, row: str, column: str, language: str = "nl") -> key.Cell | None:
    """A cell of a released table for a finding, named by the table that holds it (the part of a
    combined table, so that its output is the CSV the run writes); ``None`` where it is hidden."""
    part = released.part(row) if isinstance(released, rel.Combined) else released
    return key.cell(part, row, column, language=language)


def strongest(model: ProfileModel, released, statistic: str, count: int = STRONGEST,
              variables: Sequence[str] | None = None) -> list[tuple[str, Any, Any]]:
    """The characteristics whose adjusted estimate (``statistic`` of the released estimates table:
    ``hr_adjusted`` or ``ame_adjusted``) is furthest from no difference, one category each, strongest
    first: ``(variable, category, reference)``. A category whose estimate is hidden is not considered;
    one whose interval leaves out no difference goes before one whose interval holds it.

    Examples
    --------
    >>> from lifelines.datasets import load_rossi
    >>> from evalkit.publish import sdc
    >>> from evalkit.studies.profiles import first_job_model
    >>> df = load_rossi().assign(fin=lambda d: d["fin"].map({0: "no", 1: "yes"}),
    ...                          wexp=lambda d: d["wexp"].map({0: "no", 1: "yes"}))
    >>> m = first_job_model(df, "week", "arrest", ["fin", "wexp"], within=None, reference={"fin": "no", "wexp": "no"})
    >>> strongest(m, released_estimates(m), "hr_adjusted")
    [('wexp', 'yes', 'no'), ('fin', 'yes', 'no')]
    >>> sdc.reset()
    """
    ratio = statistic.startswith(("hr", "or"))
    null = 1.0 if ratio else 0.0
    est = model.estimates[model.estimates["model"] == "adjusted"]
    allowed = set(variables) if variables is not None else None
    best: dict[str, tuple[tuple[bool, float], Any, Any]] = {}
    for variable in dict.fromkeys(est["variable"]):
        if variable in model._adjusted.spec.numeric or (allowed is not None and variable not in allowed):
            continue
        rows = est[est["variable"] == variable]
        reference = rows.loc[rows["reference"], "category"].iloc[0]
        for category in rows.loc[~rows["reference"], "category"]:
            row = _estimate_key(variable, category, False)
            values = [released.value(row, c) for c in (statistic, f"{statistic}_lower", f"{statistic}_upper")]
            if any(v is None or not np.isfinite(float(v)) for v in values):
                continue
            value, lower, upper = map(float, values)
            size = abs(np.log(value)) if ratio else abs(value)
            clear = lower > null or upper < null
            if variable not in best or (clear, size) > best[variable][0]:
                best[variable] = ((clear, size), category, reference)
    ranked = sorted(best.items(), key=lambda item: item[1][0], reverse=True)
    return [(variable, category, reference) for variable, (_, category, reference) in ranked[:count]]


def _labels(variable: str, category: Any, reference: Any, language: str) -> tuple[dict[str, str], list[str]]:
    """The labels a finding names (the characteristic in lower case, the category and its reference)
    and the numbers they hold (an age group, a Dutch level): numbers of the question, not of the data."""
    values = {"variable": in_sentence(variable_label(variable, language)),
              "category": category_label(variable, category, language),
              "reference": category_label(variable, reference, language)}
    return values, [n for v in values.values() for n in key.numbers_in(v)]


def _first_job_share(findings: key.KeyFindings, description, variable: str, category: Any, reference: Any,
                     horizon_months: int, language: str) -> bool:
    """The share with a first job within the horizon, in a category and in its reference."""
    share = cell(description, f"{variable}={category}", "pct_job_12m", language)
    share_reference = cell(description, f"{variable}={reference}", "pct_job_12m", language)
    if share is None or share_reference is None:
        return False
    names, numbers = _labels(variable, category, reference, language)
    sentence = _t("finding.first_job_share", language, months=horizon_months, pct=share,
                  pct_reference=share_reference, **names)
    return findings.add(sentence, section=heading("description.heading", language), cells=[share, share_reference],
                        given=[str(horizon_months), *numbers])


def _pace(findings: key.KeyFindings, estimates, variable: str, category: Any, reference: Any,
          language: str, level: int) -> bool:
    """The adjusted hazard ratio of a category, with its interval."""
    row = _estimate_key(variable, category, False)
    hr, lower, upper = (cell(estimates, row, c, language) for c in ("hr_adjusted", "hr_adjusted_lower",
                                                                     "hr_adjusted_upper"))
    if hr is None or lower is None or upper is None:
        return False
    names, numbers = _labels(variable, category, reference, language)
    direction = "slower" if float(hr) < 1 else "faster"
    sentence = _t(f"finding.first_job_{direction}", language, hr=hr, lower=lower, upper=upper, level=level, **names)
    return findings.add(sentence, section=heading("first_job.heading", language), cells=[hr, lower, upper],
                        given=[str(level), *numbers])


def _status(findings: key.KeyFindings, estimates, variable: str, category: Any, reference: Any,
            snapshot_date, language: str, level: int) -> bool:
    """The adjusted difference in the share at work on the snapshot date, with its interval."""
    row = _estimate_key(variable, category, False)
    ame, lower, upper = (cell(estimates, row, c, language) for c in ("ame_adjusted", "ame_adjusted_lower",
                                                                      "ame_adjusted_upper"))
    if ame is None or lower is None or upper is None:
        return False
    names, numbers = _labels(variable, category, reference, language)
    direction = "lower" if float(ame) < 0 else "higher"
    sentence = _t(f"finding.status_{direction}", language, snapshot_date=snapshot_date, ame=ame, lower=lower,
                  upper=upper, level=level, **names)
    day = key.numbers_in(formats.date(snapshot_date, language))
    return findings.add(sentence, section=heading("status.heading", language), cells=[ame, lower, upper],
                        given=[*day, str(level), *numbers])


def key_findings(findings: key.KeyFindings, status: ProfileModel, first_job: ProfileModel, analysis: pd.DataFrame,
                 *, language: str = "nl", min_cell_size: int = 10, units: rel.Units | None = None,
                 snapshot_date: Any = "2020-03-31", registry=None, synthetic: bool = False,
                 horizon: float = 365, covariates: Sequence[str] = PROFILE_VARIABLES) -> key.KeyFindings:
    """Fill ``findings`` with the key findings and caveats of the profile report, from the tables it
    shows (call it once every table is released, before ``findings.show()``).

    Findings, each left out where a model could not be estimated or a cell is hidden:

    1. the share with a first job within ``horizon`` days in the category of the characteristic most
       strongly associated with a first job, and in its reference (table of who is in the analysis);
    2. the adjusted hazard ratio of the :data:`STRONGEST` characteristics most strongly associated
       with a first job, with the 95 % interval (estimates of the time to the first job);
    3. the largest adjusted difference in the share at work on ``snapshot_date``, in percentage
       points with the 95 % interval (estimates of the status on the snapshot date).

    Caveats: association is not causation; the follow-up (until the extraction date of ``registry``);
    the synthetic data (``synthetic``), or else that the trajectories were not assigned at random.

    ``analysis``, ``min_cell_size`` and ``units`` are those the report's tables were released with
    (the same release is read, not a new one). Returns ``findings``.
    """
    check_language(language)
    level = 95
    months = int(round(horizon / 365 * 12))
    if not is_unavailable(first_job):
        estimates = released_estimates(first_job, min_cell_size, units, language)
        top = strongest(first_job, estimates, "hr_adjusted", STRONGEST, covariates)
        if top and not is_unavailable(analysis):
            description = released_description(analysis, tuple(covariates), min_cell_size, horizon=horizon,
                                               units=units, language=language)
            _first_job_share(findings, description, *top[0], months, language)
        for variable, category, reference in top:
            _pace(findings, estimates, variable, category, reference, language, level)
    if not is_unavailable(status):
        estimates = released_estimates(status, min_cell_size, units, language)
        for variable, category, reference in strongest(status, estimates, "ame_adjusted", 1, covariates):
            _status(findings, estimates, variable, category, reference, snapshot_date, language, level)
    findings.caveat(_t("caveat.confounding", language))
    dates = getattr(registry, "extraction_dates", {}) or {}
    if dates:
        findings.caveat(_t("caveat.follow_up", language, extraction_date=max(dates.values()).date()))
    findings.caveat(_t("caveat.synthetic" if synthetic else "caveat.trajectories", language))
    return findings


__all__ = ["key_findings", "strongest", "cell", "heading", "DECIMALS"]
