"""``pytest-paragon cassettes verify|convert``: its arguments and its run (wired in ``cli.py``).

``verify PATH...``: exit 0 on clean cassettes, 1 when any holds a secret, breaks the contract or
cannot be read (one line each, naming the file, the interaction and the place), 2 for bad
arguments. ``convert SOURCE... --output DIR`` (or ``-o FILE`` for one source): VCR.py /
pytest-recording cassettes written as ours, redacted; exit 1 when one cannot be read.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def add_cassettes(commands: Any, add_settings: Any) -> None:
    """Add ``cassettes`` (with ``verify`` and ``convert``) to the command's sub-commands."""
    cassettes = commands.add_parser(
        "cassettes",
        help="verify recorded cassettes (secrets, contract) or convert VCR.py cassettes",
        description="Work with recorded Paragon traffic (see 'Recording real traffic').",
    )
    actions = cassettes.add_subparsers(dest="cassettes_command", metavar="ACTION")
    verify = actions.add_parser(
        "verify",
        help="fail on any secret or contract violation in cassettes",
        description="Scan cassettes for secrets (JWTs, Authorization values, private keys, "
        "OAuth tokens) and check every interaction against the contract. Exit status 1 on any "
        "problem, naming the file, the interaction and the schema path; 0 on clean files.",
    )
    verify.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files or folders")
    add_settings(verify, "cassettes")
    convert = actions.add_parser(
        "convert",
        help="convert VCR.py / pytest-recording cassettes to pytest-paragon's, redacting",
        description="Read VCR.py / pytest-recording YAML cassettes and write them in "
        "pytest-paragon's format, redacted as a recording is.",
    )
    convert.add_argument("sources", nargs="+", type=Path, metavar="SOURCE")
    target = convert.add_mutually_exclusive_group(required=True)
    target.add_argument("--output", type=Path, metavar="DIR", help="folder for the converted")
    target.add_argument("-o", dest="file", type=Path, metavar="FILE", help="one source's target")


def run_cassettes(args: argparse.Namespace) -> int:
    """Run ``cassettes verify`` or ``cassettes convert``; return the exit status."""
    from pytest_paragon.errors import ParagonError

    if args.cassettes_command == "verify":
        return _verify(args)
    if args.cassettes_command == "convert":
        if args.file is not None and len(args.sources) != 1:
            print("pytest-paragon: -o takes one SOURCE; use --output DIR", file=sys.stderr)
            return 2
        from pytest_paragon.cassettes.store import convert_file

        status = 0
        for source in args.sources:
            target = args.file or args.output / source.name
            try:
                count = convert_file(source, target)
            except ParagonError as error:
                print(f"pytest-paragon: {' '.join(str(error).split())}", file=sys.stderr)
                status = 1
                continue
            print(f"{source} -> {target}: {count} interaction(s), redacted")
        return status
    print("pytest-paragon cassettes: name an action: verify or convert", file=sys.stderr)
    return 2


def _verify(args: argparse.Namespace) -> int:
    from pytest_paragon.cassettes.verify import verify
    from pytest_paragon.contract import load_contract
    from pytest_paragon.errors import ParagonError

    try:
        contract = load_contract(args.contract_file)
    except ParagonError as error:
        print(f"pytest-paragon: {' '.join(str(error).split())}", file=sys.stderr)
        return 2
    missing = [str(path) for path in args.paths if not path.exists()]
    if missing:
        print(f"pytest-paragon: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    allow = str(getattr(args, "cassette_redact_allow", None) or "").replace(" || ", "\n")
    files, interactions, findings = verify(args.paths, contract, allow=allow.splitlines())
    for finding in findings:
        print(finding.render())
    verdict = f"{len(findings)} problem(s)" if findings else "clean"
    print(f"{files} cassette(s), {interactions} interaction(s): {verdict}")
    return 1 if findings else 0
