"""evalkit.studies.profiles: hand computations, input checks, missing values, disclosure control, report."""
from __future__ import annotations

import copy
import re
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from evalkit.publish import sdc
from evalkit.publish.labels import category_labels, merged_label
from evalkit.publish.degrade import is_unavailable
from evalkit.registry import synth
from evalkit.studies import profiles
from evalkit.studies.profiles import models as profile_models
from evalkit.studies.profiles.modification import _holm
from evalkit.errors import InputError
from evalkit.registry import load_registry


@pytest.fixture(autouse=True)
def fresh_ledger():
    """Each test publishes on a ledger of its own."""
    sdc.reset()
    yield
    sdc.reset()


@pytest.fixture(scope="module")
def registry():
    return load_registry("synthetic")


@pytest.fixture(scope="module")
def data(registry):
    return profiles.profile_data(registry)


@pytest.fixture(scope="module")
def analysis(data):
    prepared, merges = profiles.prepare(data)
    return prepared


@pytest.fixture(scope="module")
def status(analysis):
    return profiles.status_model(analysis)


@pytest.fixture(scope="module")
def first_job(analysis):
    return profiles.first_job_model(analysis)


def two_by_two(a: int, b: int, c: int, d: int) -> pd.DataFrame:
    """Group 'x' with a at work and b not, group 'y' with c at work and d not."""
    return pd.DataFrame({"group": ["x"] * (a + b) + ["y"] * (c + d),
                         "work": [1] * a + [0] * b + [1] * c + [0] * d})


# ----------------------------------------------------------------------------- data
def test_profile_data_one_row_per_intake_without_person_ids(registry, data):
    assert len(data) == len(registry.intakes) and data["intake_id"].is_unique
    assert "person_id" not in data.columns
    assert set(data["nt2_group"].dropna()) == {"0", "<1.1", "1.1", "1.2", "2.x+"}
    assert "onbekend" not in set(data["household"].dropna())  # unknown becomes missing
    assert data["household"].isna().sum() == (registry.persons["household"] == "onbekend").sum()
    assert set(data["any_job"]) == {0, 1} and (data["days_to_any_job"] >= 0).all()


def test_first_job_time_read_from_episodes(make_registry, tmp_path):
    """Hand-made registry: P1 leefloon from intake, art. 60 from 2018-06-01 (intake 2017-03-01: 457
    days); P2 (intake 2017-05-15) works from 2018-09-01; P3 has no job and a training only
    (no registration after intake: followed 0 days); P4's only benefit spell is open (VDAB, extracted
    2021-09-30, the job sources' earliest extraction date ends follow-up)."""
    folder = make_registry(tmp_path)
    reg = load_registry(folder)
    out = profiles.profile_data(reg, "2020-03-31").set_index("intake_id")
    assert out.loc["I1", ["days_to_any_job", "any_job"]].tolist() == [457, 1]
    assert out.loc["I2", ["days_to_any_job", "any_job"]].tolist() == [
        (pd.Timestamp("2018-09-01") - pd.Timestamp("2017-05-15")).days, 1]
    assert out.loc["I3", ["days_to_any_job", "any_job"]].tolist() == [0, 0]
    assert out.loc["I4", ["days_to_any_job", "any_job"]].tolist() == [
        (pd.Timestamp("2021-09-30") - pd.Timestamp("2018-06-01")).days, 0]
    # P1's second intake (2020-01-06) finds the open-ended job that began before it running: day 0
    assert out.loc["I7", ["days_to_any_job", "any_job"]].tolist() == [0, 1]


def test_missing_values_counts(data):
    mv = profiles.missing_values(data).set_index("variable")["n_missing"]
    assert mv["household"] == 14 and mv["education"] == 0
    assert mv["any"] == data[list(profiles.PROFILE_VARIABLES)].isna().any(axis=1).sum()


def test_prepare_complete_case_and_merging(data):
    prepared, merges = profiles.prepare(data, min_cell_size=10)
    assert len(prepared) == len(data) - profiles.missing_values(data).set_index("variable").loc["any", "n_missing"]
    assert prepared[list(profiles.PROFILE_VARIABLES)].notna().all().all()
    # one person without schooling joins the low educated, named "laag|geen" and kept as reference
    assert set(prepared["education"]) == {"laag|geen", "midden", "hoog"}
    assert merges.to_dict("records") == [{"variable": "education", "category": "geen", "into": "laag"}]
    assert prepared["education"].value_counts().min() >= 10


