"""How one number of the art. 60 study is written in a table cell or a sentence, as the report's
language writes it (:mod:`evalkit.formats`: ``39,5`` in Dutch, ``39.5`` in English): percentages with
or without an interval, differences with their sign, p-values; ``–`` where there is nothing to show.
A cell that holds text with numbers is read back with :func:`number`.
"""
from __future__ import annotations

import numpy as np

from evalkit import formats

_DASH = formats.MISSING
_INDENT = "· "  # marks the category rows under a heading row (leading spaces do not survive HTML tables)


def _finite(*values) -> bool:
    try:
        return all(v is not None and np.isfinite(float(v)) for v in values)
    except (TypeError, ValueError):
        return False


def _pct(value: float, decimals: int = 1, language: str = "nl") -> str:
    """A proportion as a number of percent, without the sign.

    Examples
    --------
    >>> _pct(0.3372, 1, "nl"), _pct(0.3372, 1, "en"), _pct(float("nan"))
    ('33,7', '33.7', '–')
    """
    return formats.number(100 * value, decimals, language) if _finite(value) else _DASH


def _pct_ci(value: float, lo: float, hi: float, language: str = "nl") -> str:
    """A proportion in percent with its 95% interval: ``39,5 (36,4–42,6)`` (the interval kept on one line).

    Examples
    --------
    >>> _pct_ci(0.395, 0.364, 0.426, "nl") == "39,5 (" + "36,4\u2013\u206042,6" + ")"
    True
    >>> _pct_ci(0.395, float("nan"), 0.4, "en")
    '39.5'
    """
    if not _finite(value):
        return _DASH
    if not _finite(lo, hi):
        return _pct(value, 1, language)
    return f"{_pct(value, 1, language)} ({formats.interval(100 * lo, 100 * hi, 1, language)})"


def _signed(value: float, decimals: int = 1, language: str = "nl") -> str:
    """A difference with its sign: ``+19,5``, ``-6,7``, ``0,0``.

    Examples
    --------
    >>> _signed(19.53, 1, "nl"), _signed(-6.7, 1, "en")
    ('+19,5', '-6.7')
    """
    if not _finite(value):
        return _DASH
    text = formats.number(value, decimals, language)
    return "+" + text if value > 0 and any(c in "123456789" for c in text) else text


def _diff_ci(value: float, lo: float, hi: float, decimals: int = 1, language: str = "nl") -> str:
    """A difference in percentage points with its 95% interval: ``+19,5 (11,6–27,3)``.

    Examples
    --------
    >>> _diff_ci(6.6, -5.2, 18.6, 1, "en") == "+6.6 (-5.2\u00a0to\u00a018.6)"
    True
    """
    if not _finite(value):
        return _DASH
    if not _finite(lo, hi):
        return _signed(value, decimals, language)
    return f"{_signed(value, decimals, language)} ({formats.interval(lo, hi, decimals, language)})"


def _fmt_p(p: float, language: str = "nl") -> str:
    """A p-value: three decimals, or ``< 0,001``.

    Examples
    --------
    >>> _fmt_p(0.457, "nl"), _fmt_p(0.0001, "en")
    ('0,457', '<\xa00.001')
    """
    return formats.p_value(p, language) if _finite(p) else _DASH


def number(value, language: str = "nl") -> float | None:
    """The (first) number of a released cell (``45,3 (42,0–48,5)`` -> 45.3 in Dutch), None when the
    cell is hidden (``x``), empty or a dash.

    Examples
    --------
    >>> number("45,3 (42,0–48,5)", "nl"), number("45.3 (42.0–48.5)", "en"), number(12), number("x")
    (45.3, 45.3, 12.0, None)
    """
    from evalkit.publish.findings import numbers_in

    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float, np.integer, np.floating)):
        return float(value) if np.isfinite(value) else None
    found = numbers_in(str(value))
    return formats.parse_number(found[0], language) if found else None
