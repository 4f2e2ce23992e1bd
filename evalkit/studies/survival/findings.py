"""The key findings of the survival report: the sentences a steering committee reads first.

:func:`key_findings` fills a :class:`evalkit.publish.findings.KeyFindings` from the tables the report
shows: every number of a finding is a cell of a released table (:func:`evalkit.publish.findings.cell`),
written with the decimals its table shows, so a hidden cell leaves its finding out. The sentences are
the texts ``finding.*`` and ``caveat.*`` of ``texts/<language>.yaml``; the numbers of the question
(the months, the level of the interval, the 60 of "artikel 60") are given with the finding.

The findings, in the order of the report:

1. the share of all clients with a first job after ``at_months`` months, with its interval;
2. the lowest and highest share over the trajectories at that time;
3. the fastest and slowest median time to a first job over the trajectories;
4. the hazard ratio of the trajectory that differs most from the reference, profile held equal;
5. the share whose first job was an art. 60 job (lowest and highest trajectory);
6. what status snapshots alone would have shown (the under-count in plain words).
"""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from evalkit.publish.degrade import is_unavailable
from evalkit.publish.findings import Cell, KeyFindings, cell, numbers_in
from evalkit.studies.survival.formatting import _t, trajectory_label
from evalkit.studies.survival.vocabulary import _num as _key

#: The level of every interval the report shows (a number that a finding's sentence holds).
LEVEL = 95
#: The cause code of an art. 60 first job (:data:`evalkit.studies.survival.analysis.CAUSES`).
ART60 = 1


def _release(table: Any):
    """The released table (:class:`evalkit.publish.sdc.Released`) behind a shown table, or None."""
    if table is None or is_unavailable(table):
        return None
    return getattr(table, "attrs", {}).get("release")


def _column(table, prefix: str, months: float) -> str | None:
    """The column ``<prefix><months>`` of a released table (``s12``, ``c1_24``), however the months were written."""
    for name in (f"{prefix}{months}", f"{prefix}{_key(months)}", f"{prefix}{float(months)}"):
        if name in table.columns:
            return name
    return None


def _finite(c: Cell | None) -> bool:
    return c is not None and bool(np.isfinite(c.value))


def _extremes(cells: dict[str, tuple[Cell, ...]]) -> tuple[str, str] | None:
    """The rows with the lowest and the highest first cell; None when fewer than two rows, or when a
    row has a hidden or missing cell (then no reader can tell which is lowest or highest, and neither
    can a finding)."""
    rows = list(cells)
    if len(rows) < 2 or not all(_finite(c) for cs in cells.values() for c in cs):
        return None
    low = min(rows, key=lambda r: cells[r][0].value)
    high = max(rows, key=lambda r: cells[r][0].value)
    return (low, high) if low != high else None


def share_findings(findings: KeyFindings, shares: Any, endpoint: str, at_months: float, section: str) -> None:
    """Findings 1 and 2: the share with the outcome after ``at_months`` (everyone; lowest and highest trajectory)."""
    released = _release(shares)
    if released is None:
        return
    language = findings.language
    parts = getattr(released, "parts", {"share": released, "share_all": released})
    s, lo, hi = (_column(parts["share"].table, k, at_months) for k in ("s", "lo", "hi"))
    if s is None:
        return
    overall = parts["share_all"]
    if "all" in overall.table.index and s in overall.table.columns:
        pct, low, high = (cell(overall, "all", c, language=language) for c in (s, lo, hi))
        if _finite(pct):
            findings.add(_t("finding.share", language, months=at_months, level=LEVEL, pct=pct, low=low,
                            high=high, endpoint=endpoint),
                         section=section, cells=[pct, low, high], given=[at_months, LEVEL])
    groups = parts["share"]
    cells = {g: tuple(cell(groups, g, c, language=language) for c in (s, lo, hi)) for g in groups.table.index}
    extremes = _extremes(cells)
    if extremes is None:
        return
    (a, a_lo, a_hi), (b, b_lo, b_hi) = cells[extremes[0]], cells[extremes[1]]
    findings.add(_t("finding.share_range", language, months=at_months, level=LEVEL,
                    low=a, low_lower=a_lo, low_upper=a_hi, low_group=trajectory_label(extremes[0], language),
                    high=b, high_lower=b_lo, high_upper=b_hi, high_group=trajectory_label(extremes[1], language)),
                 section=section, cells=[a, a_lo, a_hi, b, b_lo, b_hi], given=[at_months, LEVEL])


