"""evalkit.studies.profiles against R: glm(binomial) on Fair's affairs data, coxph on the Rossi data.

Fixtures: tests/golden/profiles/ (inputs written by make_profile_inputs.py from statsmodels' and lifelines'
datasets; r_output written by profiles.R, which computes the marginal effects with a numerical
gradient where evalkit uses the analytic one). Coefficients must agree to 1e-6 relative, standard
errors to 1e-4.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from evalkit.studies import profiles

GOLDEN = Path(__file__).parent / "golden" / "profiles"
COEF_RTOL = 1e-6
SE_RTOL = 1e-4

FAIR_PROFILE = ["religion", "kids", "age_group", "educ_group", "yrs_married"]
FAIR_REFERENCE = {"religion": "not", "kids": "no", "age_group": "up_to_22", "educ_group": "12_or_less",
                  "marriage": "very_good"}
ROSSI_PROFILE = ["fin", "age_group", "prio_group", "mar", "paro"]
ROSSI_REFERENCE = {"fin": "no", "age_group": "17-20", "prio_group": "0", "mar": "no", "paro": "no", "wexp": "no"}


def r_output(name: str) -> pd.DataFrame:
    return pd.read_csv(GOLDEN / "r_output" / name, dtype={"category": str}, keep_default_na=False,
                       na_values=[""]).assign(category=lambda d: d["category"].fillna("") if "category" in d else None)


@pytest.fixture(scope="module")
def fair() -> pd.DataFrame:
    return pd.read_csv(GOLDEN / "inputs" / "fair.csv", dtype={"age_group": str, "educ_group": str})


@pytest.fixture(scope="module")
def rossi() -> pd.DataFrame:
    return pd.read_csv(GOLDEN / "inputs" / "rossi.csv", dtype={"prio_group": str})


@pytest.fixture(scope="module")
def logit(fair) -> profiles.ProfileModel:
    return profiles.status_model(fair, "affair", FAIR_PROFILE, within="marriage", reference=FAIR_REFERENCE)


@pytest.fixture(scope="module")
def coxfit(rossi) -> profiles.ProfileModel:
    return profiles.first_job_model(rossi, "week", "arrest", ROSSI_PROFILE, within="wexp", reference=ROSSI_REFERENCE)


def ours(model: profiles.ProfileModel) -> pd.DataFrame:
    est = model.estimates.query("not reference")
    return est.assign(category=est["category"].astype(object).fillna(""))


def close(a, b, rtol):
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    np.testing.assert_allclose(a, b, rtol=rtol, atol=1e-12)


def test_logistic_odds_ratios_and_marginal_effects_match_glm(logit):
    r = r_output("logit_estimates.csv")
    joined = ours(logit).merge(r, on=["model", "variable", "category"], suffixes=("", "_r"), validate="one_to_one")
    assert len(joined) == len(r) == 22  # every raw and adjusted term, numeric covariate included
    close(joined["coef"], joined["coef_r"], COEF_RTOL)
    close(joined["estimate"], joined["odds_ratio"], COEF_RTOL)
    close(joined["ame"], joined["ame_r"], COEF_RTOL)
    close(joined["se"], joined["se_r"], SE_RTOL)
    close(joined["ame_se"], joined["ame_se_r"], SE_RTOL)
    close(joined["ci_lower"], joined["ci_lower_r"], SE_RTOL)
    close(joined["ci_upper"], joined["ci_upper_r"], SE_RTOL)
    close(joined["p_value"], joined["p_value_r"], SE_RTOL)


def test_logistic_wald_tests_match(logit):
    r = pd.read_csv(GOLDEN / "r_output" / "logit_tests.csv")
    joined = logit.tests.merge(r, on=["model", "variable"], suffixes=("", "_r"), validate="one_to_one")
    assert len(joined) == 10
    close(joined["statistic"], joined["statistic_r"], SE_RTOL)
    assert (joined["df"] == joined["df_r"]).all()


def test_logistic_checks_auc_delong_and_hosmer_lemeshow(logit):
    r = pd.read_csv(GOLDEN / "r_output" / "logit_checks.csv").set_index("check")
    checks = logit.checks().set_index("check")
    close(checks.loc["auc", "value"], r.loc["auc", "value"], COEF_RTOL)
    se = (checks.loc["auc", "ci_upper"] - checks.loc["auc", "value"]) / 1.959963984540054
    close(se, r.loc["auc", "se"], SE_RTOL)
    close(checks.loc["hosmer_lemeshow", "value"], r.loc["hosmer_lemeshow", "value"], SE_RTOL)
    close(checks.loc["hosmer_lemeshow", "p_value"], r.loc["hosmer_lemeshow", "p_value"], SE_RTOL)
    cal = logit.calibration()
    rc = pd.read_csv(GOLDEN / "r_output" / "logit_calibration.csv")
    assert cal["n"].tolist() == rc["n"].tolist() and cal["n_observed"].tolist() == rc["n_observed"].tolist()
    close(cal["predicted"], rc["predicted"], COEF_RTOL)


def test_logistic_effect_modification_matches(fair):
    em = profiles.effect_modification(fair, "status", ["kids", "religion"], modifier="marriage",
                                      covariates=FAIR_PROFILE, outcome="affair", reference=FAIR_REFERENCE)
    r = pd.read_csv(GOLDEN / "r_output" / "logit_interaction_estimates.csv", dtype=str)
    joined = em.estimates.merge(r, on=["variable", "category", "contrast"], suffixes=("", "_r"), validate="one_to_one")
    assert len(joined) == len(r) == 12
    assert (joined["estimated"] == joined["coef_r"].notna()).all()
    for col, tol in (("coef", COEF_RTOL), ("ame", COEF_RTOL), ("se", SE_RTOL), ("ame_se", SE_RTOL)):
        close(joined[col], joined[f"{col}_r"].astype(float), tol)
    tests = pd.read_csv(GOLDEN / "r_output" / "logit_interaction_tests.csv")
    close(em.tests["statistic"], tests["statistic"], SE_RTOL)
    assert em.tests["df"].tolist() == tests["df"].tolist()
    close(em.tests["p_holm"], tests["p_holm"], SE_RTOL)


def test_cox_hazard_ratios_match_coxph(coxfit):
    r = r_output("cox_estimates.csv")
    joined = ours(coxfit).merge(r, on=["model", "variable", "category"], suffixes=("", "_r"), validate="one_to_one")
    assert len(joined) == len(r) == 14
    close(joined["coef"], joined["coef_r"], COEF_RTOL)
    close(joined["estimate"], joined["hazard_ratio"], COEF_RTOL)
    close(joined["se"], joined["se_r"], SE_RTOL)
    close(joined["p_value"], joined["p_value_r"], SE_RTOL)
    tests = pd.read_csv(GOLDEN / "r_output" / "cox_tests.csv")
    t = coxfit.tests.merge(tests, on=["model", "variable"], suffixes=("", "_r"))
    assert len(t) == 10
    close(t["statistic"], t["statistic_r"], SE_RTOL)


def test_cox_checks_concordance_and_zph(coxfit, rossi):
    r = pd.read_csv(GOLDEN / "r_output" / "cox_concordance.csv").set_index("model")["concordance"]
    close(coxfit.checks().set_index("check").loc["concordance", "value"], r["stratified"], COEF_RTOL)
    plain = profiles.first_job_model(rossi, "week", "arrest", ROSSI_PROFILE, within=None, reference=ROSSI_REFERENCE,
                                     raw=False)
    close(plain.checks().set_index("check").loc["concordance", "value"], r["unstratified"], COEF_RTOL)
    zph = pd.read_csv(GOLDEN / "r_output" / "cox_zph.csv").set_index("variable")
    ph = coxfit.ph_test()
    assert list(ph.index) == list(zph.index)
    close(ph["statistic"], zph["statistic"], SE_RTOL)
    assert ph["df"].tolist() == zph["df"].tolist()


def test_cox_effect_modification_matches(rossi):
    em = profiles.effect_modification(rossi, "first_job", ["age_group", "prio_group"], modifier="fin",
                                      covariates=["age_group", "prio_group", "mar", "paro"], duration="week",
                                      event="arrest", reference=ROSSI_REFERENCE)
    r = pd.read_csv(GOLDEN / "r_output" / "cox_interaction_estimates.csv", dtype=str)
    joined = em.estimates.merge(r, on=["variable", "category", "contrast"], suffixes=("", "_r"), validate="one_to_one")
    assert len(joined) == 6
    # prior offences 0: fewer than 10 arrests in both arms, so no estimate of its own
    assert (joined["estimated"] == joined["coef_r"].notna()).all() and not joined["estimated"].all()
    close(joined["coef"], joined["coef_r"].astype(float), COEF_RTOL)
    close(joined["se"], joined["se_r"].astype(float), SE_RTOL)
    tests = pd.read_csv(GOLDEN / "r_output" / "cox_interaction_tests.csv")
    close(em.tests["statistic"], tests["statistic"], SE_RTOL)
    assert em.tests["df"].tolist() == tests["df"].tolist()
    close(em.tests["p_holm"], tests["p_holm"], SE_RTOL)
