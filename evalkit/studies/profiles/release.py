"""Disclosure control of the profile report: who every published number counts, in the run's vocabulary.

Every table of the report goes through :func:`evalkit.publish.sdc.release_table`. The cells are
described with the shared variables of :mod:`evalkit.publish.sdc.variables` (unit ``persons`` = the
programme's cohort), and a few of this study:

- ``profiles.analysed``: ``ja`` for the persons in the prepared analysis frame (the models' persons);
- ``profiles.complete``: ``ja`` when every characteristic of the study is known;
- ``profiles.origin_region``: the region of origin (registry codes);
- ``profiles.first_job`` and ``profiles.first_job_12m``: a first job found during follow-up, and
  within 12 months of the intake;
- ``profiles.decile``: the tenth of predicted probability of work (status model), ``nee`` outside it.

A category of the analysis (possibly merged: ``laag|geen``) is described by the registry codes of
the persons in it, and every count of a table is checked against its description before release
(:meth:`Units.check`): a description that is not true would hide a disclosure from the run-level check.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd

from evalkit.errors import InputError
from evalkit.publish import sdc
from evalkit.publish.sdc import MISSING, NO, YES, as_codes, yes_no

ANALYSED = "profiles.analysed"
COMPLETE = "profiles.complete"
ORIGIN = "profiles.origin_region"
FIRST_JOB = "profiles.first_job"
FIRST_JOB_12M = "profiles.first_job_12m"
DECILE = "profiles.decile"
#: Study column -> run variable, where the names differ.
_RENAMED = {"origin_region": ORIGIN}


@dataclass
class Units:
    """The universe of the report's counts: one row per person of the cohort, with the codes of every
    variable used in a description (``frame``), their domains, and the conditions of "at work" on the
    snapshot date and of "with a first job"."""

    frame: pd.DataFrame
    domains: dict[str, list[str]]
    work: dict[str, list[str]] | None
    job: dict[str, list[str]]
    job_12m: dict[str, list[str]]
    variables: dict[str, str] = field(default_factory=dict)
    #: Registry codes that stand for a missing value, per run variable.
    missing: dict[str, list[str]] = field(default_factory=dict)
    #: Study columns whose value every analysed person has by definition (``attrs["known"]`` of :func:`prepare`).
    known: tuple[str, ...] = ()

    def name(self, column: str) -> str:
        """The run variable of a study column."""
        return self.variables.get(column, column)

    def mask(self, where: Mapping[str, Any]) -> pd.Series:
        mask = pd.Series(True, index=self.frame.index)
        for variable, values in sdc.conditions(where):
            mask &= self.frame[variable].isin(values)
        return mask

    def count(self, where: Mapping[str, Any]) -> int:
        return int(self.mask(where).sum())

    def with_analysed(self, ids: Sequence, known: Sequence[str] = ()) -> "Units":
        """A copy with ``profiles.analysed`` = ``ja`` for the persons ``ids`` (intake ids); ``known``:
        the study columns whose value each of them has by definition."""
        frame = self.frame.copy()
        frame[ANALYSED] = yes_no(pd.Series(frame.index.isin(list(ids)), index=frame.index))
        return replace(self, frame=frame, domains={**self.domains, ANALYSED: [YES, NO]}, known=tuple(known))

    def with_variable(self, name: str, values: pd.Series, domain: Sequence[str]) -> "Units":
        frame = self.frame.copy()
        frame[name] = as_codes(values.reindex(frame.index)).to_numpy()
        return replace(self, frame=frame, domains={**self.domains, name: list(domain)})

    def category(self, column: str, ids: Sequence) -> dict[str, list[str]]:
        """Conditions of a category of the analysis: the registry codes of its persons ``ids``."""
        variable = self.name(column)
        return {variable: sorted(set(self.frame.loc[list(ids), variable]))}

    def categories(self, column: str, groups: Mapping[Any, Sequence]) -> dict[Any, dict[str, list[str]]]:
        """Conditions of the categories of a characteristic among a population (``groups``: category
        -> intake ids, together the population): each is described by the registry codes of its persons."""
        variable = self.name(column)
        return {label: {variable: sorted(set(self.frame.loc[list(ids), variable]))} for label, ids in groups.items()}

    def empty_cells(self, columns: Sequence[str]) -> list[dict[str, Any]]:
        """The cells that are empty by definition among the analysed persons: for a characteristic
        whose value every person of the analysis has by definition (a complete-case analysis), its
        persons with a missing value (the registry codes that stand for one)."""
        out = []
        for column in columns:
            variable = self.name(column)
            codes = self.missing.get(variable)
            if column in self.known and codes:
                out.append({ANALYSED: YES, variable: list(codes)})
        return out

    def check(self, table: pd.DataFrame, output: str, rows: Mapping, counts: Mapping) -> None:
        """Every count of ``table`` must be the number of units its description selects."""
        for row, where in rows.items():
            for column, extra in counts.items():
                value = table.at[row, column]
                if value is None or (isinstance(value, float) and np.isnan(value)):
                    continue
                true = self.count(dict(sdc.merge_conditions(where, extra)))
                if int(value) != true:
                    raise InputError(f"{output}: row {row!r}, column {column!r} counts {int(value)} persons but "
                                     f"its description selects {true}")

    def domains_of(self, *parts: Mapping) -> dict[str, list[str]]:
        names = {v for part in parts for where in part for v, _ in sdc.conditions(where)}
        return {v: self.domains[v] for v in sorted(names)}


def registry_units(registry, data: pd.DataFrame, analysis: pd.DataFrame | None = None,
                   snapshot_date="2020-03-31", programme: str | None = "COB") -> Units:
    """The cohort of ``registry`` in the run's vocabulary (``data`` from :func:`profile_data`;
    ``analysis`` from :func:`prepare` sets ``profiles.analysed``)."""
    from evalkit import outcomes
    from evalkit.registry.schema import codelist
    from evalkit.studies.profiles.frames import PROFILE_VARIABLES

    cohort = outcomes.cohort(registry, programme=programme).set_index("intake_id")
    if set(cohort.index) != set(data["intake_id"]):
        raise InputError("the profile data do not hold the cohort of the registry's programme")
    frame = pd.DataFrame(index=cohort.index)
    domains = {}
    for variable in sdc.PROFILE_VARIABLES:
        frame[variable] = as_codes(cohort[variable]).to_numpy()
    domains.update(sdc.cohort_domains(cohort.reset_index()))
    frame[ORIGIN] = as_codes(cohort["origin_region"]).to_numpy()
    domains[ORIGIN] = sdc.domain(cohort["origin_region"])
    by_id = data.set_index("intake_id").reindex(frame.index)
    known = pd.Series(True, index=frame.index)
    for column in PROFILE_VARIABLES:
        known &= by_id[column].notna()
    frame[COMPLETE] = yes_no(known).to_numpy()
    frame[FIRST_JOB] = yes_no(by_id["any_job"] == 1).to_numpy()
    frame[FIRST_JOB_12M] = yes_no((by_id["any_job"] == 1) & (by_id["days_to_any_job"] <= 365)).to_numpy()
    for name in (COMPLETE, FIRST_JOB, FIRST_JOB_12M):
        domains[name] = [YES, NO]
    status = sdc.status_variable(snapshot_date)
    snap = outcomes.cohort_snapshot(registry, pd.Timestamp(snapshot_date), programme=programme)
    codes = snap.set_index("intake_id")["status_code"].reindex(frame.index)
    frame[status] = as_codes(codes).to_numpy()
    codelist_ = codelist("vdab_status")
    domains[status] = sorted(set(codelist_["code"].astype(int).astype(str)) | {MISSING})
    work_codes = sorted(codelist_.loc[codelist_["work"].astype(int) == 1, "code"].astype(int).astype(str))
    work = {status: work_codes} if codes.notna().any() else None
    missing = {}
    for column in PROFILE_VARIABLES:  # the codes of the persons whose characteristic the study reads as missing
        variable = _RENAMED.get(column, column)
        if variable in frame:
            codes = sorted(set(frame.loc[by_id[column].isna().to_numpy(), variable]))
            if codes:
                missing[variable] = codes
    units = Units(frame, domains, work, {FIRST_JOB: YES}, {FIRST_JOB_12M: YES}, dict(_RENAMED), missing)
    if analysis is not None:
        units = units.with_analysed(analysis["intake_id"], analysis.attrs.get("known", ()))
    return units


def frame_units(frame: pd.DataFrame, covariates: Sequence[str], outcome: str | None = None,
                duration: str | None = None, event: str | None = None) -> Units:
    """Units for a frame that is not a registry's cohort (e.g. a data set of an example): its rows are
    the universe, every row analysed, its columns the variables."""
    index = pd.Index(frame["intake_id"]) if "intake_id" in frame else pd.RangeIndex(len(frame))
    out = pd.DataFrame(index=index)
    domains = {}
    from evalkit.studies.profiles.frames import UNKNOWN

    known = np.ones(len(frame), dtype=bool)
    for column in covariates:
        known &= (frame[column].notna() & (frame[column].astype(object) != UNKNOWN)).to_numpy()
    out[COMPLETE] = yes_no(pd.Series(known, index=index)).to_numpy()
    domains[COMPLETE] = [YES, NO]
    for column in covariates:
        out[column] = as_codes(frame[column]).to_numpy()
        domains[column] = sdc.domain(frame[column])
    out[ANALYSED] = YES
    domains[ANALYSED] = [YES, NO]
    work = None
    if outcome is not None and outcome in frame:
        out["outcome"] = yes_no(frame[outcome].to_numpy() == 1).to_numpy()
        domains["outcome"] = [YES, NO]
        work = {"outcome": YES}
    job = job_12m = {FIRST_JOB: YES}
    if event is not None and event in frame:
        out[FIRST_JOB] = yes_no(frame[event].to_numpy() == 1).to_numpy()
        within = (frame[event].to_numpy() == 1) & (frame[duration].to_numpy() <= 365) if duration else False
        out[FIRST_JOB_12M] = yes_no(pd.Series(within, index=out.index)).to_numpy()
        domains[FIRST_JOB] = domains[FIRST_JOB_12M] = [YES, NO]
        job_12m = {FIRST_JOB_12M: YES}
    return Units(out, domains, work, job, job_12m)


def model_units(model, units: Units | None) -> tuple[Units, pd.Index]:
    """The units of a model and the index (in ``units.frame``) of its persons, in the model's row order."""
    frame = model._frame
    if units is None:
        outcome = model._outcome[0] if model.kind == "status" else None
        duration, event = (model._outcome[0], model._outcome[1]) if model.kind == "first_job" else (None, None)
        units = frame_units(frame, [c for c in frame.columns if c in model.covariates or c in model.left_out
                                    or c == model.within], outcome, duration, event)
        return units, units.frame.index
    ids = ids_of(frame)
    analysed = units.frame.index[units.frame[ANALYSED] == YES]
    if set(ids) != set(analysed):
        raise InputError("the model is not fitted on the persons of the analysis (profiles.analysed)")
    return units, ids


