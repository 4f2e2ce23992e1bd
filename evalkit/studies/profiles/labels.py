"""Words of the profile report: its text catalogue and the labels of characteristics and categories.

The texts live in ``texts/nl.yaml`` and ``texts/en.yaml`` beside this module (:data:`TEXTS`).
Categories take the labels of their code list in ``data_schema/`` or of the shared catalogue
(:mod:`evalkit.publish.labels`); this report's own labels (``category.<variable>.<code>``: the
grouped Dutch levels and the short trajectory names) take precedence.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from evalkit.publish import labels as common
from evalkit.studies.profiles.frames import MERGE_SEP
from evalkit.texts import Catalogue, check_language

#: The texts of the profile report (``texts/nl.yaml``, ``texts/en.yaml``).
TEXTS = Catalogue("evalkit.studies.profiles")


def _t(key: str, language: str, **values) -> str:
    """The report text ``key`` in ``language``, placeholders filled from ``values``."""
    return TEXTS.text(key, language, **values)


def variable_label(variable: str, language: str = "nl") -> str:
    """Heading of a characteristic in ``language`` (the variable name when none is known).

    Examples
    --------
    >>> variable_label("nt2_group", "en")
    'Dutch level (NT2) at intake'
    """
    check_language(language)
    if variable in common.VARIABLES:
        return common.VARIABLES[variable][language]
    key = f"variable.{variable}"
    if TEXTS.has(key, language):
        return TEXTS.text(key, language)
    return variable


def category_label(variable: str, code: Any, language: str = "nl") -> str:
    """Label of a category; merged categories (``"laag|geen"``) join their labels with " + ".

    Examples
    --------
    >>> category_label("education", "laag|geen", "en")
    'Low + No schooling'
    >>> category_label("nt2_group", "2.x+")
    'NT2 2.x of hoger'
    """
    check_language(language)
    if code is None or (isinstance(code, float) and np.isnan(code)):
        return ""
    labels = _category_labels(variable, language)
    return " + ".join(labels.get(part, part) for part in str(code).split(MERGE_SEP))


def _category_labels(variable: str, language: str) -> dict[str, str]:
    out = common.category_labels(variable, language)
    if variable == "origin_region":
        from evalkit.registry.schema import codelist

        cl = codelist("origin_region")
        out.update(dict(zip(cl["code"].astype(str), cl[f"label_{language}"])))
    prefix = f"category.{variable}."
    for key in TEXTS.keys(language):
        if key.startswith(prefix):
            out[key[len(prefix):]] = TEXTS.text(key, language)
    return out
