"""evalkit.survival against R's survival and cmprsk packages on public datasets.

The expected numbers are R's, stored in tests/golden/r_output/ by tests/golden/golden.R from the
inputs in tests/golden/inputs/ (see tests/golden/README.md). Tolerances: 1e-6 relative for
survival and cumulative-incidence curves and their intervals; 1e-4 relative for coefficients,
standard errors and test statistics.
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from evalkit import survival as sv

GOLDEN = Path(__file__).parent / "golden"
CURVE_RTOL = 1e-6
MODEL_RTOL = 1e-4
ZERO_ATOL = 1e-12  # for quantities that are exactly zero in R (e.g. a variance before any event)


def read_input(name: str) -> pd.DataFrame:
    return pd.read_csv(GOLDEN / "inputs" / f"{name}.csv")


def read_r(name: str) -> pd.DataFrame:
    return pd.read_csv(GOLDEN / "r_output" / f"{name}.csv", na_values=["NA"])


def assert_close(actual, expected, rtol, what, atol=ZERO_ATOL):
    actual = np.asarray(actual, dtype=float)
    expected = np.asarray(expected, dtype=float)
    assert actual.shape == expected.shape, f"{what}: shape {actual.shape} != R's {expected.shape}"
    np.testing.assert_allclose(actual, expected, rtol=rtol, atol=atol, equal_nan=True, err_msg=what)


def r_term(term: str) -> str:
    """Our dummy names (``tgrade[T.II]``) as R's (``tgradeII``)."""
    match = re.fullmatch(r"(.*)\[T\.(.*)\]", term)
    return match.group(1) + match.group(2) if match else term


# ------------------------------------------------------------------------- Kaplan-Meier
KM_CASES = {
    # fixture: (dataset, duration, event, by, weights, conf_type, conf_level, robust)
    "km_rossi": ("rossi", "week", "arrest", None, None, "log-log", 0.95, None),
    "km_rossi_fin": ("rossi", "week", "arrest", "fin", None, "log-log", 0.95, None),
    "km_lung_sex": ("lung", "time", "status", "sex", None, "log-log", 0.95, None),
    "km_lung_log": ("lung", "time", "status", None, None, "log", 0.95, None),
    "km_lung_plain90": ("lung", "time", "status", None, None, "plain", 0.90, None),
    "km_waltons_group": ("waltons", "T", "E", "group", None, "log-log", 0.95, None),
    "km_gbsg2_horth": ("gbsg2", "time", "cens", "horTh", None, "log-log", 0.95, None),
    "km_rossi_fin_ipw": ("rossi", "week", "arrest", "fin", "ipw", "log-log", 0.95, None),
    "km_rossi_fin_ipw_greenwood": ("rossi", "week", "arrest", "fin", "ipw", "log-log", 0.95, False),
}


def km_fit(name: str) -> pd.DataFrame:
    dataset, duration, event, by, weights, conf_type, conf_level, robust = KM_CASES[name]
    return sv.kaplan_meier(read_input(dataset), duration, event, by=by, weights=weights,
                           conf_type=conf_type, conf_level=conf_level, robust=robust)


@pytest.mark.parametrize("name", sorted(KM_CASES))
def test_kaplan_meier_matches_survfit(name):
    ours = km_fit(name)
    r = read_r(name)
    assert ours["group"].astype(str).tolist() == r["group"].astype(str).tolist()
    assert_close(ours["time"], r["time"], 0, f"{name} time")
    for col, rcol in [("n_at_risk", "n_risk"), ("n_events", "n_event"), ("n_censored", "n_censor"),
                      ("survival", "surv"), ("ci_lower", "lower"), ("ci_upper", "upper")]:
        assert_close(ours[col], r[rcol], CURVE_RTOL, f"{name} {col}")
    # R's std.err is that of log S with Greenwood (logse) and that of S with the robust variance
    r_se = np.where(r["logse"], r["std_err"] * r["surv"], r["std_err"])
    finite = np.isfinite(r["std_err"])
    assert_close(ours["std_err"][finite], r_se[finite], CURVE_RTOL, f"{name} std_err")


def test_median_survival_matches_print_survfit():
    r = read_r("km_medians")
    for name in KM_CASES:
        ours = sv.median_survival(km_fit(name))
        expected = r[r["fit"] == name]
        assert ours["group"].astype(str).tolist() == expected["group"].astype(str).tolist()
        for col, rcol in [("median", "median"), ("ci_lower", "lower"), ("ci_upper", "upper")]:
            assert_close(ours[col], expected[rcol], CURVE_RTOL, f"{name} median {col}")


