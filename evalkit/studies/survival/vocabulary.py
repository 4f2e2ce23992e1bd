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

import json
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pandas as pd

from evalkit.publish import sdc
import evalkit.publish.sdc.release  # noqa: F401  (report_name, PROTECT_ENV)

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


def _local_cells(table: pd.DataFrame, output: str, rows: Mapping, counts: Mapping, shares: Mapping,
                 decimals: Mapping | int) -> tuple[list[sdc.Count], list[sdc.Share]]:
    """The cells ``release_table`` will record for this table (as :func:`evalkit.publish.sdc.release_table` builds them)."""
    report = sdc.release.report_name()
    out_counts, out_shares = [], []
    for row in table.index:
        for column, extra in counts.items():
            value = table.at[row, column]
            if value is None or (isinstance(value, float) and np.isnan(value)):
                continue
            out_counts.append(sdc.Count(report, output, str(row), column, "persons",
                                        sdc.merge_conditions(rows[row], extra), int(value)))
        for column, (num, den) in shares.items():
            value = table.at[row, column]
            if value is None or (isinstance(value, float) and np.isnan(value)):
                continue
            d = decimals.get(column, 1) if isinstance(decimals, Mapping) else decimals
            where = [sdc.merge_conditions(rows[row], counts[x]) if isinstance(x, str) else sdc.merge_conditions(x)
                     for x in (num, den)]
            out_shares.append(sdc.Share(report, output, str(row), column, "persons", where[0], where[1],
                                        round(float(value), d), d))
    return out_counts, out_shares


def linked_hidden(table: pd.DataFrame, output: str, *, rows: Mapping, counts: Mapping, domains: Mapping,
                  policy: sdc.Policy, shares: Mapping | None = None, decimals: Mapping | int = 1) -> set[tuple]:
    """Keys of the cells of this table to hide so that, together with everything the report released
    before, no hidden or implied cell can be narrowed down (the cells released before stay as they are)."""
    book = sdc.ledger()
    combined = sdc.Ledger(domains=dict(book.domains))
    for variable, values in domains.items():
        combined.declare(variable, values)
    local_counts, local_shares = _local_cells(table, output, rows, counts, dict(shares or {}), decimals)
    local_counts = [sdc.Count(**{**c.__dict__, "value": None}) if policy.is_small(c.value) else c
                    for c in local_counts]
    keep = [c.key for c in book.counts] + [s.key for s in book.shares]
    combined.counts = list(book.counts) + local_counts
    combined.shares = list(book.shares) + local_shares
    mine = {c.key for c in local_counts}
    _protect(combined, policy, set(keep))
    return ({c.key for c in combined.counts if c.value is None and c.key in mine}
            | {s.key for s in combined.shares if s.value is None and s.key in {x.key for x in local_shares}})


def _fallback(ledger: sdc.Ledger, where, keep: set) -> tuple | None:
    """A cell to hide when the engine's choice finds none: the smallest published count with the same
    variables as the failing cell (another corner of a suppression rectangle); else one that shares
    its variables and overlaps it (a count of the same group among fewer or more conditions); else
    one that shares a variable."""
    given = dict(where)
    best = None
    for c in ledger.counts:
        if c.value is None or c.key in keep:
            continue
        own = dict(c.where)
        common = set(own) & set(given)
        if not common:
            continue
        disjoint = sum(1 for v in common if not set(own[v]) & set(given[v]))
        if set(own) == set(given):
            rank = (0, disjoint, c.value)
        else:
            rank = (1 + (disjoint > 0), -len(common), c.value)
        if best is None or rank < best[0]:
            best = (rank, c.key)
    return None if best is None else best[1]


def _protect(ledger: sdc.Ledger, policy: sdc.Policy, keep: set, max_rounds: int = 500) -> None:
    """:func:`evalkit.publish.sdc.protect` for one report's persons, with :func:`_fallback` where the
    engine's choice of the next cell to hide finds none (see the engine's ``_choose``)."""
    from evalkit.errors import InputError
    from evalkit.publish.sdc import linked

    pending = None
    for _ in range(max_rounds):
        system = linked.LinkedSystem(ledger, "persons", policy)
        candidates = system.candidates()
        if pending is not None:
            candidates = [(w, i) for w, i in candidates if w in pending]
        failing = [w for w, _ in candidates if not policy.range_is_safe(*system.range_of(w))]
        if not failing:
            return
        pending = set(failing)
        choice = linked._choose(ledger, "persons", failing[0], keep) or _fallback(ledger, failing[0], keep)
        if choice is None:
            raise InputError(f"cannot protect [{failing[0]}]: no cell of this table left to hide")
        linked._hide(ledger, choice)
        pending.update(linked._conditions_of(ledger, choice))
    raise InputError("disclosure protection did not converge")


@contextmanager
def _requested(keys: set[tuple]):
    """Hand ``keys`` to :func:`evalkit.publish.sdc.release_table` as cells asked to be hidden (the file
    named by ``EVALKIT_PROTECT``, merged with a file the run already names there)."""
    name = sdc.release.PROTECT_ENV
    before = os.environ.get(name)
    merged = [list(k) for k in sorted(keys)]
    if before and Path(before).exists():
        merged += json.loads(Path(before).read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "protect.json"
        path.write_text(json.dumps(merged), encoding="utf-8")
        os.environ[name] = str(path)
        try:
            yield
        finally:
            if before is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = before


def release(table: pd.DataFrame, output: str, *, rows: Mapping, counts: Mapping, domains: Mapping,
            min_cell_size: int, language: str, title: str = "", shares: Mapping | None = None,
            hide_with: Mapping | None = None, decimals: Mapping | int = 1, small_only: bool = False) -> sdc.Released:
    """:func:`evalkit.publish.sdc.release_table` with the study's policy (threshold ``min_cell_size``),
    protecting the table together with the study's tables released before it (:func:`linked_hidden`).

    ``small_only``: a statistic of ``hide_with`` (a hazard ratio) is hidden where one of its counts is
    small (a statistic of a small group), not where a count is hidden only so that another cannot be
    derived: an estimate for a group of many persons discloses none of them."""
    policy = sdc.Policy(min_cell_size=min_cell_size)
    keys = linked_hidden(table, output, rows=rows, counts=counts, domains=domains, policy=policy,
                         shares=shares, decimals=decimals)
    with _requested(keys):
        released = sdc.release_table(table, output, rows=rows, counts=counts, shares=shares, domains=domains,
                                     decimals=decimals, hide_with=None if small_only else hide_with, title=title,
                                     policy=policy, language=language)
    if small_only and hide_with:
        published = released.table
        for column, sources in hide_with.items():
            for row in table.index:
                if any(policy.is_small(table.at[row, s]) for s in sources):
                    published[column] = published[column].astype(object)
                    published.at[row, column] = sdc.MARKER
                    released.hidden.add((row, column))
    return released


def hidden(value) -> bool:
    """Whether a released cell shows the marker."""
    return isinstance(value, str) and value == sdc.MARKER
