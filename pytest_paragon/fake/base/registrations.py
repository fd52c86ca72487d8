"""Answers that tests register for proxy calls, request-triggered workflows and Tools.

Each registration counts its calls; an unused one fails the test unless it was registered with
``optional=True`` (the respx ``assert_all_called`` convention). Matching is first registered,
first served, as in respx and pytest-httpx: of the registrations that match a call, the oldest one
not called yet answers; once all have answered, the newest of them answers again. So a second
answer for the same call is queued behind the first, never silently replacing it.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from pytest_paragon.fake.base.matchers import RequestMatch, contains_differs
from pytest_paragon.fake.base.records import ProviderReply, ProxyCall, TriggerCall


@dataclass
class Registration:
    """A registered answer: a function of the call, or a fixed :class:`ProviderReply`."""

    label: str
    answer: Callable[[Any], Any] | ProviderReply
    optional: bool = False
    calls: list[Any] = field(default_factory=list)
    condition: RequestMatch | None = None  # the match family: what the call must carry

    def call(self, request: Any) -> Any:
        """Record ``request`` and produce the answer."""
        self.calls.append(request)
        if isinstance(self.answer, ProviderReply):
            return self.answer
        return self.answer(request)

    @property
    def called(self) -> bool:
        """Whether it was called at least once."""
        return bool(self.calls)

    def differs(self, call: Any) -> str | None:
        """The first field of ``call`` this registration does not accept (``None``: it matches)."""
        raise NotImplementedError

    def condition_differs(self, call: Any) -> str | None:
        """The first ``match`` condition ``call`` breaks (``None`` when all hold, or none)."""
        return None if self.condition is None else self.condition.differs(call)

    def matches(self, call: Any) -> bool:
        """Whether this registration answers ``call``."""
        return self.differs(call) is None


@dataclass
class ProxyRegistration(Registration):
    """A provider answer for proxy calls to one integration (optionally one method and path)."""

    integration: str = ""
    method: str | None = None
    path: str | None = None

    def differs(self, call: ProxyCall) -> str | None:
        """The field ``call`` differs in: integration, method or path (a ``*`` glob)."""
        if call.integration_type != self.integration:
            return f"integration: {call.integration_type!r} is not {self.integration!r}"
        if self.method is not None and call.method != self.method.upper():
            return f"method: {call.method} is not {self.method.upper()}"
        if self.path is not None:
            wanted = self.path if self.path.startswith(("/", "http")) else f"/{self.path}"
            if not fnmatch.fnmatchcase(call.path, wanted):
                return f"path: {call.path!r} does not match {wanted!r}"
        return self.condition_differs(call)


@dataclass
class TriggerRegistration(Registration):
    """The Response step of one request-triggered workflow."""

    workflow_id: str = ""

    def differs(self, call: TriggerCall) -> str | None:
        """The field ``call`` differs in: the workflow, or a ``match`` condition."""
        if call.workflow_id != self.workflow_id:
            return f"workflow: {call.workflow_id!r} is not {self.workflow_id!r}"
        return self.condition_differs(call)


def subset_differs(name: str, wanted: Mapping[str, Any] | None, actual: Any) -> str | None:
    """Where ``actual`` lacks a key/value of ``wanted`` (``None`` when it has them all)."""
    return None if wanted is None else contains_differs(name, wanted, actual)


class Matcher(Protocol):
    """What :func:`pick` needs of a registration."""

    label: str
    calls: list[Any]

    def differs(self, call: Any) -> str | None:
        """The first field of ``call`` the registration does not accept."""


MatcherT = TypeVar("MatcherT", bound=Matcher)


def pick(registrations: Sequence[MatcherT], call: Any) -> MatcherT | None:
    """The registration that answers ``call`` (``None`` when none matches).

    The oldest matching one not called yet, else the newest matching one.
    """
    matching = [r for r in registrations if r.differs(call) is None]
    if not matching:
        return None
    return next((r for r in matching if not r.calls), matching[-1])


def amongst(registrations: Sequence[Matcher], call: Any) -> list[tuple[str, str]]:
    """Each registration's label with the field ``call`` differs in (for the failure message)."""
    return [(r.label, r.differs(call) or "nothing") for r in registrations]


def answer_from(
    response: Callable[[Any], Any] | Any, status: int, headers: dict[str, str] | None
) -> Callable[[Any], Any] | ProviderReply:
    """A callable stays a handler; a ``ProviderReply`` is kept; anything else is its body."""
    if isinstance(response, ProviderReply):
        return response
    if callable(response):
        return response
    return ProviderReply(status=status, body=response, headers=dict(headers or {}))


def provider_reply(value: Any, default_status: int = 200) -> ProviderReply:
    """Normalise what a test handler returned: a ProviderReply, ``(status, body)`` or a body."""
    if isinstance(value, ProviderReply):
        return value
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], int):
        return ProviderReply(status=value[0], body=value[1])
    return ProviderReply(status=default_status, body=value)
