"""The suite's report: tallies, the closing summary and failure sentences (pinned messages)."""

from __future__ import annotations

import ast
from pathlib import Path
from types import SimpleNamespace
from typing import ClassVar

import pytest

from pytest_paragon.contract_suite.report import Summary, Tally, describe_failures, failure_sentence

SUITE = Path(__file__).parents[2] / "pytest_paragon" / "contract_suite"
PUBLIC_SCHEMATHESIS = {"schemathesis", "schemathesis.checks", "schemathesis.pytest.plugin"}
"""What the suite may import: the package, its checks module and its pytest11 entry point."""


class ServerError(AssertionError):
    """Shaped like schemathesis' failures: title, message, code and the checks reporting it."""

    code = "ST101"
    checks: ClassVar[tuple[str, ...]] = ("not_a_server_error",)

    def __init__(self, title: str = "Server error", message: str = "") -> None:
        super().__init__(title)
        self.title, self.message = title, message


class SchemaViolation(ServerError):
    code = "ST108"
    checks = ("response_schema_conformance", "response_headers_conformance")


class Group(Exception):
    """Shaped like an exception group (``exceptions``), without Python 3.11's builtin."""

    def __init__(self, *exceptions: BaseException) -> None:
        super().__init__("group")
        self.exceptions = exceptions


def _results(*pairs: tuple[str, BaseException | None]) -> list[SimpleNamespace]:
    return [SimpleNamespace(name=name, failure=failure) for name, failure in pairs]


def test_a_tally_counts_checks_and_travels_as_report_properties() -> None:
    tally = Tally("getCredential", "GET /x")
    tally.record(_results(("not_a_server_error", None), ("status_code_conformance", None)))
    tally.record(_results(("not_a_server_error", ServerError())))
    assert tally.as_properties() == [
        ("paragon.requests", 2),
        ("paragon.check.not_a_server_error", "2 run, 1 failed"),
        ("paragon.check.status_code_conformance", "1 run, 0 failed"),
    ]
    again = Tally.from_properties("getCredential", "GET /x", tally.as_properties())
    assert again is not None
    assert (again.requests, again.checks) == (tally.requests, tally.checks)
    assert Tally.from_properties("x", "GET /x", [("other", 1)]) is None


def test_failure_sentences_name_the_operation_the_failures_and_their_checks() -> None:
    tally = Tally("getCredential", "GET /projects/{projectId}/sdk/credentials/{credentialId}")
    violation = SchemaViolation("Response violates schema", '42 is not of type "string"\n\nmore')
    tally.record(_results(("response_schema_conformance", violation)))
    error = Group(violation, SchemaViolation("Response violates schema", "x"), ServerError())
    assert failure_sentence(tally, error) == (
        "getCredential (GET /projects/{projectId}/sdk/credentials/{credentialId}) failed the "
        "contract: schemathesis found 3 distinct failures: Response violates schema "
        '(response_schema_conformance, ST108): 42 is not of type "string" (and 1 more); '
        "Server error (not_a_server_error, ST101)."
    )
    one = failure_sentence(Tally("listSyncs", "GET /api/syncs"), ServerError())
    assert one == (
        "listSyncs (GET /api/syncs) failed the contract: schemathesis found a failure: "
        "Server error (not_a_server_error, ST101)."
    )
    assert failure_sentence(tally, ValueError("not a check failure")) is None


def test_long_details_are_shortened_to_one_line() -> None:
    text = describe_failures([ServerError("Server error", "x" * 400 + "\nsecond line")])
    assert text.startswith("Server error (not_a_server_error, ST101): xxx")
    assert text.endswith("...")
    assert len(text) < 220
    assert "\n" not in text


def test_the_summary_counts_operations_checks_and_failures_by_check() -> None:
    summary = Summary("the built-in fake")
    ok = Tally("getConnectedUser", "GET /me")
    ok.record(_results(("not_a_server_error", None)))
    bad = Tally("listSyncs", "GET /api/syncs")
    bad.record(_results(("not_a_server_error", ServerError())))
    summary.add("getConnectedUser", "passed", ok)
    summary.add("listSyncs", "passed", bad)
    summary.add("listSyncs", "failed", None)  # a later phase's failure wins, the tally stays
    summary.add("getExecution", "skipped", None)
    assert summary.lines() == [
        "3 operations checked against the built-in fake: 1 failed, 1 passed, 1 skipped",
        "2 requests sent and checked; checks run:",
        "  not_a_server_error       2 run, 1 failed",
        "failures by check:",
        "  not_a_server_error: 1 operation (listSyncs)",
    ]
    assert Summary("x").lines() == []


def _schemathesis_imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("schemathesis"):
            found.add(str(node.module))
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("schemathesis")}
        elif isinstance(node, ast.Constant) and str(node.value).startswith("schemathesis."):
            found.add(str(node.value))  # import_plugin("schemathesis.pytest.plugin")
    return found


@pytest.mark.parametrize("path", sorted(SUITE.glob("*.py")), ids=lambda path: path.name)
def test_the_suite_imports_only_public_schemathesis_modules(path: Path) -> None:
    assert _schemathesis_imports(path) <= PUBLIC_SCHEMATHESIS


def test_the_suite_keeps_no_settings_in_module_globals() -> None:
    import pytest_paragon.contract_suite as suite

    assert not hasattr(suite, "current_settings")
    assert not hasattr(suite, "configure")
    for path in SUITE.glob("*.py"):
        assert "global " not in path.read_text("utf-8"), path.name
