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

from evalkit import formats, outcomes, survival  # noqa: E402
from evalkit.publish import sdc  # noqa: E402
from evalkit.studies import survival as study  # noqa: E402
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
SHARE_MONTHS = [6, 12, 18, 24]


def run_study(registry, cohort, jobs, min_cell_size=10, language="nl"):
    """Every table, figure and reading of the notebook, in its order, with a fresh ledger."""
    sdc.reset()
    data = study.analysis_frame(jobs, "any_job", COVARIATES, min_cell_size)
    out = {"facts": study.cohort_facts(registry, jobs, data, min_cell_size, language)}
    curve = survival.kaplan_meier(data, "months", "event", by="trajectory")
    out["km"] = study.plot_km(curve, language, min_cell_size)
    out["median"] = study.median_table(curve, data, language, min_cell_size)
    out["share"] = study.share_table(curve, data, SHARE_MONTHS, language, min_cell_size)
    out["km_reading"] = study.km_reading(out["share"][0], "x", 12, language)
    cox = study.cox_study(data, COVARIATES)
    out["cox"] = study.cox_table(cox, language, min_cell_size)
    out["forest"] = study.plot_cox_forest(out["cox"][0], language)
    if cox and cox.by_period is not None:
        out["period"] = study.period_table(cox, language, out["cox"][0])
    if cox and cox.stratified is not None:
        out["stratified"] = study.stratified_table(cox, language, min_cell_size)
    cif = survival.cumulative_incidence(data, "months", "cause", by="trajectory")
    out["cif_figure"] = study.plot_cif(cif, language, min_cell_size)
    out["cif"] = study.cif_table(cif, data, SHARE_MONTHS, language, min_cell_size)
    out["fine_gray"] = study.fine_gray_table(study.fine_gray_models(data, COVARIATES), data, COVARIATES,
                                             language, min_cell_size)
    out["rmst"] = study.rmst_table(data, 24, language, min_cell_size)
    out["rmst_reading"] = study.rmst_reading(out["rmst"][0], 24, language)
    comparison = study.snapshot_comparison(registry, cohort, jobs)
    out["snapshot_figure"] = study.plot_snapshot_comparison(comparison, language, min_cell_size)
    out["snapshot"] = study.snapshot_table(comparison, language, [12, 24, 36], min_cell_size)
    out["snapshot_reading"] = study.snapshot_reading(out["snapshot"][0], "yearly", 24, language, min_cell_size)
    out["ledger"] = sdc.ledger()
    return out


@pytest.fixture(scope="module")
def released(bundled):
    registry, cohort, jobs, _ = bundled
    return run_study(registry, cohort, jobs)


@pytest.fixture(scope="module", params=[(300, 11), (150, 3)], ids=["n300", "n150"])
def released_small(request, tmp_path_factory):
    n, seed = request.param
    folder = synth.write_synthetic_registry(tmp_path_factory.mktemp(f"synth{n}"), n=n, seed=seed)
    registry = load_registry(folder)
    cohort = outcomes.cohort(registry)
    return run_study(registry, cohort, outcomes.first_jobs(registry, cohort))


def _tables(out):
    return {k: v[0] for k, v in out.items() if isinstance(v, tuple) and isinstance(v[0], pd.DataFrame)}


def _no_small_numbers(out, min_cell_size=10):
    for count in out["ledger"].counts:
        assert count.value is None or count.value >= min_cell_size, count
    for name, table in _tables(out).items():
        for column in table.columns:
            if column in (text("survival.col.n", "nl"), text("survival.col.events", "nl")) or \
                    str(column).startswith(text("survival.col.events", "nl")):
                values = [v for v in table[column] if v != sdc.MARKER]
                assert all(int(v) >= min_cell_size for v in values), (name, column, values)
    assert "<10" not in " ".join(str(v) for t in _tables(out).values() for v in t.to_numpy().ravel())


