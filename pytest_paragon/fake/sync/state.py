"""Managed Sync's state (E43-E57, E59) and the helpers that seed it (mixed into ``FakeParagon``).

What a provider holds for one user, integration and pipeline is a :class:`SyncSource`: its
records (a change feed: every upsert or deletion takes the next sequence number, so a record
changed after a client's cursor comes again) and its :class:`PermissionGraph`. A
:class:`SyncInstance` is a Sync a user enabled (E43) on a source; deleting it (E47) keeps the
source, so enabling the pipeline again sees the same data. Tests seed a source before or after
the Sync exists, by Sync id or by ``(user, integration, pipeline)``.

Lifecycle: E43 answers ``INITIALIZING``. Each status read (E45) then advances the initial sync
one step and answers the new status: ``ACTIVE`` (fetching), then ``IDLE`` with
``summary.lastSyncedAt`` (completed). Seeding records completes a running sync at once (``IDLE``,
``lastSyncedAt`` now). E48 disables (``DISABLED``), E49 re-enables (``ACTIVE``, then ``IDLE`` at
the next status read). A Sync whose credential was deleted or is no longer VALID reads as
``ERRORED`` with Paragon's message (unless disabled). :meth:`SyncSeeding.sync_status` pins any
status (``RATE_LIMITED`` with a back-off, ``ERRORED`` with an error, ...) and stops advancing.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, Union, get_args

from pytest_paragon.errors import ParagonUsageError
from pytest_paragon.fake.sync.permissions import PermissionGraph

if TYPE_CHECKING:
    from pytest_paragon.fake.base.state import FakeState

SyncStatusName = Literal["INITIALIZING", "ACTIVE", "IDLE", "RATE_LIMITED", "DISABLED", "ERRORED"]
SYNC_STATUSES: tuple[str, ...] = get_args(SyncStatusName)
FREQUENCIES = ("1m", "5m", "10m", "30m", "1h", "3h", "6h", "24h")
SourceKey = tuple[str, str, str]  # (user id, integration type, pipeline)
SyncTarget = Union[str, SourceKey]  # noqa: UP007  (a runtime alias; Python 3.10 is supported)
Content = Union[bytes, str, tuple[Union[bytes, str], str]]  # noqa: UP007
OCTET_STREAM = "application/octet-stream"


def encode_cursor(seq: int) -> str:
    """The opaque cursor of the record with sequence number ``seq``."""
    return base64.b64encode(f"cursor:{seq}".encode()).decode()


def decode_cursor(cursor: str) -> int | None:
    """The sequence number a cursor names, or ``None`` when it is not one of the fake's."""
    try:
        text = base64.b64decode(cursor.encode(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    prefix, _, number = text.partition(":")
    if prefix != "cursor" or not number.isdigit():
        return None
    return int(number)


def credential_error(credential_id: str) -> str:
    """Paragon's error for a Sync whose credential went away."""
    return f"Credential ID [{credential_id}] is no longer valid or has been deleted."


@dataclass
class SyncedRecordEntry:
    """One record of a source: its normalized JSON, its place in the feed, its file content."""

    id: str
    data: dict[str, Any]
    seq: int
    synced_at: float
    content: bytes | None = None
    media_type: str = OCTET_STREAM
    deleted: bool = False


@dataclass
class SyncSource:
    """What the provider holds for one user, integration and pipeline."""

    key: SourceKey
    records: dict[str, SyncedRecordEntry] = field(default_factory=dict)
    permissions: PermissionGraph = field(default_factory=PermissionGraph)
    declared_total: int | None = None
    last_seq: int = 0

    def upsert(self, data: dict[str, Any], at: float) -> SyncedRecordEntry:
        """Create or replace the record ``data["id"]``; it moves to the end of the feed."""
        self.last_seq += 1
        previous = self.records.pop(str(data["id"]), None)
        entry = SyncedRecordEntry(id=str(data["id"]), data=data, seq=self.last_seq, synced_at=at)
        if previous is not None:
            entry.content, entry.media_type = previous.content, previous.media_type
        self.records[entry.id] = entry
        return entry

    def delete(self, record_id: str, at: float) -> None:
        """Mark the record deleted (counted in ``totalRecords``, never served again)."""
        entry = self.records.get(record_id)
        if entry is None or entry.deleted:
            raise ParagonUsageError(f"{self.key} has no record {record_id!r} to delete")
        self.last_seq += 1
        entry.deleted, entry.seq, entry.synced_at = True, self.last_seq, at

    def active(self) -> list[SyncedRecordEntry]:
        """The records not deleted, in feed order."""
        return sorted((e for e in self.records.values() if not e.deleted), key=lambda e: e.seq)

    def record(self, record_id: str) -> SyncedRecordEntry | None:
        """The active record ``record_id``."""
        entry = self.records.get(record_id)
        return None if entry is None or entry.deleted else entry


@dataclass
class SyncInstance:
    """A Sync enabled by a user (E43)."""

    id: str
    user_id: str
    integration: str
    pipeline: str
    credential_id: str
    date_created: str
    date_updated: str
    status: SyncStatusName = "INITIALIZING"
    pinned: bool = False
    configuration: dict[str, Any] | None = None
    configuration_name: str | None = None
    frequency: str | None = None
    error: str | None = None
    rate_limit_backoff_ms: int | None = None
    last_synced_at: str | None = None

    @property
    def key(self) -> SourceKey:
        """The source this Sync reads."""
        return (self.user_id, self.integration, self.pipeline)


@dataclass
class SyncStore:
    """Every Sync and every source of the project (``FakeState.syncs``)."""

    syncs: dict[str, SyncInstance] = field(default_factory=dict)
    sources: dict[SourceKey, SyncSource] = field(default_factory=dict)

    def reset(self) -> None:
        """Forget every Sync and source."""
        self.syncs.clear()
        self.sources.clear()

    def source(self, key: SourceKey) -> SyncSource:
        """The source ``key`` (created empty on first use)."""
        return self.sources.setdefault(key, SyncSource(key))

    def of_user(self, user_id: str) -> list[SyncInstance]:
        """The user's Syncs, oldest first."""
        return [sync for sync in self.syncs.values() if sync.user_id == user_id]

    def find(self, key: SourceKey) -> SyncInstance | None:
        """The Sync of ``key``, if one is enabled."""
        return next((sync for sync in self.syncs.values() if sync.key == key), None)


def effective_status(state: FakeState, sync: SyncInstance) -> tuple[str, str | None]:
    """The status and error a read shows (a lost credential makes an enabled Sync ERRORED)."""
    if sync.status == "DISABLED":
        return "DISABLED", None
    credential = state.credentials.get(sync.credential_id)
    if credential is None or credential.status != "VALID":
        return "ERRORED", credential_error(sync.credential_id)
    return sync.status, sync.error if sync.status == "ERRORED" else None


def complete(state: FakeState, sync: SyncInstance) -> None:
    """The running sync finished a run now: ``IDLE`` (unless pinned) and ``lastSyncedAt``."""
    sync.last_synced_at = state.clock.iso()
    if not sync.pinned and sync.status in ("INITIALIZING", "ACTIVE"):
        sync.status = "IDLE"


def advance(state: FakeState, sync: SyncInstance) -> None:
    """One step of a running sync, at a status read: INITIALIZING -> ACTIVE -> IDLE."""
    if sync.pinned or effective_status(state, sync)[0] == "ERRORED":
        return
    if sync.status == "INITIALIZING":
        sync.status = "ACTIVE"
    elif sync.status == "ACTIVE":
        complete(state, sync)


def _content(value: Content, record: Mapping[str, Any]) -> tuple[bytes, str]:
    media = record.get("mimeType")
    media_type = media if isinstance(media, str) and "folder" not in media else OCTET_STREAM
    if isinstance(value, tuple):
        value, media_type = value
    return (value.encode() if isinstance(value, str) else bytes(value)), media_type


class SyncSeeding:
    """Managed Sync helpers mixed into ``FakeParagon``; requires ``state``."""

    state: FakeState

    def _source(self, target: SyncTarget) -> SyncSource:
        if isinstance(target, str):
            sync = self.state.area(SyncStore).syncs.get(target)
            if sync is None:
                raise ParagonUsageError(f"no Sync {target!r} is enabled")
            return self.state.area(SyncStore).source(sync.key)
        if not (isinstance(target, tuple) and len(target) == 3):
            raise ParagonUsageError(
                f"a Sync is named by its id or (user, integration, pipeline), not {target!r}"
            )
        user_id, integration, pipeline = target
        return self.state.area(SyncStore).source(
            (user_id, self.state.integration(integration).type, pipeline)
        )

    def sync_records(
        self,
        target: SyncTarget,
        records: Iterable[Mapping[str, Any]],
        *,
        contents: Mapping[str, Content] | None = None,
        total: int | None = None,
    ) -> list[dict[str, Any]]:
        """Seed records the provider synced for a Sync id or ``(user, integration, pipeline)``.

        Each record is a normalized JSON object; one without ``"id"`` gets a generated id. A
        record whose id exists replaces it and moves to the end of the feed (as a changed record
        does). ``contents`` maps record ids to their file bytes (a ``str`` is UTF-8; a
        ``(content, media_type)`` pair sets the type, else the record's ``mimeType`` or
        ``application/octet-stream``). ``total`` is how many records the source holds in all
        (``summary.totalRecords``; default: the records synced). A file or folder record (by
        ``mimeType``) is known to the Permissions API. A running Sync completes (``IDLE``).
        """
        with self.state.lock:
            source = self._source(target)
            now = self.state.clock()
            stored: list[dict[str, Any]] = []
            for record in records:
                data = dict(record)
                data.setdefault("id", self.state.ids())
                entry = source.upsert(data, now)
                mime = data.get("mimeType")
                if isinstance(mime, str) and entry.id not in source.permissions.types:
                    kind = "folder" if "folder" in mime.lower() else "file"
                    source.permissions.declare(entry.id, kind)
                stored.append(data)
            for record_id, value in (contents or {}).items():
                target_entry = source.records.get(record_id)
                if target_entry is None:
                    raise ParagonUsageError(f"contents for {record_id!r}, which is not a record")
                target_entry.content, target_entry.media_type = _content(value, target_entry.data)
            if total is not None:
                source.declared_total = total
            sync = self.state.area(SyncStore).find(source.key)
            if sync is not None:
                complete(self.state, sync)
            return stored

    def delete_sync_records(self, target: SyncTarget, record_ids: Iterable[str]) -> None:
        """The provider deleted these records: no longer served, still in ``totalRecords``."""
        with self.state.lock:
            source = self._source(target)
            for record_id in record_ids:
                source.delete(record_id, self.state.clock())

    def sync_object(
        self,
        target: SyncTarget,
        object_id: str,
        object_type: Literal["file", "folder"] = "file",
        *,
        parent: str | None = None,
    ) -> None:
        """Declare a synced file or folder for the Permissions API, inside folder ``parent``."""
        with self.state.lock:
            self._source(target).permissions.declare(object_id, object_type, parent)

    def grant(
        self,
        target: SyncTarget,
        object_id: str,
        user: str,
        role: Literal["can_read", "can_write", "is_owner"] = "can_read",
        *,
        object_type: Literal["file", "folder"] | None = None,
    ) -> None:
        """Give ``user`` (an email) ``role`` on ``object_id``.

        ``is_owner`` implies ``can_write``, which implies ``can_read``; a role on a folder holds
        inside it. An undeclared object becomes a file (or ``object_type``).
        """
        with self.state.lock:
            graph = self._source(target).permissions
            if object_type is not None or object_id not in graph.types:
                graph.declare(object_id, object_type or "file", graph.parents.get(object_id))
            graph.grant(object_id, user, role)

    def revoke(
        self,
        target: SyncTarget,
        object_id: str,
        user: str,
        role: Literal["can_read", "can_write", "is_owner"] = "can_read",
    ) -> None:
        """Take a direct grant away (inherited access stays)."""
        with self.state.lock:
            self._source(target).permissions.revoke(object_id, user, role)

    def sync_status(
        self,
        sync_id: str,
        status: SyncStatusName,
        *,
        error: str | None = None,
        rate_limit_backoff_ms: int | None = None,
    ) -> SyncInstance:
        """Pin a Sync's status (no more automatic progress); ``IDLE`` also sets ``lastSyncedAt``."""
        if status not in SYNC_STATUSES:
            raise ParagonUsageError(f"status must be one of {SYNC_STATUSES}, not {status!r}")
        with self.state.lock:
            sync = self.state.area(SyncStore).syncs.get(sync_id)
            if sync is None:
                raise ParagonUsageError(f"no Sync {sync_id!r} is enabled")
            sync.status, sync.pinned = status, True
            sync.error = (error or "The sync failed.") if status == "ERRORED" else None
            sync.rate_limit_backoff_ms = (
                (60000 if rate_limit_backoff_ms is None else rate_limit_backoff_ms)
                if status == "RATE_LIMITED"
                else None
            )
            if status == "IDLE":
                sync.last_synced_at = self.state.clock.iso()
            sync.date_updated = self.state.clock.iso()
            return sync

    def syncs(self, user_id: str | None = None) -> list[SyncInstance]:
        """The enabled Syncs (oldest first), optionally of one user."""
        found = self.state.area(SyncStore).syncs.values()
        return [sync for sync in found if user_id is None or sync.user_id == user_id]

    def sync(self, user_id: str, integration: str, pipeline: str = "files") -> SyncInstance:
        """The user's Sync of ``integration``'s ``pipeline`` (a usage error when none)."""
        key = (user_id, self.state.integration(integration).type, pipeline)
        found = self.state.area(SyncStore).find(key)
        if found is None:
            raise ParagonUsageError(f"{user_id} has no {integration} {pipeline} Sync")
        return found
