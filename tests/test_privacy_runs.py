"""Whole runs under attack: nothing a run publishes gives away a small count, on small registries and
with a higher threshold. (The default registry is attacked in tests/test_row_order.py, on the run
rendered there.)"""
from __future__ import annotations

import pytest

from evalkit.publish.runner import render
from evalkit.publish.sdc.check import check_run
from evalkit.registry.synth import write_synthetic_registry
from tests.attacker import attack

CONFIGURATIONS = {
    "n150_seed3": (150, 3, 10),
    "n300_seed11_min20": (300, 11, 20),
}


@pytest.fixture(scope="module", params=sorted(CONFIGURATIONS))
def run(request, tmp_path_factory):
    n, seed, threshold = CONFIGURATIONS[request.param]
    base = tmp_path_factory.mktemp(request.param)
    data = write_synthetic_registry(base / "registry", n=n, seed=seed)
    folder = render("all", data=data, out=base / "reports", run_name=request.param,
                    parameters=["n_boot=20", f"min_cell_size={threshold}"]).parent
    return folder, data, threshold


def test_the_output_checker_passes_the_run(run):
    folder, _, threshold = run
    found, summary = check_run(folder)
    assert found == [] and summary["policy"]["min_cell_size"] == threshold
    assert summary["cells"] > 100


def test_the_attacker_recovers_nothing(run):
    folder, data, threshold = run
    recovered = attack(folder, threshold, data)
    assert recovered == [], "\n".join(map(str, recovered[:30]))
