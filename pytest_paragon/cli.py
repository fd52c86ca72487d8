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
* ``verify-merge``: merge the JUnit reports, run JSON documents and baselines of ``verify --shard``
  runs (:mod:`pytest_paragon.contract_suite.merge`).

Bad arguments, an unreadable file or a port in use give one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from pytest_paragon import __version__, cli_contract, cli_types
from pytest_paragon.errors import ParagonUsageError, deprecated
from pytest_paragon.setting_kinds import Setting
from pytest_paragon.settings import BY_NAME, RENAMED, settings_for


class _Parser(argparse.ArgumentParser):
    """argparse, but a bad argument is one line on stderr (no usage block) and exit status 2."""

    def error(self, message: str) -> NoReturn:
        """Print ``prog: error: message (see prog --help)`` and exit 2."""
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def add_settings(parser: argparse.ArgumentParser, command: str) -> None:
    """Add the arguments of ``command`` generated from the settings table (``--<name>``).

    A setting renamed since 0.1.0 also takes its old argument (``--seed``), deprecated.
    """
    for spec in settings_for(command):
        if spec.flag:  # a switch: ``--baseline-update``
            parser.add_argument(
                spec.command_flag, dest=spec.name, action="store_const", const=True, help=spec.help
            )
            continue

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
        for old in (old for old, new in RENAMED.items() if new == spec.name):
            flag = "--" + old.replace("_", "-")
            add_deprecated(parser, flag, spec.command_flag, spec.name, parse)


def add_deprecated(
    parser: argparse.ArgumentParser,
    flag: str,
    new_flag: str,
    dest: str,
    parse: Callable[[str], object],
) -> None:
    """``flag``, a deprecated spelling of ``new_flag``: same value, a warning naming the new."""

    class Deprecated(argparse.Action):
        def __call__(
            self,
            parser: argparse.ArgumentParser,
            namespace: argparse.Namespace,
            values: Any,
            option_string: str | None = None,
        ) -> None:
            deprecated(f"{parser.prog} {flag}", f"{parser.prog} {new_flag}", stacklevel=2)
            setattr(namespace, self.dest, values)

    parser.add_argument(
        flag, dest=dest, type=parse, action=Deprecated, help=f"deprecated: use {new_flag}"
    )


def _build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="pytest-paragon",
        description="Test code that talks to Paragon, offline (the plugin: pytest -p paragon).",
    )
    parser.add_argument("--version", action="version", version=f"pytest-paragon {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    contract = commands.add_parser(
        "contract",
        help="validate the Paragon contract and list its operations; `contract show OPERATION`",
        description="Validate the contract as OpenAPI 3.1 plus this project's conventions, "
        "then list every operation. Exit status 1 when the contract has problems. "
        "`contract show OPERATION` prints one operation's method, hosts, path, parameters, "
        "request body schema, and an example request and response per documented status.",
    )
    contract.add_argument(
        "action", nargs="?", choices=("show",), help="show: one operation in full"
    )
    contract.add_argument("operation", nargs="?", help="the operationId to show")
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
    from pytest_paragon.contract_suite.merge import add_verify_merge

    add_verify_merge(commands)
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
    serve.add_argument("--port", type=cli_types.port, default=8000, help="port; 0 picks a free one")
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
    serve.add_argument(
        "--per-service",
        action="store_true",
        help="also serve each Paragon service (zeus, hermes, proxy, actionkit, sync) on its own "
        "port (consecutive after --port, or free ones with --port 0), printed as a JSON map of "
        "base URLs: an operation sent to another service's address is a 404 and a violation",
    )
    add_settings(serve, "serve")
    project_file = BY_NAME["project_file"]
    add_deprecated(serve, "--project", project_file.command_flag, "project_file", str)
    serve.add_argument(
        "--signing-key-out",
        type=Path,
        default=DEFAULT_KEY_OUT,
        help=f"where a generated key is written (default ./{DEFAULT_KEY_OUT}); an existing file "
        "or a symlink there is refused unless --replace-signing-key-out, a missing folder always",
    )
    serve.add_argument(
        "--replace-signing-key-out",
        action="store_true",
        help="replace the file (or symlink) at --signing-key-out with the generated key",
    )


