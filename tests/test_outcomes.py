"""evalkit.outcomes: the cohort, first jobs, durable jobs and snapshot intervals.

Small hand-made registries pin every rule of the module docstring (open spells, spells begun
before the intake, overlapping spells, end of follow-up); the synthetic registry's process (the
ground truth behind the registrations) checks the derivation as a whole.
"""
from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from evalkit import outcomes
from evalkit.registry import synth
from evalkit.errors import InputError
from evalkit.texts import check_catalogue

EXTRACTION = pd.Timestamp("2021-12-31")
SOURCES = {"COB": EXTRACTION, "SD": EXTRACTION, "OCMW": EXTRACTION, "VDAB": EXTRACTION}


def registry(episodes, intakes=None, persons=None, snapshots=None, extraction_dates=None):
    """A registry-shaped namespace from a few rows (dates as strings)."""
    episodes = pd.DataFrame(episodes, columns=["person_id", "kind", "start_date", "end_date", "contract", "source"])
    for col in ("start_date", "end_date"):
        episodes[col] = pd.to_datetime(episodes[col])
    if intakes is None:
        ids = sorted(episodes["person_id"].unique())
        intakes = [(f"I{p}", p, "2019-01-01", "lineair") for p in ids]
    intakes = pd.DataFrame(intakes, columns=["intake_id", "person_id", "intake_date", "trajectory"])
    intakes["intake_date"] = pd.to_datetime(intakes["intake_date"])
    intakes["programme"] = "COB"
    intakes["nt2_level_at_intake"] = "1.1"
    if persons is None:
        persons = pd.DataFrame({"person_id": sorted(intakes["person_id"].unique())})
        persons["sex"], persons["household"], persons["education"] = "man", "alleenstaande", "laag"
        persons["birth_year"] = 1990
    snaps = pd.DataFrame(snapshots or [], columns=["person_id", "snapshot_date", "source", "status_code"])
    snaps["snapshot_date"] = pd.to_datetime(snaps["snapshot_date"])
    return SimpleNamespace(persons=persons, intakes=intakes, episodes=episodes, status_snapshots=snaps,
                           extraction_dates=dict(extraction_dates or SOURCES))


def derive(reg, **kwargs):
    cohort_kwargs = {k: kwargs.pop(k) for k in ("censor_date", "intake_from", "intake_to") if k in kwargs}
    return outcomes.first_jobs(reg, outcomes.cohort(reg, **cohort_kwargs), **kwargs).set_index("person_id")


LEEFLOON = ("benefit", "2018-12-01", None, None, "SD")


def job(start, end, contract="nec_fixed_term", source="VDAB"):
    return ("employment", start, end, contract, source)


def rows(person, *spells):
    return [(person,) + tuple(s) for s in spells]


# --------------------------------------------------------------------------- first jobs
def test_first_job_of_each_kind_and_competing_coding():
    reg = registry(
        rows("a", ("benefit", "2018-12-01", "2019-03-31", None, "SD"), job("2019-04-01", "2019-12-31", "art60", "OCMW"),
             job("2020-01-01", None, "nec_open_ended"))
        + rows("b", LEEFLOON)
        + rows("c", ("benefit", "2018-12-01", "2019-01-31", None, "SD"), job("2019-02-01", "2019-02-28", "interim"))
    )
    out = derive(reg)
    a = out.loc["a"]
    assert (a["days_to_any_job"], a["any_job"], a["first_job_kind"], a["first_job_cause"]) == (90, 1, "art60", 1)
    assert (a["days_to_art60"], a["art60"]) == (90, 1)
    assert (a["days_to_nec"], a["nec"]) == (365, 1)
    assert a["interim"] == 0 and a["days_to_interim"] == a["follow_up_days"] == 1095
    b = out.loc["b"]
    assert b["any_job"] == 0 and pd.isna(b["first_job_kind"]) and b["first_job_cause"] == 0
    assert b["days_to_any_job"] == 1095 and not b["left_registers"]
    c = out.loc["c"]
    # the interim job ended and nothing follows: the person left the registers on 2019-02-28
    assert (c["first_job_kind"], c["days_to_any_job"], c["left_registers"]) == ("interim", 31, True)
    assert (c["days_to_nec"], c["nec"], c["follow_up_days"]) == (58, 0, 58)
    assert out.attrs["durable"] == "spell_365"


