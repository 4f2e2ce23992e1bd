"""Loading and validating registry folders: a valid one loads with the right types; every check fails
on its own corruption, with file, row, column and value; the command line never shows a traceback."""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from evalkit import cli
from evalkit.errors import InputError, Problem, RegistryError
from evalkit.registry import Registry, ValidationResult, load_registry, resolve_registry_path, validate
from evalkit.registry.schema import field_names, table_names


def problems(result: ValidationResult, severity: str | None = None, file: str | None = None,
             column: str | None = None, contains: str | None = None) -> list[Problem]:
    """The problems matching every given criterion."""
    found = result.errors + result.warnings
    return [p for p in found
            if (severity is None or p.severity == severity)
            and (file is None or p.file == file)
            and (column is None or p.column == column)
            and (contains is None or contains in p.problem)]


def only_error(result: ValidationResult) -> Problem:
    assert len(result.errors) == 1, [p.format() for p in result.errors]
    return result.errors[0]


def set_cell(table: str, row: int, column: str, value: str):
    """An override for make_registry: ``table.loc[row, column] = value`` (row is 0-based)."""
    def change(frame: pd.DataFrame) -> pd.DataFrame:
        frame.loc[row, column] = value
        return frame
    return change


def csv_line(row: int) -> int:
    """Line number in the CSV of the 0-based data row ``row`` (the header is line 1)."""
    return row + 2


# --------------------------------------------------------------------------------------------
# A valid registry
# --------------------------------------------------------------------------------------------

def test_valid_registry_loads_with_schema_dtypes(registry_folder):
    registry = load_registry(registry_folder)
    assert isinstance(registry, Registry)
    assert registry.warnings == ()
    assert len(registry.persons) == 6 and len(registry.intakes) == 7 and len(registry.episodes) == 8

    intakes = registry.intakes
    assert list(intakes.columns) == list(field_names("intakes"))
    assert intakes["intake_date"].dtype == np.dtype("datetime64[ns]")
    assert intakes["intake_id"].dtype == object
    # Codes stay exactly as written: "0" is not 0, "1.1" is not 1.10, empty is NaN (not "").
    assert intakes["nt2_level_at_intake"].tolist()[:3] == ["0", "1.1", "<1.1"]
    assert pd.isna(intakes.loc[3, "nt2_level_at_intake"])

    persons = registry.persons
    assert persons["birth_year"].dtype == pd.Int64Dtype()
    assert persons["birth_year"].isna().tolist() == [False, False, True, False, False, False]
    assert pd.isna(persons.loc[4, "sex"]) and pd.isna(persons.loc[3, "country_of_birth"])

    snapshots = registry.status_snapshots
    assert snapshots["status_code"].dtype == pd.Int64Dtype()
    assert snapshots["status_code"].tolist() == [78, 78, 0, 3, 5, 97, 90]

    episodes = registry.episodes
    assert episodes["start_date"].dtype == np.dtype("datetime64[ns]")
    assert episodes["end_date"].isna().sum() == 2  # the open spells E3 and E7
    assert episodes.loc[0, "end_date"] == pd.Timestamp("2018-05-31")


def test_registry_facts_and_table_access(registry_folder):
    registry = load_registry(registry_folder)
    assert registry.extraction_dates["VDAB"] == pd.Timestamp("2021-09-30")
    assert registry.extraction_date == pd.Timestamp("2021-12-31")
    assert registry.path == registry_folder
    expected = {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
                for p in registry_folder.iterdir() if p.suffix in (".csv", ".json")}
    assert registry.file_hashes == expected
    for name in table_names():
        assert registry.table(name) is getattr(registry, name)
    with pytest.raises(InputError, match="Unknown table"):
        registry.table("households")
    assert "persons=6" in repr(registry)
    with pytest.raises(AttributeError):
        registry.persons = pd.DataFrame()  # frozen


def test_absent_optional_tables_are_empty_frames_with_schema_columns(tmp_path, make_registry):
    folder = make_registry(tmp_path, episodes=None, status_snapshots=None, milestones=None,
                           trajectory_changes=None)
    registry = load_registry(folder)
    for name in ("episodes", "status_snapshots", "milestones", "trajectory_changes"):
        frame = registry.table(name)
        assert frame.empty and list(frame.columns) == list(field_names(name))
    assert registry.episodes["start_date"].dtype == np.dtype("datetime64[ns]")
    assert registry.status_snapshots["status_code"].dtype == pd.Int64Dtype()
    assert registry.episodes["kind"].dtype == object
    assert set(registry.file_hashes) == {"datapackage.json", "persons.csv", "intakes.csv"}


@pytest.mark.parametrize("typed", [False, True], ids=["text-columns", "typed-columns"])
def test_parquet_registry_loads_like_the_csv_one(tmp_path, typed, make_registry):
    from_csv = load_registry(make_registry(tmp_path / "a"))
    from_parquet = load_registry(make_registry(tmp_path / "b", fmt="parquet", typed_parquet=typed))
    for name in table_names():
        pd.testing.assert_frame_equal(from_csv.table(name), from_parquet.table(name))
    assert "persons.parquet" in from_parquet.file_hashes


def test_validate_valid_registry(registry_folder):
    result = validate(registry_folder)
    assert result.ok and result.errors == [] and result.warnings == []
    assert result.rows["persons.csv"] == 6
    text = result.format()
    assert text.splitlines()[-1].startswith("Verdict: VALID - 6 tables, 36 rows")


