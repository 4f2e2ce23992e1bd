"""The profile report as a steering committee reads it: key findings made from the tables it shows,
numbers as the language writes them, one label per category, figures that fit the page, and a main
text without the technical parts (they are in the appendix).

Every number of every key finding must be a cell of a released table (written with no more decimals
than the table shows) or a number of the question (the 12 months, the 95 of the interval, the date);
a hidden cell leaves its finding out.
"""
from __future__ import annotations

import re
from dataclasses import replace

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from evalkit import formats  # noqa: E402
from evalkit.publish import display, sdc  # noqa: E402
from evalkit.publish import labels as shared  # noqa: E402
from evalkit.publish.findings import KeyFindings, numbers_in  # noqa: E402
from evalkit.registry import load_registry  # noqa: E402
from evalkit.studies import profiles, text  # noqa: E402
from evalkit.studies.profiles import findings as study_findings  # noqa: E402
from evalkit.studies.profiles import release as rel  # noqa: E402
from evalkit.studies.profiles.figures import LEGEND_SIZE, MAX_WIDTH  # noqa: E402
from evalkit.studies.profiles.labels import TEXTS  # noqa: E402
from evalkit.studies.profiles.tables import DECIMALS  # noqa: E402

#: Column names of the registry and folder names that the report never shows.
RAW_NAMES = ("sex", "household", "age_group", "education", "nt2_group", "intake_period", "origin_region",
             "any_job", "synthetic_registry", "gezin_ten_laste", "jongerentraject_esf", "laag|geen")
#: Method names that belong in the technical appendix, not in the main text.
TECHNICAL = ("Holm", "Wald", "Efron", "cox.zph", "Cox", "logistische regressie", "logistic regression", "Hosmer",
             "AUC", "Kaplan-Meier", "deltamethode", "delta method", "marginaal effect", "marginal effect", "glm",
             "coxph", "odds ratio", "likelihood")


@pytest.fixture(autouse=True)
def fresh():
    sdc.reset()
    yield
    sdc.reset()
    plt.close("all")


@pytest.fixture(scope="module")
def bundled():
    registry = load_registry("synthetic")
    data = profiles.profile_data(registry)
    analysis, merges = profiles.prepare(data)
    status, first_job = profiles.status_model(analysis), profiles.first_job_model(analysis)
    units = profiles.registry_units(registry, data, analysis)
    return registry, data, analysis, merges, status, first_job, units


def report(bundled, language):
    """The tables of the report that the key findings cite, in the notebook's order, then its findings."""
    registry, data, analysis, merges, status, first_job, units = bundled
    sdc.reset()
    display.setup(language)
    profiles.present_description(analysis, language=language, merges=merges, units=units)
    for model in (status, first_job):
        profiles.present_estimates(model, language, 10, merges, units=units)
    found = profiles.key_findings(KeyFindings("profiles", language), status, first_job, analysis, language=language,
                                  units=units, registry=registry, synthetic=True)
    return found


def _released_parts(bundled, language):
    registry, data, analysis, merges, status, first_job, units = bundled
    parts = {}
    for released in (profiles.released_description(analysis, units=units, language=language),
                     profiles.released_estimates(status, units=units, language=language),
                     profiles.released_estimates(first_job, units=units, language=language)):
        parts.update({p.output: p for p in released.parts.values()})
    return parts


def _decimals(shown: str, language: str) -> int:
    sep = "," if language == "nl" else "."
    return len(shown.rsplit(sep, 1)[1]) if sep in shown else 0


