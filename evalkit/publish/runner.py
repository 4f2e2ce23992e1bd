"""Render study notebooks into reports: executed notebook, HTML without code, index page, provenance.

One call renders one study or all of them::

    render("survival", data="synthetic", out="reports", parameters=["language=en"])

Everything is checked before anything runs: the study names, every ``name=value`` parameter against
the parameters cell of the study's notebook (name and type), the run name, the output folder and the
registry. The studies then run in a hidden temporary folder ``out/.tmp-<run_name>``; only when all of
them succeeded is that folder renamed to ``out/<run_name>``, so a failed run leaves nothing behind
and earlier runs untouched. Creating the temporary folder reserves the run name, so two runs started
in the same second get two names (``<run_name>`` and ``<run_name>-2``), each used throughout its run.
A run stopped by SIGTERM or Ctrl-C removes its temporary folder; one that could not (killed, power
lost) leaves an owner file in it, from which the next run in ``out`` sees that it is abandoned.

A run folder holds ``index.html`` (links, parameters, data source with file hashes and extraction
dates, evalkit version, time of the run, disclosure rule), ``<study>.html`` (the report, no code),
``<study>.ipynb`` (the executed notebook), ``provenance.json`` (the same facts as the index, for
machines) and ``disclosure/`` (released tables, ledgers, the disclosure log, and ``manifest.json``, the
seal written last: :mod:`evalkit.publish.sdc.integrity`). ``out/index.html`` lists all runs.

Notebooks run in a kernel started with the interpreter that runs evalkit, whatever kernels Jupyter
has registered, so a report renders the same in any environment where evalkit is installed.

This module reads and types the parameters, runs the notebooks, records the provenance and moves
the run into place; :mod:`~evalkit.publish.pages` renders the HTML pages from that provenance.
"""
from __future__ import annotations

import ast
import datetime as dt
import functools
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evalkit import __version__
from evalkit.errors import ParameterError, ReportError, interrupt_on_signals
from evalkit.publish.labels import CATALOGUE
from evalkit.publish.pages import disclosure_statement, export_html, index_html, write_runs_index
from evalkit.publish.runs import check_out, check_run_name, exists, move_into_place, reserve_run_folder
from evalkit.texts import LANGUAGES

#: Parameters whose value evalkit sets itself or checks beyond their type.
DATA_PARAMETER = "data_path"


@dataclass(frozen=True)
class Study:
    """A study: a notebook with a ``parameters`` cell, and its title in both report languages.

    ``notebook`` is a file name inside the package's notebooks, or a path to any notebook.
    """

    name: str
    notebook: str | Path
    title_nl: str
    title_en: str

    def title(self, language: str = "nl") -> str:
        return self.title_nl if language == "nl" else self.title_en

    @property
    def path(self) -> Path:
        notebook = Path(self.notebook)
        return notebook if notebook.is_absolute() else notebooks_dir() / notebook


#: Study name (as used on the command line) -> notebook.
NOTEBOOKS = {
    "overview": "01_cohort_overview.ipynb",
    "survival": "02_survival_first_job.ipynb",
    "trajectories": "03_trajectory_comparison.ipynb",
    "profiles": "04_profile_effects.ipynb",
    "art60": "05_art60_sustainability.ipynb",
}
_TITLES = CATALOGUE.by_language("studies")  # evalkit/publish/texts/<language>.yaml, table "studies"

#: Study name (as used on the command line) -> notebook and titles.
STUDIES: dict[str, Study] = {
    name: Study(name, notebook, _TITLES[name]["nl"], _TITLES[name]["en"]) for name, notebook in NOTEBOOKS.items()
}


def notebooks_dir() -> Path:
    """The folder holding the package's study notebooks."""
    from importlib.resources import files

    try:
        return Path(str(files("evalkit.notebooks")))
    except ModuleNotFoundError:  # a source tree that is not installed
        return Path(__file__).resolve().parent.parent / "notebooks"


# --------------------------------------------------------------------------- studies and parameters


