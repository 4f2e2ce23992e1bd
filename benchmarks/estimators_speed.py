"""Time of evalkit's survival estimators beside lifelines and R, on the same data in one run.

Prints figures and asserts nothing (speed stays out of the tests). For each size it simulates one
data set (seeded): a follow-up time in days with many ties, an event or a competing event, five
covariates (three numeric, two binary). Then it times, as the median of ``--rounds`` runs:

- Cox, Efron ties, 5 covariates: evalkit, lifelines (``batch_mode=True``, its fast path), R ``coxph``;
- Kaplan-Meier by group: evalkit, lifelines, R ``survfit``;
- log-rank by group: evalkit, lifelines, R ``survdiff``;
- cumulative incidence by group (no jitter): evalkit, R ``cmprsk::cuminc``;
- Fine-Gray, 5 covariates: evalkit, R ``cmprsk::crr`` (R only up to ``--fine-gray-r-max`` rows: it
  took 185 s at 20,000 rows).

R runs when ``Rscript`` with the survival and cmprsk packages is on the path; its times are of the
fitting call alone, measured inside R (reading the data is not counted), as are evalkit's and
lifelines'. The coefficients of the three Cox fits are compared, so a fast wrong answer shows.

    python benchmarks/estimators_speed.py [--sizes 100000 1000000] [--rounds 3]
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from evalkit import survival as sv

COVARIATES = ["x1", "x2", "x3", "b1", "b2"]

R_SCRIPT = r"""
suppressPackageStartupMessages({library(survival); library(cmprsk)})
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1]); rounds <- as.integer(args[2]); fg <- as.integer(args[3])
med <- function(f) median(sapply(seq_len(rounds), function(i) system.time(f())[["elapsed"]]))
fit <- NULL
t_cox <- med(function() fit <<- coxph(Surv(time, event) ~ x1 + x2 + x3 + b1 + b2, data = d, ties = "efron"))
t_km <- med(function() survfit(Surv(time, event) ~ group, data = d))
t_lr <- med(function() survdiff(Surv(time, event) ~ group, data = d))
t_cif <- med(function() cuminc(d$time, d$status, d$group))
t_fg <- if (fg) med(function() crr(d$time, d$status, as.matrix(d[, c("x1","x2","x3","b1","b2")]),
                                    failcode = 1, cencode = 0)) else NA
cat(sprintf("cox %.6f\nkm %.6f\nlogrank %.6f\ncif %.6f\nfine_gray %.6f\n", t_cox, t_km, t_lr, t_cif, t_fg))
cat("coef", paste0(names(coef(fit)), "=", sprintf("%.10f", coef(fit))), "\n")
"""


def simulate(n: int, seed: int) -> pd.DataFrame:
    """Times in days (ties as in registry data), an event of interest (1) or a competing one (2)."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 3))
    b = rng.integers(0, 2, size=(n, 2))
    eta = 0.4 * x[:, 0] - 0.2 * x[:, 1] + 0.1 * x[:, 2] + 0.5 * b[:, 0] - 0.3 * b[:, 1]
    t1 = rng.exponential(400 * np.exp(-eta))
    t2 = rng.exponential(900, size=n)
    censor = rng.uniform(30, 1100, size=n)
    time_ = np.minimum.reduce([t1, t2, censor])
    status = np.select([time_ == t1, time_ == t2], [1, 2], 0)
    return pd.DataFrame({
        "time": np.ceil(time_).astype(int), "status": status, "event": (status == 1).astype(int),
        "x1": x[:, 0], "x2": x[:, 1], "x3": x[:, 2], "b1": b[:, 0], "b2": b[:, 1],
        "group": rng.integers(0, 3, size=n),
    })


