"""How one number of the art. 60 study is shown in a table cell or a sentence: percentages with or
without an interval, p-values; ``–`` where there is nothing
to show.
"""
from __future__ import annotations

import numpy as np

_DASH = "–"
_INDENT = "· "  # marks the category rows under a heading row (leading spaces do not survive HTML tables)


def _pct(value: float, decimals: int = 1) -> str:
    return _DASH if not np.isfinite(value) else f"{100 * value:.{decimals}f}"


def _pct_ci(value: float, lo: float, hi: float) -> str:
    if not np.isfinite(value):
        return _DASH
    if not (np.isfinite(lo) and np.isfinite(hi)):
        return f"{100 * value:.1f}"
    return f"{100 * value:.1f} ({100 * lo:.1f}{_DASH}{100 * hi:.1f})"


def _fmt_p(p: float) -> str:
    return _DASH if not np.isfinite(p) else ("< 0.001" if p < 0.001 else f"{p:.3f}")
