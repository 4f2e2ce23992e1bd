"""The seal of a run folder: what the run wrote, so that a later change to it can be found and named.

The output checker (:mod:`evalkit.publish.sdc.check`) checks what a run released: the tables in
``disclosure/tables`` and the ledgers that describe their cells. A reader, though, reads the report
pages (``<study>.html``) and the executed notebooks (``<study>.ipynb``). A number typed into one of
those after the run changes what is published without changing anything the checker reads, and a
folder whose ledgers are gone looks like a folder with nothing to check. So once a run is complete, and
before it is moved into place, :func:`seal` writes ``disclosure/manifest.json``:

- the SHA-256 of every file of the run folder (paths relative to it, sorted), except the manifest
  itself and the owner file of a run being written (:data:`evalkit.publish.runs.OWNER_FILE`, removed
  when the run is moved into place);
- for every page (``.html``) and notebook (``.ipynb``), every table in it: its caption, its header,
  its row labels and a short hash (the first 16 hex digits of the SHA-256) of the text of every cell,
  by row and column, so that a changed cell can be named; and a short hash of everything else in it
  (the text outside the tables; in a notebook also its code, plain-text outputs and figures), so that a
  number changed in a sentence is found as well.

:func:`verify` compares a folder with its manifest and returns a
:class:`~evalkit.publish.sdc.linked.Finding` for every difference: a changed cell of a table in a page
or notebook with its table (caption), row label and column header; a table, row or cell added or
removed; a change outside the tables of a page or notebook; any other file changed, added or removed;
and a folder without a manifest ("not sealed").
``evalkit check`` reports them together with the disclosive cells.

The seal shows that a folder is as the run wrote it; it is no signature. Whoever can change the folder
can write a new manifest too, so where that matters keep the manifest's own hash (:func:`manifest_sha256`,
printed by ``evalkit check``) with the record of the release.

The tables are read by a small HTML table reader built on :mod:`html.parser` (:func:`tables_of`,
:func:`html_tables`, :func:`read_tables`); it also reads the HTML outputs (``text/html``) of an
executed notebook (:func:`notebook_html`). The tests and ``scripts/compare_runs.py`` use it as well.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from evalkit.publish.runs import OWNER_FILE
from evalkit.publish.sdc.linked import Finding

#: The folder of a run that holds the released data, the ledgers, the log and the manifest
#: (the same as :data:`evalkit.publish.sdc.check.FOLDER`).
FOLDER = "disclosure"
MANIFEST = "manifest.json"
#: Files whose tables are sealed cell by cell.
REPORT_SUFFIXES = (".html", ".ipynb")
#: Length of the hash kept per cell (hex digits).
CELL_HASH = 16

CHANGED = "changed after the run was checked"
ADDED = "added after the run was checked"
REMOVED = "removed after the run was checked"
NOT_SEALED = "not sealed"
#: The rules of the findings of :func:`verify`.
RULES = (CHANGED, ADDED, REMOVED, NOT_SEALED)
_VERSION = 1


# ------------------------------------------------------------------------------------ reading tables


@dataclass
class Table:
    """One ``<table>`` of a page: its caption and its rows of cell texts (header rows first).

    ``head`` is the number of rows inside ``<thead>``; a table without one counts its first row as
    the header.
    """

    caption: str = ""
    rows: list[list[str]] = field(default_factory=list)
    head: int = 0

    @property
    def header_rows(self) -> int:
        """The number of header rows (at least one when the table has rows)."""
        return min(max(self.head, 1), len(self.rows))

    @property
    def header(self) -> list[str]:
        """The column headers: the last header row."""
        return list(self.rows[self.header_rows - 1]) if self.rows else []

    def row_label(self, row: int) -> str:
        """The label of a row: its first cell, or ``(header)`` for a header row."""
        if row < self.header_rows:
            return "(header)"
        return self.rows[row][0] if self.rows[row] else ""


@dataclass
class _Open:
    """A table being read, with the row, cell and caption open in it."""

    table: Table
    row: list[str] | None = None
    cell: list[str] | None = None
    caption: list[str] | None = None
    in_head: bool = False


class _TableReader(HTMLParser):
    """Collects every ``<table>`` of a page in document order; a table inside a cell is a table of its own."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tables: list[Table] = []
        self.outside: list[str] = []  # the text outside every table
        self._open: list[_Open] = []

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._open.append(_Open(Table()))
            self.tables.append(self._open[-1].table)
            return
        if not self._open:
            return
        top = self._open[-1]
        if tag == "caption":
            top.caption = []
        elif tag == "thead":
            self._end_row(top)
            top.in_head = True
        elif tag in ("tbody", "tfoot"):
            self._end_row(top)
            top.in_head = False
        elif tag == "tr":
            self._end_row(top)
            top.row = []
        elif tag in ("td", "th"):
            self._end_cell(top)
            if top.row is None:  # a cell outside any <tr>
                top.row = []
            top.cell = []
        elif tag == "br" and top.cell is not None:
            top.cell.append(" ")

    def handle_endtag(self, tag):
        if not self._open:
            return
        top = self._open[-1]
        if tag == "table":
            self._end_row(top)
            self._open.pop()
        elif tag == "caption" and top.caption is not None:
            top.table.caption = " ".join("".join(top.caption).split())
            top.caption = None
        elif tag in ("td", "th"):
            self._end_cell(top)
        elif tag == "tr":
            self._end_row(top)
        elif tag == "thead":
            self._end_row(top)
            top.in_head = False

    def handle_data(self, data):
        if not self._open:
            self.outside.append(data)
            return
        top = self._open[-1]
        if top.caption is not None:
            top.caption.append(data)
        elif top.cell is not None:
            top.cell.append(data)

    @staticmethod
    def _end_cell(top: _Open) -> None:
        if top.cell is not None and top.row is not None:
            top.row.append("".join(top.cell).strip())
        top.cell = None

    def _end_row(self, top: _Open) -> None:
        self._end_cell(top)
        if top.row is not None:
            top.table.rows.append(top.row)
            if top.in_head:
                top.table.head += 1
        top.row = None


