"""Helpers for the contract tests: the bundled contract and a reference JSON Schema validator."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from pytest_paragon.contract import Contract, load_contract

BASE_URI = "urn:paragon-contract"

Validate = Callable[[Any, Mapping[str, Any]], list[str]]


@pytest.fixture(scope="session")
def contract() -> Contract:
    return load_contract()


@pytest.fixture(scope="session")
def validate(contract: Contract) -> Validate:
    """``validate(instance, schema)``: jsonschema's (the reference validator's) messages."""
    resource = Resource.from_contents(dict(contract.document), default_specification=DRAFT202012)
    registry: Registry[Any] = Registry().with_resource(BASE_URI, resource)

    def run(instance: Any, schema: Mapping[str, Any]) -> list[str]:
        rooted = {**schema, "$id": f"{BASE_URI}/inline"} if "$ref" not in schema else schema
        rooted = _rebase(rooted)
        validator = jsonschema.Draft202012Validator(
            rooted, registry=registry, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
        )
        return [
            f"{'/'.join(map(str, error.absolute_path)) or '<root>'}: {error.message}"
            for error in validator.iter_errors(instance)
        ]

    return run


def _rebase(node: Any) -> Any:
    """Point local ``#/components/...`` refs at the registered contract resource."""
    if isinstance(node, Mapping):
        return {
            key: (
                BASE_URI + value
                if key == "$ref" and str(value).startswith("#/")
                else _rebase(value)
            )
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [_rebase(item) for item in node]
    return node


def iter_media_examples(contract: Contract) -> Iterator[tuple[str, Mapping[str, Any], Any]]:
    """(place, schema, example) for every named example of a request or response media type."""
    for op in contract.operations:
        bodies: list[tuple[str, Mapping[str, Any]]] = []
        request = op.definition.get("requestBody")
        if request:
            bodies.append(("request", _deref(contract, request)))
        for status, response in (op.definition.get("responses") or {}).items():
            bodies.append((f"response {status}", _deref(contract, response)))
        for label, body in bodies:
            for media, content in (body.get("content") or {}).items():
                schema = content.get("schema")
                if schema is None:
                    continue
                for name, example in (content.get("examples") or {}).items():
                    example = _deref(contract, example)
                    if "value" in example:
                        yield f"{op.operation_id} {label} {media} {name}", schema, example["value"]
                if "example" in content:
                    yield f"{op.operation_id} {label} {media} example", schema, content["example"]


def _deref(contract: Contract, node: Mapping[str, Any]) -> Mapping[str, Any]:
    from pytest_paragon.contract.checks import resolve_pointer

    while "$ref" in node:
        node = resolve_pointer(contract.document, node["$ref"])
    return node
