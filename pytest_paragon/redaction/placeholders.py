"""Placeholders: what a redacted value becomes, and how one is read or filled back.

A JWT becomes ``<redacted-jwt sub=... aud=... exp=...>`` (its non-secret claims, which replay
matches on); any other secret ``<redacted:LABEL>``, the label naming the rule and numbering the
secret within its cassette (``<redacted:slack-3>``). :func:`fill` puts an environment variable's
value back at replay time (the ``cassette_redact_fill`` setting).
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, unquote

REDACTED_JWT = re.compile(r"<redacted-jwt((?: [a-z_]+=[^ >]*)*)>")
PLACEHOLDER = re.compile(r"<redacted(?::([a-z0-9_.-]+))?>")
KEPT_CLAIMS = ("sub", "aud", "exp")


def claims_of(token: str) -> dict[str, Any]:
    """The payload claims of a JWT, read without verifying (``{}`` when not readable)."""
    parts = token.split(".")
    if len(parts) != 3:
        return {}
    payload = parts[1] + "=" * (-len(parts[1]) % 4)
    try:
        claims = json.loads(base64.urlsafe_b64decode(payload))
    except (ValueError, binascii.Error):
        return {}
    return claims if isinstance(claims, dict) else {}


def redacted_jwt(token: str) -> str:
    """The placeholder of ``token``: its ``sub``, ``aud`` and ``exp`` claims, nothing secret."""
    claims = claims_of(token)
    shown = [
        f"{name}={quote(str(claims[name]), safe='/:@.')}"
        for name in KEPT_CLAIMS
        if isinstance(claims.get(name), str | int) and not isinstance(claims.get(name), bool)
    ]
    return "<redacted-jwt" + "".join(" " + part for part in shown) + ">"


def placeholder_claims(text: str) -> dict[str, str]:
    """The claims a ``<redacted-jwt ...>`` placeholder kept (``{}`` when ``text`` is none)."""
    match = REDACTED_JWT.fullmatch(text.strip())
    if match is None:
        return {}
    pairs = (part.split("=", 1) for part in match.group(1).split())
    return {name: unquote(value) for name, value in pairs}


def parse_fill(text: str) -> dict[str, str]:
    """``LABEL=ENV_VAR`` pairs (comma-separated) of ``cassette_redact_fill`` as a mapping."""
    pairs = (item.split("=", 1) for item in text.split(",") if "=" in item)
    return {label.strip(): variable.strip() for label, variable in pairs if label.strip()}


def fill(document: Any, labels: Mapping[str, str]) -> Any:
    """``document`` with each ``<redacted:LABEL>`` of ``labels`` replaced by ``$ENV_VAR``.

    A variable that is not set leaves its placeholder (the replay shows what is missing).
    """
    values = {label: os.environ[name] for label, name in labels.items() if name in os.environ}
    if not values:
        return document

    def replace(match: re.Match[str]) -> str:
        return values.get(match.group(1) or "", match.group(0))

    def walk(value: Any) -> Any:
        if isinstance(value, str):
            return PLACEHOLDER.sub(replace, value) if "<redacted:" in value else value
        if isinstance(value, dict):
            return {key: walk(item) for key, item in value.items()}
        if isinstance(value, list):
            return [walk(item) for item in value]
        return value

    return walk(document)
