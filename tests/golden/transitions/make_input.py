"""Write the input of the multi-state fixture: sojourns of a small simulated process.

60 ids move between four states (a: social assistance, b: unemployment benefit, c: regular job,
d: unknown) in whole days, so that several transitions and censorings share a time; every id
starts at time 0, some in each of a, b and c, and is censored at the end of its follow-up.
Run from the repository root: ``python tests/golden/transitions/make_input.py``.
"""
from pathlib import Path

import numpy as np
import pandas as pd

STATES = ["a", "b", "c", "d"]
# daily transition probabilities (rows: from, columns: to; the diagonal is staying)
MOVE = np.array([[0.0, 0.010, 0.020, 0.004],
                 [0.015, 0.0, 0.010, 0.004],
                 [0.010, 0.015, 0.0, 0.002],
                 [0.020, 0.000, 0.010, 0.0]])


def main() -> None:
    rng = np.random.default_rng(20240601)
    rows = []
    for i in range(60):
        state = int(rng.choice(3, p=[0.5, 0.3, 0.2]))
        follow = int(rng.integers(20, 120))
        start = 0
        for day in range(1, follow):
            p = MOVE[state]
            u = rng.random()
            if u < p.sum():
                to = int(np.searchsorted(np.cumsum(p), u, side="right"))
                rows.append((i + 1, STATES[state], start, day))
                state, start = to, day
        rows.append((i + 1, STATES[state], start, follow))
    out = pd.DataFrame(rows, columns=["id", "state", "start", "stop"])
    out.to_csv(Path(__file__).with_name("multistate_input.csv"), index=False, lineterminator="\n")


if __name__ == "__main__":
    main()
