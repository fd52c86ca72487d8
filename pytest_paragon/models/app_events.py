"""Generated from contracts/paragon.openapi.yaml by scripts/generate_models.py: do not edit.
Pydantic v2 models of every component schema of the contract, one module per x-paragon-area.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field


class AppEventRequest(BaseModel):
    """Body of an App Event (E25, E26): `paragon.event(name, payload)` sends exactly these two keys. Docs: `payload` should match the event schema defined for the App Event in the dashboard, but live events are NOT validated against it."""

    model_config = ConfigDict(
        extra="allow",
    )
    name: Annotated[str, Field(min_length=1)]
    """
    The App Event name as defined in the dashboard.
    """
    payload: dict[str, Any]
    """
    The event payload (any JSON object; not validated).
    """


class AppEventAccepted(BaseModel):
    """Body of the 201 answer to an App Event (E25, E26). Docs: only the status 201 is documented; the body is not, and SDK 2.4.0 ignores it (any 2xx). The fake answers `{}`; the schema is an open object with no required properties so that any object Paragon returns conforms."""

    model_config = ConfigDict(
        extra="allow",
    )