def test_leaving_the_registers_censors_unless_follow_up_is_the_censor_date():
    reg = registry(rows("a", ("benefit", "2018-12-01", "2019-06-30", None, "SD")))
    registered = derive(reg).loc["a"]
    assert (registered["follow_up_days"], registered["left_registers"]) == (180, True)
    assert registered["follow_up_end"] == pd.Timestamp("2019-06-30")
    administrative = derive(reg, follow_up="censor_date").loc["a"]
    assert (administrative["follow_up_days"], administrative["left_registers"]) == (1095, False)


def test_no_registration_after_intake_means_no_follow_up():
    reg = registry(rows("a", ("benefit", "2017-01-01", "2018-06-30", None, "SD"))
                   + rows("b", ("course", "2019-02-01", "2019-05-01", None, "ATLAS")))
    out = derive(reg)
    assert out.loc["a", "follow_up_days"] == 0 and out.loc["b", "follow_up_days"] == 0
    assert out["any_job"].sum() == 0


def test_spell_begun_before_intake_is_a_job_at_day_zero_and_ended_ones_are_ignored():
    reg = registry(rows("a", job("2017-05-01", "2018-01-31"), job("2018-06-01", None, "social_economy"))
                   + rows("b", job("2017-05-01", "2018-12-31"), LEEFLOON))
    out = derive(reg)
    assert (out.loc["a", "days_to_any_job"], out.loc["a", "first_job_kind"]) == (0, "sec")
    assert out.loc["a", "employed_at_intake"] and out.loc["a", "sec"] == 1
    assert not out.loc["b", "employed_at_intake"] and out.loc["b", "any_job"] == 0


def test_jobs_starting_the_same_day_take_the_contract_list_order():
    reg = registry(rows("a", LEEFLOON, job("2019-03-01", "2019-04-01", "interim"),
                        job("2019-03-01", "2019-09-01", "art60", "OCMW"), job("2019-03-10", None)))
    out = derive(reg).loc["a"]
    assert (out["first_job_kind"], out["days_to_any_job"]) == ("art60", 59)
    assert (out["days_to_interim"], out["days_to_art60"], out["days_to_nec"]) == (59, 59, 68)


def test_open_spells_are_censored_at_their_sources_extraction_date():
    dates = {**SOURCES, "OCMW": pd.Timestamp("2020-06-30")}
    reg = registry(rows("a", LEEFLOON, job("2019-03-01", None, "art60", "OCMW")), extraction_dates=dates)
    out = derive(reg).loc["a"]
    # jobs come from OCMW and VDAB: follow-up ends when the earlier of the two was extracted
    assert out["follow_up_end"] == pd.Timestamp("2020-06-30")
    # the open art. 60 runs from 2019-03-01 to 2020-06-30: 488 days, durable (>= 365) from day 423
    assert (out["durable"], out["days_to_durable"]) == (1, 59 + 364)


def test_censor_date_cuts_follow_up_and_later_jobs():
    reg = registry(rows("a", LEEFLOON, job("2020-05-01", None)))
    out = derive(reg, censor_date="2020-03-31").loc["a"]
    assert (out["any_job"], out["days_to_any_job"], out["follow_up_days"]) == (0, 455, 455)
    with pytest.raises(InputError, match="after the registry's extraction date"):
        outcomes.cohort(reg, censor_date="2022-06-30")


def test_several_intakes_of_one_person_each_get_their_own_clock():
    intakes = [("I1", "a", "2018-01-01", "lineair"), ("I2", "a", "2019-01-01", "geintegreerd_vdab")]
    reg = registry(rows("a", ("benefit", "2017-12-01", None, None, "SD"), job("2019-03-01", None)), intakes=intakes)
    out = outcomes.first_jobs(reg, outcomes.cohort(reg)).set_index("intake_id")
    assert out.loc["I1", "days_to_any_job"] == 424 and out.loc["I2", "days_to_any_job"] == 59


