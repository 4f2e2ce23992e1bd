"""PDF versions of a run's pages, for print: A4, page numbers, a running header, nothing clipped.

A report's HTML (:func:`evalkit.publish.pages.export_html`) carries its own print style: the
``@page`` rules (A4, the study and the run date at the top, "Bladzijde 3 van 12" at the bottom),
figures scaled to the page width, rows of a table kept on one page, and the technical appendix and
the provenance on pages of their own. WeasyPrint lays that HTML out into the PDF, so the PDF and the
web page show the same numbers in the same order.
"""
from __future__ import annotations

import logging
import os
import uuid
from pathlib import Path


def write_pdf(page: str | os.PathLike, pdf: str | os.PathLike | None = None) -> Path:
    """Write the PDF of an HTML page of a run (by default beside it, ``<page>.pdf``); returns its path.

    The file is written under a temporary name and renamed, so a failed conversion leaves no half PDF.
    """
    from weasyprint import HTML

    page = Path(page)
    pdf = Path(pdf) if pdf is not None else page.with_suffix(".pdf")
    # WeasyPrint names every CSS property of the notebook style that print does not use: noise here.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    tmp = pdf.with_name(f".{pdf.name}.{uuid.uuid4().hex[:8]}")
    try:
        HTML(filename=str(page), base_url=str(page.parent)).write_pdf(str(tmp))
        os.replace(tmp, pdf)
    finally:
        tmp.unlink(missing_ok=True)
    return pdf


def overflowing(page: str | os.PathLike) -> list[tuple[int, str, float]]:
    """What would be cut off in print: per printed page, the first element laid out wider than the page
    (its tag and by how many CSS pixels), as WeasyPrint lays out the HTML for the PDF. Empty when
    everything fits.
    """
    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)

    def boxes(box):
        yield box
        for child in getattr(box, "children", None) or []:
            yield from boxes(child)

    found = []
    document = HTML(filename=str(page), base_url=str(Path(page).parent)).render()
    for number, printed in enumerate(document.pages, start=1):
        root = printed._page_box  # the laid-out page: its content area is what print keeps
        right = root.content_box_x() + root.width
        for box in boxes(root):
            if box is root or not hasattr(box, "margin_width") or type(box).__name__ == "MarginBox":
                continue
            end = box.position_x + box.margin_width()
            if end > right + 2:
                found.append((number, getattr(box, "element_tag", "") or type(box).__name__, round(end - right, 1)))
                break
    return found