def tables_of(html: str) -> list[Table]:
    """Every non-empty table of an HTML text, with its caption, in document order.

    Examples
    --------
    >>> page = ("<table><caption>Work</caption><thead><tr><th>trajectory</th><th>n</th></tr></thead>"
    ...         "<tbody><tr><td>lineair</td><td>219</td></tr></tbody></table>")
    >>> table = tables_of(page)[0]
    >>> table.caption, table.header, table.rows[1]
    ('Work', ['trajectory', 'n'], ['lineair', '219'])
    """
    return _read_html(html).tables


@dataclass
class _Page:
    tables: list[Table]
    rest: str  # short hash of what is not in a table cell


def _read_html(html: str) -> _Page:
    reader = _TableReader()
    reader.feed(html)
    reader.close()
    return _Page([table for table in reader.tables if table.rows], cell_hash("".join(reader.outside)))


def html_tables(html: str) -> list[list[list[str]]]:
    """Every non-empty table of an HTML page, as rows of cell texts (header row first).

    Examples
    --------
    >>> html_tables("<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>x</td></tr></table>")
    [[['a', 'b'], ['1', 'x']]]
    """
    return [table.rows for table in tables_of(html)]


def notebook_html(notebook: str | os.PathLike | dict[str, Any]) -> list[str]:
    """The HTML outputs (``text/html``) of the cells of an executed notebook, in order.

    ``notebook`` is a path to an ``.ipynb`` file or the notebook's JSON, already read.

    Examples
    --------
    >>> notebook_html({"cells": [{"cell_type": "code", "outputs": [
    ...     {"output_type": "display_data", "data": {"text/html": ["<b>", "1</b>"], "text/plain": ["1"]}}]}]})
    ['<b>1</b>']
    """
    nb = notebook if isinstance(notebook, dict) else json.loads(Path(notebook).read_text(encoding="utf-8"))
    out = []
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", None) or []:
            html = (output.get("data") or {}).get("text/html")
            if html is not None:
                out.append("".join(html) if isinstance(html, list) else str(html))
    return out


def read_tables(path: str | os.PathLike) -> list[Table]:
    """The tables of a page (``.html``) or of the HTML outputs of an executed notebook (``.ipynb``).

    Raises
    ------
    OSError, ValueError
        The file cannot be read, or a notebook is not JSON.
    """
    return _read_report(Path(path)).tables


def _read_report(path: Path) -> _Page:
    """The tables of a page or notebook, and a short hash of everything else in it."""
    if path.suffix != ".ipynb":
        return _read_html(path.read_text(encoding="utf-8"))
    nb = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(nb, dict):
        raise ValueError(f"{path} is not a notebook")
    pages = [_read_html(html) for html in notebook_html(nb)]
    rest = json.loads(json.dumps(nb))  # a copy without the HTML outputs: code, text, figures, metadata
    for cell in rest.get("cells", []):
        for output in cell.get("outputs", None) or []:
            (output.get("data") or {}).pop("text/html", None)
    text = json.dumps(rest, sort_keys=True, ensure_ascii=False) + "".join(page.rest for page in pages)
    return _Page([table for page in pages for table in page.tables], cell_hash(text))


# ------------------------------------------------------------------------------------- the seal


