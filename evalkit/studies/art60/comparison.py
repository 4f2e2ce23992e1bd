"""Compared with what? Persons still without a regular job at a landmark (months after intake) who
had started an art. 60 by then, against those who had not (yet), adjusted for profile and trajectory
with inverse probability weights (:mod:`evalkit.stats.compare`): :func:`landmark_data`,
:func:`landmark_comparison`. :func:`naive_comparison` is the comparison that suffers from
immortal-time bias, for the explanation.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from evalkit.errors import NotEstimable
from evalkit.publish.degrade import degrades
from evalkit.stats import transitions as tr
from evalkit.studies.art60.analysis import PROFILE_COVARIATES, _days, _require_jobs
from evalkit.studies.art60.categories import _with_unknown


def landmark_data(registry, jobs: pd.DataFrame, landmark_months: float, horizon_months: float,
                  covariates: Sequence[str] = ("trajectory",) + PROFILE_COVARIATES) -> pd.DataFrame:
    """The persons of a landmark comparison, one row per intake.

    At the landmark (``landmark_months`` after intake) a person is included when still followed
    (in the registers, before the censor date), without a regular job (NEC or interim) so far, and
    with the whole outcome window (``horizon_months`` after the landmark) before the censor date.
    Exposure ``art60`` = 1 when an art. 60 started before the landmark, whatever happened after.
    Outcomes over the window after the landmark: ``regular_job`` (a regular job started in the
    window) and ``regular_work_at_end`` (in regular work on its last day).

    Who started an art. 60 *after* the landmark stays in the comparison group: the comparison is
    "started by the landmark" against "not (yet) started by then", both followed from the same
    day, so no one's time before an art. 60 is credited to art. 60 (no immortal time).

    Examples
    --------
    >>> from evalkit.studies.art60 import examples
    >>> registry, cohort, jobs, after = examples.bundled()
    >>> d = landmark_data(registry, jobs, 12, 12)
    >>> d["art60"].value_counts().sort_index().tolist()
    [1001, 257]
    """
    _require_jobs(jobs, ["intake_id", "person_id", "intake_date", "censor_date", "follow_up_days", "days_to_art60",
                         "art60", "days_to_nec", "nec", "days_to_interim", "interim"] + list(covariates))
    lm, h = float(_days([landmark_months])[0]), float(_days([horizon_months])[0])
    first_regular = np.fmin(np.where(jobs["nec"] == 1, jobs["days_to_nec"], np.inf),
                            np.where(jobs["interim"] == 1, jobs["days_to_interim"], np.inf))
    window_end = jobs["intake_date"] + pd.to_timedelta(np.floor(lm + h), unit="D")
    eligible = ((jobs["follow_up_days"] > lm) & (first_regular > lm) & (window_end <= jobs["censor_date"])).to_numpy()
    d = jobs[eligible].copy()
    fr = first_regular[eligible]
    d["art60"] = ((d["art60"] == 1) & (d["days_to_art60"] <= lm)).astype(int).to_numpy()
    d["regular_job"] = (fr <= lm + h).astype(int)
    end = pd.DataFrame({"person_id": d["person_id"].to_numpy(), "date": window_end[eligible].to_numpy()})
    d["regular_work_at_end"] = tr.state_on(registry.episodes, end).isin(tr.REGULAR_WORK).astype(int).to_numpy()
    for c in covariates:
        d[c] = _with_unknown(d[c])
    d["landmark_months"] = landmark_months
    d["horizon_months"] = horizon_months
    cols = ["intake_id", "landmark_months", "horizon_months", "art60", "regular_job", "regular_work_at_end"]
    return d[cols + list(covariates)].reset_index(drop=True)


@degrades
def landmark_comparison(registry, jobs: pd.DataFrame, landmarks: Sequence[float] = (12, 18),
                        horizons: Sequence[float] = (12, 24),
                        covariates: Sequence[str] = ("trajectory",) + PROFILE_COVARIATES,
                        n_boot: int = 200, seed: int = 1, min_count: int = 10) -> pd.DataFrame:
    """Art. 60 started by the landmark versus not (yet), for those still without a regular job then.

    The effect is the difference in each outcome among those who started an art. 60 (ATT): their
    share minus the share of the comparison group reweighted to their profile and trajectory with
    inverse probability weights (:func:`evalkit.compare.effect`, bootstrap interval refitting the
    propensity model). Balance after weighting: the largest absolute standardised difference over
    the covariate terms (:func:`evalkit.compare.balance`). Categories of a covariate with fewer than
    ``min_count`` persons are merged into its largest category first, so that no weight rests on a
    handful of people.

    Returns
    -------
    DataFrame
        ``landmark_months``, ``horizon_months``, ``outcome``, ``n_art60``, ``n_other``,
        ``events_art60``, ``events_other``, ``pct_art60``, ``pct_other`` (crude), ``pct_other_adjusted``,
        ``difference``, ``ci_lower``, ``ci_upper`` (percentage points, adjusted), ``crude_difference``,
        ``max_abs_smd_before``, ``max_abs_smd_after``. Not estimable when nobody is in the
        comparison at any landmark, or nobody started an art. 60 by one.

    Examples
    --------
    >>> from evalkit.studies.art60 import examples, landmark_comparison
    >>> registry, cohort, jobs, after = examples.bundled()
    >>> res = landmark_comparison(registry, jobs, landmarks=(12,), horizons=(12,), n_boot=20, seed=1)
    >>> res[["outcome", "n_art60", "n_other"]]
                   outcome  n_art60  n_other
    0          regular_job      257     1001
    1  regular_work_at_end      257     1001
    """
    from evalkit.stats import compare

    rows = []
    for lm in landmarks:
        for h in horizons:
            d = _lump_rare(landmark_data(registry, jobs, lm, h, covariates), covariates, min_count)
            usable = [c for c in covariates if d[c].nunique() > 1]
            n_art60 = int(d["art60"].sum())
            if min(n_art60, len(d) - n_art60) < min_count:
                # too few persons in a group to weigh one against the other: counts only
                for outcome in ("regular_job", "regular_work_at_end"):
                    rows.append({"landmark_months": lm, "horizon_months": h, "outcome": outcome,
                                 "n_art60": n_art60, "n_other": len(d) - n_art60})
                continue
            weights = compare.ipw(d, "art60", usable, estimand="ATT")
            bal = compare.balance(d, "art60", usable, weights=weights["weight"].to_numpy(), estimand="ATT")
            for outcome in ("regular_job", "regular_work_at_end"):
                eff = compare.effect(d, outcome, "art60", usable, estimand="ATT", n_boot=n_boot, seed=seed).iloc[0]
                exposed, other = d[d["art60"] == 1], d[d["art60"] == 0]
                rows.append({
                    "landmark_months": lm, "horizon_months": h, "outcome": outcome,
                    "n_art60": len(exposed), "n_other": len(other),
                    "events_art60": int(exposed[outcome].sum()), "events_other": int(other[outcome].sum()),
                    "pct_art60": 100 * exposed[outcome].mean(), "pct_other": 100 * other[outcome].mean(),
                    "pct_other_adjusted": 100 * eff["mean_versus"],
                    "difference": 100 * eff["estimate"], "ci_lower": 100 * eff["ci_lower"],
                    "ci_upper": 100 * eff["ci_upper"],
                    "crude_difference": 100 * (exposed[outcome].mean() - other[outcome].mean()),
                    "max_abs_smd_before": float(bal["diff_unadjusted"].abs().max()),
                    "max_abs_smd_after": float(bal["diff_adjusted"].abs().max()),
                })
    columns = ["landmark_months", "horizon_months", "outcome", "n_art60", "n_other", "events_art60", "events_other",
               "pct_art60", "pct_other", "pct_other_adjusted", "difference", "ci_lower", "ci_upper",
               "crude_difference", "max_abs_smd_before", "max_abs_smd_after"]
    out = pd.DataFrame(rows, columns=columns)
    if len(out) and (out["n_art60"] + out["n_other"] == 0).all():
        raise NotEstimable("nobody is in the comparison at any landmark (still followed, without a regular job, "
                           "with the whole window)", "too_few_persons", n=0, min_n=min_count)
    if len(out) and (out["n_art60"] == 0).all():
        raise NotEstimable("nobody started an art. 60 by any landmark", "no_art60")
    return out


def _lump_rare(d: pd.DataFrame, covariates: Sequence[str], min_count: int) -> pd.DataFrame:
    """Merge categories with fewer than ``min_count`` persons into the covariate's largest category."""
    d = d.copy()
    for c in covariates:
        counts = d[c].value_counts()
        rare = counts.index[counts < min_count]
        if len(rare) and len(counts) > len(rare):
            d[c] = d[c].where(~d[c].isin(rare), counts.idxmax())
    return d


