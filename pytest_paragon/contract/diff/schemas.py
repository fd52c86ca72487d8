"""Compare two JSON Schemas of one place of an operation, as a client sees the change.

The direction decides the severity: in a *request* the client is the writer, so anything the new
contract stops accepting is breaking; in a *response* the client is the reader, so anything it may
now receive that it could not before (a new enum value, a new oneOf variant) is a warning, and
anything it relied on that is gone (a property, a type, an enum value) is breaking.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Literal

from pytest_paragon.contract.diff.model import Severity

Direction = Literal["request", "response"]
Emit = Callable[..., None]
"""``emit(severity, kind, message, path, field=..., old=..., new=...)``."""

MAX_DEPTH = 24
_ANY = frozenset({"string", "number", "integer", "boolean", "object", "array", "null"})


def escape(token: str) -> str:
    """Escape one JSON pointer token (RFC 6901)."""
    return token.replace("~", "~0").replace("/", "~1")


def resolve(document: Mapping[str, Any], node: Any) -> tuple[Any, str | None]:
    """Follow local ``$ref`` chains; return the target and the last reference's name."""
    name = None
    for _ in range(32):
        if not isinstance(node, Mapping) or not isinstance(node.get("$ref"), str):
            break
        ref = node["$ref"]
        name = ref.rsplit("/", 1)[-1]
        target: Any = document
        for raw in ref[2:].split("/") if ref.startswith("#/") else ():
            part = raw.replace("~1", "/").replace("~0", "~")
            target = target.get(part) if isinstance(target, Mapping) else None
        node = target
    return node, name


def _types(schema: Mapping[str, Any]) -> frozenset[str] | None:
    declared = schema.get("type")
    if declared is None:
        return None
    found = set(declared) if isinstance(declared, list) else {declared}
    if "number" in found:  # a number accepts integers
        found.add("integer")
    return frozenset(found)


def _values(schema: Mapping[str, Any]) -> list[Any] | None:
    if "enum" in schema and isinstance(schema["enum"], list):
        return list(schema["enum"])
    if "const" in schema:
        return [schema["const"]]
    return None


def _key(value: Any) -> str:
    import json

    return json.dumps(value, sort_keys=True)


