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


def _checked_secret(secret: str) -> str:
    """``secret``, unless it is empty or blank: a receiver whose secret is unset refuses all."""
    from pytest_paragon.errors import ParagonUsageError

    if not isinstance(secret, str) or not secret.strip():
        raise ParagonUsageError(
            Report(
                what="the webhook signing secret is empty: every signature would be forged",
                expected="the project's ActionKit Signing Secret (a non-blank string)",
                received=repr(secret) if not isinstance(secret, str) else "an empty string",
                remedy="set the signing secret (an unset environment variable reads as '')",
                anchor="webhooks",
            )
        )
    return secret


def sign(body: bytes, secret: str) -> str:
    """The ``x-paragon-signature`` value of ``body``: ``v1=`` + hex HMAC-SHA256 with ``secret``."""
    digest = hmac.new(_checked_secret(secret).encode(), body, hashlib.sha256).hexdigest()
    return f"{SCHEME}={digest}"


def _candidates(header: str) -> list[str]:
    """The ``v1`` digests of a header (comma-separated entries tolerated for key rotation)."""
    found = []
    for part in header.split(","):
        scheme, _, digest = part.strip().partition("=")
        digest = digest.strip().lower()
        # hex only: a non-ASCII character makes compare_digest raise TypeError (never a 500)
        if scheme == SCHEME and digest and all(c in "0123456789abcdef" for c in digest):
            found.append(digest)
    return found


def signature_problem(body: bytes, header: str | None, secret: str) -> str | None:
    """Why ``header`` does not sign ``body`` with ``secret`` (``None``: it does).

    An empty or blank ``secret`` is a usage error, never a pass.
    """
    _checked_secret(secret)
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
    """Remembers the last ``capacity`` event keys; a second delivery of one is a replay.

    Key rules: the key is the body's ``eventId`` with its JSON type (``1`` and ``"1"`` are two
    events); an event without an ``eventId`` (or with ``null``) is never a replay of another, so
    it is always first-time; a body that is not a JSON object (a list, a number, invalid JSON) has
    no ``eventId`` either: first-time, never an exception. Only ``eventId`` is a deduplication key
    (Paragon documents it as one); a retried delivery keeps its ``eventId``.
    """

    def __init__(self, capacity: int = 10_000) -> None:
        """Keep at most ``capacity`` keys (oldest forgotten first)."""
        self.capacity = capacity
        self._seen: OrderedDict[str, None] = OrderedDict()

    @staticmethod
    def key(body: bytes | dict[str, object] | object) -> str | None:
        """The deduplication key of ``body`` (``None``: it has no ``eventId``)."""
        document: object = body
        if isinstance(body, bytes | str):
            try:
                document = json.loads(body)
            except ValueError:
                return None
        if not isinstance(document, dict) or document.get("eventId") is None:
            return None
        return json.dumps(document["eventId"], sort_keys=True, default=str)

    def first_time(self, body: bytes | dict[str, object]) -> bool:
        """Record the event's key; ``False`` when it was seen before (a replay)."""
        key = self.key(body)
        if key is None:
            return True
        if key in self._seen:
            return False
        self._seen[key] = None
        if len(self._seen) > self.capacity:
            self._seen.popitem(last=False)
        return True

    def check(self, body: bytes | dict[str, object]) -> None:
        """Raise :class:`ReplayedEventError` for a replayed event."""
        if not self.first_time(body):
            raise ReplayedEventError(
                Report(
                    what=f"webhook event {self.key(body)} was already delivered",
                    remedy="deduplicate on eventId: Paragon may deliver an event more than once",
                    anchor="webhooks",
                )
            )
