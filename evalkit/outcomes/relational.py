"""The cohort and the first jobs as SQL: the same derivations as :func:`evalkit.outcomes.cohort` and
:func:`evalkit.outcomes.first_jobs`, run in DuckDB (embedded, in the Python process) and written so
that the very same query runs on Spark SQL.

Each query is written once, in DuckDB's dialect (:func:`cohort_sql`, :func:`first_jobs_sql`);
:func:`to_spark` translates it for Spark with SQLGlot. :func:`cohort` and :func:`first_jobs` run the
queries in DuckDB and return DataFrames equal to those of the pandas functions: the same columns,
dtypes, order of rows and values (``tests/test_outcomes_relational.py`` checks this on the bundled
registry, on small hand-made registries and on random ones). The pandas functions stay the
reference; the rules of how episodes are read are those of :mod:`evalkit.outcomes`.

The tables
----------
:func:`register` puts a registry into a DuckDB connection as the views ``persons``, ``intakes`` and
``episodes``: either a loaded registry (its DataFrames are handed to DuckDB as Arrow tables, only
the columns the queries read), or a registry folder, whose CSV or Parquet files DuckDB reads itself
(``read_csv`` / ``read_parquet``), so a registry larger than memory never has to be loaded into
pandas. A folder is read as it is, without the checks of :func:`evalkit.registry.validate`: validate
it first. Every view has a column ``_row``, the position of the row in its table (for a folder: in
the order of the primary key, as :func:`~evalkit.registry.load_registry` sorts it), so that results
come out in the order of the pandas functions and ties are broken the same way. Dates are calendar
days (type ``DATE``); registry dates have no time of day, and a censor date with one is refused.
A missing ``person_id`` matches nothing in SQL (pandas would pair a missing id with a missing id);
the registry model requires it in every table.

The queries
-----------
All times are whole days since the intake (``DATE_DIFF``), episodes are joined to intakes on
``person_id``, and every step is a join, an aggregate or a window function, so the query runs as
well on a partitioned Spark cluster as in one process. Parameters (programme, intake window, censor
date, extraction dates, the durable-job definition, the code list ``contract``) are written into
the query as quoted literals.

- Periods of continuous employment (for ``min_days`` and for the window share) are *gaps and
  islands*: per intake, spells ordered by start (and position in the episodes table); a spell opens
  a new period when it starts more than ``max_gap_days + 1`` days after the running maximum of the
  ends before it; a running sum of these openings numbers the periods.
- The window share (e.g. 80% of 365 days, :data:`~evalkit.outcomes.SHARE_80_12M`) is solved in
  closed form instead of day by day. With W the window, ``need`` the employed days required and
  ``M = W - need`` the days without work a window may hold, let period k run from ``a_k`` to
  ``b_k`` with ``B_k`` employed days before it, so ``U_k = a_k - B_k`` days without work before
  it. A day t in period k (t >= W - 1) qualifies when at least ``q_k = U_k - M`` days without work
  lie on or before t - W. The days without work form the gaps between periods; the q-th of them
  lies in the gap before the first period j with ``U_j >= q`` and is day ``q + B_j - 1``. So the
  first qualifying day of period k is ``max(a_k, W - 1, W + q_k + B_j - 1)`` when that is at most
  ``b_k`` (found by a join of each period with the earlier periods of the same intake). Outside
  periods the count cannot rise, so the only other candidate is the first possible day W - 1 itself.
  This is exact: the same days as the bisection of the pandas implementation.

Getting pandas frames back
--------------------------
The result of a query is fetched as an Arrow table and each column is given the dtype the pandas
function gives it: the dtype of the registry column it comes from (``Int64``, ``datetime64[ns]``,
text ``object``), ``float64`` of ``NaN`` for a column the registry does not have, ``int64`` /
``bool`` for the derived counts and flags, and for ``censor_date`` the unit of the censor date's
Timestamp (pandas keeps the unit of a date given as text). SQL has one NULL where pandas has two
empty values, so an empty text cell comes back as the registry holds its empty cells (``NaN`` as
:func:`~evalkit.registry.load_registry` gives them, ``None`` in a frame built with ``None``; the
first empty cell of the column tells; a column holding both comes back with that one only), and as
``NaN`` for a person not in ``persons``, as pandas' ``where`` has it. A numeric column with persons
not found turns float, as ``where`` turns it. The columns of the cohort that :func:`first_jobs` is
given are taken over as they are, as the pandas function does.

Examples
--------
>>> from evalkit.registry import load_registry
>>> registry = load_registry("synthetic")
>>> jobs = first_jobs(registry, cohort(registry), durable="share_80_12m")
>>> from evalkit import outcomes
>>> jobs.equals(outcomes.first_jobs(registry, outcomes.cohort(registry), durable="share_80_12m"))
True
>>> to_spark(cohort_sql("2021-12-31", intake_to="2017-12-31")).startswith("WITH person AS")
True
"""
from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from typing import Any, Mapping

