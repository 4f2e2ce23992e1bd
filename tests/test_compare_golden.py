"""evalkit.compare against reference values computed in R (glm, nnet::multinom, survival::survfit).

Inputs in tests/golden/compare/inputs/ (public datasets shipped by lifelines, written by
make_compare_inputs.py), R's results in tests/golden/compare/r_output/ (written by compare.R). Tolerances:
1e-8 relative for the logistic fit and everything derived from it; 1e-5 for the multinomial fits
(R's optimiser stops earlier than our Newton iterations).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from evalkit import compare

HERE = Path(__file__).parent / "golden" / "compare"
RCOV = ["age", "race", "mar", "paro", "prio", "fin", "prio_group"]
GCOV = ["horTh", "age", "menostat", "tsize", "pnodes", "progrec", "estrec"]
LOGIT_RTOL = 1e-8
MULTINOM_RTOL = 1e-5


def inp(name):
    return pd.read_csv(HERE / "inputs" / f"{name}.csv", dtype={"prio_group": str})


def r(name):
    return pd.read_csv(HERE / "r_output" / f"{name}.csv")


def close(actual, expected, rtol, what):
    np.testing.assert_allclose(np.asarray(actual, float), np.asarray(expected, float), rtol=rtol, atol=1e-12,
                               err_msg=what)


@pytest.fixture(scope="module")
def rossi():
    return inp("rossi")


def test_logistic_propensity_and_weights(rossi):
    ref = r("rossi_weights")
    cases = {
        "ate": dict(estimand="ATE", stabilize=False),
        "ate_stab": dict(estimand="ATE"),
        "att": dict(estimand="ATT", stabilize=False),
        "att_stab": dict(estimand="ATT"),
        "ate_trim": dict(estimand="ATE", trim=0.1),
        "ate_trunc": dict(estimand="ATE", truncate=0.95),
    }
    for column, kwargs in cases.items():
        w = compare.ipw(rossi, "wexp", RCOV, **kwargs)
        close(w["ps[1]"], ref["ps"], LOGIT_RTOL, "propensity")
        close(w["weight"], ref[column], LOGIT_RTOL, f"weights {column}")
    trimmed = compare.ipw(rossi, "wexp", RCOV, trim=0.1)["trimmed"]
    assert trimmed.sum() == (ref["ate_trim"] == 0).sum() > 0


@pytest.mark.parametrize("estimand,binary", [("ATE", "raw"), ("ATE", "std"), ("ATT", "raw")])
def test_balance_binary_treatment(rossi, estimand, binary):
    ref = r("rossi_balance")
    ref = ref[(ref["estimand"] == estimand) & (ref["binary"] == binary)]
    w = compare.ipw(rossi, "wexp", RCOV, estimand=estimand)
    bal = compare.balance(rossi, "wexp", RCOV, weights=w["weight"].to_numpy(), estimand=estimand, binary=binary)
    assert bal["term"].tolist() == ref["term"].tolist()
    close(bal["diff_unadjusted"], ref["diff_unadjusted"], LOGIT_RTOL, "unadjusted differences")
    close(bal["diff_adjusted"], ref["diff_adjusted"], LOGIT_RTOL, "adjusted differences")


def test_effects_binary_treatment(rossi):
    ref = r("rossi_effect").set_index(["outcome", "estimand"])
    for outcome, estimand, covariates in [("arrest", "ATE", RCOV), ("arrest", "ATT", RCOV), ("week", "ATE", RCOV),
                                          ("arrest_naive", "ATE", None)]:
        y = "arrest" if outcome == "arrest_naive" else outcome
        res = compare.effect(rossi, y, "wexp", covariates, estimand=estimand, n_boot=5, seed=1).iloc[0]
        exp = ref.loc[(outcome, estimand)]
        close([res["mean_group"], res["mean_versus"], res["estimate"]],
              [exp["mean_group"], exp["mean_versus"], exp["estimate"]], LOGIT_RTOL, f"{outcome} {estimand}")
        if y == "arrest":
            close(res["ratio"], exp["ratio"], LOGIT_RTOL, "risk ratio")


def test_bootstrap_replicates_refit_the_propensity(rossi):
    """Same resamples as R (row numbers in the inputs): every replicate's estimate agrees."""
    ref = r("rossi_bootstrap_estimates")["estimate"].to_numpy()
    idx = pd.read_csv(HERE / "inputs" / "rossi_bootstrap.csv").to_numpy().T - 1
    assert np.array_equal(idx, compare.bootstrap_indices(len(rossi), 20, seed=2024))
    res = compare.effect(rossi, "arrest", "wexp", RCOV, n_boot=20, seed=2024)
    reps = res.attrs["replicates"]
    close(reps[:, 1] - reps[:, 0], ref, LOGIT_RTOL, "bootstrap replicates")
    lo, hi = np.quantile(ref, [0.025, 0.975])  # R's quantile type 7
    close([res["ci_lower"].iloc[0], res["ci_upper"].iloc[0]], [lo, hi], LOGIT_RTOL, "percentile interval")