class SchemaDiffer:
    """Walks two schemas side by side and emits every change it classifies."""

    def __init__(self, old_doc: Mapping[str, Any], new_doc: Mapping[str, Any], emit: Emit) -> None:
        """Compare schemas of ``old_doc`` with those of ``new_doc``; report through ``emit``."""
        self.old_doc = old_doc
        self.new_doc = new_doc
        self.emit = emit

    def compare(
        self,
        old: Any,
        new: Any,
        *,
        path: str,
        field: str,
        direction: Direction,
        seen: frozenset[tuple[str | None, str | None]] = frozenset(),
    ) -> None:
        """Emit the changes from schema ``old`` to ``new`` found at ``path`` (field ``field``)."""
        old, old_name = resolve(self.old_doc, old)
        new, new_name = resolve(self.new_doc, new)
        if not isinstance(old, Mapping) or not isinstance(new, Mapping):
            return
        pair = (old_name, new_name)
        if ((old_name or new_name) and pair in seen) or len(seen) > MAX_DEPTH:
            return  # a recursive schema: this pair is already being compared further up
        seen = seen | {pair} if (old_name or new_name) else seen
        self._types(old, new, path, field, direction)
        self._enum(old, new, path, field, direction)
        self._properties(old, new, path, field, direction, seen)
        self._additional(old, new, path, field, direction, seen)
        if isinstance(old.get("items"), Mapping) and isinstance(new.get("items"), Mapping):
            self.compare(
                old["items"],
                new["items"],
                path=f"{path}/items",
                field=f"{field}[]",
                direction=direction,
                seen=seen,
            )
        for keyword in ("oneOf", "anyOf"):
            self._variants(keyword, old, new, path, field, direction, seen)
        self._discriminator(old, new, path, field, direction)
        old_all, new_all = old.get("allOf") or [], new.get("allOf") or []
        for index, (left, right) in enumerate(zip(old_all, new_all, strict=False)):
            self.compare(
                left,
                right,
                path=f"{path}/allOf/{index}",
                field=field,
                direction=direction,
                seen=seen,
            )

    # -- the change classes ------------------------------------------------------------------

    def _types(
        self, old: Mapping[str, Any], new: Mapping[str, Any], path: str, field: str, d: Direction
    ) -> None:
        before, after = _types(old), _types(new)
        if before == after:
            return
        before_set, after_set = before or _ANY, after or _ANY
        shown_old = sorted(before) if before else "any"
        shown_new = sorted(after) if after else "any"
        message = f"{field}: type {shown_old} -> {shown_new}"
        if d == "request":
            if after_set >= before_set:
                self.emit(
                    Severity.INFO,
                    "request-type-widened",
                    message,
                    path,
                    field=field,
                    old=shown_old,
                    new=shown_new,
                )
            else:
                self.emit(
                    Severity.BREAKING,
                    "request-type-changed",
                    message,
                    path,
                    field=field,
                    old=shown_old,
                    new=shown_new,
                )
        elif after_set <= before_set:
            self.emit(
                Severity.INFO,
                "response-type-narrowed",
                message,
                path,
                field=field,
                old=shown_old,
                new=shown_new,
            )
        elif after_set - before_set == {"null"}:
            self.emit(
                Severity.WARNING,
                "response-type-nullable",
                message,
                path,
                field=field,
                old=shown_old,
                new=shown_new,
            )
        else:
            self.emit(
                Severity.BREAKING,
                "response-type-changed",
                message,
                path,
                field=field,
                old=shown_old,
                new=shown_new,
            )

    def _enum(
        self, old: Mapping[str, Any], new: Mapping[str, Any], path: str, field: str, d: Direction
    ) -> None:
        before, after = _values(old), _values(new)
        if before is None and after is None:
            return
        if before is not None and after is not None:
            after_keys = {_key(v) for v in after}
            before_keys = {_key(v) for v in before}
            removed = [v for v in before if _key(v) not in after_keys]
            added = [v for v in after if _key(v) not in before_keys]
            if removed:
                self.emit(
                    Severity.BREAKING,
                    f"{d}-enum-value-removed",
                    f"{field}: enum value(s) {removed} removed",
                    path,
                    field=field,
                    old=removed,
                )
            if added:
                severity = Severity.INFO if d == "request" else Severity.WARNING
                self.emit(
                    severity,
                    f"{d}-enum-value-added",
                    f"{field}: enum value(s) {added} added",
                    path,
                    field=field,
                    new=added,
                )
            return
        if before is None:  # narrowed from anything to a list
            severity = Severity.BREAKING if d == "request" else Severity.INFO
            self.emit(
                severity,
                f"{d}-enum-added",
                f"{field}: now restricted to {after}",
                path,
                field=field,
                new=after,
            )
        else:
            severity = Severity.INFO if d == "request" else Severity.WARNING
            self.emit(
                severity,
                f"{d}-enum-removed",
                f"{field}: no longer restricted to {before}",
                path,
                field=field,
                old=before,
            )

    def _properties(
        self,
        old: Mapping[str, Any],
        new: Mapping[str, Any],
        path: str,
        field: str,
        d: Direction,
        seen: frozenset[tuple[str | None, str | None]],
    ) -> None:
        old_props = old.get("properties") or {}
        new_props = new.get("properties") or {}
        old_required = set(old.get("required") or ())
        new_required = set(new.get("required") or ())
        for name in old_props:
            here, sub = f"{path}/properties/{escape(name)}", f"{field}.{name}"
            if name not in new_props:
                if d == "response":
                    self.emit(
                        Severity.BREAKING,
                        "response-property-removed",
                        f"{sub} removed from the response",
                        here,
                        field=sub,
                    )
                else:
                    closed = new.get("additionalProperties") is False
                    self.emit(
                        Severity.BREAKING if closed else Severity.WARNING,
                        "request-property-removed",
                        f"{sub} removed from the request"
                        + (" (and unknown properties are refused)" if closed else ""),
                        here,
                        field=sub,
                    )
                continue
            if d == "request" and name in new_required - old_required:
                self.emit(
                    Severity.BREAKING,
                    "request-property-became-required",
                    f"{sub} is now required",
                    here,
                    field=None,
                )
            if d == "response" and name in old_required - new_required:
                self.emit(
                    Severity.WARNING,
                    "response-property-became-optional",
                    f"{sub} may now be absent from the response",
                    here,
                    field=sub,
                )
            self.compare(
                old_props[name], new_props[name], path=here, field=sub, direction=d, seen=seen
            )
        for name in new_props:
            if name in old_props:
                continue
            here, sub = f"{path}/properties/{escape(name)}", f"{field}.{name}"
            if d == "request" and name in new_required:
                self.emit(
                    Severity.BREAKING,
                    "request-property-added-required",
                    f"new required request property {sub}",
                    here,
                    field=None,
                )
            else:
                self.emit(
                    Severity.INFO, f"{d}-property-added", f"new property {sub}", here, field=sub
                )

    def _additional(
        self,
        old: Mapping[str, Any],
        new: Mapping[str, Any],
        path: str,
        field: str,
        d: Direction,
        seen: frozenset[tuple[str | None, str | None]],
    ) -> None:
        before, after = old.get("additionalProperties"), new.get("additionalProperties")
        if isinstance(before, Mapping) and isinstance(after, Mapping):
            self.compare(
                before,
                after,
                path=f"{path}/additionalProperties",
                field=f"{field}.*",
                direction=d,
                seen=seen,
            )
        elif d == "request" and after is False and before is not False:
            self.emit(
                Severity.BREAKING,
                "request-additional-properties-refused",
                f"{field}: unknown properties are now refused",
                f"{path}/additionalProperties",
                field=field,
            )

    def _label(self, document: Mapping[str, Any], branch: Any, index: int, tag: str | None) -> str:
        target, name = resolve(document, branch)
        if name:
            return name
        if isinstance(target, Mapping):
            if tag:
                const = (target.get("properties") or {}).get(tag, {})
                if isinstance(const, Mapping) and "const" in const:
                    return f"{tag}={const['const']}"
            if target.get("title"):
                return str(target["title"])
        return f"#{index}"

    def _variants(
        self,
        keyword: str,
        old: Mapping[str, Any],
        new: Mapping[str, Any],
        path: str,
        field: str,
        d: Direction,
        seen: frozenset[tuple[str | None, str | None]],
    ) -> None:
        old_branches = old.get(keyword) or []
        new_branches = new.get(keyword) or []
        if not old_branches and not new_branches:
            return
        if not old_branches or not new_branches:
            state = "added" if new_branches else "removed"
            self.emit(
                Severity.WARNING,
                f"{d}-{keyword}-{state}",
                f"{field}: {keyword} {state}",
                f"{path}/{keyword}",
                field=field,
            )
            return
        old_tag = (old.get("discriminator") or {}).get("propertyName")
        new_tag = (new.get("discriminator") or {}).get("propertyName")
        old_labels = {
            self._label(self.old_doc, b, i, old_tag): (i, b) for i, b in enumerate(old_branches)
        }
        new_labels = {
            self._label(self.new_doc, b, i, new_tag): (i, b) for i, b in enumerate(new_branches)
        }
        for label, (index, branch) in old_labels.items():
            here = f"{path}/{keyword}/{index}"
            if label not in new_labels:
                severity = Severity.BREAKING if d == "request" else Severity.WARNING
                self.emit(
                    severity,
                    f"{d}-{keyword}-variant-removed",
                    f"{field}: {keyword} variant {label} removed",
                    here,
                    field=field,
                    old=label,
                )
            else:
                self.compare(
                    branch, new_labels[label][1], path=here, field=field, direction=d, seen=seen
                )
        for label, (index, _branch) in new_labels.items():
            if label not in old_labels:
                severity = Severity.INFO if d == "request" else Severity.WARNING
                self.emit(
                    severity,
                    f"{d}-{keyword}-variant-added",
                    f"{field}: new {keyword} variant {label}",
                    f"{path}/{keyword}/{index}",
                    field=field,
                    new=label,
                )

    def _discriminator(
        self, old: Mapping[str, Any], new: Mapping[str, Any], path: str, field: str, d: Direction
    ) -> None:
        before, after = old.get("discriminator"), new.get("discriminator")
        here = f"{path}/discriminator"
        if not isinstance(before, Mapping) and not isinstance(after, Mapping):
            return
        if not isinstance(before, Mapping) or not isinstance(after, Mapping):
            state = "added" if after else "removed"
            self.emit(
                Severity.WARNING,
                f"discriminator-{state}",
                f"{field}: discriminator {state}",
                here,
                field=field,
            )
            return
        if before.get("propertyName") != after.get("propertyName"):
            self.emit(
                Severity.BREAKING,
                "discriminator-property-changed",
                f"{field}: discriminator property {before.get('propertyName')!r} -> "
                f"{after.get('propertyName')!r}",
                here,
                field=field,
                old=before.get("propertyName"),
                new=after.get("propertyName"),
            )
        old_map = before.get("mapping") or {}
        new_map = after.get("mapping") or {}
        for value, target in old_map.items():
            if value not in new_map:
                severity = Severity.BREAKING if d == "request" else Severity.WARNING
                self.emit(
                    severity,
                    "discriminator-mapping-removed",
                    f"{field}: discriminator value {value!r} removed",
                    f"{here}/mapping/{escape(value)}",
                    field=field,
                    old=value,
                )
            elif new_map[value].rsplit("/", 1)[-1] != target.rsplit("/", 1)[-1]:
                self.emit(
                    Severity.BREAKING,
                    "discriminator-mapping-changed",
                    f"{field}: discriminator value {value!r} now maps to {new_map[value]}",
                    f"{here}/mapping/{escape(value)}",
                    field=field,
                    old=target,
                    new=new_map[value],
                )
        for value in new_map:
            if value not in old_map:
                severity = Severity.INFO if d == "request" else Severity.WARNING
                self.emit(
                    severity,
                    "discriminator-mapping-added",
                    f"{field}: new discriminator value {value!r}",
                    f"{here}/mapping/{escape(value)}",
                    field=field,
                    new=value,
                )
