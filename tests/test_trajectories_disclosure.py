"""The trajectory study's released tables: no small count or zero is shown, and a reader cannot work
out a hidden count from the study's tables together (the ledger has no findings)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402

from evalkit import outcomes  # noqa: E402
from evalkit.publish import sdc  # noqa: E402
from evalkit.registry import load_registry  # noqa: E402
from evalkit.stats import sequences  # noqa: E402
from evalkit.studies import trajectories as tr  # noqa: E402


def _synth(tmp_path_factory, n, seed):
    out = tmp_path_factory.mktemp(f"synth{n}")
    subprocess.run([str(Path(sys.executable).with_name("evalkit")), "synth", "--n", str(n), "--seed", str(seed), "--out", str(out)],
                   check=True, capture_output=True)
    return str(out)


def _release_all(data, m=10):
    """Every table of the report, released in the order of the notebook: the comparison by realised
    trajectory (behind the table beside the one by assigned trajectory) after the trajectory changes,
    the weights in the appendix last."""
    sdc.reset()
    registry = load_registry(data)
    frame = tr.analysis_frame(registry, "COB", "2017-01-01", "2018-12-31")
    cohort = outcomes.cohort(registry, "COB")
    u = tr.universe(cohort, frame, m)
    snapshot = outcomes.cohort_snapshot(registry, "2020-03-31", programme="COB")
    released = [tr.intakes_table(frame, u, "nl", m)]
    released += [tr.raw_work_table(snapshot, "2020-03-31",
                                  tr.universe(cohort, snapshot, m, variable="trajectories.snapshot_cohort"), "nl", m)]
    itt = tr.compare_trajectories(frame, n_boot=5, seed=1, min_cell_size=m)
    as_treated = tr.compare_trajectories(frame, group="realised_trajectory", n_boot=5, seed=1, min_cell_size=m)
    shares = tr.job_shares_table(itt, frame, "nl", m, u)
    effects = tr.effects_table(itt, "nl", shares=shares)
    released += [shares, effects, tr.rmst_table(itt, "nl", shares),
                 tr.transition_table(frame, "nl", m, u), tr.change_table(frame, min_cell_size=m, u=u)]
    shares_realised = tr.job_shares_table(as_treated, frame, "nl", m, u)
    effects_realised = tr.effects_table(as_treated, "nl", shares=shares_realised)
    released += [shares_realised, tr.itt_at_table(effects, effects_realised, language="nl")]
    seq = sequences.monthly_states(registry, frame, months=36)
    chronogram = tr.chronogram_shares(seq, frame.set_index("intake_id")["trajectory"], m, "nl", u)
    released.append(tr.mean_months_table(seq, frame, "nl", m, u))
    released.append(tr.sensitivity_table(itt, "nl", shares))
    released.append(tr.weights_table(itt, "nl", m, u))
    released += list(tr.effect_summaries(effects, "nl").values())
    return [r for r in released if hasattr(r, "table")], chronogram


def _check_shown(released, m=10):
    book = sdc.ledger()
    for c in book.counts:
        assert c.value is None or c.value >= m, c
    for r in released:
        assert "<10" not in r.table.to_string()


@pytest.mark.parametrize("source", ["bundled", (300, 11), (150, 3)])
def test_released_tables_show_no_small_count(source, tmp_path_factory):
    data = "synthetic" if source == "bundled" else _synth(tmp_path_factory, *source)
    released, _ = _release_all(data)
    _check_shown(released)
    sdc.reset()


@pytest.mark.parametrize("source", ["bundled", (300, 11), (150, 3)])
def test_no_hidden_count_can_be_worked_out(source, tmp_path_factory):
    data = "synthetic" if source == "bundled" else _synth(tmp_path_factory, *source)
    _release_all(data)
    found = sdc.findings(sdc.ledger(), sdc.Policy())
    sdc.reset()
    assert not found, [f.message() for f in found[:5]]


def test_no_shown_table_has_a_column_headed_index():
    import re

    from evalkit.publish import display

    def rows(table, **kwargs):
        page = display.table_html(table, language="nl", **kwargs)
        return [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S) for row in re.findall(r"<tr[^>]*>(.*?)</tr>", page, re.S)]

    released, _ = _release_all("synthetic")
    # the intakes (one number for the data sentence) and the shares of the groups (behind the
    # effects, by assigned and by realised trajectory) are not shown as tables
    (_intakes, raw, _shares, effects, rmst, transitions, changes, _shares_realised, itt_at, means, sensitivity,
     weights, *summaries) = released
    assert len(summaries) == 2  # one summary of the effects per horizon
    for r in (raw, weights, effects, rmst, transitions, changes, itt_at, means, sensitivity, *summaries):
        header = rows(r.table)[0]
        assert "index" not in header and len(set(header)) == len(header), (r.output, header)
    assert rows(raw.table)[0][0] == raw.table.index.name == tr.TEXTS.text("col.trajectory", "nl")
    assert rows(transitions.table)[0][0] == tr.TEXTS.text("col.assigned", "nl")
    # the persons followed are whole numbers beside the mean months
    persons = rows(means.table, decimals=1)[1]
    assert persons[0] == tr.TEXTS.text("col.n", "nl") and all(v == "x" or v.isdigit() for v in persons[1:])
    sdc.reset()


def test_the_chronogram_is_drawn_from_released_shares():
    _, shares = _release_all("synthetic")
    book = sdc.ledger()
    published = {(s.output, s.row, s.column): s.value for s in book.shares if s.value is not None}
    for r in shares.itertuples():
        output = f"chronogram_m{r.month:02d}" + ("_all" if r.group == tr.tables.ALL_GROUPS else "")
        assert published[(output, r.group, r.state)] == pytest.approx(100 * r.share)
    sdc.reset()


def test_the_comparison_by_realised_trajectory_hides_what_its_released_tables_hide():
    """The table beside the comparison by assigned trajectory shows the comparison by realised trajectory
    only where its released shares do: a hidden difference of either released effects table is hidden."""
    sdc.reset()
    registry = load_registry("synthetic")
    frame = tr.analysis_frame(registry)
    u = tr.default_universe(frame, 10)
    itt = tr.compare_trajectories(frame, n_boot=5, seed=1)
    as_treated = tr.compare_trajectories(frame, group="realised_trajectory", n_boot=5, seed=1)
    effects = tr.effects_table(itt, "en", shares=tr.job_shares_table(itt, frame, "en", 10, u))
    realised = tr.effects_table(as_treated, "en", shares=tr.job_shares_table(as_treated, frame, "en", 10, u))
    table = tr.itt_at_table(effects, realised, language="en")
    assert table.horizon == 24 and realised.output == "job_shares_realised_trajectory"
    c_itt, c_at = tr.TEXTS.text("itt_at.col.itt", "en"), tr.TEXTS.text("itt_at.col.at", "en")
    for code in set(itt.effects["trajectory"]):
        label = tr.trajectory_label(code, "en")
        assert (table.table.at[label, c_itt] == sdc.MARKER) == ((code, 24) in effects.hidden_adjusted)
        if code in set(as_treated.effects["trajectory"]):
            assert (table.table.at[label, c_at] == sdc.MARKER) == ((code, 24) in realised.hidden_adjusted)
    assert all(table.table.at[r, c] == sdc.MARKER for r, c in table.hidden)
    # the figure draws only the differences the table shows
    fig = tr.plot_itt_vs_as_treated(itt, as_treated, language="en", shown=table)
    drawn = sum(len(line.get_xdata()) - int(sum(map(lambda v: v != v, line.get_xdata())))
                for c in fig.axes[0].containers for line in [c.lines[0]])
    shown = sum(not isinstance(v, str) for v in table.table[[c_itt, c_at]].to_numpy().ravel())
    assert drawn == shown
    sdc.reset()
