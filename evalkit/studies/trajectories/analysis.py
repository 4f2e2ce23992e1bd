"""The trajectory study: linear vs integrated vs youth trajectories, with confounding handled.

For ``notebooks/03_trajectory_comparison.ipynb``. The evaluation report warns that a raw comparison
misleads twice: stronger profiles are pre-selected into the integrated/VDAB trajectory, and the
assigned trajectory changes afterwards. This module makes the fair comparison and says how fair it is.

Design
------
- **Comparisons**: every trajectory against the reference (``lineair`` by default), each pair on
  its own. The youth trajectory only takes clients aged 25 or younger, so its comparison only
  uses reference clients of that age (the others have no counterpart).
- **Target population** (``target``): ``"reference"`` (default) asks *what would the clients of
  the reference trajectory have achieved in the other trajectory* (ATT with the reference as
  focal group: the other group is reweighted to the reference clients' profile);
  ``"trajectory"`` asks it for the clients of the other trajectory. With strong selection the
  second needs reference clients with the strongest profiles, who barely exist; the first is the
  better-supported question (see the overlap figure).
- **Outcome**: time from intake to the first job of any kind, censored at the end of the
  registrations; the share with a job at 12 and 24 months is ``1 - S(t)`` of the (weighted)
  Kaplan-Meier curve; the cumulative incidence by kind of first job (art. 60 / regular / other)
  from the weighted Aalen-Johansen estimator.
- **Uncertainty**: bootstrap over persons, with the propensity model refitted in every replicate.
- **Intention to treat vs as treated**: by the assigned trajectory vs by the trajectory after all
  registered changes (``realised_trajectory``).

Every function takes plain DataFrames and returns tidy ones; tables for the report pass
disclosure control (``min_cell_size``).
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
import pandas as pd

from evalkit.stats import compare
from evalkit.publish import disclosure
from evalkit.errors import InputError
from evalkit.publish import labels
from evalkit.texts import Catalogue

TEXTS = Catalogue("evalkit.studies.trajectories")
DAYS_PER_MONTH = 365.25 / 12
TRAJECTORIES = ("lineair", "geintegreerd_vdab", "geintegreerd_activering", "jongerentraject_esf")
#: Observed confounders: what the intake office knew when it assigned the trajectory.
COVARIATES = ("sex", "household", "age_group", "education", "nt2_group", "intake_period")
YOUTH = "jongerentraject_esf"
YOUTH_MAX_AGE = 25
#: Causes of the first job (competing risks).
CAUSES = {1: "art60", 2: "nec", 3: "other"}
TARGETS = ("reference", "trajectory")
_COLORS = {"lineair": "#555555", "geintegreerd_vdab": "#0173B2", "geintegreerd_activering": "#DE8F05",
           "jongerentraject_esf": "#029E73"}


def _t(key: str, language: str, **values) -> str:
    return TEXTS.text(key, language, **values)


def trajectory_label(code, language: str = "nl") -> str:
    """Short label of a trajectory for legends and table rows.

    Examples
    --------
    >>> trajectory_label("geintegreerd_vdab", "en")
    'Integrated VDAB'
    """
    return labels.LABELS["trajectory_short"].get(code, {}).get(language, str(code))


# --------------------------------------------------------------------------- the analysis frame
def analysis_frame(registry, programme: str | None = "COB", intake_from=None, intake_to=None,
                   censor_date=None) -> pd.DataFrame:
    """One row per intake: profile at intake, assigned and realised trajectory, time to first job.

    The cohort and the first job come from :func:`evalkit.outcomes.cohort` and
    :func:`evalkit.outcomes.first_jobs` (which say how episodes are read: open spells, spells
    running at the intake count as a job on day 0, end of follow-up at the end of the registrations).

    Parameters
    ----------
    registry : Registry
        From :func:`evalkit.registry.load_registry`.
    programme : str or None
        Intake programme (``None``: all).
    intake_from, intake_to : date-like, optional
        Intake window (inclusive).
    censor_date : date-like, optional
        End of follow-up (default: the extraction date).

    Returns
    -------
    DataFrame
        ``intake_id``, ``person_id``, ``intake_date``, ``trajectory`` (assigned),
        ``realised_trajectory`` (after the last registered change), ``changed`` (0/1),
        ``months_to_change`` (to the first change, or to the end of follow-up),
        the covariates of :data:`COVARIATES` (missing values as ``onbekend``), ``age``,
        ``follow_up_months``, ``months_to_job`` (to the first job or the end of follow-up), ``job``
        (0/1), ``job_cause`` (0 censored, 1 art. 60, 2 regular job, 3 other job).

    Examples
    --------
    >>> from evalkit.registry import load_registry
    >>> frame = analysis_frame(load_registry("synthetic"))
    >>> len(frame), int(frame["job"].sum()) > 1000
    (1662, True)
    """
    from evalkit import outcomes

    for name in ("intakes", "persons", "episodes", "trajectory_changes"):
        if not hasattr(registry, name):
            raise InputError(f"the registry lacks the table '{name}'")
    cohort = outcomes.cohort(registry, programme, intake_from, intake_to, censor_date)
    if cohort.empty:
        raise InputError("no intakes in the chosen programme and window")
    frame = outcomes.first_jobs(registry, cohort).reset_index(drop=True)
    end = pd.Timestamp(frame["censor_date"].iloc[0])
    frame["nt2_group"] = frame["nt2_group"].replace({"missing": "onbekend"})
    for col in ("sex", "household", "education", "age_group"):
        frame[col] = frame[col].astype(object).where(frame[col].notna(), "onbekend")
    frame["age"] = (frame["intake_date"].dt.year - pd.to_numeric(frame["birth_year"], errors="coerce")).astype(float)
    intake = frame["intake_date"].to_numpy(dtype="datetime64[D]")
    frame["follow_up_months"] = frame["follow_up_days"] / DAYS_PER_MONTH
    frame["months_to_job"] = frame["days_to_any_job"] / DAYS_PER_MONTH
    frame["job"] = frame["any_job"].astype(int)
    frame["job_cause"] = outcomes.competing_causes(frame["first_job_kind"]).to_numpy()

    # Trajectory changes: realised trajectory after the last change within follow-up.
    ch = registry.trajectory_changes
    ch = ch[ch["intake_id"].isin(frame["intake_id"]) & ch["change_date"].notna() & (ch["change_date"] <= end)]
    ch = ch.sort_values(["intake_id", "change_date"], kind="stable")
    last_to = ch.drop_duplicates("intake_id", keep="last").set_index("intake_id")["to_trajectory"]
    first_date = ch.drop_duplicates("intake_id", keep="first").set_index("intake_id")["change_date"]
    frame["realised_trajectory"] = frame["intake_id"].map(last_to).fillna(frame["trajectory"])
    changed_at = frame["intake_id"].map(first_date).to_numpy(dtype="datetime64[D]")
    censor_days = (np.datetime64(end.date(), "D") - intake).astype(float)
    frame["changed"] = (~np.isnat(changed_at)).astype(int)
    frame["months_to_change"] = np.where(np.isnat(changed_at), censor_days,
                                         (changed_at - intake).astype(float)) / DAYS_PER_MONTH
    columns = ["intake_id", "person_id", "intake_date", "trajectory", "realised_trajectory", "changed",
               "months_to_change", *COVARIATES, "age", "follow_up_months", "months_to_job", "job", "job_cause"]
    return frame[columns]


# --------------------------------------------------------------------------- comparisons
def comparison_subset(frame: pd.DataFrame, trajectory: str, reference: str = "lineair",
                      group: str = "trajectory") -> pd.DataFrame:
    """The persons of one comparison: the trajectory and the reference (for the youth trajectory,
    reference clients aged 25 or younger only).

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"trajectory": ["lineair", "lineair", "jongerentraject_esf"], "age": [22.0, 40.0, 20.0]})
    >>> len(comparison_subset(f, "jongerentraject_esf"))
    2
    """
    for col in (group, "age"):
        if col not in frame.columns:
            raise InputError(f"the analysis frame lacks column '{col}'")
    if trajectory == reference:
        raise InputError(f"trajectory and reference are the same ({reference!r})")
    sub = frame[frame[group].isin([trajectory, reference])]
    if trajectory == YOUTH:
        sub = sub[(sub[group] == YOUTH) | (sub["age"] <= YOUTH_MAX_AGE)]
    return sub


def merge_rare_levels(data: pd.DataFrame, covariates: Sequence[str], min_cell_size: int = 10) -> pd.DataFrame:
    """Merge categories of text covariates with fewer than ``min_cell_size`` persons into the most
    common category of that covariate, so that no balance statistic or propensity model rests on a
    handful of persons (and none reveals a small count).

    Examples
    --------
    >>> import pandas as pd
    >>> d = pd.DataFrame({"education": ["laag"] * 12 + ["hoog"] * 10 + ["geen"] * 2})
    >>> merge_rare_levels(d, ["education"])["education"].value_counts().to_dict()
    {'laag': 14, 'hoog': 10}
    """
    out = data.copy()
    for col in covariates:
        if col not in out.columns:
            raise InputError(f"covariate column '{col}' not found")
        values = out[col]
        if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
            continue
        counts = values.value_counts()
        rare = counts.index[counts < min_cell_size]
        if len(rare):
            out[col] = values.where(~values.isin(rare), counts.index[0])
    return out


@dataclass
class Comparison:
    """All results of the trajectory comparisons, as tidy DataFrames (see :func:`compare_trajectories`)."""

    reference: str
    target: str
    group: str
    covariates: list[str]
    weights: pd.DataFrame
    balance: pd.DataFrame
    overlap: pd.DataFrame
    weight_report: pd.DataFrame
    curves: pd.DataFrame
    incidence: pd.DataFrame
    effects: pd.DataFrame
    rmst: pd.DataFrame
    settings: dict = field(default_factory=dict)


def _grid_statistics(months, job, cause, codes, w, grid, horizons, rmst_horizon):
    """Per group (0 = reference, 1 = trajectory): 1 - S on the grid, CIF per cause, share at the
    horizons and RMST; weights may be zero (trimmed)."""
    out = {}
    for g in (0, 1):
        sel = (codes == g) & (w > 0)
        if not sel.any():
            return None
        s, risk = compare._survival_grid(months[sel], job[sel], w[sel], grid)
        cif = compare._cif_grid(months[sel], cause[sel], w[sel], list(CAUSES), grid)
        s_h, _ = compare._survival_grid(months[sel], job[sel], w[sel], np.asarray(horizons, float))
        rg = np.unique(np.r_[0.0, months[sel][months[sel] < rmst_horizon], rmst_horizon])
        sr, _ = compare._survival_grid(months[sel], job[sel], w[sel], rg)
        out[g] = {"share": 1 - s, "cif": cif, "share_h": 1 - s_h, "rmst": float(np.sum(np.diff(rg) * sr[:-1])),
                  "risk": risk}
    return out


def compare_trajectories(frame: pd.DataFrame, reference: str = "lineair", covariates: Sequence[str] = COVARIATES,
                         target: str = "reference", group: str = "trajectory", horizons: Sequence[float] = (12, 24),
                         rmst_horizon: float = 24, curve_months: int = 36, n_boot: int = 200, seed: int = 1,
                         trim: float | None = None, truncate: float | None = None,
                         conf_level: float = 0.95, min_cell_size: int = 10) -> Comparison:
    """Compare every trajectory with the reference: weights, balance, adjusted curves and effects.

    Parameters
    ----------
    frame : DataFrame
        From :func:`analysis_frame`.
    reference : str
        The reference trajectory.
    covariates : list of str
        Observed confounders for the propensity model.
    target : {"reference", "trajectory"}
        Population the effect is about (see the module docstring).
    group : str
        ``"trajectory"`` (intention to treat) or ``"realised_trajectory"`` (as treated).
    horizons : months at which the share with a job is compared.
    rmst_horizon : months up to which the restricted mean time without a job is compared.
    curve_months : length of the curves (months).
    n_boot, seed : bootstrap replicates and their seed.
    trim, truncate : as :func:`evalkit.compare.ipw`.
    conf_level : float
    min_cell_size : int
        Categories of a covariate with fewer persons in a comparison are merged into its most
        common category (:func:`merge_rare_levels`).

    Returns
    -------
    Comparison
        ``weights`` (per intake and comparison), ``balance``, ``overlap``, ``weight_report``,
        ``curves`` (comparison, trajectory, month, adjusted and naive share with a job and bands,
        persons at risk), ``incidence`` (by cause), ``effects`` (per comparison and horizon: naive and
        adjusted difference in percentage points with intervals, adjusted risk ratio, E-value),
        ``rmst``.

    Examples
    --------
    >>> from evalkit.registry import load_registry
    >>> frame = analysis_frame(load_registry("synthetic"))
    >>> res = compare_trajectories(frame, n_boot=20, seed=1)
    >>> sorted(res.effects["trajectory"].unique())
    ['geintegreerd_activering', 'geintegreerd_vdab', 'jongerentraject_esf']
    """
    if target not in TARGETS:
        raise InputError(f"target must be one of {TARGETS}, got {target!r}")
    covariates = list(covariates)
    needed = [group, "months_to_job", "job", "job_cause", "age", "intake_id", *covariates]
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise InputError(f"the analysis frame lacks column(s) {missing}; make it with analysis_frame()")
    levels = [t for t in TRAJECTORIES if t in set(frame[group])] + \
        sorted(set(frame[group]) - set(TRAJECTORIES))
    if reference not in levels:
        raise InputError(f"reference trajectory {reference!r} does not occur in column '{group}'")
    grid = np.arange(0, curve_months + 1, dtype=float)
    alpha = (1 - conf_level) / 2
    weights, balances, overlaps, reports, curves, incid, effects, rmsts = [], [], [], [], [], [], [], []
    notes: list[str] = []
    for traj in [t for t in levels if t != reference]:
        sub = comparison_subset(frame, traj, reference, group).reset_index(drop=True)
        sub = merge_rare_levels(sub, covariates, min_cell_size)
        if (sub[group] == traj).sum() < 2 or (sub[group] == reference).sum() < 2:
            continue
        focal = reference if target == "reference" else traj
        label = f"{traj} vs {reference}"
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            w = compare.ipw(sub, group, covariates, estimand="ATT", focal=focal, reference=reference,
                            trim=trim, truncate=truncate)
        notes.extend(f"{label}: {c.message}" for c in caught)
        weights.append(pd.DataFrame({"comparison": label, "trajectory": traj, "intake_id": sub["intake_id"],
                                     "group": sub[group], "ps_trajectory": w[f"ps[{traj}]"], "weight": w["weight"],
                                     "trimmed": w["trimmed"], "truncated": w["truncated"]}))
        bal = compare.balance(sub, group, covariates, weights=w["weight"].to_numpy(), estimand="ATT", focal=focal,
                              reference=reference)
        balances.append(bal.assign(comparison=label, trajectory=traj))
        overlaps.append(compare.overlap(w).assign(comparison=label, trajectory=traj))
        reports.append(compare.weight_report(w).assign(comparison=label, trajectory=traj))

        s = compare._setup(sub, group, covariates, "ATT", focal, reference)
        months = sub["months_to_job"].to_numpy(float)
        job = sub["job"].to_numpy(float)
        cause = sub["job_cause"].to_numpy()
        w0 = w["weight"].to_numpy()
        ones = np.ones(len(sub))
        adj = _grid_statistics(months, job, cause, s.codes, w0, grid, horizons, rmst_horizon)
        naive = _grid_statistics(months, job, cause, s.codes, ones, grid, horizons, rmst_horizon)
        idx = compare.bootstrap_indices(len(sub), n_boot, seed)
        boot_adj, boot_naive = [], []
        for b in range(n_boot):
            rows = idx[b]
            wb = compare._weights_for(s, rows, "ATT", True, trim, truncate)
            if np.all(np.isnan(wb)):
                continue
            args = (months[rows], job[rows], cause[rows], s.codes[rows])
            ra = _grid_statistics(*args, wb, grid, horizons, rmst_horizon)
            rn = _grid_statistics(*args, ones[rows], grid, horizons, rmst_horizon)
            if ra is not None and rn is not None:
                boot_adj.append(ra)
                boot_naive.append(rn)

        def q(values):
            return np.nanquantile(values, alpha, axis=0), np.nanquantile(values, 1 - alpha, axis=0)

        for g, code in ((0, reference), (1, traj)):
            sel = s.codes == g
            n_risk = (months[sel][None, :] > grid[:, None]).sum(axis=1)
            lo, hi = q(np.array([r[g]["share"] for r in boot_adj]))
            nlo, nhi = q(np.array([r[g]["share"] for r in boot_naive]))
            curves.append(pd.DataFrame({"comparison": label, "trajectory": traj, "group": code, "month": grid,
                                        "share": adj[g]["share"], "ci_lower": lo, "ci_upper": hi,
                                        "share_naive": naive[g]["share"], "naive_ci_lower": nlo,
                                        "naive_ci_upper": nhi, "n_at_risk": n_risk}))
            for k, kind in CAUSES.items():
                clo, chi = q(np.array([r[g]["cif"][k] for r in boot_adj]))
                incid.append(pd.DataFrame({"comparison": label, "trajectory": traj, "group": code, "cause": kind,
                                           "month": grid, "cif": adj[g]["cif"][k], "ci_lower": clo, "ci_upper": chi,
                                           "n_at_risk": n_risk}))
        for j, h in enumerate(horizons):
            row = {"comparison": label, "trajectory": traj, "reference": reference, "horizon": h,
                   "n_trajectory": int((s.codes == 1).sum()), "n_reference": int((s.codes == 0).sum())}
            for name, point, reps in (("naive", naive, boot_naive), ("adjusted", adj, boot_adj)):
                diff = np.array([r[1]["share_h"][j] - r[0]["share_h"][j] for r in reps])
                lo, hi = q(diff)
                row.update({f"{name}_share_trajectory": point[1]["share_h"][j],
                            f"{name}_share_reference": point[0]["share_h"][j],
                            f"{name}_difference": point[1]["share_h"][j] - point[0]["share_h"][j],
                            f"{name}_ci_lower": float(lo), f"{name}_ci_upper": float(hi)})
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio = np.array([r[1]["share_h"][j] / r[0]["share_h"][j] for r in boot_adj])
            rr = adj[1]["share_h"][j] / adj[0]["share_h"][j]
            rlo, rhi = q(ratio[np.isfinite(ratio)])
            row.update({"adjusted_ratio": rr, "ratio_ci_lower": float(rlo), "ratio_ci_upper": float(rhi)})
            ev = compare.evalue(rr, float(rlo), float(rhi)).iloc[0] if np.isfinite(rr) and rr > 0 else None
            row.update({"evalue_estimate": ev["evalue_estimate"] if ev is not None else np.nan,
                        "evalue_ci": ev["evalue_ci"] if ev is not None else np.nan})
            effects.append(row)
        for name, point, reps in (("naive", naive, boot_naive), ("adjusted", adj, boot_adj)):
            diff = np.array([r[1]["rmst"] - r[0]["rmst"] for r in reps])
            lo, hi = q(diff)
            rmsts.append({"comparison": label, "trajectory": traj, "kind": name, "horizon": rmst_horizon,
                          "rmst_trajectory": point[1]["rmst"], "rmst_reference": point[0]["rmst"],
                          "difference": point[1]["rmst"] - point[0]["rmst"], "ci_lower": float(lo),
                          "ci_upper": float(hi)})
    if not effects:
        raise InputError("no trajectory has enough persons to be compared with the reference")
    return Comparison(reference, target, group, covariates, pd.concat(weights, ignore_index=True),
                      pd.concat(balances, ignore_index=True), pd.concat(overlaps, ignore_index=True),
                      pd.concat(reports, ignore_index=True), pd.concat(curves, ignore_index=True),
                      pd.concat(incid, ignore_index=True), pd.DataFrame(effects), pd.DataFrame(rmsts),
                      {"n_boot": n_boot, "seed": seed, "trim": trim, "truncate": truncate, "conf_level": conf_level,
                       "warnings": notes, "min_cell_size": min_cell_size})


# --------------------------------------------------------------------------- ground truth
def with_latent(frame: pd.DataFrame, registry) -> pd.DataFrame | None:
    """The analysis frame with the synthetic model's latent employability (column
    ``latent_employability``) from the registry's ``truth/latent.csv``; ``None`` for a registry
    without that folder (every real extract).

    Examples
    --------
    >>> from evalkit.registry import load_registry
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