import numpy as np
import pandas as pd
import pyarrow as pa

from evalkit.errors import InputError
from evalkit.outcomes import (
    _FOLLOW_UP, _NS_PER_DAY, JOB_KINDS, OPEN_ENDED_CONTRACTS, SPELL_365, DurableJob, _censor_date, _date,
    _extraction_dates, _first_jobs_arguments, durable_definition, require_tables,
)

__all__ = ["Database", "connect", "register", "cohort_sql", "first_jobs_sql", "to_spark", "cohort", "first_jobs"]

#: The columns the queries read, per table, with their type in the registry model.
COLUMNS = {
    "persons": {"person_id": "string", "sex": "string", "household": "string", "education": "string",
                "birth_year": "integer", "origin_region": "string", "residence_status": "string"},
    "intakes": {"intake_id": "string", "person_id": "string", "programme": "string", "intake_date": "date",
                "trajectory": "string", "nt2_level_at_intake": "string"},
    "episodes": {"person_id": "string", "kind": "string", "start_date": "date", "end_date": "date",
                 "contract": "string", "source": "string"},
}
_REQUIRED = {"intakes": ["intake_id", "person_id", "intake_date", "trajectory"], "persons": ["person_id"]}
_EPISODES_REQUIRED = {"episodes": ["person_id", "kind", "start_date", "end_date", "contract"]}
_ARROW_TYPES = {"string": pa.string(), "integer": pa.int64(), "date": pa.date32()}
_SQL_TYPES = {"string": "VARCHAR", "integer": "BIGINT", "date": "DATE"}
_PANDAS_TYPES = {"string": np.dtype(object), "integer": pd.Int64Dtype(), "date": np.dtype("datetime64[ns]")}
_COHORT_COLUMNS = ["intake_id", "person_id", "programme", "intake_date", "trajectory", "nt2_level_at_intake",
                   "nt2_group", "sex", "household", "education", "birth_year", "age_group", "intake_period",
                   "origin_region", "residence_status", "censor_date"]
_PERSON_COLUMNS = ("sex", "household", "education", "birth_year", "origin_region", "residence_status")
_KIND_ENDPOINTS = ("nec", "art60", "interim", "sec")


# --------------------------------------------------------------------------- the tables
@dataclass
class Database:
    """A DuckDB connection holding a registry as the views ``persons``, ``intakes`` and ``episodes``.

    Attributes
    ----------
    con : duckdb.DuckDBPyConnection
    extraction_dates : dict source name -> ``pandas.Timestamp``
    dtypes : dict table -> column -> the pandas dtype of the column in the registry, ``None`` for a
        column the registry does not have (the query sees it as NULL)
    missing : dict table -> column -> what an empty cell of a text column holds in the registry
        (``NaN``, as :func:`~evalkit.registry.load_registry` has it, or ``None``)
    """

    con: Any
    extraction_dates: dict[str, pd.Timestamp]
    dtypes: dict[str, dict[str, Any]] = field(default_factory=dict)
    missing: dict[str, dict[str, Any]] = field(default_factory=dict)

    def query(self, sql: str) -> pa.Table:
        """The result of ``sql`` as an Arrow table."""
        return self.con.sql(sql).to_arrow_table()


def connect(registry) -> Database:
    """A new in-memory DuckDB connection with ``registry`` registered (see :func:`register`)."""
    import duckdb

    return register(duckdb.connect(), registry)


def register(con, registry) -> Database:
    """Put a registry into the DuckDB connection ``con`` as the views ``persons``, ``intakes`` and ``episodes``.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
    registry : Registry, folder or Database
        A loaded registry (or any object with the tables as DataFrames and ``extraction_dates``),
        a registry folder (``datapackage.json`` and a CSV or Parquet file per table; ``"synthetic"``
        for the bundled one) read by DuckDB itself, or a :class:`Database` (returned as it is).

    Returns
    -------
    Database

    Examples
    --------
    >>> db = register(__import__("duckdb").connect(), "synthetic")
    >>> db.query("SELECT COUNT(*) AS n FROM intakes")["n"][0].as_py()
    1662
    """
    if isinstance(registry, Database):
        return registry
    if isinstance(registry, (str, os.PathLike)):
        return _register_folder(con, registry)
    return _register_frames(con, registry)


