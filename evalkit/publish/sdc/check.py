"""The output checker: re-read a rendered run and list every disclosive number in it.

``evalkit check RUN_FOLDER`` (and :func:`check_run`) reads what a run published - the released tables
and figure data (``disclosure/tables/<report>/<output>.csv``) and the ledgers that describe their cells
(``disclosure/<report>.ledger.json``) - and checks:

- every released table against its ledger: a cell whose published value differs from the ledger (a
  number written into a table afterwards, a marker replaced by a count) is reported, and the checks
  below use the value as published;
- every count against the threshold (``small-count``), zeros included when the policy says so;
- every hidden or implied cell of the whole run against the protection interval (``derivable``), by the
  linear programmes of :mod:`evalkit.publish.sdc.linked`, across all reports together;
- every curve's data for count columns (``counts in figure data``);
- every output in the ledgers has its data file, and every data file an entry in a ledger;
- every report (``<study>.ipynb``) has its ledger; a folder without any ledger is no run to check
  (an :class:`~evalkit.errors.InputError`, not "0 cells, safe");
- with ``sealed=True`` (``evalkit check``), the folder against the seal the run wrote
  (``disclosure/manifest.json``, :mod:`evalkit.publish.sdc.integrity`): a number typed into a page or a
  notebook afterwards, a released table or ledger changed, a file added or removed.

:func:`write_log` writes the disclosure log a checker reads before release: the policy, and per
output its kind, the checks applied, the number of cells and of hidden cells, and the verdict.
"""
from __future__ import annotations

import json
import re
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

import pandas as pd

from evalkit.errors import InputError
from evalkit.publish.sdc import integrity
from evalkit.publish.sdc.curves import COUNT_COLUMNS
from evalkit.publish.sdc.ledger import Count, Ledger, Share
from evalkit.publish.sdc.linked import Finding, findings
from evalkit.publish.sdc.policy import MARKER, Policy

#: The folder of a run that holds the released data, the ledgers and the log.
FOLDER = "disclosure"
LOG = "log.json"
_SAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def data_file(folder: Path, report: str, output: str) -> Path:
    return Path(folder) / FOLDER / "tables" / report / f"{_SAFE.sub('_', output)}.csv"


def run_ledger(folder: Path) -> Ledger:
    """All ledgers of a run folder, as one."""
    root = Path(folder) / FOLDER
    if not root.is_dir():
        raise InputError(f"{folder}: no disclosure folder found (expected {root} with <report>.ledger.json); "
                         "is this a run folder written by 'evalkit report'?")
    files = sorted(root.glob("*.ledger.json"))
    ledger = Ledger()
    for path in files:
        ledger.extend(Ledger.read(path))
    return ledger


def _read_table(path: Path) -> pd.DataFrame | None:
    try:
        return pd.read_csv(path, index_col=0, dtype=str, keep_default_na=False)
    except (OSError, ValueError, pd.errors.ParserError):
        return None


def _published(raw: str) -> float | None:
    text = raw.strip()
    if text in ("", MARKER, "–", "-"):
        return None
    try:
        return float(text)
    except ValueError:
        return None


def _as_published(ledger: Ledger, folder: Path) -> tuple[Ledger, list[Finding]]:
    """The ledger with each cell's value as its released table shows it, and the mismatches found."""
    problems: list[Finding] = []
    tables: dict[tuple[str, str], pd.DataFrame | None] = {}

    def cell(item: Count | Share) -> tuple[bool, float | None]:
        key = (item.report, item.output)
        if key not in tables:
            tables[key] = _read_table(data_file(folder, *key))
        table = tables[key]
        if table is None or item.column not in table.columns:
            return False, None
        rows = [i for i, label in enumerate(table.index) if str(label) == item.row]
        if not rows:
            return False, None
        return True, _published(str(table.iloc[rows[0]][item.column]))

    counts, shares = [], []
    for item in ledger.counts + ledger.shares:
        found, value = cell(item)
        if not found:
            problems.append(Finding(item.report, item.output, item.row, item.column, "missing from released table",
                                    ""))
            value = item.value
        elif (value is None) != (item.value is None) or (
                value is not None and abs(value - float(item.value)) > 1e-9):
            problems.append(Finding(item.report, item.output, item.row, item.column,
                                    "differs from the ledger", f"ledger {item.value!r}, table {value!r}",
                                    value=value))
        if isinstance(item, Count):
            counts.append(replace(item, value=None if value is None else int(round(value))))
        else:
            shares.append(replace(item, value=value))
    out = replace(ledger, counts=counts, shares=shares)
    return out, problems


