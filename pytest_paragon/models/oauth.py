"""Generated from contracts/paragon.openapi.yaml by scripts/generate_models.py: do not edit.
Pydantic v2 models of every component schema of the contract, one module per x-paragon-area.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel


class BuildOAuthResponse(BaseModel):
    """E16 response; the SDK navigates the popup to `redirectUrl` after `oauth-nonce-loaded`."""

    model_config = ConfigDict(
        extra="allow",
    )
    redirectUrl: str
    """
    The provider's authorize (consent) URL.
    """


class OAuthSessionStatus(BaseModel):
    """E17 response. The SDK polls until `connectCredentialId` is present; any other body (or a 404) means "keep polling"."""

    model_config = ConfigDict(
        extra="allow",
    )
    connectCredentialId: str | None = None


class OAuthNonceLoadedMessage(BaseModel):
    """Posted by the E15 page once loaded; the SDK then navigates the popup to E16's `redirectUrl`."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["oauth-nonce-loaded"]


class Credential(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    integrationId: str
    payload: dict[str, Any]
    """
    Opaque OAuth result, forwarded as E9 `payload`.
    """


class OAuthSuccessMessage(BaseModel):
    """OAuth succeeded. Outside headless mode the SDK answers with E9 `{integrationId, config: {}, payload, installOptions}` and fires `onIntegrationInstall`."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["oauth_success_callback"]
    credential: Annotated[Credential, Field(title="OAuthSuccessCredential")]


class OAuthErrorMessage(BaseModel):
    """OAuth failed; `error` and `errorResponse` are not detailed in the reference."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["oauth_error_callback"]
    error: Any
    """
    The error (type not detailed in the reference).
    """
    integrationId: str | None = None
    errorResponse: Any | None = None
    """
    The provider's error response (type not detailed in the reference).
    """


class OAuthPopupMessage(
    RootModel[OAuthNonceLoadedMessage | OAuthSuccessMessage | OAuthErrorMessage]
):
    root: Annotated[
        OAuthNonceLoadedMessage | OAuthSuccessMessage | OAuthErrorMessage,
        Field(discriminator="type", examples=[{"type": "oauth-nonce-loaded"}]),
    ]
    """
    A `window.postMessage` payload the OAuth popup sends to the opener (not HTTP): the E15 page's `oauth-nonce-loaded`, then `oauth_success_callback` (not headless: the SDK answers with E9) or `oauth_error_callback`.
    """
