"""The registry folder on disk: where it is, what its ``datapackage.json`` lists, and each table file
read as text.

Part of the registry layer, used by :mod:`~evalkit.registry.checks` (which checks what is read here)
and :mod:`~evalkit.registry.load`. Reading never raises for bad data: what cannot be read becomes a
:class:`~evalkit.errors.Problem` in a :class:`Findings`, and the file is left out of further checks.

Row numbers in problems are line numbers in the CSV file as a text editor shows them (the header is
line 1, the first data row line 2; a value spanning lines counts all its lines). For a Parquet file
the row number is the 1-based row index + 1, so that the first row is "row 2" there too.
"""
from __future__ import annotations

import csv
import difflib
import hashlib
import io
import json
import re
import warnings
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

import numpy as np
import pandas as pd

from evalkit.errors import Problem
from evalkit.registry import schema

DESCRIPTOR = "datapackage.json"
SYNTHETIC = "synthetic"
CSV_SUFFIXES = (".csv",)
PARQUET_SUFFIXES = (".parquet", ".pq")
#: A date as the registry writes it; ``[0-9]``, not ``\d``, which would also take Arabic-Indic digits.
ISO_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
#: Deeper than this a datapackage.json is not a descriptor (a real one is about four levels deep).
MAX_DESCRIPTOR_DEPTH = 64

_BOM = b"\xef\xbb\xbf"
_SAVE_AS_CSV = "export it as 'CSV UTF-8 (comma delimited)'"


# --------------------------------------------------------------------------------------------
# Collecting problems
# --------------------------------------------------------------------------------------------

@dataclass
class TableFile:
    """One table while it is being checked."""

    name: str
    file: str
    raw: pd.DataFrame | None = None        # every cell as text, "" when empty
    lines: np.ndarray | None = None        # line number (as in Problem.row) of each row
    data: pd.DataFrame | None = None       # parsed columns that could be parsed
    readable: bool = False

    def has(self, *columns: str) -> bool:
        return self.data is not None and all(c in self.data.columns for c in columns)


class Findings:
    """Collects problems; row-wise checks hand over whole boolean masks."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, file: str, row: int | None, column: str | None, value: Any, problem: str,
            severity: str = "error") -> None:
        self.items.append(Problem(file, row, column, None if value is None else str(value), problem, severity))

    def rows(self, table: TableFile, mask, column: str | None, values, problem: str,
             severity: str = "error", details=None) -> int:
        """One problem per True in ``mask``; ``values``/``details`` are aligned with the table's rows."""
        mask = np.asarray(mask, dtype=bool)
        index = np.flatnonzero(mask)
        if not len(index):
            return 0
        lines = table.lines[index].tolist()
        if values is None:
            picked = [None] * len(index)
        else:
            picked = [None if _missing(v) else str(v)[:500] for v in np.asarray(values, dtype=object)[index]]
        if callable(details):
            details = details()
        if details is None:
            texts = [problem] * len(index)
        else:
            texts = [problem if _missing(d) else f"{problem} [{d}]"
                     for d in np.asarray(details, dtype=object)[index]]
        file = table.file
        self.items.extend(Problem(file, line, column, value, text, severity)
                          for line, value, text in zip(lines, picked, texts))
        return len(index)


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and np.isnan(value))


# --------------------------------------------------------------------------------------------
# The folder and its datapackage.json
# --------------------------------------------------------------------------------------------

def resolve_registry_path(path: str | Path) -> Path:
    """The folder a registry argument stands for.

    Parameters
    ----------
    path : a registry folder, or the string ``"synthetic"`` for the synthetic registry bundled with
        the package (a local folder named ``synthetic`` can be given as ``"./synthetic"``).

    Returns
    -------
    Path (not checked for existence).

    Examples
    --------
    >>> resolve_registry_path("synthetic").name
    'synthetic_registry'
    >>> resolve_registry_path("/data/extract_2021")
    PosixPath('/data/extract_2021')
    """
    if isinstance(path, str) and path == SYNTHETIC:
        return Path(str(resources.files("evalkit") / "synthetic_registry"))
    return Path(path)


