"""HTTP errors the fake answers with: JSON bodies shaped like Paragon's (NestJS style).

Handlers raise :class:`ApiError`; the core turns it into a response with
``Content-Type: application/json`` (the SDK turns a non-JSON error body into the useless message
``{}``). Permission denials carry ``code: "7210"`` so the SDK does not log the user out.
"""

from __future__ import annotations

import contextlib
from http import HTTPStatus
from typing import Any

INSUFFICIENT_PERMISSION = "7210"
INTEGRATION_NOT_ENABLED = "Integration not enabled for user."


class ApiError(Exception):
    """An error response: status code and JSON body ``{statusCode, message, error, ...}``."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        code: str | None = None,
        meta: dict[str, Any] | None = None,
        extra: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        """Build the error for ``status`` with a human ``message``."""
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code
        self.meta = meta
        self.extra = extra or {}
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        """The JSON body Paragon would send."""
        body: dict[str, Any] = {"statusCode": self.status, "message": self.message}
        with contextlib.suppress(ValueError):  # 542 and other non-standard codes have no phrase
            body["error"] = HTTPStatus(self.status).phrase
        if self.code is not None:
            body["code"] = self.code
        if self.meta is not None:
            body["meta"] = self.meta
        body.update(self.extra)
        return body


def bad_request(message: str) -> ApiError:
    """400 with ``message``."""
    return ApiError(400, message)


def unauthorized(reason: str) -> ApiError:
    """401: the token is missing or was rejected for ``reason``."""
    return ApiError(401, "Unauthorized", extra={"reason": reason})


def forbidden(message: str = "Insufficient permission.") -> ApiError:
    """403 with the INSUFFICIENT_PERMISSION code."""
    return ApiError(403, message, code=INSUFFICIENT_PERMISSION)


def not_found(message: str) -> ApiError:
    """404 with ``message``."""
    return ApiError(404, message)


def integration_not_enabled(**meta: Any) -> ApiError:
    """The Proxy/ActionKit answer when the user has no valid credential for the integration."""
    return ApiError(404, INTEGRATION_NOT_ENABLED, meta=dict(meta) if meta else None)
