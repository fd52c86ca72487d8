"""``pytest-paragon diff OLD NEW``: its arguments and its run (wired in :mod:`pytest_paragon.cli`).

Exit status: 0 when no change reaches ``--fail-on``, 1 when one does, 2 for bad arguments or an
unreadable contract, ignore or usage file (one line on stderr). Only the report goes to stdout,
so ``--format json`` and ``--format junit`` can be piped or redirected as they are.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def add_diff(commands: Any) -> None:
    """Add the ``diff`` sub-command to the ``pytest-paragon`` parser's sub-commands."""
    from pytest_paragon.contract.diff.render import FORMATS

    diff = commands.add_parser(
        "diff",
        help="classify the changes between two Paragon contracts (breaking, warning, info)",
        description="Compare two contracts, files or history versions (e.g. 2.0.6, 2.4.0), and "
        "classify every change as breaking, warning or info with its operation and JSON path. "
        "Exit status 1 when a change reaches --fail-on. With --usage, only changes that hit "
        "operations and fields the client used keep their severity; the rest become info.",
    )
    diff.add_argument("old", metavar="OLD", help="the contract the client was built for")
    diff.add_argument("new", metavar="NEW", help="the contract to upgrade to")
    diff.add_argument(
        "--fail-on",
        choices=("breaking", "warning", "info"),
        default="breaking",
        help="lowest severity that makes the exit status 1 (default: breaking)",
    )
    diff.add_argument(
        "--format", choices=FORMATS, default="text", help="report format (default: text)"
    )
    diff.add_argument(
        "--ignore", type=Path, metavar="FILE", help="YAML file of accepted changes, with reasons"
    )
    diff.add_argument(
        "--usage",
        type=Path,
        nargs="+",
        metavar="FILE",
        help="coverage JSON files (--paragon-coverage-json) of the client's suite",
    )
    diff.add_argument("--output", type=Path, metavar="FILE", help="write the report here instead")


def run_diff(args: argparse.Namespace) -> int:
    """Run ``diff`` for parsed ``args``; return the exit status."""
    from pytest_paragon.contract.diff import Severity, diff_contracts, load_ignore, load_usage
    from pytest_paragon.contract.diff.render import render
    from pytest_paragon.errors import ParagonError

    try:
        rules = load_ignore(args.ignore) if args.ignore else []
        usage = load_usage(args.usage) if args.usage else None
        result = diff_contracts(args.old, args.new, ignore=rules, usage=usage)
    except ParagonError as error:
        report = error.report
        where = f"{report.where}: " if report.where else ""
        print(f"pytest-paragon: {where}{' '.join(report.what.split())}", file=sys.stderr)
        return 2
    threshold = Severity.parse(args.fail_on)
    text = render(result, args.format, threshold)
    if args.output:
        from pytest_paragon.files import write_atomically

        write_atomically(args.output, (text + "\n").encode("utf-8"), mode=0o644)
        print(
            f"pytest-paragon diff: {result.summary()}; report written to {args.output}",
            file=sys.stderr,
        )
    else:
        print(text)
    return 1 if result.reaches(threshold) else 0