def cell_hash(text: str) -> str:
    """The short hash of a cell's text kept in the manifest.

    Examples
    --------
    >>> cell_hash("219")
    '314f04b30f62e005'
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:CELL_HASH]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def manifest_path(folder: str | os.PathLike) -> Path:
    return Path(folder) / FOLDER / MANIFEST


def _files(folder: Path) -> list[str]:
    """Every file of a run folder as a relative path (``/``-separated), sorted; not the manifest nor the owner file."""
    skip = {f"{FOLDER}/{MANIFEST}", OWNER_FILE}
    found = []
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        for name in names:
            relative = (Path(root) / name).relative_to(folder).as_posix()
            if relative not in skip:
                found.append(relative)
    return sorted(found)


def _is_report(name: str) -> bool:
    return name.endswith(REPORT_SUFFIXES)


def _table_entry(table: Table) -> dict[str, Any]:
    return {
        "caption": table.caption,
        "head": table.header_rows,
        "header": table.header,
        "rows": [table.row_label(i) for i in range(len(table.rows))],
        "cells": [[cell_hash(cell) for cell in row] for row in table.rows],
    }


def seal(folder: str | os.PathLike) -> Path:
    """Write ``disclosure/manifest.json`` for a finished run folder and return its path.

    The manifest holds the SHA-256 of every file of the folder (relative paths, sorted; not the
    manifest itself nor :data:`~evalkit.publish.runs.OWNER_FILE`) and, for every ``.html`` and
    ``.ipynb`` file, each table's caption, header, row labels and a short hash of every cell.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     _ = Path(tmp, "r.html").write_text("<table><tr><th>n</th></tr><tr><td>12</td></tr></table>")
    ...     path = seal(tmp)
    ...     manifest = json.loads(path.read_text())
    ...     sorted(manifest["files"]), manifest["tables"]["r.html"][0]["header"], verify(tmp)
    (['r.html'], ['n'], [])
    """
    folder = Path(folder)
    files = _files(folder)
    reports = {name: _read_report(folder / name) for name in files if _is_report(name)}
    manifest = {
        "version": _VERSION,
        "algorithm": "sha256",
        "about": "What the run wrote, for 'evalkit check': the SHA-256 of every file of the run folder; per "
                 "table of each page and notebook a short SHA-256 of every cell (by row and column); per page "
                 "and notebook a short SHA-256 of everything outside its tables.",
        "files": {name: _sha256(folder / name) for name in files},
        "tables": {name: [_table_entry(t) for t in page.tables] for name, page in reports.items()},
        "outside_tables": {name: page.rest for name, page in reports.items()},
    }
    path = manifest_path(folder)
    path.parent.mkdir(exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    tmp.replace(path)
    return path


def read_manifest(folder: str | os.PathLike) -> dict[str, Any] | None:
    """The manifest of a run folder; None when it has none.

    Raises
    ------
    ValueError
        The manifest is there but is not one :func:`seal` writes.
    """
    path = manifest_path(folder)
    if not path.is_file():
        return None
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"{path} cannot be read: {exc}") from None
    files, tables = (manifest.get("files"), manifest.get("tables")) if isinstance(manifest, dict) else (None, None)
    if (not isinstance(files, dict) or not isinstance(tables, dict)
            or not all(isinstance(v, str) for v in files.values())
            or not all(isinstance(v, list) and all(isinstance(t, dict) for t in v) for v in tables.values())):
        raise ValueError(f"{path} is not a manifest written by 'evalkit report' (no 'files' and 'tables')")
    return manifest


def manifest_sha256(folder: str | os.PathLike) -> str | None:
    """The SHA-256 of a run folder's manifest (to keep with the record of a release); None when it has none."""
    path = manifest_path(folder)
    return _sha256(path) if path.is_file() else None


def seal_summary(manifest: dict[str, Any]) -> dict[str, int]:
    """What a manifest covers: files, report files (pages and notebooks), tables and table cells."""
    tables = [t for entries in manifest["tables"].values() for t in entries]
    return {"files": len(manifest["files"]), "reports": len(manifest["tables"]), "tables": len(tables),
            "cells": sum(len(row) for t in tables for row in t.get("cells", []))}


# ------------------------------------------------------------------------------------ verifying


