"""Notebook-side presentation: one look for every report, and output that is the same run after run.

A study notebook calls :func:`setup` in its first code cell, then shows results with
:func:`show_table` and narrates with :func:`markdown`. No statistics happen here.
"""
from __future__ import annotations

import html
import numbers
import re

import pandas as pd

from evalkit import formats
from evalkit.errors import ParameterError
from evalkit.publish.degrade import Unavailable
from evalkit.publish.labels import CATALOGUE
from evalkit.texts import check_language

# The language set by setup(); show_table uses it when no language is passed.
_language = "nl"

_MISSING = "–"
# Sections of the report so far (a markdown heading opens one); a notice is shown once per section.
_section = 0


def setup(language: str = "nl", *, figure_format: str = "svg") -> None:
    """Prepare a notebook for a report: plot style, deterministic figures, pandas display.

    Call it once, in the first code cell after the parameters cell. It

    - applies one seaborn/matplotlib style (white grid, colour-blind-safe palette, readable sizes);
    - makes figures byte-identical between runs: a fixed SVG id salt and no creation date in the
      figure metadata;
    - makes inline figures ``svg`` (sharp at any zoom) or ``png``;
    - sets pandas display options so wide tables are not cut;
    - remembers ``language`` as the default for :func:`show_table`.

    Parameters
    ----------
    language : {"nl", "en"}, default "nl"
        Language of the report.
    figure_format : {"svg", "png"}, default "svg"
        Format of inline figures.

    Returns
    -------
    None

    Examples
    --------
    >>> setup("en")
    """
    global _language
    check_language(language)
    if figure_format not in ("svg", "png"):
        raise ParameterError(f"figure_format must be 'svg' or 'png', not {figure_format!r}")
    _language = language

    import matplotlib as mpl
    import seaborn as sns

    sns.set_theme(style="whitegrid", context="notebook", palette="colorblind")
    mpl.rcParams.update({
        "figure.figsize": (8.0, 4.5),
        "figure.dpi": 100,
        "savefig.dpi": 100,
        "axes.titleweight": "bold",
        "axes.spines.top": False,
        "axes.spines.right": False,
        # Deterministic output: SVG element ids come from this salt instead of a random one.
        "svg.hashsalt": "evalkit",
        "svg.fonttype": "path",
    })
    pd.set_option("display.max_columns", 50)
    pd.set_option("display.max_rows", 200)
    pd.set_option("display.width", 120)
    pd.set_option("display.precision", 3)
    _configure_inline_figures(figure_format)


