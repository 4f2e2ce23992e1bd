"""The registry layer: the data model, loading and validation, and the synthetic registry.

Holds :mod:`~evalkit.registry.schema` (the model in ``data_schema/``: tables, fields, code lists),
:mod:`~evalkit.registry.files` (the registry folder on disk, each file read as text),
:mod:`~evalkit.registry.checks` (every check, collected in a ValidationResult),
:mod:`~evalkit.registry.load` (a checked folder as typed DataFrames) and
:mod:`~evalkit.registry.synth` (the documented model that generates a synthetic registry).

Layer rule: imports nothing of evalkit but :mod:`evalkit.errors`, :mod:`evalkit.texts` and
:mod:`evalkit.reference`; every other layer may import it.
"""
from evalkit.registry.files import resolve_registry_path
from evalkit.registry.load import Registry, is_synthetic, load_registry
from evalkit.registry.checks import ValidationResult, validate

__all__ = ["Registry", "ValidationResult", "is_synthetic", "load_registry", "resolve_registry_path", "validate"]
