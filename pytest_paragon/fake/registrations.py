"""Answers that tests register for proxy calls and request-triggered workflows.

Each registration counts its calls; an unused one fails the test unless it was registered with
``optional=True`` (the respx ``assert_all_called`` convention).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pytest_paragon.fake.records import ProviderReply, ProxyCall, TriggerCall


@dataclass
class Registration:
    """A registered answer: a function of the call, or a fixed :class:`ProviderReply`."""

    label: str
    answer: Callable[[Any], Any] | ProviderReply
    optional: bool = False
    calls: list[Any] = field(default_factory=list)

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


@dataclass
class ProxyRegistration(Registration):
    """A provider answer for proxy calls to one integration (optionally one method and path)."""

    integration: str = ""
    method: str | None = None
    path: str | None = None

    def matches(self, call: ProxyCall) -> bool:
        """Whether ``call`` is for this registration (``path`` may use ``*`` wildcards)."""
        if call.integration_type != self.integration:
            return False
        if self.method is not None and call.method != self.method.upper():
            return False
        if self.path is None:
            return True
        wanted = self.path if self.path.startswith(("/", "http")) else f"/{self.path}"
        return fnmatch.fnmatchcase(call.path, wanted)


@dataclass
class TriggerRegistration(Registration):
    """The Response step of one request-triggered workflow."""

    workflow_id: str = ""

    def matches(self, call: TriggerCall) -> bool:
        """Whether ``call`` runs this workflow."""
        return call.workflow_id == self.workflow_id


def answer_from(
    response: Callable[[Any], Any] | Any, status: int, headers: dict[str, str] | None
) -> Callable[[Any], Any] | ProviderReply:
    """A callable stays a handler; a ``ProviderReply`` is kept; anything else is its body."""
    if isinstance(response, ProviderReply):
        return response
    if callable(response):
        return response
    return ProviderReply(status=status, body=response, headers=dict(headers or {}))
