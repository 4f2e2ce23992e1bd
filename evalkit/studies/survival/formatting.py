"""How the survival study writes things: its texts, the labels of trajectories and covariates,
p-values and intervals.

The words come from ``texts/<language>.yaml`` beside this module and from the shared labels of
:mod:`evalkit.publish.labels`; this module only puts them together.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from evalkit.publish import labels
from evalkit.texts import Catalogue

TEXTS = Catalogue("evalkit.studies.survival")
_DASH = "–"


def _t(key: str, language: str, **values) -> str:
    return TEXTS.text(key, language, **values)


class _Words(str):
    """Words that a text may ask for in lower case, as ``{terms:lower}`` (Dutch writes the names of
    covariates in lower case inside a sentence)."""

    def __format__(self, spec: str) -> str:
        return self.lower() if spec == "lower" else format(str(self), spec)


def _labels(variable: str, language: str) -> dict:
    return labels.category_labels(variable, language)


def variable_label(variable: str, language: str) -> str:
    """Heading of a covariate in ``language``."""
    own = TEXTS.table("variables", language)
    if variable in own:
        return own[variable]
    return labels.VARIABLES.get(variable, {}).get(language, variable)


def trajectory_label(code, language: str, short: bool = True) -> str:
    """Label of a trajectory (short by default, for legends and table rows)."""
    if short and code in labels.LABELS["trajectory_short"]:
        return labels.LABELS["trajectory_short"][code][language]
    return _labels("trajectory", language).get(code, str(code))


def _category_label(variable: str, level, language: str) -> str:
    """Label of one category of a covariate (the short label for a trajectory)."""
    if variable == "trajectory":
        return trajectory_label(level, language)
    return _labels(variable, language).get(level, level)


def _fmt_p(p: float) -> str:
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


def _fmt_ci(lo: float, hi: float, decimals: int = 2) -> str:
    if not (np.isfinite(lo) and np.isfinite(hi)):
        return _DASH
    return f"{lo:.{decimals}f} {_DASH} {hi:.{decimals}f}"


def _num(value: float) -> str:
    return f"{value:g}"


def list_text(values: Sequence[float], language: str = "nl") -> str:
    """Numbers as words run together: ``[6, 12, 18]`` -> "6, 12 en 18" (English: "6, 12 and 18").

    Examples
    --------
    >>> list_text([6, 12, 18], "en")
    '6, 12 and 18'
    """
    items = [_num(v) for v in values]
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {_t('list.and', language)} " + items[-1]
