"""Statistical disclosure control for published tables and curves.

Reports never show a count below ``min_cell_size`` (default 10, the threshold trusted research
environments use). Three tools:

- :func:`suppress_counts` hides small counts in a table (primary suppression), hides the percentages
  computed from them, and hides a second cell wherever a shown total would let a reader recover a
  hidden count by subtraction (secondary suppression). It returns the table and a note to print
  under it.
- :func:`truncate_at_risk` stops survival and incidence curves where fewer than ``min_cell_size``
  persons remain at risk.
- :func:`check_no_small_counts` asserts that a table is safe to publish (for tests and as a last guard).

Suppressed cells hold a string marker instead of a number: ``"<10"`` for a count that is small
itself, ``"x"`` for a cell hidden only to protect another one (and for percentages of hidden counts).
The notes' sentences are in ``evalkit/publish/texts/<language>.yaml`` (keys ``disclosure.*``).
"""
from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from evalkit.errors import InputError
from evalkit.publish.labels import CATALOGUE
from evalkit.texts import LANGUAGES

#: The default threshold: no published count may lie in 1 .. MIN_CELL_SIZE - 1.
MIN_CELL_SIZE = 10

#: Marker for a cell hidden to protect another cell, and for percentages of hidden counts.
SECONDARY_MARKER = "x"


def small_count_marker(min_cell_size: int = MIN_CELL_SIZE) -> str:
    """The text shown instead of a small count, e.g. ``"<10"``.

    Parameters
    ----------
    min_cell_size : int
        The suppression threshold.

    Returns
    -------
    str

    Examples
    --------
    >>> small_count_marker(5)
    '<5'
    """
    return f"<{min_cell_size}"


def suppress_counts(
    table: pd.DataFrame,
    count_columns: str | Sequence[str],
    min_cell_size: int = MIN_CELL_SIZE,
    *,
    pct_columns: Mapping[str, str | Sequence[str]] | None = None,
    total_column: str | None = None,
    total_row: Hashable | None = None,
    suppress_zero: bool = False,
    language: str = "nl",
) -> tuple[pd.DataFrame, str]:
    """Hide counts below ``min_cell_size`` and everything that would reveal them.

    Primary suppression: a count ``c`` with ``1 <= c < min_cell_size`` becomes ``"<10"`` (with the
    actual threshold). Zero counts stay ``0`` unless ``suppress_zero=True``: a zero identifies nobody,
    which is why statistical offices usually publish it.

    Secondary suppression: when the table shows a row total (``total_column``) and exactly one count in
    a row is hidden, that count equals the total minus the shown cells. The smallest other non-zero
    count of that row is then hidden too (shown as ``"x"``). The same holds for columns when the table
    has a row of column totals (``total_row``, an index label). Rows and columns are revisited until no
    hidden count can be recovered this way. The totals themselves are counts and are suppressed like
    any other count when small.

    Percentages listed in ``pct_columns`` are hidden (``"x"``) wherever their count is hidden.

    Parameters
    ----------
    table : DataFrame
        The table to publish; it is not modified.
    count_columns : str or sequence of str
        Columns holding counts of persons (not the total column; name that in ``total_column``).
    min_cell_size : int, default 10
        Smallest count that may be shown.
    pct_columns : mapping, optional
        Count column -> the percentage column(s) computed from it, e.g. ``{"n_work": "pct_work"}``.
        A percentage computed from the row total can be tied to ``total_column`` the same way.
    total_column : str, optional
        Column holding the row total of ``count_columns``; enables secondary suppression in rows.
    total_row : hashable, optional
        Index label of a row holding column totals; enables secondary suppression in columns.
    suppress_zero : bool, default False
        Also hide zero counts.
    language : {"nl", "en"}
        Language of the returned note.

    Returns
    -------
    (DataFrame, str)
        The published table (suppressed cells hold strings, other cells keep their values) and the
        note that states the rule, to print under the table.

    Examples
    --------
    >>> t = pd.DataFrame({"trajectory": ["lineair", "geintegreerd_vdab"],
    ...                   "work": [120, 4], "no_work": [80, 30], "total": [200, 34]})
    >>> published, note = suppress_counts(t, ["work", "no_work"], total_column="total", language="en")
    >>> published[["work", "no_work", "total"]].values.tolist()
    [[120, 80, 200], ['<10', 'x', 34]]
    >>> note.split(";")[0]
    'Counts below 10 are not shown (<10)'
    """
    count_columns = [count_columns] if isinstance(count_columns, str) else list(count_columns)
    _check_language(language)
    _check_min_cell_size(min_cell_size)
    pct_columns = {k: ([v] if isinstance(v, str) else list(v)) for k, v in (pct_columns or {}).items()}
    all_counts = count_columns + ([total_column] if total_column is not None else [])
    needed = all_counts + [c for cols in pct_columns.values() for c in cols]
    missing = [c for c in needed if c not in table.columns]
    if missing:
        raise InputError(
            f"suppress_counts: column(s) {missing} not in the table; it has {list(table.columns)}"
        )
    unknown_keys = [k for k in pct_columns if k not in all_counts]
    if unknown_keys:
        raise InputError(
            f"suppress_counts: pct_columns keys {unknown_keys} are not count columns {all_counts}"
        )
    if total_row is not None and total_row not in table.index:
        raise InputError(f"suppress_counts: total_row {total_row!r} is not an index label of the table")
    if not table.index.is_unique:
        raise InputError("suppress_counts: the table index must be unique")

    values = table[all_counts].apply(pd.to_numeric, errors="coerce")
    low = 0 if suppress_zero else 1
    primary = (values >= low) & (values < min_cell_size)
    hidden = primary.copy()
    secondary = _secondary_suppression(values, hidden, count_columns, total_column, total_row)

    published = table.copy()
    marker = small_count_marker(min_cell_size)
    for column in all_counts:
        published[column] = published[column].astype(object)
        published.loc[primary[column], column] = marker
        published.loc[secondary[column], column] = SECONDARY_MARKER
    hidden_pct = False
    for count_column, pcts in pct_columns.items():
        rows = primary[count_column] | secondary[count_column]
        for pct in pcts:
            published[pct] = published[pct].astype(object)
            published.loc[rows, pct] = SECONDARY_MARKER
        hidden_pct = hidden_pct or bool(rows.any())

    note = disclosure_note(
        min_cell_size,
        language=language,
        suppress_zero=suppress_zero,
        secondary=bool(secondary.to_numpy().any()),
        percentages=hidden_pct,
    )
    return published, note


