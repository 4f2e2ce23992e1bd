"""The command line at its edges: bad input is one paragraph and exit code 1, never a traceback."""
from __future__ import annotations

import errno
import os
import types
from pathlib import Path

import pytest

from evalkit import registry
from evalkit.cli import main
from evalkit.publish import runner as report
from evalkit.publish.runner import Study

FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"
LINUX = pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux /proc and /sys")


@pytest.fixture
def fixture_studies(monkeypatch):
    """The command line's studies are a small fixture notebook; the registry is never read."""
    monkeypatch.setattr(report, "STUDIES", {
        "minimal": Study("minimal", FIXTURES / "minimal_study.ipynb", "Minimale studie", "Minimal study")})
    monkeypatch.setattr(report, "_load_registry", lambda data: types.SimpleNamespace(
        path=Path("/registry"), file_hashes={}, extraction_dates={}))


def run_cli(argv: list[str], capsys) -> tuple[int, str]:
    """Exit code and standard error of ``evalkit ARGV``; usage errors leave through SystemExit."""
    try:
        code = main(argv)
    except SystemExit as exit_:
        code = exit_.code
    return code, capsys.readouterr().err


def assert_one_paragraph(err: str, *fragments: str) -> None:
    assert err.startswith("evalkit ") and err.endswith("\n") and err.count("\n") == 1, err
    assert "Traceback" not in err
    for fragment in fragments:
        assert fragment in err


# --------------------------------------------------------------------------------------- bad input


@pytest.mark.parametrize("options, fragments", [
    (["--run-name", "x" * 300], ["Run name", "too long", "300 bytes", "at most 200"]),
    (["--run-name", ""], ["Run name is empty"]),
    (["--run-name", "a/b"], ["plain folder name"]),
    (["--run-name", ".."], ["plain folder name"]),
    (["--out", "{file}"], ["is a file", "give a folder"]),
    (["--out", "{file}/reports"], ["Cannot create the output folder", "is a file"]),
    (["--out", "x" * 300], ["Cannot write the report to", "File name too long"]),
])
def test_report_bad_input_is_one_paragraph(options, fragments, tmp_path, monkeypatch, capsys, fixture_studies):
    afile = tmp_path / "a_file"
    afile.write_text("not a folder")
    monkeypatch.chdir(tmp_path)
    options = [option.replace("{file}", str(afile)) for option in options]
    code, err = run_cli(["report", "minimal", *options], capsys)
    assert code == 1
    assert_one_paragraph(err, "evalkit report: ", *fragments)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a_file"]  # nothing written


@LINUX
@pytest.mark.parametrize("out", ["/proc/nope", "/sys/nope"])
def test_report_into_a_place_nobody_may_write(out, capsys, fixture_studies):
    code, err = run_cli(["report", "minimal", "--out", out], capsys)
    assert code == 1
    assert_one_paragraph(err, f"to {out}", "Choose an output folder you may write to")
    assert not Path(out).exists()


@pytest.mark.parametrize("options, fragments", [
    (["--seed", "-1"], ["argument --seed: must be 0 or more, not -1", "evalkit synth --help"]),
    (["--seed", "one"], ["argument --seed: 'one' is not a whole number"]),
    (["--n", "0"], ["--n must be at least 20"]),
    (["--n", "-5"], ["--n must be at least 20"]),
    (["--format", "xlsx"], ["invalid choice: 'xlsx'"]),
])
def test_synth_bad_options(options, fragments, tmp_path, capsys):
    code, err = run_cli(["synth", "--out", str(tmp_path / "reg"), *options], capsys)
    assert code == 1
    assert_one_paragraph(err, "evalkit synth: ", *fragments)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("out, fragments", [
    ("{file}/reg", ["Cannot write the registry to", "File exists"]),
    ("{file}", ["exists and is not an empty folder"]),
    ("y" * 300, ["Cannot write the registry to", "File name too long"]),
    pytest.param("/proc/nope", ["Cannot write the registry to /proc/nope", "choose a folder you may write to"],
                 marks=LINUX),
    pytest.param("/sys/nope", ["Cannot write the registry to /sys/nope"], marks=LINUX),
])
def test_synth_into_a_place_it_cannot_write(out, fragments, tmp_path, monkeypatch, capsys):
    afile = tmp_path / "a_file"
    afile.write_text("not a folder")
    monkeypatch.chdir(tmp_path)
    code, err = run_cli(["synth", "--n", "20", "--out", out.replace("{file}", str(afile))], capsys)
    assert code == 1
    assert_one_paragraph(err, *fragments)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a_file"]


def test_validate_max_problems_is_not_negative(capsys):
    code, err = run_cli(["validate", "synthetic", "--max-problems", "-1"], capsys)
    assert code == 1
    assert_one_paragraph(err, "argument --max-problems: must be 0 or more")


def test_a_file_the_system_refuses_is_a_message_and_a_bug_stays_a_traceback(monkeypatch, capsys):
    def unreadable(path):
        raise OSError(errno.EIO, os.strerror(errno.EIO), "/data/extract/episodes.csv")

    monkeypatch.setattr(registry, "validate", unreadable)
    code, err = run_cli(["validate", "/data/extract"], capsys)
    assert code == 1
    assert_one_paragraph(err, "evalkit validate: could not read or write /data/extract/episodes.csv",
                         os.strerror(errno.EIO))

    def bug(path):
        raise TypeError("a programming error")

    monkeypatch.setattr(registry, "validate", bug)
    with pytest.raises(TypeError, match="a programming error"):
        main(["validate", "/data/extract"])
