"""Shared test helpers: a small hand-made registry folder, written fresh for each test."""
from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any, Callable

import pandas as pd
import pytest

#: Extraction date per source. VDAB is earlier than the others on purpose, so tests can tell the
#: per-source check from the registry-wide one.
SOURCES = {"COB": "2021-12-31", "SD": "2021-12-31", "OCMW": "2021-12-31", "VDAB": "2021-09-30",
           "ATLAS": "2021-12-31"}


def _frame(columns: list[str], rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns, dtype=object)


def base_tables() -> dict[str, pd.DataFrame]:
    """A valid registry: 6 persons, 7 intakes, every table filled; every cell as text ("" = empty)."""
    persons = _frame(
        ["person_id", "sex", "birth_year", "country_of_birth", "origin_region", "household", "education",
         "residence_status"],
        [
            ("P1", "man", "1990", "SYR", "midden_oosten", "alleenstaande", "laag", "erkend_vluchteling"),
            ("P2", "vrouw", "1985", "AFG", "centraal_azie", "gezin_ten_laste", "midden", "subsidiair_beschermd"),
            ("P3", "man", "", "ERI", "oost_afrika", "samenwoner", "", "gezinshereniging"),
            ("P4", "vrouw", "1978", "", "", "onbekend", "hoog", "andere"),
            ("P5", "", "2001", "SOM", "oost_afrika", "alleenstaande", "geen", ""),
            ("P6", "man", "1995", "UKR", "europa", "gezin_ten_laste", "midden", "andere"),
        ],
    )
    intakes = _frame(
        ["intake_id", "person_id", "programme", "intake_date", "trajectory", "nt2_level_at_intake"],
        [
            ("I1", "P1", "COB", "2017-03-01", "lineair", "0"),
            ("I2", "P2", "COB", "2017-05-15", "geintegreerd_vdab", "1.1"),
            ("I3", "P3", "COB", "2018-01-10", "geintegreerd_activering", "<1.1"),
            ("I4", "P4", "COB", "2018-06-01", "jongerentraject_esf", ""),
            ("I5", "P5", "COB", "2019-02-01", "lineair", "2.1"),
            ("I6", "P6", "COB", "2019-09-01", "geintegreerd_vdab", "1.2"),
            ("I7", "P1", "COB", "2020-01-06", "geintegreerd_vdab", "1.2"),
        ],
    )
    trajectory_changes = _frame(
        ["change_id", "intake_id", "change_date", "from_trajectory", "to_trajectory", "reason"],
        [
            ("C1", "I1", "2017-09-01", "lineair", "geintegreerd_vdab", "profielverhoging"),
            ("C2", "I1", "2018-03-01", "geintegreerd_vdab", "geintegreerd_activering", "doorverwijzing_activering"),
            ("C3", "I5", "2019-06-01", "lineair", "geintegreerd_activering", ""),
        ],
    )
    episodes = _frame(
        ["episode_id", "person_id", "kind", "start_date", "end_date", "contract", "working_time", "employer_type",
         "sector", "benefit_type", "course_type", "result", "source"],
        [
            ("E1", "P1", "benefit", "2017-03-01", "2018-05-31", "", "", "", "", "leefloon", "", "", "SD"),
            ("E2", "P1", "employment", "2018-06-01", "2019-05-31", "art60", "voltijds", "public", "O", "", "", "",
             "OCMW"),
            ("E3", "P1", "employment", "2019-06-01", "", "nec_open_ended", "voltijds", "private", "C", "", "", "",
             "SD"),
            ("E4", "P2", "course", "2017-06-01", "2018-01-31", "", "", "", "", "", "nt2", "geslaagd", "ATLAS"),
            ("E5", "P2", "employment", "2018-09-01", "2018-12-31", "interim", "deeltijds", "private", "N", "", "",
             "", "VDAB"),
            ("E6", "P3", "training", "2018-03-01", "2018-08-31", "", "", "", "", "", "beroepsopleiding", "afgebroken",
             "VDAB"),
            ("E7", "P4", "benefit", "2018-06-01", "", "", "", "", "", "werkloosheidsuitkering", "", "", "VDAB"),
            ("E8", "P4", "benefit", "2019-01-01", "2019-12-31", "", "", "", "", "leefloon", "", "", "SD"),
        ],
    )
    status_snapshots = _frame(
        ["person_id", "snapshot_date", "source", "status_code"],
        [
            ("P1", "2019-12-31", "VDAB", "78"),
            ("P1", "2020-03-31", "VDAB", "78"),
            ("P2", "2019-12-31", "VDAB", "0"),
            ("P2", "2020-03-31", "VDAB", "3"),
            ("P3", "2020-03-31", "VDAB", "5"),
            ("P4", "2020-03-31", "VDAB", "97"),
            ("P6", "2020-03-31", "VDAB", "90"),
        ],
    )
    milestones = _frame(
        ["milestone_id", "person_id", "milestone", "date", "value"],
        [
            ("M1", "P1", "trajectplan", "2017-04-01", ""),
            ("M2", "P1", "nt2_niveau", "2017-12-15", "1.2"),
            ("M3", "P2", "mo_attest", "2017-09-30", ""),
            ("M4", "P2", "iba", "2018-02-28", ""),
            ("M5", "P6", "trajectcontract", "2019-10-01", ""),
        ],
    )
    return {"persons": persons, "intakes": intakes, "trajectory_changes": trajectory_changes,
            "episodes": episodes, "status_snapshots": status_snapshots, "milestones": milestones}


