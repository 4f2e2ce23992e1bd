"""The trajectory study on data too small for parts of it: a comparison, figure or table that the data
cannot support says why (without a small count), and what can be estimated is still there."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from evalkit.publish.degrade import is_unavailable  # noqa: E402
from evalkit.registry import load_registry, synth  # noqa: E402
from evalkit.stats import sequences  # noqa: E402
from evalkit.studies import trajectories as tr  # noqa: E402

COHORT = ("COB", "2017-01-01", "2018-12-31")


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def bundled():
    return tr.analysis_frame(load_registry("synthetic"))


@pytest.fixture(scope="module")
def tiny():
    """20 persons: no comparison has ten persons in both groups."""
    registry = synth.generate(n=20, seed=1).registry()
    return registry, tr.analysis_frame(registry, *COHORT)


def test_a_comparison_with_too_few_persons_is_left_out_and_named(bundled):
    youth = bundled.index[bundled["trajectory"] == tr.YOUTH]
    res = tr.compare_trajectories(bundled.drop(youth[6:]), n_boot=5, seed=1)
    assert set(res.effects["trajectory"]) == {"geintegreerd_vdab", "geintegreerd_activering"}
    assert set(res.curves["trajectory"]) == set(res.effects["trajectory"])
    why = res.unavailable[tr.YOUTH]
    assert why.reason == "too_few_persons" and why.values == {"n": "x", "min_n": 10}  # the 6 stay hidden
    reading = tr.effects_reading(res, "en")
    assert reading.startswith(tr.TEXTS.text("effects.reading", "en", horizon=24, sentences="")[:40])
    assert "Integrated VDAB: " in reading
    assert "Youth trajectory vs Linear: **Not estimated on these data.** There are too few persons: this part needs at least 10" in reading
    # a comparison left out by realised trajectory only is named in the reading of the two
    both = tr.itt_reading(res, res, "en")
    assert "Not estimated" not in both  # already named with the effects
    as_treated = tr.compare_trajectories(bundled.assign(realised_trajectory=bundled["trajectory"]).drop(youth[6:]),
                                         group="realised_trajectory", n_boot=5, seed=1)
    full = tr.compare_trajectories(bundled, n_boot=5, seed=1)
    assert "Youth trajectory vs Linear, by realised trajectory: **Not estimated" in \
        tr.itt_reading(full, as_treated, "en")


def test_constant_covariates_leave_no_comparison(bundled):
    flat = bundled.assign(sex="man", household="alleenstaande", age_group="18-24", education="laag",
                          nt2_group="0", intake_period="2017H1")
    res = tr.compare_trajectories(flat, n_boot=5, seed=1)
    assert is_unavailable(res) and res.reason == "constant_covariates"
    for part in (tr.effects_table(res), tr.balance_summary(res), tr.rmst_table(res), tr.rmst_caption(res),
                 tr.plot_love(res), tr.plot_adjusted_curves(res), tr.effects_reading(res),
                 tr.itt_reading(res, res), tr.reading_of(res, "The groups are balanced."),
                 tr.synthetic_truth(None, flat, res)):
        assert part is res
    assert not plt.get_fignums()  # no figure was drawn


def test_a_tiny_registry_degrades_part_by_part(tiny):
    registry, frame = tiny
    itt = tr.compare_trajectories(frame, n_boot=5, seed=1)
    assert itt.reason == "too_few_persons" and itt.values["n"] == "x"
    assert "{" not in itt.text("nl") and "minstens 10" in itt.text("nl")
    # the trajectory changes are still shown (see test_trajectories.py), but no flow is large enough to draw
    transitions = tr.transition_table(frame, "en")
    flow = tr.plot_flow(transitions, "en")  # every flow is hidden: nothing to draw
    assert flow.reason == "no_flows" and tr.reading_of(flow, "Only flows of ten or more are drawn.") is flow
    seq = sequences.monthly_states(registry, frame, months=12)
    groups = frame.set_index("intake_id")["trajectory"]
    shares = tr.chronogram_shares(seq, groups)
    assert shares.reason == "too_few_persons" and tr.plot_chronogram(shares) is shares
    assert tr.mean_months_table(seq, frame, "en").reason == "too_few_persons"


def test_what_the_notebook_asked_of_the_results_is_now_a_study_function(bundled):
    res = tr.compare_trajectories(bundled, n_boot=5, seed=1)
    assert tr.rmst_caption(res, "en") == tr.TEXTS.text("rmst.caption", "en", horizon=24)
    assert tr.reading_of(res, "The groups are balanced.") == "The groups are balanced."
    fig = tr.plot_itt_vs_as_treated(res, res, language="en")  # at the last horizon by default
    # the axis label is wrapped to fit the page width
    assert fig.axes[0].get_xlabel().replace("\n", " ") == tr.TEXTS.text("itt_at.xlabel", "en", months=24)
