"""Rendering reports: parameters, HTML without code, index and provenance, atomic runs, determinism.

The studies here are small fixture notebooks (tests/fixtures/notebooks); the registry is a stand-in
with the interface of ``evalkit.registry.load_registry`` so these tests do not depend on its data.
"""
from __future__ import annotations

import ast
import json
import os
import re
import socket
import subprocess
import sys
import time
import types
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from evalkit import __version__
from evalkit.publish import display
from evalkit.publish import runner as report
from evalkit.publish import runs
from evalkit.publish.labels import CATALOGUE
from evalkit.cli import main
from evalkit.errors import ParameterError, ReportError
from evalkit.publish.pages import write_runs_index
from evalkit.publish.runner import Parameter, Study, parse_parameters, render, study_parameters

FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"
STUDIES = {
    "table": Study("table", FIXTURES / "table_study.ipynb", "Tabelstudie", "Table study"),
    "minimal": Study("minimal", FIXTURES / "minimal_study.ipynb", "Minimale studie", "Minimal study"),
    "failing": Study("failing", FIXTURES / "failing_study.ipynb", "Falende studie", "Failing study"),
    "leaky": Study("leaky", FIXTURES / "leaky_study.ipynb", "Lekkende studie", "Leaky study"),
    "later": Study("later", FIXTURES / "does_not_exist_yet.ipynb", "Later", "Later"),
}
ALL_STUDIES = {k: v for k, v in STUDIES.items() if k not in ("failing", "leaky")}

FAKE_HASHES = {"persons.csv": "1" * 64, "episodes.csv": "2" * 64, "datapackage.json": "3" * 64}
FAKE_DATES = {"VDAB": pd.Timestamp("2020-06-30"), "SD": pd.Timestamp("2020-05-31")}


def fake_registry(calls: list):
    def load_registry(path):
        calls.append(path)
        return types.SimpleNamespace(path=Path("/registry/extract"), file_hashes=dict(FAKE_HASHES),
                                     extraction_dates=dict(FAKE_DATES))
    return load_registry


@pytest.fixture
def registry_calls(monkeypatch):
    calls: list = []
    monkeypatch.setattr(report, "_load_registry", fake_registry(calls))
    return calls


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """One successful run of the table study, shared by the tests that only read it."""
    out = tmp_path_factory.mktemp("reports")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(report, "_load_registry", fake_registry([]))
        index = render("table", out=out, studies=STUDIES,
                       parameters=["horizon_months=36", "by_sex=ja", "trajectories=lineair,geintegreerd_vdab"])
    return index


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def stdout_of(notebook: Path) -> str:
    nb = nbformat.read(notebook, as_version=4)
    return "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs
                   if o.get("output_type") == "stream" and o.get("name") == "stdout")


# --------------------------------------------------------------------------------------- parameters


def test_parameters_are_read_from_the_notebook():
    params = study_parameters("table", STUDIES)
    kinds = {name: p.kind for name, p in params.items()}
    assert kinds == {"data_path": "str", "language": "str", "min_cell_size": "int", "snapshot_date": "date",
                     "horizon_months": "int", "alpha": "float", "by_sex": "bool", "trajectories": "list"}
    assert params["trajectories"].default == ["lineair", "geintegreerd_vdab"]
    assert params["data_path"].help == 'registry folder, or "synthetic"'


def test_values_are_typed_after_the_default():
    specs = {"table": study_parameters("table", STUDIES)}
    parsed = parse_parameters(
        ["min_cell_size=20", "alpha=1", "by_sex=TRUE", "snapshot_date=2021-12-31",
         "trajectories=[\"lineair\"]", "language=en"], specs)["table"]
    assert parsed == {"min_cell_size": 20, "alpha": 1.0, "by_sex": True, "snapshot_date": "2021-12-31",
                      "trajectories": ["lineair"], "language": "en"}
    assert type(parsed["alpha"]) is float
    assert parse_parameters(["trajectories=a, b ,c"], specs)["table"]["trajectories"] == ["a", "b", "c"]
    assert parse_parameters(["by_sex=nee"], specs)["table"]["by_sex"] is False


