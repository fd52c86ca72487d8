"""Admin endpoints of server mode, under ``/__paragon/`` (never one of Paragon's own paths).

Tests outside Python seed and read the fake through them:

- ``GET /__paragon/health``: ``{ok, projectId}``
- ``POST /__paragon/reset``: back to the start (declared users re-seeded)
- ``POST /__paragon/users/{userId}/credentials``: connect an integration: ``{integration,
  status?, credentialId?, externalId?, providerId?, providerData?, accountAuth?, settings?,
  workflows?, configurations?}``; ``workflows`` lists workflow ids to enable or maps them to
  ``true``/``false``/``{enabled, settings}``, ``configurations`` adds configurations ``{id?,
  externalId?, settings?, workflows?}``, as a project file's ``users[].credentials[]`` do; 201
  with the credential
- ``POST /__paragon/tokens``: mint a user token ``{sub, ttl?, audience?, permissions?}``
- ``GET /__paragon/users/{userId}``: the user as ``GET /sdk/me`` shows it
- ``GET /__paragon/journal``: the requests the fake answered (the newest, within its bounds),
  secrets redacted as a cassette's are (the journal, violations and problems never show one)
- ``GET /__paragon/journal/summary``: ``{kept, bytes, dropped, droppedBytes, maxEntries, maxBytes}``
- ``GET /__paragon/app-events``: the App Events received
- ``GET /__paragon/violations``: contract violations recorded so far
- ``POST /__paragon/proxy-responses``: one of the seed's ``proxyResponses``: ``{integration,
  response, status?, method?, path?, headers?, match?, matchJson?, matchQuery?, matchHeaders?,
  matchContent?, optional?}``
- ``POST /__paragon/trigger-responses``: one of the seed's ``triggerResponses``: ``{workflowId,
  response, status?, headers?, match?, matchJson?, matchQuery?, matchHeaders?, matchContent?,
  optional?}``
- ``POST /__paragon/seed``: seed users and runtime answers with the project file's keys
  (``users``, ``proxyResponses``, ``triggerResponses``, ``toolResponses``, ``fieldOptions``,
  ``oauthOutcome``, ``actionkitRecords``, ``syncRecords``, ``syncPermissions``, ``executions``,
  ``clock``): the same :class:`~pytest_paragon.fake.base.project.SeedSpec` as
  ``paragon_fake.seed()``; 201
- ``PUT /__paragon/project``: fake another project (a whole project file as JSON); state reset
- ``POST /__paragon/field-options``: one of the seed's ``fieldOptions``: ``{integration,
  sourceKey, options}``
- ``GET /__paragon/openapi.json``: this admin API's own OpenAPI document (from its models)
- ``GET /__paragon/oauth/consent?session=...``: the consent page of the fake's OAuth URL

``POST /__paragon/proxy-responses``, ``POST /__paragon/trigger-responses``,
``POST /__paragon/field-options`` and ``PUT /__paragon/oauth/outcome`` repeat what
``POST /__paragon/seed`` does: deprecated since 0.2.0 (:data:`DEPRECATED_ROUTES`), they still work
and answer with a ``Deprecation`` header naming the seed key to use. Mutating endpoints refuse GET
with 405; an unknown admin path is a 404. Request bodies are JSON
objects checked field by field: a wrong or unknown field is a 400 naming it. The routes that
register one answer take the seed's own models and go through the same
:func:`~pytest_paragon.fake.seeding.apply_seed` as ``POST /__paragon/seed``: one vocabulary.
"""

from __future__ import annotations

import base64
import math
import re
import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, ValidationError

from pytest_paragon import strict_json
from pytest_paragon.errors import ParagonUsageError, collecting_deprecations
from pytest_paragon.fake.base.errors import ApiError, FakeError, bad_request, not_found, wire
from pytest_paragon.fake.base.project import ProjectSpec, SeedCredentialSpec, SeedSpec
from pytest_paragon.fake.base.seed_spec import (
    FieldOptionSpec,
    ProxyResponseSpec,
    TriggerResponseSpec,
)
from pytest_paragon.redaction.redactor import Redactor

