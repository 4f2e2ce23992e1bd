"""How the trajectory study writes things: its texts, the labels of trajectories, covariates and
monthly states, intervals in table cells and the numbers on the axes of its figures.

The words come from ``texts/<language>.yaml`` beside this module and from the shared labels of
:mod:`evalkit.publish.labels` (trajectories, variables, categories, the "total" row) and the code
lists of ``data_schema/codelists/``; this module only puts them together. Numbers and dates are
written as the report's language writes them, through :mod:`evalkit.formats`.
"""
from __future__ import annotations

from evalkit import formats
from evalkit.publish import labels
from evalkit.publish.sdc import MARKER
from evalkit.texts import Catalogue

TEXTS = Catalogue("evalkit.studies.trajectories")

#: The study's name for the language level at intake, grouped (its categories are those of the shared
#: table ``labels.nt2_group``); its heading is that of the variable it groups.
_VARIABLE_OF = {"nt2_group": "nt2_level_at_intake"}
#: Monthly states that are codes of a code list of ``data_schema/codelists/`` (code list, code there).
_STATE_CODELISTS = {"leefloon": ("benefit_type", "leefloon"),
                    "werkloosheidsuitkering": ("benefit_type", "werkloosheidsuitkering"),
                    "interim": ("contract", "interim")}


def _t(key: str, language: str, **values) -> str:
    return TEXTS.text(key, language, **values)


def trajectory_label(code, language: str = "nl") -> str:
    """Short label of a trajectory for legends and table rows.

    Examples
    --------
    >>> trajectory_label("geintegreerd_vdab", "en")
    'Integrated VDAB'
    """
    return labels.LABELS["trajectory_short"].get(code, {}).get(language, str(code))


def total_label(language: str = "nl") -> str:
    """The label of a total row or column, the same in every report.

    Examples
    --------
    >>> total_label("nl"), total_label("en")
    ('Totaal', 'Total')
    """
    return labels.LABELS["*"]["total"][language]


def _versus(trajectory, reference, language: str, separator: str = " ") -> str:
    """"<trajectory> vs <reference>" in short labels, e.g. as the title of a comparison's panel."""
    return (trajectory_label(trajectory, language) + separator + _t("versus", language) + " " +
            trajectory_label(reference, language))


def state_labels(language: str = "nl") -> dict[str, str]:
    """State code of a monthly sequence (:data:`evalkit.stats.sequences.STATES` and ``overig``) ->
    label in ``language`` ("nl" or "en").

    A state that is a code of a code list (the benefits, interim work) takes that code list's
    label, and ``onbekend`` the shared label of an unknown category, so that they read as in every
    other report; the other states are the study's own (``states`` in its texts).

    Examples
    --------
    >>> state_labels("en")["leefloon"]
    'Social assistance (welfare centre)'
    >>> state_labels("nl")["onbekend"]
    'Onbekend'
    """
    from evalkit.registry.schema import codelist

    out = dict(TEXTS.table("states", language))
    for state, (name, code) in _STATE_CODELISTS.items():
        cl = codelist(name)
        out[state] = str(cl.loc[cl["code"].astype(str) == code, f"label_{language}"].iloc[0])
    out["onbekend"] = labels.LABELS["*"]["onbekend"][language]
    return out


def variable_label(variable: str, language: str = "nl") -> str:
    """The heading of a covariate (never its column name).

    Examples
    --------
    >>> variable_label("nt2_group", "nl"), variable_label("age_group", "en")
    ('Taalniveau NT2 bij intake', 'Age at intake')
    """
    variable = _VARIABLE_OF.get(variable, variable)
    return labels.VARIABLES.get(variable, {}).get(language, variable)


def covariate_names(covariates, language: str = "nl") -> str:
    """The covariates corrected for, by their headings, as a list in a sentence ("a, b en c").

    Examples
    --------
    >>> covariate_names(["sex", "nt2_group", "intake_period"], "nl")
    'geslacht, taalniveau NT2 bij intake en periode van intake'
    >>> covariate_names(["sex", "education"], "en")
    'sex and education'
    """
    names = [_in_sentence(variable_label(v, language)) for v in covariates]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " " + _t("and", language) + " " + names[-1]


