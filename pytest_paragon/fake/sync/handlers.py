"""Managed Sync (E43-E52) and its Permissions API (E53-E57, E59), for the token's user.

A user sees only its own Syncs: any other id answers 404 ``Sync not found``. E43 needs a VALID
credential of the integration: ``credentialId`` (UUID, ``ext:`` or bare external id) selects
one, else the oldest VALID one is used; enabling a pipeline that already has a Sync answers that
Sync (a different ``credentialId`` is a 400: update the Sync instead). E46 applies the update at
once and acknowledges it. E50 pages the source's change feed: ``pageSize`` (default 100) records
after ``cursor``; ``paging.cursor`` names the page's last record (on an empty page, the cursor
that was sent), ``lastSeen`` its sync time in epoch milliseconds. The lifecycle and the data are
described in :mod:`pytest_paragon.fake.sync.state`.
"""

from __future__ import annotations

import json
from typing import Any

from pytest_paragon.fake.base.context import Reply, RequestContext, handles
from pytest_paragon.fake.base.errors import FakeError, bad_request, not_found
from pytest_paragon.fake.base.records import CredentialRecord
from pytest_paragon.fake.sync.permissions import ROLES, PermissionGraph
from pytest_paragon.fake.sync.state import (
    FREQUENCIES,
    SyncInstance,
    SyncSource,
    SyncStore,
    advance,
    decode_cursor,
    effective_status,
    encode_cursor,
)

DEFAULT_PAGE_SIZE = 100
LIST_LIMIT = 1000
UPDATE_ACCEPTED = "Update request accepted and is being processed"


def _own_sync(context: RequestContext) -> SyncInstance:
    sync = context.state.area(SyncStore).syncs.get(context.path_params["syncId"])
    if sync is None or sync.user_id != context.user.id:
        raise not_found("Sync not found")
    return sync


def _source(context: RequestContext, sync: SyncInstance) -> SyncSource:
    return context.state.area(SyncStore).source(sync.key)


def _graph(context: RequestContext) -> PermissionGraph:
    return _source(context, _own_sync(context)).permissions


def _credential(context: RequestContext, integration: str, selector: Any) -> CredentialRecord:
    """The VALID credential of ``integration`` that ``selector`` names, else the oldest VALID."""
    state = context.state
    if selector is None:
        valid = [
            c for c in state.credentials_of(context.user.id, integration) if c.status == "VALID"
        ]
        if not valid:
            raise bad_request(f'Integration "{integration}" has no valid credential for this user.')
        return valid[0]
    try:
        credential = state.resolve_credential(context.user.id, str(selector), integration)
    except FakeError as error:
        raise bad_request(error.message) from None
    if credential.status != "VALID":
        raise bad_request(f"Credential {credential.id} is not valid ({credential.status}).")
    return credential


def sync_payload(context: RequestContext, sync: SyncInstance) -> dict[str, Any]:
    """A Sync as E43 answers it."""
    return {
        "id": sync.id,
        "userId": sync.user_id,
        "integration": sync.integration,
        "pipeline": sync.pipeline,
        "projectId": context.state.project.id,
        "status": effective_status(context.state, sync)[0],
    }


@handles("enableSync")
def enable_sync(context: RequestContext) -> Reply:
    """E43: enable a pipeline of an integration the user connected (status INITIALIZING)."""
    body = context.json_object()
    spec = context.state.project.integration(str(body.get("integration")))
    if spec is None:
        raise bad_request(f"Integration {body.get('integration')!r} not found in this project.")
    pipeline = str(body.get("pipeline") or "")
    if not pipeline:
        raise bad_request("`pipeline` is required.")
    credential = _credential(context, spec.type, body.get("credentialId"))
    existing = context.state.area(SyncStore).find((context.user.id, spec.type, pipeline))
    if existing is not None:
        if "credentialId" in body and existing.credential_id != credential.id:
            raise bad_request(
                f"A {spec.type} {pipeline} Sync already exists ({existing.id}) with another "
                "credential; update it to change the credential."
            )
        return Reply(json=sync_payload(context, existing))
    now = context.state.clock.iso()
    configuration = body.get("configuration")
    sync = SyncInstance(
        id=context.state.ids(),
        user_id=context.user.id,
        integration=spec.type,
        pipeline=pipeline,
        credential_id=credential.id,
        date_created=now,
        date_updated=now,
        configuration=dict(configuration) if isinstance(configuration, dict) else None,
        configuration_name=body.get("configurationName"),
    )
    context.state.area(SyncStore).syncs[sync.id] = sync
    return Reply(json=sync_payload(context, sync))


