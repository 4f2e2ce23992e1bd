"""The run ledger: every number a run publishes, with the population it counts and how it was released.

A published count is a :class:`Count`: the number of units (persons, spells, jobs) that satisfy a set of
*conditions*, each ``variable in {values}``. Every variable partitions the whole universe of its unit
(all persons of the registry, all spells, ...), so a value such as ``"nee"`` covers the units outside a
subgroup; its values are declared once per run in the ledger's ``domains``. A merged category is simply
a condition with several values, so the same category is the same set of persons in every report.

A published share is a :class:`Share`: ``100 * numerator / denominator`` rounded to ``decimals``, both
parts given by their conditions. A curve or histogram is recorded as an :class:`Output` with the rule
that released it; its data are written beside the report.

The ledger holds only what is published (suppressed cells have ``value=None``), so it can be written
into the run folder: it is what :mod:`evalkit.publish.sdc.check` and an output checker read.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from evalkit.errors import InputError

#: Conditions in canonical form: ``((variable, (value, ...)), ...)`` sorted by variable, values sorted.
Conditions = tuple[tuple[str, tuple[str, ...]], ...]


def conditions(where: Mapping[str, Any] | Conditions | None) -> Conditions:
    """Canonical form of ``{variable: value or values}``.

    Examples
    --------
    >>> conditions({"work": "ja", "household": ["alleenstaand", "samenwonend"]})
    (('household', ('alleenstaand', 'samenwonend')), ('work', ('ja',)))
    """
    if not where:
        return ()
    items = where.items() if isinstance(where, Mapping) else where
    out = []
    for variable, values in items:
        if isinstance(values, (str, int, bool)) or values is None:
            values = (values,)
        out.append((str(variable), tuple(sorted({str(v) for v in values}))))
    out.sort()
    names = [v for v, _ in out]
    if len(set(names)) != len(names):
        raise InputError(f"conditions name a variable twice: {names}")
    return tuple(out)


def merge_conditions(*parts: Mapping[str, Any] | Conditions | None) -> Conditions:
    """The conjunction of several condition sets; a variable named twice keeps the common values.

    Examples
    --------
    >>> merge_conditions({"cohort": "ja"}, {"work": "ja"})
    (('cohort', ('ja',)), ('work', ('ja',)))
    """
    merged: dict[str, set[str]] = {}
    for part in parts:
        for variable, values in conditions(part):
            merged[variable] = merged[variable] & set(values) if variable in merged else set(values)
    return conditions({k: sorted(v) for k, v in merged.items()})


def describe(where: Conditions) -> str:
    """A readable form of conditions, e.g. ``household=alleenstaand|samenwonend & work=ja``."""
    return " & ".join(f"{v}={'|'.join(vals)}" for v, vals in where) or "(all)"


@dataclass(frozen=True)
class Count:
    """A published (or suppressed) count of units."""

    report: str
    output: str
    row: str
    column: str
    unit: str
    where: Conditions
    value: int | None

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.report, self.output, self.row, self.column)


@dataclass(frozen=True)
class Share:
    """A published (or suppressed) percentage ``100 * numerator / denominator``."""

    report: str
    output: str
    row: str
    column: str
    unit: str
    numerator: Conditions
    denominator: Conditions
    value: float | None
    decimals: int

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.report, self.output, self.row, self.column)


@dataclass
class Output:
    """One table, figure or text block of a report, and what disclosure control did to it."""

    report: str
    output: str
    kind: str  # "table", "figure", "curve", "histogram", "text"
    title: str
    checks: list[str] = field(default_factory=list)
    suppressed: int = 0
    cells: int = 0
    status: str = "released"  # "released", "protected", "not published"
    detail: str = ""


@dataclass
class Ledger:
    """Everything one report (or a whole run) publishes."""

    domains: dict[str, tuple[str, ...]] = field(default_factory=dict)
    counts: list[Count] = field(default_factory=list)
    shares: list[Share] = field(default_factory=list)
    outputs: list[Output] = field(default_factory=list)
    #: the rules the cells were released under (:meth:`Policy.as_dict`); the strictest one wins in a run
    policy: dict[str, Any] = field(default_factory=dict)

    def declare(self, variable: str, values: Iterable[Any]) -> None:
        """Declare the values of a variable (all of them: the variable partitions its universe)."""
        values = tuple(dict.fromkeys(str(v) for v in values))
        known = self.domains.get(variable)
        if known is not None and set(known) != set(values):
            raise InputError(
                f"variable {variable!r} is declared with two different sets of values: "
                f"{sorted(known)} and {sorted(values)}; one variable must mean the same in every report"
            )
        self.domains[variable] = known or values

    def extend(self, other: "Ledger") -> None:
        """Add another report's ledger (domains must agree)."""
        for variable, values in other.domains.items():
            self.declare(variable, values)
        self.counts.extend(other.counts)
        self.shares.extend(other.shares)
        self.outputs.extend(other.outputs)
        if other.policy.get("min_cell_size", 0) >= self.policy.get("min_cell_size", 0):
            self.policy = dict(other.policy)

    # ------------------------------------------------------------------ files

    def to_json(self) -> dict[str, Any]:
        return {
            "domains": {k: list(v) for k, v in self.domains.items()},
            "counts": [_cell_json(c) for c in self.counts],
            "shares": [_cell_json(s) for s in self.shares],
            "outputs": [asdict(o) for o in self.outputs],
            "policy": self.policy,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any], source: str = "ledger") -> "Ledger":
        try:
            ledger = cls(domains={k: tuple(v) for k, v in data.get("domains", {}).items()})
            ledger.counts = [Count(**_cell_args(c, ("where",))) for c in data.get("counts", [])]
            ledger.shares = [Share(**_cell_args(s, ("numerator", "denominator"))) for s in data.get("shares", [])]
            ledger.outputs = [Output(**o) for o in data.get("outputs", [])]
            ledger.policy = dict(data.get("policy", {}))
        except (TypeError, ValueError, AttributeError) as exc:
            raise InputError(f"{source}: not a disclosure ledger ({exc}); write it with evalkit") from None
        return ledger

    def write(self, path: Path) -> None:
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(self.to_json(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        tmp.replace(path)

    @classmethod
    def read(cls, path: Path) -> "Ledger":
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError(f"{path}: cannot read the disclosure ledger ({exc})") from None
        return cls.from_json(data, str(path))


def _cell_json(cell: Count | Share) -> dict[str, Any]:
    out = asdict(cell)
    for name in ("where", "numerator", "denominator"):
        if name in out:
            out[name] = {v: list(vals) for v, vals in out[name]}
    return out


def _cell_args(data: Mapping[str, Any], condition_fields: tuple[str, ...]) -> dict[str, Any]:
    args = dict(data)
    for name in condition_fields:
        args[name] = conditions(args[name])
    return args
