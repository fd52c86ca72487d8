"""Build the webhooks Paragon POSTs to a customer: ActionKit trigger events and Managed Sync events.

Builders take the fields a test cares about and fill the rest realistically; the result is
validated against the contract's webhook schema (``ActionKitTriggerWebhook``,
``SyncWebhookEvent``) before it is returned, so a builder never produces a shape Paragon would not
send. A :class:`Delivery` is what goes over the wire: the exact body bytes and the headers.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from pytest_paragon.contract.validation import validators_of
from pytest_paragon.errors import ParagonUsageError, Report
from pytest_paragon.webhooks.signing import SIGNATURE_HEADER, sign

TRIGGER_SCHEMA = "ActionKitTriggerWebhook"
SYNC_SCHEMA = "SyncWebhookEvent"
SYNC_EVENTS = (
    "sync_complete",
    "sync_errored",
    "record_created",
    "record_updated",
    "record_deleted",
    "record_errored",
)


@dataclass(frozen=True)
class Delivery:
    """One webhook POST: the path on the receiver, the headers and the exact body bytes."""

    body: bytes
    headers: Mapping[str, str] = field(default_factory=dict)
    path: str = "/"
    url: str | None = None

    @property
    def json(self) -> Any:
        """The parsed body."""
        return json.loads(self.body)

    @property
    def signature(self) -> str | None:
        """The ``x-paragon-signature`` header, if signed."""
        return {k.lower(): v for k, v in self.headers.items()}.get(SIGNATURE_HEADER)

    def tampered(self, **changes: Any) -> Delivery:
        """The same headers with a body whose fields are changed (the signature no longer fits)."""
        body = json.dumps({**self.json, **changes}, separators=(",", ":")).encode()
        return Delivery(body, self.headers, self.path, self.url)

    def without_header(self, name: str) -> Delivery:
        """The same delivery without header ``name``."""
        kept = {k: v for k, v in self.headers.items() if k.lower() != name.lower()}
        return Delivery(self.body, kept, self.path, self.url)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _check(schema_name: str, document: Mapping[str, Any]) -> None:
    from pytest_paragon.contract import load_contract

    contract = load_contract()
    errors = validators_of(contract).errors(contract.schemas[schema_name], document)
    if errors:
        where, _schema_path, message, _value = errors[0]
        raise ParagonUsageError(
            Report(
                what=f"this {schema_name} is not a shape Paragon sends: {message}",
                where=f"{schema_name} at /{where}",
                value=dict(document),
                has_value=True,
                anchor="webhooks",
            )
        )


def encode(document: Mapping[str, Any]) -> bytes:
    """Compact JSON, as Paragon sends it (the signature covers exactly these bytes)."""
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False).encode()


def trigger_webhook(
    *,
    user_id: str = "user-1",
    integration: str = "salesforce",
    trigger_type: str = "RECORD_CREATED",
    payload: Mapping[str, Any] | None = None,
    credential_id: str | None = None,
    project_id: str | None = None,
    subscription_id: str | None = None,
    event_id: str | None = None,
    date_received: str | None = None,
    metadata: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """An ActionKit trigger event body (``ActionKitTriggerWebhook``), validated."""
    document: dict[str, Any] = {
        "eventId": event_id or str(uuid.uuid4()),
        "userId": user_id,
        "integration": integration,
        "triggerType": trigger_type,
        "triggerSubscriptionId": subscription_id or str(uuid.uuid4()),
        "credentialId": credential_id or str(uuid.uuid4()),
        "projectId": project_id or str(uuid.uuid4()),
        "dateReceived": date_received or _now(),
        "payload": dict(payload or {}),
        "triggerSubscriptionMetadata": None if metadata is None else dict(metadata),
    }
    _check(TRIGGER_SCHEMA, document)
    return document


def trigger_delivery(
    body: Mapping[str, Any] | bytes,
    *,
    secret: str,
    path: str = "/webhooks/paragon/actionkit",
    headers: Mapping[str, str] | None = None,
) -> Delivery:
    """A signed delivery of a trigger event (``x-paragon-signature: v1=<hex>`` of the bytes)."""
    raw = body if isinstance(body, bytes) else encode(body)
    if not isinstance(body, bytes):
        _check(TRIGGER_SCHEMA, body)
    signed = {
        **dict(headers or {}),
        "content-type": "application/json",
        SIGNATURE_HEADER: sign(raw, secret),
    }
    return Delivery(raw, signed, path)


def sync_webhook_event(
    event: str,
    *,
    sync: str = "googledrive",
    sync_instance_id: str | None = None,
    credential_id: str | None = None,
    user_id: str = "user-1",
    model: str = "files",
    record_id: str | None = None,
    num_records: int = 1,
    error_message: str = "Root resource is no longer accessible",
    error_code: str | None = None,
) -> dict[str, Any]:
    """A Managed Sync webhook body (``SyncWebhookEvent``) for ``event``, validated."""
    if event not in SYNC_EVENTS:
        import difflib

        raise ParagonUsageError(
            Report(
                what=f"{event!r} is not a Managed Sync webhook event",
                expected=f"one of {', '.join(SYNC_EVENTS)}",
                candidates=tuple(difflib.get_close_matches(event, SYNC_EVENTS, n=3)),
                anchor="webhooks",
            )
        )
    document: dict[str, Any] = {
        "event": event,
        "sync": sync,
        "syncInstanceId": sync_instance_id or str(uuid.uuid4()),
        "credentialId": credential_id or str(uuid.uuid4()),
        "user": {"id": user_id},
    }
    record = record_id or str(uuid.uuid4())
    if event == "sync_complete":
        document["data"] = {"model": model, "syncedAt": _now(), "numRecords": num_records}
    elif event == "sync_errored":
        document["error"] = {"message": error_message}
        if error_code is not None:
            document["error"]["code"] = error_code
    elif event == "record_errored":
        document["error"] = {"message": error_message, "recordId": record, "model": model}
    else:
        document["data"] = {"recordId": record, "model": model}
    _check(SYNC_SCHEMA, document)
    return document


def sync_delivery(body: Mapping[str, Any], *, path: str = "/webhooks/paragon/sync") -> Delivery:
    """A Managed Sync delivery (the docs describe no signature for these)."""
    _check(SYNC_SCHEMA, body)
    return Delivery(encode(body), {"content-type": "application/json"}, path)
