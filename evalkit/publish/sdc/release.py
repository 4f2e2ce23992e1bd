"""Releasing a table, a curve or a histogram: the one path by which a number reaches a report.

A study hands :func:`release_table` the table with its true counts and says, for every row and count
column, *which units* the cell counts (conditions on declared variables, see
:mod:`evalkit.publish.sdc.ledger`). The engine then

1. hides every count the policy calls small (primary suppression, zeros included by default);
2. hides further cells of the table until no hidden or implied cell - of this table or of the tables
   the report released before it - can be narrowed down by a reader
   (:func:`evalkit.publish.sdc.linked.protect`: complements, totals, shares);
3. hides the cells the run-level check asked for (linked protection across all reports of a run,
   read from the file named by ``EVALKIT_PROTECT``); once the run has protected all its reports
   together, it names every cell to hide and step 2 is left out;
4. hides shares and other statistics of hidden counts (``hide_with``);
5. records every released cell in the report's ledger and, inside a report run, writes the ledger and
   the released table (CSV) into the run folder (``EVALKIT_RELEASE_DIR``).

Every hidden cell shows the same marker ``x``. Figures are drawn from what this returns, never from
the data beside it. :func:`release_curve` and :func:`release_histogram` do the same for curves (each
step holds enough events; see :mod:`evalkit.publish.sdc.curves`) and binned figures.
"""
from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from evalkit.errors import InputError
from evalkit.publish.sdc.ledger import Count, Ledger, Output, Share, conditions, merge_conditions
from evalkit.publish.sdc.linked import hide, protect
from evalkit.publish.sdc.policy import MARKER, Policy

#: Environment variables a report run sets for the notebook kernel.
RELEASE_DIR_ENV = "EVALKIT_RELEASE_DIR"
REPORT_ENV = "EVALKIT_REPORT"
PROTECT_ENV = "EVALKIT_PROTECT"

_ledgers: dict[str, Ledger] = {}
#: report -> (tables, figures): the engine's outputs recorded since the last table or figure shown
_pending: dict[str, tuple[list[str], list[str]]] = {}
_FIGURE_KINDS = ("figure", "curve", "histogram")


def report_name() -> str:
    """The report being rendered (set by the runner), or ``"notebook"`` in an interactive session."""
    return os.environ.get(REPORT_ENV, "notebook")


def ledger(report: str | None = None) -> Ledger:
    """The ledger of what this process has released for ``report`` so far."""
    return _ledgers.setdefault(report or report_name(), Ledger())


def reset(report: str | None = None) -> None:
    """Forget what was released for ``report`` (for tests and a notebook rerun from the top)."""
    _ledgers.pop(report or report_name(), None)
    _pending.pop(report or report_name(), None)


def reset_all() -> None:
    """Forget what was released for every report of this process (a fresh session)."""
    _ledgers.clear()
    _pending.clear()


def _recorded(report: str, output: str, kind: str) -> None:
    tables, figures = _pending.setdefault(report, ([], []))
    (figures if kind in _FIGURE_KINDS else tables).append(output)


