"""A synthetic registry calibrated to the published COB Coevelt figures.

The registry is generated from a documented longitudinal model with known true effects
(``docs/synthetic_registry.md`` describes it in full). In short:

1. **Profiles** with the published margins reproduced exactly (scaled to ``n``): sex x household,
   age group, education, Dutch level at intake, intake half-year. Correlations between them
   (women more often with dependants, older clients more often with dependants, higher education
   with higher Dutch levels) come from weighted sampling without replacement, which keeps every
   margin exact.
2. A **latent employability** ``L ~ N(0, 1)`` that is *not* in the registry. It selects stronger
   profiles into the integrated/VDAB trajectory and raises every job hazard.
3. **Trajectory assignment** with the published counts (494 / 219 / 633 / 316 at n = 1662).
4. **A multi-state process** in days since intake: social assistance (leefloon) -> a first job
   with two cause-specific hazards (art. 60: Weibull; other jobs - regular NEC, interim, social
   economy: zero until a trajectory-specific delay and constant after it), both multiplied by
   ``exp(x'beta + gamma * L)``; jobs end, and are followed by another job, unemployment benefit
   (only after at least 312 days of work), social assistance or leaving the registers.
5. **Registrations** derived from the process: daily-dated spells (employment, benefit, course,
   training), trajectory changes (VDAB / linear / youth -> activation before an art. 60), milestones,
   and quarterly VDAB status snapshots whose codes follow the state on that day.

The model's parameters live in ``synth_parameters.json`` (fitted to the published margins by
``scripts/calibrate_synth.py``) and are written, with each person's latent employability, to a
``truth/`` folder beside the data, so that estimators can be checked against the truth.

Steps 1 to 4 are in :mod:`~evalkit.registry.synth_model`; this module derives the registrations
(step 5), generates a registry in memory (:func:`generate`), writes it as a registry folder
(:func:`write_synthetic_registry`) and gives the true effects (:func:`potential_outcomes`). The
model's names are available here as well (``synth.TRAJECTORIES``, ``synth.nt2_group`` ...).
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from evalkit.errors import EvalkitError
from evalkit.registry.synth_model import (  # noqa: F401 - the model's names, used as synth.<name>
    A60, BENEFIT_ENTITLEMENT_DAYS, DEFAULT_N, INT, INTAKE_PERIODS, JOB_STATES, LL, NEC, OUT, PARAMETERS_FILE, SE,
    STATE_NAMES, TRAJECTORIES, UB, _scaled_counts, assign_trajectory, default_seed, draw_profiles,
    linear_predictor, load_parameters, nt2_group, simulate,
)

CALIBRATION_SNAPSHOT = pd.Timestamp("2020-03-31")
EXTRACTION_DATE = pd.Timestamp("2021-12-31")


def default_registry_path() -> Path:
    """Folder of the bundled synthetic registry (default seed, n = 1662)."""
    return Path(str(resources.files("evalkit").joinpath("synthetic_registry")))


# --------------------------------------------------------------------------------------------
# Registrations derived from the process
# --------------------------------------------------------------------------------------------

def _pseudonyms(rng: np.random.Generator, n: int, prefix: str) -> np.ndarray:
    """Unique random identifiers such as ``P3f9a02c1`` (no order or meaning)."""
    ids = np.unique(rng.integers(0, 16**8, size=int(n * 1.1) + 16))
    while len(ids) < n:  # pragma: no cover - collisions are rare at these sizes
        ids = np.unique(np.concatenate([ids, rng.integers(0, 16**8, size=n)]))
    ids = rng.permutation(ids)[:n]
    return (prefix + pd.Series(ids, dtype="int64").map("{:08x}".format).astype(object)).to_numpy(dtype=object)


def _days(base: pd.Series | pd.DatetimeIndex, offset) -> pd.Series:
    return pd.Series(pd.to_datetime(base).to_numpy() + pd.to_timedelta(np.asarray(offset, dtype=float), unit="D").to_numpy())


def _quarter_ends(first: pd.Timestamp, last: pd.Timestamp) -> pd.DatetimeIndex:
    return pd.date_range(first, last, freq="QE")


def _status_codes(rng, state: np.ndarray, working_time: np.ndarray, p: dict) -> np.ndarray:
    """VDAB status code per snapshot from the state that day (part-time jobs get part-time codes)."""
    sc = p["status_codes"]
    out = np.zeros(len(state), dtype=int)
    groups = {
        "job_full_time": np.isin(state, JOB_STATES) & (working_time != "deeltijds") & (state != INT),
        "job_part_time": np.isin(state, JOB_STATES) & (working_time == "deeltijds"),
        "interim": (state == INT) & (working_time != "deeltijds"),
        "werkloosheidsuitkering": state == UB,
        "leefloon": state == LL,
        "uitgeschreven": state == OUT,
    }
    for key, mask in groups.items():
        codes = sc[key]
        out[mask] = rng.choice([int(c) for c in codes], size=mask.sum(), p=np.array(list(codes.values())) / sum(codes.values()))
    return out


@dataclass(frozen=True)
class SyntheticRegistry:
    """The generated tables, the datapackage descriptor and the ground truth."""

    tables: dict[str, pd.DataFrame]
    descriptor: dict
    truth: dict
    latent: pd.DataFrame
    spells: pd.DataFrame  # the main-state process, days since intake (ground truth, not a registry table)

    def registry(self):
        """The tables as an in-memory :class:`evalkit.registry.Registry` (typed as ``load_registry``
        returns them, with the extraction dates; no folder, no file hashes), for analyses of generated
        data without writing it.

        Examples
        --------
        >>> reg = generate(n=100, seed=2).registry()
        >>> str(reg.intakes["intake_date"].dtype), str(reg.status_snapshots["status_code"].dtype)
        ('datetime64[ns]', 'Int64')
        """
        from evalkit.registry import Registry

        tables = {}
        for name, df in self.tables.items():
            df = df.copy()
            for col in ("intake_date", "start_date", "end_date", "snapshot_date", "change_date", "date"):
                if col in df.columns:
                    df[col] = pd.to_datetime(df[col])
            for col in ("birth_year", "status_code"):
                if col in df.columns:
                    df[col] = pd.array(df[col], dtype="Int64")
            tables[name] = df
        dates = {s["name"]: pd.Timestamp(s["extraction_date"]) for s in self.descriptor["sources"]}
        return Registry(**tables, extraction_dates=dates, path=None, file_hashes={})


def generate(n: int = DEFAULT_N, seed: int | None = None, parameters: dict | None = None,
             force_trajectory: str | None = None) -> SyntheticRegistry:
    """Generate a synthetic registry in memory.

    Parameters
    ----------
    n : number of persons (the published margins are scaled to it).
    seed : random seed; ``None`` takes the calibrated default seed.
    parameters : model parameters; ``None`` takes ``synth_parameters.json``.
    force_trajectory : give everyone this trajectory instead of the selective assignment, with the
        same persons (profiles and latent employability) and the same random numbers up to that
        point: the potential outcomes under that trajectory. For ground truth of trajectory effects
        (see :func:`potential_outcomes`), not for registries to analyse.

    Returns
    -------
    SyntheticRegistry with ``tables`` (persons, intakes, trajectory_changes, episodes,
    status_snapshots, milestones) as DataFrames with ISO-date strings, a ``descriptor``
    (datapackage.json content) and the ``truth``.

    Examples
    --------
    >>> reg = generate(n=200, seed=1)
    >>> sorted(reg.tables)
    ['episodes', 'intakes', 'milestones', 'persons', 'status_snapshots', 'trajectory_changes']
    >>> len(reg.tables["persons"])
    200
    """
    if n < 20:
        raise EvalkitError(f"--n must be at least 20 persons (got {n}); the published margins cannot be scaled lower.")
    p = load_parameters() if parameters is None else parameters
    seed = int(p["default_seed"]) if seed is None else int(seed)
    rng = np.random.default_rng(seed)
    prof = draw_profiles(rng, n, p)
    latent = rng.standard_normal(n)
    traj = assign_trajectory(rng, prof, latent, p)
    if force_trajectory is not None:
        if force_trajectory not in TRAJECTORIES:
            raise EvalkitError(f"unknown trajectory {force_trajectory!r}; choose one of {', '.join(TRAJECTORIES)}")
        traj = np.full(n, force_trajectory, dtype=object)
    lp = linear_predictor(prof, p["coefficients"]) + p["latent_effect"] * latent
    risk = np.exp(lp)
    intake = prof["intake_date"]
    horizon = (EXTRACTION_DATE - intake).dt.days.to_numpy().astype(float)
    spells = simulate(rng, traj, risk, horizon, p)

    person_id = _pseudonyms(rng, n, "P")
    intake_id = _pseudonyms(rng, n, "I")
    persons = pd.DataFrame({
        "person_id": person_id, "sex": prof["sex"], "birth_year": pd.array(prof["birth_year"], dtype="Int64"),
        "country_of_birth": prof["country_of_birth"], "origin_region": prof["origin_region"],
        "household": prof["household"], "education": prof["education"],
        "residence_status": prof["residence_status"],
    })
    intakes = pd.DataFrame({
        "intake_id": intake_id, "person_id": person_id, "programme": "COB", "intake_date": intake,
        "trajectory": traj, "nt2_level_at_intake": prof["nt2_level_at_intake"],
    })

    # Spells -> episodes. Dates are intake + day offsets; the first social-assistance spell began
    # before the intake (people come to the intake office while already on leefloon).
    sp = spells.copy()
    sp["intake_date"] = intake.to_numpy()[sp["person"]]
    first = ~sp["person"].duplicated()
    pre = np.where(first & (sp["state"] == LL), np.floor(rng.uniform(0, 60, len(sp))), 0)
    sp["start_date"] = _days(sp["intake_date"], sp["start"] - pre).to_numpy()
    sp["end_date"] = _days(sp["intake_date"], sp["end"]).to_numpy()
    work = sp[sp["state"].isin(JOB_STATES)]
    contract = np.select(
        [work["state"] == A60, (work["state"] == NEC) & work["open_ended"], work["state"] == NEC,
         work["state"] == INT], ["art60", "nec_open_ended", "nec_fixed_term", "interim"], "social_economy")
    employment = pd.DataFrame({
        "person": work["person"], "kind": "employment", "start_date": work["start_date"],
        "end_date": work["end_date"].where(~work["open"]), "contract": contract,
        "working_time": work["working_time"], "employer_type": work["employer_type"], "sector": work["sector"],
        "source": np.where(work["state"] == A60, "OCMW", "VDAB")})
    ben = sp[sp["state"].isin([LL, UB])]
    benefit = pd.DataFrame({
        "person": ben["person"], "kind": "benefit", "start_date": ben["start_date"],
        "end_date": ben["end_date"].where(~ben["open"]),
        "benefit_type": np.where(ben["state"] == LL, "leefloon", "werkloosheidsuitkering"),
        "source": np.where(ben["state"] == LL, "SD", "VDAB")})
    courses, milestones = _courses_and_milestones(rng, prof, traj, horizon, p)
    episodes = pd.concat([employment, benefit, courses], ignore_index=True)
    episodes = episodes.sort_values(["person", "start_date", "kind"], kind="stable").reset_index(drop=True)
    episodes.insert(0, "episode_id", _pseudonyms(rng, len(episodes), "E"))
    episodes.insert(1, "person_id", person_id[episodes.pop("person").to_numpy()])

    changes = _trajectory_changes(rng, spells, traj, intake, intake_id, horizon, p)

    # Quarterly VDAB status snapshots from the first quarter end after intake to the extraction date.
    quarters = _quarter_ends(pd.Timestamp("2017-01-01"), EXTRACTION_DATE)
    snap = pd.DataFrame({"person": np.repeat(np.arange(n), len(quarters)),
                         "snapshot_date": np.tile(quarters.to_numpy(), n)})
    snap["day"] = (snap["snapshot_date"] - intake.to_numpy()[snap["person"]]).dt.days.astype(float)
    snap = snap[snap["day"] >= 0].sort_values(["day"], kind="stable")
    lookup = spells[["person", "start", "state", "working_time"]].sort_values("start", kind="stable")
    snap = pd.merge_asof(snap, lookup, left_on="day", right_on="start", by="person", direction="backward")
    snap = snap.sort_values(["person", "snapshot_date"], kind="stable").reset_index(drop=True)
    codes = _status_codes(rng, snap["state"].to_numpy(), snap["working_time"].to_numpy(), p)
    status = pd.DataFrame({"person_id": person_id[snap["person"].to_numpy()], "snapshot_date": snap["snapshot_date"],
                           "source": "VDAB", "status_code": codes})

    milestones.insert(0, "milestone_id", _pseudonyms(rng, len(milestones), "M"))
    milestones.insert(1, "person_id", person_id[milestones.pop("person").to_numpy()])

    tables = {"persons": persons, "intakes": intakes, "trajectory_changes": changes, "episodes": episodes,
              "status_snapshots": status, "milestones": milestones}
    for name, df in tables.items():
        tables[name] = _iso_dates(df)
    descriptor = {
        "name": "evalkit-synthetic-registry",
        "title": "Synthetic COB registry calibrated to the published COB Coevelt figures",
        "description": (f"Synthetic data, not real persons: {n} intakes, seed {seed}, evalkit model "
                        "(docs/synthetic_registry.md). Ground truth in truth/."),
        "created": EXTRACTION_DATE.date().isoformat(),
        "resources": [{"name": name, "path": f"{name}.csv"} for name in tables],
        "sources": [{"name": s, "extraction_date": EXTRACTION_DATE.date().isoformat()}
                    for s in ("COB", "SD", "OCMW", "VDAB", "ATLAS")],
        "synthetic": {"n": n, "seed": seed},
    }
    truth = {"seed": seed, "n": n, "parameters": p,
             "notes": "Job hazards are conditional on the latent employability in truth/latent.csv."}
    latent_df = pd.DataFrame({"person_id": person_id, "intake_id": intake_id, "latent_employability": latent,
                              "linear_predictor": lp})
    spells_out = spells.assign(person_id=person_id[spells["person"].to_numpy()],
                               state=np.array(STATE_NAMES, dtype=object)[spells["state"].to_numpy()])
    return SyntheticRegistry(tables, descriptor, truth, latent_df, spells_out)


def first_job_days(spells: pd.DataFrame, n: int) -> pd.DataFrame:
    """Per person (index 0..n-1): days from intake to the first job of any kind (NaN if none before
    leaving the registers or the horizon), and the follow-up end (first day out of the registers,
    or the day after the horizon). The ground-truth outcome of the process, from ``generate().spells``."""
    idx = np.arange(n)
    jobs = spells[spells["state"].isin([STATE_NAMES[s] for s in JOB_STATES])].groupby("person")["start"].min()
    left = spells[spells["state"] == STATE_NAMES[OUT]].groupby("person")["start"].min()
    end = np.fmin(left.reindex(idx).to_numpy(), spells.groupby("person")["end"].max().reindex(idx).to_numpy() + 1)
    return pd.DataFrame({"first_job": jobs.reindex(idx).to_numpy(), "follow_up_end": end})


def potential_outcomes(n: int = 50_000, seed: int = 1, horizons=(365, 730),
                       parameters: dict | None = None) -> pd.DataFrame:
    """True effects of the trajectories: the same simulated population under each trajectory.

    For every trajectory ``t``, everyone gets ``t`` (``generate(force_trajectory=t)``) and we record
    the share with a first job within each horizon (days since intake), among all persons and among
    those actually assigned each trajectory (for ATT-type contrasts). Monte Carlo error shrinks with
    ``n`` (about 0.3 points at n = 50,000).

    Returns a tidy frame: ``trajectory`` (the one given to everyone), ``population`` ("all" or an
    assigned trajectory), ``horizon``, ``share_first_job``.

    Examples
    --------
    >>> po = potential_outcomes(n=2000, seed=3, horizons=(365,))
    >>> sorted(po["trajectory"].unique()) == sorted(TRAJECTORIES)
    True
    """
    actual = generate(n=n, seed=seed, parameters=parameters).tables["intakes"]["trajectory"].to_numpy()
    rows = []
    for forced in TRAJECTORIES:
        reg = generate(n=n, seed=seed, parameters=parameters, force_trajectory=forced)
        fj = first_job_days(reg.spells, n)
        for horizon in horizons:
            got = (fj["first_job"] < horizon).to_numpy()  # follow-up >= 3 years for everyone
            rows.append((forced, "all", horizon, got.mean()))
            for assigned in TRAJECTORIES:
                rows.append((forced, assigned, horizon, got[actual == assigned].mean()))
    return pd.DataFrame(rows, columns=["trajectory", "population", "horizon", "share_first_job"])


def _iso_dates(df: pd.DataFrame) -> pd.DataFrame:
    df = df.copy()
    for col in df.columns:
        if pd.api.types.is_datetime64_any_dtype(df[col]):
            df[col] = df[col].dt.strftime("%Y-%m-%d")
    return df


def _trajectory_changes(rng, spells, traj, intake, intake_id, horizon, p) -> pd.DataFrame:
    """Referral to the activation service shortly before a first art. 60 (for those not already
    there), and an upgrade of some linear trajectories to VDAB after a year or so."""
    first_a60 = spells[spells["state"] == A60].groupby("person")["start"].min()
    persons = first_a60.index.to_numpy()
    a60_day = first_a60.to_numpy()
    n = len(traj)
    up_day = np.full(n, np.inf)
    lin = np.flatnonzero((traj == "lineair") & (rng.random(n) < p["changes"]["lineair_upgrade_share"]))
    lo, hi = p["changes"]["lineair_upgrade_days"]
    up_day[lin] = np.floor(rng.uniform(lo, hi, len(lin)))
    lead_lo, lead_hi = p["changes"]["referral_days_before_art60"]
    ref_day = np.full(n, np.inf)
    ref_day[persons] = np.maximum(a60_day - np.floor(rng.uniform(lead_lo, lead_hi, len(persons))), 1)
    ref_day[traj == "geintegreerd_activering"] = np.inf
    up_day[up_day >= ref_day] = np.inf  # the referral came first: no upgrade any more
    up_day[up_day > horizon] = np.inf
    rows = []
    m = np.isfinite(up_day)
    rows.append(pd.DataFrame({"person": np.flatnonzero(m), "day": up_day[m], "from_trajectory": "lineair",
                              "to_trajectory": "geintegreerd_vdab", "reason": "profielverhoging"}))
    m = np.isfinite(ref_day)
    before = np.where(np.isfinite(up_day[m]), "geintegreerd_vdab", traj[m])
    rows.append(pd.DataFrame({"person": np.flatnonzero(m), "day": ref_day[m], "from_trajectory": before,
                              "to_trajectory": "geintegreerd_activering", "reason": "doorverwijzing_activering"}))
    ch = pd.concat(rows, ignore_index=True).sort_values(["person", "day"], kind="stable")
    out = pd.DataFrame({
        "change_id": _pseudonyms(rng, len(ch), "C"),
        "intake_id": intake_id[ch["person"].to_numpy()],
        "change_date": _days(intake.to_numpy()[ch["person"].to_numpy()], ch["day"].to_numpy()).to_numpy(),
        "from_trajectory": ch["from_trajectory"].to_numpy(), "to_trajectory": ch["to_trajectory"].to_numpy(),
        "reason": ch["reason"].to_numpy()})
    return out


def _courses_and_milestones(rng, prof, traj, horizon, p):
    """Dutch and civic-orientation courses, VDAB trainings, and the milestones they lead to."""
    n = len(prof)
    c = p["courses"]
    intake = prof["intake_date"]
    nt2 = prof["nt2_level_at_intake"].astype(object)
    parts, miles = [], []

    def spell(mask, kind, ctype, start_lo, start_hi, dur_lo, dur_hi, pass_share, source):
        idx = np.flatnonzero(mask)
        s = np.floor(rng.uniform(start_lo, start_hi, len(idx)))
        e = s + np.floor(rng.uniform(dur_lo, dur_hi, len(idx)))
        e = np.where(np.isscalar(e) or True, e, e)
        u = rng.random(len(idx))
        result = np.where(u < pass_share, "geslaagd", np.where(u < pass_share + (1 - pass_share) * 0.6,
                                                               "afgebroken", "niet_geslaagd"))
        keep = s <= horizon[idx]
        is_open = e > horizon[idx]
        df = pd.DataFrame({"person": idx, "kind": kind, "start_date": _days(intake.to_numpy()[idx], s),
                           "end_date": _days(intake.to_numpy()[idx], e).where(~is_open),
                           "course_type": ctype, "result": pd.Series(result).where(~is_open),
                           "source": source, "_end": e})
        return df[keep].reset_index(drop=True)

    high = nt2_group(nt2).eq("2.x+").to_numpy()
    lin = traj == "lineair"
    nt2_take = (~high) & (rng.random(n) < c["nt2_share"])
    nt2_lin = spell(nt2_take & lin, "course", "nt2", 7, 75, *c["nt2_days_lineair"], c["pass_share"], "ATLAS")
    nt2_int = spell(nt2_take & ~lin, "course", "nt2", 7, 75, *c["nt2_days_integrated"], c["pass_share"], "ATLAS")
    mo = spell(rng.random(n) < c["mo_share"], "course", "mo", 10, 100, 40, 110, c["mo_pass_share"], "ATLAS")
    vdab_like = np.isin(traj, ["geintegreerd_vdab", "jongerentraject_esf"])
    train = spell(rng.random(n) < np.where(vdab_like, c["training_share_vdab"], c["training_share_other"]),
                  "training", "beroepsopleiding", 90, 500, 60, 200, c["pass_share"], "VDAB")
    ibo = spell(rng.random(n) < c["ibo_share"], "training", "ibo", 120, 600, 60, 180, c["pass_share"], "VDAB")
    parts = [nt2_lin, nt2_int, mo, train, ibo]

    # Milestones: plan and contract (process indicators), certificates at passed courses.
    plan_day = np.floor(rng.gamma(2.0, c["plan_mean_days"] / 2.0, n))
    contract_day = np.floor(rng.gamma(3.0, c["contract_mean_days"] / 3.0, n))
    for day, name in ((plan_day, "trajectplan"), (contract_day, "trajectcontract")):
        ok = day <= horizon
        miles.append(pd.DataFrame({"person": np.flatnonzero(ok), "milestone": name,
                                   "date": _days(intake.to_numpy()[ok], day[ok]), "value": None}))
    next_level = {"0": "1.1", "<1.1": "1.1", "1.1": "1.2", "1.2": "2.1"}
    nt2_done = pd.concat([nt2_lin, nt2_int])
    nt2_done = nt2_done[nt2_done["result"] == "geslaagd"]
    lvl = nt2.to_numpy()[nt2_done["person"].to_numpy()]
    miles.append(pd.DataFrame({"person": nt2_done["person"].to_numpy(), "milestone": "nt2_niveau",
                               "date": nt2_done["end_date"].to_numpy(),
                               "value": pd.Series(lvl, dtype=object).map(next_level).fillna("1.1").to_numpy()}))
    mo_done = mo[mo["result"] == "geslaagd"]
    miles.append(pd.DataFrame({"person": mo_done["person"].to_numpy(), "milestone": "mo_attest",
                               "date": mo_done["end_date"].to_numpy(), "value": None}))
    # Integration certificate: civic orientation passed and a Dutch course followed; a few weeks later.
    nt2_any = pd.concat([nt2_lin, nt2_int]).groupby("person")["_end"].max()
    iba = mo_done.set_index("person")["_end"].to_frame("mo_end").join(nt2_any.rename("nt2_end"), how="inner")
    iba_day = np.maximum(iba["mo_end"], iba["nt2_end"]) + np.floor(rng.uniform(7, 45, len(iba)))
    ok = iba_day.to_numpy() <= horizon[iba.index.to_numpy()]
    miles.append(pd.DataFrame({"person": iba.index.to_numpy()[ok], "milestone": "iba",
                               "date": _days(intake.to_numpy()[iba.index.to_numpy()[ok]], iba_day.to_numpy()[ok]),
                               "value": None}))
    courses = pd.concat(parts, ignore_index=True).drop(columns="_end")
    milestones = pd.concat(miles, ignore_index=True).sort_values(["person", "date", "milestone"], kind="stable")
    return courses, milestones.reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------

COLUMN_ORDER = {
    "persons": ["person_id", "sex", "birth_year", "country_of_birth", "origin_region", "household",
                "education", "residence_status"],
    "intakes": ["intake_id", "person_id", "programme", "intake_date", "trajectory", "nt2_level_at_intake"],
    "trajectory_changes": ["change_id", "intake_id", "change_date", "from_trajectory", "to_trajectory", "reason"],
    "episodes": ["episode_id", "person_id", "kind", "start_date", "end_date", "contract", "working_time",
                 "employer_type", "sector", "benefit_type", "course_type", "result", "source"],
    "status_snapshots": ["person_id", "snapshot_date", "source", "status_code"],
    "milestones": ["milestone_id", "person_id", "milestone", "date", "value"],
}


def write_synthetic_registry(out: str | os.PathLike, n: int = DEFAULT_N, seed: int | None = None,
                             fmt: str = "csv", parameters: dict | None = None) -> Path:
    """Generate a synthetic registry and write it as a registry folder (atomically).

    The folder gets one file per table, ``datapackage.json``, and ``truth/`` with the model's
    parameters (``parameters.json``) and each person's latent employability (``latent.csv``).
    ``out`` must not exist or be empty; nothing is left behind if writing fails.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = write_synthetic_registry(pathlib.Path(tempfile.mkdtemp()) / "reg", n=100, seed=3)
    >>> sorted(p.name for p in folder.iterdir())[:3]
    ['datapackage.json', 'episodes.csv', 'intakes.csv']
    """
    if fmt not in ("csv", "parquet"):
        raise EvalkitError(f"format must be 'csv' or 'parquet', not {fmt!r}")
    out = Path(out)
    try:
        taken = out.exists() and (not out.is_dir() or any(out.iterdir()))
    except OSError as exc:
        raise _folder_error(out, exc) from exc
    if taken:
        raise EvalkitError(f"{out} exists and is not an empty folder; choose a new folder for the registry.")
    reg = generate(n=n, seed=seed, parameters=parameters)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    except OSError as exc:
        raise _folder_error(out, exc) from exc
    try:
        descriptor = dict(reg.descriptor)
        descriptor["resources"] = []
        for name, df in reg.tables.items():
            df = df.reindex(columns=COLUMN_ORDER[name])
            path = f"{name}.{fmt}"
            if fmt == "csv":
                df.to_csv(tmp / path, index=False, lineterminator="\n")
            else:
                df.astype({c: "string" for c in df.columns if df[c].dtype == object}).to_parquet(tmp / path, index=False)
            descriptor["resources"].append({"name": name, "path": path})
        (tmp / "datapackage.json").write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", "utf-8")
        truth = tmp / "truth"
        truth.mkdir()
        (truth / "parameters.json").write_text(json.dumps(reg.truth, indent=2, ensure_ascii=False) + "\n", "utf-8")
        reg.latent.to_csv(truth / "latent.csv", index=False, lineterminator="\n", float_format="%.6f")
        (truth / "README.md").write_text(TRUTH_README, "utf-8")
        os.chmod(tmp, 0o755)  # mkdtemp makes the folder private; a registry folder is a normal folder
        if out.exists():
            out.rmdir()
        os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return out


def _folder_error(out: Path, exc: OSError) -> EvalkitError:
    # Name the path the system refused, unless it is the registry folder or its temporary twin.
    refused = Path(exc.filename) if exc.filename else out
    where = "" if refused == out or refused.name.startswith(f".{out.name}-") else f" ({refused})"
    return EvalkitError(f"Cannot write the registry to {out}: {exc.strerror or exc}{where}; "
                        f"choose a folder you may write to.")


TRUTH_README = """# Ground truth of this synthetic registry

Not part of the registry (a real extract has no such folder); kept beside it so that estimators
can be checked against the model the data came from. See docs/synthetic_registry.md.

- `parameters.json`: every parameter of the generating model (coefficients on the log hazard of a
  job, trajectory-specific delays and rates, job durations, transition probabilities, status codes).
- `latent.csv`: per person the latent employability L (standard normal; not observed in the
  registry) and the linear predictor x'beta + gamma L of the job hazards.
"""
