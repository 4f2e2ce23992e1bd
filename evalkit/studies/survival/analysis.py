"""The survival study - time from intake to a first job - for ``notebooks/02_survival_first_job.ipynb``.

The notebook stays thin: it calls the steps below and shows what they return. Three groups:

- **Analysis steps** that compose :mod:`evalkit.outcomes`, :mod:`evalkit.survival` and
  :mod:`evalkit.stats.interval`: :func:`analysis_frame` (durations in months, the competing cause, the
  covariates of the models), :func:`number_at_risk`, :func:`cox_study` (Cox model, proportional-
  hazards check and what to do when it fails), :func:`cox_by_period`, :func:`fine_gray_models`,
  :func:`snapshot_comparison` and :func:`synthetic_truth_fit` (the ground-truth check).
- **Tables** ready for a report, labelled in Dutch or English and through disclosure control:
  :func:`median_table`, :func:`share_table`, :func:`logrank_table`, :func:`hr_table`,
  :func:`ph_table`, :func:`period_table`, :func:`cif_table`, :func:`gray_table`,
  :func:`fine_gray_table`, :func:`rmst_table`, :func:`snapshot_table`.
- **Figures**: :func:`plot_km` (with the number at risk under it), :func:`plot_forest`,
  :func:`plot_cif`, :func:`plot_snapshot_comparison`.

Time is shown in months (days / 30.4375). Curves stop where fewer than ``min_cell_size`` persons
remain at risk, and no count below ``min_cell_size`` is shown (``"<10"`` instead); categories with
fewer persons are left out of the regression models, so that no estimate rests on a handful of people.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from evalkit import outcomes
from evalkit.publish import disclosure
from evalkit.stats import survival
from evalkit.errors import InputError
from evalkit.publish import labels
from evalkit.texts import Catalogue

TEXTS = Catalogue("evalkit.studies.survival")
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
_COLORS = ("#0173B2", "#DE8F05", "#029E73", "#CC78BC", "#CA9161", "#949494")
_DASH = "–"


def months(days) -> np.ndarray:
    """Days as months (30.4375 days each)."""
    return np.asarray(days, dtype=float) / DAYS_PER_MONTH


def _t(key: str, language: str, **values) -> str:
    return TEXTS.text(key, language, **values)


def _labels(variable: str, language: str) -> dict:
    return labels.category_labels(variable, language)


def variable_label(variable: str, language: str) -> str:
    """Heading of a covariate in ``language``."""
    own = TEXTS.table("variables", language)
    if variable in own:
        return own[variable]
    return labels.VARIABLES.get(variable, {}).get(language, variable)


def trajectory_label(code, language: str, short: bool = True) -> str:
    """Label of a trajectory (short by default, for legends and table rows)."""
    if short and code in labels.LABELS["trajectory_short"]:
        return labels.LABELS["trajectory_short"][code][language]
    return _labels("trajectory", language).get(code, str(code))


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


def _fmt_p(p: float) -> str:
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


def _fmt_ci(lo: float, hi: float, decimals: int = 2) -> str:
    if not (np.isfinite(lo) and np.isfinite(hi)):
        return _DASH
    return f"{lo:.{decimals}f} {_DASH} {hi:.{decimals}f}"


def _count(value: float, min_cell_size: int):
    value = int(round(value))
    return disclosure.small_count_marker(min_cell_size) if 0 < value < min_cell_size else value


# --------------------------------------------------------------------------- analysis steps
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
    """
    covariates = list(covariates)
    d = data[data["in_model"]].reset_index(drop=True)
    ref = references(d, ["trajectory"] + covariates)
    model = survival.cox(d, "months", "event", ["trajectory"] + covariates, reference=ref)
    ph = model.ph_test()
    violated = [t for t in ph.index if t != "GLOBAL" and ph.loc[t, "p_value"] < alpha]
    result = CoxStudy(model, ph, alpha, cut_months, violated, data=d)
    if "trajectory" in violated:
        result.stratified = survival.cox(d, "months", "event", covariates, strata="trajectory",
                                         reference={k: v for k, v in ref.items() if k != "trajectory"})
    if violated:
        by_period = cox_by_period(d, ["trajectory"] + covariates, cut_months, reference=ref)
        keep = by_period["term"].map(lambda t: t.split("[T.")[0] in violated).astype(bool)
        result.by_period = by_period[keep].reset_index(drop=True) if keep.any() else None
    return result


def fine_gray_models(data: pd.DataFrame, covariates: Sequence[str] = PROFILE_COVARIATES,
                     causes: Sequence[int] = (1, 2)) -> dict[int, survival.FineGrayResult]:
    """Fine-Gray models of the first job by kind (cause code -> fit), with trajectory and profile."""
    d = data[data["in_model"]].reset_index(drop=True)
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


