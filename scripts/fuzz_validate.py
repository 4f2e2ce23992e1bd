"""A longer run of the property checks of ``evalkit validate`` (tests/test_validate_properties.py).

The test suite runs a small, fixed set of mutated registries; this script runs as many as asked, new
ones on every run unless a seed is given, and reports how the mutations and exit codes were spread.
A failing example is printed by Hypothesis, shrunk to its simplest form, with the seed to replay it.

    python scripts/fuzz_validate.py                       # 2,000 examples
    python scripts/fuzz_validate.py --examples 20000      # a night's run
    python scripts/fuzz_validate.py --seed 7              # the same examples again
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, seed, settings

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
import test_validate_properties as properties  # noqa: E402 - the checks live with the tests


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=2000, help="how many mutated registries (default 2000)")
    parser.add_argument("--seed", type=int, default=None, help="seed, to repeat a run (default: a new one)")
    args = parser.parse_args()

    kinds: Counter[str] = Counter()
    codes: Counter[int] = Counter()

    @settings(max_examples=args.examples, deadline=None, database=None, derandomize=False,
              suppress_health_check=list(HealthCheck), print_blob=True)
    @given(properties.cases())
    def run(case: properties.Case) -> None:
        kinds.update(f"{m.kind}:{case.fmt}" for m in case.mutations)
        codes[properties.check(case)] += 1

    if args.seed is not None:
        run = seed(args.seed)(run)
    run()
    print(f"{sum(codes.values()):,} registries checked (including the ones Hypothesis shrank); "
          f"exit codes: {dict(sorted(codes.items()))}")
    for kind, count in sorted(kinds.items()):
        print(f"  {count:>7,}  {kind}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
