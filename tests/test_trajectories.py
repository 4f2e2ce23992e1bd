"""The trajectory study: the analysis frame by hand on the small registry of conftest.py, and the
comparison's tables on the bundled synthetic registry (disclosure, balance, shapes)."""
from __future__ import annotations

import pandas as pd
import pytest

from evalkit.errors import InputError
from evalkit.publish.sdc.integrity import html_tables
from evalkit.registry import load_registry
from evalkit.studies import trajectories as tr
from evalkit.studies.trajectories.publication import trajectory_codes

M = 365.25 / 12


@pytest.fixture
def small(registry_folder):
    registry = load_registry(registry_folder)
    return tr.analysis_frame(registry, intake_to="2021-12-31").set_index("intake_id")


def test_analysis_frame_by_hand(small):
    i1 = small.loc["I1"]  # intake 2017-03-01; art. 60 from 2018-06-01 (457 days); changes 2017-09-01 and 2018-03-01
    assert i1["job"] == 1 and i1["job_cause"] == 1
    assert i1["months_to_job"] == pytest.approx(457 / M)
    assert i1["realised_trajectory"] == "geintegreerd_activering" and i1["changed"] == 1
    assert i1["months_to_change"] == pytest.approx(184 / M)
    i2 = small.loc["I2"]  # intake 2017-05-15; interim from 2018-09-01 (474 days)
    assert (i2["job"], i2["job_cause"]) == (1, 3)
    assert i2["months_to_job"] == pytest.approx(474 / M)
    i4 = small.loc["I4"]  # no job; open VDAB benefit to the VDAB extraction 2021-09-30 (1217 days)
    assert i4["job"] == 0 and i4["job_cause"] == 0
    assert i4["months_to_job"] == pytest.approx(1217 / M)
    i7 = small.loc["I7"]  # P1's second intake 2020-01-06 while in an open-ended job since 2019-06-01
    assert (i7["job"], i7["months_to_job"], i7["job_cause"]) == (1, 0.0, 2)
    assert small.loc["I3", "changed"] == 0 and small.loc["I3", "realised_trajectory"] == "geintegreerd_activering"
    assert small.loc["I4", "sex"] == "vrouw" and small.loc["I4", "nt2_group"] == "onbekend"


@pytest.fixture(scope="module")
def synthetic():
    registry = load_registry("synthetic")
    frame = tr.analysis_frame(registry)
    return registry, frame, tr.compare_trajectories(frame, n_boot=30, seed=2)


def test_comparison_results(synthetic):
    _, frame, res = synthetic
    assert set(res.effects["trajectory"]) == {"geintegreerd_vdab", "geintegreerd_activering", "jongerentraject_esf"}
    # weighting removes the imbalance of the known profile
    summary = res.balance.groupby("comparison").agg(before=("diff_unadjusted", lambda s: s.abs().max()),
                                                    after=("diff_adjusted", lambda s: s.abs().max()))
    assert (summary["after"] < 0.1).all() and (summary["before"] > summary["after"]).all()
    # youth comparison: reference clients aged 25 or younger only
    youth = res.weights[res.weights["trajectory"] == tr.YOUTH]
    ref_ids = youth.loc[youth["group"] == "lineair", "intake_id"]
    assert (frame.set_index("intake_id").loc[ref_ids, "age"] <= 25).all()
    # target "reference": the reference group keeps weight 1
    assert (res.weights.loc[res.weights["group"] == "lineair", "weight"] == 1).all()
    # the curves are cumulative shares with the estimate inside its band
    c = res.curves
    assert (c.groupby(["comparison", "group"])["share"].apply(lambda s: s.is_monotonic_increasing)).all()
    assert ((c["ci_lower"] <= c["share"] + 1e-12) & (c["share"] <= c["ci_upper"] + 1e-12)).all()
    e = res.effects
    assert ((e["adjusted_ci_lower"] <= e["adjusted_difference"]) & (e["adjusted_difference"] <= e["adjusted_ci_upper"])).all()


def _no_small_counts(released, columns, m=10):
    for col in columns:
        for v in released.table[col]:
            assert v == "x" or int(v) >= m, (col, v)