def read_descriptor(path, folder: Path, found: Findings, hashes: dict[str, str]) -> dict[str, Any] | None:
    """The content of ``folder/datapackage.json`` (its hash into ``hashes``), or None if it cannot be read."""
    label = str(folder)
    if not folder.exists():
        hint = ("the synthetic registry is not bundled with this installation"
                if isinstance(path, str) and path == SYNTHETIC
                else "give the folder that holds datapackage.json and the table files")
        found.add(label, None, None, None, f"the registry folder does not exist; {hint}.")
        return None
    if not folder.is_dir():
        found.add(label, None, None, None,
                  "this is a file, not a folder; give the folder that holds datapackage.json and the table files.")
        return None
    descriptor_path = folder / DESCRIPTOR
    if not descriptor_path.is_file():
        found.add(DESCRIPTOR, None, None, None,
                  "datapackage.json is missing from the registry folder; add it, listing the table files under "
                  "'resources' and the extraction date per source under 'sources' (see DATA_DICTIONARY.md).")
        return None
    try:
        data = descriptor_path.read_bytes()
    except OSError as exc:
        found.add(DESCRIPTOR, None, None, None, f"datapackage.json cannot be read ({exc.strerror}).")
        return None
    hashes[DESCRIPTOR] = hashlib.sha256(data).hexdigest()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        found.add(DESCRIPTOR, line, None, f"0x{data[exc.start]:02x}",
                  "datapackage.json is not UTF-8 text; re-save it as UTF-8.")
        return None
    too_deep = ("datapackage.json is nested too deeply to be a valid descriptor (objects or lists more than "
                f"{MAX_DESCRIPTOR_DEPTH} levels deep); it must hold an object with a 'resources' and a 'sources' "
                "list (see DATA_DICTIONARY.md): write it again.")
    try:
        descriptor = json.loads(text)
    except json.JSONDecodeError as exc:
        found.add(DESCRIPTOR, exc.lineno, None, None,
                  f"datapackage.json is not valid JSON: {exc.msg} at line {exc.lineno}, character {exc.colno}; "
                  "correct it (a JSON checker shows where).")
        return None
    except RecursionError:
        found.add(DESCRIPTOR, None, None, None, too_deep)
        return None
    if _depth_exceeds(descriptor, MAX_DESCRIPTOR_DEPTH):
        found.add(DESCRIPTOR, None, None, None, too_deep)
        return None
    if not isinstance(descriptor, dict):
        found.add(DESCRIPTOR, None, None, None,
                  "datapackage.json must hold a JSON object with 'resources' and 'sources'.")
        return None
    return descriptor


def _depth_exceeds(value: Any, limit: int) -> bool:
    """True when objects and lists in ``value`` nest more than ``limit`` levels deep (read level by level,
    without recursion, so no depth can overflow the stack)."""
    level, depth = [value], 0
    while True:
        containers = [item for item in level if isinstance(item, (dict, list))]
        if not containers:
            return False
        depth += 1
        if depth > limit:
            return True
        level = [child for item in containers for child in (item.values() if isinstance(item, dict) else item)]


def _parse_iso_date(value: Any) -> pd.Timestamp | None:
    if not isinstance(value, str) or not re.fullmatch(ISO_DATE, value):
        return None
    parsed = pd.to_datetime(value, format="%Y-%m-%d", errors="coerce")
    return None if pd.isna(parsed) else pd.Timestamp(parsed)


def read_sources(descriptor: dict[str, Any], found: Findings) -> dict[str, pd.Timestamp]:
    """Source name -> extraction date, for every usable entry of the descriptor's ``sources``."""
    sources = descriptor.get("sources")
    example = '{"name": "VDAB", "extraction_date": "2021-12-31"}'
    if not isinstance(sources, list) or not sources:
        found.add(DESCRIPTOR, None, "sources", None,
                  f"datapackage.json has no 'sources' list with the extraction date of each source; add one "
                  f"entry per source, e.g. {example}.")
        return {}
    known = set(schema.codelist("source")["code"])
    dates: dict[str, pd.Timestamp] = {}
    for i, entry in enumerate(sources, start=1):
        if not isinstance(entry, dict) or "name" not in entry or "extraction_date" not in entry:
            found.add(DESCRIPTOR, None, "sources", json.dumps(entry, ensure_ascii=False),
                      f"entry {i} of 'sources' must be an object like {example}.")
            continue
        name = str(entry["name"])
        date = _parse_iso_date(entry["extraction_date"])
        if date is None:
            found.add(DESCRIPTOR, None, "sources", str(entry["extraction_date"]),
                      f"extraction date of source '{name}' is not a date in the form YYYY-MM-DD.")
            continue
        if name in dates:
            found.add(DESCRIPTOR, None, "sources", name, "source is listed twice in 'sources'; keep one entry.")
            continue
        if name not in known:
            found.add(DESCRIPTOR, None, "sources", name,
                      f"source is not in code list 'source' ({', '.join(sorted(known))}); its rows will be "
                      "reported as unknown codes.", "warning")
        dates[name] = date
    created = descriptor.get("created")
    if created is not None and _parse_iso_date(created) is None:
        found.add(DESCRIPTOR, None, "created", str(created),
                  "'created' is not a date in the form YYYY-MM-DD.", "warning")
    return dates


