"""Labels shared by every report: column headers, variable headings and category labels.

The words live in ``evalkit/publish/texts/<language>.yaml``: ``columns`` (table headers),
``variables`` (headings of profile variables) and ``labels.<variable>`` (labels of categories that have
no code list, such as age groups). Categories that have a code list in ``data_schema/`` take their
labels from it (:func:`category_labels`), so one category has one label in every report.
"""
from __future__ import annotations

from evalkit.registry.schema import codelist
from evalkit.texts import LANGUAGES, Catalogue, check_language

CATALOGUE = Catalogue("evalkit.publish")

#: Code list behind each profile variable (variables without one are labelled from ``labels.<variable>``).
CODELIST_OF = {"trajectory": "trajectory", "sex": "sex", "household": "household",
               "nt2_level_at_intake": "nt2_level", "education": "education",
               "employer_type": "employer_type", "benefit_type": "benefit_type", "contract": "contract",
               "origin_region": "origin_region"}

#: Label tables of categories without a code list, as ``{variable: {code: {language: label}}}``.
LABELS = {key.removeprefix("labels."): CATALOGUE.by_language(key)
          for key in CATALOGUE.keys() if key.startswith("labels.")}
#: Column headers, as ``{column: {language: header}}``.
COLUMNS = CATALOGUE.by_language("columns")
#: Variable headings, as ``{variable: {language: heading}}``.
VARIABLES = CATALOGUE.by_language("variables")

__all__ = ["LANGUAGES", "CODELIST_OF", "LABELS", "COLUMNS", "VARIABLES", "check_language",
           "column_labels", "category_labels", "category_order", "merged_label", "small_groups_label"]


def column_labels(columns, language: str = "nl") -> dict[str, str]:
    """Header text for each known column name (unknown names are kept)."""
    check_language(language)
    return {c: COLUMNS[c][language] if c in COLUMNS else c for c in columns}


def category_labels(variable: str, language: str = "nl") -> dict[str, str]:
    """Code -> label for the categories of a profile variable, in ``language``.

    Examples
    --------
    >>> category_labels("sex", "en")["vrouw"]
    'Woman'
    """
    check_language(language)
    out = {code: lab[language] for code, lab in LABELS["*"].items()}
    if variable in CODELIST_OF:
        cl = codelist(CODELIST_OF[variable])
        out.update(dict(zip(cl["code"].astype(str), cl[f"label_{language}"])))
    for code, lab in LABELS.get(variable, {}).items():
        out[code] = lab[language]
    return out


def category_order(variable: str) -> list[str]:
    """Display order of a variable's categories: the code list's order, or that of its label table.

    Examples
    --------
    >>> category_order("age_group")
    ['18-24', '25-30', '30+']
    """
    if variable in CODELIST_OF:
        return list(codelist(CODELIST_OF[variable])["code"].astype(str))
    return list(LABELS.get(variable, {}))


def merged_label(label: str, language: str = "nl") -> str:
    """The label of a category into which the small categories of its variable were merged, the same
    in every report.

    Examples
    --------
    >>> merged_label("Laaggeschoold", "nl")
    'Laaggeschoold + kleine groepen'
    """
    return CATALOGUE.text("category.merged", check_language(language), category=label)


def small_groups_label(language: str = "nl") -> str:
    """The label of the category that holds several small categories of a variable together.

    Examples
    --------
    >>> small_groups_label("en")
    'Small groups together'
    """
    return CATALOGUE.text("category.small_groups", check_language(language))
