"""How well the synthetic registry reproduces the published COB Coevelt figures, and the fit.

``calibration_table`` compares a registry's 2020-03-31 snapshot with every published figure the
synthetic registry is calibrated to, with the tolerance each must meet:

- trajectory counts exactly;
- share at work per category within 3 percentage points for categories of at least 300 persons
  and within 5 points for 100-299 (smaller categories are shown, not checked);
- share with at least one art. 60 per trajectory within 3 points;
- mean days from intake to the first art. 60 per trajectory within 10 %;
- share of each VDAB status code with at least 100 persons within 3 points.

``fit_parameters`` adjusts the model's coefficients so that, in expectation, the snapshot matches
the published margins (iterative proportional fitting on the logit scale, on a large simulated
cohort); ``choose_seed`` then picks the seed whose sample of 1,662 fits best.
"""
from __future__ import annotations

import copy

import numpy as np
import pandas as pd

from evalkit import outcomes
from evalkit.studies import overview
from evalkit.registry import synth

SNAPSHOT = "2020-03-31"


def calibration_table(registry, snapshot_date: str = SNAPSHOT) -> pd.DataFrame:
    """Every published figure beside the registry's own, with tolerance and verdict.

    Columns: table, category, n_published, published, synthetic, difference, tolerance, checked, ok.
    Percentages in percentage points, days in days (tolerance relative, 10 %).
    """
    cohort = overview.cohort_snapshot(registry, snapshot_date)
    rows = []
    for var in overview.PROFILE_VARIABLES:
        ours = overview.work_by(cohort, var).table.set_index("category")
        pub = overview.published(overview.PUBLISHED_TABLES[var]).set_index(var)
        for cat, r in pub.iterrows():
            if cat == "total":
                continue
            pct_pub = 100 * r["work"] / r["total"]
            pct_ours = ours["pct_work"].get(cat, np.nan)
            tol = 3.0 if r["total"] >= 300 else 5.0 if r["total"] >= 100 else np.nan
            rows.append(("work_by_" + var, cat, r["total"], round(pct_pub, 1), pct_ours, tol, "pp"))
    traj = overview.published("trajectory_by_work").set_index("trajectory")
    counts = cohort["trajectory"].value_counts()
    # Published counts scaled to the cohort's size (exactly the published ones at n = 1662).
    expected = synth._scaled_counts(traj.drop(index="total")["total"].to_dict(), len(cohort))
    for cat, r in traj.iterrows():
        if cat != "total":
            rows.append(("trajectory_count", cat, r["total"], expected[cat], counts.get(cat, 0), 0.0, "count"))
    a60 = overview.art60_by_trajectory(cohort).set_index("trajectory")
    pub60 = overview.published("art60_by_trajectory").set_index("trajectory")
    for cat, r in pub60.iterrows():
        if cat == "total":
            continue
        rows.append(("art60_share", cat, r["clients"], r["pct_with_art60"], a60.loc[cat, "pct_with_art60"], 3.0, "pp"))
        rows.append(("art60_mean_days", cat, r["clients_with_art60"], r["mean_days_intake_to_art60"],
                     a60.loc[cat, "mean_days_intake_to_art60"], 0.10, "relative"))
    codes = overview.status_code_table(cohort).set_index("code")
    for _, r in overview.published("vdab_status_codes").iterrows():
        share_pub = 100 * r["n_march_2020"] / 1662
        share_ours = codes["pct"].get(int(r["code"]), 0.0)
        tol = 3.0 if r["n_march_2020"] >= 100 else np.nan
        rows.append(("status_code_share", str(r["code"]), r["n_march_2020"], round(share_pub, 1), share_ours, tol, "pp"))
    out = pd.DataFrame(rows, columns=["table", "category", "n_published", "published", "synthetic", "tolerance", "unit"])
    diff = out["synthetic"] - out["published"]
    out["difference"] = np.where(out["unit"] == "relative", diff / out["published"], diff).round(3)
    out["checked"] = out["tolerance"].notna()
    out["ok"] = ~out["checked"] | (out["difference"].abs() <= out["tolerance"] + 1e-9)
    return out[["table", "category", "n_published", "published", "synthetic", "difference", "tolerance",
                "unit", "checked", "ok"]]


def _loss(table: pd.DataFrame) -> float:
    """Worst checked deviation as a share of its tolerance (< 1 means every check passes)."""
    t = table[table["checked"]]
    scaled = t["difference"].abs() / t["tolerance"].where(t["tolerance"] > 0, 0.5)
    return float(scaled.max())


def _logit(p):
    p = np.clip(np.asarray(p, dtype=float) / 100.0, 1e-4, 1 - 1e-4)
    return np.log(p / (1 - p))