def test_list_items_take_the_type_of_the_default_items():
    specs = {"s": {"months": Parameter("months", "list", [6, 12], "[6, 12]", item_kind="int"),
                   "cutoff": Parameter("cutoff", "any", None, "None")}}
    assert parse_parameters(["months=3,24"], specs)["s"]["months"] == [3, 24]
    assert parse_parameters(["months=[3, 24]"], specs)["s"]["months"] == [3, 24]
    assert parse_parameters(["cutoff=0.5"], specs)["s"]["cutoff"] == 0.5
    with pytest.raises(ParameterError, match="months"):
        parse_parameters(["months=3,x"], specs)


@pytest.mark.parametrize("assignment, fragment", [
    ("horizon_months=abc", "int"),
    ("horizon_months=1.5", "int"),
    ("alpha=five", "float"),
    ("by_sex=maybe", "bool"),
    ("snapshot_date=2020-13-01", "ISO date"),
    ("language=fr", "nl, en"),
    ("min_cell_size=0", "at least 1"),
    ("trajectories=[\"lineair\"", "list"),
])
def test_bad_value_names_parameter_study_and_type(assignment, fragment, tmp_path, registry_calls):
    out = tmp_path / "reports"
    with pytest.raises(ParameterError) as info:
        render("table", out=out, parameters=[assignment], studies=STUDIES)
    message = str(info.value)
    assert assignment.split("=")[0] in message and "'table'" in message and fragment in message
    assert not out.exists() and registry_calls == []


def test_unknown_parameter_fails_before_anything_runs(tmp_path, registry_calls):
    out = tmp_path / "reports"
    with pytest.raises(ParameterError) as info:
        render("table", out=out, parameters=["horizon_month=36"], studies=STUDIES)
    message = str(info.value)
    assert "'horizon_month'" in message and "'table'" in message
    assert "horizon_months" in message and "min_cell_size" in message  # the allowed names
    assert not out.exists()
    assert registry_calls == []


@pytest.mark.parametrize("parameters, match", [
    (["horizon_months"], "name=value"),
    (["alpha=0.1", "alpha=0.2"], "twice"),
    (["data_path=/elsewhere"], "--data"),
])
def test_malformed_parameters(parameters, match, tmp_path, registry_calls):
    with pytest.raises(ParameterError, match=match):
        render("table", out=tmp_path / "reports", parameters=parameters, studies=STUDIES)
    assert not (tmp_path / "reports").exists()


def test_unknown_study_missing_notebook_and_missing_registry(tmp_path, registry_calls):
    with pytest.raises(ParameterError, match="Unknown study 'nope'.*table.*all"):
        render("nope", out=tmp_path, studies=STUDIES)
    with pytest.raises(ParameterError, match="no notebook yet"):
        render("later", out=tmp_path, studies=STUDIES)
    with pytest.raises(ParameterError, match="does not exist"):
        render("table", data=tmp_path / "no_registry_here", out=tmp_path / "reports", studies=STUDIES)
    assert not (tmp_path / "reports").exists() and registry_calls == []


def test_existing_run_name_is_refused_before_running(tmp_path, registry_calls):
    (tmp_path / "taken").mkdir()
    with pytest.raises(ReportError, match="already exists"):
        render("table", out=tmp_path, run_name="taken", studies=STUDIES)
    with pytest.raises(ParameterError, match="plain folder name"):
        render("table", out=tmp_path, run_name="../escape", studies=STUDIES)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]


# ------------------------------------------------------------------------------------ a full run


def test_run_folder_layout(rendered):
    run = rendered.parent
    assert rendered.name == "index.html"
    assert re.fullmatch(r"\d{8}-\d{6}_table", run.name)
    assert sorted(p.name for p in run.iterdir()) == ["brief.html", "brief.pdf", "disclosure", "index.html",
                                                     "provenance.json", "table.html", "table.ipynb", "table.pdf"]
    assert not [p for p in run.parent.iterdir() if p.name.startswith(".")]  # no temporary leftovers


