"""Monthly state sequences, checked by hand on the small registry of conftest.py."""
from __future__ import annotations

import pandas as pd
import pytest

from evalkit.stats import sequences
from evalkit.errors import InputError
from evalkit.registry import load_registry


@pytest.fixture
def seq(registry_folder):
    registry = load_registry(registry_folder)
    cohort = registry.intakes[registry.intakes["intake_id"].isin(["I1", "I2", "I4"])]
    return sequences.monthly_states(registry, cohort, months=30)


def state(seq, intake, month):
    return seq[(seq["intake_id"] == intake) & (seq["month"] == month)]["state"].iloc[0]


def test_states_by_hand(seq):
    # I1 (P1, intake 2017-03-01): leefloon to 2018-05-31, art. 60 2018-06-01 to 2019-05-31, then an
    # open-ended job. Month m is day round(30.4375 m): month 1 = 2017-03-31, month 15 = day 457 =
    # 2018-06-01, month 14 = day 426 = 2018-05-01, month 27 = day 822 = 2019-06-01.
    assert state(seq, "I1", 1) == "leefloon"
    assert state(seq, "I1", 14) == "leefloon"
    assert state(seq, "I1", 15) == "art60"
    assert state(seq, "I1", 26) == "art60"
    assert state(seq, "I1", 27) == "nec"
    # I2 (P2, intake 2017-05-15): NT2 course 2017-06-01 to 2018-01-31 (month 1 = day 30 = 2017-06-14),
    # interim 2018-09-01 to 2018-12-31 (month 16 = day 487 = 2018-09-14), nothing in between.
    assert state(seq, "I2", 1) == "opleiding"
    assert state(seq, "I2", 8) == "opleiding"      # day 243 = 2018-01-13
    assert state(seq, "I2", 9) == "onbekend"       # day 274 = 2018-02-13
    assert state(seq, "I2", 16) == "interim"
    assert state(seq, "I2", 20) == "onbekend"      # day 609 = 2019-01-14
    # I4 (P4, intake 2018-06-01): unemployment benefit from the intake (open, VDAB extraction
    # 2021-09-30) and leefloon 2019-01-01 to 2019-12-31: the benefit outranks leefloon.
    assert state(seq, "I4", 1) == "werkloosheidsuitkering"
    assert state(seq, "I4", 10) == "werkloosheidsuitkering"


def test_priority_is_a_choice(registry_folder):
    registry = load_registry(registry_folder)
    cohort = registry.intakes[registry.intakes["intake_id"] == "I4"]
    prio = ("art60", "nec", "interim", "sec", "werk_onbekend", "opleiding", "leefloon", "werkloosheidsuitkering")
    seq = sequences.monthly_states(registry, cohort, months=12, priority=prio)
    assert state(seq, "I4", 1) == "werkloosheidsuitkering"
    assert state(seq, "I4", 8) == "leefloon"  # day 243 = 2019-01-30: both registered, leefloon now wins


def test_months_after_extraction_are_not_observed(registry_folder):
    registry = load_registry(registry_folder)
    cohort = registry.intakes[registry.intakes["intake_id"] == "I7"]  # intake 2020-01-06, extraction 2021-12-31
    seq = sequences.monthly_states(registry, cohort, months=30)
    # day of month 23 = 700 -> 2021-12-06 observed; month 24 = day 731 -> 2022-01-06 not observed
    assert seq.loc[seq["month"] == 23, "state"].iloc[0] == "nec"
    assert seq.loc[seq["month"] == 24, "state"].isna().all()


def test_distribution_mean_time_and_disclosure_by_hand():
    seq = pd.DataFrame({"intake_id": list("abcd") * 2, "month": [1] * 4 + [2] * 4,
                        "state": ["leefloon", "leefloon", "nec", "art60", "nec", "leefloon", "nec", None]})
    dist = sequences.state_distribution(seq, groups=pd.Series({"a": "x", "b": "x", "c": "x", "d": "y"}))
    x1 = dist[(dist["group"] == "x") & (dist["month"] == 1)].set_index("state")["share"]
    assert x1.to_dict() == pytest.approx({"leefloon": 2 / 3, "nec": 1 / 3})
    weighted = sequences.state_distribution(seq, weights=pd.Series({"a": 3.0, "b": 1.0, "c": 1.0, "d": 1.0}))
    m1 = weighted[weighted["month"] == 1].set_index("state")["share"]
    assert m1["leefloon"] == pytest.approx(4 / 6)
    mt = sequences.mean_time_in_states(seq).set_index("state")["mean_months"]
    # d is not observed in month 2, so only a, b, c count: leefloon 2+2+0... a: lf, nec; b: lf, lf; c: nec, nec
    assert mt.to_dict() == pytest.approx({"leefloon": 3 / 3, "nec": 3 / 3})
    big = pd.DataFrame({"group": "g", "month": 1, "state": ["leefloon", "nec", "art60"], "n": [30, 9, 0],
                        "n_observed": 39, "share": [30 / 39, 9 / 39, 0.0]})
    merged = sequences.merge_small_states(big, min_cell_size=10)
    assert ((merged["n"] == 0) | (merged["n"] >= 10)).all()
    assert merged["share"].sum() == pytest.approx(1.0)


def test_input_errors(registry_folder):
    registry = load_registry(registry_folder)
    with pytest.raises(InputError, match="intake_date"):
        sequences.monthly_states(registry, registry.intakes.drop(columns="intake_date"))
    with pytest.raises(InputError, match="priority"):
        sequences.monthly_states(registry, registry.intakes, priority=("nec",))
    with pytest.raises(InputError, match="months"):
        sequences.monthly_states(registry, registry.intakes, months=0)