def median_time(func, rounds: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(rounds):
        start = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def lifelines_times(data: pd.DataFrame, rounds: int) -> dict[str, tuple[float, object]]:
    from lifelines import CoxPHFitter, KaplanMeierFitter
    from lifelines.statistics import multivariate_logrank_test

    def cox():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return CoxPHFitter().fit(data[["time", "event"] + COVARIATES], "time", "event",
                                     batch_mode=True).params_.reindex(COVARIATES).to_numpy()

    def km():
        return [KaplanMeierFitter().fit(g["time"], g["event"]) for _, g in data.groupby("group")]

    return {
        "cox": median_time(cox, rounds),
        "km": median_time(km, rounds),
        "logrank": median_time(lambda: multivariate_logrank_test(data["time"], data["group"], data["event"]),
                               rounds),
    }


def evalkit_times(data: pd.DataFrame, rounds: int, fine_gray: bool) -> dict[str, tuple[float, object]]:
    out = {
        "cox": median_time(lambda: sv.cox(data, "time", "event", COVARIATES).summary["coef"]
                           .reindex(COVARIATES).to_numpy(), rounds),
        "km": median_time(lambda: sv.kaplan_meier(data, "time", "event", by="group"), rounds),
        "logrank": median_time(lambda: sv.logrank(data, "time", "event", by="group"), rounds),
        "cif": median_time(lambda: sv.cumulative_incidence(data, "time", "status", by="group"), rounds),
    }
    if fine_gray:
        out["fine_gray"] = median_time(lambda: sv.fine_gray(data, "time", "status", 1, COVARIATES), rounds)
    return out


def r_times(data: pd.DataFrame, rounds: int, fine_gray: bool) -> dict[str, tuple[float, object]] | None:
    if shutil.which("Rscript") is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        csv, script = Path(tmp) / "d.csv", Path(tmp) / "bench.R"
        data.to_csv(csv, index=False)
        script.write_text(R_SCRIPT, encoding="utf-8")
        done = subprocess.run(["Rscript", str(script), str(csv), str(rounds), str(int(fine_gray))],
                              capture_output=True, text=True)
    if done.returncode != 0:
        print(f"  R failed: {done.stderr.strip().splitlines()[-1] if done.stderr.strip() else done.returncode}")
        return None
    out: dict[str, tuple[float, object]] = {}
    for line in done.stdout.splitlines():
        key, *values = line.split()
        if key == "coef":  # name=value, put in the order of COVARIATES
            named = dict(v.split("=") for v in values)
            out["cox"] = (out["cox"][0], np.array([float(named[c]) for c in COVARIATES]))
        else:
            out[key] = (float(values[0]), None)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--fine-gray-max", type=int, default=1_000_000,
                        help="largest size at which evalkit's Fine-Gray is timed")
    parser.add_argument("--fine-gray-r-max", type=int, default=20_000,
                        help="largest size at which R's crr is timed (it is slow)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(f"median of {args.rounds} rounds; seconds; ratio = evalkit / other (below 1: evalkit faster)")
    print(f"{'rows':>9} {'task':<10} {'evalkit':>9} {'lifelines':>10} {'R':>9} {'/lifelines':>11} {'/R':>7}")
    for n in args.sizes:
        data = simulate(n, args.seed)
        ours = evalkit_times(data, args.rounds, fine_gray=n <= args.fine_gray_max)
        theirs = lifelines_times(data, args.rounds)
        r = r_times(data, args.rounds, fine_gray=n <= args.fine_gray_r_max) or {}
        for task in ["cox", "km", "logrank", "cif", "fine_gray"]:
            e = ours.get(task, (np.nan, None))[0]
            li = theirs.get(task, (np.nan, None))[0]
            rt = r.get(task, (np.nan, None))[0]
            print(f"{n:>9} {task:<10} {e:>9.3f} {li:>10.3f} {rt:>9.3f} {e / li:>11.2f} {e / rt:>7.2f}")
        coefs = {"evalkit": ours["cox"][1], "lifelines": theirs["cox"][1], "R": r.get("cox", (None, None))[1]}
        reference = coefs["R"] if coefs["R"] is not None else coefs["lifelines"]
        for name, value in coefs.items():
            if value is not None:
                print(f"{n:>9} cox coefficients, {name:<9} largest relative difference from "
                      f"{'R' if coefs['R'] is not None else 'lifelines'}: "
                      f"{np.max(np.abs(value - reference) / np.abs(reference)):.1e}")


if __name__ == "__main__":
    main()
