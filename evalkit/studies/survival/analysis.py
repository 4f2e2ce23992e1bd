"""The analysis steps of the survival study: the study's data, the models and the ground-truth check.

They compose :mod:`evalkit.outcomes`, :mod:`evalkit.survival` and :mod:`evalkit.stats.interval`:
:func:`analysis_frame` (durations in months, the competing cause, the covariates of the models),
:func:`number_at_risk`, :func:`cox_study` (Cox model, proportional-hazards check and what to do when it
fails), :func:`cox_by_period`, :func:`fine_gray_models`, :func:`snapshot_comparison` and
:func:`synthetic_truth_fit`. Every step takes and returns plain DataFrames (or small result objects);
nothing here is worded for a report.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from evalkit import outcomes
from evalkit.errors import InputError, NotEstimable
from evalkit.publish import labels
from evalkit.publish.degrade import degrades
from evalkit.stats import survival

DAYS_PER_MONTH = 365.25 / 12
TRAJECTORIES = ("lineair", "geintegreerd_vdab", "geintegreerd_activering", "jongerentraject_esf")
#: Profile covariates of the models (as in the synthetic model and the profile study).
PROFILE_COVARIATES = ("sex", "household", "age_group", "education", "nt2_group", "intake_period")
#: Reference category per covariate (hazard ratios compare with it).
REFERENCE = {"trajectory": "lineair", "sex": "man", "household": "alleenstaande", "age_group": "18-24",
             "education": "laag", "nt2_group": "0", "intake_period": "2017H1"}
#: Display order of categories without a code list.
ORDER = {"nt2_group": ["0", "<1.1", "1.1", "1.2", "2.x+"],
         "age_group": ["18-24", "25-30", "30+"],
         "intake_period": ["2017H1", "2017H2", "2018H1", "2018H2"]}
#: Values that mean "unknown" and leave a person out of the models.
UNKNOWN = ("missing", "onbekend")
#: Causes of the competing-risks analysis of the first job.
CAUSES = {1: "art60", 2: "nec", 3: "other"}
#: Status-snapshot designs compared with the episodes: name -> calendar months of the snapshots.
SNAPSHOT_DESIGNS = {"quarterly": (3, 6, 9, 12), "half_yearly": (6, 12), "yearly": (12,)}


def months(days) -> np.ndarray:
    """Days as months (30.4375 days each)."""
    return np.asarray(days, dtype=float) / DAYS_PER_MONTH


def _order(variable: str, values) -> list:
    present = list(dict.fromkeys(v for v in values if pd.notna(v)))
    order = list(TRAJECTORIES) if variable == "trajectory" else ORDER.get(variable) or labels.category_order(variable)
    return [v for v in order if v in present] + sorted(v for v in present if v not in order)


def references(data: pd.DataFrame, variables: Sequence[str]) -> dict:
    """Reference category per variable: the one in :data:`REFERENCE` when it occurs in ``data``,
    otherwise the first category in display order."""
    out = {}
    for var in variables:
        if var not in data.columns or pd.api.types.is_numeric_dtype(data[var]):
            continue
        levels = _order(var, data[var].unique())
        if levels:
            out[var] = REFERENCE[var] if REFERENCE.get(var) in levels else levels[0]
    return out


def _term_rows(terms: Sequence[str], data: pd.DataFrame, covariates: Sequence[str]):
    """(variable, level, term or None for the reference) for every category of every covariate."""
    out = []
    for var in covariates:
        levels = _order(var, data[var].unique())
        ref = references(data, [var]).get(var)
        for lv in [ref] + [lv for lv in levels if lv != ref]:
            term = None if lv == ref else f"{var}[T.{lv}]"
            if term is None or term in terms:
                out.append((var, lv, term))
    return out


def analysis_frame(jobs: pd.DataFrame, endpoint: str = "any_job",
                   covariates: Sequence[str] = PROFILE_COVARIATES, min_cell_size: int = 10) -> pd.DataFrame:
    """The data of the study: one row per intake with duration in months, event and cause.

    Parameters
    ----------
    jobs : DataFrame
        From :func:`evalkit.outcomes.first_jobs`.
    endpoint : str
        One of :data:`evalkit.outcomes.ENDPOINTS` (``any_job``, ``nec``, ``art60``, ``durable`` ...).
    covariates : sequence of str
        Covariates of the models. Rows with an unknown value (missing, ``missing``, ``onbekend``) or
        in a category (of a covariate or the trajectory) of fewer than ``min_cell_size`` persons get
        ``in_model = False``.
    min_cell_size : int
        Disclosure threshold.

    Returns
    -------
    DataFrame
        ``trajectory``, the covariates, ``months`` (to the event or the end of follow-up),
        ``event`` (0/1), ``cause`` (0 censored, 1 art. 60, 2 regular job, 3 other; for the first
        job of any kind), ``in_model``. ``attrs``: ``endpoint``, ``n_left_out``.
    """
    if endpoint not in outcomes.ENDPOINTS:
        raise InputError(f"endpoint must be one of {outcomes.ENDPOINTS}, got {endpoint!r}")
    covariates = list(covariates)
    missing = [c for c in ["trajectory", f"days_to_{endpoint}", endpoint, "first_job_kind"] + covariates
               if c not in jobs.columns]
    if missing:
        raise InputError(f"column(s) {missing} not in the data; make it with evalkit.outcomes.first_jobs()")
    data = jobs[["trajectory"] + covariates].copy()
    data["months"] = months(jobs[f"days_to_{endpoint}"])
    data["event"] = jobs[endpoint].astype(np.int64)
    data["cause"] = outcomes.competing_causes(jobs["first_job_kind"]) if endpoint == "any_job" else np.where(
        data["event"] == 1, 1, 0)
    ok = pd.Series(True, index=data.index)
    for col in ["trajectory"] + covariates:
        values = data[col].astype(object).where(~data[col].isin(UNKNOWN))
        sizes = values.map(values.value_counts())
        ok &= values.notna() & (sizes >= min_cell_size)
    data["in_model"] = ok.to_numpy()
    data.attrs.update({"endpoint": endpoint, "n_left_out": int((~ok).sum())})
    from evalkit.studies.survival import vocabulary

    # the domains of the whole cohort, also for tables of the persons in the models only
    data.attrs["domains"] = vocabulary.domains(data, endpoint)
    return data


def number_at_risk(data: pd.DataFrame, times: Sequence[float], duration: str = "months",
                   by: str = "trajectory") -> pd.DataFrame:
    """Persons still followed and without the event at each time (duration >= time), per group.

    Returns a DataFrame indexed by group with one column per time.
    """
    t = np.asarray(times, dtype=float)
    rows = {}
    for group in _order(by, data[by].unique()):
        d = np.sort(data.loc[data[by] == group, duration].to_numpy(dtype=float))
        rows[group] = len(d) - np.searchsorted(d, t, side="left")
    return pd.DataFrame.from_dict(rows, orient="index", columns=list(times))


@dataclass
class CoxStudy:
    """The Cox analysis of the study and what was done about proportional hazards.

    ``model`` has trajectory and profile; ``ph`` its test per term; ``violated`` the terms with
    p < ``alpha``. When the trajectory term violates proportional hazards, ``stratified`` holds
    the profile effects with a baseline hazard per trajectory (no trajectory HR needed), and for
    every violating term ``by_period`` holds its hazard ratio before and after ``cut_months``.
    """

    model: survival.CoxResult
    ph: pd.DataFrame
    alpha: float
    cut_months: float
    violated: list[str]
    stratified: survival.CoxResult | None = None
    by_period: pd.DataFrame | None = None
    data: pd.DataFrame = field(default=None, repr=False)
    #: The covariates of ``model``: the trajectory, then the profile.
    covariates: list[str] = field(default_factory=list)


def cox_by_period(data: pd.DataFrame, covariates: Sequence[str], cut: float, duration: str = "months",
                  event: str = "event", strata: str | None = None,
                  reference: Mapping[str, object] | None = None) -> pd.DataFrame:
    """Hazard ratios that may change at ``cut``: one Cox model for the time before it (follow-up
    censored at ``cut``) and one for the time after it among those still at risk (times measured
    from ``cut``). The partial likelihood of a model with covariate x period interactions splits
    into exactly these two parts, so the estimates and standard errors are those of that model.

    Returns
    -------
    DataFrame
        ``period`` (``before`` / ``after``), ``term``, ``hr``, ``ci_lower``, ``ci_upper``, ``p_value``,
        ``n_events``.
    """
    before = data.assign(**{duration: np.minimum(data[duration], cut),
                            event: np.where(data[duration] <= cut, data[event], 0)})
    after = data[data[duration] > cut].assign(**{duration: lambda d: d[duration] - cut})
    pieces = []
    for period, part in (("before", before), ("after", after)):
        if len(part) == 0 or part[event].sum() == 0:
            continue  # no events in this period: nothing to estimate there
        try:
            fit = survival.cox(part, duration, event, list(covariates), strata=strata, reference=reference)
        except InputError:  # e.g. a category without anyone left after the cut
            continue
        s = fit.summary.reset_index()
        s["period"], s["n_events"] = period, fit.n_events
        pieces.append(s[["period", "term", "hr", "ci_lower", "ci_upper", "p_value", "n_events"]])
    columns = ["period", "term", "hr", "ci_lower", "ci_upper", "p_value", "n_events"]
    return pd.concat(pieces, ignore_index=True) if pieces else pd.DataFrame(columns=columns)


def _model_rows(data: pd.DataFrame, covariates: Sequence[str]) -> pd.DataFrame:
    """The rows of the models (``in_model``); not estimable when there are none, or when the trajectory
    or a covariate has a single category among them."""
    d = data[data["in_model"]].reset_index(drop=True)
    d.attrs = dict(data.attrs)
    if d.empty:
        raise NotEstimable("no intake is left for the models (unknown values and categories of fewer than "
                           "min_cell_size persons are left out)", "no_rows")
    if d["event"].sum() == 0:
        raise NotEstimable("nobody in the models reached the outcome", "too_few_events", n=0, min_n=1)
    for col in covariates:
        if d[col].nunique() < 2:
            # the shared headings name the Dutch level at intake nt2_level_at_intake
            variable = "nt2_level_at_intake" if col == "nt2_group" else col
            raise NotEstimable(f"'{col}' has a single category among the intakes of the models", "single_category",
                               variable=variable)
    return d


@degrades
def cox_study(data: pd.DataFrame, covariates: Sequence[str] = PROFILE_COVARIATES, alpha: float = 0.05,
              cut_months: float = 12.0) -> CoxStudy:
    """Cox model of the time to the first job on trajectory and profile, its proportional-hazards
    test, and - where that fails - a model stratified by trajectory and hazard ratios by period.

    Parameters
    ----------
    data : DataFrame
        From :func:`analysis_frame` (rows with ``in_model``).
    covariates : sequence of str
        Profile covariates (the trajectory is added).
    alpha : float
        Level of the proportional-hazards test.
    cut_months : float
        Where the period-specific hazard ratios change.

    Returns
    -------
    CoxStudy
        Not estimable (an :class:`~evalkit.publish.degrade.Unavailable`) when no intake is left for
        the model, or when the trajectory or a covariate has a single category among them.
    """
    covariates = list(covariates)
    d = _model_rows(data, ["trajectory"] + covariates)
    ref = references(d, ["trajectory"] + covariates)
    model = survival.cox(d, "months", "event", ["trajectory"] + covariates, reference=ref)
    ph = model.ph_test()
    violated = [t for t in ph.index if t != "GLOBAL" and ph.loc[t, "p_value"] < alpha]
    result = CoxStudy(model, ph, alpha, cut_months, violated, data=d, covariates=["trajectory"] + covariates)
    if "trajectory" in violated:
        result.stratified = survival.cox(d, "months", "event", covariates, strata="trajectory",
                                         reference={k: v for k, v in ref.items() if k != "trajectory"})
    if violated:
        by_period = cox_by_period(d, ["trajectory"] + covariates, cut_months, reference=ref)
        keep = by_period["term"].map(lambda t: t.split("[T.")[0] in violated).astype(bool)
        result.by_period = by_period[keep].reset_index(drop=True) if keep.any() else None
    return result


@degrades
def fine_gray_models(data: pd.DataFrame, covariates: Sequence[str] = PROFILE_COVARIATES,
                     causes: Sequence[int] = (1, 2)) -> dict[int, survival.FineGrayResult]:
    """Fine-Gray models of the first job by kind (cause code -> fit), with trajectory and profile;
    not estimable on the same grounds as :func:`cox_study`."""
    d = _model_rows(data, ["trajectory"] + list(covariates))
    ref = references(d, ["trajectory"] + list(covariates))
    return {c: survival.fine_gray(d, "months", "cause", cause=c, covariates=["trajectory"] + list(covariates),
                                  reference=ref) for c in causes}


def snapshot_comparison(registry, cohort: pd.DataFrame, jobs: pd.DataFrame,
                        designs: Mapping[str, Sequence[int]] = SNAPSHOT_DESIGNS,
                        times_months: Sequence[float] = (6, 12, 18, 24, 36)) -> dict:
    """Time to first job from status snapshots only (Turnbull) against the episode-based curve.

    For each design (calendar months in which a snapshot is taken) the first observed work status
    gives an interval per intake (:func:`evalkit.outcomes.snapshot_intervals`), and
    :func:`evalkit.stats.interval.turnbull` estimates the curve. Also shown is the naive reading that
    takes the first snapshot with work as the day of the first job (right-point imputation).

    Returns
    -------
    dict
        ``table``: tidy DataFrame (``design``, ``months``, ``episodes``, ``turnbull``,
        ``right_point``: share with a first job in %; ``difference``: Turnbull minus episodes, in
        percentage points); ``curves``: design -> Turnbull curve in months; ``episodes``: the
        Kaplan-Meier curve of the episodes in months.
    """
    from evalkit.stats import interval

    data = pd.DataFrame({"months": months(jobs["days_to_any_job"]), "event": jobs["any_job"]})
    km = survival.kaplan_meier(data, "months", "event")
    at = survival.survival_at(km, times_months)["survival"].to_numpy()
    rows, curves = [], {}
    # the same follow-up as the episodes, so that only the snapshots make the difference
    followed = cohort.assign(censor_date=jobs["follow_up_end"].to_numpy())
    for name, calendar in designs.items():
        iv = outcomes.snapshot_intervals(registry, followed, months=calendar)
        iv = iv.assign(left=months(iv["left"]), right=months(iv["right"]))
        curve = interval.turnbull(iv, "left", "right")
        curves[name] = curve
        tb = interval.survival_at(curve, times_months)["survival"].to_numpy()
        naive = pd.DataFrame({"months": np.where(np.isfinite(iv["right"]), iv["right"], iv["left"]),
                              "event": np.isfinite(iv["right"]).astype(int)})
        rp = survival.survival_at(survival.kaplan_meier(naive, "months", "event"), times_months)["survival"].to_numpy()
        for t, e, b, r in zip(times_months, at, tb, rp):
            rows.append({"design": name, "months": t, "episodes": 100 * (1 - e), "turnbull": 100 * (1 - b),
                         "right_point": 100 * (1 - r), "difference": 100 * (e - b)})
    return {"table": pd.DataFrame(rows), "curves": curves, "episodes": km}


def synthetic_truth_fit(n: int = 4000, seed: int = 1, endpoint: str = "any_job",
                        covariates: Sequence[str] = PROFILE_COVARIATES, conf_level: float = 0.95) -> pd.DataFrame:
    """Fit the generator's model on a fresh synthetic registry and put the truth beside it.

    The synthetic first-job hazards are proportional in ``exp(x'beta + gamma L)`` within each
    trajectory (``docs/synthetic_registry.md``), so a Cox model stratified by trajectory, with the
    profile and the latent employability ``L`` as covariates, estimates beta and gamma. Persons with
    a missing covariate are left out (that depends on covariates only, so it does no harm).

    Returns
    -------
    DataFrame
        Indexed by term: ``coef``, ``se``, ``ci_lower``, ``ci_upper`` (log scale), ``truth``,
        ``covered``; ``attrs``: ``n``, ``seed``, ``n_events``.
    """
    from evalkit.registry import synth

    reg = synth.generate(n=n, seed=seed)
    registry = reg.registry()
    jobs = outcomes.first_jobs(registry, outcomes.cohort(registry))
    jobs = jobs.merge(reg.latent[["intake_id", "latent_employability"]], on="intake_id", how="left")
    covariates = list(covariates)
    data = jobs.dropna(subset=covariates + ["latent_employability"]).reset_index(drop=True)
    ref = references(data, covariates)
    fit = survival.cox(data, f"days_to_{endpoint}", endpoint, covariates + ["latent_employability"],
                       strata="trajectory", reference=ref, conf_level=conf_level)
    params = reg.truth["parameters"]
    coefficients = params["coefficients"]

    def truth(term: str) -> float:
        if term == "latent_employability":
            return float(params["latent_effect"])
        variable, level = term[:-1].split("[T.")
        return float(coefficients[variable].get(level, 0.0) - coefficients[variable].get(ref[variable], 0.0))

    from scipy import stats

    z = stats.norm.ppf(1 - (1 - conf_level) / 2)
    out = fit.summary[["coef", "se"]].copy()
    out["ci_lower"], out["ci_upper"] = out["coef"] - z * out["se"], out["coef"] + z * out["se"]
    out["truth"] = [truth(t) for t in out.index]
    out["covered"] = (out["ci_lower"] <= out["truth"]) & (out["truth"] <= out["ci_upper"])
    out.attrs.update({"n": len(data), "seed": seed, "n_events": fit.n_events})
    return out
