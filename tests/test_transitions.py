"""evalkit.stats.transitions: reading states after an art. 60 spell, next states, and the Aalen-Johansen
state occupation estimator (hand computation and R etm)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from evalkit.stats import transitions as tr
from evalkit.errors import InputError

GOLDEN = Path(__file__).parent / "golden" / "transitions"


# --------------------------------------------------------------------------- helpers
def episodes(rows):
    """rows: (person, kind, start, end or None, contract or None, benefit_type or None, employer)."""
    df = pd.DataFrame(rows, columns=["person_id", "kind", "start_date", "end_date", "contract", "benefit_type",
                                     "employer_type"])
    df["start_date"] = pd.to_datetime(df["start_date"])
    df["end_date"] = pd.to_datetime(df["end_date"])
    return df


def one_spell(end="2019-06-30", censor="2020-06-30", person="P1"):
    return pd.DataFrame({"spell_id": [0], "person_id": [person], "spell_end": pd.to_datetime([end]),
                         "censor_date": pd.to_datetime([censor])})


ART60 = ("P1", "employment", "2018-07-01", "2019-06-30", "art60", None, "public")


# --------------------------------------------------------------------------- art60_spells
def test_art60_spells_first_and_all_and_censoring():
    cohort = pd.DataFrame({"intake_id": ["I1", "I2"], "person_id": ["P1", "P2"],
                           "intake_date": pd.to_datetime(["2018-01-01", "2018-01-01"]),
                           "censor_date": pd.to_datetime(["2020-12-31", "2020-12-31"])})
    eps = episodes([
        ("P1", "employment", "2017-06-01", "2017-12-31", "art60", None, "public"),  # before intake: ignored
        ("P1", "employment", "2018-03-01", "2019-02-28", "art60", None, "private"),
        ("P1", "employment", "2019-03-01", "2021-06-30", "art60", None, "public"),  # runs past the censor date
        ("P2", "employment", "2018-05-01", None, "art60", None, "social_profit"),   # still running
        ("P2", "employment", "2018-02-01", "2018-03-01", "interim", None, "private"),
    ])
    first = tr.art60_spells(eps, cohort)
    assert first["intake_id"].tolist() == ["I1", "I2"]
    assert first["employer_type"].tolist() == ["private", "social_profit"]
    assert first["ended"].tolist() == [True, False]
    assert first["duration_days"].tolist() == [365, (pd.Timestamp("2020-12-31") - pd.Timestamp("2018-05-01")).days + 1]
    assert first["followed_days"].tolist() == [(pd.Timestamp("2020-12-31") - pd.Timestamp("2019-02-28")).days, 0]
    every = tr.art60_spells(eps, cohort, which="all")
    assert every["spell_number"].tolist() == [1, 2, 1]
    assert every["ended"].tolist() == [True, False, False]  # the second ends after the censor date
    # an earlier extraction date of a source that registers jobs ends follow-up sooner
    eps["source"] = "OCMW"
    early = tr.art60_spells(eps, cohort, extraction_dates={"OCMW": pd.Timestamp("2019-12-31")})
    assert early["censor_date"].dt.date.astype(str).tolist() == ["2019-12-31", "2019-12-31"]


def test_art60_spells_validates_input():
    cohort = pd.DataFrame({"person_id": ["P1"], "intake_date": pd.to_datetime(["2018-01-01"])})
    with pytest.raises(InputError, match="censor_date"):
        tr.art60_spells(episodes([ART60]), cohort)
    with pytest.raises(InputError, match="which"):
        tr.art60_spells(episodes([ART60]), cohort.assign(censor_date=pd.Timestamp("2020-01-01")), which="last")


# --------------------------------------------------------------------------- state sequences
def test_sequences_overlap_priority_and_open_episode():
    eps = episodes([
        ART60,
        ("P1", "benefit", "2019-07-01", None, None, "leefloon", None),  # leefloon keeps running
        ("P1", "employment", "2019-08-01", "2019-09-30", "nec_fixed_term", None, "private"),  # work wins
    ])
    seq = tr.state_sequences(eps, one_spell())
    assert seq[["state", "start", "stop"]].values.tolist() == [
        ["leefloon", 0, 31], ["nec", 31, 92], ["leefloon", 92, 366]]
    assert seq["censored"].tolist() == [False, False, True]


def test_sequences_gap_rules():
    # a 10-day gap after the spell takes the next state; a 20-day gap between registrations the
    # previous one; a 40-day gap is unknown; a trailing 5-day gap ends the follow-up early.
    eps = episodes([
        ART60,
        ("P1", "benefit", "2019-07-11", "2019-08-31", None, "werkloosheidsuitkering", None),
        ("P1", "employment", "2019-09-21", "2019-10-31", "interim", None, "private"),
        ("P1", "benefit", "2019-12-11", "2020-06-25", None, "leefloon", None),
    ])
    seq = tr.state_sequences(eps, one_spell(), max_gap_days=31)
    assert seq[["state", "start", "stop"]].values.tolist() == [
        ["werkloosheidsuitkering", 0, 82], ["interim", 82, 123], ["onbekend", 123, 163], ["leefloon", 163, 361]]
    strict = tr.state_sequences(eps, one_spell(), max_gap_days=0)
    assert strict["state"].tolist() == ["onbekend", "werkloosheidsuitkering", "onbekend", "interim", "onbekend",
                                        "leefloon", "onbekend"]
    assert strict["stop"].iloc[-1] == 366


def test_sequences_skip_spells_without_follow_up_and_another_art60():
    spells = pd.concat([one_spell(), one_spell(end="2020-06-30").assign(spell_id=1, person_id="P2")])
    eps = episodes([ART60, ("P1", "employment", "2019-07-01", "2019-12-31", "art60", None, "public")])
    seq = tr.state_sequences(eps, spells)
    assert seq["spell_id"].unique().tolist() == [0]  # spell 1 ends on its censor date
    assert seq["state"].tolist() == ["art60", "onbekend"]  # 183 days without registration after it


@pytest.mark.parametrize("spells", [one_spell().iloc[:0], one_spell(end="2020-06-30")],
                         ids=["no spells", "no day followed"])
def test_no_spell_to_follow_gives_empty_tables(spells):
    eps = episodes([ART60])
    seq = tr.state_sequences(eps, spells)
    assert len(seq) == 0 and list(seq.columns) == ["spell_id", "state", "start", "stop", "censored"]
    nx = tr.next_states(eps, spells)
    assert len(nx) == 0 and list(nx.columns) == ["spell_id", "next_state", "days", "event"]
    first = tr.first_entry(seq)
    assert len(first) == 0 and list(first.columns) == ["spell_id", "days", "event"]


def test_next_states_and_unknown_after_gap():
    spells = pd.DataFrame({"spell_id": [0, 1, 2, 3], "person_id": ["P1", "P2", "P3", "P4"],
                           "spell_end": pd.to_datetime(["2019-06-30"] * 4),
                           "censor_date": pd.to_datetime(["2020-06-30", "2020-06-30", "2019-07-20", "2020-06-30"])})
    eps = episodes([
        ("P1", "employment", "2019-07-01", None, "nec_open_ended", None, "private"),
        ("P2", "benefit", "2019-09-01", None, None, "leefloon", None),       # 62 days later: too late
        ("P3", "benefit", "2019-08-15", None, None, "leefloon", None),       # follow-up ends first
        ("P4", "benefit", "2019-06-01", None, None, "werkloosheidsuitkering", None),  # already running
    ])
    nx = tr.next_states(eps, spells, max_gap_days=31)
    assert nx["next_state"].tolist() == ["nec", "onbekend", None, "werkloosheidsuitkering"]
    assert nx["days"].tolist() == [0, 32, 19, 0]
    assert nx["event"].tolist() == [1, 8, 0, 6]


def test_bad_benefit_type_and_gap_are_named():
    eps = episodes([ART60, ("P1", "benefit", "2019-07-01", None, None, "kinderbijslag", None)])
    with pytest.raises(InputError, match="benefit_type"):
        tr.state_sequences(eps, one_spell())
    with pytest.raises(InputError, match="max_gap_days"):
        tr.state_sequences(eps, one_spell(), max_gap_days=-1)
    with pytest.raises(InputError, match="spell_end"):
        tr.state_sequences(eps, one_spell().drop(columns="spell_end"))


def test_state_on_reads_one_day():
    eps = episodes([ART60, ("P1", "benefit", "2019-07-01", None, None, "werkloosheidsuitkering", None)])
    days = pd.DataFrame({"person_id": ["P1", "P1", "P1"],
                         "date": pd.to_datetime(["2018-06-30", "2019-06-30", "2019-07-01"])})
    assert tr.state_on(eps, days).tolist() == ["onbekend", "art60", "werkloosheidsuitkering"]


# --------------------------------------------------------------------------- Aalen-Johansen
HAND = pd.DataFrame({
    "id":    [1, 1, 1, 2, 2, 3, 3, 4, 5, 5],
    "state": ["A", "B", "A", "A", "C", "B", "A", "A", "B", "C"],
    "start": [0, 2, 5, 0, 3, 0, 2, 0, 0, 3],
    "stop":  [2, 5, 8, 3, 9, 2, 4, 5, 3, 6],
})


def test_state_occupation_hand_computation():
    """Five persons, returns (B -> A), tied transitions and censoring.

    p(0) = (A 3/5, B 2/5, C 0).
    t=2: at risk A = {1, 2, 4} (3), B = {3, 5} (2); A->B 1, B->A 1:
         A = .6 - .6/3 + .4/2 = .6,  B = .4 - .4/2 + .6/3 = .4.
    t=3: at risk A = {2, 3, 4} (3), B = {1, 5} (2); A->C 1, B->C 1:
         A = .6 * 2/3 = .4,  B = .4 * 1/2 = .2,  C = .6/3 + .4/2 = .4.
    t=4: person 3 censored (no change).
    t=5: at risk B = {1} (1); B->A 1:  A = .4 + .2 = .6,  B = 0,  C = .4.
    The share among those still observed at t=5.5 would be A 1/3, C 2/3: censoring matters.
    """
    occ = tr.state_occupation(HAND, id="id", times=[0, 2, 3, 4.5, 5, 7], states=["A", "B", "C"])
    got = occ.pivot(index="time", columns="state", values="probability")
    expected = pd.DataFrame({"A": [.6, .6, .4, .4, .6, .6], "B": [.4, .4, .2, .2, 0, 0], "C": [0, 0, .4, .4, .4, .4]},
                            index=[0, 2, 3, 4.5, 5, 7])
    np.testing.assert_allclose(got[["A", "B", "C"]].to_numpy(), expected.to_numpy(), atol=1e-12)
    at3 = occ[occ["time"] == 3].set_index("state")
    assert at3["n_in_state"].to_dict() == {"A": 2, "B": 1, "C": 2}
    assert set(at3["n_under_observation"]) == {5}
    assert occ[occ["time"] == 7]["n_under_observation"].iloc[0] == 2


def test_state_occupation_without_censoring_is_the_share_in_each_state():
    rng = np.random.default_rng(3)
    n = 40
    cut = rng.integers(1, 20, n)
    seq = pd.DataFrame({"id": np.repeat(np.arange(n), 2), "state": np.column_stack(
        [rng.choice(["a", "b"], n), rng.choice(["b", "c"], n)]).ravel(),
        "start": np.column_stack([np.zeros(n, int), cut]).ravel(),
        "stop": np.column_stack([cut, np.full(n, 30)]).ravel()})
    seq = seq[seq["state"] != seq.groupby("id")["state"].shift()]  # no a->a style self-loops
    seq["stop"] = seq.groupby("id")["start"].shift(-1).fillna(30).astype(int)
    occ = tr.state_occupation(seq, id="id", times=[10], states=["a", "b", "c"])
    in_state = seq[(seq["start"] <= 10) & (seq["stop"] > 10)]["state"].value_counts(normalize=True)
    np.testing.assert_allclose(occ.set_index("state")["probability"], in_state.reindex(["a", "b", "c"]).fillna(0))


def test_state_occupation_matches_r_etm():
    soj = pd.read_csv(GOLDEN / "multistate_input.csv")
    ref = pd.read_csv(GOLDEN / "multistate_etm.csv")
    occ = tr.state_occupation(soj, id="id", times=sorted(ref["time"].unique()), states=list("abcd"))
    merged = occ.merge(ref, on=["time", "state"], suffixes=("", "_etm"))
    assert len(merged) == len(ref)
    np.testing.assert_allclose(merged["probability"], merged["probability_etm"], atol=1e-12)


def test_state_occupation_groups_bootstrap_and_seed():
    soj = pd.read_csv(GOLDEN / "multistate_input.csv")
    soj["half"] = np.where(soj["id"] <= 30, "first", "second")
    occ = tr.state_occupation(soj, id="id", times=[25, 50], by="half", states=list("abcd"), n_boot=50, seed=4)
    again = tr.state_occupation(soj, id="id", times=[25, 50], by="half", states=list("abcd"), n_boot=50, seed=4)
    pd.testing.assert_frame_equal(occ, again)
    assert set(occ["group"]) == {"first", "second"}
    sums = occ.groupby(["group", "time"])["probability"].sum()
    np.testing.assert_allclose(sums, 1.0)
    assert (occ["ci_lower"] <= occ["probability"] + 1e-12).all()
    assert (occ["probability"] <= occ["ci_upper"] + 1e-12).all()
    # each group alone gives the same estimate
    alone = tr.state_occupation(soj[soj["half"] == "first"], id="id", times=[25, 50], states=list("abcd"))
    np.testing.assert_allclose(occ[occ["group"] == "first"]["probability"], alone["probability"])


@pytest.mark.parametrize("change, message", [
    (lambda d: d.assign(start=d["start"].where(d.index != 0, 1)), "start at time 0"),
    (lambda d: d.assign(stop=d["stop"].where(d.index != 0, 0)), "later than"),
    (lambda d: d.assign(start=d["start"].where(d.index != 1, 3)), "without gap"),
    (lambda d: d.assign(state=d["state"].where(d.index != 2, None)), "'state' has missing"),
    (lambda d: d.assign(start=d["start"].astype(str)), "numeric"),
    (lambda d: d.drop(columns="stop"), "'stop'"),
])
def test_state_occupation_input_errors(change, message):
    with pytest.raises(InputError, match=message):
        tr.state_occupation(change(HAND.copy()), id="id")


def test_aggregate_and_first_entry():
    occ = tr.state_occupation(HAND.assign(state=HAND["state"].map({"A": "leefloon", "B": "nec", "C": "interim"})),
                              id="id", times=[3])
    agg = tr.aggregate_states(occ)
    assert agg.set_index("state")["probability"].round(6).to_dict() == {"regulier_werk": 0.6, "leefloon": 0.4}
    with pytest.raises(InputError, match="no group"):
        tr.aggregate_states(occ.assign(state="elders"))
    seq = pd.DataFrame({"spell_id": [0, 0, 1, 1], "state": ["leefloon", "onbekend", "interim", "leefloon"],
                        "start": [0, 10, 0, 5], "stop": [10, 50, 5, 40]})
    fe = tr.first_entry(seq)
    assert fe[["days", "event"]].values.tolist() == [[10, 2], [0, 1]]


def test_next_state_incidence_groups_and_counts():
    nx = pd.DataFrame({"days": [0, 0, 0, 0, 32, 5], "event": [1, 2, 6, 7, 8, 0], "g": list("aabbab")})
    ci = tr.next_state_incidence(nx, by="g", groups=tr.STATE_GROUPS)
    assert ci.attrs["n_spells"] == {"a": 3, "b": 3}
    a = ci[ci["group"] == "a"].groupby("state")["cif"].max()
    assert a.round(4).to_dict() == {"leefloon": 0.0, "onbekend": round(1 / 3, 4), "regulier_werk": round(2 / 3, 4),
                                    "werkloosheidsuitkering": 0.0}
    with pytest.raises(InputError, match="event"):
        tr.next_state_incidence(nx.assign(event=99))
