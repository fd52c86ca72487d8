"""One parser for the dates and times clients send: RFC 3339 / ISO 8601, the same on every Python.

``datetime.fromisoformat`` reads different forms on different versions (3.10 refuses ``Z`` and
fractions of other than 3 or 6 digits, which 3.11 accepts), so a client sending an ordinary
``2024-05-01T12:00:00.54Z`` would be refused by the fake on one supported Python and not another.
This reads the ISO 8601 extended form every version alike.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

_INSTANT = re.compile(
    r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
    r"(?:[Tt ](?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:[.,](?P<fraction>\d+))?)?"
    r"(?P<offset>[Zz]|[+-]\d{2}(?::?\d{2})?)?)?",
    re.ASCII,
)


def parse_instant(text: str) -> datetime:
    """The aware datetime ``text`` names (no offset: UTC); ``ValueError`` if it names none.

    Accepted: ``YYYY-MM-DD``, then optionally ``T`` (or ``t`` or a space) ``hh:mm[:ss[.f...]]``
    with any number of fraction digits (beyond microseconds truncated) and ``Z``, ``+hh:mm``,
    ``+hhmm`` or ``+hh`` (or ``-``).
    """
    match = _INSTANT.fullmatch(text.strip())
    if match is None:
        raise ValueError(f"not an ISO 8601 date or date-time: {text!r}")
    part = match.groupdict()
    fraction = (part["fraction"] or "")[:6].ljust(6, "0")
    moment = datetime(
        int(part["year"]),
        int(part["month"]),
        int(part["day"]),
        int(part["hour"] or 0),
        int(part["minute"] or 0),
        int(part["second"] or 0),
        int(fraction),
        tzinfo=_zone(part["offset"]),
    )  # an out-of-range field (month 13, hour 24) raises ValueError here
    return moment


def _zone(offset: str | None) -> timezone:
    if offset is None or offset in ("Z", "z"):
        return timezone.utc
    digits = offset[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:] or 0)
    if hours > 23 or minutes > 59:
        raise ValueError(f"not a UTC offset: {offset!r}")
    delta = timedelta(hours=hours, minutes=minutes)
    return timezone(-delta if offset[0] == "-" else delta)


__all__ = ["parse_instant"]
