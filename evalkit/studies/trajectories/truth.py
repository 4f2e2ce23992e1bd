"""The ground truth of the trajectory comparison on a synthetic registry.

The synthetic model knows the true effect of every trajectory (:func:`true_effects`: the same persons
regenerated with each trajectory forced on them) and the latent employability behind the selection
(:func:`with_latent`). :func:`synthetic_truth` puts the naive, adjusted, latent-adjusted and true
differences side by side; a real registry has neither, and gets ``None``.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from evalkit.errors import InputError
from evalkit.publish.degrade import degrades
from evalkit.studies.trajectories.analysis import (
    DAYS_PER_MONTH, TARGETS, TRAJECTORIES, YOUTH, YOUTH_MAX_AGE, Comparison, compare_trajectories)


def with_latent(frame: pd.DataFrame, registry) -> pd.DataFrame | None:
    """The analysis frame with the synthetic model's latent employability (column
    ``latent_employability``) from the registry's ``truth/latent.csv``; ``None`` for a registry
    without that folder (every real extract).

    Examples
    --------
    >>> from evalkit.registry import load_registry
    >>> from evalkit.studies.trajectories import analysis_frame
    >>> registry = load_registry("synthetic")
    >>> "latent_employability" in with_latent(analysis_frame(registry), registry).columns
    True
    """
    from pathlib import Path

    path = Path(getattr(registry, "path", "")) / "truth" / "latent.csv"
    if not path.is_file():
        return None
    latent = pd.read_csv(path).set_index("intake_id")["latent_employability"]
    out = frame.assign(latent_employability=frame["intake_id"].map(latent))
    if out["latent_employability"].isna().any():
        raise InputError("truth/latent.csv lacks some intakes of the analysis frame")
    return out


def true_effects(n: int = 1662, seed: int | None = None, reference: str = "lineair", target: str = "reference",
                 horizons_days: Sequence[int] = (365, 730)) -> pd.DataFrame:
    """The synthetic model's true effects for the comparisons of this study, on its own persons.

    The synthetic registry of ``n`` persons and ``seed`` is regenerated with every trajectory forced
    on everyone (same persons, same random numbers: :func:`evalkit.registry.synth.generate`); the share with a
    first job within each horizon is then compared within the study's population of each comparison
    (the reference clients, aged 25 or younger for the youth trajectory; or the trajectory's clients).

    Returns
    -------
    DataFrame
        ``trajectory``, ``reference``, ``horizon`` (months), ``true_share_trajectory``,
        ``true_share_reference``, ``true_difference``.

    Examples
    --------
    >>> truth = true_effects(n=300, seed=2, horizons_days=(365,))
    >>> sorted(truth["trajectory"])
    ['geintegreerd_activering', 'geintegreerd_vdab', 'jongerentraject_esf']
    """
    from evalkit.registry import synth

    if target not in TARGETS:
        raise InputError(f"target must be one of {TARGETS}, got {target!r}")
    reg = synth.generate(n=n, seed=seed)
    assigned = reg.tables["intakes"]["trajectory"].to_numpy()
    persons = reg.tables["persons"]
    intake_year = pd.to_datetime(reg.tables["intakes"]["intake_date"]).dt.year.to_numpy()
    age = intake_year - pd.to_numeric(persons["birth_year"]).to_numpy(dtype=float)
    first = {t: synth.first_job_days(synth.generate(n=n, seed=seed, force_trajectory=t).spells, n)["first_job"].to_numpy()
             for t in TRAJECTORIES}
    rows = []
    for traj in TRAJECTORIES:
        if traj == reference:
            continue
        pop = assigned == (reference if target == "reference" else traj)
        if traj == YOUTH:
            pop &= np.nan_to_num(age, nan=99) <= YOUTH_MAX_AGE
        for h in horizons_days:
            st = float(np.mean(first[traj][pop] < h))
            sr = float(np.mean(first[reference][pop] < h))
            rows.append({"trajectory": traj, "reference": reference, "horizon": round(h / DAYS_PER_MONTH),
                         "true_share_trajectory": st, "true_share_reference": sr, "true_difference": st - sr})
    return pd.DataFrame(rows)


@degrades
def synthetic_truth(registry, frame: pd.DataFrame, result: Comparison) -> pd.DataFrame | None:
    """On a synthetic registry: naive, adjusted, adjusted with the latent employability, and true
    difference in the share with a job, per comparison and horizon (``None`` for a real registry).

    The true effect comes from :func:`true_effects` on the registry's own persons (its ``n`` and
    ``seed`` are in ``datapackage.json``); the third estimate adds the latent employability of
    ``truth/latent.csv`` to the propensity model, which only the model can do.
    """
    import json
    from pathlib import Path

    path = Path(getattr(registry, "path", ""))
    try:
        info = json.loads((path / "datapackage.json").read_text("utf-8")).get("synthetic")
    except (OSError, ValueError):
        return None
    latent = with_latent(frame, registry)
    if not info or latent is None:
        return None
    horizons = sorted(result.effects["horizon"].unique())
    truth = true_effects(int(info["n"]), int(info["seed"]), result.reference, result.target,
                         horizons_days=[int(round(h * DAYS_PER_MONTH)) for h in horizons])
    with_l = compare_trajectories(latent, result.reference, result.covariates + ["latent_employability"],
                                  result.target, result.group, horizons=horizons,
                                  n_boot=result.settings["n_boot"], seed=result.settings["seed"],
                                  min_cell_size=result.settings["min_cell_size"],
                                  trim=result.settings["trim"], truncate=result.settings["truncate"])
    out = result.effects[["trajectory", "horizon", "naive_difference", "adjusted_difference",
                          "adjusted_ci_lower", "adjusted_ci_upper"]].copy()
    e = with_l.effects.set_index(["trajectory", "horizon"])
    key = pd.MultiIndex.from_frame(out[["trajectory", "horizon"]])
    out["latent_difference"] = e["adjusted_difference"].reindex(key).to_numpy()
    out["latent_ci_lower"] = e["adjusted_ci_lower"].reindex(key).to_numpy()
    out["latent_ci_upper"] = e["adjusted_ci_upper"].reindex(key).to_numpy()
    t = truth.set_index(["trajectory", "horizon"])["true_difference"]
    out["true_difference"] = t.reindex(key).to_numpy()
    return out.reset_index(drop=True)
