"""The data a contract run feeds into requests: ids that exist on the target.

Random ids answer 404 everywhere and test nothing, so before each operation the suite knows a
:class:`World`: a connected user's credential and configuration, a workflow, an ActionKit Tool and
trigger type with parameters that fit them, a trigger subscription, a Sync with a record, a Task
History execution and step, and an integration the user has not connected (for new installs).

- Against the built-in fake, :func:`seed_fake` creates that world (the same ids every time: the
  fake's ids are seeded), then :func:`discover` reads it back through the API.
- Against a live or on-prem target nothing is created: :func:`discover` reads what the target
  already has (``GET /sdk/me``, ``/sdk/integrations``, ``/tools``, ``/triggers``,
  ``/trigger-subscriptions``, ``/api/syncs``, records, Task History). What it cannot find stays
  unknown, and those parameters keep the values schemathesis generates.

:mod:`pytest_paragon.contract_suite.binding` puts the world's values into each generated case.
Nothing here imports pytest or schemathesis.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pytest_paragon.fake.core import FakeParagon

Requester = Callable[..., tuple[int, Any]]
"""``request(method, family, path, *, headers=None, params=None, body=None) -> (status, JSON)``.

``family`` names the Paragon service (``zeus``, ``hermes``, ``proxy``, ``actionkit``, ``sync``)
so a target with one host per service gets each request on the right host.
"""

CONTRACT_USER = "paragon-contract-user"
"""The Connected User the suite acts as (the ``sub`` of the tokens it mints)."""

OAUTH_SESSION = "paragon-contract-oauth"
"""The OAuth session key seeded in the fake (E17/E18 address it)."""

PERMISSION_USER = "ada@example.com"
"""The email the fake grants ``is_owner`` on the seeded record (Permissions API)."""

RECORD_ID = "5f0c6d1e-8a8b-4c3e-9d2a-1b7e4f6a9c01"
"""The id of the record the fake's seeded Sync holds (the Permissions API wants UUIDs)."""


@dataclass
class World:
    """Ids and values that exist on the target, by role; ``None`` where nothing was found."""

    project_id: str
    user_id: str
    integration_id: str | None = None
    integration_type: str | None = None
    credential_id: str | None = None
    configuration_id: str | None = None
    workflow_id: str | None = None
    workflow_ids: list[str] = field(default_factory=list)
    fresh_integration_id: str | None = None
    fresh_integration_type: str | None = None
    resource_id: str | None = None
    oauth_session: str | None = None
    tool: str | None = None
    tool_parameters: dict[str, Any] = field(default_factory=dict)
    tool_credential_id: str | None = None
    trigger_integration: str | None = None
    trigger_type: str | None = None
    trigger_parameters: dict[str, Any] = field(default_factory=dict)
    trigger_credential_id: str | None = None
    subscription_id: str | None = None
    sync_id: str | None = None
    sync_integration: str | None = None
    sync_credential_id: str | None = None
    record_id: str | None = None
    cursor: str | None = None
    permission_user: str | None = None
    execution_id: str | None = None
    step_execution_id: str | None = None
    valid_credentials: dict[str, str] = field(default_factory=dict)
    """A VALID credential of each integration type the user connected."""

    def credential_of(self, integration: str | None) -> str | None:
        """A VALID credential of ``integration`` (type), if the user has one."""
        return self.valid_credentials.get(integration) if integration else None


def minimal_instance(schema: Any) -> Any:
    """A small value that satisfies a (simple) JSON Schema: every required property, nothing more.

    Enough for the Tool parameters ActionKit describes (objects of strings, numbers, enums);
    ``None`` when the schema cannot be satisfied this simply.
    """
    if not isinstance(schema, Mapping):
        return None
    if "const" in schema:
        return schema["const"]
    if schema.get("enum"):
        return schema["enum"][0]
    if schema.get("examples"):
        return schema["examples"][0]
    if "default" in schema:
        return schema["default"]
    for key in ("anyOf", "oneOf"):
        if schema.get(key):
            return minimal_instance(schema[key][0])
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    if kind == "object" or "properties" in schema:
        properties = schema.get("properties") or {}
        return {
            name: minimal_instance(properties.get(name, {"type": "string"}))
            for name in schema.get("required") or ()
        }
    if kind == "array":
        count = int(schema.get("minItems") or 0)
        return [minimal_instance(schema.get("items") or {"type": "string"})] * count
    if kind in ("integer", "number"):
        return schema.get("minimum", 1)
    if kind == "boolean":
        return True
    if schema.get("format") == "email":
        return PERMISSION_USER
    if schema.get("format") == "date-time":
        return "2026-01-01T00:00:00.000Z"
    if schema.get("format") in ("uri", "url"):
        return "https://example.com"
    return "contract" + "x" * max(0, int(schema.get("minLength") or 0) - 8)