def _register_frames(con, registry) -> Database:
    dtypes: dict[str, dict[str, Any]] = {}
    missing: dict[str, dict[str, Any]] = {}
    for table, columns in COLUMNS.items():
        frame = getattr(registry, table, None)
        if not isinstance(frame, pd.DataFrame):
            continue
        arrays, names, kinds, empty = [], [], {}, {}
        for column, kind in columns.items():
            if column in frame.columns:
                arrays.append(_arrow(frame[column], kind, f"{table}.{column}"))
                kinds[column] = frame[column].dtype
                empty[column] = _missing_marker(frame[column])
            else:
                arrays.append(pa.nulls(len(frame), _ARROW_TYPES[kind]))
                kinds[column] = None
            names.append(column)
        arrays.append(pa.array(np.arange(len(frame), dtype=np.int64)))
        names.append("_row")
        con.register(table, pa.Table.from_arrays(arrays, names=names))
        dtypes[table], missing[table] = kinds, empty
    return Database(con, _extraction_dates(registry), dtypes, missing)


def _missing_marker(values: pd.Series):
    """What the empty cells of a text column hold: the first one's value (None or NaN)."""
    if values.dtype != object:
        return np.nan
    where = np.flatnonzero(values.isna().to_numpy())
    return values.iloc[where[0]] if len(where) else np.nan


def _arrow(values: pd.Series, kind: str, what: str) -> pa.Array:
    """One registry column as an Arrow array: dates as DATE, text and numbers as pandas holds them."""
    if kind == "date":
        return _arrow_dates(values, what)
    array = pa.array(values, from_pandas=True)
    return array.cast(_ARROW_TYPES[kind]) if pa.types.is_null(array.type) else array


def _arrow_dates(values: pd.Series, what: str) -> pa.Array:
    days = values.to_numpy(dtype="datetime64[ns]")
    ns = days.view(np.int64)
    if np.any(~np.isnat(days) & (ns % _NS_PER_DAY != 0)):
        raise InputError(f"{what} holds a date with a time of day; the registry has calendar dates only")
    return pa.array(days.astype("datetime64[D]"), type=pa.date32(), from_pandas=True)


def _register_folder(con, path) -> Database:
    from evalkit.registry import schema
    from evalkit.registry.files import (
        CSV_SUFFIXES, Findings, read_descriptor, read_resources, read_sources, resolve_registry_path,
    )

    folder = resolve_registry_path(path)
    found = Findings()
    descriptor = read_descriptor(path, folder, found, {})
    files = {}
    dates: dict[str, pd.Timestamp] = {}
    if descriptor is not None:
        dates = read_sources(descriptor, found)
        files = read_resources(descriptor, folder, found)
    errors = [p for p in found.items if p.severity == "error"]
    if descriptor is None or errors:
        raise InputError(f"the registry folder {folder} cannot be read: {errors[0].format()} "
                         f"(run 'evalkit validate {path}' for every problem)")
    dtypes: dict[str, dict[str, Any]] = {}
    for table, columns in COLUMNS.items():
        key = list(schema.table_schema(table).get("primaryKey", []))
        if table in files:
            file = folder / files[table]
            reader = "read_csv" if file.suffix.lower() in CSV_SUFFIXES else "read_parquet"
            options = (", header = true, all_varchar = true, delim = ',', quote = '\"', escape = '\"'"
                       if reader == "read_csv" else "")
            scan = f"{reader}({_text(str(file))}{options})"
            present = {row[0] for row in con.sql(f"DESCRIBE SELECT * FROM {scan}").fetchall()}
        else:
            scan = "(SELECT 1 AS _none WHERE 1 = 0)"
            present = set()
        select = []
        for column, kind in {**columns, **{c: "string" for c in key if c not in columns}}.items():
            if column in present:  # as load_registry reads a cell: text, empty = missing, then typed
                text = f"NULLIF(CAST({_name(column)} AS VARCHAR), '')"
                typed = text if kind == "string" else f"CAST({text} AS {_SQL_TYPES[kind]})"
                select.append(f"{typed} AS {_name(column)}")
            else:
                select.append(f"CAST(NULL AS {_SQL_TYPES[kind]}) AS {_name(column)}")
        ordered = ", ".join(_name(c) for c in key) or "1"
        con.execute(f"CREATE OR REPLACE VIEW {table} AS SELECT *, ROW_NUMBER() OVER (ORDER BY {ordered}) - 1 AS _row "
                    f"FROM (SELECT {', '.join(select)} FROM {scan}) AS typed")
        dtypes[table] = {column: _PANDAS_TYPES[kind] for column, kind in columns.items()}
    return Database(con, dict(dates), dtypes)


