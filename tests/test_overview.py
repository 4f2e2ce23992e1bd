"""Cohort overview tables: counts, row percentages, chi-square, published comparison, disclosure."""
from __future__ import annotations

import copy
import re
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from evalkit import formats
from evalkit.publish import sdc
from evalkit.publish.degrade import is_unavailable
from evalkit.publish.labels import VARIABLES
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


@pytest.fixture(scope="module")
def released_with_ledger(cohort):
    sdc.reset()
    registry = load_registry("synthetic")
    result = overview.release(registry, cohort, "2020-03-31", compare_published=True)
    book = copy.deepcopy(sdc.ledger())
    sdc.reset()
    return result, book


@pytest.fixture(scope="module")
def released(released_with_ledger):
    return released_with_ledger[0]


@pytest.fixture(scope="module")
def book(released_with_ledger):
    """The report's ledger after the overview's tables are released on the bundled registry."""
    return released_with_ledger[1]


def _counts_of(part):
    table = part.released.table
    cols = [c for c in ("n", "no_work", "work", "total", "clients", "clients_with_art60") if c in table.columns]
    return [v for c in cols for v in table[c].tolist()]


def _no_small_counts(overview_released, m=10):
    parts = [overview_released.status_codes, overview_released.art60, *overview_released.work.values()]
    for part in parts:
        if is_unavailable(part):
            continue
        for value in _counts_of(part):
            assert value == sdc.MARKER or value >= m, (part.released.output, value)
            assert value != 0


def test_released_tables_show_no_small_count_and_no_zero(released):
    _no_small_counts(released)
    assert (released.status_codes.released.table["n"] == sdc.MARKER).any()  # the small codes are hidden


def test_no_hidden_count_can_be_worked_out_from_the_report(book):
    assert book.counts and book.shares
    assert sdc.findings(book, sdc.Policy(min_cell_size=10)) == []


def test_every_profile_category_is_a_row_and_labelled(released):
    sex = released.work["sex"].table
    assert sex.iloc[:, 0].tolist() == ["Man", "Vrouw", "Onbekend", "Totaal"]
    assert "x:" in released.work["sex"].note
    assert len(released.status_codes.table) == 15 + 1 + 3  # every code, no status, work, no work, total


def test_chi_square_tests_are_one_table_in_the_report_language(released, cohort):
    tests = released.chi_square_table()
    assert tests.columns.tolist() == ["Kenmerk", "χ²", "Vrijheidsgraden", "p-waarde", "Opmerking"]
    assert tests["Kenmerk"].tolist() == [VARIABLES[v]["nl"] for v in overview.PROFILE_VARIABLES]
    row = tests.set_index("Kenmerk").loc[VARIABLES["trajectory"]["nl"]]
    full = overview.work_by(cohort, "trajectory")  # every trajectory is shown: the test of the whole table
    assert row["χ²"] == pytest.approx(full.statistic) and row["Vrijheidsgraden"] == full.df
    assert row["p-waarde"] == formats.p_value(full.p_value, "nl") == "<\u00a00,001"
    assert row["Opmerking"] == "Over alle categorieën."
    # household hides some counts: the test runs over the categories shown only, and says so
    household = tests.set_index("Kenmerk").loc[VARIABLES["household"]["nl"]]
    assert household["Opmerking"].startswith("Over de categorieën waarvan")
    assert "." not in household["p-waarde"]  # a decimal comma in Dutch
    sex = tests.set_index("Kenmerk").loc[VARIABLES["sex"]["nl"]]  # one category left: no test
    assert sex["Opmerking"].startswith("Niet mogelijk") and np.isnan(sex["χ²"])


def test_figure_is_drawn_from_the_released_tables(released):
    data = overview.work_share_data(released)
    for variable, part in released.work.items():
        table = part.released.table.drop(index="total")
        bars = data[data["variable"] == variable]
        assert len(bars) == len(table)  # the same rows as the table
        for (row, value), pct in zip(table["pct_work"].items(), bars["pct_work"]):
            if value == sdc.MARKER:
                assert np.isnan(pct)  # a hidden share draws no bar
            else:
                assert pct == value


def test_sentences_read_released_values(released, cohort):
    work = released.status_codes.value("work", "pct")
    assert released.work["trajectory"].value("total", "pct_work") == work
    reading = released.work_reading()
    assert f"**{formats.number(work, 1, 'nl')} %**" in reading  # 50,2 %: a decimal comma and a space
    assert "31 maart 2020" in reading
    low, high = overview.extremes(released.work["trajectory"], "pct_work")
    assert (low, high) == ("lineair", "geintegreerd_vdab")
    assert formats.number(released.work["trajectory"].value(low, "pct_work"), 1, "nl") + " % (Lineair)" in reading
    paragraph = overview.data_paragraph(load_registry("synthetic"), released, cohort)
    assert formats.integer(released.art60.value("total", "clients"), "nl") in paragraph  # 1.662
    assert released.art60_reading().startswith(f"**{formats.number(released.art60.value('total', 'pct_with_art60'), 1, 'nl')} %**")


