"""The survival report as a steering committee reads it: key findings made from the tables it shows,
numbers and dates as the language writes them, one label per category, figures that fit the page.

Every number of every key finding must be a cell of a released table (written with no more decimals
than the table shows) or a number of the question (the months, the 95 of the interval, the 60 of
"artikel 60"); a hidden cell leaves its finding out.
"""
from __future__ import annotations

import copy
import io
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from evalkit import formats, outcomes, survival  # noqa: E402
from evalkit.publish import display, sdc  # noqa: E402
from evalkit.publish.degrade import Unavailable  # noqa: E402
from evalkit.publish.findings import KeyFindings, numbers_in  # noqa: E402
from evalkit.registry import load_registry  # noqa: E402
from evalkit.studies import survival as study  # noqa: E402
from evalkit.studies import text  # noqa: E402
from evalkit.studies.survival.figures import LEGEND_SIZE  # noqa: E402

COVARIATES = list(study.PROFILE_COVARIATES)
SHARE_MONTHS = [6, 12, 18, 24]
#: Column names of the registry and folder names that a report never shows.
RAW_NAMES = ("sex", "household", "age_group", "education", "nt2_group", "intake_period", "any_job",
             "synthetic_registry", "trajectory=", "geintegreerd_", "jongerentraject_esf")


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def bundled():
    registry = load_registry("synthetic")
    cohort = outcomes.cohort(registry)
    return registry, cohort, outcomes.first_jobs(registry, cohort)


def report(registry, cohort, jobs, language):
    """The tables, figures and key findings of the notebook, in its order, with a fresh ledger."""
    sdc.reset()
    display.setup(language)
    data = study.analysis_frame(jobs, "any_job", COVARIATES)
    out = {"facts": study.cohort_facts(registry, jobs, data, 10, language)}
    curve = survival.kaplan_meier(data, "months", "event", by="trajectory")
    out["km_figure"], _ = study.plot_km(curve, language)
    out["shares"], _ = study.share_table(curve, data, SHARE_MONTHS, language)
    out["median"], out["median_note"] = study.median_table(curve, data, language)
    cox = study.cox_study(data, COVARIATES)
    out["cox"], _ = study.cox_table(cox, language)
    out["forest"] = study.plot_cox_forest(out["cox"], language, title=text("survival.cox.forest", language))
    out["period"] = study.period_table(cox, language, out["cox"])
    out["ph"] = study.ph_table(cox, language)
    out["logrank"] = study.logrank_table(data, language)
    out["changes"] = study.changes_reading(cox, language)
    cif = survival.cumulative_incidence(data, "months", "cause", by="trajectory")
    out["cif_figure"], _ = study.plot_cif(cif, language)
    out["cif"], _ = study.cif_table(cif, data, SHARE_MONTHS, language)
    out["gray"] = study.gray_table(cif, language)
    out["fine_gray"], _ = study.fine_gray_table(study.fine_gray_models(data, COVARIATES), data, COVARIATES, language)
    out["rmst"], _ = study.rmst_table(data, 24, language)
    comparison = study.snapshot_comparison(registry, cohort, jobs)
    out["snapshot_figure"], _ = study.plot_snapshot_comparison(comparison, language)
    out["snapshot"], _ = study.snapshot_table(comparison, language, [12, 24, 36])
    out["findings"] = study.key_findings(
        KeyFindings("survival", language), facts=out["facts"], shares=out["shares"], median=out["median"],
        ratios=out["cox"], cif=out["cif"], snapshot=out["snapshot"], share_months=SHARE_MONTHS,
        headline=out["km_figure"])
    return out


@pytest.fixture(scope="module", params=["nl", "en"])
def shown(request, bundled):
    out = report(*bundled, request.param)
    out["language"] = request.param
    yield out
    sdc.reset()
    display.setup("nl")


def _released_value(finding_cell, out):
    """The value of a cited cell as its released table holds it (the table the report shows)."""
    tables = {"share": out["shares"], "share_all": out["shares"], "median": out["median"], "cox": out["cox"],
              "cif": out["cif"], "snapshot": out["snapshot"]}
    release = tables[finding_cell.output].attrs["release"]
    release = getattr(release, "parts", {}).get(finding_cell.output, release)
    assert release.output == finding_cell.output
    assert release.shown(finding_cell.row, finding_cell.column), "a finding cites a hidden cell"
    return release.table.at[finding_cell.row, finding_cell.column]


