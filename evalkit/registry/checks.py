"""Check a registry folder against the registry model in ``data_schema/``: every problem, none raised.

:func:`validate` runs every check and returns a :class:`ValidationResult` listing every problem
(file, row, column, value, what to do); it never raises for bad data. :func:`run_checks` is the same
run for :func:`~evalkit.registry.load.load_registry`, which also takes what was read.

The checks, in order: the folder and ``datapackage.json`` and the reading of each file
(:mod:`~evalkit.registry.files`); per table its columns, value types, code lists, ranges, unique values,
primary key and row rules; across tables the references, the date logic, the trajectory changes and
overlapping spells; last, what the studies need (``data_schema/study_requirements.json``). All checks
are vectorised over whole columns (no row-by-row Python loops), so registries of millions of rows can
be checked; only the rows that fail a check become :class:`~evalkit.errors.Problem` objects.
"""
from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from evalkit.errors import Problem
from evalkit.registry import schema
from evalkit.registry.files import (
    DESCRIPTOR, ISO_DATE, Findings, TableFile, read_descriptor, read_resources, read_sources, read_table,
    resolve_registry_path, resource_names,
)

#: Code lists with more codes than this are shortened in messages.
_MAX_CODES_IN_MESSAGE = 12
_MAX_VALUE_CHARS = 80
_INTEGER = r"[+-]?[0-9]{1,18}"
_LONG_INTEGER = r"[+-]?[0-9]{19,}"
_SCIENTIFIC = r"[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)[eE][+-]?[0-9]+"
#: Years a date column can hold at all (pandas' datetime64[ns] range); the schema's minimum is narrower.
_PANDAS_YEARS = (1678, 2261)

#: Spells whose overlap within one person is suspicious: kind -> extra grouping columns.
_OVERLAP_KINDS = {"employment": [], "benefit": ["benefit_type"]}


# --------------------------------------------------------------------------------------------
# The result
# --------------------------------------------------------------------------------------------

@dataclass
class ValidationResult:
    """Everything :func:`validate` found in a registry folder.

    Attributes
    ----------
    path : the folder that was checked (as given, or the resolved bundled folder)
    errors : list of Problem with severity ``"error"`` (the registry cannot be loaded while any remain)
    warnings : list of Problem with severity ``"warning"`` (worth a look; loading still works)
    rows : dict file name -> number of data rows read (files that could not be read are absent)
    cannot_run : dict study name -> the needs (``data_schema/study_requirements.json``) the registry
        does not meet, for every study that cannot estimate every part on it; each unmet need is also a warning
    """

    path: str
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    cannot_run: dict[str, list[str]] = field(default_factory=dict)

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
                lines.append(f"  {name:<{width}}  {rows}  {count_text(found) or 'ok'}")
        for name in files:
            found = by_file.get(name)
            if not found:
                continue
            lines += ["", f"{name}: {count_text(found)}"]
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
                lines.append(f"    {problem.severity.upper():<7} {shortened(problem).format()}")
            if len(found) > max_problems:
                lines.append(f"    ... {len(found) - max_problems:,} more not shown "
                             f"(raise --max-problems to list more).")
        lines += ["", self._verdict()]
        return "\n".join(lines)

    def _verdict(self) -> str:
        if self.errors:
            n_files = len({p.file for p in self.errors})
            warnings = f", {count_text(self.warnings)}" if self.warnings else ""
            return (f"Verdict: NOT VALID - {count_text(self.errors)} in {n_files} "
                    f"file{'s' if n_files != 1 else ''}{warnings}; fix the errors and validate again.")
        total = sum(self.rows.values())
        tables = len(self.rows)
        warnings = f"; {count_text(self.warnings)} to review" if self.warnings else ""
        studies = (f"; studies that cannot estimate every part on it: {', '.join(self.cannot_run)} (see the warnings)"
                   if self.cannot_run else "")
        return f"Verdict: VALID - {tables} table{'s' if tables != 1 else ''}, {total:,} rows{warnings}{studies}."


def _plural(severity: str, count: int) -> str:
    return severity if count == 1 else severity + "s"


