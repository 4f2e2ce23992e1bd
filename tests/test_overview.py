"""Cohort overview tables: counts, row percentages, chi-square, published comparison, disclosure."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from evalkit.publish import disclosure
from evalkit.publish.degrade import is_unavailable
from evalkit.publish.display import table_html
from evalkit.studies import overview
from evalkit.errors import InputError
from evalkit.registry import load_registry, synth


@pytest.fixture(scope="module")
def cohort():
    return overview.cohort_snapshot(load_registry("synthetic"), "2020-03-31")


def test_cohort_has_one_row_per_intake_and_no_future_intakes(cohort):
    assert cohort["intake_id"].is_unique
    assert len(cohort) == 1662
    assert (cohort["intake_date"] <= "2020-03-31").all()


def test_work_follows_the_code_list(cohort):
    work_codes = {10, 78, 80, 89, 90, 93}
    expected = cohort["status_code"].isin(work_codes).astype(int)
    assert (cohort["work"] == expected).all()


def test_work_by_counts_and_chi_square_by_hand():
    df = pd.DataFrame({"sex": ["man"] * 60 + ["vrouw"] * 40 + [None] * 2,
                       "work": [1] * 40 + [0] * 20 + [1] * 10 + [0] * 30 + [1, 0]})
    res = overview.work_by(df, "sex")
    t = res.table.set_index("category")
    assert t.loc["man", ["no_work", "work", "total"]].tolist() == [20, 40, 60]
    assert t.loc["vrouw", "pct_work"] == 25.0
    assert t.loc["onbekend", "total"] == 2
    assert t.loc["total", "total"] == 102
    chi2, p, dof, _ = stats.chi2_contingency(np.array([[20, 40], [30, 10], [1, 1]]), correction=False)
    assert res.statistic == pytest.approx(chi2) and res.df == dof and res.p_value == pytest.approx(p)


def test_work_by_names_a_missing_column():
    with pytest.raises(InputError, match="'household' not found"):
        overview.work_by(pd.DataFrame({"work": [1]}), "household")


def test_published_figures_beside_ours(cohort):
    table = overview.with_published(overview.work_by(cohort, "sex")).set_index("category")
    assert table.loc["vrouw", "published_pct_work"] == 28.8
    assert table.loc["man", "published_total"] == 1358


def test_art60_table_by_hand(cohort):
    table = overview.art60_by_trajectory(cohort).set_index("trajectory")
    sub = cohort[cohort["trajectory"] == "lineair"]
    assert table.loc["lineair", "clients"] == len(sub)
    assert table.loc["lineair", "clients_with_art60"] == sub["art60"].sum()
    assert table.loc["lineair", "mean_days_intake_to_art60"] == round(sub["days_to_first_art60"].mean())
    assert table.loc["total", "clients"] == 1662


@pytest.mark.parametrize("variable", overview.PROFILE_VARIABLES)
@pytest.mark.parametrize("language", ["nl", "en"])
def test_presented_tables_show_no_small_counts(cohort, variable, language):
    shown, note = overview.present_work_table(overview.work_by(cohort, variable), language, 10, True)
    counts = [c for c in shown.columns if c not in (shown.columns[0],) and "%" not in c]
    disclosure.check_no_small_counts(shown, counts, 10)
    assert ("<10" in note) or not (shown.astype(str) == "<10").any().any()
    assert ("Chi" in note)


def test_presented_tables_are_labelled_in_the_language(cohort):
    nl, _ = overview.present_work_table(overview.work_by(cohort, "sex"), "nl", 10)
    en, _ = overview.present_work_table(overview.work_by(cohort, "sex"), "en", 10)
    assert nl.iloc[:, 0].str.startswith("Vrouw").any() and "Totaal" in nl.iloc[:, 0].tolist()
    assert en.iloc[:, 0].str.startswith("Woman").any() and "% at work" in en.columns


def test_small_categories_are_merged_with_their_neighbour():
    table = pd.DataFrame({"category": ["geen", "laag", "midden", "hoog", "total"],
                          "no_work": [1, 40, 30, 20, 91], "work": [0, 60, 30, 25, 115]})
    table["total"] = table["no_work"] + table["work"]
    table["pct_work"] = 100 * table["work"] / table["total"]
    merged, codes = overview.merge_small_categories(table, 10, "nl", "education")
    assert codes == ["geen"]
    assert merged["category"].tolist()[0] == "Laaggeschoold + kleine groepen (Geen scholing)"
    assert merged["total"].tolist() == [101, 60, 45, 206]
    # Several small ones that together reach the threshold form their own row.
    table.loc[0, ["no_work", "total"]] = [6, 6]
    table2 = pd.concat([table.iloc[:4], pd.DataFrame([{"category": "onbekend", "no_work": 5, "work": 0, "total": 5,
                                                       "pct_work": 0.0}]), table.iloc[4:]], ignore_index=True)
    merged, codes = overview.merge_small_categories(table2, 10, "en", "education")
    assert codes == ["geen", "onbekend"] and merged["category"].iloc[-2] == "Small groups together (No schooling, Unknown)"


def test_status_and_art60_tables_are_safe(cohort):
    status, _ = overview.present_status_codes(cohort, "nl", 10, True)
    disclosure.check_no_small_counts(status, ["N"], 10)
    art60, _ = overview.present_art60(cohort, "nl", 10, True)
    disclosure.check_no_small_counts(art60, ["Cliënten", "Met minstens één artikel 60"], 10)


def test_age_group_as_published():
    ages = overview.age_group(pd.Series(pd.to_datetime(["2017-03-01"] * 4)), pd.Series([1993, 1992, 1987, None]))
    assert ages.tolist()[:3] == ["18-24", "25-30", "30+"] and pd.isna(ages.iloc[3])


# ----------------------------------------------------------------------------- small registries
@pytest.fixture(scope="module")
def small():
    """20 persons (synthetic, seed 1), in memory."""
    return synth.generate(n=20, seed=1).registry()


def test_without_a_status_on_the_date_the_status_parts_degrade_and_art60_stays(small):
    snaps = small.status_snapshots
    registry = replace(small, status_snapshots=snaps[snaps["snapshot_date"] != "2020-03-31"])
    cohort = overview.cohort_snapshot(registry, "2020-03-31")
    status = overview.with_status(cohort)
    assert is_unavailable(status) and status.reason == "no_snapshots"
    table, note = overview.present_status_codes(status, "nl", 10, True)
    assert table is status and note is status
    assert overview.status_reading(status, "nl") is status
    assert overview.plot_work_shares(status) is status
    assert overview.present_work_table(overview.work_by(status, "sex"), "nl", 10) is status
    art60, _ = overview.present_art60(cohort, "nl", 10, True)
    assert art60.iloc[-1, 1] == 20
    assert overview.art60_reading(cohort, "en").startswith("**55.0%** of clients")
    # with a status on the date, the same cohort is used as it is
    cohort = overview.cohort_snapshot(small, "2020-03-31")
    assert overview.with_status(cohort) is cohort


def test_an_empty_cohort_says_nobody_is_left(small):
    cohort = overview.cohort_snapshot(small, "2016-06-30")  # before the first intake
    assert len(cohort) == 0
    for part in (overview.with_status(cohort), overview.art60_reading(cohort, "nl")):
        assert is_unavailable(part) and part.reason == "no_rows"


def test_no_chi_square_on_categories_the_table_does_not_show(small):
    cohort = overview.cohort_snapshot(small, "2020-03-31")
    result = overview.work_by(cohort, "sex")
    assert np.isfinite(result.statistic)  # on the categories as they are
    table, note = overview.present_work_table(result, "en", 10)
    assert len(table) == 2 and "not possible" in note and "χ²" not in note  # one merged row, and the total


def test_hidden_mean_days_show_as_a_dash(small):
    cohort = overview.cohort_snapshot(small, "2020-03-31")
    table, _ = overview.present_art60(cohort, "en", 10)
    html = table_html(table)
    assert "NA&gt;" not in html and "–" in html
