"""The key findings of the trajectory report: the few sentences a steering committee reads first.

:func:`key_findings` writes them from the tables the report shows (through
:func:`evalkit.publish.findings.cell`, so a hidden cell gives no number and its finding is left out):

- per comparison, the share with a first job with the same profile in both groups and their difference
  with its interval and the naive difference, at the last horizon at which the table shows them
  (:func:`~evalkit.studies.trajectories.tables.effect_summary_table`);
- the comparison by trajectory followed against that by assigned trajectory, for the comparison where
  the two differ most (:func:`~evalkit.studies.trajectories.tables.itt_at_table`);
- how often the trajectory changed (:func:`~evalkit.studies.trajectories.tables.change_table`, as
  released);

then the caveats: confounding by what was not registered, the synthetic data (or the age restriction
of the youth comparison on real data), and the follow-up.
"""
from __future__ import annotations

from typing import Mapping

from evalkit.publish.degrade import is_unavailable
from evalkit.publish.findings import KeyFindings, cell
from evalkit.publish.sdc import Released
from evalkit.studies.trajectories.analysis import TRAJECTORIES, YOUTH
from evalkit.studies.trajectories.formatting import _t, trajectory_label
from evalkit.studies.trajectories.tables import itt_at_caption, summary_caption

#: The level of every interval of the report (a number of the question, not of the data).
LEVEL = 95


def section(key: str, language: str) -> str:
    """The heading of a report section as the report shows it (without the Markdown marks)."""
    return _t(key, language).lstrip("#").strip()


def _shown(released) -> bool:
    return released is not None and not is_unavailable(released)


def effect_finding(findings: KeyFindings, summaries: Mapping[float, Released], trajectory: str, reference: str,
                   language: str) -> bool:
    """The finding of one comparison: at the last horizon at which the summary table shows the
    shares, the difference and its interval (an earlier one when the last hides them). Returns
    whether it was added."""
    label = trajectory_label(trajectory, language)
    group = _t("finding.reference_youth" if trajectory == YOUTH else "finding.reference", language,
               reference=trajectory_label(reference, language))
    names = {k: _t(f"summary.{k}", language) for k in ("reference", "trajectory", "difference", "ci", "naive")}
    for horizon in sorted(summaries, reverse=True):
        table = summaries[horizon]
        if not _shown(table) or label not in table.table.index:
            continue
        caption = summary_caption(horizon, language)

        def at(column, part=None):
            return cell(table.table, label, names[column], caption=caption, part=part, language=language)

        cells = {"share": at("trajectory"), "reference": at("reference"), "difference": at("difference"),
                 "lo": at("ci", 0), "hi": at("ci", 1)}
        if any(c is None for c in cells.values()):
            continue
        naive = at("naive")  # the naive difference is said when the table shows it
        naive_part = _t("finding.naive_part", language, naive=naive) if naive is not None else ""
        unclear = cells["lo"].value <= 0 <= cells["hi"].value
        sentence = _t("finding.effect_unclear" if unclear else "finding.effect", language, months=int(horizon),
                      trajectory=label, reference_group=group, naive_part=naive_part, **cells)
        return findings.add(sentence, section=section("effects.heading", language),
                            cells=list(cells.values()) + ([naive] if naive is not None else []),
                            given=[int(horizon), LEVEL])
    return False


def itt_at_finding(findings: KeyFindings, table: Released | None, language: str) -> bool:
    """The comparison by trajectory followed against that by assigned trajectory, for the comparison
    where the two (shown) differences differ most."""
    if not _shown(table):
        return False
    horizon = table.horizon
    caption = itt_at_caption(table, language)
    c_itt, c_at = _t("itt_at.col.itt", language), _t("itt_at.col.at", language)
    best = None
    for label in table.table.index:
        itt = cell(table.table, label, c_itt, caption=caption, language=language)
        at = cell(table.table, label, c_at, caption=caption, language=language)
        if itt is None or at is None:
            continue
        if best is None or abs(at.value - itt.value) > abs(best[2].value - best[1].value):
            best = (label, itt, at)
    if best is None:
        return False
    label, itt, at = best
    sentence = _t("finding.itt_at", language, months=int(horizon), trajectory=label, itt=itt, at=at)
    return findings.add(sentence, section=section("itt.heading", language), cells=[itt, at], given=[int(horizon)])


def changes_finding(findings: KeyFindings, changes: Released | None, reference: str, language: str) -> bool:
    """How often the trajectory changed within the longest period of the change table: in the
    reference trajectory and in the trajectory where it changed most (as released)."""
    released = getattr(changes, "source", None) if _shown(changes) else None
    if released is None:
        return False
    periods = sorted(int(c.removeprefix("by_")) for c in released.table.columns if c.startswith("by_"))
    if not periods:
        return False
    months = periods[-1]
    column = f"by_{months}"
    shown = {}
    for code in TRAJECTORIES:
        label = trajectory_label(code, language)
        if label in released.table.index:
            c = cell(released, label, column, language=language)
            if c is not None:
                shown[code] = (label, c)
    if not shown:
        return False
    first = shown.get(reference) or max(shown.values(), key=lambda lc: lc[1].value)
    others = [v for k, v in shown.items() if v[0] != first[0]]
    if others:
        second = max(others, key=lambda lc: lc[1].value)
        sentence = _t("finding.changes", language, months=months, first=first[1], first_trajectory=first[0],
                      second=second[1], second_trajectory=second[0])
        cells = [first[1], second[1]]
    else:
        sentence = _t("finding.changes_one", language, months=months, first=first[1], first_trajectory=first[0])
        cells = [first[1]]
    return findings.add(sentence, section=section("itt.heading", language), cells=cells, given=[months])


def key_findings(findings: KeyFindings, summaries: Mapping[float, Released], itt_at: Released | None,
                 changes: Released | None, reference: str, synthetic: bool, extraction_date,
                 language: str = "nl", headline=None) -> KeyFindings:
    """Fill ``findings`` with the key findings and caveats of the trajectory report (see the module).

    ``summaries`` maps each horizon to its shown :func:`effect_summary_table`; ``itt_at`` is the shown
    :func:`itt_at_table` (at the last horizon), ``changes`` the shown :func:`change_table`;
    ``headline`` the figure the run's brief shows for this study (the adjusted curves; none when
    they could not be drawn). Returns ``findings``.
    """
    if headline is not None and not is_unavailable(headline):
        findings.headline(headline)
    compared = []
    for table in summaries.values():
        if _shown(table):
            compared += [t for t in TRAJECTORIES if trajectory_label(t, language) in table.table.index
                         and t not in compared]
    for trajectory in [t for t in TRAJECTORIES if t in compared]:
        effect_finding(findings, summaries, trajectory, reference, language)
    horizons = sorted(summaries)
    itt_at_finding(findings, itt_at, language)
    changes_finding(findings, changes, reference, language)
    findings.caveat(_t("caveat.confounding", language))
    findings.caveat(_t("caveat.synthetic" if synthetic else "caveat.youth", language))
    findings.caveat(_t("caveat.followup", language, months=int(horizons[-1]) if horizons else 24,
                       extraction_date=extraction_date))
    return findings