# --------------------------------------------------------------------------- key findings
def test_key_findings_come_from_the_shown_tables(shown):
    findings = shown["findings"]
    language = shown["language"]
    assert 3 <= len(findings.findings) <= 6
    assert 2 <= len(findings.caveats) <= 3
    assert findings.figure is not None and findings.figure["alt"] and findings.figure["caption"]
    sections = {text(f"survival.{k}.heading", language) for k in ("km", "cox", "cif", "snapshot")}
    for finding in findings.findings:
        assert finding.section in sections
        assert finding.cells, finding.text
        allowed = set(finding.given)
        for c in finding.cells:
            assert c.output, "every cell names the released table it comes from"
            value = _released_value(c, out=shown)
            assert c.shown, "every cell is written in the sentence"
            for written in c.shown:
                allowed.add(written)
                separator = "," if language == "nl" else "."
                decimals = len(written.split(separator)[1]) if separator in written else 0
                numbers = ([formats.parse_number(n, language) for n in numbers_in(value)]
                           if isinstance(value, str) else [float(value)])
                assert any(abs(formats.parse_number(written, language) - v) <= 0.5 * 10 ** -decimals + 1e-9
                           for v in numbers), (written, value)
        for number in numbers_in(finding.text):
            assert number in allowed, (number, finding.text)


def test_key_findings_say_what_the_committee_asked(shown):
    findings = shown["findings"]
    language = shown["language"]
    texts = " ".join(f.text for f in findings.findings)
    # the share after 12 months with its interval, the median, the hazard ratio of the trajectory that
    # differs most, art. 60 as first job, what snapshots miss
    assert ("95 %-BI" if language == "nl" else "95% CI") in texts
    outputs = {c.output for f in findings.findings for c in f.cells}
    assert outputs == {"share", "share_all", "median", "cox", "cif", "snapshot"}
    hr = next(f for f in findings.findings if any(c.output == "cox" for c in f.cells))
    ratios = shown["cox"].attrs["release"].table
    trajectories = ratios[(ratios["variable"] == "trajectory") & ~ratios["reference"].astype(bool)]
    furthest = trajectories["ratio"].astype(float).map(np.log).abs().idxmax()
    assert hr.cells[0].row == furthest
    assert ("artikel 60" if language == "nl" else "art. 60") in texts
    for finding in findings.findings:
        assert not re.search(r"\d\.\d" if language == "nl" else r"\d,\d(?!\d\d)", finding.text), finding.text
        assert not any(name in finding.text for name in RAW_NAMES), finding.text
    caveats = " ".join(findings.caveats)
    assert ("synthetische" if language == "nl" else "synthetic") in caveats
    assert ("december 2021" if language == "nl" else "December 2021") in caveats


def test_a_hidden_cell_leaves_its_finding_out(shown):
    language = shown["language"]
    shares = shown["shares"].copy()
    release = copy.copy(shares.attrs["release"])
    overall = copy.copy(release.parts["share_all"])
    overall.hidden = overall.hidden | {("all", "s12")}
    release.parts = {**release.parts, "share_all": overall}
    shares.attrs["release"] = release
    findings = study.key_findings(KeyFindings("survival", language), facts=shown["facts"], shares=shares)
    assert [c.output for f in findings.findings for c in f.cells] == ["share"] * 6
    # a table the data cannot support (an Unavailable) gives no finding; the caveats stay
    none = study.key_findings(KeyFindings("survival", language), facts=shown["facts"], shares=None,
                              median=Unavailable("too_few_persons"), ratios=Unavailable("no_rows"))
    assert none.findings == [] and len(none.caveats) == 3


# --------------------------------------------------------------------------- numbers, labels, texts
def _cells(table: pd.DataFrame) -> list[str]:
    return [str(v) for v in table.to_numpy().ravel() if isinstance(v, str)]


def test_tables_write_numbers_intervals_and_p_values_as_the_language_does(shown):
    language = shown["language"]
    point = r"\d\.\d" if language == "nl" else r"\d,\d(?!\d\d)"
    for name in ("shares", "median", "cox", "period", "ph", "logrank", "cif", "gray", "fine_gray", "rmst"):
        table = shown[name]
        category = [c for c in table.columns if c in (text("survival.col.category", language),
                                                      text("survival.col.trajectory", language))]
        cells = _cells(table.drop(columns=category))
        assert not [c for c in cells if re.search(point, c)], (name, cells[:5])
        # an interval is kept on one line, and so is a p-value below 0.001
        assert not [c for c in cells if " – " in c or "< 0" in c], name
    assert any("\u2013\u2060" in c for c in _cells(shown["shares"]))
    p = text("survival.col.p", language)
    assert "<\u00a0" + formats.number(0.001, 3, language) in set(shown["logrank"][p])


def test_the_reference_of_a_difference_is_no_ratio(shown):
    language = shown["language"]
    rmst = shown["rmst"]
    difference = rmst[text("survival.col.rmst_difference", language)]
    assert text("survival.reference.difference", language) in set(difference)
    assert not any(str(v).startswith("1 (") for v in difference)
    assert text("survival.reference", language) in set(shown["cox"][text("survival.col.hr", language)])


