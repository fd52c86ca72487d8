"""``--usage FILE...``: weight a diff by what the client actually exercised.

A usage file is a contract-coverage JSON document (``pytest-paragon-coverage``, written by
``--paragon-coverage-json``). A change keeps its severity only when it hits the client: its
operation was called and, for a change about one field (``change.field``), that field was sent or
received (a parameter, a body property or one below it, a status code). Changes about a whole
operation (moved path or server, new required input, changed security) hit every client that
called the operation. Document-level changes and SDK-side shapes (no operation) are kept as they
are: coverage cannot tell whether a client depends on them. Everything else becomes ``info``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pytest_paragon.contract.diff.model import Change, Severity
from pytest_paragon.errors import ParagonUsageError, Report

COVERAGE_FORMAT = "pytest-paragon-coverage"
SUPPORTED_VERSIONS = (1,)
_TEMPLATE_PARAM = re.compile(r"\{[^{}/]+\}")


def _operation_key(label: str) -> str:
    method, _, path = label.partition(" ")
    return f"{method.upper()} {_TEMPLATE_PARAM.sub('{}', path)}"


@dataclass
class Usage:
    """Which operations and fields a client used, merged over any number of usage files."""

    files: list[str] = field(default_factory=list)
    operations: dict[str, set[str]] = field(default_factory=dict)
    """``METHOD /normalised/path`` -> fields used."""
    operation_ids: dict[str, str] = field(default_factory=dict)

    def add_operation(
        self, operation_id: str, method: str, path: str, fields: Iterable[str]
    ) -> None:
        """Record that ``method path`` was called and used ``fields``."""
        key = _operation_key(f"{method} {path}")
        self.operations.setdefault(key, set()).update(fields)
        if operation_id:
            self.operation_ids[operation_id] = key

    def fields_of(self, change: Change) -> set[str] | None:
        """The fields the client used in the change's operation, ``None`` if it never called it."""
        if change.operation is not None:
            key = _operation_key(change.operation)
            if key in self.operations:
                return self.operations[key]
        if change.operation_id and change.operation_id in self.operation_ids:
            return self.operations[self.operation_ids[change.operation_id]]
        return None

    def hits(self, change: Change) -> bool:
        """Whether ``change`` affects something the client used."""
        if change.operation is None or change.operation.startswith("webhook "):
            return True
        used = self.fields_of(change)
        if used is None:
            return False
        if change.field is None:
            return True
        prefix = change.field
        return any(name == prefix or name.startswith((prefix + ".", prefix + "[")) for name in used)


def load_usage(paths: Sequence[Path]) -> Usage:
    """Merge the usage files at ``paths``."""
    usage = Usage()
    for path in paths:
        from pytest_paragon.files import FileProblem, load_json, read_text

        try:  # a regular file only (never /dev/zero), strict JSON, bounded depth
            document = load_json(read_text(path, kind="usage file"), path, kind="usage file")
        except FileProblem as error:
            raise ParagonUsageError(
                Report(what=f"cannot read usage file {path}: {' '.join(str(error).split())}")
            ) from None
        if not isinstance(document, dict) or document.get("format") != COVERAGE_FORMAT:
            raise ParagonUsageError(
                Report(
                    what=f"{path} is not a pytest-paragon coverage file",
                    expected=f'{{"format": "{COVERAGE_FORMAT}", "version": 1, ...}}',
                    remedy="write one with pytest --paragon-coverage-json FILE",
                    anchor="contract-coverage",
                )
            )
        if document.get("version") not in SUPPORTED_VERSIONS:
            raise ParagonUsageError(
                Report(
                    what=f"{path}: coverage format version {document.get('version')!r} is not "
                    "supported",
                    expected=" or ".join(str(v) for v in SUPPORTED_VERSIONS),
                )
            )
        usage.files.append(str(path))
        operations = document.get("operations", [])
        if not isinstance(operations, list):
            raise _malformed(path, "operations", "must be a list")
        for index, operation in enumerate(operations):
            try:
                _add(usage, operation)
            except (TypeError, KeyError, AttributeError, ValueError) as error:
                raise _malformed(
                    path, f"operations[{index}]", f"is malformed ({error!r})"
                ) from None
    return usage


def _malformed(path: Path, place: str, problem: str) -> ParagonUsageError:
    return ParagonUsageError(
        Report(
            what=f"usage file {path}: {place} {problem}",
            remedy="write it with pytest --paragon-coverage-json FILE",
            anchor="contract-coverage",
        )
    )


def _add(usage: Usage, operation: dict[str, Any]) -> None:
    """One coverage entry's operation and used fields (any wrong shape raises)."""
    if not operation.get("calls"):
        return
    fields = {f"status.{code}" for code in dict(operation.get("statuses", {}))}
    for side in ("requestFields", "responseFields"):
        used = operation.get(side, {}).get("used", [])
        if not isinstance(used, list) or not all(isinstance(name, str) for name in used):
            raise ValueError(f"{side}.used must be a list of names")
        fields.update(used)
    method, template = operation["method"], operation["path"]
    if not isinstance(method, str) or not isinstance(template, str):
        raise ValueError("method and path must be strings")
    usage.add_operation(str(operation.get("operationId", "")), method, template, fields)


def weigh(changes: Sequence[Change], usage: Usage) -> list[Change]:
    """``changes`` with every warning or breaking change the client does not hit made info."""
    note = "not used by the client (" + ", ".join(usage.files) + ")"
    return [
        change
        if change.severity == Severity.INFO or usage.hits(change)
        else change.downgraded(note)
        for change in changes
    ]