# --------------------------------------------------------------------------- literals
def _text(value) -> str:
    """A quoted SQL string literal."""
    from sqlglot import exp

    return exp.Literal.string(str(value)).sql(dialect="duckdb")


def _name(identifier: str) -> str:
    if not identifier.replace("_", "").isalnum():
        raise InputError(f"{identifier!r} is not a column name the queries can use")
    return identifier


def _day(value) -> str:
    """A DATE literal (``value`` is a date without a time of day)."""
    day = pd.Timestamp(value)
    if day != day.normalize():
        raise InputError(f"{value!r} has a time of day; give a calendar date such as '2021-12-31'")
    return f"DATE '{day.date().isoformat()}'"


def _texts(values) -> str:
    return ", ".join(_text(v) for v in values)


def _contracts():
    from evalkit.registry.schema import codelist

    cl = codelist("contract")
    return list(zip(cl["code"].astype(str), cl["circuit"].astype(str)))


# --------------------------------------------------------------------------- the cohort
def cohort_sql(censor_date, programme: str | None = "COB", intake_from=None, intake_to=None) -> str:
    """The query (DuckDB dialect) of :func:`evalkit.outcomes.cohort`, on the views ``persons`` and ``intakes``.

    Parameters
    ----------
    censor_date : date-like
        End of follow-up (a calendar date; the default of :func:`cohort` is resolved before).
    programme : str or None
        Intake programme (``None``: all).
    intake_from, intake_to : date-like, optional
        First and last intake date included.

    Returns
    -------
    str
        One row per intake in the order of ``intakes._row``, with ``_row`` numbering the rows of
        the cohort from 0 and the columns of :func:`evalkit.outcomes.cohort`.

    Examples
    --------
    >>> "programme = 'COB'" in cohort_sql("2021-12-31")
    True
    """
    where = ["i.intake_date IS NOT NULL", f"i.intake_date <= {_day(censor_date)}"]
    if programme is not None:
        where.append(f"i.programme = {_text(programme)}")
    if intake_from is not None:  # intake dates are whole days: a bound with a time of day rounds inwards
        where.append(f"i.intake_date >= {_day(pd.Timestamp(intake_from).ceil('D'))}")
    if intake_to is not None:
        where.append(f"i.intake_date <= {_day(pd.Timestamp(intake_to).floor('D'))}")
    age = "YEAR(i.intake_date) - TRY_CAST(p.birth_year AS DOUBLE)"
    return f"""WITH person AS (
    -- the first row of each person
    SELECT * FROM (
        SELECT p.*, ROW_NUMBER() OVER (PARTITION BY p.person_id ORDER BY p._row) AS occurrence
        FROM persons AS p
    ) AS numbered
    WHERE occurrence = 1
), intake AS (
    SELECT * FROM intakes AS i
    WHERE {' AND '.join(where)}
)
SELECT
    ROW_NUMBER() OVER (ORDER BY i._row) - 1 AS _row,
    i.intake_id, i.person_id, i.programme, i.intake_date, i.trajectory, i.nt2_level_at_intake,
    CASE
        WHEN i.nt2_level_at_intake IS NULL THEN 'missing'
        WHEN i.nt2_level_at_intake IN ('0', '<1.1', '1.1', '1.2') THEN i.nt2_level_at_intake
        ELSE '2.x+'
    END AS nt2_group,
    p.sex, p.household, p.education, p.birth_year,
    CASE
        WHEN {age} < 25 THEN '18-24'
        WHEN {age} < 30 THEN '25-30'
        WHEN {age} >= 30 THEN '30+'
    END AS age_group,
    CAST(YEAR(i.intake_date) AS VARCHAR) || CASE WHEN MONTH(i.intake_date) <= 6 THEN 'H1' ELSE 'H2' END
        AS intake_period,
    p.origin_region, p.residence_status,
    {_day(censor_date)} AS censor_date,
    p.person_id IS NOT NULL AS person_found
FROM intake AS i
LEFT JOIN person AS p ON p.person_id = i.person_id
ORDER BY i._row"""