def test_released_tables_hold_no_small_count_and_nothing_derivable(released):
    _no_small_numbers(released)
    assert sdc.findings(released["ledger"], sdc.Policy()) == []
    # the known leaks: complements within a row are hidden with the small part
    median = released["median"][0].set_index(text("survival.col.trajectory", "nl"))
    n, events = text("survival.col.n", "nl"), text("survival.col.events", "nl")
    for _, row in median.iterrows():
        if row[n] != sdc.MARKER and row[events] != sdc.MARKER:
            assert int(row[n]) - int(row[events]) >= 10


def test_small_registries_hold_no_small_count_and_nothing_derivable(released_small):
    _no_small_numbers(released_small)
    assert sdc.findings(released_small["ledger"], sdc.Policy()) == []


def test_tables_show_the_marker_and_keep_the_estimates(released, bundled):
    _, _, _, data = bundled
    hr = released["cox"][0]
    column = text("survival.col.hr", "nl")
    assert (hr[column] == text("survival.reference", "nl")).sum() == 7
    # hazard ratios of groups of many persons stay, also where their counts are hidden
    cox = study.cox_study(data, COVARIATES)
    shown = [v for v in hr[column] if v not in (sdc.MARKER, text("survival.reference", "nl"))]
    # written as Dutch writes them: a decimal comma, never a decimal point
    assert shown and set(shown) <= {formats.number(v, 2, "nl") for v in cox.model.summary["hr"]}
    assert all("," in v and "." not in v for v in shown)
    assert (released["median"][0] == sdc.MARKER).any().any()
    assert released["median"][1].startswith("x:")
    assert released["share"][0].shape == (5, 6)
    assert released["cif"][0].shape == (12, 6)
    assert released["snapshot"][0].shape[0] == 9
    assert released["km_reading"] and released["snapshot_reading"]
    assert released["facts"]["n_intakes"] == 1662 and released["facts"]["n_employed_at_intake"] is None
    text_ = study.data_text(released["facts"], "COB", "x", "en")
    assert "1,662" in text_ and "Already at work" not in text_
    # the data are named by their source, never by a folder name; dates are written in words
    assert "synthetic_registry" not in text_ and "the bundled synthetic registry" in text_
    assert "2017-01" not in text_ and "January 2017" in text_
    dutch = study.data_text(released["facts"], "COB", "x", "nl")
    assert "1.662" in dutch and "januari 2017" in dutch and "synthetic_registry" not in dutch


@pytest.mark.parametrize("language", ["nl", "en"])
def test_tables_in_both_languages(bundled, language):
    registry, cohort, jobs, data = bundled
    sdc.reset()
    curve = survival.kaplan_meier(data, "months", "event", by="trajectory")
    med, _ = study.median_table(curve, data, language)
    assert med.shape[0] == 4
    assert study.logrank_table(data, language).shape[0] == 4
    cox = study.cox_study(data, COVARIATES)
    assert study.ph_table(cox, language).shape[0] == len(COVARIATES) + 2
    assert study.period_table(cox, language).shape[0] >= 3
    cif = survival.cumulative_incidence(data, "months", "cause", by="trajectory")
    assert study.gray_table(cif, language).shape == (3, 4)
    sdc.reset()
    rmst, _ = study.rmst_table(data, 24, language)
    assert rmst.shape[0] == 4 and study.rmst_reading(rmst, 24, language)
    sdc.reset()


def test_cohort_facts_hide_small_counts(small, bundled):
    registry = bundled[0]
    few, few_data = small
    sdc.reset()
    facts = study.cohort_facts(registry, few, few_data)
    assert all(facts[k] is None or facts[k] >= 10 for k in ("n_intakes", "n_events", "n_left_registers",
                                                              "n_employed_at_intake", "n_left_out"))
    assert facts["n_left_registers"] is None
    assert "x" not in study.left_out_text(facts, "nl").split()
    sdc.reset()


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
                 study.period_table(cox)):
        assert part is cox
    assert study.fine_gray_models(few, COVARIATES).reason == "no_rows"
    _, _, _, data = bundled
    one_level = study.cox_study(data.assign(nt2_group="0"), COVARIATES)  # named by its heading
    assert one_level.reason == "single_category" and "Taalniveau NT2 bij intake" in one_level.text("nl")
    assert study.cox_study(data.assign(event=0), COVARIATES).reason == "too_few_events"