# --------------------------------------------------------------------------- tables
def cohort_facts(registry, jobs: pd.DataFrame, data: pd.DataFrame, min_cell_size: int = 10) -> dict:
    """Facts for the data paragraph (counts below ``min_cell_size`` as ``"<10"``)."""
    from pathlib import Path

    path = getattr(registry, "path", None)
    return {
        "source": Path(path).name if path is not None else "?",
        "n_intakes": _count(len(jobs), min_cell_size),
        "first_intake": jobs["intake_date"].min().date().isoformat() if len(jobs) else _DASH,
        "last_intake": jobs["intake_date"].max().date().isoformat() if len(jobs) else _DASH,
        "censor_date": pd.Timestamp(jobs["censor_date"].iloc[0]).date().isoformat() if len(jobs) else _DASH,
        "n_events": _count(data["event"].sum(), min_cell_size),
        "n_left_registers": _count(jobs["left_registers"].sum(), min_cell_size),
        "n_employed_at_intake": _count(jobs["employed_at_intake"].sum(), min_cell_size),
        "n_left_out": _count(data.attrs.get("n_left_out", 0), min_cell_size),
        "median_follow_up": float(np.median(months(jobs["follow_up_days"]))) if len(jobs) else float("nan"),
    }


def _group_counts(data: pd.DataFrame, by: str = "trajectory") -> pd.DataFrame:
    g = data.groupby(by)
    return pd.DataFrame({"n": g.size(), "events": g["event"].sum()})


def median_table(curve: pd.DataFrame, data: pd.DataFrame, language: str = "nl",
                 min_cell_size: int = 10) -> tuple[pd.DataFrame, str]:
    """Per trajectory: persons, first jobs, median months to a first job and its 95% interval.

    A median (or limit) is shown only where the curve is shown (enough persons at risk)."""
    kept, note = disclosure.truncate_at_risk(curve, min_cell_size, language=language)
    med = survival.median_survival(kept).set_index("group")
    counts = _group_counts(data)
    rows = []
    for group in _order("trajectory", counts.index):
        m = med.loc[group] if group in med.index else pd.Series({"median": np.nan, "ci_lower": np.nan, "ci_upper": np.nan})
        rows.append({"trajectory": trajectory_label(group, language, short=False),
                     "n": counts.loc[group, "n"], "events": counts.loc[group, "events"],
                     "median": m["median"], "ci": _fmt_ci(m["ci_lower"], m["ci_upper"], 1)})
    table = pd.DataFrame(rows)
    shown, sup = disclosure.suppress_counts(table, ["n", "events"], min_cell_size, language=language)
    shown["median"] = shown["median"].map(lambda v: f"{v:.1f}" if np.isfinite(v) else _t("not_reached", language))
    shown = shown.rename(columns={k: _t(f"col.{k}", language) for k in ("trajectory", "n", "events", "median", "ci")})
    return shown, f"{sup} {note} {_t('median.note', language)}"


def _visible_until(full: pd.DataFrame, kept: pd.DataFrame) -> float:
    """Last time a truncated curve can be read: just before its first dropped point, or its last
    time when nothing was dropped (nothing is known after the last follow-up)."""
    dropped = full.loc[~full.index.isin(kept.index), "time"]
    if len(dropped):
        return float(np.nextafter(dropped.min(), -np.inf))
    return float(full["time"].max()) if len(full) else -np.inf


def _few_events(curve: pd.DataFrame, t: float, min_cell_size: int) -> bool:
    """Whether between 1 and ``min_cell_size - 1`` events happened up to ``t``: a share read off
    the curve there would reveal that small count."""
    events = float(curve.loc[curve["time"] <= t, "n_events"].sum())
    return 0 < round(events) < min_cell_size