def test_parameters_reach_the_notebook_typed(rendered):
    text = stdout_of(rendered.parent / "table.ipynb")
    assert "types: int float bool list str" in text
    assert "values: synthetic nl 10 2020-03-31 36 0.05 True ['lineair', 'geintegreerd_vdab']" in text


def test_html_has_no_code_and_no_stderr(rendered):
    page = (rendered.parent / "table.html").read_text(encoding="utf-8")
    assert "FIXTURE_SOURCE_MARKER" not in page and "release_table(" not in page
    assert "display.setup" not in page and "horizon_months = 24" not in page
    assert "fixture stderr line" not in page and "fixture warning text" not in page
    assert 'class="jp-InputPrompt' not in page and 'class="jp-CodeMirrorEditor' not in page
    assert "In&nbsp;[" not in page
    # The results are there: the table with its caption and suppression note, the figure, the text.
    assert "<caption>Werk per traject</caption>" in page and "<td>x</td>" in page
    assert "x: niet getoond; een cel met minder dan 10 personen" in page
    assert "image/svg+xml" in page and "Gevolgd tot <strong>36</strong> maanden" in page
    assert '<html lang="nl">' in page
    assert "<script src=" not in page  # self-contained: opens offline, loads nothing


def test_executed_notebook_keeps_the_audit_trail(rendered):
    nb = nbformat.read(rendered.parent / "table.ipynb", as_version=4)
    sources = "".join(c.source for c in nb.cells)
    assert "FIXTURE_SOURCE_MARKER" in sources
    injected = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and "horizon_months = 36" in injected[0].source


def test_index_states_links_parameters_version_data_and_disclosure(rendered):
    page = rendered.read_text(encoding="utf-8")
    assert 'href="table.html"' in page and 'href="table.ipynb"' in page and 'href="table.pdf"' in page
    assert 'href="brief.html"' in page and 'href="brief.pdf"' in page
    assert 'href="provenance.json"' in page
    assert __version__ in page
    for digest in FAKE_HASHES.values():
        assert digest in page
    assert "30 juni 2020" in page and "31 mei 2020" in page and "Extractiedatum" in page
    assert "horizon_months" in page and "36" in page and "alpha" in page and "0.05" in page  # defaults too
    assert "Statistische geheimhouding" in page and "Geen aantal kleiner dan 10" in page
    assert 'class="evalkit-run-stamp"' in page and '<html lang="nl">' in page
    # Each study page carries the same provenance, so it stands on its own when forwarded.
    study = (rendered.parent / "table.html").read_text(encoding="utf-8")
    assert FAKE_HASHES["persons.csv"] in study and 'href="index.html"' in study and __version__ in study


def test_provenance_json_matches(rendered):
    provenance = json.loads((rendered.parent / "provenance.json").read_text(encoding="utf-8"))
    assert provenance["evalkit_version"] == __version__
    assert provenance["run_name"] == rendered.parent.name
    assert provenance["data"]["source"] == "synthetic"
    assert provenance["data"]["file_hashes"] == FAKE_HASHES
    assert provenance["data"]["extraction_dates"] == {"SD": "2020-05-31", "VDAB": "2020-06-30"}
    assert provenance["disclosure"]["min_cell_size"] == [10]
    (study,) = provenance["studies"]
    assert study["parameters"] == {
        "data_path": "synthetic", "language": "nl", "min_cell_size": 10, "snapshot_date": "2020-03-31",
        "horizon_months": 36, "alpha": 0.05, "by_sex": True, "trajectories": ["lineair", "geintegreerd_vdab"]}
    assert study["parameters_set"] == ["by_sex", "data_path", "horizon_months", "trajectories"]
    assert len(study["notebook_sha256"]) == 64


def test_runs_index_lists_the_run(rendered):
    page = (rendered.parent.parent / "index.html").read_text(encoding="utf-8")
    assert f'href="{rendered.parent.name}/index.html"' in page


# ------------------------------------------------------------------------------ failure and atomicity