def cohort(registry, programme: str | None = "COB", intake_from=None, intake_to=None,
           censor_date=None) -> pd.DataFrame:
    """:func:`evalkit.outcomes.cohort`, run as SQL in DuckDB.

    Parameters
    ----------
    registry : Registry, folder or Database
        As for :func:`register`.
    programme, intake_from, intake_to, censor_date
        As for :func:`evalkit.outcomes.cohort`; dates are calendar dates.

    Returns
    -------
    DataFrame
        Equal to :func:`evalkit.outcomes.cohort` (columns, dtypes, order of rows, values).

    Examples
    --------
    >>> c = cohort("synthetic", intake_to="2017-12-31")
    >>> len(c), str(c["censor_date"].iloc[0].date())
    (889, '2021-12-31')
    """
    if not isinstance(registry, (str, os.PathLike, Database)):
        require_tables(registry, _REQUIRED)
    db = connect(registry) if not isinstance(registry, Database) else registry
    dates = db.extraction_dates
    end = _censor_date(censor_date, dates)
    if end != end.normalize():
        raise InputError(f"censor_date must be a calendar date, got {censor_date!r}")
    start, stop = _date(intake_from, "intake_from"), _date(intake_to, "intake_to")
    if db.dtypes["intakes"].get("programme", True) is None:
        programme = None  # as in pandas: without a programme column every intake is in
    result = db.query(cohort_sql(end, programme, start, stop))
    found = result["person_found"].to_numpy(zero_copy_only=False).astype(bool)
    out = {}
    for column in _COHORT_COLUMNS:
        source = "intakes" if column in COLUMNS["intakes"] else "persons" if column in _PERSON_COLUMNS else None
        if column == "censor_date":  # as pandas makes it: the unit of the censor date's Timestamp
            dtype = pd.Series(end, index=range(1)).dtype
        elif source is None:
            dtype = np.dtype(object)
        else:
            dtype = db.dtypes[source][column]
        empty = db.missing.get(source, {}).get(column, np.nan) if source else np.nan
        out[column] = _pandas(result[column], dtype, empty)
        if column in _PERSON_COLUMNS and dtype == object:  # as pandas' where(): NaN for persons not found
            out[column] = out[column].where(found | out[column].notna(), np.nan)
    frame = pd.DataFrame(out)
    if frame["intake_id"].duplicated().any():
        raise InputError("intake_id is not unique in the intakes table")
    return frame


# --------------------------------------------------------------------------- first jobs
def _periods_sql(name: str, source: str, start: str, end: str, gap: int, where: str = "TRUE") -> str:
    """CTEs ``<name>`` (``_row``, ``a``, ``b``): the spells of ``source`` joined into periods when
    they overlap, touch or are at most ``gap`` days apart (gaps and islands)."""
    order = f"PARTITION BY _row ORDER BY {start}, episode_row"
    return f"""{name}_reach AS (
    SELECT _row, episode_row, {start} AS a, {end} AS b,
           MAX({end}) OVER ({order} ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reach
    FROM {source}
    WHERE {where}
), {name}_island AS (
    SELECT _row, a, b,
           SUM(CASE WHEN reach IS NULL OR a > reach + {1 + int(gap)} THEN 1 ELSE 0 END)
               OVER (PARTITION BY _row ORDER BY a, episode_row ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
               AS island
    FROM {name}_reach
), {name} AS (
    SELECT _row, MIN(a) AS a, MAX(b) AS b FROM {name}_island GROUP BY _row, island
)"""