def share_table(curve: pd.DataFrame, times_months: Sequence[float], language: str = "nl",
                min_cell_size: int = 10) -> tuple[pd.DataFrame, str]:
    """Per trajectory the share (%) with a first job after each number of months, with its 95%
    interval; empty where fewer than ``min_cell_size`` persons were still at risk."""
    kept, note = disclosure.truncate_at_risk(curve, min_cell_size, language=language)
    rows, hidden = [], False
    for group in _order("trajectory", curve["group"].unique()):
        full = curve[curve["group"] == group]
        until = _visible_until(full, kept[kept["group"] == group])
        at = survival.survival_at(full, times_months)
        row = {_t("col.trajectory", language): trajectory_label(group, language)}
        for t, (_, r) in zip(times_months, at.iterrows()):
            key = _t("col.after_months", language, months=_num(t))
            if t > until:
                row[key] = _DASH
                continue
            if _few_events(full, t, min_cell_size):
                row[key], hidden = disclosure.SECONDARY_MARKER, True
                continue
            lo = 100 * (1 - r["ci_upper"]) if np.isfinite(r["ci_upper"]) else np.nan
            hi = 100 * (1 - r["ci_lower"]) if np.isfinite(r["ci_lower"]) else np.nan
            row[key] = f"{100 * (1 - r['survival']):.1f} ({_fmt_ci(lo, hi, 1)})"
        rows.append(row)
    small = f" {_t('share.small', language, min_cell_size=min_cell_size)}" if hidden else ""
    return pd.DataFrame(rows), f"{note} {_t('share.note', language)}{small}"


def _num(value: float) -> str:
    return f"{value:g}"


def list_text(values: Sequence[float], language: str = "nl") -> str:
    """Numbers as words run together: ``[6, 12, 18]`` -> "6, 12 en 18" (English: "6, 12 and 18")."""
    items = [_num(v) for v in values]
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + (" en " if language == "nl" else " and ") + items[-1]


def logrank_table(data: pd.DataFrame, language: str = "nl", strata: str | None = None) -> pd.DataFrame:
    """Log-rank tests: all trajectories together, then each trajectory against the linear one."""
    rows = []
    groups = _order("trajectory", data["trajectory"].unique())
    overall = survival.logrank(data, "months", "event", by="trajectory", strata=strata).iloc[0]
    rows.append((_t("logrank.all", language, k=len(groups)), overall["statistic"], overall["df"], overall["p_value"]))
    ref = references(data, ["trajectory"])["trajectory"]
    for group in groups:
        if group == ref or ref not in groups:
            continue
        pair = data[data["trajectory"].isin([ref, group])]
        res = survival.logrank(pair, "months", "event", by="trajectory", strata=strata).iloc[0]
        rows.append((_t("logrank.pair", language, group=trajectory_label(group, language),
                        reference=trajectory_label(ref, language)), res["statistic"], res["df"], res["p_value"]))
    out = pd.DataFrame(rows, columns=["test", "chi2", "df", "p"])
    out["chi2"] = out["chi2"].round(2)
    out["p"] = out["p"].map(_fmt_p)
    out["df"] = out["df"].astype(int)
    return out.rename(columns={"test": _t("col.test", language), "chi2": "χ²", "df": "df", "p": "p"})


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


def hr_table(fit, data: pd.DataFrame, covariates: Sequence[str], language: str = "nl",
             min_cell_size: int = 10, ratio: str = "hr") -> tuple[pd.DataFrame, str]:
    """Hazard ratios (or subdistribution hazard ratios, ``ratio="shr"``) with 95% intervals,
    per category, the reference category shown as 1, with persons and events per category."""
    s = fit.summary
    rows = []
    for var, lv, term in _term_rows(list(s.index), data, covariates):
        sel = data[var] == lv
        row = {"variable": variable_label(var, language), "category": _labels(var, language).get(lv, lv)
               if var != "trajectory" else trajectory_label(lv, language),
               "n": int(sel.sum()), "events": int(data.loc[sel, "event"].sum())}
        if term is None:
            row.update({"ratio": _t("reference", language), "ci": "", "p": ""})
        else:
            r = s.loc[term]
            row.update({"ratio": f"{r[ratio]:.2f}", "ci": _fmt_ci(r['ci_lower'], r['ci_upper']), "p": _fmt_p(r["p_value"])})
        rows.append(row)
    table = pd.DataFrame(rows)
    shown, sup = disclosure.suppress_counts(table, ["n", "events"], min_cell_size, language=language)
    shown["variable"] = shown["variable"].where(shown["variable"] != shown["variable"].shift(), "")
    names = {"variable": _t("col.variable", language), "category": _t("col.category", language),
             "n": _t("col.n", language), "events": _t("col.events", language),
             "ratio": _t(f"col.{ratio}", language), "ci": _t("col.ci", language), "p": "p"}
    return shown.rename(columns=names), sup


def _term_label(term: str, language: str) -> tuple[str, str]:
    if "[T." not in term:
        return variable_label(term, language), ""
    var, lv = term[:-1].split("[T.")
    lab = trajectory_label(lv, language) if var == "trajectory" else _labels(var, language).get(lv, lv)
    return variable_label(var, language), lab


