"""The overview study rendered end to end: no code, Dutch by default and English on request, no small counts."""
from __future__ import annotations

import re

import pytest

from evalkit.publish import findings
from evalkit.publish.sdc.integrity import html_tables

COUNT_HEADERS = {"N", "Werk", "Geen werk of onbekend", "Totaal", "Cliënten", "Met minstens één artikel 60",
                 "Work", "No work or unknown", "Total", "Clients", "With at least one art. 60"}


_tables = html_tables


@pytest.fixture(scope="module")
def runs(bundled_reports):
    """The report in Dutch and in English (shared with the other report tests). That a second run on
    the same records gives the same report is tested, for every study, in test_row_order.py."""
    return bundled_reports("overview"), bundled_reports("overview", "en")


def test_no_code_and_no_traceback(runs):
    html = (runs[0] / "overview.html").read_text("utf-8")
    for fragment in ("load_registry(", "display.setup(", "overview.cohort_snapshot(", "Traceback"):
        assert fragment not in html


def test_dutch_by_default_english_on_request(runs):
    nl = (runs[0] / "overview.html").read_text("utf-8")
    en = (runs[1] / "overview.html").read_text("utf-8")
    assert "Werkstatus volgens VDAB" in nl and "Geen werk of onbekend" in nl
    assert "Work status according to VDAB" in en and "No work or unknown" in en


def test_no_published_count_below_the_threshold(runs):
    checked = 0
    for run in runs:
        for table in _tables((run / "overview.html").read_text("utf-8")):
            header = table[0]
            for row in table[1:]:
                for name, cell in zip(header, row):
                    if name in COUNT_HEADERS and re.fullmatch(r"\d+", cell):
                        checked += 1
                        assert not 1 <= int(cell) < 10, f"{name} = {cell} in {row}"
    assert checked > 100  # the tables were found and read


def test_no_person_ids_in_outputs(runs):
    for name in ("overview.html", "overview.ipynb"):
        assert not re.search(r"\bP[0-9a-f]{8}\b", (runs[0] / name).read_text("utf-8"))


def test_the_committee_reads_the_findings_first_and_the_codes_in_the_appendix(runs):
    for run, (findings_heading, work, appendix, status) in zip(runs, [
            ("Kernbevindingen", "Wie was op de peildatum aan het werk?", "Technische bijlage",
             "Werkstatus volgens VDAB op de peildatum"),
            ("Key findings", "Who was at work on the snapshot date?", "Technical appendix",
             "Work status according to VDAB on the snapshot date")]):
        html = (run / "overview.html").read_text("utf-8")
        order = [html.index(findings_heading), html.index(f">{work}<"), html.index(f">{appendix}<"),
                 html.index(f">{status}<")]
        assert order == sorted(order), order  # findings, then the main text, then the status codes in the appendix
        assert "synthetic_registry" not in html and "2.x+" not in html
        found = findings.read(run)["overview"]
        assert len(found["findings"]) == 5 and found["headline"] is not None
        assert (run / "findings" / "overview.svg").exists()
        for f in found["findings"]:
            assert f'id="{f["anchor"]}"' in html


def test_the_figure_has_its_own_alternative_text(runs):
    nl = (runs[0] / "overview.html").read_text("utf-8")
    en = (runs[1] / "overview.html").read_text("utf-8")
    assert 'alt="Staafdiagrammen, één per kenmerk' in nl
    assert 'alt="Bar charts, one per characteristic' in en