def truth_table(truth: pd.DataFrame, language: str = "nl") -> pd.DataFrame:
    """:func:`synthetic_truth` for the report: percentage points, with intervals."""
    rows = []
    for r in truth.itertuples(index=False):
        rows.append({_t("col.trajectory", language): trajectory_label(r.trajectory, language),
                     _t("col.horizon", language): int(r.horizon),
                     _t("col.naive", language): _pct(r.naive_difference),
                     _t("col.adjusted", language): _pct(r.adjusted_difference),
                     _t("col.adjusted_ci", language): _ci(r.adjusted_ci_lower, r.adjusted_ci_upper),
                     _t("col.latent", language): _pct(r.latent_difference),
                     _t("col.latent_ci", language): _ci(r.latent_ci_lower, r.latent_ci_upper),
                     _t("col.true", language): _pct(r.true_difference)})
    return pd.DataFrame(rows)


def mean_months_table(seq: pd.DataFrame, frame: pd.DataFrame, language: str = "nl") -> pd.DataFrame:
    """Mean months in each state per assigned trajectory (rows: states, columns: trajectories)."""
    from evalkit.stats import sequences

    groups = frame.set_index("intake_id")["trajectory"]
    mt = sequences.mean_time_in_states(seq, groups)
    wide = mt.pivot(index="state", columns="group", values="mean_months").fillna(0.0)
    wide = wide.reindex([s for s in sequences.STATES if s in wide.index])
    wide = wide[[t for t in TRAJECTORIES if t in wide.columns]].round(1)
    labels = sequences.state_labels(language)
    wide.index = [labels[s] for s in wide.index]
    wide.columns = [trajectory_label(t, language) for t in wide.columns]
    wide.index.name = _t("col.state", language)
    return wide.reset_index()


