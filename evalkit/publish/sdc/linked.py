"""What a reader can derive from everything published together, and the cells to hide so that it is safe.

The published counts and shares of a ledger are linear facts about unknown counts. For each unit, the
counts are modelled as in tau-ARGUS and sdcTable for linked tables: every maximal set of variables
that some published number crosses is a *block* whose unknowns are the counts of all combinations of
its variables' values (the atoms); blocks that share variables agree on their common margins. Every
published count is an equation, every published share two inequalities (its rounding interval), and
all atoms are non-negative. Cells empty by definition (:attr:`Ledger.empty`, :attr:`Ledger.links`) are
equations with value zero; the variables of a link are put in the same block wherever one of them is
published. Grouped variables (:meth:`Ledger.coarsen`) are first written in the codes they group. For a hidden or implied cell, two linear programmes give the smallest and
largest value a reader can derive; :meth:`Policy.range_is_safe` says whether that range protects it.

Cells checked: every suppressed count; every margin of every block (atoms and their sums over any
subset of the block's variables), which includes the complement of every published count in its
population; the complement of every merged category; and the parts of every share.
"""
from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np
from scipy import sparse

from evalkit.errors import InputError
from evalkit.publish.sdc.ledger import Conditions, Count, Ledger, Share, describe
from evalkit.publish.sdc.policy import Policy

# Failing cells handled in one round of protection.
_BATCH = 40
# Feasible points sampled to clear wide cells without their own linear programmes, and how many of
# the latest solutions are kept for that.
_SAMPLES = 8
_POINTS = 400
# A block with more atoms than this checks only its atoms and one-variable margins.
_MAX_MARGINS = 4000
_MAX_ATOMS = 200_000


@dataclass(frozen=True)
class Finding:
    """A number a reader can work out too precisely."""

    report: str
    output: str
    row: str
    column: str
    rule: str
    where: str
    low: float | None = None
    high: float | None = None
    value: float | None = None

    def message(self) -> str:
        """One line naming the cell and what is wrong with it; empty parts (no row, no column) are left out.

        Examples
        --------
        >>> Finding("r", "t", "all", "n", "small-count", "work=nee", value=2).message()
        "r: t, row 'all', column 'n': count 2 is below the threshold [work=nee]"
        >>> Finding("", "provenance.json", "", "", "changed after the run was checked", "").message()
        'provenance.json: changed after the run was checked'
        """
        place = ": ".join(part for part in (self.report, self.output) if part)
        cell = [f"row {self.row!r}"] * bool(self.row) + [f"column {self.column!r}"] * bool(self.column)
        place = ", ".join(([place] if place else []) + cell)
        where = f" [{self.where}]" if self.where else ""
        if self.rule == "small-count":
            text = f"count {self.value:g} is below the threshold{where}"
        elif self.rule == "derivable":
            rng = f"{self.low:g}" if self.low == self.high else f"{self.low:g} to {self.high:g}"
            text = f"a reader can derive {rng} for{where or ' the cell'} from what the run publishes"
        else:
            text = f"{self.rule}{where}"
        return f"{place}: {text}" if place else text


_INCONSISTENT = ("the published numbers contradict each other (no counts give them all): a number was changed "
                 "after its release, or two tables describe the same persons differently")


class Inconsistent(InputError):
    """The published numbers contradict each other (no counts could give them all)."""


class _Block:
    def __init__(self, variables: tuple[str, ...], domains: dict[str, tuple[str, ...]], offset: int):
        self.variables = variables
        self.values = [domains[v] for v in variables]
        self.shape = tuple(len(v) for v in self.values)
        self.size = int(np.prod(self.shape)) if variables else 1
        if self.size > _MAX_ATOMS:
            raise InputError(
                f"published cells cross the variables {list(variables)} ({self.size} combinations); "
                "declare fewer or coarser variables for one table"
            )
        self.offset = offset

    def mask(self, where: Conditions) -> np.ndarray:
        """Boolean atom mask (flattened) of the units satisfying ``where``."""
        given = dict(where)
        if not self.variables:
            return np.ones(1, dtype=bool)
        parts = []
        for variable, values in zip(self.variables, self.values):
            allowed = given.get(variable)
            parts.append(np.ones(len(values), bool) if allowed is None
                         else np.isin(np.array(values, dtype=object), list(allowed)))
        mask = parts[0]
        for part in parts[1:]:
            mask = np.logical_and.outer(mask, part)
        return mask.reshape(-1)

    def margins(self) -> Iterable[Conditions]:
        """Every margin: conditions fixing one value of each variable in a subset of the block's."""
        full = np.prod([n + 1 for n in self.shape]) if self.variables else 1
        subsets = (range(len(self.variables) + 1) if full <= _MAX_MARGINS else (1, len(self.variables)))
        for k in subsets:
            for chosen in itertools.combinations(range(len(self.variables)), k):
                for combo in itertools.product(*(self.values[i] for i in chosen)):
                    yield tuple((self.variables[i], (value,)) for i, value in zip(chosen, combo))


