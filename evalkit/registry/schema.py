"""The registry data model as the package reads it: table schemas, code lists, labels.

The model lives in ``data_schema/`` (shipped as ``evalkit.data_schema``): one Table Schema JSON file
per table, one CSV per code list, and ``study_requirements.json`` saying what each study needs from
the optional tables. This module is the only place that reads those files; everything
else (validation, labels in reports) asks it. Everything is read once and cached; the public functions
hand out copies, so a caller cannot change the model for the rest of the session by accident.

``data_dictionary()`` renders the whole model as Markdown for data stewards; the committed
``data_schema/DATA_DICTIONARY.md`` is its output (regenerate with
``python -m evalkit.registry.schema > data_schema/DATA_DICTIONARY.md``).
"""
from __future__ import annotations

import copy
import json
import sys
from functools import cache
from importlib import resources
from typing import Any

import pandas as pd

from evalkit.errors import InputError

LANGUAGES = ("nl", "en")

#: How field types are shown in the data dictionary.
_TYPE_LABELS = {"string": "text", "integer": "integer", "date": "date (YYYY-MM-DD)"}

#: Code lists with at most this many codes are spelled out in a table's field list.
_INLINE_CODES = 8

#: The file in ``data_schema/`` saying what each study needs from a registry.
REQUIREMENTS = "study_requirements.json"


def _schema_files():
    return resources.files("evalkit.data_schema")


@cache
def _package() -> dict[str, Any]:
    return json.loads(_schema_files().joinpath("datapackage.json").read_text("utf-8"))


@cache
def _table_schema(name: str) -> dict[str, Any]:
    for table in _package()["tables"]:
        if table["name"] == name:
            return json.loads(_schema_files().joinpath(table["schema"]).read_text("utf-8"))
    raise InputError(f"Unknown table {name!r}; the registry model has: {', '.join(table_names())}.")


@cache
def _codelist(name: str) -> pd.DataFrame:
    path = _schema_files().joinpath("codelists").joinpath(f"{name}.csv")
    if not path.is_file():
        raise InputError(f"Unknown code list {name!r}; the registry model has: {', '.join(codelist_names())}.")
    with path.open("rb") as handle:
        return pd.read_csv(handle, dtype=str, keep_default_na=False, encoding="utf-8")


def table_names() -> tuple[str, ...]:
    """Names of the tables of the registry model, in the model's order.

    Examples
    --------
    >>> table_names()[:2]
    ('persons', 'intakes')
    """
    return tuple(table["name"] for table in _package()["tables"])


def required_table_names() -> tuple[str, ...]:
    """Tables every registry folder must hold (the others may be absent).

    Examples
    --------
    >>> required_table_names()
    ('persons', 'intakes')
    """
    return tuple(table["name"] for table in _package()["tables"] if table.get("required", False))


def table_schema(name: str) -> dict[str, Any]:
    """The Table Schema of one table, as a dict (a fresh copy: changing it changes nothing else).

    Parameters
    ----------
    name : one of :func:`table_names`.

    Returns
    -------
    dict with ``name``, ``description``, ``fields`` (each with ``name``, ``type``, ``description`` and
    optionally ``constraints``, ``codelist``, ``requiredWhen``), ``primaryKey``, ``foreignKeys``.

    Raises
    ------
    InputError : the table is not part of the model.

    Examples
    --------
    >>> [f["name"] for f in table_schema("status_snapshots")["fields"]]
    ['person_id', 'snapshot_date', 'source', 'status_code']
    """
    return copy.deepcopy(_table_schema(name))


def field_names(name: str) -> tuple[str, ...]:
    """Column names of a table, in schema order.

    Examples
    --------
    >>> field_names("milestones")
    ('milestone_id', 'person_id', 'milestone', 'date', 'value')
    """
    return tuple(field["name"] for field in _table_schema(name)["fields"])


def codelist_names() -> tuple[str, ...]:
    """Names of all code lists (the CSV files in ``data_schema/codelists/``), sorted.

    Examples
    --------
    >>> "nt2_level" in codelist_names()
    True
    """
    folder = _schema_files().joinpath("codelists")
    return tuple(sorted(item.name[:-4] for item in folder.iterdir() if item.name.endswith(".csv")))


