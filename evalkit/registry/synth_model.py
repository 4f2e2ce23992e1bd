"""The generating model of the synthetic registry: published margins, profiles, trajectory
assignment and the multi-state process of jobs and benefits.

:mod:`~evalkit.registry.synth` describes the model in full and turns the process into registrations
(the tables of a registry); this module holds the model itself: its parameters
(``synth_parameters.json``), the exact allocation of the published margins to ``n`` persons, the
profiles with their correlations, the selective assignment of trajectories and the process in days
since intake, simulated for everyone at once.
"""
from __future__ import annotations

import json
from importlib import resources

import numpy as np
import pandas as pd

TRAJECTORIES = ("lineair", "geintegreerd_vdab", "geintegreerd_activering", "jongerentraject_esf")
DEFAULT_N = 1662
INTAKE_PERIODS = {"2017H1": ("2017-01-01", "2017-06-30"), "2017H2": ("2017-07-01", "2017-12-31"),
                  "2018H1": ("2018-01-01", "2018-06-30"), "2018H2": ("2018-07-01", "2018-12-31")}
# Main states of the process. Every day from intake to the extraction date is in exactly one.
LL, A60, NEC, INT, SE, UB, OUT = range(7)
STATE_NAMES = ("leefloon", "art60", "nec", "interim", "social_economy", "werkloosheidsuitkering",
               "uitgeschreven")
JOB_STATES = (A60, NEC, INT, SE)
BENEFIT_ENTITLEMENT_DAYS = 312  # days of work that open unemployment benefit (simplified rule)
PARAMETERS_FILE = "synth_parameters.json"


def load_parameters() -> dict:
    """The model's parameters as fitted to the published figures (``synth_parameters.json``)."""
    return json.loads(resources.files("evalkit.registry").joinpath(PARAMETERS_FILE).read_text("utf-8"))


def default_seed() -> int:
    """The seed of the bundled registry: the sample at n = 1662 that fits the published figures best."""
    return int(load_parameters()["default_seed"])


# --------------------------------------------------------------------------------------------
# Published margins and exact allocation
# --------------------------------------------------------------------------------------------

def _reference(name: str) -> pd.DataFrame:
    path = resources.files("evalkit.reference").joinpath("cob_coevelt_2020", f"{name}.csv")
    with path.open("r", encoding="utf-8") as fh:
        return pd.read_csv(fh, dtype={0: str}, keep_default_na=False)


def _scaled_counts(counts: dict[str, int], n: int) -> dict[str, int]:
    """Scale published counts to ``n`` persons with the largest-remainder method (sums to n)."""
    keys = list(counts)
    raw = np.array([counts[k] for k in keys], dtype=float)
    share = raw / raw.sum() * n
    base = np.floor(share).astype(int)
    rest = n - base.sum()
    order = np.argsort(-(share - base), kind="stable")
    base[order[:rest]] += 1
    return dict(zip(keys, base.tolist()))


def _weighted_choice(rng: np.random.Generator, candidates: np.ndarray, weights: np.ndarray, k: int) -> np.ndarray:
    """k of ``candidates`` without replacement, probability proportional to weight (Efraimidis-Spirakis)."""
    if k <= 0:
        return candidates[:0]
    if k >= len(candidates):
        return candidates
    keys = np.log(rng.random(len(candidates))) / np.maximum(weights, 1e-12)
    return candidates[np.argpartition(-keys, k - 1)[:k]]


def _assign_exact(rng: np.random.Generator, n: int, counts: dict[str, int], order: list[str],
                  weights: dict[str, np.ndarray] | None = None,
                  eligible: np.ndarray | None = None) -> np.ndarray:
    """Give each of n persons one category so that category c gets exactly ``counts[c]`` persons.

    Categories are filled in ``order``; each picks among the persons still unassigned, with
    probability proportional to its weight vector; the last category takes the rest.
    """
    out = np.full(n, None, dtype=object)
    free = np.ones(n, dtype=bool) if eligible is None else eligible.copy()
    for i, cat in enumerate(order):
        idx = np.flatnonzero(free & (out == None))  # noqa: E711 - elementwise comparison
        if i == len(order) - 1:
            chosen = idx
        else:
            w = np.ones(len(idx)) if not weights or cat not in weights else weights[cat][idx]
            chosen = _weighted_choice(rng, idx, w, counts[cat])
        out[chosen] = cat
    return out


# --------------------------------------------------------------------------------------------
# Profiles
# --------------------------------------------------------------------------------------------

