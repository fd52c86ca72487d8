"""``requests(operation_id)`` and ``responses(operation_id, status=...)`` for any operation.

A drawn request fills the path template, the query and the headers with text the contract's
request checker accepts, and a body valid against the request body schema; a drawn response is a
documented status (``2XX`` ranges become a concrete code) with a body valid against that
status's schema. ``responses`` is what client fuzzing feeds to ``FakeParagon.respond_once``.
"""

from __future__ import annotations

import json
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from hypothesis import strategies as st

from pytest_paragon.contract import Contract, Operation
from pytest_paragon.errors import ParagonUsageError, Report
from pytest_paragon.strategies.arguments import StrategyArgumentError, check_type
from pytest_paragon.strategies.leaves import Text
from pytest_paragon.strategies.schemas import compiler_for, default_contract

_RANGES = {"2": (200, 201, 202), "4": (400, 404, 409, 422, 429), "5": (500, 502, 503)}
_PATH_TEXT: st.SearchStrategy[str] = Text(1, 16, string.ascii_letters + string.digits + "_-")


@dataclass(frozen=True)
class DrawnRequest:
    """One request to an operation: method, concrete path, query, headers and JSON body."""

    operation_id: str
    method: str
    path: str
    path_params: Mapping[str, str]
    query: tuple[tuple[str, str], ...] = ()
    headers: Mapping[str, str] = field(default_factory=dict)
    body: Any = None
    has_body: bool = False

    def content(self) -> bytes:
        """The encoded body (``b""`` when there is none)."""
        return json.dumps(self.body).encode() if self.has_body else b""


@dataclass(frozen=True)
class DrawnResponse:
    """One documented response of an operation: status, media type (``""``: no body) and body."""

    operation_id: str
    status: int
    media_type: str
    body: Any = None

    def content(self) -> bytes:
        """The encoded body: JSON for JSON media types, text or bytes as they are otherwise."""
        if not self.media_type:
            return b""
        if isinstance(self.body, bytes):
            return self.body
        if "json" in self.media_type and "ndjson" not in self.media_type:
            return json.dumps(self.body).encode()
        if isinstance(self.body, str):
            return self.body.encode()
        return (json.dumps(self.body) + "\n").encode()  # one NDJSON line, or JSON for */*


def _operation(function: str, operation_id: str, contract: Contract) -> Operation:
    try:
        return contract.operation(
            operation_id, where=f"{function}(operation_id=...)", anchor="hypothesis-strategies"
        )
    except ParagonUsageError as error:  # also hypothesis' InvalidArgument, as every argument
        raise StrategyArgumentError(error.report) from None


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else json.dumps(value)


def requests(
    operation_id: str, *, contract: Contract | None = None
) -> st.SearchStrategy[DrawnRequest]:
    """Requests to ``operation_id`` that its contract accepts (parameters and body).

    Required parameters are always present, optional ones sometimes; path parameters are
    URL-safe; the body, when the operation has one, validates against its JSON schema.
    """
    contract = contract or default_contract()
    operation = _operation("requests", operation_id, contract)
    compiler = compiler_for(contract)
    parts: dict[str, st.SearchStrategy[Any]] = {}
    optional: dict[str, st.SearchStrategy[Any]] = {}
    for parameter in operation.parameters:
        schema = contract.resolve(parameter.get("schema") or {})
        name, where = parameter["name"], parameter["in"]
        if where == "path" and not (set(schema) & {"format", "enum", "const", "pattern"}):
            strategy = _PATH_TEXT
        else:
            strategy = compiler.compile(schema, field=name)
        target = parts if parameter.get("required") or where == "path" else optional
        target[f"{where}:{name}"] = strategy
    body = _request_body(operation, contract)
    if body is not None:
        (parts if body[1] else optional)["body:"] = body[0]
    drawn_requests = st.fixed_dictionaries(parts, optional=optional).map(
        lambda drawn: _assemble(operation, contract, drawn)
    )
    drawn_requests.validate()  # compile now, not in the first draw (hypothesis' too_slow check)
    return drawn_requests


def _request_body(
    operation: Operation, contract: Contract
) -> tuple[st.SearchStrategy[Any], bool] | None:
    request_body = operation.definition.get("requestBody")
    if request_body is None:
        return None
    request_body = contract.resolve(request_body)
    entry = (request_body.get("content") or {}).get("application/json")
    if entry is None:
        return None
    strategy = compiler_for(contract).compile(entry.get("schema") or {}, field="")
    return strategy, bool(request_body.get("required"))


