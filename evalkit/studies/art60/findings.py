"""The key findings of the art. 60 report (:mod:`evalkit.publish.findings`): a few plain sentences at
the top of the report, each of whose numbers is a cell of a table the report shows, and the caveats.

:func:`key_findings` reads the released tables the notebook has shown and adds to its
:class:`~evalkit.publish.findings.KeyFindings`:

1. the share of clients who started an art. 60 within two years of the intake (use table);
2. how long an art. 60 job lasts: the median duration (duration table);
3. the situation right after the art. 60: a regular job (with its interval), unemployment benefit,
   back on social assistance (next-state table);
4. the share in a regular job, and back on social assistance, a year after the end (occupation table);
5. the share with a durable regular job (365 days or more) within two years after the end (durable table);
6. the comparison with clients without art. 60 at the first landmark (landmark table).

A finding whose table could not be made, or whose cell is hidden by disclosure control, is left out.
Each cell names its place as the released table (``disclosure/tables/art60/<output>.csv``) does; the
landmark differences, which no released table holds, are cells of the table shown under its caption.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any, Sequence

from evalkit import formats
from evalkit.publish.degrade import is_unavailable
from evalkit.publish.findings import Cell, KeyFindings, cell
from evalkit.publish.sdc import Released
from evalkit.studies.art60.categories import _t, label, total_label
from evalkit.studies.art60.analysis import OCCUPATION_MONTHS
from evalkit.studies.art60.cells import _INDENT
from evalkit.studies.art60.readings import listed

#: The study's name in the run folder (``findings/art60.json``).
REPORT = "art60"
#: The number in the name of the measure (*artikel 60*), which every finding names: a number of the
#: question, not of the data.
ARTICLE = 60


def _indexed(released: Released) -> Released:
    """A shown table with its rows named by its first column, as the released table names them."""
    table = released.table
    return Released(table.set_index(table.columns[0]), released.note, released.hidden, released.output)


def _cell(released, row: str, column: str, language: str, part: int | None = None,
          csv: tuple[str, str] | None = None) -> Cell | None:
    """The cell ``(row, column)`` of a released table as shown (``part`` of a cell with an interval),
    None when the table is missing, the cell absent or hidden. ``csv`` names the cell as the released
    table's file does, when that is a long table (one row per cell, as the occupation table)."""
    if released is None or is_unavailable(released):
        return None
    table = _indexed(released)
    if row not in table.table.index or column not in table.table.columns:
        return None
    found = cell(table, row, column, part=part, language=language)
    if found is not None and csv is not None:
        found = replace(found, row=csv[0], column=csv[1])
    return found


def _shown_cell(released, heading: str, row: str, column: str, caption: str, language: str,
                part: int | None = None) -> Cell | None:
    """A cell of a table shown without its own released values (the landmark differences), named by the
    table's caption: the row ``row`` under the heading row ``heading``, when it is the first row of that
    name in the table (a reader finds it back by its caption, row and column)."""
    if released is None or is_unavailable(released):
        return None
    table = released.table.set_index(released.table.columns[0])
    labels = list(table.index)
    if heading not in labels or row not in labels[labels.index(heading):] or column not in table.columns:
        return None
    if labels.index(row) < labels.index(heading):
        return None
    first = table[~table.index.duplicated()]
    return cell(first, row, column, caption=caption, part=part, language=language)


def _add(findings: KeyFindings, key: str, section: str, cells: dict[str, Cell | None], numbers: dict[str, Any],
         extra: Sequence[Any] = (), language: str = "nl") -> bool:
    """Add the finding ``finding.<key>`` when every cell it quotes is shown; ``numbers`` are the other
    numbers of its text (those of the question: months), ``extra`` the numbers its text holds as words
    of the catalogue (95 of an interval, 365 days, the 60 of *artikel 60*)."""
    if any(c is None for c in cells.values()):
        return False
    sentence = _t(f"finding.{key}", language, **cells, **numbers)
    return findings.add(sentence, section=section, cells=list(cells.values()),
                        given=[*numbers.values(), *extra, ARTICLE])