def test_cohort_window_programme_and_profile():
    intakes = [("I1", "a", "2017-03-01", "lineair"), ("I2", "b", "2018-09-15", "geintegreerd_vdab"),
               ("I3", "c", "2019-01-10", "lineair")]
    reg = registry(rows("a", LEEFLOON) + rows("b", LEEFLOON) + rows("c", LEEFLOON), intakes=intakes)
    reg.intakes.loc[2, "programme"] = "OTHER"
    c = outcomes.cohort(reg, intake_from="2017-06-01")
    assert c["intake_id"].tolist() == ["I2"]
    assert c.loc[0, "intake_period"] == "2018H2" and c.loc[0, "age_group"] == "25-30"
    assert c.loc[0, "nt2_group"] == "1.1"
    assert list(outcomes.cohort(reg, programme=None)["intake_id"]) == ["I1", "I2", "I3"]
    with pytest.raises(InputError, match="no extraction dates"):
        outcomes.cohort(SimpleNamespace(persons=reg.persons, intakes=reg.intakes))


def test_competing_causes():
    kinds = pd.Series(["art60", np.nan, "nec", "sec", "interim"])
    assert outcomes.competing_causes(kinds).tolist() == [1, 0, 2, 3, 3]
    assert outcomes.competing_causes(kinds, {"art60": 1, "nec": 1, "sec": 2, "interim": 2}).tolist() == [1, 0, 1, 2, 2]
    with pytest.raises(InputError, match="no cause code"):
        outcomes.competing_causes(kinds, {"art60": 1})


def test_bad_arguments_name_the_problem():
    reg = registry(rows("a", LEEFLOON))
    cohort = outcomes.cohort(reg)
    with pytest.raises(InputError, match="follow_up"):
        outcomes.first_jobs(reg, cohort, follow_up="never")
    with pytest.raises(InputError, match="unknown durable"):
        outcomes.first_jobs(reg, cohort, durable="forever")
    with pytest.raises(InputError, match="lacks column 'censor_date'"):
        outcomes.first_jobs(reg, cohort.drop(columns="censor_date"))


# --------------------------------------------------------------------------- durable jobs
def test_durable_definitions_validate():
    with pytest.raises(InputError, match="no criterion"):
        outcomes.DurableJob("none")
    with pytest.raises(InputError, match="go together"):
        outcomes.DurableJob("half", window_days=365)
    with pytest.raises(InputError, match="window_share"):
        outcomes.DurableJob("bad", window_days=365, window_share=1.5)
    with pytest.raises(InputError, match="min_days"):
        outcomes.DurableJob("bad", min_days=0)
    assert set(outcomes.DURABLE_DEFINITIONS) == {"spell_365", "open_ended", "spell_365_or_open_ended", "share_80_12m"}
    assert "365" in outcomes.SPELL_365.describe("nl") and "open-ended" in outcomes.OPEN_ENDED.describe("en")


def test_definitions_read_from_the_outcome_texts_in_both_languages():
    assert check_catalogue(outcomes.TEXTS) == []
    every = outcomes.DurableJob("every", min_days=180, open_ended=True, window_days=200, window_share=0.8,
                                contracts=("art60",))
    assert every.describe("nl") == ("ononderbroken tewerkstelling van minstens 180 dagen of een contract van "
                                    "onbepaalde duur of minstens 80% van de dagen aan het werk in een periode "
                                    "van 200 dagen (contracten: art60)")
    assert every.describe("en") == ("continuous employment of at least 180 days or an open-ended contract or "
                                    "employed on at least 80% of the days of a 200-day window (contracts: art60)")