def test_prepare_missing_as_category_merges_small_unknown_into_reference(data):
    prepared, merges = profiles.prepare(data, missing="category", min_cell_size=10)
    assert len(prepared) == len(data)
    assert "onbekend" in set(prepared["household"])  # 14 unknown: a category of its own
    assert set(prepared["sex"]) == {"man|onbekend", "vrouw"}  # 2 unknown: into the reference
    assert {"variable": "nt2_group", "category": "onbekend", "into": "0"} in merges.to_dict("records")
    model = profiles.first_job_model(prepared, raw=False)
    ref = model.estimates.query("variable == 'sex' and reference")["category"].item()
    assert ref == "man|onbekend"


def test_prepare_merges_into_the_neighbour_in_display_order():
    df = pd.DataFrame({"nt2_group": ["0"] * 20 + ["<1.1"] * 20 + ["1.1"] * 3 + ["1.2"] * 20 + ["2.x+"] * 4})
    prepared, merges = profiles.prepare(df, ["nt2_group"], min_cell_size=10)
    # the 4 with 2.x+ go to 1.2 (before it); the 3 with 1.1 go to <1.1 (before it)
    assert sorted(prepared["nt2_group"].unique()) == ["0", "1.2|2.x+", "<1.1|1.1"]
    # a merged category has the shared label of a merged category, as in every report
    assert profiles.category_label("nt2_group", "<1.1|1.1", "nl") == "Lager dan 1.1 + kleine groepen"
    assert profiles.category_label("nt2_group", "<1.1|1.1", "en") == merged_label(category_labels("nt2_group", "en")["<1.1"], "en")


# ----------------------------------------------------------------------------- hand computations
def test_raw_logistic_is_the_crude_odds_ratio_and_share_difference():
    a, b, c, d = 30, 20, 12, 38  # x: 30 of 50 at work; y: 12 of 50
    m = profiles.status_model(two_by_two(a, b, c, d), "work", ["group"], within=None, reference={"group": "x"})
    row = m.estimates.query("model == 'raw' and category == 'y'").iloc[0]
    assert row["estimate"] == pytest.approx((c / d) / (a / b), rel=1e-9)
    assert row["se"] == pytest.approx(np.sqrt(1 / a + 1 / b + 1 / c + 1 / d), rel=1e-7)  # Woolf
    assert row["ame"] == pytest.approx(100 * (c / (c + d) - a / (a + b)), rel=1e-9)
    # delta method of a difference of two independent proportions
    se = np.sqrt(0.6 * 0.4 / 50 + 0.24 * 0.76 / 50)
    assert row["ame_se"] == pytest.approx(100 * se, rel=1e-6)
    assert row["n"] == 50 and row["n_outcome"] == 12


def test_adjusted_marginal_effect_is_mean_counterfactual_difference(analysis, status):
    fit = status._adjusted
    women = fit.spec.matrix(analysis.assign(sex="vrouw")) @ fit.params
    men = fit.spec.matrix(analysis.assign(sex="man")) @ fit.params
    expected = 100 * np.mean(1 / (1 + np.exp(-women)) - 1 / (1 + np.exp(-men)))
    got = status.estimates.query("model == 'adjusted' and category == 'vrouw'")["ame"].item()
    assert got == pytest.approx(expected, rel=1e-12)


def test_raw_and_adjusted_use_the_same_persons(status, first_job, analysis):
    for model in (status, first_job):
        n = model.estimates.groupby(["model", "variable"])["n"].sum()
        assert (n == len(analysis)).all()
        assert set(model.estimates["model"]) == {"raw", "adjusted"}


def test_holm_by_hand():
    assert _holm(np.array([0.01, 0.04, 0.03, np.nan])).tolist()[:3] == pytest.approx([0.03, 0.06, 0.06])
    assert np.isnan(_holm(np.array([0.01, np.nan]))[1])


