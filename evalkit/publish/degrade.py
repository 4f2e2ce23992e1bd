"""Graceful degradation: a part of a study that the data cannot support says so, and the rest renders.

Estimators and study functions raise :class:`~evalkit.errors.NotEstimable` when the data cannot
support a part (too few persons, a constant covariate, no snapshots, no art. 60 spells). A study
function decorated with :func:`degrades` turns that into an :class:`Unavailable` result instead of an
exception, and returns an :class:`Unavailable` it is given without running. :func:`evalkit.publish.display.show_table`
and :func:`~evalkit.publish.display.markdown` show an :class:`Unavailable` as a plain-language notice —
why the part is missing and what data it would need — in the report's language, once. A notebook
therefore needs no ``try``: the section of a comparison that cannot be made reads "not estimated on
these data, because ..." and every other section renders as usual. Any other error still fails the run.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any, Callable, TypeVar

from evalkit.errors import NotEstimable
from evalkit.publish.labels import CATALOGUE, VARIABLES

F = TypeVar("F", bound=Callable[..., Any])

__all__ = ["Unavailable", "degrades", "is_unavailable"]


@dataclass(eq=False)
class Unavailable:
    """The result of a part of a study that could not be estimated on these data.

    Falsy, so ``if result:`` skips it. ``text(language)`` is the notice a report shows.

    Examples
    --------
    >>> u = Unavailable("constant_covariates", message="every covariate is constant")
    >>> bool(u), u.text("en").startswith("**Not estimated on these data.**")
    (False, True)
    """

    reason: str
    values: dict[str, Any] = field(default_factory=dict)
    message: str = ""
    #: The report sections (see :func:`evalkit.publish.display.markdown`) where the notice was shown.
    shown_in: set[int] = field(default_factory=set)

    @classmethod
    def from_error(cls, error: NotEstimable) -> Unavailable:
        return cls(error.reason, dict(error.values), str(error))

    def text(self, language: str) -> str:
        values = dict(self.values)
        if "variable" in values:  # a variable is named by its heading, never by its column name
            values["variable"] = VARIABLES.get(values["variable"], {}).get(language, values["variable"])
        why = CATALOGUE.text(f"unavailable.{self.reason}", language, **values)
        return CATALOGUE.text("unavailable.notice", language, why=why)

    def __bool__(self) -> bool:
        return False

    def __iter__(self):
        # ``table, note = study.some_table(...)`` unpacks an Unavailable into itself twice
        return iter((self, self))

    def __repr__(self) -> str:
        return f"Unavailable({self.reason!r}: {self.message})"


def is_unavailable(value: Any) -> bool:
    """Whether ``value`` is a part of a study that could not be estimated."""
    return isinstance(value, Unavailable)


def degrades(fn: F) -> F:
    """Decorate a study function: Unavailable in, Unavailable out; NotEstimable raised, Unavailable returned.

    Examples
    --------
    >>> @degrades
    ... def mean_age(ages):
    ...     if len(ages) < 10:
    ...         raise NotEstimable(f"{len(ages)} persons", "too_few_persons", n=len(ages), min_n=10)
    ...     return sum(ages) / len(ages)
    >>> mean_age([30, 40])
    Unavailable('too_few_persons': 2 persons)
    >>> mean_age(mean_age([30]))
    Unavailable('too_few_persons': 1 persons)
    """

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        for value in (*args, *kwargs.values()):
            if isinstance(value, Unavailable):
                return value
        try:
            return fn(*args, **kwargs)
        except NotEstimable as error:
            return Unavailable.from_error(error)

    return wrapper  # type: ignore[return-value]
