"""The words of the art. 60 study and the categories they name.

``TEXTS`` is the study's text catalogue (``texts/nl.yaml``, ``texts/en.yaml``). :func:`label` and
:func:`variable_label` give a category's or a variable's label in the report language. The display
order of categories, the code of an unknown value and that of small categories merged together
(:func:`merge_small`) live here too, so that tables, figures and sentences name and order them alike.
"""
from __future__ import annotations

import pandas as pd

from evalkit.publish import labels
from evalkit.registry.schema import codelist
from evalkit.stats import transitions as tr
from evalkit.texts import Catalogue

TEXTS = Catalogue("evalkit.studies.art60")
_UNKNOWN = "onbekend"
_SMALL = "kleine_groepen"  # code of categories merged because they are small
_ORDER = {"nt2_group": ["0", "<1.1", "1.1", "1.2", "2.x+", "missing"], "age_group": ["18-24", "25-30", "30+"],
          "intake_period": ["2017H1", "2017H2", "2018H1", "2018H2"], "nt2_improved": ["ja", "nee", "onbekend"]}


def _t(key: str, language: str, **values) -> str:
    """A text of the study's catalogue; a number of months computed from days (``12.000000000000002``)
    is given as the whole number it is, so that the catalogue writes it as such (``12``)."""
    return TEXTS.text(key, language, **{k: _whole(v) for k, v in values.items()})


def _whole(value):
    if isinstance(value, float) and value == value and abs(value - round(value)) < 1e-9:
        return float(round(value))
    return value


def total_label(language: str = "nl") -> str:
    """The label of a total row, shared by every report.

    Examples
    --------
    >>> total_label("en")
    'Total'
    """
    return labels.LABELS["*"]["total"][language]


#: Terms of the shared glossary (``glossary`` in ``evalkit/publish/texts/<language>.yaml``) the report
#: uses; its own terms are the study catalogue's table ``glossary``.
GLOSSARY = ("artikel_60", "betrouwbaarheidsinterval", "mediaan", "cumulatieve_incidentie", "concurrerende_risicos",
            "gecensureerd", "p_waarde", "confounding", "weging", "standaardverschil", "bootstrap", "duurzaam",
            "geheimhouding", "synthetisch")


def glossary_terms(language: str = "nl") -> dict[str, str]:
    """The report's own glossary entries, ``{term: explanation}`` (for :func:`evalkit.publish.display.glossary`).

    Examples
    --------
    >>> glossary_terms("en")["Lock-in"][:22]
    'whoever is in a progra'
    """
    return dict(entry.split(": ", 1) for entry in TEXTS.table("glossary", language).values())


#: Labels of categories that the code lists do not give (or give too long for a table).
LABELS = {**{key.removeprefix("labels."): TEXTS.by_language(key) for key in TEXTS.keys() if key.startswith("labels.")},
          "trajectory_short": labels.LABELS["trajectory_short"], "nt2_group": labels.LABELS["nt2_group"]}


#: Categories of the study that are shared categories under another code (they take the shared label).
_SHARED_CODE = {("twe", "geen_werk"): "no_work"}


def label(variable: str, code, language: str = "nl") -> str:
    """Display label of a category (state group, trajectory, employer type, profile value ...).

    Examples
    --------
    >>> label("state", "regulier_werk", "en")
    'Regular job (NEC, incl. temporary agency)'
    >>> label("employer_type", "private")
    'Privésector'
    >>> label("state", "onbekend", "en"), label("twe", "geen_werk", "nl")  # shared labels
    ('Unknown', 'Geen werk')

    A category into which the small ones were merged is labelled as in every report
    (:func:`evalkit.publish.labels.merged_label`):

    >>> label("education", "laag+kleine_groepen", "en")
    'Low + small groups'
    """
    if isinstance(code, str) and _SMALL in code:
        base = code.replace(_SMALL, "").rstrip("+")
        if not base:
            return _t("small_groups", language)
        return labels.merged_label(label(variable, base, language), language)
    code = _SHARED_CODE.get((variable, code), code)
    if variable in LABELS and code in LABELS[variable]:
        return LABELS[variable][code][language]
    if code in labels.LABELS["*"]:
        return labels.LABELS["*"][code][language]
    if variable == "employer_type":
        cl = codelist("employer_type")
        return dict(zip(cl["code"], cl[f"label_{language}"])).get(code, str(code))
    return labels.category_labels(variable, language).get(code, str(code))


#: The shared variable whose heading names a variable of the study (the Dutch level grouped from the level at intake).
_SHARED_VARIABLE = {"nt2_group": "nt2_level_at_intake"}


def variable_label(variable: str, language: str = "nl") -> str:
    """Heading of a variable in ``language``: the shared heading (:data:`evalkit.publish.labels.VARIABLES`)
    of a profile variable, the study's own for the variables only this study has.

    Examples
    --------
    >>> variable_label("employer_type", "en"), variable_label("sex", "nl"), variable_label("nt2_group", "en")
    ('Art. 60 employer', 'Geslacht', 'Dutch level (NT2) at intake')
    """
    shared = _SHARED_VARIABLE.get(variable, variable)
    if shared in labels.VARIABLES:
        return labels.VARIABLES[shared][language]
    return TEXTS.table("variables", language).get(variable, variable)


def _order(variable: str, values) -> list:
    present = list(dict.fromkeys(v for v in values if pd.notna(v)))
    if variable == "state":
        order = list(tr.GROUPS)
    elif variable == "employer_type":
        order = list(codelist("employer_type")["code"])
    else:
        order = _ORDER.get(variable) or labels.category_order(variable)
    return [v for v in order if v in present] + sorted((v for v in present if v not in order), key=str)


def _merged_order(variable: str, values) -> list:
    """The categories of ``values`` after :func:`merge_small`, in display order: a category with the
    small groups merged into it where that category stands, the small groups together last."""
    present = list(values)
    base = {c: str(c).split("+")[0] for c in present}
    rank = {b: i for i, b in enumerate(_order(variable, base.values()))}
    return sorted(present, key=lambda c: (c == _SMALL, rank.get(base[c], len(rank))))


def _with_unknown(values: pd.Series) -> pd.Series:
    return values.astype(object).where(values.notna(), _UNKNOWN).replace({"missing": _UNKNOWN})


def merge_small(values: pd.Series, min_count: int) -> pd.Series:
    """Merge categories with fewer than ``min_count`` rows: together as ``kleine_groepen`` when that
    reaches ``min_count``, otherwise into the largest category (``<largest>+kleine_groepen``), so
    that no category below the threshold can be read off, not even as a remainder.

    Examples
    --------
    >>> s = pd.Series(["a"] * 12 + ["b"] * 11 + ["c"] * 3 + ["d"] * 2)
    >>> merge_small(s, 10).value_counts().to_dict()
    {'a+kleine_groepen': 17, 'b': 11}
    """
    v = values.astype(object)
    counts = v.value_counts()
    small = counts.index[counts < min_count]
    if len(small) == 0 or len(small) == len(counts):
        return v
    if counts[small].sum() >= min_count:
        return v.where(~v.isin(small), _SMALL)
    largest = counts.idxmax()
    return v.where(~v.isin(list(small) + [largest]), f"{largest}+{_SMALL}")
