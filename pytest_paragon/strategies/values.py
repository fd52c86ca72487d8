"""Realistic leaf values: ids, dates, colours, URLs, e-mails, integration types, unknown fields.

The contract says *what type* a field has; these overlays say *what Paragon puts there*, so that a
client sees UUIDs where Paragon sends UUIDs and a known integration type where it sends one. Every
overlay still satisfies the field's schema (the validity property test proves it): an overlay is
only used for a plain string without ``enum``, ``const``, ``pattern`` or length bounds.
"""

from __future__ import annotations

import functools
import string
import uuid
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import Any, Literal

from hypothesis import strategies as st

from pytest_paragon.strategies.leaves import Booleans, Choices, Const, Integers, Text, Weighted

# Ids that are free text in Paragon's payloads, not UUIDs (the customer's or a provider's ids).
_TEXT_IDS = frozenset(
    {
        "userId",
        "externalId",
        "providerId",
        "oauthClientId",
        "stepId",
        "inputId",
        "sourceKey",
        "environmentSecretId",
        "tenantId",
        "recordId",
        "syncInstanceId",
        "instanceId",
    }
)
_INTEGRATION_FIELDS = frozenset({"integrationType", "integration", "integrationName", "sync"})
_COLOUR_FIELDS = frozenset({"brandColor", "accentColor"})
# Unknown fields Paragon might add tomorrow: readable names that no component declares.
_EXTRA_NAMES = ("addedByParagon", "experimentalFlag", "_meta", "newField")


@functools.cache
def integration_types() -> tuple[str, ...]:
    """The integration types of the default catalogue (the fake's project), in catalogue order."""
    from pytest_paragon.fake.base.catalogue import default_project

    return tuple(spec.type for spec in default_project().integrations)


def _uuid4(number: int) -> str:
    return str(uuid.UUID(int=number, version=4))


_UUIDS = Integers(0, (1 << 128) - 1, _uuid4)


def uuids() -> st.SearchStrategy[str]:
    """Version-4 UUIDs as text, as Paragon sends ids.

    One integer choice per id (``st.uuids`` draws through a shared random generator and has no
    shrink order); it shrinks to ``00000000-0000-4000-8000-000000000000``.
    """
    return _UUIDS


_EPOCH_MS_2015 = 1_420_070_400_000
_EPOCH_MS_2036 = 2_082_758_400_000


def _iso(milliseconds: int) -> str:
    moment = datetime.fromtimestamp(milliseconds / 1000, tz=timezone.utc)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def iso_datetimes() -> st.SearchStrategy[str]:
    """RFC 3339 instants in UTC with milliseconds and ``Z`` (``2026-01-02T03:04:05.678Z``).

    One integer draw (milliseconds since the epoch, 2015 to 2035) per instant: as realistic as
    ``st.datetimes`` for a client at a fraction of its cost; it shrinks towards 2015-01-01.
    """
    return Integers(_EPOCH_MS_2015, _EPOCH_MS_2036 - 1, _iso)


def _hex(value: int) -> str:
    return f"#{value:06X}"


def _user_n(number: int) -> str:
    return f"user-{number}"


def hex_colours() -> st.SearchStrategy[str]:
    """Brand colours as ``#RRGGBB``."""
    return Integers(0, 0xFFFFFF, _hex)


_SURROGATES: tuple[Literal["Cs"]] = ("Cs",)
UNICODE = st.characters(exclude_categories=_SURROGATES)
"""Every character UTF-8 encodes (all but the surrogates): ``st.text()``'s default alphabet, named
so. The default spells it ``characters(codec="utf-8")``, whose table hypothesis builds on first use
in each process with a fresh ``.hypothesis/`` (over a second of CPU, often more under xdist), and
its too_slow health check then blames the first test that draws text."""

_LABEL = Text(1, 12, string.ascii_lowercase + string.digits)


def urls() -> st.SearchStrategy[str]:
    """``https`` URLs on a few realistic hosts with a short path."""
    hosts = st.sampled_from(("example.com", "api.example.com", "useparagon.com", "127.0.0.1:8080"))
    return st.builds(lambda host, path: f"https://{host}/{path}", hosts, _LABEL)


def emails() -> st.SearchStrategy[str]:
    """Plain e-mail addresses (``name@domain.example``)."""
    domains = st.sampled_from(("example.com", "acme.test", "useparagon.com"))
    return st.builds(lambda local, domain: f"{local}@{domain}", _LABEL, domains)


def user_ids() -> st.SearchStrategy[str]:
    """Connected User ids as customers choose them: ``user-<n>``, e-mails or UUIDs."""
    return Weighted([Integers(1, 10_000, _user_n), emails(), uuids()])


@functools.cache
def free_text(min_size: int = 0, *, allow_long: bool = True) -> st.SearchStrategy[str]:
    """Any unicode text: short usually, one time in sixteen long (clients must survive both).

    Long text is only offered near the top of a document (``allow_long``): deep down it would
    multiply and make documents too big to generate.
    """
    short = Text(min_size, min_size + 12)
    if not allow_long:
        return short
    long = Text(max(min_size, 256), max(min_size, 256) + 64)
    # One index in sixteen is long; index 0 (the shrink target) is short.
    return Weighted([short, long], slots=16, pick=_long_at_15)


def _long_at_15(index: int) -> int:
    return 1 if index == 15 else 0


def for_format(fmt: str) -> st.SearchStrategy[str] | None:
    """The overlay of a JSON Schema ``format`` (``None``: no overlay for it)."""
    return {
        "uuid": uuids,
        "date-time": iso_datetimes,
        "uri": urls,
        "email": emails,
    }.get(fmt, lambda: None)()


def for_field(field: str, schema: Mapping[str, Any]) -> st.SearchStrategy[str] | None:
    """The overlay of a plain-string field called ``field`` (``None``: no overlay)."""
    if any(key in schema for key in ("enum", "const", "pattern", "minLength", "maxLength")):
        return None
    if field in _INTEGRATION_FIELDS:
        return Choices(integration_types())
    if field in _COLOUR_FIELDS:
        return hex_colours()
    if field == "userId":
        return user_ids()
    if field == "id" or (field.endswith("Id") and field not in _TEXT_IDS):
        return uuids()
    if field.startswith("date"):
        return iso_datetimes()
    return None


def json_scalars() -> st.SearchStrategy[Any]:
    """Small JSON scalars (for unknown fields and free-form objects)."""
    return Weighted([Const(None), Booleans(), Integers(-1000, 1000), Text(0, 12), Const("")])


def json_values() -> st.SearchStrategy[Any]:
    """Any JSON document, kept small: scalars, lists and objects nested a few levels."""
    return st.recursive(
        json_scalars(),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(Text(0, 8), inner, max_size=3),
        max_leaves=6,
    )


def unknown_fields(declared: frozenset[str]) -> dict[str, st.SearchStrategy[Any]]:
    """Up to two fields no schema declares (name: value strategy): Paragon adds fields.

    Clients must ignore them; the compiler offers them as optional fields of the object, so an
    absent one costs no choice.
    """
    scalars = json_scalars()
    names = [name for name in _EXTRA_NAMES if name not in declared][:2]
    return dict.fromkeys(names, scalars)


def nil_uuid() -> str:
    """The nil UUID (a readable shrink target for ids)."""
    return str(uuid.UUID(int=0))
