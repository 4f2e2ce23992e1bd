"""Who each published number of the survival study counts: the study's variables for disclosure control.

Every table goes through :func:`evalkit.publish.sdc.release_table` with conditions in the shared
vocabulary of :mod:`evalkit.publish.sdc.variables` (unit ``"persons"``: the programme cohort, one row
per intake of :func:`evalkit.outcomes.cohort`). The study's own variables cover the whole cohort:

- ``survival.analysed``: ``ja`` for the persons the models use (``in_model``), ``nee`` for those left out;
- ``survival.first_job_kind``: the kind of the first job during follow-up (``art60``, ``nec``,
  ``other``) or ``none``; for the outcome ``any_job`` an event is one of the three kinds;
- ``survival.<endpoint>``: ``ja``/``nee``, the outcome reached during follow-up (other outcomes);
- ``survival.first_job_by_<m>m``: the kind of the first job (``art60``, ``nec``, ``other``) when it
  started within ``m`` months of intake, ``nee`` otherwise (also when follow-up ended earlier); for
  another outcome ``survival.<endpoint>_by_<m>m``, ``ja``/``nee``. A share read off a curve at ``m`` months is
  declared as a share of the whole group, the conservative reading; ``..._by_<m>m_cohort`` is the same
  for the curve of the whole cohort, a variable of its own because Kaplan-Meier shares of groups do
  not add up to the share of the whole cohort when follow-up ends early (one variable would make the
  published shares contradict each other);
- ``survival.left_registers``, ``survival.employed_at_intake``: ``ja``/``nee``.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from evalkit.publish import sdc

KIND_VARIABLE = "survival.first_job_kind"
#: Cause code of :func:`evalkit.outcomes.competing_causes` -> value of :data:`KIND_VARIABLE`.
KIND_CODES = {0: "none", 1: "art60", 2: "nec", 3: "other"}
ANALYSED = "survival.analysed"


def _num(value: float) -> str:
    return f"{value:g}"


def event_variable(endpoint: str) -> str:
    """The variable whose values :func:`event_condition` names."""
    return KIND_VARIABLE if endpoint == "any_job" else f"survival.{endpoint}"


def event_condition(endpoint: str) -> dict[str, list[str]]:
    """Conditions of the persons who reached ``endpoint`` during follow-up.

    Examples
    --------
    >>> event_condition("any_job")
    {'survival.first_job_kind': ['art60', 'nec', 'other']}
    >>> event_condition("nec")
    {'survival.nec': ['ja']}
    """
    if endpoint == "any_job":
        return {KIND_VARIABLE: ["art60", "nec", "other"]}
    return {f"survival.{endpoint}": [sdc.YES]}


def no_event_condition(endpoint: str) -> dict[str, list[str]]:
    """Conditions of the persons who did not reach ``endpoint`` during follow-up."""
    if endpoint == "any_job":
        return {KIND_VARIABLE: ["none"]}
    return {f"survival.{endpoint}": [sdc.NO]}


def by_variable(endpoint: str, at_months: float, cohort: bool = False) -> str:
    """The variable of the outcome reached within ``at_months``: ``survival.first_job_by_12m`` (the kind
    of the first job when it started within 12 months, else ``nee``) for ``any_job``, otherwise
    ``survival.<endpoint>_by_12m`` (``ja``/``nee``); ``cohort=True``: the one read off the curve of the
    whole cohort (``..._cohort``)."""
    stem = "first_job" if endpoint == "any_job" else endpoint
    return f"survival.{stem}_by_{_num(at_months)}m" + ("_cohort" if cohort else "")


def by_values(endpoint: str) -> list[str]:
    return [*KIND_CODES.values()][1:] + [sdc.NO] if endpoint == "any_job" else list(sdc.YES_NO)


def by_condition(endpoint: str, at_months: float, cohort: bool = False, kind: str | None = None) -> dict:
    """Conditions of the persons who reached the outcome within ``at_months`` (with a first job of
    ``kind``, for ``any_job``).

    Examples
    --------
    >>> by_condition("any_job", 12, kind="nec")
    {'survival.first_job_by_12m': ['nec']}
    >>> by_condition("durable", 6)
    {'survival.durable_by_6m': ['ja']}
    """
    variable = by_variable(endpoint, at_months, cohort)
    if endpoint == "any_job":
        return {variable: [kind] if kind else by_values(endpoint)[:-1]}
    return {variable: [sdc.YES]}


def domains(data: pd.DataFrame, endpoint: str | None = None, months: Iterable[float] = ()) -> dict[str, list[str]]:
    """Domains of the variables a table of ``data`` (the whole cohort, from ``analysis_frame``) uses."""
    endpoint = endpoint or data.attrs.get("endpoint", "any_job")
    out: dict[str, list[str]] = dict(sdc.cohort_domains(data))
    out[ANALYSED] = list(sdc.YES_NO)
    out[KIND_VARIABLE] = list(KIND_CODES.values())
    if endpoint != "any_job":
        out[event_variable(endpoint)] = list(sdc.YES_NO)
    for m in months:
        out[by_variable(endpoint, m)] = by_values(endpoint)
        out[by_variable(endpoint, m, cohort=True)] = by_values(endpoint)
    out["survival.left_registers"] = list(sdc.YES_NO)
    out["survival.employed_at_intake"] = list(sdc.YES_NO)
    return out


def category_rows(variable: str, codes: Sequence, **extra) -> dict:
    """Row label (the code) -> conditions, for one row per category of ``variable``."""
    return {code: {variable: sdc.as_codes([code]).iloc[0], **extra} for code in codes}


def release(table: pd.DataFrame, output: str, *, rows: Mapping, counts: Mapping, domains: Mapping,
            min_cell_size: int, language: str, title: str = "", shares: Mapping | None = None,
            hide_with: Mapping | None = None, decimals: Mapping | int = 1, small_only: bool = False) -> sdc.Released:
    """:func:`evalkit.publish.sdc.release_table` with the study's policy (threshold ``min_cell_size``);
    the engine protects the table together with the tables the report released before it.

    ``small_only``: a statistic of ``hide_with`` (a hazard ratio) is hidden where one of its counts is
    small (a statistic of a small group), not where a count is hidden only so that another cannot be
    derived: an estimate for a group of many persons discloses none of them. Such a statistic is
    replaced by the marker before the table is released, so that what is written beside the report
    is what it shows."""
    policy = sdc.Policy(min_cell_size=min_cell_size)
    if small_only and hide_with:
        table = table.copy()
        for column, sources in hide_with.items():
            small = [any(policy.is_small(table.at[row, s]) for s in sources) for row in table.index]
            if any(small):
                table[column] = table[column].astype(object)
                table.loc[small, column] = sdc.MARKER
        hide_with = None
    released = sdc.release_table(table, output, rows=rows, counts=counts, shares=shares, domains=domains,
                                 decimals=decimals, hide_with=hide_with, title=title, policy=policy,
                                 language=language)
    for column in table.columns:  # the statistics hidden before the release count as hidden cells
        for row in table.index:
            if hidden(table.at[row, column]):
                released.hidden.add((row, column))
    return released


def hidden(value) -> bool:
    """Whether a released cell shows the marker."""
    return isinstance(value, str) and value == sdc.MARKER