def codelist(name: str) -> pd.DataFrame:
    """One code list as a DataFrame; every column is text, exactly as written in the CSV.

    Parameters
    ----------
    name : code list name, e.g. ``"nt2_level"`` (see :func:`codelist_names`).

    Returns
    -------
    DataFrame with columns ``code``, ``label_nl``, ``label_en`` and the list's extra columns (e.g.
    ``work`` in ``vdab_status``, ``level_group`` in ``nt2_level``, ``circuit`` in ``contract``), all
    strings: NT2 level ``"1.1"`` and status code ``"0"`` stay as written.

    Raises
    ------
    InputError : no such code list.

    Examples
    --------
    >>> codelist("sex")["code"].tolist()
    ['man', 'vrouw']
    """
    return _codelist(name).copy()


def codelist_integer(name: str) -> bool:
    """True when the code list is used by an integer field (its codes are numbers in a registry).

    Examples
    --------
    >>> codelist_integer("vdab_status"), codelist_integer("nt2_level")
    (True, False)
    """
    return name in _integer_codelists()


@cache
def _integer_codelists() -> frozenset[str]:
    return frozenset(
        field["codelist"]
        for table in table_names()
        for field in _table_schema(table)["fields"]
        if field.get("codelist") and field["type"] == "integer"
    )


@cache
def _requirements() -> dict[str, Any]:
    return json.loads(_schema_files().joinpath(REQUIREMENTS).read_text("utf-8"))


def study_needs() -> dict[str, list[dict[str, Any]]]:
    """What each study needs from a registry, from ``data_schema/study_requirements.json``.

    A need asks for at least one row of ``table`` whose ``rows`` columns each hold one of the listed
    values; a study whose needs are not all met cannot estimate every part of its report.

    Returns
    -------
    dict study name -> list of needs (fresh copies), each a dict with ``name``, ``description``,
    ``purpose``, ``table`` and ``rows`` (column -> allowed values).

    Examples
    --------
    >>> needs = study_needs()
    >>> [need["name"] for need in needs["profiles"]]
    ['jobs', 'vdab_status']
    >>> needs["overview"][0]["table"], needs["overview"][0]["rows"]
    ('status_snapshots', {'source': ['VDAB']})
    """
    spec = _requirements()
    return {study: [dict(copy.deepcopy(spec["needs"][name]), name=name) for name in names]
            for study, names in spec["studies"].items()}


def _check_language(language: str) -> None:
    if language not in LANGUAGES:
        raise InputError(f"language must be one of {', '.join(LANGUAGES)}, not {language!r}.")


@cache
def _labels(name: str, language: str) -> dict:
    _check_language(language)
    frame = _codelist(name)
    codes = frame["code"].astype(int) if codelist_integer(name) else frame["code"]
    return dict(zip(codes.tolist(), frame[f"label_{language}"].tolist()))


def labels(codelist_name: str, language: str = "nl") -> dict:
    """Code -> label for a whole code list, to map a column in one go.

    The keys are the codes as a loaded registry holds them: ``int`` for code lists of integer fields
    (``vdab_status``), ``str`` otherwise (``"1.1"``, ``"<1.1"``).

    Parameters
    ----------
    codelist_name : e.g. ``"trajectory"``.
    language : ``"nl"`` (default) or ``"en"``.

    Returns
    -------
    dict (a fresh copy).

    Examples
    --------
    >>> import pandas as pd
    >>> pd.Series(["man", "vrouw"]).map(labels("sex", "en")).tolist()
    ['Man', 'Woman']
    >>> labels("vdab_status", "en")[78]
    'Deregistered: work'
    """
    return dict(_labels(codelist_name, language))


def label(codelist_name: str, code: Any, language: str = "nl") -> str:
    """The label of one code.

    Parameters
    ----------
    codelist_name : e.g. ``"nt2_level"``.
    code : the code, as text or (for integer code lists) as a number: ``78`` and ``"78"`` both work.
    language : ``"nl"`` (default) or ``"en"``.

    Returns
    -------
    The label (str).

    Raises
    ------
    InputError : the code is not in the code list (the message lists the codes).

    Examples
    --------
    >>> label("nt2_level", "1.1", "en")
    'Dutch 1.1'
    >>> label("vdab_status", 78)
    'Uitgeschreven wegens werk'
    """
    mapping = _labels(codelist_name, language)
    key: Any = code
    if codelist_integer(codelist_name):
        try:
            key = int(str(code).strip())
        except ValueError:
            key = code
    else:
        key = str(code)
    if key not in mapping:
        allowed = ", ".join(str(c) for c in mapping)
        raise InputError(f"Code {code!r} is not in code list {codelist_name!r} (codes: {allowed}).")
    return mapping[key]


