"""The state machines of the named flows (see :mod:`pytest_paragon.contract_suite.flows`).

Each function takes a factory of fresh :class:`~pytest_paragon.contract_suite.flows.FlowClient`
objects (one per Hypothesis example: the target is reset to its seeded state, or read again) and
answers a ``RuleBasedStateMachine`` class whose rules are the flow's steps.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, precondition, rule

from pytest_paragon.contract_suite.binding import BODY_BINDERS, CREDENTIAL_HEADER
from pytest_paragon.contract_suite.flows import (
    FlowClient,
    NotListed,
    NotReadBack,
    Step,
    StillListed,
    StillRuns,
    UnexpectedStatus,
)

_SERIAL = itertools.count(1)
SETTING_KEYS = ("flowPlan", "flowSeats", "flowRegion")
"""User metadata keys the ``connect`` flow writes (never ones the target normalises)."""


def _ids(answer: Any) -> set[str]:
    """The ``id`` of every object in a list answer (or in its ``data``)."""
    items = answer.get("data") if isinstance(answer, dict) else answer
    return {str(item.get("id")) for item in items or () if isinstance(item, dict)}


def connect_flow(client: Callable[[], FlowClient]) -> type[RuleBasedStateMachine]:
    """Connect, read the user, update settings, trigger a workflow, App Events, uninstall."""

    class ConnectFlow(RuleBasedStateMachine):
        """One connected user's life in an app that embeds Paragon."""

        def __init__(self) -> None:
            super().__init__()
            self.client = client()
            self.world = self.client.world
            self.connected: dict[str, str] = {}  # credential id -> integration id
            self.meta: dict[str, Any] = {}
            self.enabled: bool | None = None  # set by the first trigger step, never assumed
            self.triggerable = True

        @precondition(lambda self: self.world.fresh_integration_id is not None)
        @rule()
        def connect(self) -> None:
            body: dict[str, Any] = {"integrationId": None, "config": {}, "payload": {}}
            body["installOptions"] = {}
            BODY_BINDERS["createCredential"](body, self.world)
            created = self.client.call("connect", "createCredential", body=body).body
            credential_id = str(created["id"])
            self.connected[credential_id] = str(self.world.fresh_integration_id)
            listed = _ids(self.client.call("connect", "listCredentials").body)
            if credential_id not in listed:
                raise NotListed(
                    "connect", f"credential {credential_id} was created but listCredentials "
                    f"lists only {sorted(listed)}",
                )  # fmt: skip

        @rule()
        def read_user(self) -> None:
            me = self.client.call("read the user", "getConnectedUser").body
            if me.get("userId") != self.world.user_id:
                raise NotReadBack(
                    "read the user", f"userId {me.get('userId')!r}, not {self.world.user_id!r}"
                )

        @rule(
            values=st.dictionaries(
                st.sampled_from(SETTING_KEYS),
                st.one_of(st.integers(0, 1000), st.sampled_from(["free", "pro", "eu-west"])),
                min_size=1,
                max_size=2,
            )
        )
        def update_settings(self, values: dict[str, Any]) -> None:
            self.client.call(
                "update settings", "updateConnectedUserMetadata", body={"meta": values}
            )
            self.meta.update(values)
            read = (self.client.call("update settings", "getConnectedUser").body or {}).get("meta")
            got = {key: (read or {}).get(key) for key in self.meta}
            if got != self.meta:
                raise NotReadBack("update settings", f"wrote metadata {self.meta}, read back {got}")

        @precondition(
            lambda self: bool(
                self.triggerable and self.world.workflow_id and self.world.credential_id
            )
        )
        @rule(enable=st.booleans())
        def trigger_workflow(self, enable: bool) -> None:
            workflow = {"workflowId": str(self.world.workflow_id)}
            headers = {CREDENTIAL_HEADER: str(self.world.credential_id)}
            if enable != self.enabled:
                operation = "enableWorkflow" if enable else "disableWorkflow"
                self.client.call("trigger a workflow", operation, path=workflow, headers=headers)
                self.enabled = enable
            ran = self.client.call(
                "trigger a workflow", "runRequestTriggerWorkflow", path=workflow,
                headers=headers, body={"flow": next(_SERIAL)}, expect=None,
            )  # fmt: skip
            if self.enabled and ran.status == 404:
                # A live target's first workflow need not be request-triggered: nothing to run.
                # (Against the fake the flow then never reaches this step, which fails it.)
                self.triggerable = False
                return
            if not self.enabled and ran.status < 300:
                raise StillRuns(
                    "trigger a workflow",
                    f"workflow {workflow['workflowId']} was disabled, but the trigger answered "
                    f"{ran.status}",
                )
            if self.enabled and ran.status >= 400:
                raise UnexpectedStatus(
                    "trigger a workflow", f"the enabled workflow answered {ran.status}: {ran.body}"
                )

        @rule()
        def send_app_event(self) -> None:
            body = {"name": "paragon-flow-event", "payload": {"serial": next(_SERIAL)}}
            self.client.call("send an App Event", "sendAppEventV2", body=body)

        @precondition(lambda self: bool(self.connected))
        @rule(data=st.data())
        def uninstall(self, data: st.DataObject) -> None:
            credential_id = data.draw(st.sampled_from(sorted(self.connected)))
            integration_id = self.connected.pop(credential_id)
            self.client.call(
                "uninstall", "uninstallIntegration", path={"integrationId": integration_id},
                headers={CREDENTIAL_HEADER: credential_id},
            )  # fmt: skip
            listed = _ids(self.client.call("uninstall", "listCredentials").body)
            if credential_id in listed:
                raise StillListed(
                    "uninstall", f"credential {credential_id} was uninstalled but is listed"
                )

    return ConnectFlow