def test_failing_notebook_leaves_no_run_and_earlier_runs_untouched(rendered, monkeypatch):
    monkeypatch.setattr(report, "_load_registry", fake_registry([]))
    out = rendered.parent.parent
    before = tree(out)
    with pytest.raises(ReportError) as info:
        render("failing", out=out, studies=STUDIES)
    message = str(info.value)
    assert "'failing'" in message and "In [" in message
    assert "ValueError: fixture failure: the cohort is empty" in message
    assert tree(out) == before  # byte for byte, and no new or temporary folder


def test_a_run_the_output_check_rejects_publishes_nothing(rendered, monkeypatch):
    monkeypatch.setattr(report, "_load_registry", fake_registry([]))
    out = rendered.parent.parent
    before = tree(out)
    with pytest.raises(ReportError) as info:
        render("leaky", out=out, studies=STUDIES)
    message = str(info.value)
    assert "output check found" in message and "nothing was written" in message
    assert "leaky: leak, row 'all', column 'work': count 9 is below the threshold" in message
    assert "leaky: leak, row 'all', column 'n'" in message  # 12 - 9 = 3 without work
    assert tree(out) == before  # byte for byte, and no new or temporary folder


def test_a_protected_run_holds_its_disclosure_log_and_released_tables(rendered):
    folder = rendered.parent
    log = json.loads((folder / "disclosure" / "log.json").read_text(encoding="utf-8"))
    assert log["verdict"] == "safe" and log["policy"]["min_cell_size"] == 10
    (entry,) = [o for o in log["outputs"] if o["output"] == "work"]
    assert entry["kind"] == "table" and entry["status"] == "protected" and entry["suppressed"] >= 3
    released = (folder / "disclosure" / "tables" / "table" / "work.csv").read_text(encoding="utf-8")
    assert ",4," not in released and "x" in released
    cells = pd.read_csv(folder / "disclosure" / "cells.csv")
    assert set(cells["report"]) == {"table"} and not cells["released"].all()
    index = (folder / "index.html").read_text(encoding="utf-8")
    assert "disclosure/log.json" in index and "Werk per traject" in index


def test_a_run_into_a_relative_folder_checks_what_it_publishes(tmp_path, registry_calls, monkeypatch):
    """``--out reports`` (relative, as in the quick start): the kernels run elsewhere, yet the ledgers
    and released tables land in the run folder and the check sees every cell."""
    monkeypatch.chdir(tmp_path)
    index = render("table", out="reports", studies=STUDIES, run_name="relative")
    log = json.loads((index.parent / "disclosure" / "log.json").read_text(encoding="utf-8"))
    assert (index.parent / "disclosure" / "table.ledger.json").exists()
    assert log["cells_checked"] > 0 and log["cells_hidden"] >= 3


def test_a_run_removes_the_temporary_folders_of_killed_runs_only(tmp_path, registry_calls):
    out = tmp_path / "reports"
    (out / "earlier").mkdir(parents=True)
    (out / "earlier" / "index.html").write_text("an earlier run", encoding="utf-8")
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)
    gone, here = int(ended.stdout), socket.gethostname()

    def leftover(name, owner=None, hours_old=0):
        folder = out / f".tmp-{name}"
        folder.mkdir()
        (folder / "table.ipynb").write_text("{}", encoding="utf-8")
        if owner is not None:
            (folder / runs.OWNER_FILE).write_text(json.dumps(owner), encoding="utf-8")
        then = time.time() - hours_old * 3600
        os.utime(folder, (then, then))

    leftover("killed", {"pid": gone, "host": here})
    leftover("old", hours_old=30)
    leftover("20261201-214924_all-0a1b2c3d", hours_old=48)  # named as before owner files existed
    leftover("running", {"pid": os.getpid(), "host": here})
    leftover("other-machine", {"pid": gone, "host": f"not-{here}"})
    leftover("recent", hours_old=2)
    render("minimal", out=out, studies=STUDIES, run_name="next")
    hidden = sorted(p.name for p in out.iterdir() if p.name.startswith("."))
    assert hidden == [".tmp-other-machine", ".tmp-recent", ".tmp-running"]
    assert (out / "earlier" / "index.html").read_text(encoding="utf-8") == "an earlier run"
    assert (out / "next" / "index.html").is_file()


