"""Variables of different reports tied together: groupings (``Ledger.coarsen``) and cells empty by
definition across reports (``Ledger.link``). Without them a reader who knows the definitions works out
counts the engine thinks are safe."""
import pytest

from evalkit.errors import InputError
from evalkit.publish import sdc
from evalkit.publish.sdc import Count, Ledger, Policy, conditions, findings, protect


def _grouped(tied: bool) -> Ledger:
    """Report A publishes the group "hi" (levels 2 and 3); report B the levels, with level 3 hidden."""
    led = Ledger(domains={"g": ("lo", "hi"), "lvl": ("1", "2", "3")})
    if tied:
        led.coarsen("g", "lvl", {"lo": ["1"], "hi": ["2", "3"]})
    led.counts = [Count("a", "t", "hi", "n", "persons", conditions({"g": "hi"}), 40),
                  Count("b", "t", "1", "n", "persons", conditions({"lvl": "1"}), 50),
                  Count("b", "t", "2", "n", "persons", conditions({"lvl": "2"}), 35),
                  Count("b", "t", "3", "n", "persons", conditions({"lvl": "3"}), None)]
    return led


def test_a_group_minus_its_published_levels_is_found_once_the_grouping_is_declared():
    assert findings(_grouped(False), Policy()) == []
    found = findings(_grouped(True), Policy())
    assert [(f.report, f.row, f.low, f.high) for f in found] == [("b", "3", 5.0, 5.0)]


def test_protection_of_a_grouped_variable_leaves_nothing_derivable_and_keeps_the_original_conditions():
    led = _grouped(True)
    hidden = protect(led, Policy())
    assert hidden and findings(led, Policy()) == []
    assert led.counts[0].where == conditions({"g": "hi"})  # written back in the group's own codes
    assert {c.key for c in led.counts if c.value is None} >= set(hidden)


def _nested(tied: bool) -> Ledger:
    """A: art. 60 by the snapshot date per trajectory; B: art. 60 during follow-up, which includes it."""
    led = Ledger(domains={"traj": ("t1", "t2"), "a60": ("ja", "nee"), "started": ("ja", "nee")})
    if tied:
        led.link("persons", {"a60": "ja", "started": "nee"})
    for report, variable, n_with in (("a", "a60", 30), ("b", "started", 32)):
        led.counts += [Count(report, "t", "t1", "n", "persons", conditions({"traj": "t1"}), 100),
                       Count(report, "t", "t1", "with", "persons", conditions({"traj": "t1", variable: "ja"}), n_with)]
    return led


def test_a_count_inside_another_by_definition_gives_their_difference_once_linked():
    assert findings(_nested(False), Policy()) == []
    found = findings(_nested(True), Policy())
    assert {(f.where, f.low, f.high) for f in found} == {("a60=nee & started=ja & traj=t1", 2.0, 2.0)}
    led = _nested(True)
    protect(led, Policy())
    assert findings(led, Policy()) == []


def test_cells_empty_by_the_link_are_not_findings():
    led = _nested(True)
    led.counts[3] = Count("b", "t", "t1", "with", "persons", conditions({"traj": "t1", "started": "ja"}), 45)
    assert findings(led, Policy()) == []  # a60=ja & started=nee is 0 by definition, not a disclosure


def test_a_link_whose_variables_are_not_all_published_changes_nothing():
    led = _nested(True)
    led.counts = led.counts[:2]
    assert findings(led, Policy()) == []


def test_ties_survive_the_ledger_file_and_merge_across_reports(tmp_path):
    led = _grouped(True)
    led.link("persons", {"g": "hi", "lvl": "1"})
    led.write(tmp_path / "a.ledger.json")
    back = Ledger.read(tmp_path / "a.ledger.json")
    assert back.coarsenings == led.coarsenings and back.links == led.links
    run = Ledger()
    run.extend(back)
    run.extend(back)
    assert run.links == led.links and run.coarsenings == led.coarsenings


def test_contradicting_declarations_are_refused_with_a_message():
    led = _grouped(True)
    with pytest.raises(InputError, match="two different groupings"):
        led.coarsen("g", "lvl", {"lo": ["1", "2"], "hi": ["3"]})
    bad = _grouped(False)
    bad.coarsen("g", "lvl", {"lo": ["1"], "mid": ["2"], "hi": ["3"]})
    with pytest.raises(InputError, match="grouping of 'g'"):
        bad.recoded()
    with pytest.raises(InputError, match="two or more variables"):
        led.link("persons", {"g": "hi"})


def test_release_table_records_ties_in_the_report_ledger():
    sdc.reset("ties")
    import os
    import pandas as pd

    os.environ[sdc.release.REPORT_ENV] = "ties"
    try:
        t = pd.DataFrame({"n": [60, 40]}, index=["lo", "hi"])
        sdc.release_table(t, "groups", rows={"lo": {"g": "lo"}, "hi": {"g": "hi"}}, counts={"n": {}},
                          domains={"g": ["lo", "hi"], "lvl": ["1", "2", "3"]},
                          coarsenings={"g": ("lvl", {"lo": ["1"], "hi": ["2", "3"]})},
                          links=[{"g": "hi", "lvl": "1"}])
        led = sdc.ledger("ties")
        assert led.coarsenings["g"][0] == "lvl" and led.links == [("persons", conditions({"g": "hi", "lvl": "1"}))]
    finally:
        del os.environ[sdc.release.REPORT_ENV]
        sdc.reset("ties")

