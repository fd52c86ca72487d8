"""Messages for contract violations, as :class:`~pytest_paragon.errors.ContractViolationError`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from pytest_paragon.contract.validation import Violation
from pytest_paragon.errors import ContractViolationError, ParagonFailure, Report

if TYPE_CHECKING:
    from pytest_paragon.contract import Contract
    from pytest_paragon.fake.base.errors import FakeError

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


def violation_error(violation: Violation, *, response: bool = False) -> ContractViolationError:
    """The failure for one violation (an ``AssertionError``: pytest reports a test failure)."""
    return ContractViolationError(violation_report(violation, response=response))


def problems_dropped(count: int) -> ParagonFailure:
    """The one failure standing for the ``count`` problems past the fake's bound."""
    from pytest_paragon.fake.base.exchange import PROBLEMS_MAX

    return ParagonFailure(
        Report(
            what=f"{count} more problem(s) were not kept: a fake keeps the first {PROBLEMS_MAX} "
            f"contract violations and the first {PROBLEMS_MAX} failures",
            remedy="fix the first ones: the later ones are usually the same problem again",
            anchor="server-mode",
        )
    )


def unrouted(
    method: str, path: str, contract: Contract, templates: Sequence[str]
) -> tuple[FakeError, Violation]:
    """The answer to a request no operation of ``contract`` matches, and its violation.

    A path the contract has under another method is a 405 naming the allowed methods; any other
    path is a 404 naming the nearest documented templates.
    """
    import difflib

    from pytest_paragon.fake.base.errors import ApiError, not_found

    message = f"Cannot {method.upper()} {path}"
    allowed = contract.templates_matching(path)
    if allowed:
        operations = [op for op in contract.operations if op.path_template in allowed]
        candidates = [
            f"{op.method.upper()} {op.path_template} ({op.operation_id})" for op in operations
        ]
        methods = ", ".join(sorted({op.method.upper() for op in operations}))
        violation = Violation("(no operation)", "method", message, "paths", candidates)
        return ApiError(405, message, headers={"allow": methods}), violation
    nearest = difflib.get_close_matches(path, templates, n=3, cutoff=0.3)
    what = f"no documented operation for {method.upper()} {path}"
    return not_found(message), Violation("(no operation)", "path", what, "paths", nearest)
