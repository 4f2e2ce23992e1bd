"""The studies: one folder per study, holding its analysis, its tables and figures, and its texts.

Each study (``overview``, ``survival``, ``trajectories``, ``profiles``, ``art60``) has a notebook in
``notebooks/`` that calls only the study's package; the study's report texts live beside its code in
``texts/nl.yaml`` and ``texts/en.yaml``.

Layer rule: the top layer below the command line; a study may use registry, outcomes, stats and publish,
and the shared pieces of another study only through that study's package.
"""
from __future__ import annotations

from evalkit.texts import Catalogue

STUDIES = ("overview", "survival", "trajectories", "profiles", "art60")


def catalogue(study: str) -> Catalogue:
    """The text catalogue of one study (``evalkit/studies/<study>/texts/``)."""
    if study not in STUDIES:
        raise KeyError(f"no study named {study!r}; the studies are {', '.join(STUDIES)}")
    return Catalogue(f"evalkit.studies.{study}")


def text(key: str, language: str = "nl", **values) -> str:
    """A report text by its full key ``<study>.<key>``, in ``language``, placeholders filled in.

    Examples
    --------
    >>> text("overview.title", "en", snapshot_date="31 March 2020")
    '# Cohort overview: work status on 31 March 2020'
    """
    study, _, rest = key.partition(".")
    if study not in STUDIES:
        raise KeyError(f"no report text named {key!r}: a key starts with a study name ({', '.join(STUDIES)})")
    return catalogue(study).text(rest, language, **values)
