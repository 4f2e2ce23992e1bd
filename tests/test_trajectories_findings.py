"""The trajectory report as a committee reads it: key findings made from the tables it shows (a hidden
cell leaves its finding out), numbers and labels as the language writes them, figures that fit the page."""
from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from evalkit import formats  # noqa: E402
from evalkit.publish import display, sdc  # noqa: E402
from evalkit.publish.findings import KeyFindings, numbers_in  # noqa: E402
from evalkit.publish.sdc import Released  # noqa: E402
from evalkit.registry import load_registry  # noqa: E402
from evalkit.stats import sequences  # noqa: E402
from evalkit.studies import trajectories as tr  # noqa: E402

_DECIMAL_POINT = re.compile(r"(?<![\d.])\d+\.(?!\d{3}(?!\d))\d+")
_DECIMAL_COMMA = re.compile(r"(?<![\d,])\d+,(?!\d{3}(?!\d))\d+")


@pytest.fixture(scope="module")
def bundled():
    registry = load_registry("synthetic")
    frame = tr.analysis_frame(registry)
    itt = tr.compare_trajectories(frame, n_boot=20, seed=1)
    as_treated = tr.compare_trajectories(frame, group="realised_trajectory", n_boot=20, seed=1)
    return registry, frame, itt, as_treated


@pytest.fixture(scope="module", params=["nl", "en"])
def report(request, bundled):
    """The tables the report shows, released in the notebook's order, in one language."""
    language = request.param
    registry, frame, itt, as_treated = bundled
    sdc.reset()
    u = tr.default_universe(frame, 10, language)
    effects = tr.effects_table(itt, language, shares=tr.job_shares_table(itt, frame, language, 10, u))
    changes = tr.change_table(frame, language=language, min_cell_size=10, u=u)
    realised = tr.effects_table(as_treated, language, shares=tr.job_shares_table(as_treated, frame, language, 10, u))
    out = {"language": language, "effects": effects, "summaries": tr.effect_summaries(effects, language),
           "itt_at": tr.itt_at_table(effects, realised, language=language), "changes": changes}
    sdc.reset()
    return out


def _findings(report, synthetic=True, summaries=None):
    language = report["language"]
    return tr.key_findings(KeyFindings("trajectories", language), summaries or report["summaries"],
                           report["itt_at"], report["changes"], "lineair", synthetic, "2021-12-31", language)


def _source(report, c) -> pd.DataFrame:
    """The table a cell of a finding names: the released table of its output, or the table shown
    under its caption."""
    language = report["language"]
    if c.output:
        assert c.output == report["changes"].source.output
        return report["changes"].source.table
    tables = {tr.summary_caption(h, language): t.table for h, t in report["summaries"].items()}
    tables[tr.itt_at_caption(report["itt_at"], language)] = report["itt_at"].table
    return tables[c.caption]


def test_three_to_six_findings_then_two_or_three_caveats(report):
    found = _findings(report)
    assert 3 <= len(found.findings) <= 6 and len(found.caveats) == 3
    assert tr.TEXTS.text("caveat.synthetic", report["language"]) in found.caveats
    on_real_data = _findings(report, synthetic=False).caveats
    assert tr.TEXTS.text("caveat.synthetic", report["language"]) not in on_real_data and len(on_real_data) == 3
    sections = {tr.TEXTS.text(k, report["language"]).lstrip("# ") for k in ("effects.heading", "itt.heading")}
    assert {f.section for f in found.findings} <= sections


def test_every_number_of_a_finding_is_a_cell_of_a_shown_table(report):
    language = report["language"]
    wrong = _DECIMAL_POINT if language == "nl" else _DECIMAL_COMMA
    checked = 0
    for finding in _findings(report).findings:
        allowed = {s for c in finding.cells for s in c.shown} | set(finding.given)
        for token in numbers_in(finding.text):
            assert token in allowed, (token, finding.text)
        assert not wrong.findall(finding.text) and not re.search(r"\d{4}-\d{2}-\d{2}", finding.text)
        for c in finding.cells:
            raw = _source(report, c).at[c.row, c.column]
            value = formats.parse_number(numbers_in(raw)[c.part], language) if c.part is not None else float(raw)
            assert value == pytest.approx(c.value)
            for shown in c.shown:  # with the decimals the table shows them
                assert shown == formats.number(value, 1, language)
                checked += 1
    assert checked >= 10