# ------------------------------------------------------------------------------------ key findings
@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_number_of_a_key_finding_is_a_cell_of_a_released_table(bundled, language):
    found = report(bundled, language)
    parts = _released_parts(bundled, language)
    assert 3 <= len(found.findings) <= 6 and 2 <= len(found.caveats) <= 3
    headings = {study_findings.heading(k, language) for k in ("description.heading", "status.heading",
                                                               "first_job.heading")}
    for finding in found.findings:
        assert finding.section in headings
        allowed = {s for c in finding.cells for s in c.shown} | set(finding.given)
        for token in numbers_in(finding.text):
            assert token in allowed, (token, finding.text)
        for cell in finding.cells:
            assert "+" not in cell.output and cell.output in parts, cell.output  # the CSV of one released table
            released = parts[cell.output]
            value = released.value(cell.row, cell.column)
            assert value is not None and float(value) == pytest.approx(cell.value)
            (shown,) = cell.shown
            decimals = DECIMALS.get(cell.column.removesuffix("_lower").removesuffix("_upper"), 1)
            assert _decimals(shown, language) == decimals, (shown, cell.column)
            assert formats.parse_number(shown, language) == pytest.approx(round(cell.value, decimals))


def test_the_findings_name_the_strongest_characteristics_in_plain_words(bundled):
    found = report(bundled, "nl")
    texts = [f.text for f in found.findings]
    # the synthetic registry: women find a first job much more slowly, and are less often at work
    assert any("12 maanden" in t and "*Vrouw* (geslacht)" in t for t in texts)
    assert any("trager een eerste job" in t and "95\u00a0%-BI" in t for t in texts)
    assert any(t.startswith("Op 31 maart 2020") and "procentpunten" in t for t in texts)
    for t in texts:
        assert not any(re.search(rf"\b{re.escape(name)}\b", t) for name in RAW_NAMES), t
        assert "hazard ratio" not in t.lower() and "odds" not in t.lower()
    assert found.caveats[-1].startswith("**Synthetische gegevens.**")
    assert "31 december 2021" in found.caveats[1]  # the follow-up ends at the extraction date, in words


def test_english_findings_write_english_numbers(bundled):
    found = report(bundled, "en")
    joined = " ".join(f.text for f in found.findings)
    assert "95% CI" in joined and "0.24" in joined and "31 March 2020" in joined
    assert not re.search(r"\d,\d", joined)


def test_a_hidden_cell_leaves_its_finding_out(bundled, monkeypatch):
    registry, data, analysis, merges, status, first_job, units = bundled
    real = study_findings.released_description

    def hiding(*args, **kwargs):
        released = real(*args, **kwargs)
        hidden = released.hidden | {("sex=vrouw", "pct_job_12m")}
        return replace(released, hidden=hidden, parts={row: replace(part, hidden=part.hidden | hidden)
                                                       for row, part in released.parts.items()})

    full = report(bundled, "nl")
    monkeypatch.setattr(study_findings, "released_description", hiding)
    sdc.reset()
    fewer = profiles.key_findings(KeyFindings("profiles", "nl"), status, first_job, analysis, units=units,
                                  registry=registry, synthetic=True)
    assert len(fewer.findings) == len(full.findings) - 1
    assert not any("12 maanden" in f.text for f in fewer.findings)


def test_a_model_that_could_not_be_estimated_gives_no_finding_of_its_own(bundled):
    registry, data, analysis, merges, status, first_job, units = bundled
    from evalkit.publish.degrade import Unavailable

    found = profiles.key_findings(KeyFindings("profiles", "en"), Unavailable("no_snapshots"), first_job, analysis,
                                  language="en", units=units, registry=registry)
    assert found.findings and not any("at work" in f.text for f in found.findings)
    assert found.caveats[-1].startswith("**Trajectories were not assigned at random.**")


