"""Compare the tables of two run folders, cell by cell: are the estimates the same?

When evalkit changes (a new version, a refactoring, another disclosure engine), the reports of a run on
the same registry and parameters should show the same numbers wherever nothing needed protection. This
script reads the report pages (``<study>.html``, not ``index.html``) of two run folders with the table
reader of :mod:`evalkit.publish.sdc.integrity`, matches their tables by report and caption (the n-th
table with a caption in one run with the n-th with that caption in the other), and compares them cell by
cell: rows matched by their label (first column), columns by their header.

Each table is ``identical``, ``different``, ``only in A`` or ``only in B``; the summary of these is
printed as a dict. With ``--details`` each differing table follows, with how many of its cells are:

- ``identical``: the same text;
- ``hidden in A`` / ``hidden in B``: hidden (``x``; older runs wrote ``<10``) in one run, shown in the other;
- ``hidden in both``: hidden in both runs, with different markers;
- ``same number other format``: the same numbers written otherwise (``425`` and ``425.0``, ``1.7`` and
  ``1.70``, ``0.9-1.5`` and ``0.90-1.50``);
- ``different value``: anything else;

and the rows and columns only in A or only in B, each with a few examples.

Usage::

    python scripts/compare_runs.py reports/RUN_A reports/RUN_B [--details] [--examples N]

Exits 0 when every table is identical or differs only in format, 1 otherwise.
"""
from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from pprint import pprint
from typing import Any

from evalkit.publish.sdc.integrity import Table, keyed, read_tables
from evalkit.publish.sdc.policy import MARKER

#: What a hidden cell shows: the marker of today's runs and the one older runs used.
HIDDEN = {MARKER, "<10"}
TABLE_CATEGORIES = ("identical", "different", "only in A", "only in B")
CELL_CATEGORIES = ("identical", "hidden in A", "hidden in B", "hidden in both", "same number other format",
                   "different value")
SHAPE_CATEGORIES = ("row only in A", "row only in B", "column only in A", "column only in B")
_NUMBER = re.compile(r"(?<![\d.])[-\u2212]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")


def _numbers(text: str) -> tuple[str, tuple[float, ...]]:
    """The text with every number replaced by ``#``, and the numbers."""
    numbers = tuple(float(m.group().replace("\u2212", "-")) for m in _NUMBER.finditer(text))
    return _NUMBER.sub("#", text), numbers


def cell_category(a: str, b: str) -> str:
    """What two cells of the same row and column are to each other (one of :data:`CELL_CATEGORIES`).

    Examples
    --------
    >>> [cell_category(*pair) for pair in [("425", "425.0"), ("x", "12"), ("<10", "x"), ("1.7", "1.8")]]
    ['same number other format', 'hidden in A', 'hidden in both', 'different value']
    """
    a, b = a.strip(), b.strip()
    if a == b:
        return "identical"
    hidden_a, hidden_b = a in HIDDEN, b in HIDDEN
    if hidden_a and hidden_b:
        return "hidden in both"
    if hidden_a:
        return "hidden in A"
    if hidden_b:
        return "hidden in B"
    (skeleton_a, numbers_a), (skeleton_b, numbers_b) = _numbers(a), _numbers(b)
    if numbers_a and skeleton_a == skeleton_b and numbers_a == numbers_b:
        return "same number other format"
    return "different value"



def _name(key: tuple[str, int]) -> str:
    return key[0] if key[1] == 0 else f"{key[0]} ({key[1] + 1})"


