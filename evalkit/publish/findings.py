"""Key findings: the few sentences a steering committee reads first, made from the report's own tables.

Every report opens with its *kernbevindingen* (key findings): three to six numbered sentences in
plain language, each with its number and uncertainty and a link to the section it comes from, then
two or three caveats (*wat dit niet zegt*). They are never typed in: a study writes each sentence
from a text of its catalogue whose numbers are :class:`Cell` objects, cells of a table the report
shows. A cell hidden by disclosure control gives no number (:func:`cell` returns ``None``), so a
finding never shows what its table does not.

In a notebook::

    findings = KeyFindings("survival", language)
    findings.reserve()                      # at the top: the place where the findings will stand
    ...
    share = cell(shares, "lineair", "12")   # a cell of a released table shown below
    findings.add(text("survival.finding.share", language, pct=share), section=heading, cells=[share])
    findings.caveat(text("survival.caveat.confounding", language))
    findings.headline(fig)                  # the figure the cross-study brief shows for this study
    findings.show()                         # at the end: fills in the place reserved at the top

:meth:`KeyFindings.show` also writes ``findings/<report>.json`` (and the headline figure as SVG) into
the run folder, from which the run's brief (:mod:`evalkit.publish.brief`) is made, and which a test
reads to check every number of every finding against the released table it cites.
"""
from __future__ import annotations

import html
import json
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evalkit import formats
from evalkit.publish.labels import CATALOGUE
from evalkit.texts import check_language

#: Folder of a run that holds the findings of its reports.
FOLDER = "findings"
_DISPLAY_ID = "evalkit-key-findings"


def anchor(heading: str) -> str:
    """The id of a report section, made from its heading (the report pages give each heading this id).

    Examples
    --------
    >>> anchor("## Hoe lang tot een eerste job?")
    'hoe-lang-tot-een-eerste-job'
    >>> anchor("Kernbevindingen")
    'kernbevindingen'
    """
    text = heading.lstrip("#").strip()
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "section"


@dataclass
class Cell:
    """One cell of a table the report shows, used as a number in a finding.

    ``output`` is the released output (``disclosure/tables/<report>/<output>.csv``) or ``""`` for a
    table shown without counts, found by its ``caption``; ``row`` and ``column`` name the cell as the
    released table does. Formatting a cell in a text (``{pct:.1f}``) writes its value as the report's
    language does and remembers the text, so that a check can find it back.
    """

    value: float
    row: str
    column: str
    output: str = ""
    caption: str = ""
    language: str = "nl"
    shown: list[str] = field(default_factory=list)
    part: int | None = None

    def __format__(self, spec: str) -> str:
        text = formats.field(self.value, spec, self.language)
        self.shown.append(text)
        return text

    def __float__(self) -> float:
        return float(self.value)

    def as_dict(self) -> dict[str, Any]:
        return {"output": self.output, "caption": self.caption, "row": self.row, "column": self.column,
                "part": self.part, "value": self.value, "shown": list(self.shown)}


def cell(table: Any, row: Any, column: str, *, caption: str = "", part: int | None = None,
         language: str | None = None) -> Cell | None:
    """The cell ``(row, column)`` of a table the report shows, or ``None`` where it has no number.

    ``table`` is a :class:`~evalkit.publish.sdc.Released` table (its hidden cells give ``None``) or a
    plain DataFrame of estimates without counts, then named by its ``caption``. A cell that holds a
    text with numbers (an interval ``38,2–44,0``) gives its number ``part`` (0 the first).

    Examples
    --------
    >>> import pandas as pd
    >>> c = cell(pd.DataFrame({"hr": [1.5]}, index=["lineair"]), "lineair", "hr", caption="Hazard ratios", language="nl")
    >>> format(c, ".2f"), c.shown
    ('1,50', ['1,50'])
    >>> cell(pd.DataFrame({"hr": [None]}, index=["lineair"]), "lineair", "hr") is None
    True
    >>> cell(pd.DataFrame({"ci": ["1,20–1,90"]}, index=["a"]), "a", "ci", part=1, language="nl").value
    1.9
    """
    from evalkit.publish import display
    from evalkit.publish.sdc.release import Released

    language = check_language(language or display._language)
    output = ""
    if isinstance(table, Released):
        value, output = table.value(row, column), table.output
    else:
        value = table.at[row, column]
    if isinstance(value, str) and part is not None:
        found = numbers_in(value)
        if len(found) <= part:
            return None
        value = formats.parse_number(found[part], language)
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if number != number:
        return None
    return Cell(number, str(row), str(column), output=output, caption=caption, language=language, part=part)


@dataclass
class Finding:
    """One key finding: a sentence (Markdown), the section it points to and the cells its numbers come from.

    ``given`` holds the other numbers the sentence may hold: those of the question, not of the data
    (the months of a horizon, the level of an interval), as the text shows them.
    """

    text: str
    section: str
    cells: list[Cell] = field(default_factory=list)
    given: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "section": self.section, "anchor": anchor(self.section),
                "cells": [c.as_dict() for c in self.cells], "given": list(self.given)}