# --------------------------------------------------------------------------- tables for the report
def _pct(x: float) -> float:
    return round(100 * x, 1)


def _ci(lo: float, hi: float, scale: float = 100, decimals: int = 1) -> str:
    return f"{scale * lo:.{decimals}f} – {scale * hi:.{decimals}f}"


def effects_table(result: Comparison, language: str = "nl", truth: pd.DataFrame | None = None) -> pd.DataFrame:
    """Naive and adjusted differences in the share with a job, per comparison and horizon (percentage
    points), for the report; with the true difference beside them when ``truth`` is given."""
    rows = []
    for r in result.effects.itertuples(index=False):
        row = {_t("col.trajectory", language): trajectory_label(r.trajectory, language),
               _t("col.horizon", language): int(r.horizon),
               _t("col.share_reference", language): _pct(r.adjusted_share_reference),
               _t("col.share_trajectory", language): _pct(r.adjusted_share_trajectory),
               _t("col.naive", language): _pct(r.naive_difference),
               _t("col.naive_ci", language): _ci(r.naive_ci_lower, r.naive_ci_upper),
               _t("col.adjusted", language): _pct(r.adjusted_difference),
               _t("col.adjusted_ci", language): _ci(r.adjusted_ci_lower, r.adjusted_ci_upper)}
        if truth is not None:
            t = truth[(truth["trajectory"] == r.trajectory) & (truth["horizon"] == r.horizon)]
            row[_t("col.true", language)] = _pct(t["true_difference"].iloc[0]) if len(t) else np.nan
        rows.append(row)
    return pd.DataFrame(rows)


