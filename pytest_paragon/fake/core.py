"""The fake Paragon: one object that answers any HTTP request the way Paragon would.

``FakeParagon.handle`` is the single entrance for all three adapters (respx routes, the explicit
httpx transports, the loopback server): route by method and path through the contract, check the
request against the contract, authenticate (user token, project API key), check JWT permissions,
run the operation's handler against the state, journal the exchange. Nothing here imports pytest,
hypothesis or schemathesis.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from pytest_paragon.contract import Contract, Operation, load_contract
from pytest_paragon.contract.validation import (
    RequestChecker,
    Violation,
    check_response,
)
from pytest_paragon.fake import handlers as _handlers  # noqa: F401  (registers every handler)
from pytest_paragon.fake.actionkit_seeding import ActionKitSeeding
from pytest_paragon.fake.context import HANDLERS, Reply, RequestContext
from pytest_paragon.fake.errors import ApiError, bad_request, forbidden, not_found, unauthorized
from pytest_paragon.fake.executions import TaskHistorySeeding
from pytest_paragon.fake.overrides import ResponseOverrides
from pytest_paragon.fake.permissions import governed, permits, required_permission, subject_of
from pytest_paragon.fake.project import ProjectSpec
from pytest_paragon.fake.records import Clock, IdFactory
from pytest_paragon.fake.seeding import Seeding
from pytest_paragon.fake.state import FakeState
from pytest_paragon.fake.sync import SyncSeeding
from pytest_paragon.tokens import SigningKey, TokenRejected, TokenVerifier, VerifiedToken

StrictMode = Literal["teardown", "immediate", "off"]

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


class StrictViolationError(AssertionError):
    """Raised for a contract violation when strict mode is ``immediate``."""


class FakeParagon(ActionKitSeeding, Seeding, TaskHistorySeeding, SyncSeeding):
    """A stateful fake of Paragon's APIs for one project (seeding helpers: :class:`Seeding`)."""

    def __init__(
        self,
        project: ProjectSpec | None = None,
        *,
        signing_key: SigningKey | None = None,
        contract: Contract | None = None,
        seed: int | str = 0,
        clock: Clock | None = None,
        strict: StrictMode = "teardown",
        validate_responses: bool = False,
        trigger_timeout: float = 55.0,
    ) -> None:
        """Fake ``project`` (default catalogue); tokens verify against ``signing_key``."""
        from pytest_paragon.fake.catalogue import default_project

        self.contract = contract or load_contract()
        self.validators = self.contract.validators
        self.checker = RequestChecker(self.contract, self.validators)
        self.signing_key = signing_key or SigningKey.generate()
        self.clock = clock or Clock()
        self.state = FakeState(project or default_project(), clock=self.clock, ids=IdFactory(seed))
        self.verifier = TokenVerifier(
            self.signing_key.public_key, project_id=self.state.project.id, clock=self.clock
        )
        self.strict: StrictMode = strict
        self.validate_responses = validate_responses
        self.trigger_timeout = trigger_timeout
        self.journal: list[JournalEntry] = []
        self.violations: list[Violation] = []
        self._templates = sorted({op.path_template for op in self.contract.operations})
        self._integrations: list[dict[str, Any]] | None = None
        self.router: Any = None  # the respx router while the pytest fixture intercepts
        self.overrides = ResponseOverrides(self.contract)
        self.respond_once = self.overrides.respond_once  # answer the next call with a response
        self.respond_with = self.overrides.respond_with  # ... or every call inside a with block
        self.seed_declared_users()

    def transport(self) -> Any:
        """An ``httpx.BaseTransport`` served by this fake, for code that injects one."""
        from pytest_paragon.fake.transport import ParagonTransport

        return ParagonTransport(self)

    def async_transport(self) -> Any:
        """An ``httpx.AsyncBaseTransport`` served by this fake."""
        from pytest_paragon.fake.transport import AsyncParagonTransport

        return AsyncParagonTransport(self)

    def integrations_payload(self) -> list[dict[str, Any]]:
        """``GET /sdk/integrations`` (static per project: built once)."""
        if self._integrations is None:
            from pytest_paragon.fake.views import integrations_payload

            self._integrations = integrations_payload(self.project)
        return self._integrations

    @property
    def project(self) -> ProjectSpec:
        """The faked project."""
        return self.state.project

    def reset(self) -> None:
        """Back to the start: empty state, journal and violations; the declared users re-seeded."""
        self.state.reset()
        self.journal.clear()
        self.violations.clear()
        self.overrides.clear()
        self.seed_declared_users()

    # -- the single entrance ------------------------------------------------------------------

    def handle(self, request: FakeRequest) -> FakeResponse:
        """Answer ``request`` as Paragon would."""
        headers = {key.lower(): value for key, value in request.headers.items()}
        if request.method.upper() == "OPTIONS":
            return FakeResponse(204, dict(CORS_HEADERS), b"")
        found = self.contract.match(request.method, request.path)
        token: VerifiedToken | None = None
        operation: Operation | None = None
        try:
            if found is None:
                raise self._unknown(request)
            operation, path_params = found
            violations = self._check_request(operation, path_params, request, headers)
            token = self._authenticate(operation, headers, request.query)  # 401 before 400
            if violations:
                raise bad_request(f"{violations[0].place}: {violations[0].message}")
            context = RequestContext(
                fake=self,
                operation=operation,
                method=request.method.upper(),
                scheme=request.scheme,
                host=request.host,
                path=request.path,
                path_params=path_params,
                query_items=tuple(request.query),
                headers=headers,
                raw_body=request.body,
                token=token,
            )
            self._authorize(context)
            handler = HANDLERS.get(operation.operation_id)
            override = self.overrides.take(operation.operation_id)
            if override is not None:
                reply = override
            elif handler is None:
                raise ApiError(501, f"{operation.operation_id} is not served by the fake yet.")
            else:
                with self.state.lock:
                    reply = handler(context)
        except ApiError as error:
            reply = Reply(error.status, error.body(), headers=dict(error.headers))
        if operation is not None and self.validate_responses:
            self._check_reply(operation, reply)
        body = reply.body()
        response_headers = {"content-type": reply.media_type, **CORS_HEADERS, **reply.headers}
        self.journal.append(
            JournalEntry(
                method=request.method.upper(),
                host=request.host,
                path=request.path,
                query=tuple(request.query),
                headers=headers,
                body=request.body,
                operation_id=operation.operation_id if operation else None,
                status=reply.status,
                response_body=body,
                user_id=token.sub if token else None,
            )
        )
        return FakeResponse(reply.status, response_headers, body)

    # -- the steps ------------------------------------------------------------------------------

    def _unknown(self, request: FakeRequest) -> ApiError:
        allowed = self.contract.templates_matching(request.path)
        if allowed:
            operations = [op for op in self.contract.operations if op.path_template in allowed]
            candidates = [
                f"{op.method.upper()} {op.path_template} ({op.operation_id})" for op in operations
            ]
            message = f"Cannot {request.method.upper()} {request.path}"
            self._violate(Violation("(no operation)", "method", message, "paths", candidates))
            methods = ", ".join(sorted({op.method.upper() for op in operations}))
            return ApiError(405, message, headers={"allow": methods})
        nearest = difflib.get_close_matches(request.path, self._templates, n=3, cutoff=0.3)
        self._violate(
            Violation(
                "(no operation)",
                "path",
                f"no documented operation for {request.method.upper()} {request.path}",
                "paths",
                nearest,
            )
        )
        return not_found(f"Cannot {request.method.upper()} {request.path}")

    def _check_request(
        self,
        operation: Operation,
        path_params: Mapping[str, str],
        request: FakeRequest,
        headers: Mapping[str, str],
    ) -> list[Violation]:
        """Record (and return) the request's contract violations."""
        if self.strict == "off":
            return []
        violations = self.checker.check(
            operation,
            path_params=path_params,
            query=request.query,
            headers=headers,
            content_type=headers.get("content-type"),
            body=request.body,
        )
        for violation in violations:
            self._violate(violation)
        return violations

    def _violate(self, violation: Violation) -> None:
        if self.strict == "off":
            return
        self.violations.append(violation)
        if self.strict == "immediate":
            from pytest_paragon.fake.reporting import violation_error

            raise violation_error(violation)

    def _authenticate(
        self, operation: Operation, headers: Mapping[str, str], query: Sequence[tuple[str, str]]
    ) -> VerifiedToken | None:
        security = operation.definition.get("security", self.contract.document.get("security", []))
        schemes = {name for requirement in security for name in requirement}
        if not schemes:
            return None
        if "userTokenQuery" in schemes:
            raw = dict(query).get("userToken")
        else:
            authorization = headers.get("authorization", "")
            scheme, _, raw = authorization.strip().partition(" ")
            raw = raw.strip()
            if scheme.lower() != "bearer" or not raw:
                raise unauthorized("missing bearer token")
        if not raw:
            raise unauthorized("missing user token")
        if "projectApiKey" in schemes:
            if raw not in self.project.apiKeys:
                raise unauthorized("invalid API key")
            return None
        try:
            return self.verifier.verify(raw.strip())
        except TokenRejected as rejected:
            raise unauthorized(rejected.reason) from None

    def _authorize(self, context: RequestContext) -> None:
        project_id = context.path_params.get("projectId", self.project.id)
        if project_id != self.project.id:
            security = context.operation.definition.get(
                "security", self.contract.document.get("security", [])
            )
            if any(requirement for requirement in security):
                # The contract's 401: "... wrongly signed or for another project". A token or API
                # key of this project is not one of the other project's.
                raise unauthorized(f"the credentials are not valid for project {project_id}")
            raise not_found(f"Project {project_id} not found.")
        if context.token is None or context.token.permissions is None:
            return
        if not governed(context.operation):
            return
        subject = subject_of(
            self.state,
            context.token.sub,
            context.path_params,
            context.query,
            context.credential_header,
            context.configuration_header,
        )
        if not permits(
            context.token.permissions,
            required_permission(context.operation),
            integration=subject.integration,
            credential=subject.credential,
            configuration=subject.configuration,
        ):
            raise forbidden()

    def _check_reply(self, operation: Operation, reply: Reply) -> None:
        if reply.content is not None or reply.status == 204:
            return
        problems = check_response(
            self.contract, self.validators, operation, reply.status, reply.media_type, reply.json
        )
        if problems:
            from pytest_paragon.fake.reporting import violation_error

            raise violation_error(problems[0], response=True)
