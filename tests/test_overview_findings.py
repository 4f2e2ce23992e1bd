"""The overview's key findings, figure and appendix: made from the released tables, in the language's conventions."""
from __future__ import annotations

import copy
import re
from dataclasses import replace

import pytest

from evalkit import formats
from evalkit.publish import sdc
from evalkit.publish.display import glossary_html
from evalkit.publish.findings import KeyFindings, anchor, numbers_in
from evalkit.publish.labels import CATALOGUE
from evalkit.registry import load_registry, synth
from evalkit.studies import overview

_DECIMAL_POINT = re.compile(r"(?<![\d.])\d+\.(?!\d{3}(?!\d))\d+")
_DECIMAL_COMMA = re.compile(r"(?<![\d,])\d+,(?!\d{3}(?!\d))\d+")


@pytest.fixture(scope="module")
def bundled():
    registry = load_registry("synthetic")
    return registry, overview.cohort_snapshot(registry, "2020-03-31")


@pytest.fixture(scope="module", params=["nl", "en"])
def released(request, bundled):
    registry, cohort = bundled
    sdc.reset()
    result = overview.release(registry, cohort, "2020-03-31", language=request.param, compare_published=True)
    sdc.reset()
    return result


def _findings(released, synthetic=True):
    return overview.key_findings(KeyFindings("overview", released.language), released, "COB", synthetic=synthetic)


def test_three_to_six_findings_and_two_or_three_caveats(released):
    found = _findings(released)
    assert len(found.findings) == 5 and len(found.caveats) == 3
    assert len(_findings(released, synthetic=False).caveats) == 2  # no synthetic-data caveat on real data


def test_every_number_is_a_released_cell_or_of_the_question(released):
    language = released.language
    outputs = {part.released.output: part.released for part in [released.art60, *released.work.values()]}
    for finding in _findings(released).findings:
        allowed = {s for c in finding.cells for s in c.shown} | set(finding.given)
        for token in numbers_in(finding.text):
            assert token in allowed, (token, finding.text)
        for c in finding.cells:
            table = outputs[c.output]
            value = table.value(c.row, c.column)
            assert value is not None and float(value) == c.value  # a shown cell, as released
            for shown in c.shown:  # with the decimals the table shows (one for a share, none for a count)
                decimals = 1 if c.column.startswith("pct") else 0
                assert shown == formats.number(value, decimals, language)
        wrong = _DECIMAL_POINT if language == "nl" else _DECIMAL_COMMA
        assert not wrong.findall(finding.text), finding.text
        assert not re.search(r"\d{4}-\d{2}-\d{2}", finding.text)


def test_the_headline_number_is_a_finding_and_points_to_its_section(released):
    found = _findings(released)
    work = found.findings[1]
    assert [c.as_dict()["row"] for c in work.cells] == ["total", "total", "total"]
    assert work.cells[0].output == "work_by_trajectory" and work.cells[0].value == 50.2
    assert ("50,2 %" if released.language == "nl" else "50.2%") in work.text
    heading = overview.TEXTS.text("work.heading", released.language).lstrip("# ")
    assert work.section == heading and anchor(work.section) in {"wie-was-op-de-peildatum-aan-het-werk",
                                                                 "who-was-at-work-on-the-snapshot-date"}
    nt2 = found.findings[3]
    assert nt2.cells[0].output == "work_by_nt2_level_at_intake" and nt2.cells[0].row == "0"
    label = released.work["nt2_level_at_intake"].extra["labels"]["0"]  # the shared label of the code list
    assert label in nt2.text and "2.x" not in nt2.text


def test_a_hidden_cell_leaves_its_finding_out(released):
    hidden = copy.deepcopy(released)
    hidden.work["trajectory"].released.hidden.add(("total", "pct_work"))
    texts = [f.text for f in _findings(hidden).findings]
    assert len(texts) == 4 and not any("835" in t for t in texts)
    assert "50,2" not in hidden.work_reading() and "50.2" not in hidden.work_reading()


def test_without_a_status_on_the_date_the_findings_read_the_art60_table():
    small = synth.generate(n=20, seed=1).registry()
    snaps = small.status_snapshots
    registry = replace(small, status_snapshots=snaps[snaps["snapshot_date"] != "2020-03-31"])
    cohort = overview.cohort_snapshot(registry, "2020-03-31")
    sdc.reset()
    result = overview.release(registry, cohort, "2020-03-31", language="en")
    found = _findings(result, synthetic=True)
    sdc.reset()
    assert [f.section for f in found.findings] == ["Use of art. 60 per trajectory"]  # the cohort's size only
    assert found.findings[0].cells[0].output == "art60_by_trajectory"
    assert len(found.caveats) == 3


def test_the_figure_fits_the_page_and_says_what_it_shows(released):
    import matplotlib.pyplot as plt

    fig = overview.plot_work_shares(released)
    try:
        assert fig.get_size_inches()[0] <= overview.MAX_WIDTH
        assert fig._suptitle.get_text().startswith("Aandeel aan het werk op 31 maart 2020" if released.language == "nl"
                                                   else "Share at work on 31 March 2020")
        legend = fig.legends[0]
        assert all(t.get_fontsize() >= 9 for t in legend.get_texts()) and len(legend.get_texts()) == 3
        assert all(ax.get_title() for ax in fig.axes if ax.get_visible())
        alt = overview.work_shares_alt(released)
        assert alt.startswith("Staafdiagrammen" if released.language == "nl" else "Bar charts")
        assert ("gepubliceerde" if released.language == "nl" else "published") in alt
        trajectories = [t.get_text() for t in fig.axes[0].get_yticklabels()]
        short = CATALOGUE.table("labels.trajectory_short", released.language)
        assert trajectories == list(short.values())  # the shared short labels
    finally:
        plt.close(fig)


def test_glossary_terms_are_shared_or_the_study_own(released):
    language = released.language
    page = glossary_html(overview.glossary_terms(True), language, overview.glossary_extra(language))
    assert page.count("<dt>") == len(overview.glossary_terms(True)) + len(overview.glossary_extra(language))
    assert ("Chi-kwadraattoets" if language == "nl" else "Chi-square test") in page


def test_dutch_texts_have_no_decimal_point_and_no_iso_date():
    for key in overview.TEXTS.keys("nl"):
        entry = overview.TEXTS._entries("nl")[key]
        values = entry.values() if isinstance(entry, dict) else [entry]
        for value in values:
            assert not _DECIMAL_POINT.findall(value), (key, value)
            assert not re.search(r"\d{4}-\d{2}-\d{2}", value), (key, value)