def fit_parameters(parameters: dict, n: int = 1662 * 20, iterations: int = 20, seed: int = 20200331,
                   step: float = 0.5, verbose: bool = True) -> dict:
    """Fit the job-hazard coefficients and trajectory rates to the published margins.

    Each iteration simulates a cohort of ``n`` persons (the published margins scaled up) and moves
    (a) each profile coefficient by ``step`` times the logit difference between the published and
    simulated share at work in its category, (b) each trajectory's rate of other jobs likewise,
    (c) each trajectory's art. 60 Weibull scale by the logit difference in the share with an art. 60
    and (d) its shape by the relative difference in mean days to the first art. 60, (e) the
    re-employment rate by the overall share at work and the exit rate from unemployment benefit by
    the share with status code 0. Reference categories stay 0.
    """
    p = copy.deepcopy(parameters)
    for it in range(iterations):
        reg = synth.generate(n=n, seed=seed, parameters=p)  # common random numbers: a smooth fit
        table = calibration_table(reg.registry())
        if verbose:
            print(f"iteration {it}: worst deviation / tolerance = {_loss(table):.2f}")
        work = table[table["table"].str.startswith("work_by_")]
        for var in ("sex", "household", "age_group", "education", "intake_period"):
            sub = work[work["table"] == "work_by_" + var].set_index("category")
            coef = p["coefficients"][var]
            ref = next(k for k, v in coef.items() if v == 0.0 and k in sub.index)
            shift = step * (_logit(sub["published"]) - _logit(sub["synthetic"]))
            shift = pd.Series(shift, index=sub.index)
            for cat in coef:
                if cat in sub.index and cat != ref and sub.loc[cat, "n_published"] >= 100:
                    coef[cat] += float(shift[cat] - shift[ref])
        sub = work[work["table"] == "work_by_nt2_level_at_intake"].set_index("category")
        # the published levels in each shared NT2 group (the model's coefficients are per group)
        levels = [c for c in sub.index if c not in (overview.MISSING, "missing")]
        grp: dict[str, list[str]] = {}
        for level, group in zip(levels, outcomes.nt2_group(levels)):
            grp.setdefault(str(group), []).append(level)
        for g, cats in grp.items():
            if g == "0":
                continue
            s = sub.loc[cats]
            w = s["n_published"]
            pub_pct = (s["published"] * w).sum() / w.sum()
            syn_pct = (s["synthetic"].fillna(s["published"]) * w).sum() / w.sum()
            p["coefficients"]["nt2_group"][g] += float(step * ((_logit(pub_pct) - _logit(syn_pct))
                                                                - (_logit(sub.loc["0", "published"]) - _logit(sub.loc["0", "synthetic"]))))
        sub = work[work["table"] == "work_by_trajectory"].set_index("category")
        a60s = table[table["table"] == "art60_share"].set_index("category")
        a60d = table[table["table"] == "art60_mean_days"].set_index("category")
        for traj in synth.TRAJECTORIES:
            fj = p["first_job"][traj]
            d_work = step * (_logit(sub.loc[traj, "published"]) - _logit(sub.loc[traj, "synthetic"]))
            d_a60 = step * (_logit(a60s.loc[traj, "published"]) - _logit(a60s.loc[traj, "synthetic"]))
            # Art. 60: the scale follows the share with an art. 60 (a shorter scale, more of them),
            # the shape the mean days to it (a larger shape, fewer very early starts); other jobs'
            # rate follows the share at work.
            fj["art60_scale"] *= float(np.exp(-d_a60 / fj["art60_shape"]))
            lag = a60d.loc[traj, "published"] - a60d.loc[traj, "synthetic"]
            fj["art60_shape"] = float(np.clip(fj["art60_shape"] * np.exp(step * lag / a60d.loc[traj, "published"] * 2), 0.8, 6.0))
            fj["other_rate"] *= float(np.exp(d_work))
        # The overall level: re-employment after a first job follows the share at work of everyone.
        overall = work[work["table"] == "work_by_sex"]
        pub_all = (overall["published"] * overall["n_published"]).sum() / overall["n_published"].sum()
        syn_all = (overall["synthetic"] * overall["n_published"]).sum() / overall["n_published"].sum()
        p["reemployment"]["from_leefloon_rate"] *= float(np.exp(step * (_logit(pub_all) - _logit(syn_all))))
        # Unemployment benefit (status code 0): slower exits from benefit keep more people in it.
        code0 = table[(table["table"] == "status_code_share") & (table["category"] == "0")].iloc[0]
        p["reemployment"]["from_benefit_rate"] *= float(np.exp(-step * (_logit(code0["published"]) - _logit(code0["synthetic"]))))
    reg = synth.generate(n=n, seed=seed + 1, parameters=p)
    if verbose:
        print(f"final: worst deviation / tolerance = {_loss(calibration_table(reg.registry())):.2f}")
    return p


def choose_seed(parameters: dict, seeds: range = range(1, 201), n: int = 1662) -> tuple[int, float]:
    """The seed whose sample of ``n`` fits the published figures best (smallest worst deviation)."""
    best = (None, np.inf)
    for s in seeds:
        reg = synth.generate(n=n, seed=s, parameters=parameters)
        loss = _loss(calibration_table(reg.registry()))
        if loss < best[1]:
            best = (s, loss)
    return best


def main(argv: list[str] | None = None) -> int:
    """``python -m evalkit.studies.overview.calibration [PATH]``: print the published figures beside a registry's."""
    import sys

    from evalkit.registry import load_registry

    args = sys.argv[1:] if argv is None else argv
    registry = load_registry(args[0] if args else "synthetic")
    table = calibration_table(registry)
    with pd.option_context("display.width", 200, "display.max_rows", 500):
        print(table.to_string(index=False))
    checked = table[table["checked"]]
    print(f"\n{int(checked['ok'].sum())} of {len(checked)} checked figures within tolerance")
    return 0 if checked["ok"].all() else 1


if __name__ == "__main__":
    raise SystemExit(main())