# --------------------------------------------------------------------------------------------
# Data dictionary
# --------------------------------------------------------------------------------------------

_INTRODUCTION = """\
# Registry data dictionary

This document describes the registry data model of evalkit: which tables a registry folder holds,
which columns each table has, which values are allowed, and every code list with its Dutch and
English labels. It is generated from the schema files in `data_schema/` (one Table Schema JSON file
per table, one CSV file per code list), which are the single source of truth: do not edit this file
by hand, regenerate it with `python -m evalkit.registry.schema > data_schema/DATA_DICTIONARY.md`.

## A registry folder

- One file per table: CSV (comma-separated, UTF-8, one header row with the column names below) or
  Parquet. Column order does not matter; columns not listed here are reported and kept as text.
- A `datapackage.json` naming the files and giving, per source (SD, OCMW, VDAB, ATLAS, COB), the
  extraction date:

```json
{
  "name": "my-registry",
  "created": "2021-12-31",
  "resources": [{"name": "persons", "path": "persons.csv"}, {"name": "intakes", "path": "intakes.csv"}],
  "sources": [{"name": "VDAB", "extraction_date": "2021-12-31"}]
}
```

- `evalkit validate FOLDER` checks a folder against this model and lists every problem with file,
  row (line number in the file; the header is line 1), column and value.

## Conventions

- Dates are written `YYYY-MM-DD` (e.g. `2019-03-01`), with the digits 0-9; no date lies before
  1900-01-01. Integers are written without decimals, in at most 18 digits.
- An empty cell means "missing". A *required* column must be present and may not have empty cells.
- Codes are written exactly as in the code list (case matters; `1.1` is not `1.10`).
- An open spell has an empty `end_date` and is censored at the extraction date of its row's
  `source`. No date may lie after that extraction date (for tables without a `source` column: after
  the latest extraction date).
- *Required when*: the column must be filled on the rows that match the condition (e.g. `contract`
  on employment spells); the column may only be left out when no row matches.
- A person's dates (intake, start of a spell, status snapshot, milestone) do not lie in a year before
  the person's `birth_year`.
- Every file lies in the registry folder: a `path` in `datapackage.json` is a file name (or a path
  below the folder), not an absolute path, a path with `..` or a URL.
- Overlapping employment spells of one person, and overlapping benefit spells of one person with the
  same `benefit_type`, are reported as warnings: registrations of several partners can contradict
  each other, and the analysis must decide which to keep.
"""


