"""The disclosure engine, rule by rule: what a reader can derive, what gets hidden, what the checker reports."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from evalkit.errors import InputError, ParameterError
from evalkit.publish import sdc
from evalkit.publish.sdc import check as sdc_check
from evalkit.publish.sdc import integrity
from evalkit.publish.sdc import release as sdc_release
from evalkit.publish.sdc.ledger import Count, Ledger, Share, conditions
from evalkit.publish.sdc.linked import LinkedSystem, findings, protect


@pytest.fixture(autouse=True)
def _fresh(monkeypatch, tmp_path):
    monkeypatch.delenv(sdc_release.RELEASE_DIR_ENV, raising=False)
    monkeypatch.delenv(sdc_release.PROTECT_ENV, raising=False)
    monkeypatch.setenv(sdc_release.REPORT_ENV, "test")
    sdc.reset("test")
    yield
    sdc.reset("test")


def _count(output, row, column, where, value, report="r"):
    return Count(report, output, row, column, "persons", conditions(where), value)


def _ledger(domains, counts=(), shares=()):
    led = Ledger(domains={k: tuple(v) for k, v in domains.items()})
    led.counts, led.shares = list(counts), list(shares)
    return led


# ------------------------------------------------------------------------------------ policy

def test_policy_defaults_follow_acro():
    p = sdc.Policy()
    assert (p.min_cell_size, p.zeros_are_disclosive, p.protection_width, p.survival_min_events,
            p.min_bin_size) == (10, True, 10, 10, 10)
    assert sdc.Policy(min_cell_size=20).protection_width == 20


@pytest.mark.parametrize("bad", [0, -1, 2.5, True, "10"])
def test_policy_rejects_bad_threshold(bad):
    with pytest.raises(ParameterError, match="min_cell_size"):
        sdc.Policy(min_cell_size=bad)


def test_small_and_safe_ranges():
    p = sdc.Policy()
    assert [p.is_small(v) for v in (0, 1, 9, 10, 500)] == [True, True, True, False, False]
    assert not sdc.Policy(zeros_are_disclosive=False).is_small(0)
    assert p.range_is_safe(0, 10) and p.range_is_safe(10, 12) and p.range_is_safe(3, 13)
    assert not p.range_is_safe(0, 9) and not p.range_is_safe(4, 4) and not p.range_is_safe(0, 0)
    assert sdc.Policy(zeros_are_disclosive=False).range_is_safe(0, 0)


# ------------------------------------------------------------------------------ derivations

WORK = {"work": ["ja", "nee"]}


def test_complement_of_a_count_published_with_its_population():
    led = _ledger(WORK, [_count("t", "all", "n", {}, 219), _count("t", "all", "job", {"work": "ja"}, 217)])
    (f,) = findings(led, sdc.Policy())
    assert (f.rule, f.where, f.low, f.high) == ("derivable", "work=nee", 2, 2)


def test_a_large_complement_is_fine():
    led = _ledger(WORK, [_count("t", "all", "n", {}, 219), _count("t", "all", "job", {"work": "ja"}, 117)])
    assert findings(led, sdc.Policy()) == []


def test_published_small_count_and_zero():
    led = _ledger(WORK, [_count("t", "a", "job", {"work": "ja"}, 3), _count("t", "a", "no", {"work": "nee"}, 0)])
    rules = sorted((f.rule, f.value) for f in findings(led, sdc.Policy()) if f.rule == "small-count")
    assert rules == [("small-count", 0), ("small-count", 3)]


def test_single_hidden_cell_in_a_row_with_its_total():
    dom = {"hh": ["a", "b", "c"]}
    cells = [_count("t", "a", "n", {"hh": "a"}, 120), _count("t", "b", "n", {"hh": "b"}, None),
             _count("t", "c", "n", {"hh": "c"}, 40), _count("t", "total", "n", {}, 166)]
    found = findings(_ledger(dom, cells), sdc.Policy())
    assert any(f.where == "hh=b" and f.low == f.high == 6 for f in found)


def test_hidden_row_recovered_from_a_total_in_another_table():
    # table 1 hides household c; table 2 (another report) publishes the cohort total
    dom = {"hh": ["a", "b", "c"]}
    t1 = [_count("t1", "a", "n", {"hh": "a"}, 120), _count("t1", "b", "n", {"hh": "b"}, 40),
          _count("t1", "c", "n", {"hh": "c"}, None)]
    t2 = [_count("t2", "all", "n", {}, 166, report="other")]
    assert findings(_ledger(dom, t1), sdc.Policy()) == []
    found = findings(_ledger(dom, t1 + t2), sdc.Policy())
    assert any(f.where == "hh=c" and f.low == f.high == 6 for f in found)


def test_merged_category_minus_unmerged_reveals_the_small_group():
    dom = {"edu": ["laag", "geen", "hoog"]}
    t1 = [_count("t1", "laag+geen", "n", {"edu": ["laag", "geen"]}, 946)]
    t2 = [_count("t2", "laag", "n", {"edu": "laag"}, 945, report="other")]
    found = findings(_ledger(dom, t1 + t2), sdc.Policy())
    assert any(f.where == "edu=geen" and f.low == f.high == 1 for f in found)


def test_share_with_a_small_complement():
    # 97.1 % of 219 had a job: the complement is 6 or 7
    led = _ledger(WORK, [_count("t", "all", "n", {}, 219)],
                  [Share("r", "t", "all", "pct", "persons", conditions({"work": "ja"}), (), 97.1, 1)])
    found = findings(led, sdc.Policy())
    assert any(f.where == "work=nee" and f.high - f.low < 10 for f in found)


def test_linked_status_codes_and_work_totals():
    # status codes a, b (work) and c, d (no work); c and d hidden; the work total elsewhere gives c + d
    dom = {"status": ["a", "b", "c", "d"]}
    t1 = [_count("codes", s, "n", {"status": s}, v) for s, v in zip("abcd", (300, 200, None, None))]
    t1.append(_count("codes", "total", "n", {}, 507))
    # hiding c and d is not enough when c + d = 7 follows from the total
    found = findings(_ledger(dom, t1), sdc.Policy())
    assert {f.where for f in found} >= {"status=c", "status=d"}
    # nor when the total comes from a table of work in another report
    t1[-1] = _count("work", "work", "n", {"status": ["a", "b"]}, 500, report="other")
    t1.append(_count("work", "all", "n", {}, 507, report="other"))
    found = findings(_ledger(dom, t1), sdc.Policy())
    assert {f.where for f in found} >= {"status=c", "status=d"}


def test_inconsistent_numbers_are_an_error():
    led = _ledger(WORK, [_count("t", "all", "n", {}, 10), _count("t", "all", "job", {"work": "ja"}, 30)])
    with pytest.raises(InputError, match="contradict each other"):
        findings(led, sdc.Policy())


def test_undeclared_values_are_an_error():
    led = _ledger(WORK, [_count("t", "all", "job", {"work": "misschien"}, 30)])
    with pytest.raises(InputError, match="not declared"):
        findings(led, sdc.Policy())


# ------------------------------------------------------------------------------- protection

def _cross_table(rng, rows=4, small_row=True):
    truth = rng.integers(15, 90, size=(rows, 2))
    if small_row:
        truth[-1] = [3, 6]
    cells = []
    for i in range(rows):
        for j, w in enumerate(("ja", "nee")):
            cells.append(_count("t", f"r{i}", w, {"row": f"r{i}", "work": w}, int(truth[i, j])))
        cells.append(_count("t", f"r{i}", "n", {"row": f"r{i}"}, int(truth[i].sum())))
    for j, w in enumerate(("ja", "nee")):
        cells.append(_count("t", "total", w, {"work": w}, int(truth[:, j].sum())))
    cells.append(_count("t", "total", "n", {}, int(truth.sum())))
    return _ledger({"row": [f"r{i}" for i in range(rows)], "work": ["ja", "nee"]}, cells), truth


@pytest.mark.parametrize("seed", range(5))
def test_protect_leaves_nothing_derivable(seed):
    led, _ = _cross_table(np.random.default_rng(seed))
    policy = sdc.Policy()
    for c in list(led.counts):
        if policy.is_small(c.value):
            sdc_release.hide(led, c.key)
    hidden = protect(led, policy)
    assert hidden, "a row of 3 and 6 with its totals needs secondary suppression"
    assert findings(led, policy) == []


@pytest.mark.parametrize("seed", range(3))
def test_relaxed_system_derives_what_a_rebuilt_one_does(seed):
    """Freeing the rows of hidden cells in place gives every cell the range a system built afresh on
    the same ledger gives it, whatever the solver saw before."""
    rng = np.random.default_rng(seed)
    led, _ = _cross_table(rng)
    policy = sdc.Policy()
    kept = LinkedSystem(led, "persons", policy)
    cells = [w for w, _ in kept.candidates()] + [c.where for c in led.counts]
    before = [kept.range_of(w) for w in cells]  # the solver has moved through many bases by now
    two_rows = [f"r{i}" for i in rng.choice(4, size=2, replace=False)]
    for c in [c for c in led.counts if c.row in two_rows and c.column != "n"]:  # a 2x2 a reader can't pin
        sdc_release.hide(led, c.key)
    kept.relax(led)
    fresh = LinkedSystem(led, "persons", policy)
    after = [kept.range_of(w) for w in cells]
    assert after == [fresh.range_of(w) for w in cells]
    assert after != before, "hiding a 2x2 of inner cells widens their ranges"
    assert all(a[0] <= b[0] and a[1] >= b[1] for a, b in zip(after, before))


def test_protect_hides_nothing_when_nothing_needs_it():
    led, _ = _cross_table(np.random.default_rng(1), small_row=False)
    assert protect(led, sdc.Policy()) == []


def test_ranges_are_what_a_reader_can_derive():
    led, truth = _cross_table(np.random.default_rng(2))
    for c in led.counts:
        if c.key[2] == "r3":
            sdc_release.hide(led, c.key)
    system = LinkedSystem(led, "persons", sdc.Policy())
    low, high = system.range_of(conditions({"row": "r3"}))
    assert low == high == truth[3].sum()  # the row total follows from the column totals


# ---------------------------------------------------------------------------------- release

def _table():
    return pd.DataFrame({"n": [219, 40, 259], "work": [217, 21, 238], "pct": [99.09, 52.5, 91.89],
                         "mean_days": [30.2, 41.0, 31.6]}, index=["lineair", "vdab", "total"])


def _release(table, **kw):
    return sdc.release_table(
        table, "work", rows={"lineair": {"traj": "lineair"}, "vdab": {"traj": "vdab"}, "total": {}},
        counts={"n": {}, "work": {"work": "ja"}}, shares={"pct": ("work", "n")},
        domains={"traj": ["lineair", "vdab"], "work": ["ja", "nee"]}, hide_with={"mean_days": ["work"]},
        **kw)


def test_release_hides_complements_shares_and_statistics():
    released = _release(_table())
    t = released.table
    # 219 clients of whom 217 at work: the count at work is hidden, and with it its share, its mean and
    # the other row's count it would follow from (238 at work in all); the total of everyone, hidden
    # last, stays shown
    assert t.at["lineair", "work"] == sdc.MARKER and t.at["vdab", "work"] == sdc.MARKER
    assert t.at["lineair", "pct"] == sdc.MARKER and t.at["lineair", "mean_days"] == sdc.MARKER
    assert t.at["total", "n"] == 259 and t.at["lineair", "n"] == 219 and t.at["total", "work"] == 238
    assert sdc.findings(sdc.ledger("test"), sdc.Policy()) == []
    assert "x" in released.note and released.value("lineair", "work") is None


def test_release_hides_statistics_with_their_counts():
    table = _table()
    table.loc["vdab", ["work", "n"]] = [4, 40]
    released = _release(table)
    assert released.table.at["vdab", "work"] == sdc.MARKER and released.table.at["vdab", "mean_days"] == sdc.MARKER


def test_release_leaves_a_safe_table_unchanged():
    table = _table()
    table.loc["lineair", ["work", "pct"]] = [117, 53.42]
    table.loc["total", ["work", "pct"]] = [138, 53.28]
    released = _release(table)
    pd.testing.assert_frame_equal(released.table, table.round({"pct": 1}))
    assert released.hidden == set()


def test_release_writes_table_and_ledger_inside_a_run(tmp_path, monkeypatch):
    monkeypatch.setenv(sdc_release.RELEASE_DIR_ENV, str(tmp_path / "disclosure"))
    _release(_table())
    ledger = json.loads((tmp_path / "disclosure" / "test.ledger.json").read_text())
    assert {c["column"] for c in ledger["counts"]} == {"n", "work"}
    assert all(c["value"] is None or c["value"] >= 10 for c in ledger["counts"])
    csv = (tmp_path / "disclosure" / "tables" / "test" / "work.csv").read_text()
    assert "217" not in csv and "x" in csv  # the hidden count is not in the released table


def test_release_applies_cells_requested_by_the_run(tmp_path, monkeypatch):
    path = tmp_path / "protect.json"
    path.write_text(json.dumps([["test", "work", "vdab", "work"]]))
    monkeypatch.setenv(sdc_release.PROTECT_ENV, str(path))
    released = _release(_table())
    assert released.table.at["vdab", "work"] == sdc.MARKER


def test_a_final_decision_of_the_run_replaces_the_tables_own_protection(tmp_path, monkeypatch):
    """Once the run has protected all reports together, a report hides exactly the cells it names."""
    own = _release(_table())
    own_hidden = {(r, c) for r, c in own.hidden if c in ("n", "work", "pct")}
    sdc.reset("test")
    path = tmp_path / "protect.json"
    path.write_text(json.dumps({"final": True, "reports": ["test"],
                                "cells": [["test", "work", "vdab", "work"], ["other", "t", "x", "n"]]}))
    monkeypatch.setenv(sdc_release.PROTECT_ENV, str(path))
    decided = _release(_table())
    assert {(r, c) for r, c in decided.hidden if c in ("n", "work", "pct")} == {("vdab", "work"), ("vdab", "pct")}
    assert own_hidden != {("vdab", "work"), ("vdab", "pct")}  # on its own the table hides other cells
    assert ("vdab", "mean_days") in decided.hidden  # statistics still go with their counts
    # a report the decision does not name still protects its tables itself
    path.write_text(json.dumps({"final": True, "reports": ["another"], "cells": []}))
    sdc.reset("test")
    assert _release(_table()).hidden == own.hidden


# ------------------------------------------------------------------------- curves and bins

def test_curve_steps_hold_enough_events():
    km = pd.DataFrame({"group": ["a"] * 7, "time": range(7), "n_at_risk": [80, 80, 70, 61, 50, 30, 9],
                       "n_events": [0, 4, 7, 9, 3, 12, 2], "estimate": np.linspace(1, .3, 7)})
    released, note = sdc.release_curve(km, "km", by=["group"])
    assert released["time"].tolist() == [0, 2, 4, 5]
    assert "n_events" not in released and "n_at_risk" not in released
    kept = km.set_index("time").loc[released["time"]]
    np.testing.assert_allclose(released["estimate"], kept["estimate"])  # values unchanged where drawn


def test_histogram_bins_hold_enough_units():
    rng = np.random.default_rng(0)
    values = pd.Series(rng.beta(2, 5, size=300))
    groups = pd.Series(np.where(rng.random(300) < .2, "small", "big"))
    released, _ = sdc.release_histogram(values, "ps", by=groups, bins=30, value_range=(0, 1))
    assert (released["count"] >= 10).all()
    for _, g in released.groupby("group"):
        np.testing.assert_allclose((g["density"] * (g["right"] - g["left"])).sum(), 1.0)


def test_merge_bins_never_leaves_a_small_bin():
    rng = np.random.default_rng(3)
    for _ in range(50):
        counts = rng.integers(0, 15, size=20)
        merged, edges = sdc.merge_bins(counts, np.arange(21.0), 10)
        assert merged.sum() == (counts.sum() if counts.sum() >= 10 else 0)
        assert (merged >= 10).all() and len(edges) == len(merged) + 1


# ----------------------------------------------------------------------------- the checker

CAPTION = "Work by trajectory"


def _page_table(released) -> str:
    body = released.table.rename_axis("trajectory").reset_index().to_html(index=False, border=0)
    return body.replace("<thead>", f"<caption>{CAPTION}</caption>\n  <thead>", 1)


def _notebook(html: str) -> str:
    output = {"output_type": "display_data", "metadata": {},
              "data": {"text/html": html.splitlines(keepends=True), "text/plain": ["(the table)"]}}
    cell = {"cell_type": "code", "execution_count": 1, "metadata": {}, "source": ["show_table(work)"],
            "outputs": [output]}
    return json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1)


def _run_folder(tmp_path, monkeypatch, *, seal=True):
    """A run folder of one report 'test': its released table and ledger, its page and notebook, sealed."""
    monkeypatch.setenv(sdc_release.RELEASE_DIR_ENV, str(tmp_path / "disclosure"))
    table = _table()
    table.loc["lineair", ["work", "pct"]] = [117, 53.42]
    table.loc["total", ["work", "pct"]] = [138, 53.28]
    released = _release(table)
    html = _page_table(released)
    (tmp_path / "test.html").write_text(f"<html><body><h1>Test</h1>\n{html}\n<p>40 clients.</p></body></html>\n",
                                        encoding="utf-8")
    (tmp_path / "test.ipynb").write_text(_notebook(html), encoding="utf-8")
    if seal:
        integrity.seal(tmp_path)
    return tmp_path


def _named(found):
    return [(f.report, f.output, f.row, f.column, f.rule) for f in found]


def test_check_passes_a_clean_run(tmp_path, monkeypatch):
    found, summary = sdc_check.check_run(_run_folder(tmp_path, monkeypatch))
    assert found == [] and summary["cells"] == 9


def test_check_names_a_small_count_written_into_a_table(tmp_path, monkeypatch):
    folder = _run_folder(tmp_path, monkeypatch)
    path = folder / "disclosure" / "tables" / "test" / "work.csv"
    path.write_text(path.read_text().replace("117", "7"))
    found, _ = sdc_check.check_run(folder)
    rules = {(f.rule, f.row, f.column) for f in found}
    assert ("differs from the ledger", "lineair", "work") in rules
    assert any(f.rule in ("small-count", "derivable") and f.row == "lineair" for f in found)
    assert ("", "disclosure/tables/test/work.csv", "", "", integrity.CHANGED) in _named(found)


def test_check_command(tmp_path, monkeypatch, capsys):
    from evalkit.cli import main

    folder = _run_folder(tmp_path, monkeypatch)
    assert main(["check", str(folder)]) == 0
    path = folder / "disclosure" / "tables" / "test" / "work.csv"
    path.write_text(path.read_text().replace("117", "7"))
    assert main(["check", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "test: work, row 'lineair', column 'work'" in out
    assert main(["check", str(tmp_path / "nothing")]) == 1


# ------------------------------------------------------------------------ the seal of a run

def test_a_number_written_into_the_page_is_named(tmp_path, monkeypatch):
    folder = _run_folder(tmp_path, monkeypatch)
    page = folder / "test.html"
    page.write_text(page.read_text(encoding="utf-8").replace("<td>21</td>", "<td>7</td>"), encoding="utf-8")
    found, summary = sdc_check.check_run(folder)
    # the released table and its ledger are unchanged: only the seal sees the number
    assert _named(found) == [("test.html", CAPTION, "vdab", "work", integrity.CHANGED)]
    assert found[0].message() == ("test.html: Work by trajectory, row 'vdab', column 'work': "
                                  "changed after the run was checked [now '7']")
    assert summary["seal"]["tables"] == 2 and summary["seal"]["cells"] == 2 * 4 * 5


def test_a_number_written_into_the_notebook_is_named(tmp_path, monkeypatch):
    folder = _run_folder(tmp_path, monkeypatch)
    notebook = folder / "test.ipynb"
    notebook.write_text(notebook.read_text(encoding="utf-8").replace("<td>219</td>", "<td>9</td>"), encoding="utf-8")
    assert _named(sdc_check.check_run(folder)[0]) == [("test.ipynb", CAPTION, "lineair", "n", integrity.CHANGED)]


def test_text_outside_the_tables_a_row_and_a_table_are_named(tmp_path, monkeypatch):
    folder = _run_folder(tmp_path, monkeypatch)
    page = folder / "test.html"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("40 clients", "4 clients"), encoding="utf-8")
    assert _named(integrity.verify(folder)) == [("", "test.html", "", "", integrity.CHANGED)]
    assert integrity.verify(folder)[0].message() == "test.html: changed after the run was checked [outside its tables]"
    page.write_text(text.replace("40 clients", "4 clients").replace("<td>40</td>", "<td>4</td>"), encoding="utf-8")
    assert _named(integrity.verify(folder)) == [("test.html", CAPTION, "vdab", "n", integrity.CHANGED),
                                                ("", "test.html", "", "", integrity.CHANGED)]
    extra_row = "<tr><td>other</td><td>3</td><td>x</td><td>x</td><td>x</td></tr>\n  </tbody>"
    extra_table = "<table><caption>Extra</caption><tr><th>a</th></tr><tr><td>5</td></tr></table></body>"
    page.write_text(text.replace("</tbody>", extra_row).replace("</body>", extra_table), encoding="utf-8")
    assert _named(integrity.verify(folder)) == [("test.html", CAPTION, "other", "", integrity.ADDED),
                                                ("test.html", "Extra", "", "", integrity.ADDED)]


@pytest.mark.parametrize("change, expected", [
    ("csv", ("", "disclosure/tables/test/work.csv", "", "", "changed after the run was checked")),
    ("ledger", ("", "disclosure/test.ledger.json", "", "", "changed after the run was checked")),
    ("added", ("", "disclosure/tables/test/extra.txt", "", "", "added after the run was checked")),
    ("removed", ("", "test.html", "", "", "removed after the run was checked")),
])
def test_a_file_changed_added_or_removed_is_named(change, expected, tmp_path, monkeypatch):
    folder = _run_folder(tmp_path, monkeypatch)
    csv = folder / "disclosure" / "tables" / "test" / "work.csv"
    if change == "csv":  # the same numbers, written otherwise: the checker of the numbers cannot tell
        csv.write_text(csv.read_text(encoding="utf-8").replace("\n", "\r\n"), encoding="utf-8")
    elif change == "ledger":
        ledger = folder / "disclosure" / "test.ledger.json"
        ledger.write_text(ledger.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    elif change == "added":
        (csv.parent / "extra.txt").write_text("a note", encoding="utf-8")
    else:
        (folder / "test.html").unlink()
    found, _ = sdc_check.check_run(folder)
    assert expected in _named(found)
    assert all(f.rule in integrity.RULES for f in found)


def test_the_seal_leaves_out_the_owner_file_and_itself(tmp_path, monkeypatch):
    from evalkit.publish.runs import OWNER_FILE

    (tmp_path / OWNER_FILE).write_text("{}", encoding="utf-8")
    folder = _run_folder(tmp_path, monkeypatch)
    manifest = json.loads((folder / "disclosure" / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(manifest["files"]) == ["disclosure/tables/test/work.csv", "disclosure/test.ledger.json",
                                         "test.html", "test.ipynb"]
    (folder / OWNER_FILE).unlink()  # as when the run is moved into place
    assert integrity.verify(folder) == []


def test_a_folder_without_a_seal_is_not_sealed(tmp_path, monkeypatch):
    folder = _run_folder(tmp_path, monkeypatch, seal=False)
    found, summary = sdc_check.check_run(folder)
    assert [f.rule for f in found] == [integrity.NOT_SEALED] and summary["seal"] is None
    assert sdc_check.check_run(folder, sealed=False)[0] == []
    (folder / "disclosure" / "manifest.json").write_text("[]", encoding="utf-8")
    assert [f.rule for f in sdc_check.check_run(folder)[0]] == [integrity.NOT_SEALED]


def test_a_folder_without_a_ledger_is_an_error(tmp_path, monkeypatch):
    folder = _run_folder(tmp_path, monkeypatch)
    (folder / "disclosure" / "test.ledger.json").unlink()
    with pytest.raises(InputError, match=r"no disclosure ledger .*publishes \(test.ipynb\) can be checked"):
        sdc_check.check_run(folder)
    (folder / "disclosure").rename(folder / "elsewhere")
    with pytest.raises(InputError, match="no disclosure folder"):
        sdc_check.check_run(folder)


def test_a_report_without_its_ledger_is_a_finding(tmp_path, monkeypatch):
    folder = _run_folder(tmp_path, monkeypatch)
    (folder / "other.ipynb").write_text(_notebook("<p>no table</p>"), encoding="utf-8")
    found, _ = sdc_check.check_run(folder, sealed=False)
    assert _named(found) == [("other", "other.ipynb", "", "", "report without a ledger")]
    assert ("", "other.ipynb", "", "", integrity.ADDED) in _named(sdc_check.check_run(folder)[0])


def test_a_finding_leaves_out_what_it_does_not_name():
    assert sdc.Finding("", "a.csv", "", "", "changed after the run was checked", "").message() == \
        "a.csv: changed after the run was checked"
    assert sdc.Finding("r", "t", "", "n", "counts in figure data", "").message() == \
        "r: t, column 'n': counts in figure data"
    assert sdc.Finding("r", "t", "all", "n", "derivable", "work=nee", 2, 5).message() == \
        "r: t, row 'all', column 'n': a reader can derive 2 to 5 for [work=nee] from what the run publishes"


def test_check_command_names_a_changed_cell(tmp_path, monkeypatch, capsys):
    from evalkit.cli import main

    folder = _run_folder(tmp_path, monkeypatch)
    assert main(["check", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "nothing changed since the run was sealed" in out
    assert "Compared with the seal the run wrote (disclosure/manifest.json" in out and "40 cells of 2 tables" in out
    page = folder / "test.html"
    page.write_text(page.read_text(encoding="utf-8").replace("<td>21</td>", "<td>7</td>"), encoding="utf-8")
    assert main(["check", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "- test.html: Work by trajectory, row 'vdab', column 'work': changed after the run was checked" in out
    assert "0 from the disclosure checks (threshold 10), 1 from the comparison with the seal" in out
    (folder / "disclosure" / "manifest.json").unlink()
    assert main(["check", str(folder)]) == 1
    assert "not sealed" in capsys.readouterr().out


def test_check_command_on_a_folder_without_a_ledger(tmp_path, monkeypatch, capsys):
    from evalkit.cli import main

    folder = _run_folder(tmp_path, monkeypatch)
    (folder / "disclosure" / "test.ledger.json").unlink()
    assert main(["check", str(folder)]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1 and "Traceback" not in captured.err
    assert captured.err.startswith("evalkit check: ") and "no disclosure ledger" in captured.err


def test_tables_of_pages_and_notebooks(tmp_path):
    page = ("<table><caption> Werk  per traject </caption><thead><tr><th>traject</th><th>n</th></tr></thead>"
            "<tbody><tr><th>lineair</th><td>219<br>(x)</td></tr><tr><td>vdab &amp; ander<td>x</tbody></table>"
            "<table></table><p>text</p><table><tr><td>a</td></tr></table>")
    tables = integrity.tables_of(page)
    assert [t.caption for t in tables] == ["Werk per traject", ""]
    assert tables[0].rows == [["traject", "n"], ["lineair", "219 (x)"], ["vdab & ander", "x"]]
    assert tables[0].header == ["traject", "n"] and tables[0].row_label(2) == "vdab & ander"
    assert integrity.html_tables(page) == [t.rows for t in tables]
    notebook = tmp_path / "r.ipynb"
    notebook.write_text(_notebook(page), encoding="utf-8")
    assert [t.rows for t in integrity.read_tables(notebook)] == [t.rows for t in tables]


def test_a_later_table_cannot_unlock_an_earlier_one():
    # table 1 hides household c (small); table 2 would publish the total that gives it away
    dom = {"hh": ["a", "b", "c"]}
    t1 = pd.DataFrame({"n": [120, 40, 6]}, index=["a", "b", "c"])
    first = sdc.release_table(t1, "t1", rows={h: {"hh": h} for h in t1.index}, counts={"n": {}}, domains=dom)
    assert first.table.at["c", "n"] == sdc.MARKER
    t2 = pd.DataFrame({"n": [166]}, index=["all"])
    second = sdc.release_table(t2, "t2", rows={"all": {}}, counts={"n": {}}, domains=dom)
    assert second.table.at["all", "n"] == sdc.MARKER
    assert sdc.findings(sdc.ledger("test"), sdc.Policy()) == []


def test_protection_can_hide_a_cell_of_another_shape():
    # a cross table whose small cell is pinned only by a column total (no sibling can widen it)
    dom = {"traj": ["a", "b"], "real": ["a", "b"]}
    cells = [_count("t", "a", "a", {"traj": "a", "real": "a"}, 200), _count("t", "a", "b", {"traj": "a", "real": "b"}, None),
             _count("t", "b", "b", {"traj": "b", "real": "b"}, 150), _count("t", "b", "a", {"traj": "b", "real": "a"}, None),
             _count("t", "total", "a", {"real": "a"}, 203), _count("t", "a", "n", {"traj": "a"}, 205)]
    led = _ledger(dom, cells)
    protect(led, sdc.Policy())
    assert findings(led, sdc.Policy()) == []


def test_a_curve_does_not_start_with_a_small_step():
    km = pd.DataFrame({"time": [0, 1, 2], "n_at_risk": [80, 76, 60], "n_events": [4, 10, 12],
                       "estimate": [.95, .825, .66]})
    assert sdc.pool_steps(km, sdc.Policy())["time"].tolist() == [1, 2]


def test_releasing_a_table_again_replaces_it():
    for _ in range(3):  # a notebook cell run three times
        _release(_table())
    book = sdc.ledger("test")
    assert len(book.counts) == 6 and len(book.outputs) == 1
    assert sdc.findings(book, sdc.Policy()) == []


def test_an_empty_category_of_the_whole_cohort_is_no_disclosure():
    # everybody was analysed: "not analysed" is an empty category of the cohort, not a group's attribute
    led = _ledger({"analysed": ["ja", "nee"], "work": ["ja", "nee"]},
                  [_count("t", "all", "n", {}, 219), _count("t", "all", "an", {"analysed": "ja"}, 219),
                   _count("t", "all", "w", {"analysed": "ja", "work": "ja"}, 100)])
    assert findings(led, sdc.Policy()) == []
    # but nobody at work within a group is
    led.counts.append(_count("t", "all", "w0", {"analysed": "ja", "work": "nee"}, 119))
    led.counts[-2] = _count("t", "all", "w", {"analysed": "ja", "work": "ja"}, 100)
    led2 = _ledger({"hh": ["a", "b"], "work": ["ja", "nee"]},
                   [_count("t", "a", "n", {"hh": "a"}, 50), _count("t", "a", "w", {"hh": "a", "work": "ja"}, 50)])
    assert any(f.where == "hh=a & work=nee" for f in findings(led2, sdc.Policy()))


def test_a_cell_anyone_can_work_out_is_shown():
    # Man: work 748 and total 1358 shown, so "no work" (610) is shown too, even if hidden on the way
    dom = {"sex": ["man", "vrouw", "<NA>"], "work": ["ja", "nee"]}
    t = pd.DataFrame({"work": [748, 150, 1], "no_work": [610, 152, 1], "n": [1358, 302, 2]},
                     index=["man", "vrouw", "<NA>"])
    released = sdc.release_table(t, "sex", rows={s: {"sex": s} for s in t.index},
                                 counts={"work": {"work": "ja"}, "no_work": {"work": "nee"}, "n": {}}, domains=dom)
    shown = released.table
    for row in shown.index:
        cells = [shown.at[row, c] for c in ("work", "no_work", "n")]
        assert sum(v == sdc.MARKER for v in cells) != 1, f"{row}: one hidden cell in a row with its total"
    assert sdc.findings(sdc.ledger("test"), sdc.Policy()) == []


def test_cells_empty_by_definition_are_not_hidden():
    # a complete-case analysis: nobody analysed has a missing age, and everybody knows it
    t = pd.DataFrame({"n": [300, 200, 500]}, index=["jong", "oud", "total"])
    dom = {"age": ["jong", "oud", "<NA>"], "analysed": ["ja", "nee"]}
    rows = {"jong": {"age": "jong"}, "oud": {"age": "oud"}, "total": {}}
    plain = sdc.release_table(t, "a", rows=rows, counts={"n": {}}, population={"analysed": "ja"}, domains=dom)
    sdc.reset("test")
    declared = sdc.release_table(t, "a", rows=rows, counts={"n": {}}, population={"analysed": "ja"}, domains=dom,
                                 empty=[{"age": "<NA>"}])
    assert declared.hidden == set() and sdc.findings(sdc.ledger("test"), sdc.Policy()) == []
    assert plain.hidden  # without the declaration, the zero that the total implies is hidden


def test_a_hidden_share_whose_parts_are_published_is_shown_again():
    """835 of 1662 at work, both published: hiding "50.2 %" protects nothing, so protection shows it."""
    led = sdc.Ledger(domains={"work": ("ja", "nee")})
    led.counts = [sdc.Count("r", "t", "total", "n", "persons", (), 1662),
                  sdc.Count("r", "t", "total", "work", "persons", sdc.conditions({"work": "ja"}), 835)]
    led.shares = [sdc.Share("r", "t", "total", "pct", "persons", sdc.conditions({"work": "ja"}), (), None, 1)]
    sdc.protect(led, sdc.Policy())
    assert led.shares[0].value == 50.2 and sdc.findings(led, sdc.Policy()) == []
