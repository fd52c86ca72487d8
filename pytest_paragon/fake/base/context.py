"""What a handler receives (:class:`RequestContext`) and returns (:class:`Reply`), and the registry.

Handlers are plain functions, one per contract ``operationId``, registered with :func:`handles`.
They read the request from the context, act on :class:`~pytest_paragon.fake.base.state.FakeState`
and return a :class:`Reply` or raise :class:`~pytest_paragon.fake.base.errors.ApiError`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from pytest_paragon import strict_json
from pytest_paragon.fake.base.errors import bad_request
from pytest_paragon.fake.base.records import ConnectedUserRecord, CredentialRecord

if TYPE_CHECKING:
    from pytest_paragon.contract import Operation
    from pytest_paragon.errors import ParagonError
    from pytest_paragon.fake.base.state import FakeState
    from pytest_paragon.tokens import VerifiedToken


@dataclass
class Reply:
    """A response: status, JSON document (or raw bytes) and extra headers."""

    status: int = 200
    json: Any = None
    content: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    media_type: str = "application/json"

    def body(self) -> bytes:
        """The encoded body."""
        if self.content is not None:
            return self.content
        if self.json is None and self.status == 204:
            return b""
        return json.dumps(self.json, separators=(",", ":")).encode()


@dataclass
class RequestContext:
    """One request as a handler sees it, with what the composition root lends it."""

    state: FakeState
    operation: Operation
    method: str
    scheme: str
    host: str
    path: str
    path_params: Mapping[str, str]
    query_items: Sequence[tuple[str, str]]
    headers: Mapping[str, str]  # lower-cased names
    raw_body: bytes
    token: VerifiedToken | None = None
    trigger_timeout: float = 55.0
    integrations_payload: Callable[[], list[dict[str, Any]]] = list
    record_problem: Callable[[ParagonError], None] = lambda problem: None
    allow_unmatched_answers: bool = False
    provider_checks: bool = True

    @cached_property
    def query(self) -> dict[str, str]:
        """Query parameters (the last value of a repeated key)."""
        return dict(self.query_items)

    def header(self, name: str) -> str | None:
        """A request header by case-insensitive name."""
        return self.headers.get(name.lower())

    @cached_property
    def json(self) -> Any:
        """The body parsed as JSON (``None`` when empty); a 400 when it is not JSON."""
        if not self.raw_body:
            return None
        try:
            return strict_json.loads(self.raw_body)
        except ValueError:
            raise bad_request("Request body is not valid JSON.") from None

    def json_object(self) -> dict[str, Any]:
        """The body as a JSON object (``{}`` when empty); a 400 otherwise."""
        document = self.json
        if document is None:
            return {}
        if not isinstance(document, dict):
            raise bad_request("Request body must be a JSON object.")
        return document

    @property
    def user(self) -> ConnectedUserRecord:
        """The authenticated Connected User (created on first call, as Paragon does)."""
        if self.token is None:
            raise RuntimeError(f"{self.operation.operation_id} is not authenticated by user token")
        return self.state.ensure_user(self.token.sub)

    @property
    def credential_header(self) -> str | None:
        """``X-Paragon-Credential``, if sent."""
        return self.header("x-paragon-credential") or None

    @property
    def configuration_header(self) -> str | None:
        """``X-Paragon-Configuration-Id``, if sent."""
        return self.header("x-paragon-configuration-id") or None

    def selected_credential(self, integration_type: str | None = None) -> CredentialRecord:
        """The credential ``X-Paragon-Credential`` selects, else the integration's primary one."""
        return self.state.resolve_credential(self.user.id, self.credential_header, integration_type)


Handler = Callable[[RequestContext], Reply]
HANDLERS: dict[str, Handler] = {}


def handles(*operation_ids: str) -> Callable[[Handler], Handler]:
    """Register the decorated function as the handler of ``operation_ids``."""

    def register(function: Handler) -> Handler:
        for operation_id in operation_ids:
            if operation_id in HANDLERS:
                raise RuntimeError(f"two handlers for {operation_id}")
            HANDLERS[operation_id] = function
        return function

    return register