def test_a_hidden_cell_leaves_its_finding_out_or_takes_an_earlier_horizon(report):
    language = report["language"]
    found = _findings(report)
    activation = tr.trajectory_label("geintegreerd_activering", language)
    effect = next(f for f in found.findings if f.text.startswith(activation + ":"))
    # its share at 24 months is hidden on the bundled registry: the finding is the one at 12 months
    assert report["summaries"][24].table.at[activation, tr.TEXTS.text("summary.trajectory", language)] == sdc.MARKER
    assert effect.given[0] == "12" and effect.cells[0].caption == tr.summary_caption(12, language)
    # with every cell of a comparison hidden, it has no finding at all
    hidden = {}
    for h, t in report["summaries"].items():
        table = t.table.astype(object).copy()
        table.loc[activation] = sdc.MARKER
        hidden[h] = Released(table, t.note, t.hidden | {(activation, c) for c in table.columns}, t.output)
    texts = [f.text for f in _findings(report, summaries=hidden).findings]
    assert not any(t.startswith(activation + ":") for t in texts) and len(texts) == len(found.findings) - 1


def test_the_comparison_by_trajectory_followed_is_a_finding_in_plain_words(report):
    language = report["language"]
    found = _findings(report)
    itt_at = next(f for f in found.findings if f.cells[0].caption == tr.itt_at_caption(report["itt_at"], language))
    assert {c.column for c in itt_at.cells} == {tr.TEXTS.text("itt_at.col.itt", language),
                                                tr.TEXTS.text("itt_at.col.at", language)}
    if language == "nl":
        assert "treat" not in itt_at.text.lower()
    changes = next(f for f in found.findings if f.cells[0].output == "changes")
    assert [c.column for c in changes.cells] == ["by_24", "by_24"] and changes.cells[0].row == tr.trajectory_label("lineair", language)


def test_texts_and_tables_write_numbers_and_names_as_the_language_does(report, bundled):
    language = report["language"]
    _, frame, itt, _ = bundled
    sep = "," if language == "nl" else "."
    ci = report["effects"].table[tr.TEXTS.text("col.adjusted_ci", language)]
    assert all(v == sdc.MARKER or re.fullmatch(rf"-?\d+\{sep}\d\u2013\u2060-?\d+\{sep}\d", v) for v in ci)
    reading = tr.effects_reading(itt, language, report["effects"])
    assert not (_DECIMAL_POINT if language == "nl" else _DECIMAL_COMMA).findall(reading)
    names = tr.covariate_names(tr.COVARIATES, language)
    assert not re.search(r"\b[a-z0-9]+_[a-z0-9_]+\b", names) and "nt2" not in names
    assert tr.balance_reading(itt, language).count(tr.variable_label("nt2_group", language)[1:]) == 1


def test_figures_fit_the_page_with_a_title_readable_legends_and_alt_text(bundled):
    registry, frame, itt, as_treated = bundled
    sdc.reset()
    display.setup("nl")
    u = tr.default_universe(frame, 10, "nl")
    transitions = tr.transition_table(frame, "nl", 10, u)
    seq = sequences.monthly_states(registry, frame, months=36)
    shares = tr.chronogram_shares(seq, frame.set_index("intake_id")["trajectory"], 10, "nl", u)
    figures = {"love": tr.plot_love(itt, "nl", frame), "overlap": tr.plot_overlap(itt, "nl"),
               "curves": tr.plot_adjusted_curves(itt, "nl"), "incidence": tr.plot_incidence(itt, "nl"),
               "itt_at": tr.plot_itt_vs_as_treated(itt, as_treated, language="nl"),
               "flow": tr.plot_flow(transitions, "nl"),
               "chronogram": tr.plot_chronogram(shares, "nl", {"lineair": "Lineair"})}
    for name, fig in figures.items():
        assert fig.get_size_inches()[0] <= 8, name
        assert display.figure_title(fig), name
        legends = [ax.get_legend() for ax in fig.axes if ax.get_legend()] + list(fig.legends)
        assert all(t.get_fontsize() >= 9 for legend in legends for t in legend.get_texts()), name
        assert tr.TEXTS.has(f"figure.{name}.alt"), name
        # no more than two panels side by side
        columns = {round(ax.get_position().x0, 2) for ax in fig.axes if ax.get_visible() and ax.has_data()}
        assert len(columns) <= (3 if name == "incidence" else 2), (name, columns)
    # a level into which rare levels were merged says so
    ticks = [t.get_text() for t in figures["love"].axes[0].get_yticklabels()]
    assert any("kleine groepen" in t for t in ticks)
    plt.close("all")
    sdc.reset()