class LinkedSystem:
    """The linear system of everything a ledger publishes about one unit."""

    def __init__(self, ledger: Ledger, unit: str, policy: Policy):
        self.unit = unit
        self.policy = policy
        self.domains = ledger.domains
        self.counts = [c for c in ledger.counts if c.unit == unit]
        self.shares = [s for s in ledger.shares if s.unit == unit]
        self.empty = [w for u, w in ledger.empty if u == unit]
        used = {v for where in self._item_varsets() for v, _ in where}
        # a link matters only when all its variables are published somewhere
        self.links = [w for u, w in ledger.links if u == unit and {v for v, _ in w} <= used]
        for where in self._all_conditions():
            for variable, values in where:
                if variable not in self.domains:
                    raise InputError(f"variable {variable!r} is used in the ledger but its values are not declared")
                unknown = set(values) - set(self.domains[variable])
                if unknown:
                    raise InputError(f"variable {variable!r}: values {sorted(unknown)} are not declared "
                                     f"(declared: {list(self.domains[variable])})")
        varsets = _linked({frozenset(v for v, _ in where) for where in self._item_varsets()}, self.links)
        maximal = sorted((s for s in varsets if not any(s < t for t in varsets)), key=lambda s: sorted(s))
        self.blocks: list[_Block] = []
        offset = 0
        for s in maximal:
            block = _Block(tuple(sorted(s)), self.domains, offset)
            self.blocks.append(block)
            offset += block.size
        self.n_atoms = offset
        self._build()

    def _all_conditions(self) -> Iterable[Conditions]:
        for c in self.counts:
            yield c.where
        for s in self.shares:
            yield s.numerator
            yield s.denominator

    def _item_varsets(self) -> Iterable[Conditions]:
        for c in self.counts:
            yield c.where
        for s in self.shares:
            yield tuple(dict(s.numerator + s.denominator).items())

    def block_of(self, where: Conditions) -> _Block:
        names = {v for v, _ in where}
        for block in self.blocks:
            if names <= set(block.variables):
                return block
        raise InputError(f"no block holds the variables of [{describe(where)}]")

    def atoms(self, where: Conditions) -> np.ndarray:
        """Column indices of the atoms whose units satisfy ``where`` (cached)."""
        cache = self.__dict__.setdefault("_atoms", {})
        idx = cache.get(where)
        if idx is None:
            block = self.block_of(where)
            idx = cache[where] = (np.flatnonzero(block.mask(where)) + block.offset).astype(np.int32)
        return idx

    def vector(self, where: Conditions) -> sparse.csr_matrix:
        idx = self.atoms(where)
        return sparse.csr_matrix((np.ones(len(idx)), (np.zeros(len(idx), int), idx)), shape=(1, self.n_total))

    def _build(self) -> None:
        # Shared margins: for every pair of blocks, their common variables.
        shared: dict[tuple[str, ...], int] = {}
        for a, b in itertools.combinations(self.blocks, 2):
            common = tuple(sorted(set(a.variables) & set(b.variables)))
            shared.setdefault(common, 0)
        self.margin_offsets: dict[tuple[str, ...], int] = {}
        offset = self.n_atoms
        for common in sorted(shared):
            self.margin_offsets[common] = offset
            offset += int(np.prod([len(self.domains[v]) for v in common])) if common else 1
        self.n_total = offset
        rows, cols, vals, rhs = [], [], [], []
        r = 0
        self.eq_keys: list = []  # per equality row: the published count it states (None for a margin link)
        self.ub_keys: list = []  # per inequality row: the published share it bounds
        for common, m_offset in self.margin_offsets.items():
            combos = list(itertools.product(*(self.domains[v] for v in common))) if common else [()]
            for block in self.blocks:
                if not set(common) <= set(block.variables):
                    continue
                for j, combo in enumerate(combos):
                    where = tuple((v, (value,)) for v, value in zip(common, combo))
                    idx = np.flatnonzero(block.mask(where)) + block.offset
                    rows += [r] * len(idx) + [r]
                    cols += list(idx) + [m_offset + j]
                    vals += [1.0] * len(idx) + [-1.0]
                    rhs.append(0.0)
                    self.eq_keys.append(None)
                    r += 1
        for c in self.counts:
            if c.value is None:
                continue
            block = self.block_of(c.where)
            idx = np.flatnonzero(block.mask(c.where)) + block.offset
            rows += [r] * len(idx)
            cols += list(idx)
            vals += [1.0] * len(idx)
            rhs.append(float(c.value))
            self.eq_keys.append(c.key)
            r += 1
        for where in self.empty + self.links:
            names = {v for v, _ in where}
            for block in self.blocks:
                if names <= set(block.variables):
                    idx = np.flatnonzero(block.mask(where)) + block.offset
                    rows += [r] * len(idx)
                    cols += list(idx)
                    vals += [1.0] * len(idx)
                    rhs.append(0.0)
                    self.eq_keys.append(None)
                    r += 1
        self.A_eq = sparse.csr_matrix((vals, (rows, cols)), shape=(r, self.n_total))
        self.b_eq = np.array(rhs)
        rows, cols, vals, rhs = [], [], [], []
        r = 0
        for s in self.shares:
            if s.value is None:
                continue
            half = 0.5 * 10.0 ** (-s.decimals)
            num = self.vector(s.numerator)
            den = self.vector(s.denominator)
            low, high = max(s.value - half, 0.0) / 100.0, (s.value + half) / 100.0
            # low * den - num <= 0  and  num - high * den <= 0
            for row in (low * den - num, num - high * den):
                coo = row.tocoo()
                rows += [r] * coo.nnz
                cols += list(coo.col)
                vals += list(coo.data)
                rhs.append(0.0)
                self.ub_keys.append(s.key)
                r += 1
        self.A_ub = sparse.csr_matrix((vals, (rows, cols)), shape=(r, self.n_total)) if r else None
        self.b_ub = np.array(rhs) if r else None

    def check(self, where: Conditions, policy: Policy) -> tuple[float, float] | None:
        """The range of ``where`` if it is unsafe, else ``None``, with as few linear programmes as it takes.

        None for a cell that feasible points already show to vary by the protection width; one for a
        cell that is at least the threshold at its smallest, or whose smallest value lies the protection
        width below a feasible point; two otherwise.
        """
        low_seen, high_seen = self.seen(where)
        if high_seen - low_seen >= policy.protection_width:
            return None
        idx = self.atoms(where)
        solver = self._solver()
        low = solver.optimise(idx, maximise=False)
        if low is None:
            raise Inconsistent(_INCONSISTENT)
        low = math.ceil(low - 1e-6)
        if low >= policy.min_cell_size or high_seen - low >= policy.protection_width:
            return None
        low, high = self.range_of(where, low=low)
        return None if _safe(policy, self, where, low, high) else (low, high)

    def range_of(self, where: Conditions, low: float | None = None) -> tuple[float, float]:
        """Smallest and largest value of the count of ``where`` consistent with everything published
        (``low``: the smallest, when already solved for)."""
        idx = self.atoms(where)
        solver = self._solver()
        if low is None:
            low = solver.optimise(idx, maximise=False)
        high = solver.optimise(idx, maximise=True)
        if low is None or high is None:
            raise Inconsistent(_INCONSISTENT)
        # Counts are whole numbers: a reader rounds inwards.
        return float(math.ceil(low - 1e-6)), (float(math.floor(high + 1e-6)) if high != math.inf else math.inf)

    def binding(self, where: Conditions) -> list:
        """Keys of the published counts and shares that pin the range of ``where`` (non-zero duals)."""
        idx = self.atoms(where)
        solver = self._solver()
        keys: list = []
        for maximise in (False, True):
            if solver.optimise(idx, maximise=maximise) is None:
                continue
            duals = solver.row_duals()
            for key, dual in zip(self.eq_keys + self.ub_keys, duals):
                if key is not None and abs(dual) > 1e-9 and key not in keys:
                    keys.append(key)
        return keys

    def seen(self, where: Conditions) -> tuple[float, float]:
        """Whole values of ``where`` between which feasible points lie: inside the range a reader derives.

        A cell whose values differ by the protection width between two points that all published
        numbers allow is safe without its own linear programmes. The points are vertices for a few
        fixed pseudo-random directions (seeded: the same every run) and the solutions of the linear
        programmes solved so far, so this only saves time.
        """
        points = self._solver().points()
        if not len(points):
            return math.inf, -math.inf
        values = points[:, self.atoms(where)].sum(axis=1)
        return float(math.ceil(values.min() - 1e-6)), float(math.floor(values.max() + 1e-6))

    def is_empty(self, where: Conditions) -> bool:
        """Whether a reader can tell that no unit satisfies ``where`` (cached)."""
        cache = self.__dict__.setdefault("_empty", {})
        if where not in cache:
            cache[where] = self.range_of(where)[1] == 0
        return cache[where]

    def inside_zero(self, where: Conditions) -> bool:
        """Whether every unit of ``where`` lies in a cell that is empty by definition (public knowledge)."""
        given = dict(where)
        return any(all(v in given and set(given[v]) <= set(vals) for v, vals in zero)
                   for zero in self.empty + self.links)

    def relax(self, ledger: Ledger) -> None:
        """Take the cells ``ledger`` has hidden since this system was built out of its constraints.

        Hiding a cell only removes the equation (or the two inequalities of a share) it stated, so the
        linear programme is kept and the rows are freed in place: every feasible point found so far
        stays feasible and each next solve starts from the last basis.
        """
        self.counts = [c for c in ledger.counts if c.unit == self.unit]
        self.shares = [s for s in ledger.shares if s.unit == self.unit]
        hidden_counts = {c.key for c in self.counts if c.value is None}
        hidden_shares = {s.key for s in self.shares if s.value is None}
        rows = [i for i, key in enumerate(self.eq_keys) if key is not None and key in hidden_counts]
        rows += [len(self.eq_keys) + i for i, key in enumerate(self.ub_keys) if key in hidden_shares]
        self._solver().free_rows(rows)
        self.__dict__.pop("_empty", None)  # "nobody has this value" may no longer be derivable

    def _solver(self) -> "_Solver":
        if getattr(self, "_lp", None) is None:
            self._lp = _Solver(self.n_total, self.A_eq, self.b_eq, self.A_ub, self.b_ub)
            rng = np.random.default_rng(20261201)
            for _ in range(_SAMPLES):
                self._lp.vertex(rng.uniform(-1.0, 1.0, self.n_total))
        return self._lp

    def candidates(self, focus: set | None = None) -> list[tuple[Conditions, Count | Share | None]]:
        """Hidden and implied cells to check, each with the published item it belongs to (if any).

        With ``focus`` (keys of newly released items), only the cells near them: the margins of the
        blocks they lie in, and the hidden cells and complements of items sharing a variable with them.
        """
        if focus is not None:
            new = [c.where for c in self.counts if c.key in focus]
            new += [w for s in self.shares if s.key in focus for w in (s.numerator, s.denominator)]
            if any(not w for w in new):  # a total of the whole universe bears on every cell
                return self.candidates()
            new_vars = {v for w in new for v, _ in w}
            new_blocks = {id(self.block_of(w)) for w in new}
            near = lambda w: not w or bool({v for v, _ in w} & new_vars)  # noqa: E731
            return [(w, i) for w, i in self.candidates()
                    if (i is not None and near(w)) or (i is None and id(self.block_of(w)) in new_blocks)]
        published = {c.where for c in self.counts if c.value is not None}
        seen: set[Conditions] = set()
        out: list[tuple[Conditions, Count | Share | None]] = []

        def add(where: Conditions, item: Count | Share | None) -> None:
            if where in published or where in seen or any(not vals for _, vals in where) or self.inside_zero(where):
                return
            seen.add(where)
            out.append((where, item))

        for c in self.counts:
            if c.value is None:
                add(c.where, c)
        for s in self.shares:
            add(s.numerator, s)
            add(s.denominator, s)
        for c in self.counts:
            for i, (variable, values) in enumerate(c.where):
                rest = tuple(v for v in self.domains[variable] if v not in values)
                if len(values) > 1 and rest:
                    add(c.where[:i] + ((variable, rest),) + c.where[i + 1:], c)
        for block in self.blocks:
            for where in block.margins():
                add(where, None)
        return out