def read_resources(descriptor: dict[str, Any], folder: Path, found: Findings) -> dict[str, str]:
    """Table name -> file (relative path as written) for every usable resource entry."""
    resources_ = descriptor.get("resources")
    names = schema.table_names()
    listed: dict[str, str] = {}
    if not isinstance(resources_, list):
        found.add(DESCRIPTOR, None, "resources", None,
                  "datapackage.json has no 'resources' list; add one entry {\"name\": table, \"path\": file} "
                  "per table file.")
        resources_ = []
    for i, entry in enumerate(resources_, start=1):
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) \
                or not isinstance(entry.get("path"), str):
            found.add(DESCRIPTOR, None, "resources", json.dumps(entry, ensure_ascii=False)[:200],
                      f"entry {i} of 'resources' must be an object like "
                      "{\"name\": \"persons\", \"path\": \"persons.csv\"}.")
            continue
        name, file = entry["name"], entry["path"]
        if name not in names:
            close = difflib.get_close_matches(name, names, n=1)
            hint = f" [did you mean '{close[0]}'?]" if close else ""
            found.add(DESCRIPTOR, None, "resources", name,
                      f"unknown table name; the registry model has: {', '.join(names)}{hint}")
            continue
        if name in listed:
            found.add(DESCRIPTOR, None, "resources", name, "table is listed twice in 'resources'; keep one entry.")
            continue
        outside = _outside_folder(file, folder)
        if outside:
            found.add(DESCRIPTOR, None, "resources", file,
                      f"the path of table '{name}' {outside}; the registry folder must hold all its files: put "
                      f"the file in the folder and give its name there (e.g. \"{name}.csv\").")
            continue
        target = folder / file
        if not file.lower().endswith(CSV_SUFFIXES + PARQUET_SUFFIXES):
            found.add(file, None, None, None,
                      f"unsupported file type for table '{name}'; give a .csv (comma-separated, UTF-8) "
                      "or .parquet file.")
            continue
        if not target.exists():
            found.add(file, None, None, None,
                      f"file listed in datapackage.json for table '{name}' does not exist in the registry "
                      "folder; add the file or correct its 'path'.")
            continue
        if not target.is_file():
            found.add(file, None, None, None, f"'{file}' is a folder, not a file.")
            continue
        listed[name] = file
    for name in schema.required_table_names():
        if name not in listed and not any(isinstance(e, dict) and e.get("name") == name for e in resources_):
            found.add(DESCRIPTOR, None, "resources", None,
                      f"required table '{name}' is not listed in 'resources'; add "
                      f"{{\"name\": \"{name}\", \"path\": \"{name}.csv\"}}.")
    return listed


def resource_names(descriptor: dict[str, Any]) -> set[str]:
    """Every table name the descriptor's ``resources`` mention, usable entries or not."""
    entries = descriptor.get("resources")
    if not isinstance(entries, list):
        return set()
    return {entry["name"] for entry in entries if isinstance(entry, dict) and isinstance(entry.get("name"), str)}


def _outside_folder(file: str, folder: Path) -> str | None:
    """Why a resource path leads out of the registry folder (read as a POSIX and as a Windows path),
    or None when it stays inside."""
    if "://" in file:
        return "is a URL"
    for path in (PurePosixPath(file), PureWindowsPath(file)):
        if path.is_absolute() or path.anchor:
            return "is an absolute path"
        if ".." in path.parts:
            return "leads out of the registry folder ('..')"
    try:
        inside = (folder / file).resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):  # a symbolic link loop
        inside = False
    if not inside:
        return "leads out of the registry folder (through a symbolic link)"
    return None


# --------------------------------------------------------------------------------------------
# Reading files
# --------------------------------------------------------------------------------------------