@handles("listSyncs")
def list_syncs(context: RequestContext) -> Reply:
    """E44: the user's Syncs, oldest first."""
    return Reply(
        json={
            "data": [
                {
                    "id": sync.id,
                    "integration": sync.integration,
                    "pipeline": sync.pipeline,
                    "status": effective_status(context.state, sync)[0],
                    "configurationName": sync.configuration_name,
                    "dateCreated": sync.date_created,
                    "dateUpdated": sync.date_updated,
                }
                for sync in context.state.area(SyncStore).of_user(context.user.id)
            ]
        }
    )


@handles("getSyncStatus")
def get_sync_status(context: RequestContext) -> Reply:
    """E45: status (a running initial sync advances one step per read) and record counts."""
    sync = _own_sync(context)
    advance(context.state, sync)
    status, error = effective_status(context.state, sync)
    source = _source(context, sync)
    active = source.active()
    summary: dict[str, Any] = {
        "totalRecords": max(source.declared_total or 0, len(active)),
        "syncedRecordsCount": len(active),
    }
    if sync.last_synced_at is not None:
        summary["lastSyncedAt"] = sync.last_synced_at
    if active:
        summary["latestCursor"] = encode_cursor(active[-1].seq)
    payload: dict[str, Any] = {
        "status": status,
        "summary": summary,
        "credentialId": sync.credential_id,
    }
    if sync.frequency is not None:
        payload["incrementalAccumulatorFrequency"] = sync.frequency
    if status == "RATE_LIMITED" and sync.rate_limit_backoff_ms is not None:
        payload["rateLimitBackoffMs"] = sync.rate_limit_backoff_ms
    if error is not None:
        payload["error"] = error
    return Reply(json=payload)


@handles("updateSync")
def update_sync(context: RequestContext) -> Reply:
    """E46: change the credential and/or the incremental frequency (at least one)."""
    sync = _own_sync(context)
    body = context.json_object()
    accepted: dict[str, Any] = {}
    if "credentialId" in body:
        credential = _credential(context, sync.integration, body["credentialId"])
        accepted["credentialId"] = credential.id
    if "incrementalAccumulatorFrequency" in body:
        frequency = body["incrementalAccumulatorFrequency"]
        if frequency not in FREQUENCIES:
            raise bad_request(f"`incrementalAccumulatorFrequency` must be one of {FREQUENCIES}.")
        accepted["incrementalAccumulatorFrequency"] = frequency
    if not accepted:
        raise bad_request("Provide `credentialId` and/or `incrementalAccumulatorFrequency`.")
    sync.credential_id = accepted.get("credentialId", sync.credential_id)
    sync.frequency = accepted.get("incrementalAccumulatorFrequency", sync.frequency)
    sync.date_updated = context.state.clock.iso()
    return Reply(json={"id": sync.id, "data": accepted, "message": UPDATE_ACCEPTED})


@handles("deleteSync")
def delete_sync(context: RequestContext) -> Reply:
    """E47: delete the Sync (its source's data stays with the provider)."""
    sync = _own_sync(context)
    del context.state.area(SyncStore).syncs[sync.id]
    return Reply(json={"success": True})


@handles("disableSync")
def disable_sync(context: RequestContext) -> Reply:
    """E48: pause the Sync (DISABLED)."""
    sync = _own_sync(context)
    sync.status, sync.pinned = "DISABLED", False
    sync.date_updated = context.state.clock.iso()
    return Reply(json={"success": True})


@handles("reenableSync")
def reenable_sync(context: RequestContext) -> Reply:
    """E49: resume a disabled Sync (ACTIVE, then IDLE at the next status read)."""
    sync = _own_sync(context)
    if sync.status == "DISABLED":
        sync.status = "ACTIVE"
        sync.date_updated = context.state.clock.iso()
    return Reply(json={"success": True})


def _page_size(context: RequestContext) -> int:
    raw = context.query.get("pageSize", str(DEFAULT_PAGE_SIZE))
    try:
        size = int(raw)
    except ValueError:
        size = 0
    if size < 1:
        raise bad_request(f"`pageSize` must be a positive integer, not {raw!r}.")
    return size


