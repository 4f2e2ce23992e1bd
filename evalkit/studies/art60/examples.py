"""The inputs of the examples in this package's docstrings, made from the bundled synthetic registry.

Examples
--------
>>> registry, cohort, jobs, after = bundled()
>>> len(cohort), int(jobs["art60"].sum()), len(after.followed) > 500
(1662, 1044, True)
"""
from __future__ import annotations

from typing import NamedTuple

import pandas as pd

from evalkit import outcomes
from evalkit.registry import Registry, load_registry
from evalkit.studies.art60.analysis import AfterArt60, follow


class Example(NamedTuple):
    """A registry and what the study derives from it first."""

    registry: Registry
    cohort: pd.DataFrame
    jobs: pd.DataFrame
    after: AfterArt60


def bundled() -> Example:
    """The bundled synthetic registry, its cohort (:func:`evalkit.outcomes.cohort` with the defaults),
    the first jobs of each intake (:func:`evalkit.outcomes.first_jobs`) and what followed the first
    art. 60 of each intake (:func:`evalkit.studies.art60.analysis.follow`), made afresh at each call.
    """
    registry = load_registry("synthetic")
    cohort = outcomes.cohort(registry)
    return Example(registry, cohort, outcomes.first_jobs(registry, cohort), follow(registry, cohort))
