"""scripts/compare_runs.py: two run folders compared table by table and cell by cell."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from evalkit.publish.sdc.integrity import tables_of

_SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "compare_runs.py"
_spec = importlib.util.spec_from_file_location("compare_runs", _SCRIPT)
compare_runs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(compare_runs)


def _table(caption: str, header: list[str], *rows: list[str]) -> str:
    head = "".join(f"<th>{h}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><caption>{caption}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


@pytest.mark.parametrize("a, b, category", [
    ("425", "425", "identical"),
    ("425", "425.0", "same number other format"),
    ("1.7", "1.70", "same number other format"),
    ("0.82 (0.61-1.10)", "0.820 (0.610-1.100)", "same number other format"),
    ("x", "12", "hidden in A"),
    ("12", "<10", "hidden in B"),
    ("<10", "x", "hidden in both"),
    ("1.7", "1.8", "different value"),
    ("ja", "nee", "different value"),
])
def test_cell_categories(a, b, category):
    assert compare_runs.cell_category(a, b) == category


def test_tables_are_matched_by_label_and_header():
    a = tables_of(_table("Work", ["traject", "n", "pct", "old"], ["lineair", "425", "1.7", "1"],
                         ["vdab", "40", "52.5", "2"], ["gone", "12", "3.0", "3"]))[0]
    b = tables_of(_table("Work", ["traject", "pct", "n", "new"], ["vdab", "52.50", "x", "9"],
                         ["lineair", "1.7", "425.0", "8"], ["added", "1", "1", "1"]))[0]
    result = compare_runs.compare_tables(a, b)
    counts = {c: n for c, n in result["counts"].items() if n}
    assert counts == {"identical": 1, "hidden in B": 1, "same number other format": 2, "row only in A": 1,
                      "row only in B": 1, "column only in A": 1, "column only in B": 1}
    assert result["examples"]["hidden in B"] == ["row 'vdab', column 'n': '40' vs 'x'"]
    assert result["examples"]["row only in A"] == ["gone"]
    assert compare_runs.table_category(result) == "different"


def test_two_run_folders(tmp_path, capsys):
    a, b = tmp_path / "a", tmp_path / "b"
    for folder in (a, b):
        folder.mkdir()
        (folder / "index.html").write_text(_table("Runs", ["run"], ["ignored"]), encoding="utf-8")
    (a / "overview.html").write_text(_table("Work", ["t", "n"], ["lin", "425"]) + _table("Gone", ["t"], ["1"]),
                                     encoding="utf-8")
    (b / "overview.html").write_text(_table("Work", ["t", "n"], ["lin", "425.0"]) + _table("New", ["t"], ["1"]),
                                     encoding="utf-8")
    result = compare_runs.compare_runs(a, b)
    assert result["summary"] == {"identical": 0, "different": 1, "only in A": 1, "only in B": 1}
    assert result["tables"]["overview: Work"]["counts"]["same number other format"] == 1
    assert compare_runs.main([str(a), str(b), "--details"]) == 1  # a table only in one run
    out = capsys.readouterr().out
    assert "'only in A': 1" in out and "only in B: overview: New" in out and "same number other format" in out
    (a / "overview.html").write_text(_table("Work", ["t", "n"], ["lin", "425"]), encoding="utf-8")
    (b / "overview.html").write_text(_table("Work", ["t", "n"], ["lin", "425.0"]), encoding="utf-8")
    assert compare_runs.main([str(a), str(b)]) == 0  # the same numbers, written otherwise