def count_text(problems: list[Problem]) -> str:
    """E.g. ``'3 errors, 1 warning'`` (empty for no problems)."""
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


def shortened(problem: Problem) -> Problem:
    """The problem with a long value cut, for messages."""
    value = problem.value
    if value is not None and len(value) > _MAX_VALUE_CHARS:
        value = value[:_MAX_VALUE_CHARS] + "..."
    return Problem(problem.file, problem.row, problem.column, value, problem.problem, problem.severity)


def _sorted_problems(problems: list[Problem], files: list[str]) -> list[Problem]:
    rank = {name: i for i, name in enumerate(files)}
    return sorted(problems, key=lambda p: (rank.get(p.file, -1), p.row if p.row is not None else 0))


def validate(path: str | Path) -> ValidationResult:
    """Check a registry folder against the registry model; never raises for bad data.

    Checks: the folder and its ``datapackage.json`` (an object, not nested too deeply; every file in
    the folder); every listed file (present, readable as UTF-8 comma-separated CSV or as Parquet, no
    ragged rows); table names; columns (required ones present, unknown ones reported as warnings);
    value types (ISO dates, integers); required values; codes in their code lists; minimum/maximum
    (no date before 1900); unique values and primary keys; references between tables; date logic (end
    before start, dates after the extraction date of their source, a person's dates before their
    birth year, trajectory change before its intake); fields required for some kinds of spell (and
    their columns, where such spells exist); as warnings, overlapping employment (or same-type
    benefit) spells of one person and trajectory changes whose ``from_trajectory`` is not the
    trajectory in force; and, also as warnings, the needs of the studies that the registry does not
    meet (``result.cannot_run`` names those studies).

    Parameters
    ----------
    path : registry folder, or ``"synthetic"`` (see :func:`resolve_registry_path`).

    Returns
    -------
    ValidationResult with ``ok``, ``errors``, ``warnings``, ``cannot_run`` and ``format()``.

    Examples
    --------
    >>> result = validate("/no/such/folder")
    >>> result.ok, result.errors[0].problem[:36]
    (False, 'the registry folder does not exist; ')
    """
    result, _ = run_checks(path)
    return result


# --------------------------------------------------------------------------------------------
# The checks, in order
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CheckedFolder:
    """What :func:`run_checks` read from a folder without errors: the tables and the facts of the files."""

    tables: dict[str, TableFile]
    extraction_dates: dict[str, pd.Timestamp]
    path: Path
    file_hashes: dict[str, str]


def run_checks(path: str | Path) -> tuple[ValidationResult, CheckedFolder | None]:
    """Run every check. Returns the result and, when there are no errors, what was read."""
    folder = resolve_registry_path(path)
    shown_path = str(folder)
    result = ValidationResult(path=shown_path)
    found = Findings()
    hashes: dict[str, str] = {}

    descriptor = read_descriptor(path, folder, found, hashes)
    tables: dict[str, TableFile] = {}
    extraction_dates: dict[str, pd.Timestamp] = {}
    if descriptor is not None:
        extraction_dates = read_sources(descriptor, found)
        listed = read_resources(descriptor, folder, found)
        mentioned = resource_names(descriptor)
        for name in schema.table_names():
            if name not in listed:
                continue
            table = TableFile(name=name, file=listed[name])
            tables[name] = table
            read_table(folder, table, found, hashes)
            if table.readable:
                result.rows[table.file] = len(table.raw)
                _check_columns(table, found)
                _check_values(table, found)
                _check_table_rules(table, found)
        _check_references(tables, mentioned, found)
        _check_dates(tables, extraction_dates, found)
        _check_trajectories(tables, found)
        _check_overlaps(tables, extraction_dates, found)
        result.cannot_run = _check_study_needs(tables, mentioned, found)
        result.files = [DESCRIPTOR] + [t.file for t in tables.values()]
    else:
        result.files = []

    problems = _sorted_problems(found.items, result.files)
    result.errors = [p for p in problems if p.severity == "error"]
    result.warnings = [p for p in problems if p.severity != "error"]
    if result.errors or descriptor is None:
        return result, None
    return result, CheckedFolder(tables, extraction_dates, folder, hashes)