def read_table(folder: Path, table: TableFile, found: Findings, hashes: dict[str, str]) -> None:
    """Fill ``table.raw`` and ``table.lines`` from its CSV or Parquet file (its hash into ``hashes``)."""
    path = folder / table.file
    try:
        data = path.read_bytes()
    except OSError as exc:
        found.add(table.file, None, None, None, f"the file cannot be read ({exc.strerror}).")
        return
    hashes[table.file] = hashlib.sha256(data).hexdigest()
    try:
        if table.file.lower().endswith(PARQUET_SUFFIXES):
            raw = _read_parquet(data, table.file, found)
            lines = None if raw is None else np.arange(len(raw), dtype=np.int64) + 2
        else:
            raw, lines = _read_csv(data, table.file, found)
    except Exception as exc:  # a reader failing on a malformed file is a finding, not a crash
        found.add(table.file, None, None, None,
                  f"the file cannot be read ({type(exc).__name__}: {exc}); check that it is a valid "
                  "CSV or Parquet file.")
        return
    if raw is None:
        return
    table.raw, table.lines, table.readable = raw, lines, True


def _read_csv(data: bytes, file: str, found: Findings) -> tuple[pd.DataFrame | None, np.ndarray | None]:
    """Every cell as text, and the line number of each data row; ``(None, None)`` if unreadable."""
    if data.startswith(_BOM):
        data = data[len(_BOM):]
    if not data.strip():
        found.add(file, None, None, None,
                  "the file is empty; it needs at least a header row with the column names.")
        return None, None
    binary = _binary_kind(data)
    if binary:
        found.add(file, 1, None, None, f"this is not a CSV text file: {binary}.")
        return None, None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        _report_encoding(data, exc, file, found)
        return None, None
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        found.add(file, line, None, None,
                  f"the file contains NUL bytes (it may be UTF-16 or binary); {_SAVE_AS_CSV}.")
        return None, None

    lone_return = re.search(rb"\r(?!\n)", data)
    if lone_return:
        line = data.count(b"\n", 0, lone_return.start()) + 1
        found.add(file, line, None, None,
                  "a carriage return (\\r) without a line feed: lines must end in a line feed (Unix) or a "
                  "carriage return + line feed (Windows), not in a carriage return alone (old Mac); "
                  f"{_SAVE_AS_CSV}.")
        return None, None
    header_end = data.find(b"\n")
    header_text = (data if header_end < 0 else data[:header_end]).decode("utf-8").rstrip("\r")
    if "," not in header_text:
        for delimiter, name in ((";", "semicolons (;)"), ("\t", "tabs"), ("|", "vertical bars (|)")):
            if delimiter in header_text:
                found.add(file, 1, None, header_text,
                          f"wrong delimiter: the header is separated by {name}, not commas; "
                          f"{_SAVE_AS_CSV}, or replace the delimiter by commas.")
                return None, None
        found.add(file, 1, None, header_text,
                  "the header has a single column (no commas); the file must be comma-separated with one "
                  "header row naming the columns.")
        return None, None
    header = next(csv.reader([header_text]))

    structure = _csv_structure(data)
    if structure.unclosed_quote_line is not None:
        found.add(file, structure.unclosed_quote_line, None, None,
                  "a quote (\") opened on this line is never closed, so the rest of the file cannot be split "
                  "into rows; a quote inside a value must be doubled (\"\") and the whole value quoted.")
        return None, None
    n_header = len(header)
    records = slice(1, None)
    fields = structure.fields[records]
    blank = structure.blank[records]
    lines = structure.lines[records]
    ragged = ~blank & (fields != n_header)
    if ragged.any():
        index = np.flatnonzero(ragged)
        starts = structure.starts[records][index]
        for i, start in zip(index, starts):
            snippet = data[start:start + 200].split(b"\n", 1)[0].decode("utf-8", "replace").rstrip("\r")
            more = fields[i] > n_header
            found.add(file, int(lines[i]), None, snippet,
                      ("row has more fields than the header (a comma inside a value must be quoted)"
                       if more else "row has fewer fields than the header (a value or a comma is missing)")
                      + f" [{fields[i]} field{'s' if fields[i] != 1 else ''}, header has {n_header}]")
        return None, None
    # Blank lines at the very end are harmless; blank lines in between are worth a word.
    nonblank = np.flatnonzero(~blank)
    interior = blank.copy()
    if len(nonblank):
        interior[nonblank[-1]:] = False
    else:
        interior[:] = False
    for line in lines[interior].tolist():
        found.add(file, int(line), None, None, "empty line; it is skipped.", "warning")

    data_lines = lines[~blank]
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", pd.errors.ParserWarning)
            raw = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, na_filter=False,
                              encoding="utf-8", skip_blank_lines=True, engine="c", index_col=False)
        ambiguous = (any(issubclass(w.category, pd.errors.ParserWarning) for w in caught)
                     or raw.shape != (len(data_lines), n_header))
    except pd.errors.ParserError:
        ambiguous = True
    if ambiguous:
        # Only a quote in the middle of an unquoted value makes the reader and the row count disagree.
        stray = re.search(rb'[^,\n\r"]"+[^,\n\r"]', data)
        line = data.count(b"\n", 0, stray.start()) + 1 if stray else None
        found.add(file, line, None, None,
                  "a quote (\") inside an unquoted value makes the rows ambiguous; put the whole value in "
                  "quotes and double the quote inside it (\"\").")
        return None, None
    raw.columns = header
    return raw.astype(object), np.asarray(data_lines, dtype=np.int64)


