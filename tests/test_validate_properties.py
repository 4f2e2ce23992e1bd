"""Property-based checks of ``evalkit validate`` on mutated registries (Hypothesis).

Each example starts from a small synthetic registry (``write_synthetic_registry(out, n=30, seed=1)``),
changes it - drops, renames or duplicates a column; blanks a cell or fills it with junk, a value of the
wrong type, a huge number or a date out of range; shuffles the rows; truncates a file; breaks its
encoding; or spoils ``datapackage.json`` - writes it as CSV or as Parquet (text or typed columns) and
runs ``evalkit validate`` in-process. Whatever the change:

- the command exits with 0 or 1 and shows no traceback, and its verdict agrees with the exit code;
- every problem line names a file of the registry; a row it names exists in that file and a column
  it names is in the file's header or in the table's schema; a problem with a value names its row;
- a change whose outcome is certain is found where it was made, showing the value written: e.g. the
  date 1850-01-01 in row 7 of episodes.csv gives a problem at "episodes.csv, row 7, column
  'start_date'" with "(value: '1850-01-01')";
- shuffling rows alone leaves a valid registry valid.

The test run is small and reproducible (derandomized, no example database);
``scripts/fuzz_validate.py`` runs the same checks on many more examples.
"""
from __future__ import annotations

import atexit
import contextlib
import csv
import datetime as dt
import functools
import io
import json
import re
import shutil
import tempfile
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evalkit import cli
from evalkit.registry import schema
from evalkit.registry.synth import write_synthetic_registry

TABLES = schema.table_names()
FIELDS = {name: {f["name"]: f for f in schema.table_schema(name)["fields"]} for name in TABLES}
DATED_TABLES = tuple(name for name in TABLES if any(f["type"] == "date" for f in FIELDS[name].values()))
INTEGER_COLUMNS = tuple((name, column) for name in TABLES for column, f in FIELDS[name].items()
                        if f["type"] == "integer")
DESCRIPTOR = "datapackage.json"
EARLIEST = dt.date(1900, 1, 1)
ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

#: The CI run: a few hundred examples at most, the same ones on every run.
CI_SETTINGS = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                       suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

PROBLEM_LINE = re.compile(r"^    (?P<severity>ERROR|WARNING) +(?P<file>.+?)(?:, row (?P<row>\d+))?"
                          r"(?:, column '(?P<column>[^']*)')?: (?P<text>.*)$")


# --------------------------------------------------------------------------------------------
# The registry every example starts from
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Base:
    tables: dict[str, pd.DataFrame]      # every cell as text, "" when empty
    descriptor: dict[str, Any]
    extraction_date: dt.date