def test_weighted_kaplan_meier_and_rmst(rossi):
    km = r("rossi_km")
    curves = compare.adjusted_survival(rossi, "week", "arrest", "wexp", RCOV, times=[10, 20, 30, 40, 52],
                                       n_boot=3, seed=1)
    assert curves["group"].astype(str).tolist() == km["group"].astype(str).tolist()
    close(curves["survival"], km["surv"], LOGIT_RTOL, "weighted Kaplan-Meier")
    rm = compare.adjusted_rmst(rossi, "week", "arrest", "wexp", RCOV, horizon=40, n_boot=3, seed=1)
    close(rm.loc[rm["row"] == "group", "rmst"], r("rossi_rmst")["rmst"], LOGIT_RTOL, "weighted RMST")


@pytest.fixture(scope="module")
def gbsg2():
    return inp("gbsg2")


def test_multinomial_propensity_and_weights(gbsg2):
    ref = r("gbsg2_weights")
    w = compare.ipw(gbsg2, "tgrade", GCOV, estimand="ATE")
    close(w[["ps[I]", "ps[II]", "ps[III]"]], ref[["ps_I", "ps_II", "ps_III"]], MULTINOM_RTOL, "multinomial propensity")
    close(w["weight"], ref["ate"], MULTINOM_RTOL, "ATE weights")
    att = compare.ipw(gbsg2, "tgrade", GCOV, estimand="ATT", focal="II")
    close(att["weight"], ref["att_II"], MULTINOM_RTOL, "ATT weights")


@pytest.mark.parametrize("estimand", ["ATE", "ATT"])
def test_balance_and_effect_multi_valued(gbsg2, estimand):
    focal = "II" if estimand == "ATT" else None
    ref = r("gbsg2_balance")
    ref = ref[ref["estimand"] == estimand]
    w = compare.ipw(gbsg2, "tgrade", GCOV, estimand=estimand, focal=focal)
    bal = compare.balance(gbsg2, "tgrade", GCOV, weights=w["weight"].to_numpy(), estimand=estimand, focal=focal)
    bal = bal.sort_values(["term", "group", "versus"]).reset_index(drop=True)
    ref = ref.sort_values(["term", "group", "versus"]).reset_index(drop=True)
    assert bal[["term", "group", "versus"]].values.tolist() == ref[["term", "group", "versus"]].values.tolist()
    close(bal["diff_unadjusted"], ref["diff_unadjusted"], 1e-10, "unadjusted differences")
    close(bal["diff_adjusted"], ref["diff_adjusted"], MULTINOM_RTOL, "adjusted differences")
    eff = compare.effect(gbsg2, "cens", "tgrade", GCOV, estimand=estimand, focal=focal, n_boot=3, seed=1)
    exp = r("gbsg2_effect")
    exp = exp[exp["estimand"] == estimand]
    close(eff["estimate"], exp["estimate"], MULTINOM_RTOL, "effects")


def test_weighted_aalen_johansen():
    sen = inp("senators")
    ref = r("senators_cif")
    w = compare.ipw(sen, "party", ["decade", "quebec"])
    close(w["weight"], r("senators_weights")["w"], MULTINOM_RTOL, "weights")
    cif = compare.adjusted_cumulative_incidence(sen, "years", "cause", "party", ["decade", "quebec"],
                                                times=[5, 10, 20, 30], n_boot=3, seed=1)
    merged = ref.merge(cif, on=["group", "time", "cause"], suffixes=("_r", ""))
    assert len(merged) == len(ref)
    close(merged["cif"], merged["cif_r"], MULTINOM_RTOL, "weighted cumulative incidence")


def test_evalue_published_example():
    """VanderWeele & Ding (2017): RR 3.9 (1.8 to 8.7) has E-values 7.26 and 3.0."""
    ev = compare.evalue(3.9, 1.8, 8.7).iloc[0]
    assert round(ev["evalue_estimate"], 2) == 7.26
    assert round(ev["evalue_ci"], 2) == 3.0
