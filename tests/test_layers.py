"""The layering of evalkit (pyproject.toml [tool.importlinter], docs/architecture.md) holds."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT = [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command; "
        "sys.exit(lint_imports_command())"]


def _lint(package_parent: Path) -> subprocess.CompletedProcess:
    return subprocess.run(LINT + ["--config", str(ROOT / "pyproject.toml"), "--no-cache"], cwd=package_parent,
                          env={"PYTHONPATH": str(package_parent), "PATH": "/usr/bin:/bin"},
                          capture_output=True, text=True, timeout=300)


def _copy_package(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "evalkit", tmp_path / "evalkit",
                    ignore=shutil.ignore_patterns("__pycache__", "synthetic_registry", "*.csv"))
    return tmp_path


def test_layers_hold(tmp_path):
    result = _lint(_copy_package(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_an_upward_import_breaks_the_layers(tmp_path):
    parent = _copy_package(tmp_path)
    schema = parent / "evalkit" / "registry" / "schema.py"
    schema.write_text(schema.read_text("utf-8") + "\n\ndef _upward():\n    from evalkit.studies import overview\n",
                      "utf-8")
    result = _lint(parent)
    assert result.returncode == 1
    assert "BROKEN" in result.stdout and "evalkit.registry.schema -> evalkit.studies.overview" in result.stdout


def test_a_study_importing_another_breaks_independence(tmp_path):
    parent = _copy_package(tmp_path)
    module = parent / "evalkit" / "studies" / "art60" / "analysis.py"
    module.write_text(module.read_text("utf-8") + "\n\ndef _sideways():\n    from evalkit.studies import profiles\n",
                      "utf-8")
    result = _lint(parent)
    assert result.returncode == 1 and "Studies do not import each other BROKEN" in result.stdout
