"""Where people go after an art. 60 job: competing next states and multi-state state occupation.

An art. 60 job is temporary. When it ends, a person moves on: to a regular job, to unemployment
benefit (art. 60 builds the entitlement), back to social assistance (leefloon), to another art. 60
or a social-economy job, or out of sight of the registers. This module follows people from the
end of an art. 60 spell:

- :func:`art60_spells` - the (first, or every) art. 60 spell of each intake in a cohort.
- :func:`state_sequences` - what each person was doing on every day after the end of the spell,
  as a sequence of sojourns in the main states (:data:`STATES`), read from the episodes.
- :func:`next_states` - the first state after the end, and when it began: the competing next
  states, whose cumulative incidence :func:`next_state_incidence` estimates.
- :func:`state_occupation` - the probability of being in each state ``t`` days later
  (Aalen-Johansen estimator for a multi-state process, returns to earlier states allowed,
  right-censoring), generic on any sojourn table; :func:`aggregate_states` adds states up.
- :func:`first_entry` - time to the first entry into a state (e.g. a regular job), with leaving
  the registers as the competing event.
- :func:`state_on` - the state of a person on a given date.

How the episodes are read
-------------------------
- **Time** is counted in days after the last day of the art. 60 spell: day 0 is the day after it.
- **The state on a day** is taken from the employment and benefit episodes that cover it. Where
  several overlap, the first in :data:`STATES` wins (work before benefits; regular work first).
  Employment becomes ``nec`` / ``interim`` / ``sec`` / ``art60`` by the ``circuit`` of its
  contract in the code list ``contract`` (a missing contract: ``other_job``); benefits become
  ``leefloon`` or ``werkloosheidsuitkering``. A day without any registration is ``onbekend``
  (unknown: between registrations, moved, deregistered).
- **Short gaps** of at most ``max_gap_days`` without registration are registration lags, not a
  state: a gap right after the spell takes the state that follows it, a gap between two
  registrations the state before it, and a gap at the end of follow-up ends the follow-up with
  the last registration (we cannot tell yet whether the person left). Longer gaps are
  ``onbekend``.
- **Follow-up** ends on the censor date (the cohort's, and at the latest the extraction date of
  the sources). Spells still running then are not followed (they have not ended yet).
- A person whose spell is followed is in exactly one state on every day: the states form a
  multi-state process with returns (leefloon -> job -> unemployment benefit -> job ...).

The Aalen-Johansen estimator is checked against a hand computation and against R's ``etm``
package (``tests/golden/transitions/``).

Modules: :mod:`~evalkit.stats.transitions.spells` reads the spells and the states around them from the
episodes (art. 60 spells, state sequences, next states, first entry, state on a date);
:mod:`~evalkit.stats.transitions.occupation` holds the estimators on those sequences (cumulative incidence
of the next states, Aalen-Johansen state occupation, aggregated states).
"""
from evalkit.stats.transitions.occupation import aggregate_states, next_state_incidence, state_occupation
from evalkit.stats.transitions.spells import (
    GROUPS, REGULAR_WORK, STATE_GROUPS, STATES, UNKNOWN, art60_spells, first_entry, next_states,
    state_on, state_sequences,
)
from evalkit.stats.transitions.spells import _contract_states  # noqa: F401  (the art60 study maps contracts to states)

__all__ = [
    "STATES",
    "UNKNOWN",
    "REGULAR_WORK",
    "STATE_GROUPS",
    "GROUPS",
    "art60_spells",
    "state_sequences",
    "next_states",
    "next_state_incidence",
    "state_occupation",
    "aggregate_states",
    "state_on",
    "first_entry",
]

