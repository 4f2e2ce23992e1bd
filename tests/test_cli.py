"""The command line at its edges: bad input is one paragraph and exit code 1, never a traceback;
a report run stopped by SIGTERM or Ctrl-C leaves nothing behind; a killed one is cleaned up later.
"""
from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
import types
from pathlib import Path

import pytest

from evalkit import registry
from evalkit.cli import main
from evalkit.errors import Interrupted, interrupt_on_signals
from evalkit.publish import runner as report
from evalkit.publish import runs
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


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


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


@pytest.mark.parametrize("make, fragments", [
    ("nothing", ["not a folder", "give the run folder written by 'evalkit report'"]),
    ("no disclosure folder", ["no disclosure folder found"]),
    ("no ledger", ["no disclosure ledger", "(minimal.ipynb) can be checked", "render the run again"]),
])
def test_check_of_a_folder_that_is_no_run_is_one_paragraph(make, fragments, tmp_path, capsys):
    folder = tmp_path / "run"
    if make != "nothing":
        folder.mkdir()
        (folder / "minimal.ipynb").write_text('{"cells": []}', encoding="utf-8")
        (folder / "minimal.html").write_text("<p>a page</p>", encoding="utf-8")
    if make == "no ledger":
        (folder / "disclosure").mkdir()
    code, err = run_cli(["check", str(folder)], capsys)
    assert code == 1
    assert_one_paragraph(err, "evalkit check: ", *fragments)


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


# ------------------------------------------------------------------------------------- stop signals


@pytest.fixture
def own_handlers():
    """SIGTERM and SIGINT handled by a function of this test, whatever pytest was started with."""
    def mine(signum, frame):
        raise AssertionError("the handler from before the block ran inside it")

    before = {signum: signal.signal(signum, mine) for signum in (signal.SIGTERM, signal.SIGINT)}
    yield mine
    for signum, handler in before.items():
        signal.signal(signum, handler)


def test_stop_signals_raise_interrupted_and_the_old_handlers_come_back(own_handlers):
    for signum, code in [(signal.SIGTERM, 143), (signal.SIGINT, 130)]:
        with pytest.raises(Interrupted) as info:
            with interrupt_on_signals() as stopping:
                assert not stopping.is_set()
                os.kill(os.getpid(), signum)
        assert info.value.exit_code == code and stopping.is_set()
        assert isinstance(info.value, KeyboardInterrupt)  # no `except Exception` swallows it
        assert signal.getsignal(signal.SIGTERM) is own_handlers
        assert signal.getsignal(signal.SIGINT) is own_handlers


def test_an_ignored_signal_stays_ignored(own_handlers):
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    with interrupt_on_signals():
        assert signal.getsignal(signal.SIGTERM) is signal.SIG_IGN
        assert signal.getsignal(signal.SIGINT) is not own_handlers
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_IGN
    assert signal.getsignal(signal.SIGINT) is own_handlers


def start_report(out: Path) -> subprocess.Popen:
    """``evalkit report overview --out OUT`` on the bundled synthetic registry, in its own process."""
    def default_sigint():  # a process started in the background may inherit an ignored SIGINT
        signal.signal(signal.SIGINT, signal.SIG_DFL)

    return subprocess.Popen([sys.executable, "-m", "evalkit.cli", "report", "overview", "--out", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=default_sigint)


def wait_for_temporary_folder(out: Path, process: subprocess.Popen) -> Path:
    deadline = time.monotonic() + 120  # only against a hang
    while time.monotonic() < deadline:
        found = [p for p in out.glob(f"{runs.TMP_PREFIX}*") if (p / runs.OWNER_FILE).is_file()]
        if found:
            return found[0]
        if process.poll() is not None:
            pytest.fail(f"the run ended before its temporary folder was seen: {process.communicate()}")
        time.sleep(0.02)
    process.kill()
    pytest.fail("no temporary folder appeared")


def earlier_run(out: Path) -> dict[str, bytes]:
    (out / "20260101-090000_overview").mkdir(parents=True)
    (out / "20260101-090000_overview" / "index.html").write_text("an earlier run", encoding="utf-8")
    (out / "index.html").write_text("the list of runs", encoding="utf-8")
    return tree(out)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_stopped_run_removes_its_temporary_folder(signum, tmp_path):
    out = tmp_path / "reports"
    before = earlier_run(out)
    process = start_report(out)
    tmp = wait_for_temporary_folder(out, process)
    process.send_signal(signum)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 128 + signum  # 143, 130
    assert f"stopped by {signal.Signals(signum).name}" in err and "Traceback" not in err
    assert not tmp.exists()
    assert tree(out) == before  # earlier runs and the list of runs untouched, no new folder


def test_the_temporary_folder_of_a_killed_run_is_removed_by_the_next(tmp_path):
    out = tmp_path / "reports"
    before = earlier_run(out)
    process = start_report(out)
    tmp = wait_for_temporary_folder(out, process)
    process.kill()  # SIGKILL: no clean-up is possible
    process.communicate(timeout=120)
    assert tmp.is_dir()
    assert runs.remove_abandoned_runs(out) == [tmp]
    assert tree(out) == before
