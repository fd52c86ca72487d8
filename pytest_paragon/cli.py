"""The ``pytest-paragon`` command.

Sub-commands:

* ``contract``: validate the contract (OpenAPI 3.1, every ``$ref``, this project's conventions) and
  list its operations. Exit status 0 when valid, 1 when not.
* ``serve``: run the fake on a real HTTP server until SIGINT or SIGTERM (exit 0).
* ``token``: print a fresh user token signed with a private key PEM.
* ``diff``: classify the changes between two contracts (files or history versions), optionally
  weighted by the client's coverage (:mod:`pytest_paragon.contract.diff.cli`). Exit 1 when a
  change reaches ``--fail-on``.
* ``verify``: run the contract suite (schemathesis over every operation) against the built-in fake
  or ``--target``; other arguments go to pytest. Exit status: pytest's (0 when every operation
  passed).

Bad arguments, an unreadable file or a port in use give one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from pytest_paragon import __version__
from pytest_paragon.errors import ContractError, ParagonUsageError
from pytest_paragon.settings import Setting, settings_for


class _Parser(argparse.ArgumentParser):
    """argparse, but a bad argument is one line on stderr (no usage block) and exit status 2."""

    def error(self, message: str) -> NoReturn:
        """Print ``prog: error: message (see prog --help)`` and exit 2."""
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port {port} is not in 0-65535")
    return port


def _project_id(text: str) -> str:
    import uuid

    try:
        uuid.UUID(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not a UUID (Paragon project ids are): {text!r}"
        ) from None
    return text


def add_settings(parser: argparse.ArgumentParser, command: str) -> None:
    """Add the arguments of ``command`` generated from the settings table (``--<name>``)."""
    for spec in settings_for(command):

        def parse(text: str, spec: Setting = spec) -> object:
            try:
                return spec.parse(text)
            except ParagonUsageError:
                raise argparse.ArgumentTypeError(f"{text!r} is not {spec.expected}") from None

        parser.add_argument(
            spec.command_flag,
            dest=spec.name,
            type=parse,
            default=None,
            metavar=spec.metavar,
            help=f"{spec.help} [{spec.expected}]",
        )


MAX_TTL = 10 * 365 * 24 * 3600


def _ttl(text: str) -> float:
    import math

    try:
        seconds = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not math.isfinite(seconds) or not 1 <= seconds <= MAX_TTL:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a number of seconds from 1 to {MAX_TTL} (10 years)"
        )
    return seconds


def _user_id(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError("the Connected User id must not be empty")
    return text


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
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
    add_settings(contract, "contract")
    contract.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help="listing format (default: table)",
    )
    contract.add_argument(
        "--quiet", action="store_true", help="print only the summary line, not the listing"
    )
    _add_serve(commands)
    commands.add_parser(
        "project-schema",
        help="print the JSON Schema of project files",
        description="Print the JSON Schema (2020-12) of a project file (--paragon-project-file): "
        "every key, its type and allowed values; contracts/project.schema.json is a copy.",
    )
    _add_token(commands)
    _add_verify(commands)
    from pytest_paragon.contract.diff.cli import add_diff

    add_diff(commands)
    from pytest_paragon.cassettes.cli import add_cassettes

    add_cassettes(commands, add_settings)
    return parser


DEFAULT_KEY_OUT = Path("paragon-signing-key.pem")


def _add_serve(commands: argparse._SubParsersAction[_Parser]) -> None:
    serve = commands.add_parser(
        "serve",
        help="run the fake Paragon on a real HTTP server",
        description="Serve every Paragon API of the fake on one base URL until SIGINT/SIGTERM. "
        "Prints one line with the base URL once it accepts connections. Without --signing-key a "
        f"new key is generated and written to --signing-key-out (default ./{DEFAULT_KEY_OUT}); "
        "whoever holds that file can mint user tokens (`pytest-paragon token`).",
    )
    serve.add_argument("--host", default="127.0.0.1", help="interface (default 127.0.0.1)")
    serve.add_argument("--port", type=_port, default=8000, help="port; 0 picks a free one")
    serve.add_argument(
        "--cors-origin",
        action="append",
        default=[],
        metavar="ORIGIN",
        help="a web origin (e.g. https://app.example.com) whose pages may call the server, admin "
        "API included (repeatable; loopback origins may call Paragon's paths without it)",
    )
    serve.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="HOST",
        help="a Host name answered besides loopback ones (repeatable; e.g. a container's name)",
    )
    add_settings(serve, "serve")
    serve.add_argument(
        "--signing-key-out",
        type=Path,
        default=DEFAULT_KEY_OUT,
        help=f"where a generated key is written (default ./{DEFAULT_KEY_OUT})",
    )


def _add_verify(commands: argparse._SubParsersAction[_Parser]) -> None:
    verify = commands.add_parser(
        "verify",
        help="run the contract suite against the fake or a live Paragon",
        description="Check every operation of the contract with schemathesis (one pytest item "
        "per operation): the built-in fake in-process by default, a live or on-prem Paragon with "
        "--target. The same run as `pytest -p paragon --paragon-contract`; other arguments go "
        "to pytest (e.g. -x, -k getCredential, -n 2). Exit status: pytest's.",
        allow_abbrev=False,
    )
    add_settings(verify, "verify")
    verify.add_argument("--junitxml", type=Path, help="write a JUnit XML report here (for CI)")


def _add_token(commands: argparse._SubParsersAction[_Parser]) -> None:
    token = commands.add_parser(
        "token",
        help="print a user token signed with a private key PEM",
        description="Mint an RS256 Paragon User Token for --sub.",
    )
    token.add_argument("--signing-key", type=Path, required=True, help="private key PEM")
    token.add_argument(
        "--project-id", type=_project_id, required=True, help="the project id (for --audience)"
    )
    token.add_argument("--sub", type=_user_id, required=True, help="the Connected User id")
    token.add_argument(
        "--ttl", type=_ttl, default=3600, help="seconds until exp, 1 to 10 years (default 3600)"
    )
    token.add_argument("--audience", action="store_true", help="add aud=useparagon.com/{id}")
    token.add_argument("--permissions", help="JSON object for the JWT permissions claim")


def _fail(message: str) -> int:
    print(f"pytest-paragon: {message}", file=sys.stderr)
    return 2


def _one_line(error: BaseException, source: Path | None = None) -> str:
    """A :class:`ParagonError` as one line: where (the file and the place), then what happened."""
    from pytest_paragon.errors import ParagonError

    if not isinstance(error, ParagonError):
        return " ".join(str(error).split())
    report = error.report
    what = " ".join(report.what.split())
    where = report.where or ""
    if source is not None and str(source) not in where:  # "project ID at users.0": the file's
        where = f"{source} at {where.rpartition(' at ')[2]}" if " at " in where else str(source)
    return f"{where}: {what}" if where else what


def _served_sdk_version(value: str | None, contract: Any) -> str | None:
    """``--sdk-version`` as the fake takes it: checked now; a contract file is never followed."""
    from pytest_paragon.contract.history import AUTO, contract_for_sdk

    version = value or AUTO
    if version != AUTO:
        contract_for_sdk(version)  # a version no frozen contract describes: a usage error now
    if contract is not None:
        return None if version == AUTO else version
    return version


def _run_serve(args: argparse.Namespace) -> int:
    import signal
    import threading

    from pytest_paragon.errors import ParagonError

    stop = threading.Event()
    for number in (signal.SIGINT, signal.SIGTERM):  # from the start: a signal never tracebacks
        signal.signal(number, lambda *_: stop.set())

    from pytest_paragon.contract import load_contract
    from pytest_paragon.fake.base.catalogue import default_project
    from pytest_paragon.fake.base.project import load_project
    from pytest_paragon.fake.core import FakeParagon
    from pytest_paragon.fake.entrances.browser import BrowserPolicy, bind_warning
    from pytest_paragon.fake.entrances.server import ParagonApp, ServerThread
    from pytest_paragon.files import clean_stale_temporaries, write_atomically
    from pytest_paragon.tokens import SigningKey

    try:
        project = load_project(args.project_file) if args.project_file else default_project()
        if args.project_id:
            project = project.with_id(args.project_id)
        elif args.project_file:
            _project_id(project.id)
        key = SigningKey.from_file(Path(args.signing_key)) if args.signing_key else None
        contract = load_contract(args.contract_file) if args.contract_file else None
        sdk_version = _served_sdk_version(args.sdk_version, contract)
    except ParagonError as error:
        return _fail(_one_line(error))
    except argparse.ArgumentTypeError as error:
        return _fail(f"{args.project_file} at id: {error}")
    try:  # seeds the users the project file declares
        fake = FakeParagon(
            project,
            signing_key=key,
            contract=contract,
            seed=args.seed if args.seed is not None else 0,
            strict=args.strict or "teardown",
            sdk_version=sdk_version,
            **{
                name: getattr(args, name)
                for name in ("journal_max_entries", "journal_max_bytes")
                if getattr(args, name) is not None
            },
        )
    except ParagonError as error:
        return _fail(_one_line(error, args.project_file))
    try:
        policy = BrowserPolicy.of(args.cors_origin, [*args.allow_host, args.host])
        server = ServerThread(ParagonApp(fake, policy), host=args.host, port=args.port)
    except OSError as error:
        return _fail(f"cannot listen on {args.host}:{args.port}: {error.strerror or error}")
    if key is None:  # only once the port is ours: a failed start keeps the previous key file
        try:
            clean_stale_temporaries(args.signing_key_out)
            write_atomically(args.signing_key_out, fake.signing_key.private_pem())
        except OSError as error:
            server.stop()
            return _fail(f"cannot write the signing key to {args.signing_key_out}: {error}")
    try:
        server.start()
    except RuntimeError as error:
        return _fail(str(error))
    warning = bind_warning(args.host)
    if warning is not None:
        print(warning, file=sys.stderr, flush=True)
    where = "" if key else f"; signing key written to {args.signing_key_out}"
    print(f"pytest-paragon serving {server.url} (project {project.id}{where})", flush=True)
    while not stop.wait(0.5):
        if not server.alive:
            return _fail(f"the server on {server.url} stopped unexpectedly")
    server.stop()
    return 0


def verify_arguments(args: argparse.Namespace, extra: Sequence[str] = ()) -> list[str]:
    """The pytest arguments of ``verify``: the suite alone, isolated from the directory's config.

    ``-c`` points pytest at the suite's own ini file (so a project's ``addopts``,
    ``filterwarnings`` or ``testpaths`` do not change the run) and the cache stays off (the
    suite's root may be a read-only site-packages directory).
    """
    from pytest_paragon.contract_suite import VERIFY_INI

    arguments = ["-c", str(VERIFY_INI), "--rootdir", str(VERIFY_INI.parent)]
    arguments += ["-p", "paragon", "-p", "no:cacheprovider", "--paragon-contract"]
    for spec in settings_for("verify"):
        value = getattr(args, spec.name, None)
        if value is not None:
            text = str(Path(value).resolve()) if spec.kind == "path" else str(value)
            arguments += [spec.cli_flag, text]
    if args.junitxml is not None:
        arguments += ["--junitxml", str(args.junitxml.resolve())]
    return arguments + list(extra)


def _run_verify(args: argparse.Namespace, extra: Sequence[str]) -> int:
    import pytest

    return int(pytest.main(verify_arguments(args, extra)))


def _run_token(args: argparse.Namespace) -> int:
    from pytest_paragon.errors import ParagonError
    from pytest_paragon.tokens import SigningKey

    try:
        key = SigningKey.from_file(args.signing_key)
        permissions = json.loads(args.permissions) if args.permissions else None
    except ParagonError as error:
        return _fail(_one_line(error))
    except ValueError as error:
        return _fail(f"--permissions is not JSON: {error}")
    if permissions is not None and not isinstance(permissions, dict):
        return _fail("--permissions must be a JSON object")
    print(
        key.mint(
            args.sub,
            project_id=args.project_id,
            ttl=args.ttl,
            audience=args.audience,
            permissions=permissions,
        )
    )
    return 0


def _run_contract(args: argparse.Namespace) -> int:
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


def _one_line_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: object = None,
    line: str | None = None,
) -> None:
    print(f"pytest-paragon: warning: {message}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    import warnings

    shown = warnings.showwarning
    warnings.showwarning = _one_line_warning
    try:
        return _main(argv)
    finally:
        warnings.showwarning = shown


def _main(argv: Sequence[str] | None) -> int:
    parser = _build_parser()
    args, extra = parser.parse_known_args(argv)
    if args.command == "verify":
        return _run_verify(args, extra)
    if extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    if args.command == "contract":
        return _run_contract(args)
    if args.command == "serve":
        return _run_serve(args)
    if args.command == "token":
        return _run_token(args)
    if args.command == "project-schema":
        from pytest_paragon.fake.base.project_schema import project_schema_text

        sys.stdout.write(project_schema_text())
        return 0
    if args.command == "diff":
        from pytest_paragon.contract.diff.cli import run_diff

        return run_diff(args)
    if args.command == "cassettes":
        from pytest_paragon.cassettes.cli import run_cassettes

        return run_cassettes(args)
    parser.print_help()
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
