"""An attacker on a rendered run: tries to work out small counts from everything the run publishes.

It does not use the disclosure engine's linear programmes. It reads the report pages, the released
tables and figure data (``disclosure/tables``) and the ledgers (for what each cell counts), and tries:

- ``shown``: a count of 1 .. threshold-1 in any table of a page (headers that name counts);
- ``text``: such a count in a sentence ("3 personen", "7 clients");
- ``difference``: a published count minus a published count of a subgroup of it (same conditions and
  one more), in one table or across tables and reports: "Cliënten" minus "Met job", clients minus
  clients with art. 60, a merged category minus the unmerged one;
- ``remainder``: a published total minus all its published parts but one group, across tables and
  reports (a hidden row recovered from the totals elsewhere);
- ``share``: a share (and its complement) times its published population, with the rounding interval;
- ``nested``: a count minus a count of a group inside it by definition, across reports (the ledgers'
  ``links``: an art. 60 by the snapshot date is one during follow-up); groupings of one variable's codes
  by another (``coarsenings``: NT2 groups of NT2 levels) are read in the fine codes, so differences and
  remainders combine them;
- chains: every count recovered one way is used again in the next round (three rounds);
- ``histogram``/``curve``: bars of figure data below the threshold; counts in curve data.

With the registry at hand it also audits the ledger: every cell whose conditions use only the shared
variables (profile variables, status on a snapshot date) is counted again from the registry, and a
cell whose published value differs from that count is reported (``declaration``): a cell described
wrongly would hide a real disclosure from any checker that trusts the description.

Run it as ``python -m tests.attacker RUN_FOLDER [--data REGISTRY]``; it prints what it recovered and
exits 1 if anything.
"""
from __future__ import annotations

import argparse
import json
import math
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from evalkit.publish.sdc.integrity import html_tables

COUNT_HEADER = re.compile(
    r"^(n|N|aantal|personen|persons|cliënten|clients|met |zonder |with |without |jobs|banen|"
    r"gebeurtenissen|events|geen |no |ooit|ever|bereikt|reached|aan het werk|at work)", re.IGNORECASE)
PERSON_WORDS = r"(personen|persoon|cliënten|cliënt|mensen|deelnemers|persons|person|clients|client|people|participants)"


@dataclass(frozen=True)
class Recovered:
    route: str
    where: str
    value: str
    detail: str

    def __str__(self) -> str:
        return f"[{self.route}] {self.where}: {self.value} ({self.detail})"


def _conds(data) -> tuple:
    return tuple(sorted((k, tuple(sorted(v))) for k, v in data.items()))


def _describe(conds) -> str:
    return " & ".join(f"{k}={'|'.join(v)}" for k, v in conds) or "(all)"


def _published_value(folder: Path, report: str, output: str, row: str, column: str, cache: dict):
    key = (report, output)
    if key not in cache:
        path = folder / "disclosure" / "tables" / report / (re.sub(r"[^A-Za-z0-9_.-]+", "_", output) + ".csv")
        cache[key] = pd.read_csv(path, index_col=0, dtype=str, keep_default_na=False) if path.exists() else None
    table = cache[key]
    if table is None or column not in table.columns:
        return None
    rows = [i for i, r in enumerate(table.index) if str(r) == row]
    if not rows:
        return None
    try:
        return float(table.iloc[rows[0]][column])
    except ValueError:
        return None


def _load(folder: Path):
    domains, counts, shares, outputs, nested, groupings = {}, [], [], [], [], {}
    cache: dict = {}
    ledgers = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((folder / "disclosure").glob("*.ledger.json"))]
    for data in ledgers:
        groupings.update(data.get("coarsenings", {}))

    def recode(where: dict) -> tuple:
        out: dict = {}
        for k, vals in where.items():
            if k in groupings:
                k, vals = groupings[k]["fine"], [f for v in vals for f in groupings[k]["codes"][v]]
            out[k] = set(vals) if k not in out else out[k] & set(vals)
        return _conds(out)

    for data in ledgers:
        domains.update({k: tuple(v) for k, v in data["domains"].items()})
        for c in data["counts"]:
            value = _published_value(folder, c["report"], c["output"], c["row"], c["column"], cache)
            counts.append((c["unit"], recode(c["where"]), value, f"{c['report']}/{c['output']}[{c['row']}, {c['column']}]"))
        for s in data["shares"]:
            value = _published_value(folder, s["report"], s["output"], s["row"], s["column"], cache)
            shares.append((s["unit"], recode(s["numerator"]), recode(s["denominator"]), value, s["decimals"],
                           f"{s['report']}/{s['output']}[{s['row']}, {s['column']}]"))
        outputs += data["outputs"]
        nested += [(e["unit"], recode(e["where"])) for e in data.get("links", []) if len(e["where"]) == 2]
    for coarse, spec in groupings.items():
        domains.pop(coarse, None)
        domains.setdefault(spec["fine"], tuple(f for codes in spec["codes"].values() for f in codes))
    return domains, counts, shares, outputs, nested


