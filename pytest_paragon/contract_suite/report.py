"""What a contract run checked, and its failures as sentences.

- :class:`Tally`: the requests one operation's test sent and, per schemathesis check, how many
  of them it judged and how many it failed (fed by schemathesis' public ``after_validate`` hook).
  It travels with the test's report as ``user_properties`` (so it also reaches the controller
  under pytest-xdist, and each JUnit test case carries it as ``<property>`` elements).
- :class:`Summary`: the closing summary of the run, built from the reports.
- :func:`failure_sentence`: the one-line message of a failed operation (the short test summary
  and the JUnit ``message`` attribute), built from schemathesis' failures.

Nothing here imports pytest or schemathesis.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

PROPERTY_PREFIX = "paragon."
REQUESTS_PROPERTY = "paragon.requests"
CHECK_PROPERTY = "paragon.check."
_CHECK_VALUE = re.compile(r"^(\d+) run, (\d+) failed$")
_MESSAGE_LENGTH = 160


@dataclass
class CheckCount:
    """How often one check judged an answer, and how often it failed."""

    run: int = 0
    failed: int = 0


@dataclass
class Tally:
    """The requests one operation's test sent and what the checks made of the answers."""

    operation_id: str
    label: str
    requests: int = 0
    checks: dict[str, CheckCount] = field(default_factory=dict)
    failed_by: dict[str, set[str]] = field(default_factory=dict)
    """Per failure title (``"Server error"``), the checks that reported it in this test."""

    def record(self, results: Iterable[Any]) -> None:
        """Count one checked answer (``results``: schemathesis ``CheckResult`` objects)."""
        self.requests += 1
        for result in results:
            count = self.checks.setdefault(str(result.name), CheckCount())
            count.run += 1
            if result.failure is not None:
                count.failed += 1
                title = str(getattr(result.failure, "title", type(result.failure).__name__))
                self.failed_by.setdefault(title, set()).add(str(result.name))

    def as_properties(self) -> list[tuple[str, object]]:
        """The tally as report properties: ``paragon.check.<name>`` = ``"12 run, 0 failed"``."""
        properties: list[tuple[str, object]] = [(REQUESTS_PROPERTY, self.requests)]
        for name in sorted(self.checks):
            count = self.checks[name]
            properties.append((CHECK_PROPERTY + name, f"{count.run} run, {count.failed} failed"))
        return properties

    @classmethod
    def from_properties(
        cls, operation_id: str, label: str, properties: Iterable[tuple[str, object]]
    ) -> Tally | None:
        """Read back :meth:`as_properties` (``None`` when the report carries no tally)."""
        tally: Tally | None = None
        for name, value in properties:
            if name == REQUESTS_PROPERTY:
                tally = tally or cls(operation_id, label)
                tally.requests = int(str(value))
            elif name.startswith(CHECK_PROPERTY):
                match = _CHECK_VALUE.match(str(value))
                if match is None:
                    continue
                tally = tally or cls(operation_id, label)
                run, failed = (int(part) for part in match.groups())
                tally.checks[name.removeprefix(CHECK_PROPERTY)] = CheckCount(run, failed)
        return tally


def _leaf_failures(error: BaseException) -> list[BaseException]:
    """The failures inside ``error`` (an exception group is flattened; no 3.11 builtins)."""
    inner = getattr(error, "exceptions", None)
    if isinstance(inner, (tuple, list)) and inner:
        return [leaf for exception in inner for leaf in _leaf_failures(exception)]
    return [error]


def _first_line(text: str) -> str:
    """The first non-empty line of ``text``, shortened."""
    line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return line if len(line) <= _MESSAGE_LENGTH else line[: _MESSAGE_LENGTH - 3] + "..."


def _checks_of(failure: BaseException, tally: Tally | None) -> list[str]:
    """The checks that reported ``failure``: seen in this test, else those its type names."""
    title = str(getattr(failure, "title", ""))
    seen = sorted(tally.failed_by.get(title, ())) if tally is not None else []
    return seen or [str(name) for name in getattr(failure, "checks", ()) or ()]