def _secondary_suppression(
    values: pd.DataFrame,
    hidden: pd.DataFrame,
    count_columns: list[str],
    total_column: str | None,
    total_row: Hashable | None,
) -> pd.DataFrame:
    """Mark (in place in ``hidden``) and return the cells hidden only to protect others."""
    secondary = pd.DataFrame(False, index=hidden.index, columns=hidden.columns)
    body_rows = [r for r in values.index if r != total_row]
    # Each pass hides at least one more cell or stops, so this ends.
    changed = True
    while changed:
        changed = False
        if total_column is not None:
            for row in values.index:
                if hidden.at[row, total_column]:
                    continue
                changed |= _protect(values.loc[row, count_columns], hidden.loc[row, count_columns],
                                    lambda col, r=row: _hide(hidden, secondary, r, col))
        if total_row is not None:
            for column in count_columns + ([total_column] if total_column else []):
                if hidden.at[total_row, column]:
                    continue
                changed |= _protect(values.loc[body_rows, column], hidden.loc[body_rows, column],
                                    lambda row, c=column: _hide(hidden, secondary, row, c))
    return secondary


def _protect(cells: pd.Series, hidden: pd.Series, hide) -> bool:
    """If exactly one of ``cells`` is hidden, hide the smallest other one (non-zero first)."""
    if int(hidden.sum()) != 1:
        return False
    candidates = cells[~hidden & cells.notna()]
    if candidates.empty:
        return False
    nonzero = candidates[candidates > 0]
    pool = nonzero if not nonzero.empty else candidates
    # Stable choice among ties: the first in table order.
    hide(pool.index[int(np.argmin(pool.to_numpy()))])
    return True


def _hide(hidden: pd.DataFrame, secondary: pd.DataFrame, row: Hashable, column: str) -> None:
    hidden.at[row, column] = True
    secondary.at[row, column] = True


def disclosure_note(
    min_cell_size: int = MIN_CELL_SIZE,
    *,
    language: str = "nl",
    suppress_zero: bool = False,
    secondary: bool = False,
    percentages: bool = False,
) -> str:
    """The sentence(s) stating the suppression rule under a table.

    Parameters
    ----------
    min_cell_size : int, default 10
    language : {"nl", "en"}
    suppress_zero : bool
        Whether zero counts were hidden too.
    secondary : bool
        Whether cells were hidden to protect others (adds a sentence on ``"x"``).
    percentages : bool
        Whether percentages were hidden with their counts.

    Returns
    -------
    str

    Examples
    --------
    >>> disclosure_note(10, language="en")
    'Counts below 10 are not shown (<10); zeros are shown, as they identify nobody.'
    """
    _check_language(language)
    marker = small_count_marker(min_cell_size)
    text = CATALOGUE.text("disclosure.counts_and_zeros" if suppress_zero else "disclosure.counts", language,
                          min_cell_size=min_cell_size, marker=marker)
    if percentages:
        text += " " + CATALOGUE.text("disclosure.percentages", language, marker=SECONDARY_MARKER)
    if secondary:
        text += " " + CATALOGUE.text("disclosure.secondary", language, marker=SECONDARY_MARKER)
    return text


