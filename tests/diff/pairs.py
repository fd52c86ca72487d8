"""Small hand-made contracts for the diff tests: one operation, the parts a test changes."""

from __future__ import annotations

import copy
import re
from typing import Any

from pytest_paragon.contract.diff import Change, classify


def document(
    *,
    request: dict[str, Any] | None = None,
    response: dict[str, Any] | None = None,
    parameters: list[dict[str, Any]] | None = None,
    schemas: dict[str, Any] | None = None,
    servers: list[str] | None = None,
    security: list[dict[str, list[str]]] | None = None,
    statuses: tuple[str, ...] = ("200", "404"),
    path: str = "/projects/{projectId}/things",
    method: str = "post",
) -> dict[str, Any]:
    """A one-operation OpenAPI 3.1 document (operationId ``makeThing``)."""
    responses: dict[str, Any] = {}
    for code in statuses:
        responses[code] = {"description": code}
        if code == "200" and response is not None:
            responses[code]["content"] = {"application/json": {"schema": response}}
    operation: dict[str, Any] = {
        "operationId": "makeThing",
        "x-paragon-endpoint": "E99",
        "parameters": [
            {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
            for name in re.findall(r"\{([^}]+)\}", path)
        ]
        + list(parameters or []),
        "responses": responses,
    }
    if request is not None:
        operation["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": request}},
        }
    if servers is not None:
        operation["servers"] = [{"url": url} for url in servers]
    if security is not None:
        operation["security"] = security
    return {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "servers": [{"url": "https://zeus.example"}],
        "paths": {path: {method: operation}},
        "components": {
            "schemas": copy.deepcopy(schemas or {}),
            "securitySchemes": {
                "userToken": {"type": "http", "scheme": "bearer"},
                "apiKey": {"type": "apiKey", "in": "header", "name": "X-Key"},
            },
        },
    }


def kinds(old: dict[str, Any], new: dict[str, Any]) -> list[tuple[str, str, str | None]]:
    """``(severity, kind, field)`` of every change from ``old`` to ``new``."""
    return [(c.severity.label, c.kind, c.field) for c in classify(old, new)]


def changes(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """Every change from ``old`` to ``new``."""
    return classify(old, new)
