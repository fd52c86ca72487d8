"""One exchange with the fake, independent of the client library: request, response, journal.

The entrances (respx, httpx transports, the loopback server) translate to and from these types;
:meth:`pytest_paragon.fake.core.FakeParagon.handle` answers a :class:`FakeRequest` with a
:class:`FakeResponse` and journals a :class:`JournalEntry`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from pytest_paragon.errors import ParagonWarning

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
    service_host: str = ""
    """The Paragon host the address stands for (server mode with an address per service), when
    it is not ``host``: the operation is routed, and refused with a 404, as if sent there."""


@dataclass(frozen=True)
class FakeResponse:
    """An HTTP response from the fake."""

    status: int
    headers: Mapping[str, str]
    body: bytes
    fault: str = ""
    """A fault the entrance makes real (``reset``, ``timeout``, ``truncated``), else empty."""
    delay: float = 0.0
    """Seconds the answer is late (a ``latency`` fault; a server-mode ``timeout``'s stall)."""


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


_new = object.__new__


def journal_entry(
    method: str,
    host: str,
    path: str,
    query: tuple[tuple[str, str], ...],
    headers: Mapping[str, str],
    body: bytes,
    operation_id: str | None,
    status: int,
    response_body: bytes,
    user_id: str | None,
) -> JournalEntry:
    """The :class:`JournalEntry` its constructor makes (equal, as frozen), built per request.

    A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__``, which cost
    a tenth of the fake's own time per request; this fills the new instance's ``__dict__`` once.
    """
    entry = _new(JournalEntry)
    entry.__dict__.update(
        {
            "method": method,
            "host": host,
            "path": path,
            "query": query,
            "headers": headers,
            "body": body,
            "operation_id": operation_id,
            "status": status,
            "response_body": response_body,
            "user_id": user_id,
        }
    )
    return entry


def fake_request(
    method: str,
    host: str,
    path: str,
    query: Sequence[tuple[str, str]],
    headers: Mapping[str, str],
    body: bytes,
    scheme: str,
) -> FakeRequest:
    """``FakeRequest(method, host, path, query, headers, body, scheme)``, built as above."""
    request = _new(FakeRequest)
    request.__dict__.update(
        {
            "method": method,
            "host": host,
            "path": path,
            "query": query,
            "headers": headers,
            "body": body,
            "scheme": scheme,
            "service_host": "",
        }
    )
    return request


def fake_response(status: int, headers: Mapping[str, str], body: bytes) -> FakeResponse:
    """``FakeResponse(status, headers, body)`` (no fault, no delay), as :func:`journal_entry`."""
    response = _new(FakeResponse)
    response.__dict__.update(
        {"status": status, "headers": headers, "body": body, "fault": "", "delay": 0.0}
    )
    return response


JOURNAL_MAX_ENTRIES = 10_000
"""Default bound of the journal's length (the ``journal_max_entries`` setting)."""
JOURNAL_MAX_BYTES = 64 * 1024 * 1024
"""Default bound of the request and response bodies the journal keeps (``journal_max_bytes``)."""


PROBLEMS_MAX = 1000
"""The most violations (and, apart, failures) a fake keeps; later ones are only counted."""


class BoundedProblems(list[Any]):
    """A fake's violations or failures: the first :data:`PROBLEMS_MAX` kept, the rest counted.

    A served fake fed bad requests for hours must not grow without end (like the journal); the
    first problems are the telling ones, so later ones are dropped, counted in :attr:`dropped`.
    """

    def __init__(self, max_items: int = PROBLEMS_MAX) -> None:
        """An empty list keeping at most ``max_items``."""
        super().__init__()
        self.max_items = max_items
        self.dropped = 0

    def append(self, item: Any) -> None:
        """Keep ``item`` while there is room; else count it."""
        if len(self) < self.max_items:
            super().append(item)
        else:
            self.dropped += 1

    def clear(self) -> None:
        """Empty, the count of dropped ones too."""
        super().clear()
        self.dropped = 0


class JournalTrimmedWarning(ParagonWarning):
    """The journal reached its bound and dropped its oldest exchanges (said once per fake)."""


class Journal(list[JournalEntry]):
    """The request journal: a list, oldest first, bounded in entries and in body bytes.

    A server fed large bodies for hours must not grow without end: past either bound the oldest
    exchanges are dropped, counted in :attr:`dropped` / :attr:`dropped_bytes`, and a
    :class:`JournalTrimmedWarning` says so the first time (assertions over the journal, and the
    coverage computed from it, then see only the newest exchanges).
    """

    def __init__(
        self, max_entries: int = JOURNAL_MAX_ENTRIES, max_bytes: int = JOURNAL_MAX_BYTES
    ) -> None:
        """An empty journal keeping at most ``max_entries`` exchanges and ``max_bytes`` bytes."""
        super().__init__()
        self.max_entries = max(1, max_entries)
        self.max_bytes = max(0, max_bytes)
        self.bytes = 0
        self.dropped = 0
        self.dropped_bytes = 0

    @staticmethod
    def size_of(entry: JournalEntry) -> int:
        """The bytes an entry holds that a client chose (its request and response bodies)."""
        return len(entry.body) + len(entry.response_body)

    def append(self, entry: JournalEntry) -> None:
        """Keep ``entry``; drop the oldest ones while a bound is exceeded (never ``entry``)."""
        super().append(entry)
        self.bytes += len(entry.body) + len(entry.response_body)
        if len(self) <= self.max_entries and self.bytes <= self.max_bytes:
            return  # within both bounds: the common case, nothing to look at
        excess = 0
        kept = self.bytes
        while len(self) - excess > self.max_entries or (
            kept > self.max_bytes and len(self) - excess > 1
        ):
            kept -= self.size_of(self[excess])
            excess += 1
        if excess:
            self._drop(excess)

    def _drop(self, count: int) -> None:
        first = not self.dropped
        size = sum(self.size_of(entry) for entry in self[:count])
        del self[:count]
        self.bytes -= size
        self.dropped += count
        self.dropped_bytes += size
        if first:
            import contextlib
            import warnings

            message = (
                f"the fake's journal reached its bound ({self.max_entries} exchanges, "
                f"{self.max_bytes} bytes of bodies) and drops the oldest exchanges; "
                "raise journal_max_entries / journal_max_bytes to keep more"
            )
            # Warnings as errors must not fail the request: the counts still say it.
            with contextlib.suppress(JournalTrimmedWarning):
                warnings.warn(message, JournalTrimmedWarning, stacklevel=4)

    def clear(self) -> None:
        """Forget every exchange and the counts of dropped ones."""
        super().clear()
        self.bytes = self.dropped = self.dropped_bytes = 0

    def summary(self) -> dict[str, int]:
        """``{kept, bytes, dropped, droppedBytes, maxEntries, maxBytes}``: what is and was kept."""
        return {
            "kept": len(self),
            "bytes": self.bytes,
            "dropped": self.dropped,
            "droppedBytes": self.dropped_bytes,
            "maxEntries": self.max_entries,
            "maxBytes": self.max_bytes,
        }


class Answers(Protocol):
    """Anything that answers a :class:`FakeRequest` (the fake; the transports need no more)."""

    def handle(self, request: FakeRequest) -> FakeResponse:
        """Answer ``request``."""
