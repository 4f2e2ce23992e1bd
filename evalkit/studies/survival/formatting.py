"""How the survival study writes things: its texts, the labels of trajectories and covariates,
numbers, p-values and intervals.

The words come from ``texts/<language>.yaml`` beside this module and from the shared labels of
:mod:`evalkit.publish.labels` (one label per category and per variable in every report); numbers
are written as the report's language writes them, through :mod:`evalkit.formats`. This module only
puts them together.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np

from evalkit import formats
from evalkit.publish import labels
from evalkit.texts import Catalogue

TEXTS = Catalogue("evalkit.studies.survival")
_DASH = formats.MISSING

#: The variable whose shared heading names a column of the study (the Dutch level at intake is
#: ``nt2_group`` here, grouped, and ``nt2_level_at_intake`` in the registry).
_HEADING_OF = {"nt2_group": "nt2_level_at_intake"}


def _t(key: str, language: str, **values) -> str:
    return TEXTS.text(key, language, **values)


class _Words(str):
    """Words that a text may ask for in lower case, as ``{terms:lower}`` (Dutch writes the names of
    covariates in lower case inside a sentence): the first letter of each name, so that an
    abbreviation (NT2) keeps its capitals.

    Examples
    --------
    >>> format(_Words("Taalniveau NT2 bij intake en geslacht"), "lower")
    'taalniveau NT2 bij intake en geslacht'
    """

    def __new__(cls, text: str, items=None):
        self = super().__new__(cls, text)
        self.items = list(items) if items is not None else [text]
        return self

    def __format__(self, spec: str) -> str:
        if spec != "lower":
            return format(str(self), spec)
        out = str(self)
        for item in self.items:
            out = out.replace(item, _lower_first(item), 1)
        return out


def _lower_first(name: str) -> str:
    first = name.split(" ", 1)[0]
    if len(first) > 1 and first.isupper():
        return name
    return name[:1].lower() + name[1:]


def _labels(variable: str, language: str) -> dict:
    return labels.category_labels(variable, language)


def variable_label(variable: str, language: str) -> str:
    """Heading of a covariate in ``language``: the shared heading of :data:`evalkit.publish.labels.VARIABLES`.

    Examples
    --------
    >>> variable_label("nt2_group", "en"), variable_label("sex", "nl")
    ('Dutch level (NT2) at intake', 'Geslacht')
    """
    key = _HEADING_OF.get(variable, variable)
    if key in labels.VARIABLES:
        return labels.VARIABLES[key][language]
    own = TEXTS.table("variables", language)
    return own.get(variable, variable)


def variables_text(variables: Sequence[str], language: str) -> _Words:
    """The headings of ``variables`` run together ("geslacht, gezinssituatie en scholing" with
    ``{name:lower}``), for a sentence.

    Examples
    --------
    >>> format(variables_text(["sex", "household", "education"], "nl"), "lower")
    'geslacht, gezinssituatie en scholing'
    """
    names = [variable_label(v, language) for v in variables]
    return _Words(_and(names, language), names)


def trajectory_label(code, language: str, short: bool = True) -> str:
    """Label of a trajectory (short by default, for legends and table rows)."""
    if short and code in labels.LABELS["trajectory_short"]:
        return labels.LABELS["trajectory_short"][code][language]
    return _labels("trajectory", language).get(code, str(code))


def _category_label(variable: str, level, language: str) -> str:
    """Label of one category of a covariate (the short label for a trajectory)."""
    if variable == "trajectory":
        return trajectory_label(level, language)
    return _labels(variable, language).get(level, level)


def _finite(*values) -> bool:
    try:
        return all(np.isfinite(float(v)) for v in values)
    except (TypeError, ValueError):
        return False


def _p(p: float, language: str) -> str:
    """A p-value as ``language`` writes it (``< 0,001``, kept on one line)."""
    return formats.p_value(p, language)


def _ci(lo: float, hi: float, decimals: int, language: str) -> str:
    """A 95% interval ``lo–hi`` as ``language`` writes it, kept on one line; a dash when a limit is unknown.

    Examples
    --------
    >>> _ci(19.34, 20.2, 1, "nl") == "19,3\\u2013\\u206020,2"
    True
    >>> _ci(1.0, float("inf"), 2, "en")
    '–'
    """
    if not _finite(lo, hi):
        return _DASH
    return formats.interval(lo, hi, decimals, language)


def _estimate(value: float, lo: float, hi: float, decimals: int, language: str) -> str:
    """An estimate with its interval in brackets, ``1,50 (1,20–1,90)``, the space unbreakable."""
    return f"{formats.number(value, decimals, language)}\u00a0({_ci(lo, hi, decimals, language)})"


def _num(value: float, language: str = "nl") -> str:
    """A number of months (a whole number, or as many decimals as it has) as ``language`` writes it.

    Examples
    --------
    >>> _num(12.0, "nl"), _num(1.5, "nl"), _num(1.5, "en")
    ('12', '1,5', '1.5')
    """
    return formats.field(float(value), "", language)


def _and(items: Sequence[str], language: str) -> str:
    items = list(items)
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {_t('list.and', language)} " + items[-1]


def list_text(values: Sequence[float], language: str = "nl") -> str:
    """Numbers as words run together: ``[6, 12, 18]`` -> "6, 12 en 18" (English: "6, 12 and 18").

    Examples
    --------
    >>> list_text([6, 12, 18], "en")
    '6, 12 and 18'
    >>> list_text([1.5, 3], "nl")
    '1,5 en 3'
    """
    return _and([_num(v, language) for v in values], language)


#: Terms of the shared glossary (``glossary`` in ``evalkit/publish/texts/<language>.yaml``) that the
#: survival report uses.
GLOSSARY = ("betrouwbaarheidsinterval", "gecensureerd", "kaplan_meier", "mediaan", "hazard_ratio", "referentie",
            "p_waarde", "cumulatieve_incidentie", "concurrerende_risicos", "rmst", "confounding", "momentopname",
            "artikel_60", "duurzaam", "geheimhouding", "synthetisch")


def glossary_extra(language: str = "nl") -> dict[str, str]:
    """The report's own glossary entries (the table ``glossary`` of its texts), as ``{term: explanation}``.

    Examples
    --------
    >>> sorted(glossary_extra("en"))[0]
    'Fine-Gray model'
    """
    return dict(entry.split(": ", 1) for entry in TEXTS.table("glossary", language).values())
