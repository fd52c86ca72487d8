"""Checks that a contract document is valid OpenAPI 3.1 and follows this project's conventions.

Local ``$ref`` pointers are resolved first, so that a dangling reference is reported with its place
instead of as an exception deep inside the spec validator. Then openapi-spec-validator checks the
document against OpenAPI 3.1. Last come the conventions every operation and schema must follow:
an ``operationId``, the reference's endpoint id, a public source and an area for each schema.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from pytest_paragon.contract.document import Contract


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the contract: where (a JSON path) and what."""

    place: str
    message: str


def _walk_refs(node: Any, place: str) -> Iterator[tuple[str, str]]:
    if isinstance(node, Mapping):
        ref = node.get("$ref")
        if isinstance(ref, str):
            yield place, ref
        for key, value in node.items():
            yield from _walk_refs(value, f"{place}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk_refs(value, f"{place}/{index}")


def resolve_pointer(document: Mapping[str, Any], ref: str) -> Any:
    """Resolve a local ``#/a/b`` reference in ``document`` (``KeyError`` if it dangles)."""
    if not ref.startswith("#/"):
        raise KeyError(ref)
    node: Any = document
    for raw in ref[2:].split("/"):
        part = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, Mapping) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            raise KeyError(ref)
    return node


def dangling_refs(document: Mapping[str, Any]) -> list[Problem]:
    """Every ``$ref`` that does not resolve inside the document."""
    problems = []
    for place, ref in _walk_refs(document, "#"):
        try:
            resolve_pointer(document, ref)
        except KeyError:
            problems.append(Problem(place, f"$ref {ref!r} does not resolve"))
    return problems


def openapi_problems(document: Mapping[str, Any]) -> list[Problem]:
    """Violations of the OpenAPI 3.1 specification, found by openapi-spec-validator."""
    from openapi_spec_validator import OpenAPIV31SpecValidator

    problems = []
    try:
        for error in OpenAPIV31SpecValidator(document).iter_errors():
            place = "#/" + "/".join(str(part) for part in getattr(error, "absolute_path", ()))
            problems.append(Problem(place, str(getattr(error, "message", error))))
    except Exception as exc:  # the validator raises on some broken documents instead of yielding
        problems.append(Problem("#", f"{type(exc).__name__}: {exc}"))
    return problems


def convention_problems(contract: Contract) -> list[Problem]:
    """Operations without id, endpoint or source, and schemas without an area or description."""
    problems = []
    seen: dict[str, str] = {}
    for operation in contract.operations:
        place = f"#/paths/{operation.path_template}/{operation.method}"
        definition = operation.definition
        if "operationId" not in definition:
            problems.append(Problem(place, "operation has no operationId"))
        elif operation.operation_id in seen:
            problems.append(Problem(place, f"operationId {operation.operation_id!r} is not unique"))
        seen[operation.operation_id] = place
        if not operation.endpoint:
            problems.append(Problem(place, "operation has no x-paragon-endpoint"))
        source = operation.source
        if not isinstance(source, Mapping) or not (source.get("docs") or source.get("sdk")):
            problems.append(Problem(place, "operation has no x-paragon-source with docs or sdk"))
        if not isinstance(definition.get("x-paragon-sdk-methods"), list):
            problems.append(Problem(place, "operation has no x-paragon-sdk-methods list"))
    for name, schema in contract.schemas.items():
        place = f"#/components/schemas/{name}"
        if not isinstance(schema, Mapping) or not schema.get("x-paragon-area"):
            problems.append(Problem(place, "schema has no x-paragon-area"))
        if isinstance(schema, Mapping) and not schema.get("description"):
            problems.append(Problem(place, "schema has no description"))
    return problems


def find_problems(contract: Contract) -> list[Problem]:
    """All problems of the contract, dangling references first."""
    dangling = dangling_refs(contract.document)
    if dangling:
        return dangling + convention_problems(contract)
    return openapi_problems(contract.document) + convention_problems(contract)
