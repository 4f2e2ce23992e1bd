"""Robustness of the profile estimates: the handling of missing values, and the truth of a
synthetic registry.

:func:`missing_sensitivity` sets complete-case estimates beside those with unknown values as a
category of their own; :func:`truth_comparison` sets the generator's true hazard ratios beside the
estimates, with and without the latent employability the registry does not hold.
"""
from __future__ import annotations

from typing import Sequence

import pandas as pd
from scipy import stats

from evalkit.errors import InputError
from evalkit.publish.degrade import degrades
from evalkit.studies.profiles.frames import (KINDS, MERGE_SEP, MISSING_HANDLING, PROFILE_VARIABLES, _as_tuple,
                                             _check_columns, prepare)
from evalkit.studies.profiles.models import ProfileModel, first_job_model, status_model

# The steps without their degradation: what they cannot estimate raises NotEstimable, so that it
# reaches the (degrading) function below that calls them and becomes its own notice in the report.
_prepare, _status_model, _first_job_model = prepare.__wrapped__, status_model.__wrapped__, first_job_model.__wrapped__


@degrades
def missing_sensitivity(data: pd.DataFrame, kind: str = "first_job", covariates: Sequence[str] = PROFILE_VARIABLES,
                        min_cell_size: int = 10, **model_args) -> pd.DataFrame:
    """Adjusted estimates with complete cases against those with missing values as a category.

    Parameters
    ----------
    data : DataFrame
        Rows *before* :func:`prepare` (e.g. from :func:`profile_data`).
    kind : {"first_job", "status"}
    covariates, min_cell_size
        As for :func:`prepare`.
    **model_args
        Passed to :func:`first_job_model` or :func:`status_model` (``within``, ``outcome``, ...).

    Returns
    -------
    DataFrame
        Per ``variable`` and ``category`` (the categories estimated in both analyses, reference
        rows left out): ``estimate_complete_case``, ``estimate_missing_category`` (odds or hazard
        ratios), ``relative_change`` (ratio of the two, minus 1). ``attrs`` holds ``n_complete_case``
        and ``n_missing_category``.
    """
    if kind not in KINDS:
        raise InputError(f"kind must be one of {KINDS}, not {kind!r}")
    fit = _status_model if kind == "status" else _first_job_model
    results = {}
    for how in MISSING_HANDLING:
        prepared, _ = _prepare(data, covariates, missing=how, min_cell_size=min_cell_size,
                               reference=model_args.get("reference"))
        results[how] = fit(prepared, covariates=covariates, raw=False, **model_args)
    keys = ["variable", "category"]

    def adjusted(model: ProfileModel) -> pd.DataFrame:
        est = model.estimates.query("model == 'adjusted' and not reference")
        return est.assign(category=est["category"].astype(object).fillna(""))[keys + ["estimate"]]

    out = adjusted(results["complete_case"]).merge(adjusted(results["category"]), on=keys,
                                                   suffixes=("_complete_case", "_missing_category"))
    out["relative_change"] = out["estimate_missing_category"] / out["estimate_complete_case"] - 1
    out.attrs.update({"n_complete_case": results["complete_case"].n, "n_missing_category": results["category"].n})
    return out


@degrades
def truth_comparison(registry, data: pd.DataFrame, covariates: Sequence[str] = PROFILE_VARIABLES,
                     within: str = "trajectory", conf_level: float = 0.95) -> pd.DataFrame:
    """On a synthetic registry: the generator's true log hazard ratios beside the estimates.

    The synthetic registry (``docs/synthetic_registry.md``) draws each first-job hazard as
    ``exp(x'beta + gamma * L)`` within the trajectory, with ``L`` a latent employability that the
    registry does not hold (``truth/latent.csv``). Three Cox fits on ``data`` (prepared rows of
    :func:`profile_data`): raw, adjusted (stratified by ``within``), and adjusted with ``L`` added.
    Only the last is expected to recover the truth; the second shows what the missing ``L`` does.

    Returns
    -------
    DataFrame
        Per ``variable`` and ``category`` (non-reference): ``true_coef``, ``coef_raw``,
        ``coef_adjusted``, ``coef_with_latent`` with ``se_with_latent``, ``ci_lower`` and ``ci_upper``
        (of the log hazard ratio with ``L``), and ``covered`` (truth inside that interval); the last
        row is the latent itself. Raises InputError when the registry has no ``truth/`` folder.
    """
    import json
    from pathlib import Path

    folder = Path(getattr(registry, "path", "")) / "truth"
    if not (folder / "parameters.json").is_file() or not (folder / "latent.csv").is_file():
        raise InputError(f"no ground truth beside this registry ({folder} is missing); only a synthetic "
                         "registry has one")
    truth = json.loads((folder / "parameters.json").read_text("utf-8"))["parameters"]
    latent = pd.read_csv(folder / "latent.csv", usecols=["intake_id", "latent_employability"])
    _check_columns(data, ["intake_id"])
    frame = data.merge(latent, on="intake_id", how="left", validate="one_to_one")
    if frame["latent_employability"].isna().any():
        raise InputError("some intakes are not in truth/latent.csv; is this the registry the truth belongs to?")
    covariates = _as_tuple(covariates)
    z = stats.norm.ppf(1 - (1 - conf_level) / 2)
    plain = _first_job_model(frame, covariates=covariates, within=within, conf_level=conf_level)
    with_latent = _first_job_model(frame, covariates=covariates + ("latent_employability",), within=within,
                                   conf_level=conf_level, raw=False)
    keys = ["variable", "category"]
    est = plain.estimates.query("not reference")

    def coefs(model: str, source: pd.DataFrame, name: str) -> pd.DataFrame:
        part = source.query("model == @model and not reference")
        return part.assign(category=part["category"].astype(object).fillna(""))[keys + ["coef"]].rename(
            columns={"coef": name})

    out = coefs("raw", est, "coef_raw").merge(coefs("adjusted", est, "coef_adjusted"), on=keys, how="outer")
    lat = with_latent.estimates.query("model == 'adjusted' and not reference")
    lat = lat.assign(category=lat["category"].astype(object).fillna(""))[keys + ["coef", "se"]].rename(
        columns={"coef": "coef_with_latent", "se": "se_with_latent"})
    out = out.merge(lat, on=keys, how="right")
    coefficients = truth["coefficients"]

    def true_value(variable: str, category: str) -> float:
        if variable == "latent_employability":
            return float(truth["latent_effect"])
        # a merged category takes the value of its first code (small groups join a neighbour)
        first = str(category).split(MERGE_SEP)[0]
        return float(coefficients.get(variable, {}).get(first, 0.0))

    out.insert(2, "true_coef", [true_value(v, c) for v, c in zip(out["variable"], out["category"])])
    out["ci_lower"] = out["coef_with_latent"] - z * out["se_with_latent"]
    out["ci_upper"] = out["coef_with_latent"] + z * out["se_with_latent"]
    out["covered"] = (out["ci_lower"] <= out["true_coef"]) & (out["true_coef"] <= out["ci_upper"])
    return out
