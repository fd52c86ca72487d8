"""Conditions on what a call carries: the ``match`` family of every answer.

Every kind of answer (Proxy, request triggers, Tools, ``respond_once``/``respond_with``) takes the
same keywords, and a seed or project file the same keys in camelCase:

=====================  ================  ==========================================================
Python keyword         seed / project    the call matches when
=====================  ================  ==========================================================
``match={...}``        ``match``         its JSON body *contains* these keys and values (a subset,
                                         nested objects compared the same way)
``match=callable``     (Python only)     the function of the call returns a true value
``match_json=...``     ``matchJson``     its JSON body *equals* this value (pytest-httpx's
                                         ``match_json``)
``match_query={...}``  ``matchQuery``    its query string has *exactly* these parameters (values
                                         compared as text; pytest-httpx's ``match_params``)
``match_headers=``     ``matchHeaders``  it carries these headers (names case-insensitive; other
                                         headers allowed; pytest-httpx's ``match_headers``)
``match_content=``     ``matchContent``  its raw body *equals* these bytes (a ``str`` is UTF-8)
=====================  ================  ==========================================================

All given conditions must hold. A Tool run's "JSON body" is its ``parameters``. A call no answer
matches fails the test with every answer and the first field it differed in.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any


class _Unset:
    """No ``match_json`` given (``None`` is a JSON body: ``null``, or no body)."""

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()


def _text(value: Any) -> str:
    """A query value as it goes on the wire: ``True`` is ``true``, numbers as written."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def contains_differs(name: str, wanted: Any, actual: Any) -> str | None:
    """Where ``actual`` lacks what ``wanted`` holds (objects as subsets, anything else equal)."""
    if isinstance(wanted, Mapping):
        if not isinstance(actual, Mapping):
            return f"{name}: {type(actual).__name__} is not an object with {sorted(wanted)}"
        for key, value in wanted.items():
            if key not in actual:
                return f"{name}.{key}: missing (expected {value!r})"
            found = contains_differs(f"{name}.{key}", value, actual[key])
            if found is not None:
                return found
        return None
    if actual != wanted:
        return f"{name}: {actual!r} is not {wanted!r}"
    return None


def equal_differs(name: str, wanted: Any, actual: Any) -> str | None:
    """The first place where ``actual`` is not ``wanted`` (extra keys count)."""
    if isinstance(wanted, Mapping) and isinstance(actual, Mapping):
        for key in actual:
            if key not in wanted:
                return f"{name}.{key}: not expected (the body has {actual[key]!r})"
        for key, value in wanted.items():
            if key not in actual:
                return f"{name}.{key}: missing (expected {value!r})"
            found = equal_differs(f"{name}.{key}", value, actual[key])
            if found is not None:
                return found
        return None
    if isinstance(wanted, list) and isinstance(actual, list) and len(wanted) == len(actual):
        for index, (one, other) in enumerate(zip(wanted, actual, strict=True)):
            found = equal_differs(f"{name}[{index}]", one, other)
            if found is not None:
                return found
        return None
    if actual != wanted or isinstance(actual, bool) != isinstance(wanted, bool):
        return f"{name}: {actual!r} is not {wanted!r}"
    return None


@dataclass(frozen=True)
class RequestMatch:
    """The conditions one answer puts on the calls it answers (see the module's table)."""

    contains: Mapping[str, Any] | None = None
    predicate: Callable[[Any], Any] | None = None
    json: Any = UNSET
    query: Mapping[str, Any] | None = None
    headers: Mapping[str, str] | None = None
    content: bytes | None = None

    @classmethod
    def of(
        cls,
        match: Mapping[str, Any] | Callable[[Any], Any] | None = None,
        *,
        match_json: Any = UNSET,
        match_query: Mapping[str, Any] | None = None,
        match_headers: Mapping[str, str] | None = None,
        match_content: bytes | str | None = None,
    ) -> RequestMatch | None:
        """The conditions from the keywords (``None`` when none is given)."""
        from pytest_paragon.errors import ParagonUsageError

        if match is not None and not (isinstance(match, Mapping) or callable(match)):
            raise ParagonUsageError(
                f"match= takes a mapping (the JSON body contains it) or a function of the call, "
                f"not {type(match).__name__}"
            )
        if isinstance(match_content, str):
            match_content = match_content.encode()
        built = cls(
            contains=dict(match) if isinstance(match, Mapping) else None,
            predicate=None if match is None or isinstance(match, Mapping) else match,
            json=match_json,
            query=dict(match_query) if match_query is not None else None,
            headers=dict(match_headers) if match_headers is not None else None,
            content=match_content,
        )
        return None if built == cls() else built

    def differs(self, call: Any) -> str | None:
        """The first condition ``call`` breaks, as ``field: what differs`` (``None``: it holds)."""
        body = call.parameters if hasattr(call, "parameters") else getattr(call, "body", None)
        name = "parameters" if hasattr(call, "parameters") else "body"
        if self.contains is not None:
            found = contains_differs(name, self.contains, body)
            if found is not None:
                return found
        if self.json is not UNSET:
            found = equal_differs(name, self.json, body)
            if found is not None:
                return found
        if self.query is not None:
            found = self._query_differs(dict(getattr(call, "query", {}) or {}))
            if found is not None:
                return found
        if self.headers is not None:
            sent = {k.lower(): v for k, v in (getattr(call, "headers", {}) or {}).items()}
            for key, value in self.headers.items():
                if key.lower() not in sent:
                    return f"headers.{key}: missing (expected {value!r})"
                if sent[key.lower()] != value:
                    return f"headers.{key}: {sent[key.lower()]!r} is not {value!r}"
        if self.content is not None:
            content = getattr(call, "content", b"") or b""
            if content != self.content:
                return f"content: {content[:200]!r} is not {self.content[:200]!r}"
        return self._predicate_differs(call)

    def _query_differs(self, sent: Mapping[str, Any]) -> str | None:
        wanted = {key: _text(value) for key, value in (self.query or {}).items()}
        for key in sent:
            if key not in wanted:
                return f"query.{key}: not expected (the call sends {sent[key]!r})"
        for key, value in wanted.items():
            if key not in sent:
                return f"query.{key}: missing (expected {value!r})"
            if _text(sent[key]) != value:
                return f"query.{key}: {sent[key]!r} is not {value!r}"
        return None

    def _predicate_differs(self, call: Any) -> str | None:
        if self.predicate is None:
            return None
        name = getattr(self.predicate, "__name__", "the function")
        try:
            held = self.predicate(call)
        except Exception as exc:  # a predicate written for another shape of call
            return f"match: {name} raised {type(exc).__name__}: {exc}"
        return None if held else f"match: {name} returned {held!r}"

    def describe(self) -> str:
        """The conditions as keyword arguments, for an answer's label."""
        parts = []
        if self.contains is not None:
            parts.append(f"match={dict(self.contains)!r}")
        if self.predicate is not None:
            parts.append(f"match={getattr(self.predicate, '__name__', 'function')}")
        if self.json is not UNSET:
            parts.append(f"match_json={self.json!r}")
        if self.query is not None:
            parts.append(f"match_query={dict(self.query)!r}")
        if self.headers is not None:
            parts.append(f"match_headers={dict(self.headers)!r}")
        if self.content is not None:
            parts.append(f"match_content={self.content[:60]!r}")
        return ", ".join(parts)


def label_with(label: str, condition: RequestMatch | None) -> str:
    """``on_proxy('slack', ...)`` with the conditions inside the parentheses."""
    if condition is None or not label.endswith(")"):
        return label
    return f"{label[:-1]}, {condition.describe()})"
