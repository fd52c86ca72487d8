"""Generated from contracts/paragon.openapi.yaml by scripts/generate_models.py: do not edit.
Pydantic v2 models of every component schema of the contract, one module per x-paragon-area.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field


class ErrorMeta(BaseModel):
    """Error metadata. `isIntegrationError` marks provider errors (no logout in the SDK)."""

    model_config = ConfigDict(
        extra="allow",
    )
    isIntegrationError: bool | None = None


class ValidationErrorItem(BaseModel):
    """A class-validator error, as NestJS returns it in a 400 `message` array."""

    model_config = ConfigDict(
        extra="allow",
    )
    property: str | None = None
    value: Any | None = None
    constraints: dict[str, str] | None = None
    children: list[ValidationErrorItem] | None = None


class ErrorBody(BaseModel):
    """NestJS-style JSON error body. The SDK derives the error message from `meta` (when `meta.isIntegrationError`), else a string `message`, else (400) the flattened constraints of a `message` array, else the JSON of the whole body."""

    model_config = ConfigDict(
        extra="allow",
    )
    statusCode: Annotated[int | None, Field(ge=400, le=599)] = None
    message: str | list[ValidationErrorItem]
    error: str | None = None
    code: str | None = None
    """
    Paragon error code, e.g. "7210" (INSUFFICIENT_PERMISSION), "7003", "0704".
    """
    meta: ErrorMeta | None = None


ValidationErrorItem.model_rebuild()
