"""The run ledger: every number a run publishes, with the population it counts and how it was released.

A published count is a :class:`Count`: the number of units (persons, spells, jobs) that satisfy a set of
*conditions*, each ``variable in {values}``. Every variable partitions the whole universe of its unit
(all persons of the registry, all spells, ...), so a value such as ``"nee"`` covers the units outside a
subgroup; its values are declared once per run in the ledger's ``domains``. A merged category is simply
a condition with several values, so the same category is the same set of persons in every report.

A published share is a :class:`Share`: ``100 * numerator / denominator`` rounded to ``decimals``, both
parts given by their conditions. A curve or histogram is recorded as an :class:`Output` with the rule
that released it; its data are written beside the report.

Two kinds of public knowledge tie variables of different reports together, so that a reader who
combines them is modelled too:

- a *coarsening* (:meth:`Ledger.coarsen`): one variable groups the codes of another (the shared
  ``nt2_group`` groups the overview's NT2 levels); conditions on the coarse variable are rewritten in
  the fine codes (:meth:`Ledger.recoded`), so "2.x+" in one report and the levels "2.1", "2.2", ... in
  another are the same persons;
- a *link* (:meth:`Ledger.link`): a combination of values nobody can have by definition (an art. 60
  started by the snapshot date but none during follow-up); the engine puts such variables in one
  block and knows the combination is empty.

The ledger holds only what is published (suppressed cells have ``value=None``), so it can be written
into the run folder: it is what :mod:`evalkit.publish.sdc.check` and an output checker read.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field, replace
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
    #: (unit, conditions) of cells that are empty by definition (e.g. persons in a complete-case analysis
    #: with a missing value): public knowledge, so the zeros inside them disclose nothing
    empty: list[tuple[str, Conditions]] = field(default_factory=list)
    #: (unit, conditions) of combinations of variables (of different reports) that are empty by
    #: definition: the engine models those variables jointly (see :meth:`link`)
    links: list[tuple[str, Conditions]] = field(default_factory=list)
    #: coarse variable -> (fine variable, {coarse code: fine codes}) (see :meth:`coarsen`)
    coarsenings: dict[str, tuple[str, dict[str, tuple[str, ...]]]] = field(default_factory=dict)

    def link(self, unit: str, where: Mapping[str, Any] | Conditions) -> None:
        """Declare that no unit satisfies ``where`` by definition, e.g. ``{"art60": "ja",
        "art60.started": "nee"}`` (started by the snapshot date, but not during follow-up).

        Unlike :attr:`empty`, the variables of a link are modelled jointly wherever one of them is
        published, so that a reader who knows the definitions is modelled too.
        """
        item = (unit, conditions(where))
        if len(item[1]) < 2:
            raise InputError(f"a link ties two or more variables; got [{describe(item[1])}]")
        if item not in self.links:
            self.links.append(item)

    def coarsen(self, coarse: str, fine: str, mapping: Mapping[str, Iterable[Any]]) -> None:
        """Declare that every code of ``coarse`` is a set of codes of ``fine`` (public definitions).

        Examples
        --------
        >>> led = Ledger()
        >>> led.coarsen("nt2_group", "nt2_level", {"0": ["0"], "2.x+": ["2.1", "2.2"]})
        >>> led.coarsenings["nt2_group"]
        ('nt2_level', {'0': ('0',), '2.x+': ('2.1', '2.2')})
        """
        spec = (str(fine), {str(k): tuple(sorted({str(v) for v in vals})) for k, vals in mapping.items()})
        if coarse == fine:
            raise InputError(f"variable {coarse!r} cannot coarsen itself")
        known = self.coarsenings.get(coarse)
        if known is not None and known != spec:
            raise InputError(f"variable {coarse!r} is declared as two different groupings: {known} and {spec}")
        self.coarsenings[coarse] = spec

    def recoded(self) -> "Ledger":
        """A copy in which every condition on a coarse variable is written in its fine codes.

        Examples
        --------
        >>> led = Ledger(domains={"g": ("lo", "hi"), "lvl": ("1", "2", "3")})
        >>> led.coarsen("g", "lvl", {"lo": ["1"], "hi": ["2", "3"]})
        >>> led.counts = [Count("r", "t", "hi", "n", "persons", conditions({"g": "hi"}), 40)]
        >>> led.recoded().counts[0].where
        (('lvl', ('2', '3')),)
        """
        if not self.coarsenings:
            return replace(self)
        for coarse, (fine, mapping) in self.coarsenings.items():
            if fine in self.coarsenings:
                raise InputError(f"variable {fine!r} both groups and is grouped; group in one step")
            if coarse in self.domains and set(mapping) != set(self.domains[coarse]):
                raise InputError(f"the grouping of {coarse!r} names {sorted(mapping)}, its values are "
                                 f"{sorted(self.domains[coarse])}")

        def rewrite(where: Conditions) -> Conditions:
            parts: list[Conditions] = []
            for variable, values in where:
                if variable in self.coarsenings:
                    fine, mapping = self.coarsenings[variable]
                    parts.append(((fine, tuple(sorted({f for v in values for f in mapping[v]}))),))
                else:
                    parts.append(((variable, values),))
            return merge_conditions(*parts)

        domains = {k: v for k, v in self.domains.items() if k not in self.coarsenings}
        for coarse, (fine, mapping) in self.coarsenings.items():
            if coarse in self.domains and fine not in domains:
                domains[fine] = tuple(sorted({f for vals in mapping.values() for f in vals}))
        return replace(
            self, domains=domains,
            counts=[replace(c, where=rewrite(c.where)) for c in self.counts],
            shares=[replace(s, numerator=rewrite(s.numerator), denominator=rewrite(s.denominator))
                    for s in self.shares],
            empty=[(u, rewrite(w)) for u, w in self.empty], links=[(u, rewrite(w)) for u, w in self.links],
            coarsenings={})

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
        self.empty.extend(e for e in other.empty if e not in self.empty)
        for unit, where in other.links:
            self.link(unit, where)
        for coarse, (fine, mapping) in other.coarsenings.items():
            self.coarsen(coarse, fine, mapping)
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
            "empty": [{"unit": u, "where": {v: list(vals) for v, vals in w}} for u, w in self.empty],
            "links": [{"unit": u, "where": {v: list(vals) for v, vals in w}} for u, w in self.links],
            "coarsenings": {k: {"fine": f, "codes": {c: list(v) for c, v in m.items()}}
                            for k, (f, m) in self.coarsenings.items()},
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any], source: str = "ledger") -> "Ledger":
        try:
            ledger = cls(domains={k: tuple(v) for k, v in data.get("domains", {}).items()})
            ledger.counts = [Count(**_cell_args(c, ("where",))) for c in data.get("counts", [])]
            ledger.shares = [Share(**_cell_args(s, ("numerator", "denominator"))) for s in data.get("shares", [])]
            ledger.outputs = [Output(**o) for o in data.get("outputs", [])]
            ledger.policy = dict(data.get("policy", {}))
            ledger.empty = [(e["unit"], conditions(e["where"])) for e in data.get("empty", [])]
            for e in data.get("links", []):
                ledger.link(e["unit"], e["where"])
            for coarse, spec in data.get("coarsenings", {}).items():
                ledger.coarsen(coarse, spec["fine"], spec["codes"])
        except (TypeError, ValueError, AttributeError, KeyError) as exc:
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
