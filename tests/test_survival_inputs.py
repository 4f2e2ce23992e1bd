"""Input checks of evalkit.survival: unusable data is refused with a message naming the column."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from evalkit import survival as sv
from evalkit.errors import EvalkitError, InputError


@pytest.fixture
def spells() -> pd.DataFrame:
    """Twelve newcomers: months from intake to first job, job kind (0 = none yet)."""
    return pd.DataFrame({
        "months": [1, 2, 2, 3, 4, 5, 6, 6, 2, 3, 3, 7],
        "job": [1, 1, 1, 0, 1, 1, 0, 1, 1, 1, 1, 0],
        "job_kind": [1, 2, 1, 0, 1, 2, 0, 1, 2, 2, 1, 0],
        "trajectory": ["lineair"] * 8 + ["geintegreerd_vdab"] * 4,
        "age": [25, 31, 40, 22, 35, 29, 45, 38, 50, 27, 33, 41],
        "weight": [1.0, 1.5, 0.5, 2.0, 1.0, 1.0, 1.2, 0.8, 1.0, 1.1, 0.9, 1.0],
    })


ANALYSES = {
    "kaplan_meier": lambda d, **kw: sv.kaplan_meier(d, kw.get("duration", "months"), kw.get("event", "job"),
                                                   by=kw.get("by")),
    "logrank": lambda d, **kw: sv.logrank(d, kw.get("duration", "months"), kw.get("event", "job"),
                                          by=kw.get("by", "trajectory")),
    "cox": lambda d, **kw: sv.cox(d, kw.get("duration", "months"), kw.get("event", "job"),
                                  kw.get("covariates", ["age"])),
    "rmst": lambda d, **kw: sv.rmst(d, kw.get("duration", "months"), kw.get("event", "job"), horizon=5,
                                    by=kw.get("by")),
    "cumulative_incidence": lambda d, **kw: sv.cumulative_incidence(
        d, kw.get("duration", "months"), kw.get("event", "job_kind"), by=kw.get("by")),
    "fine_gray": lambda d, **kw: sv.fine_gray(d, kw.get("duration", "months"), kw.get("event", "job_kind"),
                                              cause=1, covariates=kw.get("covariates", ["age"])),
}


def test_input_error_is_an_evalkit_error_and_a_value_error():
    assert issubclass(InputError, EvalkitError) and issubclass(InputError, ValueError)


@pytest.mark.parametrize("analysis", sorted(ANALYSES))
def test_missing_column_is_named(spells, analysis):
    with pytest.raises(InputError, match="'duur'"):
        ANALYSES[analysis](spells, duration="duur")


@pytest.mark.parametrize("analysis", sorted(ANALYSES))
def test_negative_duration_is_refused(spells, analysis):
    spells.loc[3, "months"] = -2
    with pytest.raises(InputError, match=r"'months'.*negative.*1 row"):
        ANALYSES[analysis](spells)


@pytest.mark.parametrize("analysis", sorted(ANALYSES))
def test_missing_duration_is_refused_with_row_count(spells, analysis):
    spells["months"] = spells["months"].astype(float)
    spells.loc[[0, 5], "months"] = np.nan
    with pytest.raises(InputError, match=r"'months'.*missing.*2 row"):
        ANALYSES[analysis](spells)


@pytest.mark.parametrize("analysis", sorted(ANALYSES))
def test_non_numeric_duration_is_refused(spells, analysis):
    spells["months"] = spells["months"].astype(str) + " months"
    with pytest.raises(InputError, match=r"'months'.*numeric"):
        ANALYSES[analysis](spells)


@pytest.mark.parametrize("analysis", ["kaplan_meier", "logrank", "cox", "rmst"])
def test_event_must_be_zero_or_one(spells, analysis):
    with pytest.raises(InputError, match=r"'job_kind'.*0 \(censored\) or 1.*\[2\]"):
        ANALYSES[analysis](spells, event="job_kind")


@pytest.mark.parametrize("analysis", ["kaplan_meier", "cumulative_incidence", "fine_gray"])
def test_missing_event_is_refused(spells, analysis):
    spells["job"] = spells["job"].astype(float)
    spells["job_kind"] = spells["job_kind"].astype(float)
    spells.loc[2, ["job", "job_kind"]] = np.nan
    with pytest.raises(InputError, match=r"event column.*missing.*1 row"):
        ANALYSES[analysis](spells)


def test_boolean_event_is_accepted(spells):
    spells["job"] = spells["job"].astype(bool)
    assert sv.kaplan_meier(spells, "months", "job")["n_events"].sum() == 9


def test_competing_risks_need_an_event_of_some_cause(spells):
    spells["job_kind"] = 0
    with pytest.raises(InputError, match=r"'job_kind'.*only the censoring code"):
        sv.cumulative_incidence(spells, "months", "job_kind")


def test_fine_gray_cause_must_occur(spells):
    with pytest.raises(InputError, match=r"cause 4 does not occur.*'job_kind'.*\[1, 2\]"):
        sv.fine_gray(spells, "months", "job_kind", cause=4, covariates="age")


def test_censor_code_other_than_zero(spells):
    spells["status"] = spells["job_kind"].replace({0: 9})
    with_nine = sv.cumulative_incidence(spells, "months", "status", censor_code=9)
    with_zero = sv.cumulative_incidence(spells, "months", "job_kind")
    np.testing.assert_allclose(with_nine["cif"], with_zero["cif"])


@pytest.mark.parametrize("analysis", ["cox", "fine_gray"])
def test_covariate_with_a_single_value_is_refused(spells, analysis):
    spells["programme"] = "COB"
    with pytest.raises(InputError, match=r"'programme'.*single value"):
        ANALYSES[analysis](spells, covariates=["age", "programme"])


@pytest.mark.parametrize("analysis", ["cox", "fine_gray"])
def test_missing_covariates_are_counted(spells, analysis):
    spells["age"] = spells["age"].astype(float)
    spells.loc[[1, 4], "age"] = np.nan
    spells.loc[[4, 7], "trajectory"] = None
    with pytest.raises(InputError, match=r"missing values in 3 row\(s\): 'age' \(2 rows\), 'trajectory' \(2 rows\)"):
        ANALYSES[analysis](spells, covariates=["age", "trajectory"])


def test_categorical_covariate_becomes_treatment_dummies(spells):
    fit = sv.cox(spells, "months", "job", ["trajectory", "age"])
    assert list(fit.summary.index) == ["trajectory[T.lineair]", "age"]
    assert fit.terms == {"trajectory": ["trajectory[T.lineair]"], "age": ["age"]}
    turned = sv.cox(spells, "months", "job", ["trajectory", "age"], reference={"trajectory": "lineair"})
    assert list(turned.summary.index) == ["trajectory[T.geintegreerd_vdab]", "age"]
    np.testing.assert_allclose(turned.summary["coef"].iloc[0], -fit.summary["coef"].iloc[0], rtol=1e-8)


def test_unknown_reference_level_is_refused(spells):
    with pytest.raises(InputError, match=r"reference level 'jongerentraject_esf'.*'trajectory'"):
        sv.cox(spells, "months", "job", ["trajectory"], reference={"trajectory": "jongerentraject_esf"})


def test_missing_group_values_are_refused(spells):
    spells.loc[0, "trajectory"] = None
    with pytest.raises(InputError, match=r"by column 'trajectory'.*missing.*1 row"):
        sv.kaplan_meier(spells, "months", "job", by="trajectory")


def test_weights_must_be_positive(spells):
    spells.loc[0, "weight"] = 0.0
    with pytest.raises(InputError, match=r"'weight'.*positive"):
        sv.kaplan_meier(spells, "months", "job", weights="weight")


def test_single_group_cannot_be_compared(spells):
    with pytest.raises(InputError, match=r"'trajectory'.*single value"):
        sv.logrank(spells[spells["trajectory"] == "lineair"], "months", "job", by="trajectory")


def test_cluster_needs_robust_variance(spells):
    with pytest.raises(InputError, match="robust"):
        sv.cox(spells, "months", "job", ["age"], cluster="trajectory", robust=False)


def test_design_and_covariates_are_exclusive(spells):
    with pytest.raises(InputError, match="not both"):
        sv.cox(spells, "months", "job", ["age"], design=spells[["age"]])


@pytest.mark.parametrize("kwargs, message", [
    ({"conf_type": "logit"}, "conf_type"),
    ({"conf_level": 95}, "conf_level"),
])
def test_bad_interval_options(spells, kwargs, message):
    with pytest.raises(InputError, match=message):
        sv.kaplan_meier(spells, "months", "job", **kwargs)


def test_bad_ties_option(spells):
    with pytest.raises(InputError, match="ties"):
        sv.cox(spells, "months", "job", ["age"], ties="exact")


def test_horizon_must_be_positive(spells):
    with pytest.raises(InputError, match="horizon"):
        sv.rmst(spells, "months", "job", horizon=0)


def test_rmst_difference_reference_must_exist(spells):
    with pytest.raises(InputError, match="reference group 'andere'"):
        sv.rmst_difference(spells, "months", "job", 5, by="trajectory", reference="andere")


def test_curve_helpers_want_a_kaplan_meier_table(spells):
    with pytest.raises(InputError, match="kaplan_meier"):
        sv.median_survival(spells)
    with pytest.raises(InputError, match="kaplan_meier"):
        sv.survival_at(spells, [3])


def test_not_a_dataframe():
    with pytest.raises(InputError, match="DataFrame"):
        sv.kaplan_meier({"months": [1, 2], "job": [1, 0]}, "months", "job")