def test_curves_with_too_few_at_risk_say_why_instead_of_an_empty_figure(tiny):
    registry, cohort, jobs, few = tiny
    sdc.reset()
    curve = survival.kaplan_meier(few, "months", "event", by="trajectory")
    assert study.plot_km(curve).reason == "too_few_persons"
    cif = survival.cumulative_incidence(few, "months", "cause", by="trajectory")
    assert study.plot_cif(cif).reason == "too_few_persons"
    table, note = study.cif_table(cif, few, [6, 12])
    assert table.reason == "too_few_persons" and note is table
    # the snapshots are read for the whole cohort: shown up to where fewer than 10 remain at risk
    comparison = study.snapshot_comparison(registry, cohort, jobs)
    snap, _ = study.snapshot_table(comparison, months_shown=[12, 24, 36])
    assert len(snap) > 0
    assert isinstance(study.snapshot_reading(snap, "yearly", 12), str)
    assert study.snapshot_reading(snap, "yearly", 24).reason == "too_few_persons"
    sdc.reset()


# --------------------------------------------------------------------------- figures
def test_figures_are_drawn_from_released_data(released):
    fig, note = released["km"]
    assert isinstance(fig, matplotlib.figure.Figure) and note
    assert not [t for ax in fig.axes for t in ax.texts if t.get_text().strip().lstrip("<").isdigit()]
    curves = {o.output: o for o in released["ledger"].outputs if o.kind == "curve"}
    assert {"km_curve", "cif_curve", "snapshot_episodes", "snapshot_turnbull"} <= set(curves)
    # every drawn step of the Kaplan-Meier figure is a point of the released (pooled) curve
    registry_curve = released["km"]
    lines = [line for line in fig.axes[0].get_lines() if not line.get_label().startswith("_")]
    assert lines
    for line in lines:
        assert len(line.get_xdata()) <= 1 + 2 * 200
    # the forest plot draws only the released ratios: a hidden one has no point
    forest = released["forest"]
    ratios = released["cox"][0].attrs["released"]
    drawn = [t.get_text() for t in forest.axes[0].texts if "(" in t.get_text() and "–" in t.get_text()]
    shown = ratios[(ratios["ratio"] != sdc.MARKER) & ~ratios["reference"].astype(bool)]
    assert len(drawn) == len(shown)
    assert registry_curve is not None


def test_released_curve_pools_steps(bundled):
    _, _, _, data = bundled
    sdc.reset()
    curve = survival.kaplan_meier(data, "months", "event", by="trajectory")
    drawn, _ = sdc.release_curve(curve, "km_curve", by=["group"])
    assert "n_events" not in drawn.columns and "n_at_risk" not in drawn.columns
    assert len(drawn) < len(curve)
    sdc.reset()


def test_figure_data_holds_no_count_column(bundled, tmp_path, monkeypatch):
    """What the figures write beside the report has none of the count columns the output check rejects."""
    _, _, _, data = bundled
    monkeypatch.setenv("EVALKIT_RELEASE_DIR", str(tmp_path))
    sdc.reset()
    study.plot_km(survival.kaplan_meier(data, "months", "event", by="trajectory"))
    study.plot_cif(survival.cumulative_incidence(data, "months", "cause", by="trajectory"))
    files = list((tmp_path / "tables").glob("*/*.csv"))
    assert len(files) == 2
    for path in files:
        columns = set(pd.read_csv(path, nrows=0).columns)
        assert not columns & {"n_at_risk", "n_events", "n_censored", "count_at_risk", "events"}, path.name
    sdc.reset()


# --------------------------------------------------------------------------- texts and notebook
def test_notebook_parameters():
    from evalkit.publish.runner import study_parameters

    params = study_parameters("survival")
    for name in ("data_path", "intake_from", "intake_to", "censor_date", "job_definition", "durable_definition",
                 "covariates", "horizon_months", "language", "min_cell_size"):
        assert name in params, name
    assert params["job_definition"].default in outcomes.ENDPOINTS
    assert params["durable_definition"].default in outcomes.DURABLE_DEFINITIONS