def _sub(a: tuple, b: tuple):
    """If b = a with one more restriction (one variable added, or one variable's values narrowed),
    return (variable, values of b, values of a)."""
    da, db = dict(a), dict(b)
    if set(da) - set(db):
        return None
    extra = [v for v in db if v not in da or set(db[v]) != set(da[v])]
    if len(extra) != 1:
        return None
    v = extra[0]
    if v in da and not set(db[v]) < set(da[v]):
        return None
    return v


def attack(folder: str | Path, min_cell_size: int, registry_path: str | Path | None = None) -> list[Recovered]:
    folder = Path(folder)
    t = min_cell_size
    found: list[Recovered] = []
    small = lambda x: x is not None and 1 <= round(x) <= t - 1 and abs(x - round(x)) < 1e-6  # noqa: E731

    # pages: small counts shown in tables and sentences
    for page in sorted(folder.glob("*.html")):
        if page.name == "index.html":
            continue
        html = page.read_text(encoding="utf-8")
        for table in html_tables(html):
            header = table[0]
            for row in table[1:]:
                for head, cell in zip(header, row):
                    if COUNT_HEADER.match(head.strip()) and re.fullmatch(r"\d+", cell) and small(float(cell)):
                        found.append(Recovered("shown", f"{page.name}: {row[0]!r} / {head!r}", cell, "table cell"))
        text = re.sub(r"<table.*?</table>", " ", html, flags=re.S)
        text = re.sub(r"<[^>]+>", " ", text)
        for m in re.finditer(rf"\b(\d+)\s+{PERSON_WORDS}\b", text, flags=re.IGNORECASE):
            if small(float(m.group(1))):
                found.append(Recovered("text", page.name, m.group(1), text[max(0, m.start() - 60):m.end() + 20]))

    domains, counts, shares, outputs, nested = _load(folder)
    for o in outputs:
        path = folder / "disclosure" / "tables" / o["report"] / (re.sub(r"[^A-Za-z0-9_.-]+", "_", o["output"]) + ".csv")
        if o["kind"] in ("histogram", "curve") and path.exists():
            data = pd.read_csv(path)
            if o["kind"] == "histogram" and "count" in data and ((data["count"] >= 1) & (data["count"] < t)).any():
                found.append(Recovered("histogram", f"{o['report']}/{o['output']}", "bins", "a bar under the threshold"))
            if o["kind"] == "curve" and {"n_at_risk", "n_events"} & set(data.columns):
                found.append(Recovered("curve", f"{o['report']}/{o['output']}", "counts", "counts in curve data"))

    # what is known: (unit, conditions) -> (low, high, source)
    known: dict[tuple, tuple[float, float, str]] = {}
    for unit, where, value, src in counts:
        if value is not None:
            known[(unit, where)] = (value, value, src)

    def learn(unit, where, low, high, route, detail):
        low, high = max(0.0, math.ceil(low - 1e-9)), math.floor(high + 1e-9)
        key = (unit, where)
        if key in known and known[key][1] - known[key][0] <= high - low:
            return False
        known[key] = (low, high, detail)
        if high >= 1 and low <= t - 1 and high - low < t:
            found.append(Recovered(route, f"{unit}: {_describe(where)}",
                                   f"{low:g}" if low == high else f"{low:g}..{high:g}", detail))
        return True

    for _round in range(3):
        items = list(known.items())
        changed = False
        for (unit, a), (alo, ahi, asrc) in items:
            if alo != ahi:
                continue
            for (unit2, b), (blo, bhi, bsrc) in items:
                if unit2 != unit or blo != bhi:
                    continue
                v = _sub(a, b)
                if v is None:
                    continue
                rest_values = tuple(x for x in (dict(a).get(v) or domains.get(v, ())) if x not in dict(b)[v])
                if not rest_values:
                    continue
                rest = _conds({**dict(a), v: rest_values})
                changed |= learn(unit, rest, alo - bhi, ahi - blo, "difference", f"{asrc} - {bsrc}")
        # nested by definition: nobody has v1 in vals1 and v2 in vals2, so {v1 in vals1} lies inside
        # {v2 outside vals2}; the difference of the two counts is {v2 outside vals2, v1 outside vals1}
        for unit, ((v1, vals1), (v2, vals2)) in nested:
            for (first, inside), (second, excluded) in (((v1, vals1), (v2, vals2)), ((v2, vals2), (v1, vals1))):
                outside = tuple(x for x in domains.get(second, ()) if x not in excluded)
                for (unit2, a), (alo, ahi, asrc) in list(known.items()):
                    da = dict(a)
                    if unit2 != unit or alo != ahi or da.get(first) != tuple(sorted(inside)) or second in da:
                        continue
                    rest = {k: x for k, x in da.items() if k != first}
                    outer = known.get((unit, _conds({**rest, second: outside})))
                    if outer is None or outer[0] != outer[1]:
                        continue
                    not_inside = tuple(x for x in domains.get(first, ()) if x not in inside)
                    cell = _conds({**rest, second: outside, first: not_inside})
                    changed |= learn(unit, cell, outer[0] - ahi, outer[1] - alo, "nested",
                                     f"{outer[2]} - {asrc} (inside it by definition)")
        # remainders: a parent minus all published disjoint parts along one variable
        by_parent: dict = {}
        for (unit, b), (blo, bhi, bsrc) in known.items():
            if blo != bhi:
                continue
            for v, vals in b:
                parent = tuple((k, x) for k, x in b if k != v)
                by_parent.setdefault((unit, parent, v), []).append((set(vals), blo, bsrc))
        for (unit, parent, v), parts in by_parent.items():
            if (unit, parent) not in known or known[(unit, parent)][0] != known[(unit, parent)][1]:
                continue
            total = known[(unit, parent)][0]
            chosen, covered, value = [], set(), 0.0
            for vals, x, src in sorted(parts, key=lambda p: sorted(p[0])):
                if vals & covered:
                    continue
                chosen.append(src)
                covered |= vals
                value += x
            rest_values = tuple(x for x in domains.get(v, ()) if x not in covered)
            if rest_values and len(chosen) > 1:
                rest = _conds({**dict(parent), v: rest_values})
                changed |= learn(unit, rest, total - value, total - value, "remainder",
                                 f"{known[(unit, parent)][2]} minus {len(chosen)} parts")
        for unit, num, den, p, d, src in shares:
            if p is None:
                continue
            h = 0.5 * 10 ** (-d)
            if (unit, den) in known and known[(unit, den)][0] == known[(unit, den)][1]:
                n = known[(unit, den)][0]
                lo, hi = n * max(p - h, 0) / 100, n * (p + h) / 100
                changed |= learn(unit, num, lo, hi, "share", f"{src} x population")
                comp = _complement(num, den, domains)
                if comp is not None:
                    changed |= learn(unit, comp, n - hi, n - lo, "share", f"{src}: complement")
        if not changed:
            break

    if registry_path is not None:
        found += _audit(counts, registry_path)
    unique = {(r.route, r.where, r.value): r for r in found}
    return list(unique.values())