def base_descriptor(names: list[str], suffix: str) -> dict[str, Any]:
    return {
        "name": "test-registry",
        "created": "2021-12-31",
        "resources": [{"name": name, "path": f"{name}{suffix}"} for name in names],
        "sources": [{"name": name, "extraction_date": date} for name, date in SOURCES.items()],
    }


def _typed_for_parquet(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """The table with schema types (dates, integers) as a partner's Parquet export would hold them."""
    from evalkit.registry.schema import table_schema

    out = frame.copy()
    for field in table_schema(name)["fields"]:
        column = field["name"]
        if column not in out.columns:
            continue
        values = out[column].replace("", None)
        if field["type"] == "date":
            out[column] = pd.to_datetime(values, format="%Y-%m-%d").dt.date
        elif field["type"] == "integer":
            out[column] = pd.to_numeric(values).astype("Int64")
        else:
            out[column] = values.astype("string")
    return out


def write_registry(
    tmp_path: Path,
    fmt: str = "csv",
    typed_parquet: bool = False,
    descriptor: dict[str, Any] | Callable[[dict[str, Any]], dict[str, Any]] | None = None,
    raw_files: dict[str, bytes | str] | None = None,
    folder_name: str = "registry",
    **overrides: pd.DataFrame | Callable[[pd.DataFrame], pd.DataFrame] | None,
) -> Path:
    """Write a small valid registry folder and return its path.

    Parameters
    ----------
    tmp_path : pytest's temporary folder.
    fmt : ``"csv"`` or ``"parquet"``.
    typed_parquet : write Parquet with date and integer columns (instead of text columns).
    descriptor : a replacement ``datapackage.json`` (dict), or a function changing the default one.
    raw_files : file name -> content written as is after the tables (to corrupt a file).
    **overrides : table name -> a DataFrame replacing the table, a function changing a copy of it,
        or ``None`` to leave the table out (file and resource entry).

    Examples
    --------
    In a test with pytest's ``tmp_path``::

        folder = write_registry(tmp_path, persons=lambda df: df.assign(sex="x"))
    """
    folder = tmp_path / folder_name
    folder.mkdir(parents=True)
    tables = base_tables()
    for name, change in overrides.items():
        if name not in tables:
            raise TypeError(f"unknown table override {name!r}")
        if change is None:
            del tables[name]
        elif callable(change):
            tables[name] = change(tables[name].copy())
        else:
            tables[name] = change
    suffix = ".csv" if fmt == "csv" else ".parquet"
    for name, frame in tables.items():
        path = folder / f"{name}{suffix}"
        if fmt == "csv":
            frame.to_csv(path, index=False, lineterminator="\n")
        elif typed_parquet:
            _typed_for_parquet(name, frame).to_parquet(path, index=False)
        else:
            frame.astype("string").to_parquet(path, index=False)
    package = base_descriptor(list(tables), suffix)
    if callable(descriptor):
        package = descriptor(copy.deepcopy(package))
    elif descriptor is not None:
        package = descriptor
    (folder / "datapackage.json").write_text(json.dumps(package, indent=2), "utf-8")
    for name, content in (raw_files or {}).items():
        target = folder / name
        if isinstance(content, str):
            target.write_text(content, "utf-8")
        else:
            target.write_bytes(content)
    return folder


@pytest.fixture
def make_registry() -> Callable[..., Path]:
    """The registry writer, :func:`write_registry`: ``make_registry(tmp_path, **overrides)``."""
    return write_registry


@pytest.fixture
def registry_folder(tmp_path: Path) -> Path:
    """A valid CSV registry folder."""
    return write_registry(tmp_path)


# ------------------------------------------------------------------ reports of the bundled registry
@pytest.fixture(scope="session")
def bundled_reports(tmp_path_factory):
    """``bundled_reports(study, language="nl")``: the run folder of ``study`` rendered once, with its
    default parameters (and ``language``), on a copy of the bundled synthetic registry
    (``<root>/a/registry``).

    Several test modules read the same reports; each study is rendered once per test session, also
    when the tests run in several processes (the folder and a lock file are shared by them).
    """
    import shutil

    from filelock import FileLock

    from evalkit.publish.runner import render
    from evalkit.registry import resolve_registry_path

    base = tmp_path_factory.getbasetemp()
    root = (base.parent if base.name.startswith("popen-gw") else base) / "bundled_reports"
    root.mkdir(exist_ok=True)

    def get(study: str, language: str = "nl") -> Path:
        with FileLock(str(root / "registry.lock")):
            data = root / "a" / "registry"
            if not data.exists():
                shutil.copytree(resolve_registry_path("synthetic"), data)
        name = f"run_a_{study}" if language == "nl" else f"run_a_{study}_{language}"
        with FileLock(str(root / f"{name}.lock")):
            folder = root / "reports" / name
            if not (folder / "index.html").exists():
                render(study, data=data, out=root / "reports", run_name=folder.name,
                       parameters=[f"language={language}"] if language != "nl" else [])
        return folder

    get.root = root
    return get