def test_resolve_registry_path():
    bundled = resolve_registry_path("synthetic")
    assert bundled.name == "synthetic_registry" and bundled.parent.name == "evalkit"
    assert resolve_registry_path(Path("some/folder")) == Path("some/folder")
    assert resolve_registry_path("./synthetic") == Path("synthetic")


def test_utf8_bom_and_crlf_are_accepted(tmp_path, make_registry):
    folder = make_registry(tmp_path)
    persons = folder / "persons.csv"
    persons.write_bytes(b"\xef\xbb\xbf" + persons.read_bytes().replace(b"\n", b"\r\n"))
    registry = load_registry(folder)
    assert registry.persons["person_id"].tolist()[0] == "P1"
    assert registry.persons["residence_status"].tolist()[0] == "erkend_vluchteling"


# --------------------------------------------------------------------------------------------
# Folder and datapackage.json
# --------------------------------------------------------------------------------------------

def test_missing_folder(tmp_path):
    result = validate(tmp_path / "nope")
    assert "does not exist" in only_error(result).problem


def test_path_is_a_file(tmp_path):
    file = tmp_path / "file.csv"
    file.write_text("a,b\n")
    assert "not a folder" in only_error(validate(file)).problem


def test_missing_datapackage(tmp_path, make_registry):
    folder = make_registry(tmp_path)
    (folder / "datapackage.json").unlink()
    error = only_error(validate(folder))
    assert error.file == "datapackage.json" and "missing" in error.problem


def test_invalid_json_names_the_line(tmp_path, make_registry):
    folder = make_registry(tmp_path)
    (folder / "datapackage.json").write_text('{\n  "name": "x",\n  "resources": [\n}\n')
    error = only_error(validate(folder))
    assert error.file == "datapackage.json" and error.row == 4 and "not valid JSON" in error.problem


def test_datapackage_not_an_object(tmp_path, make_registry):
    folder = make_registry(tmp_path, descriptor=["persons.csv"])
    assert "JSON object" in only_error(validate(folder)).problem


@pytest.mark.parametrize("text", [
    '{"x":' * 100_000 + "1" + "}" * 100_000,          # deeper than Python's recursion limit
    '{"resources": [], "sources": [], "x": ' + "[" * 200 + "]" * 200 + "}",  # parses, but no descriptor
], ids=["beyond-recursion-limit", "parseable"])
def test_datapackage_nested_too_deeply(tmp_path, make_registry, text):
    folder = make_registry(tmp_path)
    (folder / "datapackage.json").write_text(text)
    error = only_error(validate(folder))
    assert error.file == "datapackage.json" and "nested too deeply" in error.problem
    with pytest.raises(RegistryError, match="nested too deeply"):  # what 'evalkit report' runs first
        load_registry(folder)


def test_datapackage_with_a_few_levels_of_extra_fields_is_fine(tmp_path, make_registry):
    def extra(package):
        package["synthetic"] = {"model": {"parameters": {"seed": [1, {"n": 30}]}}}
        return package
    assert validate(make_registry(tmp_path, descriptor=extra)).ok


@pytest.mark.parametrize("path, reason", [
    ("../outside.csv", "leads out of the registry folder ('..')"),
    ("data/../../outside.csv", "leads out of the registry folder ('..')"),
    ("..\\outside.csv", "leads out of the registry folder ('..')"),
    ("ABSOLUTE", "is an absolute path"),
    ("C:\\registry\\outside.csv", "is an absolute path"),
    ("https://example.org/outside.csv", "is a URL"),
])
def test_resource_path_outside_the_folder_is_an_error(tmp_path, make_registry, path, reason):
    folder = make_registry(tmp_path)
    outside = tmp_path / "outside.csv"
    outside.write_bytes((folder / "persons.csv").read_bytes())
    path = str(outside) if path == "ABSOLUTE" else path

    def point_outside(package):
        package["resources"][0]["path"] = path
        return package
    folder = make_registry(tmp_path, descriptor=point_outside, folder_name="pointing")
    error = only_error(validate(folder))  # and nothing about references to the table it leaves out
    assert (error.file, error.column, error.value) == ("datapackage.json", "resources", path)
    assert f"the path of table 'persons' {reason}" in error.problem
    assert "the registry folder must hold all its files" in error.problem


def test_resource_through_a_symbolic_link_out_of_the_folder(tmp_path, make_registry):
    folder = make_registry(tmp_path)
    outside = tmp_path / "outside.csv"
    (folder / "persons.csv").rename(outside)
    (folder / "persons.csv").symlink_to(outside)
    error = only_error(validate(folder))
    assert error.value == "persons.csv" and "through a symbolic link" in error.problem


def test_resource_in_a_subfolder_is_fine(tmp_path, make_registry):
    folder = make_registry(tmp_path)
    (folder / "tables").mkdir()
    (folder / "persons.csv").rename(folder / "tables" / "persons.csv")
    package = json.loads((folder / "datapackage.json").read_text())
    package["resources"][0]["path"] = "tables/persons.csv"
    (folder / "datapackage.json").write_text(json.dumps(package))
    assert validate(folder).ok


def test_resource_file_missing(tmp_path, make_registry):
    folder = make_registry(tmp_path)
    (folder / "episodes.csv").unlink()
    error = only_error(validate(folder))
    assert error.file == "episodes.csv" and "does not exist" in error.problem


def test_unknown_table_name(tmp_path, make_registry):
    def rename(package):
        package["resources"][3]["name"] = "episode"
        return package
    error = only_error(validate(make_registry(tmp_path, descriptor=rename)))
    assert error.value == "episode" and "unknown table name" in error.problem and "episodes" in error.problem


