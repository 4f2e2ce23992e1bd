"""evalkit.studies.survival: the steps, tables and figures of the survival notebook.

Besides the numbers, these tests hold the report to its promises: no count below the threshold in
any table (the number-at-risk row under the curves included), curves that stop where few remain at
risk, every text in Dutch and English.
"""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from evalkit import outcomes, survival  # noqa: E402
from evalkit.publish import disclosure  # noqa: E402
from evalkit.studies import survival as study  # noqa: E402
from evalkit.studies.survival import analysis as study_impl  # noqa: E402
from evalkit.errors import InputError  # noqa: E402
from evalkit.publish.degrade import is_unavailable  # noqa: E402
from evalkit.registry import load_registry, synth  # noqa: E402
from evalkit.studies import text  # noqa: E402

COVARIATES = list(study.PROFILE_COVARIATES)


@pytest.fixture(scope="module")
def bundled():
    registry = load_registry("synthetic")
    cohort = outcomes.cohort(registry)
    jobs = outcomes.first_jobs(registry, cohort)
    data = study.analysis_frame(jobs, "any_job", COVARIATES)
    return registry, cohort, jobs, data


@pytest.fixture(scope="module")
def small(bundled):
    """A cohort of 120 intakes, so that small counts occur everywhere."""
    _, _, jobs, _ = bundled
    few = jobs.sample(120, random_state=4).reset_index(drop=True)
    return few, study.analysis_frame(few, "any_job", COVARIATES)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


# --------------------------------------------------------------------------- analysis steps
def test_analysis_frame(bundled):
    _, _, jobs, data = bundled
    np.testing.assert_allclose(data["months"], jobs["days_to_any_job"] / (365.25 / 12))
    assert (data["event"] == jobs["any_job"]).all()
    assert set(data.loc[data["event"] == 1, "cause"]) == {1, 2, 3} and (data.loc[data["event"] == 0, "cause"] == 0).all()
    # unknown values and categories of fewer than 10 persons stay out of the models
    out = data[~data["in_model"]]
    assert data.attrs["n_left_out"] == len(out) > 0
    assert (out["education"].eq("geen") | out["sex"].isna() | out["household"].eq("onbekend")
            | out["nt2_group"].eq("missing")).all()
    durable = study.analysis_frame(jobs, "durable", COVARIATES)
    assert set(durable["cause"]) == {0, 1}
    with pytest.raises(InputError, match="endpoint"):
        study.analysis_frame(jobs, "first_love", COVARIATES)


def test_number_at_risk():
    data = pd.DataFrame({"months": [1.0, 2.0, 2.0, 5.0, 7.5], "trajectory": ["lineair"] * 3 + ["geintegreerd_vdab"] * 2})
    table = study.number_at_risk(data, [0, 2, 6])
    assert table.loc["lineair"].tolist() == [3, 2, 0] and table.loc["geintegreerd_vdab"].tolist() == [2, 2, 1]


def test_hazard_ratios_by_period_equal_the_model_with_period_interactions():
    """The two fits of cox_by_period are one Cox model with covariate x period terms, fitted on
    (start, stop] rows split at the cut (lifelines' time-varying fitter; continuous times, no ties)."""
    from lifelines import CoxTimeVaryingFitter

    rng = np.random.default_rng(5)
    n = 400
    x = rng.integers(0, 2, n)
    z = rng.normal(size=n)
    t = rng.exponential(1 / np.exp(0.7 * x - 0.3 * z)) * 10
    c = rng.uniform(5, 30, n)
    data = pd.DataFrame({"months": np.minimum(t, c), "event": (t <= c).astype(int), "x": x, "z": z})
    ours = study.cox_by_period(data, ["x", "z"], cut=6.0).set_index(["period", "term"])
    split = []
    for i, r in data.iterrows():
        if r["months"] <= 6:
            split.append((i, 0.0, r["months"], r["event"], r["x"], r["z"], 0.0, 0.0))
        else:
            split.append((i, 0.0, 6.0, 0, r["x"], r["z"], 0.0, 0.0))
            split.append((i, 6.0, r["months"], r["event"], 0.0, 0.0, r["x"], r["z"]))
    long = pd.DataFrame(split, columns=["id", "start", "stop", "event", "x_before", "z_before", "x_after", "z_after"])
    ctv = CoxTimeVaryingFitter().fit(long, id_col="id", start_col="start", stop_col="stop", event_col="event")
    for period in ("before", "after"):
        for term in ("x", "z"):
            assert ours.loc[(period, term), "hr"] == pytest.approx(np.exp(ctv.params_[f"{term}_{period}"]), rel=1e-4)


def test_cox_study_handles_non_proportional_hazards(bundled):
    _, _, _, data = bundled
    cox = study.cox_study(data, COVARIATES)
    assert "trajectory" in cox.violated  # the trajectories' hazards have different shapes
    assert cox.stratified is not None and "trajectory[T.geintegreerd_vdab]" not in cox.stratified.summary.index
    assert set(cox.by_period["term"].str.split("[").str[0]) == set(cox.violated)
    assert set(cox.by_period["period"]) == {"before", "after"}
    assert "trajectory" in study.ph_reading(cox, "nl").lower() or "traject" in study.ph_reading(cox, "nl").lower()


