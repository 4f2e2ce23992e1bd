"""evalkit.stats.interval: Turnbull's NPMLE for interval-censored times.

Checked against a case solved by hand, against Kaplan-Meier (the NPMLE when nothing is
interval-censored), against the exact NPMLE of current-status data (isotonic regression, computed
in R: tests/golden/interval.R) and against R's survival::survfit(Surv(l, r, type = "interval2")),
whose EM stops when the curve moves less than 5e-5, so it is close to but not at the maximum.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from lifelines.datasets import load_rossi

from evalkit import survival
from evalkit.stats import interval
from evalkit.errors import InputError

GOLDEN = Path(__file__).parent / "golden"


def read_input(name: str, right: str) -> pd.DataFrame:
    data = pd.read_csv(GOLDEN / "inputs" / f"{name}.csv")
    return data.fillna({right: np.inf})


@pytest.fixture(scope="module")
def mice():
    return interval.turnbull(read_input("mice", "u"), "l", "u", by="grp")


@pytest.fixture(scope="module")
def diabetes():
    return interval.turnbull(read_input("diabetes", "right"), "left", "right", by="gender")


def survival_after(curve: pd.DataFrame, group, times) -> np.ndarray:
    """1 - the mass of the innermost intervals that start before t (or are the point t): R's
    survfit reports the curve this way, at the midpoints of the innermost intervals."""
    c = curve[curve["group"] == group]
    lo, hi, mass = c["time_lower"].to_numpy(), c["time_upper"].to_numpy(), c["mass"].to_numpy()
    return np.array([1 - mass[(lo < t) | ((lo == t) & (hi == t))].sum() for t in times])


def loglik_of_steps(data, left, right, times, surv) -> float:
    """Log-likelihood of a curve given as jumps at ``times`` (R's survfit output); what is left
    at the end lies beyond the last time."""
    times, surv = np.r_[times, np.inf], np.r_[surv, 0.0]
    jumps = -np.diff(np.r_[1.0, surv])
    lo, hi = data[left].to_numpy(float), data[right].to_numpy(float)
    exact = lo == hi
    inside = np.where(exact[:, None], times[None, :] == lo[:, None],
                      (times[None, :] > lo[:, None]) & (times[None, :] <= hi[:, None]))
    return float(np.log(inside @ jumps).sum())


def test_a_case_solved_by_hand():
    # intervals (0,2], (2,4], (1,3], (3,inf), (0,1]: innermost intervals (0,1], (1,2], (2,3], (3,4];
    # the likelihood (p1+p2)(p3+p4)(p2+p3) p4 p1 is largest at p = (1/3, 1/6, 1/6, 1/3)
    df = pd.DataFrame({"left": [0, 2, 1, 3, 0], "right": [2, 4, 3, np.inf, 1]})
    curve = interval.turnbull(df, "left", "right")
    assert curve["time_lower"].tolist() == [0, 1, 2, 3] and curve["time_upper"].tolist() == [1, 2, 3, 4]
    np.testing.assert_allclose(curve["mass"], [1 / 3, 1 / 6, 1 / 6, 1 / 3], atol=1e-10)
    np.testing.assert_allclose(curve["survival"], [2 / 3, 1 / 2, 1 / 3, 0], atol=1e-10)
    assert curve["n_at_risk"].tolist() == [5, 3, 2, 1]  # left >= 0, 1, 2, 3
    fit = curve.attrs["fit"][0]
    assert fit["converged"] and fit["kkt_gap"] < 1e-9
    assert fit["loglik"] == pytest.approx(np.log(1 / 108), rel=1e-10)
    at = interval.survival_at(curve, [0.5, 2.5, 10])
    np.testing.assert_allclose(at["survival"], [1 - 1 / 6, 1 - 1 / 3 - 1 / 6 - 1 / 12, 0], atol=1e-10)


def test_exact_and_right_censored_times_give_kaplan_meier():
    rossi = load_rossi()
    df = pd.DataFrame({"l": rossi["week"].astype(float),
                       "r": np.where(rossi["arrest"] == 1, rossi["week"], np.inf), "fin": rossi["fin"]})
    curve = interval.turnbull(df, "l", "r", by="fin")
    km = survival.kaplan_meier(rossi, "week", "arrest", by="fin")
    for group in (0, 1):
        ours = curve[(curve["group"] == group) & np.isfinite(curve["time_upper"])]
        theirs = km[(km["group"] == group) & (km["n_events"] > 0)]
        np.testing.assert_allclose(ours["survival"], theirs["survival"], rtol=1e-10)
        np.testing.assert_array_equal(ours["n_at_risk"], theirs["n_at_risk"])


def test_current_status_data_against_the_exact_npmle(mice):
    expected = pd.read_csv(GOLDEN / "r_output" / "turnbull_current_status.csv")
    for group, part in expected.groupby("group"):
        c = mice[mice["group"] == group]
        cdf = np.array([c.loc[c["time_upper"] <= t, "mass"].sum() for t in part["time"]])
        np.testing.assert_allclose(cdf, part["cdf"], atol=1e-9, err_msg=f"mice, group {group}")
    assert all(f["converged"] for f in mice.attrs["fit"])


def test_against_r_survfit_turnbull(mice, diabetes):
    r = pd.read_csv(GOLDEN / "r_output" / "turnbull_survfit.csv")
    for group, part in r[r["dataset"] == "diabetes"].groupby("group"):
        ours = survival_after(diabetes, group, part["time"].to_numpy())
        np.testing.assert_allclose(ours, part["surv"], atol=1e-5, err_msg=f"diabetes, {group}")
    # on current-status data R's EM stops well before the maximum (it moves very slowly there):
    # ours is within 0.01 of it and has a higher likelihood
    data = read_input("mice", "u")
    for group, part in r[r["dataset"] == "mice"].groupby("group"):
        ours = survival_after(mice, group, part["time"].to_numpy())
        assert np.max(np.abs(ours - part["surv"])) < 0.01
        theirs = loglik_of_steps(data[data["grp"] == group], "l", "u", part["time"].to_numpy(), part["surv"].to_numpy())
        fit = next(f for f in mice.attrs["fit"] if f["group"] == group)
        assert fit["loglik"] > theirs


def test_every_fit_meets_the_optimality_conditions(mice, diabetes):
    for fit in mice.attrs["fit"] + diabetes.attrs["fit"]:
        assert fit["converged"] and fit["kkt_gap"] < 1e-9, fit


def test_random_snapshot_like_data_converge():
    rng = np.random.default_rng(11)
    for _ in range(100):
        n = int(rng.integers(5, 200))
        t = rng.exponential(10, n)
        grid = np.sort(rng.uniform(0, 30, int(rng.integers(1, 8))))
        before = np.array([grid[grid < x].max() if (grid < x).any() else 0.0 for x in t])
        after = np.array([grid[grid >= x].min() if (grid >= x).any() else np.inf for x in t])
        after = np.where(rng.random(n) < 0.2, np.inf, after)
        fit = interval.turnbull(pd.DataFrame({"l": before, "r": after}), "l", "r").attrs["fit"][0]
        assert fit["converged"], fit


def test_integer_weights_are_repeated_rows():
    df = pd.DataFrame({"l": [0, 2, 1, 3, 0, 1], "r": [2, 4, 3, np.inf, 1, 2], "w": [1, 3, 1, 2, 1, 2]})
    weighted = interval.turnbull(df, "l", "r", weights="w")
    repeated = interval.turnbull(df.loc[df.index.repeat(df["w"])], "l", "r")
    np.testing.assert_allclose(weighted["mass"], repeated["mass"], atol=1e-9)


def test_repeated_rows_fit_as_their_weighted_distinct_patterns(diabetes):
    # turnbull fits on the distinct (group, left, right) patterns: every row repeated k times (in
    # shuffled order) gives the curve of the data as given, and so do the distinct patterns
    # weighted by how often they occur
    data = read_input("diabetes", "right")
    k = 3
    rng = np.random.default_rng(3)
    repeated = data.loc[rng.permutation(np.repeat(data.index, k))]
    curve = interval.turnbull(repeated, "left", "right", by="gender")
    cols = ["group", "time_lower", "time_upper"]
    pd.testing.assert_frame_equal(curve[cols], diabetes[cols])
    np.testing.assert_allclose(curve["mass"], diabetes["mass"], rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(curve["survival"], diabetes["survival"], rtol=1e-12, atol=1e-13)
    np.testing.assert_array_equal(curve["n_at_risk"], k * diabetes["n_at_risk"])  # rows, not patterns
    distinct = data.groupby(["gender", "left", "right"]).size().rename("w").reset_index()
    assert len(distinct) < len(data)
    weighted = interval.turnbull(distinct, "left", "right", by="gender", weights="w")
    np.testing.assert_allclose(weighted["mass"], diabetes["mass"], rtol=1e-12, atol=1e-13)
    for fit, once, merged in zip(curve.attrs["fit"], diabetes.attrs["fit"], weighted.attrs["fit"]):
        assert fit["n"] == k * once["n"] and merged["n"] == len(distinct[distinct["gender"] == fit["group"]])
        assert fit["loglik"] == pytest.approx(k * once["loglik"], rel=1e-12)
        assert merged["loglik"] == pytest.approx(once["loglik"], rel=1e-12)
        assert fit["converged"] and fit["kkt_gap"] < 1e-9


def test_case_weights_of_identical_rows_are_summed():
    df = pd.DataFrame({"l": [0, 2, 1, 3, 0, 2, 0], "r": [2, 4, 3, np.inf, 1, 4, 2],
                       "w": [0.5, 1.25, 1.0, 2.0, 1.0, 0.75, 1.5], "g": list("aaabbba")})
    merged = pd.DataFrame({"l": [0, 2, 1, 3, 0, 2], "r": [2, 4, 3, np.inf, 1, 4],
                           "w": [2.0, 1.25, 1.0, 2.0, 1.0, 0.75], "g": list("aaabbb")})
    a = interval.turnbull(df, "l", "r", by="g", weights="w")
    b = interval.turnbull(merged, "l", "r", by="g", weights="w")
    np.testing.assert_allclose(a["mass"], b["mass"], rtol=1e-12, atol=1e-13)
    for group, part in a.groupby("group"):  # rows, not patterns, with left >= time_lower
        lefts = df.loc[df["g"] == group, "l"].to_numpy()
        assert part["n_at_risk"].tolist() == [int((lefts >= t).sum()) for t in part["time_lower"]]
    assert [f["n"] for f in a.attrs["fit"]] == [4, 3]
    np.testing.assert_allclose([f["loglik"] for f in a.attrs["fit"]], [f["loglik"] for f in b.attrs["fit"]], rtol=1e-12)


@pytest.mark.parametrize("frame, message", [
    (pd.DataFrame({"l": [0, -1], "r": [1, 2]}), "negative"),
    (pd.DataFrame({"l": [0, 3], "r": [1, 2]}), "smaller than left"),
    (pd.DataFrame({"l": [0, 1], "r": [1, np.nan]}), "use inf"),
    (pd.DataFrame({"l": ["0", "1"], "r": [1, 2]}), "must be numeric"),
    (pd.DataFrame({"l": [0, 1], "x": [1, 2]}), "not found"),
])
def test_bad_input_names_the_column(frame, message):
    with pytest.raises(InputError, match=message):
        interval.turnbull(frame, "l", "r")
