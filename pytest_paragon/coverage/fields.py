"""Wire fields of a schema, named as the coverage report and the diff's usage gate name them.

A field is a dotted path under a root: ``request.body.meta.Name``, ``response.body.integrations.*
.enabled`` (``*`` for a map's values, ``[]`` for array items), ``request.query.sessionId``,
``request.header.x-paragon-credential``. ``documented_fields`` lists a schema's fields;
``observed_fields`` walks a JSON value alongside its schema so that map keys become ``*``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

MAX_DEPTH = 8


def _resolve(document: Mapping[str, Any], node: Any) -> tuple[Any, str | None]:
    name = None
    for _ in range(32):
        if not isinstance(node, Mapping) or not isinstance(node.get("$ref"), str):
            break
        ref = node["$ref"]
        name = ref
        target: Any = document
        for raw in ref[2:].split("/"):
            part = raw.replace("~1", "/").replace("~0", "~")
            target = target.get(part) if isinstance(target, Mapping) else None
        node = target
    return node, name


@dataclass
class Shape:
    """The children of a schema, merged over ``allOf``/``oneOf``/``anyOf`` branches."""

    properties: dict[str, list[Any]] = field(default_factory=dict)
    values: list[Any] = field(default_factory=list)
    items: list[Any] = field(default_factory=list)
    refs: set[str] = field(default_factory=set)


def shape_of(document: Mapping[str, Any], schemas: list[Any]) -> Shape:
    """The merged children of ``schemas`` (``$ref`` resolved, combinators flattened)."""
    shape = Shape()
    stack = list(schemas)
    visited: set[int] = set()
    while stack:
        schema, ref = _resolve(document, stack.pop())
        if not isinstance(schema, Mapping) or id(schema) in visited:
            continue
        visited.add(id(schema))
        if ref:
            shape.refs.add(ref)
        for name, child in (schema.get("properties") or {}).items():
            shape.properties.setdefault(name, []).append(child)
        if isinstance(schema.get("additionalProperties"), Mapping):
            shape.values.append(schema["additionalProperties"])
        if isinstance(schema.get("items"), Mapping):
            shape.items.append(schema["items"])
        for keyword in ("allOf", "oneOf", "anyOf"):
            stack.extend(schema.get(keyword) or [])
    return shape


def documented_fields(document: Mapping[str, Any], schema: Any, root: str) -> set[str]:
    """Every field path of ``schema`` under ``root``, recursion cut at repeated schemas."""
    found: set[str] = set()

    def walk(schemas: list[Any], prefix: str, depth: int, seen: frozenset[str]) -> None:
        shape = shape_of(document, schemas)
        if depth > MAX_DEPTH or (shape.refs and shape.refs <= seen):
            return
        seen = seen | shape.refs
        for name, children in shape.properties.items():
            found.add(f"{prefix}.{name}")
            walk(children, f"{prefix}.{name}", depth + 1, seen)
        if shape.values:
            found.add(f"{prefix}.*")
            walk(shape.values, f"{prefix}.*", depth + 1, seen)
        if shape.items:
            walk(shape.items, f"{prefix}[]", depth + 1, seen)

    walk([schema], root, 0, frozenset())
    return found


def observed_fields(
    document: Mapping[str, Any], schema: Any, value: Any, root: str
) -> Iterator[tuple[str, bool]]:
    """``(field, documented)`` for every key path of JSON ``value`` read through ``schema``."""

    def walk(schemas: list[Any], data: Any, prefix: str, depth: int) -> Iterator[tuple[str, bool]]:
        if depth > MAX_DEPTH + 4:
            return
        shape = shape_of(document, schemas) if schemas else Shape()
        if isinstance(data, Mapping):
            for key, child in data.items():
                if key in shape.properties:
                    name = f"{prefix}.{key}"
                    yield name, True
                    yield from walk(shape.properties[key], child, name, depth + 1)
                elif shape.values:
                    name = f"{prefix}.*"
                    yield name, True
                    yield from walk(shape.values, child, name, depth + 1)
                else:
                    name = f"{prefix}.{key}"
                    yield name, False
                    yield from walk([], child, name, depth + 1)
        elif isinstance(data, list):
            for child in data:
                yield from walk(shape.items, child, f"{prefix}[]", depth + 1)

    yield from walk([schema], value, root, 0)