def _configure_inline_figures(figure_format: str) -> None:
    """Inline figure format and metadata, when running inside IPython (a no-op elsewhere)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with ipykernel
        return
    shell = get_ipython()
    if shell is None:
        return
    from matplotlib_inline.backend_inline import set_matplotlib_formats

    # A creation date in the metadata would make every run's figure differ.
    extra = {"metadata": {"Date": None}} if figure_format == "svg" else {}
    set_matplotlib_formats(figure_format, bbox_inches="tight", **extra)
    _log_shown_figures(shell, "image/svg+xml" if figure_format == "svg" else "image/png")


def _log_shown_figures(shell, mime: str) -> None:
    """Every figure the report shows is recorded in the disclosure log (:func:`record_shown`) with
    its title, as it is drawn."""
    from matplotlib.figure import Figure

    from evalkit.publish.sdc.release import record_shown

    formatter = shell.display_formatter.formatters[mime]
    draw = formatter.lookup_by_type(Figure)
    if getattr(draw, "_evalkit_logged", False):
        return

    def drawn(fig):
        out = draw(fig)
        if out is None:
            return out
        record_shown("figure", figure_title(fig))
        alt = getattr(fig, _ALT, None) or figure_title(fig)
        return (out, {"alt": alt}) if alt else out

    drawn._evalkit_logged = True
    formatter.for_type(Figure, drawn)


_ALT = "_evalkit_alt"


def alt_text(fig, text: str):
    """Give a figure the alternative text its report shows for it (what the figure shows, in a
    sentence, for a reader who cannot see it); returns the figure. Without one, a figure's alternative
    text is its title (:func:`figure_title`).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig = alt_text(plt.figure(), "Share with a first job by month since intake, per trajectory.")
    >>> getattr(fig, _ALT)[:5]
    'Share'
    >>> plt.close(fig)
    """
    setattr(fig, _ALT, text)
    return fig


def figure_title(fig) -> str:
    """The title of a figure: its super-title, else the titles of its panels.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, (a, b) = plt.subplots(1, 2)
    >>> _ = a.set_title("Lineair"), b.set_title("VDAB")
    >>> figure_title(fig)
    'Lineair; VDAB'
    >>> plt.close(fig)
    """
    sup = getattr(fig, "_suptitle", None)
    if sup is not None and sup.get_text():
        return sup.get_text()
    return "; ".join(t for t in (ax.get_title() for ax in fig.axes) if t)


def show_table(
    df: pd.DataFrame,
    title: str | None = None,
    note: str | None = None,
    language: str | None = None,
    *,
    decimals: int | dict[str, int] = 2,
) -> None:
    """Display a table as clean HTML with a caption above and a note below.

    A default ``RangeIndex`` is dropped; any other index becomes ordinary leading columns. Numbers
    and dates are written as the report's language writes them (:mod:`evalkit.formats`: ``1.662`` and
    ``41,2`` in Dutch, ``1,662`` and ``41.2`` in English; dates in words), floats with a fixed number
    of decimals; missing values as ``–``; strings (such as the hidden-cell marker ``x``) as given.

    Parameters
    ----------
    df : DataFrame or Released
        The table, already through disclosure control: a ``Released`` from
        :func:`evalkit.publish.sdc.release_table` (its note is shown first), or a table without counts.
    title : str, optional
        Caption shown above the table.
    note : str, optional
        Text under the table, added after the released table's own note.
    language : {"nl", "en"}, optional
        Language of the "Note" label; by default the one given to :func:`setup`.
    decimals : int or dict, default 2
        Decimals for float columns; a dict maps column names to decimals (others get 2).

    Returns
    -------
    None

    Examples
    --------
    In a notebook cell::

        show_table(pd.DataFrame({"trajectory": ["lineair"], "pct_work": [41.236]}),
                   title=text("survival.share.caption", language), note=note)
    """
    from IPython.display import display

    if isinstance(df, Unavailable):
        _notice(df, title)
        return
    from evalkit.publish.sdc.release import Released, record_shown

    outputs = [df.output] if isinstance(df, Released) and df.output else None
    df, note = _released(df, note)
    html_text = table_html(df, title=title, note=note, language=language, decimals=decimals)
    display({"text/html": html_text, "text/plain": _plain(df, title, note)}, raw=True)
    record_shown("table", title or "", outputs)


def _released(df, note: str | None):
    """A released table (:class:`evalkit.publish.sdc.Released`) shows its table, with its note first."""
    from evalkit.publish.sdc.release import Released

    if isinstance(df, Released):
        return df.table, " ".join(part for part in (df.note, note) if part)
    return df, note


def table_html(
    df: pd.DataFrame,
    title: str | None = None,
    note: str | None = None,
    language: str | None = None,
    *,
    decimals: int | dict[str, int] = 2,
) -> str:
    """The HTML that :func:`show_table` displays (same parameters).

    Every cell is formatted here, through its column's formatter, before pandas writes the HTML:
    pandas leaves the formatters out for the floats of an object column (a column of numbers that
    also holds the hidden-cell marker ``x``), so such a column would otherwise not read as a numeric
    one does. Integers (counts) are shown as integers, other numbers with the column's decimals,
    strings (markers) as given and missing values as ``–``.

    Returns
    -------
    str

    Examples
    --------
    >>> "<caption>Werk</caption>" in table_html(pd.DataFrame({"n": [12]}), title="Werk")
    True

    A column with a hidden cell reads as a numeric one:

    >>> page = table_html(pd.DataFrame({"n": [425, "x"], "ratio": [1.7, "x"]}), language="nl")
    >>> "<td>425</td>" in page and "<td>1,70</td>" in page and "<td>x</td>" in page
    True
    >>> "<td>1.70</td>" in table_html(pd.DataFrame({"ratio": [1.7]}), language="en")
    True
    """
    language = check_language(language or _language)
    table = df if isinstance(df.index, pd.RangeIndex) else df.reset_index()
    body = _html(_formatted(table, decimals, language), _text_columns(table), title)
    parts = ['<div class="evalkit-table-block">', body]
    if note:
        label = CATALOGUE.text("table.note", language)
        parts.append(f'<p class="evalkit-note"><em>{label}:</em> {html.escape(note)}</p>')
    parts.append("</div>")
    return "\n".join(parts)


def _text_columns(table: pd.DataFrame) -> set[int]:
    """Positions of the columns of words (labels, descriptions): left-aligned and wrapped, where
    columns of numbers are right-aligned and kept on one line."""
    out = set()
    for position in range(table.shape[1]):
        values = [v for v in table.iloc[:, position] if isinstance(v, str) and v not in ("x", _MISSING)]
        if values and sum(any(c.isalpha() for c in v) and not _NUMERIC_TEXT.match(v) for v in values) * 2 >= len(values):
            out.add(position)
    return out


_NUMERIC_TEXT = re.compile(r"^[<>≤≥~]?\s*[-−]?\d[\d.,\s–⁠ %–-]*(?:\s*\(.*\))?$")


def _html(cells: pd.DataFrame, text_columns: set[int], title: str | None) -> str:
    """The ``<table>`` of already formatted cells: a caption, one header row, a body row per row."""
    def cell(tag: str, text: str, position: int) -> str:
        cls = ' class="evalkit-text"' if tag == "td" and position in text_columns else ""
        return f"<{tag}{cls}>{html.escape(str(text))}</{tag}>"

    head = "".join(cell("th", column, i) for i, column in enumerate(cells.columns))
    rows = "\n".join("    <tr>" + "".join(cell("td", v, i) for i, v in enumerate(row)) + "</tr>"
                     for row in cells.itertuples(index=False, name=None))
    caption = f"  <caption>{html.escape(title)}</caption>\n" if title else ""
    return (f'<table class="evalkit-table">\n{caption}  <thead>\n    <tr>{head}</tr>\n  </thead>\n'
            f"  <tbody>\n{rows}\n  </tbody>\n</table>")


def _formatted(table: pd.DataFrame, decimals: int | dict[str, int], language: str = "nl") -> pd.DataFrame:
    """``table`` with every cell written as the text the report shows (by position, so that columns
    of the same name keep their own values)."""
    columns = []
    for position, column in enumerate(table.columns):
        fmt = _formatter(decimals.get(column, 2) if isinstance(decimals, dict) else decimals, language)
        columns.append(pd.Series([fmt(v) for v in table.iloc[:, position]], index=table.index, dtype=object))
    out = pd.concat(columns, axis=1) if columns else pd.DataFrame(index=table.index)
    out.columns = table.columns
    return out


def _formatter(decimals: int, language: str = "nl"):
    def fmt(value: object) -> str:
        if value is None or (isinstance(value, float) and value != value):
            return _MISSING
        if isinstance(value, bool):
            return str(value)
        if isinstance(value, numbers.Integral):
            return formats.integer(value, language)
        if isinstance(value, numbers.Real):
            return formats.number(value, decimals, language)
        if formats.as_date(value) is not None:
            return formats.date(value, language)
        if value is pd.NA or value is pd.NaT:
            return _MISSING
        return str(value)

    return fmt


def _plain(df: pd.DataFrame, title: str | None, note: str | None) -> str:
    lines = [title] if title else []
    lines.append(df.to_string())
    if note:
        lines.append(note)
    return "\n".join(lines)


def markdown(text: str) -> None:
    """Display Markdown text (a sentence of interpretation, a definition, a heading).

    Parameters
    ----------
    text : str
        The text; an :class:`~evalkit.publish.degrade.Unavailable` (a reading of a part that could
        not be estimated) shows its notice instead, once.

    Returns
    -------
    None

    Examples
    --------
    In a notebook cell::

        markdown(text("overview.status.reading", language, pct_work=50.2))
    """
    from IPython.display import Markdown, display

    global _section
    if isinstance(text, Unavailable):
        _notice(text)
        return
    if text.lstrip().startswith("#"):  # a heading opens a section: a missing part is explained again there
        _section += 1
    display(Markdown(text))


def notice_html(unavailable: Unavailable, title: str | None = None, language: str | None = None) -> str:
    """The HTML of the notice that stands where a part of a study could not be estimated.

    Examples
    --------
    >>> from evalkit.publish.degrade import Unavailable
    >>> "Not estimated" in notice_html(Unavailable("no_snapshots"), "Work on 31 March 2020", "en")
    True
    """
    language = check_language(language or _language)
    parts = ['<div class="evalkit-unavailable" role="note">']
    if title:
        parts.append(f'<p class="evalkit-unavailable-title">{html.escape(title)}</p>')
    parts.append(f"<p>{_inline_markdown(unavailable.text(language))}</p>")
    parts.append("</div>")
    return "\n".join(parts)


def _inline_markdown(text: str) -> str:
    """Escape ``text`` for HTML and render its ``**bold**`` and ``*italic*`` marks."""
    import re

    out = html.escape(text)
    out = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", out)
    return re.sub(r"\*(.+?)\*", r"<em>\1</em>", out)


def _notice(unavailable: Unavailable, title: str | None = None) -> None:
    """Show the notice of an Unavailable part once per section (its later tables and readings there stay silent)."""
    from IPython.display import display

    if _section in unavailable.shown_in:
        return
    unavailable.shown_in.add(_section)
    body = notice_html(unavailable, title)
    display({"text/html": body, "text/plain": unavailable.text(_language)}, raw=True)


def appendix(language: str | None = None) -> None:
    """Open the report's technical appendix: its heading and a sentence on whom it is for.

    Everything shown after it (methods, model checks, comparisons with R, the glossary) is the
    appendix; in print it starts on a new page. Call it once, after the report's definitions.
    """
    from IPython.display import HTML, display

    language = check_language(language or _language)
    display(HTML('<div class="evalkit-appendix-start"></div>'))
    markdown(CATALOGUE.text("appendix.heading", language))
    markdown(CATALOGUE.text("appendix.intro", language))


def glossary_html(terms, language: str | None = None, extra: dict[str, str] | None = None) -> str:
    """The glossary of a report: the shared explanation of each term in ``terms`` (keys of the table
    ``glossary`` in ``evalkit/publish/texts/<language>.yaml``, so a term reads the same in every
    report), then the study's own ``extra`` entries (``{term: explanation}``), sorted by term.

    Examples
    --------
    >>> "<dt>Mediaan</dt>" in glossary_html(["mediaan"], "nl")
    True
    """
    language = check_language(language or _language)
    table = CATALOGUE.table("glossary", language)
    unknown = [t for t in terms if t not in table]
    if unknown:
        raise KeyError(f"no glossary entry {unknown[0]!r} in evalkit/publish/texts/{language}.yaml (table glossary)")
    entries = [table[t].split(": ", 1) for t in terms] + [[k, v] for k, v in (extra or {}).items()]
    items = "".join(f"<dt>{_inline_markdown(term)}</dt><dd>{_inline_markdown(text)}</dd>"
                    for term, text in sorted(entries, key=lambda e: e[0].lower()))
    return f'<dl class="evalkit-glossary">{items}</dl>'


def glossary(terms, language: str | None = None, extra: dict[str, str] | None = None) -> None:
    """Show the report's glossary (:func:`glossary_html`) under its heading; the last part of the appendix."""
    from IPython.display import HTML, display

    language = check_language(language or _language)
    markdown(CATALOGUE.text("glossary.heading", language))
    display(HTML(glossary_html(terms, language, extra)))
