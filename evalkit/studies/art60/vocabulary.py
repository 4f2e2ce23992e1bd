"""How the cells of the art. 60 report are described to the disclosure engine (:mod:`evalkit.publish.sdc`).

Units: ``persons`` (the cohort of :func:`evalkit.outcomes.cohort`) when the first art. 60 job of each
client is followed; ``spells`` (every art. 60 job of the cohort) when all of them are. Variables of the
study are named ``art60.<name>``; each has a value for every unit of the universe (``nee`` or
``geen`` for those outside the group it describes):

- ``art60.started``: ``ja`` when an art. 60 started during follow-up (``first_jobs``);
- ``art60.start``: months from intake to the first art. 60, in bins (``nee`` without one);
- ``art60.employer``: employer type of the first art. 60 job (``nee`` without one);
- ``art60.followed``: ``ja`` when the art. 60 job studied ended and is followed after its end;
- ``art60.next``: the next situation of the job studied (``not_decided``, ``running``, ``nee``);
- ``art60.state_<m>m``: the situation ``m`` months after its end (``not_observed``, ``nee``);
- ``art60.regular_job``: months after its end to a first regular job, in bins (``geen``, ``nee``);
- other outcomes (durable jobs, landmarks, TWE) likewise, named where they are used.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

from evalkit.publish.sdc import MISSING, NO, YES, YES_NO, cohort_domains

#: The value of a study variable for the units outside the group it describes.
NONE = NO
#: Value of "not (yet) any" within the group.
NEVER = "geen"

#: Codes of unknown values as the study recodes them (``_with_unknown``) and as the cohort has them.
UNKNOWN_CODES = ("onbekend", "missing")


def unit_of(spells) -> str:
    """``persons`` when each client has at most one art. 60 job studied, else ``spells``."""
    key = "intake_id" if "intake_id" in spells.columns else "person_id"
    return "persons" if spells[key].is_unique else "spells"


def bins(cuts: Sequence[float], never: str = NEVER) -> list[str]:
    """Labels of time bins ``(0, c1]``, ``(c1, c2]``, ..., ``> c_last`` and ``never``.

    Examples
    --------
    >>> bins([12, 24])
    ['<=12', '12-24', '>24', 'geen']
    """
    cuts = [float(c) for c in cuts]
    labels = [f"<={cuts[0]:g}"] + [f"{a:g}-{b:g}" for a, b in zip(cuts, cuts[1:])] + [f">{cuts[-1]:g}"]
    return labels + [never]


def within(cuts: Sequence[float], t: float) -> list[str]:
    """The bins of :func:`bins` that lie within ``t`` (a cut).

    Examples
    --------
    >>> within([12, 24], 24)
    ['<=12', '12-24']
    """
    labels = bins(cuts)
    k = [float(c) for c in cuts].index(float(t))
    return labels[:k + 1]


def domains(cohort, extra: dict | None = None) -> dict:
    """Domains of the profile variables (from the cohort) and of the study's variables."""
    out = cohort_domains(cohort)
    out.update(extra or {})
    return out


def profile_codes(codes: Iterable, cohort_domain: Iterable[str]) -> list[str]:
    """The cohort codes of a (possibly merged) category of the study: ``onbekend`` stands for the missing code.

    Examples
    --------
    >>> profile_codes(["man", "onbekend"], ["<NA>", "man", "vrouw"])
    ['man', '<NA>']
    """
    values = set(cohort_domain)
    out = []
    for part in codes:
        if part in UNKNOWN_CODES:
            out += [v for v in (MISSING, "missing", "onbekend") if v in values]
        else:
            out.append(str(part))
    return out


__all__ = ["NONE", "NEVER", "YES", "NO", "YES_NO", "unit_of", "bins", "within", "domains", "profile_codes"]
