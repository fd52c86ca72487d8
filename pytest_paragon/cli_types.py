"""The argument types of the ``pytest-paragon`` sub-commands: a bad value is one usage line."""

from __future__ import annotations

import argparse

MAX_TTL = 10 * 365 * 24 * 3600
"""The longest token lifetime ``pytest-paragon token --ttl`` mints (10 years), in seconds."""


def port(text: str) -> int:
    """A TCP port number (0 picks a free one)."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"port {port} is not in 0-65535")
    return port


def project_id(text: str) -> str:
    """A Paragon project id (a UUID)."""
    import uuid

    try:
        uuid.UUID(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not a UUID (Paragon project ids are): {text!r}"
        ) from None
    return text


def ttl(text: str) -> float:
    """A token lifetime in seconds, from 1 to :data:`MAX_TTL`."""
    import math

    try:
        seconds = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not math.isfinite(seconds) or not 1 <= seconds <= MAX_TTL:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a number of seconds from 1 to {MAX_TTL} (10 years)"
        )
    return seconds


def user_id(text: str) -> str:
    """A Connected User id (not blank)."""
    if not text.strip():
        raise argparse.ArgumentTypeError("the Connected User id must not be empty")
    return text