def test_published_tables_have_no_small_counts(synthetic):
    from evalkit.publish import sdc

    _, frame, res = synthetic
    sdc.reset()
    table = tr.transition_table(frame, "nl", 10)
    _no_small_counts(table, list(table.table.columns))  # every column counts persons
    assert "x" in table.note
    changes = tr.change_table(frame, language="en", min_cell_size=10)
    _no_small_counts(changes, ["Persons", "Trajectory changed"])
    weights = tr.weights_table(res, "en", 10)
    _no_small_counts(weights, ["Persons"])
    # the figures are drawn from released data: merged histogram bins, pooled curve steps
    for hist in tr.overlap_histograms(res, 10).values():
        assert (hist["count"] >= 10).all()
    curves = tr.released_curves(res, 10)
    assert "n_at_risk" not in curves.columns and "n_events" not in curves.columns
    sdc.reset()


def test_transition_table_is_indexed_by_the_assigned_trajectory(synthetic):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from evalkit.publish import display, sdc

    _, frame, _ = synthetic
    sdc.reset()
    for language in ("nl", "en"):
        released = tr.transition_table(frame, language, 10)
        table = released.table
        labels = [tr.trajectory_label(t, language) for t in trajectory_codes(frame["trajectory"])]
        assert table.index.name == tr.TEXTS.text("col.assigned", language)
        assert list(table.index) == labels + [tr.total_label(language)]
        assert list(table.columns) == [tr.trajectory_label(t, language) for t in
                                       trajectory_codes(set(frame["trajectory"]) | set(frame["realised_trajectory"]))] + \
            [tr.total_label(language)]
        assert all(table.loc[r, c] == "x" for r, c in released.hidden)
        header = html_tables(display.table_html(released.table, language=language))[0][0]
        assert header == [table.index.name] + list(table.columns)
        # the flow is drawn from the released table, or from its table
        for source in (released, table):
            fig = tr.plot_flow(source, language)
            texts = {t.get_text() for t in fig.axes[0].texts}
            assert set(labels) <= texts and "index" not in texts
            plt.close(fig)
    sdc.reset()


def test_change_table_hides_small_groups():
    from evalkit.publish import sdc
    from evalkit.registry import synth

    sdc.reset()
    frame = tr.analysis_frame(synth.generate(n=20, seed=1).registry())
    changes = tr.change_table(frame, language="en", min_cell_size=10)
    assert len(changes.table) == frame["trajectory"].nunique() and (changes.table["Persons"] == "x").all()
    _no_small_counts(changes, ["Persons", "Trajectory changed"])
    sdc.reset()


def test_rare_levels_are_merged():
    d = pd.DataFrame({"sex": ["man"] * 15 + ["vrouw"] * 12 + ["onbekend"] * 2})
    out = tr.merge_rare_levels(d, ["sex"], 10)
    assert out["sex"].value_counts().to_dict() == {"man": 17, "vrouw": 12}


def test_input_errors(synthetic):
    _, frame, _ = synthetic
    with pytest.raises(InputError, match="target"):
        tr.compare_trajectories(frame, target="everyone", n_boot=2)
    with pytest.raises(InputError, match="reference"):
        tr.compare_trajectories(frame, reference="nope", n_boot=2)
    with pytest.raises(InputError, match="months_to_job"):
        tr.compare_trajectories(frame.drop(columns="months_to_job"), n_boot=2)


def test_chronogram_labels_states_in_both_languages(registry_folder):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from evalkit.stats import sequences

    registry = load_registry(registry_folder)
    seq = sequences.monthly_states(registry, registry.intakes, months=12)
    distribution = sequences.state_distribution(seq, registry.intakes.set_index("intake_id")["trajectory"])
    for language in ("nl", "en"):
        labels = tr.state_labels(language)
        assert set(sequences.STATES) | {sequences.OTHER} == set(labels)
        fig = tr.plot_chronogram(distribution, language, {"lineair": tr.trajectory_label("lineair", language)})
        legend = {t.get_text() for t in fig.legends[0].get_texts()}
        assert legend == {labels[s] for s in set(distribution["state"])}
        assert fig.axes[0].get_ylabel() == tr.TEXTS.text("chronogram.ylabel", language)
        plt.close(fig)
    with pytest.raises(InputError, match="share"):
        tr.plot_chronogram(distribution.drop(columns="share"))