def test_auc_is_mann_whitney_with_delong_se():
    y = np.array([1, 1, 1, 0, 0, 0, 0, 1, 0, 1])
    s = np.array([0.9, 0.8, 0.4, 0.4, 0.2, 0.5, 0.1, 0.7, 0.6, 0.35])
    auc, se = profile_models._auc(y, s)
    u = stats.mannwhitneyu(s[y == 1], s[y == 0]).statistic
    assert auc == pytest.approx(u / (5 * 5))
    # by hand: placements of the positives among the negatives (ties count half)
    neg = s[y == 0]
    v10 = np.array([np.mean((p > neg) + 0.5 * (p == neg)) for p in s[y == 1]])
    v01 = np.array([np.mean((s[y == 1] > q) + 0.5 * (s[y == 1] == q)) for q in neg])
    assert se == pytest.approx(np.sqrt(v10.var(ddof=1) / 5 + v01.var(ddof=1) / 5))


def test_concordance_by_hand():
    # times 1..4, events at 1, 2 and 4; censored at 3. Comparable pairs (shorter time an event):
    # (1,2) (1,3) (1,4) (2,3) (2,4); risk 4,3,3,1 -> (1,2) (1,3) (1,4) (2,4) concordant, (2,3) tied.
    time = np.array([1.0, 2, 3, 4])
    event = np.array([1.0, 1, 0, 1])
    risk = np.array([4.0, 3, 3, 1])
    assert profile_models._concordance(time, event, risk) == pytest.approx((4 + 0.5) / 5)
    # a censoring at the same time as an event counts as later; two events at one time are not compared
    assert profile_models._concordance(np.array([2.0, 2, 2]), np.array([1.0, 0, 1]), np.array([2.0, 1, 0])) == 0.5


def test_calibration_groups_and_hosmer_lemeshow(status, analysis):
    cal = status.calibration()
    assert cal["n"].sum() == len(analysis) and cal["n"].max() - cal["n"].min() <= 1
    assert cal["predicted"].is_monotonic_increasing
    o, n = cal["n_observed"].to_numpy(), cal["n"].to_numpy()
    e = cal["predicted"].to_numpy() * n / 100
    assert cal.attrs["statistic"] == pytest.approx(np.sum((o - e) ** 2 / (e * (1 - e / n))))
    assert cal["n_observed"].sum() == analysis["work"].sum()


def test_checks_and_ph_test(status, first_job):
    s = status.checks().set_index("check")
    assert 0.5 < s.loc["auc", "value"] < 1 and s.loc["auc", "ci_lower"] < s.loc["auc", "value"]
    c = first_job.checks().set_index("check")
    assert 0.5 < c.loc["concordance", "value"] < 1
    ph = first_job.ph_test()
    assert list(ph.index) == list(profiles.PROFILE_VARIABLES) + ["GLOBAL"]
    assert ph.loc["GLOBAL", "df"] == ph["df"].iloc[:-1].sum()
    with pytest.raises(InputError, match="Cox"):
        status.ph_test()
    with pytest.raises(InputError, match="status"):
        first_job.calibration()


def test_effect_modification_leaves_small_cells_out(analysis):
    em = profiles.effect_modification(analysis, "first_job", ["age_group", "household"])
    est = em.estimates.set_index(["variable", "category", "contrast"])
    # the youth trajectory takes nobody over 25: no estimate for 30+
    assert not est.loc[("age_group", "30+", "jongerentraject_esf"), "estimated"]
    assert np.isnan(est.loc[("age_group", "30+", "jongerentraject_esf"), "estimate"])
    assert est.loc[("age_group", "18-24", "geintegreerd_vdab"), "estimated"]
    # two categories x three trajectories, less the cells left out
    assert em.tests.set_index("variable").loc["age_group", "df"] == 2 * 3 - 1
    assert (em.tests["p_holm"] >= em.tests["p_value"]).all()


