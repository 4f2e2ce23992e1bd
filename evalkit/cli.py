"""The ``evalkit`` command: ``validate``, ``synth``, ``report`` and ``check``.

Errors caused by input (``EvalkitError``, a bad option, a folder that cannot be read or written) are
printed as one paragraph that names the problem, never as a traceback, and exit with code 1. A
command stopped by SIGTERM or Ctrl-C removes what it had started to write and exits with 143 or 130.
"""
from __future__ import annotations

import argparse
import sys

from evalkit import __version__
from evalkit.errors import EvalkitError, Interrupted, interrupt_on_signals


def _cmd_validate(args: argparse.Namespace) -> int:
    from evalkit.registry import validate

    result = validate(args.path)
    print(result.format(max_problems=args.max_problems))
    return 0 if result.ok else 1


def _cmd_synth(args: argparse.Namespace) -> int:
    from evalkit.registry.synth import default_seed, write_synthetic_registry

    seed = default_seed() if args.seed is None else args.seed
    out = write_synthetic_registry(args.out, n=args.n, seed=seed, fmt=args.format)
    print(f"Synthetic registry ({args.n} persons, seed {seed}) written to {out}")
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from evalkit.publish.runner import render

    if args.study == "list":
        return _list_studies()
    index = render(args.study, data=args.data, out=args.out, parameters=args.parameter or [],
                   run_name=args.run_name)
    print(f"Report written: {index}")
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    from evalkit.publish.sdc.check import check_run, format_findings
    from evalkit.publish.sdc.integrity import MANIFEST, NOT_SEALED, RULES

    found, summary = check_run(args.run_folder)
    threshold = summary["policy"]["min_cell_size"]
    seal = summary.get("seal")
    if seal:
        compared = (f"Compared with the seal the run wrote (disclosure/{MANIFEST}, SHA-256 {seal['sha256']}): "
                    f"the contents of {seal['files']} files, and {seal['cells']} cells of {seal['tables']} tables "
                    f"in {seal['reports']} pages and notebooks, cell by cell.")
    else:
        compared = f"Not compared with a seal: the folder has no readable disclosure/{MANIFEST}."
    if found:
        changed = sum(f.rule in RULES for f in found)
        print(f"{args.run_folder}: {len(found)} finding(s): {len(found) - changed} from the disclosure checks "
              f"(threshold {threshold}), {changed} from the comparison with the seal.")
        print(compared)
        print(format_findings(found, args.max_findings))
        if any(f.rule == NOT_SEALED for f in found):
            print("Without a seal, a number written into a page or notebook after the run cannot be found: render "
                  "the run again with 'evalkit report' and release that folder as it is.")
        elif changed:
            print("The folder is not as 'evalkit report' checked and sealed it: do not release it; release a run "
                  "folder only as the run wrote it, or render the run again.")
        if len(found) > changed:
            print("Do not release this run; rerun 'evalkit report' (it protects what it publishes) or remove the "
                  "cells named above.")
        return 1
    print(f"{args.run_folder}: no disclosive cell, and nothing changed since the run was sealed. Checked "
          f"{summary['cells']} cells of {summary['outputs']} outputs ({summary['hidden']} hidden) against threshold "
          f"{threshold}, zeros, implied cells and protection intervals across all reports.")
    print(compared)
    return 0


def _list_studies() -> int:
    from evalkit.publish.runner import STUDIES, study_parameters

    for study in STUDIES.values():
        if not study.path.is_file():
            print(f"{study.name:<14} {study.title_en} (not available yet)")
            continue
        print(f"{study.name:<14} {study.title_en} ({study.path.name})")
        for name, parameter in study_parameters(study).items():
            help_text = f"  # {parameter.help}" if parameter.help else ""
            print(f"    {name} = {parameter.default_source}  [{parameter.type_label}]{help_text}")
    return 0


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors read like the other input errors: one paragraph, exit code 1."""

    def error(self, message: str):
        self.exit(1, f"{self.prog}: {message}. See '{self.prog} --help' for the options.\n")


def _whole_number(minimum: int):
    """An argparse type: an integer of at least ``minimum``."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be {minimum} or more, not {value}")
        return value
    return parse


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="evalkit",
        description="Evaluation workbench for integration and labour-activation trajectories.",
    )
    parser.add_argument("--version", action="version", version=f"evalkit {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("validate", help="check a registry folder against data_schema/")
    p.add_argument("path", help="registry folder (with datapackage.json), or 'synthetic'")
    p.add_argument("--max-problems", type=_whole_number(0), default=50,
                   help="problems listed per table (default 50)")
    p.set_defaults(func=_cmd_validate)

    p = sub.add_parser("synth", help="write a synthetic registry calibrated to the published COB figures")
    p.add_argument("--out", required=True, help="folder to write (created; must be empty or absent)")
    p.add_argument("--n", type=int, default=1662, help="number of persons (default 1662, as published)")
    p.add_argument("--seed", type=_whole_number(0), default=None,
                   help="random seed, 0 or more (default: the calibrated default seed)")
    p.add_argument("--format", choices=["csv", "parquet"], default="csv")
    p.set_defaults(func=_cmd_synth)

    p = sub.add_parser("report", help="render one study or all of them into a report folder")
    p.add_argument("study", help="study name or 'all'; 'list' shows the studies and their parameters")
    p.add_argument("--data", default="synthetic", help="registry folder (default: the bundled synthetic registry)")
    p.add_argument("--out", default="reports", help="folder that receives the run (default: reports/)")
    p.add_argument("-p", "--parameter", action="append", metavar="NAME=VALUE",
                   help="study parameter, repeatable (e.g. -p language=en -p min_cell_size=10)")
    p.add_argument("--run-name", default=None,
                   help="name of the run folder (default: <YYYYmmdd-HHMMSS>_<study>)")
    p.set_defaults(func=_cmd_report)

    p = sub.add_parser("check", help="check a rendered run for disclosive cells and for changes since the run "
                                     "sealed it (the output checker)")
    p.add_argument("run_folder", help="a run folder written by 'evalkit report' (reports/<run>/)")
    p.add_argument("--max-findings", type=_whole_number(1), default=50, help="findings listed (default 50)")
    p.set_defaults(func=_cmd_check)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        with interrupt_on_signals():
            return args.func(args)
    except EvalkitError as exc:
        print(f"evalkit {args.command}: {exc}", file=sys.stderr)
        return 1
    except Interrupted as exc:
        print(f"evalkit {args.command}: stopped by {exc.signal_name}; what it had started to write was removed.",
              file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(f"evalkit {args.command}: interrupted", file=sys.stderr)
        return 130
    except OSError as exc:  # a file or folder the system refused; other exceptions are bugs and show as such
        where = f" {exc.filename}" if exc.filename else ""
        print(f"evalkit {args.command}: could not read or write{where}: {exc.strerror or exc}. "
              f"Check that the path is right, that you may write there and that the disk is not full.",
              file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