def ph_table(study: CoxStudy, language: str = "nl") -> pd.DataFrame:
    """The proportional-hazards test per term and globally, with a verdict."""
    rows = []
    for term, r in study.ph.iterrows():
        name = _t("global", language) if term == "GLOBAL" else variable_label(term, language)
        verdict = _t("ph.violated.short" if r["p_value"] < study.alpha else "ph.ok.short", language) if term != "GLOBAL" else ""
        rows.append((name, round(r["statistic"], 2), int(r["df"]), _fmt_p(r["p_value"]), verdict))
    return pd.DataFrame(rows, columns=[_t("col.term", language), "χ²", "df", "p", _t("col.verdict", language)])


def period_table(study: CoxStudy, language: str = "nl") -> pd.DataFrame:
    """Hazard ratios before and after the cut, for the terms that violate proportional hazards."""
    bp = study.by_period
    rows = []
    for term in dict.fromkeys(bp["term"]):
        var, lab = _term_label(term, language)
        row = {_t("col.variable", language): var, _t("col.category", language): lab}
        for period in ("before", "after"):
            match = bp[(bp["term"] == term) & (bp["period"] == period)]
            key = _t(f"period.{period}", language, months=_num(study.cut_months))
            if match.empty:
                row[key] = _DASH
                continue
            r = match.iloc[0]
            row[key] = f"{r['hr']:.2f} ({_fmt_ci(r['ci_lower'], r['ci_upper'])})"
        rows.append(row)
    return pd.DataFrame(rows)


def cif_table(cif: pd.DataFrame, times_months: Sequence[float], language: str = "nl",
              min_cell_size: int = 10) -> tuple[pd.DataFrame, str]:
    """Cumulative incidence (%) of each kind of first job per trajectory at the given months.

    A value resting on fewer than ``min_cell_size`` first jobs of that kind is hidden (``x``); as
    the kinds add up to the share with any job, one more kind of that trajectory and month is then
    hidden too, so the first cannot be recovered by subtraction."""
    kept, note = disclosure.truncate_at_risk(cif, min_cell_size, by=["group", "cause"], language=language)
    causes = sorted(cif["cause"].unique())
    rows, hidden_any = [], False
    for group in _order("trajectory", cif["group"].unique()):
        values = np.full((len(causes), len(times_months)), np.nan)
        state = np.zeros(values.shape, dtype=int)  # 0 shown, 1 not followed long enough, 2 hidden
        for i, cause in enumerate(causes):
            full = cif[(cif["group"] == group) & (cif["cause"] == cause)]
            until = _visible_until(full, kept[(kept["group"] == group) & (kept["cause"] == cause)])
            for j, t in enumerate(times_months):
                before = full[full["time"] <= t]
                values[i, j] = 100 * (before["cif"].iloc[-1] if len(before) else 0.0)
                state[i, j] = 1 if t > until else 2 if _few_events(full, t, min_cell_size) else 0
        for j in range(len(times_months)):
            shown = np.flatnonzero(state[:, j] == 0)
            nonzero = shown[values[shown, j] > 0]
            pool = nonzero if len(nonzero) else shown
            if (state[:, j] == 2).sum() == 1 and len(pool):
                state[pool[np.argmin(values[pool, j])], j] = 2
        hidden_any |= bool((state == 2).any())
        for i, cause in enumerate(causes):
            row = {_t("col.trajectory", language): trajectory_label(group, language),
                   _t("col.kind", language): _t(f"cause.{CAUSES.get(cause, cause)}", language)}
            for j, t in enumerate(times_months):
                key = _t("col.after_months", language, months=_num(t))
                row[key] = (f"{values[i, j]:.1f}", _DASH, disclosure.SECONDARY_MARKER)[state[i, j]]
            rows.append(row)
    out = pd.DataFrame(rows)
    col = _t("col.trajectory", language)
    out[col] = out[col].where(out[col] != out[col].shift(), "")
    small = f" {_t('cif.small', language, min_cell_size=min_cell_size)}" if hidden_any else ""
    return out, f"{note} {_t('share.note', language)}{small}"


def gray_table(cif: pd.DataFrame, language: str = "nl") -> pd.DataFrame:
    """Gray's test per kind of first job: does its cumulative incidence differ between trajectories?"""
    tests = pd.DataFrame(cif.attrs.get("gray_test", []))
    if tests.empty:
        return tests
    return pd.DataFrame({
        _t("col.kind", language): [_t(f"cause.{CAUSES.get(c, c)}", language) for c in tests["cause"]],
        "χ²": tests["statistic"].round(2), "df": tests["df"], "p": tests["p_value"].map(_fmt_p)})