def test_survival_at_matches_summary_times():
    r = read_r("km_lung_sex_at")
    ours = sv.survival_at(km_fit("km_lung_sex"), sorted(r["time"].unique()))
    assert ours["group"].astype(str).tolist() == r["group"].astype(str).tolist()
    assert_close(ours["time"], r["time"], 0, "time")
    for col, rcol in [("survival", "surv"), ("ci_lower", "lower"), ("ci_upper", "upper")]:
        assert_close(ours[col], r[rcol], CURVE_RTOL, f"survival_at {col}")


# ------------------------------------------------------------------------- log-rank
LOGRANK_CASES = {
    "rossi_fin": ("rossi", "week", "arrest", "fin", None),
    "waltons_group": ("waltons", "T", "E", "group", None),
    "lung_ecog": ("lung", "time", "status", "ph.ecog", None),
    "gbsg2_tgrade": ("gbsg2", "time", "cens", "tgrade", None),
    "rossi_fin_strata_race": ("rossi", "week", "arrest", "fin", "race"),
    "gbsg2_tgrade_strata": ("gbsg2", "time", "cens", "tgrade", ["menostat", "horTh"]),
}


@pytest.mark.parametrize("name", sorted(LOGRANK_CASES))
def test_logrank_matches_survdiff(name):
    dataset, duration, event, by, strata = LOGRANK_CASES[name]
    data = read_input(dataset).dropna(subset=[by])  # R drops the one lung row without ph.ecog
    ours = sv.logrank(data, duration, event, by=by, strata=strata)
    r = read_r("logrank").set_index("test").loc[name]
    assert int(ours["df"].iloc[0]) == int(r["df"])
    assert_close(ours["statistic"], [r["statistic"]], MODEL_RTOL, f"{name} statistic")
    assert_close(ours["p_value"], [r["p_value"]], MODEL_RTOL, f"{name} p-value")


# ------------------------------------------------------------------------- Cox
ROSSI_ALL = ["fin", "age", "race", "wexp", "mar", "paro", "prio"]
GBSG2_ALL = ["horTh", "age", "menostat", "tsize", "tgrade", "pnodes", "progrec", "estrec"]
COX_CASES = {
    "cox_rossi_efron": ("rossi", "week", "arrest", ROSSI_ALL, {}),
    "cox_rossi_breslow": ("rossi", "week", "arrest", ROSSI_ALL, {"ties": "breslow"}),
    "cox_rossi_strata_efron": ("rossi", "week", "arrest", ["fin", "age", "prio"],
                               {"strata": ["wexp", "race"]}),
    "cox_rossi_strata_breslow": ("rossi", "week", "arrest", ["fin", "age", "prio"],
                                 {"strata": ["wexp", "race"], "ties": "breslow"}),
    "cox_rossi_ipw_efron": ("rossi", "week", "arrest", ["fin", "age", "prio"],
                            {"weights": "ipw", "robust": True}),
    "cox_rossi_ipw_breslow": ("rossi", "week", "arrest", ["fin", "age", "prio"],
                              {"weights": "ipw", "robust": True, "ties": "breslow"}),
    "cox_rossi_ipw_naive": ("rossi", "week", "arrest", ["fin", "age", "prio"],
                            {"weights": "ipw", "robust": False}),
    "cox_rossi_cluster_efron": ("rossi", "week", "arrest", ["fin", "prio", "wexp"],
                                {"cluster": "age"}),
    "cox_rossi_cluster_breslow": ("rossi", "week", "arrest", ["fin", "prio", "wexp"],
                                  {"cluster": "age", "ties": "breslow"}),
    "cox_gbsg2_efron": ("gbsg2", "time", "cens", GBSG2_ALL, {}),
    "cox_gbsg2_strata_breslow": ("gbsg2", "time", "cens",
                                 ["age", "tsize", "tgrade", "pnodes", "progrec"],
                                 {"strata": "horTh", "ties": "breslow"}),
    # nofin = 1 - fin; wexp is constant within strata(wexp): both aliased, R's coefficient NA
    "cox_rossi_aliased_efron": ("rossi", "week", "arrest", ["fin", "age", "nofin", "prio"], {}),
    "cox_rossi_aliased_strata_breslow": ("rossi", "week", "arrest", ["fin", "age", "wexp", "prio"],
                                         {"strata": "wexp", "ties": "breslow"}),
}
ALIASED = {"cox_rossi_aliased_efron": ["nofin"], "cox_rossi_aliased_strata_breslow": ["wexp"]}


def cox_fit(name: str) -> sv.CoxResult:
    dataset, duration, event, covariates, options = COX_CASES[name]
    if name not in ALIASED:
        return sv.cox(read_input(dataset), duration, event, covariates, **options)
    with pytest.warns(sv.AliasedWarning, match=ALIASED[name][0]):
        return sv.cox(read_input(dataset), duration, event, covariates, **options)