# ------------------------------------------------------------------------------------ labels
def test_categories_take_the_shared_labels(bundled):
    registry, data, analysis, merges, status, first_job, units = bundled
    assert not [k for k in TEXTS.keys() if k.startswith("category.")]  # no study-local category labels
    for language in ("nl", "en"):
        assert profiles.variable_label("nt2_group", language) == shared.VARIABLES["nt2_level_at_intake"][language]
        for variable in ("sex", "household", "age_group", "nt2_group", "education", "intake_period"):
            own = shared.category_labels(variable, language)
            for code in analysis[variable].unique():
                first, *rest = str(code).split("|")
                expected = shared.merged_label(own[first], language) if rest else own[first]
                assert profiles.category_label(variable, code, language) == expected
    assert profiles.category_label("nt2_group", "2.x+", "nl") == "NT2 2.1 of hoger"
    assert profiles.category_label("education", "laag|geen", "nl") == shared.merged_label("Laaggeschoold", "nl")
    assert profiles.category_label("trajectory", "geintegreerd_vdab", "nl") == \
        shared.category_labels("trajectory_short", "nl")["geintegreerd_vdab"]


# ------------------------------------------------------------------------------------ locale
def test_tables_write_numbers_as_the_language_does(bundled):
    registry, data, analysis, merges, status, first_job, units = bundled
    nl, _ = profiles.present_estimates(first_job, "nl", units=units)
    en, _ = profiles.present_estimates(first_job, "en", units=units)
    women_nl = nl[nl.iloc[:, 0].str.strip() == "Vrouw"].iloc[0]
    women_en = en[en.iloc[:, 0].str.strip() == "Woman"].iloc[0]
    plain = str.maketrans({"\u00a0": " ", "\u2060": ""})
    assert women_nl.iloc[4].translate(plain) == "0,24 (0,20–0,28)" and women_nl.iloc[5] == "<\u00a00,001"
    assert women_en.iloc[4].translate(plain) == "0.24 (0.20–0.28)" and women_en.iloc[5] == "<\u00a00.001"
    tests, _ = profiles.present_tests(first_job, "nl")
    checks, _ = profiles.present_checks(status, first_job, language="nl")
    description, _ = profiles.present_description(analysis, language="nl", merges=merges, units=units)
    for table in (nl, tests, checks, description):
        cells = " ".join(str(v) for v in table.iloc[:, 1:].to_numpy().ravel())
        assert not re.search(r"\d\.\d", cells), cells[:200]
    assert re.search(r"\d,\d", " ".join(description.iloc[:, 2].astype(str)))


def test_texts_write_numbers_and_dates_as_the_language_does(bundled):
    registry, data, analysis, merges, status, first_job, units = bundled
    reading = profiles.data_reading(registry, data, analysis, "COB", "nl", units)
    assert "31 december 2021" in reading and "50,2\u00a0%" in reading and "het meegeleverde synthetische register" in reading
    assert "synthetic" not in reading and "2021-12-31" not in reading
    intro = profiles.intro("nl", "2020-03-31")
    assert "28,8\u00a0%" in intro and "55,8\u00a0%" in intro and "31 maart 2020" in intro
    assert "28.8%" in profiles.intro("en") and "31 March 2020" in profiles.intro("en")
    values = profiles.reading_values(status, "sex", "vrouw", "nl", units=units)
    assert values["raw"] == formats.number(values_raw(status), 1, "nl")
    assert profiles.checks_values(status, first_job, "nl")["hl_p"].startswith("= 0,")


def values_raw(status):
    est = status.estimates
    return est.query("model == 'raw' and variable == 'sex' and category == 'vrouw'")["ame"].item()


def test_no_decimal_point_or_iso_date_in_the_dutch_catalogue():
    for key in TEXTS.keys("nl"):
        entry = TEXTS._entries("nl")[key]
        for value in (entry.values() if isinstance(entry, dict) else [entry]):
            assert not re.search(r"\d\.\d", value), (key, value)
            assert not re.search(r"\d{4}-\d{2}-\d{2}", value), (key, value)


