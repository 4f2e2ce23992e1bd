"""The key findings of the art. 60 report (evalkit.studies.art60.findings): every number a cell of a
table the report shows, as the language writes it; a hidden or missing table leaves its finding out."""
from __future__ import annotations

import copy
import re

import pandas as pd
import pytest

from evalkit import formats
from evalkit.publish import sdc
from evalkit.publish.degrade import Unavailable
from evalkit.publish.findings import KeyFindings, anchor, numbers_in
from evalkit.studies import art60

_DECIMAL_POINT = re.compile(r"(?<![\d.])\d+\.(?!\d{3}(?!\d))\d+")
_DECIMAL_COMMA = re.compile(r"(?<![\d,])\d+,(?!\d{3}(?!\d))\d+")


@pytest.fixture(scope="module")
def bundled():
    from evalkit.studies.art60 import examples

    return examples.bundled()


@pytest.fixture(scope="module", params=["nl", "en"])
def tables(request, bundled, tmp_path_factory):
    """The tables the report shows, released in ``language`` (their CSV files in ``folder``)."""
    registry, cohort, jobs, after = bundled
    language = request.param
    folder = tmp_path_factory.mktemp(f"release_{language}")
    patch = pytest.MonkeyPatch()
    patch.setenv("EVALKIT_RELEASE_DIR", str(folder))
    patch.setenv("EVALKIT_REPORT", "art60")
    sdc.reset("art60")
    try:
        start = art60.art60_start(jobs)
        landmark = art60.landmark_comparison(registry, jobs, (12, 18), (12, 24), n_boot=20, seed=1)
        out = {
            "language": language, "folder": folder / "tables" / "art60",
            "use": art60.use_table(start, (12, 24, 36), language),
            "durations": art60.duration_table(after, language),
            "following": art60.next_state_table(after, language),
            "occupied": art60.occupation_table(art60.occupation(after, [3, 6, 12, 24], n_boot=20, seed=1), language),
            "durable": art60.durable_table(art60.durable_indicators(registry, cohort, after), language),
            "landmark": landmark, "compared": art60.landmark_table(landmark, language),
        }
    finally:
        sdc.reset("art60")
        patch.undo()
    return out


def _findings(tables, synthetic=True, **changed):
    given = {k: v for k, v in tables.items() if k not in ("language", "folder")}
    given.update(changed)
    return art60.key_findings(KeyFindings("art60", tables["language"]), **given, censor_date="2021-12-31",
                              synthetic=synthetic)


def test_six_findings_each_pointing_to_its_section_and_three_caveats(tables):
    language = tables["language"]
    found = _findings(tables)
    assert len(found.findings) == 6
    headings = {art60.TEXTS.text(key, language, months="3, 6, 12 en 24" if language == "nl" else "3, 6, 12 and 24")
                for key in ("use.heading", "after.heading", "occupation.heading", "durable.heading", "landmark.heading")}
    assert {f.section for f in found.findings} == headings and all(anchor(f.section) for f in found.findings)
    assert len(found.caveats) == 3 and len(_findings(tables, synthetic=False).caveats) == 2
    assert ("31 december 2021" if language == "nl" else "31 December 2021") in found.caveats[-1]


def test_every_number_is_a_cell_of_a_table_shown_or_of_the_question(tables):
    language = tables["language"]
    for finding in _findings(tables).findings:
        allowed = {s for c in finding.cells for s in c.shown} | set(finding.given)
        for token in numbers_in(finding.text):
            assert token in allowed, (token, finding.text)
        wrong = _DECIMAL_POINT if language == "nl" else _DECIMAL_COMMA
        assert not wrong.findall(finding.text), finding.text
        for c in finding.cells:
            assert c.shown and c.language == language
            if not c.output:  # the landmark difference: the table shown under its caption holds it
                assert c.caption == art60.TEXTS.text("landmark.caption", language)
                shown = tables["compared"].table.set_index(tables["compared"].table.columns[0])
                assert any(formats.parse_number(t, language) == c.value
                           for v in shown[c.column].astype(str) for t in numbers_in(v))
                continue
            released = pd.read_csv(tables["folder"] / f"{c.output}.csv", index_col=0, dtype=str, keep_default_na=False)
            raw = released.at[c.row, c.column]
            value = float(raw) if c.part is None else formats.parse_number(numbers_in(raw)[c.part], language)
            assert value == pytest.approx(c.value)
            for text in c.shown:  # with no more decimals than the table shows
                assert formats.parse_number(text, language) == pytest.approx(c.value)


def test_the_findings_quote_the_tables_of_the_report(tables):
    found = _findings(tables)
    by_output = {f.cells[0].output or "landmark": f for f in found.findings}
    assert set(by_output) == {"use", "duration", "next", "occupation", "durable", "landmark"}
    next_cells = by_output["next"].cells
    assert [c.part for c in next_cells[:3]] == [0, 1, 2] and next_cells[0].value == 39.5
    occupation = by_output["occupation"].cells[0]
    assert (occupation.row, occupation.column) == ("regulier_werk@12", "value")  # as the released file names it
    assert by_output["duration"].cells[0].value == 12.4
    assert by_output["landmark"].cells[0].value == 19.5 and by_output["landmark"].given[:2] == ["12", "12"]


def test_a_hidden_cell_or_a_missing_table_leaves_its_finding_out(tables):
    following = copy.deepcopy(tables["following"])
    row = following.table.index[0]
    following.hidden.add((following.table.iloc[0, 0], following.table.columns[2]))
    following.table.at[row, following.table.columns[2]] = "x"
    found = _findings(tables, following=following, durable=Unavailable("no_art60"), compared=None)
    outputs = [f.cells[0].output for f in found.findings]
    assert outputs == ["use", "duration", "occupation"]
    nothing = _findings(tables, use=None, durations=None, following=None, occupied=None, durable=None, compared=None,
                        landmark=None)
    assert nothing.findings == [] and len(nothing.caveats) == 3
