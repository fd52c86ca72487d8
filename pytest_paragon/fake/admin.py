"""Admin endpoints of server mode, under ``/__paragon/`` (never one of Paragon's own paths).

Tests outside Python seed and read the fake through them:

- ``GET /__paragon/health``: ``{ok, projectId}``
- ``POST /__paragon/reset``: back to the start (declared users re-seeded)
- ``POST /__paragon/users/{userId}/credentials``: connect an integration (``connect`` options)
- ``POST /__paragon/tokens``: mint a user token ``{sub, ttl?, audience?, permissions?}``
- ``GET /__paragon/users/{userId}``: the user as ``GET /sdk/me`` shows it
- ``GET /__paragon/journal``: the requests the fake answered
- ``GET /__paragon/app-events``: the App Events received
- ``GET /__paragon/violations``: contract violations recorded so far
- ``POST /__paragon/proxy-responses``: ``{integration, body, status?, method?, path?, headers?}``
- ``POST /__paragon/trigger-responses``: ``{workflowId, body, status?}``
- ``GET /__paragon/oauth/consent?session=...``: the consent page of the fake's OAuth URL

Mutating endpoints refuse GET with 405.
"""

from __future__ import annotations

import base64
import json
import re
from typing import TYPE_CHECKING, Any

from pytest_paragon.fake.errors import ApiError, bad_request, not_found

if TYPE_CHECKING:
    from pytest_paragon.fake.core import FakeParagon, FakeRequest

_CONNECT_OPTIONS = {
    "status": "status",
    "providerId": "provider_id",
    "providerData": "provider_data",
    "settings": "settings",
    "workflows": "workflows",
    "externalId": "external_id",
    "accountAuth": "account_auth",
    "credentialId": "credential_id",
}


def _entry(entry: Any) -> dict[str, Any]:
    return {
        "method": entry.method,
        "host": entry.host,
        "path": entry.path,
        "query": [list(item) for item in entry.query],
        "operationId": entry.operation_id,
        "status": entry.status,
        "userId": entry.user_id,
        "body": entry.json,
        "bodyBase64": None if entry.json is not None else base64.b64encode(entry.body).decode(),
        "response": entry.response_json,
    }


