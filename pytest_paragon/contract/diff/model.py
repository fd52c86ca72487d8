"""What a contract diff reports: changes with a severity, the operation and a JSON path."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace
from typing import Any


class Severity(enum.IntEnum):
    """How much a change can hurt a client; ordered, so thresholds compare with ``>=``."""

    INFO = 0
    WARNING = 1
    BREAKING = 2

    @classmethod
    def parse(cls, text: str) -> Severity:
        """``breaking``, ``warning`` or ``info`` (any case)."""
        try:
            return cls[text.strip().upper()]
        except KeyError:
            from pytest_paragon.errors import ParagonUsageError

            names = ", ".join(member.name.lower() for member in cls)
            raise ParagonUsageError(f"severity must be one of {names}, got {text!r}") from None

    @property
    def label(self) -> str:
        """The lower-case name used in every output format."""
        return self.name.lower()


@dataclass(frozen=True)
class Change:
    """One difference between two contracts, seen from a client of the old one.

    ``kind`` is a stable identifier of the change class (``response-property-removed``, ...), the
    key an ignore file uses. ``operation`` is ``METHOD /path/template`` of the old contract
    (``None`` for a document-level change) and ``operation_id`` its id. ``path`` is the JSON
    pointer of the changed node in the old document (the new one for additions), reached
    through the operation with ``$ref`` resolved. ``field`` names the wire field the change is
    about (``request.body.meta.Name``, ``response.body.stage``, ``request.query.sessionId``,
    ``status.404``) for the usage gate: ``None`` means the whole operation is affected.
    """

    severity: Severity
    kind: str
    message: str
    path: str
    operation: str | None = None
    operation_id: str | None = None
    field: str | None = None
    old: Any = None
    new: Any = None
    notes: tuple[str, ...] = ()

    def downgraded(self, note: str) -> Change:
        """The same change as ``info``, with ``note`` saying why."""
        return replace(self, severity=Severity.INFO, notes=(*self.notes, note))

    def as_dict(self) -> dict[str, Any]:
        """The JSON form (the ``changes`` items of ``--format json``)."""
        data: dict[str, Any] = {
            "severity": self.severity.label,
            "kind": self.kind,
            "operation": self.operation,
            "operationId": self.operation_id,
            "path": self.path,
            "field": self.field,
            "message": self.message,
        }
        if self.old is not None:
            data["old"] = self.old
        if self.new is not None:
            data["new"] = self.new
        if self.notes:
            data["notes"] = list(self.notes)
        return data


@dataclass(frozen=True)
class DiffResult:
    """Every change between ``old`` and ``new`` (labels: file names or SDK versions)."""

    old: str
    new: str
    changes: tuple[Change, ...]
    ignored: tuple[Change, ...] = ()
    usage: tuple[str, ...] = field(default=())
    """The usage files that weighted the result (empty: unweighted)."""

    def count(self, severity: Severity) -> int:
        """How many changes have exactly ``severity``."""
        return sum(1 for change in self.changes if change.severity == severity)

    def reaches(self, threshold: Severity) -> bool:
        """Whether any change is at least as severe as ``threshold`` (exit status 1)."""
        return any(change.severity >= threshold for change in self.changes)

    def summary(self) -> str:
        """``N breaking, N warning, N info`` (and the ignored count)."""
        parts = [f"{self.count(s)} {s.label}" for s in sorted(Severity, reverse=True)]
        if self.ignored:
            parts.append(f"{len(self.ignored)} ignored")
        return ", ".join(parts)
