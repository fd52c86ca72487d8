"""The fake Paragon: one object that answers any HTTP request the way Paragon would.

``FakeParagon.handle`` is the single entrance for all three adapters (respx routes, the explicit
httpx transports, the loopback server): route by method and path through the contract, check the
request against the contract, authenticate (user token, project API key), check JWT permissions,
run the operation's handler against the state, journal the exchange. Nothing here imports pytest,
hypothesis or schemathesis.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pytest_paragon.contract import Contract, Operation
from pytest_paragon.contract.history import AUTO
from pytest_paragon.contract.servers import families_of
from pytest_paragon.contract.validation import (
    Violation,
    check_response,
    checker_of,
    validators_of,
)
from pytest_paragon.errors import (
    FakeDefectError,
    ParagonError,
    UnusedAnswerError,
)

# The areas' handler modules register themselves in HANDLERS when imported: the core composes them.
from pytest_paragon.fake.actionkit import tool_handlers, trigger_handlers
from pytest_paragon.fake.actionkit.helpers import ActionKitHelpers
from pytest_paragon.fake.base import snapshots
from pytest_paragon.fake.base.authentication import authenticate
from pytest_paragon.fake.base.compat import DeprecatedNames
from pytest_paragon.fake.base.context import HANDLERS, Reply, RequestContext
from pytest_paragon.fake.base.errors import ApiError, FakeError, bad_request, not_found, wire
from pytest_paragon.fake.base.exchange import (
    CORS_HEADERS,
    BoundedProblems,
    FakeRequest,
    FakeResponse,
    Journal,
    JournalEntry,
    fake_response,
    journal_entry,
)
from pytest_paragon.fake.base.faults import FaultBook, answer_with_faults
from pytest_paragon.fake.base.other_hosts import OtherHosts
from pytest_paragon.fake.base.overrides import ResponseOverrides
from pytest_paragon.fake.base.permissions import authorize
from pytest_paragon.fake.base.project import ProjectSpec
from pytest_paragon.fake.base.records import Clock, IdFactory
from pytest_paragon.fake.base.reporting import problems_dropped, unrouted, violation_error
from pytest_paragon.fake.base.routes import RouteMemo
from pytest_paragon.fake.base.sdk_version import (
    ContractViews,
    SdkVersionCheck,
    View,
    is_bundled,
    serving,
)
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
from pytest_paragon.fake.seeding import apply_seed, as_seed, declared_seed
from pytest_paragon.fake.sync import handlers as sync_handlers
from pytest_paragon.fake.sync.helpers import SyncHelpers
from pytest_paragon.fake.task_history import handlers as task_history_handlers
from pytest_paragon.fake.task_history.executions import listen as record_runs_in_task_history
from pytest_paragon.fake.task_history.helpers import TaskHistoryHelpers
from pytest_paragon.resolution import ParagonSettings, renamed_keywords
from pytest_paragon.tokens import SigningKey, TokenVerifier, VerifiedToken

StrictMode = Literal["teardown", "immediate", "off"]


class FakeParagon(DeprecatedNames, OtherHosts):
    """A stateful fake of Paragon's APIs for one project.

    Test helpers are grouped by area, one name per action: :attr:`users` (connect, credentials,
    settings), :attr:`proxy`, :attr:`triggers`, :attr:`actionkit` (each registers answers with
    ``.on(...)``), :attr:`sync` and :attr:`task_history`; :meth:`respond_once` and
    :meth:`respond_with` answer any operation. A test's outcome is :meth:`problems`. The
    shortcuts of 0.1.0 (``connect``, ``on_proxy``, ...) still work, deprecated
    (:mod:`pytest_paragon.fake.base.compat`).
    """

    def __init__(
        self,
        project: ProjectSpec | None = None,
        *,
        signing_key: SigningKey | None = None,
        contract: Contract | None = None,
        clock: Clock | None = None,
        settings: ParagonSettings | None = None,
        random_seed: int | str | None = None,
        strict: StrictMode | None = None,
        validate_responses: bool | None = None,
        trigger_timeout: float | None = None,
        allow_unmatched_answers: bool | None = None,
        allow_unused_answers: bool | None = None,
        provider_checks: bool | None = None,
        journal_max_entries: int | None = None,
        journal_max_bytes: int | None = None,
        sdk_version: str | None = None,
        **renamed: Any,
    ) -> None:
        """Fake ``project`` (default catalogue); tokens verify against ``signing_key``.

        ``settings`` (default: the settings table's defaults) gives every setting; a keyword
        argument given here replaces its value (``FakeParagon(strict="off")``). The fixture
        builds the fake with :meth:`from_settings`. ``allow_unmatched_answers``: a proxy,
        request-trigger or Tool call that no registered answer matches is answered as if nothing
        were registered (the proxy's 502, the trigger's 202, the Tool's default output) instead
        of failing the test with :class:`UnmatchedAnswerError`. ``allow_unused_answers``:
        registered answers never used do not fail the test. ``provider_checks``: check proxied calls
        against :mod:`pytest_paragon.providers`. ``journal_max_entries`` /
        ``journal_max_bytes`` bound :attr:`journal` (oldest dropped). The keywords of 0.1.0
        (``seed``, ``allow_unmatched_stubs``, ``allow_unused_stubs``) still work, deprecated.
        ``sdk_version``: a published version serves its frozen contract; ``"auto"`` follows each
        request's SDK version while the bundled contract is in use (a chosen one is never swapped).
        """
        from pytest_paragon.fake.base.catalogue import default_project

        version = sdk_version or (settings.sdk_version if settings else None) or AUTO
        if version == AUTO and project is not None and project.sdkVersion:  # unless one is named
            version = project.sdkVersion
        self.contract = serving(contract, version)
        self._validators = validators_of(self.contract)
        self._checker = checker_of(self.contract)
        self._hosts = families_of(self.contract)  # which Paragon host serves which operation
        given = {
            "random_seed": random_seed,
            "strict": strict,
            "validate_responses": validate_responses,
            "trigger_timeout": trigger_timeout,
            "allow_unmatched_answers": allow_unmatched_answers,
            "allow_unused_answers": allow_unused_answers,
            "provider_checks": provider_checks,
            "journal_max_entries": journal_max_entries,
            "journal_max_bytes": journal_max_bytes,
            "sdk_version": sdk_version,
            **renamed_keywords(renamed),
        }
        config = (settings or ParagonSettings.defaults()).merged(
            {name: value for name, value in given.items() if value is not None}
        )
        self.signing_key = signing_key or SigningKey.generate()
        self.clock = clock or Clock()
        ids = IdFactory(config.random_seed)
        self.state = FakeState(project or default_project(), clock=self.clock, ids=ids)
        self.verifier = TokenVerifier(
            self.signing_key.public_key, project_id=self.state.project.id, clock=self.clock
        )
        self.strict: StrictMode = config.strict  # type: ignore[assignment]  # a checked choice
        self.validate_responses = config.validate_responses
        self.trigger_timeout = config.trigger_timeout
        self.allow_unmatched_answers = config.allow_unmatched_answers
        self.allow_unused_answers = config.allow_unused_answers
        self.provider_checks = config.provider_checks
        self.journal = Journal(config.journal_max_entries, config.journal_max_bytes)
        # failures: unmatched answers and defects of the fake, in order; both bounded
        self._failures: BoundedProblems = BoundedProblems()
        self._violations: BoundedProblems = BoundedProblems()
        follow = version == AUTO and is_bundled(self.contract)
        self._sdk_versions = SdkVersionCheck(self.contract, follow=follow)
        self._views = ContractViews(self.contract, self._checker, self._hosts, self._sdk_versions)
        self._routes = RouteMemo(self._views)
        self._integrations: list[dict[str, Any]] | None = None
        record_runs_in_task_history(self.state)
        self.users = ConnectHelpers(self.state)
        self.proxy = ProxyHelpers(self.state)
        self.triggers = TriggerHelpers(self.state)
        self.actionkit = ActionKitHelpers(self.state)
        self.sync = SyncHelpers(self.state)
        self.task_history = TaskHistoryHelpers(self.state)
        self._overrides = ResponseOverrides(self.contract)
        self.respond_once = self._overrides.respond_once  # answer the next call with a response
        self.respond_with = self._overrides.respond_with  # ... or every call inside a with block
        self.faults = self.state.faults = FaultBook(config.random_seed, self.contract)  # faults
        self._seed_declared()

    @classmethod
    def from_settings(
        cls,
        settings: ParagonSettings,
        project: ProjectSpec | None = None,
        *,
        signing_key: SigningKey | None = None,
        contract: Contract | None = None,
    ) -> FakeParagon:
        """The fake ``settings`` describe (the fixture's, ``serve``'s and the suite's way)."""
        if project is None:
            from pytest_paragon.fake.base.catalogue import project_from_settings

            project = project_from_settings(settings)
        fake = cls(project, signing_key=signing_key, contract=contract, settings=settings)
        fake.faults.limit_rates(settings.rate_limits)
        return fake

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
        self.faults.clear()
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
        self._violations.clear()
        self._failures.clear()
        self._overrides.clear()

    def _seed_declared(self) -> None:
        self.users.seed_declared_users()  # users first, with their places in the project
        apply_seed(self.state, declared_seed(self.project))

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
        """Answer ``request`` as Paragon would (or as a registered fault or rate limit says)."""
        if self.faults.active and request.method != "OPTIONS":
            return answer_with_faults(self, request, self._serve)
        return self._serve(request)

    def _serve(self, request: FakeRequest) -> FakeResponse:
        method = request.method.upper()
        if method == "OPTIONS":
            return FakeResponse(204, {}, b"")  # no browser in process: no CORS
        route = self._routes.route(request)  # routing and checks of this text, kept per request
        headers, view, found = dict(route.headers), route.view, route.found
        token: VerifiedToken | None = None
        operation: Operation | None = None
        acted = False  # whether a handler (or an answer) ran: nothing before one changes state
        try:
            if found is None:
                raise self._unknown(request, view.contract)
            if (refusal := route.refusal) is not None:  # before `operation`: not served here
                name = found[0].operation_id
                self._violate(Violation(name, "host", refusal, "servers", request.host))
                raise not_found(refusal)
            operation, path_params = found[0], dict(found[1])
            self._check_sdk_version(operation, headers)
            violations = () if self.strict == "off" else route.violations()
            for violation in violations:
                self._violate(violation)
            token = authenticate(  # 401 before 400
                route.schemes,
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
                method=method,
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
                allow_unmatched_answers=self.allow_unmatched_answers,
                provider_checks=self.provider_checks,
            )
            authorize(context, self.project.id, self.contract)
            handler = HANDLERS.get(operation.operation_id)
            acted = True
            override = self._overrides.answer(context)
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
        if acted and operation is not None and operation.operation_id != "getConnectedUser":
            self.state.changed()  # any other handler may have changed what /sdk/me shows
        if operation is not None and self.validate_responses:
            self._check_reply(operation, reply, view)
        body = reply.body()
        response_headers = {"content-type": reply.media_type, **reply.headers}
        self.journal.append(
            journal_entry(
                method,
                request.host,
                request.path,
                tuple(request.query),
                headers,
                request.body,
                operation.operation_id if operation else None,
                reply.status,
                body,
                token.sub if token else None,
            )
        )
        return fake_response(reply.status, response_headers, body)

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
            self.contract.operation(
                operation_id,
                where="paragon_fake.requests()",
                remedy="paragon_fake.operations lists them; `pytest-paragon contract` too",
                anchor="seeding-and-reading-state",
            )
        return [e for e in self.journal if operation_id is None or e.operation_id == operation_id]

    def _unused_answers(self) -> list[str]:
        """Labels of answers (every kind) never used and not optional."""
        helpers = (self.proxy, self.triggers, self.actionkit)
        found = [label for helper in helpers for label in helper._unused()]
        return found + self._overrides.unused() + self.faults.unused()

    def problems(self) -> list[ParagonError]:
        """Everything that should fail the test so far, in one list of typed failures.

        Contract violations (:class:`ContractViolationError`), calls no registered answer matched
        (:class:`UnmatchedAnswerError`), answers never used, ``respond_once``/``respond_with``
        included (:class:`UnusedAnswerError`, unless optional or ``allow_unused_answers``) and
        defects of the fake itself (:class:`FakeDefectError`).
        ``pytest_paragon.errors.combined(fake.problems())`` is the one failure to raise.
        """
        found: list[ParagonError] = [violation_error(v) for v in self._violations]
        found.extend(self._failures)
        if dropped := self._violations.dropped + self._failures.dropped:
            found.append(problems_dropped(dropped))
        if not self.allow_unused_answers:
            found.extend(UnusedAnswerError.from_label(label) for label in self._unused_answers())
        return found

    # -- the steps ------------------------------------------------------------------------------

    def _unknown(self, request: FakeRequest, contract: Contract) -> FakeError:
        templates = sorted({op.path_template for op in self.contract.operations})
        error, violation = unrouted(request.method, request.path, contract, templates)
        self._violate(violation)
        return error

    def _check_sdk_version(self, operation: Operation, headers: Mapping[str, str]) -> None:
        violation = self._sdk_versions.check(operation, headers)
        if violation is not None:
            self._violate(violation) if self.strict != "off" else self._sdk_versions.warn(violation)

    def _record_problem(self, problem: ParagonError) -> None:
        """Keep a failure a handler met; in ``immediate`` mode raise it at once."""
        self._failures.append(problem)
        if self.strict == "immediate":
            raise problem

    def _defect(self, operation: Operation | None, exc: Exception) -> Reply:
        name = operation.operation_id if operation is not None else "(no operation)"
        defect = FakeDefectError.from_exception(name, exc)
        self._failures.append(defect)
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
        self._violations.append(violation)
        if self.strict == "immediate":
            raise violation_error(violation)

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