# --------------------------------------------------------------------------------------------
# Columns and values of one table
# --------------------------------------------------------------------------------------------

def _check_columns(table: TableFile, found: Findings) -> None:
    fields = schema.table_schema(table.name)["fields"]
    expected = [f["name"] for f in fields]
    present = list(table.raw.columns)
    for name, count in Counter(present).items():
        if count > 1:
            found.add(table.file, 1, name, None, "column appears more than once in the header; keep one.")
            table.readable = False
    for f in fields:
        if f["name"] in present or (f.get("requiredWhen") and table.readable):
            continue  # a column required on some rows is judged with those rows (_check_table_rules)
        if f.get("constraints", {}).get("required"):
            found.add(table.file, 1, f["name"], None,
                      f"required column is missing; add a column named exactly '{f['name']}' to the "
                      f"header{_rename_hint(table, f['name'])}")
        else:
            _optional_column_missing(table, f["name"], found)
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


def _rename_hint(table: TableFile, name: str) -> str:
    """`` [the file has 'x']`` when a column of the file that the schema does not know resembles ``name``."""
    expected = schema.field_names(table.name)
    close = difflib.get_close_matches(name, [c for c in table.raw.columns if c not in expected], n=1)
    return f" [the file has '{close[0]}']" if close else ""


def _optional_column_missing(table: TableFile, name: str, found: Findings) -> None:
    found.add(table.file, 1, name, None,
              f"column is missing; it is read as empty (add it if the registry holds it){_rename_hint(table, name)}",
              "warning")


def _allowed_codes_text(name: str) -> str:
    codes = schema.codelist(name)["code"].tolist()
    if len(codes) > _MAX_CODES_IN_MESSAGE:
        return ", ".join(codes[:_MAX_CODES_IN_MESSAGE]) + f", ... ({len(codes)} codes; see DATA_DICTIONARY.md)"
    return ", ".join(codes)


def _check_values(table: TableFile, found: Findings) -> None:
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
        if f.get("codelist"):
            _check_codes(table, f, values, column, found)
        # A value outside its range is left out of the checks across tables: one wrong value, one problem.
        column = column.mask(_check_range(table, f, values, column, constraints, found))
        parsed[name] = column
        if constraints.get("unique") and spec.get("primaryKey") not in ([name], name):
            duplicated = column.notna() & column.duplicated(keep=False)
            found.rows(table, duplicated, name, values, "value occurs more than once; it must be unique.")
    known = {f["name"] for f in spec["fields"]}
    for name in raw.columns:
        if name not in known:
            parsed[name] = raw[name].where(raw[name] != "", np.nan).astype(object)
    table.data = pd.DataFrame(parsed, index=raw.index)


def _parse_column(table: TableFile, f: dict[str, Any], values: pd.Series, empty: np.ndarray,
                  found: Findings) -> pd.Series:
    name, kind = f["name"], f["type"]
    if kind == "date":
        iso = values.str.fullmatch(ISO_DATE).to_numpy(dtype=bool)
        found.rows(table, ~empty & ~iso, name, values,
                   "not a date in the form YYYY-MM-DD (e.g. 2019-03-01); write dates as year-month-day.")
        year = pd.to_numeric(values.str.slice(0, 4).where(iso, None), errors="coerce").to_numpy(dtype=float)
        representable = (year >= _PANDAS_YEARS[0]) & (year <= _PANDAS_YEARS[1])
        parsed = pd.to_datetime(values.where(iso & representable, None), format="%Y-%m-%d", errors="coerce")
        parsed = pd.Series(parsed, index=values.index).astype("datetime64[ns]")
        found.rows(table, iso & ~representable, name, values,
                   f"year outside any plausible range (a registry date lies between {_earliest_date(f)} and "
                   "the extraction date); correct the date.")
        found.rows(table, iso & representable & parsed.isna().to_numpy(), name, values,
                   "not an existing calendar date; correct the date.")
        return parsed
    if kind == "integer":
        whole = values.str.fullmatch(_INTEGER).to_numpy(dtype=bool)
        long = values.str.fullmatch(_LONG_INTEGER).to_numpy(dtype=bool)
        scientific = values.str.fullmatch(_SCIENTIFIC).to_numpy(dtype=bool)
        found.rows(table, long, name, values,
                   "a whole number too large for an integer column (more than 18 digits); correct the value.")
        found.rows(table, scientific, name, values,
                   "a number in scientific notation, not an integer; write the whole number in digits (a value "
                   "this large or small is probably an error).")
        found.rows(table, ~empty & ~whole & ~long & ~scientific, name, values,
                   "not an integer; write a whole number in the digits 0-9, without decimals, spaces or "
                   "thousands separators.")
        numbers = pd.to_numeric(values.where(whole, None), errors="coerce")
        return pd.Series(numbers, index=values.index).astype("Int64")
    return values.where(~empty, np.nan).astype(object)