def draw_profiles(rng: np.random.Generator, n: int, p: dict) -> pd.DataFrame:
    """Profiles of ``n`` persons: the published margins exactly, correlated by weighted sampling."""
    sh = _reference("sex_by_household").set_index("household")
    joint = {}
    for hh in ("alleenstaande", "gezin_ten_laste", "samenwoner", "onbekend"):
        joint[("man", hh)] = int(sh.loc[hh, "man"])
        joint[("vrouw", hh)] = int(sh.loc[hh, "vrouw"])
    # Two persons lack sex and age in the published data (1660 vs 1662); their household is unknown.
    joint[(None, "onbekend")] = DEFAULT_N - int(sh.loc["total", "total"])
    cells = _scaled_counts({k: v for k, v in joint.items()}, n)
    labels = np.concatenate([np.full(c, i) for i, c in enumerate(cells.values())]).astype(int)
    rng.shuffle(labels)
    keys = list(cells)
    sex = np.array([k[0] for k in keys], dtype=object)[labels]
    household = np.array([k[1] for k in keys], dtype=object)[labels]

    missing_sex = pd.isna(sex)
    age_counts = _scaled_counts(dict(zip(*_reference("age_by_work").query("age_group != 'total'")
                                         [["age_group", "total"]].T.values)), n - int(missing_sex.sum()))
    hh_w_old = pd.Series(household).map({"gezin_ten_laste": 4.0, "samenwoner": 2.5, "alleenstaande": 0.8,
                                         "onbekend": 1.0}).to_numpy()
    hh_w_young = pd.Series(household).map({"gezin_ten_laste": 0.3, "samenwoner": 0.6, "alleenstaande": 1.3,
                                           "onbekend": 1.0}).to_numpy()
    age_group = _assign_exact(rng, n, age_counts, ["30+", "18-24", "25-30"],
                              {"30+": hh_w_old, "18-24": hh_w_young}, eligible=~missing_sex)

    edu = _reference("education_by_work").query("education != 'total'").set_index("education")["total"]
    edu_counts = _scaled_counts(edu.to_dict(), n)
    age_w = pd.Series(age_group).map({"30+": 1.3, "25-30": 1.1, "18-24": 0.7}).fillna(1.0).to_numpy()
    sex_w = np.where(sex == "vrouw", 1.4, 1.0)  # women are more often highly educated (report, 3.3.2)
    education = _assign_exact(rng, n, edu_counts, ["hoog", "midden", "geen", "laag"],
                              {"hoog": age_w * sex_w, "midden": age_w})

    nt2 = _reference("nt2_level_by_work").query("nt2_level_at_intake != 'total'").set_index("nt2_level_at_intake")["total"]
    nt2_counts = _scaled_counts(nt2.to_dict(), n)
    edu_w = pd.Series(education).map({"hoog": 4.0, "midden": 2.0, "laag": 1.0, "geen": 0.3}).to_numpy()
    young_w = pd.Series(age_group).map({"18-24": 1.4, "25-30": 1.1, "30+": 0.8}).fillna(1.0).to_numpy()
    high = ["4.2", "3.2", "3.1", "2.4", "2.3", "2.2", "2.1", "1.2", "1.1"]
    order = ["missing"] + high + ["<1.1", "0"]
    weights = {lvl: edu_w * young_w for lvl in high}
    weights["<1.1"] = np.sqrt(edu_w)
    nt2_level = _assign_exact(rng, n, nt2_counts, order, weights)
    nt2_level[nt2_level == "missing"] = None

    period = _reference("intake_period_by_work").query("intake_period != 'total'").set_index("intake_period")["total"]
    period_counts = _scaled_counts(period.to_dict(), n)
    intake_period = _assign_exact(rng, n, period_counts, list(period_counts))
    periods = pd.Series(intake_period)
    start = pd.DatetimeIndex(pd.to_datetime(periods.map({k: v[0] for k, v in INTAKE_PERIODS.items()})))
    end = pd.DatetimeIndex(pd.to_datetime(periods.map({k: v[1] for k, v in INTAKE_PERIODS.items()})))
    span = (end - start).days.to_numpy() + 1
    intake_date = start + pd.to_timedelta(np.floor(rng.random(n) * span), unit="D")
    # Intakes happen on working days: Saturdays move to Friday and Sundays to Monday, staying
    # inside the half-year (a Monday past its end goes back to the Friday, a Friday before its
    # start on to the Monday), so every half-year keeps its exact count.
    dow = intake_date.dayofweek.to_numpy()
    intake_date = intake_date + pd.to_timedelta(np.where(dow == 5, -1, np.where(dow == 6, 1, 0)), unit="D")
    shift = np.where(intake_date > end, -3, np.where(intake_date < start, 3, 0))
    intake_date = intake_date + pd.to_timedelta(shift, unit="D")

    age_lo = pd.Series(age_group).map({"18-24": 18, "25-30": 25, "30+": 30}).to_numpy()
    age_span = pd.Series(age_group).map({"18-24": 7, "25-30": 5, "30+": 26}).to_numpy()
    u = rng.random(n)
    u = np.where(age_group == "30+", u ** 1.8, u)  # fewer clients at older ages
    age = np.where(pd.isna(age_lo), np.nan, np.floor(np.nan_to_num(age_lo) + u * np.nan_to_num(age_span)))
    birth_year = np.where(np.isnan(age), np.nan, intake_date.year.to_numpy() - age)

    regions = p["origin_regions"]
    region = rng.choice(list(regions), size=n, p=np.array(list(regions.values())) / sum(regions.values()))
    country = np.empty(n, dtype=object)
    for reg, countries in p["countries"].items():
        mask = region == reg
        country[mask] = rng.choice(list(countries), size=mask.sum(),
                                   p=np.array(list(countries.values())) / sum(countries.values()))
    res = p["residence_status"]
    res_w = np.where(sex == "vrouw", 1, 0)
    residence = np.where(rng.random(n) < np.where(res_w == 1, res["gezinshereniging_women"], res["gezinshereniging_men"]),
                         "gezinshereniging",
                         rng.choice(["erkend_vluchteling", "subsidiair_beschermd", "andere"], size=n,
                                    p=[res["erkend_vluchteling"], res["subsidiair_beschermd"], res["andere"]]))
    return pd.DataFrame({
        "sex": sex, "household": household, "age_group": age_group, "birth_year": birth_year,
        "education": education, "nt2_level_at_intake": nt2_level, "intake_period": intake_period,
        "intake_date": intake_date, "origin_region": region, "country_of_birth": country,
        "residence_status": residence,
    })