def record_shown(kind: str, title: str, outputs: Sequence[str] | None = None) -> str:
    """Record a table or figure as the reader sees it on the page (``kind`` "table" or "figure"), so
    that the disclosure log lists every one with its status; returns its name (``shown.<kind>NN``).

    It names the engine's outputs it shows and takes their status: ``outputs`` when given (a
    :class:`Released` table knows its own), else the outputs released under the same title, else those
    of its kind recorded since the previous one shown. One without any shows no counts of its own
    (estimates, tests, or shares of groups released elsewhere) and is ``released``.
    :func:`evalkit.publish.display.show_table` and the figures of a report call it.
    """
    report = report_name()
    book = ledger(report)
    tables, figures = _pending.setdefault(report, ([], []))
    pending = figures if kind == "figure" else tables
    if outputs is None and title.strip():
        outputs = [o.output for o in book.outputs
                   if not o.kind.startswith("shown") and o.title.strip() == title.strip()] or None
    names = list(dict.fromkeys(pending if outputs is None else outputs))
    pending[:] = [n for n in pending if n not in names] if outputs is not None else []
    sources = [o for o in book.outputs if o.output in names]
    n = 1 + sum(o.kind == f"shown {kind}" for o in book.outputs)
    name = f"shown.{kind}{n:02d}"
    if sources:
        checks = ["shows the released output(s) " + ", ".join(names)]
        status = "protected" if any(o.status == "protected" for o in sources) else "released"
        if any(o.status == "not published" for o in sources):
            status = "not published"
    else:
        checks = ["no counts of its own: estimates, tests or shares of groups released elsewhere"]
        status = "released"
    book.outputs.append(Output(report, name, f"shown {kind}", title, checks,
                               sum(o.suppressed for o in sources), sum(o.cells for o in sources), status))
    _write(report, name, None)
    return name


def _requested(report: str) -> tuple[set[tuple[str, str, str, str]], bool]:
    """The cells the run asks this report to hide, and whether that is the run's final decision.

    The file named by ``EVALKIT_PROTECT`` holds ``{"cells": [key, ...], "final": bool, "reports": [...]}``
    (or just the list of cells). With ``final`` the cells are every cell the reports listed hide: the
    run has protected all reports together, so the table is not protected again on its own.
    """
    path = os.environ.get(PROTECT_ENV)
    if not path or not Path(path).exists():
        return set(), False
    spec = json.loads(Path(path).read_text(encoding="utf-8"))
    if isinstance(spec, list):
        spec = {"cells": spec}
    keys = {tuple(k) for k in spec.get("cells", []) if k[0] == report}
    return keys, bool(spec.get("final")) and report in spec.get("reports", [])


@dataclass
class Released:
    """A released table: what to show, the note under it, and which cells were hidden."""

    table: pd.DataFrame
    note: str
    hidden: set[tuple[Any, str]] = field(default_factory=set)
    output: str = ""

    def value(self, row: Any, column: str) -> Any:
        """The released value of a cell, or ``None`` where it is hidden."""
        if (row, column) in self.hidden:
            return None
        return self.table.at[row, column]

    def shown(self, row: Any, column: str) -> bool:
        return (row, column) not in self.hidden


def _label(value: Any) -> str:
    return str(value)