def _earliest_date(f: dict[str, Any]) -> str:
    return str(f.get("constraints", {}).get("minimum", f"{_PANDAS_YEARS[0]}-01-01"))


def _check_codes(table: TableFile, f: dict[str, Any], values: pd.Series, column: pd.Series,
                 found: Findings) -> None:
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


def _check_range(table: TableFile, f: dict[str, Any], values: pd.Series, column: pd.Series,
                 constraints: dict[str, Any], found: Findings) -> np.ndarray:
    """Report values below the minimum or above the maximum; returns where they are."""
    outside_any = np.zeros(len(column), dtype=bool)
    for key, op, word, date_word in (
            ("minimum", np.less, "below the minimum", "before the earliest plausible date"),
            ("maximum", np.greater, "above the maximum", "after the latest plausible date")):
        if key not in constraints:
            continue
        bound = constraints[key]
        if f["type"] == "date":
            bound = pd.Timestamp(bound)
            word = date_word
        outside = (column.notna() & op(column, bound)).to_numpy(dtype=bool, na_value=False)
        found.rows(table, outside, f["name"], values, f"{word} {constraints[key]}; check the value.")
        outside_any |= outside
    return outside_any


def _check_table_rules(table: TableFile, found: Findings) -> None:
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
        if not when:
            continue
        if not table.has(*when):
            if f["name"] not in data.columns:
                _optional_column_missing(table, f["name"], found)
            continue
        applies = pd.Series(True, index=data.index)
        for column, allowed in when.items():
            applies &= data[column].isin(allowed)
        condition = " and ".join(f"{column} is {' or '.join(allowed)}" for column, allowed in when.items())
        what = f"a code of code list '{f['codelist']}'" if f.get("codelist") else "a value"
        if f["name"] not in data.columns:
            needed = int(applies.sum())
            if needed:
                found.add(table.file, 1, f["name"], None,
                          f"column is missing, but it is required on rows where {condition} ({needed:,} rows); add "
                          f"a column named exactly '{f['name']}' and fill in {what} on those rows"
                          f"{_rename_hint(table, f['name'])}")
            else:
                _optional_column_missing(table, f["name"], found)
            continue
        empty = (table.raw[f["name"]] == "")
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

def _check_references(tables: dict[str, TableFile], mentioned: set[str], found: Findings) -> None:
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
            if parent is None and parent_name in mentioned:
                continue  # listed, but its entry in datapackage.json is unusable: reported there
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


def _check_dates(tables: dict[str, TableFile], extraction_dates: dict[str, pd.Timestamp],
                 found: Findings) -> None:
    """Dates after the extraction date; sources without one; dates before birth; change before intake."""
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

    _check_before_birth(tables, found)

    intakes, changes = tables.get("intakes"), tables.get("trajectory_changes")
    if changes is not None and intakes is not None and changes.has("intake_id", "change_date") \
            and intakes.has("intake_id", "intake_date"):
        intake_date = intakes.data.drop_duplicates("intake_id").set_index("intake_id")["intake_date"]
        started = changes.data["intake_id"].map(intake_date)
        early = changes.data["change_date"] < started
        found.rows(changes, early.to_numpy(dtype=bool), "change_date", changes.raw["change_date"],
                   "change_date is before the intake date of its intake; correct the date.",
                   details=lambda: "intake_date " + started.dt.strftime("%Y-%m-%d"))


