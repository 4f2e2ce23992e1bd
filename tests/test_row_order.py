"""The same records in another order give the same reports: every table of a registry shuffled."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from evalkit.publish.runner import render
from evalkit.registry import resolve_registry_path

STUDIES = ("overview", "survival", "trajectories", "profiles", "art60")


def _shuffled_copy(source: Path, target: Path, seed: int) -> Path:
    """Copy a registry folder with the rows of every table in a random order (header kept)."""
    shutil.copytree(source, target)
    descriptor = json.loads((source / "datapackage.json").read_text("utf-8"))
    rng = np.random.default_rng(seed)
    for resource in descriptor["resources"]:
        path = target / resource["path"]
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
        table.iloc[rng.permutation(len(table))].to_csv(path, index=False)
    return target


def _comparable(html: str) -> str:
    """A report page without what must differ between two runs: time stamps, run names, folders, file hashes."""
    html = re.sub(r"\b[0-9a-f]{64}\b", "<sha256>", html)
    html = re.sub(r'<time class="evalkit-run-stamp".*?</time>', "<time>", html)
    html = re.sub(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d+)?", "<time>", html)
    html = re.sub(r"\brun_[ab](_[a-z0-9]+)?\b", "<run>", html)
    html = re.sub(r"/[ab]/registry\b", "/<copy>/registry", html)  # the two copies' folders
    return re.sub(r"\d+(\.\d+)? s\b", "<seconds>", html)


@pytest.fixture(scope="module")
def runs(bundled_reports):
    """Each study on the bundled registry (shared with the other report tests) and on a copy with the
    rows of every table shuffled: the same records in another order must give the same report."""
    from filelock import FileLock

    root = bundled_reports.root
    with FileLock(str(root / "shuffled.lock")):
        shuffled = root / "b" / "registry"
        if not shuffled.exists():
            _shuffled_copy(resolve_registry_path("synthetic"), shuffled, seed=7)
    first = {s: bundled_reports(s) for s in STUDIES}
    second = {s: render(s, data=shuffled, out=root / "reports_b", run_name=f"run_b_{s}").parent for s in STUDIES}
    return first, second


def test_the_copy_really_is_shuffled(runs):
    a = (runs[0]["overview"].parents[1] / "a" / "registry" / "episodes.csv").read_text("utf-8").splitlines()
    b = (runs[1]["overview"].parents[1] / "b" / "registry" / "episodes.csv").read_text("utf-8").splitlines()
    assert a[0] == b[0] and a[1:] != b[1:] and sorted(a[1:]) == sorted(b[1:])


@pytest.mark.parametrize("study", STUDIES)
def test_every_table_figure_and_sentence_is_the_same(runs, study):
    first = _comparable((runs[0][study] / f"{study}.html").read_text("utf-8"))
    second = _comparable((runs[1][study] / f"{study}.html").read_text("utf-8"))
    assert first == second


@pytest.mark.parametrize("study", STUDIES)
def test_the_report_gives_no_small_count_away(runs, study):
    """Each report of the default registry under attack: the output checker and the attacker find nothing."""
    from evalkit.publish.sdc.check import check_run
    from tests.attacker import attack

    found, summary = check_run(runs[0][study])
    assert found == [] and summary["cells"] > 100
    recovered = attack(runs[0][study], 10, resolve_registry_path("synthetic"))
    assert recovered == [], "\n".join(map(str, recovered[:30]))
