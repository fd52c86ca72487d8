"""The ``pytest-paragon contract`` commands: validate and list, and ``show`` one operation."""

from __future__ import annotations

import argparse
import json
import sys

from pytest_paragon.errors import ContractError, ParagonUsageError


def run_contract(args: argparse.Namespace) -> int:
    """`pytest-paragon contract`: validate the contract and list its operations."""
    from pytest_paragon.contract import find_problems, load_contract

    try:
        contract = load_contract(args.contract_file)
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
    print(  # with --format json, stdout carries the JSON alone
        f"{contract.path}: {status}; {len(contract.operations)} operations, "
        f"{len(contract.schemas)} schemas, {len(contract.document.get('webhooks') or {})} webhooks",
        file=sys.stderr if args.format == "json" and not args.quiet else sys.stdout,
    )
    return 0 if not problems else 1


def run_contract_show(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """`pytest-paragon contract show OPERATION`: one operation's wire, with examples."""
    from pytest_paragon.contract import load_contract
    from pytest_paragon.contract_show import describe, render_text

    if not args.operation:
        parser.error("contract show needs an operationId (`pytest-paragon contract` lists them)")
    try:
        contract = load_contract(args.contract_file)
        card = describe(args.operation, contract)
    except ContractError as exc:
        print(exc, file=sys.stderr)
        return 1
    except ParagonUsageError as exc:
        print(f"pytest-paragon: {exc}", file=sys.stderr)
        return 2
    print(
        json.dumps(card, indent=2, ensure_ascii=False)
        if args.format == "json"
        else render_text(card)
    )
    return 0
