"""The SDK's events, as ``paragon.subscribe`` delivers them (reference section 8.6).

Global subscribers get every event; ``subscribe`` returns an unsubscribe function and
``unsubscribe`` answers whether a listener was removed. Local callbacks registered for one
integration (``connect()``'s ``onInstall``, ``onUninstall``, ``onWorkflowChange``, ``onOpen``,
``onClose``) fire once. A listener's exception is caught and kept in :attr:`SdkEvents.errors`, as
the SDK catches and logs it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pytest_paragon.errors import ParagonUsageError

EVENT_NAMES = (
    "onIntegrationInstall",
    "onIntegrationUninstall",
    "onWorkflowChange",
    "onPortalOpen",
    "onPortalClose",
)
LOCAL_CALLBACKS = {
    "onInstall": "onIntegrationInstall",
    "onSuccess": "onIntegrationInstall",
    "onUninstall": "onIntegrationUninstall",
    "onWorkflowChange": "onWorkflowChange",
    "onOpen": "onPortalOpen",
    "onClose": "onPortalClose",
}

Listener = Callable[[dict[str, Any], Any], Any]


@dataclass
class SdkEvents:
    """Subscribers of the five SDK events, and the events emitted so far."""

    user: Any = None
    emitted: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    errors: list[BaseException] = field(default_factory=list)
    _listeners: dict[str, list[Listener]] = field(default_factory=dict)
    _local: dict[tuple[str, str], Listener] = field(default_factory=dict)

    def subscribe(self, name: str, listener: Listener) -> Callable[[], bool]:
        """Call ``listener(event, user)`` for every ``name`` event; returns the unsubscribe."""
        if name not in EVENT_NAMES:
            raise ParagonUsageError(f"{name} is not valid paragon event")
        self._listeners.setdefault(name, []).append(listener)
        return lambda: self.unsubscribe(name, listener)

    def unsubscribe(self, name: str, listener: Listener) -> bool:
        """Remove ``listener``; ``True`` when it was subscribed."""
        listeners = self._listeners.get(name, [])
        if listener in listeners:
            listeners.remove(listener)
            return True
        return False

    def once_for(self, integration: str, **callbacks: Listener) -> None:
        """Local one-shot callbacks for ``integration``, named as ``connect()``'s options."""
        for option, listener in callbacks.items():
            if option not in LOCAL_CALLBACKS:
                raise ParagonUsageError(
                    f"{option} is not a connect() callback: {sorted(LOCAL_CALLBACKS)}"
                )
            event = LOCAL_CALLBACKS[option]
            if option == "onSuccess" and ("onInstall" in callbacks):
                continue  # onInstall wins over its alias
            self._local[(event, integration)] = listener

    def emit(self, name: str, event: dict[str, Any]) -> None:
        """Deliver ``event`` to the local callback (once) and to every subscriber."""
        self.emitted.append((name, event))
        integration = str(event.get("integrationType", ""))
        targets = [*self._listeners.get(name, [])]
        local = self._local.pop((name, integration), None)
        if local is not None:
            targets.insert(0, local)
        for listener in targets:
            try:
                listener(event, self.user)
            except Exception as error:  # the SDK catches and logs listener errors
                self.errors.append(error)
