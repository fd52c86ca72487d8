"""ActionKit in the fake: the state of Tools and trigger subscriptions, and the rules on it.

:class:`ActionKitState` (``FakeState.actionkit``) holds the Tool answers tests register
(``actionkit.on``), every Tool run, the records the default Tool answers act on (per credential and
collection) and the trigger subscriptions. The functions here resolve a project's Tools and
triggers (declared ``actionkit:`` or the catalogue), validate Tool parameters against their JSON
Schema and trigger parameters against their inputs, compute the default Tool outputs (create,
list with cursors, get, update, echo), apply the PATCH merge rules and sign trigger events. No HTTP
here: the handlers live in ``tool_handlers.py`` and ``trigger_handlers.py``; the trigger
subscriptions' rules in ``triggers.py``.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from pytest_paragon import strict_json
from pytest_paragon.fake.actionkit.catalogue import default_actionkit
from pytest_paragon.fake.base.errors import ApiError, bad_request
from pytest_paragon.fake.base.permissions import ACTIONKIT, permits
from pytest_paragon.fake.base.registrations import Registration
from pytest_paragon.fake.base.tool_specs import (
    PAGINATION,
    ActionKitSpec,
    Tool,
    ToolSpec,
    TriggerSpec,
    runnable_tools,
)

if TYPE_CHECKING:
    from pytest_paragon.fake.base.project import IntegrationSpec, ProjectSpec
    from pytest_paragon.fake.base.state import FakeState

SubscriptionStatus = Literal["ACTIVE", "ERRORED"]
DEFAULT_SIGNING_SECRET = "paragon-test-actionkit-signing-secret"
DEFAULT_WEBHOOK_URL = "https://app.example.com/webhooks/paragon/actionkit"


@dataclass(frozen=True)
class ToolCall:
    """One run of a Tool (E36), as a registered handler receives it.

    ``tool`` is the json_schema-format name (a polymorphic Tool run by its base name resolves to
    its variant's name), ``requested`` the name the client sent, ``base`` the Tool's declared name
    (a polymorphic Tool's base name); ``parameters`` are the client's. ``refused`` is the 400's
    message when the parameters broke the Tool's schema (the run reached no answer), else ``None``.
    """

    tool: str
    requested: str
    base: str
    integration: str
    parameters: dict[str, Any]
    user_id: str
    credential_id: str
    refused: str | None = None
    headers: dict[str, str] = field(default_factory=dict, compare=False)


@dataclass
class ToolRegistration(Registration):
    """A registered answer for one Tool name."""

    tool: str = ""

    def differs(self, call: ToolCall) -> str | None:
        """The field ``call`` differs in: the Tool (json_schema, sent or base name), a condition."""
        if self.tool not in (call.tool, call.requested, call.base):
            return f"tool: {call.tool!r} is not {self.tool!r}"
        return self.condition_differs(call)


@dataclass
class TriggerSubscriptionRecord:
    """A trigger subscription of a Connected User (E38-E41)."""

    id: str
    user_id: str
    integration: str
    type: str
    parameters: dict[str, Any]
    credential_id: str
    date_created: str
    status: SubscriptionStatus = "ACTIVE"
    date_last_received_event: str | None = None
    error: str | None = None
    webhook_override: dict[str, Any] | None = None
    teardown_warning: str | None = None

    def wire(self) -> dict[str, Any]:
        """The TriggerSubscription on the wire."""
        data: dict[str, Any] = {
            "id": self.id,
            "type": self.type,
            "parameters": copy.deepcopy(self.parameters),
            "status": self.status,
            "dateCreated": self.date_created,
            "dateLastReceivedEvent": self.date_last_received_event,
            "credentialId": self.credential_id,
        }
        if self.status == "ERRORED" and self.error:
            data["error"] = self.error
        if self.webhook_override is not None:
            data["webhookOverride"] = copy.deepcopy(self.webhook_override)
        return data


@dataclass(frozen=True)
class TriggerEvent:
    """A signed ActionKit trigger event, as Paragon would POST it to ``url``."""

    url: str
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> dict[str, Any]:
        """The event body (ActionKitTriggerWebhook)."""
        parsed: dict[str, Any] = json.loads(self.body)
        return parsed

    @property
    def signature(self) -> str:
        """The ``x-paragon-signature`` header value (``v1=<hex HMAC-SHA256>``)."""
        return self.headers["x-paragon-signature"]


def sign(secret: str, body: bytes) -> str:
    """``v1=`` and the hex HMAC-SHA256 of ``body`` keyed with the project's signing secret."""
    return "v1=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@dataclass
class ActionKitState:
    """Everything ActionKit knows about one fake project (``state.area(ActionKitState)``)."""

    tool_handlers: list[ToolRegistration] = field(default_factory=list)
    tool_calls: list[ToolCall] = field(default_factory=list)
    records: dict[tuple[str, str], list[dict[str, Any]]] = field(default_factory=dict)
    subscriptions: dict[str, TriggerSubscriptionRecord] = field(default_factory=dict)
    signing_secret: str = DEFAULT_SIGNING_SECRET
    webhook_url: str = DEFAULT_WEBHOOK_URL

    def reset(self) -> None:
        """Forget handlers, runs, records and subscriptions; back to the default secret and URL."""
        self.tool_handlers.clear()
        self.tool_calls.clear()
        self.records.clear()
        self.subscriptions.clear()
        self.signing_secret = DEFAULT_SIGNING_SECRET
        self.webhook_url = DEFAULT_WEBHOOK_URL


# -- the project's ActionKit ------------------------------------------------------------------


def actionkit_of(spec: IntegrationSpec) -> ActionKitSpec:
    """The integration's ActionKit: its declared ``actionkit:`` over the catalogue defaults."""
    default = default_actionkit(spec.type)
    declared = spec.actionkit
    if declared is None:
        return default
    return ActionKitSpec(
        category=declared.category if declared.category is not None else default.category,
        tools=declared.tools if declared.tools is not None else default.tools,
        triggers=declared.triggers if declared.triggers is not None else default.triggers,
    )


def tool_specs(spec: IntegrationSpec) -> tuple[ToolSpec, ...]:
    """The integration's Tool specs."""
    return actionkit_of(spec).tools or ()


def trigger_specs(spec: IntegrationSpec) -> tuple[TriggerSpec, ...]:
    """The integration's trigger types."""
    return actionkit_of(spec).triggers or ()


def find_tool(project: ProjectSpec, name: str) -> tuple[ToolSpec, Tool | None, str] | None:
    """The Tool called ``name``: its spec, its runnable Tool and its integration type.

    The runnable Tool is ``None`` for a polymorphic base name (the parameters choose the variant).
    """
    for integration in project.integrations:
        for spec in tool_specs(integration):
            if spec.name == name:
                tools = runnable_tools(integration.type, spec)
                return spec, (tools[0] if spec.polymorphic is None else None), integration.type
            for tool in runnable_tools(integration.type, spec):
                if tool.name == name:
                    return spec, tool, integration.type
    return None


def tool_names(project: ProjectSpec) -> list[str]:
    """Every name a Tool of the project answers to: declared names and variant names."""
    names: set[str] = set()
    for integration in project.integrations:
        for spec in tool_specs(integration):
            names.add(spec.name)
            names.update(tool.name for tool in runnable_tools(integration.type, spec))
    return sorted(names)


def resolve_tool(
    project: ProjectSpec, name: str, parameters: Mapping[str, Any]
) -> tuple[Tool, dict[str, Any]]:
    """The runnable Tool and the parameters to validate (400 for an unknown Tool or variant)."""
    found = find_tool(project, name)
    if found is None:
        raise bad_request(f'Tool "{name}" does not exist in this project.')
    spec, tool, integration = found
    params = dict(parameters)
    if tool is not None:
        return tool, params
    assert spec.polymorphic is not None
    choice = spec.polymorphic.parameter
    value = params.pop(choice, None)
    for candidate in runnable_tools(integration, spec):
        if candidate.variant is not None and candidate.variant.value == value:
            return candidate, params
    allowed = ", ".join(variant.value for variant in spec.polymorphic.variants)
    raise bad_request(f'{name}: parameter "{choice}" must be one of {allowed}.')


def check_parameters(tool: Tool, parameters: Mapping[str, Any]) -> None:
    """400 when ``parameters`` break the Tool's JSON Schema (each problem listed in ``errors``)."""
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(tool.json_schema())
    problems = sorted(validator.iter_errors(dict(parameters)), key=lambda e: list(e.path))
    if not problems:
        return
    errors = [
        {"path": "/".join(str(part) for part in problem.path), "message": problem.message}
        for problem in problems
    ]
    raise ApiError(
        400,
        f"Invalid parameters for {tool.name}: {errors[0]['message']}",
        extra={"errors": errors},
    )


def permitted(
    claim: Mapping[str, Any] | None, integration: str, credential_id: str | None = None
) -> bool:
    """Whether a JWT permissions ``claim`` (``None``: no claim) grants ``actionkit`` there."""
    if claim is None:
        return True
    return permits(claim, ACTIONKIT, integration=integration, credential=credential_id)


# -- default Tool outputs ------------------------------------------------------------------------


def _collection(tool: Tool, parameters: Mapping[str, Any]) -> tuple[str | None, set[str]]:
    """The collection the Tool acts on and the parameter names that are not record fields."""
    skipped = {PAGINATION}
    if tool.spec.polymorphic is not None:
        skipped.add(tool.spec.polymorphic.parameter)
    name = tool.spec.collection
    if name is None or not name.startswith("$"):
        return name, skipped
    key = name[1:]
    skipped.add(key)
    if (
        tool.variant is not None
        and tool.spec.polymorphic
        and key == tool.spec.polymorphic.parameter
    ):
        return tool.variant.value, skipped
    value = parameters.get(key)
    return (None if value is None else str(value)), skipped


def encode_cursor(offset: int) -> str:
    """An opaque page cursor."""
    return base64.urlsafe_b64encode(json.dumps({"offset": offset}).encode()).decode()


def decode_cursor(cursor: str) -> int:
    """The offset of a cursor :func:`encode_cursor` made (400 otherwise)."""
    try:
        offset = strict_json.loads(base64.urlsafe_b64decode(cursor.encode()))["offset"]
    except (ValueError, TypeError, KeyError):
        raise bad_request(f"Invalid pageCursor {cursor!r}.") from None
    if not isinstance(offset, int) or offset < 0:
        raise bad_request(f"Invalid pageCursor {cursor!r}.")
    return offset


def _matches(record: Mapping[str, Any], filters: Mapping[str, Any]) -> bool:
    for key, wanted in filters.items():
        if key == "query":
            needle = str(wanted).lower()
            texts = [str(v).lower() for v in record.values() if isinstance(v, str | int | float)]
            if not any(needle in text for text in texts):
                return False
        elif record.get(key) != wanted:
            return False
    return True


def records_of(state: FakeState, credential_id: str, collection: str) -> list[dict[str, Any]]:
    """The records of one credential's collection (created on first use)."""
    return state.area(ActionKitState).records.setdefault((credential_id, collection), [])


def default_output(state: FakeState, tool: Tool, call: ToolCall) -> Any:
    """What the Tool answers without a registered handler (see :class:`ToolSpec`)."""
    spec = tool.spec
    if spec.output is not None:
        return copy.deepcopy(spec.output)
    collection, skipped = _collection(tool, call.parameters)
    fields = {k: copy.deepcopy(v) for k, v in call.parameters.items() if k not in skipped}
    if spec.kind == "action" or collection is None:
        return {"id": state.ids(), **fields}
    records = records_of(state, call.credential_id, collection)
    if spec.kind == "create":
        record = {"id": state.ids(), **fields}
        records.append(record)
        return copy.deepcopy(record)
    if spec.kind == "list":
        pagination = call.parameters.get(PAGINATION) or {}
        cursor = pagination.get("pageCursor")
        offset = decode_cursor(cursor) if cursor else 0
        found = [record for record in records if _matches(record, fields)]
        page = found[offset : offset + spec.pageSize]
        after = offset + spec.pageSize
        return {
            "records": copy.deepcopy(page),
            "nextPageCursor": encode_cursor(after) if after < len(found) else None,
        }
    id_key = spec.idParameter or "id"
    record_id = fields.pop(id_key, None)
    found_record = [r for r in records if r.get("id") == record_id]
    if not found_record:
        raise ApiError(
            404,
            f"{tool.integration} record {record_id} not found.",
            meta={"isIntegrationError": True},
        )
    record = found_record[0]
    if spec.kind == "update":
        record.update(fields)
    return copy.deepcopy(record)
