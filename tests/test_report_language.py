"""Every rendered report, in Dutch and English, reads as a committee report should (docs/reports.md).

Checked on the reports of the bundled registry, as a reader sees them (the HTML page, outside the
provenance footer that holds parameters and hashes for machines):

- key findings first: the findings block stands right after the title, with 3–6 findings and 2–3
  caveats, and each finding links to a section of the page;
- every number of every key finding equals the cell of the released table it names (or is a number
  of the question, such as the months of a horizon);
- no decimal point or ISO date in Dutch text or tables (decimal comma, dates in words), and no decimal
  comma in English;
- no raw variable, column or folder names (``nt2_group``, ``synthetic_registry``: any snake_case word);
- no English terms in Dutch text (:data:`ENGLISH_IN_DUTCH`), no method jargon in the main text before
  the technical appendix (:data:`JARGON`);
- one label per category across the reports of a language.
"""
from __future__ import annotations

import difflib
import html as html_lib
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from evalkit import formats
from evalkit.publish import findings as key_findings
from evalkit.publish.labels import CATALOGUE, CODELIST_OF, LABELS, category_labels, merged_label
from evalkit.publish.runner import NOTEBOOKS
from evalkit.publish.sdc.integrity import tables_of

STUDIES = list(NOTEBOOKS)
LANGUAGES = ("nl", "en")

#: English terms that have a Dutch word, never in a Dutch report.
ENGLISH_IN_DUTCH = ("intention to treat", "intention-to-treat", "as treated", "as-treated", "household",
                    "education", "trajectory", "first job", "at work", "snapshot", "follow-up", "baseline",
                    "propensity score", "immortal time", "lock-in", "not reached", "reference", "unknown",
                    "synthetic", "confidence interval", "share", "months")
#: Names of methods and checks that belong in the technical appendix, not in the main text.
JARGON = ("Turnbull", "Fine-Gray", "Schoenfeld", "Efron", "cox.zph", "E-waarde", "E-value", "immortal time",
          "lock-in", "Aalen-Johansen", "Breslow", "propensity")
_SNAKE = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")
_ISO = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_DECIMAL_POINT = re.compile(r"(?<![\d.])\d+\.(?!\d{3}(?!\d))\d+")  # 1.5, 0.03 — not 1.662 (thousands)
_DECIMAL_COMMA = re.compile(r"(?<![\d,])\d+,(?!\d{3}(?!\d))\d+")


def _reports(bundled_reports, language):
    return {study: bundled_reports(study, language) for study in STUDIES}


def _page(folder: Path, study: str) -> str:
    return (folder / f"{study}.html").read_text(encoding="utf-8")


def _body(page: str) -> str:
    """The report as the reader reads it: the page without its head, styles, figures and footer."""
    page = page.split("<body", 1)[-1]
    page = re.sub(r'<footer class="evalkit-provenance">.*?</footer>', " ", page, flags=re.S)
    page = re.sub(r"<(style|script|svg)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<img\b[^>]*>", " ", page)
    return page


def _text(fragment: str) -> str:
    return html_lib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment)))


def _nt2_levels(language: str) -> list[str]:
    # The official names of NT2 levels (1.1, 2.1, ...) keep their point in Dutch.
    return sorted({*category_labels("nt2_level_at_intake", language).values(),
                   *category_labels("nt2_group", language).values()}, key=len, reverse=True)


def _without_level_names(text: str, language: str) -> str:
    for label in _nt2_levels(language):
        text = text.replace(label, " ")
    return re.sub(r"\b(?:NT2[- ]?(?:niveau |level )?)?\d\.\d\b(?: of hoger| or higher)?", " ", text)


