"""Typed failures of pytest-paragon: one hierarchy under :class:`ParagonError`.

::

    ParagonError
    ├── ContractError            the contract document cannot be read or is not valid
    ├── ParagonUsageError        pytest-paragon was used wrongly (also a ValueError)
    ├── FakeDefectError          the fake itself failed: a bug in pytest-paragon
    └── ParagonFailure           the code under test did something wrong (also an AssertionError)
        ├── ContractViolationError   a request broke the contract
        ├── UnmatchedAnswerError     a proxy/trigger/tool call no registered answer matched
        ├── UnusedAnswerError        a registered answer was never called
        └── ParagonFailures          several of the above, reported together after a test

    ParagonWarning (a UserWarning)   root of every warning of pytest-paragon
    └── ParagonDeprecationWarning    an old name still works; the message names the new spelling

Failures that mean "the code under test did something wrong" derive from :class:`AssertionError`,
so pytest reports a test failure rather than an error. Messages share one layout, built by
:class:`Report`: what happened, where, expected versus received, the offending value, the nearest
candidates, the remedy and a README anchor. Instances are built by ``from_*`` constructors so that
call sites stay one line long. This module imports only the standard library.
"""

from __future__ import annotations

import contextlib
import contextvars
import difflib
import json
import warnings
from collections.abc import Iterable, Iterator, Sequence
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


class ParagonWarning(UserWarning):
    """Root of every warning pytest-paragon gives (``-W error::pytest_paragon.ParagonWarning``)."""


class ParagonDeprecationWarning(ParagonWarning, DeprecationWarning):
    """A name that still works for one more minor release; the message names the new spelling."""


_COLLECTING: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar(
    "paragon_deprecations", default=None
)


@contextlib.contextmanager
def collecting_deprecations() -> Iterator[list[str]]:
    """Collect the block's deprecation messages instead of warning; yields the list.

    The admin API's way: in a server thread a warning turned into an error would be a 500.
    """
    found: list[str] = []
    token = _COLLECTING.set(found)
    try:
        yield found
    finally:
        _COLLECTING.reset(token)


def deprecated(old: str, new: str, *, stacklevel: int = 3, since: str = "0.2.0") -> None:
    """Warn that ``old`` is deprecated (since ``since``) in favour of ``new``."""
    message = (
        f"{old} is deprecated since pytest-paragon {since}: use {new} "
        "(the old spelling keeps working until the next minor release)"
    )
    collected = _COLLECTING.get()
    if collected is not None:
        collected.append(message)
        return
    warnings.warn(message, ParagonDeprecationWarning, stacklevel=stacklevel)


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


def nearest(name: str, valid: Iterable[str], *, n: int = 3) -> list[str]:
    """The names of ``valid`` closest to ``name`` (case-insensitive), best first."""
    names = list(valid)
    by_lower = {candidate.lower(): candidate for candidate in names}
    close = difflib.get_close_matches(name.lower(), list(by_lower), n=n, cutoff=0.5)
    return [by_lower[match] for match in close]


def _listing(valid: Sequence[str], limit: int = 40) -> str:
    shown = ", ".join(valid[:limit])
    return shown + (f", ... ({len(valid) - limit} more)" if len(valid) > limit else "")


class ParagonUsageError(ParagonError, ValueError):
    """pytest-paragon was used with invalid arguments: the message lists what is valid."""

    domain_error: Exception | None = None  # the fake's refusal behind it, when there is one

    @classmethod
    def from_unknown(
        cls,
        kind: str,
        name: object,
        valid: Iterable[str],
        *,
        where: str | None = None,
        remedy: str | None = None,
        anchor: str | None = None,
    ) -> ParagonUsageError:
        """``name`` is not one of the ``valid`` names of ``kind`` (an integration, a tool, ...)."""
        names = sorted(set(valid))
        close = nearest(str(name), names) if isinstance(name, str) else []
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return cls(
            Report(
                what=f"Unknown {kind} {name!r}{hint}",
                where=where,
                expected=f"one of {_listing(names)}" if names else f"no {kind} exists here",
                candidates=tuple(close),
                remedy=remedy,
                anchor=anchor,
            )
        )

    @classmethod
    def from_bad_value(
        cls,
        what: str,
        value: object,
        expected: str,
        *,
        where: str | None = None,
        remedy: str | None = None,
        anchor: str | None = None,
    ) -> ParagonUsageError:
        """``value`` is not acceptable for ``what``; ``expected`` says what would be."""
        return cls(
            Report(
                what=f"Invalid {what}: {value!r}",
                where=where,
                expected=expected,
                remedy=remedy,
                anchor=anchor,
            )
        )


