"""One exchange with the fake, independent of the client library: request, response, journal.

The entrances (respx, httpx transports, the loopback server) translate to and from these types;
:meth:`pytest_paragon.fake.core.FakeParagon.handle` answers a :class:`FakeRequest` with a
:class:`FakeResponse` and journals a :class:`JournalEntry`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

CORS_HEADERS = {
    "access-control-allow-origin": "*",
    "access-control-allow-methods": "GET, POST, PUT, PATCH, DELETE, OPTIONS",
    "access-control-allow-headers": (
        "Authorization, Content-Type, Accept, X-Paragon-SDK-Version, X-Paragon-Credential, "
        "X-Paragon-Configuration-Id, X-Paragon-Use-Raw-Response, X-Paragon-Proxy-Url, "
        "X-Paragon-User-Metadata, X-Paragon-Cache-Metadata, X-Paragon-Use-Slack-Token-Type"
    ),
    "access-control-max-age": "600",
}


@dataclass(frozen=True)
class FakeRequest:
    """An HTTP request, independent of the client library that sent it."""

    method: str
    host: str
    path: str
    query: Sequence[tuple[str, str]] = ()
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""
    scheme: str = "https"


@dataclass(frozen=True)
class FakeResponse:
    """An HTTP response from the fake."""

    status: int
    headers: Mapping[str, str]
    body: bytes


@dataclass(frozen=True)
class JournalEntry:
    """One exchange with the fake, for assertions: what was asked and what was answered."""

    method: str
    host: str
    path: str
    query: tuple[tuple[str, str], ...]
    headers: Mapping[str, str]
    body: bytes
    operation_id: str | None
    status: int
    response_body: bytes
    user_id: str | None

    @property
    def json(self) -> Any:
        """The request body parsed as JSON (``None`` when empty or not JSON)."""
        import json

        try:
            return json.loads(self.body) if self.body else None
        except ValueError:
            return None

    @property
    def response_json(self) -> Any:
        """The response body parsed as JSON (``None`` when empty or not JSON)."""
        import json

        try:
            return json.loads(self.response_body) if self.response_body else None
        except ValueError:
            return None


class Answers(Protocol):
    """Anything that answers a :class:`FakeRequest` (the fake; the transports need no more)."""

    def handle(self, request: FakeRequest) -> FakeResponse:
        """Answer ``request``."""