class _Solver:
    """One linear programme kept between cells: only the objective changes, so each solve starts warm."""

    def __init__(self, n: int, A_eq, b_eq, A_ub, b_ub):
        import highspy

        self._h = _quiet_highs(highspy)
        self._hs = highspy
        h = self._h
        h.setOptionValue("output_flag", False)
        # Only the objective changes between solves: the last basis stays feasible, so primal simplex
        # from it (without presolve, which would discard it) takes a few iterations per cell.
        h.setOptionValue("presolve", "off")
        h.setOptionValue("simplex_strategy", 4)
        inf = highspy.kHighsInf
        h.addVars(n, np.zeros(n), np.full(n, inf))
        for A, lower, upper in ((A_eq, b_eq, b_eq), (A_ub, None, b_ub)):
            if A is None or A.shape[0] == 0:
                continue
            A = sparse.csr_matrix(A)
            lo = np.full(A.shape[0], -inf) if lower is None else np.asarray(lower, float)
            h.addRows(A.shape[0], lo, np.asarray(upper, float), A.nnz, A.indptr[:-1].astype(np.int32),
                      A.indices.astype(np.int32), A.data.astype(float))
        self._last = np.array([], dtype=np.int32)
        self._points = np.zeros((0, n))
        self._next = 0

    def _keep(self) -> np.ndarray:
        """Keep the current solution as a feasible point (the latest :data:`_POINTS` of them)."""
        x = np.asarray(self._h.getSolution().col_value, dtype=float)
        if len(self._points) < _POINTS:
            self._points = np.vstack([self._points, x])
        else:
            self._points[self._next % _POINTS] = x
        self._next += 1
        return x

    def points(self) -> np.ndarray:
        """Feasible points found so far (vertices of the published numbers' polytope)."""
        return self._points

    def optimise(self, idx: np.ndarray, maximise: bool) -> float | None:
        h, hs = self._h, self._hs
        if len(self._last):
            h.changeColsCost(len(self._last), self._last, np.zeros(len(self._last)))
        idx = np.asarray(idx, dtype=np.int32)
        h.changeColsCost(len(idx), idx, np.ones(len(idx)))
        self._last = idx
        h.changeObjectiveSense(hs.ObjSense.kMaximize if maximise else hs.ObjSense.kMinimize)
        h.run()
        status = h.getModelStatus()
        if status == hs.HighsModelStatus.kUnbounded:
            return math.inf
        if status != hs.HighsModelStatus.kOptimal:
            return None
        self._keep()
        return float(h.getInfo().objective_function_value)

    def vertex(self, costs: np.ndarray) -> np.ndarray | None:
        """A solution minimising ``costs`` (any direction): a point of the feasible set."""
        h, hs = self._h, self._hs
        n = len(costs)
        h.changeColsCost(n, np.arange(n, dtype=np.int32), np.asarray(costs, float))
        self._last = np.arange(n, dtype=np.int32)
        h.changeObjectiveSense(hs.ObjSense.kMinimize)
        h.run()
        if h.getModelStatus() != hs.HighsModelStatus.kOptimal:
            return None
        return self._keep()

    def free_rows(self, rows: Sequence[int]) -> None:
        """Make constraint rows non-binding (bounds minus to plus infinity)."""
        if not len(rows):
            return
        inf = self._hs.kHighsInf
        n = len(rows)
        self._h.changeRowsBounds(n, np.asarray(rows, dtype=np.int32), np.full(n, -inf), np.full(n, inf))

    def row_duals(self) -> np.ndarray:
        return np.asarray(self._h.getSolution().row_dual, dtype=float)


