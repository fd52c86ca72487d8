"""The ``pytest-paragon`` command.

Sub-commands:

* ``contract``: validate the contract (OpenAPI 3.1, every ``$ref``, this project's conventions) and
  list its operations. Exit status 0 when valid, 1 when not.

Later sub-commands (``serve``, ``verify``, ``diff``, ``cassettes``) plug in here.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from pytest_paragon import __version__
from pytest_paragon.errors import ContractError


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pytest-paragon",
        description="Test code that talks to Paragon, offline (the plugin: pytest -p paragon).",
    )
    parser.add_argument("--version", action="version", version=f"pytest-paragon {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    contract = commands.add_parser(
        "contract",
        help="validate the Paragon contract and list its operations",
        description="Validate the contract as OpenAPI 3.1 plus this project's conventions, "
        "then list every operation. Exit status 1 when the contract has problems.",
    )
    contract.add_argument(
        "--file", type=Path, default=None, help="contract file (default: the bundled contract)"
    )
    contract.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help="listing format (default: table)",
    )
    contract.add_argument(
        "--quiet", action="store_true", help="print only the summary line, not the listing"
    )
    return parser


def _run_contract(args: argparse.Namespace) -> int:
    from pytest_paragon.contract import find_problems, load_contract

    try:
        contract = load_contract(args.file)
    except ContractError as exc:
        print(exc, file=sys.stderr)
        return 1
    problems = find_problems(contract)
    for problem in problems:
        print(f"{contract.path}: {problem.place}: {problem.message}", file=sys.stderr)
    if not args.quiet:
        if args.format == "json":
            rows = [
                {
                    "endpoint": op.endpoint,
                    "operationId": op.operation_id,
                    "method": op.method.upper(),
                    "path": op.path_template,
                    "sdkMethods": list(op.sdk_methods),
                }
                for op in contract.operations
            ]
            print(json.dumps(rows, indent=2))
        else:
            for op in contract.operations:
                methods = ", ".join(op.sdk_methods) or "-"
                print(
                    f"{op.endpoint or '?':<4} {op.method.upper():<7} {op.path_template:<78} "
                    f"{op.operation_id}  [{methods}]"
                )
    status = "valid" if not problems else f"INVALID ({len(problems)} problems)"
    print(
        f"{contract.path}: {status}; {len(contract.operations)} operations, "
        f"{len(contract.schemas)} schemas, {len(contract.document.get('webhooks') or {})} webhooks"
    )
    return 0 if not problems else 1


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = _build_parser()
    args = parser.parse_args(argv)
    if args.command == "contract":
        return _run_contract(args)
    parser.print_help()
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
