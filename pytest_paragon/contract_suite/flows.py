"""Named Paragon flows: operations chained the way an app chains them, with state checked between.

The per-operation suite sends each request from the same seeded state, so nothing checks that a
credential created by one call is the one another call lists. A flow does: it is a Hypothesis
rule-based state machine (``hypothesis.stateful``) whose rules are the steps users take, sent to
the suite's target (the fake by default, ``--paragon-target`` otherwise) with the ids a response
gave feeding the next request (the contract's OpenAPI ``links`` name these hand-offs). Every
answer is checked against the contract; each step then checks what it changed:

- ``connect``: connect an account (``createCredential``) and find it listed
  (``listCredentials``); read the user (``getConnectedUser``); update settings
  (``updateConnectedUserMetadata``) and read them back; disable or enable the request-triggered
  workflow (``disableWorkflow``/``enableWorkflow``) and trigger it (``runRequestTriggerWorkflow``:
  refused while disabled, run while enabled); send an App Event (``sendAppEventV2``); uninstall
  (``uninstallIntegration``) and find the account gone.
- ``actionkit``: list the ActionKit Tools (``listActionKitTools``) and run one that is listed
  (``runActionKitTool``).
- ``sync``: create a Sync (``enableSync``), find it listed (``listSyncs``) and read its status
  (``getSyncStatus``), page its records (``pullSyncedRecords``, cursor after cursor), delete it
  (``deleteSync``) and find it gone.

A broken expectation raises a :class:`FlowFailure` subclass, one per kind (Hypothesis reports
each distinct kind it finds, shrunk to the fewest steps). Nothing here imports pytest.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from pytest_paragon.contract_suite import FLOW_NAMES

if TYPE_CHECKING:
    from pytest_paragon.contract import Operation
    from pytest_paragon.contract_suite.targets import Target
    from pytest_paragon.contract_suite.world import World

FLOW_PREFIX = "flow:"
"""A flow's failures are recorded under ``flow:<name>`` where an operation has its id."""
TEST_NAME = "test_flow"


class FlowFailure(AssertionError):
    """A flow's step found the target in a state the previous steps rule out."""

    code: ClassVar[str] = "PF300"
    title: ClassVar[str] = "Flow step failed"
    checks: ClassVar[tuple[str, ...]] = ("flow",)

    def __init__(self, step: str, message: str) -> None:
        """``step``: the flow's step (``connect``); ``message``: what was wrong."""
        super().__init__(f"{step}: {message}")
        self.step = step
        self.message = f"{step}: {message}"


class ContractBroken(FlowFailure):
    """An answer during a flow breaks the contract (undocumented status, body off its schema)."""

    code = "PF101"
    title = "Flow answer violates the contract"


class UnexpectedStatus(FlowFailure):
    """A step the previous ones made valid was refused (or an invalid one accepted)."""

    code = "PF102"
    title = "Flow step answered an unexpected status"


class NotListed(FlowFailure):
    """Something created is missing from the list that should hold it."""

    code = "PF301"
    title = "Created but not listed"


class NotReadBack(FlowFailure):
    """A value written is not the one read back."""

    code = "PF302"
    title = "Written but not read back"


class StillRuns(FlowFailure):
    """A disabled workflow still ran."""

    code = "PF303"
    title = "Disabled workflow still runs"


class StillListed(FlowFailure):
    """Something deleted is still listed."""

    code = "PF304"
    title = "Deleted but still listed"


@dataclass
class Step:
    """One request of a flow and its answer."""

    step: str
    operation_id: str
    label: str
    status: int
    body: Any = None

    @property
    def line(self) -> str:
        """``step: METHOD /path -> status``."""
        return f"{self.step}: {self.label} -> {self.status}"