def _complement(num, den, domains):
    v = _sub(den, num)
    if v is None:
        return None
    rest = tuple(x for x in (dict(den).get(v) or domains.get(v, ())) if x not in dict(num)[v])
    return _conds({**dict(den), v: rest}) if rest else None


def _audit(counts, registry_path) -> list[Recovered]:
    """Count again from the registry every cell that uses only shared variables."""
    from evalkit import outcomes
    from evalkit.publish.sdc.variables import PROFILE_VARIABLES, as_codes
    from evalkit.registry import load_registry

    registry = load_registry(registry_path)
    cohort = outcomes.cohort(registry)
    frame = pd.DataFrame({v: as_codes(cohort[v]).to_numpy() for v in PROFILE_VARIABLES if v in cohort})
    frame["person_id"] = cohort["person_id"].to_numpy()
    snaps = registry.status_snapshots
    out = []
    for unit, where, value, src in counts:
        if unit != "persons" or value is None:
            continue
        names = [k for k, _ in where]
        mask = pd.Series(True, index=frame.index)
        ok = True
        for k, vals in where:
            if k in frame:
                mask &= frame[k].isin(vals)
            elif k.startswith("status@"):
                date = pd.Timestamp(k.split("@", 1)[1])
                day = snaps[pd.to_datetime(snaps["snapshot_date"]) == date]
                code = frame["person_id"].map(day.drop_duplicates("person_id").set_index("person_id")["status_code"])
                mask &= as_codes(code).isin(vals).to_numpy()
            else:
                ok = False
                break
        if ok and names and int(mask.sum()) != int(round(value)):
            out.append(Recovered("declaration", src, f"published {value:g}, registry {int(mask.sum())}",
                                 _describe(where)))
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.attacker")
    parser.add_argument("run_folder")
    parser.add_argument("--data", default=None, help="registry of the run (to audit the ledger)")
    parser.add_argument("--min-cell-size", type=int, default=None)
    args = parser.parse_args(argv)
    folder = Path(args.run_folder)
    t = args.min_cell_size or json.loads((folder / "disclosure" / "log.json").read_text())["policy"]["min_cell_size"]
    found = attack(folder, t, args.data)
    n_cells = sum(len(json.loads(p.read_text())["counts"]) for p in (folder / "disclosure").glob("*.ledger.json"))
    print(f"{folder}: threshold {t}, {n_cells} published count cells attacked; recovered {len(found)}")
    for r in found[:100]:
        print(f"  {r}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
