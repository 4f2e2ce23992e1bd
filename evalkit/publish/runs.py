"""The run folder: checked names, a reserved hidden folder while a run is written, the atomic move.

A run is written into ``out/.tmp-<run name>`` and renamed to ``out/<run name>`` only when every study
succeeded (:func:`move_into_place`). Creating that temporary folder reserves the name
(:func:`reserve_run_folder`), so two runs started in the same second get two names. An owner file in
it names the process that writes it; the next run in ``out`` removes the folders of killed runs
(:func:`remove_abandoned_runs`). :func:`check_run_name` and :func:`check_out` refuse, before anything
runs, a run name that is no folder name and an output folder one cannot write to.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import socket
import time
from pathlib import Path
from typing import Any

from evalkit.errors import ParameterError, ReportError

MAX_RUN_NAME = 200


def check_run_name(run_name: str) -> None:
    if not run_name:
        raise ParameterError("Run name is empty; give a folder name, or leave the run name out for "
                             "<YYYYmmdd-HHMMSS>_<study>")
    if run_name.startswith(".") or any(c in run_name for c in "/\\") or not run_name.isprintable():
        raise ParameterError(f"Run name {run_name!r} must be a plain folder name (no '/', not starting with '.')")
    size = len(run_name.encode("utf-8"))
    if size > MAX_RUN_NAME:
        raise ParameterError(f"Run name '{run_name[:20]}...' is too long for a folder name ({size} bytes); "
                             f"give one of at most {MAX_RUN_NAME} characters (fewer with accented letters)")


def exists(path: Path) -> bool:
    """``path.exists()``, as a ReportError when the system cannot even look (a name too long, a loop)."""
    try:
        return path.exists()
    except OSError as exc:
        raise out_error(path, exc) from exc


def out_error(path: Path, exc: OSError) -> ReportError:
    return ReportError(f"Cannot write the report to {path}: {exc.strerror or exc}. "
                       f"Choose an output folder you may write to (--out); nothing was written.")


def check_out(out: Path) -> None:
    """Refuse, before anything runs, an output folder that is a file or lies in a folder one cannot write to."""
    if exists(out) and not out.is_dir():
        raise ReportError(f"Output folder {out} is a file; give a folder for the reports "
                          f"(it is created if it does not exist)")
    existing = next(folder for folder in (out.absolute(), *out.absolute().parents) if exists(folder))
    if not existing.is_dir():
        raise ReportError(f"Cannot create the output folder {out}: {existing} is a file; give a folder")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise ReportError(f"Cannot write the report to {out}: no permission to write in {existing}. "
                          f"Choose an output folder you may write to (--out)")



# A run is written into ``out/.tmp-<run name>`` and renamed to ``out/<run name>`` when it is complete.
# Creating that temporary folder reserves the name: no other run takes it while it is there or once
# the run folder is. The owner file inside says which process writes it, so that the next run can
# remove the folder if that process was killed before it could clean up.
TMP_PREFIX = ".tmp-"
OWNER_FILE = ".evalkit-owner.json"
#: Age (seconds) after which a temporary folder whose owner cannot be checked counts as abandoned.
ABANDONED_AFTER = 24 * 3600


def reserve_run_folder(out: Path, run_name: str, *, unique: bool) -> tuple[Path, str]:
    """Create the run's temporary folder under a name no other run has; return it and the run name.

    With ``unique`` a taken name gets a suffix (``-2``, ``-3``, ...), otherwise it is refused.
    The temporary folders of killed runs are removed first (see :func:`remove_abandoned_runs`).
    """
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise out_error(out, exc) from exc
    remove_abandoned_runs(out)
    for attempt in range(1, 100):
        name = run_name if attempt == 1 else f"{run_name}-{attempt}"
        tmp = _claim(out, name)
        if tmp is not None:
            return tmp, name
        if not unique:
            raise ReportError(f"Run folder {out / name} already exists or is being written by another run; "
                              f"choose another run name")
    raise ReportError(f"Could not find a free run folder name for {run_name} in {out}")


def _claim(out: Path, name: str) -> Path | None:
    """``out/.tmp-<name>``, created with its owner file; None if that or ``out/<name>`` exists."""
    tmp = out / f"{TMP_PREFIX}{name}"
    if exists(out / name):
        return None
    try:
        tmp.mkdir()
    except FileExistsError:
        return None
    except OSError as exc:
        raise out_error(out, exc) from exc
    if exists(out / name):  # another run finished under this name between the two looks
        tmp.rmdir()
        return None
    try:
        (tmp / OWNER_FILE).write_text(json.dumps(_owner()) + "\n", encoding="utf-8")
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return tmp


def _owner() -> dict[str, Any]:
    return {"pid": os.getpid(), "host": socket.gethostname(),
            "started": dt.datetime.now().astimezone().isoformat(timespec="seconds")}


def move_into_place(tmp: Path, final: Path) -> Path:
    """Rename the finished temporary folder to its reserved name ``final``."""
    (tmp / OWNER_FILE).unlink()
    try:
        os.rename(tmp, final)
    except OSError as exc:
        raise ReportError(f"Could not move the finished run to {final}: {exc.strerror or exc}. "
                          f"Nothing was written.") from exc
    return final


def remove_abandoned_runs(out: Path) -> list[Path]:
    """Remove the temporary folders that killed runs left in ``out``; return what was removed.

    A temporary folder is abandoned when its owner file names a process on this machine that no
    longer runs, or, when that cannot be told (another machine sharing the folder, no owner file),
    when it has not changed for :data:`ABANDONED_AFTER` seconds. Runs going on are left alone.
    """
    removed = []
    for folder in sorted(out.glob(f"{TMP_PREFIX}*")):
        if folder.is_dir() and not folder.is_symlink() and _abandoned(folder):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _abandoned(folder: Path) -> bool:
    try:
        owner = json.loads((folder / OWNER_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        owner = None
    if isinstance(owner, dict) and owner.get("host") == socket.gethostname():
        pid = owner.get("pid")
        if isinstance(pid, int) and pid > 0 and not _process_runs(pid):
            return True
    try:
        return time.time() - folder.stat().st_mtime > ABANDONED_AFTER
    except OSError:
        return False


def _process_runs(pid: int) -> bool:
    if os.name == "nt":  # there os.kill would end the process; the folder's age decides instead
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # e.g. another user's process: it runs
        pass
    return True
