"""Applying one seed spec to a fake: the single path of all three entrances.

``paragon_fake.seed(...)``, a project file's seeding keys (at start and after every reset) and
``POST /__paragon/seed`` all end in :func:`apply_seed`, so a key means the same everywhere. The
spec (:class:`~pytest_paragon.fake.base.project.SeedSpec`) is checked by pydantic first; every
name it uses (integrations, workflows, Tools, users) is then checked before anything is stored,
so a wrong name changes nothing. This module sits beside the composition root: it uses every
area's helpers and is imported by the core, never the other way round.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pytest_paragon.errors import ParagonUsageError
from pytest_paragon.fake.actionkit.helpers import ActionKitHelpers
from pytest_paragon.fake.actionkit.state import find_tool, tool_names
from pytest_paragon.fake.base.project import ProjectSpec, SeedSpec
from pytest_paragon.fake.base.state import FakeState
from pytest_paragon.fake.connect.helpers import ConnectHelpers, ProxyHelpers, TriggerHelpers
from pytest_paragon.fake.sync.helpers import SyncHelpers
from pytest_paragon.fake.task_history.executions import record_run, set_execution_status


def as_seed(spec: SeedSpec | Mapping[str, Any] | None = None, **keys: Any) -> SeedSpec:
    """``spec`` (a :class:`SeedSpec`, or its keys as a mapping or keyword arguments) validated."""
    from pydantic import ValidationError

    from pytest_paragon.fake.base.project import spec_error

    if isinstance(spec, SeedSpec) and not keys:
        return spec
    data = {**(spec.model_dump(exclude_unset=True) if isinstance(spec, SeedSpec) else {})}
    data.update(dict(spec) if isinstance(spec, Mapping) else {})
    data.update(keys)
    try:
        return SeedSpec.model_validate(data)
    except ValidationError as exc:
        raise spec_error(exc, SeedSpec, "paragon_fake.seed() at", "The seed") from None


def _check_names(state: FakeState, seed: SeedSpec) -> None:
    """Every integration, workflow and Tool the spec names exists (nothing stored yet)."""
    named: list[str] = [
        *(item.integration for item in seed.proxyResponses),
        *(item.integration for item in seed.fieldOptions),
        *(item.integration for item in seed.actionkitRecords),
        *(item.integration for item in seed.syncRecords),
        *(item.integration for item in seed.syncPermissions),
    ]
    for integration in named:
        state.integration(integration)
    for user in seed.users:
        for credential in user.credentials:
            state.integration(credential.integration)
        slugs = {r.slug: r.id for r in state.project.resources}
        for resource in user.resources:
            if resource not in slugs and resource not in slugs.values():
                raise ParagonUsageError.from_unknown(
                    "Resource", resource, slugs, where=f"users[{user.id}].resources"
                )
    for execution in seed.executions:
        if state.project.workflow(execution.workflowId) is None:
            raise ParagonUsageError.from_unknown(
                "workflow",
                execution.workflowId,
                (w.id for i in state.project.integrations for w in i.workflows),
                where="executions",
            )
    for tool in seed.toolResponses:
        if find_tool(state.project, tool.tool) is None:
            raise ParagonUsageError.from_unknown(
                "ActionKit Tool", tool.tool, tool_names(state.project), where="toolResponses"
            )


def declared_seed(project: ProjectSpec) -> SeedSpec:
    """What a project declares to seed besides its users (seeded first, with their places)."""
    return project.model_copy(update={"users": ()}) if project.users else project


def apply_seed(state: FakeState, seed: SeedSpec) -> None:
    """Seed ``state`` with everything ``seed`` declares, in dependency order.

    Users and their credentials first (records, Syncs and executions belong to them), then the
    clock, the registered answers, field options, the OAuth outcome and the data.
    """
    connect = ConnectHelpers(state)
    from pytest_paragon.fake.base.errors import FakeError, usage_error

    with state.lock:
        try:
            _check_names(state, seed)
        except FakeError as error:
            usage = usage_error(error, where="the seed")
            usage.domain_error = error  # the admin API answers it as the HTTP error it is
            raise usage from None
        if seed.clock is not None:
            if seed.clock.frozen:
                state.clock.freeze(seed.clock.now)
            else:
                state.clock.follow_system()
        for user in seed.users:
            connect.seed_user(user)
        try:
            _apply_answers(state, seed)
            _apply_data(state, seed)
        finally:
            state.changed()  # what was encoded from the state before seeding is stale


def _apply_answers(state: FakeState, seed: SeedSpec) -> None:
    proxy, triggers = ProxyHelpers(state), TriggerHelpers(state)
    actionkit, connect = ActionKitHelpers(state), ConnectHelpers(state)
    for answer in seed.proxyResponses:
        proxy.on(
            answer.integration,
            answer.response,
            method=answer.method,
            path=answer.path,
            status=answer.status,
            headers=answer.headers,
            optional=answer.optional,
            **answer.match_keywords(),
        )
    for trigger in seed.triggerResponses:
        triggers.on(
            trigger.workflowId,
            trigger.response,
            status=trigger.status,
            headers=trigger.headers,
            optional=trigger.optional,
            **trigger.match_keywords(),
        )
    for tool in seed.toolResponses:
        actionkit.on(
            tool.tool,
            tool.response,
            status=tool.status,
            headers=tool.headers,
            optional=tool.optional,
            **{
                k: v for k, v in tool.match_keywords().items() if v is not None or k == "match_json"
            },
        )
    for options in seed.fieldOptions:
        connect.field_options(options.integration, options.sourceKey, options.options)
    if seed.oauthOutcome is not None:
        connect.oauth_outcome(seed.oauthOutcome)
    for fault in seed.faults:
        if state.faults is not None:
            state.faults.add(fault)


def _apply_data(state: FakeState, seed: SeedSpec) -> None:
    actionkit, sync = ActionKitHelpers(state), SyncHelpers(state)
    for records in seed.actionkitRecords:
        actionkit.seed_records(
            records.userId,
            records.integration,
            records.collection,
            records.records,
            credential_id=records.credentialId,
        )
    for synced in seed.syncRecords:
        sync.seed_records(
            (synced.userId, synced.integration, synced.pipeline),
            synced.records,
            contents=dict(synced.contents),
            total=synced.total,
        )
    for grant in seed.syncPermissions:
        target = (grant.userId, grant.integration, grant.pipeline)
        if grant.parent is not None or grant.objectType is not None:
            sync.seed_object(
                target, grant.objectId, grant.objectType or "file", parent=grant.parent
            )
        sync.grant(target, grant.objectId, grant.user, grant.role)
    for execution in seed.executions:
        found = state.project.workflow(execution.workflowId)
        assert found is not None  # checked by _check_names
        record = record_run(
            state,
            execution_id=execution.id or state.ids(),
            user_id=execution.userId,
            workflow_id=execution.workflowId,
            integration=found[0].type,
            started_at=state.clock(),
            finished=execution.status != "EXECUTING",
            request=execution.request,
            response=execution.response,
        )
        if execution.status not in ("SUCCEEDED", "EXECUTING"):
            set_execution_status(state, record, execution.status)