def release_table(
    table: pd.DataFrame,
    output: str,
    *,
    rows: Mapping[Any, Mapping[str, Any]],
    counts: Mapping[str, Mapping[str, Any]],
    shares: Mapping[str, tuple[Any, Any]] | None = None,
    population: Mapping[str, Any] | None = None,
    domains: Mapping[str, Sequence[Any]] | None = None,
    unit: str = "persons",
    decimals: Mapping[str, int] | int = 1,
    hide_with: Mapping[str, Sequence[str]] | None = None,
    empty: Sequence[Mapping[str, Any]] = (),
    links: Sequence[Mapping[str, Any]] = (),
    coarsenings: Mapping[str, tuple[str, Mapping[str, Sequence[Any]]]] | None = None,
    title: str = "",
    policy: Policy | None = None,
    language: str = "nl",
) -> Released:
    """Release a table of counts (and shares and statistics computed from them).

    Parameters
    ----------
    table : DataFrame
        True values; its index labels the rows (unique).
    output : str
        Name of the table within the report (unique there; used in the ledger and the CSV file).
    rows : mapping
        Row label -> conditions of the units in that row, e.g. ``{"Alleenstaand": {"household":
        "alleenstaand"}}``; ``{}`` for a total row.
    counts : mapping
        Count column -> extra conditions of the units it counts, e.g. ``{"n": {}, "work": {"work": "ja"}}``.
    shares : mapping, optional
        Share column (percent) -> ``(numerator, denominator)``, each a count column of this table or
        a conditions mapping (taken with ``population``). The share is recorded rounded to ``decimals``.
    population : mapping, optional
        Conditions every cell shares (e.g. ``{"cohort": "ja"}``).
    domains : mapping, optional
        Variable -> all its values (declared once per run; the same everywhere).
    unit : str, default "persons"
    decimals : int or mapping, default 1
        Decimals the report shows for each share column.
    hide_with : mapping, optional
        Statistic column -> count columns; the statistic is hidden in a row where any of them is.
    empty : sequence of mappings, optional
        Cells that are empty *by definition* (taken with ``population``), e.g. persons of a
        complete-case analysis with a missing value: public knowledge, so the zeros inside them are
        not hidden. Never a cell that merely happens to be empty in the data.
    links : sequence of mappings, optional
        Combinations of values that are empty by definition across variables of different reports
        (:meth:`Ledger.link`), e.g. ``{"art60": "ja", "art60.started": "nee"}``.
    coarsenings : mapping, optional
        Coarse variable -> ``(fine variable, {coarse code: fine codes})`` (:meth:`Ledger.coarsen`):
        a variable of this table that groups the codes of another one of the run.
    title : str
        The caption (for the disclosure log).
    policy : Policy, optional
    language : {"nl", "en"}

    Returns
    -------
    Released

    Examples
    --------
    >>> t = pd.DataFrame({"n": [219, 40], "work": [217, 21]}, index=["lineair", "vdab"])
    >>> r = release_table(t, "doc", rows={"lineair": {"traj": "lineair"}, "vdab": {"traj": "vdab"}},
    ...                   counts={"n": {}, "work": {"work": "ja"}},
    ...                   domains={"traj": ["lineair", "vdab"], "work": ["ja", "nee"]})
    >>> r.table.values.tolist()
    [[219, 'x'], [40, 21]]
    >>> reset()
    """
    policy = policy or Policy()
    report = report_name()
    shares = dict(shares or {})
    hide_with = dict(hide_with or {})
    if not table.index.is_unique:
        raise InputError(f"release_table({output!r}): the row labels must be unique")
    missing = [c for c in list(counts) + list(shares) + list(hide_with) if c not in table.columns]
    if missing:
        raise InputError(f"release_table({output!r}): column(s) {missing} not in the table {list(table.columns)}")
    missing_rows = [r for r in table.index if r not in rows]
    if missing_rows:
        raise InputError(f"release_table({output!r}): no conditions for row(s) {missing_rows}")
    book = ledger(report)
    _forget(book, report, output)  # a cell run again releases its table again: it replaces the earlier one
    local = Ledger()
    for variable, values in (domains or {}).items():
        book.declare(variable, values)
    local.domains = dict(book.domains)
    for where in links:
        book.link(unit, where)
    for coarse, (fine, mapping) in (coarsenings or {}).items():
        book.coarsen(coarse, fine, mapping)
    base = conditions(population)
    for where in empty:
        item = (unit, merge_conditions(base, where))
        if item not in book.empty:
            book.empty.append(item)

    def where_of(row: Any, spec: Any) -> Any:
        if isinstance(spec, str):
            return merge_conditions(base, rows[row], counts[spec])
        return merge_conditions(base, spec)

    for row in table.index:
        for column, extra in counts.items():
            value = table.at[row, column]
            if value is None or (isinstance(value, float) and np.isnan(value)):
                continue
            local.counts.append(Count(report, output, _label(row), column, unit,
                                      merge_conditions(base, rows[row], extra), int(value)))
        for column, (num, den) in shares.items():
            value = table.at[row, column]
            if value is None or (isinstance(value, float) and np.isnan(value)):
                continue
            d = decimals.get(column, 1) if isinstance(decimals, Mapping) else decimals
            local.shares.append(Share(report, output, _label(row), column, unit, where_of(row, num),
                                      where_of(row, den), round(float(value), d), d))
    requested, final = _requested(report)
    for key in {c.key for c in local.counts if policy.is_small(c.value)} | requested:
        hide(local, key)
    if not final:
        # Protect the new table together with what the report has already released (which stays as shown).
        new_keys = {c.key for c in local.counts} | {s.key for s in local.shares}
        combined = replace(book, counts=book.counts + local.counts, shares=book.shares + local.shares,
                           outputs=[])
        earlier = {c.key for c in book.counts} | {s.key for s in book.shares}
        protect(combined, policy, keep=earlier, focus=new_keys)
        local.counts = [c for c in combined.counts if c.key in new_keys]
        local.shares = [s for s in combined.shares if s.key in new_keys]
    # a share of a hidden count, or of a hidden population, is hidden too
    hidden_counts = {c.where for c in local.counts if c.value is None}
    for s in local.shares:
        if s.value is not None and (s.numerator in hidden_counts or s.denominator in hidden_counts):
            hide(local, s.key)
    hidden_keys = {c.key for c in local.counts if c.value is None} | {s.key for s in local.shares if s.value is None}
    by_label = {_label(r): r for r in table.index}
    hidden = {(by_label[k[2]], k[3]) for k in hidden_keys}
    for column, sources in hide_with.items():
        for row in table.index:
            if any((row, s) in hidden for s in sources):
                hidden.add((row, column))
    published = table.copy()
    for column in shares:  # shares as the report shows them (the ledger holds the same rounding)
        d = decimals.get(column, 1) if isinstance(decimals, Mapping) else decimals
        published[column] = pd.to_numeric(published[column], errors="coerce").round(d)
    for column in {c for _, c in hidden}:
        published[column] = published[column].astype(object)
    for row, column in hidden:
        published.at[row, column] = MARKER
    book.policy = policy.as_dict()
    book.counts.extend(local.counts)
    book.shares.extend(local.shares)
    n_cells = len(local.counts) + len(local.shares)
    book.outputs.append(Output(report, output, "table", title, checks=_TABLE_CHECKS,
                               suppressed=len(hidden), cells=n_cells,
                               status="protected" if hidden else "released"))
    _write(report, output, published)
    _recorded(report, output, "table")
    from evalkit.publish.sdc.notes import table_note

    return Released(published, table_note(policy, bool(hidden), language), hidden, output)


