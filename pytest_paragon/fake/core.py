"""The fake Paragon: one object that answers any HTTP request the way Paragon would.

``FakeParagon.handle`` is the single entrance for all three adapters (respx routes, the explicit
httpx transports, the loopback server): route by method and path through the contract, check the
request against the contract, authenticate (user token, project API key), check JWT permissions,
run the operation's handler against the state, journal the exchange. Nothing here imports pytest,
hypothesis or schemathesis.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any, Literal

from pytest_paragon.contract import Contract, Operation
from pytest_paragon.contract.servers import HostFamilies, families_of
from pytest_paragon.contract.validation import (
    RequestChecker,
    Violation,
    check_response,
    validators_of,
)
from pytest_paragon.errors import FakeDefectError, ParagonError, ParagonUsageError, UnusedStubError

# The areas' handler modules register themselves in HANDLERS when imported: the core composes them.
from pytest_paragon.fake.actionkit import tool_handlers, trigger_handlers
from pytest_paragon.fake.actionkit.helpers import ActionKitHelpers
from pytest_paragon.fake.base import snapshots
from pytest_paragon.fake.base.authentication import authenticate
from pytest_paragon.fake.base.context import HANDLERS, Reply, RequestContext
from pytest_paragon.fake.base.errors import (
    ApiError,
    FakeError,
    bad_request,
    forbidden,
    not_found,
    unauthorized,
    wire,
)
from pytest_paragon.fake.base.exchange import (
    CORS_HEADERS,
    JOURNAL_MAX_BYTES,
    JOURNAL_MAX_ENTRIES,
    FakeRequest,
    FakeResponse,
    Journal,
    JournalEntry,
)
from pytest_paragon.fake.base.overrides import ResponseOverrides
from pytest_paragon.fake.base.permissions import governed, permits, required_permission, subject_of
from pytest_paragon.fake.base.project import ProjectSpec
from pytest_paragon.fake.base.records import Clock, IdFactory
from pytest_paragon.fake.base.reporting import violation_error
from pytest_paragon.fake.base.sdk_version import ContractViews, SdkVersionCheck, View, serving
from pytest_paragon.fake.base.snapshots import StateSnapshot
from pytest_paragon.fake.base.state import FakeState
from pytest_paragon.fake.connect.handlers import (
    credentials,
    oauth,
    proxy,
    sdk_2_0_6,
    triggers,
    users,
    workflows,
)
from pytest_paragon.fake.connect.helpers import ConnectHelpers, ProxyHelpers, TriggerHelpers
from pytest_paragon.fake.seeding import apply_seed, as_seed
from pytest_paragon.fake.sync import handlers as sync_handlers
from pytest_paragon.fake.sync.helpers import SyncHelpers
from pytest_paragon.fake.task_history import handlers as task_history_handlers
from pytest_paragon.fake.task_history.executions import listen as record_runs_in_task_history
from pytest_paragon.fake.task_history.helpers import TaskHistoryHelpers
from pytest_paragon.tokens import SigningKey, TokenVerifier, VerifiedToken

StrictMode = Literal["teardown", "immediate", "off"]


class FakeParagon:
    """A stateful fake of Paragon's APIs for one project.

    Test helpers are grouped by area: :attr:`users` (connect, credentials, settings),
    :attr:`proxy`, :attr:`triggers`, :attr:`actionkit`, :attr:`sync` and :attr:`task_history`.
    The one-line names the README uses (``connect``, ``on_proxy``, ``on_trigger``, ``on_tool``,
    ``metadata``, ...) are the same methods under a shorter name.
    """

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
        allow_unmatched_stubs: bool = False,
        allow_unused_stubs: bool = False,
        journal_max_entries: int = JOURNAL_MAX_ENTRIES,
        journal_max_bytes: int = JOURNAL_MAX_BYTES,
        sdk_version: str | None = None,
    ) -> None:
        """Fake ``project`` (default catalogue); tokens verify against ``signing_key``.

        ``allow_unmatched_stubs``: a proxy, request-trigger or Tool call that no registered answer
        matches is answered as if nothing were registered (the proxy's 502, the trigger's 202,
        the Tool's default output) instead of failing the test with :class:`UnmatchedStubError`.
        ``allow_unused_stubs``: registered answers that were never called do not fail the test.
        ``journal_max_entries`` / ``journal_max_bytes`` bound :attr:`journal` (oldest dropped).
        ``sdk_version``: ``"auto"`` follows each request's SDK version to its frozen contract.
        """
        from pytest_paragon.fake.base.catalogue import default_project

        self.contract = serving(contract, sdk_version)
        self.validators = validators_of(self.contract)
        self.checker = RequestChecker(self.contract, self.validators)
        self.hosts = families_of(self.contract)  # which Paragon host serves which operation
        self.signing_key = signing_key or SigningKey.generate()
        self.clock = clock or Clock()
        self.state = FakeState(project or default_project(), clock=self.clock, ids=IdFactory(seed))
        self.verifier = TokenVerifier(
            self.signing_key.public_key, project_id=self.state.project.id, clock=self.clock
        )
        self.strict: StrictMode = strict
        self.validate_responses = validate_responses
        self.trigger_timeout = trigger_timeout
        self.allow_unmatched_stubs = allow_unmatched_stubs
        self.allow_unused_stubs = allow_unused_stubs
        self.failures: list[ParagonError] = []  # unmatched stubs and defects of the fake, in order
        self.journal = Journal(journal_max_entries, journal_max_bytes)
        self.violations: list[Violation] = []
        self.sdk_versions = SdkVersionCheck(self.contract, follow=sdk_version == "auto")
        self._views = ContractViews(self.contract, self.checker, self.hosts, self.sdk_versions)
        self._templates = sorted({op.path_template for op in self.contract.operations})
        self._integrations: list[dict[str, Any]] | None = None
        self.router: Any = None  # the respx router while the pytest fixture intercepts
        record_runs_in_task_history(self.state)
        self.users = ConnectHelpers(self.state)
        self.proxy = ProxyHelpers(self.state)
        self.triggers = TriggerHelpers(self.state)
        self.actionkit = ActionKitHelpers(self.state)
        self.sync = SyncHelpers(self.state)
        self.task_history = TaskHistoryHelpers(self.state)
        # The README's one-line names: the same bound methods, not copies.
        self.connect = self.users.connect
        self.workflow_id = self.users.workflow_id
        self.field_options = self.users.field_options
        self.oauth_outcome = self.users.oauth_outcome
        self.metadata = self.users.metadata
        self.credentials = self.users.credentials
        self.settings = self.users.settings
        self.workflow_states = self.users.workflow_states
        self.app_events = self.users.app_events
        self.on_proxy = self.proxy.on
        self.on_trigger = self.triggers.on
        self.on_tool = self.actionkit.on_tool
        self.overrides = ResponseOverrides(self.contract)
        self.respond_once = self.overrides.respond_once  # answer the next call with a response
        self.respond_with = self.overrides.respond_with  # ... or every call inside a with block
        self._seed_declared()

    def transport(self) -> Any:
        """An ``httpx.BaseTransport`` served by this fake, for code that injects one."""
        from pytest_paragon.fake.entrances.transport import ParagonTransport

        return ParagonTransport(self)

    def async_transport(self) -> Any:
        """An ``httpx.AsyncBaseTransport`` served by this fake."""
        from pytest_paragon.fake.entrances.transport import AsyncParagonTransport

        return AsyncParagonTransport(self)

    def integrations_payload(self) -> list[dict[str, Any]]:
        """``GET /sdk/integrations`` (static per project: built once)."""
        if self._integrations is None:
            from pytest_paragon.fake.connect.views import integrations_payload

            self._integrations = integrations_payload(self.project)
        return self._integrations

    @property
    def project(self) -> ProjectSpec:
        """The faked project."""
        return self.state.project

    def reset(self) -> None:
        """Back to the start: empty state, journal and violations; the declared users re-seeded."""
        self.state.reset()
        self._forget_exchanges()
        self._seed_declared()

    def snapshot(self) -> StateSnapshot:
        """The state now (users, credentials, handlers, areas, ids), to :meth:`restore` later."""
        return snapshots.take(self.state)

    def restore(self, snapshot: StateSnapshot) -> None:
        """Back to ``snapshot``, much cheaper than reseeding; journal and violations emptied."""
        snapshots.restore(self.state, snapshot)
        self._forget_exchanges()

    def _forget_exchanges(self) -> None:
        self.journal.clear()
        self.violations.clear()
        self.failures.clear()
        self.overrides.clear()

    def _seed_declared(self) -> None:
        self.users.seed_declared_users()  # users first, with their places in the project
        apply_seed(self.state, self.project.model_copy(update={"users": ()}))

    def seed(self, spec: Any = None, /, **keys: Any) -> None:
        """Seed with the project file's keys (a ``SeedSpec``, a mapping or keyword arguments)."""
        apply_seed(self.state, as_seed(spec, **keys))

    def replace_project(self, project: ProjectSpec) -> None:
        """Fake ``project`` from now on (``PUT /__paragon/project``): everything else reset."""
        with self.state.lock:
            self.state.project, self._integrations = project, None
            key = self.signing_key.public_key
            self.verifier = TokenVerifier(key, project_id=project.id, clock=self.clock)
            self.reset()

    # -- the single entrance ------------------------------------------------------------------

    def handle(self, request: FakeRequest) -> FakeResponse:
        """Answer ``request`` as Paragon would."""
        headers = {key.lower(): value for key, value in request.headers.items()}
        if request.method.upper() == "OPTIONS":
            return FakeResponse(204, {}, b"")  # no browser in process: no CORS
        view = self._views.for_headers(headers)  # the contract of the client's SDK version
        found = view.contract.match(request.method, request.path)
        token: VerifiedToken | None = None
        operation: Operation | None = None
        try:
            if found is None:
                raise self._unknown(request, view.contract)
            self._check_host(found[0], request, view.hosts)  # before `operation`: not served here
            operation, path_params = found
            self._check_sdk_version(operation, headers)
            violations = self._check_request(operation, path_params, request, headers, view)
            token = authenticate(  # 401 before 400
                view.contract.security_schemes(operation),
                headers,
                request.query,
                api_keys=self.project.apiKeys,
                verifier=self.verifier,
            )
            if violations:
                raise bad_request(f"{violations[0].place}: {violations[0].message}")
            context = RequestContext(
                state=self.state,
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
                trigger_timeout=self.trigger_timeout,
                integrations_payload=self.integrations_payload,
                record_problem=self._record_problem,
                allow_unmatched_stubs=self.allow_unmatched_stubs,
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
        except FakeError as error:  # domain and wire errors alike: the wire decides the status
            answer = wire(error)
            reply = Reply(answer.status, answer.body(), headers=dict(answer.headers))
        except ParagonError:
            raise  # strict "immediate": the failure itself reaches the test
        except Exception as exc:  # a bug in the fake: answer 500, and fail the test with it
            reply = self._defect(operation, exc)
        if operation is None or operation.operation_id != "getConnectedUser":
            self.state.changed()  # any other request may have changed what /sdk/me shows
        if operation is not None and self.validate_responses:
            self._check_reply(operation, reply, view)
        body = reply.body()
        response_headers = {"content-type": reply.media_type, **reply.headers}
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

    @property
    def operations(self) -> list[str]:
        """The contract's operation ids, sorted: what :meth:`requests` accepts."""
        return sorted(op.operation_id for op in self.contract.operations)

    def requests(self, operation_id: str | None = None) -> list[JournalEntry]:
        """The request journal, oldest first (optionally for one operation id of the contract).

        An operation id the contract does not have is a usage error listing the valid ones, so
        ``assert paragon_fake.requests("typo") == []`` cannot pass by accident.
        """
        known = self._views.operation_ids()
        if operation_id is not None and operation_id not in known:
            raise ParagonUsageError.from_unknown(
                "operation id",
                operation_id,
                known,
                where="paragon_fake.requests()",
                remedy="paragon_fake.operations lists them; `pytest-paragon contract` too",
                anchor="seeding-and-reading-state",
            )
        return [e for e in self.journal if operation_id is None or e.operation_id == operation_id]

    def unused_registrations(self) -> list[str]:
        """Labels of registered answers (proxy, trigger, Tool) never called and not optional."""
        helpers = (self.proxy, self.triggers, self.actionkit)
        return [label for helper in helpers for label in helper.unused()]

    def problems(self) -> list[ParagonError]:
        """Everything that should fail the test so far, in one list of typed failures.

        Contract violations (:class:`ContractViolationError`), calls no registered answer matched
        (:class:`UnmatchedStubError`), registered answers never called (:class:`UnusedStubError`,
        unless ``allow_unused_stubs``) and defects of the fake itself (:class:`FakeDefectError`).
        ``pytest_paragon.errors.combined(fake.problems())`` is the one failure to raise.
        """
        found: list[ParagonError] = [violation_error(v) for v in self.violations]
        found.extend(self.failures)
        if not self.allow_unused_stubs:
            found.extend(UnusedStubError.from_label(label) for label in self.unused_registrations())
        return found

    # -- the steps ------------------------------------------------------------------------------

    def _unknown(self, request: FakeRequest, contract: Contract) -> FakeError:
        allowed = contract.templates_matching(request.path)
        if allowed:
            operations = [op for op in contract.operations if op.path_template in allowed]
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

    def _check_host(self, operation: Operation, request: FakeRequest, hosts: HostFamilies) -> None:
        """A Paragon host that does not serve ``operation`` answers 404, as the real one would."""
        if (home := hosts.misrouted(operation, request.host)) is None:
            return
        message = (
            f"Cannot {request.method.upper()} {request.path} on {request.host}: "
            f"{operation.operation_id} is served by {home}"
        )
        self._violate(Violation(operation.operation_id, "host", message, "servers", request.host))
        raise not_found(message)

    def _check_request(
        self,
        operation: Operation,
        path_params: Mapping[str, str],
        request: FakeRequest,
        headers: Mapping[str, str],
        view: View,
    ) -> list[Violation]:
        """Record (and return) the request's contract violations."""
        if self.strict == "off":
            return []
        violations = view.checker.check(
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

    def _check_sdk_version(self, operation: Operation, headers: Mapping[str, str]) -> None:
        if (violation := self.sdk_versions.check(operation, headers)) is not None:
            self._violate(violation) if self.strict != "off" else self.sdk_versions.warn(violation)

    def _record_problem(self, problem: ParagonError) -> None:
        """Keep a failure a handler met; in ``immediate`` mode raise it at once."""
        self.failures.append(problem)
        if self.strict == "immediate":
            raise problem

    def _defect(self, operation: Operation | None, exc: Exception) -> Reply:
        name = operation.operation_id if operation is not None else "(no operation)"
        defect = FakeDefectError.from_exception(name, exc)
        self.failures.append(defect)
        if self.strict == "immediate":
            raise defect from exc
        return Reply(
            500,
            {
                "statusCode": 500,
                "error": "Internal Server Error",
                "message": (
                    f"The fake failed while answering {name}: {type(exc).__name__}: {exc}. "
                    "This is a bug in pytest-paragon, not in the code under test."
                ),
            },
        )

    def _violate(self, violation: Violation) -> None:
        if self.strict == "off":
            return
        self.violations.append(violation)
        if self.strict == "immediate":
            raise violation_error(violation)

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

    def _check_reply(self, operation: Operation, reply: Reply, view: View) -> None:
        if (reply.content is not None and reply.json is None) or reply.status == 204:
            return  # bytes only (a file, a provider's raw answer): nothing to check as JSON
        problems = check_response(
            view.contract, view.validators, operation, reply.status, reply.media_type, reply.json
        )
        if problems:
            raise violation_error(problems[0], response=True)


HANDLER_MODULES = (
    credentials,
    oauth,
    proxy,
    sdk_2_0_6,
    triggers,
    users,
    workflows,
    tool_handlers,
    trigger_handlers,
    sync_handlers,
    task_history_handlers,
)
__all__ = ["CORS_HEADERS", "FakeParagon", "FakeRequest", "FakeResponse", "JournalEntry"]