#: Words that keep their capital inside a sentence (names of a language, abbreviations).
_PROPER = ("Dutch", "Nederlands", "NT2", "VDAB", "OCMW")


def _in_sentence(label: str) -> str:
    """A heading inside a sentence: its first letter in lower case, unless it opens a name or an abbreviation.

    Examples
    --------
    >>> _in_sentence("Gezinssituatie"), _in_sentence("Dutch level (NT2) at intake"), _in_sentence("NT2")
    ('gezinssituatie', 'Dutch level (NT2) at intake', 'NT2')
    """
    if label.split(" ", 1)[0] in _PROPER:
        return label
    if len(label) > 1 and label[0].isupper() and not label[1].isupper():
        return label[0].lower() + label[1:]
    return label


def _term_label(variable: str, level, language: str) -> str:
    var = variable_label(variable, language)
    if level is None:
        return var
    lab = labels.category_labels(_VARIABLE_OF.get(variable, variable), language)
    if variable in labels.LABELS:  # a variable with a label table of its own (nt2_group)
        lab.update(labels.category_labels(variable, language))
    return f"{var}: {lab.get(str(level), str(level))}"


def data_source(registry, synthetic: bool, language: str = "nl") -> str:
    """The data a report is about, by their source: the bundled synthetic registry, or the registry
    of a folder (by its name), never a folder name alone (the words of the run's brief).

    Examples
    --------
    >>> data_source(None, True, "nl")
    'het meegeleverde synthetische register'
    """
    from pathlib import Path

    from evalkit.texts import fill

    words = labels.CATALOGUE.table("brief", language)
    if synthetic:
        return words["synthetic_source"]
    path = getattr(registry, "path", None)
    return fill(words["registry_source"], language, path=Path(path).name if path is not None else "?")


def _count(n: int, min_cell_size: int):
    """A count for a notice: the marker ``x`` for a zero or a count below the threshold.

    Examples
    --------
    >>> _count(6, 10), _count(0, 10), _count(12, 10)
    ('x', 'x', 12)
    """
    return n if n >= min_cell_size else MARKER


def _pct(x: float) -> float:
    return round(100 * x, 1)


def _ci(lo: float, hi: float, language: str, scale: float = 100, decimals: int = 1) -> str:
    """A confidence interval for a table cell, as ``language`` writes it (kept on one line).

    Examples
    --------
    >>> _ci(0.2913, 0.4061, "nl") == formats.interval(29.13, 40.61, 1, "nl")
    True
    >>> _ci(1.546, 1.884, "en", scale=1, decimals=2).replace("\u2060", "")
    '1.55\u20131.88'
    """
    return formats.interval(scale * lo, scale * hi, decimals, language)


def axis_numbers(axis, decimals: int, language: str = "nl") -> None:
    """Write the tick labels of a figure's ``axis`` (``ax.xaxis`` or ``ax.yaxis``) as ``language``
    writes numbers (``0,1`` in Dutch).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> axis_numbers(ax.xaxis, 1, "nl")
    >>> ax.xaxis.get_major_formatter()(0.25, 0)
    '0,2'
    >>> plt.close(fig)
    """
    from matplotlib.ticker import FuncFormatter

    axis.set_major_formatter(FuncFormatter(lambda value, _pos: formats.number(value, decimals, language)))


#: The shared glossary entries the trajectory report explains (``glossary`` in ``evalkit/publish/texts``).
GLOSSARY = ("betrouwbaarheidsinterval", "bootstrap", "confounding", "weging", "standaardverschil", "referentie",
            "toegewezen_gerealiseerd", "eerste_job", "gecensureerd", "kaplan_meier", "cumulatieve_incidentie",
            "concurrerende_risicos", "rmst", "artikel_60", "geheimhouding", "synthetisch")


def glossary_extra(language: str = "nl") -> dict[str, str]:
    """The study's own glossary entries (``glossary`` in its texts), as ``{term: explanation}``.

    Examples
    --------
    >>> glossary_extra("en")["E-value"][:12]
    'how strongly'
    """
    return dict(entry.split(": ", 1) for entry in TEXTS.table("glossary", language).values())