def _input_value(parameter: Mapping[str, Any]) -> Any:
    """A value for a Paragon input (a trigger definition's parameter)."""
    for key in ("values", "enum"):
        values = parameter.get(key)
        if values:
            first = values[0]
            return first.get("value", first) if isinstance(first, Mapping) else first
    kind = str(parameter.get("type", ""))
    if kind in ("NUMBER", "INTEGER"):
        return 1
    if kind in ("BOOLEAN", "SWITCH"):
        return True
    return "contract"


def _ok(answer: tuple[int, Any]) -> Any:
    """The body of a 2xx answer, else ``None``."""
    status, body = answer
    return body if 200 <= status < 300 else None


def _listed(body: Any, key: str) -> dict[str, list[Any]]:
    """``body[key]`` when it is a map of lists by integration, else ``{}``."""
    value = body.get(key) if isinstance(body, Mapping) else None
    return value if isinstance(value, dict) else {}


class _Discovery:
    """One discovery pass over a target (see :func:`discover`)."""

    def __init__(
        self,
        request: Requester,
        world: World,
        user_headers: Callable[[], dict[str, str]],
        api_key: str | None,
    ) -> None:
        """Discover into ``world`` through ``request``."""
        self.request = request
        self.world = world
        self.user_headers = user_headers
        self.api_key = api_key
        self.project = f"/projects/{world.project_id}"
        self._all_valid: set[str] = set()

    def get(self, family: str, path: str, params: dict[str, str] | None = None) -> Any:
        """A GET as the user; the body of a 2xx answer, else ``None``."""
        return _ok(self.request("GET", family, path, headers=self.user_headers(), params=params))

    def run(self, prefer: str | None) -> World:
        """Read everything the world needs; return it."""
        me = self.get("zeus", f"{self.project}/sdk/me") or {}
        integrations = self.get("zeus", f"{self.project}/sdk/integrations") or []
        credentials = self._credentials(me)
        self.world.valid_credentials = {t: c["id"] for t, c in credentials.items() if c.get("id")}
        tools = _listed(self.get("actionkit", f"{self.project}/tools"), "tools")
        triggers = _listed(self.get("actionkit", f"{self.project}/triggers"), "triggers")
        self._primary(integrations, credentials, tools, triggers, prefer)
        self._fresh(integrations, credentials)
        self._tool(tools, credentials)
        self._trigger(triggers, credentials)
        self._subscription()
        self._sync(credentials)
        self._execution()
        resources = me.get("resources") if isinstance(me, Mapping) else None
        if isinstance(resources, list) and resources and isinstance(resources[0], Mapping):
            self.world.resource_id = self.world.resource_id or resources[0].get("id")
        return self.world

    def _credentials(self, me: Any) -> dict[str, dict[str, Any]]:
        """The first VALID credential of each integration type the user connected."""
        found: dict[str, dict[str, Any]] = {}
        listed = me.get("integrations") if isinstance(me, Mapping) else None
        for integration_type, entry in (listed or {}).items():
            for credential in (entry or {}).get("allCredentials") or ():
                if credential.get("status") == "VALID":
                    found.setdefault(integration_type, credential)
                    self._all_valid.add(str(credential.get("id")))
        return found

    def _primary(
        self,
        integrations: list[Any],
        credentials: dict[str, dict[str, Any]],
        tools: dict[str, list[Any]],
        triggers: dict[str, list[Any]],
        prefer: str | None,
    ) -> None:
        """The integration to act on: connected, with Tools and triggers, ``prefer`` first."""
        connected = [i for i in integrations if i.get("type") in credentials]
        if not connected:
            return
        connected.sort(
            key=lambda i: (
                i.get("type") != prefer,
                not tools.get(i["type"]),
                not triggers.get(i["type"]),
            )
        )
        chosen = connected[0]
        credential = credentials[chosen["type"]]
        world = self.world
        world.integration_id, world.integration_type = chosen.get("id"), chosen["type"]
        world.credential_id = credential.get("id")
        configurations = [c for c in credential.get("configurations") or () if c.get("id")]
        extra = [c for c in configurations if not c.get("isDefault")]
        chosen_configuration = (extra or configurations or [None])[0]
        if chosen_configuration is not None:
            world.configuration_id = chosen_configuration["id"]
        workflows = [w.get("id") for w in chosen.get("workflows") or () if w.get("id")]
        world.workflow_ids = workflows
        if world.workflow_id not in workflows:
            world.workflow_id = workflows[0] if workflows else None

    def _fresh(self, integrations: list[Any], credentials: dict[str, Any]) -> None:
        """An integration the user has not connected, else the last one (another account)."""
        listed = [i for i in integrations if i.get("id") and i.get("type")]
        fresh = [i for i in listed if i["type"] not in credentials] or listed[-1:]
        if fresh:
            self.world.fresh_integration_id = fresh[0]["id"]
            self.world.fresh_integration_type = fresh[0]["type"]

    def _tool(self, tools: dict[str, list[Any]], credentials: dict[str, Any]) -> None:
        """A Tool of a connected integration and parameters that fit its JSON Schema."""
        order = sorted(tools, key=lambda name: name != self.world.integration_type)
        for integration_type in order:
            if integration_type not in credentials:
                continue
            for tool in tools[integration_type]:
                function = tool.get("function") if isinstance(tool, Mapping) else None
                if not isinstance(function, Mapping) or not function.get("name"):
                    continue
                parameters = minimal_instance(function.get("parameters") or {"type": "object"})
                if isinstance(parameters, dict):
                    self.world.tool = function["name"]
                    self.world.tool_parameters = parameters
                    self.world.tool_credential_id = credentials[integration_type].get("id")
                    return

    def _trigger(self, triggers: dict[str, list[Any]], credentials: dict[str, Any]) -> None:
        """A trigger type of a connected integration and values for its required inputs."""
        order = sorted(triggers, key=lambda name: name != self.world.integration_type)
        for integration_type in order:
            credential = credentials.get(integration_type)
            if credential is None or not triggers[integration_type]:
                continue
            trigger = triggers[integration_type][0]
            world = self.world
            world.trigger_integration, world.trigger_type = integration_type, trigger.get("type")
            world.trigger_credential_id = credential.get("id")
            world.trigger_parameters = {
                parameter["id"]: _input_value(parameter)
                for parameter in trigger.get("parameters") or ()
                if isinstance(parameter, Mapping)
                and parameter.get("id")
                and parameter.get("required", True)
            }
            return

    def _subscription(self) -> None:
        """A trigger subscription of the user, of the trigger integration first."""
        listed = _listed(self.get("actionkit", f"{self.project}/trigger-subscriptions"), "triggers")
        order = sorted(listed, key=lambda name: name != self.world.trigger_integration)
        for integration_type in order:
            for subscription in listed[integration_type]:
                if subscription.get("id"):
                    self.world.subscription_id = subscription["id"]
                    return

    def _sync(self, credentials: dict[str, Any]) -> None:
        """A Sync of the user, one with records when there is one, and its credential."""
        syncs = self.get("sync", "/api/syncs") or {}
        listed = syncs.get("data") if isinstance(syncs, Mapping) else None
        fallback: dict[str, Any] | None = None
        for sync in listed or ():
            if not sync.get("id"):
                continue
            fallback = fallback or sync
            page = self.get("sync", f"/api/syncs/{sync['id']}/records", {"pageSize": "1"}) or {}
            records = page.get("data") if isinstance(page, Mapping) else None
            if records and records[0].get("id"):
                self._use_sync(sync, credentials)
                self.world.record_id = self.world.record_id or records[0]["id"]
                self.world.cursor = (page.get("paging") or {}).get("cursor") or self.world.cursor
                return
        if fallback is not None:
            self._use_sync(fallback, credentials)

    def _use_sync(self, sync: Mapping[str, Any], credentials: dict[str, Any]) -> None:
        """Take ``sync`` and its credential (only while that credential is VALID)."""
        world = self.world
        world.sync_id, world.sync_integration = sync["id"], sync.get("integration")
        status = self.get("sync", f"/api/syncs/{sync['id']}") or {}
        credential = status.get("credentialId") if isinstance(status, Mapping) else None
        world.sync_credential_id = credential if credential in self._all_valid else None

    def _execution(self) -> None:
        """A Task History execution and one of its steps (needs the project API key)."""
        if self.api_key is None:
            return
        headers = {"Authorization": f"Bearer {self.api_key}"}
        path = f"{self.project}/task-history/workflow-executions"
        listed = _ok(self.request("GET", "zeus", path, headers=headers)) or {}
        for execution in listed.get("workflowExecutions") or ():
            if not execution.get("id"):
                continue
            self.world.execution_id = execution["id"]
            detail = _ok(self.request("GET", "zeus", f"{path}/{execution['id']}", headers=headers))
            steps = (detail or {}).get("stepExecutions") or ()
            if steps:
                self.world.step_execution_id = steps[0].get("id")
            return


