"""Authorization across two users: B's requests for A's ids are refused as Paragon documents.

The suite's user A owns the world (credentials, a Sync and its record, a trigger subscription, an
OAuth session). A second Connected User B, with a token of its own, sends for every operation that
takes one of A's ids in its path the request A would send, with A's ids. (A credential named in
``X-Paragon-Credential`` is not probed: Paragon documents no status for another user's one.) The
target must refuse with 403 or 404, the refusals the operation documents (either, where it
documents neither); a 2xx means B reached A's data, any other status is a wrong refusal. Task
History is left out: it authenticates with the project's API key, not as a user.

It runs as the item ``test_flow[authorization]``: by default against the fake
(``--paragon-authorization auto``), opt-in against a live target (``on``: it needs
``--paragon-signing-key``, or a served fake, to mint B's token). Nothing here imports pytest.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from pytest_paragon.contract_suite.binding import BODY_BINDERS, CONFIGURATION_HEADER
from pytest_paragon.contract_suite.flows import FlowClient, FlowFailure
from pytest_paragon.contract_suite.world import minimal_instance

if TYPE_CHECKING:
    from pytest_paragon.contract import Contract, Operation
    from pytest_paragon.contract_suite.world import World

OTHER_USER = "paragon-contract-other-user"
"""User B: the Connected User whose requests must not reach A's data."""
OWNED = ("credentialId", "syncId", "recordId", "subscriptionId", "oauthMetaKeyId")
"""Path parameters that name something a Connected User owns."""
TEST_NAME = "test_authorization"
REFUSALS = (403, 404)


class AuthorizationLeak(FlowFailure):
    """User B's request for user A's id answered 2xx."""

    code = "PF401"
    title = "Another user's data reached"


class WrongRefusal(FlowFailure):
    """User B's request for user A's id was refused otherwise than documented (403/404)."""

    code = "PF402"
    title = "Another user's id refused with the wrong status"


class AuthorizationFailures(AssertionError):
    """Every operation that let B through or refused B wrongly (``exceptions``)."""

    title: ClassVar[str] = "Authorization across users"

    def __init__(self, failures: list[FlowFailure]) -> None:
        """Group ``failures`` (one per operation)."""
        super().__init__("; ".join(str(failure) for failure in failures))
        self.exceptions = failures


def _path_values(world: World) -> dict[str, str | None]:
    """A's value of each path parameter the suite knows."""
    return {
        "credentialId": world.credential_id,
        "syncId": world.sync_id,
        "recordId": world.record_id,
        "subscriptionId": world.subscription_id,
        "oauthMetaKeyId": world.oauth_session,
        "integrationId": world.integration_id,
        "integrationType": world.integration_type,
        "workflowId": world.workflow_id,
        "resourceId": world.resource_id,
        "apiPath": "",
    }


def _names(contract: Contract, operation: Operation, where: str) -> list[str]:
    """The names of ``operation``'s parameters in ``where`` (path, header, query)."""
    found = []
    for parameter in operation.parameters:
        resolved = contract.resolve(parameter)
        if resolved.get("in") == where:
            found.append(str(resolved["name"]))
    return found


def _body(contract: Contract, operation: Operation, world: World) -> Any:
    """A valid body as A would send it (the contract's first example, bound to A's world)."""
    request = operation.definition.get("requestBody")
    if not request:
        return None
    media = (contract.resolve(request).get("content") or {}).get("application/json")
    if media is None:
        return None
    examples = media.get("examples") or {}
    body: Any = None
    for example in examples.values():
        body = contract.resolve(example).get("value")
        break
    if body is None:
        body = minimal_instance(contract.resolve(media.get("schema") or {}))
    if isinstance(body, dict) and operation.operation_id in BODY_BINDERS:
        BODY_BINDERS[operation.operation_id](body, world)
    return body


@dataclass
class Probe:
    """One request of B for A's ids."""

    operation: Operation
    path: dict[str, str]
    headers: dict[str, str]
    owned: str
    """What of A's it names (``credentialId``, ``syncId``, ...)."""


def probes(contract: Contract, world: World) -> list[Probe]:
    """B's request for every operation that takes one of A's ids (Task History left out)."""
    values = _path_values(world)
    found = []
    for operation in contract.operations:
        if "/task-history/" in operation.path_template:
            continue
        path_names = [name for name in _names(contract, operation, "path") if name != "projectId"]
        owned = [name for name in path_names if name in OWNED]
        if not owned or any(values.get(name) is None for name in path_names):
            continue
        headers: dict[str, str] = {}  # the headers A's own request would carry
        header_names = _names(contract, operation, "header")
        if CONFIGURATION_HEADER in header_names and world.configuration_id:
            headers[CONFIGURATION_HEADER] = world.configuration_id
        path = {name: str(values[name]) for name in path_names}
        found.append(Probe(operation, path, headers, owned[0]))
    return found


def expected_refusals(operation: Operation) -> tuple[int, ...]:
    """The refusals ``operation`` documents among 403 and 404 (both when it documents neither)."""
    documented = {str(status) for status in (operation.definition.get("responses") or {})}
    chosen = tuple(status for status in REFUSALS if str(status) in documented)
    return chosen or REFUSALS


def check_authorization(
    client_b: FlowClient, contract: Contract, world: World
) -> tuple[int, list[FlowFailure]]:
    """Send every probe as B; answer how many were sent and what went wrong."""
    failures: list[FlowFailure] = []
    sent = probes(contract, world)
    for probe in sent:
        operation = probe.operation
        name = operation.operation_id
        try:
            step = client_b.call(
                name, name, path=probe.path, headers=probe.headers,
                body=_body(contract, operation, world), expect=None,
            )  # fmt: skip
        except FlowFailure as failure:  # a 5xx, or an answer off the contract
            failures.append(failure)
            continue
        allowed = expected_refusals(operation)
        if step.status in allowed:
            continue
        label = f"{name} ({step.label}) with A's {probe.owned}"
        if 200 <= step.status < 300:
            failures.append(AuthorizationLeak(name, f"{label} answered {step.status}"))
        else:
            wanted = " or ".join(map(str, allowed))
            failures.append(WrongRefusal(name, f"{label} answered {step.status}, not {wanted}"))
    return len(sent), failures


__all__ = [
    "OTHER_USER",
    "AuthorizationFailures",
    "AuthorizationLeak",
    "WrongRefusal",
    "check_authorization",
    "expected_refusals",
    "probes",
]
