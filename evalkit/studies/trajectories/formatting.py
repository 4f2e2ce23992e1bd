"""How the trajectory study writes things: its texts, the labels of trajectories, covariate terms and
monthly states, and percentages with their intervals.

The words come from ``texts/<language>.yaml`` beside this module and from the shared labels of
:mod:`evalkit.publish.labels`; this module only puts them together.
"""
from __future__ import annotations

from evalkit.publish import labels
from evalkit.publish.sdc import MARKER
from evalkit.texts import Catalogue

TEXTS = Catalogue("evalkit.studies.trajectories")


def _t(key: str, language: str, **values) -> str:
    return TEXTS.text(key, language, **values)


def trajectory_label(code, language: str = "nl") -> str:
    """Short label of a trajectory for legends and table rows.

    Examples
    --------
    >>> trajectory_label("geintegreerd_vdab", "en")
    'Integrated VDAB'
    """
    return labels.LABELS["trajectory_short"].get(code, {}).get(language, str(code))


def _versus(trajectory, reference, language: str, separator: str = " ") -> str:
    """"<trajectory> vs <reference>" in short labels, e.g. as the title of a comparison's panel."""
    return (trajectory_label(trajectory, language) + separator + _t("versus", language) + " " +
            trajectory_label(reference, language))


def state_labels(language: str = "nl") -> dict[str, str]:
    """State code of a monthly sequence (:data:`evalkit.stats.sequences.STATES` and ``overig``) ->
    label in ``language`` ("nl" or "en").

    Examples
    --------
    >>> state_labels("en")["leefloon"]
    'Social assistance (leefloon)'
    """
    return TEXTS.table("states", language)


def _term_label(variable: str, level, language: str) -> str:
    VARIABLES, category_labels = labels.VARIABLES, labels.category_labels
    var = {"nt2_group": VARIABLES["nt2_level_at_intake"][language]}.get(variable) or \
        VARIABLES.get(variable, {}).get(language, variable)
    if level is None:
        return var
    lab = category_labels(variable if variable != "nt2_group" else "nt2_level_at_intake", language)
    return f"{var}: {lab.get(str(level), str(level))}"


def _count(n: int, min_cell_size: int):
    """A count for a notice: the marker ``x`` for a zero or a count below the threshold.

    Examples
    --------
    >>> _count(6, 10), _count(0, 10), _count(12, 10)
    ('x', 'x', 12)
    """
    return n if n >= min_cell_size else MARKER


def _pct(x: float) -> float:
    return round(100 * x, 1)


def _ci(lo: float, hi: float, scale: float = 100, decimals: int = 1) -> str:
    return f"{scale * lo:.{decimals}f} – {scale * hi:.{decimals}f}"