def _quiet_highs(highspy):
    """A HiGHS instance; its banner (printed once, at C level) is kept out of notebook outputs."""
    import os
    import sys

    sys.stdout.flush()
    saved = os.dup(1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    try:
        return highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)
        os.close(devnull)


def _linked(varsets: set[frozenset], links: Sequence[Conditions]) -> set[frozenset]:
    """Variable sets with the variables of every link they touch added (until nothing changes).

    Examples
    --------
    >>> links = [(("a60", ("ja",)), ("started", ("nee",)))]
    >>> sorted(sorted(s) for s in _linked({frozenset({"traj", "a60"}), frozenset({"sex"})}, links))
    [['a60', 'started', 'traj'], ['sex']]
    """
    names = [frozenset(v for v, _ in w) for w in links]
    out = set()
    for s in varsets:
        grown = set(s)
        changed = True
        while changed:
            changed = False
            for n in names:
                if grown & n and not n <= grown:
                    grown |= n
                    changed = True
        out.add(frozenset(grown))
    return out


def _units(ledger: Ledger) -> list[str]:
    return sorted({c.unit for c in ledger.counts} | {s.unit for s in ledger.shares})


def findings(ledger: Ledger, policy: Policy, *, report_inconsistent: bool = False) -> list[Finding]:
    """Every published count that is small, and every hidden or implied cell a reader can narrow down.

    With ``report_inconsistent=True`` numbers that contradict each other (a table changed after its
    release) are a finding instead of an error.

    Examples
    --------
    >>> from evalkit.publish.sdc.ledger import Count, Ledger, conditions
    >>> led = Ledger(domains={"work": ("ja", "nee")})
    >>> led.counts = [Count("r", "t", "all", "n", "persons", (), 219),
    ...               Count("r", "t", "all", "work", "persons", conditions({"work": "ja"}), 217)]
    >>> [f.where for f in findings(led, Policy())]
    ['work=nee']
    """
    ledger = ledger.recoded()
    out = _small_counts(ledger, policy)
    for unit in _units(ledger):
        system = LinkedSystem(ledger, unit, policy)
        try:
            for where, item in system.candidates():
                unsafe = system.check(where, policy)
                if unsafe is not None:
                    out.append(_finding(item, ledger, where, *unsafe))
        except Inconsistent as exc:
            if not report_inconsistent:
                raise
            out.append(Finding("(run)", f"(all {unit})", "", "", "inconsistent", str(exc)))
    return out


