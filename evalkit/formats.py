"""Numbers and dates as a report's reader writes them: Dutch or English conventions, through Babel.

Dutch (``nl``, Belgian conventions) writes a decimal comma, a point between thousands and dates in
words (``1.662``, ``41,2 %``, ``31 maart 2020``); English (``en``, British conventions) the reverse
(``1,662``, ``41.2%``, ``31 March 2020``). Every number and date a report shows in a sentence, a
table or a figure goes through this module, so the two languages never mix conventions.

This module is at the bottom of the layers: it uses only Babel and :mod:`evalkit.errors`.

Examples
--------
>>> number(1662.25, 1, "nl"), number(1662.25, 1, "en")
('1.662,2', '1,662.2')
>>> percent(41.2, 1, "nl"), percent(41.2, 1, "en")
('41,2 %', '41.2%')
>>> date("2020-03-31", "nl"), date("2020-03-31", "en")
('31 maart 2020', '31 March 2020')
"""
from __future__ import annotations

import datetime as dt
import math
import numbers
import re
from typing import Any

from babel.dates import format_date as _format_date
from babel.numbers import format_decimal as _format_decimal

from evalkit.errors import ParameterError

#: Report language -> Babel locale.
LOCALES = {"nl": "nl_BE", "en": "en_GB"}
#: What stands where a number is missing.
MISSING = "–"
#: An ISO date (``2020-03-31``), as the registry and the parameters write dates.
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _locale(language: str) -> str:
    try:
        return LOCALES[language]
    except KeyError:
        raise ParameterError(f"language must be one of {', '.join(LOCALES)}, not {language!r}") from None


def _missing(value: Any) -> bool:
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN, pandas NA
    except (TypeError, ValueError):
        return False


def number(value: Any, decimals: int = 0, language: str = "nl", *, grouping: bool = True) -> str:
    """``value`` with ``decimals`` decimals, the decimal sign and thousands separator of ``language``.

    Examples
    --------
    >>> number(0.5, 2, "nl"), number(12345, 0, "nl"), number(-1.25, 1, "en")
    ('0,50', '12.345', '-1.2')
    >>> number(None)
    '–'
    """
    if _missing(value):
        return MISSING
    pattern = ("#,##0" if grouping else "0") + ("." + "0" * decimals if decimals > 0 else "")
    text = _format_decimal(float(value), format=pattern, locale=_locale(language), decimal_quantization=True)
    return "0" + text[2:] if text.startswith("-0") and not any(c in "123456789" for c in text) else text


def integer(value: Any, language: str = "nl") -> str:
    """A count: a whole number with the thousands separator of ``language``.

    Examples
    --------
    >>> integer(1662, "nl"), integer(1662, "en")
    ('1.662', '1,662')
    """
    return number(value, 0, language)


def percent(value: Any, decimals: int = 0, language: str = "nl") -> str:
    """A percentage given in percent (``41.2`` for 41.2 %), with the sign as ``language`` writes it.

    Examples
    --------
    >>> percent(50.24, 1, "nl"), percent(7, 0, "en")
    ('50,2 %', '7%')
    """
    if _missing(value):
        return MISSING
    return number(value, decimals, language) + (" %" if language == "nl" else "%")


def interval(low: Any, high: Any, decimals: int = 1, language: str = "nl") -> str:
    """A confidence interval, ``low–high``, kept on one line (no break inside an interval).

    Examples
    --------
    >>> interval(19.34, 20.2, 1, "nl")
    '19,3\u2013\u206020,2'

    With a negative bound a dash would read as a minus: the bounds are joined by a word.

    >>> interval(-26.4, -13.2, 1, "nl"), interval(-2, 3, 0, "en")
    ('-26,4\xa0tot\xa0-13,2', '-2\xa0to\xa03')
    """
    if _missing(low) or _missing(high):
        return MISSING
    if float(low) < 0 or float(high) < 0:
        word = "tot" if language == "nl" else "to"
        return f"{number(low, decimals, language)}\u00a0{word}\u00a0{number(high, decimals, language)}"
    return f"{number(low, decimals, language)}\u2013\u2060{number(high, decimals, language)}"


def p_value(p: Any, language: str = "nl") -> str:
    """A p-value: three decimals, or ``< 0,001`` (non-breaking) below that.

    Examples
    --------
    >>> p_value(0.0004, "nl"), p_value(0.0312, "en")
    ('<\xa00,001', '0.031')
    """
    if _missing(p):
        return MISSING
    if p < 0.001:
        return "<\u00a0" + number(0.001, 3, language)
    return number(p, 3, language)


def parse_number(text: str, language: str = "nl") -> float:
    """A number as :func:`number` writes it, read back.

    Examples
    --------
    >>> parse_number("1.662,5", "nl"), parse_number("1,662.5", "en"), parse_number("−1,5", "nl")
    (1662.5, 1662.5, -1.5)
    """
    from babel.numbers import parse_decimal

    return float(parse_decimal(text.strip().replace("\u2212", "-"), locale=_locale(language), strict=False))


def as_date(value: Any) -> dt.date | None:
    """``value`` as a date: a ``date``, a ``datetime``/``Timestamp`` or an ISO date string; else None."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if hasattr(value, "to_pydatetime"):
        return value.to_pydatetime().date()
    if isinstance(value, str) and ISO_DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def date(value: Any, language: str = "nl") -> str:
    """A date in words: ``31 maart 2020`` in Dutch, ``31 March 2020`` in English.

    Examples
    --------
    >>> date(dt.date(2019, 1, 1), "nl")
    '1 januari 2019'
    """
    day = as_date(value)
    if day is None:
        if _missing(value):
            return MISSING
        raise ParameterError(f"not a date: {value!r} (expected YYYY-MM-DD)")
    return _format_date(day, format="long", locale=_locale(language))


def field(value: Any, spec: str, language: str) -> str:
    """A placeholder's value as a text of ``language`` shows it, for format ``spec`` (``.1f``, ``,``, ``d``).

    Numbers follow the spec's decimals (``.1f``, ``.0%``), with the thousands separator for integers
    and ``,`` specs; dates (and ISO date strings) are written in words; anything else is formatted
    as Python does.

    Examples
    --------
    >>> field(41.24, ".1f", "nl"), field(1662, ",", "nl"), field(1662, "", "nl"), field(0.412, ".0%", "en")
    ('41,2', '1.662', '1.662', '41%')
    >>> field("2020-03-31", "", "nl"), field("lineair", "", "nl")
    ('31 maart 2020', 'lineair')
    """
    if isinstance(value, bool) or isinstance(value, str) and not ISO_DATE.match(value):
        return format(value, spec)
    if as_date(value) is not None and not spec:
        return date(value, language)
    if isinstance(value, numbers.Real) and not _missing(value):
        match = re.fullmatch(r"[<>=^]?[+ -]?,?(?:\.(\d+))?([fd%eg]?)", spec)
        if match is None or match.group(2) in ("e", "g"):
            return format(value, spec)
        decimals = int(match.group(1) or 0)
        if match.group(2) == "%":
            return percent(float(value) * 100, decimals, language)
        if not match.group(1) and match.group(2) != "f" and not float(value).is_integer():
            return format(value, spec) if spec else number(value, _decimals_of(value), language)
        return number(value, decimals, language)
    return format(value, spec)


def _decimals_of(value: float) -> int:
    # A float passed without a spec: as Python's repr writes it, with at most 6 decimals.
    text = repr(float(value))
    if "e" in text or "." not in text:
        return 0
    return min(len(text.split(".")[1]), 6) if not math.isinf(value) else 0
