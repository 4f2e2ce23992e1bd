"""The overview, profiles and art. 60 reports on small registries of the package's own generator.

Each registry is rendered once per study. Where the data cannot support a part,
its section shows the notice of ``evalkit.publish.degrade`` - why, and what data it would need - and
the rest of the report renders; where they can, no section is left out.
"""
from __future__ import annotations

import pandas as pd
import pytest

from evalkit.publish.runner import render
from evalkit.registry.synth import write_synthetic_registry

MINE = ("overview", "profiles", "art60")
NOTICE = 'class="evalkit-unavailable"'


def _reports(folder, out, language: str = "nl") -> dict[str, str]:
    """Each study rendered on its own (the protection across the reports of one run is tested in
    test_sdc.py and test_report.py)."""
    pages = {}
    for name in MINE:
        index = render(name, data=folder, out=out, parameters=[f"language={language}"], run_name=name)
        pages[name] = (index.parent / f"{name}.html").read_text("utf-8")
    return pages


@pytest.fixture(scope="module", params=[(20, 1), (150, 3), (300, 11)], ids=["n20", "n150", "n300"])
def reports(request, tmp_path_factory):
    n, seed = request.param
    tmp = tmp_path_factory.mktemp(f"n{n}")
    return n, _reports(write_synthetic_registry(tmp / "registry", n=n, seed=seed), tmp / "reports")


@pytest.fixture(scope="module")
def degraded(tmp_path_factory):
    """150 persons without a status snapshot on the snapshot date and without any art. 60 job, in English."""
    tmp = tmp_path_factory.mktemp("degraded")
    folder = write_synthetic_registry(tmp / "registry", n=150, seed=3)
    snaps = pd.read_csv(folder / "status_snapshots.csv", dtype=str)
    snaps[snaps["snapshot_date"] != "2020-03-31"].to_csv(folder / "status_snapshots.csv", index=False)
    episodes = pd.read_csv(folder / "episodes.csv", dtype=str)
    episodes[episodes["contract"] != "art60"].to_csv(folder / "episodes.csv", index=False)
    return _reports(folder, tmp / "reports", language="en")


def test_every_report_renders_without_a_traceback(reports):
    _, html = reports
    for name in MINE:
        for fragment in ("Traceback", "InputError", "NotEstimable"):
            assert fragment not in html[name], (name, fragment)


#: Notices per report. On 20 persons every profile characteristic is left with one category after
#: merging groups under 10 persons: every section with a model says so, in the main text (work on the
#: date, first job, which approach for whom) and in the appendix (all estimates and tests twice, missing
#: values, the interaction tests, model checks twice, the truth); the rest is estimable.
NOTICES = {20: {"overview": 0, "profiles": 10, "art60": 0}, 150: dict.fromkeys(MINE, 0), 300: dict.fromkeys(MINE, 0)}


def test_a_notice_stands_where_a_part_cannot_be_estimated_and_only_there(reports):
    n, html = reports
    assert {name: html[name].count(NOTICE) for name in MINE} == NOTICES[n]
    assert html["profiles"].count("Elk kenmerk waarvoor gecorrigeerd wordt, heeft hier één waarde") == NOTICES[n][
        "profiles"]


def test_the_rest_of_each_report_renders(reports):
    n, html = reports
    figures = {name: html[name].count("<img") + html[name].count("<svg") for name in MINE}
    # the profile forest plots (2), effect modification (7) and calibration need the models
    assert figures["profiles"] == (0 if n == 20 else 2 + 7 + 1)
    assert figures["overview"] == 1 and figures["art60"] == 4
    assert "Wie zit in de analyse" in html["profiles"] and "Voorbehouden" in html["profiles"]
    assert "Inzet van artikel 60 per traject" in html["overview"]


def test_without_snapshots_and_art60_each_section_says_so_once(degraded):
    overview, profiles, art60 = (degraded[name] for name in MINE)
    snapshots = "The registry holds no usable status snapshots"
    # work by trajectory and by profile; in the appendix the status codes and the chi-square tests
    assert overview.count(NOTICE) == 4 and overview.count(snapshots) == 4
    assert "With at least one art. 60" in overview  # the art. 60 table does not need a status
    # work on the date, which approach for whom, and in the appendix the estimates, the missing-value
    # sensitivity and the model checks of work on the date
    assert profiles.count(NOTICE) == 5 and profiles.count(snapshots) == 5
    assert "Time to the first job: raw and adjusted hazard ratios" in profiles
    nobody = "Nobody in this cohort (or too few persons) started an art. 60 job."
    # use, employers, next state, occupation, regular job, differences, landmarks, TWE
    assert art60.count(NOTICE) == 8 and art60.count(nobody) == 8
    assert "Durable employment under each definition" in art60