# ------------------------------------------------------------------------------------ key findings


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("study", STUDIES)
def test_key_findings_come_first(bundled_reports, study, language):
    folder = bundled_reports(study, language)
    page = _body(_page(folder, study))
    found = key_findings.read(folder)[study]
    L = CATALOGUE.table("findings", language)
    assert 3 <= len(found["findings"]) <= 6, found["findings"]
    assert 2 <= len(found["caveats"]) <= 3, found["caveats"]
    start = re.search(r'<section\b[^>]*class="evalkit-findings"', page).start()
    headings = [m.start() for m in re.finditer(r"<h[1-6]\b", page)]
    # the title, then the findings' own heading: no other section comes before them
    assert len([h for h in headings if h < start]) == 1
    block = page[start:page.index("</section>", start)]
    assert L["heading"] in block and L["caveats"] in block
    ids = set(re.findall(r'\bid="([^"]+)"', page))
    for f in found["findings"]:
        assert f["anchor"] in ids, f"{study}/{language}: finding points to a missing section {f['section']!r}"
        assert _text(key_findings_html(f["text"])) in _text(block)


def key_findings_html(text: str) -> str:
    from evalkit.publish.display import _inline_markdown

    return _inline_markdown(text)


def _released(folder: Path, study: str, output: str) -> pd.DataFrame:
    path = folder / "disclosure" / "tables" / study / (re.sub(r"[^A-Za-z0-9_.-]+", "_", output) + ".csv")
    return pd.read_csv(path, index_col=0, dtype=str, keep_default_na=False)


def _decimals(shown: str, language: str) -> int:
    sep = "," if language == "nl" else "."
    return len(shown.rsplit(sep, 1)[1]) if sep in shown else 0


def _source_value(folder: Path, study: str, cell: dict, language: str) -> list[float]:
    """The numbers the cited cell holds, as released (CSV) or shown (the page's table of that caption)."""
    if cell["output"]:
        table = _released(folder, study, cell["output"])
        raw = table.loc[[r for r in table.index if str(r) == cell["row"]], cell["column"]]
        assert len(raw) == 1, f"{study}: no row {cell['row']!r} in released {cell['output']!r}"
        raw = str(raw.iloc[0])
        if cell.get("part") is not None:
            return [formats.parse_number(key_findings.numbers_in(raw)[cell["part"]], language)]
        return [float(raw)]
    tables = [t for t in tables_of(_page(folder, study)) if t.caption.strip() == cell["caption"].strip()]
    assert tables, f"{study}: no table captioned {cell['caption']!r} on the page"
    numbers = []
    for table in tables:
        for row in table.rows[table.header_rows:]:
            for text in row:
                for token in key_findings.numbers_in(text):
                    try:
                        numbers.append(formats.parse_number(token, language))
                    except Exception:  # noqa: BLE001 - not a number of this language
                        pass
    return numbers


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("study", STUDIES)
def test_every_number_of_a_finding_is_the_cell_it_names(bundled_reports, study, language):
    folder = bundled_reports(study, language)
    found = key_findings.read(folder)[study]
    checked = 0
    for f in found["findings"]:
        allowed = {s for c in f["cells"] for s in c["shown"]} | set(f["given"])
        for token in key_findings.numbers_in(_text(key_findings_html(f["text"]))):
            assert token in allowed, f"{study}/{language}: {token!r} in {f['text']!r} names no table cell"
        for cell in f["cells"]:
            assert cell["shown"], f"{study}: a cited cell is not written in {f['text']!r}"
            sources = _source_value(folder, study, cell, language)
            for shown in cell["shown"]:
                value = formats.parse_number(shown.replace("%", "").strip(), language)
                d = _decimals(shown.replace("%", "").strip(), language)
                scale = 100 if shown.endswith("%") and cell["value"] < 1.5 and value > 1.5 else 1
                assert any(abs(round(s * scale, d) - value) < 1e-9 for s in sources), (
                    f"{study}/{language}: {shown!r} in {f['text']!r} is not the value of {cell} ({sources})")
                checked += 1
    assert checked >= 3


