"""Walking an OpenAPI document for the diff: its operations, servers, security and references."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from pytest_paragon.contract.diff.schemas import resolve

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
TEMPLATE_PARAM = re.compile(r"\{[^{}/]+\}")


def normalized(path: str) -> str:
    """``path`` with every template parameter as ``{}`` (names do not matter)."""
    return TEMPLATE_PARAM.sub("{}", path)


def operations(document: Mapping[str, Any]) -> Iterator[tuple[str, str, Mapping[str, Any]]]:
    """Every (method, path, operation) of ``document``."""
    for path, item in (document.get("paths") or {}).items():
        item, _ = resolve(document, item)
        for method in METHODS:
            if isinstance(item, Mapping) and isinstance(item.get(method), Mapping):
                yield method, path, item[method]


def servers(document: Mapping[str, Any], path: str, operation: Mapping[str, Any]) -> list[str]:
    """The server URLs that apply to ``operation`` (its own, its path's or the document's)."""
    item = (document.get("paths") or {}).get(path) or {}
    servers = operation.get("servers") or item.get("servers") or document.get("servers") or []
    return [str(server.get("url")) for server in servers if isinstance(server, Mapping)]


def security(document: Mapping[str, Any], operation: Mapping[str, Any]) -> set[frozenset[str]]:
    """The security requirements of ``operation``, each as a set of scheme names."""
    requirements = operation.get("security", document.get("security", []))
    return {frozenset(requirement) for requirement in requirements or []}


def referenced_schemas(document: Mapping[str, Any], roots: tuple[str, ...]) -> set[str]:
    """Names of the component schemas reachable from ``roots`` through ``$ref``."""
    found: set[str] = set()
    stack: list[Any] = [document.get(root) for root in roots]
    seen_refs: set[str] = set()
    while stack:
        node = stack.pop()
        if isinstance(node, Mapping):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref not in seen_refs:
                seen_refs.add(ref)
                if ref.startswith("#/components/schemas/"):
                    found.add(ref.rsplit("/", 1)[-1])
                stack.append(resolve(document, {"$ref": ref})[0])
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


def onprem_labels(document: Mapping[str, Any]) -> set[str]:
    """The first labels of the on-prem hosts: ``info.x-paragon-onprem-labels``, else today's."""
    from pytest_paragon.contract.servers import ONPREM_LABELS

    declared = (document.get("info") or {}).get("x-paragon-onprem-labels")
    return set(declared) if declared else set(ONPREM_LABELS)
