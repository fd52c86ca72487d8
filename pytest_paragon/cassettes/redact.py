"""Redaction of cassettes: :mod:`pytest_paragon.redaction`, under the name it has always had.

The detector and the redactor live in :mod:`pytest_paragon.redaction` (the served fake's admin
API uses them too); this module keeps the names cassette code and users import from here.
"""

from __future__ import annotations

from pytest_paragon.redaction.placeholders import (
    KEPT_CLAIMS,
    PLACEHOLDER,
    REDACTED_JWT,
    claims_of,
    fill,
    parse_fill,
    placeholder_claims,
    redacted_jwt,
)
from pytest_paragon.redaction.redactor import (
    JWT,
    REDACTED,
    SECRET_HEADERS,
    SUBTREE_KEYS,
    Redactor,
)

__all__ = [
    "JWT",
    "KEPT_CLAIMS",
    "PLACEHOLDER",
    "REDACTED",
    "REDACTED_JWT",
    "SECRET_HEADERS",
    "SUBTREE_KEYS",
    "Redactor",
    "claims_of",
    "fill",
    "parse_fill",
    "placeholder_claims",
    "redacted_jwt",
]