def fine_gray_table(fits: Mapping[int, survival.FineGrayResult], data: pd.DataFrame, covariates: Sequence[str],
                    language: str = "nl") -> pd.DataFrame:
    """Subdistribution hazard ratios (95% interval) per kind of first job, side by side."""
    d = data[data["in_model"]]
    covs = ["trajectory"] + list(covariates)
    first = next(iter(fits.values()))
    rows = []
    for var, lv, term in _term_rows(list(first.summary.index), d, covs):
        row = {_t("col.variable", language): variable_label(var, language),
               _t("col.category", language): trajectory_label(lv, language) if var == "trajectory"
               else _labels(var, language).get(lv, lv)}
        for cause, fit in fits.items():
            key = _t("col.shr_of", language, kind=_t(f"cause.{CAUSES.get(cause, cause)}", language))
            if term is None:
                row[key] = _t("reference", language)
            else:
                r = fit.summary.loc[term]
                row[key] = f"{r['shr']:.2f} ({_fmt_ci(r['ci_lower'], r['ci_upper'])})"
        rows.append(row)
    out = pd.DataFrame(rows)
    col = _t("col.variable", language)
    out[col] = out[col].where(out[col] != out[col].shift(), "")
    return out


def rmst_table(data: pd.DataFrame, horizon_months: float, language: str = "nl") -> tuple[pd.DataFrame, str]:
    """Mean months without a job within the horizon (restricted mean survival time) per trajectory,
    and the difference from the linear trajectory with its 95% interval."""
    per = survival.rmst(data, "months", "event", horizon=horizon_months, by="trajectory").set_index("group")
    diff = survival.rmst_difference(data, "months", "event", horizon=horizon_months, by="trajectory",
                                    reference=references(data, ["trajectory"])["trajectory"]).set_index("group")
    rows = []
    for group in _order("trajectory", per.index):
        r = per.loc[group]
        row = {"trajectory": trajectory_label(group, language), "rmst": f"{r['rmst']:.1f}",
               "ci": _fmt_ci(r["ci_lower"], r["ci_upper"], 1)}
        if group in diff.index:
            d = diff.loc[group]
            row.update({"difference": f"{d['difference']:+.1f}", "diff_ci": _fmt_ci(d["ci_lower"], d["ci_upper"], 1),
                        "p": _fmt_p(d["p_value"])})
        else:
            row.update({"difference": _t("reference", language), "diff_ci": "", "p": ""})
        rows.append(row)
    names = {"trajectory": _t("col.trajectory", language),
             "rmst": _t("col.rmst", language, horizon=_num(horizon_months)), "ci": _t("col.ci", language),
             "difference": _t("col.rmst_difference", language), "diff_ci": _t("col.ci", language) + " ",
             "p": "p"}
    return pd.DataFrame(rows).rename(columns=names), _t("rmst.note", language, horizon=_num(horizon_months))


def snapshot_table(comparison: dict, language: str = "nl", months_shown: Sequence[float] | None = None,
                   min_cell_size: int = 10) -> pd.DataFrame:
    """The snapshot comparison as a report table (percentages with a first job), at ``months_shown``
    (default all); only at months where the episode curve is still shown (enough at risk)."""
    t = comparison["table"]
    km = comparison["episodes"]
    kept, _ = disclosure.truncate_at_risk(km, min_cell_size, language=language)
    t = t[t["months"] <= _visible_until(km, kept)]
    if months_shown is not None:
        t = t[t["months"].isin(list(months_shown))]
    t = t.reset_index(drop=True)
    out = pd.DataFrame({
        _t("col.design", language): t["design"].map(lambda d: _t(f"design_name.{d}", language)),
        _t("col.months", language): t["months"].map(_num),
        _t("col.episodes", language): t["episodes"].round(1),
        _t("col.turnbull", language): t["turnbull"].round(1),
        _t("col.right_point", language): t["right_point"].round(1),
        _t("col.difference", language): t["difference"].round(1),
    })
    return out


# --------------------------------------------------------------------------- sentences
def endpoint_label(endpoint: str, durable: str | outcomes.DurableJob, language: str = "nl") -> str:
    """The outcome in words, e.g. "een eerste duurzame job (ononderbroken ... 365 dagen)"."""
    definition = outcomes.durable_definition(durable).describe(language)
    return _t(f"endpoint.{endpoint}", language, definition=definition)