def test_effect_modification_estimate_in_a_category_is_the_sum_of_coefficients(analysis):
    em = profiles.effect_modification(analysis, "first_job", ["sex"])
    est = em.estimates.set_index(["category", "contrast"])
    # same model by hand: main effects + products, then exp(b_vdab + b_vdab:vrouw)
    frame = analysis.assign(vdab_woman=((analysis["trajectory"] == "geintegreerd_vdab")
                                        & (analysis["sex"] == "vrouw")).astype(float))
    from evalkit import survival

    spec = profile_models._spec(analysis, profiles.PROFILE_VARIABLES + ("trajectory",), profiles.REFERENCE, False)
    pairs = tuple(("trajectory", m, "sex", "vrouw") for m in spec.levels["trajectory"][1:])
    design = pd.DataFrame(replace(spec, interactions=pairs).matrix(frame))
    fit = survival.cox(frame, "days_to_any_job", "any_job", design=design)
    names = replace(spec, interactions=pairs).names
    b = fit.summary["coef"].to_numpy()
    expected = np.exp(b[names.index("trajectory[T.geintegreerd_vdab]")]
                      + b[names.index("trajectory[T.geintegreerd_vdab]:sex[T.vrouw]")])
    assert est.loc[("vrouw", "geintegreerd_vdab"), "estimate"] == pytest.approx(expected, rel=1e-10)


def test_missing_sensitivity_compares_the_two_handlings(data):
    sens = profiles.missing_sensitivity(data, "first_job")
    assert sens.attrs["n_missing_category"] == len(data) > sens.attrs["n_complete_case"]
    assert (sens["relative_change"].abs() < 0.1).all()
    assert ("sex", "vrouw") in set(zip(sens["variable"], sens["category"]))


# ----------------------------------------------------------------------------- input checks
def test_inputs_are_checked_at_the_boundary(analysis):
    with pytest.raises(InputError, match="'nope'"):
        profiles.status_model(analysis, covariates=["sex", "nope"])
    with pytest.raises(InputError, match="outcome column 'trajectory'"):
        profiles.status_model(analysis, outcome="trajectory")
    with pytest.raises(InputError, match="'household' has missing values in 14"):
        profiles.first_job_model(profiles.profile_data(load_registry("synthetic")), covariates=["household"])
    with pytest.raises(InputError, match="both a covariate and the within column"):
        profiles.first_job_model(analysis, covariates=["sex", "trajectory"])
    with pytest.raises(InputError, match="missing must be"):
        profiles.prepare(analysis, missing="impute")
    with pytest.raises(InputError, match="min_cell_size"):
        profiles.prepare(analysis, min_cell_size=0)
    with pytest.raises(InputError, match="kind must be"):
        profiles.effect_modification(analysis, "hazard")
    with pytest.raises(InputError, match="reference category 'nobody'"):
        profiles.status_model(analysis, covariates=["sex"], reference={"sex": "nobody"})
    with pytest.raises(InputError, match="conf_level"):
        profiles.status_model(analysis, conf_level=95)


def test_a_category_without_events_or_with_one_outcome_is_not_estimated():
    df = two_by_two(0, 20, 12, 38).assign(days=30, job=lambda d: d["work"])
    cox = profiles.first_job_model(df, "days", "job", ["group"], within=None)
    assert is_unavailable(cox) and cox.reason == "single_outcome"
    assert "category 'x' of covariate 'group' has no events" in cox.message
    logit = profiles.status_model(df, "work", ["group"], within=None)
    assert is_unavailable(logit) and logit.reason == "single_outcome"
    assert re.search("only one outcome|did not converge", logit.message)
    nobody = profiles.status_model(df.assign(work=0), "work", ["group"], within=None)
    assert is_unavailable(nobody) and nobody.reason == "single_outcome"


def test_a_cox_model_needs_events_not_censoring():
    df = two_by_two(10, 10, 10, 10).assign(days=(7 * np.arange(40)) % 40 + 1, job=1)
    model = profiles.first_job_model(df, "days", "job", ["group"], within=None)
    assert model.n_outcome == 40 and np.isfinite(model.estimates["estimate"]).all()


def test_truth_comparison_needs_a_truth_folder(make_registry, tmp_path):
    reg = load_registry(make_registry(tmp_path))
    with pytest.raises(InputError, match="no ground truth"):
        profiles.truth_comparison(reg, profiles.profile_data(reg))


