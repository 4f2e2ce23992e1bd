"""The art. 60 study rendered end to end: the state-occupation figure, durable employment under
several definitions and the landmark comparison; no code, no small counts, no identifiers; a report a
steering committee reads (docs/reports.md): key findings first, plain main text, methods in the appendix."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from evalkit import formats
from evalkit.publish import findings as key_findings
from evalkit.publish import labels
from evalkit.registry import synth
from evalkit.publish.runner import render
from evalkit.publish.sdc.integrity import html_tables

#: Column headers (Dutch and English) whose cells are counts of persons or jobs.
COUNT_HEADERS = {"Cliënten", "Met artikel 60", "Artikel 60-jobs", "Afgelopen artikel 60-jobs", "Personen", "N",
                 "N met artikel 60", "N zonder (nog)", "% van de cliënten met artikel 60", "Clients", "With art. 60",
                 "Art. 60 jobs", "Art. 60 jobs that ended", "Persons", "N with art. 60", "N without (yet)"}
#: Row labels whose cells are counts.
COUNT_ROWS = {"Nog gevolgd (N)", "Still followed (N)"}


_tables = html_tables


@pytest.fixture(scope="module")
def runs(tmp_path_factory, bundled_reports):
    out = tmp_path_factory.mktemp("reports")
    small = synth.write_synthetic_registry(tmp_path_factory.mktemp("data") / "small", n=200, seed=4)
    dutch = bundled_reports("art60")  # shared with the other report tests
    english = render("art60", data=small, out=out, run_name="en_small",
                     parameters=["language=en", "n_boot=50"]).parent
    return {"nl": (dutch, synth.default_registry_path()), "en": (english, small)}


def _html(runs, key):
    return (runs[key][0] / "art60.html").read_text("utf-8")


def test_acceptance_content(runs):
    nl, en = _html(runs, "nl"), _html(runs, "en")
    for html, words, bias in ((nl, ("De situatie 3, 6, 12 en 24 maanden later", "Duurzame tewerkstelling",
                                    "Een reguliere job na het peilmoment", "TWE-traject"), "onsterfelijke tijd"),
                              (en, ("The situation 3, 6, 12 and 24 months later", "Durable employment",
                                    "A regular job after the landmark", "TWE trajectory"), "immortal time bias")):
        for word in words:
            assert word in html
        # the naive comparison and its bias are explained, in the technical appendix
        assert html.index(bias) > html.index('<div class="evalkit-appendix-start">')
        # the figures (use of art. 60, stacked state occupation, regular job, by employer) are in
        assert html.count("<img") >= 4
    durable = next(t for t in _tables(nl) if t[0][0] == "Indicator")
    definitions = {"Job van ≥ 365 dagen", "Contract onbepaalde duur", "≥ 80 % van de dagen werk in 12 mnd"}
    assert definitions <= set(durable[0])
    landmark = next(t for t in _tables(nl) if t[0][0] == "Uitkomst na het peilmoment")
    assert any(row[0].startswith("Peilmoment 12") for row in landmark)
    assert any(row[0].startswith("Peilmoment 18") for row in landmark)


def test_no_code_and_no_traceback(runs):
    for key in runs:
        html = _html(runs, key)
        for fragment in ("load_registry(", "art60.follow(", "display.setup(", "Traceback"):
            assert fragment not in html


def test_no_count_below_the_threshold_and_no_identifiers(runs):
    checked = 0
    for key, (run, data) in runs.items():
        html = _html(runs, key)
        ids = set(pd.read_csv(data / "persons.csv")["person_id"]) | set(pd.read_csv(data / "intakes.csv")["intake_id"])
        assert not any(i in html for i in ids)
        for table in _tables(html):
            header = table[0]
            for row in table[1:]:
                for name, cell in zip(header, row):
                    if (name in COUNT_HEADERS or row[0] in COUNT_ROWS) and re.fullmatch(r"\d+", cell):
                        checked += 1
                        assert not 1 <= int(cell) < 10, f"{name} = {cell} in {row}"
    assert checked > 40  # the test looks at real counts (fewer are shown since cells that would reveal others are hidden)
    assert "<td>x</td>" in _html(runs, "en")  # the small registry needs suppression
    assert "&lt;10" not in _html(runs, "en") and "&lt;10" not in _html(runs, "nl")


def _text(html: str) -> str:
    import html as html_lib

    html = re.sub(r"<(style|script|svg)\b.*?</\1>", " ", html, flags=re.S)
    return html_lib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def test_the_report_opens_with_its_key_findings(runs):
    """Title, then the key findings (each pointing to its section, each number a cell of a table shown),
    then the caveats; the longer texts follow."""
    run = runs["nl"][0]
    html = _html(runs, "nl")
    found = key_findings.read(run)["art60"]
    start = re.search(r'<section[^>]*class="evalkit-findings"', html).start()
    assert html.index("Duurzaamheid van tewerkstelling onder artikel 60</h1>") < start < html.index("Een artikel 60-job is")
    sections = [f["section"].lstrip("# ") for f in found["findings"]]
    assert sections == ["1. Inzet van artikel 60", "1. Inzet van artikel 60", "2. Waar gaan mensen heen na artikel 60?",
                        "De situatie 3, 6, 12 en 24 maanden later",
                        "3. Duurzame tewerkstelling: definities naast elkaar",
                        "5. Vergeleken met wat? Cliënten met en zonder artikel 60"]
    assert len(found["caveats"]) == 3 and found["headline"]["alt"].startswith("Gestapelde vlakken")
    tables = run / "disclosure" / "tables" / "art60"
    for f in found["findings"]:
        assert f'id="{f["anchor"]}"' in html
        assert not re.search(r"\d\.\d", f["text"]) and not re.search(r"\d{4}-\d{2}-\d{2}", f["text"])
        allowed = {s for c in f["cells"] for s in c["shown"]} | set(f["given"])
        assert set(key_findings.numbers_in(f["text"])) <= allowed, f["text"]
        for c in f["cells"]:
            if not c["output"]:  # the landmark difference: a cell of the table shown under its caption
                assert c["caption"] == "Een reguliere job na het peilmoment: artikel 60 gestart vóór het peilmoment of niet"
                continue
            released = pd.read_csv(tables / f"{c['output']}.csv", index_col=0, dtype=str, keep_default_na=False)
            raw = released.at[c["row"], c["column"]]  # a number, or a text with numbers in Dutch (an interval)
            value = float(raw) if c["part"] is None else formats.parse_number(key_findings.numbers_in(raw)[c["part"]])
            assert abs(value - c["value"]) < 1e-9, (c, raw)
    occupation = found["findings"][3]["cells"][0]
    assert (occupation["output"], occupation["row"], occupation["column"]) == ("occupation", "regulier_werk@12", "value")


def test_plain_main_text_and_a_technical_appendix(runs):
    for key, heading in (("nl", "Technische bijlage"), ("en", "Technical appendix")):
        html = _html(runs, key)
        main, appendix = html.split('<div class="evalkit-appendix-start">', 1)
        assert heading in appendix and ("Definities" if key == "nl" else "Definitions") in _text(main)
        for word in ("Aalen-Johansen", "Gray", "bootstrap", "ATT", "immortal", "lock-in", "propensity", "seed"):
            assert word not in _text(re.split(r'<section[^>]*class="evalkit-findings"', main, 1)[1]), (key, word)
        assert "Aalen-Johansen" in appendix and ("Verklarende woordenlijst" if key == "nl" else "Glossary") in appendix
    nl = _text(_html(runs, "nl").split('<footer class="evalkit-provenance">')[0])
    assert "synthetic_registry" not in nl and "het meegeleverde synthetische register" in nl
    for english in ("immortal time", "lock-in", "landmark", "propensity"):
        assert english not in nl.lower(), english


def test_one_number_of_days_and_one_label_per_category(runs):
    nl = _html(runs, "nl")
    # the next situation: the parameter's 31 days in the table, its note and the definitions
    assert nl.count("binnen 31 dagen") >= 3 and "32 dagen" not in nl
    household = labels.category_labels("household", "nl")["alleenstaande"]
    cells = set(re.findall(r"<td[^>]*>([^<]*)</td>", nl))
    assert labels.merged_label(household, "nl") in cells  # "Alleenstaande + kleine groepen", as in every report
    assert "Onbekend (geen registratie)" not in nl and "Onbekend" in cells


def test_every_figure_says_what_it_shows_and_fits_the_page(runs):
    from evalkit.studies import art60

    for key in runs:
        alts = re.findall(r'<img[^>]*\balt="([^"]*)"', _html(runs, key))
        assert len(alts) == 4 and len(set(alts)) == 4
        starts = [art60.TEXTS.text(f"figure.{name}.alt", key, months=0, variable="x")[:25]
                  for name in ("use", "occupation", "regular", "occupation_by")]
        assert sorted(a[:25] for a in alts) == sorted(starts), alts