def _key_out_refused(path: Path, replace: bool) -> str | None:
    """Why the generated key may not be written at ``path`` (``None``: it may)."""
    if not path.parent.is_dir():
        return f"cannot write the signing key to {path}: the folder {path.parent} does not exist"
    if (path.is_symlink() or path.exists()) and not replace:
        what = "a symlink" if path.is_symlink() else "an existing file"
        return (
            f"refusing to write the signing key to {path}: it is {what}; pass "
            "--replace-signing-key-out to replace it, or --signing-key to serve with that key"
        )
    return None


def _add_verify(commands: argparse._SubParsersAction[_Parser]) -> None:
    verify = commands.add_parser(
        "verify",
        help="run the contract suite against the fake or a live Paragon",
        description="Check every operation of the contract with schemathesis (one pytest item "
        "per operation): the built-in fake in-process by default, a live or on-prem Paragon with "
        "--target. The same run as `pytest -p paragon --paragon-suite`; other arguments go "
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
        "--project-id",
        type=cli_types.project_id,
        required=True,
        help="the project id (for --audience)",
    )
    token.add_argument("--sub", type=cli_types.user_id, required=True, help="the Connected User id")
    token.add_argument(
        "--ttl",
        type=cli_types.ttl,
        default=3600,
        help="seconds until exp, 1 to 10 years (default 3600)",
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


def _run_serve(args: argparse.Namespace) -> int:
    import signal
    import threading

    from pytest_paragon.errors import ParagonError

    stop = threading.Event()
    for number in (signal.SIGINT, signal.SIGTERM):  # from the start: a signal never tracebacks
        signal.signal(number, lambda *_: stop.set())

    from pytest_paragon.contract import load_contract
    from pytest_paragon.fake.base.catalogue import project_from_settings
    from pytest_paragon.fake.core import FakeParagon
    from pytest_paragon.fake.entrances.browser import BrowserPolicy, bind_warning
    from pytest_paragon.fake.entrances.server import SERVICES, ParagonApp, ServerThread
    from pytest_paragon.files import clean_stale_temporaries, write_atomically
    from pytest_paragon.resolution import from_arguments
    from pytest_paragon.tokens import SigningKey

    served = settings_for("serve")

    try:
        settings = from_arguments({spec.name: getattr(args, spec.name) for spec in served})
        project = project_from_settings(settings)
        if args.project_file and not args.project_id:
            cli_types.project_id(project.id)
        key = SigningKey.from_file(Path(args.signing_key)) if args.signing_key else None
        contract = load_contract(args.contract_file) if args.contract_file else None
    except ParagonError as error:
        return _fail(_one_line(error))
    except argparse.ArgumentTypeError as error:
        return _fail(f"{args.project_file} at id: {error}")
    try:  # seeds the users the project file declares
        fake = FakeParagon.from_settings(settings, project, signing_key=key, contract=contract)
    except ParagonError as error:
        return _fail(_one_line(error, args.project_file))
    try:
        policy = BrowserPolicy.of(args.cors_origin, [*args.allow_host, args.host])
        server = ServerThread(
            ParagonApp(fake, policy),
            host=args.host,
            port=args.port,
            services=SERVICES if args.per_service else (),
            service_port=args.port + 1 if args.port else 0,
        )
    except OSError as error:
        where = f"{args.host}:{args.port}" + (" (or a service port)" if args.per_service else "")
        return _fail(f"cannot listen on {where}: {error.strerror or error}")
    if key is None:  # only once the port is ours: a failed start keeps the previous key file
        refused = _key_out_refused(args.signing_key_out, args.replace_signing_key_out)
        if refused is not None:
            server.stop()
            return _fail(refused)
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
    if server.service_urls:
        print(f"services: {json.dumps(server.service_urls)}", flush=True)
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
    arguments += ["-p", "paragon", "-p", "no:cacheprovider", "--paragon-suite"]
    for spec in settings_for("verify"):
        value = getattr(args, spec.name, None)
        if value is not None and spec.flag:
            arguments += [spec.cli_flag] if value else []
        elif value is not None:
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
    if args.command == "contract" and args.action == "show":
        return cli_contract.run_contract_show(args, parser)
    if args.command == "contract":
        return cli_contract.run_contract(args)
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
    if args.command == "verify-merge":
        from pytest_paragon.contract_suite.merge import run_verify_merge

        return run_verify_merge(args)
    if args.command == "cassettes":
        from pytest_paragon.cassettes.cli import run_cassettes

        return run_cassettes(args)
    parser.print_help()
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