def first_jobs_sql(extraction_dates: Mapping[str, Any], durable: str | DurableJob = SPELL_365,
                   follow_up: str = "registered") -> str:
    """The query (DuckDB dialect) of :func:`evalkit.outcomes.first_jobs`, on the views ``cohort`` and ``episodes``.

    Parameters
    ----------
    extraction_dates : mapping
        Source -> extraction date (open spells end there; job sources end the follow-up).
    durable : str or DurableJob
        Definition of a durable job.
    follow_up : {"registered", "censor_date"}
        As for :func:`evalkit.outcomes.first_jobs`.

    Returns
    -------
    str
        One row per row of ``cohort`` (which needs ``_row``, ``person_id``, ``intake_date`` and
        ``censor_date``; :func:`cohort_sql` gives them), in the order of ``_row``, with the columns
        :func:`evalkit.outcomes.first_jobs` adds to the cohort.

    Examples
    --------
    >>> sql = first_jobs_sql({"VDAB": "2021-12-31"}, durable="share_80_12m")
    >>> "window_candidate" in sql and "window_candidate" in to_spark(sql)
    True
    """
    definition = durable_definition(durable)
    if follow_up not in _FOLLOW_UP:
        raise InputError(f"follow_up must be one of {_FOLLOW_UP}, got {follow_up!r}")
    dates = {str(k): pd.Timestamp(v) for k, v in extraction_dates.items()}
    if dates:
        extraction = "SELECT * FROM (VALUES " + ", ".join(
            f"({_text(s)}, {_day(d)})" for s, d in dates.items()) + ") AS t(source, extraction_date)"
        fallback = _day(max(dates.values()))
    else:
        extraction = ("SELECT * FROM (VALUES ('', DATE '1970-01-01')) AS t(source, extraction_date) "
                      "WHERE 1 = 0")
        fallback = "(SELECT MAX(censor_date) FROM cohort)"
    contracts = _contracts()
    kind = ("CASE r.contract " + " ".join(f"WHEN {_text(c)} THEN {_text(k)}" for c, k in contracts)
            + " ELSE 'unknown' END")
    order = ("CASE r.contract " + " ".join(f"WHEN {_text(c)} THEN {i}" for i, (c, _) in enumerate(contracts))
             + f" ELSE {len(contracts)} END")
    cause = ("CASE f.job_kind " + " ".join(f"WHEN {_text(k)} THEN {i + 1}" for i, k in enumerate(JOB_KINDS))
             + " ELSE 0 END")
    if follow_up == "registered":
        registered = ("GREATEST(c.intake_date, COALESCE(l.last_end, c.intake_date))",
                      "LEFT JOIN last_registration AS l ON l.person_id = c.person_id")
        left_registers = "f.registered_end < f.censor_date"
        cut = ", f.registered_end"
    else:
        registered = ("CAST(NULL AS DATE)", "")
        left_registers, cut = "FALSE", ""

    # the durable job: candidate days per criterion, the earliest wins
    ctes, candidates = [], []
    if definition.contracts is not None:
        keep = f"contract IN ({_texts(definition.contracts)})" if definition.contracts else "1 = 0"
    else:
        keep = "TRUE"
    ctes.append(f"durable_job AS (\n    SELECT * FROM job WHERE {keep}\n)")
    if definition.open_ended:
        candidates.append(f"SELECT _row, GREATEST(start_day, 0) AS day FROM durable_job "
                          f"WHERE contract IN ({_texts(OPEN_ENDED_CONTRACTS)})")
    if definition.min_days is not None:
        reached = f"a + {int(definition.min_days) - 1}"
        ctes.append(_periods_sql("spell_period", "durable_job", "start_day", "end_day", definition.max_gap_days))
        candidates.append(f"SELECT _row, GREATEST({reached}, 0) AS day FROM spell_period WHERE b >= {reached}")
    if definition.window_days is not None:
        width = int(definition.window_days)
        need = int(math.ceil(float(definition.window_share) * width - 1e-9))
        spare = width - need  # days without work a qualifying window may hold
        ctes.append(_periods_sql("window_period", "durable_job", "GREATEST(start_day, 0)", "end_day", 0,
                                 "GREATEST(start_day, 0) <= end_day"))
        ctes.append(f"""window_before AS (
    -- employed days before each period
    SELECT _row, a, b,
           COALESCE(SUM(b - a + 1) OVER (PARTITION BY _row ORDER BY a
                                         ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS employed_before
    FROM window_period
), window_candidate AS (
    -- per period k the first day t with enough work in the window: k's days without work before it,
    -- less those a window may hold, must lie on or before t - W (see the module docstring)
    SELECT k._row, k.b,
           GREATEST(k.a, {width - 1}, {width - 1} + (k.a - k.employed_before - {spare}) + MIN(j.employed_before))
               AS day
    FROM window_before AS k
    JOIN window_before AS j
      ON j._row = k._row AND j.a <= k.a AND j.a - j.employed_before >= k.a - k.employed_before - {spare}
    GROUP BY k._row, k.a, k.b, k.employed_before
), window_first_day AS (
    -- the first possible day, W - 1, wherever it lies
    SELECT w._row
    FROM window_before AS w
    JOIN span_days AS s ON s._row = w._row
    WHERE s.follow_up_days >= {width - 1}
    GROUP BY w._row
    HAVING SUM(GREATEST(LEAST(w.b, {width - 1}) - w.a + 1, 0)) >= {need}
)""")
        candidates.append("SELECT _row, day FROM window_candidate WHERE day <= b")
        candidates.append(f"SELECT _row, {width - 1} AS day FROM window_first_day")
    ctes.append("durable_candidate AS (\n    " + "\n    UNION ALL\n    ".join(candidates) + "\n)")
    ctes.append("durable AS (\n    SELECT _row, MIN(day) AS day FROM durable_candidate GROUP BY _row\n)")

    by_kind = ",\n           ".join(
        f"MIN(CASE WHEN job_kind = {_text(k)} THEN GREATEST(start_day, 0) END) AS {k}_day" for k in _KIND_ENDPOINTS)
    endpoints = ",\n    ".join(
        f"COALESCE({day}, s.follow_up_days) AS days_to_{name},\n"
        f"    CASE WHEN {day} IS NULL THEN 0 ELSE 1 END AS {name}"
        for name, day in [("any_job", "k.any_job_day")] + [(k, f"k.{k}_day") for k in _KIND_ENDPOINTS]
        + [("durable", "d.day")])
    durable_ctes = ",\n".join(ctes)
    return f"""WITH extraction AS (
    {extraction}
), registration AS (
    -- dated job and benefit spells, open ones censored at the extraction date of their source
    SELECT e._row AS episode_row, e.person_id, e.kind, e.start_date, e.contract, e.source,
           COALESCE(e.end_date, x.extraction_date, {fallback}) AS end_date
    FROM episodes AS e
    LEFT JOIN extraction AS x ON x.source = e.source
    WHERE e.start_date IS NOT NULL AND e.kind IN ('employment', 'benefit')
), source_end AS (
    -- follow-up ends when the first of the sources that register jobs was extracted
    SELECT MIN(x.extraction_date) AS source_end
    FROM extraction AS x
    WHERE x.source IN (SELECT r.source FROM registration AS r WHERE r.kind = 'employment')
), last_registration AS (
    SELECT person_id, MAX(end_date) AS last_end FROM registration GROUP BY person_id
), follow AS (
    SELECT c._row, c.person_id, c.intake_date, c.censor_date, {registered[0]} AS registered_end
    FROM cohort AS c
    {registered[1]}
), span AS (
    SELECT f._row, f.person_id, f.intake_date, f.censor_date, f.registered_end,
           {left_registers} AS left_registers,
           GREATEST(f.intake_date, LEAST(f.censor_date, COALESCE(s.source_end, f.censor_date){cut})) AS follow_up_end
    FROM follow AS f
    CROSS JOIN source_end AS s
), span_days AS (
    SELECT *, DATE_DIFF('day', intake_date, follow_up_end) AS follow_up_days FROM span
), job AS (
    -- every (intake, job spell) pair of the same person in follow-up, in days since intake
    SELECT s._row, r.episode_row, r.contract,
           {kind} AS job_kind,
           {order} AS kind_order,
           DATE_DIFF('day', s.intake_date, r.start_date) AS start_day,
           LEAST(DATE_DIFF('day', s.intake_date, r.end_date), s.follow_up_days) AS end_day
    FROM span_days AS s
    JOIN registration AS r ON r.person_id = s.person_id
    WHERE r.kind = 'employment' AND r.end_date >= s.intake_date AND r.start_date <= s.follow_up_end
), by_kind AS (
    SELECT _row,
           MIN(GREATEST(start_day, 0)) AS any_job_day,
           {by_kind},
           MAX(CASE WHEN start_day < 0 THEN 1 ELSE 0 END) AS employed_at_intake
    FROM job
    GROUP BY _row
), first_job AS (
    -- the kind of the first job: the earliest start, then the order of the contract code list
    SELECT _row, job_kind FROM (
        SELECT _row, job_kind,
               ROW_NUMBER() OVER (PARTITION BY _row ORDER BY GREATEST(start_day, 0), kind_order) AS rank_in_row
        FROM job
    ) AS ranked
    WHERE rank_in_row = 1
),
{durable_ctes}
SELECT
    s._row,
    s.follow_up_end,
    s.follow_up_days,
    s.left_registers,
    COALESCE(k.employed_at_intake, 0) = 1 AS employed_at_intake,
    {endpoints},
    f.job_kind AS first_job_kind,
    {cause} AS first_job_cause
FROM span_days AS s
LEFT JOIN by_kind AS k ON k._row = s._row
LEFT JOIN durable AS d ON d._row = s._row
LEFT JOIN first_job AS f ON f._row = s._row
ORDER BY s._row"""