# ----------------------------------------------------------------------------- disclosure control
COUNT_COLUMNS = ("N", "Aan het werk", "Met eerste job", "Eerste job binnen 12 maanden", "Ontbrekend of onbekend")


def publish_everything(registry, data, analysis, merges, status, first_job, threshold, language="nl"):
    """Every table, sentence and figure of the report's steps that publishes a count, on a fresh ledger."""
    import matplotlib.pyplot as plt

    sdc.reset()
    units = profiles.registry_units(registry, data, analysis)
    out = {
        "data": profiles.data_reading(registry, data, analysis, "COB", language, units, threshold),
        "description": profiles.present_description(analysis, language=language, min_cell_size=threshold,
                                                    merges=merges, units=units),
        "missing": profiles.present_missing(data, language=language, min_cell_size=threshold, units=units),
    }
    for name, model in (("status", status), ("first_job", first_job)):
        out[f"estimates_{name}"] = profiles.present_estimates(model, language, threshold, merges, units=units)
        profiles.plot_forest(model, language, min_cell_size=threshold, units=units)
    if not is_unavailable(status):
        out["calibration"] = profiles.present_calibration(status, language, threshold, units=units)
        profiles.plot_calibration(status, language, threshold, units=units)
    sensitivity = profiles.missing_sensitivity(data, "first_job", min_cell_size=threshold)
    if not is_unavailable(sensitivity):
        out["sensitivity"] = profiles.present_sensitivity(sensitivity, language, threshold, units)
    plt.close("all")
    return units, out


def assert_no_small_counts(table: pd.DataFrame, threshold: int) -> None:
    for column in [c for c in table.columns if c in COUNT_COLUMNS]:
        for cell in table[column]:
            if cell in ("", sdc.MARKER):
                continue
            assert int(cell) >= threshold, f"{column}: {cell}"


def small_registry(tmp_path_factory, n, seed):
    folder = synth.write_synthetic_registry(tmp_path_factory.mktemp(f"reg{n}") / "reg", n=n, seed=seed)
    return load_registry(folder)


def _publish(reg, data, threshold: int):
    """Everything the report publishes at ``threshold``: (units, outputs, a copy of the ledger)."""
    analysis, merges = profiles.prepare(data, min_cell_size=threshold)
    status, first_job = profiles.status_model(analysis), profiles.first_job_model(analysis)
    units, out = publish_everything(reg, data, analysis, merges, status, first_job, threshold)
    book = copy.deepcopy(sdc.ledger())
    sdc.reset()
    return units, out, book


@pytest.fixture(scope="module")
def published(registry, data):
    """The bundled registry's publication at the usual threshold, shared by the checks below."""
    return _publish(registry, data, 10)


def _no_small_count_in_tables(out, threshold):
    for part in out.values():
        if isinstance(part, tuple):
            assert_no_small_counts(part[0], threshold)
            assert "<" + str(threshold) not in part[0].to_string()


def test_report_tables_publish_no_small_counts_nor_zeros(published):
    _no_small_count_in_tables(published[1], 10)


def test_report_tables_at_a_higher_threshold_publish_no_count_under_it(registry, data):
    _no_small_count_in_tables(_publish(registry, data, 60)[1], 60)


@pytest.mark.slow
@pytest.mark.parametrize("size", ["bundled", (300, 11), (150, 3)])
def test_no_hidden_count_can_be_worked_out_from_the_report(published, data, tmp_path_factory, size):
    """The report's own tables together: no small count, and nothing hidden or implied narrower than
    the threshold (the engine's linear programmes over the whole ledger)."""
    if size == "bundled":
        _, out, book = published
    else:
        reg = small_registry(tmp_path_factory, *size)
        _, out, book = _publish(reg, profiles.profile_data(reg), 10)
    _no_small_count_in_tables(out, 10)
    assert book.counts and all(c.value is None or c.value >= 10 for c in book.counts)
    assert sdc.findings(book, sdc.Policy(min_cell_size=10)) == []


