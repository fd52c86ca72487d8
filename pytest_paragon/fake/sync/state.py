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
from collections.abc import Mapping
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
