"""Load and validate a registry folder against the registry model in ``data_schema/``.

A registry folder holds one file per table (CSV or Parquet) and a ``datapackage.json`` naming the
files and giving, per source, the extraction date. Two entry points:

- :func:`validate` checks everything and returns a :class:`ValidationResult` listing every problem
  (file, row, column, value, what to do). It never raises for bad data.
- :func:`load_registry` runs the same checks and returns a :class:`Registry` of typed DataFrames, or
  raises :class:`~evalkit.errors.RegistryError` carrying every error. Nothing is half-loaded.

Row numbers in problems are line numbers in the CSV file as a text editor shows them (the header is
line 1, the first data row line 2; a value spanning lines counts all its lines). For a Parquet file
the row number is the 1-based row index + 1, so that the first row is "row 2" there too.

All checks are vectorised over whole columns (no row-by-row Python loops), so registries of millions
of rows can be checked; only the rows that fail a check become :class:`~evalkit.errors.Problem` objects.
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
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from evalkit.registry import schema
from evalkit.errors import InputError, Problem, RegistryError

DESCRIPTOR = "datapackage.json"
SYNTHETIC = "synthetic"
CSV_SUFFIXES = (".csv",)
PARQUET_SUFFIXES = (".parquet", ".pq")

#: Code lists with more codes than this are shortened in messages.
_MAX_CODES_IN_MESSAGE = 12
_MAX_VALUE_CHARS = 80
_ISO_DATE = r"\d{4}-\d{2}-\d{2}"
_INTEGER = r"[+-]?\d{1,18}"
_BOM = b"\xef\xbb\xbf"
_SAVE_AS_CSV = "export it as 'CSV UTF-8 (comma delimited)'"

#: Spells whose overlap within one person is suspicious: kind -> extra grouping columns.
_OVERLAP_KINDS = {"employment": [], "benefit": ["benefit_type"]}


# --------------------------------------------------------------------------------------------
# Public results
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class Registry:
    """A validated registry: one typed DataFrame per table, plus the facts reports need.

    Column types follow the schema: dates ``datetime64[ns]`` (``NaT`` when empty), integers
    ``Int64`` (``<NA>`` when empty), text ``object`` (``NaN`` when empty). Columns appear in schema
    order, followed by any extra columns of the file (as text). A table the registry does not hold
    is an empty DataFrame with the schema's columns and types.

    Attributes
    ----------
    persons, intakes, trajectory_changes, episodes, status_snapshots, milestones : DataFrame
    extraction_dates : dict source name -> ``pandas.Timestamp`` (from ``datapackage.json``)
    path : the registry folder
    file_hashes : dict file name -> sha256 hex digest, for every data file and ``datapackage.json``
    warnings : tuple of :class:`~evalkit.errors.Problem` found while loading (none of them errors)

    Examples
    --------
    >>> registry = load_registry("synthetic")
    >>> registry.extraction_date
    Timestamp('2021-12-31 00:00:00')
    >>> registry.table("intakes")["intake_date"].dtype
    dtype('<M8[ns]')
    """

    persons: pd.DataFrame
    intakes: pd.DataFrame
    trajectory_changes: pd.DataFrame
    episodes: pd.DataFrame
    status_snapshots: pd.DataFrame
    milestones: pd.DataFrame
    extraction_dates: dict[str, pd.Timestamp]
    path: Path
    file_hashes: dict[str, str]
    warnings: tuple[Problem, ...] = ()

    @property
    def extraction_date(self) -> pd.Timestamp:
        """The latest extraction date over all sources (the registry's overall "as of" date)."""
        return max(self.extraction_dates.values())

    def table(self, name: str) -> pd.DataFrame:
        """The DataFrame of table ``name`` (one of :func:`evalkit.registry.schema.table_names`).

        Raises
        ------
        InputError : ``name`` is not a table of the registry model.
        """
        if name not in schema.table_names():
            raise InputError(f"Unknown table {name!r}; the registry has: {', '.join(schema.table_names())}.")
        return getattr(self, name)

    def __repr__(self) -> str:
        rows = ", ".join(f"{name}={len(getattr(self, name))}" for name in schema.table_names())
        return (f"Registry(path={str(self.path)!r}, {rows}, "
                f"extraction_date={self.extraction_date.date()}, warnings={len(self.warnings)})")


@dataclass
class ValidationResult:
    """Everything :func:`validate` found in a registry folder.

    Attributes
    ----------
    path : the folder that was checked (as given, or the resolved bundled folder)
    errors : list of Problem with severity ``"error"`` (the registry cannot be loaded while any remain)
    warnings : list of Problem with severity ``"warning"`` (worth a look; loading still works)
    rows : dict file name -> number of data rows read (files that could not be read are absent)
    """

    path: str
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when there are no errors (warnings do not count)."""
        return not self.errors

    @property
    def problems(self) -> list[Problem]:
        """Errors and warnings together, grouped by file in the order the files were read."""
        return _sorted_problems(self.errors + self.warnings, self.files)

    def format(self, max_problems: int = 50) -> str:
        """A readable report: per file the counts per problem type and the first problems.

        Parameters
        ----------
        max_problems : how many problems to list per file (all of them are counted).

        Returns
        -------
        str, ending with a one-line verdict.

        Examples
        --------
        >>> print(validate("/no/such/folder").format())               # doctest: +ELLIPSIS
        Registry folder: /no/such/folder
        ...
        Verdict: NOT VALID ...
        """
        lines = [f"Registry folder: {self.path}"]
        by_file: dict[str, list[Problem]] = {}
        for problem in self.problems:
            by_file.setdefault(problem.file, []).append(problem)
        files = list(dict.fromkeys(self.files + list(by_file)))
        if files:
            width = max(len(name) for name in files)
            lines.append("")
            for name in files:
                found = by_file.get(name, [])
                rows = f"{self.rows[name]:>9,} rows" if name in self.rows else " " * 14
                lines.append(f"  {name:<{width}}  {rows}  {_count_text(found) or 'ok'}")
        for name in files:
            found = by_file.get(name)
            if not found:
                continue
            lines += ["", f"{name}: {_count_text(found)}"]
            groups = Counter((p.severity, p.column, _problem_type(p.problem)) for p in found)
            if len(found) > 1:
                lines.append("  By problem:")
                for (severity, column, text), count in sorted(
                        groups.items(), key=lambda item: (item[0][0] != "error", -item[1])):
                    where = f"column '{column}': " if column else ""
                    lines.append(f"    {count:>8,} {_plural(severity, count):<8}  {where}{text}")
                lines.append(f"  First {min(max_problems, len(found))} of {len(found):,}:"
                             if len(found) > max_problems else "  Problems:")
            for problem in found[:max_problems]:
                lines.append(f"    {problem.severity.upper():<7} {_shorten(problem).format()}")
            if len(found) > max_problems:
                lines.append(f"    ... {len(found) - max_problems:,} more not shown "
                             f"(raise --max-problems to list more).")
        lines += ["", self._verdict()]
        return "\n".join(lines)

    def _verdict(self) -> str:
        if self.errors:
            n_files = len({p.file for p in self.errors})
            warnings = f", {_count_text(self.warnings)}" if self.warnings else ""
            return (f"Verdict: NOT VALID - {_count_text(self.errors)} in {n_files} "
                    f"file{'s' if n_files != 1 else ''}{warnings}; fix the errors and validate again.")
        total = sum(self.rows.values())
        tables = len(self.rows)
        warnings = f"; {_count_text(self.warnings)} to review" if self.warnings else ""
        return f"Verdict: VALID - {tables} table{'s' if tables != 1 else ''}, {total:,} rows{warnings}."


def _plural(severity: str, count: int) -> str:
    return severity if count == 1 else severity + "s"


def _count_text(problems: list[Problem]) -> str:
    n_errors = sum(p.severity == "error" for p in problems)
    n_warnings = len(problems) - n_errors
    parts = []
    if n_errors:
        parts.append(f"{n_errors:,} {_plural('error', n_errors)}")
    if n_warnings:
        parts.append(f"{n_warnings:,} {_plural('warning', n_warnings)}")
    return ", ".join(parts)


@lru_cache(maxsize=4096)
def _problem_type(text: str) -> str:
    """The problem without its row-specific detail (a trailing ``[...]``), to count alike problems."""
    return re.sub(r"\s*\[[^\[\]]*\]$", "", text)


def _shorten(problem: Problem) -> Problem:
    value = problem.value
    if value is not None and len(value) > _MAX_VALUE_CHARS:
        value = value[:_MAX_VALUE_CHARS] + "..."
    return Problem(problem.file, problem.row, problem.column, value, problem.problem, problem.severity)


def _sorted_problems(problems: list[Problem], files: list[str]) -> list[Problem]:
    rank = {name: i for i, name in enumerate(files)}
    return sorted(problems, key=lambda p: (rank.get(p.file, -1), p.row if p.row is not None else 0))


# --------------------------------------------------------------------------------------------
# Public functions
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


def validate(path: str | Path) -> ValidationResult:
    """Check a registry folder against the registry model; never raises for bad data.

    Checks: the folder and its ``datapackage.json``; every listed file (present, readable as UTF-8
    comma-separated CSV or as Parquet, no ragged rows); table names; columns (required ones present,
    unknown ones reported as warnings); value types (ISO dates, integers); required values; codes in
    their code lists; minimum/maximum; unique values and primary keys; references between tables;
    date logic (end before start, dates after the extraction date of their source, intake before
    birth, trajectory change before its intake); fields required for some kinds of spell; and, as
    warnings, overlapping employment (or same-type benefit) spells of one person and trajectory
    changes whose ``from_trajectory`` is not the trajectory in force.

    Parameters
    ----------
    path : registry folder, or ``"synthetic"`` (see :func:`resolve_registry_path`).

    Returns
    -------
    ValidationResult with ``ok``, ``errors``, ``warnings`` and ``format()``.

    Examples
    --------
    >>> result = validate("/no/such/folder")
    >>> result.ok, result.errors[0].problem[:36]
    (False, 'the registry folder does not exist; ')
    """
    result, _ = _inspect(path)
    return result


def load_registry(path: str | Path) -> Registry:
    """Validate a registry folder and load it as typed DataFrames.

    Parameters
    ----------
    path : registry folder, or ``"synthetic"`` for the bundled synthetic registry.

    Returns
    -------
    Registry (see its docstring for the column types). Warnings are kept in ``registry.warnings``.

    Raises
    ------
    RegistryError : any error in the folder; ``exc.problems`` lists all of them, and the message
        shows the first ones. Nothing is returned half-loaded.

    Examples
    --------
    >>> registry = load_registry("synthetic")
    >>> registry.status_snapshots.dtypes["status_code"]
    Int64Dtype()
    """
    result, loaded = _inspect(path)
    if not result.ok or loaded is None:
        shown = "\n".join(f"  {_shorten(p).format()}" for p in result.errors[:10])
        more = len(result.errors) - 10
        message = (f"The registry at {result.path} has {_count_text(result.errors)}; nothing was loaded.\n"
                   f"{shown}")
        if more > 0:
            message += f"\n  ... and {more:,} more."
        message += f"\nRun 'evalkit validate {path}' for the full list."
        raise RegistryError(message, result.errors)
    return Registry(**loaded, warnings=tuple(result.warnings))


# --------------------------------------------------------------------------------------------
# Collecting problems
# --------------------------------------------------------------------------------------------

class _Findings:
    """Collects problems; row-wise checks hand over whole boolean masks."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, file: str, row: int | None, column: str | None, value: Any, problem: str,
            severity: str = "error") -> None:
        self.items.append(Problem(file, row, column, None if value is None else str(value), problem, severity))

    def rows(self, table: "_Table", mask, column: str | None, values, problem: str,
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


@dataclass
class _Table:
    """One table while it is being checked."""

    name: str
    file: str
    raw: pd.DataFrame | None = None        # every cell as text, "" when empty
    lines: np.ndarray | None = None        # line number (as in Problem.row) of each row
    data: pd.DataFrame | None = None       # parsed columns that could be parsed
    readable: bool = False

    def has(self, *columns: str) -> bool:
        return self.data is not None and all(c in self.data.columns for c in columns)


# --------------------------------------------------------------------------------------------
# The checks, in order
# --------------------------------------------------------------------------------------------

def _inspect(path: str | Path) -> tuple[ValidationResult, dict[str, Any] | None]:
    """Run every check. Returns the result and, when there are no errors, the Registry's fields."""
    folder = resolve_registry_path(path)
    shown_path = str(folder)
    result = ValidationResult(path=shown_path)
    found = _Findings()
    hashes: dict[str, str] = {}

    descriptor = _check_folder_and_descriptor(path, folder, found, hashes)
    tables: dict[str, _Table] = {}
    extraction_dates: dict[str, pd.Timestamp] = {}
    if descriptor is not None:
        extraction_dates = _check_sources(descriptor, found)
        listed = _check_resources(descriptor, folder, found)
        for name in schema.table_names():
            if name not in listed:
                continue
            table = _Table(name=name, file=listed[name])
            tables[name] = table
            _read_table(folder, table, found, hashes)
            if table.readable:
                result.rows[table.file] = len(table.raw)
                _check_columns(table, found)
                _check_values(table, found)
                _check_table_rules(table, found)
        _check_references(tables, found)
        _check_dates(tables, extraction_dates, found)
        _check_trajectories(tables, found)
        _check_overlaps(tables, extraction_dates, found)
        result.files = [DESCRIPTOR] + [t.file for t in tables.values()]
    else:
        result.files = []

    problems = _sorted_problems(found.items, result.files)
    result.errors = [p for p in problems if p.severity == "error"]
    result.warnings = [p for p in problems if p.severity != "error"]
    if result.errors or descriptor is None:
        return result, None
    loaded = {name: _final_frame(name, tables.get(name)) for name in schema.table_names()}
    loaded.update(extraction_dates=extraction_dates, path=folder, file_hashes=hashes)
    return result, loaded


def _check_folder_and_descriptor(path, folder: Path, found: _Findings,
                                 hashes: dict[str, str]) -> dict[str, Any] | None:
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
    try:
        descriptor = json.loads(text)
    except json.JSONDecodeError as exc:
        found.add(DESCRIPTOR, exc.lineno, None, None,
                  f"datapackage.json is not valid JSON: {exc.msg} at line {exc.lineno}, character {exc.colno}; "
                  "correct it (a JSON checker shows where).")
        return None
    if not isinstance(descriptor, dict):
        found.add(DESCRIPTOR, None, None, None,
                  "datapackage.json must hold a JSON object with 'resources' and 'sources'.")
        return None
    return descriptor


def _parse_iso_date(value: Any) -> pd.Timestamp | None:
    if not isinstance(value, str) or not re.fullmatch(_ISO_DATE, value):
        return None
    parsed = pd.to_datetime(value, format="%Y-%m-%d", errors="coerce")
    return None if pd.isna(parsed) else pd.Timestamp(parsed)


def _check_sources(descriptor: dict[str, Any], found: _Findings) -> dict[str, pd.Timestamp]:
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


def _check_resources(descriptor: dict[str, Any], folder: Path, found: _Findings) -> dict[str, str]:
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


# --------------------------------------------------------------------------------------------
# Reading files
# --------------------------------------------------------------------------------------------

def _read_table(folder: Path, table: _Table, found: _Findings, hashes: dict[str, str]) -> None:
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


def _read_csv(data: bytes, file: str, found: _Findings) -> tuple[pd.DataFrame | None, np.ndarray | None]:
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


def _report_encoding(data: bytes, exc: UnicodeDecodeError, file: str, found: _Findings) -> None:
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


def _read_parquet(data: bytes, file: str, found: _Findings) -> pd.DataFrame | None:
    """Every cell of a Parquet file as text ("" when null), so the CSV checks apply unchanged."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    if not data:
        found.add(file, None, None, None, "the file is empty; write the table as Parquet again.")
        return None
    try:
        table = pq.read_table(io.BytesIO(data))
    except (pa.ArrowException, OSError) as exc:
        found.add(file, None, None, None, f"this is not a readable Parquet file ({exc}).")
        return None
    columns: dict[str, pd.Series] = {}
    duplicates = [name for name, n in Counter(table.column_names).items() if n > 1]
    for name in duplicates:
        found.add(file, 1, name, None, "column appears more than once; keep one.")
    if duplicates:
        return None
    for name, column in zip(table.column_names, table.columns):
        kind = column.type
        if pa.types.is_date(kind) or pa.types.is_timestamp(kind):
            values = pd.Series(column.to_pandas(date_as_object=False))
            if getattr(values.dt, "tz", None) is not None:
                values = values.dt.tz_localize(None)
            text = values.dt.strftime("%Y-%m-%d")
            with_time = values.notna() & (values != values.dt.normalize())
            text = text.where(~with_time, values.astype(str))
        elif pa.types.is_floating(kind):
            values = pd.Series(column.to_pandas())
            whole = values.notna() & np.isfinite(values) & (values == np.round(values))
            text = values.astype(str).where(values.notna(), "")
            text[whole] = values[whole].astype("int64").astype(str)
        else:
            try:
                text = pd.Series(pc.cast(column, pa.string()).to_pandas())
            except pa.ArrowException:
                text = pd.Series(column.to_pandas()).astype(str)
        columns[name] = text.where(text.notna(), "").astype(object)
    return pd.DataFrame(columns, index=pd.RangeIndex(table.num_rows))


# --------------------------------------------------------------------------------------------
# Columns and values of one table
# --------------------------------------------------------------------------------------------

def _check_columns(table: _Table, found: _Findings) -> None:
    fields = schema.table_schema(table.name)["fields"]
    expected = [f["name"] for f in fields]
    present = list(table.raw.columns)
    for name, count in Counter(present).items():
        if count > 1:
            found.add(table.file, 1, name, None, "column appears more than once in the header; keep one.")
            table.readable = False
    for f in fields:
        if f["name"] in present:
            continue
        close = difflib.get_close_matches(f["name"], [c for c in present if c not in expected], n=1)
        hint = f" [the file has '{close[0]}']" if close else ""
        if f.get("constraints", {}).get("required"):
            found.add(table.file, 1, f["name"], None,
                      f"required column is missing; add a column named exactly '{f['name']}' to the "
                      f"header{hint}")
        else:
            found.add(table.file, 1, f["name"], None,
                      f"column is missing; it is read as empty (add it if the registry holds it){hint}",
                      "warning")
    for name in present:
        if name in expected:
            continue
        close = difflib.get_close_matches(name.strip(), expected, n=1)
        hint = f" [did you mean '{close[0]}'?]" if close else ""
        found.add(table.file, 1, name, None,
                  f"column is not in the schema of table '{table.name}'; it is kept as text and not "
                  f"checked{hint}", "warning")
    if len(table.raw) == 0:
        found.add(table.file, None, None, None, "the table has no data rows.", "warning")


def _allowed_codes_text(name: str) -> str:
    codes = schema.codelist(name)["code"].tolist()
    if len(codes) > _MAX_CODES_IN_MESSAGE:
        return ", ".join(codes[:_MAX_CODES_IN_MESSAGE]) + f", ... ({len(codes)} codes; see DATA_DICTIONARY.md)"
    return ", ".join(codes)


def _check_values(table: _Table, found: _Findings) -> None:
    """Parse every schema column (types, required, codes, min/max, unique); fill ``table.data``."""
    if not table.readable:
        return
    raw = table.raw
    spec = schema.table_schema(table.name)
    parsed: dict[str, pd.Series] = {}
    for f in spec["fields"]:
        name = f["name"]
        if name not in raw.columns:
            continue
        values = raw[name]
        constraints = f.get("constraints", {})
        empty = (values == "").to_numpy()
        if constraints.get("required"):
            found.rows(table, empty, name, values,
                       "required value is empty; fill it in (or drop the row if it is not a real record).")
        column = _parse_column(table, f, values, empty, found)
        parsed[name] = column
        if f.get("codelist"):
            _check_codes(table, f, values, column, found)
        _check_range(table, f, values, column, constraints, found)
        if constraints.get("unique") and spec.get("primaryKey") not in ([name], name):
            duplicated = column.notna() & column.duplicated(keep=False)
            found.rows(table, duplicated, name, values, "value occurs more than once; it must be unique.")
    known = {f["name"] for f in spec["fields"]}
    for name in raw.columns:
        if name not in known:
            parsed[name] = raw[name].where(raw[name] != "", np.nan).astype(object)
    table.data = pd.DataFrame(parsed, index=raw.index)


def _parse_column(table: _Table, f: dict[str, Any], values: pd.Series, empty: np.ndarray,
                  found: _Findings) -> pd.Series:
    name, kind = f["name"], f["type"]
    if kind == "date":
        iso = values.str.fullmatch(_ISO_DATE).to_numpy(dtype=bool)
        found.rows(table, ~empty & ~iso, name, values,
                   "not a date in the form YYYY-MM-DD (e.g. 2019-03-01); write dates as year-month-day.")
        parsed = pd.to_datetime(values.where(iso, None), format="%Y-%m-%d", errors="coerce")
        parsed = pd.Series(parsed, index=values.index).astype("datetime64[ns]")
        found.rows(table, iso & parsed.isna().to_numpy(), name, values,
                   "not an existing calendar date (or outside the years 1678-2261); correct the date.")
        return parsed
    if kind == "integer":
        whole = values.str.fullmatch(_INTEGER).to_numpy(dtype=bool)
        found.rows(table, ~empty & ~whole, name, values,
                   "not an integer; write a whole number without decimals, spaces or thousands separators.")
        numbers = pd.to_numeric(values.where(whole, None), errors="coerce")
        return pd.Series(numbers, index=values.index).astype("Int64")
    return values.where(~empty, np.nan).astype(object)


def _check_codes(table: _Table, f: dict[str, Any], values: pd.Series, column: pd.Series,
                 found: _Findings) -> None:
    name = f["codelist"]
    codes = schema.codelist(name)["code"]
    message = (f"not a code of code list '{name}' (allowed: {_allowed_codes_text(name)}); "
               "use one of these codes.")
    if f["type"] == "integer":
        bad = column.notna() & ~column.isin(codes.astype(int).tolist())
        found.rows(table, bad.to_numpy(dtype=bool), f["name"], values, message)
        return
    bad = (column.notna() & ~column.isin(codes.tolist())).to_numpy(dtype=bool)
    if not bad.any():
        return
    lowered = {code.strip().lower(): code for code in codes}
    suggestion = values.str.strip().str.lower().map(lowered)
    details = ("did you mean '" + suggestion + "'?").where(suggestion.notna(), None)
    found.rows(table, bad, f["name"], values, message, details=details)


def _check_range(table: _Table, f: dict[str, Any], values: pd.Series, column: pd.Series,
                 constraints: dict[str, Any], found: _Findings) -> None:
    for key, op, word in (("minimum", np.less, "below the minimum"), ("maximum", np.greater, "above the maximum")):
        if key not in constraints:
            continue
        bound = constraints[key]
        if f["type"] == "date":
            bound = pd.Timestamp(bound)
        outside = column.notna() & op(column, bound)
        found.rows(table, outside.to_numpy(dtype=bool, na_value=False), f["name"], values,
                   f"{word} {constraints[key]}; check the value.")


def _check_table_rules(table: _Table, found: _Findings) -> None:
    """Primary key, fields required for some rows, end before start."""
    if table.data is None:
        return
    data, spec = table.data, schema.table_schema(table.name)
    key = spec.get("primaryKey")
    key = [key] if isinstance(key, str) else key
    if key and table.has(*key):
        complete = data[key].notna().all(axis=1)
        duplicate = complete & data.duplicated(subset=key, keep="first")
        if duplicate.any():
            first_line = pd.Series(table.lines, index=data.index).where(complete)
            first_line = first_line.groupby([data[k] for k in key], dropna=True).transform("min")
            shown = table.raw[key].astype(str).agg(" / ".join, axis=1) if len(key) > 1 else table.raw[key[0]]
            label = ", ".join(key)
            what = "combination" if len(key) > 1 else "value"
            found.rows(table, duplicate.to_numpy(dtype=bool), label, shown,
                       f"duplicate primary key: this {what} of {label} is already on an earlier row; each "
                       f"{what} may occur once.",
                       details=lambda: "first on row " + first_line.astype("Int64").astype(str))
    for f in spec["fields"]:
        when = f.get("requiredWhen")
        if not when or not table.has(f["name"], *when):
            continue
        applies = pd.Series(True, index=data.index)
        for column, allowed in when.items():
            applies &= data[column].isin(allowed)
        empty = (table.raw[f["name"]] == "")
        condition = " and ".join(f"{column} is {' or '.join(allowed)}" for column, allowed in when.items())
        what = f"a code of code list '{f['codelist']}'" if f.get("codelist") else "a value"
        found.rows(table, (applies & empty).to_numpy(dtype=bool), f["name"], table.raw[f["name"]],
                   f"required on rows where {condition}; fill in {what}.")
    if table.has("start_date", "end_date"):
        before = data["end_date"] < data["start_date"]
        found.rows(table, before.to_numpy(dtype=bool), "end_date", table.raw["end_date"],
                   "end_date is before start_date; correct one of the two dates.",
                   details=lambda: "start_date " + table.raw["start_date"])


# --------------------------------------------------------------------------------------------
# Checks across tables
# --------------------------------------------------------------------------------------------

def _check_references(tables: dict[str, _Table], found: _Findings) -> None:
    for table in tables.values():
        if table.data is None:
            continue
        for foreign in schema.table_schema(table.name).get("foreignKeys", []):
            fields = foreign["fields"] if isinstance(foreign["fields"], list) else [foreign["fields"]]
            reference = foreign["reference"]
            parent_name = reference["resource"]
            parent_fields = reference["fields"] if isinstance(reference["fields"], list) else [reference["fields"]]
            if not table.has(*fields):
                continue
            parent = tables.get(parent_name)
            if parent is None:
                found.add(table.file, None, ", ".join(fields), None,
                          f"the table refers to table '{parent_name}', which the registry does not list; add it "
                          "to datapackage.json.")
                continue
            if not parent.has(*parent_fields):
                continue  # the parent's own problems are reported already
            child = table.data[fields]
            present = child.notna().all(axis=1)
            if len(fields) == 1:
                known = child[fields[0]].isin(parent.data[parent_fields[0]].dropna().unique())
            else:
                known = pd.Series(pd.MultiIndex.from_frame(child).isin(
                    pd.MultiIndex.from_frame(parent.data[parent_fields])), index=child.index)
            label = ", ".join(fields)
            shown = table.raw[fields[0]] if len(fields) == 1 else table.raw[fields].agg(" / ".join, axis=1)
            found.rows(table, (present & ~known).to_numpy(dtype=bool), label, shown,
                       f"{label} not found in table '{parent_name}' ({parent.file}); every {label} must refer "
                       f"to a row there: add the missing row to {parent.file} or correct the value.")


def _date_fields(name: str) -> list[str]:
    return [f["name"] for f in schema.table_schema(name)["fields"] if f["type"] == "date"]


def _check_dates(tables: dict[str, _Table], extraction_dates: dict[str, pd.Timestamp],
                 found: _Findings) -> None:
    """Dates after the extraction date; sources without one; intake before birth; change before intake."""
    if extraction_dates:
        latest = max(extraction_dates.values())
        valid_sources = set(schema.codelist("source")["code"])
        for table in tables.values():
            if table.data is None:
                continue
            columns = [c for c in _date_fields(table.name) if c in table.data.columns]
            if table.has("source"):
                source = table.data["source"]
                unknown = source.notna() & ~source.isin(list(extraction_dates)) & source.isin(valid_sources)
                for code, rows in pd.Series(table.lines, index=source.index)[unknown].groupby(source[unknown]):
                    found.add(table.file, int(rows.min()), "source", code,
                              f"source has no extraction date in datapackage.json ({len(rows):,} rows); add "
                              f"{{\"name\": \"{code}\", \"extraction_date\": \"YYYY-MM-DD\"}} to 'sources'.")
                limits = {code: date for code, date in extraction_dates.items()}
            else:
                source = pd.Series("", index=table.data.index)
                limits = {"": latest}
            fix = "; a registry cannot hold later dates: correct the date or the extraction date in datapackage.json."
            for code, limit in limits.items():
                rows_of_source = (source == code).to_numpy(dtype=bool)
                if not rows_of_source.any():
                    continue
                where = f"its source '{code}'" if code else "the registry"
                for column in columns:
                    late = rows_of_source & (table.data[column] > limit).to_numpy(dtype=bool)
                    found.rows(table, late, column, table.raw[column],
                               f"after the extraction date of {where} ({limit.date()}){fix}")
        persons = tables.get("persons")
        if persons is not None and persons.has("birth_year"):
            late = persons.data["birth_year"] > latest.year
            found.rows(persons, late.to_numpy(dtype=bool, na_value=False), "birth_year", persons.raw["birth_year"],
                       f"birth year after the extraction date ({latest.date()}); correct the year.")

    persons, intakes = tables.get("persons"), tables.get("intakes")
    if persons is not None and intakes is not None and persons.has("person_id", "birth_year") \
            and intakes.has("person_id", "intake_date"):
        birth = persons.data.drop_duplicates("person_id").set_index("person_id")["birth_year"]
        born = intakes.data["person_id"].map(birth)
        early = born.notna() & intakes.data["intake_date"].notna() & (intakes.data["intake_date"].dt.year < born)
        found.rows(intakes, early.to_numpy(dtype=bool, na_value=False), "intake_date", intakes.raw["intake_date"],
                   "intake_date is before the person's birth year; correct the intake date or the birth year "
                   "in persons.",
                   details=lambda: "birth_year " + born.astype("string"))

    changes = tables.get("trajectory_changes")
    if changes is not None and intakes is not None and changes.has("intake_id", "change_date") \
            and intakes.has("intake_id", "intake_date"):
        intake_date = intakes.data.drop_duplicates("intake_id").set_index("intake_id")["intake_date"]
        started = changes.data["intake_id"].map(intake_date)
        early = changes.data["change_date"] < started
        found.rows(changes, early.to_numpy(dtype=bool), "change_date", changes.raw["change_date"],
                   "change_date is before the intake date of its intake; correct the date.",
                   details=lambda: "intake_date " + started.dt.strftime("%Y-%m-%d"))


def _check_trajectories(tables: dict[str, _Table], found: _Findings) -> None:
    """Warn where from_trajectory is not the trajectory in force just before the change."""
    changes, intakes = tables.get("trajectory_changes"), tables.get("intakes")
    if changes is None or intakes is None:
        return
    if not changes.has("intake_id", "change_date", "from_trajectory", "to_trajectory") \
            or not intakes.has("intake_id", "trajectory"):
        return
    data = changes.data[["intake_id", "change_date", "from_trajectory", "to_trajectory"]]
    order = data.sort_values(["intake_id", "change_date"], kind="mergesort").index
    ordered = data.loc[order]
    at_intake = intakes.data.drop_duplicates("intake_id").set_index("intake_id")["trajectory"]
    previous = ordered.groupby("intake_id", sort=False)["to_trajectory"].shift()
    expected = previous.where(previous.notna(), ordered["intake_id"].map(at_intake))
    differs = ordered["from_trajectory"].notna() & expected.notna() & (ordered["from_trajectory"] != expected)
    differs = differs.reindex(data.index, fill_value=False)
    expected = expected.reindex(data.index)
    found.rows(changes, differs.to_numpy(dtype=bool), "from_trajectory", changes.raw["from_trajectory"],
               "from_trajectory is not the trajectory in force before this change (the trajectory at intake, "
               "or the to_trajectory of the previous change); check the order of the changes.",
               severity="warning", details=lambda: "in force: " + expected.astype("string"))


def _check_overlaps(tables: dict[str, _Table], extraction_dates: dict[str, pd.Timestamp],
                    found: _Findings) -> None:
    """Warn where a person's employment spells (or same-type benefit spells) overlap."""
    episodes = tables.get("episodes")
    if episodes is None or not episodes.has("person_id", "kind", "start_date", "end_date"):
        return
    data = episodes.data
    open_end = pd.Timestamp.max.normalize()
    if episodes.has("source") and extraction_dates:
        censor = data["source"].map(extraction_dates).fillna(open_end)
    else:
        censor = pd.Series(open_end, index=data.index)
    end = data["end_date"].fillna(censor)
    for kind, extra in _OVERLAP_KINDS.items():
        if not episodes.has(*extra):
            continue
        keys = ["person_id"] + extra
        spells = data[keys + ["start_date"]].assign(end=end)
        spells = spells[(data["kind"] == kind) & spells[keys + ["start_date"]].notna().all(axis=1)]
        if spells.empty:
            continue
        spells = spells.sort_values(keys + ["start_date", "end"], kind="mergesort")
        latest_end = spells.groupby(keys, sort=False)["end"].cummax()
        before = latest_end.groupby([spells[k] for k in keys], sort=False).shift()
        overlap = (spells["start_date"] <= before).reindex(data.index, fill_value=False)
        same = f" with the same {', '.join(extra)}" if extra else ""
        found.rows(episodes, overlap.to_numpy(dtype=bool), "start_date", episodes.raw["start_date"],
                   f"{kind} spell overlaps an earlier {kind} spell of the same person{same}; registrations "
                   "of several partners may hold the same spell twice: check which to keep.",
                   severity="warning")


# --------------------------------------------------------------------------------------------
# The loaded frames
# --------------------------------------------------------------------------------------------

_EMPTY_DTYPES = {"date": "datetime64[ns]", "integer": "Int64", "string": object}


def _final_frame(name: str, table: _Table | None) -> pd.DataFrame:
    """The table in schema column order with schema dtypes; missing columns filled as empty."""
    fields = schema.table_schema(name)["fields"]
    if table is None or table.data is None:
        return pd.DataFrame({f["name"]: pd.Series(dtype=_EMPTY_DTYPES[f["type"]]) for f in fields})
    data = table.data
    columns: dict[str, pd.Series] = {}
    for f in fields:
        if f["name"] in data.columns:
            columns[f["name"]] = data[f["name"]]
        else:
            columns[f["name"]] = pd.Series(pd.NA if f["type"] == "integer" else np.nan, index=data.index,
                                           dtype=_EMPTY_DTYPES[f["type"]])
    for column in data.columns:
        if column not in columns:
            columns[column] = data[column]
    return pd.DataFrame(columns).reset_index(drop=True)
