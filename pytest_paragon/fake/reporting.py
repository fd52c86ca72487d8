"""Messages for contract violations: one immediate error, or the teardown summary of a test."""

from __future__ import annotations

from collections.abc import Sequence

from pytest_paragon.contract.validation import Violation
from pytest_paragon.errors import Report

REMEDY = (
    "fix the request; or opt out with @pytest.mark.paragon(strict='off') "
    "(or --paragon-strict=off / paragon_strict = off)"
)


def violation_report(violation: Violation, *, response: bool = False) -> Report:
    """The report of one violation, in the common message layout."""
    if response:
        return Report(
            what="The fake answered a response that violates the contract (a pytest-paragon bug)",
            where=f"{violation.operation}, {violation.place}, schema path {violation.schema_path}",
            received=violation.message,
            value=violation.value,
            has_value=True,
            remedy="report it with this message",
            anchor="strict-checking",
        )
    candidates: Sequence[str] = ()
    if violation.place in {"path", "method"} and isinstance(violation.value, list):
        candidates = tuple(str(item) for item in violation.value)
    return Report(
        what=f"Request violates the Paragon contract: {violation.message}",
        where=(
            f"{violation.operation}, {violation.place}"
            + (f", schema path {violation.schema_path}" if violation.schema_path else "")
        ),
        value=None if candidates else violation.value,
        has_value=not candidates and violation.value is not None,
        candidates=candidates,
        remedy=REMEDY,
        anchor="strict-checking",
    )


def violation_error(violation: Violation, *, response: bool = False) -> AssertionError:
    """The exception for one violation (an ``AssertionError``: pytest reports a failure)."""
    from pytest_paragon.fake.core import StrictViolationError

    return StrictViolationError(violation_report(violation, response=response).render())


def summary(violations: Sequence[Violation], unused: Sequence[str] = ()) -> str:
    """The teardown message: every violation of the test, then unused registered handlers."""
    parts = [f"pytest-paragon: {len(violations) + len(unused)} problem(s) in this test"]
    for index, violation in enumerate(violations, 1):
        parts.append(f"[{index}] " + violation_report(violation).render())
    for name in unused:
        parts.append(
            f"[unused] {name} was registered but never called\n"
            "  remedy: remove it, or register it with optional=True"
        )
    return "\n".join(parts)