def truncate_at_risk(
    curve: pd.DataFrame,
    min_cell_size: int = MIN_CELL_SIZE,
    *,
    by: str | Sequence[str] | None = "group",
    time: str = "time",
    n_at_risk: str = "n_at_risk",
    language: str = "nl",
) -> tuple[pd.DataFrame, str]:
    """Stop each curve at the first time fewer than ``min_cell_size`` persons are at risk.

    Works on any tidy curve table, e.g. the output of ``evalkit.survival.kaplan_meier``. Within each
    group the rows are taken in time order; the first row with ``n_at_risk < min_cell_size`` and every
    later row of that group are dropped, so a curve never resumes after it stopped.

    Parameters
    ----------
    curve : DataFrame
        Tidy curve table with at least ``time`` and ``n_at_risk`` columns.
    min_cell_size : int, default 10
        Smallest number at risk for which a point of the curve is shown.
    by : str or sequence of str or None, default "group"
        Column(s) identifying one curve (e.g. ``["group", "cause"]``); ``None`` for a single curve.
        A named column that is absent is ignored, so a table without ``group`` is one curve.
    time, n_at_risk : str
        Column names.
    language : {"nl", "en"}
        Language of the returned note.

    Returns
    -------
    (DataFrame, str)
        The kept rows (original order and index) and the note to print under the figure.

    Examples
    --------
    >>> km = pd.DataFrame({"group": ["a"] * 3, "time": [0, 5, 9], "n_at_risk": [40, 12, 7]})
    >>> kept, note = truncate_at_risk(km)
    >>> kept["time"].tolist()
    [0, 5]
    """
    _check_language(language)
    _check_min_cell_size(min_cell_size)
    keys = [] if by is None else ([by] if isinstance(by, str) else list(by))
    keys = [k for k in keys if k in curve.columns]
    missing = [c for c in (time, n_at_risk) if c not in curve.columns]
    if missing:
        raise InputError(
            f"truncate_at_risk: column(s) {missing} not in the table; it has {list(curve.columns)}"
        )
    ordered = curve.sort_values(keys + [time], kind="mergesort")
    below = ordered[n_at_risk] < min_cell_size
    if keys:
        stopped = below.groupby([ordered[k] for k in keys], sort=False, dropna=False).cummax()
    else:
        stopped = below.cummax()
    kept = curve.loc[ordered.index[~stopped.to_numpy()]].sort_index(kind="mergesort")
    return kept, CATALOGUE.text("disclosure.curves", language, min_cell_size=min_cell_size)


def check_no_small_counts(
    table: pd.DataFrame,
    columns: str | Iterable[str],
    min_cell_size: int = MIN_CELL_SIZE,
    *,
    allow_zero: bool = True,
) -> None:
    """Assert that no numeric value in ``columns`` lies in ``1 .. min_cell_size - 1``.

    Strings (suppression markers such as ``"<10"``) and missing values pass. Zeros pass unless
    ``allow_zero=False``.

    Parameters
    ----------
    table : DataFrame
    columns : str or iterable of str
        Count columns to check.
    min_cell_size : int, default 10
    allow_zero : bool, default True

    Raises
    ------
    AssertionError
        Listing up to ten offending cells (row label, column, value).

    Examples
    --------
    >>> check_no_small_counts(pd.DataFrame({"n": [0, 12, "<10"]}), "n")
    """
    columns = [columns] if isinstance(columns, str) else list(columns)
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise InputError(f"check_no_small_counts: column(s) {missing} not in the table")
    low = 1 if allow_zero else 0
    offending = []
    for column in columns:
        numeric = pd.to_numeric(table[column].where(table[column].map(_is_number)), errors="coerce")
        bad = numeric[(numeric >= low) & (numeric < min_cell_size)]
        offending += [(row, column, value) for row, value in bad.items()]
    if offending:
        shown = ", ".join(f"row {r!r} column {c!r} = {v:g}" for r, c, v in offending[:10])
        more = f" (and {len(offending) - 10} more)" if len(offending) > 10 else ""
        raise AssertionError(
            f"{len(offending)} count(s) below {min_cell_size} would be published: {shown}{more}"
        )


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)


def _check_language(language: str) -> None:
    if language not in LANGUAGES:
        raise InputError(f"language must be one of {LANGUAGES}, not {language!r}")


def _check_min_cell_size(min_cell_size: int) -> None:
    if isinstance(min_cell_size, bool) or not isinstance(min_cell_size, (int, np.integer)) or min_cell_size < 1:
        raise InputError(f"min_cell_size must be a whole number of at least 1, not {min_cell_size!r}")
