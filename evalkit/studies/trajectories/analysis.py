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

Every function takes plain DataFrames and returns tidy ones; nothing here is worded for a report
(the tables, figures and texts are in the other modules of this package).
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
import pandas as pd

from evalkit.errors import InputError, NotEstimable
from evalkit.publish.degrade import Unavailable, degrades
from evalkit.stats import compare
from evalkit.studies.trajectories.formatting import _count

DAYS_PER_MONTH = 365.25 / 12
TRAJECTORIES = ("lineair", "geintegreerd_vdab", "geintegreerd_activering", "jongerentraject_esf")
#: Observed confounders: what the intake office knew when it assigned the trajectory.
COVARIATES = ("sex", "household", "age_group", "education", "nt2_group", "intake_period")
YOUTH = "jongerentraject_esf"
YOUTH_MAX_AGE = 25
#: Causes of the first job (competing risks).
CAUSES = {1: "art60", 2: "nec", 3: "other"}
TARGETS = ("reference", "trajectory")


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
    #: The comparisons that these data cannot support: trajectory -> why (an ``Unavailable``).
    unavailable: dict = field(default_factory=dict)


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


@degrades
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
        common category (:func:`merge_rare_levels`); a comparison in which either group has fewer
        persons is not made.

    Returns
    -------
    Comparison
        ``weights`` (per intake and comparison), ``balance``, ``overlap``, ``weight_report``,
        ``curves`` (comparison, trajectory, month, adjusted and naive share with a job and bands,
        persons at risk and unweighted events since the previous month), ``incidence`` (by cause, with
        the same counts), ``effects`` (per comparison and horizon: naive and
        adjusted difference in percentage points with intervals, adjusted risk ratio, E-value),
        ``rmst``; ``unavailable`` names the comparisons that could not be made and why (too few
        persons in a group, or no covariate left that varies). When none can be made, the result is
        an :class:`~evalkit.publish.degrade.Unavailable`.

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
    unavailable: dict[str, Unavailable] = {}
    min_group = max(2, min_cell_size)
    for traj in [t for t in levels if t != reference]:
        sub = comparison_subset(frame, traj, reference, group).reset_index(drop=True)
        sub = merge_rare_levels(sub, covariates, min_cell_size)
        smallest = int(min((sub[group] == traj).sum(), (sub[group] == reference).sum()))
        if smallest < min_group:
            unavailable[traj] = Unavailable(
                "too_few_persons", {"n": _count(smallest, min_cell_size), "min_n": min_group},
                f"{traj} vs {reference}: {smallest} person(s) in the smaller group")
            continue
        focal = reference if target == "reference" else traj
        label = f"{traj} vs {reference}"
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                w = compare.ipw(sub, group, covariates, estimand="ATT", focal=focal, reference=reference,
                                trim=trim, truncate=truncate)
            except NotEstimable as error:
                unavailable[traj] = Unavailable.from_error(error)
                continue
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
            # unweighted events in (previous grid time, grid time]: what a drawn step rests on
            step = np.searchsorted(grid, months[sel], side="left")
            n_events = np.bincount(step[job[sel] > 0], minlength=len(grid))[:len(grid)]
            lo, hi = q(np.array([r[g]["share"] for r in boot_adj]))
            nlo, nhi = q(np.array([r[g]["share"] for r in boot_naive]))
            curves.append(pd.DataFrame({"comparison": label, "trajectory": traj, "group": code, "month": grid,
                                        "share": adj[g]["share"], "ci_lower": lo, "ci_upper": hi,
                                        "share_naive": naive[g]["share"], "naive_ci_lower": nlo,
                                        "naive_ci_upper": nhi, "n_at_risk": n_risk, "n_events": n_events}))
            for k, kind in CAUSES.items():
                clo, chi = q(np.array([r[g]["cif"][k] for r in boot_adj]))
                incid.append(pd.DataFrame({"comparison": label, "trajectory": traj, "group": code, "cause": kind,
                                           "month": grid, "cif": adj[g]["cif"][k], "ci_lower": clo, "ci_upper": chi,
                                           "n_at_risk": n_risk,
                                           "n_events": np.bincount(step[cause[sel] == k], minlength=len(grid))[:len(grid)]}))
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
        # the notice of the whole study says why the first comparison could not be made
        first = next(iter(unavailable.values()), Unavailable("too_few_groups", {"min_n": min_group}))
        raise NotEstimable(f"no trajectory can be compared with the reference {reference!r}: "
                           + "; ".join(u.message for u in unavailable.values()), first.reason, **first.values)
    return Comparison(reference, target, group, covariates, pd.concat(weights, ignore_index=True),
                      pd.concat(balances, ignore_index=True), pd.concat(overlaps, ignore_index=True),
                      pd.concat(reports, ignore_index=True), pd.concat(curves, ignore_index=True),
                      pd.concat(incid, ignore_index=True), pd.DataFrame(effects), pd.DataFrame(rmsts),
                      {"n_boot": n_boot, "seed": seed, "trim": trim, "truncate": truncate, "conf_level": conf_level,
                       "warnings": notes, "min_cell_size": min_cell_size}, unavailable)