def nt2_group(level: pd.Series) -> pd.Series:
    """Group NT2 levels as the model (and the profile study) does: 0, <1.1, 1.1, 1.2, 2.x and higher."""
    lv = level.astype(object)
    out = lv.where(lv.isin(["0", "<1.1", "1.1", "1.2"]), "2.x+")
    return out.where(lv.notna(), "missing")


def linear_predictor(profiles: pd.DataFrame, coef: dict) -> np.ndarray:
    """x'beta of the job hazards (the latent term is added separately)."""
    lp = np.zeros(len(profiles))
    columns = {
        "sex": profiles["sex"], "household": profiles["household"], "age_group": profiles["age_group"],
        "education": profiles["education"], "nt2_group": nt2_group(profiles["nt2_level_at_intake"]),
        "intake_period": profiles["intake_period"],
    }
    for var, values in columns.items():
        lp += pd.Series(values).map(coef.get(var, {})).fillna(0.0).to_numpy(dtype=float)
    return lp


def _strength(profiles: pd.DataFrame, latent: np.ndarray, sel: dict) -> np.ndarray:
    s = sel["latent"] * latent
    for var in ("sex", "household", "age_group", "education"):
        s += pd.Series(profiles[var]).map(sel[var]).fillna(0.0).to_numpy(dtype=float)
    s += nt2_group(profiles["nt2_level_at_intake"]).map(sel["nt2_group"]).fillna(0.0).to_numpy(dtype=float)
    return s


def assign_trajectory(rng: np.random.Generator, profiles: pd.DataFrame, latent: np.ndarray, p: dict) -> np.ndarray:
    n = len(profiles)
    pub = _reference("trajectory_by_work").query("trajectory != 'total'").set_index("trajectory")["total"]
    counts = _scaled_counts(pub.to_dict(), n)
    sel = p["selection"]
    strength = _strength(profiles, latent, sel)
    age = profiles["intake_date"].dt.year.to_numpy() - profiles["birth_year"].to_numpy()
    young = np.nan_to_num(age, nan=99) <= 25
    out = np.full(n, None, dtype=object)
    # Youth trajectory first: only clients up to 25, a little more often the stronger ones.
    idx = np.flatnonzero(young)
    chosen = _weighted_choice(rng, idx, np.exp(sel["youth_strength"] * strength[idx]), counts["jongerentraject_esf"])
    out[chosen] = "jongerentraject_esf"
    for traj, slope in (("geintegreerd_vdab", sel["vdab_strength"]),
                        ("geintegreerd_activering", sel["activering_strength"])):
        idx = np.flatnonzero(out == None)  # noqa: E711
        chosen = _weighted_choice(rng, idx, np.exp(slope * strength[idx]), counts[traj])
        out[chosen] = traj
    out[out == None] = "lineair"  # noqa: E711
    return out