def sensitivity_table(result: Comparison, language: str = "nl") -> pd.DataFrame:
    """Adjusted risk ratio of a job per comparison and horizon, with its E-values."""
    rows = []
    for r in result.effects.itertuples(index=False):
        rows.append({_t("col.trajectory", language): trajectory_label(r.trajectory, language),
                     _t("col.horizon", language): int(r.horizon),
                     _t("col.ratio", language): round(r.adjusted_ratio, 2),
                     _t("col.ratio_ci", language): _ci(r.ratio_ci_lower, r.ratio_ci_upper, 1, 2),
                     _t("col.evalue", language): round(r.evalue_estimate, 2),
                     _t("col.evalue_ci", language): round(r.evalue_ci, 2)})
    return pd.DataFrame(rows)


def rmst_table(result: Comparison, language: str = "nl") -> pd.DataFrame:
    """Restricted mean months without a job (naive and adjusted) and their differences."""
    rows = []
    for r in result.rmst[result.rmst["kind"] == "adjusted"].itertuples(index=False):
        naive = result.rmst[(result.rmst["kind"] == "naive") & (result.rmst["trajectory"] == r.trajectory)].iloc[0]
        rows.append({_t("col.trajectory", language): trajectory_label(r.trajectory, language),
                     _t("col.rmst_reference", language): round(r.rmst_reference, 1),
                     _t("col.rmst_trajectory", language): round(r.rmst_trajectory, 1),
                     _t("col.naive", language): round(naive["difference"], 1),
                     _t("col.adjusted", language): round(r.difference, 1),
                     _t("col.adjusted_ci", language): _ci(r.ci_lower, r.ci_upper, 1, 1)})
    return pd.DataFrame(rows)