def check_run(folder: str | Path, policy: Policy | None = None, *,
              sealed: bool = True) -> tuple[list[Finding], dict[str, Any]]:
    """Check a run folder; returns the findings and a summary.

    Parameters
    ----------
    folder : str or Path
        A run folder written by ``evalkit report`` (``reports/<run>/``).
    policy : Policy, optional
        The rules; by default the strictest policy recorded in the ledgers.
    sealed : bool, default True
        Also compare the folder with its seal (``disclosure/manifest.json``, see
        :func:`evalkit.publish.sdc.integrity.verify`). The run itself checks its folder before it seals
        it, with ``sealed=False``.

    Returns
    -------
    findings : list of Finding
        Disclosive cells, tables that differ from their ledgers, reports without a ledger and, with
        ``sealed``, whatever changed since the run was sealed.
    summary : dict
        ``outputs``, ``cells``, ``hidden``, ``policy`` and ``seal`` (what the manifest covers: files,
        reports, tables, cells and the manifest's SHA-256; None when not compared or not sealed).

    Raises
    ------
    InputError
        ``folder`` is no folder, or holds no ledger at all (nothing it publishes could be checked).
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(f"{folder}: not a folder; give the run folder written by 'evalkit report'")
    ledger = run_ledger(folder)
    if not any((folder / FOLDER).glob("*.ledger.json")):
        reports = sorted(p.name for p in folder.glob("*.ipynb"))
        raise InputError(
            f"{folder}: no disclosure ledger ({FOLDER}/<report>.ledger.json), so nothing this folder "
            f"publishes{' (' + ', '.join(reports) + ')' if reports else ''} can be checked; this is not a "
            "complete run folder written by 'evalkit report' (or its ledgers were removed): render the run again")
    policy = policy or (Policy.from_dict(ledger.policy) if ledger.policy else Policy())
    published, problems = _as_published(ledger, folder)
    out = problems + findings(published, policy, report_inconsistent=True)
    known = set()
    for o in ledger.outputs:
        known.add((o.report, o.output))
        path = data_file(folder, o.report, o.output)
        if o.kind in ("curve", "histogram", "figure") and path.exists():
            data = _read_table(path)
            bad = [c for c in (data.columns if data is not None else []) if c in COUNT_COLUMNS]
            if bad:
                out.append(Finding(o.report, o.output, "", ",".join(bad), "counts in figure data", ""))
    for path in sorted((folder / FOLDER / "tables").glob("*/*.csv")):
        report, output = path.parent.name, path.stem
        if not any(_SAFE.sub("_", o) == output and r == report for r, o in known):
            out.append(Finding(report, output, "", "", "data file without a ledger entry", str(path.name)))
    for path in sorted(folder.glob("*.ipynb")):
        if not (folder / FOLDER / f"{path.stem}.ledger.json").is_file():
            out.append(Finding(path.stem, path.name, "", "", "report without a ledger",
                               f"no {FOLDER}/{path.stem}.ledger.json: what this report publishes was never "
                               "recorded, so it cannot be checked"))
    seal = None
    if sealed:  # what changed since the run was sealed comes first: it says which numbers to distrust
        out = integrity.verify(folder) + out
        try:
            manifest = integrity.read_manifest(folder)
        except ValueError:
            manifest = None
        if manifest is not None:
            seal = integrity.seal_summary(manifest) | {"sha256": integrity.manifest_sha256(folder)}
    summary = {"outputs": len(ledger.outputs), "cells": len(ledger.counts) + len(ledger.shares),
               "hidden": sum(c.value is None for c in published.counts + published.shares),
               "policy": policy.as_dict(), "seal": seal}
    return out, summary


def write_log(folder: str | Path, found: list[Finding], summary: dict[str, Any],
              passes: list[dict[str, Any]] | None = None) -> Path:
    """Write ``disclosure/log.json``: the policy, every output with its checks and status, the verdict."""
    folder = Path(folder)
    ledger = run_ledger(folder)
    flagged = {(f.report, f.output) for f in found}
    outputs = []
    for o in ledger.outputs:
        entry = asdict(o)
        entry["verdict"] = "disclosive" if (o.report, o.output) in flagged else "safe"
        outputs.append(entry)
    log = {
        "policy": summary["policy"],
        "verdict": "safe" if not found else "disclosive",
        "cells_checked": summary["cells"],
        "cells_hidden": summary["hidden"],
        "linked_protection": passes or [],
        "outputs": outputs,
        "findings": [asdict(f) | {"message": f.message()} for f in found],
    }
    path = folder / FOLDER / LOG
    path.write_text(json.dumps(log, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    write_cells(folder, ledger)
    return path


def write_cells(folder: str | Path, ledger: Ledger) -> Path:
    """Write ``disclosure/cells.csv``: every cell of the run with what it counts and how it was released."""
    from evalkit.publish.sdc.ledger import describe

    rows = [{"report": c.report, "output": c.output, "row": c.row, "column": c.column, "kind": "count",
             "unit": c.unit, "counts": describe(c.where), "of": "", "value": "" if c.value is None else c.value,
             "released": c.value is not None} for c in ledger.counts]
    rows += [{"report": s.report, "output": s.output, "row": s.row, "column": s.column, "kind": "percentage",
              "unit": s.unit, "counts": describe(s.numerator), "of": describe(s.denominator),
              "value": "" if s.value is None else s.value, "released": s.value is not None} for s in ledger.shares]
    path = Path(folder) / FOLDER / "cells.csv"
    pd.DataFrame(rows, columns=["report", "output", "row", "column", "kind", "unit", "counts", "of", "value",
                                "released"]).to_csv(path, index=False)
    return path


def format_findings(found: list[Finding], limit: int = 50) -> str:
    lines = []
    for f in found[:limit]:
        message = f.message()
        named = message.startswith(f.rule) or f": {f.rule}" in message  # the message already names the rule
        lines.append(f"- {message}" if named else f"- {message} (rule: {f.rule})")
    if len(found) > limit:
        lines.append(f"- ... and {len(found) - limit} more")
    return "\n".join(lines)