def ids_of(data: pd.DataFrame) -> pd.Index:
    """The persons of ``data`` as the index of the units' frame."""
    return pd.Index(data["intake_id"]) if "intake_id" in data else pd.RangeIndex(len(data))


def note(released: sdc.Released | bool, min_cell_size: int, language: str) -> str:
    """The note under a released table (or one with hidden cells when ``released`` is true), in ``language``."""
    from evalkit.publish.sdc.notes import table_note

    hidden = bool(released.hidden) if isinstance(released, sdc.Released) else bool(released)
    return table_note(policy(min_cell_size), hidden, language)


def shown(released: sdc.Released, row, column: str, fmt=lambda v: v) -> Any:
    """A released cell for display: the marker where it is hidden, ``fmt(value)`` otherwise."""
    value = released.value(row, column)
    return sdc.MARKER if value is None else fmt(value)


def policy(min_cell_size: int) -> sdc.Policy:
    return sdc.Policy(min_cell_size=int(min_cell_size))


def release(table: pd.DataFrame, output: str, units: Units, *, rows: Mapping, counts: Mapping,
            shares: Mapping | None = None, decimals: Mapping | int = 1, hide_with: Mapping | None = None,
            empty: Sequence[Mapping] = (), title: str = "", min_cell_size: int = 10,
            language: str = "nl") -> sdc.Released:
    """:func:`evalkit.publish.sdc.release_table` after checking that every count is what its
    description says (the domains of the variables used are declared) and that the cells declared
    ``empty`` (by definition) are."""
    units.check(table, output, rows, counts)
    for where in empty:
        if units.count(where):
            raise InputError(f"{output}: a cell declared empty by definition is not: {dict(where)}")
    share_parts = [s for pair in (shares or {}).values() for s in pair if not isinstance(s, str)]
    domains = units.domains_of(rows.values(), counts.values(), share_parts, empty)
    return sdc.release_table(table, output, rows=rows, counts=counts, shares=shares, domains=domains,
                             decimals=decimals, hide_with=hide_with, empty=list(empty), title=title,
                             policy=policy(min_cell_size), language=language)