def _safe(policy: Policy, system: LinkedSystem, where: Conditions, low: float, high: float) -> bool:
    """:meth:`Policy.range_is_safe`, except for zeros inside an empty category of the whole universe.

    A value of one variable that nobody in the universe has (such as "left out of the analysis" when
    nobody was) describes the registry, not a group of persons: the zeros it implies are no group
    disclosure.
    """
    if low == high == 0:
        for variable, values in where:
            if len(values) == 1 and system.is_empty(((variable, values),)):
                return True
        if system.inside_zero(where):
            return True
    return policy.range_is_safe(low, high)


def _small_counts(ledger: Ledger, policy: Policy) -> list[Finding]:
    return [Finding(c.report, c.output, c.row, c.column, "small-count", describe(c.where), value=c.value)
            for c in ledger.counts if c.value is not None and policy.is_small(c.value)]


def _finding(item, ledger: Ledger, where: Conditions, low: float, high: float) -> Finding:
    if item is None:  # an implied cell: name the published count it is derived from (its population first)
        related = [(_relation(where, c.where), c.key, c) for c in ledger.counts if c.value is not None]
        related = [r for r in related if r[0] is not None]
        item = min(related, key=lambda r: (r[0] < 2, r[0], r[1]))[2] if related else None
    if item is None:
        return Finding("(run)", "(implied cell)", "", "", "derivable", describe(where), low, high)
    return Finding(item.report, item.output, item.row, item.column, "derivable", describe(where), low, high)