def test_cox_study_without_violations_adds_nothing():
    rng = np.random.default_rng(8)
    n = 600
    d = pd.DataFrame({"trajectory": rng.choice(["lineair", "geintegreerd_vdab"], n),
                      "sex": rng.choice(["man", "vrouw"], n)})
    rate = np.exp(0.5 * (d["trajectory"] == "geintegreerd_vdab") - 0.4 * (d["sex"] == "vrouw"))
    t = rng.exponential(1 / rate) * 12
    d["months"], d["event"], d["in_model"] = np.minimum(t, 40), (t <= 40).astype(int), True
    cox = study.cox_study(d, ["sex"], alpha=0.01)
    assert cox.violated == [] and cox.stratified is None and cox.by_period is None
    assert "0.01" in study.ph_reading(cox, "en")


def test_snapshot_comparison(bundled):
    registry, cohort, jobs, _ = bundled
    comparison = study.snapshot_comparison(registry, cohort, jobs, times_months=(12, 24))
    table = comparison["table"]
    assert list(table.columns) == ["design", "months", "episodes", "turnbull", "right_point", "difference"]
    mean_gap = table.assign(gap=table["difference"].abs()).groupby("design")["gap"].mean()
    assert mean_gap["quarterly"] < mean_gap["yearly"]
    # reading the first work status as the start of the job is further off than Turnbull
    assert ((table["episodes"] - table["right_point"]) >= (table["episodes"] - table["turnbull"]) - 0.5).all()
    assert all(f["converged"] for c in comparison["curves"].values() for f in c.attrs["fit"])


# --------------------------------------------------------------------------- tables
def counts_are_safe(table: pd.DataFrame, columns, min_cell_size=10):
    disclosure.check_no_small_counts(table, columns, min_cell_size)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_tables_in_both_languages(bundled, language):
    registry, cohort, jobs, data = bundled
    curve = survival.kaplan_meier(data, "months", "event", by="trajectory")
    med, _ = study.median_table(curve, data, language)
    assert med.shape[0] == 4
    counts_are_safe(med, [text("survival.col.n", language), text("survival.col.events", language)])
    shares, _ = study.share_table(curve, [6, 12, 24], language)
    assert shares.shape == (4, 4)
    assert study.logrank_table(data, language).shape[0] == 4
    cox = study.cox_study(data, COVARIATES)
    hr, _ = study.hr_table(cox.model, cox.data, ["trajectory"] + COVARIATES, language)
    assert (hr[text("survival.col.hr", language)] == text("survival.reference", language)).sum() == 7
    assert study.ph_table(cox, language).shape[0] == len(COVARIATES) + 2
    assert study.period_table(cox, language).shape[0] >= 3
    cif = survival.cumulative_incidence(data, "months", "cause", by="trajectory")
    assert study.cif_table(cif, [12, 24], language)[0].shape == (12, 4)
    assert study.gray_table(cif, language).shape == (3, 4)
    fits = study.fine_gray_models(data, COVARIATES)
    assert study.fine_gray_table(fits, data, COVARIATES, language).shape[1] == 4
    rmst, _ = study.rmst_table(data, 24, language)
    assert rmst.shape[0] == 4
    snap = study.snapshot_table(study.snapshot_comparison(registry, cohort, jobs), language, months_shown=[12, 24])
    assert snap.shape[0] == 6 and isinstance(snap.index, pd.RangeIndex)
    assert study.km_reading(curve, data, "x", 12, language) and study.rmst_reading(data, 24, language)


def test_small_counts_are_hidden_everywhere(small):
    jobs, data = small
    curve = survival.kaplan_meier(data, "months", "event", by="trajectory")
    med, note = study.median_table(curve, data)
    counts_are_safe(med, ["Cliënten", "Met job"])
    assert "<10" in note
    shares, note = study.share_table(curve, [1, 3, 6, 12, 24])
    assert (shares == "x").any().any() and "(x)" in note
    cox = study.cox_study(data, ["sex"])
    hr, _ = study.hr_table(cox.model, cox.data, ["trajectory", "sex"])
    counts_are_safe(hr, ["Cliënten", "Met job"])
    cif = survival.cumulative_incidence(data, "months", "cause", by="trajectory")
    table, note = study.cif_table(cif, [3, 6, 12])
    hidden = (table == "x").sum(axis=0)
    assert hidden.sum() > 0 and "(x)" in note
    # within a trajectory and month, never exactly one kind hidden (it could be recovered)
    for start in range(0, len(table), 3):
        block = table.iloc[start:start + 3, 2:]
        assert ((block == "x").sum(axis=0) != 1).all()