def test_spell_length_joins_back_to_back_and_overlapping_spells():
    reg = registry(rows("a", LEEFLOON, job("2019-02-01", "2019-07-31", "art60", "OCMW"), job("2019-08-01", "2019-10-31"),
                        job("2019-10-01", "2020-03-31", "interim"))
                   + rows("b", LEEFLOON, job("2019-02-01", "2019-07-31"), job("2019-08-05", "2020-06-30"))
                   + rows("c", LEEFLOON, job("2021-06-01", None)))
    out = derive(reg)
    # a: 2019-02-01 .. 2020-03-31 continuous; 365 days reached on 2020-01-31 = day 395
    assert (out.loc["a", "durable"], out.loc["a", "days_to_durable"]) == (1, 395)
    # b: a gap of 4 days breaks the period; the second spell alone reaches 365 days on 2020-08-03,
    # after it ended: not durable
    assert out.loc["b", "durable"] == 0
    gap = replace(outcomes.SPELL_365, name="gap7", max_gap_days=7)
    joined = derive(reg, durable=gap)
    assert (joined.loc["b", "durable"], joined.loc["b", "days_to_durable"]) == (1, 395)
    # c: an open job that started 213 days before the censor date is censored, not durable
    assert (out.loc["c", "durable"], out.loc["c", "days_to_durable"]) == (0, 1095)


def test_open_ended_and_contract_filters():
    reg = registry(rows("a", LEEFLOON, job("2019-02-01", "2020-12-31", "art60", "OCMW"),
                        job("2021-01-01", "2021-03-01", "nec_open_ended")))
    assert derive(reg, durable="open_ended").loc["a", "days_to_durable"] == 731
    assert derive(reg, durable="spell_365").loc["a", "days_to_durable"] == 31 + 364
    regular = replace(outcomes.SPELL_365, name="nec_365", contracts=("nec_open_ended", "nec_fixed_term"))
    assert derive(reg, durable=regular).loc["a", "durable"] == 0
    either = derive(reg, durable="spell_365_or_open_ended").loc["a"]
    assert either["days_to_durable"] == 395


def brute_force_window(starts, ends, follow, width, share):
    """Day by day: first t >= width - 1 with enough employed days in (t - width, t]."""
    employed = np.zeros(follow + 1, dtype=int)
    for s, e in zip(starts, ends):
        employed[max(s, 0):min(e, follow) + 1] = 1
    need = int(np.ceil(share * width - 1e-9))
    for t in range(width - 1, follow + 1):
        if employed[t - width + 1:t + 1].sum() >= need:
            return t
    return None


def test_share_of_days_in_a_window_matches_a_day_by_day_count():
    rng = np.random.default_rng(3)
    spells, expected = [], {}
    intake = pd.Timestamp("2019-01-01")
    follow = (EXTRACTION - intake).days
    for p in range(60):
        person = f"p{p:02d}"
        starts, ends = [], []
        t = int(rng.integers(-100, 200))
        for _ in range(int(rng.integers(0, 6))):
            length = int(rng.integers(5, 300))
            starts.append(t)
            ends.append(t + length - 1)
            t += length + int(rng.integers(0, 120)) - 20  # some overlap, some gaps
        spells += rows(person, LEEFLOON)
        spells += [(person,) + job(str((intake + pd.Timedelta(days=s)).date()),
                                   str((intake + pd.Timedelta(days=e)).date())) for s, e in zip(starts, ends)]
        keep = [(s, e) for s, e in zip(starts, ends) if e >= 0]
        expected[person] = brute_force_window([s for s, _ in keep], [e for _, e in keep], follow, 365, 0.8)
    out = derive(registry(spells), durable="share_80_12m", follow_up="censor_date")
    got = {p: (int(r["days_to_durable"]) if r["durable"] else None) for p, r in out.iterrows()}
    assert got == expected
    assert sum(v is not None for v in expected.values()) >= 10  # the test exercises the criterion