def protect(ledger: Ledger, policy: Policy, *, keep: Sequence[tuple] = (), focus: Sequence[tuple] | None = None,
            max_rounds: int = 500) -> list[tuple[str, str, str, str]]:
    """Hide published cells until no hidden or implied cell can be narrowed down; return their keys.

    ``ledger`` is changed in place (the chosen cells get ``value=None``); see :func:`_protect`. Grouped
    variables are protected in the codes they group (:meth:`Ledger.recoded`).
    """
    if not ledger.coarsenings:
        return _protect(ledger, policy, keep=keep, focus=focus, max_rounds=max_rounds)
    work = ledger.recoded()
    hidden = _protect(work, policy, keep=keep, focus=focus, max_rounds=max_rounds)
    ledger.counts = [replace(c, value=w.value) for c, w in zip(ledger.counts, work.counts)]
    ledger.shares = [replace(s, value=w.value) for s, w in zip(ledger.shares, work.shares)]
    return hidden


def _protect(ledger: Ledger, policy: Policy, *, keep: Sequence[tuple] = (), focus: Sequence[tuple] | None = None,
             max_rounds: int = 500) -> list[tuple[str, str, str, str]]:
    """:func:`protect` on a ledger without groupings.

    ``ledger`` is changed in place (the chosen cells get ``value=None``). Hiding a cell only widens
    what a reader can derive, so only cells that failed are checked again in the next round; once they
    all pass, every cell is checked once more (a zero in a value nobody has is safe only while a reader
    can tell that nobody has it). For each failing cell the published item hidden next is one that pins
    its range, in this order: a share of exactly that cell, the smallest published count of a *sibling*
    cell (same conditions but one variable), the most specific published count that contains it; the
    count of the whole universe comes last among them. ``keep`` lists keys never to hide (none by default). ``focus`` (keys of the items
    just released) limits the first check to the cells near them, as :func:`release_table` does for
    each new table; the check of a whole run uses everything.
    """
    focus = None if focus is None else set(focus)
    hidden: list[tuple[str, str, str, str]] = []
    values: dict = {}
    keep = set(keep)
    for unit in _units(ledger):
        system = LinkedSystem(ledger, unit, policy)
        # Cells still to check, and whether they are every cell (nothing hidden since they were taken).
        pending = {w for w, _ in system.candidates(focus)}
        complete = True
        for _ in range(max_rounds):
            # Checked in candidate order until a batch of failing cells is found; a cell that passes
            # leaves the pending set, the others wait for the next round.
            failing = []
            for where, _item in system.candidates():
                if where not in pending:
                    continue
                if system.check(where, policy) is None:
                    pending.discard(where)
                    continue
                failing.append(where)
                if len(failing) == _BATCH:
                    break
            if not failing:
                if complete:
                    break
                # Hiding only widens ranges, but a zero in a value nobody has is safe only while a
                # reader can tell that nobody has it: once everything passes, check every cell again.
                pending, complete = {w for w, _ in system.candidates(focus)}, True
                continue
            # One cell for each failing cell whose binding cells this round has not hidden yet: many
            # failing cells share a cause, and hiding one cell for each of them at once saves rounds.
            chosen: list = []
            for where in failing:
                binding = system.binding(where)
                if chosen and set(binding) & set(chosen):
                    continue
                choice = _choose(ledger, unit, where, keep | set(chosen), binding)
                if choice is None:
                    if chosen:
                        continue
                    raise InputError(f"cannot protect [{describe(where)}]: no published cell left to hide")
                chosen.append(choice)
            for choice in chosen:
                values.update({c.key: c.value for c in ledger.counts if c.key == choice})
                hide(ledger, choice)
                hidden.append(choice)
                pending.update(_conditions_of(ledger, choice))
            system.relax(ledger)
            complete = False
        else:
            raise InputError("disclosure protection did not converge; simplify the published tables")
        hidden = _show_derivable(ledger, unit, policy, hidden, values)
    return hidden


