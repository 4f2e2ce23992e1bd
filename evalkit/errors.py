"""Typed errors that say what went wrong, where, and what to do.

Every error a user can cause (bad registry data, a bad parameter, a failed report run) is an
``EvalkitError``; the command line prints its message without a traceback and exits non-zero.
A run stopped from outside (SIGTERM, SIGINT) raises :class:`Interrupted` inside
:func:`interrupt_on_signals`, so that the run's clean-up code removes what it had started to write.
"""
from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
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


class Interrupted(KeyboardInterrupt):
    """The process was asked to stop (SIGTERM or SIGINT) while inside :func:`interrupt_on_signals`.

    A ``KeyboardInterrupt``, not an ``Exception``: no ``except Exception`` on the way swallows it,
    while ``finally`` blocks and ``except BaseException`` clean-ups run. ``exit_code`` is the shell's
    convention for a process stopped by that signal (143 for SIGTERM, 130 for SIGINT).
    """

    def __init__(self, signum: int):
        self.signum = signum
        self.signal_name = signal.Signals(signum).name
        super().__init__(f"stopped by {self.signal_name}")

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


#: The signals that stop a run: ``kill`` (and service managers) send SIGTERM, Ctrl-C sends SIGINT.
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


@contextmanager
def interrupt_on_signals(signums=STOP_SIGNALS) -> Iterator[threading.Event]:
    """While inside, the stop signals raise :class:`Interrupted`; the previous handlers come back after.

    Yields an event that is set when a stop signal came, for clean-up code that has to know
    whether the work is being stopped. A signal that is ignored (``SIG_IGN``, as for a background
    job) stays ignored, and so does one whose handler was not set from Python; outside the main
    thread, where Python cannot set signal handlers, nothing changes. Nested use is fine: each level
    restores what it found.

    Examples
    --------
    >>> import os, signal
    >>> try:
    ...     with interrupt_on_signals() as stopping:
    ...         os.kill(os.getpid(), signal.SIGTERM)
    ... except Interrupted as stop:
    ...     print(stop, stop.exit_code, stopping.is_set())
    stopped by SIGTERM 143 True
    """
    stopping = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield stopping
        return

    def stop(signum, frame):
        stopping.set()
        raise Interrupted(signum)

    previous = {}
    try:
        for signum in signums:
            current = signal.getsignal(signum)
            if current is not signal.SIG_IGN and current is not None:
                previous[signum] = signal.signal(signum, stop)
        yield stopping
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


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