def first_jobs(registry, cohort: pd.DataFrame, durable: str | DurableJob = SPELL_365,
               follow_up: str = "registered") -> pd.DataFrame:
    """:func:`evalkit.outcomes.first_jobs`, run as SQL in DuckDB.

    Parameters
    ----------
    registry : Registry, folder or Database
        As for :func:`register`.
    cohort : DataFrame
        From :func:`cohort` or :func:`evalkit.outcomes.cohort`.
    durable, follow_up
        As for :func:`evalkit.outcomes.first_jobs`.

    Returns
    -------
    DataFrame
        Equal to :func:`evalkit.outcomes.first_jobs` (columns, dtypes, order of rows, values,
        ``attrs["durable"]``).

    Examples
    --------
    >>> c = cohort("synthetic")
    >>> first_jobs("synthetic", c)[["days_to_any_job", "any_job", "first_job_kind"]].head(3)
       days_to_any_job  any_job first_job_kind
    0              951        1        interim
    1              222        1          art60
    2             1198        1          art60
    """
    definition = _first_jobs_arguments(cohort, durable, follow_up)
    if not isinstance(registry, (str, os.PathLike, Database)):
        require_tables(registry, _EPISODES_REQUIRED)
    db = connect(registry) if not isinstance(registry, Database) else registry
    n = len(cohort)
    db.con.register("cohort", pa.table({
        "_row": pa.array(np.arange(n, dtype=np.int64)),
        "person_id": _arrow(cohort["person_id"], "string", "cohort.person_id"),
        "intake_date": _arrow_dates(pd.to_datetime(cohort["intake_date"]), "cohort.intake_date"),
        "censor_date": _arrow_dates(pd.to_datetime(cohort["censor_date"]), "cohort.censor_date"),
    }))
    result = db.query(first_jobs_sql(db.extraction_dates, definition, follow_up))
    new = {"follow_up_end": _pandas(result["follow_up_end"], np.dtype("datetime64[ns]")),
           "follow_up_days": _pandas(result["follow_up_days"], np.dtype(np.int64)),
           "left_registers": _pandas(result["left_registers"], np.dtype(bool)),
           "employed_at_intake": _pandas(result["employed_at_intake"], np.dtype(bool))}
    for endpoint in ("any_job",) + _KIND_ENDPOINTS + ("durable",):
        new[f"days_to_{endpoint}"] = _pandas(result[f"days_to_{endpoint}"], np.dtype(np.int64))
        new[endpoint] = _pandas(result[endpoint], np.dtype(np.int64))
    new["first_job_kind"] = _pandas(result["first_job_kind"], np.dtype(object))
    new["first_job_cause"] = _pandas(result["first_job_cause"], np.dtype(np.int64))
    out = pd.concat([cohort.reset_index(drop=True), pd.DataFrame(new)], axis=1)
    out.index = cohort.index
    out.attrs["durable"] = definition.name
    return out