@dataclass
class Combined(sdc.Released):
    """Several released tables read as one (:func:`combine`); :meth:`part` is the released table
    (its own output, ``disclosure/tables/<report>/<output>.csv``) that holds a row."""

    parts: dict[Any, sdc.Released] = field(default_factory=dict)

    def part(self, row: Any) -> sdc.Released:
        """The released table that holds ``row`` (itself when the row is unknown)."""
        return self.parts.get(row, self)


def combine(parts: Sequence[sdc.Released], min_cell_size: int, language: str) -> Combined:
    """Several released tables (one per characteristic) read as one (row labels are unique).

    Examples
    --------
    >>> a = sdc.Released(pd.DataFrame({"n": [12]}, index=["sex=man"]), "", set(), "t.sex")
    >>> b = sdc.Released(pd.DataFrame({"n": [15]}, index=["household=samenwoner"]), "", set(), "t.household")
    >>> both = combine([a, b], 10, "en")
    >>> both.output, both.part("household=samenwoner").output, int(both.value("sex=man", "n"))
    ('t.sex+t.household', 't.household', 12)
    """
    hidden = set().union(*(p.hidden for p in parts)) if parts else set()
    table = pd.concat([p.table for p in parts]) if parts else pd.DataFrame()
    return Combined(table, note(bool(hidden), min_cell_size, language), hidden, "+".join(p.output for p in parts),
                    {row: p for p in parts for row in p.table.index})


# Released tables that figures and sentences read, per model and ledger (a figure is drawn from the
# same release as its table; a new ledger after sdc.reset() releases again).
_cache: dict[tuple, tuple[Any, Any, sdc.Released]] = {}


def cached(kind: str, model, min_cell_size: int, make) -> sdc.Released:
    book = sdc.ledger()
    key = (kind, id(model), int(min_cell_size), id(book))
    hit = _cache.get(key)
    if hit is not None and hit[0] is model and hit[1] is book:
        return hit[2]
    released = make()
    _cache[key] = (model, book, released)
    return released