def _term_label(variable: str, level, language: str) -> str:
    VARIABLES, category_labels = labels.VARIABLES, labels.category_labels
    var = {"nt2_group": VARIABLES["nt2_level_at_intake"][language]}.get(variable) or \
        VARIABLES.get(variable, {}).get(language, variable)
    if level is None:
        return var
    lab = category_labels(variable if variable != "nt2_group" else "nt2_level_at_intake", language)
    return f"{var}: {lab.get(str(level), str(level))}"


def balance_summary(result: Comparison, language: str = "nl") -> pd.DataFrame:
    """Per comparison: covariate terms, the largest imbalance before and after weighting, and how
    many terms exceed the 0.1 threshold before and after."""
    rows = []
    for comp, part in result.balance.groupby("comparison", sort=False):
        before = part["diff_unadjusted"].abs()
        after = part["diff_adjusted"].abs()
        rows.append({_t("col.trajectory", language): trajectory_label(part["trajectory"].iloc[0], language),
                     _t("col.terms", language): len(part),
                     _t("col.max_before", language): round(before.max(), 3),
                     _t("col.max_after", language): round(after.max(), 3),
                     _t("col.over_before", language): int((before > compare.BALANCE_THRESHOLD).sum()),
                     _t("col.over_after", language): int((after > compare.BALANCE_THRESHOLD).sum())})
    return pd.DataFrame(rows)


