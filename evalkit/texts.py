"""Text catalogues: the words of the reports, kept in YAML files beside the code that uses them.

A package that publishes text has a folder ``texts/`` with one file per language (``nl.yaml``,
``en.yaml``). Each top-level key is either a text (a string with ``{placeholders}`` that
:meth:`Catalogue.text` fills in) or a table of labels (a mapping code -> label, read with
:meth:`Catalogue.table`). An evaluator changes a sentence by editing the YAML file; no Python is
involved. Both languages must have the same keys and the same placeholders
(:func:`check_catalogue`, run by the test suite on every catalogue).

This module is at the bottom of the layers: any layer may use it, it uses only :mod:`evalkit.formats` and :mod:`evalkit.errors`.
"""
from __future__ import annotations

import string
from functools import cache
from importlib import resources
from typing import Any

import yaml

from evalkit.errors import ParameterError
from evalkit.formats import field

LANGUAGES = ("nl", "en")


def check_language(language: str) -> str:
    """Return ``language`` if it is supported, else raise a ParameterError that says which are.

    Examples
    --------
    >>> check_language("en")
    'en'
    """
    if language not in LANGUAGES:
        raise ParameterError(f"language must be one of {', '.join(LANGUAGES)}, not {language!r}")
    return language


class Catalogue:
    """The texts of one package (``<package>/texts/<language>.yaml``), read once and cached.

    Examples
    --------
    >>> labels = Catalogue("evalkit.publish")
    >>> labels.table("columns", "en")["clients"]
    'Clients'
    >>> labels.has("variables")
    True
    """

    def __init__(self, package: str):
        self.package = package

    def _entries(self, language: str) -> dict[str, Any]:
        return _load(self.package, check_language(language))

    def has(self, key: str, language: str = "nl") -> bool:
        """Whether the catalogue holds ``key`` (a text or a table)."""
        return key in self._entries(language)

    def keys(self, language: str = "nl") -> list[str]:
        """Every key of the catalogue, in file order."""
        return list(self._entries(language))

    def text(self, key: str, language: str = "nl", **values) -> str:
        """The text ``key`` in ``language``, with its ``{placeholders}`` filled from ``values``."""
        value = self._entries(language).get(key)
        if not isinstance(value, str):
            raise KeyError(f"no report text named {key!r} in {self._where(language)}")
        return _Formatter(language).format(value, **values)

    def table(self, key: str, language: str = "nl") -> dict[str, str]:
        """The label table ``key`` in ``language``: code -> label."""
        value = self._entries(language).get(key)
        if not isinstance(value, dict):
            raise KeyError(f"no label table named {key!r} in {self._where(language)}")
        return dict(value)

    def by_language(self, key: str) -> dict[str, dict[str, str]]:
        """A label table in every language, as ``{code: {language: label}}``."""
        tables = {lang: self.table(key, lang) for lang in LANGUAGES}
        return {code: {lang: tables[lang][code] for lang in LANGUAGES} for code in tables[LANGUAGES[0]]}

    def _where(self, language: str) -> str:
        return f"{self.package.replace('.', '/')}/texts/{language}.yaml"

    def __repr__(self) -> str:
        return f"Catalogue({self.package!r})"


def fill(template: str, language: str = "nl", **values) -> str:
    """Fill the ``{placeholders}`` of ``template`` as :meth:`Catalogue.text` does: numbers and dates
    written as ``language`` writes them.

    Examples
    --------
    >>> fill("{pct:.1f} % op {day}", "nl", pct=41.25, day="2020-03-31")
    '41,2 % op 31 maart 2020'
    """
    return _Formatter(check_language(language)).format(template, **values)


class _Formatter(string.Formatter):
    """Fills a text's placeholders with numbers and dates as ``language`` writes them
    (:func:`evalkit.formats.field`): ``{pct:.1f}`` reads ``41,2`` in Dutch, ``{date}`` ``31 maart 2020``."""

    def __init__(self, language: str):
        super().__init__()
        self.language = language

    def format_field(self, value: Any, format_spec: str) -> str:
        return field(value, format_spec, self.language)


@cache
def _load(package: str, language: str) -> dict[str, Any]:
    path = resources.files(package).joinpath("texts", f"{language}.yaml")
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{package}/texts/{language}.yaml must hold a mapping of keys to texts")
    return data


def placeholders(value: str) -> set[str]:
    """The names of the ``{placeholders}`` in a text (format specs left out).

    Examples
    --------
    >>> sorted(placeholders("{n} of {total:,} ({pct:.1f}%)"))
    ['n', 'pct', 'total']
    """
    return {field.split(".")[0].split("[")[0] for _, field, _, _ in string.Formatter().parse(value) if field}


def check_catalogue(catalogue: Catalogue) -> list[str]:
    """Every difference between the languages of a catalogue: keys, kinds, placeholders, table codes.

    An empty list means the languages are in step.
    """
    problems = []
    entries = {lang: catalogue._entries(lang) for lang in LANGUAGES}
    first, *others = LANGUAGES
    for other in others:
        for key in entries[first].keys() ^ entries[other].keys():
            where = first if key in entries[first] else other
            problems.append(f"{catalogue.package}: key {key!r} only in {where}.yaml")
        for key in entries[first].keys() & entries[other].keys():
            a, b = entries[first][key], entries[other][key]
            if type(a) is not type(b):
                problems.append(f"{catalogue.package}: {key!r} is a {type(a).__name__} in {first}, "
                                f"a {type(b).__name__} in {other}")
            elif isinstance(a, str) and placeholders(a) != placeholders(b):
                problems.append(f"{catalogue.package}: {key!r} has placeholders {sorted(placeholders(a))} in "
                                f"{first} but {sorted(placeholders(b))} in {other}")
            elif isinstance(a, dict) and set(a) != set(b):
                problems.append(f"{catalogue.package}: table {key!r} has codes {sorted(set(a) ^ set(b))} "
                                f"in one language only")
    return problems