def _md(text: Any) -> str:
    """Text safe inside a Markdown table cell."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def _anchor(codelist_name: str) -> str:
    return f"code-list-{codelist_name}"


def _required_text(field: dict[str, Any]) -> str:
    constraints = field.get("constraints", {})
    parts = []
    if constraints.get("required"):
        parts.append("yes")
    when = field.get("requiredWhen")
    if when:
        conditions = "; ".join(
            f"`{column}` is " + " or ".join(f"`{value}`" for value in values) for column, values in when.items()
        )
        parts.append(f"when {conditions}")
    if constraints.get("unique"):
        parts.append("unique")
    return ", ".join(parts) if parts else "no"


def _allowed_text(field: dict[str, Any]) -> str:
    constraints = field.get("constraints", {})
    parts = []
    name = field.get("codelist")
    if name:
        codes = _codelist(name)["code"].tolist()
        link = f"code list [`{name}`](#{_anchor(name)})"
        if len(codes) <= _INLINE_CODES:
            parts.append(f"{link}: " + ", ".join(f"`{_md(code)}`" for code in codes))
        else:
            parts.append(f"{link} ({len(codes)} codes)")
    lowest, highest = ("from", "until") if field["type"] == "date" else ("at least", "at most")
    if "minimum" in constraints and "maximum" in constraints:
        parts.append(f"{constraints['minimum']} to {constraints['maximum']}")
    elif "minimum" in constraints:
        parts.append(f"{lowest} {constraints['minimum']}")
    elif "maximum" in constraints:
        parts.append(f"{highest} {constraints['maximum']}")
    return "; ".join(parts)


def _table_section(name: str, required: bool) -> list[str]:
    schema = _table_schema(name)
    lines = [f"## Table: {name}", ""]
    lines.append(f"{'Required' if required else 'Optional'} table. {schema.get('description', '')}".rstrip())
    lines += ["", "| Column | Type | Required | Allowed values | Description |", "|---|---|---|---|---|"]
    for field in schema["fields"]:
        lines.append(
            f"| `{field['name']}` | {_TYPE_LABELS.get(field['type'], field['type'])} | {_required_text(field)} "
            f"| {_allowed_text(field)} | {_md(field.get('description', ''))} |"
        )
    lines.append("")
    primary_key = schema.get("primaryKey")
    if primary_key:
        keys = primary_key if isinstance(primary_key, list) else [primary_key]
        each = "each combination occurs once" if len(keys) > 1 else "each value occurs once"
        lines.append(f"- Primary key: {', '.join(f'`{key}`' for key in keys)} ({each}).")
    for foreign in schema.get("foreignKeys", []):
        fields = foreign["fields"] if isinstance(foreign["fields"], list) else [foreign["fields"]]
        reference = foreign["reference"]
        ref_fields = reference["fields"] if isinstance(reference["fields"], list) else [reference["fields"]]
        lines.append(
            f"- References: {', '.join(f'`{f}`' for f in fields)} must exist in table "
            f"`{reference['resource']}` ({', '.join(f'`{f}`' for f in ref_fields)})."
        )
    lines.append("")
    return lines


def need_text(need: dict[str, Any]) -> str:
    """The rows a need asks for, in words.

    Examples
    --------
    >>> need_text(study_needs()["art60"][0])
    'rows of episodes where kind is employment and contract is art60'
    """
    conditions = " and ".join(f"{column} is {' or '.join(values)}" for column, values in need["rows"].items())
    return f"rows of {need['table']} where {conditions}"


def _studies_section() -> list[str]:
    spec = _requirements()
    lines = ["## What the studies need", "", spec["description"], "",
             "| Study | Needs | Met by | What for |", "|---|---|---|---|"]
    for study, needs in study_needs().items():
        for i, need in enumerate(needs):
            lines.append(f"| {f'`{study}`' if i == 0 else ''} | {_md(need['description'])} "
                         f"| {_md(need_text(need))} | {_md(need['purpose'])} |")
    lines.append("")
    return lines


def _codelist_section(name: str) -> list[str]:
    frame = _codelist(name)
    users = [
        f"`{table}.{field['name']}`"
        for table in table_names()
        for field in _table_schema(table)["fields"]
        if field.get("codelist") == name
    ]
    extra = [column for column in frame.columns if column not in ("code", "label_nl", "label_en")]
    lines = [f"### Code list: {name}", ""]
    if users:
        lines += [f"Used by {', '.join(users)}.", ""]
    header = ["Code", "Label (nl)", "Label (en)"] + extra
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|" + "---|" * len(header))
    for row in frame.itertuples(index=False):
        values = row._asdict()
        cells = [f"`{_md(values['code'])}`", _md(values["label_nl"]), _md(values["label_en"])]
        cells += [_md(values[column]) for column in extra]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    return lines


def data_dictionary() -> str:
    """The registry model as a Markdown data dictionary, readable without Python.

    Each table: its description, a column table (name, type, required, allowed values or code list,
    description), primary key and references; then what each study needs from a registry; then every
    code list with its codes and Dutch and English labels. ``data_schema/DATA_DICTIONARY.md`` holds this output.

    Returns
    -------
    str, Markdown ending with a newline.

    Examples
    --------
    >>> text = data_dictionary()
    >>> text.startswith("# Registry data dictionary")
    True
    >>> "## Table: persons" in text and "### Code list: nt2_level" in text
    True
    """
    required = set(required_table_names())
    lines = [_INTRODUCTION, "## Tables", ""]
    for name in table_names():
        lines.append(f"- [`{name}`](#table-{name}) ({'required' if name in required else 'optional'})")
    lines.append("")
    for name in table_names():
        lines += _table_section(name, name in required)
    lines += _studies_section()
    lines += ["## Code lists", ""]
    for name in codelist_names():
        lines += _codelist_section(name)
    return "\n".join(lines).rstrip("\n") + "\n"


def main() -> int:
    """Print the data dictionary (``python -m evalkit.registry.schema > data_schema/DATA_DICTIONARY.md``)."""
    sys.stdout.reconfigure(encoding="utf-8", newline="\n")
    sys.stdout.write(data_dictionary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