def weights_table(result: Comparison, language: str = "nl", min_cell_size: int = 10) -> pd.DataFrame:
    """Persons, effective sample size and largest weight per group of each comparison."""
    rows = []
    for r in result.weight_report.itertuples(index=False):
        n = r.n if r.n >= min_cell_size else disclosure.small_count_marker(min_cell_size)
        rows.append({_t("col.comparison", language): trajectory_label(r.trajectory, language),
                     _t("col.group", language): trajectory_label(r.group, language),
                     _t("col.n", language): n, _t("col.ess", language): int(round(r.ess)),
                     _t("col.max_weight", language): round(r.max_weight, 2),
                     _t("col.trimmed", language): r.n_trimmed if r.n_trimmed == 0 or r.n_trimmed >= min_cell_size
                     else disclosure.small_count_marker(min_cell_size)})
    return pd.DataFrame(rows)


def transition_table(frame: pd.DataFrame, language: str = "nl", min_cell_size: int = 10) -> tuple[pd.DataFrame, str]:
    """Assigned (rows) by realised trajectory (columns), with totals, through disclosure control.

    Returns the published table (small counts hidden, with secondary suppression) and its note.

    Examples
    --------
    >>> import pandas as pd
    >>> f = pd.DataFrame({"trajectory": ["lineair"] * 30 + ["geintegreerd_vdab"] * 20,
    ...                   "realised_trajectory": ["lineair"] * 25 + ["geintegreerd_vdab"] * 5 + ["geintegreerd_vdab"] * 20})
    >>> table, note = transition_table(f, "en")
    >>> table.iloc[0].tolist()
    ['Linear', 'x', '<10', 30]
    """
    for col in ("trajectory", "realised_trajectory"):
        if col not in frame.columns:
            raise InputError(f"the analysis frame lacks column '{col}'")
    order = [t for t in TRAJECTORIES if t in set(frame["trajectory"]) | set(frame["realised_trajectory"])]
    counts = pd.crosstab(frame["trajectory"], frame["realised_trajectory"]).reindex(index=order, columns=order,
                                                                                   fill_value=0)
    counts["total"] = counts.sum(axis=1)
    counts.loc["total"] = counts.sum(axis=0)
    published, note = disclosure.suppress_counts(counts, order, min_cell_size, total_column="total",
                                                 total_row="total", language=language)
    names = {t: trajectory_label(t, language) for t in order}
    names["total"] = _t("total", language)
    out = published.rename(columns=names)
    out.columns.name = None
    out.insert(0, _t("col.assigned", language), [names[i] for i in published.index])
    return out.reset_index(drop=True), note


def change_table(frame: pd.DataFrame, months: Sequence[float] = (12, 24), language: str = "nl",
                 min_cell_size: int = 10) -> pd.DataFrame:
    """Share of each assigned trajectory whose trajectory changed within the given months
    (Kaplan-Meier, censored at the end of follow-up), with the number of persons changed."""
    from evalkit.stats import survival

    for col in ("trajectory", "changed", "months_to_change"):
        if col not in frame.columns:
            raise InputError(f"the analysis frame lacks column '{col}'")
    km = survival.kaplan_meier(frame, "months_to_change", "changed", by="trajectory")
    at = survival.survival_at(km, months)
    rows = []
    for traj in [t for t in TRAJECTORIES if t in set(frame["trajectory"])]:
        part = frame[frame["trajectory"] == traj]
        n_changed = int(part["changed"].sum())
        row = {_t("col.assigned", language): trajectory_label(traj, language), _t("col.n", language): len(part),
               _t("col.changed", language): n_changed if n_changed == 0 or n_changed >= min_cell_size
               else disclosure.small_count_marker(min_cell_size)}
        for m in months:
            v = at[(at["group"] == traj) & (at["time"] == m)]["survival"].iloc[0]
            row[_t("col.changed_by", language, months=int(m))] = (_pct(1 - v) if n_changed >= min_cell_size
                                                                    or n_changed == 0 else "x")
        rows.append(row)
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- figures
def plot_love(result: Comparison, language: str = "nl"):
    """Love plot: absolute (standardised) mean difference per covariate term before (open) and
    after (filled) weighting, one panel per comparison, with the 0.1 threshold."""
    import matplotlib.pyplot as plt

    comps = list(pd.unique(result.balance["comparison"]))
    terms = result.balance.drop_duplicates("term")[["term", "variable", "level"]]
    labels = [_term_label(v, lv, language) for v, lv in zip(terms["variable"], terms["level"])]
    fig, axes = plt.subplots(1, len(comps), figsize=(9.6, 0.27 * len(terms) + 1.8), sharey=True, squeeze=False)
    y = np.arange(len(terms))
    for ax, comp in zip(axes[0], comps):
        part = result.balance[result.balance["comparison"] == comp].set_index("term").reindex(terms["term"])
        ax.scatter(part["diff_unadjusted"].abs(), y, facecolors="none", edgecolors="#DE8F05", s=30,
                   label=_t("love.before", language))
        ax.scatter(part["diff_adjusted"].abs(), y, color="#0173B2", s=30, label=_t("love.after", language))
        ax.axvline(compare.BALANCE_THRESHOLD, color="grey", ls="--", lw=1)
        ax.set_title(trajectory_label(part["trajectory"].iloc[0], language) + "\nvs " +
                     trajectory_label(result.reference, language), fontsize=9.5)
        ax.set_xlabel(_t("love.xlabel", language), fontsize=8.5)
        ax.set_xlim(0, max(0.3, float(np.nanmax(part["diff_unadjusted"].abs())) * 1.1))
    axes[0, 0].set_yticks(y, labels, fontsize=8)
    axes[0, 0].invert_yaxis()
    handles, labs = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles, labs, loc="lower center", ncol=2, frameon=False)
    fig.tight_layout(rect=(0, 0.05, 1, 1))
    return fig


