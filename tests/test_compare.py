"""evalkit.compare by hand: saturated propensity models whose fitted values are cell shares, so
every weight, mean and balance statistic can be written down; plus input checks and the E-value."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from evalkit import compare
from evalkit.errors import InputError, NotEstimable


@pytest.fixture
def cells():
    # x = 0: 8 persons, 2 treated (p = 1/4); x = 1: 4 persons, 3 treated (p = 3/4)
    t = [1, 1, 0, 0, 0, 0, 0, 0] + [1, 1, 1, 0]
    x = [0] * 8 + [1] * 4
    y = [1, 0, 0, 0, 1, 0, 0, 0] + [1, 1, 0, 1]
    return pd.DataFrame({"t": t, "x": x, "y": y})


def test_weights_by_hand(cells):
    w = compare.ipw(cells, "t", ["x"], estimand="ATE", stabilize=False)
    p = np.where(cells["x"] == 1, 0.75, 0.25)
    expected = np.where(cells["t"] == 1, 1 / p, 1 / (1 - p))
    np.testing.assert_allclose(w["weight"], expected, rtol=1e-8)
    att = compare.ipw(cells, "t", ["x"], estimand="ATT", stabilize=False)
    np.testing.assert_allclose(att["weight"], np.where(cells["t"] == 1, 1.0, p / (1 - p)), rtol=1e-8)
    stab = compare.ipw(cells, "t", ["x"], estimand="ATE")
    share = np.where(cells["t"] == 1, 5 / 12, 7 / 12)
    np.testing.assert_allclose(stab["weight"], expected * share, rtol=1e-8)


def test_effect_by_hand(cells):
    res = compare.effect(cells, "y", "t", ["x"], estimand="ATE", n_boot=10, seed=1).iloc[0]
    # ATE: standardise each arm to the whole population (x=0: 8/12, x=1: 4/12)
    m1 = 8 / 12 * 0.5 + 4 / 12 * (2 / 3)      # treated: y mean 1/2 at x=0, 2/3 at x=1
    m0 = 8 / 12 * (1 / 6) + 4 / 12 * 1.0      # control: 1/6 at x=0, 1 at x=1
    assert res["mean_group"] == pytest.approx(m1)
    assert res["mean_versus"] == pytest.approx(m0)
    assert res["ratio"] == pytest.approx(m1 / m0)
    att = compare.effect(cells, "y", "t", ["x"], estimand="ATT", n_boot=10, seed=1).iloc[0]
    # ATT: the treated's x distribution (x=0: 2/5, x=1: 3/5)
    assert att["mean_versus"] == pytest.approx(2 / 5 * (1 / 6) + 3 / 5 * 1.0)
    naive = compare.effect(cells, "y", "t", None, n_boot=10, seed=1).iloc[0]
    assert naive["estimate"] == pytest.approx(3 / 5 - 2 / 7)


def test_balance_by_hand(cells):
    w = compare.ipw(cells, "t", ["x"], estimand="ATE")["weight"].to_numpy()
    bal = compare.balance(cells, "t", ["x"], weights=w).iloc[0]
    assert bal["type"] == "binary" and bal["statistic"] == "raw difference"
    assert bal["diff_unadjusted"] == pytest.approx(3 / 5 - 1 / 7)
    assert bal["diff_adjusted"] == pytest.approx(0.0, abs=1e-10)  # a saturated model balances exactly
    std = compare.balance(cells, "t", ["x"], binary="std").iloc[0]
    p1, p0 = 3 / 5, 1 / 7
    assert std["diff_unadjusted"] == pytest.approx((p1 - p0) / np.sqrt((p1 * (1 - p1) + p0 * (1 - p0)) / 2))


def test_trimming_and_truncation_are_reported(cells):
    trimmed = compare.ipw(cells, "t", ["x"], trim=0.3)  # every p is 0.25 or 0.75: all outside [0.3, 0.7]
    assert trimmed["trimmed"].all() and (trimmed["weight"] == 0).all()
    rep = compare.weight_report(compare.ipw(cells, "t", ["x"], truncate=0.6))
    assert rep["n_truncated"].sum() > 0
    assert set(rep.columns) >= {"group", "n", "n_trimmed", "n_truncated", "ess"}


def test_bootstrap_is_repeatable(cells):
    a = compare.effect(cells, "y", "t", ["x"], n_boot=30, seed=7)
    b = compare.effect(cells, "y", "t", ["x"], n_boot=30, seed=7)
    assert a.equals(b)
    assert not a.equals(compare.effect(cells, "y", "t", ["x"], n_boot=30, seed=8))


def test_adjusted_cumulative_incidence_matches_the_unweighted_estimator():
    from evalkit import survival

    df = pd.DataFrame({"t": [1, 2, 2, 3, 4, 5, 6, 6, 7, 8], "e": [1, 2, 1, 0, 1, 2, 0, 1, 2, 0], "g": ["a"] * 10})
    df.loc[:4, "g"] = "b"
    ours = compare.adjusted_cumulative_incidence(df, "t", "e", "g", None, times=[1, 2, 3, 4, 5, 6, 7, 8], n_boot=5,
                                                 seed=1)
    ref = survival.cumulative_incidence(df, "t", "e", by="g")
    for (g, c), part in ours.groupby(["group", "cause"]):
        r = ref[(ref["group"] == g) & (ref["cause"] == c)]
        at = survival.survival_at(r.rename(columns={"cif": "survival"}).assign(ci_lower=0, ci_upper=0), part["time"])
        np.testing.assert_allclose(part["cif"], at["survival"].where(at["time"] >= r["time"].min(), 0.0), atol=1e-12)


@pytest.mark.parametrize("kwargs,match", [
    ({"treatment": "nope"}, "nope"),
    ({"covariates": ["x", "missing_col"]}, "missing_col"),
    ({"estimand": "ATC"}, "estimand"),
    ({"trim": 0.7}, "trim"),
])
def test_input_errors_name_the_problem(cells, kwargs, match):
    args = {"treatment": "t", "covariates": ["x"], **kwargs}
    with pytest.raises(InputError, match=match):
        compare.ipw(cells, **args)


def test_missing_values_are_an_error(cells):
    cells.loc[0, "x"] = np.nan
    with pytest.raises(InputError, match="'x'"):
        compare.propensity(cells, "t", ["x"])
    with pytest.raises(InputError, match="seed"):
        compare.bootstrap_indices(5, 2, seed=None)


def test_constant_covariates_are_not_estimable_and_say_so(cells):
    """A covariate without variation leaves nothing to adjust for: the data, not the call, are at fault."""
    with pytest.raises(NotEstimable, match="every covariate is constant") as caught:
        compare.ipw(cells.assign(x=1.0, z="a"), "t", ["x", "z"])
    assert caught.value.reason == "constant_covariates"
    # one constant covariate among varying ones is simply left out of the model
    assert len(compare.ipw(cells.assign(z="a"), "t", ["x", "z"])) == len(cells)


def test_evalue_cases():
    # protective effect: RR 0.5 -> 1/RR = 2 -> 2 + sqrt(2) ; CI containing 1 -> 1
    ev = compare.evalue(0.5, 0.3, 1.1).iloc[0]
    assert ev["evalue_estimate"] == pytest.approx(2 + np.sqrt(2))
    assert ev["evalue_ci"] == 1.0
    # a common outcome's odds ratio is first square-rooted
    assert compare.evalue(4.0, measure="OR").iloc[0]["rr"] == pytest.approx(2.0)
    with pytest.raises(InputError):
        compare.evalue(-1.0)
