"""The records the fake keeps: users, credentials, configurations, events, OAuth sessions.

Plain dataclasses, mutated only by :class:`~pytest_paragon.fake.base.state.FakeState`. Dates are
kept as ISO-8601 strings, exactly as they go on the wire.
"""

from __future__ import annotations

import random
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Literal

CredentialStatus = Literal["VALID", "INVALID", "PENDING"]


class Clock:
    """Current time for the fake: the system clock, or frozen and advanced by the test."""

    def __init__(self, start: float | None = None) -> None:
        """``start=None`` follows the system clock; a number freezes time there."""
        self._frozen = start
        self._start = start

    def __call__(self) -> float:
        """The current Unix time."""
        return time.time() if self._frozen is None else self._frozen

    @property
    def frozen(self) -> bool:
        """Whether time only moves when :meth:`advance` is called."""
        return self._frozen is not None

    def freeze(self, at: float | None = None) -> None:
        """Stop the clock (at ``at``, or now)."""
        self._frozen = time.time() if at is None else at

    def restart(self) -> None:
        """Back to how the clock was made (a reset: a seeded time does not survive it)."""
        self._frozen = self._start

    def follow_system(self) -> None:
        """Follow the system clock again (undo :meth:`freeze`)."""
        self._frozen = None

    def advance(self, seconds: float) -> None:
        """Move a frozen clock forward (freezing it first if it follows the system clock)."""
        self._frozen = (self() if self._frozen is None else self._frozen) + seconds

    def iso(self, at: float | None = None) -> str:
        """ISO-8601 with milliseconds and ``Z`` (as Paragon writes dates) of now, or of ``at``."""
        moment = datetime.fromtimestamp(self() if at is None else at, tz=timezone.utc)
        return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


IdPosition = tuple[int | str, tuple[Any, ...]]
"""An :class:`IdFactory`'s random seed and generator state (see :meth:`IdFactory.position`)."""


class IdFactory:
    """Seeded UUID v4 generator: the same seed gives the same ids in the same order."""

    def __init__(self, seed: int | str = 0) -> None:
        """Start the sequence for ``seed``."""
        self.seed = seed
        self._random = random.Random(str(seed))

    def __call__(self) -> str:
        """The next id."""
        return str(uuid.UUID(int=self._random.getrandbits(128), version=4))

    def reset(self) -> None:
        """Restart the sequence."""
        self._random = random.Random(str(self.seed))

    def position(self) -> IdPosition:
        """Where the sequence is now (immutable), for :meth:`resume` to go back to."""
        return self.seed, self._random.getstate()

    def resume(self, position: IdPosition) -> None:
        """Go back to ``position``: the ids drawn next are those drawn after it was taken.

        Sets the generator's state in place, far cheaper than a copied generator (a snapshot
        restored before every request of the contract suite does this).
        """
        self.seed = position[0]
        self._random.setstate(position[1])


@dataclass
class WorkflowState:
    """A workflow's enablement and settings within one configuration."""

    enabled: bool = False
    settings: dict[str, Any] = field(default_factory=dict)

    def wire(self) -> dict[str, Any]:
        """``{enabled, settings}`` as on the wire."""
        return {"enabled": self.enabled, "settings": dict(self.settings)}


@dataclass
class ConfigurationRecord:
    """One configuration of a credential (the default one, or one created through E12)."""

    id: str
    credential_id: str
    is_default: bool
    date_created: str
    date_updated: str
    external_id: str | None = None
    shared_settings: dict[str, Any] = field(default_factory=dict)
    workflows: dict[str, WorkflowState] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)
    enable_triggered: bool = False

    def workflow(self, workflow_id: str) -> WorkflowState:
        """The state of ``workflow_id`` here, created disabled on first use."""
        return self.workflows.setdefault(workflow_id, WorkflowState())

    def enabled_workflows(self) -> list[str]:
        """Ids of the workflows enabled in this configuration."""
        return [wid for wid, state in self.workflows.items() if state.enabled]


@dataclass
class CredentialRecord:
    """A connected account of a user for one integration."""

    id: str
    user_id: str
    persona_id: str
    integration_type: str
    integration_id: str
    status: CredentialStatus
    date_created: str
    date_updated: str
    configurations: list[ConfigurationRecord] = field(default_factory=list)
    provider_id: str | None = None
    provider_data: dict[str, Any] = field(default_factory=dict)
    account_auth: dict[str, str] = field(default_factory=dict)
    external_id: str | None = None
    install_options: dict[str, Any] = field(default_factory=dict)
    inputs: dict[str, Any] = field(default_factory=dict)  # pre-/post-OAuth option values
    refresh_failure_count: int = 0

    @property
    def default_configuration(self) -> ConfigurationRecord:
        """The configuration marked ``isDefault`` (every credential has exactly one)."""
        return next(c for c in self.configurations if c.is_default)


@dataclass
class ConnectedUserRecord:
    """A Connected User, created on its first authenticated call."""

    id: str
    persona_id: str
    date_created: str
    meta: dict[str, Any] = field(default_factory=dict)
    resources: dict[str, str] = field(default_factory=dict)  # resource id -> credential id


@dataclass(frozen=True)
class AppEventRecord:
    """An App Event received through E25 or E26."""

    name: str
    payload: Any
    user_id: str
    path: str
    received_at: str
    credential: str | None = None
    configuration: str | None = None


@dataclass
class OAuthSession:
    """An OAuth popup flow started with E16 and polled with E17."""

    key: str
    user_id: str
    integration_type: str
    started_at: float
    install_options: dict[str, Any] = field(default_factory=dict)
    credential_id: str | None = None
    origin: str = "*"  # originForPostMessage: where the consent page posts its callback
    code: str = ""  # the authorization code the consent page hands the SDK (E9's payload)
    closed: bool = False  # E18 ended it; its code still gives its credential (E9 may come later)


@dataclass(frozen=True)
class InboundWebhook:
    """A provider's call to a user-level custom webhook URL (E27)."""

    integration_id: str
    trigger_id: str
    credential_id: str | None
    body: Any
    received_at: str


@dataclass(frozen=True)
class WorkflowRun:
    """One run of a request-triggered workflow, as Connect saw it (Task History records it)."""

    id: str
    user_id: str
    workflow_id: str
    integration: str
    started_at: float
    finished: bool
    request: Any
    response: Any


@dataclass(frozen=True)
class TriggerCall:
    """What a request-trigger handler receives (E24)."""

    workflow_id: str
    integration_type: str
    user_id: str
    body: Any
    query: dict[str, str]
    headers: dict[str, str]
    credential_id: str | None
    configuration_id: str | None
    content: bytes = field(default=b"", compare=False)  # the raw body, for match_content


@dataclass(frozen=True)
class ProxyCall:
    """What a proxy handler receives (E28-E30): the provider request the client asked for."""

    integration_type: str
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: Any
    credential_id: str
    user_id: str
    content: bytes = field(default=b"", compare=False)  # the raw body, for match_content


@dataclass(frozen=True)
class ProviderReply:
    """A provider response returned by a proxy or trigger handler."""

    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
