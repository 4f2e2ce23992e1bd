"""The overview's key findings: the cohort, who was at work on the snapshot date, by trajectory, by
Dutch level at intake, and the use of art. 60; then what they do not say.

Every number of a finding is a cell of a table the report shows (:func:`evalkit.publish.findings.cell`
of a released table), formatted with the decimals the table shows; a finding whose cell is hidden
by disclosure control, or whose table could not be made, is left out (:meth:`KeyFindings.add`). The
other numbers of a sentence are those of the question (the snapshot date, a number in a category's
label), passed as ``given``.
"""
from __future__ import annotations

from evalkit import formats
from evalkit.publish import labels as common
from evalkit.publish.degrade import Unavailable
from evalkit.publish.findings import KeyFindings, cell, numbers_in

from evalkit.studies.overview.analysis import MISSING, TEXTS
from evalkit.studies.overview.release import Overview, Part, extremes


#: The number of the article of the OCMW law that names an art. 60 job (a number of the question, not of the data).
ARTICLE = 60


def _t(key: str, language: str, **values) -> str:
    return TEXTS.text(key, language, **values)


def _heading(key: str, language: str) -> str:
    """A section's heading as the report shows it (without the Markdown marks)."""
    return _t(key, language).lstrip("#").strip()


def _part(part) -> Part | None:
    return None if isinstance(part, Unavailable) or part is None else part


def largest(part: Part, column: str = "total") -> str | None:
    """The row (code) of a released table with the largest ``column``, leaving out the total and the
    unknown category. A reader must be able to tell it from the table: when categories are hidden, the
    largest shown one counts only if it is larger than all hidden ones together (the shown total minus
    every shown category); else ``None``.

    Examples
    --------
    >>> import pandas as pd
    >>> from evalkit.publish import sdc
    >>> t = pd.DataFrame({"total": [739, 9, 307, 1055]}, index=["0", "1.1", "<1.1", "total"])
    >>> largest(Part(t, "", sdc.Released(t, "", {("1.1", "total")})))  # 9 hidden: 739 is the largest
    '0'
    >>> largest(Part(t, "", sdc.Released(t, "", {("0", "total"), ("1.1", "total")}))) is None  # 748 hidden
    True
    """
    released = part.released
    rows = [row for row in released.table.index if row != "total"]
    shown = {row: float(released.table.at[row, column]) for row in rows if released.shown(row, column)}
    candidates = {row: v for row, v in shown.items() if row != MISSING}
    if not candidates:
        return None
    best = max(candidates, key=candidates.get)
    if len(shown) < len(rows):
        if "total" not in released.table.index or not released.shown("total", column):
            return None
        hidden = float(released.table.at["total", column]) - sum(shown.values())
        if not candidates[best] > hidden:
            return None
    return best