@pytest.mark.parametrize("name", sorted(COX_CASES))
def test_cox_matches_coxph(name):
    fit = cox_fit(name)
    r = read_r("cox_coefficients")
    r = r[r["fit"] == name].set_index("term")
    ours = fit.summary.rename(index=r_term)
    assert list(ours.index) == list(r.index)
    aliased = r.index[r["coef"].isna()].tolist()
    assert fit.aliased == aliased == ALIASED.get(name, [])
    assert ours.loc[aliased].isna().all().all() and fit.var.loc[aliased].isna().all().all()
    ours, r = ours.drop(aliased), r.drop(aliased)  # R writes se 0 beside its NA; we write no number
    for col, rcol in [("coef", "coef"), ("se", "se"), ("se_naive", "se_naive"), ("z", "z"),
                      ("p_value", "p_value"), ("ci_lower", "hr_lower"), ("ci_upper", "hr_upper")]:
        assert_close(ours[col], r[rcol], MODEL_RTOL, f"{name} {col}")
    assert_close(ours["hr"], np.exp(r["coef"]), MODEL_RTOL, f"{name} hr")
    assert_close([fit.loglik], [r["loglik"].iloc[0]], MODEL_RTOL, f"{name} loglik")


@pytest.mark.parametrize("name", sorted(COX_CASES))
def test_ph_test_matches_cox_zph(name):
    ours = cox_fit(name).ph_test()
    r = read_r("cox_zph")
    r = r[r["fit"] == name].set_index("term")
    assert list(ours.index) == list(r.index)
    assert ours["df"].tolist() == r["df"].astype(int).tolist()
    assert_close(ours["statistic"], r["statistic"], MODEL_RTOL, f"{name} zph statistic")
    assert_close(ours["p_value"], r["p_value"], MODEL_RTOL, f"{name} zph p-value")


def test_cox_reproduces_fox_and_weisberg_published_rossi_model():
    """Published Efron estimates (Fox & Weisberg, Cox appendix): an anchor outside R."""
    coef = cox_fit("cox_rossi_efron").summary["coef"].round(4)
    assert coef["fin"] == pytest.approx(-0.3794, abs=1e-4)
    assert coef["age"] == pytest.approx(-0.0574, abs=1e-4)
    assert coef["prio"] == pytest.approx(0.0915, abs=1e-4)


def test_cox_with_expanded_design_equals_categorical_expansion():
    data = read_input("gbsg2")
    by_name = sv.cox(data, "time", "cens", ["age", "tgrade"])
    design = pd.DataFrame({"age": data["age"], "grade2": (data["tgrade"] == "II") * 1.0,
                           "grade3": (data["tgrade"] == "III") * 1.0})
    by_design = sv.cox(data, "time", "cens", design=design)
    assert_close(by_design.summary["coef"], by_name.summary["coef"], 1e-10, "design coef")
    assert list(by_name.summary.index) == ["age", "tgrade[T.II]", "tgrade[T.III]"]


# ------------------------------------------------------------------------- competing risks
CIF_CASES = {
    "senators_years_party": ("years", "party"),
    "senators_days": ("days", None),
    "senators_years": ("years", None),
}


@pytest.mark.parametrize("name", sorted(CIF_CASES))
def test_cumulative_incidence_matches_cuminc(name):
    duration, by = CIF_CASES[name]
    ours = sv.cumulative_incidence(read_input("senators"), duration, "cause", by=by)
    ours["group"] = ours["group"].astype(str)
    r = read_r("cuminc")
    r = r[r["fit"] == name].copy()
    r["group"] = r["group"].astype(str) if by else sv.ALL
    # cuminc reports the value each curve jumps to at the event times of that cause
    merged = r.merge(ours, on=["group", "cause", "time"], how="left", suffixes=("_r", ""))
    assert len(merged) == len(r) and merged["cif"].notna().all()
    assert_close(merged["cif"], merged["cif_r"], CURVE_RTOL, f"{name} cif")
    assert_close(merged["std_err"], np.sqrt(merged["var"]), CURVE_RTOL, f"{name} std_err")
    # the cmprsk users' log(-log) interval, computed here from R's estimate and variance
    z = 1.959963984540054
    sd = np.sqrt(merged["var"])
    inner = merged["cif_r"].where((merged["cif_r"] > 0) & (merged["cif_r"] < 1))
    lower = inner ** np.exp(-z * sd / (inner * np.log(inner)))
    upper = inner ** np.exp(z * sd / (inner * np.log(inner)))
    assert_close(merged["ci_lower"], lower, CURVE_RTOL, f"{name} ci_lower")
    assert_close(merged["ci_upper"], upper, CURVE_RTOL, f"{name} ci_upper")