def test_table_listed_twice_and_unsupported_file_type(tmp_path, make_registry):
    def change(package):
        package["resources"].append({"name": "persons", "path": "persons.csv"})
        package["resources"].append({"name": "milestones", "path": "milestones.xlsx"})
        package["resources"] = [r for r in package["resources"] if r["path"] != "milestones.csv"]
        return package
    result = validate(make_registry(tmp_path, descriptor=change))
    assert problems(result, contains="listed twice")
    assert problems(result, file="milestones.xlsx", contains="unsupported file type")


def test_required_table_not_listed(tmp_path, make_registry):
    result = validate(make_registry(tmp_path, intakes=None, trajectory_changes=None))
    error = only_error(result)
    assert "required table 'intakes'" in error.problem


def test_no_sources(tmp_path, make_registry):
    def drop(package):
        del package["sources"]
        return package
    assert "extraction date" in only_error(validate(make_registry(tmp_path, descriptor=drop))).problem


def test_bad_extraction_date(tmp_path, make_registry):
    def bad(package):
        package["sources"][0]["extraction_date"] = "31/12/2021"
        return package
    error = only_error(validate(make_registry(tmp_path, descriptor=bad)))
    assert error.value == "31/12/2021" and "YYYY-MM-DD" in error.problem


def test_source_without_extraction_date(tmp_path, make_registry):
    def drop_atlas(package):
        package["sources"] = [s for s in package["sources"] if s["name"] != "ATLAS"]
        return package
    error = only_error(validate(make_registry(tmp_path, descriptor=drop_atlas)))
    assert (error.file, error.row, error.column, error.value) == ("episodes.csv", csv_line(3), "source", "ATLAS")
    assert "no extraction date" in error.problem


# --------------------------------------------------------------------------------------------
# Unreadable files
# --------------------------------------------------------------------------------------------

def test_empty_file(tmp_path, make_registry):
    error = only_error(validate(make_registry(tmp_path, raw_files={"persons.csv": b""})))
    assert error.file == "persons.csv" and "empty" in error.problem


def test_non_utf8_names_line_and_column(tmp_path, make_registry):
    folder = make_registry(tmp_path)
    persons = folder / "persons.csv"
    persons.write_bytes(persons.read_bytes().replace(b"SYR", b"Syri\xeb"))  # Latin-1 e-diaeresis
    error = only_error(validate(folder))
    assert (error.file, error.row, error.column) == ("persons.csv", 2, "country_of_birth")
    assert "not UTF-8" in error.problem and "Re-save the file as UTF-8" in error.problem
    assert error.value == "0xeb"


def test_binary_garbage(tmp_path, make_registry):
    garbage = bytes(np.random.default_rng(1).integers(128, 256, 400, dtype=np.uint8))
    error = only_error(validate(make_registry(tmp_path, raw_files={"intakes.csv": garbage})))
    assert error.file == "intakes.csv" and error.row == 1 and "not UTF-8" in error.problem


def test_excel_workbook_named_csv(tmp_path, make_registry):
    error = only_error(validate(make_registry(tmp_path, raw_files={"intakes.csv": b"PK\x03\x04rest"})))
    assert "Excel" in error.problem


@pytest.mark.parametrize("delimiter, word", [(";", "semicolons"), ("\t", "tabs")])
def test_wrong_delimiter(tmp_path, delimiter, word, make_registry):
    folder = make_registry(tmp_path)
    frame = pd.read_csv(folder / "persons.csv", dtype=str, keep_default_na=False)
    frame.to_csv(folder / "persons.csv", sep=delimiter, index=False)
    error = only_error(validate(folder))
    assert error.file == "persons.csv" and error.row == 1
    assert "wrong delimiter" in error.problem and word in error.problem


def test_ragged_rows_name_their_lines(tmp_path, make_registry):
    folder = make_registry(tmp_path)
    path = folder / "persons.csv"
    lines = path.read_text().splitlines()
    lines[2] += ",extra"              # line 3: one field too many
    lines[4] = lines[4].rsplit(",", 1)[0]  # line 5: one field too few
    path.write_text("\n".join(lines) + "\n")
    result = validate(folder)
    assert [(p.row, "more" in p.problem) for p in result.errors] == [(3, True), (5, False)]
    assert all(p.file == "persons.csv" for p in result.errors)


def test_quoted_values_with_commas_and_newlines_keep_line_numbers(tmp_path, make_registry):
    folder = make_registry(tmp_path)
    path = folder / "milestones.csv"
    lines = path.read_text().splitlines()
    lines[1] += '"two\nlines, and a comma"'   # M1's empty value becomes one spanning lines 2-3
    lines[5] = lines[5].replace("trajectcontract", "contract_signed")  # M5, now on line 7
    path.write_text("\n".join(lines) + "\n")
    error = only_error(validate(folder))
    assert (error.row, error.column, error.value) == (7, "milestone", "contract_signed")


def test_unclosed_quote(tmp_path, make_registry):
    folder = make_registry(tmp_path)
    path = folder / "milestones.csv"
    lines = path.read_text().splitlines()
    lines[3] += '"not closed'
    path.write_text("\n".join(lines) + "\n")
    error = only_error(validate(folder))
    assert error.row == 4 and "never closed" in error.problem


