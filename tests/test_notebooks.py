"""The study notebooks read as an outline before they run, and the committee report leaves the notes out."""
from __future__ import annotations

import ast
from pathlib import Path

import nbformat
import pytest

from evalkit.publish.pages import RESEARCHER_TAG, _publishable

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


def _tags(cell) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_a_researcher_note_opens_the_notebook_and_each_step(path):
    cells = nbformat.read(path, as_version=4).cells
    first = cells[0]
    assert first.cell_type == "markdown" and RESEARCHER_TAG in _tags(first)
    assert first.source.startswith(f"# {path.name[:2]} · "), "the first note is the notebook's title"
    for before, cell in zip(cells, cells[1:]):
        if cell.cell_type == "code" and "parameters" not in _tags(cell):
            assert before.cell_type == "markdown" and RESEARCHER_TAG in _tags(before), \
                f"{path.name}: no note above the cell starting {cell.source.splitlines()[0]!r}"
    headings = [line for c in cells if c.cell_type == "markdown" for line in c.source.splitlines()
                if line.startswith("#")]
    assert len(headings) >= 6, headings


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_define_no_functions_and_compute_no_statistics(path):
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type != "code":
            continue
        tree = ast.parse(cell.source)
        assert not [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.ClassDef, ast.Lambda))]
        imported = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom))
                    for a in (n.names if isinstance(n, ast.Import) else [ast.alias(n.module or "")])}
        assert imported <= {"evalkit", "matplotlib"}, imported


def test_committee_report_leaves_the_notes_out():
    nb = nbformat.read(NOTEBOOKS[0], as_version=4)
    assert any(RESEARCHER_TAG in _tags(c) for c in nb.cells)
    published = _publishable(nb)
    assert not any(RESEARCHER_TAG in _tags(c) for c in published.cells)
    assert not any(c.cell_type == "markdown" for c in published.cells)
