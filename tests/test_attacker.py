"""The attacker itself: it must find what a careless release gives away, and nothing in a protected one."""
from __future__ import annotations

import pandas as pd
import pytest

from evalkit.publish import sdc
from evalkit.publish.sdc import release as sdc_release
from evalkit.publish.sdc.ledger import Count, Ledger, Output, Share, conditions
from tests.attacker import attack

DOMAINS = {"traj": ("a", "b", "c"), "work": ("ja", "nee")}


def _leaky_run(folder):
    """A run folder written without protection: every route of the attacker has something to find."""
    root = folder / "disclosure"
    (root / "tables" / "r1").mkdir(parents=True)
    (root / "tables" / "r2").mkdir(parents=True)
    led1 = Ledger(domains=dict(DOMAINS), policy=sdc.Policy().as_dict())
    t1 = pd.DataFrame({"n": [219, 150, 40], "work": [217, 60, 30]}, index=["a", "b", "c"])
    for row in t1.index:
        led1.counts.append(Count("r1", "t1", row, "n", "persons", conditions({"traj": row}), int(t1.at[row, "n"])))
        led1.counts.append(Count("r1", "t1", row, "work", "persons", conditions({"traj": row, "work": "ja"}),
                                 int(t1.at[row, "work"])))
    led1.outputs.append(Output("r1", "t1", "table", "t1"))
    t1.to_csv(root / "tables" / "r1" / "t1.csv")
    # report 2: the cohort total (with t1's rows a and b it gives row c: 409 - 219 - 150 = 40, fine),
    # a share with a small complement, and a histogram with a small bar
    led2 = Ledger(domains=dict(DOMAINS), policy=sdc.Policy().as_dict())
    t2 = pd.DataFrame({"n": [409], "pct": [98.0]}, index=["all"])
    led2.counts.append(Count("r2", "t2", "all", "n", "persons", (), 409))
    led2.shares.append(Share("r2", "t2", "all", "pct", "persons", conditions({"work": "ja"}), (), 98.0, 1))
    led2.outputs.append(Output("r2", "t2", "table", "t2"))
    t2.to_csv(root / "tables" / "r2" / "t2.csv")
    pd.DataFrame({"group": ["a", "a"], "left": [0, .5], "right": [.5, 1], "count": [3, 216],
                  "density": [.03, 1.97]}).to_csv(root / "tables" / "r2" / "ps.csv")
    led2.outputs.append(Output("r2", "ps", "histogram", "ps"))
    led1.write(root / "r1.ledger.json")
    led2.write(root / "r2.ledger.json")
    (folder / "r2.html").write_text("<p>Van de cliënten vonden 4 personen geen job.</p>"
                                    "<table><tr><th>N</th><th>Met job</th></tr><tr><td>12</td><td>3</td></tr></table>")
    return folder


def test_the_attacker_finds_every_kind_of_leak(tmp_path):
    found = attack(_leaky_run(tmp_path), 10)
    routes = {r.route for r in found}
    assert routes >= {"difference", "share", "histogram", "text", "shown"}
    assert any(r.route == "difference" and r.value == "2" and "traj=a" in r.where for r in found)


def test_the_attacker_finds_a_remainder_across_reports(tmp_path):
    folder = _leaky_run(tmp_path)
    t1 = pd.read_csv(folder / "disclosure" / "tables" / "r1" / "t1.csv", index_col=0)
    t1 = t1.astype(object)
    t1.loc["c", "n"] = "x"  # hidden in its own table, but 409 - 219 - 150 follows from report 2
    t1.loc["c", "work"] = "x"
    t1.to_csv(folder / "disclosure" / "tables" / "r1" / "t1.csv")
    led = Ledger.read(folder / "disclosure" / "r1.ledger.json")
    led.counts = [Count(**{**c.__dict__, "value": None}) if c.row == "c" else c for c in led.counts]
    led.write(folder / "disclosure" / "r1.ledger.json")
    found = attack(folder, 50)  # with threshold 50, row c (40) is small
    assert any(r.route == "remainder" and "traj=c" in r.where and r.value == "40" for r in found)


def test_nothing_to_find_in_a_protected_release(tmp_path, monkeypatch):
    monkeypatch.setenv(sdc_release.RELEASE_DIR_ENV, str(tmp_path / "disclosure"))
    monkeypatch.setenv(sdc_release.REPORT_ENV, "r1")
    sdc.reset("r1")
    t1 = pd.DataFrame({"n": [219, 150, 40, 409], "work": [217, 60, 30, 307],
                       "pct": [99.1, 40.0, 75.0, 75.1]}, index=["a", "b", "c", "total"])
    sdc.release_table(t1, "t1", rows={"a": {"traj": "a"}, "b": {"traj": "b"}, "c": {"traj": "c"}, "total": {}},
                      counts={"n": {}, "work": {"work": "ja"}}, shares={"pct": ("work", "n")},
                      domains={k: list(v) for k, v in DOMAINS.items()})
    sdc.reset("r1")
    assert attack(tmp_path, 10) == []


def _tied_run(folder, tied: bool):
    """Report o publishes art. 60 by the snapshot date and NT2 levels; report a art. 60 during follow-up
    and the NT2 group of levels 2.1 and 2.2; with ``tied`` the ledgers say how these relate."""
    root = folder / "disclosure"
    for r in ("o", "a"):
        (root / "tables" / r).mkdir(parents=True)
    dom = {"traj": ("t1",), "a60": ("ja", "nee"), "started": ("ja", "nee"), "lvl": ("0", "2.1", "2.2"),
           "grp": ("0", "2.x+")}
    led_o = Ledger(domains=dict(dom), policy=sdc.Policy().as_dict())
    led_a = Ledger(domains=dict(dom), policy=sdc.Policy().as_dict())
    if tied:
        led_o.link("persons", {"a60": "ja", "started": "nee"})
        led_o.coarsen("grp", "lvl", {"0": ["0"], "2.x+": ["2.1", "2.2"]})
    cells = {"o": [("n", {}, 100), ("with", {"a60": "ja"}, 30), ("l21", {"lvl": "2.1"}, 35)],
             "a": [("n", {}, 100), ("with", {"started": "ja"}, 32), ("g2", {"grp": "2.x+"}, 40)]}
    for report, led in (("o", led_o), ("a", led_a)):
        table = {}
        for column, where, value in cells[report]:
            led.counts.append(Count(report, "t", "t1", column, "persons", conditions(where), value))
            table[column] = [value]
        led.outputs.append(Output(report, "t", "table", "t"))
        pd.DataFrame(table, index=["t1"]).to_csv(root / "tables" / report / "t.csv")
        led.write(root / f"{report}.ledger.json")
    return folder


def test_the_attacker_uses_groups_inside_others_by_definition_across_reports(tmp_path):
    assert attack(_tied_run(tmp_path / "untied", False), 10) == []
    found = attack(_tied_run(tmp_path / "tied", True), 10)
    assert any(r.route == "nested" and r.value == "2" and "a60=nee" in r.where for r in found)  # 32 - 30
    assert any(r.route == "difference" and r.value == "5" and "lvl=2.2" in r.where for r in found)  # 40 - 35
