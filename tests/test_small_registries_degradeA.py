"""The trajectory and survival reports rendered end to end on small synthetic registries (20, 150 and 300
persons): every report renders, without a traceback; what the data cannot support says why in the report's
language, and what they can support is still there."""
from __future__ import annotations

import html

import pytest

from evalkit.publish.labels import CATALOGUE
from evalkit.publish.runner import render
from evalkit.registry import synth
from evalkit.studies import text
from evalkit.publish.sdc.integrity import html_tables

#: (persons, seed) of the registries of ``evalkit synth --n N --seed S``.
REGISTRIES = {"n20": (20, 1), "n150": (150, 3), "n300": (300, 11)}
#: The small registry is rendered in English, the others in Dutch (the default).
LANGUAGE = {"n20": "en", "n150": "nl", "n300": "nl"}


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """Each study rendered once per registry: {(registry, study): html}."""
    out = tmp_path_factory.mktemp("reports")
    pages = {}
    for key, (n, seed) in REGISTRIES.items():
        data = synth.write_synthetic_registry(tmp_path_factory.mktemp("data") / key, n=n, seed=seed)
        language = [f"language={LANGUAGE[key]}"]
        for study, extra in (("trajectories", ["n_boot=30"]), ("survival", [])):
            folder = render(study, data=data, out=out, run_name=f"{key}_{study}", parameters=language + extra).parent
            pages[key, study] = (folder / f"{study}.html").read_text("utf-8")
    return pages


def _notice(reason: str, language: str, **values) -> str:
    """The reason of a notice as the report writes it (HTML-escaped)."""
    return html.escape(CATALOGUE.text(f"unavailable.{reason}", language, **values))


def _heading(language: str) -> str:
    """The bold opening of every notice ("Not estimated on these data."), HTML-escaped."""
    return html.escape(CATALOGUE.text("unavailable.notice", language, why="").strip("* "))


@pytest.mark.parametrize("key", REGISTRIES)
@pytest.mark.parametrize("study", ["trajectories", "survival"])
def test_every_report_renders_without_a_traceback(reports, key, study):
    page = reports[key, study]
    assert "Traceback" not in page and "evalkit.errors" not in page
    assert html.escape(text(f"{study}.definitions.heading", LANGUAGE[key]).lstrip("# ")) in page  # to the end


def test_tiny_registry_says_why_part_by_part(reports):
    trajectories, survival = reports["n20", "trajectories"], reports["n20", "survival"]
    too_few = _notice("too_few_persons", "en", n="<10", min_n=10)
    # no comparison of trajectories: said in each section that needs one, in the main text (effects, assigned
    # or followed trajectory twice, months in each situation, what cannot be shown) and in the appendix
    # (balance, all differences, the true effect, E-values)
    assert trajectories.count('class="evalkit-unavailable"') == 9
    assert too_few in trajectories and _notice("no_flows", "en") in trajectories
    # the raw table and the trajectory changes are still shown, but no figure
    assert text("trajectories.col.assigned", "en") in {table[0][0] for table in html_tables(trajectories)}
    assert "<img" not in trajectories
    # survival: the curves, the models, their checks and the snapshot reading at 24 months say why
    assert too_few in survival and _notice("no_rows", "en") in survival
    # the proportional-hazards, cumulative-incidence and Fine-Gray sections say why too, and in the appendix
    # the full Cox table under its own heading
    assert survival.count('class="evalkit-unavailable"') == 9
    assert html.escape(text("survival.logrank.caption", "en")) in survival  # the log-rank tests are still there
    assert survival.count("<img") == 1  # the snapshot comparison, read for the whole cohort


@pytest.mark.parametrize("key", ["n150", "n300"])
def test_larger_registries_leave_out_one_comparison_only(reports, key):
    page = reports[key, "trajectories"]
    # the youth trajectory by realised trajectory has too few persons; every comparison by assigned trajectory stays
    assert "Jongerentraject vs Lineair, volgens het gerealiseerde traject: <strong>" + _heading("nl") in page
    assert page.count('class="evalkit-unavailable"') == 0  # said in the reading, not in a notice of its own
    # the balance table: one row per trajectory compared with the reference (the raw table also has Lineair)
    balance = next(t for t in html_tables(page) if t[0][0] == text("trajectories.col.trajectory", "nl")
                   and "Lineair" not in {row[0] for row in t[1:]})
    assert {row[0] for row in balance[1:]} == {"Geïntegreerd VDAB", "Geïntegreerd activering", "Jongerentraject"}
    # every figure of the study; on 150 persons every difference between assigned and followed trajectory
    # is hidden, so that figure is not drawn
    assert page.count("<img") == {"n150": 6, "n300": 7}[key]
    # the survival study has enough persons for every part
    assert _heading("nl") not in reports[key, "survival"]
