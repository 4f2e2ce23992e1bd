"""Ground truth: on synthetic registries, the estimates after art. 60 recover the generating model.

The model (docs/synthetic_registry.md, section 5) draws the state that follows an art. 60 job at
once from ``after_job.art60``, multiplies the NEC share by ``art60_employer_nec_multiplier`` of the
employer type, and moves the unemployment-benefit share to social assistance when the job lasted
fewer than 312 days. Leaving the registers leaves no registration: the registry shows it as
``onbekend`` after the gap rule's 31 days.
"""
from __future__ import annotations

import types

import numpy as np
import pandas as pd
import pytest

from evalkit.registry import synth
from evalkit.stats import transitions as tr

#: Model state -> state read from the registry.
MODEL_STATE = {"nec": "nec", "werkloosheidsuitkering": "werkloosheidsuitkering", "leefloon": "leefloon",
               "art60": "art60", "social_economy": "sec", "uitgeschreven": "onbekend"}


def as_registry(generated) -> types.SimpleNamespace:
    """The generated tables with parsed dates, as the analysis functions expect a registry."""
    tables = {}
    for name, df in generated.tables.items():
        df = df.copy()
        for col in df.columns:
            if col.endswith("date"):
                df[col] = pd.to_datetime(df[col])
        tables[name] = df
    dates = {s["name"]: pd.Timestamp(s["extraction_date"]) for s in generated.descriptor["sources"]}
    return types.SimpleNamespace(**tables, extraction_dates=dates)


def true_next_state(spells: pd.DataFrame, parameters: dict) -> pd.DataFrame:
    """Per spell, the model's probability of each next state (columns named as in the registry)."""
    after = parameters["after_job"]["art60"]
    names = list(MODEL_STATE)
    p = np.tile([after.get(k, 0.0) for k in names], (len(spells), 1))
    p[:, 0] *= spells["employer_type"].map(parameters["art60_employer_nec_multiplier"]).to_numpy(dtype=float)
    short = spells["duration_days"].to_numpy() < synth.BENEFIT_ENTITLEMENT_DAYS
    p[short, 2] += p[short, 1]
    p[short, 1] = 0.0
    p /= p.sum(axis=1, keepdims=True)
    return pd.DataFrame(p, columns=[MODEL_STATE[k] for k in names], index=spells.index)


def cohort(registry) -> pd.DataFrame:
    """Every intake, followed up to the extraction date."""
    return registry.intakes.assign(censor_date=max(registry.extraction_dates.values()))


@pytest.fixture(scope="module")
def large():
    generated = synth.generate(n=20_000, seed=11)
    registry = as_registry(generated)
    spells = tr.art60_spells(registry.episodes, cohort(registry), extraction_dates=registry.extraction_dates)
    ended = spells[spells["ended"]].reset_index(drop=True)
    nxt = tr.next_states(registry.episodes, ended).merge(ended, on="spell_id")
    return generated.truth["parameters"], nxt


def _z_scores(nxt: pd.DataFrame, truth: pd.DataFrame, by: str | None) -> pd.DataFrame:
    ci = tr.next_state_incidence(nxt, by=by)
    at = ci[ci["time"] <= 60].groupby(["group", "state"])["cif"].last().unstack(fill_value=0.0)
    groups = nxt[by] if by else pd.Series("all", index=nxt.index)
    expected = truth.groupby(groups.to_numpy()).mean()
    n = groups.value_counts().reindex(expected.index).to_numpy()[:, None]
    est = at.reindex(index=expected.index, columns=expected.columns, fill_value=0.0)
    se = np.sqrt(np.clip(expected * (1 - expected), 1e-4, None) / n)
    return (est - expected) / se, est, expected


def test_next_state_probabilities_recover_the_model(large):
    parameters, nxt = large
    assert len(nxt) > 10_000
    z, est, expected = _z_scores(nxt, true_next_state(nxt, parameters), by=None)
    assert (z.abs() < 4).all().all(), f"\nestimated\n{est}\ntrue\n{expected}"
    # the spell itself is the only one drawn from after_job: the shares add up to (almost) 1 by day 60
    assert est.sum(axis=1).iloc[0] == pytest.approx(1.0, abs=0.005)


def test_next_state_by_employer_type_and_the_312_day_rule(large):
    parameters, nxt = large
    nxt = nxt.assign(term=np.where(nxt["duration_days"] >= synth.BENEFIT_ENTITLEMENT_DAYS, "full", "short"))
    nxt["group"] = nxt["term"] + "/" + nxt["employer_type"]
    truth = true_next_state(nxt, parameters)
    z, est, expected = _z_scores(nxt, truth, by="group")
    assert (z.abs() < 4).all().all(), f"\nestimated\n{est.round(3)}\ntrue\n{expected.round(3)}"
    # after a full-term art. 60 at a private employer, NEC is twice as likely as at a public one
    # (before renormalising); after a short one there is no unemployment benefit at all
    assert est.loc["full/private", "nec"] > est.loc["full/public", "nec"] + 0.1
    assert est.filter(like="short/", axis=0)["werkloosheidsuitkering"].max() == 0.0
    full_public = expected.loc["full/public"]
    assert full_public["nec"] == pytest.approx(parameters["after_job"]["art60"]["nec"])


def test_state_occupation_recovers_the_process_under_censoring(monkeypatch):
    """Follow-up long enough to see everything (extraction date moved to 2030), then random
    censoring 30-1500 days after the end of the spell: the Aalen-Johansen estimate from the
    censored registry matches the share of the same spells in each state of the true process."""
    monkeypatch.setattr(synth, "EXTRACTION_DATE", pd.Timestamp("2030-12-31"))
    generated = synth.generate(n=8_000, seed=21)
    registry = as_registry(generated)
    spells = tr.art60_spells(registry.episodes, cohort(registry))
    spells = spells[spells["ended"]].reset_index(drop=True)
    rng = np.random.default_rng(5)
    spells["censor_date"] = spells["spell_end"] + pd.to_timedelta(rng.integers(30, 1500, len(spells)), unit="D")
    times = np.array([3, 6, 12, 24]) * 365.25 / 12
    seq = tr.state_sequences(registry.episodes, spells)
    est = tr.aggregate_states(tr.state_occupation(seq, times=times, states=tr.STATES)) \
        .pivot(index="time", columns="state", values="probability")

    process = generated.spells
    first = process[process["state"] == "art60"].groupby("person")[["end", "open"]].first()
    first = first[~first["open"]]
    assert len(first) == len(spells)
    lookup = process[["person", "start", "state"]].sort_values("start")
    groups = {"social_economy": "sec", "uitgeschreven": "onbekend"}
    rows = {}
    for t in times:
        day = pd.DataFrame({"person": first.index, "day": first["end"].to_numpy() + 1 + np.floor(t)})
        state = pd.merge_asof(day.sort_values("day"), lookup, left_on="day", right_on="start", by="person")["state"]
        rows[t] = state.replace(groups).map(tr.STATE_GROUPS).value_counts(normalize=True)
    truth = pd.DataFrame(rows).T.fillna(0.0)
    est = est[truth.columns]
    se = np.sqrt(truth * (1 - truth) / len(spells))
    assert ((est - truth).abs() < 3 * se + 1e-9).all().all(), f"\nestimated\n{est.round(3)}\ntrue\n{truth.round(3)}"
