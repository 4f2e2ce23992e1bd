"""Durable jobs: what counts as one (:class:`DurableJob`) and the named definitions a study parameter picks.

:func:`evalkit.outcomes.first_jobs` finds, per intake, the day a job became durable under a definition;
:meth:`DurableJob.describe` says the definition in the report's language
(``evalkit/outcomes/texts/<language>.yaml``).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from evalkit.errors import InputError
from evalkit.texts import Catalogue

#: The words of the outcome definitions, in ``evalkit/outcomes/texts/<language>.yaml``.
TEXTS = Catalogue("evalkit.outcomes")


@dataclass(frozen=True)
class DurableJob:
    """What counts as a *durable* job. A job is durable as soon as one of the criteria is met; the
    event date is the day on which that becomes true (so right-censoring works as for any event).

    Parameters
    ----------
    name : str
        Short name, used in reports and as a key of :data:`DURABLE_DEFINITIONS`.
    min_days : int, optional
        Continuous employment of at least this many days: the event date is the day the period
        reaches ``min_days`` (start + min_days - 1). Overlapping and back-to-back spells (and spells
        at most ``max_gap_days`` apart) form one period; a spell begun before the intake counts
        from its own start.
    open_ended : bool
        An open-ended contract (``nec_open_ended``) is durable from its first day.
    window_days, window_share : int and float, optional
        Employed on at least ``window_share`` of the days of a window of ``window_days`` days
        that starts on or after the intake: the event date is the last day of the first such window.
    contracts : tuple of str, optional
        Only spells with these contracts count (e.g. ``("nec_open_ended", "nec_fixed_term")`` for
        durable *regular* work); ``None`` counts every employment spell.
    max_gap_days : int
        Spells separated by at most this many days without work are joined for ``min_days``.

    Examples
    --------
    >>> SPELL_365.min_days, OPEN_ENDED.open_ended
    (365, True)
    >>> from dataclasses import replace
    >>> regular = replace(SPELL_365, name="nec_365", contracts=("nec_open_ended", "nec_fixed_term"))
    >>> regular.describe("en")
    'continuous employment of at least 365 days (contracts: nec_open_ended, nec_fixed_term)'
    """

    name: str
    min_days: int | None = None
    open_ended: bool = False
    window_days: int | None = None
    window_share: float | None = None
    contracts: tuple[str, ...] | None = None
    max_gap_days: int = 0

    def __post_init__(self):
        if self.min_days is None and not self.open_ended and self.window_days is None:
            raise InputError(f"durable job definition {self.name!r} has no criterion: "
                             "give min_days, open_ended=True or window_days with window_share")
        if self.min_days is not None and (not isinstance(self.min_days, (int, np.integer)) or self.min_days < 1):
            raise InputError(f"min_days must be a whole number of days >= 1, got {self.min_days!r}")
        if (self.window_days is None) != (self.window_share is None):
            raise InputError("window_days and window_share go together: give both or neither")
        if self.window_days is not None:
            if not isinstance(self.window_days, (int, np.integer)) or self.window_days < 1:
                raise InputError(f"window_days must be a whole number of days >= 1, got {self.window_days!r}")
            if not 0 < float(self.window_share) <= 1:
                raise InputError(f"window_share must lie in (0, 1], got {self.window_share!r}")
        if not isinstance(self.max_gap_days, (int, np.integer)) or self.max_gap_days < 0:
            raise InputError(f"max_gap_days must be a whole number >= 0, got {self.max_gap_days!r}")
        if self.contracts is not None:
            object.__setattr__(self, "contracts", tuple(self.contracts))

    def describe(self, language: str = "nl") -> str:
        """The definition in words, for the definitions section of a report (texts ``durable.*``)."""
        parts = []
        if self.min_days is not None:
            parts.append(TEXTS.text("durable.min_days", language, min_days=self.min_days))
        if self.open_ended:
            parts.append(TEXTS.text("durable.open_ended", language))
        if self.window_days is not None:
            parts.append(TEXTS.text("durable.window", language, pct=round(100 * float(self.window_share)),
                                    window_days=self.window_days))
        text = f" {TEXTS.text('durable.or', language)} ".join(parts)
        if self.contracts is not None:
            text = TEXTS.text("durable.contracts", language, definition=text, contracts=", ".join(self.contracts))
        return text


SPELL_365 = DurableJob("spell_365", min_days=365)
OPEN_ENDED = DurableJob("open_ended", open_ended=True)
SPELL_365_OR_OPEN_ENDED = DurableJob("spell_365_or_open_ended", min_days=365, open_ended=True)
SHARE_80_12M = DurableJob("share_80_12m", window_days=365, window_share=0.8)
#: The named definitions (a study parameter names one of these).
DURABLE_DEFINITIONS = {d.name: d for d in (SPELL_365, OPEN_ENDED, SPELL_365_OR_OPEN_ENDED, SHARE_80_12M)}


def durable_definition(definition: str | DurableJob) -> DurableJob:
    """A :class:`DurableJob` from its name (one of :data:`DURABLE_DEFINITIONS`) or as given.

    Examples
    --------
    >>> durable_definition("open_ended") is OPEN_ENDED
    True
    """
    if isinstance(definition, DurableJob):
        return definition
    if definition not in DURABLE_DEFINITIONS:
        raise InputError(f"unknown durable job definition {definition!r}; "
                         f"choose one of {', '.join(DURABLE_DEFINITIONS)} or pass a DurableJob")
    return DURABLE_DEFINITIONS[definition]
