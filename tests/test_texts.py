"""The report texts: every catalogue in step across languages, every key the code asks for present."""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from evalkit.studies import STUDIES, catalogue, text
from evalkit.texts import LANGUAGES, Catalogue, check_catalogue, placeholders

ROOT = Path(__file__).resolve().parents[1]
CATALOGUES = [Catalogue("evalkit.outcomes"), Catalogue("evalkit.publish")] + [catalogue(s) for s in STUDIES]


@pytest.mark.parametrize("cat", CATALOGUES, ids=lambda c: c.package)
def test_languages_have_the_same_keys_and_placeholders(cat):
    assert cat.keys(), f"{cat.package} has no texts"
    assert check_catalogue(cat) == []


@pytest.mark.parametrize("cat", CATALOGUES, ids=lambda c: c.package)
def test_no_text_is_empty(cat):
    for language in LANGUAGES:
        for key in cat.keys(language):
            value = cat.text(key, language) if isinstance(cat._entries(language)[key], str) and \
                not placeholders(cat._entries(language)[key]) else cat._entries(language)[key]
            assert value if isinstance(value, dict) else str(value).strip(), (cat.package, language, key)


def test_check_catalogue_finds_a_missing_key_and_a_placeholder(tmp_path, monkeypatch):
    (tmp_path / "pkg" / "texts").mkdir(parents=True)
    (tmp_path / "pkg" / "__init__.py").write_text("")
    (tmp_path / "pkg" / "texts" / "nl.yaml").write_text("a: Een {n} ding\nb: Twee\nt: {x: X, y: Y}\n", "utf-8")
    (tmp_path / "pkg" / "texts" / "en.yaml").write_text("a: One {count} thing\nt: {x: X}\n", "utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    problems = check_catalogue(Catalogue("pkg"))
    assert any("'b' only in nl" in p for p in problems)
    assert any("'a' has placeholders ['n']" in p for p in problems)
    assert any("table 't'" in p for p in problems)


def _literal_keys(source: str) -> set[str]:
    """Full text keys that appear as string literals in calls to text(...)."""
    return set(re.findall(r'text\(\\?"((?:' + "|".join(STUDIES) + r')\.[A-Za-z0-9_.]+)\\?"', source))


@pytest.mark.parametrize("path", sorted((ROOT / "notebooks").glob("*.ipynb")), ids=lambda p: p.name)
def test_every_text_a_notebook_asks_for_exists(path):
    keys = _literal_keys(path.read_text("utf-8"))
    assert keys, f"{path.name} uses no report text"
    for key in keys:
        for language in LANGUAGES:
            study, _, rest = key.partition(".")
            assert catalogue(study).has(rest, language), f"{path.name} asks for {key!r}, missing in {language}"


def _own_keys(module: Path) -> set[str]:
    """Keys a study module asks of its own catalogue: literal first arguments of _t(...) and TEXTS.text(...)."""
    keys = set()
    for node in ast.walk(ast.parse(module.read_text("utf-8"))):
        if not (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)):
            continue
        f = node.func
        if (isinstance(f, ast.Name) and f.id == "_t") or (
                isinstance(f, ast.Attribute) and f.attr == "text" and getattr(f.value, "id", None) == "TEXTS"):
            keys.add(node.args[0].value)
    return keys


@pytest.mark.parametrize("study", STUDIES)
def test_every_text_a_study_module_asks_for_exists(study):
    cat = catalogue(study)
    modules = list((ROOT / "evalkit" / "studies" / study).glob("*.py"))
    for module in modules:
        for key in _own_keys(module):
            assert cat.has(key), f"{module.name} asks for {key!r}, not in {study}/texts"


def test_text_fills_placeholders_and_names_a_missing_key():
    assert text("overview.title", "en", snapshot_date="X") == "# Cohort overview: work status on X"
    with pytest.raises(KeyError, match="no report text named"):
        text("overview.no_such_key")