def _show_derivable(ledger: Ledger, unit: str, policy: Policy, hidden: list, values: dict) -> list:
    """Show again the hidden counts a reader can work out exactly anyway, and every hidden share whose
    numerator and denominator a reader can work out exactly (its value follows from them): showing
    them tells nothing new."""
    hidden_here = [k for k in hidden if k in values and values[k] is not None and not policy.is_small(values[k])]
    shares_here = [s for s in ledger.shares if s.unit == unit and s.value is None]
    if not hidden_here and not shares_here:
        return hidden
    system = LinkedSystem(ledger, unit, policy)
    shown = set()
    for key in hidden_here:
        where = next(c.where for c in ledger.counts if c.key == key)
        low, high = system.range_of(where)
        if low == high == values[key]:
            shown.add(key)
    if shown:
        ledger.counts = [Count(**{**c.__dict__, "value": values[c.key]}) if c.key in shown else c
                         for c in ledger.counts]

    def exact(where: Conditions) -> float | None:
        low_seen, high_seen = system.seen(where)
        if high_seen > low_seen:  # two feasible points differ: not exact, without linear programmes
            return None
        low, high = system.range_of(where)
        return low if low == high else None

    restored = {}
    for share in shares_here:
        num = exact(share.numerator)
        den = exact(share.denominator) if num is not None else None
        if num is not None and den:
            restored[share.key] = round(100 * num / den, share.decimals)
    if restored:
        ledger.shares = [Share(**{**s.__dict__, "value": restored[s.key]}) if s.key in restored else s
                         for s in ledger.shares]
    return [k for k in hidden if k not in shown and k not in restored]


