"""The failures of a contract run under stable codes, and the baseline of known ones.

Every failure an operation's test ends with becomes a :class:`FailureRecord` whose ``code`` is
``<operationId>/<check>/<schemathesis code>-<fingerprint>``, e.g.
``getCredential/response_schema_conformance/ST108-5c1f0a2e``. The fingerprint hashes what kind of
failure it is (schemathesis' failure class and code) and the one detail that tells two failures of
that kind apart (the undocumented status code, the failing keyword's place in the schema, the
missing header, the content type), never the generated data or the wording of the message: the
same random seed gives the same codes, and a change elsewhere in the contract or the target leaves
them alone.

A :class:`Baseline` (``--paragon-baseline FILE``, format ``pytest-paragon-baseline`` version 1)
stores the codes of the failures a team accepts for now; a later run fails only on codes it does
not hold and reports the stored codes of the operations it ran that did not fail again (fixed).

Nothing here imports pytest or schemathesis.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pytest_paragon.contract_suite.report import Tally, _checks_of, _first_line, _leaf_failures

FAILURE_PROPERTY = "paragon.failure"
"""A report property per failure: its code (JUnit ``<property>``, xdist, the suite's JSON)."""
DETAIL_PROPERTY = "paragon.failure-detail."
"""``paragon.failure-detail.<code>`` = ``"<title>: <first line of the detail>"``."""
BASELINE_FORMAT = "pytest-paragon-baseline"
BASELINE_VERSION = 1

_DISTINGUISHING = (
    "status_code",
    "schema_path",
    "missing_headers",
    "content_type",
    "header_name",
    "failure_reason",
    "missing_methods",
    "undocumented_methods",
    "step",
)
"""Public attributes of schemathesis' failures that tell two failures of one kind apart."""


def _distinguishing(failure: BaseException) -> str:
    """The detail that separates ``failure`` from another of its kind (generated data excluded)."""
    parts = []
    for name in _DISTINGUISHING:
        value = getattr(failure, name, None)
        if value is None or callable(value):
            continue
        text = "/".join(map(str, value)) if isinstance(value, (list, tuple)) else str(value)
        parts.append(f"{name}={text}")
    return ";".join(parts)


@dataclass(frozen=True)
class FailureRecord:
    """One failure of one operation, under its stable code."""

    operation_id: str
    check: str
    kind: str
    """Schemathesis' failure code (``ST108``), or the exception's class for other errors."""
    fingerprint: str
    title: str
    detail: str = ""

    @property
    def code(self) -> str:
        """``<operationId>/<check>/<kind>-<fingerprint>``: the same failure, the same code."""
        return f"{self.operation_id}/{self.check}/{self.kind}-{self.fingerprint}"

    @property
    def text(self) -> str:
        """``"<title>: <detail>"`` (the detail's first line)."""
        return f"{self.title}: {self.detail}" if self.detail else self.title

    def as_properties(self) -> list[tuple[str, object]]:
        """The record as report properties (see :data:`FAILURE_PROPERTY`)."""
        return [(FAILURE_PROPERTY, self.code), (DETAIL_PROPERTY + self.code, self.text)]


def fingerprint(*parts: str) -> str:
    """Eight hex digits of a SHA-256 over ``parts`` (stable across processes and versions)."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:8]


def failure_records(
    operation_id: str, error: BaseException, tally: Tally | None = None
) -> list[FailureRecord]:
    """The records of ``error`` (a schemathesis failure group, or any other exception), sorted.

    Two failures with one code (the same kind, found again) are one record.
    """
    records: dict[str, FailureRecord] = {}
    for failure in _leaf_failures(error):
        title = getattr(failure, "title", None)
        if isinstance(title, str):  # a schemathesis check failure
            checks = _checks_of(failure, tally) or ["custom"]
            kind = str(getattr(failure, "code", None) or type(failure).__name__)
            key = fingerprint(kind, type(failure).__name__, _distinguishing(failure))
            message = str(getattr(failure, "message", "") or "")
        else:  # an error of the suite or the target (an operation never answered 2xx, ...)
            checks, kind, title = ["suite"], type(failure).__name__, type(failure).__name__
            message = str(failure)
            key = fingerprint(kind, operation_id)
        record = FailureRecord(
            operation_id, sorted(checks)[0], kind, key, title, _first_line(message)
        )
        records.setdefault(record.code, record)
    return [records[code] for code in sorted(records)]


def records_from_properties(
    operation_id: str, properties: Iterable[tuple[str, object]]
) -> list[FailureRecord]:
    """Read back :meth:`FailureRecord.as_properties` from a report's ``user_properties``."""
    pairs = list(properties)
    texts = {
        name.removeprefix(DETAIL_PROPERTY): str(value)
        for name, value in pairs
        if name.startswith(DETAIL_PROPERTY)
    }
    records = []
    for name, value in pairs:
        if name == FAILURE_PROPERTY:
            records.append(record_from_code(str(value), texts.get(str(value), "")))
    return records


def record_from_code(code: str, text: str = "", operation_id: str | None = None) -> FailureRecord:
    """A record rebuilt from its ``code`` and ``"<title>: <detail>"`` text."""
    operation, _, rest = code.partition("/")
    check, _, tail = rest.partition("/")
    kind, _, key = tail.rpartition("-")
    title, _, detail = text.partition(": ")
    return FailureRecord(operation_id or operation, check, kind, key, title, detail)


@dataclass
class Baseline:
    """The known failures of a contract run, by code (``--paragon-baseline FILE``)."""

    entries: dict[str, dict[str, str]] = field(default_factory=dict)
    """Per code: ``operationId``, ``check``, ``title``, ``detail``."""
    ran: list[str] = field(default_factory=list)
    """The operations the run that wrote the file checked (so shards' baselines merge)."""

    @classmethod
    def load(cls, path: Path) -> Baseline:
        """Read a baseline file; a bad one is a :class:`ValueError` naming the file and place."""
        try:
            document = json.loads(path.read_text("utf-8"))
        except (OSError, UnicodeDecodeError) as error:
            raise ValueError(f"{path}: cannot read the baseline: {error}") from None
        except json.JSONDecodeError as error:
            raise ValueError(
                f"{path}:{error.lineno}:{error.colno}: the baseline is not JSON: {error.msg}"
            ) from None
        if not isinstance(document, dict) or document.get("format") != BASELINE_FORMAT:
            raise ValueError(f"{path}: not a baseline (format {BASELINE_FORMAT!r} expected)")
        if document.get("version") != BASELINE_VERSION:
            raise ValueError(
                f"{path} at version: baseline version {document.get('version')!r} is not "
                f"{BASELINE_VERSION}"
            )
        failures = document.get("failures")
        if not isinstance(failures, list):
            raise ValueError(f"{path} at failures: a list of failures is expected")
        baseline = cls()
        for index, entry in enumerate(failures):
            if not isinstance(entry, dict) or not isinstance(entry.get("code"), str):
                raise ValueError(f"{path} at failures.{index}: an object with a code is expected")
            baseline.entries[entry["code"]] = {
                key: str(value) for key, value in entry.items() if key != "code"
            }
        return baseline

    def add(self, record: FailureRecord) -> None:
        """Store ``record`` as a known failure."""
        self.entries[record.code] = {
            "operationId": record.operation_id,
            "check": record.check,
            "title": record.title,
            "detail": record.detail,
        }

    def operation_of(self, code: str) -> str:
        """The operation a stored code belongs to."""
        return self.entries[code].get("operationId") or code.partition("/")[0]

    def document(self) -> dict[str, Any]:
        """The file's JSON document (codes sorted: a rewrite changes only what changed)."""
        document: dict[str, Any] = {"format": BASELINE_FORMAT, "version": BASELINE_VERSION}
        if self.ran:
            document["ran"] = sorted(self.ran)
        document["failures"] = [
            {"code": code, **self.entries[code]} for code in sorted(self.entries)
        ]
        return document

    def save(self, path: Path) -> None:
        """Write the file atomically (a failed write leaves the old one intact)."""
        from pytest_paragon.files import write_atomically

        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, (json.dumps(self.document(), indent=2) + "\n").encode(), mode=0o644)

    def known(self, records: Sequence[FailureRecord]) -> bool:
        """Whether every one of ``records`` is stored here."""
        return all(record.code in self.entries for record in records)

    def fixed(self, ran: Mapping[str, Sequence[str]]) -> list[str]:
        """Stored codes of operations in ``ran`` (operation -> codes seen) not seen again."""
        return sorted(
            code
            for code in self.entries
            if self.operation_of(code) in ran and code not in ran[self.operation_of(code)]
        )


__all__ = [
    "BASELINE_FORMAT",
    "Baseline",
    "FailureRecord",
    "failure_records",
    "fingerprint",
    "record_from_code",
    "records_from_properties",
]
