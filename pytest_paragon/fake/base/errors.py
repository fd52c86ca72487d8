"""Errors of the fake's domain, and the HTTP errors it answers with.

The state raises domain errors (:class:`NotFoundError`, :class:`InvalidError`,
:class:`UnknownIntegrationError`): they know nothing of HTTP. Handlers may raise :class:`ApiError`
for what exists only on the wire (a 401's ``reason``, a 403's code, a 502, a 542). Only the core
turns either into a response, through :func:`wire`: a JSON body shaped like Paragon's (NestJS
style) with ``Content-Type: application/json`` (the SDK turns a non-JSON error body into the
useless message ``{}``). Permission denials carry ``code: "7210"`` so the SDK does not log the user
out. Test helpers turn a domain error into a :class:`~pytest_paragon.errors.ParagonUsageError`.
Every class here derives from :class:`~pytest_paragon.errors.ParagonError`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from http import HTTPStatus
from typing import Any

from pytest_paragon.errors import ParagonError, ParagonUsageError

INSUFFICIENT_PERMISSION = "7210"
INTEGRATION_NOT_ENABLED = "Integration not enabled for user."


class FakeError(ParagonError):
    """The fake refuses what it was asked (a request, or a test helper's call)."""

    def __init__(self, message: str) -> None:
        """Keep the human ``message``."""
        self.message = message
        super().__init__(message)


class NotFoundError(FakeError):
    """What was named does not exist (a user's credential, a configuration, a workflow, ...)."""


class InvalidError(FakeError):
    """What was asked is not acceptable in the current state (a taken external id, ...)."""


class UnknownIntegrationError(NotFoundError):
    """The project has no integration of that type or id; keeps the valid names."""

    def __init__(self, name: str, valid: Iterable[str]) -> None:
        """``name`` is none of ``valid``."""
        self.name = name
        self.valid = tuple(valid)
        super().__init__(f"Integration {name!r} not found in this project.")


def usage_error(error: FakeError, *, where: str | None = None) -> ParagonUsageError:
    """The usage error a test helper raises for ``error`` (valid names and the nearest one)."""
    if isinstance(error, UnknownIntegrationError):
        return ParagonUsageError.from_unknown(
            "integration", error.name, error.valid, where=where, anchor="declaring-a-project"
        )
    return ParagonUsageError(error.message if where is None else f"{where}: {error.message}")


class ApiError(FakeError):
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


def wire(error: FakeError) -> ApiError:
    """The HTTP error for ``error``: a domain error becomes a 404 or a 400."""
    if isinstance(error, ApiError):
        return error
    return ApiError(404 if isinstance(error, NotFoundError) else 400, error.message)


def bad_request(message: str) -> InvalidError:
    """The request is not acceptable (a 400 on the wire)."""
    return InvalidError(message)


def unauthorized(reason: str) -> ApiError:
    """401: the token is missing or was rejected for ``reason``."""
    return ApiError(401, "Unauthorized", extra={"reason": reason})


def forbidden(message: str = "Insufficient permission.") -> ApiError:
    """403 with the INSUFFICIENT_PERMISSION code."""
    return ApiError(403, message, code=INSUFFICIENT_PERMISSION)


def not_found(message: str) -> NotFoundError:
    """What was named does not exist (a 404 on the wire)."""
    return NotFoundError(message)


def integration_not_enabled(**meta: Any) -> ApiError:
    """The Proxy/ActionKit answer when the user has no valid credential for the integration."""
    return ApiError(404, INTEGRATION_NOT_ENABLED, meta=dict(meta) if meta else None)