@dataclass(frozen=True)
class Parameter:
    """One entry of a notebook's parameters cell.

    ``kind`` is what a command-line value is parsed into: ``int``, ``float``, ``bool``, ``str``,
    ``date`` (an ISO date, kept as a string), ``list``, ``dict``, ``any`` (default ``None``) or
    ``expression`` (a default that is not a literal; cannot be set from outside).
    """

    name: str
    kind: str
    default: Any
    default_source: str
    help: str = ""
    item_kind: str | None = None  # for lists: the kind of the elements

    @property
    def choices(self) -> tuple[str, ...]:
        """The values the parameter may take (of each element, for a list), as its comment in the
        parameters cell declares them: ``... ; one of: any_job, nec, art60``; empty when any value goes.

        Examples
        --------
        >>> Parameter("target", "str", "reference", '"reference"', "population; one of: reference, trajectory").choices
        ('reference', 'trajectory')
        """
        match = _CHOICES.search(self.help)
        if not match:
            return ()
        return tuple(item.strip().strip("\"'") for item in match.group(1).split(",") if item.strip())

    @property
    def type_label(self) -> str:
        if self.kind == "list":
            return f"list of {self.item_kind or 'str'}"
        return {"date": "ISO date (YYYY-MM-DD)"}.get(self.kind, self.kind)


def available_studies(studies: Mapping[str, Study] | None = None) -> list[Study]:
    """The studies whose notebook exists, in registry order.

    Parameters
    ----------
    studies : mapping, optional
        Study registry to use instead of :data:`STUDIES`.

    Returns
    -------
    list of Study

    Examples
    --------
    >>> "overview" in [s.name for s in available_studies()]
    True
    """
    studies = STUDIES if studies is None else studies
    return [study for study in studies.values() if study.path.is_file()]


def study_parameters(study: str | Study, studies: Mapping[str, Study] | None = None) -> dict[str, Parameter]:
    """Read a study notebook's parameters cell: names, kinds and defaults.

    Parameters
    ----------
    study : str or Study
        Study name or Study.
    studies : mapping, optional
        Study registry to use instead of :data:`STUDIES`.

    Returns
    -------
    dict
        Parameter name -> :class:`Parameter`, in the order of the cell.

    Examples
    --------
    >>> study_parameters("overview")["min_cell_size"].default
    10
    """
    import nbformat
    import papermill

    if isinstance(study, str):
        study = _resolve_studies(study, studies)[0]
    path = study.path
    if not path.is_file():
        raise ReportError(f"Study '{study.name}': notebook {path} does not exist")
    nb = nbformat.read(path, as_version=4)
    if not any("parameters" in cell.get("metadata", {}).get("tags", []) for cell in nb.cells):
        raise ReportError(f"Study '{study.name}': notebook {path.name} has no cell tagged 'parameters'")
    inspected = papermill.inspect_notebook(str(path))
    return {name: _parameter(name, info) for name, info in inspected.items()}


_SIMPLE_KINDS = {"int": "int", "float": "float", "bool": "bool", "str": "str", "list": "list",
                 "dict": "dict", "List": "list", "Dict": "dict"}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: How a parameter's comment declares its values: "one of: a, b, c" (for a list: of each element).
_CHOICES = re.compile(r"\bone of:\s*([^;()]+)")


def _parameter(name: str, info: Mapping[str, Any]) -> Parameter:
    source = str(info.get("default", "")).strip()
    help_text = str(info.get("help") or "").strip()
    try:
        default = ast.literal_eval(source)
    except (ValueError, SyntaxError):
        return Parameter(name, "expression", None, source, help_text)
    annotated = _SIMPLE_KINDS.get(str(info.get("inferred_type_name", "None")).split("[")[0])
    kind = _kind_of(default)
    if annotated is not None and (default is None or kind != annotated):
        kind = annotated if not (annotated == "float" and kind == "int") else "float"
    item_kind = None
    if kind == "list":
        items = {_kind_of(item) for item in (default or [])}
        item_kind = items.pop() if len(items) == 1 and not items & {"list", "dict", "any"} else "str"
    if isinstance(default, tuple):
        default = list(default)
    return Parameter(name, kind, default, source, help_text, item_kind)


def _kind_of(value: Any) -> str:
    if value is None:
        return "any"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "date" if _ISO_DATE.match(value) else "str"
    if isinstance(value, (list, tuple)):
        return "list"
    if isinstance(value, dict):
        return "dict"
    return "expression"


