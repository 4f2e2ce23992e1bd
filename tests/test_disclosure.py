"""Statistical disclosure control: small counts, what would reveal them, curves, notes."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from evalkit.publish.disclosure import (
    check_no_small_counts,
    disclosure_note,
    suppress_counts,
    truncate_at_risk,
)
from evalkit.errors import InputError


def work_table() -> pd.DataFrame:
    table = pd.DataFrame({
        "trajectory": ["lineair", "geintegreerd_vdab", "geintegreerd_activering", "jongerentraject_esf"],
        "work": [120, 4, 0, 25],
        "no_work": [80, 30, 15, 12],
        "course": [40, 20, 3, 1],
    })
    table["total"] = table[["work", "no_work", "course"]].sum(axis=1)
    table["pct_work"] = 100 * table["work"] / table["total"]
    return table


# ----------------------------------------------------------------------------- primary suppression


def test_small_counts_are_replaced_and_others_kept():
    published, _ = suppress_counts(work_table(), ["work", "no_work", "course"])
    assert published.loc[1, "work"] == "<10"
    assert published.loc[2, "course"] == "<10"
    assert published.loc[3, "course"] == "<10"
    assert published.loc[0, "work"] == 120 and published.loc[3, "no_work"] == 12
    # Zero identifies nobody and stays visible by default.
    assert published.loc[2, "work"] == 0


def test_threshold_is_a_parameter_and_named_in_the_marker():
    published, note = suppress_counts(work_table(), ["work", "course"], min_cell_size=5)
    assert published.loc[1, "work"] == "<5"
    assert published.loc[2, "course"] == "<5"
    assert published.loc[3, "course"] == "<5"
    assert published.loc[0, "course"] == 40
    assert "5" in note and "(<5)" in note


def test_boundary_values():
    table = pd.DataFrame({"n": [0, 1, 9, 10, 11]})
    published, _ = suppress_counts(table, "n")
    assert published["n"].tolist() == [0, "<10", "<10", 10, 11]


def test_suppress_zero():
    table = pd.DataFrame({"n": [0, 3, 50]})
    published, note = suppress_counts(table, "n", suppress_zero=True)
    assert published["n"].tolist() == ["<10", "<10", 50]
    assert "ook nullen" in note


def test_percentages_of_hidden_counts_are_hidden():
    published, note = suppress_counts(work_table(), ["work"], pct_columns={"work": "pct_work"})
    assert published.loc[1, "pct_work"] == "x"
    assert published.loc[0, "pct_work"] == pytest.approx(50.0)
    assert "Percentages" in note


def test_input_table_is_not_modified():
    table = work_table()
    before = table.copy()
    suppress_counts(table, ["work", "no_work", "course"], total_column="total",
                    pct_columns={"work": "pct_work"})
    pd.testing.assert_frame_equal(table, before)


def test_missing_values_pass_through():
    table = pd.DataFrame({"n": [np.nan, 4.0, 20.0]})
    published, _ = suppress_counts(table, "n")
    assert np.isnan(published.loc[0, "n"])
    assert published.loc[1, "n"] == "<10"


# --------------------------------------------------------------------------- secondary suppression


def test_secondary_suppression_in_a_row_with_a_total():
    published, note = suppress_counts(work_table(), ["work", "no_work", "course"], total_column="total")
    # Row 1: work=4 hidden; the total (54) would give it back, so the smallest other count (20) goes too.
    assert published.loc[1, ["work", "no_work", "course"]].tolist() == ["<10", 30, "x"]
    # Row 3: course=1 hidden; next smallest is no_work=12.
    assert published.loc[3, ["work", "no_work", "course"]].tolist() == [25, "x", "<10"]
    assert "volgende kleinste" in note


def test_secondary_suppression_prefers_a_nonzero_cell():
    # Row 2: course=3 hidden; work=0 is smaller than no_work=15, but hiding a visible-as-zero cell
    # protects little; the non-zero cell is hidden instead.
    published, _ = suppress_counts(work_table(), ["work", "no_work", "course"], total_column="total")
    assert published.loc[2, ["work", "no_work", "course"]].tolist() == [0, "x", "<10"]


def test_no_secondary_suppression_without_total_or_with_two_hidden():
    published, note = suppress_counts(work_table(), ["work", "no_work", "course"])
    assert published.loc[1, "course"] == 20
    assert "volgende kleinste" not in note
    table = pd.DataFrame({"a": [3, 50], "b": [4, 60], "c": [30, 70]})
    table["total"] = table.sum(axis=1)
    published, _ = suppress_counts(table, ["a", "b", "c"], total_column="total")
    assert published.loc[0].tolist() == ["<10", "<10", 30, 37]


def test_small_total_is_suppressed_itself():
    table = pd.DataFrame({"a": [3, 50], "b": [4, 60]})
    table["total"] = table.sum(axis=1)
    published, _ = suppress_counts(table, ["a", "b"], total_column="total")
    assert published.loc[0].tolist() == ["<10", "<10", "<10"]


def test_secondary_suppression_in_columns_with_a_total_row():
    table = pd.DataFrame(
        {"work": [120, 4, 25, 149], "no_work": [80, 30, 12, 122]},
        index=["lineair", "geintegreerd_vdab", "jongerentraject_esf", "Totaal"],
    )
    published, _ = suppress_counts(table, ["work", "no_work"], total_row="Totaal")
    # Column work: 4 hidden; the column total would reveal it, so 25 goes too. Each of those rows then
    # has one hidden cell but no row total, so nothing more.
    assert published["work"].tolist() == [120, "<10", "x", 149]
    assert published["no_work"].tolist() == [80, 30, 12, 122]


def test_secondary_suppression_cascades_over_rows_and_columns():
    table = pd.DataFrame(
        {"a": [5, 40, 50], "b": [30, 35, 60], "c": [25, 45, 70]},
        index=["r1", "r2", "Totaal"],
    )
    table["total"] = table.sum(axis=1)
    published, _ = suppress_counts(table, ["a", "b", "c"], total_column="total", total_row="Totaal")
    hidden = published.loc[["r1", "r2"], ["a", "b", "c", "total"]].map(lambda v: isinstance(v, str))
    # No row and no column of the body may have exactly one hidden cell next to a shown total.
    assert all(hidden.loc[r, ["a", "b", "c"]].sum() != 1 for r in ["r1", "r2"])
    assert all(hidden[c].sum() != 1 for c in ["a", "b", "c", "total"])


@pytest.mark.parametrize("seed", range(25))
def test_no_hidden_count_can_be_recovered_from_a_row_total(seed):
    rng = np.random.default_rng(seed)
    counts = pd.DataFrame(rng.integers(0, 40, size=(8, 4)), columns=list("abcd"))
    counts["total"] = counts.sum(axis=1)
    published, _ = suppress_counts(counts, list("abcd"), total_column="total")
    check_no_small_counts(published, list("abcd") + ["total"])
    for _, row in published.iterrows():
        hidden = sum(isinstance(row[c], str) for c in "abcd")
        shown_nonmissing = sum(not isinstance(row[c], str) for c in "abcd")
        if not isinstance(row["total"], str) and shown_nonmissing:
            assert hidden != 1


# ------------------------------------------------------------------------------------------ notes


def test_notes_in_both_languages():
    _, nl = suppress_counts(work_table(), ["work", "no_work", "course"], total_column="total",
                            pct_columns={"work": "pct_work"}, language="nl")
    _, en = suppress_counts(work_table(), ["work", "no_work", "course"], total_column="total",
                            pct_columns={"work": "pct_work"}, language="en")
    assert nl.startswith("Aantallen kleiner dan 10 worden niet getoond (<10)")
    assert "nullen worden wel getoond" in nl
    assert en.startswith("Counts below 10 are not shown (<10)")
    assert "zeros are shown" in en
    assert "next smallest" in en and "Percentages based on a hidden count" in en


def test_note_states_the_rule_even_when_nothing_was_hidden():
    _, note = suppress_counts(pd.DataFrame({"n": [100, 200]}), "n", language="en")
    assert note == disclosure_note(10, language="en")


# --------------------------------------------------------------------------------------- curves


def test_curves_stop_at_first_time_below_threshold():
    curve = pd.DataFrame({
        "group": ["a"] * 5 + ["b"] * 3,
        "time": [0, 3, 6, 9, 12, 0, 3, 6],
        "n_at_risk": [50, 30, 9, 12, 4, 20, 10, 8],  # a: rises again after 6 (late entry)
        "survival": [1, 0.9, 0.8, 0.7, 0.6, 1, 0.95, 0.9],
    })
    kept, note = truncate_at_risk(curve)
    assert kept[kept.group == "a"]["time"].tolist() == [0, 3]
    assert kept[kept.group == "b"]["time"].tolist() == [0, 3]
    assert (kept["n_at_risk"] >= 10).all()
    assert "Curves stoppen" in note
    _, note_en = truncate_at_risk(curve, language="en")
    assert "Curves stop where fewer than 10" in note_en


def test_curves_single_curve_and_multiple_keys_and_order():
    single = pd.DataFrame({"time": [6, 0, 3], "n_at_risk": [5, 40, 11]})
    kept, _ = truncate_at_risk(single, by="group")  # absent column: one curve
    assert kept.index.tolist() == [1, 2]
    cif = pd.DataFrame({
        "group": ["a", "a", "a", "a"], "cause": [1, 1, 2, 2],
        "time": [0, 5, 0, 5], "n_at_risk": [30, 8, 30, 12],
    })
    kept, _ = truncate_at_risk(cif, by=["group", "cause"], min_cell_size=10)
    assert kept[["cause", "time"]].values.tolist() == [[1, 0], [2, 0], [2, 5]]


def test_curve_missing_column():
    with pytest.raises(InputError, match="n_at_risk"):
        truncate_at_risk(pd.DataFrame({"time": [0]}))


# ---------------------------------------------------------------------------------------- checks


def test_check_no_small_counts():
    raw = work_table()
    with pytest.raises(AssertionError, match="count"):
        check_no_small_counts(raw, ["work", "course"])
    published, _ = suppress_counts(raw, ["work", "course"])
    check_no_small_counts(published, ["work", "course"])
    with pytest.raises(AssertionError):
        check_no_small_counts(published, ["work"], allow_zero=False)


def test_input_errors_name_the_problem():
    with pytest.raises(InputError, match="'nope'"):
        suppress_counts(work_table(), ["work", "nope"])
    with pytest.raises(InputError, match="language"):
        suppress_counts(work_table(), ["work"], language="fr")
    with pytest.raises(InputError, match="min_cell_size"):
        suppress_counts(work_table(), ["work"], min_cell_size=0)
    with pytest.raises(InputError, match="pct_columns"):
        suppress_counts(work_table(), ["work"], pct_columns={"no_work": "pct_work"})