@degrades
def naive_comparison(registry, jobs: pd.DataFrame, horizon_months: float = 36) -> dict:
    """The comparison that suffers from immortal-time bias, for the explanation only: everyone
    with the whole window after intake, split by whether an art. 60 started *at any time* in it;
    share in regular work at the end of the window. Returns a dict of counts and percentages.

    Examples
    --------
    >>> from evalkit.studies.art60 import examples
    >>> registry, cohort, jobs, after = examples.bundled()
    >>> naive = naive_comparison(registry, jobs, 36)
    >>> naive["n_ever"], naive["n_never"]
    (928, 734)
    """
    h = float(_days([horizon_months])[0])
    end = jobs["intake_date"] + pd.to_timedelta(np.floor(h), unit="D")
    d = jobs[(end <= jobs["censor_date"])].copy()
    d["ever"] = ((d["art60"] == 1) & (d["days_to_art60"] <= h)).astype(int)
    day = pd.DataFrame({"person_id": d["person_id"].to_numpy(), "date": end[d.index].to_numpy()})
    d["work"] = tr.state_on(registry.episodes, day).isin(tr.REGULAR_WORK).astype(int).to_numpy()
    ever, never = d[d["ever"] == 1], d[d["ever"] == 0]
    return {"months": horizon_months, "n_ever": len(ever), "n_never": len(never),
            "pct_ever": 100 * ever["work"].mean() if len(ever) else np.nan,
            "pct_never": 100 * never["work"].mean() if len(never) else np.nan,
            "events_ever": int(ever["work"].sum()), "events_never": int(never["work"].sum())}