def parse_parameters(
    assignments: Iterable[str],
    specs: Mapping[str, Mapping[str, Parameter]],
) -> dict[str, dict[str, Any]]:
    """Turn ``name=value`` strings into typed values, per study.

    Each name must be a parameter of at least one of the studies; it is given to every study that
    declares it, parsed according to that study's default: ``int``, ``float``, ``bool``
    (true/false, yes/no, ja/nee, 1/0), ``str``, ISO dates (``YYYY-MM-DD``, kept as strings), lists
    (comma-separated, or JSON such as ``["a", "b"]``), dicts (JSON).

    Parameters
    ----------
    assignments : iterable of str
        E.g. ``["language=en", "min_cell_size=20"]``.
    specs : mapping
        Study name -> its parameters (from :func:`study_parameters`).

    Returns
    -------
    dict
        Study name -> {parameter name: value} for the parameters that were set.

    Raises
    ------
    ParameterError
        Naming the parameter, the study, the expected type and the allowed names.

    Examples
    --------
    >>> specs = {"survival": {"min_cell_size": Parameter("min_cell_size", "int", 10, "10")}}
    >>> parse_parameters(["min_cell_size=20"], specs)
    {'survival': {'min_cell_size': 20}}
    """
    parsed: dict[str, dict[str, Any]] = {name: {} for name in specs}
    seen: set[str] = set()
    for assignment in assignments:
        name, sep, raw = str(assignment).partition("=")
        name = name.strip()
        if not sep or not name:
            raise ParameterError(f"Parameter {assignment!r} is not of the form name=value")
        if name in seen:
            raise ParameterError(f"Parameter '{name}' is given twice")
        seen.add(name)
        if name == DATA_PARAMETER:
            raise ParameterError(
                f"Parameter '{DATA_PARAMETER}' is set with --data (data= in Python), not with -p"
            )
        owners = [study for study, params in specs.items() if name in params]
        if not owners:
            allowed = sorted({p for params in specs.values() for p in params} - {DATA_PARAMETER})
            which = ", ".join(f"'{s}'" for s in specs)
            raise ParameterError(
                f"Unknown parameter '{name}' for study {which}; allowed: {', '.join(allowed) or '(none)'}"
            )
        for study in owners:
            parsed[study][name] = _parse_value(specs[study][name], raw.strip(), study, specs[study])
    return parsed


_TRUE = {"true", "yes", "ja", "1", "y", "j"}
_FALSE = {"false", "no", "nee", "0", "n"}


def _parse_value(spec: Parameter, raw: str, study: str, params: Mapping[str, Parameter]) -> Any:
    def fail(reason: str = "") -> ParameterError:
        allowed = ", ".join(p for p in params if p != DATA_PARAMETER)
        extra = f" ({reason})" if reason else ""
        return ParameterError(
            f"Parameter '{spec.name}' of study '{study}': {raw!r} is not a valid {spec.type_label}{extra}; "
            f"default is {spec.default_source}. Parameters of '{study}': {allowed}"
        )

    if spec.kind == "expression":
        raise fail(f"its default {spec.default_source} is an expression and cannot be set from outside")
    try:
        value = _convert(spec.kind, raw, spec.item_kind)
    except (ValueError, TypeError) as exc:
        raise fail(str(exc)) from None
    if spec.name == "language" and value not in LANGUAGES:
        raise fail(f"choose one of {', '.join(LANGUAGES)}")
    if spec.choices:
        wrong = [v for v in (value if isinstance(value, list) else [value]) if str(v) not in spec.choices]
        if wrong:
            raise fail(f"{wrong[0]!r} is not one of its values: {', '.join(spec.choices)}")
    if spec.name == "min_cell_size" and value < 1:
        raise fail("it must be at least 1")
    return value