def _conditions_of(ledger: Ledger, key) -> set[Conditions]:
    out = set()
    for c in ledger.counts:
        if c.key == key:
            out.add(c.where)
    for s in ledger.shares:
        if s.key == key:
            out.update((s.numerator, s.denominator))
    return out


def hide(ledger: Ledger, key) -> None:
    """Hide the item with ``key``; a hidden count takes the shares of its table that are made from it."""
    hidden = [c for c in ledger.counts if c.key == key]
    ledger.counts = [Count(**{**c.__dict__, "value": None}) if c.key == key else c for c in ledger.counts]
    made_of = {(c.report, c.output, c.where) for c in hidden}
    ledger.shares = [Share(**{**s.__dict__, "value": None})
                     if s.key == key or (s.report, s.output, s.numerator) in made_of
                     or (s.report, s.output, s.denominator) in made_of else s for s in ledger.shares]


def _relation(where: Conditions, other: Conditions) -> int | None:
    """0: same cell; 1: sibling (differs in one variable's values); 2+k: contains ``where`` with k fewer conditions."""
    if other == where:
        return 0
    a, b = dict(where), dict(other)
    if set(a) == set(b):
        differ = [v for v in a if a[v] != b[v]]
        if len(differ) == 1:
            return 1
        return None
    if set(b) < set(a) and all(set(a[v]) <= set(b[v]) for v in b):
        return 2 + len(a) - len(b)
    if set(a) < set(b) and all(set(b[v]) <= set(a[v]) for v in a):
        # a part of the cell: hiding it breaks the sum that pins the cell
        return 1
    return None


def _choose(ledger: Ledger, unit: str, where: Conditions, keep: set, binding: Sequence = ()) -> tuple | None:
    """The published item to hide for a failing cell: one that pins its range (a non-zero dual of the
    linear programme), preferring a share of exactly that cell, then a sibling, then the closest
    population that contains it, then the smallest count; any related item if none pins it."""
    binding = set(binding)
    best = None
    for c in ledger.counts:
        if c.unit != unit or c.value is None or c.key in keep:
            continue
        rel = _relation(where, c.where)
        if rel is None and c.key not in binding:
            continue
        # the whole universe's count last: hiding it unpins every "nobody has this value" at once
        rank = (c.key not in binding, not c.where, 50 if rel is None else rel, c.value == 0, c.value, c.key)
        if best is None or rank < best[0]:
            best = (rank, c.key)
    for s in ledger.shares:
        if s.unit != unit or s.value is None or s.key in keep:
            continue
        rels = [r for r in (_relation(where, s.numerator), _relation(where, s.denominator)) if r is not None]
        if not rels and s.key not in binding:
            continue
        rel = 50 if not rels else (min(rels) if min(rels) == 0 else min(rels) + 0.5)
        rank = (s.key not in binding, False, rel, False, min(s.value, 100 - s.value), s.key)
        if best is None or rank < best[0]:
            best = (rank, s.key)
    return None if best is None else best[1]