# --------------------------------------------------------------------------------------------
# The multi-state process
# --------------------------------------------------------------------------------------------

def _first_job(rng, traj: np.ndarray, risk: np.ndarray, p: dict):
    """Time to first job (days) and its kind, from two cause-specific hazards.

    Art. 60 has a Weibull hazard ``risk * (k / s) * (t / s) ** (k - 1)`` (shape ``k`` and scale ``s``
    per trajectory); other jobs a constant hazard ``risk * rate`` from a trajectory-specific delay on
    (zero before). Both are proportional in ``risk = exp(x'beta + gamma L)``, so the hazard of a first
    job of any kind is proportional in the profile within each trajectory. Each cause's latent time is
    drawn by inverting its cumulative hazard; the first job is the earlier one.
    """
    fj = p["first_job"]
    codes = pd.Series(traj)

    def per_trajectory(key: str) -> np.ndarray:
        return codes.map({t: float(v[key]) for t, v in fj.items()}).to_numpy(dtype=float)

    n = len(traj)
    t_art60 = per_trajectory("art60_scale") * (rng.exponential(size=n) / risk) ** (1.0 / per_trajectory("art60_shape"))
    t_other = per_trajectory("other_delay") + rng.exponential(size=n) / (per_trajectory("other_rate") * risk)
    other_kind = np.empty(n, dtype=int)
    for tname in TRAJECTORIES:
        m = traj == tname
        mix = fj[tname]["other_mix"]
        other_kind[m] = rng.choice([NEC, INT, SE], size=m.sum(), p=[mix["nec"], mix["interim"], mix["social_economy"]])
    is_art60 = t_art60 <= t_other
    return np.where(is_art60, t_art60, t_other), np.where(is_art60, A60, other_kind)


def _job_duration(rng, state: np.ndarray, p: dict) -> tuple[np.ndarray, np.ndarray]:
    """Duration (days) of a job spell in ``state``, and its contract code where it matters."""
    n = len(state)
    dur = np.zeros(n)
    open_ended = np.zeros(n, dtype=bool)
    jd = p["job_duration"]
    m = state == A60
    full = rng.random(n) < jd["art60_full_term_share"]
    lo, hi = jd["art60_full_term_days"]
    dur[m] = np.where(full[m], rng.uniform(lo, hi, n)[m], 14 + rng.exponential(jd["art60_early_end_mean_days"], n)[m])
    m = state == NEC
    open_ended[m] = rng.random(m.sum()) < jd["nec_open_ended_share"]
    dur[m] = np.where(open_ended[m], rng.exponential(jd["nec_open_ended_mean_days"], m.sum()),
                      rng.exponential(jd["nec_fixed_term_mean_days"], m.sum()))
    m = state == INT
    dur[m] = rng.exponential(jd["interim_mean_days"], m.sum())
    m = state == SE
    dur[m] = rng.exponential(jd["social_economy_mean_days"], m.sum())
    return np.maximum(np.ceil(dur), 1), open_ended


def _choose(rng, probs: np.ndarray) -> np.ndarray:
    """One draw per row from a matrix of row-wise probabilities (rows sum to 1)."""
    cum = np.cumsum(probs, axis=1)
    return (rng.random((len(probs), 1)) > cum).sum(axis=1)


def _after_job(rng, state, duration, employer_type, p: dict) -> np.ndarray:
    """Next state when a job spell ends (immediately, the next day)."""
    nxt = p["after_job"]
    states = [NEC, UB, LL, A60, SE, INT, OUT]
    names = ["nec", "werkloosheidsuitkering", "leefloon", "art60", "social_economy", "interim", "uitgeschreven"]
    probs = np.zeros((len(state), len(states)))
    for s, key in ((A60, "art60"), (NEC, "nec"), (INT, "interim"), (SE, "social_economy")):
        m = state == s
        probs[m] = [nxt[key].get(nm, 0.0) for nm in names]
    # Employer of the art. 60 job shifts where people go next (fewer private employers, more NEC there).
    for etype, mult in p["art60_employer_nec_multiplier"].items():
        m = (state == A60) & (employer_type == etype)
        probs[m, 0] *= mult
    # Unemployment benefit needs enough days of work; otherwise back to social assistance.
    short = duration < BENEFIT_ENTITLEMENT_DAYS
    probs[short, 2] += probs[short, 1]
    probs[short, 1] = 0.0
    probs[probs.sum(axis=1) == 0, 2] = 1.0  # rows that are not job spells (not used by the caller)
    probs /= probs.sum(axis=1, keepdims=True)
    return np.array(states)[_choose(rng, probs)]