def km_reading(curve: pd.DataFrame, data: pd.DataFrame, endpoint: str, at_months: float = 12,
               language: str = "nl", min_cell_size: int = 10) -> str:
    """One sentence: the share with the outcome after ``at_months``, overall and its range over
    the trajectories (only trajectories whose curve is shown at that time)."""
    kept, _ = disclosure.truncate_at_risk(curve, min_cell_size, language=language)
    shares = {}
    for group in _order("trajectory", curve["group"].unique()):
        full = curve[curve["group"] == group]
        if at_months <= _visible_until(full, kept[kept["group"] == group]):
            shares[group] = 100 * (1 - survival.survival_at(full, [at_months])["survival"].iloc[0])
    overall = survival.kaplan_meier(data, "months", "event")
    share_all = 100 * (1 - survival.survival_at(overall, [at_months])["survival"].iloc[0])
    if not shares:
        return ""
    low, high = min(shares, key=shares.get), max(shares, key=shares.get)
    return _t("km.reading", language, months=_num(at_months), share_all=share_all, endpoint=endpoint,
              low=shares[low], low_group=trajectory_label(low, language),
              high=shares[high], high_group=trajectory_label(high, language))


def rmst_reading(data: pd.DataFrame, horizon_months: float, language: str = "nl") -> str:
    """One sentence on the months without a job in the reference trajectory and the differences."""
    per = survival.rmst(data, "months", "event", horizon=horizon_months, by="trajectory").set_index("group")
    ref = REFERENCE["trajectory"]
    if ref not in per.index or len(per) < 2:
        return ""
    diff = per["rmst"].drop(index=ref) - per.loc[ref, "rmst"]
    return _t("rmst.reading", language, horizon=_num(horizon_months), reference=per.loc[ref, "rmst"],
              low=diff.min(), high=diff.max())


def ph_reading(study: CoxStudy, language: str = "nl") -> str:
    """What the proportional-hazards test found and what the report does about it."""
    if not study.violated:
        return _t("ph.ok", language, alpha=study.alpha)
    terms = ", ".join(variable_label(t, language).lower() if language == "nl" else variable_label(t, language)
                      for t in study.violated)
    text = _t("ph.violated", language, alpha=study.alpha, terms=terms)
    if study.by_period is not None:
        text += " " + _t("ph.period.follows", language, months=_num(study.cut_months))
    return text


def snapshot_reading(comparison: dict, design: str = "yearly", at_months: float = 24,
                     language: str = "nl") -> str:
    """One sentence on how far the snapshot-based curve of ``design`` lies from the episodes."""
    t = comparison["table"]
    row = t[(t["design"] == design) & (t["months"] == at_months)]
    if row.empty:
        return ""
    r = row.iloc[0]
    return _t("snapshot.reading", language, months=_num(at_months), design=_t(f"design_word.{design}", language),
              difference=r["episodes"] - r["turnbull"], naive=r["episodes"] - r["right_point"])


# --------------------------------------------------------------------------- figures
def _month_ticks(ax, last: float) -> None:
    step = 6 if last <= 60 else 12
    ax.set_xticks(np.arange(0, last + 1e-9, step))
    ax.set_xlim(0, last)


def _step_cum(times, surv):
    """Times and cumulative share (%) for a step plot that starts at 0 at time 0."""
    return np.r_[0.0, times], 100 * (1 - np.r_[1.0, surv])


def plot_km(curve: pd.DataFrame, data: pd.DataFrame, language: str = "nl", min_cell_size: int = 10,
            step_months: float = 6, title: str | None = None):
    """Share with a first job (1 - Kaplan-Meier, %) per trajectory, with 95% bands and the number
    at risk under the plot (values below ``min_cell_size`` as ``"<10"``). Curves stop where fewer
    than ``min_cell_size`` persons remain at risk."""
    import matplotlib.pyplot as plt

    kept, _ = disclosure.truncate_at_risk(curve, min_cell_size, language=language)
    groups = _order("trajectory", curve["group"].unique())
    last = float(np.ceil(kept["time"].max() / step_months) * step_months) if len(kept) else step_months
    ticks = np.arange(0, last + 1e-9, step_months)
    fig = plt.figure(figsize=(9, 5.2 + 0.28 * len(groups)))
    grid = fig.add_gridspec(2, 1, height_ratios=[5.0, 0.5 + 0.28 * len(groups)], hspace=0.32)
    ax = fig.add_subplot(grid[0])
    for i, group in enumerate(groups):
        part = kept[kept["group"] == group]
        color = _COLORS[i % len(_COLORS)]
        x, y = _step_cum(part["time"].to_numpy(float), part["survival"].to_numpy(float))
        ax.step(x, y, where="post", color=color, lw=2, label=trajectory_label(group, language))
        lo = np.where(part["survival"] >= 1, 1.0, part["ci_upper"].to_numpy(float))
        hi = np.where(part["survival"] >= 1, 1.0, part["ci_lower"].to_numpy(float))
        ax.fill_between(np.r_[0.0, part["time"]], 100 * (1 - np.r_[1.0, lo]), 100 * (1 - np.r_[1.0, hi]),
                        step="post", color=color, alpha=0.15, lw=0)
    ax.set_ylim(0, 100)
    ax.set_ylabel(_t("axis.share_job", language))
    ax.set_xticks(ticks)
    ax.set_xlim(0, last)
    ax.set_xlabel(_t("axis.months", language))
    ax.legend(loc="lower right", frameon=False)
    if title:
        ax.set_title(title, loc="left")
    # the number at risk, aligned with the month ticks
    table = number_at_risk(data, ticks)
    tax = fig.add_subplot(grid[1], sharex=ax)
    tax.set_xlim(0, last)
    tax.set_ylim(-0.5, len(groups) - 0.5)
    tax.axis("off")
    tax.set_title(_t("axis.at_risk", language), loc="left", fontsize=9, fontweight="normal")
    for i, group in enumerate(groups):
        y = len(groups) - 1 - i
        tax.annotate(trajectory_label(group, language), (-0.045, y), xycoords=("axes fraction", "data"),
                     ha="right", va="center", fontsize=8.5, color=_COLORS[i % len(_COLORS)])
        for t, n in zip(ticks, table.loc[group]):
            tax.text(t, y, str(_count(n, min_cell_size)), ha="center", va="center", fontsize=8.5)
    return fig