# ------------------------------------------------------------------------------------ conventions


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("study", STUDIES)
def test_numbers_and_dates_follow_the_language(bundled_reports, study, language):
    text = _without_level_names(_text(_body(_page(bundled_reports(study, language), study))), language)
    assert not _ISO.findall(text), f"{study}/{language}: ISO dates {_ISO.findall(text)[:5]}"
    wrong = _DECIMAL_POINT if language == "nl" else _DECIMAL_COMMA
    hits = [text[max(0, m.start() - 40):m.end() + 20] for m in wrong.finditer(text)]
    assert not hits, f"{study}/{language}: {hits[:5]}"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("study", STUDIES)
def test_no_raw_names(bundled_reports, study, language):
    text = _text(_body(_page(bundled_reports(study, language), study)))
    hits = sorted(set(_SNAKE.findall(text)))
    assert not hits, f"{study}/{language}: raw names {hits}"


@pytest.mark.parametrize("study", STUDIES)
def test_dutch_reports_use_dutch_terms(bundled_reports, study):
    text = _text(_body(_page(bundled_reports(study, "nl"), study))).lower()
    hits = [t for t in ENGLISH_IN_DUTCH if re.search(rf"\b{re.escape(t)}\b", text)]
    assert not hits, f"{study}: English terms in the Dutch report: {hits}"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("study", STUDIES)
def test_no_method_jargon_before_the_appendix(bundled_reports, study, language):
    body = _body(_page(bundled_reports(study, language), study))
    heading = CATALOGUE.text("appendix.heading", language).lstrip("#").strip()
    assert heading in _text(body), f"{study}/{language}: no technical appendix"
    main = _text(body.split('<div class="evalkit-appendix-start">', 1)[0])
    hits = [t for t in JARGON if t.lower() in main.lower()]
    assert not hits, f"{study}/{language}: jargon in the main text: {hits}"


def _shared_labels(language: str) -> set[str]:
    labels = set()
    for variable in {*CODELIST_OF, *LABELS}:
        labels.update(category_labels(variable, language).values())
    return labels | {merged_label(label, language) for label in labels}


@pytest.mark.parametrize("language", LANGUAGES)
def test_one_label_per_category_across_reports(bundled_reports, language):
    shared = _shared_labels(language)
    cells: dict[str, set[str]] = {}
    for study, folder in _reports(bundled_reports, language).items():
        for table in tables_of(_body(_page(folder, study))):
            for row in table.rows[table.header_rows:]:
                if row:
                    cells.setdefault(row[0].strip(), set()).add(study)
    variants = []
    for text, studies in cells.items():
        if not text or text in shared:
            continue
        near = difflib.get_close_matches(text, shared, n=1, cutoff=0.85)
        # a shared label of several words with something added ("NT2 2.1 of hoger (2.x)")
        contains = [lab for lab in shared if " " in lab and lab in text and text != lab]
        if near or contains:
            variants.append((text, (near or contains)[0], sorted(studies)))
    assert not variants, f"labels that vary a shared label ({language}): {variants}"


# ------------------------------------------------------------------------------------ print


@pytest.mark.parametrize("study", STUDIES)
def test_nothing_is_cut_off_in_print(bundled_reports, study):
    from evalkit.publish.pdf import overflowing

    folder = bundled_reports(study)
    for page in (folder / f"{study}.html", folder / "brief.html"):
        assert overflowing(page) == [], f"{page.name}: wider than the printed page"


@pytest.mark.parametrize("study", STUDIES)
def test_every_report_has_its_pdf_and_the_run_its_brief(bundled_reports, study):
    folder = bundled_reports(study)
    for name in (f"{study}.pdf", "brief.pdf"):
        data = (folder / name).read_bytes()
        assert data.startswith(b"%PDF-") and len(data) > 5_000
    brief = (folder / "brief.html").read_text(encoding="utf-8")
    found = key_findings.read(folder)[study]
    for f in found["findings"]:
        assert f'href="{study}.html#{f["anchor"]}"' in brief
    provenance = json.loads((folder / "provenance.json").read_text(encoding="utf-8"))
    assert provenance["studies"][0]["pdf"] == f"{study}.pdf"