def discover(
    request: Requester,
    world: World,
    *,
    user_headers: Callable[[], dict[str, str]],
    api_key: str | None = None,
    prefer: str | None = None,
) -> World:
    """Fill ``world`` with what the target has, reading it through the API (read-only).

    ``user_headers`` returns the user's ``Authorization`` header (a fresh token each call when
    minted); ``api_key`` enables the Task History look-up; ``prefer`` names the integration type
    to act on when the user connected several.
    """
    return _Discovery(request, world, user_headers, api_key).run(prefer)


# -- the built-in fake --------------------------------------------------------------------------


@dataclass(frozen=True)
class Seeded:
    """What :func:`seed_fake` created that discovery cannot read back."""

    primary: str
    credential_id: str
    workflow_id: str
    oauth_session: str
    permission_user: str


def seed_fake(fake: FakeParagon, user_id: str = CONTRACT_USER) -> Seeded:
    """Reset ``fake`` and give ``user_id`` a world to act on (the same ids on every call).

    Every integration of the project but one is connected (VALID, all workflows enabled, a proxy
    answer for any path); the primary integration (the first with Tools, triggers and a
    request-triggered workflow) gets a second configuration, a trigger subscription, a Sync with
    a record (with content, shared with :data:`PERMISSION_USER`) and one request-trigger run
    (a Task History execution). The integration left out is the one new installs go to.
    """
    from pytest_paragon.fake.actionkit.state import tool_specs, trigger_specs
    from pytest_paragon.fake.connect import domain as connect_domain
    from pytest_paragon.fake.core import FakeRequest

    fake.reset()
    project = fake.project
    integrations = list(project.integrations)

    def score(spec: Any) -> tuple[bool, bool, bool]:
        """Sorts integrations with Tools, triggers and a request-triggered workflow first."""
        has_trigger_workflow = any(w.request_trigger for w in spec.workflows)
        return (not tool_specs(spec), not trigger_specs(spec), not has_trigger_workflow)

    primary = min(integrations, key=score)
    fresh = next((s for s in reversed(integrations) if s is not primary), None)
    credentials = {}
    for spec in integrations:
        if spec is fresh:
            continue
        workflows = [workflow.id for workflow in spec.workflows]
        credentials[spec.type] = fake.users.connect(user_id, spec.type, workflows=workflows)
        fake.proxy.on(spec.type, {"ok": True}, optional=True)
    credential = credentials[primary.type]
    configuration = connect_domain.create_configuration(fake.state, credential, "paragon-contract")
    for workflow_spec in primary.workflows:
        configuration.workflow(workflow_spec.id).enabled = True
    workflow = next((w for w in primary.workflows if w.request_trigger), None)
    workflow_id = (workflow or primary.workflows[0]).id if primary.workflows else ""
    triggers = trigger_specs(primary)
    if triggers:
        example = triggers[0].examples[0] if triggers[0].examples else {}
        parameters = {
            str(p.get("id")): example.get(str(p.get("id")), _input_value(p))
            for p in triggers[0].parameters
            if p.get("required", True)
        }
        fake.actionkit.subscribe(user_id, primary.type, triggers[0].type, parameters)
    connect_domain.start_oauth(fake.state, OAUTH_SESSION, user_id, primary.type, {})
    token = fake.signing_key.mint(user_id, project_id=project.id, now=fake.clock())
    headers = {"authorization": f"Bearer {token}", "content-type": "application/json"}
    body = json.dumps({"integration": primary.type, "pipeline": "files"}).encode()
    sync = fake.handle(FakeRequest("POST", "sync.useparagon.com", "/api/syncs", (), headers, body))
    sync_id = json.loads(sync.body)["id"]
    record = {"id": RECORD_ID, "name": "plan.pdf", "mimeType": "application/pdf"}
    fake.sync.seed_records(sync_id, [record], contents={RECORD_ID: b"%PDF-1.4 contract"})
    fake.sync.grant(sync_id, RECORD_ID, PERMISSION_USER, "is_owner")
    if workflow is not None:
        path = f"/projects/{project.id}/sdk/triggers/{workflow.id}"
        fake.handle(FakeRequest("POST", "hermes.useparagon.com", path, (), headers, b"{}"))
    fake.journal.clear()
    fake._violations.clear()
    return Seeded(
        primary=primary.type,
        credential_id=credential.id,
        workflow_id=workflow_id,
        oauth_session=OAUTH_SESSION,
        permission_user=PERMISSION_USER,
    )