#: Renders the fixture study 'minimal' into sys.argv[1], with the clock stopped at one second.
SAME_SECOND_RUN = """
import datetime as dt, sys, types
from pathlib import Path
from evalkit.publish import runner

class Frozen(dt.datetime):
    @classmethod
    def now(cls, tz=None):
        return cls(2026, 3, 1, 10, 15, 0, tzinfo=tz)

runner.dt = types.SimpleNamespace(datetime=Frozen)
runner._load_registry = lambda data: types.SimpleNamespace(
    path=Path("/registry"), file_hashes={}, extraction_dates={})
study = runner.Study("minimal", sys.argv[2], "Minimale studie", "Minimal study")
print(runner.render("minimal", out=sys.argv[1], studies={"minimal": study}))
"""


def test_runs_started_in_the_same_second_each_have_one_name(tmp_path):
    out = tmp_path / "reports"
    processes = [subprocess.Popen([sys.executable, "-c", SAME_SECOND_RUN, str(out), str(STUDIES["minimal"].path)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for _ in range(2)]
    results = [process.communicate(timeout=300) for process in processes]
    assert [process.returncode for process in processes] == [0, 0], results
    runs = sorted(p.name for p in out.iterdir() if p.is_dir())
    assert runs == ["20260301-101500_minimal", "20260301-101500_minimal-2"]
    assert sorted(Path(stdout.strip()).parent.name for stdout, _ in results) == runs
    for run in runs:
        assert json.loads((out / run / "provenance.json").read_text(encoding="utf-8"))["run_name"] == run
        page = (out / run / "index.html").read_text(encoding="utf-8")
        assert f"<code>{run}</code>" in page and f" {run}</title>" in page
    links = re.findall(r'<a href="([^"]+)/index.html">([^<]+)</a>', (out / "index.html").read_text(encoding="utf-8"))
    assert sorted(links) == [(run, run) for run in runs]


def test_runs_index_links_each_run_folder(tmp_path):
    # Two folders whose provenance carries the same run name, as two runs in one second once left them.
    for folder in ["20260301-101500_all", "20260301-101500_all-2", "mei 2026#1"]:
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "provenance.json").write_text(json.dumps(
            {"run_name": "20260301-101500_all", "started": "2026-03-01T10:15:00+01:00", "studies": []}))
    page = write_runs_index(tmp_path, "nl").read_text(encoding="utf-8")
    assert re.findall(r'<a href="([^"]+)/index.html">([^<]+)</a>', page) == [
        ("mei%202026%231", "mei 2026#1"), ("20260301-101500_all-2", "20260301-101500_all-2"),
        ("20260301-101500_all", "20260301-101500_all")]


# ----------------------------------------------------------------------------------- determinism


def strip_run_stamp(page: str) -> str:
    return re.sub(r'<time class="evalkit-run-stamp".*?</time>', "", page)


def outputs(notebook: Path) -> list:
    """Code and outputs, without timing metadata and stderr (warnings name the kernel's temp folder)."""
    nb = nbformat.read(notebook, as_version=4)
    return [(c.source, [{k: v for k, v in o.items() if k != "metadata"} for o in c.outputs
                        if o.get("name") != "stderr"])
            for c in nb.cells if c.cell_type == "code"]


def test_same_data_and_parameters_give_the_same_report(rendered, monkeypatch):
    monkeypatch.setattr(report, "_load_registry", fake_registry([]))
    again = render("table", out=rendered.parent.parent, studies=STUDIES,
                   parameters=["horizon_months=36", "by_sex=ja", "trajectories=lineair,geintegreerd_vdab"])
    assert again.parent != rendered.parent
    first = (rendered.parent / "table.html").read_text(encoding="utf-8")
    second = (again.parent / "table.html").read_text(encoding="utf-8")
    assert strip_run_stamp(first) == strip_run_stamp(second)
    # Including figures (SVG ids) and the order of set iteration in the notebook.
    assert outputs(rendered.parent / "table.ipynb") == outputs(again.parent / "table.ipynb")


# -------------------------------------------------------------------------------- all studies, kernel


def test_all_renders_every_available_study(tmp_path, registry_calls, monkeypatch):
    # A bogus user-level 'python3' kernelspec must not matter: reports run in this interpreter.
    kernels = tmp_path / "jupyter" / "kernels" / "python3"
    kernels.mkdir(parents=True)
    (kernels / "kernel.json").write_text(json.dumps(
        {"argv": ["/nonexistent/python", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
         "display_name": "broken", "language": "python"}))
    monkeypatch.setenv("JUPYTER_DATA_DIR", str(tmp_path / "jupyter"))

    index = render("all", out=tmp_path / "reports", studies=ALL_STUDIES,
                   parameters=["horizon_months=30", "language=en"], run_name="both")
    run = index.parent
    assert run.name == "both"
    assert {"table.html", "table.ipynb", "minimal.html", "minimal.ipynb"} <= {p.name for p in run.iterdir()}
    provenance = json.loads((run / "provenance.json").read_text(encoding="utf-8"))
    by_study = {s["study"]: s["parameters"] for s in provenance["studies"]}
    assert by_study["table"]["horizon_months"] == 30
    assert "horizon_months" not in by_study["minimal"]  # given only to the studies that declare it
    assert by_study["minimal"]["language"] == "en"
    page = index.read_text(encoding="utf-8")
    assert '<html lang="en">' in page and "Statistical disclosure control" in page and "Table study" in page
    assert "Minimale studie in taal <strong>en</strong>" in (run / "minimal.html").read_text(encoding="utf-8")
    assert registry_calls == ["synthetic"]


def test_parameter_unknown_to_every_study_of_all(tmp_path, registry_calls):
    with pytest.raises(ParameterError, match="'nonsense'.*'table', 'minimal'"):
        render("all", out=tmp_path / "r", studies=ALL_STUDIES, parameters=["nonsense=1"])


def test_kernel_runs_in_this_interpreter():
    spec = report.current_interpreter_kernelspec()
    assert spec.argv[0] == sys.executable and "ipykernel_launcher" in spec.argv
    assert spec.env["PYTHONHASHSEED"] == "0"


def test_kernel_starts_one_blas_thread_unless_told_otherwise(monkeypatch):
    for name in report.BLAS_THREAD_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    assert {report.current_interpreter_kernelspec().env[n] for n in report.BLAS_THREAD_VARIABLES} == {"1"}
    monkeypatch.setenv("OMP_NUM_THREADS", "4")
    assert report.current_interpreter_kernelspec().env["OMP_NUM_THREADS"] == "4"


# ------------------------------------------------------------------------------------------- CLI


def test_cli_report_list_and_errors(tmp_path, capsys, monkeypatch, registry_calls):
    monkeypatch.setattr(report, "STUDIES", ALL_STUDIES)
    assert main(["report", "list"]) == 0
    listed = capsys.readouterr().out
    assert "table" in listed and "horizon_months = 24  [int]" in listed and "not available yet" in listed
    assert main(["report", "table", "--out", str(tmp_path / "r"), "-p", "horizon_months=many"]) == 1
    err = capsys.readouterr().err
    assert "horizon_months" in err and "Traceback" not in err
    assert not (tmp_path / "r").exists()


# --------------------------------------------------------------------------------------- display


def test_table_html_is_clean_and_captioned():
    df = pd.DataFrame({"trajectory": ["lineair", "geintegreerd_vdab"], "n": [120, "<10"],
                       "pct": [41.236, None]})
    page = display.table_html(df, title="Werk <na> 2 jaar", note="Bron: synthetisch.", language="nl", decimals=1)
    assert "<caption>Werk &lt;na&gt; 2 jaar</caption>" in page
    assert "41,2" in page and "–" in page and "&lt;10" in page
    assert "<th></th>" not in page  # no index column
    assert "<em>Noot:</em> Bron: synthetisch." in page
    indexed = display.table_html(df.set_index("trajectory"), note="Source.", language="en")
    assert "<th>trajectory</th>" in indexed and "<em>Note:</em>" in indexed


def test_every_text_the_publish_layer_asks_for_exists():
    """Literal keys of CATALOGUE.text(...) and CATALOGUE.table(...) in evalkit/publish/*.py, in both languages."""
    asked = set()
    for module in (Path(report.__file__).parent).rglob("*.py"):
        for node in ast.walk(ast.parse(module.read_text("utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("text", "table", "by_language")
                    and getattr(node.func.value, "id", None) == "CATALOGUE"
                    and node.args and isinstance(node.args[0], ast.Constant)):
                asked.add((module.name, node.args[0].value))
    assert {key for _, key in asked} >= {"studies", "page", "page.figure_alt", "disclosure.curves_pooled", "table.note"}
    for module, key in asked:
        for language in ("nl", "en"):
            assert CATALOGUE.has(key, language), f"{module} asks for {key!r}, missing in {language}.yaml"


def test_setup_checks_language():
    with pytest.raises(ParameterError, match="language"):
        display.setup("fr")


# ------------------------------------------------------------------------ parameters with fixed values

#: Parameters of the study notebooks whose values come from a fixed set (of each element, for lists).
FIXED_SETS = {"language", "job_definition", "durable_definition", "durable_definitions", "reference", "target",
              "missing", "which_spell", "covariates"}


def _package_values() -> dict[str, set[str]]:
    """The values the package itself accepts for each such parameter: the notebooks must declare the same."""
    from evalkit import outcomes
    from evalkit.outcomes.durable import DURABLE_DEFINITIONS
    from evalkit.publish.sdc.variables import PROFILE_VARIABLES
    from evalkit.registry.schema import codelist
    from evalkit.studies.profiles.frames import MISSING_HANDLING
    from evalkit.studies.trajectories import TARGETS
    from evalkit.texts import LANGUAGES

    return {"language": set(LANGUAGES), "job_definition": set(outcomes.ENDPOINTS),
            "durable_definition": set(DURABLE_DEFINITIONS), "durable_definitions": set(DURABLE_DEFINITIONS),
            "reference": set(codelist("trajectory")["code"]), "target": set(TARGETS),
            "missing": set(MISSING_HANDLING), "which_spell": {"first", "all"},
            "covariates": set(PROFILE_VARIABLES) - {"trajectory"}}


def test_every_parameter_with_a_fixed_set_of_values_declares_it_and_its_default_is_in_it():
    from evalkit.publish.runner import STUDIES as REAL

    seen = set()
    for study in REAL:
        for name, spec in study_parameters(study).items():
            if name not in FIXED_SETS:
                continue
            seen.add(name)
            assert spec.choices, f"{study}: parameter {name} does not declare its values ('one of: ...')"
            default = spec.default if isinstance(spec.default, list) else [spec.default]
            assert all(str(v) in spec.choices for v in default), (study, name, spec.default, spec.choices)
            assert set(spec.choices) == _package_values()[name], (study, name, spec.choices)
    assert seen >= {"language", "job_definition", "reference", "missing", "which_spell"}


@pytest.mark.parametrize("study, assignment, allowed", [
    ("survival", "job_definition=foo", "any_job"),
    ("survival", "covariates=sex,shoe_size", "household"),
    ("trajectories", "reference=best", "lineair"),
    ("profiles", "missing=drop", "complete_case"),
    ("art60", "which_spell=last", "first"),
])
def test_a_value_outside_the_fixed_set_is_refused_before_anything_runs(tmp_path, study, assignment, allowed):
    out = tmp_path / "reports"
    with pytest.raises(ParameterError) as info:
        render(study, out=out, parameters=[assignment])
    message = str(info.value)
    assert assignment.split("=")[0] in message and allowed in message and "endpoint" not in message
    assert not out.exists() or not any(out.iterdir())