def plot_forest(fit, data: pd.DataFrame, covariates: Sequence[str], language: str = "nl", ratio: str = "hr",
                title: str | None = None):
    """Forest plot of (subdistribution) hazard ratios with 95% intervals on a log scale, the values
    written beside it; the reference category of each covariate is marked at 1."""
    import matplotlib.pyplot as plt

    s = fit.summary
    rows = _term_rows(list(s.index), data, covariates)
    labels, est, lo, hi, heads, groups = [], [], [], [], [], []
    current = None
    for var, lv, term in rows:
        if var != current:
            heads.append(len(labels))
            labels.append(variable_label(var, language))
            est.append(np.nan), lo.append(np.nan), hi.append(np.nan)
            current = var
        groups.append(len(heads) - 1)
        name = trajectory_label(lv, language) if var == "trajectory" else _labels(var, language).get(lv, lv)
        if term is None:
            labels.append(f"{name} ({_t('reference_short', language)})")
            est.append(1.0), lo.append(np.nan), hi.append(np.nan)
        else:
            labels.append(name)
            est.append(s.loc[term, ratio]), lo.append(s.loc[term, "ci_lower"]), hi.append(s.loc[term, "ci_upper"])
    n = len(labels)
    y = np.arange(n)[::-1]
    est, lo, hi = np.array(est), np.array(lo), np.array(hi)
    fig, ax = plt.subplots(figsize=(8.5, 0.27 * n + 1.2))
    # a light band behind every other covariate, so the eye keeps the rows together
    bounds = heads + [n]
    for k in range(0, len(heads), 2):
        ax.axhspan(y[bounds[k + 1] - 1] - 0.5, y[bounds[k]] + 0.5, color="#f0f0f0", lw=0, zorder=0)
    ok = np.isfinite(lo)
    ax.hlines(y[ok], lo[ok], hi[ok], color="#333333", lw=1.6, zorder=2)
    ax.plot(est[ok], y[ok], "s", color=_COLORS[0], ms=6, zorder=3)
    ref = np.isfinite(est) & ~ok
    ax.plot(est[ref], y[ref], "o", mfc="white", mec="#777777", ms=5, zorder=3)
    ax.axvline(1.0, color="#777777", lw=0.8, ls="--", zorder=1)
    ax.set_xscale("log")
    finite = np.r_[lo[ok], hi[ok], 1.0]
    left, right = max(finite.min() / 1.4, 0.01), min(finite.max() * 1.4, 100)
    ax.set_xlim(left, right)
    ticks = [v for v in (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 10, 25, 50, 100) if left <= v <= right]
    ax.set_xticks(ticks, [f"{v:g}" for v in ticks])
    ax.minorticks_off()
    ax.set_yticks(y, labels)
    for h in heads:
        ax.get_yticklabels()[h].set_fontweight("bold")
    for yy, e, l, h in zip(y, est, lo, hi):
        if np.isfinite(l):
            ax.annotate(f"{e:.2f} ({l:.2f}{_DASH}{h:.2f})", (1.02, yy), xycoords=("axes fraction", "data"),
                        ha="left", va="center", fontsize=8.5)
    ax.annotate(_t(f"col.{ratio}", language) + f" ({_t('col.ci', language)})", (1.02, y[0]),
                xycoords=("axes fraction", "data"), ha="left", va="center", fontsize=8.5, fontweight="bold")
    ax.set_ylim(-0.7, n - 0.1)
    ax.set_xlabel(_t(f"axis.{ratio}", language))
    ax.grid(axis="y", visible=False)
    if title:
        ax.set_title(title, loc="left")
    fig.tight_layout()
    return fig