# ------------------------------------------------------------------------------------ figures
@pytest.mark.parametrize("language", ["nl", "en"])
def test_figures_fit_the_page_with_titles_and_readable_legends(bundled, language):
    registry, data, analysis, merges, status, first_job, units = bundled
    em = [profiles.effect_modification(analysis, kind, ["sex", "nt2_group"]) for kind in ("first_job", "status")]
    figures = [profiles.plot_forest(status, language, units=units), profiles.plot_forest(first_job, language, units=units),
               profiles.plot_calibration(status, language, units=units),
               profiles.plot_effect_modification(em, "sex", language),
               profiles.plot_effect_modification(em, "nt2_group", language)]
    for fig in figures:
        assert fig.get_figwidth() <= MAX_WIDTH + 1e-9
        assert display.figure_title(fig)
        for legend in fig.legends + [ax.get_legend() for ax in fig.axes if ax.get_legend()]:
            assert all(t.get_fontsize() >= 9 for t in legend.get_texts())
    fig = figures[1]  # hazard ratios on a log axis: tick labels as the language writes them
    fig.canvas.draw()
    ticks = [t.get_text() for t in fig.axes[0].get_xticklabels() if t.get_text()]
    assert ("0,5" if language == "nl" else "0.5") in ticks
    assert display.figure_title(figures[0]) == TEXTS.text("figure.status.title", language)


def test_every_figure_has_an_alt_text_in_the_catalogue():
    for name in ("status", "first_job", "modification", "calibration"):
        for language in ("nl", "en"):
            assert TEXTS.has(f"figure.{name}.alt", language) and TEXTS.has(f"figure.{name}.title", language)


# ------------------------------------------------------------------------------------ the rendered report
def _main_and_appendix(page: str) -> tuple[str, str]:
    body = page.split("<body", 1)[-1]
    body = re.sub(r'<footer class="evalkit-provenance">.*?</footer>', " ", body, flags=re.S)
    main, _, appendix = body.partition('<div class="evalkit-appendix-start">')
    return main, appendix


def _plain(fragment: str) -> str:
    import html

    fragment = re.sub(r"<(style|script|svg)\b.*?</\1>", " ", fragment, flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment)))


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_report_reads_findings_first_and_keeps_the_technical_parts_for_the_appendix(bundled_reports, language):
    from evalkit.publish import findings as key

    folder = bundled_reports("profiles", language)
    page = (folder / "profiles.html").read_text("utf-8")
    main, appendix = _main_and_appendix(page)
    assert appendix, "no technical appendix"
    # the title, then the key findings, then the sections
    findings_at = main.index('class="evalkit-findings"')
    assert len(re.findall(r"<h[1-6]\b", main[:findings_at])) == 1
    found = key.read(folder)["profiles"]
    assert 3 <= len(found["findings"]) <= 6 and found["headline"]
    for f in found["findings"]:
        assert f'href="#{f["anchor"]}"' in main and f'id="{f["anchor"]}"' in main
    text_main = _plain(main)
    hits = [t for t in TECHNICAL if re.search(rf"\b{re.escape(t)}\b", text_main, flags=re.I)]
    assert not hits, hits
    for heading in ("checks.heading", "missing.heading", "modification.technical_heading", "methods.heading",
                    "details.heading"):
        assert text(f"profiles.{heading}", language).lstrip("# ") in _plain(appendix)
    # two figures in the main text (the forest plots), their tables, the effect modification and calibration in
    # the appendix
    for caption in (text("profiles.status.caption", language, snapshot_date="2020-03-31"),
                    text("profiles.first_job.caption", language)):
        assert caption in _plain(appendix) and caption not in _plain(main)
    assert len(re.findall(r"<img\b", main)) == 2 and len(re.findall(r"<img\b", appendix)) == 7 + 1
    alts = re.findall(r'<img\b[^>]*\balt="([^"]+)"', page)
    assert len(alts) == 10 and len(set(alts)) == 10  # each figure its own alternative text
    # no column or folder names (in English "sex" and "education" are also the words themselves)
    for name in RAW_NAMES if language == "nl" else [n for n in RAW_NAMES if "_" in n or "|" in n]:
        assert not re.search(rf"(?<![\w/.-]){re.escape(name)}(?![\w/-])", _plain(main + appendix)), name