def _check_before_birth(tables: dict[str, TableFile], found: Findings) -> None:
    """Dates of a person (intake, spell start, snapshot, milestone) in a year before the person's birth year.

    An ``end_date`` is left to the end-before-start check of its row, so one wrong row gives one problem.
    """
    persons = tables.get("persons")
    if persons is None or not persons.has("person_id", "birth_year"):
        return
    birth = persons.data.drop_duplicates("person_id").set_index("person_id")["birth_year"]
    for table in tables.values():
        if table.name == "persons" or not table.has("person_id"):
            continue
        dates = _date_fields(table.name)
        columns = [c for c in dates if table.has(c) and not (c == "end_date" and "start_date" in dates)]
        if not columns:
            continue
        born = table.data["person_id"].map(birth)
        for column in columns:
            early = born.notna() & table.data[column].notna() & (table.data[column].dt.year < born)
            found.rows(table, early.to_numpy(dtype=bool, na_value=False), column, table.raw[column],
                       f"{column} is before the person's birth year; correct the date or the birth year in "
                       "persons.",
                       details=lambda: "birth_year " + born.astype("string"))


def _check_trajectories(tables: dict[str, TableFile], found: Findings) -> None:
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


def _check_overlaps(tables: dict[str, TableFile], extraction_dates: dict[str, pd.Timestamp],
                    found: Findings) -> None:
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
# What the studies need
# --------------------------------------------------------------------------------------------

def _check_study_needs(tables: dict[str, TableFile], mentioned: set[str], found: Findings) -> dict[str, list[str]]:
    """Warn once per need of ``data_schema/study_requirements.json`` that the registry does not meet,
    naming every study that needs it. Returns study -> descriptions of its unmet needs.

    A table that is listed but could not be read is not judged: its own errors are reported already.
    """
    by_need: dict[str, tuple[dict[str, Any], list[str]]] = {}
    for study, needs in schema.study_needs().items():
        for need in needs:
            by_need.setdefault(need["name"], (need, []))[1].append(study)
    cannot_run: dict[str, list[str]] = {}
    for need, studies in by_need.values():
        unmet = _unmet(need, tables, mentioned)
        if unmet is None:
            continue
        file, row, column, reason, fix = unmet
        one = len(studies) == 1
        names = studies[0] if one else ", ".join(studies[:-1]) + " and " + studies[-1]
        found.add(file, row, column, None,
                  f"the {names} stud{'y' if one else 'ies'} cannot estimate everything on this registry: "
                  f"{'it needs' if one else 'they need'} {need['description']} ({schema.need_text(need)}) for "
                  f"{need['purpose']}, but {reason}; {fix}, or expect {'its report' if one else 'their reports'} "
                  "to say which parts could not be estimated.", "warning")
        for study in studies:
            cannot_run.setdefault(study, []).append(need["description"])
    return {study: cannot_run[study] for study in schema.study_needs() if study in cannot_run}


def _unmet(need: dict[str, Any], tables: dict[str, TableFile],
           mentioned: set[str]) -> tuple[str, int | None, str | None, str, str] | None:
    """Where, why and what to do when ``need`` is not met (file, row, column, reason, fix); None when it
    is met or cannot be judged."""
    name = need["table"]
    table = tables.get(name)
    if table is None:
        if name in mentioned:
            return None
        return (DESCRIPTOR, None, "resources", f"the registry has no table '{name}'",
                "add the table (its file and an entry in 'resources')")
    if table.data is None:
        return None
    missing = [column for column in need["rows"] if column not in table.data.columns]
    if missing:
        return (table.file, 1, missing[0], f"{table.file} has no column '{missing[0]}'",
                f"add the column to {table.file}")
    meets = pd.Series(True, index=table.data.index)
    for column, values in need["rows"].items():
        meets &= table.data[column].isin(values)
    if meets.any():
        return None
    return (table.file, None, list(need["rows"])[-1], f"{table.file} has no such row",
            "add such rows if the sources hold them")