@dataclass
class FlowClient:
    """Sends a flow's requests to the suite's target and checks each answer against the contract."""

    target: Target
    world: World
    steps: list[Step] = field(default_factory=list)
    token: str | None = None
    """Another user's token, sent instead of the suite user's (authorization across users)."""
    reached: Callable[[Any], None] | None = None
    """Where each exchange goes for ``--paragon-coverage`` (what the suite reached)."""

    def operation(self, operation_id: str) -> Operation:
        """The contract's operation ``operation_id``."""
        return next(o for o in self.target.contract.operations if o.operation_id == operation_id)

    def family(self, operation: Operation) -> str:
        """The Paragon service of ``operation`` (``zeus``, ``hermes``, ``actionkit``, ``sync``)."""
        from pytest_paragon.contract.servers import families_of

        first = families_of(self.target.contract)._ordered[operation.operation_id][0]
        return first.removeprefix("worker-")

    def call(
        self,
        step: str,
        operation_id: str,
        *,
        path: Mapping[str, str] | None = None,
        query: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        body: Any = None,
        expect: str | None = "2",
    ) -> Step:
        """Send one request; check the answer against the contract and ``expect`` (status class)."""
        from pytest_paragon.contract.validation import check_response, validators_of

        operation = self.operation(operation_id)
        values = {"projectId": self.target.project_id, **(path or {})}
        url = operation.path_template.format(**values)
        auth_headers, auth_params = self.target.credentials(operation.definition)
        own = self.target.user_token() if self.token else None
        if own and self.token:  # the same place, another user's token
            auth_headers = {k: v.replace(own, self.token) for k, v in auth_headers.items()}
            auth_params = {k: v.replace(own, self.token) for k, v in auth_params.items()}
        status, answer = self.target.request(
            operation.method.upper(),
            self.family(operation),
            url,
            headers={**auth_headers, **(headers or {})},
            params={**auth_params, **(query or {})},
            body=body,
        )
        sent = Step(step, operation_id, f"{operation.method.upper()} {url}", status, answer)
        self.steps.append(sent)
        if self.reached is not None:
            from pytest_paragon.contract_suite.run import Exchange

            encode = json.dumps
            self.reached(
                Exchange(
                    operation_id,
                    status,
                    tuple((query or {}).items()),
                    {k.lower(): v for k, v in (headers or {}).items()},
                    b"" if body is None else encode(body).encode("utf-8"),
                    b"" if answer is None else encode(answer).encode("utf-8"),
                )
            )
        media = "application/json"
        violations = check_response(
            self.target.contract,
            validators_of(self.target.contract),
            operation,
            status,
            media,
            answer,
        )
        if violations:
            first = violations[0]
            raise ContractBroken(step, f"{sent.label} answered {status}: {first.message}")
        if status >= 500 or (expect is not None and not str(status).startswith(expect)):
            detail = answer.get("message") if isinstance(answer, Mapping) else None
            raise UnexpectedStatus(
                step, f"{sent.label} answered {status}, expected {expect}xx ({detail or answer})"
            )
        return sent


STEPS: dict[str, tuple[str, ...]] = {
    "actionkit": ("list tools", "run a tool"),
    "connect": (
        "connect",
        "read the user",
        "update settings",
        "trigger a workflow",
        "send an App Event",
        "uninstall",
    ),
    "sync": ("create a Sync", "page its records", "delete it"),
}
"""The steps of each flow (the README lists them)."""


class FlowNotExercised(FlowFailure):
    """A step of a flow never succeeded against the fake: the flow did not test it."""

    code = "PF100"
    title = "Flow step never reached"


def unexercised(name: str, steps: list[Step]) -> FlowNotExercised | None:
    """Why flow ``name`` did not test one of its steps (none answered 2xx), or ``None``."""
    reached = {step.step for step in steps if 200 <= step.status < 300}
    missing = [step for step in STEPS[name] if step not in reached]
    if not missing:
        return None
    return FlowNotExercised(missing[0], f"never answered 2xx in {len(steps)} requests")


__all__ = [
    "FLOW_NAMES",
    "STEPS",
    "FlowClient",
    "FlowFailure",
    "FlowNotExercised",
    "NotListed",
    "NotReadBack",
    "Step",
    "StillListed",
    "StillRuns",
    "unexercised",
]
