"""Who the trajectory study's published numbers count: the vocabulary of its disclosure ledger.

Every count and share of the study goes through :func:`evalkit.publish.sdc.release_table` with
conditions on the shared variables of :mod:`evalkit.publish.sdc.variables` (unit ``"persons"``: the
programme cohort of :func:`evalkit.outcomes.cohort`) and on the study's own variables, each of which
has a value for every person of that cohort:

- ``trajectories.window``: ``ja`` for the intakes of the analysis frame (declared only when the intake
  window leaves part of the programme cohort out); ``trajectories.snapshot_cohort`` likewise for the
  intakes up to the snapshot date of the raw table;
- ``trajectories.realised``: the trajectory after the last registered change (the assigned one
  without a change; :data:`OUTSIDE` outside the frame, a value only when the frame is not the whole
  cohort: a value nobody can have would be a derivable zero);
- ``trajectories.change``: when the trajectory first changed (:func:`change_codes`);
- ``trajectories.age_25_or_younger``: ``ja``/``nee``, the age condition of the youth comparison;
- ``trajectories.followed``: ``ja`` for persons followed for the whole sequence period (only used
  when someone is not);
- ``trajectories.state_mNN``: the monthly state in month NN since intake (:data:`NOT_OBSERVED`
  when not observed or outside the frame; a value only when someone is).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

import pandas as pd

from evalkit.publish.sdc import NO, YES, YES_NO, Policy, as_codes, cohort_domains

#: Value of study variables for persons outside the analysis frame.
OUTSIDE = "buiten_studie"
#: Monthly state of a person not observed in that month (or outside the analysis frame).
NOT_OBSERVED = "niet_waargenomen"
#: Value of ``trajectories.change`` for persons whose trajectory did not change.
NO_CHANGE = NO


@dataclass
class Universe:
    """The programme cohort the study's numbers are about, and how the analysis frame sits in it.

    ``population`` holds the conditions every cell about the analysis frame shares; ``domains`` the
    values of every variable the study uses (profile variables from :func:`cohort_domains`).
    """

    population: dict = field(default_factory=dict)
    domains: dict = field(default_factory=dict)
    min_cell_size: int = 10
    language: str = "nl"

    @property
    def policy(self) -> Policy:
        return Policy(min_cell_size=self.min_cell_size)


def universe(cohort: pd.DataFrame, frame: pd.DataFrame, min_cell_size: int = 10, language: str = "nl",
             variable: str = "trajectories.window") -> Universe:
    """The universe of the study: ``cohort`` is the whole programme cohort
    (:func:`evalkit.outcomes.cohort` without an intake window), ``frame`` the analysis frame (or
    another part of the cohort, named by ``variable`` when it is not the whole cohort).

    Examples
    --------
    >>> import pandas as pd
    >>> c = pd.DataFrame({"intake_id": ["a", "b"], "trajectory": ["lineair", "lineair"]})
    >>> universe(c, c.iloc[:1]).population
    {'trajectories.window': 'ja'}
    """
    domains = cohort_domains(cohort)
    population: dict = {}
    if set(frame["intake_id"]) != set(cohort["intake_id"]):
        population = {variable: YES}
        domains[variable] = list(YES_NO)
    return Universe(population, domains, min_cell_size, language)


def default_universe(frame: pd.DataFrame, min_cell_size: int = 10, language: str = "nl") -> Universe:
    """The universe when the analysis frame is the whole programme cohort."""
    return universe(frame[["intake_id", "trajectory"]], frame, min_cell_size, language)


def trajectory_codes(values) -> list[str]:
    """The codes of the trajectories present, in the study's order."""
    from evalkit.studies.trajectories.analysis import TRAJECTORIES

    present = set(as_codes(pd.Series(list(values))))
    return [t for t in TRAJECTORIES if t in present] + sorted(present - set(TRAJECTORIES))


def realised_domain(frame: pd.DataFrame, u: Universe) -> list[str]:
    """Values of ``trajectories.realised``: every trajectory code, and :data:`OUTSIDE`."""
    codes = set(u.domains.get("trajectory", [])) | set(as_codes(frame["realised_trajectory"]))
    return trajectory_codes(codes) + ([OUTSIDE] if u.population else [])


def change_codes(months: Sequence[float]) -> list[str]:
    """Values of ``trajectories.change``: changed within each period, later, not at all.

    Examples
    --------
    >>> change_codes([12, 24])
    ['0-12', '12-24', 'na_24', 'nee']
    """
    edges = [0, *[int(m) for m in months]]
    return [f"{a}-{b}" for a, b in zip(edges[:-1], edges[1:])] + [f"na_{edges[-1]}", NO_CHANGE]


def group_variable(group: str) -> str:
    """The ledger variable of a comparison's grouping column."""
    return "trajectory" if group == "trajectory" else "trajectories.realised"


STATE_VARIABLE = "trajectories.state_m{month:02d}"