def test_missing_values_of_a_complete_case_analysis_are_declared_empty(registry, data):
    """Analysed persons with a missing characteristic are empty by definition (complete case): declared
    so, not added to another category; with missing values as a category nothing is declared."""
    analysis, merges = profiles.prepare(data)
    assert set(analysis.attrs["known"]) == set(profiles.PROFILE_VARIABLES)
    units = profiles.registry_units(registry, data, analysis)
    sdc.reset()
    profiles.present_description(analysis, min_cell_size=10, merges=merges, units=units)
    book = sdc.ledger()
    declared = {v for _, where in book.empty for v, _ in where if v != "profiles.analysed"}
    assert declared == set(units.missing) & {units.name(c) for c in profiles.PROFILE_VARIABLES}
    missing_codes = {c for codes in units.missing.values() for c in codes}
    for c in book.counts:  # no category of the analysis holds a code that stands for a missing value
        for variable, values in c.where:
            if variable in units.missing:
                assert not set(values) & set(units.missing[variable]), c
    assert missing_codes
    sdc.reset()
    kept, merges = profiles.prepare(data, missing="category")
    units = profiles.registry_units(registry, data, kept)
    profiles.present_description(kept, min_cell_size=10, merges=merges, units=units)
    assert sdc.ledger().empty == []
    sdc.reset()


def test_every_count_is_described_truthfully(registry, published):
    """Each published count is the number of persons its conditions select in the cohort."""
    units, _, book = published
    calibration = [c for c in book.counts if c.output == "calibration"]
    assert len(calibration) == 20
    for c in book.counts:
        if c.value is not None and c.output != "calibration":
            assert units.count(dict(c.where)) == c.value, c
    assert set(book.domains["household"]) == set(sdc.cohort_domains(load_cohort(registry))["household"])
    # the same category is the same persons in every table (the run-level check links them)
    women = [c for c in book.counts if c.row == "sex=vrouw" and c.column == "n"]
    assert len({c.where for c in women}) == 1 and len(women) == 3


def load_cohort(registry):
    from evalkit import outcomes

    return outcomes.cohort(registry, programme="COB")


def test_estimates_resting_on_few_persons_are_hidden(registry, data, status):
    sdc.reset()
    units = profiles.registry_units(registry, data, profiles.prepare(data)[0])
    table, note = profiles.present_estimates(status, "nl", 60, units=units)
    europe = table[table["Kenmerk"].str.strip() == "Europa"].iloc[0]  # 29 persons, 11 at work
    assert europe["N"] == "x" and europe["Aan het werk"] == "x" and europe["Gecorrigeerd verschil (%-punt)"] == "x"
    assert "60" in note and "<60" not in table.to_string()
    fig = profiles.plot_forest(status, "nl", min_cell_size=60, units=units)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert any("Europa: niet getoond" in lab for lab in labels)
    # the sentence reads the released table: nothing when the row is hidden
    released = profiles.released_estimates(status, 60, units)
    assert released.value("origin_region=europa", "ame_raw") is None
    assert profiles.reading_values(status, "origin_region", "europa", "nl", 60, units) is None
    sdc.reset()


def test_figures_are_drawn_from_the_released_tables(registry, data, status):
    import matplotlib.pyplot as plt

    sdc.reset()
    units = profiles.registry_units(registry, data, profiles.prepare(data)[0])
    released = profiles.released_calibration(status, 60, units=units)
    points = profiles.calibration_points(status, 60, units=units)
    shown = [g for g in released.table.index if released.shown(g, "observed") and released.shown(g, "predicted")]
    assert list(points["decile"]) == shown
    assert np.allclose(points["observed"], [float(released.table.at[g, "observed"]) for g in shown])
    fig = profiles.plot_calibration(status, "nl", 60, units=units)
    line = fig.axes[0].get_lines()[1]
    assert np.allclose(line.get_ydata(), points["observed"])
    # the forest plot draws exactly the categories whose row of the released table is shown
    estimates = profiles.released_estimates(status, 60, units)
    fig = profiles.plot_forest(status, "nl", min_cell_size=60, units=units)
    drawn = sum(len(line.get_xdata()) for line in fig.axes[0].get_lines() if line.get_marker() == "s")
    shown_rows = [r for r in estimates.table.index if estimates.shown(r, "ame_raw")
                  and pd.notna(estimates.table.at[r, "ame_raw"])]  # the reference row has no estimate
    assert drawn == len(shown_rows)
    plt.close("all")
    sdc.reset()