def _assemble(operation: Operation, contract: Contract, drawn: Mapping[str, Any]) -> DrawnRequest:
    path_params: dict[str, str] = {}
    query: list[tuple[str, str]] = []
    headers: dict[str, str] = {}
    by_name = {f"{p['in']}:{p['name']}": p for p in operation.parameters}
    for key, value in drawn.items():
        if key == "body:":
            continue
        parameter = by_name[key]
        name, where = parameter["name"], parameter["in"]
        if where == "path":
            path_params[name] = _text(value)
        elif where == "header":
            headers[name] = _text(value)
        elif isinstance(value, list):
            explode = parameter.get("explode", parameter.get("style", "form") == "form")
            if explode:
                query += [(name, _text(item)) for item in value]
            else:
                query.append((name, ",".join(_text(item) for item in value)))
        elif isinstance(value, dict):
            declared = {p["name"] for p in operation.parameters if p["in"] == "query"}
            query += [(k, _text(v)) for k, v in value.items() if k not in declared]
        else:
            query.append((name, _text(value)))
    path = operation.path_template
    for name, value in path_params.items():
        path = path.replace("{" + name + "}", quote(value, safe=""))
    return DrawnRequest(
        operation_id=operation.operation_id,
        method=operation.method.upper(),
        path=path,
        path_params=path_params,
        query=tuple(query),
        headers=headers,
        body=drawn.get("body:"),
        has_body="body:" in drawn,
    )


def documented_statuses(operation: Operation) -> tuple[str, ...]:
    """The response keys of ``operation`` (``"200"``, ``"4XX"``, ``"default"``...)."""
    return tuple(str(key) for key in operation.definition.get("responses") or {})


def _codes(key: str, documented: tuple[str, ...] = ()) -> tuple[int, ...]:
    """Concrete codes for a response key; a range leaves out codes documented on their own."""
    if key.isdigit():
        return (int(key),)
    candidates = (500, 503) if key == "default" else _RANGES.get(key[0], (int(key[0]) * 100,))
    kept = tuple(code for code in candidates if str(code) not in documented)
    return kept or (int(key[0]) * 100 + 99 if key[0].isdigit() else 599,)


def responses(
    operation_id: str, *, status: int | None = None, contract: Contract | None = None
) -> st.SearchStrategy[DrawnResponse]:
    """Documented responses of ``operation_id``: any documented status, or ``status`` only.

    The body validates against that status's schema for its media type (JSON first). Pass the
    drawn value to ``FakeParagon.respond_once`` to make the fake answer with it.
    """
    contract = contract or default_contract()
    operation = _operation("responses", operation_id, contract)
    check_type("responses", "status", status, int)
    keys = documented_statuses(operation)
    if status is not None:
        matching = [key for key in keys if status in _codes(key) or key == f"{str(status)[0]}XX"]
        if not matching:
            raise StrategyArgumentError(
                Report(
                    what=f"responses({operation_id!r}, status={status}): status not documented",
                    where=operation.label,
                    expected=f"one of {', '.join(keys)}",
                    received=str(status),
                    anchor="hypothesis-strategies",
                )
            )
        strategy = _response(operation, contract, matching[0], (status,))
    else:
        strategy = st.one_of(
            [_response(operation, contract, key, _codes(key, keys)) for key in keys]
        )
    # Compile now (every component it reaches), when the test is collected: a first draw that
    # compiles is charged to the test by hypothesis' too_slow health check.
    strategy.validate()
    return strategy


def _response(
    operation: Operation, contract: Contract, key: str, codes: tuple[int, ...]
) -> st.SearchStrategy[DrawnResponse]:
    response = contract.resolve(operation.definition["responses"][key])
    content = response.get("content") or {}
    if not content:
        return st.sampled_from(codes).map(
            lambda code: DrawnResponse(operation.operation_id, code, "", None)
        )
    media = "application/json" if "application/json" in content else next(iter(content))
    body = compiler_for(contract).compile(content[media].get("schema") or {}, field="")
    served = "application/octet-stream" if media == "*/*" else media
    # builds() of the class with keywords: hypothesis prints a failing example as
    # DrawnResponse(operation_id=..., status=..., body=...) (a lambda printed as nothing).
    return st.builds(
        DrawnResponse,
        operation_id=st.just(operation.operation_id),
        status=st.sampled_from(codes),
        media_type=st.just(served),
        body=body,
    )