def test_old_mac_line_endings(tmp_path, make_registry):
    folder = make_registry(tmp_path)
    path = folder / "milestones.csv"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r"))
    error = only_error(validate(folder))
    assert (error.file, error.row) == ("milestones.csv", 1) and "carriage return" in error.problem


def test_blank_line_in_the_middle_is_a_warning(tmp_path, make_registry):
    folder = make_registry(tmp_path, milestones=set_cell("milestones", 4, "milestone", "onbekend"))
    path = folder / "milestones.csv"
    lines = path.read_text().splitlines()
    lines.insert(2, "")
    path.write_text("\n".join(lines) + "\n\n")
    result = validate(folder)
    found = sorted((p.row, p.severity) for p in problems(result, file="milestones.csv"))
    assert found == [(3, "warning"), (7, "error")]


def test_parquet_floats_and_timestamps(tmp_path, make_registry):
    folder = make_registry(tmp_path, fmt="parquet")
    persons = pd.read_parquet(folder / "persons.parquet")
    persons["birth_year"] = [1990.0, 1985.0, np.nan, 1978.0, 2001.0, 1995.0]  # integers with a gap
    persons.to_parquet(folder / "persons.parquet")
    assert load_registry(folder).persons["birth_year"].tolist()[:3] == [1990, 1985, pd.NA]

    persons.loc[1, "birth_year"] = 1985.5
    persons.to_parquet(folder / "persons.parquet")
    snapshots = pd.read_parquet(folder / "status_snapshots.parquet")
    snapshots["snapshot_date"] = pd.to_datetime(snapshots["snapshot_date"])
    snapshots.loc[1, "snapshot_date"] += pd.Timedelta(hours=3)
    snapshots.to_parquet(folder / "status_snapshots.parquet")
    result = validate(folder)
    assert [(p.file, p.row, p.column, p.value) for p in result.errors] == [
        ("persons.parquet", 3, "birth_year", "1985.5"),
        ("status_snapshots.parquet", 3, "snapshot_date", "2020-03-31 03:00:00"),
    ]


def test_parquet_float_too_large_for_an_integer_shows_its_value(tmp_path, make_registry):
    folder = make_registry(tmp_path, fmt="parquet")
    persons = pd.read_parquet(folder / "persons.parquet")
    persons["birth_year"] = [1990.0, 1e30, np.nan, 1978.0, 2001.0, 1995.0]
    persons.to_parquet(folder / "persons.parquet")
    error = only_error(validate(folder))
    assert (error.file, error.row, error.column, error.value) == ("persons.parquet", 3, "birth_year", "1e+30")
    assert "scientific notation" in error.problem


def test_parquet_text_that_is_not_utf8_names_row_and_column(tmp_path, make_registry):
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = make_registry(tmp_path, fmt="parquet")
    table = pq.read_table(folder / "persons.parquet")
    values = [None if v is None else v.encode() for v in table.column("country_of_birth").to_pylist()]
    values[4] = b"Syri\xeb"  # Latin-1 e-diaeresis
    position = table.column_names.index("country_of_birth")
    table = table.set_column(position, "country_of_birth", pa.array(values, pa.binary()).view(pa.string()))
    pq.write_table(table, folder / "persons.parquet")
    error = only_error(validate(folder))
    assert (error.file, error.row, error.column, error.value) == (
        "persons.parquet", 6, "country_of_birth", "Syri\\xeb")
    assert "not valid UTF-8" in error.problem and "write the Parquet file again" in error.problem


def test_parquet_duplicate_column_names(tmp_path, make_registry):
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = make_registry(tmp_path, fmt="parquet")
    table = pq.read_table(folder / "persons.parquet")
    table = pa.Table.from_arrays(table.columns + [table.column("sex")], names=table.column_names + ["sex"])
    pq.write_table(table, folder / "persons.parquet")
    error = only_error(validate(folder))
    assert (error.file, error.row, error.column) == ("persons.parquet", 1, "sex")
    assert "appears 2 times" in error.problem


def test_broken_parquet(tmp_path, make_registry):
    folder = make_registry(tmp_path, fmt="parquet", raw_files={"persons.parquet": b"PAR1 not really"})
    error = only_error(validate(folder))
    assert error.file == "persons.parquet" and "Parquet" in error.problem


# --------------------------------------------------------------------------------------------
# Columns and values
# --------------------------------------------------------------------------------------------

def test_required_column_missing(tmp_path, make_registry):
    folder = make_registry(tmp_path, persons=lambda df: df.drop(columns="household"))
    error = only_error(validate(folder))
    assert (error.file, error.row, error.column) == ("persons.csv", 1, "household")
    assert "required column is missing" in error.problem


def test_optional_column_missing_is_a_warning_and_loads_empty(tmp_path, make_registry):
    folder = make_registry(tmp_path, persons=lambda df: df.drop(columns="education"))
    registry = load_registry(folder)
    assert [(p.column, p.severity) for p in registry.warnings] == [("education", "warning")]
    assert registry.persons["education"].isna().all()
    assert list(registry.persons.columns) == list(field_names("persons"))


def test_unknown_extra_column_is_a_warning_and_kept(tmp_path, make_registry):
    folder = make_registry(tmp_path, persons=lambda df: df.assign(gemeente="Gent", educaton="x"))
    registry = load_registry(folder)
    warnings = {p.column: p.problem for p in registry.warnings}
    assert set(warnings) == {"gemeente", "educaton"}
    assert "did you mean 'education'" in warnings["educaton"]
    assert registry.persons["gemeente"].tolist()[0] == "Gent"