def test_data_paragraph_names_the_source_and_writes_dates_in_words(released, cohort):
    registry = load_registry("synthetic")
    paragraph = overview.data_paragraph(registry, released, cohort)
    assert "het meegeleverde synthetische register" in paragraph
    assert "synthetic_registry" not in paragraph and not re.search(r"\d{4}-\d{2}-\d{2}", paragraph)
    assert "31 december 2021" in paragraph and "2 januari 2017" in paragraph
    assert overview.source_name(registry, "en") == "the bundled synthetic registry"
    assert overview.describe(registry, cohort, language="en")["source"] == "the bundled synthetic registry"


def test_a_real_registry_is_named_by_its_place_not_as_synthetic(tmp_path):
    from types import SimpleNamespace

    (tmp_path / "datapackage.json").write_text('{"name": "extract"}', "utf-8")
    assert overview.source_name(SimpleNamespace(path=tmp_path), "nl") == f"het register in {tmp_path}"
    synth.write_synthetic_registry(tmp_path / "other", n=30, seed=2)  # synthetic, but not the bundled one
    assert overview.source_name(load_registry(tmp_path / "other"), "nl") == (
        "een synthetisch register, gemaakt met het model van evalkit")


def test_point_estimates_unchanged_where_shown(released, cohort):
    table = overview.work_by(cohort, "trajectory").table.set_index("category")
    shown = released.work["trajectory"].released.table
    for row in shown.index:
        if shown.at[row, "pct_work"] != sdc.MARKER:
            assert shown.at[row, "pct_work"] == table.at[row, "pct_work"]


@pytest.mark.parametrize("n, seed", [(300, 11), (150, 3)])
def test_small_synthetic_registries_are_protected(tmp_path, n, seed):
    from evalkit.cli import main

    assert main(["synth", "--n", str(n), "--seed", str(seed), "--out", str(tmp_path / "reg")]) == 0
    registry = load_registry(tmp_path / "reg")
    cohort = overview.cohort_snapshot(registry, "2020-03-31")
    sdc.reset()
    result = overview.release(registry, cohort, "2020-03-31", compare_published=overview.is_synthetic(registry))
    _no_small_counts(result)
    assert sdc.findings(sdc.ledger(), sdc.Policy(min_cell_size=10)) == []
    sdc.reset()


def test_percentages_are_in_the_ledger_and_hidden_with_their_counts(released, book):
    shares = {(s.output, s.row, s.column): s.value for s in book.shares}
    for part, column, count in [(released.status_codes, "pct", "n"), (released.art60, "pct_with_art60",
                                                                       "clients_with_art60"),
                                *[(p, "pct_work", "work") for p in released.work.values()]]:
        table = part.released.table
        for row in table.index:
            key = (part.released.output, str(row), column)
            if pd.isna(table.at[row, column]):
                continue
            assert key in shares  # declared as a share of the table's counts
            if table.at[row, count] == sdc.MARKER:
                assert table.at[row, column] == sdc.MARKER and shares[key] is None


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
    sdc.reset()
    result = overview.release(registry, cohort, "2020-03-31", language="en")
    table, note = result.status_codes
    assert is_unavailable(table) and table.reason == "no_snapshots"
    assert is_unavailable(result.status_reading()) and is_unavailable(result.work_reading())
    assert is_unavailable(result.chi_square_table())
    assert is_unavailable(overview.plot_work_shares(result))
    assert all(is_unavailable(part) for part in result.work.values())
    art60, _ = result.art60
    assert art60.iloc[-1, 1] == 20
    # 11 of 20 had one: the share would give away the 9 without, so the sentence leaves it out
    assert "%" not in result.art60_reading() and "not shown" in result.art60_reading()
    assert sdc.findings(sdc.ledger(), sdc.Policy()) == []
    sdc.reset()
    # with a status on the date, the same cohort is used as it is
    cohort = overview.cohort_snapshot(small, "2020-03-31")
    assert overview.with_status(cohort) is cohort


def test_an_empty_cohort_says_nobody_is_left(small):
    cohort = overview.cohort_snapshot(small, "2016-06-30")  # before the first intake
    assert len(cohort) == 0
    assert is_unavailable(overview.with_status(cohort)) and overview.with_status(cohort).reason == "no_rows"


def test_tiny_registry_hides_what_it_must_and_shows_dashes_not_na(small):
    cohort = overview.cohort_snapshot(small, "2020-03-31")
    sdc.reset()
    result = overview.release(small, cohort, "2020-03-31", language="en")
    _no_small_counts(result)
    assert sdc.findings(sdc.ledger(), sdc.Policy()) == []
    html = table_html(result.art60.table)
    assert "NA&gt;" not in html
    tests = result.chi_square_table().set_index("Characteristic")
    assert tests.loc["Sex", "Remark"].startswith("Not possible") or np.isfinite(tests.loc["Sex", "χ²"])
    sdc.reset()