def _convert(kind: str, raw: str, item_kind: str | None = None) -> Any:
    if kind == "str":
        return raw
    if kind == "int":
        return int(raw)
    if kind == "float":
        return float(raw)
    if kind == "bool":
        if raw.lower() in _TRUE:
            return True
        if raw.lower() in _FALSE:
            return False
        raise ValueError("use true or false")
    if kind == "date":
        return dt.date.fromisoformat(raw).isoformat()
    if kind == "list":
        if raw.startswith("["):
            items = json.loads(raw)
            if not isinstance(items, list):
                raise ValueError("not a JSON list")
            return [_convert(item_kind or "str", item if isinstance(item, str) else json.dumps(item))
                    for item in items]
        return [_convert(item_kind or "str", item.strip()) for item in raw.split(",") if item.strip()]
    if kind == "dict":
        value = json.loads(raw)
        if not isinstance(value, dict):
            raise ValueError("not a JSON object")
        return value
    if kind == "any":
        try:
            return json.loads(raw)
        except ValueError:
            return raw
    raise ValueError(f"cannot set a parameter of kind {kind}")


def _resolve_studies(study: str, studies: Mapping[str, Study] | None) -> list[Study]:
    studies = STUDIES if studies is None else studies
    if study == "all":
        found = available_studies(studies)
        if not found:
            raise ReportError(f"No study notebooks found in {notebooks_dir()}")
        return found
    if study not in studies:
        names = ", ".join(list(studies) + ["all"])
        raise ParameterError(f"Unknown study '{study}'; choose one of: {names}")
    if not studies[study].path.is_file():
        raise ParameterError(f"Study '{study}' has no notebook yet ({studies[study].path.name})")
    return [studies[study]]


# --------------------------------------------------------------------------------------- kernels


#: Environment variables that set how many threads the linear-algebra libraries start.
BLAS_THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def blas_threads() -> dict[str, str]:
    """One linear-algebra thread in a study's kernel, unless the caller's environment says otherwise.

    The studies' matrices are small (a few dozen columns): several BLAS threads gain nothing and,
    on a machine whose cores are busy, compete with each other (one numeric step was seen 4-5 times
    slower with two threads than with one on two shared cores). One thread also fixes the order of
    floating-point sums, so results do not depend on the machine's core count. A variable already
    set (say ``OMP_NUM_THREADS=8`` for a large registry) is passed on unchanged.

    >>> import os
    >>> os.environ.pop("OPENBLAS_NUM_THREADS", None) and None
    >>> blas_threads()["OPENBLAS_NUM_THREADS"]
    '1'
    """
    return {name: os.environ.get(name, "1") for name in BLAS_THREAD_VARIABLES}


def current_interpreter_kernelspec():
    """The kernelspec of an IPython kernel in the interpreter that runs evalkit.

    Reports never depend on which kernels Jupyter has registered (a ``python3`` kernelspec may
    point to another Python, or be absent). The kernel gets a fixed hash seed, so the order of sets
    and dict-of-set iterations in a notebook is the same on every run.
    """
    from ipykernel.kernelspec import get_kernel_dict
    from jupyter_client.kernelspec import KernelSpec

    # ipykernel's own description (argv with sys.executable, the metadata this ipykernel supports,
    # such as transport encryption), plus a fixed environment for reproducible output.
    spec = get_kernel_dict()
    spec["argv"][0] = sys.executable
    spec["display_name"] = f"Python {sys.version_info.major}.{sys.version_info.minor} (evalkit)"
    spec["env"] = {**spec.get("env", {}), "PYTHONHASHSEED": "0", "PYDEVD_DISABLE_FILE_VALIDATION": "1",
                   **blas_threads()}
    known = set(KernelSpec.class_trait_names())
    return KernelSpec(**{key: value for key, value in spec.items() if key in known})


