"""Time and memory of generating synthetic registries of growing size (prints figures, asserts nothing).

Usage: python benchmarks/synth_scaling.py [N ...]   (default: 1662 16620 100000)
"""
from __future__ import annotations

import resource
import sys
import time

from evalkit.registry import synth


def main() -> None:
    sizes = [int(x) for x in sys.argv[1:]] or [1662, 16620, 100000]
    print(f"{'persons':>9} {'seconds':>8} {'us/person':>10} {'episodes':>9} {'snapshots':>10} {'max RSS MB':>10}")
    for n in sizes:
        t0 = time.perf_counter()
        reg = synth.generate(n=n, seed=1)
        dt = time.perf_counter() - t0
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{n:>9} {dt:>8.2f} {1e6 * dt / n:>10.1f} {len(reg.tables['episodes']):>9} "
              f"{len(reg.tables['status_snapshots']):>10} {rss:>10.0f}")


if __name__ == "__main__":
    main()
