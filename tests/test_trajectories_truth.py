"""Ground truth: on the bundled synthetic registry the naive comparison is biased, the IPW estimate
with the observed profile moves towards the model's true effect, and with the latent employability
(known only in the model) the true effect lies inside every confidence interval.

The true effect is computed on the registry's own persons with every trajectory forced on them
(evalkit.registry.synth.generate(force_trajectory=...)), within each comparison's target population."""
from __future__ import annotations

import pytest

from evalkit.studies import trajectories as tr
from evalkit.registry import load_registry


@pytest.fixture(scope="module")
def truth():
    registry = load_registry("synthetic")
    frame = tr.analysis_frame(registry)
    result = tr.compare_trajectories(frame, n_boot=200, seed=1)
    return tr.synthetic_truth(registry, frame, result).set_index(["trajectory", "horizon"]), result


def test_naive_comparison_of_the_selected_trajectory_is_biased(truth):
    table, result = truth
    naive = result.effects.set_index(["trajectory", "horizon"])
    for h in (12, 24):
        row = naive.loc[("geintegreerd_vdab", h)]
        true = table.loc[("geintegreerd_vdab", h), "true_difference"]
        assert not row["naive_ci_lower"] <= true <= row["naive_ci_upper"]
        assert row["naive_difference"] - true > 0.1  # stronger profiles make VDAB look much better


def test_adjustment_moves_towards_the_truth(truth):
    table, _ = truth
    for h in (12, 24):
        r = table.loc[("geintegreerd_vdab", h)]
        assert abs(r["adjusted_difference"] - r["true_difference"]) < abs(r["naive_difference"] - r["true_difference"])
        # what remains is the latent part: it points the same way as the selection on employability
        assert r["adjusted_difference"] > r["true_difference"]


def test_with_the_latent_confounder_the_truth_is_recovered(truth):
    table, _ = truth
    for (traj, h), r in table.iterrows():
        assert r["latent_ci_lower"] <= r["true_difference"] <= r["latent_ci_upper"], (traj, h)