def test_result_tables_survive_merging():
    """pandas compares attrs when merging: they must hold plain values, not DataFrames."""
    ours = sv.cumulative_incidence(read_input("senators"), "years", "cause", by="party")
    merged = ours[ours["cause"] == 1].merge(ours[ours["cause"] == 2], on=["group", "time"])
    assert len(merged) == (ours["cause"] == 1).sum()
    test = sv.logrank(read_input("rossi"), "week", "arrest", by="fin")
    assert len(pd.concat([test, test])) == 2


def test_cumulative_incidence_steps_only_at_its_cause():
    ours = sv.cumulative_incidence(read_input("senators"), "years", "cause")
    for _, curve in ours.groupby("cause"):
        jumps = curve["cif"].diff().fillna(curve["cif"]) != 0
        assert (curve.loc[jumps, "n_events"] > 0).all()


def test_gray_test_matches_cuminc_tests():
    ours = sv.cumulative_incidence(read_input("senators"), "years", "cause", by="party")
    gray = pd.DataFrame(ours.attrs["gray_test"])
    direct = sv.gray_test(read_input("senators"), "years", "cause", by="party")
    pd.testing.assert_frame_equal(gray, direct)
    r = read_r("cuminc_gray")
    assert gray["cause"].tolist() == r["cause"].tolist()
    assert gray["df"].tolist() == r["df"].tolist()
    assert_close(gray["statistic"], r["statistic"], MODEL_RTOL, "Gray statistic")
    assert_close(gray["p_value"], r["p_value"], MODEL_RTOL, "Gray p-value")


CRR_CASES = {
    "senators_years_death": ("years", 1, ["liberal", "decade", "quebec"]),
    "senators_years_retirement": ("years", 2, ["liberal", "decade", "quebec"]),
    "senators_days_death": ("days", 1, ["liberal", "decade", "quebec"]),
    "senators_years_party_resignation": ("years", 3, ["party", "decade"]),
}


@pytest.mark.parametrize("name", sorted(CRR_CASES))
def test_fine_gray_matches_crr(name):
    duration, cause, covariates = CRR_CASES[name]
    fit = sv.fine_gray(read_input("senators"), duration, "cause", cause=cause, covariates=covariates)
    r = read_r("crr")
    r = r[r["fit"] == name].set_index("term")
    ours = fit.summary.rename(index=r_term)
    assert list(ours.index) == list(r.index)
    assert fit.converged == bool(r["converged"].iloc[0])
    for col, rcol in [("coef", "coef"), ("se", "se"), ("z", "z"), ("p_value", "p_value"),
                      ("ci_lower", "shr_lower"), ("ci_upper", "shr_upper")]:
        assert_close(ours[col], r[rcol], MODEL_RTOL, f"{name} {col}")
    assert_close(ours["shr"], np.exp(r["coef"]), MODEL_RTOL, f"{name} shr")


# ------------------------------------------------------------------------- restricted mean
RMST_CASES = {
    "rossi_fin_40": ("rossi", "week", "arrest", 40, "fin"),
    "rossi_fin_52": ("rossi", "week", "arrest", 52, "fin"),
    "gbsg2_horth_1500": ("gbsg2", "time", "cens", 1500, "horTh"),
    "lung_500": ("lung", "time", "status", 500, None),
    "lung_365.5": ("lung", "time", "status", 365.5, None),
}


@pytest.mark.parametrize("name", sorted(RMST_CASES))
def test_rmst_matches_survfit_rmean(name):
    dataset, duration, event, horizon, by = RMST_CASES[name]
    ours = sv.rmst(read_input(dataset), duration, event, horizon, by=by)
    r = read_r("rmst")
    r = r[r["fit"] == name]
    assert ours["group"].astype(str).tolist() == r["group"].astype(str).tolist()
    assert_close(ours["rmst"], r["rmst"], CURVE_RTOL, f"{name} rmst")
    assert_close(ours["se"], r["se"], MODEL_RTOL, f"{name} se")


def test_rmst_difference_combines_r_group_estimates():
    ours = sv.rmst_difference(read_input("gbsg2"), "time", "cens", 1500, by="horTh", reference="no")
    r = read_r("rmst")
    r = r[r["fit"] == "gbsg2_horth_1500"].set_index("group")
    diff = r.loc["yes", "rmst"] - r.loc["no", "rmst"]
    se = np.hypot(r.loc["yes", "se"], r.loc["no", "se"])
    assert ours["group"].tolist() == ["yes"]
    assert_close(ours["difference"], [diff], MODEL_RTOL, "difference")
    assert_close(ours["se"], [se], MODEL_RTOL, "se")
    assert_close(ours["ci_lower"], [diff - 1.959963984540054 * se], MODEL_RTOL, "ci_lower")