# --------------------------------------------------------------------------- snapshots
def test_snapshot_intervals():
    snapshots = [("a", "2019-03-31", "VDAB", 5), ("a", "2019-06-30", "VDAB", 5), ("a", "2019-09-30", "VDAB", 78),
                 ("a", "2019-12-31", "VDAB", 0),
                 ("b", "2019-03-31", "VDAB", 5), ("b", "2019-12-31", "VDAB", 79), ("b", "2020-12-31", "SD", 90),
                 ("c", "2019-01-01", "VDAB", 90)]
    reg = registry(rows("a", LEEFLOON) + rows("b", LEEFLOON) + rows("c", LEEFLOON), snapshots=snapshots)
    cohort = outcomes.cohort(reg)
    out = outcomes.snapshot_intervals(reg, cohort).set_index("person_id")
    assert tuple(out.loc["a", ["left", "right", "n_snapshots"]]) == (180.0, 272.0, 4)
    assert tuple(out.loc["b", ["left", "right", "n_snapshots"]]) == (364.0, np.inf, 2)  # SD snapshot not used
    assert tuple(out.loc["c", ["left", "right"]]) == (0.0, 0.0)  # at work on the day of the intake
    yearly = outcomes.snapshot_intervals(reg, cohort, months=[12]).set_index("person_id")
    assert tuple(yearly.loc["a", ["left", "right", "n_snapshots"]]) == (364.0, np.inf, 1)
    cut = outcomes.snapshot_intervals(reg, cohort.assign(censor_date=pd.Timestamp("2019-06-30"))).set_index("person_id")
    assert tuple(cut.loc["a", ["left", "right"]]) == (180.0, np.inf)
    with pytest.raises(InputError, match="calendar months"):
        outcomes.snapshot_intervals(reg, cohort, months=[13])


# --------------------------------------------------------------------------- the synthetic truth
@pytest.fixture(scope="module")
def synthetic():
    reg = synth.generate(n=2500, seed=17)
    parsed = reg.registry()
    return reg, parsed


def test_first_jobs_reproduce_the_generating_process(synthetic):
    reg, parsed = synthetic
    out = outcomes.first_jobs(parsed, outcomes.cohort(parsed)).set_index("person_id")
    spells = reg.spells
    jobs = spells[spells["state"].isin(["art60", "nec", "interim", "social_economy"])]
    first = jobs.sort_values("start", kind="stable").drop_duplicates("person_id").set_index("person_id")
    left = spells[spells["state"] == "uitgeschreven"].groupby("person_id")["start"].min()
    start = out.index.map(first["start"])
    gone = out.index.map(left)
    had_job = pd.notna(start) & ~(gone < start)
    assert (out["any_job"].to_numpy() == had_job.astype(int)).all()
    assert (out.loc[had_job, "days_to_any_job"].to_numpy() == start[had_job]).all()
    kind = pd.Series(out.index.map(first["state"])).replace({"social_economy": "sec"}).to_numpy()
    assert (out.loc[had_job, "first_job_kind"].to_numpy() == kind[had_job]).all()
    # those who left the registers before a job are followed until the day before they left
    left_first = ~had_job & pd.notna(gone)
    assert left_first.sum() > 10
    assert (out.loc[left_first, "days_to_any_job"].to_numpy() == gone[left_first] - 1).all()
    assert out.loc[left_first, "left_registers"].all()


def test_durable_spell_length_against_the_process(synthetic):
    reg, parsed = synthetic
    out = outcomes.first_jobs(parsed, outcomes.cohort(parsed), durable="spell_365").set_index("person_id")
    spells = reg.spells[reg.spells["state"].isin(["art60", "nec", "interim", "social_economy"])]
    spells = spells.sort_values(["person_id", "start"], kind="stable")
    # join back-to-back job spells (the next starts the day after) into periods
    new = spells["person_id"].ne(spells["person_id"].shift()) | spells["start"].ne(spells["end"].shift() + 1)
    spells = spells.assign(period=new.cumsum())
    periods = spells.groupby("period").agg(person_id=("person_id", "first"), start=("start", "min"), end=("end", "max"))
    reached = periods[periods["end"] - periods["start"] + 1 >= 365]
    expected = (reached["start"] + 364).groupby(reached["person_id"]).min()
    got = out.loc[out["durable"] == 1, "days_to_durable"]
    assert got.sort_index().to_dict() == expected.astype(int).sort_index().to_dict()
