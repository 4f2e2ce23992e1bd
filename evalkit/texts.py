"""Report texts and labels in Dutch and English, in one place.

Notebooks narrate through :func:`text` so one notebook renders in either language; category
labels come from the code lists in ``data_schema/`` (:func:`category_labels`), column headers
and labels that have no code list from here.
"""
from __future__ import annotations

from evalkit.errors import ParameterError

LANGUAGES = ("nl", "en")

#: Column headers used in report tables.
COLUMNS = {
    "category": {"nl": "Categorie", "en": "Category"},
    "no_work": {"nl": "Geen werk of onbekend", "en": "No work or unknown"},
    "work": {"nl": "Werk", "en": "Work"},
    "total": {"nl": "Totaal", "en": "Total"},
    "pct_work": {"nl": "% werk", "en": "% at work"},
    "published_pct_work": {"nl": "% werk gepubliceerd", "en": "% at work published"},
    "difference_pp": {"nl": "Verschil (%-punt)", "en": "Difference (pp)"},
    "code": {"nl": "Code", "en": "Code"},
    "label": {"nl": "Status", "en": "Status"},
    "recoded": {"nl": "Hercodering", "en": "Recoded"},
    "n": {"nl": "N", "en": "N"},
    "pct": {"nl": "%", "en": "%"},
    "published_pct": {"nl": "% gepubliceerd", "en": "% published"},
    "trajectory": {"nl": "Traject", "en": "Trajectory"},
    "clients": {"nl": "Cliënten", "en": "Clients"},
    "clients_with_art60": {"nl": "Met minstens één artikel 60", "en": "With at least one art. 60"},
    "pct_with_art60": {"nl": "% met artikel 60", "en": "% with art. 60"},
    "published_pct_with_art60": {"nl": "% met artikel 60 gepubliceerd", "en": "% with art. 60 published"},
    "mean_days_intake_to_art60": {"nl": "Gem. dagen intake tot artikel 60", "en": "Mean days intake to art. 60"},
    "sd_days_intake_to_art60": {"nl": "SD dagen", "en": "SD days"},
    "published_mean_days": {"nl": "Gem. dagen gepubliceerd", "en": "Mean days published"},
}

#: Variable names as report headings.
VARIABLES = {
    "trajectory": {"nl": "Traject (toegewezen bij intake)", "en": "Trajectory (assigned at intake)"},
    "intake_period": {"nl": "Periode van intake", "en": "Intake period"},
    "sex": {"nl": "Geslacht", "en": "Sex"},
    "household": {"nl": "Gezinssituatie", "en": "Household situation"},
    "nt2_level_at_intake": {"nl": "Taalniveau NT2 bij intake", "en": "Dutch level (NT2) at intake"},
    "age_group": {"nl": "Leeftijd bij intake", "en": "Age at intake"},
    "education": {"nl": "Scholing", "en": "Education"},
}

#: Code list behind each profile variable (variables without one are labelled from LABELS).
CODELIST_OF = {"trajectory": "trajectory", "sex": "sex", "household": "household",
               "nt2_level_at_intake": "nt2_level", "education": "education"}

#: Labels of categories that have no code list.
LABELS = {
    "intake_period": {
        "2017H1": {"nl": "Voorjaar 2017", "en": "First half 2017"},
        "2017H2": {"nl": "Najaar 2017", "en": "Second half 2017"},
        "2018H1": {"nl": "Voorjaar 2018", "en": "First half 2018"},
        "2018H2": {"nl": "Najaar 2018", "en": "Second half 2018"},
    },
    "age_group": {"18-24": {"nl": "18-24 jaar", "en": "18-24 years"},
                  "25-30": {"nl": "25-29 jaar", "en": "25-29 years"},
                  "30+": {"nl": "30 jaar en ouder", "en": "30 years and older"}},
    "nt2_group": {
        "0": {"nl": "Geen Nederlands (0)", "en": "No Dutch (0)"},
        "<1.1": {"nl": "Lager dan 1.1", "en": "Below 1.1"},
        "1.1": {"nl": "NT2 1.1", "en": "Dutch 1.1"},
        "1.2": {"nl": "NT2 1.2", "en": "Dutch 1.2"},
        "2.x+": {"nl": "NT2 2.1 of hoger", "en": "Dutch 2.1 or higher"},
        "missing": {"nl": "Onbekend", "en": "Unknown"},
    },
    # Short trajectory names for legends and narrow tables (the code list has the full names).
    "trajectory_short": {
        "lineair": {"nl": "Lineair", "en": "Linear"},
        "geintegreerd_vdab": {"nl": "Geïntegreerd VDAB", "en": "Integrated VDAB"},
        "geintegreerd_activering": {"nl": "Geïntegreerd activering", "en": "Integrated activation"},
        "jongerentraject_esf": {"nl": "Jongerentraject", "en": "Youth trajectory"},
    },
    "*": {"total": {"nl": "Totaal", "en": "Total"}, "onbekend": {"nl": "Onbekend", "en": "Unknown"},
          "work": {"nl": "Werk", "en": "Work"}, "no_work": {"nl": "Geen werk", "en": "No work"}},
}


def check_language(language: str) -> str:
    """Return ``language`` if it is supported, else raise a ParameterError that says which are."""
    if language not in LANGUAGES:
        raise ParameterError(f"language must be one of {', '.join(LANGUAGES)}, not {language!r}")
    return language


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
        from evalkit.schema import codelist

        cl = codelist(CODELIST_OF[variable])
        out.update(dict(zip(cl["code"].astype(str), cl[f"label_{language}"])))
    for code, lab in LABELS.get(variable, {}).items():
        out[code] = lab[language]
    return out


def text(key: str, language: str = "nl", **values) -> str:
    """A report text in ``language``, with ``{placeholders}`` filled from ``values``."""
    check_language(language)
    from evalkit.report_texts import TEXTS

    if key not in TEXTS:
        raise KeyError(f"no report text named {key!r}")
    return TEXTS[key][language].format(**values)
