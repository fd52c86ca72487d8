"""Generated from contracts/paragon.openapi.yaml by scripts/generate_models.py: do not edit.
Pydantic v2 models of every component schema of the contract, one module per x-paragon-area.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, RootModel


class ProxyRequestBody(RootModel[Any]):
    root: Annotated[
        Any, Field(examples=[{"channel": "C0123456789", "text": "Sent with Paragon Connect"}])
    ]
    """
    Body forwarded to the provider by the Proxy API (E28-E30): any content. SDK 2.4.0 `paragon.request(type, path, {method, body})` JSON-stringifies an object body and sends strings as they are; without options it sends a GET without body. The body is passed through to the provider unchanged; its media type is the caller's `Content-Type` or, for the SDK's literal `Content-Type: auto`, inferred by Paragon.
    """


class ProxyResponse(BaseModel):
    """The default (wrapped) Proxy API answer: the provider's response body under `output` (docs example `{output: {ok: true}}`). SDK 2.4.0 returns `output` when present, any other JSON as is, non-JSON as text and an empty body as `undefined`. Not used when the request carries `X-Paragon-Use-Raw-Response: 1` (then the provider's response is returned unwrapped)."""

    model_config = ConfigDict(
        extra="allow",
    )
    output: Any
    """
    The provider's response body (any JSON value; text for non-JSON bodies, inferred).
    """
