"""``pytest-paragon contract show OPERATION``: one operation's wire, at hand.

The method, the hosts the fake answers it on (probed through the fake's own routing, so the
answer follows it), the path, the parameters, the request body's schema, and an example request
and an example response per documented status. The examples are drawn with
:mod:`pytest_paragon.strategies` (valid by construction) from a fixed random seed, so the same
contract prints the same examples on every run.

hypothesis and the fake are imported inside the functions: the command line stays light.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

    from pytest_paragon.contract import Contract, Operation
    from pytest_paragon.fake.core import FakeParagon

DOMAIN = "useparagon.com"
EXAMPLE_SEED = 20240501
"""The random seed the examples are drawn from (fixed: the same examples on every run)."""
_CANDIDATES = 3
_INLINE_DEPTH = 4


def answering_hosts(fake: FakeParagon, operation: Operation) -> list[str]:
    """The Paragon cloud hosts on which ``fake`` answers ``operation`` (not its misrouted 404).

    Each host the contract names anywhere is asked, without credentials: a host that does not
    serve the operation answers 404 before authentication, any other answer means it is served.
    """
    from pytest_paragon.fake.base.exchange import FakeRequest

    path = operation.path_template.replace("{", "x").replace("}", "")  # a concrete path
    from pytest_paragon.contract.servers import ALIASES

    aliases = {alias for names in ALIASES.values() for alias in names}
    served = []
    for label in sorted(fake._hosts.paragon_labels, key=lambda label: (label in aliases, label)):
        host = f"{label}.{DOMAIN}"
        request = FakeRequest(operation.method.upper(), host, path, body=b"")
        response = fake.handle(request)
        if not (response.status == 404 and b"is served by" in response.body):
            served.append(host)
    return served


def draw_example(strategy: SearchStrategy[Any]) -> Any:
    """One value of ``strategy``, the same on every run (fixed seed; printable ones preferred)."""
    from hypothesis import HealthCheck, Phase, given, seed, settings

    drawn: list[Any] = []

    @seed(EXAMPLE_SEED)
    @settings(
        max_examples=_CANDIDATES,
        database=None,
        phases=[Phase.generate],
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def collect(value: Any) -> None:
        drawn.append(value)

    collect()

    def readable(value: Any) -> tuple[bool, int]:
        text = json.dumps(getattr(value, "__dict__", value), default=str, ensure_ascii=False)
        printable = all(" " <= character <= "~" for character in text)
        return printable, len(text) if len(text) <= 1200 else -len(text)

    return max(drawn, key=readable)  # max keeps the first of equals: deterministic


def inline(contract: Contract, node: Any, depth: int = _INLINE_DEPTH) -> Any:
    """``node`` with local ``$ref``s replaced by their targets, ``depth`` levels deep."""
    if isinstance(node, Mapping):
        if "$ref" in node and depth > 0:
            target = contract.resolve(node)
            return inline(contract, target, depth - 1)
        return {key: inline(contract, value, depth) for key, value in node.items()}
    if isinstance(node, list):
        return [inline(contract, value, depth) for value in node]
    return node


def describe(operation_id: str, contract: Contract | None = None) -> dict[str, Any]:
    """Everything ``contract show`` prints about ``operation_id``, as JSON-ready data.

    An unknown id is the contract's usage error naming the nearest ids.
    """
    from pytest_paragon import strategies as ps
    from pytest_paragon.contract import load_contract
    from pytest_paragon.fake.core import FakeParagon

    contract = contract or load_contract()
    operation = contract.operation(
        operation_id,
        where="pytest-paragon contract show",
        remedy="`pytest-paragon contract` lists every operation id",
        anchor="the-contract",
    )
    fake = FakeParagon(contract=contract, strict="off")
    hosts = answering_hosts(fake, operation)
    request = draw_example(ps.requests(operation_id, contract=contract))
    body = contract.resolve(operation.definition.get("requestBody") or {})
    media = body.get("content") or {}
    statuses = ps.documented_statuses(operation)
    responses = []
    for key in statuses:
        code = _code(key, statuses)
        drawn = draw_example(ps.responses(operation_id, status=code, contract=contract))
        responses.append(
            {
                "status": key,
                "example": {"status": drawn.status, "mediaType": drawn.media_type or None}
                | ({"body": drawn.body} if drawn.media_type else {}),
            }
        )
    default_security = contract.document.get("security") or []
    return {
        "operationId": operation.operation_id,
        "method": operation.method.upper(),
        "hosts": hosts,
        "path": operation.path_template,
        "summary": operation.definition.get("summary", ""),
        "security": [
            name
            for requirement in operation.definition.get("security", default_security)
            for name in requirement
        ],
        "parameters": [
            {
                "name": parameter["name"],
                "in": parameter["in"],
                "required": bool(parameter.get("required")),
                "schema": inline(contract, parameter.get("schema") or {}),
            }
            for parameter in operation.parameters
        ],
        "requestBody": None
        if not media
        else {
            "required": bool(body.get("required")),
            "mediaType": next(iter(media)),
            "schema": inline(contract, next(iter(media.values())).get("schema") or {}),
        },
        "exampleRequest": {
            "method": request.method,
            "url": f"https://{hosts[0] if hosts else 'zeus.' + DOMAIN}{request.path}",
            "query": [list(pair) for pair in request.query],
            "headers": dict(request.headers),
        }
        | ({"body": request.body} if request.has_body else {}),
        "responses": responses,
    }


def _code(key: str, documented: tuple[str, ...]) -> int:
    from pytest_paragon.strategies.operations import _codes

    return _codes(key, documented)[0]


def render_text(card: Mapping[str, Any]) -> str:
    """The human form of :func:`describe`'s data."""
    lines = [f"{card['operationId']}: {card['method']} {card['path']}"]
    if card["summary"]:
        lines.append(f"  {card['summary']}")
    lines.append(f"hosts: {', '.join(card['hosts']) or '(none)'}")
    lines.append(f"security: {', '.join(card['security']) or 'none'}")
    lines.append("parameters:" if card["parameters"] else "parameters: none")
    for parameter in card["parameters"]:
        required = ", required" if parameter["required"] else ""
        schema = json.dumps(parameter["schema"], sort_keys=True)
        lines.append(f"  {parameter['name']} ({parameter['in']}{required}): {schema}")
    body = card["requestBody"]
    if body is None:
        lines.append("request body: none")
    else:
        required = "required" if body["required"] else "optional"
        lines.append(f"request body ({body['mediaType']}, {required}):")
        lines.append(_indent(json.dumps(body["schema"], indent=2, sort_keys=True)))
    example = card["exampleRequest"]
    query = "&".join(f"{name}={value}" for name, value in example["query"])
    lines.append("example request:")
    lines.append(f"  {example['method']} {example['url']}{'?' + query if query else ''}")
    lines.extend(f"  {name}: {value}" for name, value in example["headers"].items())
    if "body" in example:
        lines.append(_indent(json.dumps(example["body"], indent=2, ensure_ascii=False)))
    for response in card["responses"]:
        drawn = response["example"]
        media = f" ({drawn['mediaType']})" if drawn["mediaType"] else " (no body)"
        lines.append(f"example response {response['status']}: {drawn['status']}{media}")
        if "body" in drawn:
            lines.append(_indent(json.dumps(drawn["body"], indent=2, ensure_ascii=False)))
    return "\n".join(lines)


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.splitlines())


__all__ = ["answering_hosts", "describe", "draw_example", "render_text"]
