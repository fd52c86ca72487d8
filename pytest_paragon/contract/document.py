"""The contract as objects: operations indexed by id and by method + path.

A :class:`Contract` wraps the parsed OpenAPI document. Path templates compile to regular
expressions once; a parameter marked ``x-paragon-multi-segment`` (the Proxy API's ``apiPath``)
matches across ``/``. When several templates match, the most specific wins: the one with the most
literal characters, as OpenAPI prescribes for concrete versus templated paths.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from pytest_paragon.errors import ParagonUsageError

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

_PARAM = re.compile(r"\{([^{}/]+)\}")
_MATCH_CACHE_SIZE = 4096


class UnknownOperationError(ParagonUsageError, KeyError):
    """An operation id the contract does not have (the valid ids and the nearest one)."""

    def __str__(self) -> str:
        """The rendered report (``KeyError`` would quote it)."""
        return self.report.render()


@dataclass(frozen=True)
class Operation:
    """One operation of the contract: a method on a path template."""

    operation_id: str
    method: str
    path_template: str
    endpoint: str | None
    tags: tuple[str, ...]
    sdk_methods: tuple[str, ...]
    source: Mapping[str, Any]
    definition: Mapping[str, Any] = field(repr=False, compare=False)
    path_item: Mapping[str, Any] = field(repr=False, compare=False)
    parameters: tuple[Mapping[str, Any], ...] = field(default=(), repr=False, compare=False)
    """Path-item and operation parameters, ``$ref`` resolved, the operation's winning by name."""

    @property
    def endpoints(self) -> tuple[str, ...]:
        """Every reference endpoint id this operation serves (``x-paragon-endpoints``, E6+E7)."""
        listed = self.definition.get("x-paragon-endpoints")
        if listed:
            return tuple(listed)
        return (self.endpoint,) if self.endpoint else ()

    @property
    def label(self) -> str:
        """``operationId (METHOD /path/template)``, as error messages name operations."""
        return f"{self.operation_id} ({self.method.upper()} {self.path_template})"


@dataclass(frozen=True)
class _CompiledPath:
    template: str
    pattern: re.Pattern[str]
    literal_length: int


def compile_path_template(template: str, multi_segment: frozenset[str]) -> re.Pattern[str]:
    """Compile an OpenAPI path template; parameters in ``multi_segment`` may span ``/``."""
    pieces: list[str] = []
    position = 0
    for match in _PARAM.finditer(template):
        pieces.append(re.escape(template[position : match.start()]))
        name = match.group(1)
        group = re.sub(r"\W", "_", name)
        pieces.append(f"(?P<{group}>.+)" if name in multi_segment else f"(?P<{group}>[^/]+)")
        position = match.end()
    pieces.append(re.escape(template[position:]))
    return re.compile("".join(pieces) + r"/?\Z")