@functools.cache
def _kernel_manager_class():
    """A kernel manager that starts every kernel name with :func:`current_interpreter_kernelspec`."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager
    import zmq
    from traitlets import default

    class CurrentInterpreterKernelSpecManager(KernelSpecManager):
        def get_kernel_spec(self, kernel_name, *args, **kwargs):
            return current_interpreter_kernelspec()

    # Encrypt the kernel's local connection when this jupyter_client and pyzmq support it.
    encrypt = "transport_encryption" in AsyncKernelManager.class_trait_names() and zmq.has("curve")

    class CurrentInterpreterKernelManager(AsyncKernelManager):
        @default("kernel_spec_manager")
        def _kernel_spec_manager_default(self):
            return CurrentInterpreterKernelSpecManager(data_dir=self.data_dir)

        if encrypt:
            @default("transport_encryption")
            def _transport_encryption_default(self):
                return "auto"

    return CurrentInterpreterKernelManager


def _stoppable_kernel_manager_class(stopping: threading.Event, managers: list):
    """The kernel manager of one study run; each one made is added to ``managers``.

    Once ``stopping`` is set, the kernel is killed rather than asked to shut down (a kernel shut
    down in the middle of a cell prints tracebacks on the way out). The tasks the stop left waiting
    for the kernel are cancelled and collected first, or they would report the killed kernel.
    """
    import asyncio

    class StoppableKernelManager(_kernel_manager_class()):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            managers.append(self)

        async def shutdown_kernel(self, now: bool = False, restart: bool = False) -> None:
            if stopping.is_set():
                now = True
                waiting = asyncio.all_tasks() - {asyncio.current_task()}
                for task in waiting:
                    task.cancel()
                if waiting:
                    done, _ = await asyncio.wait(waiting, timeout=5)
                    for task in done:
                        if not task.cancelled():
                            task.exception()  # retrieved, so asyncio does not report it at exit
            await super().shutdown_kernel(now=now, restart=restart)

    return StoppableKernelManager


# ------------------------------------------------------------------------------------ rendering


@dataclass
class _StudyRun:
    study: Study
    parameters: dict[str, Any]  # effective: defaults overlaid with what was set
    given: dict[str, Any]  # only what was set (incl. data_path), as injected
    notebook_sha256: str
    seconds: float = 0.0
    files: dict[str, str] = field(default_factory=dict)


def render(
    study: str,
    data: str | os.PathLike = "synthetic",
    out: str | os.PathLike = "reports",
    parameters: Sequence[str] = (),
    *,
    run_name: str | None = None,
    studies: Mapping[str, Study] | None = None,
) -> Path:
    """Render one study, or all of them, into ``out/<run_name>/`` and return its ``index.html``.

    Parameters
    ----------
    study : str
        A study name (see :data:`STUDIES`) or ``"all"`` (every study whose notebook exists).
    data : str or path, default "synthetic"
        Registry folder, or ``"synthetic"`` for the bundled synthetic registry. Passed to the
        notebooks as ``data_path``.
    out : str or path, default "reports"
        Folder that receives the run folder (created if needed).
    parameters : sequence of str
        ``name=value`` strings, typed after each notebook's defaults (see :func:`parse_parameters`).
    run_name : str, optional
        Name of the run folder; default ``<YYYYmmdd-HHMMSS>_<study or all>``.
    studies : mapping, optional
        Study registry to use instead of :data:`STUDIES` (for one's own notebooks).

    Returns
    -------
    Path
        ``out/<run_name>/index.html``.

    Raises
    ------
    ParameterError
        Unknown study or parameter, or a value that does not parse; raised before anything runs.
    RegistryError
        The registry cannot be loaded; raised before anything runs.
    ReportError
        The run name is taken or the output folder cannot be written (raised before anything
        runs), or a notebook failed (names the study, the cell and the error); nothing is written.
    Interrupted
        SIGTERM or SIGINT came during the run (a ``KeyboardInterrupt``); nothing is written.

    Examples
    --------
    Renders notebooks, so shown here rather than run::

        render("overview", parameters=["language=en"])
        # PosixPath('reports/20260301-101500_overview/index.html')
    """
    if isinstance(parameters, str):
        parameters = [parameters]
    chosen = _resolve_studies(study, studies)
    specs = {s.name: study_parameters(s) for s in chosen}
    given = parse_parameters(parameters, specs)
    data_value = _check_data(data)

    started = dt.datetime.now().astimezone()
    default_name = run_name is None
    run_name = f"{started:%Y%m%d-%H%M%S}_{study}" if default_name else run_name
    check_run_name(run_name)
    out = Path(out)
    check_out(out)
    if not default_name and exists(out / run_name):
        raise ReportError(f"Run folder {out / run_name} already exists; choose another run name")

    registry = _load_registry(data_value)
    provenance_data = _data_provenance(data_value, registry)

    runs = []
    for s in chosen:
        effective = {name: p.default if p.kind != "expression" else p.default_source
                     for name, p in specs[s.name].items()}
        injected = {**given[s.name], DATA_PARAMETER: data_value}
        effective.update(injected)
        runs.append(_StudyRun(s, effective, injected, _sha256(s.path)))
    language = next((r.parameters["language"] for r in runs if r.parameters.get("language") in LANGUAGES),
                    "nl")

    with interrupt_on_signals() as stopping:  # SIGTERM and Ctrl-C too leave no temporary folder behind
        tmp, run_name = reserve_run_folder(out, run_name, unique=default_name)
        try:
            with tempfile.TemporaryDirectory(prefix="evalkit-kernel-cwd-") as scratch:
                passes = _execute_protected(runs, tmp, Path(scratch), out, stopping, registry)
            finished = dt.datetime.now().astimezone()
            provenance = _provenance(run_name, started, finished, provenance_data, runs, language)
            for run, entry in zip(runs, provenance["studies"]):
                try:
                    export_html(tmp, entry, provenance, language)
                except Exception as exc:
                    raise ReportError(
                        f"Study '{run.study.name}' ran, but its HTML could not be made: "
                        f"{type(exc).__name__}: {exc}. Nothing was written."
                    ) from exc
            # The PDFs are made while the output check runs; a run the check rejects is removed whole.
            _write_brief_and_pdfs(tmp, provenance, language,
                                  meanwhile=functools.partial(_check_before_release, tmp, out, passes))
            (tmp / "provenance.json").write_text(
                json.dumps(provenance, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
            log = json.loads((tmp / "disclosure" / "log.json").read_text(encoding="utf-8"))
            (tmp / "index.html").write_text(index_html(provenance, language, log), encoding="utf-8")
            # Everything of the run is written: seal it, so that 'evalkit check' sees any later change.
            from evalkit.publish.sdc import integrity

            integrity.seal(tmp)
            final = move_into_place(tmp, out / run_name)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    try:
        write_runs_index(out, language)
    except OSError as exc:  # the run itself is complete; only the list of runs is stale
        warnings.warn(f"Could not update {out / 'index.html'}: {exc}", stacklevel=2)
    return final / "index.html"


def _write_brief_and_pdfs(tmp: Path, provenance: dict[str, Any], language: str,
                          meanwhile: Callable[[], None] | None = None) -> None:
    """The run's brief for the committee (:mod:`~evalkit.publish.brief`), and every report and the
    brief as PDF (:mod:`~evalkit.publish.pdf`), each in a worker process of its own (one per core).

    ``meanwhile`` runs in this process while the workers lay out the PDFs; what it raises is raised
    once they have finished, before any failure of theirs.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from evalkit.publish.brief import write_brief
    from evalkit.publish.pdf import write_pdf

    pages = [tmp / s["html"] for s in provenance["studies"]]
    pages.append(write_brief(tmp, provenance, language))
    workers = max(1, min(len(pages), os.cpu_count() or 1))
    # spawned, not forked: a fresh interpreter, whatever threads and solvers this process holds
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = [pool.submit(write_pdf, page) for page in pages]
        try:
            if meanwhile is not None:
                meanwhile()
        except BaseException:
            for future in futures:
                future.cancel()
            raise
        for page, future in zip(pages, futures):
            try:
                future.result()
            except Exception as exc:
                raise ReportError(f"{page.name} was made, but its PDF could not be: {type(exc).__name__}: {exc}. "
                                  "Nothing was written.") from exc


def _check_data(data: str | os.PathLike) -> str:
    if str(data) == "synthetic":
        return "synthetic"
    path = Path(data)
    if not path.is_dir():
        what = "is a file, not a folder" if path.is_file() else "does not exist"
        raise ParameterError(f"Registry folder {str(data)!r} {what} (give a registry folder or 'synthetic')")
    return str(path.resolve())


#: Longest run name, in bytes as a file name: with ``.tmp-`` before it and ``-NN`` after it, the
#: temporary folder's name still fits the 255 bytes that file systems allow.
def _load_registry(data: str | os.PathLike):
    """The registry's facts for provenance (file hashes, extraction dates); validates it on the way."""
    try:
        from evalkit.registry import load_registry
    except ImportError as exc:  # pragma: no cover - only in a broken installation
        raise ReportError(f"The registry loader is not available: {exc}") from exc
    return load_registry(data)


def _data_provenance(data: str | os.PathLike, registry) -> dict[str, Any]:
    return {
        "source": str(data),
        "path": str(getattr(registry, "path", data)),
        "file_hashes": {name: registry.file_hashes[name] for name in sorted(registry.file_hashes)},
        "extraction_dates": {source: _iso(value)
                             for source, value in sorted(registry.extraction_dates.items())},
    }


def _iso(value: Any) -> str:
    if hasattr(value, "isoformat"):
        text = value.isoformat()
        return text[:10] if text.endswith("T00:00:00") else text
    return str(value)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _execute_protected(runs: list[_StudyRun], tmp: Path, scratch: Path, out: Path,
                       stopping: threading.Event, registry=None) -> list[dict[str, Any]]:
    """Render every study, then protect the run as a whole: disclosure control across reports.

    Each table is protected on its own when released. Once all reports are rendered, their ledgers are
    combined and protected together (:func:`evalkit.publish.sdc.protect`): where a reader could
    derive a small count by combining reports, more cells are hidden, and a cell a reader can work
    out exactly anyway is shown again. The reports whose hidden cells changed are rendered once
    more, told exactly which cells to hide (the run's decision replaces their own protection). The
    output check that follows (:func:`_check_before_release`) verifies the result. Returns what each
    round did (for the disclosure log).
    """
    from evalkit.publish import sdc
    from evalkit.publish.sdc import check as sdc_check
    from evalkit.publish.sdc import release as sdc_release
    from evalkit.registry import load as registry_load

    release_dir = (tmp / sdc_check.FOLDER).resolve()  # the kernel runs elsewhere: no relative path
    release_dir.mkdir(exist_ok=True)
    protect_file = scratch / "protect.json"
    protect_file.write_text("[]", encoding="utf-8")
    env = {sdc_release.RELEASE_DIR_ENV: str(release_dir), sdc_release.PROTECT_ENV: str(protect_file)}
    if isinstance(registry, registry_load.Registry):  # validated once for the run: each notebook takes it over
        env[registry_load.HANDOVER_ENV] = str(registry_load.hand_over(registry, scratch / "registry.pickle"))

    def render_all(pending: list[_StudyRun]) -> None:
        for run in pending:
            ledger_file = release_dir / f"{run.study.name}.ledger.json"
            ledger_file.unlink(missing_ok=True)
            shutil.rmtree(release_dir / "tables" / run.study.name, ignore_errors=True)
            _execute(run, tmp, scratch, out, stopping, env={**env, sdc_release.REPORT_ENV: run.study.name})
            if not ledger_file.exists():  # released nothing: say so, since a report without a ledger is a finding
                sdc.Ledger().write(ledger_file)

    def hidden_cells(ledger) -> set[tuple]:
        return ({c.key for c in ledger.counts if c.value is None}
                | {s.key for s in ledger.shares if s.value is None})

    render_all(runs)
    ledger = sdc_check.run_ledger(release_dir.parent)
    policy = sdc.Policy.from_dict(ledger.policy) if ledger.policy else sdc.Policy()
    before = hidden_cells(ledger)
    sdc.protect(ledger, policy, max_rounds=2000)
    after = hidden_cells(ledger)
    changed = sorted({k[0] for k in before ^ after})
    passes = [{"round": 1, "rendered": [r.study.name for r in runs],
               "hidden_across_reports": [list(k) for k in sorted(after - before)],
               "shown_again": [list(k) for k in sorted(before - after)]}]
    if not changed:
        return passes
    protect_file.write_text(json.dumps({"final": True, "reports": changed,
                                        "cells": [list(k) for k in sorted(after)]}, ensure_ascii=False),
                            encoding="utf-8")
    render_all([r for r in runs if r.study.name in changed])
    passes.append({"round": 2, "rendered": changed, "hidden_across_reports": [], "shown_again": []})
    # A report that does not hide what the run decided (a table written past the engine) is left to
    # the output check, which names each cell a reader could work out.
    return passes


def _check_before_release(tmp: Path, out: Path, passes: list[dict[str, Any]]) -> None:
    """Run the output checker on the finished run; a run it rejects publishes nothing."""
    from evalkit.publish.sdc import check as sdc_check

    found, summary = sdc_check.check_run(tmp, sealed=False)  # the run is sealed once it is complete
    sdc_check.write_log(tmp, found, summary, passes)
    if found:
        raise ReportError(
            f"The output check found {len(found)} disclosive cell(s); nothing was written and earlier runs "
            f"in {out} are unchanged:\n{sdc_check.format_findings(found, 20)}"
        )


def _execute(run: _StudyRun, tmp: Path, scratch: Path, out: Path, stopping: threading.Event,
             env: Mapping[str, str] | None = None) -> None:
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    target = tmp / f"{run.study.name}.ipynb"
    t0 = time.monotonic()
    managers: list = []
    saved = {name: os.environ.get(name) for name in (env or {})}
    os.environ.update(env or {})  # the kernel inherits them: where to write what the report releases
    try:
        papermill.execute_notebook(
            str(run.study.path), str(target),
            parameters=run.given,
            kernel_name="python3",
            kernel_manager_class=_stoppable_kernel_manager_class(stopping, managers),
            cwd=str(scratch),
            progress_bar=False,
            log_output=False,
            start_timeout=120,
        )
    except PapermillExecutionError as exc:
        first_line = next((line for line in str(exc.source or "").splitlines() if line.strip()), "")
        cell = f"In [{exc.exec_count}]" if exc.exec_count else f"cell {exc.cell_index}"
        raise ReportError(
            f"Study '{run.study.name}' ({run.study.path.name}) failed at {cell} "
            f"(`{first_line.strip()}`): {exc.ename}: {exc.evalue}. "
            f"Nothing was written; earlier runs in {out} are unchanged."
        ) from None
    except Exception as exc:
        raise ReportError(
            f"Study '{run.study.name}' ({run.study.path.name}) could not be run: "
            f"{type(exc).__name__}: {exc}. Nothing was written; earlier runs in {out} are unchanged."
        ) from exc
    except KeyboardInterrupt:
        for manager in managers:  # papermill shuts a kernel down only once it has started
            process = getattr(manager.provisioner, "process", None)
            if process is not None and process.poll() is None:
                process.kill()
        raise
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
    run.seconds = round(time.monotonic() - t0, 1)
    run.files = {"html": f"{run.study.name}.html", "pdf": f"{run.study.name}.pdf", "notebook": target.name}
    # papermill records the temporary folder as output path; record the name inside the run instead.
    nb = nbformat.read(target, as_version=4)
    nb.metadata.setdefault("papermill", {})["output_path"] = target.name
    nbformat.write(nb, target)


# -------------------------------------------------------------------- provenance and the run folder


def _provenance(run_name: str, started: dt.datetime, finished: dt.datetime,
                data: dict[str, Any], runs: list[_StudyRun], language: str) -> dict[str, Any]:
    """The facts of a run: what the index page and the footers show, and ``provenance.json`` holds."""
    sizes = [r.parameters["min_cell_size"] for r in runs if isinstance(r.parameters.get("min_cell_size"), int)]
    return {
        "run_name": run_name,
        "started": started.isoformat(timespec="seconds"),
        "finished": finished.isoformat(timespec="seconds"),
        "evalkit_version": __version__,
        "python_version": ".".join(str(v) for v in sys.version_info[:3]),
        "language": language,
        "data": data,
        "disclosure": {
            "min_cell_size": sorted(set(sizes)),
            "statement": disclosure_statement(sizes, language),
        },
        "studies": [
            {
                "study": r.study.name,
                "title": r.study.title(language),
                "notebook": r.study.path.name,
                "notebook_sha256": r.notebook_sha256,
                "html": r.files["html"],
                "pdf": r.files["pdf"],
                "executed_notebook": r.files["notebook"],
                "parameters": r.parameters,
                "parameters_set": sorted(r.given),
                "seconds": r.seconds,
            }
            for r in runs
        ],
    }