def test_tables_hold_no_identifiers(data, analysis, status, first_job):
    ids = set(data["intake_id"])
    tables = [profiles.present_description(analysis)[0], profiles.present_estimates(status)[0],
              profiles.present_estimates(first_job)[0], profiles.present_tests(first_job)[0]]
    sdc.reset()  # without a registry's units each table is its own universe
    tables += [profiles.present_missing(data)[0], profiles.present_checks(status, first_job)[0]]
    for table in tables:
        cells = set(table.astype(str).to_numpy().ravel())
        assert not cells & ids
        assert "intake_id" not in table.columns and "person_id" not in table.columns


# ----------------------------------------------------------------------------- texts and plots
def test_english_presentation(status, first_job):
    table, note = profiles.present_estimates(first_job, "en")
    assert table.columns[0] == "Characteristic" and "Woman" in " ".join(table.iloc[:, 0])
    assert note.startswith("Raw:") or "Raw:" in note
    values = profiles.reading_values(status, "sex", "vrouw", "en")
    assert values["change"] == "smaller" and values["category_l"] == "Woman"


def test_plots(status, first_job, analysis):
    import matplotlib.pyplot as plt

    fig = profiles.plot_forest(first_job, "en")
    assert fig.axes[0].get_xscale() == "log"
    fig = profiles.plot_forest(status, "nl")  # percentage points, linear axis
    assert fig.axes[0].get_xscale() == "linear"
    em = profiles.effect_modification(analysis, "first_job", ["sex"])
    fig = profiles.plot_effect_modification(em, "sex", "nl")
    assert "Geslacht" in fig._suptitle.get_text()
    with pytest.raises(InputError, match="not tested"):
        profiles.plot_effect_modification(em, "household")
    profiles.plot_calibration(status)
    plt.close("all")


# ----------------------------------------------------------------------------- small registries
@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """20 persons: after merging groups under 10 persons every characteristic has one category."""
    folder = synth.write_synthetic_registry(tmp_path_factory.mktemp("tiny") / "reg", n=20, seed=1)
    registry = load_registry(folder)
    data = profiles.profile_data(registry)
    analysis, merges = profiles.prepare(data)
    return registry, data, analysis, merges


def test_a_characteristic_with_one_category_is_left_out_and_said(analysis):
    men = analysis[analysis["sex"] == "man"]
    for model in (profiles.status_model(men), profiles.first_job_model(men)):
        assert model.left_out == ("sex",) and "sex" not in model.covariates
        assert set(model.estimates["variable"]) == set(profiles.PROFILE_VARIABLES) - {"sex"}
        table, note = profiles.present_estimates(model, "en")
        assert "Left out of the models: Sex" in note and "Woman" not in " ".join(table.iloc[:, 0])
    em = profiles.effect_modification(men, "first_job", ["sex", "household"])
    assert em.left_out == ("sex",) and list(em.tests["variable"]) == ["household"]
    assert "Left out of the models: Sex" in profiles.present_effect_modification(em, language="en")[1]
    sex = profiles.plot_effect_modification(em, "sex")
    assert is_unavailable(sex) and sex.reason == "single_category" and sex.values == {"variable": "sex"}
    assert profiles.reading_values(profiles.status_model(men), "sex", "vrouw") is None