@dataclass
class _Structure:
    starts: np.ndarray          # byte offset where each record starts (the header is record 0)
    lines: np.ndarray           # line number where each record starts
    fields: np.ndarray          # number of fields of each record
    blank: np.ndarray           # record is an empty line
    unclosed_quote_line: int | None = None


def _csv_structure(data: bytes) -> _Structure:
    """Split a CSV file into records and count their fields, without parsing values.

    Vectorised over the bytes: a newline or comma counts as structural when an even number of quote
    characters precedes it (doubled quotes inside a quoted value keep the count even).
    """
    raw = np.frombuffer(data, dtype=np.uint8)
    newline = raw == 10
    comma = raw == 44
    quote = raw == 34
    unclosed = None
    if quote.any():
        inside = (np.cumsum(quote, dtype=np.uint8) & 1).astype(bool)
        if inside[-1]:
            positions = np.flatnonzero(quote)
            opening = positions[inside[positions]][-1]
            unclosed = int(np.count_nonzero(newline[:opening])) + 1
        newline_structural = newline & ~inside
        comma &= ~inside
    else:
        newline_structural = newline
    ends = np.flatnonzero(newline_structural)
    if len(ends) == 0 or ends[-1] != len(raw) - 1:
        ends = np.append(ends, len(raw))
    starts = np.concatenate(([0], ends[:-1] + 1))
    all_newlines = np.flatnonzero(newline)
    lines = np.searchsorted(all_newlines, starts) + 1
    # Summing the mask as uint8 into uint32 is far faster than letting numpy cast booleans to int64.
    commas = np.add.reduceat(comma.view(np.uint8), starts, dtype=np.uint32).astype(np.int64)
    length = ends - starts
    last_byte = raw[np.maximum(ends - 1, 0)]
    blank = (length == 0) | ((length == 1) & (last_byte == 13))
    return _Structure(starts=starts, lines=lines.astype(np.int64), fields=commas + 1, blank=blank,
                      unclosed_quote_line=unclosed)


def _binary_kind(data: bytes) -> str | None:
    if data[:2] == b"\x1f\x8b":
        return "it is a compressed (gzip) file; decompress it first"
    if data[:4] == b"PK\x03\x04":
        return f"it is a ZIP archive or an Excel workbook (.xlsx); {_SAVE_AS_CSV}"
    if data[:4] == b"\xd0\xcf\x11\xe0":
        return f"it is an old Excel workbook (.xls); {_SAVE_AS_CSV}"
    if data[:4] == b"PAR1":
        return "it is a Parquet file; name it .parquet in datapackage.json"
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return f"it is UTF-16 text; {_SAVE_AS_CSV}"
    return None


def _report_encoding(data: bytes, exc: UnicodeDecodeError, file: str, found: Findings) -> None:
    start = exc.start
    line = data.count(b"\n", 0, start) + 1
    line_start = data.rfind(b"\n", 0, start) + 1
    position = start - line_start + 1
    column = None
    if line > 1:
        header_end = data.find(b"\n")
        try:
            header = next(csv.reader([data[:header_end].decode("utf-8").rstrip("\r")]))
            index = data[line_start:start].count(b",")
            column = header[index] if index < len(header) else None
        except (UnicodeDecodeError, StopIteration):
            column = None
    guess = ""
    try:
        data.decode("cp1252")
        guess = " It looks like Windows-1252 / Latin-1 (as saved by Excel's plain 'CSV')."
    except UnicodeDecodeError:
        pass
    found.add(file, line, column, f"0x{data[start]:02x}",
              f"the file is not UTF-8: byte 0x{data[start]:02x} at line {line}, position {position} cannot be "
              f"read.{guess} Re-save the file as UTF-8 ({_SAVE_AS_CSV}).")


