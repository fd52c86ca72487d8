"""Contract coverage: what a test suite exercised of the contract, from the fake's journal.

:class:`Observations` is the raw, mergeable record (one per process; xdist workers send theirs to
the controller as plain JSON): per operationId the calls, the status codes answered and the
request and response fields seen, plus the SDK and webhook event types produced.
:class:`ContractCoverage` measures observations against a contract and renders the report: one
summary line, a table, and the versioned JSON document (format ``pytest-paragon-coverage``
version 1, described in the README). No pytest in here: use it from any script with
``coverage.add_journal(fake.journal)``.
"""

from __future__ import annotations

import functools
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pytest_paragon.contract import Contract, Operation
from pytest_paragon.coverage.fields import documented_fields, observed_fields, shape_of

FORMAT = "pytest-paragon-coverage"
VERSION = 1
CATEGORIES = ("operations", "statusCodes", "requestFields", "responseFields", "events")


@dataclass
class OperationObservations:
    """What one operation was seen doing."""

    calls: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    request: set[str] = field(default_factory=set)
    response: set[str] = field(default_factory=set)
    undocumented: set[str] = field(default_factory=set)


@dataclass
class Observations:
    """Raw observations of one process, mergeable and serialisable."""

    operations: dict[str, OperationObservations] = field(default_factory=dict)
    events: dict[str, set[str]] = field(default_factory=dict)
    unmatched: int = 0

    def to_raw(self) -> dict[str, Any]:
        """Plain JSON types (for ``workeroutput``)."""
        return {
            "operations": {
                key: {
                    "calls": obs.calls,
                    "statuses": dict(obs.statuses),
                    "request": sorted(obs.request),
                    "response": sorted(obs.response),
                    "undocumented": sorted(obs.undocumented),
                }
                for key, obs in self.operations.items()
            },
            "events": {kind: sorted(names) for kind, names in self.events.items()},
            "unmatched": self.unmatched,
        }

    def merge_raw(self, raw: Mapping[str, Any]) -> None:
        """Add the observations of another process (the output of :meth:`to_raw`)."""
        for key, data in raw.get("operations", {}).items():
            obs = self.operations.setdefault(key, OperationObservations())
            obs.calls += int(data["calls"])
            obs.statuses.update({str(k): int(v) for k, v in data["statuses"].items()})
            obs.request.update(data["request"])
            obs.response.update(data["response"])
            obs.undocumented.update(data["undocumented"])
        for kind, names in raw.get("events", {}).items():
            self.events.setdefault(kind, set()).update(names)
        self.unmatched += int(raw.get("unmatched", 0))


def _json(body: bytes) -> Any:
    try:
        return json.loads(body) if body else None
    except ValueError:
        return None


def _percent(covered: int, total: int) -> float:
    return round(100.0 * covered / total, 1) if total else 100.0


class ContractCoverage:
    """Observations measured against ``contract``."""

    def __init__(self, contract: Contract, observations: Observations | None = None) -> None:
        """Measure against ``contract``; start from ``observations`` (default: none)."""
        self.contract = contract
        self.observations = observations or Observations()

    # -- recording --------------------------------------------------------------------------

    def add_journal(self, entries: Iterable[Any]) -> None:
        """Record every :class:`~pytest_paragon.fake.core.JournalEntry` of ``entries``."""
        for entry in entries:
            self.add_exchange(entry)

    def add_exchange(self, entry: Any) -> None:
        """Record one journal entry: its operation, status and fields."""
        operation = self._operation(entry.operation_id)
        if operation is None:
            self.observations.unmatched += 1
            return
        obs = self.observations.operations.setdefault(
            operation.operation_id, OperationObservations()
        )
        obs.calls += 1
        obs.statuses[str(entry.status)] += 1
        for parameter in operation.parameters:
            where, name = parameter.get("in"), str(parameter.get("name"))
            if where == "query" and any(key == name for key, _ in entry.query):
                obs.request.add(f"request.query.{name}")
            elif where == "header" and name.lower() in entry.headers:
                obs.request.add(f"request.header.{name.lower()}")
        document = self.contract.document
        body = _json(entry.body)
        if body is not None:
            for schema in self._request_schemas(operation):
                for name, known in observed_fields(document, schema, body, "request.body"):
                    (obs.request if known else obs.undocumented).add(name)
        answer = _json(entry.response_body)
        if answer is not None and 200 <= entry.status < 300:
            for schema in self._response_schemas(operation, str(entry.status)):
                for name, known in observed_fields(document, schema, answer, "response.body"):
                    (obs.response if known else obs.undocumented).add(name)

    def add_event(self, kind: str, name: str) -> None:
        """Record an event type: ``kind`` ``sdk`` (``onIntegrationInstall``...) or ``webhook``."""
        self.observations.events.setdefault(kind, set()).add(name)

    # -- the contract's side ----------------------------------------------------------------

    def _operation(self, operation_id: str | None) -> Operation | None:
        if operation_id is None:
            return None
        try:
            return self.contract.operation(operation_id)
        except (KeyError, ValueError):
            return None

    def _request_schemas(self, operation: Operation) -> list[Any]:
        body, _ = self.contract.resolve(operation.definition.get("requestBody") or {}), None
        content = body.get("content") or {}
        return [media["schema"] for media in content.values() if "schema" in media]

    def _response_schemas(self, operation: Operation, status: str | None) -> list[Any]:
        found = []
        for code, raw in (operation.definition.get("responses") or {}).items():
            if status is not None and str(code) != status:
                continue
            if status is None and not str(code).startswith("2"):
                continue
            response = self.contract.resolve(raw)
            for media in (response.get("content") or {}).values():
                if "schema" in media:
                    found.append(media["schema"])
        return found

    @functools.cache  # noqa: B019 - one instance per session; the cache dies with it
    def documented(self, operation_id: str) -> dict[str, set[str]]:
        """The documented status codes, request fields and response fields of an operation."""
        operation = self.contract.operation(operation_id)
        document = self.contract.document
        request = {
            f"request.query.{p.get('name')}" for p in operation.parameters if p.get("in") == "query"
        } | {
            f"request.header.{str(p.get('name')).lower()}"
            for p in operation.parameters
            if p.get("in") == "header"
        }
        for schema in self._request_schemas(operation):
            request |= documented_fields(document, schema, "request.body")
        response: set[str] = set()
        for schema in self._response_schemas(operation, None):
            response |= documented_fields(document, schema, "response.body")
        statuses = {str(code) for code in operation.definition.get("responses") or {}}
        return {"statuses": statuses - {"default"}, "request": request, "response": response}

    def documented_events(self) -> dict[str, set[str]]:
        """SDK event names (``SdkEventName``) and webhook event types of the contract."""
        document = self.contract.document
        schemas = (document.get("components") or {}).get("schemas") or {}
        sdk = set((schemas.get("SdkEventName") or {}).get("enum") or [])
        webhooks: set[str] = set()
        for name, item in (document.get("webhooks") or {}).items():
            body = self.contract.resolve((item.get("post") or {}).get("requestBody") or {})
            names = set()
            for media in (body.get("content") or {}).values():
                for branch in shape_of(document, [media.get("schema")]).properties.get("event", []):
                    resolved = self.contract.resolve(branch) if "$ref" in branch else branch
                    if "const" in resolved:
                        names.add(f"{name}:{resolved['const']}")
            webhooks |= names or {name}
        return {"sdk": sdk, "webhook": webhooks}