def plot_overlap(result: Comparison, language: str = "nl"):
    """Distribution of the propensity score (probability of the other trajectory rather than the
    reference) in both groups of each comparison."""
    import matplotlib.pyplot as plt

    comps = list(pd.unique(result.weights["comparison"]))
    fig, axes = plt.subplots(1, len(comps), figsize=(9.6, 3.4), squeeze=False, sharey=False)
    bins = np.linspace(0, 1, 26)
    for ax, comp in zip(axes[0], comps):
        part = result.weights[result.weights["comparison"] == comp]
        traj = part["trajectory"].iloc[0]
        for g, colour in ((result.reference, _COLORS.get(result.reference, "#555")), (traj, _COLORS.get(traj, "#0173B2"))):
            x = part.loc[part["group"] == g, "ps_trajectory"]
            ax.hist(x, bins=bins, density=True, alpha=0.55, color=colour, label=trajectory_label(g, language))
        ax.set_title(trajectory_label(traj, language) + " vs " + trajectory_label(result.reference, language), fontsize=9.5)
        ax.set_xlabel(_t("overlap.xlabel", language), fontsize=8.5)
        ax.set_yticks([])
        ax.legend(frameon=False, fontsize=8)
    fig.tight_layout()
    return fig


def plot_adjusted_curves(result: Comparison, language: str = "nl", min_cell_size: int = 10, naive: bool = True):
    """Share with a first job over time per comparison: adjusted curves with bootstrap bands (and the
    naive curves dashed). Curves stop where fewer than ``min_cell_size`` persons remain at risk."""
    import matplotlib.pyplot as plt

    kept, _ = disclosure.truncate_at_risk(result.curves, min_cell_size, by=["comparison", "group"], time="month",
                                          language=language)
    comps = list(pd.unique(result.curves["comparison"]))
    fig, axes = plt.subplots(1, len(comps), figsize=(9.6, 4.4), squeeze=False, sharey=True)
    for ax, comp in zip(axes[0], comps):
        part = kept[kept["comparison"] == comp]
        traj = part["trajectory"].iloc[0]
        for g in (result.reference, traj):
            c = part[part["group"] == g]
            colour = _COLORS.get(g, "#0173B2")
            ax.step(c["month"], 100 * c["share"], where="post", color=colour, lw=2,
                    label=trajectory_label(g, language) + " " + _t("curve.adjusted", language))
            ax.fill_between(c["month"], 100 * c["ci_lower"], 100 * c["ci_upper"], step="post", color=colour, alpha=0.18)
            if naive:
                ax.step(c["month"], 100 * c["share_naive"], where="post", color=colour, lw=1, ls="--",
                        label=trajectory_label(g, language) + " " + _t("curve.naive", language))
        ax.set_title(trajectory_label(traj, language) + " vs " + trajectory_label(result.reference, language), fontsize=9.5)
        ax.set_xlabel(_t("months_since_intake", language), fontsize=9)
        ax.set_xticks(np.arange(0, result.curves["month"].max() + 1, 6))
        ax.set_ylim(0, 100)
        ax.legend(frameon=False, fontsize=7, loc="upper left")
    axes[0, 0].set_ylabel(_t("curve.ylabel", language))
    fig.text(0.5, 0.005, _t("curve.note", language), ha="center", fontsize=8, color="#444")
    fig.tight_layout(rect=(0, 0.04, 1, 1))
    return fig


def plot_incidence(result: Comparison, language: str = "nl", min_cell_size: int = 10):
    """Adjusted cumulative incidence of a first job by kind (art. 60, regular, other), with bands:
    rows = comparisons, columns = kinds."""
    import matplotlib.pyplot as plt

    kept, _ = disclosure.truncate_at_risk(result.incidence, min_cell_size, by=["comparison", "group", "cause"],
                                          time="month", language=language)
    comps = list(pd.unique(result.incidence["comparison"]))
    kinds = list(CAUSES.values())
    fig, axes = plt.subplots(len(comps), len(kinds), figsize=(9.6, 2.8 * len(comps)), squeeze=False, sharex=True,
                             sharey=True)
    for i, comp in enumerate(comps):
        part = kept[kept["comparison"] == comp]
        traj = part["trajectory"].iloc[0]
        for j, kind in enumerate(kinds):
            ax = axes[i, j]
            for g in (result.reference, traj):
                c = part[(part["group"] == g) & (part["cause"] == kind)]
                colour = _COLORS.get(g, "#0173B2")
                ax.step(c["month"], 100 * c["cif"], where="post", color=colour, lw=1.8, label=trajectory_label(g, language))
                ax.fill_between(c["month"], 100 * c["ci_lower"], 100 * c["ci_upper"], step="post", color=colour,
                                alpha=0.18)
            if i == 0:
                ax.set_title(_t(f"cause.{kind}", language), fontsize=10)
            if j == 0:
                ax.set_ylabel("%")
                ax.legend(frameon=False, fontsize=7.5, loc="upper left")
            if i == len(comps) - 1:
                ax.set_xlabel(_t("months_since_intake", language))
            ax.set_xticks(np.arange(0, result.incidence["month"].max() + 1, 6))
    fig.tight_layout()
    return fig


