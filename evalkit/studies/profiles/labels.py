"""Words of the profile report: its text catalogue and the labels of characteristics and categories.

The texts live in ``texts/nl.yaml`` and ``texts/en.yaml`` beside this module (:data:`TEXTS`).
Characteristics and categories take the one label every report uses (:mod:`evalkit.publish.labels`):
variable headings from ``labels.VARIABLES``, category labels from ``labels.category_labels`` (the code
lists in ``data_schema/`` and the shared catalogue), and a category into which small categories were
merged (``"laag|geen"``) the shared label :func:`evalkit.publish.labels.merged_label`. This report keeps
no label of its own for a shared category.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from evalkit.publish import labels as common
from evalkit.studies.profiles.frames import MERGE_SEP
from evalkit.texts import Catalogue, check_language

#: The texts of the profile report (``texts/nl.yaml``, ``texts/en.yaml``).
TEXTS = Catalogue("evalkit.studies.profiles")

#: Study column -> the shared variable whose heading and labels it takes (``nt2_group`` groups the
#: Dutch level at intake; its category labels are the shared ``labels.nt2_group``).
_HEADING_OF = {"nt2_group": "nt2_level_at_intake"}
#: Categories whose label is the short one of the shared catalogue (legends of the figures).
_LABELS_OF = {"trajectory": "trajectory_short"}


def _t(key: str, language: str, **values) -> str:
    """The report text ``key`` in ``language``, placeholders filled from ``values``."""
    return TEXTS.text(key, language, **values)


def variable_label(variable: str, language: str = "nl") -> str:
    """Heading of a characteristic in ``language``: the shared heading (``labels.VARIABLES``); the
    variable name when none is known.

    Examples
    --------
    >>> variable_label("nt2_group", "en") == variable_label("nt2_level_at_intake", "en")
    True
    >>> variable_label("sex", "nl")
    'Geslacht'
    """
    check_language(language)
    shared = _HEADING_OF.get(variable, variable)
    if shared in common.VARIABLES:
        return common.VARIABLES[shared][language]
    return variable


def category_label(variable: str, code: Any, language: str = "nl") -> str:
    """Label of a category, the same as in every report; a category into which small ones were merged
    (``"laag|geen"``: the first code is the one they joined) takes the shared merged label.

    Examples
    --------
    >>> category_label("education", "laag|geen", "nl")
    'Laaggeschoold + kleine groepen'
    >>> category_label("education", "laag|geen", "en") == _merged("Low", "en")
    True
    >>> category_label("nt2_group", "2.x+")
    'NT2 2.1 of hoger'
    """
    check_language(language)
    if code is None or (isinstance(code, float) and np.isnan(code)):
        return ""
    labels = _category_labels(variable, language)
    first, *merged = str(code).split(MERGE_SEP)
    label = labels.get(first, first)
    return common.merged_label(label, language) if merged else label


def in_sentence(label: str) -> str:
    """A label as it stands inside a sentence: its first letter in lower case, unless the label opens
    with an abbreviation (``NT2 1.1``, ``VDAB``).

    Examples
    --------
    >>> in_sentence("Taalniveau NT2 bij intake"), in_sentence("NT2 1.1"), in_sentence("Man")
    ('taalniveau NT2 bij intake', 'NT2 1.1', 'man')
    """
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


def _merged(label: str, language: str) -> str:
    return common.merged_label(label, language)


def _category_labels(variable: str, language: str) -> dict[str, str]:
    return common.category_labels(_LABELS_OF.get(variable, variable), language)