@functools.cache
def base() -> Base:
    """The small synthetic registry, generated once per process."""
    folder = Path(tempfile.mkdtemp(prefix="evalkit-properties-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    write_synthetic_registry(folder / "registry", n=30, seed=1)
    descriptor = json.loads((folder / "registry" / DESCRIPTOR).read_text("utf-8"))
    tables = {entry["name"]: pd.read_csv(folder / "registry" / entry["path"], dtype=str, keep_default_na=False)
              for entry in descriptor["resources"]}
    latest = max(dt.date.fromisoformat(source["extraction_date"]) for source in descriptor["sources"])
    return Base({name: tables[name] for name in TABLES}, descriptor, latest)


# --------------------------------------------------------------------------------------------
# Mutations
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Mutation:
    kind: str
    table: str = ""
    column: str = ""
    row: int = 0          # drawn freely; taken modulo the table's length
    value: Any = None


@dataclass(frozen=True)
class Case:
    fmt: str              # "csv" or "parquet"
    typed: bool           # Parquet with date and integer columns (else every column as text)
    mutations: tuple[Mutation, ...]


JUNK = st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=24)
WRONG_TYPES = {
    "date": ["20190301", "2019/03/01", "01-03-2019", "March 2019", "43525", "2019-03-01T00:00:00", "2019-3-1",
             " 2019-03-01"],
    "integer": ["12.5", "abc", "1,990", "1 990", "true", "½", "0x7c6", "1990.0"],
    "string": ["1", "0.5", "TRUE", "None", "nan", "-", "Man", " vrouw"],
}
HUGE = st.one_of(st.integers(10**18, 10**40).map(str), st.integers(-(10**40), -(10**18)).map(str),
                 st.floats(1e19, 1e300).map(repr),
                 st.sampled_from(["1e30", "-1e30", "1E+300", "9223372036854775808", "-9223372036854775809"]))
OUT_OF_RANGE = st.one_of(st.dates(dt.date(1, 1, 1), dt.date(1899, 12, 31)),
                         st.dates(dt.date(2022, 1, 1), dt.date(9999, 12, 31))).map(dt.date.isoformat)
DESCRIPTOR_CHANGES = ("drop_resource", "path_outside", "deep", "bad_json", "bad_extraction_date", "no_sources",
                      "unknown_table", "not_an_object")
KINDS = ("drop_column", "rename_column", "duplicate_column", "blank_cell", "junk_cell", "wrong_type",
         "huge_number", "date_out_of_range", "shuffle_rows", "truncate", "bad_encoding", "descriptor")


@st.composite
def mutations(draw) -> Mutation:
    kind = draw(st.sampled_from(KINDS))
    if kind == "descriptor":
        return Mutation(kind, value=draw(st.sampled_from(DESCRIPTOR_CHANGES)))
    if kind == "huge_number":
        table, column = draw(st.sampled_from(INTEGER_COLUMNS))
        return Mutation(kind, table, column, draw(st.integers(0, 10**6)), draw(HUGE))
    table = draw(st.sampled_from(DATED_TABLES if kind == "date_out_of_range" else TABLES))
    fields = FIELDS[table]
    if kind == "date_out_of_range":
        column = draw(st.sampled_from([c for c, f in fields.items() if f["type"] == "date"]))
    else:
        column = draw(st.sampled_from(list(fields)))
    row = draw(st.integers(0, 10**6))
    value = {
        "rename_column": lambda: draw(st.from_regex(r"[a-z][a-z_]{0,11}", fullmatch=True).filter(
            lambda name: name not in fields)),
        "junk_cell": lambda: draw(JUNK),
        "wrong_type": lambda: draw(st.sampled_from(WRONG_TYPES[fields[column]["type"]])),
        "date_out_of_range": lambda: draw(OUT_OF_RANGE),
        "shuffle_rows": lambda: draw(st.integers(0, 2**32 - 1)),
        "truncate": lambda: draw(st.floats(0, 1, exclude_max=True)),
        "bad_encoding": lambda: (draw(st.sampled_from(["cp1252", "utf16", "bytes"])),
                                 draw(st.floats(0, 1, exclude_max=True))),
    }.get(kind, lambda: None)()
    return Mutation(kind, table, column, row, value)


@st.composite
def cases(draw) -> Case:
    fmt = draw(st.sampled_from(["csv", "parquet"]))
    typed = fmt == "parquet" and draw(st.booleans())
    return Case(fmt, typed, tuple(draw(st.lists(mutations(), min_size=1, max_size=3))))


# --------------------------------------------------------------------------------------------
# Writing a mutated registry
# --------------------------------------------------------------------------------------------

def _position(frame: pd.DataFrame, column: str) -> int | None:
    positions = [i for i, name in enumerate(frame.columns) if name == column]
    return positions[0] if positions else None


def _apply(frame: pd.DataFrame, m: Mutation, latin: dict) -> pd.DataFrame:
    """``frame`` after a mutation of its columns or cells (file-level ones are applied after writing)."""
    where = _position(frame, m.column)
    if m.kind == "shuffle_rows":
        return frame.sample(frac=1, random_state=m.value % 2**32).reset_index(drop=True)
    if where is None or not len(frame) and m.kind not in ("drop_column", "rename_column", "duplicate_column"):
        return frame
    if m.kind == "drop_column":
        return frame.drop(columns=frame.columns[where])
    if m.kind == "rename_column":
        return frame.set_axis([m.value if i == where else c for i, c in enumerate(frame.columns)], axis=1)
    if m.kind == "duplicate_column":
        out = frame.copy()
        out.insert(len(out.columns), m.column, frame.iloc[:, where], allow_duplicates=True)
        return out
    row = m.row % len(frame)
    frame = frame.copy()
    if m.kind == "blank_cell":
        frame.iat[row, where] = ""
    elif m.kind in ("junk_cell", "wrong_type", "huge_number", "date_out_of_range"):
        frame.iat[row, where] = m.value
    elif m.kind == "bad_encoding" and m.value[0] == "cp1252":
        frame.iat[row, where] = frame.iat[row, where] + "é"
        latin[(row, where)] = True
    return frame


def _arrow_column(table: str, name: str, values: pd.Series, typed: bool, latin_rows: list[int]) -> pa.Array:
    """One column for Parquet: text, or - in a typed file - dates and integers where every value is one.

    A value that is no integer makes a float column only when the reader cannot take it for a valid
    integer (12.5, 1e30; not 1990.0 or nan), so that a typed file is as wrong as its text version.
    """
    field = FIELDS[table].get(name)
    text = values.astype(str).tolist()
    present = [v for v in text if v != ""]
    if latin_rows:
        raw = [v.encode("cp1252" if i in latin_rows else "utf-8") for i, v in enumerate(text)]
        return pa.array(raw, pa.binary()).view(pa.string())
    if typed and field is not None and field["type"] == "integer":
        if all(re.fullmatch(r"[+-]?[0-9]{1,18}", v) and abs(int(v)) < 2**62 for v in present):
            return pa.array([int(v) if v else None for v in text], pa.int64())
        if all(_float_unlike_an_integer(v) for v in present if not re.fullmatch(r"[+-]?[0-9]{1,18}", v)):
            return pa.array([float(v) if v else None for v in text], pa.float64())
    if typed and field is not None and field["type"] == "date" and all(ISO.fullmatch(v) for v in present):
        try:
            return pa.array([dt.date.fromisoformat(v) if v else None for v in text], pa.date32())
        except ValueError:
            pass
    return pa.array([v if v else None for v in text], pa.string())


def _float_unlike_an_integer(text: str) -> bool:
    try:
        number = float(text)
    except ValueError:
        return False
    if np.isnan(number):
        return False
    return not np.isfinite(number) or number != round(number) or abs(number) >= 2**63


def write_case(case: Case, folder: Path) -> dict[str, str]:
    """Write the mutated registry into ``folder``; returns table -> file name, as listed."""
    folder.mkdir(parents=True)
    registry = base()
    suffix = ".csv" if case.fmt == "csv" else ".parquet"
    files = {name: f"{name}{suffix}" for name in TABLES}
    for name in TABLES:
        frame, latin = registry.tables[name], {}
        for m in case.mutations:
            if m.table == name:
                frame = _apply(frame, m, latin)
        path = folder / files[name]
        if case.fmt == "csv":
            text = frame.to_csv(index=False, lineterminator="\n")
            encoding = "cp1252" if latin else "utf-8"
            path.write_bytes(text.encode(encoding, errors="replace"))
        else:
            arrays = [_arrow_column(name, str(c), frame.iloc[:, i], case.typed,
                                    [r for (r, w) in latin if w == i]) for i, c in enumerate(frame.columns)]
            pq.write_table(pa.Table.from_arrays(arrays, names=[str(c) for c in frame.columns]), path)
    for m in case.mutations:
        if m.kind in ("truncate", "bad_encoding") and m.table:
            path = folder / files[m.table]
            data = path.read_bytes()
            fraction = m.value if m.kind == "truncate" else m.value[1]
            cut = int(len(data) * fraction)
            if m.kind == "truncate":
                path.write_bytes(data[:cut])
            elif m.value[0] == "utf16":
                path.write_bytes(data.decode("utf-8", errors="replace").encode("utf-16"))
            elif m.value[0] == "bytes":
                path.write_bytes(data[:cut] + b"\xff\xfe\x00\x9d" + data[cut + 4:])
    descriptor = json.loads(json.dumps(registry.descriptor))
    descriptor["resources"] = [{"name": name, "path": files[name]} for name in TABLES]
    text = json.dumps(descriptor, indent=2)
    for m in case.mutations:
        if m.kind == "descriptor":
            text = _spoil_descriptor(text, m.value)
    (folder / DESCRIPTOR).write_text(text, "utf-8")
    return files


def _spoil_descriptor(text: str, how: str) -> str:
    try:
        descriptor = json.loads(text)
    except (ValueError, RecursionError):  # spoilt by an earlier mutation already
        return text
    if not isinstance(descriptor, dict):
        return text
    if how == "deep":
        return '{"x":' * 5000 + "1" + "}" * 5000
    if how == "bad_json":
        return text[: len(text) // 2]
    if how == "not_an_object":
        return json.dumps(descriptor.get("resources"))
    if how == "drop_resource":
        descriptor["resources"] = descriptor["resources"][1:]
    elif how == "path_outside":
        descriptor["resources"][-1]["path"] = "../" + descriptor["resources"][-1]["path"]
    elif how == "bad_extraction_date":
        descriptor["sources"][0]["extraction_date"] = "31/12/2021"
    elif how == "no_sources":
        descriptor.pop("sources", None)
    elif how == "unknown_table":
        descriptor["resources"][0]["name"] = "people"
    return json.dumps(descriptor, indent=2)


# --------------------------------------------------------------------------------------------
# What must hold
# --------------------------------------------------------------------------------------------

def run_validate(folder: Path) -> tuple[int, str]:
    """``evalkit validate FOLDER`` in-process: exit code and everything it printed."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(["validate", str(folder), "--max-problems", "100000"])
        except (Exception, SystemExit):  # noqa: BLE001 - any escape is the failure this test looks for
            pytest.fail(f"evalkit validate raised:\n{traceback.format_exc()}")
    return code, out.getvalue() + err.getvalue()


def _file_facts(folder: Path, file: str) -> tuple[int, set[str]]:
    """The highest row number a problem may name in ``file``, and the column names its header holds."""
    data = (folder / file).read_bytes()
    if file.endswith(".parquet"):
        try:
            meta = pq.ParquetFile(io.BytesIO(data))
            return meta.metadata.num_rows + 1, set(meta.schema_arrow.names)
        except Exception:  # noqa: BLE001 - an unreadable file has no rows to name
            return 1, set()
    header = data.split(b"\n", 1)[0].decode("utf-8", errors="replace").lstrip("\ufeff").rstrip("\r")
    return data.count(b"\n") + 1, set(next(csv.reader([header]), []))


def _surely_invalid(registry: Base, table: str, column: str, row: int, value: str) -> bool:
    """True when ``value`` in this cell breaks a rule of the model whatever the other cells hold."""
    field = FIELDS[table][column]
    constraints = field.get("constraints", {})
    if value == "":
        when = field.get("requiredWhen", {})
        frame = registry.tables[table]
        return bool(constraints.get("required")) or bool(when) and all(
            frame.iloc[row][c] in allowed for c, allowed in when.items())
    if field["type"] == "date":
        if not ISO.fullmatch(value):
            return True
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            return True
        return day < EARLIEST or day > registry.extraction_date
    if field["type"] == "integer":
        if not re.fullmatch(r"[+-]?[0-9]{1,18}", value):
            return True
        number = int(value)
        if field.get("codelist"):
            return number not in schema.codelist(field["codelist"])["code"].astype(int).tolist()
        return not constraints.get("minimum", number) <= number <= min(constraints.get("maximum", number),
                                                                       registry.extraction_date.year)
    if field.get("codelist"):
        return value not in schema.codelist(field["codelist"])["code"].tolist()
    return False


def expected_places(case: Case, files: dict[str, str]) -> list[tuple[tuple[str, int, str], str | None]]:
    """Where a problem must be reported - (file, row, column) - and the value it must show (None: any),
    for the mutations whose outcome is certain.

    Only a mutation that is alone in its table counts (two can undo or hide each other), and none
    when datapackage.json is changed (a table may then not be read at all). The value is the text
    written, except for numbers in a typed Parquet file (stored as numbers, shown as the reader writes them).
    """
    if any(m.kind == "descriptor" for m in case.mutations):
        return []
    registry = base()
    places = []
    for m in case.mutations:
        if sum(other.table == m.table for other in case.mutations) > 1:
            continue
        frame = registry.tables[m.table]
        file = files[m.table]
        if m.kind in ("drop_column", "duplicate_column"):
            places.append(((file, 1, m.column), None))
        elif m.kind == "rename_column":
            places += [((file, 1, m.column), None), ((file, 1, m.value), None)]
        elif m.kind == "bad_encoding" and m.value[0] == "cp1252" and len(frame):
            places.append(((file, m.row % len(frame) + 2, m.column), None))
        elif m.kind in ("blank_cell", "junk_cell", "wrong_type", "huge_number", "date_out_of_range") \
                and len(frame):
            row = m.row % len(frame)
            value = "" if m.kind == "blank_cell" else m.value
            if _surely_invalid(registry, m.table, m.column, row, value):
                as_number = case.typed and FIELDS[m.table][m.column]["type"] == "integer"
                shown = None if m.kind == "blank_cell" or as_number else value
                places.append(((file, row + 2, m.column), shown))
    return places


def check(case: Case) -> int:
    """Write the case, run ``evalkit validate`` on it and assert every property; returns the exit code."""
    with tempfile.TemporaryDirectory(prefix="evalkit-case-") as tmp:
        folder = Path(tmp) / "registry"
        files = write_case(case, folder)
        code, output = run_validate(folder)
        assert code in (0, 1), output
        assert "Traceback" not in output, output
        verdict = output.rstrip().splitlines()[-1]
        assert verdict.startswith("Verdict: VALID" if code == 0 else "Verdict: NOT VALID"), output

        table_of = {file: name for name, file in files.items()}
        facts = {file: _file_facts(folder, file) for file in files.values() if (folder / file).is_file()}
        found: dict[tuple[str, int | None, str | None], list[str]] = {}
        for line in output.splitlines():
            if not line.startswith(("    ERROR", "    WARNING")):
                continue
            match = PROBLEM_LINE.match(line)
            assert match, f"not a problem line: {line!r}"
            file, row, column = match["file"], match["row"], match["column"]
            found.setdefault((file, None if row is None else int(row), column), []).append(line)
            if file == DESCRIPTOR:
                assert column in (None, "resources", "sources", "created"), line
                continue
            assert file in facts or file.startswith("../") and file[3:] in facts, f"unknown file: {line}"
            file = file.removeprefix("../")
            max_row, header = facts[file]
            if row is not None:
                assert 1 <= int(row) <= max_row, f"row {row} beyond the {max_row} lines of {file}: {line}"
            elif "(value: " in line:
                assert False, f"a problem with a value names no row: {line}"
            if column is not None:
                known = header | set(FIELDS[table_of[file]])
                assert set(column.split(", ")) <= known, f"unknown column in {file}: {line}"

        for place, value in expected_places(case, files):
            assert place in found, f"no problem reported at {place}:\n{output}"
            if value is not None and len(value) <= 80:  # longer values are shortened in the report
                assert any(line.endswith(f" (value: {value!r})") for line in found[place]), (
                    f"the problem at {place} does not show the value {value!r}:\n{output}")
        if all(m.kind == "shuffle_rows" for m in case.mutations):
            assert code == 0, output
        return code


# --------------------------------------------------------------------------------------------
# The tests
# --------------------------------------------------------------------------------------------

@CI_SETTINGS
@given(cases())
def test_validate_on_mutated_registries(case):
    check(case)


@pytest.mark.parametrize("fmt, typed", [("csv", False), ("parquet", False), ("parquet", True)])
def test_the_unmutated_registry_is_valid(fmt, typed):
    assert check(Case(fmt, typed, (Mutation("shuffle_rows", "persons", value=0),))) == 0


def test_a_certain_mutation_is_found_where_it_was_made():
    """The expectations themselves: a date before 1900 in one cell is reported in that cell."""
    case = Case("csv", False, (Mutation("date_out_of_range", "episodes", "start_date", 5, "1850-01-01"),))
    assert expected_places(case, {name: f"{name}.csv" for name in TABLES}) == [
        (("episodes.csv", 7, "start_date"), "1850-01-01")]
    assert check(case) == 1
