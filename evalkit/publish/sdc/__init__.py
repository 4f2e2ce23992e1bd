"""Disclosure control over everything a run publishes: one policy, one release path, a run ledger, a checker.

- :mod:`~evalkit.publish.sdc.policy`: :class:`Policy`, the rules and their defaults;
- :mod:`~evalkit.publish.sdc.ledger`: the cells a report publishes, with the units they count;
- :mod:`~evalkit.publish.sdc.variables`: the shared names of variables and their codes;
- :mod:`~evalkit.publish.sdc.linked`: what a reader can derive from all of it (linear programmes), and
  the cells to hide so that no small count follows;
- :mod:`~evalkit.publish.sdc.release`: :func:`release_table`, the one way a table reaches a report;
- :mod:`~evalkit.publish.sdc.curves`: :func:`release_curve` and :func:`release_histogram` for figures;
- :mod:`~evalkit.publish.sdc.check`: the output checker of a rendered run (``evalkit check``).
"""
from evalkit.publish.sdc.curves import merge_bins, pool_steps, release_curve, release_histogram
from evalkit.publish.sdc.ledger import Count, Ledger, Output, Share, conditions, merge_conditions
from evalkit.publish.sdc.linked import Finding, findings, protect
from evalkit.publish.sdc.policy import MARKER, USUAL_MIN_CELL_SIZE, Policy
from evalkit.publish.sdc.release import Released, ledger, record_output, record_shown, release_table, reset
from evalkit.publish.sdc.variables import (MISSING, NO, PROFILE_VARIABLES, YES, YES_NO, as_codes,
                                           category_conditions, cohort_domains, domain, status_variable,
                                           yes_no)

__all__ = [
    "MARKER", "MISSING", "NO", "PROFILE_VARIABLES", "USUAL_MIN_CELL_SIZE", "YES", "YES_NO",
    "Count", "Finding", "Ledger", "Output", "Policy", "Released", "Share",
    "as_codes", "category_conditions", "cohort_domains", "conditions", "domain", "findings", "ledger",
    "merge_bins", "merge_conditions", "pool_steps", "protect", "record_output", "record_shown", "release_curve",
    "release_histogram", "release_table", "reset", "status_variable", "yes_no",
]
