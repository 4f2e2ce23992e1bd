"""Load a registry folder as typed DataFrames, after validating it against ``data_schema/``.

A registry folder holds one file per table (CSV or Parquet) and a ``datapackage.json`` naming the
files and giving, per source, the extraction date. :func:`load_registry` runs the checks of
:func:`~evalkit.registry.checks.validate` and returns a :class:`Registry` of typed DataFrames, or
raises :class:`~evalkit.errors.RegistryError` carrying every error. Nothing is half-loaded.

The folder is read by :mod:`~evalkit.registry.files` and checked by :mod:`~evalkit.registry.checks`;
this module turns what passed into the frames every analysis starts from.
"""
from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from evalkit.errors import InputError, Problem, RegistryError
from evalkit.registry import schema
from evalkit.registry.files import TableFile, resolve_registry_path
from evalkit.registry.checks import ValidationResult, count_text, run_checks, shortened, validate

__all__ = ["Registry", "load_registry", "resolve_registry_path", "validate", "ValidationResult", "hand_over",
           "HANDOVER_ENV"]

#: Environment variable naming a file written by :func:`hand_over`: a registry validated once for a whole
#: run of reports, which :func:`load_registry` takes instead of validating the same files again.
HANDOVER_ENV = "EVALKIT_VALIDATED_REGISTRY"


# --------------------------------------------------------------------------------------------
# The registry
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class Registry:
    """A validated registry: one typed DataFrame per table, plus the facts reports need.

    Column types follow the schema: dates ``datetime64[ns]`` (``NaT`` when empty), integers
    ``Int64`` (``<NA>`` when empty), text ``object`` (``NaN`` when empty). Columns appear in schema
    order, followed by any extra columns of the file (as text). A table the registry does not hold
    is an empty DataFrame with the schema's columns and types. Rows are in the order of each table's
    primary key (``intake_id``, ``episode_id`` ...), not of the files, so the same records in another
    order give the same results.

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

    def __post_init__(self) -> None:
        # One order of rows whatever the order in the files: every table sorted by its primary key,
        # so that resampling, binning and tie-breaking downstream give the same results.
        for name in schema.table_names():
            frame = getattr(self, name)
            key = [c for c in schema.table_schema(name).get("primaryKey", []) if c in frame.columns]
            if key and len(frame):
                object.__setattr__(self, name, frame.sort_values(key, kind="mergesort").reset_index(drop=True))

    def __repr__(self) -> str:
        rows = ", ".join(f"{name}={len(getattr(self, name))}" for name in schema.table_names())
        return (f"Registry(path={str(self.path)!r}, {rows}, "
                f"extraction_date={self.extraction_date.date()}, warnings={len(self.warnings)})")


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
    handed = _handed_over(path)
    if handed is not None:
        return handed
    result, checked = run_checks(path)
    if not result.ok or checked is None:
        shown = "\n".join(f"  {shortened(p).format()}" for p in result.errors[:10])
        more = len(result.errors) - 10
        message = (f"The registry at {result.path} has {count_text(result.errors)}; nothing was loaded.\n"
                   f"{shown}")
        if more > 0:
            message += f"\n  ... and {more:,} more."
        message += f"\nRun 'evalkit validate {path}' for the full list."
        raise RegistryError(message, result.errors)
    frames = {name: _final_frame(name, checked.tables.get(name)) for name in schema.table_names()}
    return Registry(**frames, extraction_dates=checked.extraction_dates, path=checked.path,
                    file_hashes=checked.file_hashes, warnings=tuple(result.warnings))


def hand_over(registry: Registry, file: str | os.PathLike) -> Path:
    """Write a validated registry to ``file`` for the notebooks of one run (see :data:`HANDOVER_ENV`).

    A run of reports validates the registry once and points its notebook kernels at this file; their
    ``load_registry`` then reads it in a fraction of a second instead of validating the same files
    again, but only while every data file and ``datapackage.json`` still has the hash it had when it
    was validated. The file belongs in a folder only the run can write to (it is read with pickle).
    """
    file = Path(file)
    with open(file, "wb") as f:
        pickle.dump(registry, f, protocol=pickle.HIGHEST_PROTOCOL)
    return file


def _handed_over(path: str | Path) -> Registry | None:
    """The registry :func:`hand_over` wrote, if it is of the folder ``path`` and no file changed since."""
    file = os.environ.get(HANDOVER_ENV)
    if not file:
        return None
    try:
        with open(file, "rb") as f:
            registry = pickle.load(f)
        folder = resolve_registry_path(path).resolve()
        if not isinstance(registry, Registry) or registry.path is None or Path(registry.path).resolve() != folder:
            return None
        for name, digest in registry.file_hashes.items():
            if hashlib.sha256((folder / name).read_bytes()).hexdigest() != digest:
                return None
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError, ValueError):
        return None  # validate the folder as usual
    return registry


# --------------------------------------------------------------------------------------------
# The loaded frames
# --------------------------------------------------------------------------------------------

_EMPTY_DTYPES = {"date": "datetime64[ns]", "integer": "Int64", "string": object}


def _final_frame(name: str, table: TableFile | None) -> pd.DataFrame:
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


def is_synthetic(registry) -> bool:
    """True when the registry's descriptor says it is synthetic (``"synthetic"`` in ``datapackage.json``):
    then reports say that no real persons are described, and show the published figures beside ours."""
    import json
    from pathlib import Path

    path = getattr(registry, "path", None)
    if path is None:
        return False
    try:
        descriptor = json.loads((Path(path) / "datapackage.json").read_text("utf-8"))
    except (OSError, ValueError):
        return False
    return "synthetic" in descriptor