ADMIN_PREFIX = "/__paragon/"
DEPRECATED_ROUTES: dict[str, str] = {
    "proxy_response": "POST /__paragon/seed with {proxyResponses: [...]}",
    "trigger_response": "POST /__paragon/seed with {triggerResponses: [...]}",
    "field_options": "POST /__paragon/seed with {fieldOptions: [...]}",
    "set_oauth_outcome": "POST /__paragon/seed with {oauthOutcome: ...}",
}
"""Routes that repeat ``POST /__paragon/seed`` (since 0.2.0 deprecated): the spelling to use.

They keep working; each answer carries ``Deprecation: true``, a ``Link`` to the successor and a
``X-Paragon-Deprecation`` header with the new spelling (a server thread must not raise a warning).
"""


def deprecation_headers(method: str, path: str, notes: Sequence[str] = ()) -> dict[str, str]:
    """The deprecation headers of ``method path`` and of the old ``notes`` its body used."""
    found = list(notes)
    headers: dict[str, str] = {}
    for route_method, pattern, name in AdminAPI.ROUTES:
        if route_method == method.upper() and re.fullmatch(pattern, path):
            new = DEPRECATED_ROUTES.get(name)
            if new is not None:
                found.insert(0, f"{method.upper()} {path} is deprecated since 0.2.0: use {new}")
                headers["link"] = '</__paragon/seed>; rel="successor-version"'
    if found:
        headers.update({"deprecation": "true", "x-paragon-deprecation": "; ".join(found)})
    return headers


MAX_TOKEN_TTL = 10 * 365 * 24 * 3600
"""The longest lifetime (seconds) ``POST /__paragon/tokens`` mints: ten years."""

if TYPE_CHECKING:
    from pytest_paragon.fake.core import FakeParagon, FakeRequest


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _TokenBody(_Body):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)
    sub: str = Field(min_length=1)
    ttl: float = Field(3600, ge=1, le=MAX_TOKEN_TTL)
    audience: StrictBool = False
    permissions: dict[str, Any] | None = None


class _OAuthOutcomeBody(_Body):
    outcome: Literal["granted", "pending"]


ROUTE_BODIES: dict[str, type[BaseModel]] = {
    "token": _TokenBody,
    "proxy_response": ProxyResponseSpec,
    "set_oauth_outcome": _OAuthOutcomeBody,
    "trigger_response": TriggerResponseSpec,
    "connect": SeedCredentialSpec,
    "seed": SeedSpec,
    "set_project": ProjectSpec,
    "field_options": FieldOptionSpec,
}
"""The request body model of each admin route that takes one (validation and OpenAPI)."""
BODIES = {model.__name__: model for model in ROUTE_BODIES.values()}


def _invalid(error: ValidationError) -> ApiError:
    from pytest_paragon.fake.base.spec_errors import explain

    root = BODIES.get(error.title)
    if root is None:  # pragma: no cover - every body model is listed
        first = error.errors()[0]
        place = ".".join(str(part) for part in first["loc"]) or "body"
        return wire(bad_request(f"{place}: {first['msg']}"))
    explained = explain(error, root)
    place = "body" if explained.place == "<top level>" else explained.place
    return wire(bad_request(f"{place}: {explained.message}"))


def finite(value: Any) -> Any:
    """``value`` with each non-finite float (a body's ``1e999``) as a string: strict JSON."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # "inf", "-inf", "nan"
    if isinstance(value, dict):
        return {key: finite(item) for key, item in value.items()}
    if isinstance(value, list):
        return [finite(item) for item in value]
    return value


def _entry(entry: Any, redactor: Redactor) -> dict[str, Any]:
    """One journal entry as the admin API shows it: secrets redacted like a cassette's."""
    query = [
        [name, redactor.json({name: value}, "query", placement="query")[name]]
        for name, value in entry.query
    ]
    return {
        "method": entry.method,
        "host": entry.host,
        "path": redactor.text(entry.path, "path"),
        "query": query,
        "operationId": entry.operation_id,
        "status": entry.status,
        "userId": entry.user_id,
        "body": finite(redactor.json(entry.json, "body")),
        "bodyBase64": None
        if entry.json is not None
        else redactor.text(base64.b64encode(entry.body).decode(), "body"),
        "response": finite(redactor.json(entry.response_json, "response")),
    }