def key_findings(findings: KeyFindings, *, use=None, durations=None, following=None, occupied=None, durable=None,
                 compared=None, landmark=None, occupation_months: Sequence[float] = OCCUPATION_MONTHS,
                 use_at: float = 24, occupation_at: float = 12, durable_at: float = 24, censor_date=None,
                 synthetic: bool = False) -> KeyFindings:
    """Add the key findings and caveats of the art. 60 report to ``findings``, from the released tables
    the report shows (any of them may be missing or an Unavailable: its findings are left out).

    ``use`` (:func:`~evalkit.studies.art60.use_table`), ``durations``
    (:func:`~evalkit.studies.art60.duration_table`), ``following``
    (:func:`~evalkit.studies.art60.next_state_table`), ``occupied``
    (:func:`~evalkit.studies.art60.occupation_table`), ``durable``
    (:func:`~evalkit.studies.art60.durable_table`), ``compared``
    (:func:`~evalkit.studies.art60.landmark_table`) with ``landmark`` the comparison it shows
    (:func:`~evalkit.studies.art60.landmark_comparison`); the findings quote the use table at
    ``use_at`` months after the intake, the occupation table (of ``occupation_months``) at
    ``occupation_at`` and the durable table at ``durable_at`` months after the end of the art. 60.

    Examples
    --------
    >>> from evalkit.publish import sdc
    >>> from evalkit.studies.art60 import examples, next_state_table
    >>> registry, cohort, jobs, after = examples.bundled()
    >>> found = key_findings(KeyFindings("art60", "en"), following=next_state_table(after, "en"))
    >>> print(found.findings[0].text[:72])
    Right after the art. 60, **39.5%** (95% CI 36.4–42.6%) found a regular j
    >>> [c.shown for c in found.findings[0].cells][:2], found.findings[0].given
    ([['39.5'], ['36.4']], ['95', '60'])
    >>> sdc.reset()
    """
    language = findings.language

    # 1. the use of art. 60
    column = _t("col.cif_months", language, months=use_at)
    _add(findings, "started", _t("use.heading", language),
         {"pct": _cell(use, total_label(language), column, language)}, {"months": use_at}, language=language)

    # 2. how long an art. 60 lasts
    _add(findings, "duration", _t("use.heading", language),
         {"median": _cell(durations, total_label(language), _t("col.median_duration", language), language)}, {},
         language=language)

    # 3. the situation right after the art. 60
    if following is not None and not is_unavailable(following):
        column = following.table.columns[2]

        def share(state, part=0):
            return _cell(following, label("state", state, language), column, language, part=part)

        _add(findings, "next", _t("after.heading", language),
             {"regular": share("regulier_werk"), "regular_lo": share("regulier_werk", 1),
              "regular_hi": share("regulier_werk", 2), "ub": share("werkloosheidsuitkering"), "ll": share("leefloon")},
             {}, extra=[95], language=language)

    # 4. a year later
    column = _t("col.after_months", language, months=occupation_at)

    def occupying(state, part=0):
        return _cell(occupied, label("state", state, language), column, language, part=part,
                     csv=(f"{state}@{occupation_at:g}", "value"))

    _add(findings, "occupation", _t("occupation.heading", language, months=listed(occupation_months, language)),
         {"work": occupying("regulier_werk"), "work_lo": occupying("regulier_werk", 1),
          "work_hi": occupying("regulier_werk", 2), "ll": occupying("leefloon")},
         {"months": occupation_at}, extra=[95], language=language)

    # 5. a durable regular job after the art. 60 (a job of 365 days or more)
    row = _t("durable.after_art60_regular", language, months=durable_at)
    column = _t("definition.spell_365", language)
    key = (f"after_art60_regular@{durable_at:g}@spell_365", "value")
    _add(findings, "durable", _t("durable.heading", language),
         {"pct": _cell(durable, row, column, language, 0, key), "lo": _cell(durable, row, column, language, 1, key),
          "hi": _cell(durable, row, column, language, 2, key)},
         {"months": durable_at}, extra=[95, 365], language=language)

    # 6. compared with clients without art. 60, at the first landmark and horizon
    if landmark is not None and not is_unavailable(landmark) and len(landmark):
        first = landmark.iloc[0]
        lm, h = float(first["landmark_months"]), float(first["horizon_months"])
        heading = _t("landmark.at", language, months=lm)
        row = _INDENT + _t(f"landmark.{first['outcome']}", language, months=h)
        column, caption = _t("col.difference", language), _t("landmark.caption", language)
        parts = {name: _shown_cell(compared, heading, row, column, caption, language, part)
                 for part, name in enumerate(("difference", "lo", "hi"))}
        if all(parts.values()):
            lo, hi = parts["lo"].value, parts["hi"].value
            which = "landmark" if lo > 0 else "landmark_less" if hi < 0 else "landmark_unclear"
            _add(findings, which, _t("landmark.heading", language), parts, {"landmark": lm, "horizon": h},
                 extra=[95], language=language)

    # what the findings do not say
    findings.caveat(_t("caveat.confounding", language))
    if synthetic:
        findings.caveat(_t("caveat.synthetic", language))
    if formats.as_date(censor_date) is not None:
        findings.caveat(_t("caveat.follow_up", language, censor_date=censor_date))
    return findings
