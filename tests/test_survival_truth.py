"""Ground truth: on the synthetic registry the Cox model recovers the generator's hazard ratios.

The synthetic first-job hazards are proportional in exp(x'beta + gamma L) within each trajectory
(docs/synthetic_registry.md), so a Cox model stratified by trajectory with the profile and the
latent employability L estimates beta and gamma. One seed here, a few seeds for a first look at
coverage; ``scripts/hr_coverage.py`` reports the coverage over 50 seeds and more.
"""
from __future__ import annotations

import numpy as np
import pytest

from evalkit import outcomes, survival
from evalkit.studies import survival as survival_study
from evalkit.registry import synth


@pytest.fixture(scope="module")
def one_seed():
    return survival_study.synthetic_truth_fit(n=5000, seed=20240)


def test_every_true_coefficient_is_estimated(one_seed):
    fit = one_seed
    assert {"sex[T.vrouw]", "household[T.gezin_ten_laste]", "education[T.hoog]", "nt2_group[T.2.x+]",
            "intake_period[T.2018H1]", "latent_employability"} <= set(fit.index)
    z = (fit["coef"] - fit["truth"]) / fit["se"]
    # no estimate far from its true value, and most intervals cover it
    assert np.abs(z).max() < 3.5, z.round(2).to_dict()
    assert fit["covered"].mean() >= 0.8
    assert fit.loc["latent_employability", "covered"] and fit.loc["sex[T.vrouw]", "covered"]


def test_coverage_over_a_few_seeds_is_near_nominal():
    fits = [survival_study.synthetic_truth_fit(n=2500, seed=seed) for seed in range(300, 308)]
    covered = np.concatenate([f["covered"].to_numpy() for f in fits])
    # 8 seeds x 18 terms: 95% nominal; 0.87 lies more than 3 binomial standard errors below it
    assert covered.mean() >= 0.87, covered.mean()
    z = np.concatenate([((f["coef"] - f["truth"]) / f["se"]).to_numpy() for f in fits])
    assert abs(z.mean()) < 0.3 and 0.75 < z.std() < 1.25


def test_without_the_latent_the_profile_effects_are_attenuated(one_seed):
    """Leaving out what the registry cannot see pulls the hazard ratios towards 1 (frailty)."""
    with_latent = one_seed
    reg = synth.generate(n=5000, seed=20240)
    parsed = reg.registry()
    jobs = outcomes.first_jobs(parsed, outcomes.cohort(parsed)).dropna(subset=list(survival_study.PROFILE_COVARIATES))
    ref = {k: v for k, v in survival_study.REFERENCE.items() if k != "trajectory"}
    without = survival.cox(jobs, "days_to_any_job", "any_job", list(survival_study.PROFILE_COVARIATES),
                           strata="trajectory", reference=ref).summary
    term = "sex[T.vrouw]"
    assert abs(without.loc[term, "coef"]) < abs(with_latent.loc[term, "coef"])
    assert abs(without.loc[term, "coef"]) < abs(with_latent.loc[term, "truth"])