def _reemployment(rng, state, risk, p: dict):
    """Sojourn in social assistance (after a first job) or unemployment benefit, and what follows."""
    n = len(state)
    re = p["reemployment"]
    rate_job = np.where(state == UB, re["from_benefit_rate"], re["from_leefloon_rate"]) * risk
    rate_out = p["leave_rate"]
    total = rate_job + rate_out
    t = rng.exponential(1.0 / total)
    leaves = rng.random(n) < rate_out / total
    mix_ll = re["leefloon_mix"]
    mix_ub = re["benefit_mix"]
    order = ["art60", "nec", "interim", "social_economy"]
    probs = np.where((state == UB)[:, None], [mix_ub.get(k, 0.0) for k in order], [mix_ll.get(k, 0.0) for k in order])
    kind = np.array([A60, NEC, INT, SE])[_choose(rng, probs / probs.sum(axis=1, keepdims=True))]
    return np.maximum(np.ceil(t), 1), np.where(leaves, OUT, kind)


def _sample_attributes(rng, state: np.ndarray, p: dict):
    """Employer type, sector and working time of job spells."""
    n = len(state)
    employer = np.full(n, None, dtype=object)
    sector = np.full(n, None, dtype=object)
    working = np.full(n, None, dtype=object)
    for s, key in ((A60, "art60"), (NEC, "nec"), (INT, "interim"), (SE, "social_economy")):
        m = state == s
        if not m.any():
            continue
        et = p["employer_type"][key]
        employer[m] = rng.choice(list(et), size=m.sum(), p=list(et.values()))
        working[m] = np.where(rng.random(m.sum()) < p["part_time_share"][key], "deeltijds", "voltijds")
    for etype, sectors in p["sectors"].items():
        m = employer == etype
        sector[m] = rng.choice(list(sectors), size=m.sum(), p=np.array(list(sectors.values())) / sum(sectors.values()))
    return employer, sector, working


def simulate(rng, traj: np.ndarray, risk: np.ndarray, horizon: np.ndarray, p: dict) -> pd.DataFrame:
    """Run the process for everyone at once (a loop over spells, vectorised over persons).

    Returns one row per spell of the main state: person index, state, start and end day (inclusive,
    days since intake; the end is cut at the horizon), whether it is still open at the horizon, and
    the attributes of job spells.
    """
    n = len(traj)
    spells = []
    person = np.arange(n)
    start = np.zeros(n)
    state = np.full(n, LL)
    # The first spell: social assistance until the first job (or leaving the registers).
    t_job, kind = _first_job(rng, traj, risk, p)
    t_out = rng.exponential(1.0 / p["leave_rate"], n)
    first_leaves = t_out < t_job
    dur = np.maximum(np.ceil(np.where(first_leaves, t_out, t_job)), 1)
    nxt = np.where(first_leaves, OUT, kind)
    employer = sector = working = np.full(n, None, dtype=object)
    open_ended = np.zeros(n, dtype=bool)
    for step in range(1000):
        if step > 0:
            employer, sector, working = _sample_attributes(rng, state, p)
            job_dur, open_ended = _job_duration(rng, state, p)
            sojourn, after_benefit = _reemployment(rng, state, risk[person], p)
            is_job = np.isin(state, JOB_STATES)
            dur = np.where(is_job, job_dur, sojourn)
            nxt = np.where(is_job, _after_job(rng, state, job_dur, employer, p), after_benefit)
        end = start + dur - 1
        is_open = end >= horizon[person]
        spells.append(pd.DataFrame({
            "person": person, "state": state, "start": start, "end": np.minimum(end, horizon[person]),
            "open": is_open, "employer_type": employer, "sector": sector, "working_time": working,
            "open_ended": open_ended}))
        leaving = ~is_open & (nxt == OUT)
        if leaving.any():  # leaving the registers is absorbing: one open spell until the horizon
            spells.append(pd.DataFrame({
                "person": person[leaving], "state": OUT, "start": end[leaving] + 1,
                "end": horizon[person[leaving]], "open": True, "employer_type": None, "sector": None,
                "working_time": None, "open_ended": False}))
        go = ~is_open & (nxt != OUT)
        if not go.any():
            break
        person, start, state = person[go], end[go] + 1, nxt[go]
    else:  # pragma: no cover - every person reaches the horizon long before this
        raise RuntimeError("synthetic process did not reach the horizon")
    out = pd.concat(spells, ignore_index=True)
    out = out[out["start"] <= out["end"]]
    return out.sort_values(["person", "start"], kind="stable").reset_index(drop=True)