def test_duplicate_column(tmp_path, make_registry):
    folder = make_registry(tmp_path)
    path = folder / "persons.csv"
    text = path.read_text().splitlines()
    text = [line + ("," + line.split(",")[1] if i else ",sex") for i, line in enumerate(text)]
    path.write_text("\n".join(text) + "\n")
    error = only_error(validate(folder))
    assert error.column == "sex" and "more than once" in error.problem


@pytest.mark.parametrize("value, expected", [
    ("31/12/2017", "YYYY-MM-DD"),
    ("2017-3-1", "YYYY-MM-DD"),
    ("\u0662\u0660\u0661\u0667-03-01", "YYYY-MM-DD"),  # Arabic-Indic digits
    ("2017-02-30", "calendar date"),
    ("1899-12-31", "before the earliest plausible date 1900-01-01"),
    ("1677-01-01", "year outside any plausible range"),
    ("9999-01-01", "year outside any plausible range"),
])
def test_date_type_errors(tmp_path, value, expected, make_registry):
    folder = make_registry(tmp_path, intakes=set_cell("intakes", 2, "intake_date", value))
    error = only_error(validate(folder))
    assert (error.file, error.row, error.column, error.value) == ("intakes.csv", csv_line(2), "intake_date", value)
    assert expected in error.problem


@pytest.mark.parametrize("value, expected", [
    ("1990.0", "not an integer"),
    ("nineteen", "not an integer"),
    ("19 90", "not an integer"),
    ("\u0661\u0669\u0669\u0660", "digits 0-9"),   # Arabic-Indic digits, which Python's int() would take
    ("1e30", "scientific notation"),
    ("1234567890123456789012", "more than 18 digits"),
])
def test_integer_type_errors(tmp_path, value, expected, make_registry):
    folder = make_registry(tmp_path, persons=set_cell("persons", 0, "birth_year", value))
    error = only_error(validate(folder))
    assert (error.row, error.column, error.value) == (2, "birth_year", value)
    assert expected in error.problem


def test_required_value_empty(tmp_path, make_registry):
    folder = make_registry(tmp_path, intakes=set_cell("intakes", 1, "trajectory", ""))
    error = only_error(validate(folder))
    assert (error.row, error.column) == (3, "trajectory") and "required value is empty" in error.problem


def test_code_not_in_code_list(tmp_path, make_registry):
    folder = make_registry(tmp_path, persons=set_cell("persons", 1, "sex", "Vrouw"))
    error = only_error(validate(folder))
    assert (error.file, error.row, error.column, error.value) == ("persons.csv", 3, "sex", "Vrouw")
    assert "code list 'sex'" in error.problem and "man, vrouw" in error.problem
    assert "did you mean 'vrouw'" in error.problem


def test_nt2_level_is_text_not_a_number(tmp_path, make_registry):
    folder = make_registry(tmp_path, intakes=set_cell("intakes", 1, "nt2_level_at_intake", "1.10"))
    error = only_error(validate(folder))
    assert error.value == "1.10" and "nt2_level" in error.problem


def test_integer_code_not_in_code_list(tmp_path, make_registry):
    folder = make_registry(tmp_path, status_snapshots=set_cell("status_snapshots", 2, "status_code", "4"))
    error = only_error(validate(folder))
    assert (error.row, error.column, error.value) == (4, "status_code", "4")
    assert "vdab_status" in error.problem and "15 codes" in error.problem  # long lists are shortened


def test_minimum(tmp_path, make_registry):
    folder = make_registry(tmp_path, persons=set_cell("persons", 3, "birth_year", "1850"))
    error = only_error(validate(folder))
    assert (error.row, error.column, error.value) == (5, "birth_year", "1850") and "minimum 1900" in error.problem


def test_duplicate_primary_key(tmp_path, make_registry):
    folder = make_registry(tmp_path, episodes=set_cell("episodes", 5, "episode_id", "E2"))
    error = only_error(validate(folder))
    assert (error.file, error.row, error.column, error.value) == ("episodes.csv", 7, "episode_id", "E2")
    assert "duplicate primary key" in error.problem and "first on row 3" in error.problem


def test_duplicate_composite_primary_key(tmp_path, make_registry):
    def duplicate(frame):
        return pd.concat([frame, frame.iloc[[2]]], ignore_index=True)
    error = only_error(validate(make_registry(tmp_path, status_snapshots=duplicate)))
    assert error.row == 9 and error.column == "person_id, snapshot_date, source"
    assert error.value == "P2 / 2019-12-31 / VDAB" and "first on row 4" in error.problem


# --------------------------------------------------------------------------------------------
# References and date logic
# --------------------------------------------------------------------------------------------

def test_orphan_person_id(tmp_path, make_registry):
    folder = make_registry(tmp_path, milestones=set_cell("milestones", 2, "person_id", "P99"))
    error = only_error(validate(folder))
    assert (error.file, error.row, error.column, error.value) == ("milestones.csv", 4, "person_id", "P99")
    assert "not found in table 'persons'" in error.problem


def test_orphan_intake_id(tmp_path, make_registry):
    folder = make_registry(tmp_path, trajectory_changes=set_cell("trajectory_changes", 2, "intake_id", "I55"))
    error = only_error(validate(folder))
    assert (error.file, error.column, error.value) == ("trajectory_changes.csv", "intake_id", "I55")
    assert "not found in table 'intakes'" in error.problem