def verify(folder: str | os.PathLike) -> list[Finding]:
    """Compare a run folder with its manifest: one finding per changed, added or removed file or cell.

    A changed page or notebook is compared table by table (tables matched by caption): each changed
    cell is named by the file (``report``), the table's caption (``output``), the row label and the
    column header; a table, row or cell that is new or gone is a finding of its own. A page or notebook
    whose tables are unchanged but whose text is not, and any other changed file, is named as a whole.
    A folder without a manifest gives one finding, ``not sealed``.

    Returns
    -------
    list of Finding
        Rules :data:`CHANGED`, :data:`ADDED`, :data:`REMOVED` or :data:`NOT_SEALED`; empty when the
        folder is as it was sealed.
    """
    folder = Path(folder)
    where = f"{FOLDER}/{MANIFEST}"
    try:
        manifest = read_manifest(folder)
    except ValueError as exc:
        return [Finding("", where, "", "", NOT_SEALED, f"{exc}; nothing can be compared with the run as written")]
    if manifest is None:
        return [Finding("", where, "", "", NOT_SEALED,
                        "the folder has no manifest, so nothing can be compared with the run as written; "
                        "it was not written by 'evalkit report', or by an older version, or the manifest "
                        "was removed")]
    sealed, sealed_tables = manifest["files"], manifest["tables"]
    now = _files(folder)
    out: list[Finding] = []
    for name in sorted(set(sealed) | set(now)):
        if name not in now:
            out.append(Finding("", name, "", "", REMOVED, ""))
        elif name not in sealed:
            out.append(Finding("", name, "", "", ADDED, ""))
        elif _sha256(folder / name) != sealed[name]:
            out += _changed_report(folder / name, name, manifest) if name in sealed_tables else [
                Finding("", name, "", "", CHANGED, "")]
    return out


def _changed_report(path: Path, name: str, manifest: dict[str, Any]) -> list[Finding]:
    """What changed in a page or notebook: its table cells, and whatever is outside its tables."""
    try:
        page = _read_report(path)
    except (OSError, ValueError, AttributeError, TypeError) as exc:  # no longer a page or notebook
        return [Finding("", name, "", "", CHANGED, f"it can no longer be read ({type(exc).__name__})")]
    out = _changed_tables(page.tables, name, manifest["tables"][name])
    rest = (manifest.get("outside_tables") or {}).get(name)
    if rest is not None and rest != page.rest:
        out.append(Finding("", name, "", "", CHANGED, "outside its tables"))
    elif not out:  # the same cells and text: the markup changed (or the manifest predates the text hash)
        out.append(Finding("", name, "", "", CHANGED, "not in its tables" if rest is None else "its markup"))
    return out


def keyed(labels: Sequence[str]) -> dict[tuple[str, int], int]:
    """(label, how many equal labels came before) -> position: table captions, row or column labels
    matched between two versions of a page, repeated labels in order."""
    seen: dict[str, int] = {}
    out = {}
    for position, label in enumerate(labels):
        out[(label, seen.get(label, 0))] = position
        seen[label] = seen.get(label, 0) + 1
    return out


def _table_name(caption: str, position: int, captions: Iterable[str]) -> str:
    if not caption:
        return f"table {position + 1}"
    if list(captions).count(caption) > 1:
        return f"{caption} (table {position + 1})"
    return caption


def _changed_tables(current: list[Table], name: str, sealed: list[dict[str, Any]]) -> list[Finding]:
    old_captions = [str(entry.get("caption", "")) for entry in sealed]
    new_captions = [table.caption for table in current]
    old, new = keyed(old_captions), keyed(new_captions)
    out: list[Finding] = []
    for key in list(old) + [k for k in new if k not in old]:
        caption = key[0]
        if key not in new:
            label = _table_name(caption, old[key], old_captions)
            out.append(Finding(name, label, "", "", REMOVED, "the whole table"))
        elif key not in old:
            label = _table_name(caption, new[key], new_captions)
            out.append(Finding(name, label, "", "", ADDED, "the whole table"))
        else:
            label = _table_name(caption, new[key], new_captions)
            out += _changed_cells(name, label, sealed[old[key]], current[new[key]])
    return out


def _changed_cells(name: str, label: str, entry: dict[str, Any], table: Table) -> list[Finding]:
    cells, rows = entry.get("cells", []), entry.get("rows", [])
    header = entry.get("header") or table.header
    head = int(entry.get("head", 1))

    def row_name(r: int) -> str:
        if r < head:
            return "(header)"
        return str(rows[r]) if r < len(rows) else table.row_label(r)

    def column_name(c: int) -> str:
        if c < len(header) and str(header[c]):
            return str(header[c])
        return f"column {c + 1}"

    out: list[Finding] = []
    for r in range(max(len(cells), len(table.rows))):
        if r >= len(table.rows):
            out.append(Finding(name, label, row_name(r), "", REMOVED, "the whole row"))
            continue
        if r >= len(cells):
            out.append(Finding(name, label, table.row_label(r), "", ADDED,
                               "the whole row: " + " | ".join(table.rows[r])))
            continue
        before, now = cells[r], table.rows[r]
        for c in range(max(len(before), len(now))):
            if c >= len(now):
                out.append(Finding(name, label, row_name(r), column_name(c), REMOVED, "the cell"))
            elif c >= len(before):
                out.append(Finding(name, label, row_name(r), column_name(c), ADDED, f"now {now[c]!r}"))
            elif cell_hash(now[c]) != before[c]:
                out.append(Finding(name, label, row_name(r), column_name(c), CHANGED, f"now {now[c]!r}"))
    return out
