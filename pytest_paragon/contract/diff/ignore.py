"""``--ignore FILE``: changes a team has reviewed and accepted, each with a reason.

The file is YAML (or JSON): a list under ``ignore:`` of entries with ``kind`` (a change kind or
``*``), optionally ``operation`` (``METHOD /path`` or an operationId), ``path`` (a JSON pointer
prefix) and ``field`` (a field prefix), and a mandatory ``reason``::

    ignore:
      - kind: response-oneOf-variant-added
        field: schema.InstallFlowStage
        reason: our onNext handler has a default branch for unknown stages
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pytest_paragon.contract.diff.model import Change
from pytest_paragon.errors import ParagonUsageError, Report

ENTRY_KEYS = ("kind", "operation", "path", "field", "reason")


@dataclass(frozen=True)
class IgnoreRule:
    """One accepted change (or class of changes)."""

    kind: str
    reason: str
    operation: str | None = None
    path: str | None = None
    field: str | None = None

    def matches(self, change: Change) -> bool:
        """Whether ``change`` is covered by this rule."""
        if self.kind not in ("*", change.kind):
            return False
        if self.operation is not None and self.operation not in (
            change.operation,
            change.operation_id,
        ):
            return False
        if self.path is not None and not change.path.startswith(self.path):
            return False
        return self.field is None or (change.field or "").startswith(self.field)


def _entry(source: Path, index: int, raw: Any) -> IgnoreRule:
    where = f"{source} at ignore[{index}]"
    if not isinstance(raw, Mapping):
        raise ParagonUsageError(Report(what="an ignore entry must be a mapping", where=where))
    unknown = sorted(set(raw) - set(ENTRY_KEYS))
    if unknown:
        raise ParagonUsageError(
            Report(
                what=f"unknown keys {unknown} in an ignore entry",
                where=where,
                expected=", ".join(ENTRY_KEYS),
            )
        )
    if not raw.get("kind") or not raw.get("reason"):
        raise ParagonUsageError(
            Report(
                what="an ignore entry needs a kind and a reason",
                where=where,
                remedy="say why the change is acceptable, so that the next reviewer knows",
            )
        )
    return IgnoreRule(
        kind=str(raw["kind"]),
        reason=str(raw["reason"]),
        operation=raw.get("operation"),
        path=raw.get("path"),
        field=raw.get("field"),
    )


def load_ignore(path: Path) -> list[IgnoreRule]:
    """Read the rules of ignore file ``path``."""
    import yaml

    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ParagonUsageError(Report(what=f"cannot read {path}: {error}")) from None
    except yaml.YAMLError as error:
        raise ParagonUsageError(Report(what=f"{path} is not YAML: {error}")) from None
    entries = document.get("ignore") if isinstance(document, Mapping) else document
    if not isinstance(entries, list):
        raise ParagonUsageError(
            Report(what=f"{path}: expected a list of entries under `ignore:`", where=str(path))
        )
    return [_entry(path, index, raw) for index, raw in enumerate(entries)]


def split_ignored(
    changes: Sequence[Change], rules: Sequence[IgnoreRule]
) -> tuple[list[Change], list[Change]]:
    """``(kept, ignored)``: the changes no rule matches, and those one does."""
    kept: list[Change] = []
    ignored: list[Change] = []
    for change in changes:
        (ignored if any(rule.matches(change) for rule in rules) else kept).append(change)
    return kept, ignored