def test_end_before_start(tmp_path, make_registry):
    folder = make_registry(tmp_path, episodes=set_cell("episodes", 3, "end_date", "2017-05-01"))
    error = only_error(validate(folder))
    assert (error.file, error.row, error.column, error.value) == ("episodes.csv", 5, "end_date", "2017-05-01")
    assert "before start_date" in error.problem and "start_date 2017-06-01" in error.problem


def test_date_after_extraction_date_of_its_source(tmp_path, make_registry):
    # VDAB was extracted on 2021-09-30, the other sources on 2021-12-31.
    folder = make_registry(
        tmp_path,
        status_snapshots=set_cell("status_snapshots", 0, "snapshot_date", "2021-10-31"),
        episodes=set_cell("episodes", 7, "end_date", "2021-10-31"),  # source SD: fine
        milestones=set_cell("milestones", 1, "date", "2022-01-15"),   # no source column: latest date
    )
    result = validate(folder)
    found = [(p.file, p.row, p.column) for p in result.errors]
    assert found == [("status_snapshots.csv", 2, "snapshot_date"), ("milestones.csv", 3, "date")]
    assert "source 'VDAB' (2021-09-30)" in result.errors[0].problem
    assert "2021-12-31" in result.errors[1].problem


def test_intake_before_birth_year(tmp_path, make_registry):
    folder = make_registry(tmp_path, persons=set_cell("persons", 4, "birth_year", "2020"))
    error = only_error(validate(folder))
    assert (error.file, error.row, error.column) == ("intakes.csv", 6, "intake_date")
    assert "before the person's birth year" in error.problem and "birth_year 2020" in error.problem


def test_change_before_intake(tmp_path, make_registry):
    folder = make_registry(tmp_path, trajectory_changes=set_cell("trajectory_changes", 2, "change_date",
                                                                  "2019-01-15"))
    error = only_error(validate(folder))
    assert (error.file, error.row, error.column, error.value) == (
        "trajectory_changes.csv", 4, "change_date", "2019-01-15")
    assert "before the intake date" in error.problem


def test_from_trajectory_not_in_force_is_a_warning(tmp_path, make_registry):
    folder = make_registry(tmp_path, trajectory_changes=set_cell("trajectory_changes", 1, "from_trajectory",
                                                                  "lineair"))
    result = validate(folder)
    assert result.ok
    (warning,) = result.warnings
    assert (warning.row, warning.column, warning.value) == (3, "from_trajectory", "lineair")
    assert "in force: geintegreerd_vdab" in warning.problem


@pytest.mark.parametrize("row, column, kind", [
    (1, "contract", "employment"),
    (0, "benefit_type", "benefit"),
    (3, "course_type", "course"),
    (5, "course_type", "training"),
])
def test_fields_required_for_a_kind_of_spell(tmp_path, row, column, kind, make_registry):
    folder = make_registry(tmp_path, episodes=set_cell("episodes", row, column, ""))
    error = only_error(validate(folder))
    assert (error.file, error.row, error.column) == ("episodes.csv", csv_line(row), column)
    assert "required on rows where kind is" in error.problem and kind in error.problem


@pytest.mark.parametrize("column, kinds, n_rows", [
    ("contract", "kind is employment", 3),
    ("benefit_type", "kind is benefit", 3),
    ("course_type", "kind is course or training", 2),
])
def test_column_required_for_a_kind_of_spell_missing_is_an_error(tmp_path, column, kinds, n_rows,
                                                                  make_registry):
    folder = make_registry(tmp_path, episodes=lambda df: df.drop(columns=column))
    error = only_error(validate(folder))
    assert (error.file, error.row, error.column) == ("episodes.csv", 1, column)
    assert f"column is missing, but it is required on rows where {kinds} ({n_rows} rows)" in error.problem


def test_column_required_for_a_kind_of_spell_may_be_left_out_without_such_spells(tmp_path, make_registry):
    def no_courses(frame):
        return frame[~frame["kind"].isin(["course", "training"])].drop(columns="course_type")
    result = validate(make_registry(tmp_path, episodes=no_courses))
    assert result.ok
    (warning,) = result.warnings
    assert (warning.column, warning.row) == ("course_type", 1) and "read as empty" in warning.problem


@pytest.mark.parametrize("table, row, column", [
    ("episodes", 0, "start_date"),
    ("status_snapshots", 0, "snapshot_date"),
    ("milestones", 0, "date"),
])
def test_dates_of_a_person_before_the_birth_year(tmp_path, table, row, column, make_registry):
    # P1 was born in 1990.
    folder = make_registry(tmp_path, **{table: set_cell(table, row, column, "1989-12-31")})
    problems_found = [p for p in validate(folder).errors if p.column == column]
    assert [(p.file, p.row, p.value) for p in problems_found] == [(f"{table}.csv", csv_line(row), "1989-12-31")]
    assert "before the person's birth year" in problems_found[0].problem
    assert "birth_year 1990" in problems_found[0].problem


def test_a_spell_before_birth_is_one_problem(tmp_path, make_registry):
    def before_birth(frame):
        frame.loc[0, ["start_date", "end_date"]] = ["1985-01-01", "1986-01-01"]
        return frame
    error = only_error(validate(make_registry(tmp_path, episodes=before_birth)))
    assert (error.row, error.column) == (2, "start_date")


def test_a_date_out_of_range_is_one_problem(tmp_path, make_registry):
    error = only_error(validate(make_registry(tmp_path, episodes=set_cell("episodes", 0, "start_date",
                                                                          "1700-01-01"))))
    assert "earliest plausible date" in error.problem


