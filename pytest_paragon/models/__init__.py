"""Generated from contracts/paragon.openapi.yaml by scripts/generate_models.py: do not edit.
Pydantic v2 models of every component schema of the contract, one module per x-paragon-area.
"""

from __future__ import annotations

from .common import CredentialSelector
from .errors import ErrorBody, ErrorMeta, ValidationErrorItem

__all__ = [
    "CredentialSelector",
    "ErrorBody",
    "ErrorMeta",
    "ValidationErrorItem",
]
