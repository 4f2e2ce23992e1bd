"""The disclosure log of a report lists every table and figure the reader sees, with its status."""
from __future__ import annotations

import json

import pytest

from evalkit.publish.sdc.integrity import read_tables
from evalkit.studies import STUDIES


@pytest.mark.parametrize("study", STUDIES)
def test_the_log_lists_every_table_and_figure_of_the_page(bundled_reports, study):
    folder = bundled_reports(study)
    page = (folder / f"{study}.html").read_text(encoding="utf-8")
    log = json.loads((folder / "disclosure" / "log.json").read_text(encoding="utf-8"))
    shown = [o for o in log["outputs"] if o["report"] == study and o["kind"].startswith("shown ")]
    tables = [o for o in shown if o["kind"] == "shown table"]
    figures = [o for o in shown if o["kind"] == "shown figure"]
    assert len(tables) == page.count('class="evalkit-table"') > 0
    assert len(figures) == page.count("<img")
    captions = [t.caption for t in read_tables(folder / f"{study}.html") if t.caption]
    assert {o["title"] for o in tables if o["title"]} <= set(captions)
    assert {o["status"] for o in shown} <= {"released", "protected", "not published"}
    assert all(o["verdict"] == "safe" and o["checks"] for o in shown)
    # a table that shows the engine's released tables names them and takes their status
    made = [o for o in tables if o["checks"][0].startswith("shows the released")]
    assert made and any(o["status"] == "protected" for o in made)
    released = {}
    for o in log["outputs"]:
        if o["report"] == study and not o["kind"].startswith("shown") and o["title"].strip():
            released.setdefault(o["title"].strip(), []).append(o)
    for o in tables:
        for source in released.get(o["title"].strip(), []):
            assert source["output"] in o["checks"][0]
            assert source["status"] != "protected" or o["status"] == "protected"
    if study == "overview":  # every table of the overview is a table of counts, but that of the chi-square tests
        assert len(made) == len(tables) - 1


@pytest.mark.parametrize("study", STUDIES)
def test_counts_on_the_page_are_whole_numbers(bundled_reports, study):
    import re

    page = bundled_reports(study) / f"{study}.html"
    count_header = re.compile(r"^(N|n|Aantal|Personen|Cliënten|Persons|Clients)\b")
    odd = [(t.caption, head, cell) for t in read_tables(page) for row in t.rows[t.header_rows:]
           for head, cell in zip(t.header, row)
           if count_header.match(head.strip()) and re.fullmatch(r"\d+,\d+", cell.strip())]  # Dutch decimal comma
    assert odd == []
