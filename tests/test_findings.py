"""Key findings (evalkit.publish.findings): numbers only from shown cells, none from hidden ones."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from evalkit.publish import findings as kf
from evalkit.publish import sdc
from evalkit.publish.sdc.release import reset_all


@pytest.fixture(autouse=True)
def _fresh_ledgers():
    reset_all()
    yield
    reset_all()


def _released():
    table = pd.DataFrame({"n": [120, 6, 126], "work": [50, 3, 53], "pct": [100 * 50 / 120, 50.0, 100 * 53 / 126]},
                         index=["a", "b", "total"])
    return sdc.release_table(table, "groups", rows={"a": {"g": "a"}, "b": {"g": "b"}, "total": {}},
                             counts={"n": {}, "work": {"work": "ja"}}, shares={"pct": ("work", "n")},
                             domains={"g": ["a", "b"], "work": ["ja", "nee"]})


def test_a_hidden_cell_gives_no_number_and_its_finding_is_left_out():
    released = _released()
    assert released.table.at["b", "n"] == sdc.MARKER  # 6 persons: hidden
    assert kf.cell(released, "b", "n", language="nl") is None
    shown = kf.cell(released, "total", "n", language="nl")
    assert shown.output == "groups" and shown.value == 126
    findings = kf.KeyFindings("test", "nl")
    assert findings.add(f"B telt {kf.cell(released, 'b', 'n', language='nl')} personen.", "## B",
                        [kf.cell(released, "b", "n", language="nl")]) is False
    assert findings.add("In totaal {:,} personen.".format(shown), "## Groepen", [shown]) is True
    assert [f.text for f in findings.findings] == ["In totaal 126 personen."]
    assert shown.shown == ["126"]


def test_a_cell_is_written_as_its_language_writes_it():
    from evalkit.texts import fill

    table = pd.DataFrame({"hr": [1.234], "ci": ["1,10–1,40"]}, index=["x"])
    nl = kf.cell(table, "x", "hr", caption="HR", language="nl")
    en = kf.cell(table.assign(ci=["1.10–1.40"]), "x", "hr", caption="HR", language="en")
    assert fill("HR {hr:.2f}", "nl", hr=nl) == "HR 1,23" and fill("HR {hr:.2f}", "en", hr=en) == "HR 1.23"
    assert kf.cell(table, "x", "ci", part=1, language="nl").value == pytest.approx(1.4)
    assert kf.cell(table, "x", "ci", part=2, language="nl") is None


def test_findings_are_written_with_their_cells_and_link_to_their_section(tmp_path):
    table = pd.DataFrame({"pct": [41.25]}, index=["lineair"])
    share = kf.cell(table, "lineair", "pct", caption="Aandeel met een job", language="nl")
    findings = kf.KeyFindings("survival", "nl")
    findings.add("Na {m} maanden had {p:.1f} % een job.".format(m=12, p=share), "## Hoe snel een job?", [share],
                 given=[12])
    findings.caveat("Geen oorzakelijk verband.")
    page = findings.html()
    assert 'href="#hoe-snel-een-job"' in page and "Kernbevindingen" in page and "Wat dit niet zegt" in page
    path = findings.write(tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    (finding,) = data["findings"]
    assert finding["given"] == ["12"] and finding["cells"][0]["shown"] == ["41,2"]
    assert finding["cells"][0]["caption"] == "Aandeel met een job" and data["caveats"] == ["Geen oorzakelijk verband."]
    assert kf.read(tmp_path)["survival"] == data


def test_numbers_of_a_sentence_are_found_in_both_languages():
    assert kf.numbers_in("41,2 % (95 %-BI 38,0–44,4) van 1.662") == ["41,2", "95", "38,0", "44,4", "1.662"]
    assert kf.numbers_in("41.2% (95% CI 38.0–44.4) of 1,662") == ["41.2", "95", "38.0", "44.4", "1,662"]
