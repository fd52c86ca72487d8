"""Sign and verify ActionKit trigger webhooks: ``x-paragon-signature: v1=<hex HMAC-SHA256>``.

Paragon signs the raw JSON body with the project's ActionKit Signing Secret (HMAC-SHA256, hex)
and sends ``v1=`` followed by the digest. The format has no timestamp, so a replay cannot be
told from its signature; Paragon documents ``eventId`` as the deduplication key instead, which
:class:`EventDeduplicator` keeps. Use :func:`verify_signature` in your own receiver::

    verify_signature(request_body_bytes, request.headers.get("x-paragon-signature"), secret)
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections import OrderedDict

from pytest_paragon.errors import ParagonError, Report

SIGNATURE_HEADER = "x-paragon-signature"
SCHEME = "v1"


class WebhookSignatureError(ParagonError, AssertionError):
    """A webhook's signature header is missing, malformed or does not match its body."""


class ReplayedEventError(ParagonError, AssertionError):
    """A webhook event was delivered again (same ``eventId``)."""


def sign(body: bytes, secret: str) -> str:
    """The ``x-paragon-signature`` value of ``body``: ``v1=`` + hex HMAC-SHA256 with ``secret``."""
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return f"{SCHEME}={digest}"


def _candidates(header: str) -> list[str]:
    """The ``v1`` digests of a header (comma-separated entries tolerated for key rotation)."""
    found = []
    for part in header.split(","):
        scheme, _, digest = part.strip().partition("=")
        if scheme == SCHEME and digest:
            found.append(digest.strip().lower())
    return found


def signature_problem(body: bytes, header: str | None, secret: str) -> str | None:
    """Why ``header`` does not sign ``body`` with ``secret`` (``None``: it does)."""
    if header is None or not header.strip():
        return f"the {SIGNATURE_HEADER} header is missing"
    digests = _candidates(header)
    if not digests:
        return f"the {SIGNATURE_HEADER} header has no {SCHEME}=<hex> entry"
    expected = sign(body, secret).partition("=")[2]
    if any(hmac.compare_digest(expected, digest) for digest in digests):
        return None
    return "the signature does not match the body (tampered body or wrong signing secret)"


def is_valid_signature(body: bytes, header: str | None, secret: str) -> bool:
    """Whether ``header`` is a valid ``x-paragon-signature`` of the raw ``body``."""
    return signature_problem(body, header, secret) is None


def verify_signature(body: bytes, header: str | None, secret: str) -> None:
    """Raise :class:`WebhookSignatureError` unless ``header`` signs the raw ``body``.

    Pass the body bytes exactly as received: re-serialising parsed JSON changes the bytes and
    breaks the signature. The comparison runs in constant time.
    """
    problem = signature_problem(body, header, secret)
    if problem is not None:
        raise WebhookSignatureError(
            Report(
                what=f"webhook signature rejected: {problem}",
                expected=f"{SIGNATURE_HEADER}: {SCHEME}=<hex HMAC-SHA256 of the raw body>",
                received="(none)" if header is None else header[:80],
                remedy="sign the exact body bytes with the project's ActionKit Signing Secret",
                anchor="webhooks",
            )
        )


class EventDeduplicator:
    """Remembers the last ``capacity`` ``eventId`` s; a second delivery of one is a replay."""

    def __init__(self, capacity: int = 10_000) -> None:
        """Keep at most ``capacity`` ids (oldest forgotten first)."""
        self.capacity = capacity
        self._seen: OrderedDict[str, None] = OrderedDict()

    def first_time(self, body: bytes | dict[str, object]) -> bool:
        """Record the event's ``eventId``; ``False`` when it was seen before (a replay)."""
        document = json.loads(body) if isinstance(body, bytes) else body
        event_id = str(document.get("eventId", ""))
        if event_id in self._seen:
            return False
        self._seen[event_id] = None
        if len(self._seen) > self.capacity:
            self._seen.popitem(last=False)
        return True

    def check(self, body: bytes | dict[str, object]) -> None:
        """Raise :class:`ReplayedEventError` for a replayed event."""
        if not self.first_time(body):
            document = json.loads(body) if isinstance(body, bytes) else body
            raise ReplayedEventError(
                Report(
                    what=f"webhook event {document.get('eventId')!r} was already delivered",
                    remedy="deduplicate on eventId: Paragon may deliver an event more than once",
                    anchor="webhooks",
                )
            )