def plot_cif(cif: pd.DataFrame, language: str = "nl", min_cell_size: int = 10, step_months: float = 6):
    """Cumulative incidence (%) of the first job by kind: one panel per kind, one line per
    trajectory, with 95% bands; lines stop where fewer than ``min_cell_size`` remain at risk."""
    import matplotlib.pyplot as plt

    kept, _ = disclosure.truncate_at_risk(cif, min_cell_size, by=["group", "cause"], language=language)
    causes = sorted(cif["cause"].unique())
    groups = _order("trajectory", cif["group"].unique())
    last = float(np.ceil(kept["time"].max() / step_months) * step_months) if len(kept) else step_months
    top = min(100.0, float(np.ceil(100 * kept["ci_upper"].fillna(kept["cif"]).max() / 10) * 10) + 5)
    fig, axes = plt.subplots(1, len(causes), figsize=(4.0 * len(causes), 4.2), sharey=True, squeeze=False)
    for ax, cause in zip(axes[0], causes):
        for i, group in enumerate(groups):
            part = kept[(kept["group"] == group) & (kept["cause"] == cause)]
            color = _COLORS[i % len(_COLORS)]
            t = np.r_[0.0, part["time"].to_numpy(float)]
            ax.step(t, 100 * np.r_[0.0, part["cif"]], where="post", color=color, lw=2,
                    label=trajectory_label(group, language))
            lo = part["ci_lower"].fillna(part["cif"]).to_numpy(float)
            hi = part["ci_upper"].fillna(part["cif"]).to_numpy(float)
            ax.fill_between(t, 100 * np.r_[0.0, lo], 100 * np.r_[0.0, hi], step="post", color=color, alpha=0.12, lw=0)
        ax.set_title(_t(f"cause.{CAUSES.get(cause, cause)}", language), loc="left")
        ax.set_xticks(np.arange(0, last + 1e-9, 12 if last > 36 else step_months))
        ax.set_xlim(0, last)
        ax.set_ylim(0, top)
        ax.set_xlabel(_t("axis.months", language))
    axes[0][0].set_ylabel(_t("axis.cif", language))
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=len(groups), frameon=False)
    fig.tight_layout(rect=(0, 0.08, 1, 1))
    return fig


def _turnbull_line(curve: pd.DataFrame, min_cell_size: int):
    """Points of a Turnbull curve as cumulative share (%): flat between innermost intervals, a
    straight line across each; it stops where fewer than ``min_cell_size`` are known at risk."""
    c = curve[(curve["n_at_risk"] >= min_cell_size) & np.isfinite(curve["time_upper"])]
    surv_after = c["survival"].to_numpy(float)
    surv_before = surv_after + c["mass"].to_numpy(float)
    x = np.r_[0.0, np.column_stack([c["time_lower"], c["time_upper"]]).ravel()]
    y = np.r_[0.0, 100 * (1 - np.column_stack([surv_before, surv_after]).ravel())]
    return x, y


def plot_snapshot_comparison(comparison: dict, language: str = "nl", min_cell_size: int = 10,
                             step_months: float = 6):
    """The episode-based curve of the first job beside the Turnbull curves from snapshots only."""
    import matplotlib.pyplot as plt

    km, _ = disclosure.truncate_at_risk(comparison["episodes"], min_cell_size, language=language)
    fig, ax = plt.subplots(figsize=(8.5, 4.6))
    x, y = _step_cum(km["time"].to_numpy(float), km["survival"].to_numpy(float))
    ax.step(x, y, where="post", color="black", lw=2.4, label=_t("design.episodes", language))
    styles = ("-", "--", ":", "-.")
    for i, (name, curve) in enumerate(comparison["curves"].items()):
        tx, ty = _turnbull_line(curve, min_cell_size)
        ax.plot(tx, ty, styles[i % len(styles)], color=_COLORS[i % len(_COLORS)], lw=1.8,
                label=_t(f"design.{name}", language))
    last = float(np.ceil(km["time"].max() / step_months) * step_months)
    ax.set_xticks(np.arange(0, last + 1e-9, step_months))
    ax.set_xlim(0, last)
    ax.set_ylim(0, 100)
    ax.set_xlabel(_t("axis.months", language))
    ax.set_ylabel(_t("axis.share_job", language))
    ax.legend(loc="lower right", frameon=False)
    fig.tight_layout()
    return fig
