"""The admin API's own OpenAPI 3.1 document, served at ``GET /__paragon/openapi.json``.

Derived, never written by hand: the paths come from :attr:`AdminAPI.ROUTES` (a regex group becomes
a path parameter), each summary from the method's docstring, and each request body's schema from
the pydantic model that validates it, so the document cannot drift from what the API accepts.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

REF = "#/components/schemas/{model}"
_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>[^)]*\)")


def _path(pattern: str) -> tuple[str, list[str]]:
    names = [match.group("name") for match in _GROUP.finditer(pattern)]
    path = _GROUP.sub(lambda m: "{" + _camel(m.group("name")) + "}", pattern)
    return path.replace("\\.", "."), [_camel(name) for name in names]


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def admin_openapi(
    routes: Sequence[tuple[str, str, str]],
    bodies: Mapping[str, type[BaseModel]],
    api: type,
) -> dict[str, Any]:
    """The OpenAPI document of ``routes`` whose bodies ``bodies`` validate."""
    models = sorted(set(bodies.values()), key=lambda m: m.__name__)
    refs, schema = models_json_schema([(model, "validation") for model in models], ref_template=REF)
    paths: dict[str, dict[str, Any]] = {}
    for method, pattern, name in routes:
        path, parameters = _path(pattern)
        doc = (getattr(api, name).__doc__ or name).strip().splitlines()[0]
        operation: dict[str, Any] = {
            "operationId": _camel(name),
            "summary": doc,
            "responses": {"default": {"description": "JSON; errors as {statusCode, message}"}},
        }
        if name in getattr(api, "DEPRECATED", ()):
            operation["deprecated"] = True
        if parameters:
            operation["parameters"] = [
                {"name": p, "in": "path", "required": True, "schema": {"type": "string"}}
                for p in parameters
            ]
        model = bodies.get(name)
        if model is not None:
            operation["requestBody"] = {
                "required": True,
                "content": {"application/json": {"schema": refs[(model, "validation")]}},
            }
        paths.setdefault(path, {})[method.lower()] = operation
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "pytest-paragon admin API",
            "version": "1",
            "description": "Seed and read a served fake (pytest-paragon serve) under /__paragon/.",
        },
        "paths": paths,
        "components": {"schemas": schema.get("$defs", {})},
    }