def compare_tables(a: Table, b: Table, examples: int = 3) -> dict[str, Any]:
    """Compare two tables cell by cell: rows matched by label (first column), columns by header.

    Returns
    -------
    dict
        ``counts``: category -> number of cells (:data:`CELL_CATEGORIES`) or of rows and columns
        (:data:`SHAPE_CATEGORIES`); ``examples``: category -> up to ``examples`` examples (not for
        ``identical``).

    Examples
    --------
    >>> from evalkit.publish.sdc.integrity import tables_of
    >>> a = tables_of("<table><tr><th>t</th><th>n</th><th>%</th></tr><tr><td>lin</td><td>425</td><td>1.7</td></tr></table>")
    >>> b = tables_of("<table><tr><th>t</th><th>n</th><th>%</th></tr><tr><td>lin</td><td>425.0</td><td>x</td></tr></table>")
    >>> compare_tables(a[0], b[0])["counts"]["same number other format"], compare_tables(a[0], b[0])["examples"]["hidden in B"]
    (1, ["row 'lin', column '%': '1.7' vs 'x'"])
    """
    counts = dict.fromkeys(CELL_CATEGORIES + SHAPE_CATEGORIES, 0)
    found: dict[str, list[str]] = {category: [] for category in counts if category != "identical"}

    def note(category: str, example: str) -> None:
        counts[category] += 1
        if category in found and len(found[category]) < examples:
            found[category].append(example)

    body_a, body_b = a.rows[a.header_rows:], b.rows[b.header_rows:]
    rows_a = keyed([row[0] if row else "" for row in body_a])
    rows_b = keyed([row[0] if row else "" for row in body_b])
    columns_a, columns_b = keyed(a.header[1:]), keyed(b.header[1:])  # the first column holds the row labels
    for kind, mine, other, side in (("row", rows_a, rows_b, "A"), ("row", rows_b, rows_a, "B"),
                                    ("column", columns_a, columns_b, "A"), ("column", columns_b, columns_a, "B")):
        for key in mine:
            if key not in other:
                note(f"{kind} only in {side}", _name(key))
    for row_key, i in rows_a.items():
        if row_key not in rows_b:
            continue
        row_a, row_b = body_a[i], body_b[rows_b[row_key]]
        for column_key, j in columns_a.items():
            if column_key not in columns_b:
                continue
            k = columns_b[column_key] + 1
            cell_a = row_a[j + 1] if j + 1 < len(row_a) else ""
            cell_b = row_b[k] if k < len(row_b) else ""
            note(cell_category(cell_a, cell_b),
                 f"row {_name(row_key)!r}, column {_name(column_key)!r}: {cell_a!r} vs {cell_b!r}")
    return {"counts": counts, "examples": {category: items for category, items in found.items() if items}}


def table_category(result: dict[str, Any]) -> str:
    """``identical`` when every cell is the same text and no row or column is missing, else ``different``."""
    return "identical" if all(n == 0 for c, n in result["counts"].items() if c != "identical") else "different"


def run_tables(folder: str | Path) -> dict[tuple[str, str, int], Table]:
    """Every table of the report pages of a run: (report, caption, how many with that caption before) -> table."""
    out = {}
    pages = sorted(p for p in Path(folder).glob("*.html") if p.name != "index.html")
    if not pages:
        raise SystemExit(f"{folder}: no report pages (<study>.html); give a run folder written by 'evalkit report'")
    for page in pages:
        tables = read_tables(page)
        for (caption, k), position in keyed([t.caption for t in tables]).items():
            out[(page.stem, caption or "(no caption)", k)] = tables[position]
    return out


def compare_runs(folder_a: str | Path, folder_b: str | Path, examples: int = 3) -> dict[str, Any]:
    """Compare the tables of two run folders.

    Returns
    -------
    dict
        ``summary``: table category -> number of tables (:data:`TABLE_CATEGORIES`); ``tables``: for each
        table (``report: caption``) its category and, when both runs have it, :func:`compare_tables`.
    """
    a, b = run_tables(folder_a), run_tables(folder_b)
    summary = dict.fromkeys(TABLE_CATEGORIES, 0)
    tables: dict[str, dict[str, Any]] = {}
    for key in list(a) + [k for k in b if k not in a]:
        name = f"{key[0]}: {key[1]}" + (f" ({key[2] + 1})" if key[2] else "")
        if key not in b:
            entry = {"category": "only in A"}
        elif key not in a:
            entry = {"category": "only in B"}
        else:
            result = compare_tables(a[key], b[key], examples)
            entry = {"category": table_category(result), **result}
        summary[entry["category"]] += 1
        tables[name] = entry
    return {"summary": summary, "tables": tables}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("run_a", help="a run folder (reports/<run>/)")
    parser.add_argument("run_b", help="the run folder to compare it with")
    parser.add_argument("--details", action="store_true", help="per differing table, its cells by category")
    parser.add_argument("--examples", type=int, default=3, help="examples per category (default 3)")
    args = parser.parse_args(argv)
    result = compare_runs(args.run_a, args.run_b, args.examples)
    pprint(result["summary"], sort_dicts=False)
    for name, entry in result["tables"].items():
        if entry["category"] == "identical":
            continue
        print(f"{entry['category']}: {name}")
        if entry["category"] == "different" and args.details:
            print("  " + repr({c: n for c, n in entry["counts"].items() if n}))
            for category, items in entry["examples"].items():
                print(f"    {category}: " + "; ".join(items))
    if not args.details and result["summary"]["different"]:
        print("(--details counts the cells of each differing table by category, with examples)")
    unchanged = all(entry["category"] == "identical" or (
        entry["category"] == "different"
        and all(n == 0 for c, n in entry["counts"].items() if c not in ("identical", "same number other format")))
        for entry in result["tables"].values())
    return 0 if unchanged else 1


if __name__ == "__main__":
    sys.exit(main())