def _read_parquet(data: bytes, file: str, found: Findings) -> pd.DataFrame | None:
    """Every cell of a Parquet file as text ("" when null), so the CSV checks apply unchanged."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    if not data:
        found.add(file, None, None, None, "the file is empty; write the table as Parquet again.")
        return None
    try:
        # ParquetFile, not read_table: the dataset reader behind read_table fails on duplicate names.
        table = pq.ParquetFile(io.BytesIO(data)).read()
    except (pa.ArrowException, OSError) as exc:
        found.add(file, None, None, None, f"this is not a readable Parquet file ({exc}).")
        return None
    counts = Counter(table.column_names)
    duplicates = [name for name, n in counts.items() if n > 1]
    for name in duplicates:
        found.add(file, 1, name, None,
                  f"column appears {counts[name]} times in the Parquet file; keep one and write the file again "
                  "(in pandas: df.loc[:, ~df.columns.duplicated()]).")
    if duplicates:
        return None
    lines = np.arange(table.num_rows, dtype=np.int64) + 2
    where = TableFile(name="", file=file, lines=lines)
    columns: dict[str, pd.Series] = {}
    readable = True
    for name, column in zip(table.column_names, table.columns):
        text = _parquet_text(column, name, where, found)
        if text is None:
            readable = False
            continue
        columns[name] = text.where(text.notna(), "").astype(object)
    if not readable:
        return None
    return pd.DataFrame(columns, index=pd.RangeIndex(table.num_rows))


def _parquet_text(column, name: str, where: TableFile, found: Findings) -> pd.Series | None:
    """One Parquet column as text, or None (with the problems in ``found``) when its text is not UTF-8."""
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = column.type
    if pa.types.is_date(kind):
        return pd.Series(pc.cast(column, pa.string()).to_pandas())
    if pa.types.is_timestamp(kind):
        values = pd.Series(column.to_pandas())
        if getattr(values.dt, "tz", None) is not None:
            values = values.dt.tz_localize(None)  # the wall-clock time where it was written
        # Arrow's strftime writes years before 1000 with four digits, as the checks expect; pandas' does not.
        text = pd.Series(pc.strftime(pa.array(values), "%Y-%m-%d").to_pandas(), index=values.index)
        with_time = values.notna() & (values != values.dt.normalize())
        clock = values.dt.strftime(" %H:%M:%S.%f").str.replace(r"\.0+$", "", regex=True)
        return text.where(~with_time, text + clock)
    if pa.types.is_floating(kind):
        values = pd.Series(column.to_pandas())
        # Beyond the int64 range a float has no integer text of its own: it keeps its float text ("1e+30").
        whole = values.notna() & np.isfinite(values) & (values == np.round(values)) & (values.abs() < 2.0 ** 63)
        text = values.astype(str).where(values.notna(), "")
        text[whole] = values[whole].astype("int64").astype(str)
        return text
    if pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_binary(kind) \
            or pa.types.is_large_binary(kind):
        try:
            return pd.Series(pc.cast(column, pa.string()).to_pandas())
        except pa.ArrowException:
            return _report_parquet_utf8(column, name, where, found)
    try:
        return pd.Series(pc.cast(column, pa.string()).to_pandas())
    except pa.ArrowException:
        return pd.Series(column.to_pandas()).astype(str)


def _report_parquet_utf8(column, name: str, where: TableFile, found: Findings) -> None:
    """Name every cell of a text column whose bytes are not UTF-8."""
    import pyarrow as pa

    raw = pd.Series(column.cast(pa.binary()).to_pandas(), dtype=object)
    present = raw.notna()
    # Undecodable bytes become lone surrogates (U+DC80-U+DCFF), which valid UTF-8 never yields.
    decoded = raw[present].str.decode("utf-8", errors="surrogateescape")
    bad = pd.Series(False, index=raw.index)
    bad[present] = decoded.str.contains("[\udc80-\udcff]", regex=True)
    shown = raw[bad].str.decode("utf-8", errors="backslashreplace")
    found.rows(where, bad.to_numpy(), name, shown.reindex(raw.index),
               "text is not valid UTF-8; write the Parquet file again with this column as UTF-8 text (decode it "
               "from the encoding it was read in, e.g. Windows-1252, before writing).")
    return None