class KeyFindings:
    """The key findings and caveats of one report (see the module's docstring)."""

    def __init__(self, report: str, language: str = "nl"):
        self.report = report
        self.language = check_language(language)
        self.findings: list[Finding] = []
        self.caveats: list[str] = []
        self.figure: dict[str, str] | None = None

    def add(self, text: str, section: str, cells: list[Cell | None] = (), given: list[Any] = ()) -> bool:
        """Add a finding; a finding with a missing cell (hidden, not estimated) is left out. Returns
        whether it was added."""
        if not isinstance(text, str) or any(c is None for c in cells):
            return False
        shown_given = [formats.field(g, "", self.language) if not isinstance(g, str) else g for g in given]
        self.findings.append(Finding(text, section, [c for c in cells if c is not None], shown_given))
        return True

    def caveat(self, text: str) -> None:
        """Add a caveat: what the findings do not say."""
        self.caveats.append(text)

    def headline(self, fig, caption: str = "") -> None:
        """The report's headline figure, shown again in the run's brief (an SVG of a figure already shown)."""
        import io

        from evalkit.publish.display import figure_title

        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
        self.figure = {"svg": buffer.getvalue(), "caption": caption or figure_title(fig),
                       "alt": getattr(fig, "_evalkit_alt", None) or caption or figure_title(fig)}

    # ------------------------------------------------------------------------------------ display

    def html(self) -> str:
        """The findings block as it stands at the top of the report."""
        from evalkit.publish.display import _inline_markdown

        L = CATALOGUE.table("findings", self.language)
        items = "".join(
            f'<li>{_inline_markdown(f.text)} <a class="evalkit-see" href="#{anchor(f.section)}">'
            f'{html.escape(L["see"])}: {html.escape(f.section.lstrip("#").strip())}</a></li>'
            for f in self.findings)
        body = f"<ol>{items}</ol>" if items else f"<p>{html.escape(L['none'])}</p>"
        caveats = "".join(f"<li>{_inline_markdown(c)}</li>" for c in self.caveats)
        if caveats:
            body += f'<h3 id="{anchor(L["caveats"])}">{html.escape(L["caveats"])}</h3><ul>{caveats}</ul>'
        return (f'<section class="evalkit-findings" aria-labelledby="{anchor(L["heading"])}">'
                f'<h2 id="{anchor(L["heading"])}">{html.escape(L["heading"])}</h2>{body}</section>')

    def reserve(self) -> None:
        """Show the place of the findings (call it where they should stand: right after the title)."""
        from IPython.display import HTML, display

        L = CATALOGUE.table("findings", self.language)
        display(HTML(f'<section class="evalkit-findings"><h2>{html.escape(L["heading"])}</h2>'
                     f'<p>{html.escape(L["pending"])}</p></section>'), display_id=_DISPLAY_ID)

    def show(self) -> None:
        """Fill in the findings where :meth:`reserve` put them, and write them into the run folder."""
        from IPython.display import HTML, update_display

        from evalkit.publish.sdc.release import record_shown

        update_display(HTML(self.html()), display_id=_DISPLAY_ID)
        # In the disclosure log like any table: the findings show cells of these released outputs.
        outputs = list(dict.fromkeys(c.output for f in self.findings for c in f.cells if c.output))
        record_shown("text", CATALOGUE.table("findings", self.language)["heading"], outputs)
        self.write()

    def as_dict(self) -> dict[str, Any]:
        return {"report": self.report, "language": self.language,
                "findings": [f.as_dict() for f in self.findings], "caveats": list(self.caveats),
                "headline": ({"file": f"{self.report}.svg", "caption": self.figure["caption"],
                              "alt": self.figure["alt"]} if self.figure else None)}

    def write(self, run: str | os.PathLike | None = None) -> Path | None:
        """Write ``<run>/findings/<report>.json`` (and the headline SVG); by default into the run being
        rendered (none when the notebook runs on its own)."""
        from evalkit.publish.sdc.release import RELEASE_DIR_ENV

        if run is None:
            release = os.environ.get(RELEASE_DIR_ENV)
            if not release:
                return None
            run = Path(release).parent
        folder = Path(run) / FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{self.report}.json"
        path.write_text(json.dumps(self.as_dict(), ensure_ascii=False, indent=1), encoding="utf-8")
        if self.figure:
            (folder / f"{self.report}.svg").write_text(self.figure["svg"], encoding="utf-8")
        return path


def read(folder: str | os.PathLike) -> dict[str, dict[str, Any]]:
    """The findings of every report of a run folder, by report."""
    root = Path(folder) / FOLDER
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(root.glob("*.json"))}


#: Number tokens of a text in either language (``1.662``, ``41,2``, ``0.03``, ``-1,5``).
NUMBER = re.compile(r"(?<![\w.,])[-\u2212]?\d+(?:[.,\u202f\u00a0]\d+)*")


def numbers_in(text: str) -> list[str]:
    """The numbers written in a text, as written.

    Examples
    --------
    >>> numbers_in("Na 12 maanden had 41,2 % (95 %-BI 38,0–44,4) van 1.662 personen een job.")
    ['12', '41,2', '95', '38,0', '44,4', '1.662']
    """
    return NUMBER.findall(text)