class AdminAPI:
    """Routes one admin request to its method; answers ``(status, JSON document | HTML bytes)``."""

    DEPRECATED = tuple(DEPRECATED_ROUTES)
    ROUTES: tuple[tuple[str, str, str], ...] = (
        ("GET", r"/__paragon/health", "health"),
        ("POST", r"/__paragon/reset", "reset"),
        ("POST", r"/__paragon/users/(?P<user_id>[^/]+)/credentials", "connect"),
        ("GET", r"/__paragon/users/(?P<user_id>[^/]+)", "user"),
        ("POST", r"/__paragon/tokens", "token"),
        ("GET", r"/__paragon/journal", "journal"),
        ("GET", r"/__paragon/journal/summary", "journal_summary"),
        ("GET", r"/__paragon/app-events", "app_events"),
        ("GET", r"/__paragon/violations", "violations"),
        ("GET", r"/__paragon/problems", "problems"),
        ("POST", r"/__paragon/proxy-responses", "proxy_response"),
        ("POST", r"/__paragon/trigger-responses", "trigger_response"),
        ("GET", r"/__paragon/oauth/consent", "consent"),
        ("GET", r"/__paragon/project", "project"),
        ("GET", r"/__paragon/oauth/outcome", "oauth_outcome"),
        ("PUT", r"/__paragon/oauth/outcome", "set_oauth_outcome"),
        ("POST", r"/__paragon/seed", "seed"),
        ("PUT", r"/__paragon/project", "set_project"),
        ("POST", r"/__paragon/field-options", "field_options"),
        ("GET", r"/__paragon/openapi.json", "openapi"),
    )

    def __init__(self, fake: FakeParagon) -> None:
        """Administer ``fake``."""
        self.fake = fake
        self.headers: dict[str, str] = {}
        """Headers of the last answer: ``Deprecation`` when the route or a body key is old."""

    def handle(self, request: FakeRequest) -> tuple[int, Any]:
        """Answer ``request`` (a path under ``/__paragon/``); :attr:`headers` go with it."""
        with collecting_deprecations() as notes:
            answer = self._handle(request)
        self.headers = deprecation_headers(request.method, request.path, notes)
        return answer

    def _handle(self, request: FakeRequest) -> tuple[int, Any]:
        allowed = [
            method for method, pattern, _ in self.ROUTES if re.fullmatch(pattern, request.path)
        ]
        for method, pattern, name in self.ROUTES:
            match = re.fullmatch(pattern, request.path)
            if match and method == request.method.upper():
                try:
                    body = strict_json.loads(request.body) if request.body.strip() else {}
                except ValueError:
                    return 400, {"statusCode": 400, "message": "Request body is not valid JSON."}
                if not isinstance(body, dict):
                    message = "Request body must be a JSON object."
                    return 400, {"statusCode": 400, "message": message}
                try:
                    with self.fake.state.lock:
                        result: tuple[int, Any] = getattr(self, name)(
                            body=body, query=dict(request.query), **match.groupdict()
                        )
                except ValidationError as error:
                    invalid = _invalid(error)
                    return invalid.status, invalid.body()
                except FakeError as error:
                    answer = wire(error)
                    return answer.status, answer.body()
                except ParagonUsageError as error:
                    if not isinstance(error.domain_error, FakeError):
                        return 400, {"statusCode": 400, "message": str(error)}
                    answer = wire(error.domain_error)
                    return answer.status, answer.body()
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

    def project(self, **_: Any) -> tuple[int, Any]:
        """The faked project as data (the project file's shape), e.g. for the installFlow."""
        return 200, self.fake.project.model_dump(mode="json", by_alias=True)

    def oauth_outcome(self, **_: Any) -> tuple[int, Any]:
        """Whether OAuth consent is granted at once or waits (``granted`` or ``pending``)."""
        return 200, {"outcome": self.fake.state.oauth_outcome}

    def set_oauth_outcome(self, body: dict[str, Any], **_: Any) -> tuple[int, Any]:
        """Set the OAuth outcome: ``{"outcome": "granted" | "pending"}``."""
        wanted = _OAuthOutcomeBody.model_validate(body)
        self._seed(SeedSpec(oauthOutcome=wanted.outcome))
        return 200, {"outcome": wanted.outcome}

    def seed(self, body: dict[str, Any], **_: Any) -> tuple[int, Any]:
        """Seed with the project file's keys (``SeedSpec``), as ``paragon_fake.seed()`` does."""
        self._seed(SeedSpec.model_validate(body))
        return 201, {"ok": True}

    def _seed(self, seed: SeedSpec) -> None:
        """Apply ``seed`` as ``POST /__paragon/seed`` and ``paragon_fake.seed()`` do."""
        from pytest_paragon.fake.seeding import apply_seed

        apply_seed(self.fake.state, seed)

    def set_project(self, body: dict[str, Any], **_: Any) -> tuple[int, Any]:
        """Fake the project ``body`` declares (a project file as JSON); the state is reset."""
        spec = ProjectSpec.model_validate(body)
        try:  # Paragon's project ids are UUIDs: the SDK and the token audience carry them
            uuid.UUID(spec.id)
        except ValueError:
            raise bad_request(f"project id {spec.id[:80]!r} is not a UUID") from None
        self.fake.replace_project(spec)
        return 200, {"ok": True, "projectId": self.fake.project.id}

    def field_options(self, body: dict[str, Any], **_: Any) -> tuple[int, Any]:
        """The options getFieldOptions pages through: ``{integration, sourceKey, options}``."""
        self._seed(SeedSpec(fieldOptions=(FieldOptionSpec.model_validate(body),)))
        return 201, {"ok": True}

    def openapi(self, **_: Any) -> tuple[int, Any]:
        """The admin API's own OpenAPI 3.1 document, derived from its body models."""
        from pytest_paragon.fake.entrances.admin_openapi import admin_openapi

        return 200, admin_openapi(self.ROUTES, ROUTE_BODIES, type(self))

    def reset(self, **_: Any) -> tuple[int, Any]:
        """Empty the fake."""
        self.fake.reset()
        return 200, {"ok": True}

    def connect(self, body: dict[str, Any], user_id: str, **_: Any) -> tuple[int, Any]:
        """Connect ``body["integration"]`` for ``user_id``; answers the credential (201).

        Everything is checked before anything is stored: a wrong field changes nothing.
        """
        from pytest_paragon.fake.connect.views import credential_payload

        seed = SeedCredentialSpec.model_validate(body)
        credential = self.fake.users.seed_credential(user_id, seed)
        return 201, credential_payload(credential, self.fake.project.id)

    def user(self, user_id: str, **_: Any) -> tuple[int, Any]:
        """The user as ``/sdk/me`` shows it (404 if Paragon has not seen it)."""
        from pytest_paragon.fake.connect.views import me_payload

        user = self.fake.state.users.get(user_id)
        if user is None:
            raise not_found(f"User {user_id} has not been seen.")
        return 200, me_payload(self.fake.state, user)

    def token(self, body: dict[str, Any], **_: Any) -> tuple[int, Any]:
        """Mint a user token signed with the fake's key."""
        wanted = _TokenBody.model_validate(body)
        token = self.fake.signing_key.mint(
            wanted.sub,
            project_id=self.fake.project.id,
            ttl=wanted.ttl,
            now=self.fake.clock(),
            audience=wanted.audience,
            permissions=wanted.permissions,
        )
        return 201, {"token": token}

    def journal(self, **_: Any) -> tuple[int, Any]:
        """Every request the fake answered, oldest first; secrets redacted as in a cassette."""
        redactor = Redactor()
        return 200, [_entry(entry, redactor) for entry in self.fake.journal]

    def _scrubber(self) -> Redactor:
        """A redactor that has seen the journal: it scrubs the secrets messages quote."""
        redactor = Redactor()
        for entry in self.fake.journal:
            _entry(entry, redactor)
        return redactor

    def journal_summary(self, **_: Any) -> tuple[int, Any]:
        """What the bounded journal keeps and has dropped: ``{kept, bytes, dropped, ...}``."""
        return 200, self.fake.journal.summary()

    def app_events(self, **_: Any) -> tuple[int, Any]:
        """Every App Event received."""
        return 200, [
            {"name": e.name, "payload": e.payload, "userId": e.user_id, "path": e.path,
             "receivedAt": e.received_at, "credential": e.credential}
            for e in self.fake.state.app_events
        ]  # fmt: skip

    def violations(self, **_: Any) -> tuple[int, Any]:
        """Contract violations recorded so far."""
        redactor = self._scrubber()
        return 200, [
            {
                "operation": redactor.scrub(v.operation),
                "place": v.place,
                "message": redactor.scrub(v.message),
            }
            for v in self.fake._violations
        ]

    def problems(self, **_: Any) -> tuple[int, Any]:
        """What would fail an in-process test so far: ``{type, message}`` per failure."""
        redactor = self._scrubber()
        return 200, [
            {"type": type(problem).__name__, "message": redactor.scrub(str(problem))}
            for problem in self.fake.problems()
        ]

    def proxy_response(self, body: dict[str, Any], **_: Any) -> tuple[int, Any]:
        """Deprecated: register a provider answer for proxy calls (``POST /__paragon/seed``)."""
        self._seed(SeedSpec(proxyResponses=(ProxyResponseSpec.model_validate(body),)))
        return 201, {"ok": True}

    def trigger_response(self, body: dict[str, Any], **_: Any) -> tuple[int, Any]:
        """Deprecated: register a request trigger's Response step (``POST /__paragon/seed``)."""
        self._seed(SeedSpec(triggerResponses=(TriggerResponseSpec.model_validate(body),)))
        return 201, {"ok": True}

    def consent(self, query: dict[str, str], **_: Any) -> tuple[int, Any]:
        """The provider consent page of a fake OAuth flow, as Paragon's redirect page behaves.

        Consent given: the page posts ``{type: "oauth_success_callback", credential:
        {integrationId, payload: {code, credentialId}}}`` to its opener (the origin E16 named) and
        closes. SDK 2.1.1 to 2.2.4 resolve a headless ``installIntegration`` with
        ``payload.credentialId``; every version answers the message with E9 and the payload, which
        the fake exchanges for the credential consent created (E17 polling finds the same one).
        Consent pending: the page
        posts nothing and closes; the SDK polls E17 until ``grant_oauth``.
        """
        import json as _json

        session = self.fake.state.oauth_sessions.get(query.get("session", ""))
        if session is None:
            raise not_found("Unknown OAuth session.")
        if session.credential_id is None:
            # closes at once: the SDK polls E17 (the portal only once the popup closed)
            page = (
                "<!doctype html><html><body><p>Consent pending (pytest-paragon).</p>"
                "<script>window.close();</script></body></html>"
            )
            return 200, page.encode()
        spec = self.fake.state.integration(session.integration_type)
        message = {
            "type": "oauth_success_callback",
            "credential": {
                "integrationId": spec.id,
                "payload": {"code": session.code, "credentialId": session.credential_id},
            },
        }
        script = (
            f"window.opener && window.opener.postMessage({_json.dumps(message)}, "
            f"{_json.dumps(session.origin)});window.close();"
        ).replace("</", "<\\/")
        page = (
            "<!doctype html><html><body><p>Consent granted (pytest-paragon).</p>"
            f"<script>{script}</script></body></html>"
        )
        return 200, page.encode()
