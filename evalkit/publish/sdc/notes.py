"""The sentences under released tables and figures (``disclosure.*`` in ``evalkit/publish/texts``)."""
from __future__ import annotations

from evalkit.publish.labels import CATALOGUE
from evalkit.publish.sdc.policy import MARKER, Policy


def table_note(policy: Policy, hidden: bool, language: str = "nl") -> str:
    """The note under a released table.

    Examples
    --------
    >>> table_note(Policy(), True, "en").split(";")[0]
    'x: not shown'
    """
    key = "disclosure.table_hidden" if hidden else "disclosure.table"
    return CATALOGUE.text(key, language, marker=MARKER, min_cell_size=policy.min_cell_size)


def curve_note(policy: Policy, language: str = "nl") -> str:
    """The note under a released curve."""
    return CATALOGUE.text("disclosure.curves_pooled", language, min_cell_size=policy.min_cell_size,
                          min_events=policy.survival_min_events)


def histogram_note(policy: Policy, language: str = "nl") -> str:
    """The note under a released histogram."""
    return CATALOGUE.text("disclosure.histogram", language, min_bin_size=policy.min_bin_size)
