"""Typed errors that say what went wrong, where, and what to do.

Every error a user can cause (bad registry data, a bad parameter, a failed report run) is an
``EvalkitError``; the command line prints its message without a traceback and exits non-zero.
"""
from __future__ import annotations

from dataclasses import dataclass


class EvalkitError(Exception):
    """Base class for errors caused by input, not by a bug. The message is meant for the user."""


@dataclass(frozen=True)
class Problem:
    """One finding about a registry: where it is and what is wrong.

    ``row`` is the 1-based line number in the file as a spreadsheet or text editor shows it
    (the header is line 1), or ``None`` when the problem concerns a whole file or column.
    """

    file: str
    row: int | None
    column: str | None
    value: str | None
    problem: str
    severity: str = "error"  # "error" or "warning"

    def format(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column is not None:
            where += f", column '{self.column}'"
        value = "" if self.value is None else f" (value: {self.value!r})"
        return f"{where}: {self.problem}{value}"


class RegistryError(EvalkitError):
    """The registry folder could not be loaded; ``problems`` lists every finding."""

    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.problems = list(problems or [])


class InputError(EvalkitError, ValueError):
    """A DataFrame or argument passed to an analysis function is unusable (names the column)."""


class NotEstimable(InputError):
    """A part of a study cannot be estimated on the data given: too few persons, a covariate that is
    constant, no status snapshots, no art. 60 spells ...

    Not a fault: the report says so in that section (``evalkit.publish.degrade``) and renders the rest.
    ``reason`` names the plain-language explanation in ``evalkit/publish/texts/`` (``unavailable.<reason>``:
    why, and what data it would need); ``values`` fill its placeholders. The message is for developers.

    Examples
    --------
    >>> err = NotEstimable("every covariate is constant", "constant_covariates")
    >>> isinstance(err, InputError), err.reason
    (True, 'constant_covariates')
    """

    def __init__(self, message: str, reason: str = "too_few_persons", **values):
        super().__init__(message)
        self.reason = reason
        self.values = values


class ParameterError(EvalkitError, ValueError):
    """A study parameter is unknown or has a value of the wrong type."""


class ReportError(EvalkitError):
    """A report run failed; earlier reports are left as they were."""


def require_columns(data, columns) -> None:
    """Check, at a public function's boundary, that ``data`` is a DataFrame with rows and ``columns``.

    Raises :class:`InputError` naming the missing columns and listing the available ones.

    Examples
    --------
    >>> import pandas as pd
    >>> require_columns(pd.DataFrame({"a": [1]}), ["a", "b"])
    Traceback (most recent call last):
    ...
    evalkit.errors.InputError: column 'b' not found in the data; available columns: a
    """
    import pandas as pd

    if not isinstance(data, pd.DataFrame):
        raise InputError(f"expected a pandas DataFrame, got {type(data).__name__}")
    missing = [c for c in columns if c not in data.columns]
    if missing:
        raise InputError(f"column {', '.join(repr(c) for c in missing)} not found in the data; "
                         f"available columns: {', '.join(map(str, data.columns))}")
    if len(data) == 0:
        raise InputError("the data has no rows")