def describe_failures(failures: Sequence[BaseException], tally: Tally | None = None) -> str:
    """Schemathesis failures as clauses: ``title (check, code): first detail`` per kind.

    Schemathesis' failures carry a ``title`` (``"Server error"``), a ``message`` (the detail,
    often empty), a ``code`` (``"ST101"``) and the names of the ``checks`` that may report them;
    failures of one kind are described once, with the first detail and how many more there are.
    """
    kinds: dict[str, list[BaseException]] = {}
    for failure in failures:
        kinds.setdefault(str(getattr(failure, "title", type(failure).__name__)), []).append(failure)
    clauses = []
    for title, members in kinds.items():
        first = members[0]
        code = getattr(first, "code", None)
        tags = ", ".join([*_checks_of(first, tally), *([str(code)] if code else [])])
        clause = f"{title} ({tags})" if tags else title
        messages = (str(getattr(failure, "message", "") or "") for failure in members)
        details = [line for line in map(_first_line, messages) if line]
        if details:
            clause += f": {details[0]}"
            if len(details) > 1:
                clause += f" (and {len(details) - 1} more)"
        clauses.append(clause)
    return "; ".join(clauses)


def failure_sentence(tally: Tally, error: BaseException) -> str | None:
    """The one-line message of an operation whose test failed with schemathesis' ``error``.

    ``None`` when ``error`` is not a schemathesis check failure (it keeps its own message).
    """
    failures = _leaf_failures(error)
    if not failures or not all(isinstance(getattr(f, "title", None), str) for f in failures):
        return None
    count = len(failures)
    kinds = "a failure" if count == 1 else f"{count} distinct failures"
    if tally.operation_id.startswith("flow:"):
        name = tally.operation_id.removeprefix("flow:")
        return f"flow {name} failed: found {kinds}: {describe_failures(failures, tally)}."
    return (
        f"{tally.operation_id} ({tally.label}) failed the contract: schemathesis found {kinds}: "
        f"{describe_failures(failures, tally)}."
    )


@dataclass
class OperationOutcome:
    """One operation's result, as the closing summary counts it."""

    operation_id: str
    outcome: str
    tally: Tally | None = None


@dataclass
class Summary:
    """The closing summary of a contract run: operations, requests, checks, failures by check."""

    target: str
    outcomes: dict[str, OperationOutcome] = field(default_factory=dict)

    def add(self, operation_id: str, outcome: str, tally: Tally | None) -> None:
        """Record one operation's outcome (a later phase's failure overrides a pass)."""
        known = self.outcomes.get(operation_id)
        if known is None:
            self.outcomes[operation_id] = OperationOutcome(operation_id, outcome, tally)
            return
        if outcome != "passed":
            known.outcome = outcome
        known.tally = tally or known.tally

    def lines(self) -> list[str]:
        """The summary's lines (empty when no operation ran)."""
        if not self.outcomes:
            return []
        by_outcome: dict[str, int] = {}
        for entry in self.outcomes.values():
            by_outcome[entry.outcome] = by_outcome.get(entry.outcome, 0) + 1
        counted = ", ".join(f"{by_outcome[name]} {name}" for name in sorted(by_outcome))
        total = len(self.outcomes)
        lines = [
            f"{total} operation{'s' if total != 1 else ''} checked against {self.target}: {counted}"
        ]
        tallies = [entry.tally for entry in self.outcomes.values() if entry.tally is not None]
        requests = sum(tally.requests for tally in tallies)
        lines.append(f"{requests} requests sent and checked; checks run:")
        lines.extend(_check_lines(tallies))
        failing = _failing_by_check(tallies)
        if failing:
            lines.append("failures by check:")
            for name, operations in failing:
                lines.append(
                    f"  {name}: {len(operations)} operation"
                    f"{'s' if len(operations) != 1 else ''} ({', '.join(operations)})"
                )
        else:
            lines.append("failures by check: none")
        return lines


def _check_lines(tallies: Sequence[Tally]) -> list[str]:
    """One line per check: requests it judged and how many it failed."""
    totals: dict[str, CheckCount] = {}
    for tally in tallies:
        for name, count in tally.checks.items():
            total = totals.setdefault(name, CheckCount())
            total.run += count.run
            total.failed += count.failed
    if not totals:
        return ["  (none: no request reached a check)"]
    width = max(len(name) for name in totals)
    return [
        f"  {name.ljust(width)}  {totals[name].run:>6} run, {totals[name].failed} failed"
        for name in sorted(totals)
    ]


def _failing_by_check(tallies: Sequence[Tally]) -> list[tuple[str, list[str]]]:
    """Per check that failed, the operations it failed on (sorted)."""
    failing: dict[str, list[str]] = {}
    for tally in tallies:
        for name, count in tally.checks.items():
            if count.failed:
                failing.setdefault(name, []).append(tally.operation_id)
    return [(name, sorted(failing[name])) for name in sorted(failing)]


__all__ = [
    "CheckCount",
    "OperationOutcome",
    "Summary",
    "Tally",
    "describe_failures",
    "failure_sentence",
]
