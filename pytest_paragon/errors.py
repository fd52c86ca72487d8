"""Typed failures of pytest-paragon.

Every failure derives from :class:`ParagonError`. Failures that mean "the code under test did
something wrong" also derive from :class:`AssertionError`, so pytest reports a test failure rather
than an error. Messages share one layout, built by :class:`Report`: what happened, expected versus
received, where, the offending value, the nearest candidates, the remedy and a README anchor.
Instances are built by ``from_*`` constructors so that call sites stay one line long.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

README_URL = "https://github.com/pytest-paragon/pytest-paragon/blob/main/README.md"

_VALUE_LIMIT = 600


def render_value(value: Any, *, limit: int = _VALUE_LIMIT) -> str:
    """Render ``value`` as pretty JSON (or ``repr``), truncated to ``limit`` characters."""
    try:
        text = json.dumps(value, indent=2, sort_keys=True, default=repr, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    if len(text) > limit:
        text = f"{text[:limit]}... ({len(text) - limit} more characters)"
    return text


@dataclass(frozen=True)
class Report:
    """The parts of a pytest-paragon error message, rendered in a fixed order."""

    what: str
    where: str | None = None
    expected: str | None = None
    received: str | None = None
    value: Any = None
    has_value: bool = False
    candidates: Sequence[str] = field(default_factory=tuple)
    remedy: str | None = None
    anchor: str | None = None

    def render(self) -> str:
        """Return the message: one headline, then one labelled line (or block) per part."""
        lines = [self.what]
        if self.where:
            lines.append(f"  where: {self.where}")
        if self.expected is not None:
            lines.append(f"  expected: {self.expected}")
        if self.received is not None:
            lines.append(f"  received: {self.received}")
        if self.has_value:
            rendered = render_value(self.value).replace("\n", "\n    ")
            lines.append(f"  value:\n    {rendered}")
        if self.candidates:
            lines.append("  nearest:")
            lines.extend(f"    - {candidate}" for candidate in self.candidates)
        if self.remedy:
            lines.append(f"  remedy: {self.remedy}")
        if self.anchor:
            lines.append(f"  see: {README_URL}#{self.anchor}")
        return "\n".join(lines)


class ParagonError(Exception):
    """Root of every pytest-paragon failure."""

    def __init__(self, report: Report | str) -> None:
        """Keep the structured report next to the rendered message."""
        self.report = report if isinstance(report, Report) else Report(what=report)
        super().__init__(self.report.render())


class ContractError(ParagonError):
    """The contract document cannot be read, parsed or validated.

    The message names the file and the place (line and column, or the JSON path) that is wrong.
    """

    def __init__(self, report: Report, *, path: Path) -> None:
        """Remember which contract file failed."""
        self.path = path
        super().__init__(report)

    @classmethod
    def from_missing(cls, path: Path) -> ContractError:
        """The contract file does not exist."""
        return cls(
            Report(
                what=f"Contract file not found: {path}",
                remedy="pass an existing OpenAPI 3.1 file with --paragon-contract-file",
                anchor="the-contract",
            ),
            path=path,
        )

    @classmethod
    def from_yaml_error(cls, path: Path, exc: Exception) -> ContractError:
        """The contract file is not well-formed YAML; the report names line and column."""
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark is not None else str(path)
        problem = getattr(exc, "problem", None) or str(exc)
        return cls(
            Report(
                what=f"The contract is not valid YAML: {problem}",
                where=where,
                remedy="fix the YAML at that place; the original file was left untouched",
                anchor="the-contract",
            ),
            path=path,
        )

    @classmethod
    def from_structure(
        cls, path: Path, place: str, message: str, value: Any = None
    ) -> ContractError:
        """The contract parsed but violates OpenAPI 3.1 or this project's conventions."""
        return cls(
            Report(
                what=f"The contract is not a valid OpenAPI 3.1 document: {message}",
                where=f"{path} at {place}",
                value=value,
                has_value=value is not None,
                remedy="fix the document; `pytest-paragon contract` re-validates it",
                anchor="the-contract",
            ),
            path=path,
        )


class ParagonUsageError(ParagonError, ValueError):
    """A pytest-paragon API or option was used with invalid arguments."""
