"""table_html: every cell through its column's formatter, so that a column holding the hidden-cell
marker reads exactly as a numeric one (pandas leaves the formatters out for the floats of an object
column)."""
from __future__ import annotations

import numpy as np
import pandas as pd

from evalkit.publish import display
from evalkit.publish.sdc.integrity import html_tables
from evalkit.publish.sdc.policy import MARKER

NUMERIC = pd.DataFrame({"trajectory": ["Linear", "Integrated <VDAB>"], "n": [425, 12], "pct": [39.0, np.nan],
                        "ratio": [1.7, 2.0]}).set_index("trajectory")


def _cells(df, **kwargs):
    """The body rows of the rendered table, as cell texts."""
    return html_tables(display.table_html(df, language="en", **kwargs))[0][1:]


def test_a_numeric_table_renders_caption_header_cells_and_note():
    page = display.table_html(NUMERIC, title="Work", note="Source.", language="en", decimals={"pct": 1})
    assert html_tables(page)[0] == [["trajectory", "n", "pct", "ratio"], ["Linear", "425", "39.0", "1.70"],
                                    ["Integrated <VDAB>", "12", "–", "2.00"]]
    assert "<caption>Work</caption>" in page and "Integrated &lt;VDAB&gt;" in page
    assert '<td class="evalkit-text">Linear</td>' in page and "<td>425</td>" in page  # words left, numbers right
    assert page.endswith('<p class="evalkit-note"><em>Note:</em> Source.</p>\n</div>')


def test_dutch_tables_write_decimal_commas_and_thousands_points():
    table = pd.DataFrame({"n": [1662], "pct": [50.24]})
    assert html_tables(display.table_html(table, language="nl", decimals=1))[0][1] == ["1.662", "50,2"]
    assert html_tables(display.table_html(table, language="en", decimals=1))[0][1] == ["1,662", "50.2"]


def test_a_count_column_with_a_marker_shows_whole_numbers():
    for count in (425, np.int64(425)):
        df = pd.DataFrame({"n": [count, MARKER]})
        assert df["n"].dtype == object
        for decimals in (0, 1, 2):
            assert _cells(df, decimals=decimals) == [["425"], [MARKER]]


def test_a_ratio_column_with_a_marker_keeps_its_decimals():
    df = pd.DataFrame({"ratio": [1.70, MARKER, 11.6], "pct": [39.0, 12.25, MARKER]})
    assert _cells(df, decimals={"ratio": 2, "pct": 1}) == [["1.70", "39.0"], [MARKER, "12.2"], ["11.60", MARKER]]
    assert _cells(df, decimals={"pct": 0}) == [["1.70", "39"], [MARKER, "12"], ["11.60", MARKER]]


def test_a_mixed_column_reads_as_the_numeric_one():
    numeric = pd.DataFrame({"n": [425, 12, 30], "pct": [39.0, 2.5, np.nan], "ratio": [1.7, 2.0, 0.333]})
    mixed = numeric.astype(object)
    mixed.iloc[1] = MARKER
    for decimals in (1, 2, {"pct": 0, "ratio": 3}):
        shown, hidden = _cells(numeric, decimals=decimals), _cells(mixed, decimals=decimals)
        assert hidden[1] == [MARKER] * 3
        assert [hidden[0], hidden[2]] == [shown[0], shown[2]]


def test_missing_values_and_strings_in_a_mixed_column():
    df = pd.DataFrame({"n": [425, MARKER, np.nan, None, "<10", pd.NA]})
    assert _cells(df) == [["425"], [MARKER], ["–"], ["–"], ["<10"], ["–"]]
    assert "&lt;10" in display.table_html(df)  # strings are still escaped
    assert _cells(pd.DataFrame({"n": pd.array([425, None], dtype="Int64")})) == [["425"], ["–"]]


def test_the_index_is_shown_as_the_first_column():
    df = pd.DataFrame({"n": [425, MARKER]}, index=pd.Index(["Linear", "Total"], name="Trajectory"))
    assert html_tables(display.table_html(df))[0] == [["Trajectory", "n"], ["Linear", "425"], ["Total", MARKER]]