@handles("pullSyncedRecords")
def pull_synced_records(context: RequestContext) -> Reply:
    """E50: the records after ``cursor``, ``pageSize`` at a time, with the paging block."""
    source = _source(context, _own_sync(context))
    size = _page_size(context)
    cursor = context.query.get("cursor")
    after = 0
    if cursor is not None:
        decoded = decode_cursor(cursor)
        if decoded is None:
            raise bad_request(f"Invalid cursor {cursor!r}.")
        after = decoded
    remaining = [entry for entry in source.active() if entry.seq > after]
    page = remaining[:size]
    last = page[-1] if page else None
    return Reply(
        json={
            "data": [dict(entry.data) for entry in page],
            "paging": {
                "totalRecords": len(source.records),
                "totalActiveRecords": len(source.active()),
                "remainingRecords": len(remaining) - len(page),
                "cursor": encode_cursor(last.seq) if last else cursor,
                "lastSeen": int(last.synced_at * 1000) if last else None,
            },
        }
    )


def _record(context: RequestContext) -> Any:
    source = _source(context, _own_sync(context))
    record_id = context.path_params["recordId"]
    entry = source.record(record_id)
    if entry is None:
        raise not_found(f"Record {record_id} not found in this Sync.")
    return entry


@handles("getSyncedRecord")
def get_synced_record(context: RequestContext) -> Reply:
    """E51: one record of the Sync."""
    return Reply(json=dict(_record(context).data))


@handles("downloadSyncedRecordContent")
def download_synced_record_content(context: RequestContext) -> Reply:
    """E52: the record's file bytes in its media type."""
    entry = _record(context)
    if entry.content is None:
        raise not_found(f"Record {entry.id} has no content.")
    return Reply(content=entry.content, media_type=entry.media_type)


def _role(value: Any, name: str = "role") -> str:
    if value not in ROLES:
        raise bad_request(f"`{name}` must be one of {', '.join(ROLES)}.")
    return str(value)


@handles("checkPermission")
def check_permission(context: RequestContext) -> Reply:
    """E53: whether ``user`` (an email) holds ``role`` on ``object``."""
    graph = _graph(context)
    body = context.json_object()
    role = _role(body.get("role"))
    return Reply(
        json={"hasAccess": graph.has(str(body.get("object")), str(body.get("user")), role)}
    )


@handles("batchCheckPermissions")
def batch_check_permissions(context: RequestContext) -> Reply:
    """E54: one result per check; ``user`` is ``user:<email>`` and each request is echoed."""
    graph = _graph(context)
    checks = context.json_object().get("checks")
    if not isinstance(checks, list) or not checks:
        raise bad_request("`checks` must be a non-empty array.")
    results = []
    for check in checks:
        if not isinstance(check, dict):
            raise bad_request("Each check must be an object {object, user, role}.")
        user = str(check.get("user", ""))
        role = _role(check.get("role"))
        email = user.removeprefix("user:")
        results.append(
            {
                "allowed": user.startswith("user:")
                and graph.has(str(check.get("object")), email, role),
                "request": {"object": check.get("object"), "user": user, "role": role},
            }
        )
    return Reply(json={"result": results})


@handles("listPermittedUsers")
def list_permitted_users(context: RequestContext) -> Reply:
    """E55: the emails holding ``role`` on ``object`` (at most 1000)."""
    graph = _graph(context)
    body = context.json_object()
    users = graph.users(str(body.get("object")), _role(body.get("role")))
    return Reply(json={"users": users[:LIST_LIMIT]})


def _objects(context: RequestContext) -> list[str]:
    graph = _graph(context)
    body = context.json_object()
    object_type = body.get("objectType")
    if object_type not in ("file", "folder"):
        raise bad_request("`objectType` must be file or folder.")
    return graph.objects(str(body.get("user")), _role(body.get("role")), str(object_type))


@handles("listPermittedObjects")
def list_permitted_objects(context: RequestContext) -> Reply:
    """E56: the objects of ``objectType`` on which ``user`` holds ``role`` (at most 1000)."""
    return Reply(json={"objects": _objects(context)[:LIST_LIMIT]})


@handles("streamPermittedObjects")
def stream_permitted_objects(context: RequestContext) -> Reply:
    """E57: as E56 without the cap, as ``application/x-ndjson`` (one ``{"object"}`` per line)."""
    lines = [json.dumps({"object": object_id}) + "\n" for object_id in _objects(context)]
    return Reply(content="".join(lines).encode(), media_type="application/x-ndjson")


@handles("expandPermissions")
def expand_permissions(context: RequestContext) -> Reply:
    """E59: the userset tree of ``object#relation`` (``can_read`` when no relation is given)."""
    graph = _graph(context)
    body = context.json_object()
    relation = _role(body.get("relation", "can_read"), "relation")
    return Reply(json={"tree": {"root": graph.expand(str(body.get("object")), relation)}})
