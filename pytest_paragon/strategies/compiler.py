"""Compile the contract's JSON Schemas into hypothesis strategies, valid by construction.

One :class:`SchemaCompiler` per contract turns a schema object into a strategy: ``$ref`` to a
component is a :class:`~.leaves.Reference` shared by every use (recursive shapes such as
conditions work); ``allOf`` parts are merged into one object; ``oneOf`` with a discriminator,
``anyOf`` and type lists pick one branch. Objects, maps and lists are :mod:`.objects`' compiled
containers, leaves :mod:`.leaves`' one-choice strategies drawn inline (few choices and spans per
example: hypothesis' cost per example grows with both). The few constraints that cannot be
built directly (``not``, ``if``, ``minProperties``, ``uniqueItems``, a ``oneOf`` whose branches
may overlap) are kept by filtering the node with its compiled jsonschema-rs validator; their
rejection rate is low because the generator already builds the shape. Leaves get realistic
overlays (:mod:`pytest_paragon.strategies.values`).

Edge cases a client must survive are reachable: optional fields absent, nullable fields null,
unknown extra fields at the top level where the schema allows them, empty lists, long and unicode
strings, and a full page (``maxItems`` items) for bounded lists.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hypothesis import strategies as st

from pytest_paragon.contract import Contract
from pytest_paragon.contract.validation import validators_of
from pytest_paragon.strategies import values
from pytest_paragon.strategies.leaves import (
    Booleans,
    Choices,
    Const,
    Integers,
    Reference,
    Text,
    Weighted,
)
from pytest_paragon.strategies.objects import Lists, Maps, ObjectStrategy

# Past _DEEPEST levels only required fields and minimal lists are generated (termination and
# documents small enough for hypothesis' too_slow health check on the first draws).
_DEEPEST = 4
_FILTERED = ("not", "if", "minProperties", "maxProperties", "dependentRequired", "uniqueItems")
_TYPE_ORDER = ("null", "boolean", "integer", "number", "string", "array", "object")
_COMPONENT = "#/components/schemas/"
_ANNOTATIONS = frozenset(
    {
        "description",
        "title",
        "examples",
        "example",
        "deprecated",
        "readOnly",
        "writeOnly",
        "default",
    }
)


def _as_number(value: Any) -> float | None:
    return None if value is None else float(value)


class SchemaCompiler:
    """Strategies for the schemas of one contract (each schema object compiled once)."""

    def __init__(self, contract: Contract, *, extra_fields: bool = True) -> None:
        """Compile against ``contract``; ``extra_fields`` adds unknown fields where allowed."""
        self.contract = contract
        self.extra_fields = extra_fields
        self._components: dict[tuple[str, int], st.SearchStrategy[Any]] = {}
        self._compiled: dict[
            tuple[int, str, int], tuple[Mapping[str, Any], st.SearchStrategy[Any]]
        ] = {}

    # -- entry points ------------------------------------------------------------------------

    def component(self, name: str, depth: int = 0) -> st.SearchStrategy[Any]:
        """The strategy of ``components/schemas/<name>`` (``KeyError``: no such component)."""
        level = min(depth, _DEEPEST)
        cached = self._components.get((name, level))
        if cached is None:
            schema = self.contract.schemas[name]
            cached = Reference(name, lambda: self.compile(schema, field=name, depth=level))
            self._components[(name, level)] = cached
        return cached

    def compile(
        self, schema: Mapping[str, Any], *, field: str = "", depth: int = 0
    ) -> st.SearchStrategy[Any]:
        """The strategy of ``schema``, a schema object of the contract (``field``: its name).

        ``depth`` is how deep the schema sits in the document being generated: deeper levels
        get shorter lists and, past a few levels, only required fields, so that nested and
        recursive shapes stay small and every draw terminates.
        """
        depth = min(depth, _DEEPEST)
        key = (id(schema), field, depth)
        found = self._compiled.get(key)
        if found is not None and found[0] is schema:
            return found[1]
        strategy = self._build(schema, field, depth)
        if self.needs_filter(schema):
            validator = validators_of(self.contract).validator(schema)
            strategy = strategy.filter(validator.is_valid)
        self._compiled[key] = (schema, strategy)
        return strategy

    # -- building ----------------------------------------------------------------------------

    def needs_filter(self, schema: Mapping[str, Any], depth: int = 0) -> bool:
        """Whether ``schema`` (with its ``allOf`` parts) has a constraint not built directly."""
        if any(keyword in schema for keyword in _FILTERED) or self._ambiguous_one_of(schema):
            return True
        parts = list(schema.get("allOf", ()))
        if "$ref" in schema and any(key != "$ref" and not annotation(key) for key in schema):
            parts.append(self.contract.resolve({"$ref": schema["$ref"]}))
        return depth < 8 and any(
            self.needs_filter(self.contract.resolve(part) if depth else part, depth + 1)
            for part in parts
        )

    @staticmethod
    def _ambiguous_one_of(schema: Mapping[str, Any]) -> bool:
        return "oneOf" in schema and "discriminator" not in schema

    def _build(self, schema: Mapping[str, Any], field: str, depth: int) -> st.SearchStrategy[Any]:
        reference = schema.get("$ref")
        if reference is not None:
            return self._reference(str(reference), schema, field, depth)
        if "const" in schema:
            return Const(schema["const"])
        if "enum" in schema:
            return Choices(list(schema["enum"]))
        for combinator in ("oneOf", "anyOf"):
            if combinator in schema:
                siblings = {
                    k: v for k, v in schema.items() if k not in (combinator, "discriminator")
                }
                branches = [
                    self._merged_branch(siblings, branch, field, depth)
                    for branch in schema[combinator]
                ]
                return Weighted(branches)
        if "allOf" in schema:
            return self._object(self.merge_all_of(schema), field, depth)
        kinds = schema.get("type")
        if isinstance(kinds, list):
            ordered = sorted(kinds, key=_TYPE_ORDER.index)
            return Weighted([self._typed(kind, schema, field, depth) for kind in ordered])
        if kinds is None:
            if "properties" in schema or "additionalProperties" in schema or "required" in schema:
                return self._object(schema, field, depth)
            if "items" in schema:
                return self._array(schema, field, depth)
            return values.json_values()
        return self._typed(str(kinds), schema, field, depth)

    def _reference(
        self, reference: str, schema: Mapping[str, Any], field: str, depth: int
    ) -> st.SearchStrategy[Any]:
        if any(key != "$ref" and not annotation(key) for key in schema):
            return self._object(self.merge_all_of({"allOf": [schema]}), field, depth)
        if reference.startswith(_COMPONENT):
            return self.component(reference.removeprefix(_COMPONENT), depth)
        return self.compile(self.contract.resolve(schema), field=field, depth=depth)

    def _merged_branch(
        self, siblings: Mapping[str, Any], branch: Mapping[str, Any], field: str, depth: int
    ) -> st.SearchStrategy[Any]:
        meaningful = {k for k in siblings if not annotation(k)}
        if not meaningful or (meaningful <= {"type"} and "$ref" in branch):
            return self.compile(branch, field=field, depth=depth)
        return self._object(self.merge_all_of({"allOf": [siblings, branch]}), field, depth)

    def _typed(
        self, kind: str, schema: Mapping[str, Any], field: str, depth: int
    ) -> st.SearchStrategy[Any]:
        if kind == "null":
            return Const(None)
        if kind == "boolean":
            return Booleans()
        if kind in ("integer", "number"):
            return self._number(kind, schema)
        if kind == "string":
            return self._string(schema, field, depth)
        if kind == "array":
            return self._array(schema, field, depth)
        return self._object(schema, field, depth)

    def _number(self, kind: str, schema: Mapping[str, Any]) -> st.SearchStrategy[Any]:
        low, high = schema.get("minimum"), schema.get("maximum")
        if kind == "integer":
            return Integers(None if low is None else int(low), None if high is None else int(high))
        floats = st.floats(
            min_value=_as_number(low),
            max_value=_as_number(high),
            allow_nan=False,
            allow_infinity=False,
        )
        whole = Integers(None if low is None else int(low), None if high is None else int(high))
        return Weighted([whole, floats])

    def _string(self, schema: Mapping[str, Any], field: str, depth: int) -> st.SearchStrategy[Any]:
        fmt = schema.get("format")
        overlay = None if fmt is None else values.for_format(str(fmt))
        if overlay is None:
            overlay = values.for_field(field, schema)
        if overlay is not None:
            return overlay
        low, high = int(schema.get("minLength", 0)), schema.get("maxLength")
        pattern = schema.get("pattern")
        if pattern is not None:
            regex = st.from_regex(str(pattern), alphabet=values.UNICODE)
            return regex.filter(lambda text: low <= len(text) <= (high or len(text)))
        if high is None:
            return values.free_text(low, allow_long=depth <= 1)
        return Text(low, int(high))

    def _array(self, schema: Mapping[str, Any], field: str, depth: int) -> st.SearchStrategy[Any]:
        item_schema = schema.get("items")
        items = (
            values.json_values()
            if item_schema is None
            else self.compile(item_schema, field=field, depth=depth + 1)
        )
        low = int(schema.get("minItems", 0))
        high = schema.get("maxItems")
        size = _size_at(depth)
        bound = max(low, size) if high is None else min(int(high), max(low, size))
        lists: st.SearchStrategy[list[Any]] = Lists(items, low, bound)
        if high is not None and int(high) > bound and not schema.get("uniqueItems"):
            # The largest page: one drawn item repeated maxItems times (cheap, and valid).
            lists = Weighted([lists, items.map(lambda item: [item] * int(high))])
        return lists

    def _object(self, schema: Mapping[str, Any], field: str, depth: int) -> st.SearchStrategy[Any]:
        properties: Mapping[str, Any] = schema.get("properties") or {}
        required = [name for name in schema.get("required", ()) if name in properties]
        required_anyhow = [name for name in schema.get("required", ()) if name not in properties]
        inner = depth + 1
        fixed = {name: self.compile(properties[name], field=name, depth=inner) for name in required}
        for name in required_anyhow:  # required but only described elsewhere: any JSON value
            fixed[name] = values.json_scalars()
        optional = {
            name: self.compile(sub, field=name, depth=inner)
            for name, sub in properties.items()
            if name not in fixed and depth < _DEEPEST
        }
        extra = schema.get("additionalProperties", True)
        if extra is False:
            return ObjectStrategy(fixed, optional)
        names = frozenset(properties)
        more: st.SearchStrategy[dict[str, Any]]
        if isinstance(extra, Mapping) and extra:
            keys = Choices(values.integration_types()) if field == "integrations" else Text(1, 12)
            more = Maps(keys, self.compile(extra, field="", depth=inner), _size_at(depth), names)
        elif not properties and not required_anyhow:
            more = Maps(Text(0, 8), values.json_values(), 3)
        elif self.extra_fields and depth == 0:  # at the top only: each costs a choice
            return ObjectStrategy(fixed, {**optional, **values.unknown_fields(names)})
        else:
            return ObjectStrategy(fixed, optional)
        return ObjectStrategy(fixed, optional, more)

    # -- allOf -------------------------------------------------------------------------------

    def merge_all_of(self, schema: Mapping[str, Any]) -> dict[str, Any]:
        """One object schema equivalent (for generation) to ``schema`` with its ``allOf``."""
        merged: dict[str, Any] = {"properties": {}, "required": []}
        additional: Any = True
        parts = [dict(schema), *schema.get("allOf", ())]
        parts[0].pop("allOf", None)
        while parts:
            part = parts.pop(0)
            if "$ref" in part:
                rest = {k: v for k, v in part.items() if k != "$ref"}
                parts[:0] = [dict(self.contract.resolve({"$ref": part["$ref"]})), rest]
                continue
            if "allOf" in part:
                inner = dict(part)
                parts[:0] = [inner, *inner.pop("allOf")]
                continue
            for name, sub in (part.get("properties") or {}).items():
                previous = merged["properties"].get(name)
                merged["properties"][name] = sub if previous is None else _narrower(previous, sub)
            merged["required"] += [
                n for n in part.get("required", ()) if n not in merged["required"]
            ]
            if part.get("additionalProperties") is False:
                additional = False
        merged["additionalProperties"] = additional
        return merged


def _size_at(depth: int) -> int:
    """Largest list or map drawn at ``depth``: 3 at the top, then 2, then 1, 0 at the bottom."""
    return 3 if depth == 0 else 2 if depth == 1 else 1 if depth < _DEEPEST else 0


def annotation(keyword: str) -> bool:
    """Whether ``keyword`` only annotates (changes nothing a generator must honour)."""
    return keyword.startswith("x-") or keyword in _ANNOTATIONS


def _narrower(first: Mapping[str, Any], second: Mapping[str, Any]) -> Mapping[str, Any]:
    """Of two schemas for one property, the one that constrains more (const > enum > other)."""
    for keyword in ("const", "enum", "$ref"):
        if keyword in second:
            return second
        if keyword in first:
            return first
    return second if len(second) > len(first) else first