def test_overlapping_employment_spells_are_warnings(tmp_path, make_registry):
    folder = make_registry(tmp_path, episodes=set_cell("episodes", 2, "start_date", "2019-05-01"))
    registry = load_registry(folder)
    (warning,) = registry.warnings
    assert (warning.file, warning.row, warning.column, warning.severity) == (
        "episodes.csv", 4, "start_date", "warning")
    assert "employment spell overlaps" in warning.problem


def test_overlapping_benefits_warn_only_for_the_same_type(tmp_path, make_registry):
    same_type = make_registry(tmp_path / "same", episodes=set_cell("episodes", 7, "benefit_type",
                                                                   "werkloosheidsuitkering"))
    (warning,) = validate(same_type).warnings
    assert warning.row == 9 and "benefit spell overlaps" in warning.problem
    # The base registry has an open unemployment benefit and a later social assistance spell of P4.
    assert validate(make_registry(tmp_path / "other")).warnings == []


def test_all_problems_are_collected_and_load_raises(tmp_path, make_registry):
    folder = make_registry(
        tmp_path,
        persons=set_cell("persons", 0, "sex", "x"),
        episodes=set_cell("episodes", 3, "end_date", "2017-05-01"),
        milestones=set_cell("milestones", 2, "person_id", "P99"),
    )
    with pytest.raises(RegistryError) as caught:
        load_registry(folder)
    assert {p.file for p in caught.value.problems} == {"persons.csv", "episodes.csv", "milestones.csv"}
    assert "3 errors" in str(caught.value) and "evalkit validate" in str(caught.value)


def test_parquet_rows_are_numbered_like_csv_lines(tmp_path, make_registry):
    folder = make_registry(tmp_path, fmt="parquet", typed_parquet=True,
                           persons=set_cell("persons", 2, "household", "groot_gezin"))
    error = only_error(validate(folder))
    assert (error.file, error.row, error.column) == ("persons.parquet", 4, "household")


def test_many_problems_are_all_kept_and_the_report_is_short(tmp_path, make_registry):
    def many(frame):
        extra = pd.DataFrame({
            "person_id": [f"Q{i}" for i in range(120)], "snapshot_date": "2020-06-30",
            "source": "VDAB", "status_code": "78",
        })
        return pd.concat([frame, extra], ignore_index=True)
    result = validate(make_registry(tmp_path, status_snapshots=many))
    assert len(result.errors) == 120
    text = result.format(max_problems=5)
    assert "120 errors" in text and "115 more not shown" in text
    assert text.count("ERROR") == 5


# --------------------------------------------------------------------------------------------
# What the studies need (data_schema/study_requirements.json)
# --------------------------------------------------------------------------------------------

def test_registry_without_status_snapshots_names_the_studies_that_cannot_run(tmp_path, make_registry):
    result = validate(make_registry(tmp_path, status_snapshots=None))
    assert result.ok
    (warning,) = result.warnings
    assert (warning.file, warning.row, warning.column) == ("datapackage.json", None, "resources")
    assert warning.problem.startswith("the overview and profiles studies cannot estimate everything on this registry")
    assert "no table 'status_snapshots'" in warning.problem
    assert result.cannot_run == {"overview": ["VDAB status snapshots"], "profiles": ["VDAB status snapshots"]}
    assert result.format().splitlines()[-1].endswith(
        "studies that cannot estimate every part on it: overview, profiles (see the warnings).")


@pytest.mark.parametrize("change", ["no rows", "other source"])
def test_status_snapshots_without_vdab_rows(tmp_path, change, make_registry):
    def edit(frame):
        return frame.iloc[0:0] if change == "no rows" else frame.assign(source="SD")
    result = validate(make_registry(tmp_path, status_snapshots=edit))
    assert result.ok and set(result.cannot_run) == {"overview", "profiles"}
    (warning,) = problems(result, contains="cannot estimate everything")
    assert (warning.file, warning.column) == ("status_snapshots.csv", "source")
    assert "where source is VDAB" in warning.problem and "has no such row" in warning.problem


def test_registry_without_art60_jobs(tmp_path, make_registry):
    result = validate(make_registry(tmp_path, episodes=lambda df: df.assign(
        contract=df["contract"].replace("art60", "nec_fixed_term"))))
    assert result.ok and set(result.cannot_run) == {"survival", "art60"}
    (warning,) = result.warnings
    assert (warning.file, warning.column) == ("episodes.csv", "contract")
    assert "kind is employment and contract is art60" in warning.problem


def test_registry_with_persons_and_intakes_only(tmp_path, make_registry):
    result = validate(make_registry(tmp_path, episodes=None, status_snapshots=None, milestones=None,
                                    trajectory_changes=None))
    assert result.ok and list(result.cannot_run) == ["overview", "survival", "trajectories", "profiles", "art60"]
    assert {p.file for p in result.warnings} == {"datapackage.json"}
    assert len(result.warnings) == 4  # one per need, each naming every study that has it


def test_needs_of_an_unreadable_table_are_not_judged(tmp_path, make_registry):
    result = validate(make_registry(tmp_path, raw_files={"status_snapshots.csv": b""}))
    assert not result.ok and result.cannot_run == {}


# --------------------------------------------------------------------------------------------
# The command line
# --------------------------------------------------------------------------------------------

def run_cli(capsys, folder) -> tuple[int, str]:
    code = cli.main(["validate", str(folder)])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def _corrupt_non_utf8(folder: Path) -> None:
    path = folder / "persons.csv"
    path.write_bytes(path.read_bytes().replace(b"SYR", b"Syri\xeb"))