def _forget(book: Ledger, report: str, output: str) -> None:
    book.counts = [c for c in book.counts if (c.report, c.output) != (report, output)]
    book.shares = [s for s in book.shares if (s.report, s.output) != (report, output)]
    book.outputs = [o for o in book.outputs if (o.report, o.output) != (report, output)]


_TABLE_CHECKS = ["threshold", "zeros", "implied cells", "protection interval", "shares"]


def record_output(output: str, kind: str, title: str, *, checks: Sequence[str], status: str = "released",
                  detail: str = "", data: pd.DataFrame | None = None, cells: int = 0, suppressed: int = 0,
                  policy: Policy | None = None) -> None:
    """Record a figure or text block in the report's ledger, with the data behind it (written as CSV)."""
    report = report_name()
    if policy is not None:
        ledger(report).policy = policy.as_dict()
    _forget(ledger(report), report, output)
    ledger(report).outputs.append(Output(report, output, kind, title, list(checks), suppressed, cells, status, detail))
    _write(report, output, data)
    _recorded(report, output, kind)


_SAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def _write(report: str, output: str, data: pd.DataFrame | None) -> None:
    folder = os.environ.get(RELEASE_DIR_ENV)
    if not folder:
        return
    root = Path(folder)
    (root / "tables" / report).mkdir(parents=True, exist_ok=True)
    if data is not None:
        data = data.copy()
        data.index = [_label(i) for i in data.index]
        data.to_csv(root / "tables" / report / f"{_SAFE.sub('_', output)}.csv", index=True)
    ledger(report).write(root / f"{report}.ledger.json")
