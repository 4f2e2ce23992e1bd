"""Print the estimated next state after art. 60 beside the synthetic model's true probabilities.

On a large synthetic registry (default 20,000 persons), the cumulative incidence of each next
state (evalkit.stats.transitions) is compared with the model's ``after_job.art60`` probabilities, with the
NEC share multiplied by the employer's multiplier and unemployment benefit only after 312 days of
work - overall, and by employer type for full-term (>= 312 days) and shorter jobs.

    python scripts/art60_truth.py [--n 20000] [--seed 11]
"""
from __future__ import annotations

import argparse

import numpy as np
import pandas as pd

from evalkit.registry import synth
from evalkit.stats import transitions as tr

MODEL_STATE = {"nec": "nec", "werkloosheidsuitkering": "werkloosheidsuitkering", "leefloon": "leefloon",
               "art60": "art60", "social_economy": "sec", "uitgeschreven": "onbekend"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()

    generated = synth.generate(n=args.n, seed=args.seed)
    episodes = generated.tables["episodes"].copy()
    for col in ("start_date", "end_date"):
        episodes[col] = pd.to_datetime(episodes[col])
    intakes = generated.tables["intakes"].assign(intake_date=lambda d: pd.to_datetime(d["intake_date"]),
                                                 censor_date=synth.EXTRACTION_DATE)
    spells = tr.art60_spells(episodes, intakes)
    spells = spells[spells["ended"]].reset_index(drop=True)
    nxt = tr.next_states(episodes, spells).merge(spells, on="spell_id")

    p = generated.truth["parameters"]
    after = p["after_job"]["art60"]
    truth = np.tile([after.get(k, 0.0) for k in MODEL_STATE], (len(nxt), 1))
    truth[:, 0] *= nxt["employer_type"].map(p["art60_employer_nec_multiplier"]).to_numpy(dtype=float)
    short = nxt["duration_days"].to_numpy() < synth.BENEFIT_ENTITLEMENT_DAYS
    truth[short, 2] += truth[short, 1]
    truth[short, 1] = 0.0
    truth /= truth.sum(axis=1, keepdims=True)
    truth = pd.DataFrame(truth, columns=list(MODEL_STATE.values()))

    nxt["group"] = np.where(short, "short", "full-term") + " / " + nxt["employer_type"]
    for by in (None, "group"):
        ci = tr.next_state_incidence(nxt, by=by)
        est = ci[ci["time"] <= 60].groupby(["group", "state"])["cif"].last().unstack(fill_value=0.0)
        keys = nxt[by] if by else pd.Series("all", index=nxt.index)
        true = truth.groupby(keys.to_numpy()).mean()
        n = keys.value_counts().reindex(true.index)
        est = est.reindex(index=true.index, columns=true.columns, fill_value=0.0)
        table = pd.concat({"estimated": est, "true": true}, axis=1).swaplevel(axis=1).sort_index(axis=1)
        table.insert(0, "n", n)
        print(f"\nNext state after art. 60 ({args.n} persons, seed {args.seed}){' by ' + by if by else ''}:")
        print(table.round(3).to_string())


if __name__ == "__main__":
    main()