class AdminAPI:
    """Routes one admin request to its method; answers ``(status, JSON document | HTML bytes)``."""

    ROUTES: tuple[tuple[str, str, str], ...] = (
        ("GET", r"/__paragon/health", "health"),
        ("POST", r"/__paragon/reset", "reset"),
        ("POST", r"/__paragon/users/(?P<user_id>[^/]+)/credentials", "connect"),
        ("GET", r"/__paragon/users/(?P<user_id>[^/]+)", "user"),
        ("POST", r"/__paragon/tokens", "token"),
        ("GET", r"/__paragon/journal", "journal"),
        ("GET", r"/__paragon/app-events", "app_events"),
        ("GET", r"/__paragon/violations", "violations"),
        ("POST", r"/__paragon/proxy-responses", "proxy_response"),
        ("POST", r"/__paragon/trigger-responses", "trigger_response"),
        ("GET", r"/__paragon/oauth/consent", "consent"),
    )

    def __init__(self, fake: FakeParagon) -> None:
        """Administer ``fake``."""
        self.fake = fake

    def handle(self, request: FakeRequest) -> tuple[int, Any]:
        """Answer ``request`` (a path under ``/__paragon/``)."""
        allowed = [
            method for method, pattern, _ in self.ROUTES if re.fullmatch(pattern, request.path)
        ]
        for method, pattern, name in self.ROUTES:
            match = re.fullmatch(pattern, request.path)
            if match and method == request.method.upper():
                try:
                    body = json.loads(request.body) if request.body else {}
                except ValueError:
                    return 400, {"statusCode": 400, "message": "Request body is not valid JSON."}
                try:
                    result: tuple[int, Any] = getattr(self, name)(
                        body=body, query=dict(request.query), **match.groupdict()
                    )
                except ApiError as error:
                    return error.status, error.body()
                except (TypeError, ValueError) as error:
                    return 400, {"statusCode": 400, "message": str(error)}
                return result
        if allowed:
            message = f"{request.method.upper()} is not allowed here; use {', '.join(allowed)}."
            return 405, {"statusCode": 405, "message": message}
        return 404, {"statusCode": 404, "message": f"No admin endpoint {request.path}."}

    def health(self, **_: Any) -> tuple[int, Any]:
        """Liveness and the project id."""
        return 200, {"ok": True, "projectId": self.fake.project.id}

    def reset(self, **_: Any) -> tuple[int, Any]:
        """Empty the fake."""
        self.fake.reset()
        return 200, {"ok": True}

    def connect(self, body: dict[str, Any], user_id: str, **_: Any) -> tuple[int, Any]:
        """Connect ``body["integration"]`` for ``user_id``; answers the credential."""
        from pytest_paragon.fake.views import credential_payload

        if not isinstance(body.get("integration"), str):
            raise bad_request("integration (a string) is required")
        unknown = set(body) - set(_CONNECT_OPTIONS) - {"integration"}
        if unknown:
            raise bad_request(
                f"unknown fields {sorted(unknown)}; known: {sorted(_CONNECT_OPTIONS)}"
            )
        options = {
            _CONNECT_OPTIONS[key]: value for key, value in body.items() if key != "integration"
        }
        credential = self.fake.connect(user_id, body["integration"], **options)
        return 201, credential_payload(credential, self.fake.project.id)

    def user(self, user_id: str, **_: Any) -> tuple[int, Any]:
        """The user as ``/sdk/me`` shows it (404 if Paragon has not seen it)."""
        from pytest_paragon.fake.views import me_payload

        user = self.fake.state.users.get(user_id)
        if user is None:
            raise not_found(f"User {user_id} has not been seen.")
        return 200, me_payload(self.fake.state, user)

    def token(self, body: dict[str, Any], **_: Any) -> tuple[int, Any]:
        """Mint a user token signed with the fake's key."""
        if not isinstance(body.get("sub"), str):
            raise bad_request("sub (a string) is required")
        token = self.fake.signing_key.mint(
            body["sub"],
            project_id=self.fake.project.id,
            ttl=float(body.get("ttl", 3600)),
            now=self.fake.clock(),
            audience=bool(body.get("audience", False)),
            permissions=body.get("permissions"),
        )
        return 201, {"token": token}

    def journal(self, **_: Any) -> tuple[int, Any]:
        """Every request the fake answered, oldest first."""
        return 200, [_entry(entry) for entry in self.fake.journal]

    def app_events(self, **_: Any) -> tuple[int, Any]:
        """Every App Event received."""
        return 200, [
            {"name": e.name, "payload": e.payload, "userId": e.user_id, "path": e.path,
             "receivedAt": e.received_at, "credential": e.credential}
            for e in self.fake.state.app_events
        ]  # fmt: skip

    def violations(self, **_: Any) -> tuple[int, Any]:
        """Contract violations recorded so far."""
        return 200, [
            {"operation": v.operation, "place": v.place, "message": v.message}
            for v in self.fake.violations
        ]

    def proxy_response(self, body: dict[str, Any], **_: Any) -> tuple[int, Any]:
        """Register a provider answer for proxy calls (optional: never fails a test)."""
        self.fake.on_proxy(
            body["integration"],
            body.get("body"),
            method=body.get("method"),
            path=body.get("path"),
            status=int(body.get("status", 200)),
            headers=body.get("headers"),
            optional=True,
        )
        return 201, {"ok": True}

    def trigger_response(self, body: dict[str, Any], **_: Any) -> tuple[int, Any]:
        """Register the Response step of a request-triggered workflow."""
        self.fake.on_trigger(
            body["workflowId"], body.get("body"), status=int(body.get("status", 200)), optional=True
        )
        return 201, {"ok": True}

    def consent(self, query: dict[str, str], **_: Any) -> tuple[int, Any]:
        """The provider consent page of a fake OAuth flow: reports the result to the opener."""
        session = self.fake.state.oauth_sessions.get(query.get("session", ""))
        if session is None:
            raise not_found("Unknown OAuth session.")
        message = {"type": "oauth_success_callback", "credentialId": session.credential_id}
        page = (
            "<!doctype html><html><body><p>Consent granted (pytest-paragon).</p><script>"
            f"window.opener && window.opener.postMessage({json.dumps(message)}, '*');"
            "</script></body></html>"
        )
        return 200, page.encode()