# --------------------------------------------------------------------------- Spark and pandas
def to_spark(sql: str) -> str:
    """A query of this module in Spark SQL's dialect (SQLGlot's translation from DuckDB's).

    Examples
    --------
    >>> to_spark("SELECT DATE_DIFF('day', a, b) AS d FROM t")
    'SELECT DATEDIFF(DAY, a, b) AS d FROM t'
    """
    import sqlglot

    return sqlglot.transpile(sql, read="duckdb", write="spark")[0]


def _pandas(values: pa.ChunkedArray, dtype, missing=np.nan) -> pd.Series:
    """A column of a query result with the dtype the pandas derivation gives it (module docstring)."""
    n = len(values)
    if dtype is None:  # a column the registry does not have
        return pd.Series(np.full(n, np.nan))
    if pa.types.is_date(values.type) or pa.types.is_timestamp(values.type):
        unit = np.datetime_data(dtype)[0] if dtype.kind == "M" else "ns"
        return pd.Series(values.cast(pa.timestamp(unit)).to_pandas(), dtype=f"datetime64[{unit}]")
    if isinstance(dtype, pd.api.extensions.ExtensionDtype):
        return pd.Series(values.to_pandas(types_mapper=lambda _: dtype), dtype=dtype)
    series = pd.Series(values.to_pandas())
    has_nulls = values.null_count > 0
    if dtype == object:
        if not has_nulls:
            return series.astype(object)
        cells = series.to_numpy(dtype=object).copy()
        cells[pd.isna(cells)] = missing
        return pd.Series(cells, dtype=object)
    if dtype.kind in "iu":
        return series.astype(np.float64) if has_nulls else series.astype(dtype)
    if dtype.kind == "b":
        return series.astype(object).where(series.notna(), np.nan) if has_nulls else series.astype(bool)
    return series.astype(dtype)
