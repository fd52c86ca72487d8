"""Managed Sync's test helpers: ``paragon_fake.sync``.

Seed what a pipeline synced (:meth:`~SyncHelpers.seed_records`,
:meth:`~SyncHelpers.delete_records`), the files and folders of the Permissions API
(:meth:`~SyncHelpers.seed_object`, :meth:`~SyncHelpers.grant`, :meth:`~SyncHelpers.revoke`), pin a
status (:meth:`~SyncHelpers.set_status`), and read the Syncs back (:meth:`~SyncHelpers.syncs`,
:meth:`~SyncHelpers.get`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal

from pytest_paragon.errors import ParagonUsageError, deprecated
from pytest_paragon.fake.base.helpers import AreaHelpers
from pytest_paragon.fake.sync.state import (
    SYNC_STATUSES,
    Content,
    SyncInstance,
    SyncSource,
    SyncStatusName,
    SyncStore,
    SyncTarget,
    _content,
    complete,
)


class SyncHelpers(AreaHelpers):
    """Managed Sync seeding and reading helpers (``paragon_fake.sync``)."""

    _area = "sync"

    def _source(self, target: SyncTarget) -> SyncSource:
        if isinstance(target, str):
            sync = self._state.area(SyncStore).syncs.get(target)
            if sync is None:
                raise ParagonUsageError(f"no Sync {target!r} is enabled")
            return self._state.area(SyncStore).source(sync.key)
        if not (isinstance(target, tuple) and len(target) == 3):
            raise ParagonUsageError(
                f"a Sync is named by its id or (user, integration, pipeline), not {target!r}"
            )
        user_id, integration, pipeline = target
        return self._state.area(SyncStore).source(
            (user_id, self._state.integration(integration).type, pipeline)
        )

    def seed_records(
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
        with self._state.lock:
            source = self._source(target)
            now = self._state.clock()
            stored: list[dict[str, Any]] = []
            for record in records:
                data = dict(record)
                data.setdefault("id", self._state.ids())
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
            sync = self._state.area(SyncStore).find(source.key)
            if sync is not None:
                complete(self._state, sync)
            return stored

    def delete_records(self, target: SyncTarget, record_ids: Iterable[str]) -> None:
        """The provider deleted these records: no longer served, still in ``totalRecords``."""
        with self._state.lock:
            source = self._source(target)
            for record_id in record_ids:
                source.delete(record_id, self._state.clock())

    def seed_object(
        self,
        target: SyncTarget,
        object_id: str,
        object_type: Literal["file", "folder"] = "file",
        *,
        parent: str | None = None,
    ) -> None:
        """Declare a synced file or folder for the Permissions API, inside folder ``parent``."""
        with self._state.lock:
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
        with self._state.lock:
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
        with self._state.lock:
            self._source(target).permissions.revoke(object_id, user, role)

    def set_status(
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
        with self._state.lock:
            sync = self._state.area(SyncStore).syncs.get(sync_id)
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
                sync.last_synced_at = self._state.clock.iso()
            sync.date_updated = self._state.clock.iso()
            return sync

    def syncs(self, user_id: str | None = None) -> list[SyncInstance]:
        """The enabled Syncs (oldest first), optionally of one user."""
        found = self._state.area(SyncStore).syncs.values()
        return [sync for sync in found if user_id is None or sync.user_id == user_id]

    def __call__(self, user_id: str, integration: str, pipeline: str = "files") -> SyncInstance:
        """Deprecated (0.1.0's ``paragon_fake.sync(...)``): :meth:`get`."""
        deprecated("paragon_fake.sync(...)", "paragon_fake.sync.get(...)")
        return self.get(user_id, integration, pipeline)

    def get(self, user_id: str, integration: str, pipeline: str = "files") -> SyncInstance:
        """The user's Sync of ``integration``'s ``pipeline`` (a usage error when none)."""
        key = (user_id, self._state.integration(integration).type, pipeline)
        found = self._state.area(SyncStore).find(key)
        if found is None:
            raise ParagonUsageError(f"{user_id} has no {integration} {pipeline} Sync")
        return found