def actionkit_flow(client: Callable[[], FlowClient]) -> type[RuleBasedStateMachine]:
    """List the ActionKit Tools and run one that is listed."""

    class ActionKitFlow(RuleBasedStateMachine):
        """An agent listing Tools and calling one."""

        def __init__(self) -> None:
            super().__init__()
            self.client = client()
            self.world = self.client.world
            self.listed: set[str] = set()

        @rule()
        def list_tools(self) -> None:
            answer = self.client.call("list tools", "listActionKitTools").body or {}
            tools = answer.get("tools") if isinstance(answer, dict) else None
            self.listed = {
                str(tool.get("function", tool).get("name"))
                for entries in (tools or {}).values()
                for tool in entries or ()
                if isinstance(tool, dict)
            }

        @precondition(lambda self: self.world.tool is not None)
        @rule()
        def run_tool(self) -> None:
            if self.world.tool not in self.listed and self.listed:
                raise NotListed("run a tool", f"{self.world.tool} runs but is not listed")
            body: dict[str, Any] = {"tool": None, "parameters": {}}
            BODY_BINDERS["runActionKitTool"](body, self.world)
            self.client.call("run a tool", "runActionKitTool", body=body)

    return ActionKitFlow


def sync_flow(client: Callable[[], FlowClient]) -> type[RuleBasedStateMachine]:
    """Create a Sync, find it, page its records, delete it."""

    class SyncFlow(RuleBasedStateMachine):
        """A Managed Sync from creation to deletion."""

        def __init__(self) -> None:
            super().__init__()
            self.client = client()
            self.world = self.client.world
            self.syncs: list[str] = []

        @precondition(lambda self: self.world.sync_integration or self.world.integration_type)
        @rule()
        def create_sync(self) -> None:
            body = {"integration": None, "pipeline": f"paragon-flow-{next(_SERIAL)}"}
            BODY_BINDERS["enableSync"](body, self.world)
            sync_id = str(self.client.call("create a Sync", "enableSync", body=body).body["id"])
            self.syncs.append(sync_id)
            listed = _ids(self.client.call("create a Sync", "listSyncs").body)
            if sync_id not in listed:
                raise NotListed("create a Sync", f"Sync {sync_id} was created but is not listed")
            self.client.call("create a Sync", "getSyncStatus", path={"syncId": sync_id})

        @precondition(lambda self: bool(self.syncs))
        @rule()
        def page_records(self) -> None:
            sync = {"syncId": self.syncs[-1]}
            cursor: str | None = None
            for _page in range(20):
                query = {"cursor": cursor} if cursor else {}
                answer = self.client.call(
                    "page its records", "pullSyncedRecords", path=sync, query=query
                ).body
                paging = (answer.get("paging") if isinstance(answer, dict) else None) or {}
                following = paging.get("cursor")  # the contract's link NextPage names it
                caught_up = not answer.get("data") or paging.get("remainingRecords") == 0
                if caught_up or not following or following == cursor:
                    return
                cursor = str(following)
            raise UnexpectedStatus("page its records", "more than 20 pages: the cursor never ends")

        @precondition(lambda self: bool(self.syncs))
        @rule()
        def delete_sync(self) -> None:
            sync_id = self.syncs.pop()
            self.client.call("delete it", "deleteSync", path={"syncId": sync_id})
            if sync_id in _ids(self.client.call("delete it", "listSyncs").body):
                raise StillListed("delete it", f"Sync {sync_id} was deleted but is still listed")

    return SyncFlow


def flow_machines() -> dict[str, Callable[[Callable[[], FlowClient]], type]]:
    """The state machine class of each flow, given a factory of fresh clients (one per example)."""
    return {"actionkit": actionkit_flow, "connect": connect_flow, "sync": sync_flow}


def run_flow(
    name: str, client: Callable[[], FlowClient], *, examples: int, steps: int = 6
) -> tuple[list[Step], list[Step]]:
    """Run flow ``name`` as a Hypothesis state machine: every example's steps, the last one's.

    Deterministic (``derandomize``): the same flows take the same steps on every run.
    """
    from hypothesis import HealthCheck, Phase, settings
    from hypothesis.stateful import run_state_machine_as_test

    clients: list[FlowClient] = []

    def fresh() -> FlowClient:
        made = client()
        clients.append(made)
        return made

    machine = flow_machines()[name](fresh)
    run_state_machine_as_test(
        machine,
        settings=settings(
            max_examples=examples,
            stateful_step_count=steps,
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],
        ),
    )
    every = [step for made in clients for step in made.steps]
    return every, (clients[-1].steps if clients else [])


__all__ = ["actionkit_flow", "connect_flow", "flow_machines", "run_flow", "sync_flow"]
