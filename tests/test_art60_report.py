"""The art. 60 study rendered end to end: the state-occupation figure, durable employment under
several definitions and the landmark comparison; no code, no small counts, no identifiers."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from evalkit.registry import synth
from evalkit.publish.runner import render
from evalkit.publish.sdc.integrity import html_tables

#: Column headers (Dutch and English) whose cells are counts of persons or jobs.
COUNT_HEADERS = {"Cliënten", "Met artikel 60", "Artikel 60-jobs", "Personen", "N", "N met artikel 60",
                 "N zonder (nog)", "% van de cliënten met artikel 60", "Clients", "With art. 60", "Art. 60 jobs", "Persons", "N with art. 60",
                 "N without (yet)"}
#: Row labels whose cells are counts.
COUNT_ROWS = {"Nog gevolgd (N)", "Still followed (N)"}


_tables = html_tables


@pytest.fixture(scope="module")
def runs(tmp_path_factory, bundled_reports):
    out = tmp_path_factory.mktemp("reports")
    small = synth.write_synthetic_registry(tmp_path_factory.mktemp("data") / "small", n=200, seed=4)
    dutch = bundled_reports("art60")  # shared with the other report tests
    english = render("art60", data=small, out=out, run_name="en_small",
                     parameters=["language=en", "n_boot=50"]).parent
    return {"nl": (dutch, synth.default_registry_path()), "en": (english, small)}


def _html(runs, key):
    return (runs[key][0] / "art60.html").read_text("utf-8")


def test_acceptance_content(runs):
    nl, en = _html(runs, "nl"), _html(runs, "en")
    for html, words in ((nl, ("De situatie 3, 6, 12 en 24 maanden later", "Duurzame tewerkstelling",
                              "Een reguliere job na het peilmoment", "immortal time bias", "TWE-traject")),
                        (en, ("The situation 3, 6, 12 and 24 months later", "Durable employment",
                              "A regular job after the landmark", "immortal time bias", "TWE trajectory"))):
        for word in words:
            assert word in html
        # the figures (use of art. 60, stacked state occupation, regular job, by employer) are in
        assert html.count("<img") >= 4
    durable = next(t for t in _tables(nl) if t[0][0] == "Indicator")
    definitions = {"Job van ≥ 365 dagen", "Contract onbepaalde duur", "≥ 80% van de dagen werk in 12 mnd"}
    assert definitions <= set(durable[0])
    landmark = next(t for t in _tables(nl) if t[0][0] == "Uitkomst na het peilmoment")
    assert any(row[0].startswith("Peilmoment 12") for row in landmark)
    assert any(row[0].startswith("Peilmoment 18") for row in landmark)


def test_no_code_and_no_traceback(runs):
    for key in runs:
        html = _html(runs, key)
        for fragment in ("load_registry(", "art60.follow(", "display.setup(", "Traceback"):
            assert fragment not in html


def test_no_count_below_the_threshold_and_no_identifiers(runs):
    checked = 0
    for key, (run, data) in runs.items():
        html = _html(runs, key)
        ids = set(pd.read_csv(data / "persons.csv")["person_id"]) | set(pd.read_csv(data / "intakes.csv")["intake_id"])
        assert not any(i in html for i in ids)
        for table in _tables(html):
            header = table[0]
            for row in table[1:]:
                for name, cell in zip(header, row):
                    if (name in COUNT_HEADERS or row[0] in COUNT_ROWS) and re.fullmatch(r"\d+", cell):
                        checked += 1
                        assert not 1 <= int(cell) < 10, f"{name} = {cell} in {row}"
    assert checked > 40  # the test looks at real counts (fewer are shown since cells that would reveal others are hidden)
    assert "<td>x</td>" in _html(runs, "en")  # the small registry needs suppression
    assert "&lt;10" not in _html(runs, "en") and "&lt;10" not in _html(runs, "nl")