def median_finding(findings: KeyFindings, median: Any, endpoint: str, section: str) -> None:
    """Finding 3: the fastest and the slowest trajectory by the median months to the outcome."""
    released = _release(median)
    if released is None:
        return
    language = findings.language
    cells = {g: (cell(released, g, "median", language=language),
                 cell(released, g, "ci", part=0, language=language),
                 cell(released, g, "ci", part=1, language=language)) for g in released.table.index}
    extremes = _extremes(cells)
    if extremes is None:
        return
    (a, a_lo, a_hi), (b, b_lo, b_hi) = cells[extremes[0]], cells[extremes[1]]
    findings.add(_t("finding.median", language, level=LEVEL, endpoint=endpoint,
                    fast=a, fast_lower=a_lo, fast_upper=a_hi, fast_group=trajectory_label(extremes[0], language),
                    slow=b, slow_lower=b_lo, slow_upper=b_hi, slow_group=trajectory_label(extremes[1], language)),
                 section=section, cells=[a, a_lo, a_hi, b, b_lo, b_hi], given=[LEVEL])


def ratio_finding(findings: KeyFindings, ratios: Any, endpoint: str, section: str) -> None:
    """Finding 4: the trajectory whose hazard ratio lies furthest from 1 (on the log scale), the
    profile held equal, with its interval."""
    released = _release(ratios)
    if released is None:
        return
    language = findings.language
    t = released.table
    rows = t[t["variable"] == "trajectory"]
    reference = [r for r in rows.index if bool(rows.at[r, "reference"])]
    cells = {}
    for row in rows.index:
        if row in reference:
            continue
        ratio = cell(released, row, "ratio", language=language)
        if _finite(ratio) and ratio.value > 0:
            cells[row] = (ratio, cell(released, row, "ci_lower", language=language),
                          cell(released, row, "ci_upper", language=language))
    cells = {r: cs for r, cs in cells.items() if all(_finite(c) for c in cs)}
    if not cells or not reference:
        return
    row = max(cells, key=lambda r: abs(np.log(cells[r][0].value)))
    ratio, low, high = cells[row]
    key = "finding.hr.faster" if ratio.value >= 1 else "finding.hr.slower"
    findings.add(_t(key, language, level=LEVEL, endpoint=endpoint, hr=ratio, low=low, high=high,
                    group=trajectory_label(t.at[row, "level"], language),
                    reference=trajectory_label(t.at[reference[0], "level"], language)),
                 section=section, cells=[ratio, low, high], given=[LEVEL])


def art60_finding(findings: KeyFindings, cif: Any, months: Sequence[float], section: str) -> None:
    """Finding 5: the share whose first job was an art. 60 job, lowest and highest trajectory, at the
    latest of ``months`` at which at least two trajectories are shown."""
    released = _release(cif)
    if released is None:
        return
    language = findings.language
    for m in sorted(months, reverse=True):
        column = _column(released.table, f"c{ART60}_", m)
        if column is None:
            continue
        cells = {g: (cell(released, g, column, language=language),) for g in released.table.index}
        extremes = _extremes(cells)
        if extremes is None:
            continue
        (a,), (b,) = cells[extremes[0]], cells[extremes[1]]
        findings.add(_t("finding.art60", language, months=m, low=a, low_group=trajectory_label(extremes[0], language),
                        high=b, high_group=trajectory_label(extremes[1], language)),
                     section=section, cells=[a, b], given=[m, 60])
        return