def plot_itt_vs_as_treated(itt: Comparison, as_treated: Comparison, horizon: float = 24, language: str = "nl"):
    """Adjusted difference in the share with a job at ``horizon`` months, by assigned trajectory
    (intention to treat) and by realised trajectory (as treated), with intervals."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(9, 3.8))
    trajs = [t for t in TRAJECTORIES if t in set(itt.effects["trajectory"]) | set(as_treated.effects["trajectory"])]
    y = np.arange(len(trajs))
    for offset, res, colour, key in ((-0.15, itt, "#0173B2", "itt"), (0.15, as_treated, "#DE8F05", "at")):
        e = res.effects[res.effects["horizon"] == horizon].set_index("trajectory").reindex(trajs)
        ax.errorbar(100 * e["adjusted_difference"], y + offset,
                    xerr=[100 * (e["adjusted_difference"] - e["adjusted_ci_lower"]),
                          100 * (e["adjusted_ci_upper"] - e["adjusted_difference"])],
                    fmt="o", color=colour, capsize=3, label=_t(f"itt_at.{key}", language))
    ax.axvline(0, color="grey", lw=1)
    ax.set_yticks(y, [trajectory_label(t, language) + " vs " + trajectory_label(itt.reference, language) for t in trajs])
    ax.invert_yaxis()
    ax.set_xlabel(_t("itt_at.xlabel", language, months=int(horizon)))
    ax.legend(frameon=False, fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.28), ncol=2)
    fig.tight_layout()
    return fig


def plot_flow(table: pd.DataFrame, language: str = "nl"):
    """Flow from assigned (left) to realised trajectory (right), drawn from a published
    :func:`transition_table`: only flows shown as numbers are drawn, with their count."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path

    total_label = _t("total", language)
    body = table[table.iloc[:, 0] != total_label].set_index(table.columns[0])
    body = body[[c for c in body.columns if c != total_label]]
    names = list(body.index)
    inv = {trajectory_label(t, language): t for t in TRAJECTORIES}
    value = body.apply(lambda col: pd.to_numeric(col, errors="coerce")).fillna(0.0)
    grand = value.to_numpy().sum()
    fig, ax = plt.subplots(figsize=(9, 5))
    gap = 0.02 * grand
    left_pos, right_pos = {}, {}
    y = 0.0
    for nm in names:
        left_pos[nm] = y
        y += value.loc[nm].sum() + gap
    y = 0.0
    for nm in body.columns:
        right_pos[nm] = y
        y += value[nm].sum() + gap
    l_off = dict(left_pos)
    r_off = dict(right_pos)
    for a in names:
        for b in body.columns:
            v = value.loc[a, b]
            if v <= 0:
                continue
            y0, y1 = l_off[a], r_off[b]
            l_off[a] += v
            r_off[b] += v
            verts = [(0.1, y0), (0.5, y0), (0.5, y1), (0.9, y1), (0.9, y1 + v), (0.5, y1 + v), (0.5, y0 + v),
                     (0.1, y0 + v), (0.1, y0)]
            codes = [Path.MOVETO, Path.CURVE4, Path.CURVE4, Path.CURVE4, Path.LINETO, Path.CURVE4, Path.CURVE4,
                     Path.CURVE4, Path.CLOSEPOLY]
            colour = _COLORS.get(inv.get(a, ""), "#0173B2")
            ax.add_patch(PathPatch(Path(verts, codes), facecolor=colour, alpha=0.45 if a == b else 0.75, lw=0))
            if a != b:
                ax.text(0.5, (y0 + y1 + v) / 2, f"{int(v)}", ha="center", va="center", fontsize=8)
    for nm in names:
        h = value.loc[nm].sum()
        ax.add_patch(plt.Rectangle((0.06, left_pos[nm]), 0.04, h, color=_COLORS.get(inv.get(nm, ""), "#555")))
        ax.text(0.05, left_pos[nm] + h / 2, nm, ha="right", va="center", fontsize=9)
    for nm in body.columns:
        h = value[nm].sum()
        ax.add_patch(plt.Rectangle((0.9, right_pos[nm]), 0.04, h, color=_COLORS.get(inv.get(nm, ""), "#555")))
        ax.text(0.95, right_pos[nm] + h / 2, nm, ha="left", va="center", fontsize=9)
    ax.set_xlim(-0.35, 1.35)
    ax.set_ylim(max(y, sum(value.sum(axis=1)) + gap * len(names)), 0)
    ax.axis("off")
    ax.text(0.08, -0.02 * grand, _t("flow.assigned", language), ha="center", va="bottom", fontweight="bold")
    ax.text(0.92, -0.02 * grand, _t("flow.realised", language), ha="center", va="bottom", fontweight="bold")
    fig.tight_layout()
    return fig