def test_cohort_facts_hide_small_counts(bundled, small):
    registry, _, jobs, data = bundled
    facts = study.cohort_facts(registry, jobs, data)
    assert facts["n_intakes"] == 1662 and facts["source"] == "synthetic_registry"
    assert facts["n_employed_at_intake"] == 0
    few, few_data = small
    assert study.cohort_facts(registry, few, few_data)["n_left_registers"] == "<10"


@pytest.fixture(scope="module")
def tiny():
    """20 persons: fewer than 10 in every trajectory and every category."""
    registry = synth.generate(n=20, seed=1).registry()
    cohort = outcomes.cohort(registry)
    jobs = outcomes.first_jobs(registry, cohort)
    return registry, cohort, jobs, study.analysis_frame(jobs, "any_job", COVARIATES)


def test_models_that_the_data_cannot_support_say_why(bundled, tiny):
    _, _, _, few = tiny
    assert not few["in_model"].any()
    cox = study.cox_study(few, COVARIATES)
    assert is_unavailable(cox) and cox.reason == "no_rows"
    for part in (study.cox_table(cox), study.stratified_table(cox), study.ph_table(cox), study.ph_reading(cox),
                 study.period_table(cox), study.plot_cox_forest(cox)):
        assert part is cox
    assert study.fine_gray_models(few, COVARIATES).reason == "no_rows"
    _, _, _, data = bundled
    one_level = study.cox_study(data.assign(nt2_group="0"), COVARIATES)  # named by its heading
    assert one_level.reason == "single_category" and "Taalniveau NT2 bij intake" in one_level.text("nl")
    assert study.cox_study(data.assign(event=0), COVARIATES).reason == "too_few_events"


def test_curves_with_too_few_at_risk_say_why_instead_of_an_empty_figure(tiny):
    registry, cohort, jobs, few = tiny
    curve = survival.kaplan_meier(few, "months", "event", by="trajectory")
    assert study.plot_km(curve, few).reason == "too_few_persons"
    reading = study.km_reading(curve, few, "x", 12)
    assert reading.reason == "too_few_persons" and reading.values == {"n": "<10", "min_n": 10}
    cif = survival.cumulative_incidence(few, "months", "cause", by="trajectory")
    assert study.plot_cif(cif).reason == "too_few_persons"
    table, note = study.cif_table(cif, [6, 12])
    assert table.reason == "too_few_persons" and note is table
    # the snapshots are read for the whole cohort: shown up to where fewer than 10 remain at risk
    comparison = study.snapshot_comparison(registry, cohort, jobs)
    assert len(study.snapshot_table(comparison, months_shown=[12, 24, 36])) > 0
    assert isinstance(study.snapshot_reading(comparison, "yearly", 12), str)
    assert study.snapshot_reading(comparison, "yearly", 24).reason == "too_few_persons"


# --------------------------------------------------------------------------- figures
def texts_of(fig):
    return [t.get_text() for ax in fig.axes for t in ax.texts]


def test_km_plot_stops_curves_and_hides_small_numbers_at_risk(small):
    _, data = small
    curve = survival.kaplan_meier(data, "months", "event", by="trajectory")
    fig = study.plot_km(curve, data, "nl", min_cell_size=10)
    numbers = [t for t in texts_of(fig) if t.strip().lstrip("<").isdigit()]
    assert "<10" in numbers
    assert all(t == "0" or t.startswith("<") or int(t) >= 10 for t in numbers)
    kept, _ = disclosure.truncate_at_risk(curve, 10)
    lines = [line for line in fig.axes[0].get_lines() if line.get_label() and not line.get_label().startswith("_")]
    for line, group in zip(lines, study_impl._order("trajectory", curve["group"].unique())):
        assert np.max(line.get_xdata()) <= max(kept.loc[kept["group"] == group, "time"].max(), 0) + 1e-9


@pytest.mark.parametrize("language", ["nl", "en"])
def test_figures_draw(bundled, language):
    registry, cohort, jobs, data = bundled
    curve = survival.kaplan_meier(data, "months", "event", by="trajectory")
    figs = [study.plot_km(curve, data, language)]
    cox = study.cox_study(data, COVARIATES)
    figs.append(study.plot_forest(cox.model, cox.data, ["trajectory"] + COVARIATES, language))
    figs.append(study.plot_cif(survival.cumulative_incidence(data, "months", "cause", by="trajectory"), language))
    figs.append(study.plot_snapshot_comparison(study.snapshot_comparison(registry, cohort, jobs), language))
    for fig in figs:
        assert isinstance(fig, matplotlib.figure.Figure)
    axis_label = text("survival.axis.months", language)
    assert any(ax.get_xlabel() == axis_label for ax in figs[0].axes)


# --------------------------------------------------------------------------- texts and notebook
def test_notebook_parameters():
    from evalkit.publish.runner import study_parameters

    params = study_parameters("survival")
    for name in ("data_path", "intake_from", "intake_to", "censor_date", "job_definition", "durable_definition",
                 "covariates", "horizon_months", "language", "min_cell_size"):
        assert name in params, name
    assert params["job_definition"].default in outcomes.ENDPOINTS
    assert params["durable_definition"].default in outcomes.DURABLE_DEFINITIONS
