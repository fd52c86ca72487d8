"""The ``@pytest.mark.paragon_cassette`` marker's keywords, checked against the settings table.

``name`` (a cassette shared by name), ``path`` (an explicit file, relative to the test file's
folder) and the cassette settings by short name: ``record_mode``, ``miss``, ``strict``, ``order``,
``contract``, ``dir``, ``redact_headers``, ``redact_json``, ``redact_patterns``, ``redact_allow``,
``redact_fill`` (these five also take lists). Imports only the standard library and the light
modules, like the plugin.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pytest_paragon.errors import ParagonUsageError
from pytest_paragon.settings import setting

MARKER = "paragon_cassette"
KEYWORDS: Mapping[str, str] = {
    "record_mode": "record_mode",
    "record_from": "record_from",
    "miss": "cassette_miss",
    "strict": "cassette_strict",
    "order": "cassette_order",
    "contract": "cassette_contract",
    "dir": "cassette_dir",
    "write_outside": "cassette_write_outside",
    "redact_headers": "cassette_redact_headers",
    "redact_json": "cassette_redact_json",
    "redact_patterns": "cassette_redact_patterns",
    "redact_allow": "cassette_redact_allow",
    "redact_fill": "cassette_redact_fill",
}
_LISTS = {
    "redact_headers": ",",
    "redact_json": ",",
    "redact_patterns": " || ",
    "redact_allow": " || ",
    "redact_fill": ",",
}


def check(args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> dict[str, Any]:
    """The marker's parsed values by setting name (plus ``name`` and ``path``); else usage error."""
    where = f"@pytest.mark.{MARKER}"
    if len(args) > 1:
        raise ParagonUsageError(f"{where} takes at most one positional argument, the name")
    parsed: dict[str, Any] = {}
    given = dict(kwargs)
    if args:
        given.setdefault("name", args[0])
    for keyword, value in given.items():
        if keyword in ("name", "path"):
            if value is None:
                continue
            if not isinstance(value, str) or not value.strip():
                raise ParagonUsageError.from_bad_value(
                    f"{where}({keyword}=...)", value, "a non-empty string", anchor="markers"
                )
            parsed[keyword] = value.strip()
            continue
        name = KEYWORDS.get(keyword)
        if name is None:
            raise ParagonUsageError.from_unknown(
                f"{where} keyword", keyword, ["name", "path", *KEYWORDS], anchor="markers"
            )
        if value is None:
            continue
        if keyword in _LISTS and isinstance(value, list | tuple):
            value = _LISTS[keyword].join(str(item) for item in value)
        parsed[name] = setting(name).parse(value, source=f"{where}({keyword}=...)")
    return parsed