def test_notes_and_readings_are_plain_text(shown):
    language = shown["language"]
    assert "*" not in shown["median_note"]
    assert text("survival.not_reached", language) in shown["median_note"]
    sentence = study.adjusted_text(COVARIATES, language) + " " + shown["changes"]
    assert not any(re.search(rf"\b{name}\b", sentence) for name in RAW_NAMES), sentence
    for variable in ("sex", "household", "education"):
        heading = study.variable_label(variable, language)
        assert heading.lower() in sentence.lower()


def test_one_label_per_category_and_variable(shown):
    from evalkit.publish import labels

    language = shown["language"]
    for variable in ("trajectory", "sex", "household", "age_group", "education", "intake_period"):
        assert study.variable_label(variable, language) == labels.VARIABLES[variable][language]
    assert study.variable_label("nt2_group", language) == labels.VARIABLES["nt2_level_at_intake"][language]
    # the study keeps no label of its own for a shared variable
    own = study.TEXTS.table("variables", language)
    assert not set(own) & (set(labels.VARIABLES) | {"nt2_group"})
    short = {labels.LABELS["trajectory_short"][code][language] for code in study.TRAJECTORIES}
    rows = set(shown["median"][text("survival.col.trajectory", language)])
    assert rows <= short
    # a comparison names each trajectory in a column of its own, by its shared label
    logrank = shown["logrank"]
    assert set(logrank[text("survival.col.trajectory", language)].iloc[1:]) <= short
    assert set(logrank[text("survival.col.against", language)].iloc[1:]) <= short


DUTCH_WITHOUT_ENGLISH = ("at risk", "intention to treat", "as treated", "vs.", "df", "spells", "snapshot")


def test_dutch_texts_hold_no_english_term_and_no_decimal_point():
    catalogue = study.TEXTS
    for key in catalogue.keys("nl"):
        value = catalogue._entries("nl")[key]
        values = value.values() if isinstance(value, dict) else [value]
        for v in values:
            assert not any(term == v or f" {term} " in f" {v} " for term in DUTCH_WITHOUT_ENGLISH), (key, v)
            assert not re.search(r"\d\.\d", v), (key, v)
            assert not re.search(r"\d{4}-\d{2}-\d{2}", v), (key, v)


#: Texts of the technical appendix (and the labels of its tables): the only ones that may name a method.
APPENDIX = ("methods", "logrank.", "cox.table.", "cox.caption", "cox.definition", "ph.", "period.", "global",
            "cif.tests.", "cif.gray.", "finegray.", "snapshot.method.", "snapshot.definition", "glossary",
            "figure.forest_shr.", "col.verdict", "col.shr", "col.chi2", "col.df", "axis.shr", "variables")


def test_the_main_text_names_no_method():
    """Method names stay in the technical appendix: the texts of the main text (and the findings) hold none."""
    methods = ("Turnbull", "Fine-Gray", "Schoenfeld", "Efron", "cox.zph", "Aalen-Johansen", "Kaplan-Meier",
               "proportionele hazards", "proportional hazards", "log-rank", "logrank", "RMST", "Cox", "Gray")
    main = [k for k in study.TEXTS.keys("nl") if not k.startswith(APPENDIX)]
    assert {"title", "km.intro", "cox.intro", "finding.share", "caveat.confounding", "design.yearly"} <= set(main)
    for language in ("nl", "en"):
        for key in main:
            value = study.TEXTS._entries(language)[key]
            assert not any(m.lower() in str(value).lower() for m in methods), (language, key, value)


# --------------------------------------------------------------------------- figures
def test_figures_fit_the_page_with_a_title_an_alt_text_and_readable_legends(shown):
    from evalkit.publish.display import _ALT, figure_title

    for name in ("km_figure", "forest", "cif_figure", "snapshot_figure"):
        fig = shown[name]
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", bbox_inches="tight")
        width = float(re.search(r'width="([0-9.]+)pt"', buffer.getvalue()).group(1)) / 72
        assert width <= 8.0, (name, width)
        assert figure_title(fig), name
        alt = getattr(fig, _ALT, None)
        assert alt and alt != figure_title(fig), name
        legends = fig.legends + [ax.get_legend() for ax in fig.axes if ax.get_legend() is not None]
        for legend in legends:
            assert all(t.get_fontsize() >= 9 for t in legend.get_texts()), name
            assert legend.get_texts()[0].get_fontsize() == LEGEND_SIZE
        # no axis draws a number with a decimal point in Dutch
        if shown["language"] == "nl":
            ticks = [t.get_text() for ax in fig.axes if ax.axison
                     for t in ax.get_xticklabels() + ax.get_yticklabels()]
            assert not [t for t in ticks if re.search(r"\d\.\d", t) and "NT2" not in t and "1.1" not in t], ticks
    # the kinds of first job: no more than two panels side by side
    cif = shown["cif_figure"]
    columns = {round(ax.get_position().x0, 2) for ax in cif.axes if ax.axison}
    assert len(columns) <= 2
