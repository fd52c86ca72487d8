"""An interaction checked against the contract, with the contract's own validators.

The request goes through :class:`~pytest_paragon.contract.validation.RequestChecker` (path
parameters, query, headers, body) and the response through
:func:`~pytest_paragon.contract.validation.check_response`, exactly as the fake checks its
traffic; an interaction whose path no operation serves is itself a violation.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pytest_paragon.cassettes.format import decode_body, query_pairs
from pytest_paragon.contract.document import Contract
from pytest_paragon.contract.validation import (
    Violation,
    check_response,
    checker_of,
)
from pytest_paragon.errors import ContractViolationError, Report


def operation_of(contract: Contract, interaction: Mapping[str, Any]) -> str | None:
    """The operationId serving the interaction's method and path (``None``: none does)."""
    request = interaction["request"]
    found = contract.match(str(request["method"]), urlsplit(request["url"]).path)
    return found[0].operation_id if found else None


def violations(contract: Contract, interaction: Mapping[str, Any]) -> list[Violation]:
    """Every way ``interaction`` breaks ``contract`` (an empty list when it conforms)."""
    request, response = interaction["request"], interaction["response"]
    method, path = str(request["method"]), urlsplit(request["url"]).path
    found = contract.match(method, path)
    if found is None:
        label = f"{method.upper()} {path}"
        return [Violation(label, "request", "no operation of the contract serves it", "paths")]
    operation, path_params = found
    checker = checker_of(contract)
    validators = checker.validators
    headers = request.get("headers") or {}
    problems = checker.check(
        operation,
        path_params=path_params,
        query=query_pairs(request.get("query") or {}),
        headers=headers,
        content_type=headers.get("content-type")
        or ("application/json" if "json" in request else None),
        body=decode_body(request),
    )
    status = int(response["status"])
    if "json" in response:
        media = "application/json"
        return problems + check_response(
            contract, validators, operation, status, media, response["json"]
        )
    # Without a JSON body only the status is checked (an empty 204, a file download).
    media = str((response.get("headers") or {}).get("content-type") or "*/*")
    statuses = check_response(contract, validators, operation, status, media, None)
    problems += [problem for problem in statuses if problem.place == "response status"]
    return problems


def violation_error(
    cassette: Path | str,
    index: int,
    violation: Violation,
    scrub: Callable[[str], str] | None = None,
) -> ContractViolationError:
    """A failure naming the cassette, the interaction and the schema path.

    ``scrub`` (a redactor's): what the failure quotes of a recorded, unredacted exchange (the
    message, the path, the value) goes through it, so no secret reaches a log or JUnit.
    """
    clean = scrub or (lambda text: text)
    value = violation.value
    if scrub is not None and value is not None and _shown(value):
        value = clean(value if isinstance(value, str) else json.dumps(value, default=str))
    return ContractViolationError(
        Report(
            what=f"Cassette interaction #{index} breaks the contract: " + clean(violation.message),
            where=(
                f"{cassette} interaction #{index}, {clean(violation.operation)} at "
                + clean(violation.place)
                + (f", schema path {violation.schema_path}" if violation.schema_path else "")
            ),
            value=value if _shown(value) else None,
            has_value=_shown(value),
            remedy="the recorded traffic no longer conforms to the contract: re-record it "
            "(--paragon-record-mode=rewrite) after checking the change, or fix the contract",
            anchor="recording-real-traffic",
        )
    )


def _shown(value: Any) -> bool:
    if value is None:
        return False
    try:
        return len(json.dumps(value, default=str)) < 2000
    except (TypeError, ValueError):
        return False