def snapshot_finding(findings: KeyFindings, snapshot: Any, design: str, at_months: float, section: str) -> None:
    """Finding 6: the share with a first job after ``at_months`` from the employment spells, from
    snapshots of ``design`` only, and from the naive reading of the first snapshot with work."""
    released = _release(snapshot)
    if released is None:
        return
    language = findings.language
    row = f"{design}@{_key(at_months)}"
    if row not in released.table.index:
        return
    spells, snapshots, naive = (cell(released, row, c, language=language)
                                for c in ("episodes", "turnbull", "right_point"))
    if not (_finite(spells) and _finite(snapshots)):
        return
    # fewer jobs seen from the snapshots (by more than one percentage point): what they miss; otherwise
    # the two shares side by side
    key = "finding.snapshot" if snapshots.value < spells.value - 1 else "finding.snapshot.other"
    findings.add(_t(key, language, months=at_months, design=_t(f"design_word.{design}", language),
                    spells=spells, snapshots=snapshots, naive=naive),
                 section=section, cells=[spells, snapshots, naive], given=[at_months])


def caveats(findings: KeyFindings, facts: dict) -> None:
    """What the findings do not say: differences are no effects; the synthetic data (or what the
    registry does not see); how long the follow-up was."""
    language = findings.language
    findings.caveat(_t("caveat.confounding", language))
    findings.caveat(_t("caveat.synthetic" if facts.get("synthetic") else "caveat.registry", language))
    follow_up = facts.get("median_follow_up")
    if follow_up is not None and np.isfinite(follow_up):
        findings.caveat(_t("caveat.follow_up", language, censor_date=facts["censor_date"],
                           median_follow_up=follow_up))


def key_findings(findings: KeyFindings, *, facts: dict, job_definition: str = "any_job", shares: Any = None,
                 median: Any = None, ratios: Any = None, cif: Any = None, snapshot: Any = None,
                 share_months: Sequence[float] = (6, 12, 18, 24), at_months: float = 12,
                 snapshot_design: str = "yearly", snapshot_months: float = 24, headline: Any = None) -> KeyFindings:
    """Fill ``findings`` with the survival report's key findings and caveats (see the module's
    docstring), from the tables the report shows: ``shares`` (:func:`~.tables.share_table`),
    ``median`` (:func:`~.tables.median_table`), ``ratios`` (:func:`~.tables.cox_table`), ``cif``
    (:func:`~.tables.cif_table`), ``snapshot`` (:func:`~.tables.snapshot_table`), each a table or
    an ``Unavailable`` (then its finding is left out). ``headline``: the figure the run's brief shows.

    Each finding points to the section its table stands in (the headings ``km.heading``,
    ``cox.heading``, ``cif.heading``, ``snapshot.heading``). Returns ``findings``.
    """
    language = findings.language
    endpoint = _t(f"finding.endpoint.{job_definition}", language)
    first = len(findings.findings)
    km = _t("km.heading", language)
    share_findings(findings, shares, endpoint, at_months, km)
    median_finding(findings, median, endpoint, km)
    ratio_finding(findings, ratios, endpoint, _t("cox.heading", language))
    # the kinds of first job and the snapshots are about the first job of any kind, whatever the outcome
    art60_finding(findings, cif, share_months, _t("cif.heading", language))
    snapshot_finding(findings, snapshot, snapshot_design, snapshot_months, _t("snapshot.heading", language))
    # a number in the outcome's name (the 60 of "artikel 60") is one of the question, not of the data
    for finding in findings.findings[first:]:
        if endpoint in finding.text:
            finding.given.extend(n for n in numbers_in(endpoint) if n not in finding.given)
    caveats(findings, facts)
    if headline is not None and not is_unavailable(headline):
        findings.headline(headline)
    return findings