class Contract:
    """A parsed OpenAPI 3.1 contract with its operations indexed."""

    def __init__(self, document: Mapping[str, Any], *, path: Path | None = None) -> None:
        """Wrap ``document``; ``path`` is only used to name the file in messages."""
        self.document = document
        self.path = path

    @cached_property
    def operations(self) -> tuple[Operation, ...]:
        """Every operation, in document order."""
        found: list[Operation] = []
        for template, item in (self.document.get("paths") or {}).items():
            for method in HTTP_METHODS:
                definition = item.get(method)
                if definition is None:
                    continue
                found.append(
                    Operation(
                        operation_id=definition.get("operationId", f"{method} {template}"),
                        method=method,
                        path_template=template,
                        endpoint=definition.get("x-paragon-endpoint"),
                        tags=tuple(definition.get("tags", ())),
                        sdk_methods=tuple(definition.get("x-paragon-sdk-methods", ())),
                        source=definition.get("x-paragon-source", {}),
                        definition=definition,
                        path_item=item,
                        parameters=self._parameters(item, definition),
                    )
                )
        return tuple(found)

    def resolve(self, node: Mapping[str, Any]) -> Mapping[str, Any]:
        """Follow local ``$ref`` pointers until ``node`` is a definition."""
        while "$ref" in node:
            target: Any = self.document
            for part in str(node["$ref"]).removeprefix("#/").split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            node = target
        return node

    def _parameters(
        self, item: Mapping[str, Any], definition: Mapping[str, Any]
    ) -> tuple[Mapping[str, Any], ...]:
        merged: dict[tuple[str, str], Mapping[str, Any]] = {}
        for raw in (*item.get("parameters", ()), *definition.get("parameters", ())):
            parameter = self.resolve(raw)
            merged[(parameter.get("name", ""), parameter.get("in", ""))] = parameter
        return tuple(merged.values())

    @cached_property
    def _by_id(self) -> dict[str, Operation]:
        return {operation.operation_id: operation for operation in self.operations}

    @cached_property
    def _compiled(self) -> tuple[_CompiledPath, ...]:
        compiled = []
        for template in self.document.get("paths") or {}:
            multi = frozenset(
                parameter["name"]
                for operation in self.operations
                if operation.path_template == template
                for parameter in operation.parameters
                if parameter.get("in") == "path" and parameter.get("x-paragon-multi-segment")
            )
            literal = len(_PARAM.sub("", template))
            compiled.append(
                _CompiledPath(template, compile_path_template(template, multi), literal)
            )
        compiled.sort(key=lambda entry: -entry.literal_length)
        return tuple(compiled)

    def operation(
        self,
        operation_id: str,
        *,
        kind: str = "operation id",
        where: str | None = None,
        remedy: str | None = None,
        anchor: str | None = None,
    ) -> Operation:
        """Return the operation called ``operation_id``.

        An id the contract does not have is one :class:`UnknownOperationError` (a
        ``ParagonUsageError``, and a ``KeyError`` for callers written against the old
        behaviour) listing the valid ids and the nearest; ``kind``, ``where``, ``remedy`` and
        ``anchor`` say who asked.
        """
        found = self._by_id.get(operation_id)
        if found is not None:
            return found
        error = ParagonUsageError.from_unknown(
            kind,
            operation_id,
            self._by_id,
            where=where,
            remedy=remedy or "`pytest-paragon contract` lists the operation ids",
            anchor=anchor,
        )
        raise UnknownOperationError(error.report)

    @cached_property
    def _schemes(self) -> dict[str, frozenset[str]]:
        default = self.document.get("security", [])
        return {
            operation.operation_id: frozenset(
                name
                for requirement in operation.definition.get("security", default)
                for name in requirement
            )
            for operation in self.operations
        }

    def security_schemes(self, operation: Operation) -> frozenset[str]:
        """The security scheme names ``operation`` accepts (the document's default when unset)."""
        return self._schemes[operation.operation_id]

    @cached_property
    def _routes(self) -> dict[str, tuple[tuple[_CompiledPath, Operation, tuple[str, ...]], ...]]:
        """Per lower-case method: the templates that have it, most specific first."""
        routes: dict[str, list[tuple[_CompiledPath, Operation, tuple[str, ...]]]] = {}
        for entry in self._compiled:
            item = self.document["paths"][entry.template]
            for method in HTTP_METHODS:
                definition = item.get(method)
                if definition is None:
                    continue
                operation = self._by_id[definition.get("operationId", f"{method} {entry.template}")]
                names = tuple(_PARAM.findall(entry.template))
                routes.setdefault(method, []).append((entry, operation, names))
        return {method: tuple(found) for method, found in routes.items()}

    @cached_property
    def _matched(
        self,
    ) -> dict[tuple[str, str], tuple[Operation, tuple[tuple[str, str], ...]] | None]:
        """``match`` results by (lower-case method, path); bounded by clearing when full."""
        return {}

    def match(self, method: str, path: str) -> tuple[Operation, dict[str, str]] | None:
        """Find the operation for ``method`` on a concrete ``path`` and its path parameters."""
        key = (method.lower(), path)
        cache = self._matched
        try:
            found = cache[key]
        except KeyError:
            found = None
            for entry, operation, names in self._routes.get(key[0], ()):
                matched = entry.pattern.match(path)
                if matched is not None:
                    found = (operation, tuple(zip(names, matched.groups(), strict=True)))
                    break
            if len(cache) >= _MATCH_CACHE_SIZE:
                cache.clear()
            cache[key] = found
        if found is None:
            return None
        return found[0], dict(found[1])

    def templates_matching(self, path: str) -> list[str]:
        """Path templates matching ``path`` with any method (explains a wrong-method request)."""
        return [entry.template for entry in self._compiled if entry.pattern.match(path)]

    @property
    def schemas(self) -> Mapping[str, Any]:
        """``components/schemas`` of the document."""
        return (self.document.get("components") or {}).get("schemas") or {}

    def __iter__(self) -> Iterator[Operation]:
        """Iterate over the operations."""
        return iter(self.operations)

    def __len__(self) -> int:
        """Return the number of operations."""
        return len(self.operations)
