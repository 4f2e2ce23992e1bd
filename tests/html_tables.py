"""Read the tables of a rendered report page (for end-to-end report tests)."""
from __future__ import annotations

from html.parser import HTMLParser


class _Tables(HTMLParser):
    """Collects every <table> as a list of rows of cell texts."""

    def __init__(self):
        super().__init__()
        self.tables, self._row, self._cell = [], None, None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._row is not None:
            self._row.append(self._cell.strip())
            self._cell = None
        elif tag == "tr" and self._row is not None and self.tables:
            self.tables[-1].append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data


def html_tables(html: str) -> list[list[list[str]]]:
    """Every non-empty table of an HTML page, as rows of cell texts (header row first)."""
    parser = _Tables()
    parser.feed(html)
    return [t for t in parser.tables if t]
