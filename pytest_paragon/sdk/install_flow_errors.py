"""The installFlow's errors, with the SDK 2.4.0 names and messages (``name``, ``message``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pytest_paragon.errors import ParagonError


class InstallFlowError(ParagonError):
    """An install-flow error with the SDK's ``name``, ``message`` and ``meta``."""

    sdk_name = "UnknownError"

    def __init__(self, message: str, meta: Mapping[str, Any] | None = None) -> None:
        """Keep the SDK-shaped fields."""
        self.message = message
        self.meta = dict(meta or {})
        super().__init__(f"{self.sdk_name}: {message}")

    @property
    def name(self) -> str:
        """The SDK's error name."""
        return self.sdk_name

    def as_sdk_error(self) -> dict[str, Any]:
        """``{name, message, meta?}`` as the contract's ConnectSdkError."""
        body: dict[str, Any] = {"name": self.name, "message": self.message}
        if self.meta:
            body["meta"] = self.meta
        return body


class UnknownError(InstallFlowError):
    """Any other failure; the SDK wraps the original message."""


class NoActiveInstallFlowError(InstallFlowError):
    """A setter was called without an active flow."""

    sdk_name = "NoActiveInstallFlowError"

    def __init__(self) -> None:
        """The SDK's fixed message."""
        super().__init__(
            "No active install flow, make sure you call installFlow.start(<integrationName>, "
            "...args) before calling any other method"
        )


class IntegrationNotFoundError(InstallFlowError):
    """The integration is not in the project."""

    sdk_name = "IntegrationNotFoundError"

    def __init__(self, integration: str) -> None:
        """Name the integration, as the SDK does."""
        super().__init__(
            f"Integration with name {integration} not found", {"integrationName": integration}
        )


class HeadlessModeNotEnabledError(InstallFlowError):
    """``setHeadless(true)`` was not called."""

    sdk_name = "HeadlessModeNotEnabledError"

    def __init__(self) -> None:
        """The SDK's fixed message."""
        super().__init__(
            "Headless mode is not enabled. Make sure you call `paragon.setHeadless(true)` "
            "before using the installFlow."
        )


class OAuthBlockedError(InstallFlowError):
    """The browser blocked the OAuth popup."""

    sdk_name = "OAuthBlockedError"

    def __init__(self) -> None:
        """The SDK's fixed message."""
        super().__init__("Popup was blocked by the browser.")


class OAuthTimeoutError(InstallFlowError):
    """OAuth did not complete within ``oauth_timeout``."""

    sdk_name = "OAuthTimeoutError"

    def __init__(self) -> None:
        """The SDK's fixed message."""
        super().__init__("OAuth timeout")


class WrongStageError(InstallFlowError):
    """A setter that does not belong to the current stage (never a silent no-op)."""

    def __init__(self, method: str, stage: str) -> None:
        """Say which call came in which stage."""
        super().__init__(f"{method}() cannot be called in the {stage!r} stage", {"stage": stage})