def test_every_characteristic_constant_degrades_each_model_part(tiny):
    registry, data, analysis, merges = tiny
    assert all(analysis[v].nunique() == 1 for v in profiles.PROFILE_VARIABLES)
    status, first_job = profiles.status_model(analysis), profiles.first_job_model(analysis)
    for model in (status, first_job):
        assert is_unavailable(model) and model.reason == "constant_covariates"
        # every report step after it passes the same part on: its notice is shown once
        table, note = profiles.present_estimates(model)
        for part in (profiles.plot_forest(model), profiles.forest_caption(model, "nl"), table, note,
                     profiles.present_tests(model), profiles.reading_values(model, "sex", "vrouw")):
            assert part is model
    assert profiles.plot_calibration(status) is status and profiles.present_ph_test(first_job) is first_job
    assert profiles.checks_reading(status, first_job) is status
    # the model checks are a section of their own: they say so again, with the same reason
    checks = profiles.present_checks(status, first_job)
    assert checks is status  # the model checks section says why too: one notice per section
    for kind in ("first_job", "status"):
        em = profiles.effect_modification(analysis, kind)
        assert is_unavailable(em) and em.reason == "constant_covariates"
        sens = profiles.missing_sensitivity(data, kind)
        assert is_unavailable(sens) and sens.reason == "constant_covariates"
    truth = profiles.truth_comparison(registry, analysis)
    assert is_unavailable(truth) and profiles.present_truth(truth) is truth
    # what does not need a model still renders
    table, _ = profiles.present_description(analysis, merges=merges)
    assert len(table) == 2 * len(profiles.PROFILE_VARIABLES)
    # 20 intakes, all analysed: the numbers would show that nobody was left out (a zero): not shown
    reading = profiles.data_reading(registry, data, analysis, "COB", "en")
    assert "Programme: COB" in reading and "**20**" not in reading


@pytest.fixture(scope="module")
def without_snapshot():
    """150 persons, but no status snapshot on the snapshot date."""
    registry = synth.generate(n=150, seed=3).registry()
    snaps = registry.status_snapshots
    return replace(registry, status_snapshots=snaps[snaps["snapshot_date"] != "2020-03-31"])


def test_without_a_status_on_the_date_only_the_status_parts_degrade(without_snapshot):
    data = profiles.profile_data(without_snapshot)
    assert data["work"].isna().all()  # unknown, not "no work"
    analysis, merges = profiles.prepare(data)
    status, first_job = profiles.status_model(analysis), profiles.first_job_model(analysis)
    assert is_unavailable(status) and status.reason == "no_snapshots" and not is_unavailable(first_job)
    assert "Nobody has a status on the snapshot date" in profiles.data_reading(without_snapshot, data, analysis,
                                                                               "COB", "en")
    table, _ = profiles.present_description(analysis, merges=merges, language="en")
    assert "% at work" not in table.columns and "At work" not in table.columns
    em_job = profiles.effect_modification(analysis, "first_job")
    em_status = profiles.effect_modification(analysis, "status")
    assert is_unavailable(em_status) and em_status.reason == "no_snapshots"
    table, _ = profiles.present_effect_modification(em_job, em_status, language="en")
    assert list(table.columns) == ["Characteristic", "First job: χ² (df)", "p", "p after Holm correction"]
    assert profiles.modification_reading(em_job, em_status, "en") is em_status
    assert profiles.modification_caption(em_job, em_status, "en").startswith("**Figures.** Per characteristic the "
                                                                              "hazard ratio")
    fig = profiles.plot_effect_modification([em_job, em_status], "sex", "en")
    assert len(fig.axes) == 1
    sensitivity = profiles.missing_sensitivity(data, "status")
    assert profiles.sensitivity_reading(profiles.missing_sensitivity(data, "first_job"), sensitivity) is sensitivity
    checks = profiles.present_checks(status, first_job)
    assert is_unavailable(checks) and checks.reason == "no_snapshots"
    assert not is_unavailable(profiles.present_ph_test(first_job))
    import matplotlib.pyplot as plt

    plt.close("all")


# ----------------------------------------------------------------------------- the rendered report
def test_report_renders_with_forest_plots_and_effect_modification(bundled_reports, data):
    """`evalkit report profiles` on the bundled registry: raw against adjusted forest plots for both
    outcomes, the effect-modification section with a plot per characteristic, and no identifiers."""
    html = (bundled_reports("profiles") / "profiles.html").read_text("utf-8")
    assert html.count("<img") + html.count("<svg") >= 2 + len(profiles.PROFILE_VARIABLES) + 1
    for heading in ("Aan het werk op de peildatum", "Tijd tot de eerste job", "Welke aanpak werkt voor wie?",
                    "Hoe goed passen de modellen?", "Ontbrekende en onbekende gegevens"):
        assert heading in html
    assert "Holm" in html
    for identifier in data["intake_id"].head(50):
        assert identifier not in html
    assert not re.search(r"\bP[0-9a-f]{8}\b", html)  # no person pseudonyms either