class FakeDefectError(ParagonError):
    """The fake itself failed while answering a request: a bug in pytest-paragon, not in your code.

    The fake answers such a request with a 500 whose JSON body says so, and keeps the traceback
    here so the test's failure shows it.
    """

    def __init__(self, report: Report | str, *, traceback_text: str = "") -> None:
        """Keep the fake's own traceback next to the message."""
        self.traceback_text = traceback_text
        super().__init__(report)

    @classmethod
    def from_exception(cls, operation: str, exc: BaseException) -> FakeDefectError:
        """The handler of ``operation`` raised ``exc``."""
        import traceback

        text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        return cls(
            Report(
                what=(
                    f"The fake failed while answering {operation}: {type(exc).__name__}: {exc}. "
                    "This is a bug in pytest-paragon, not in the code under test."
                ),
                where=operation,
                value=text.rstrip(),
                has_value=True,
                remedy="please report it with this message and the request that caused it",
                anchor="failures",
            ),
            traceback_text=text,
        )


class ParagonFailure(ParagonError, AssertionError):
    """The code under test did something wrong; pytest reports it as a test failure."""


class ContractViolationError(ParagonFailure):
    """A request of the code under test broke the Paragon contract."""


class UnmatchedAnswerError(ParagonFailure):
    """A proxy call, request trigger or ActionKit tool call that no registered answer matched.

    The message lists the registered answers and, for each, the field that differed (like
    pytest-httpx's "amongst" list). Opt out with ``allow_unmatched_answers``.
    """

    @classmethod
    def from_call(
        cls,
        kind: str,
        call: str,
        registered: Sequence[tuple[str, str]],
        *,
        answered: str,
    ) -> UnmatchedAnswerError:
        """``call`` (a ``kind`` call) matched none of ``registered`` (label, what differed)."""
        candidates = tuple(f"{label} (differs in {differs})" for label, differs in registered)
        return cls(
            Report(
                what=f"No registered {kind} answer matches {call}",
                expected="one of the registered answers" if registered else None,
                candidates=candidates or (f"no {kind} answer is registered in this test",),
                remedy=(
                    f"register an answer for it, or opt out with "
                    f"@pytest.mark.paragon(allow_unmatched_answers=True) "
                    f"(the call is then answered {answered})"
                ),
                anchor="unmatched-and-unused-answers",
            )
        )


class ProviderRequestError(ParagonFailure):
    """A proxied request breaks a rule of the provider's documented API (not Paragon's contract).

    Named after the provider's rule and its reference page; opt out with ``provider_checks=False``.
    """

    @classmethod
    def from_rules(
        cls, provider: str, endpoint: str, call: str, broken: Sequence[tuple[str, str]], source: str
    ) -> ProviderRequestError:
        """``call`` to ``provider``'s ``endpoint`` broke ``broken`` (place, rule) pairs."""
        rules = tuple(f"{place or 'the request'} {rule}".strip() for place, rule in broken)
        return cls(
            Report(
                what=f"{provider} {endpoint}: {rules[0]}",
                where=call,
                expected=f"the request {provider} documents at {source}",
                received=f"also: {'; '.join(rules[1:])}" if rules[1:] else None,
                remedy=(
                    "send what the provider documents, or opt out with "
                    "@pytest.mark.paragon(provider_checks=False)"
                ),
                anchor="provider-request-checks",
            )
        )


class UnusedAnswerError(ParagonFailure):
    """A registered answer was never called (respx's ``assert_all_called``)."""

    @classmethod
    def from_label(cls, label: str) -> UnusedAnswerError:
        """The answer ``label`` was never called."""
        return cls(
            Report(
                what=f"{label} was registered but never called",
                remedy=(
                    "remove it, register it with optional=True, or opt out for the test with "
                    "@pytest.mark.paragon(allow_unused_answers=True)"
                ),
                anchor="unmatched-and-unused-answers",
            )
        )


class ParagonFailures(ParagonFailure):
    """Several failures of one test, reported together once its body has run."""

    def __init__(self, failures: Sequence[ParagonError]) -> None:
        """Render every failure, numbered, under one headline."""
        self.failures = tuple(failures)
        lines = [f"pytest-paragon: {len(self.failures)} problem(s) in this test"]
        for index, failure in enumerate(self.failures, 1):
            lines.append(f"[{index}] {type(failure).__name__}: {failure.report.render()}")
        super().__init__(Report(what="\n".join(lines)))


def combined(failures: Sequence[ParagonError]) -> ParagonError | None:
    """One failure to raise for ``failures``: ``None``, the only one, or :class:`ParagonFailures`.

    A single failure keeps its own type (so ``pytest.raises(UnusedAnswerError)`` works); a defect
    of the fake among several still surfaces as the combined failure.
    """
    if not failures:
        return None
    if len(failures) == 1:
        return failures[0]
    return ParagonFailures(failures)


_RENAMED = {"UnmatchedStubError": "UnmatchedAnswerError", "UnusedStubError": "UnusedAnswerError"}


def __getattr__(name: str) -> Any:
    """The names this module had before 0.2.0, with a :class:`ParagonDeprecationWarning`."""
    new = _RENAMED.get(name)
    if new is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    deprecated(f"pytest_paragon.errors.{name}", f"pytest_paragon.errors.{new}")
    return globals()[new]