CORRUPTIONS = {
    "missing column": (dict(persons=lambda df: df.drop(columns="household")), None,
                       ("persons.csv", "row 1", "column 'household'")),
    "unknown code": (dict(intakes=set_cell("intakes", 2, "trajectory", "traject_x")), None,
                     ("intakes.csv", "row 4", "column 'trajectory'")),
    "end before start": (dict(episodes=set_cell("episodes", 3, "end_date", "2017-05-01")), None,
                         ("episodes.csv", "row 5", "column 'end_date'")),
    "orphan person_id": (dict(milestones=set_cell("milestones", 2, "person_id", "P99")), None,
                         ("milestones.csv", "row 4", "column 'person_id'")),
    "non-UTF-8 file": ({}, _corrupt_non_utf8, ("persons.csv", "row 2", "column 'country_of_birth'")),
}


@pytest.mark.parametrize("name", list(CORRUPTIONS))
def test_cli_reports_corruption(tmp_path, capsys, name, make_registry):
    overrides, corrupt, expected = CORRUPTIONS[name]
    folder = make_registry(tmp_path, **overrides)
    if corrupt:
        corrupt(folder)
    code, output = run_cli(capsys, folder)
    assert code == 1
    for text in expected:
        assert text in output, output
    assert "Traceback" not in output
    assert output.rstrip().splitlines()[-1].startswith("Verdict: NOT VALID")


@pytest.mark.parametrize("case", ["missing folder", "empty file", "wrong delimiter", "binary garbage"])
def test_cli_unreadable_input(tmp_path, capsys, case, make_registry):
    if case == "missing folder":
        folder, expected = tmp_path / "nope", "does not exist"
    elif case == "empty file":
        folder, expected = make_registry(tmp_path, raw_files={"intakes.csv": ""}), "intakes.csv"
    elif case == "wrong delimiter":
        folder, expected = make_registry(tmp_path, raw_files={"intakes.csv": "intake_id;person_id\nI1;P1\n"}), \
            "wrong delimiter"
    else:
        folder, expected = make_registry(tmp_path, raw_files={"intakes.csv": bytes(range(256)) * 4}), "row"
    code, output = run_cli(capsys, folder)
    assert code == 1 and expected in output and "Traceback" not in output


def test_cli_warnings_alone_exit_zero(tmp_path, capsys, make_registry):
    folder = make_registry(tmp_path, persons=lambda df: df.assign(gemeente="Gent"))
    code, output = run_cli(capsys, folder)
    assert code == 0
    assert "1 warning" in output and output.rstrip().splitlines()[-1].startswith("Verdict: VALID")


def test_installed_command(tmp_path, make_registry):
    """The installed ``evalkit`` command, as a data steward runs it."""
    command = Path(sys.executable).parent / "evalkit"
    if not command.exists():
        pytest.skip("the evalkit command is not installed next to this Python")
    bad = make_registry(tmp_path / "bad", milestones=set_cell("milestones", 2, "person_id", "P99"))
    done = subprocess.run([str(command), "validate", str(bad)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "milestones.csv, row 4, column 'person_id'" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr
    good = make_registry(tmp_path / "good")
    done = subprocess.run([str(command), "validate", str(good)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


def test_validate_never_raises_on_odd_descriptors(tmp_path, make_registry):
    descriptors = ({"resources": "persons.csv", "sources": []}, {"resources": [42], "sources": [1]},
                   {"resources": [{"name": "persons"}], "sources": {"VDAB": "2021-12-31"}})
    for i, descriptor in enumerate(descriptors):
        folder = make_registry(tmp_path / str(i), descriptor=descriptor)
        result = validate(folder)
        assert not result.ok
        assert result.format().splitlines()[-1].startswith("Verdict: NOT VALID")


# ------------------------------------------------------------------------ one validation per run

def test_a_handed_over_registry_is_taken_only_while_its_files_are_unchanged(tmp_path, monkeypatch):
    """A run validates the registry once; a notebook's load_registry takes that over without checking
    again, unless the folder is another one or a file changed since (then it validates as usual)."""
    import shutil

    from evalkit.registry import load

    folder = tmp_path / "registry"
    shutil.copytree(resolve_registry_path("synthetic"), folder)
    validated = load_registry(folder)
    monkeypatch.setenv(load.HANDOVER_ENV, str(load.hand_over(validated, tmp_path / "handed.pickle")))
    checks = []
    real_checks = load.run_checks
    monkeypatch.setattr(load, "run_checks", lambda path: checks.append(path) or real_checks(path))

    taken = load_registry(folder)
    assert checks == []
    pd.testing.assert_frame_equal(taken.episodes, validated.episodes)
    assert taken.file_hashes == validated.file_hashes and taken.extraction_dates == validated.extraction_dates

    load_registry("synthetic")  # another folder (the same files): validated
    assert len(checks) == 1

    persons = folder / "persons.csv"
    persons.write_text(persons.read_text(encoding="utf-8").replace("\n", "\nnot,a,person\n", 1), encoding="utf-8")
    with pytest.raises(RegistryError):  # changed since the hand-over: validated, and the change found
        load_registry(folder)
    assert len(checks) == 2

    (tmp_path / "handed.pickle").write_bytes(b"not a pickle")  # unreadable: validated as usual
    with pytest.raises(RegistryError):
        load_registry(folder)
    assert len(checks) == 3