def key_findings(findings: KeyFindings, overview: Overview, programme: str = "COB",
                 synthetic: bool = False, source: str | None = None) -> KeyFindings:
    """Add the overview's findings and caveats to ``findings`` (the report's :class:`KeyFindings`),
    from the released tables of ``overview``; returns ``findings``. On a synthetic registry a caveat
    says so, naming ``source`` (:func:`~evalkit.studies.overview.analysis.source_name`; by default the
    bundled synthetic registry).

    1. the size of the cohort (the total of the table by trajectory, else of the art. 60 table);
    2. the share at work on the snapshot date (the total row of the table by trajectory);
    3. the lowest and highest share at work over the trajectories;
    4. the largest group by Dutch level at intake, and its share at work;
    5. the share with an art. 60, and the trajectory where it is highest.

    Examples
    --------
    >>> from evalkit.publish import sdc
    >>> from evalkit.registry import load_registry
    >>> from evalkit.studies import overview
    >>> registry = load_registry("synthetic")
    >>> cohort = overview.cohort_snapshot(registry, "2020-03-31")
    >>> sdc.reset()
    >>> released = overview.release(registry, cohort, "2020-03-31", language="nl")
    >>> found = key_findings(KeyFindings("overview", "nl"), released, synthetic=True)
    >>> found.findings[1].text
    'Op 31 maart 2020 was **50,2 %** van de cohorte aan het werk (835 van de 1.662 intakes).'
    >>> found.findings[1].cells[0].as_dict()["output"], len(found.caveats)
    ('work_by_trajectory', 3)
    >>> sdc.reset()
    """
    language = findings.language
    date = overview.scope.snapshot_date
    on_date = numbers_in(formats.date(date, language))  # the numbers of the date, as the text writes it
    work_section = _heading("work.heading", language)
    trajectory = _part(overview.work.get("trajectory"))
    art60 = _part(overview.art60)

    # 1. the cohort
    if trajectory is not None:
        n = cell(trajectory.released, "total", "total", language=language)
        section = work_section
    elif art60 is not None:
        n = cell(art60.released, "total", "clients", language=language)
        section = _heading("art60.heading", language)
    else:
        n, section = None, work_section
    if n is not None:
        findings.add(_t("finding.cohort", language, n=n, programme=programme, snapshot_date=date),
                     section=section, cells=[n], given=on_date)

    # 2. at work on the snapshot date, and 3. by trajectory
    if trajectory is not None:
        cells = [cell(trajectory.released, "total", c, language=language) for c in ("pct_work", "work", "total")]
        if all(c is not None for c in cells):
            pct, work, total = cells
            findings.add(_t("finding.work", language, pct=pct, work=work, total=total, snapshot_date=date),
                         section=work_section, cells=cells, given=on_date)
        low, high = extremes(trajectory, "pct_work")
        if low is not None and low != high:
            names = common.category_labels("trajectory_short", language)
            low_pct = cell(trajectory.released, low, "pct_work", language=language)
            high_pct = cell(trajectory.released, high, "pct_work", language=language)
            findings.add(_t("finding.trajectory", language, low=names.get(low, low), high=names.get(high, high),
                            low_pct=low_pct, high_pct=high_pct),
                         section=work_section, cells=[low_pct, high_pct])

    # 4. Dutch level at intake
    nt2 = _part(overview.work.get("nt2_level_at_intake"))
    if nt2 is not None:
        level = largest(nt2)
        if level is not None:
            label = nt2.extra["labels"].get(level, level)
            cells = [cell(nt2.released, level, "total", language=language),
                     cell(nt2.released, "total", "total", language=language),
                     cell(nt2.released, level, "pct_work", language=language)]
            if all(c is not None for c in cells):
                n_level, total, pct = cells
                findings.add(_t("finding.nt2", language, level=label, n=n_level, total=total, pct=pct),
                             section=_heading("profiles.heading", language), cells=cells, given=numbers_in(label))

    # 5. art. 60
    if art60 is not None:
        pct = cell(art60.released, "total", "pct_with_art60", language=language)
        _, high = extremes(art60, "pct_with_art60")
        high_pct = cell(art60.released, high, "pct_with_art60", language=language) if high is not None else None
        if pct is not None and high_pct is not None:
            names = common.category_labels("trajectory_short", language)
            findings.add(_t("finding.art60", language, pct=pct, high=names.get(high, high), high_pct=high_pct),
                         section=_heading("art60.heading", language), cells=[pct, high_pct],
                         given=[ARTICLE])

    findings.caveat(_t("caveat.association", language))
    findings.caveat(_t("caveat.snapshot", language))
    if synthetic:
        findings.caveat(_t("caveat.synthetic", language, source=source or _t("data.synthetic_source", language)))
    return findings


def glossary_extra(language: str = "nl") -> dict[str, str]:
    """The overview's own glossary entries, ``{term: explanation}`` (for :func:`evalkit.publish.display.glossary`).

    Examples
    --------
    >>> glossary_extra("en")["Snapshot date"]
    "the day on which everyone's status is read."
    """
    return dict(entry.split(": ", 1) for entry in TEXTS.table("glossary.extra", language).values())


#: Terms of the shared glossary (``evalkit/publish/texts``, table ``glossary``) that the report uses.
GLOSSARY = ("cohorte", "aan_het_werk", "momentopname", "artikel_60", "confounding", "p_waarde", "geheimhouding",
            "extractiedatum")


def glossary_terms(synthetic: bool = False) -> list[str]:
    """The shared glossary terms of the report (with the synthetic registry's when it runs on one).

    Examples
    --------
    >>> glossary_terms(synthetic=True)[-1]
    'synthetisch'
    """
    return list(GLOSSARY) + (["synthetisch"] if synthetic else [])
