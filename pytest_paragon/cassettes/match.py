"""Matching a request to a recorded interaction: by meaning, not by bytes.

Fields, in the order a miss reports them: method, host (the name; not the scheme or port), path
template (the contract's operation),
path, query (any order), body (JSON compared as a structure) and identity: the ``sub`` and ``aud``
(the project) claims of the user token, from ``Authorization`` or the ``userToken`` query value,
never the raw token. Both sides are compared in their redacted form, with the ``exp`` claim left
out, so a token re-minted with a fresh expiry matches, and an expired recorded token never makes a
replay fail. Headers other than ``Authorization`` are not compared.

:class:`Player` is order-aware: each recorded interaction answers once, identical requests in the
order they were recorded (state changes between them); ``order="any"`` lets any matching
interaction answer again.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from pytest_paragon.cassettes.format import query_pairs
from pytest_paragon.cassettes.redact import PLACEHOLDER, REDACTED_JWT, placeholder_claims

ORDERS = ("sequence", "any")
FIELDS = ("method", "host", "template", "path", "query", "body", "identity")

Templates = Callable[[str, str], str | None]
"""``(method, path) -> path template`` of the contract's operation (``None``: no operation)."""


def _without_exp(text: str) -> str:
    if "<redacted" not in text:
        return text
    # Labels number secrets in the order one session met them: a replay's differ, so ignore them.
    text = PLACEHOLDER.sub("<redacted>", text) if "<redacted:" in text else text
    return REDACTED_JWT.sub(
        lambda match: (
            "<redacted-jwt"
            + "".join(f" {p}" for p in match.group(1).split() if not p.startswith("exp="))
            + ">"
        ),
        text,
    )


def _normalized(value: Any) -> Any:
    if isinstance(value, str):
        return _without_exp(value)
    if isinstance(value, dict):
        return {key: _normalized(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_normalized(item) for item in value]
    return value


@functools.lru_cache(maxsize=1024)
def _identity_of(credential: str) -> tuple[bool, str]:
    """Whether ``credential`` is a redacted JWT placeholder, and its ``sub=... aud=...``.

    Every request of a test sends the same token: it is read once.
    """
    claims = placeholder_claims(credential)
    return bool(claims), " ".join(
        f"{name}={claims[name]}" for name in ("sub", "aud") if name in claims
    )


def _identity(request: Mapping[str, Any]) -> str:
    authorization = (request.get("headers") or {}).get("authorization", "")
    found, shown = _identity_of(authorization.partition(" ")[2] or authorization)
    if not found:
        for name, value in query_pairs(request.get("query") or {}):
            if name == "userToken":
                found, shown = _identity_of(value)
    if found:
        return shown
    return "credential" if authorization else "anonymous"


class Key(NamedTuple):
    """What a request is matched on (every field a string, comparable and printable).

    A named tuple: one is built for every request, and hashed to find its interactions.
    """

    method: str
    host: str
    template: str
    path: str
    query: str
    body: str
    identity: str

    def differing(self, other: Key) -> list[str]:
        """The fields that differ from ``other``, in report order."""
        pairs = zip(self._fields, self, other, strict=True)
        return [name for name, mine, theirs in pairs if mine != theirs]


def key_of(request: Mapping[str, Any], templates: Templates | None = None) -> Key:
    """The :class:`Key` of a (redacted) request document."""
    url = urlsplit(request["url"])
    path = _without_exp(url.path)
    method = str(request["method"]).upper()
    template = (templates(method, url.path) if templates else None) or path
    if "json" in request:
        body = json.dumps(_normalized(request["json"]), sort_keys=True, ensure_ascii=False)
    else:
        body = _without_exp(str(request.get("text", request.get("base64", ""))))
    return Key(
        method=method,
        host=(url.hostname or url.netloc).lower(),
        template=template,
        path=path,
        query=query_field(request.get("query") or {}),
        body=body,
        identity=_identity(request),
    )


def query_field(query: Mapping[str, Any]) -> str:
    """The ``query`` field of a :class:`Key`, from a redacted query mapping (any order)."""
    pairs = sorted((k, _without_exp(v)) for k, v in query_pairs(query))
    return json.dumps(pairs, ensure_ascii=False)


def with_query(key: Key, request: Mapping[str, Any], query: Mapping[str, Any]) -> Key:
    """The key of ``request`` (whose :class:`Key` is ``key``) sent with the redacted ``query``.

    Equal to :func:`key_of` of the request with that query: only the query and the identity (a
    ``userToken`` query value names it when no ``Authorization`` does) depend on the query.
    """
    return key._replace(query=query_field(query), identity=_identity({**request, "query": query}))


def _short(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[:limit] + "..."


class Player:
    """Which recorded interaction answers a request, order-aware (see the module docs)."""

    def __init__(self, keys: Sequence[Key], order: str = "sequence") -> None:
        """Play the interactions whose keys are ``keys`` (recorded order)."""
        self.keys: list[Key] = []
        self.order = order
        self.used: list[bool] = []
        self._by_key: dict[Key, list[int]] = {}
        for key in keys:
            self.add(key, used=False)

    def add(self, key: Key, *, used: bool = True) -> None:
        """A newly recorded interaction (already used: it answered the request it recorded)."""
        self._by_key.setdefault(key, []).append(len(self.keys))
        self.keys.append(key)
        self.used.append(used)

    def play(self, key: Key) -> int | None:
        """The index of the interaction that answers ``key``; ``None`` for a miss."""
        matching = self._by_key.get(key, [])
        if not matching:
            return None
        if self.order == "any":
            chosen = matching[0]
        else:
            fresh = [index for index in matching if not self.used[index]]
            if not fresh:
                return None
            chosen = fresh[0]
        self.used[chosen] = True
        return chosen

    def exhausted(self, key: Key) -> int:
        """How many recorded interactions match ``key`` (all already played, on a miss)."""
        return len(self._by_key.get(key, []))

    def unused(self) -> list[int]:
        """Indexes of the interactions that never answered."""
        return [index for index, used in enumerate(self.used) if not used]

    def nearest(self, key: Key, limit: int = 3) -> list[str]:
        """The closest recorded requests, each with the fields that differ and their values."""
        ranked = sorted(
            range(len(self.keys)),
            key=lambda index: (
                len(self.keys[index].differing(key)),
                [FIELDS.index(name) for name in self.keys[index].differing(key)],
            ),
        )
        lines = []
        for index in ranked[:limit]:
            recorded = self.keys[index]
            differing = recorded.differing(key)
            details = "; ".join(
                ("" if len(differing) == 1 else f"{name} ")
                + f"recorded {_short(getattr(recorded, name))!r}, "
                f"received {_short(getattr(key, name))!r}"
                for name in differing[:2]
            )
            label = f"interaction #{index} {recorded.method} {recorded.host}{recorded.path}"
            if not differing:
                lines.append(f"{label} (the same request, already replayed)")
                continue
            lines.append(f"{label} (differs in {', '.join(differing)}: {details})")
        return lines
