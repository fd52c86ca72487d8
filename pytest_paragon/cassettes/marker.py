"""The ``@pytest.mark.paragon_cassette`` marker's keywords, checked against the settings table.

``name`` (a cassette shared by name), ``path`` (an explicit file, relative to the test file's
folder) and the cassette settings under the same names as everywhere else (option, ini key,
``@pytest.mark.paragon``): ``record_mode``, ``record_from``, ``cassette_miss``,
``cassette_strict``, ``cassette_order``, ``cassette_contract``, ``cassette_dir``,
``cassette_write_outside``, ``cassette_redact_headers``, ``cassette_redact_json``,
``cassette_redact_patterns``, ``cassette_redact_allow``, ``cassette_redact_fill`` (the last five
also take lists). The short names of 0.1.0 (``miss``, ``strict``, ``dir``, ...) keep working with
a deprecation warning. Imports only the standard library and the light modules, like the plugin.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pytest_paragon.errors import ParagonUsageError
from pytest_paragon.resolution import Layer, parse_layer

MARKER = "paragon_cassette"
SETTING_KEYWORDS = (
    "record_mode",
    "record_from",
    "cassette_miss",
    "cassette_strict",
    "cassette_order",
    "cassette_contract",
    "cassette_dir",
    "cassette_write_outside",
    "cassette_redact_headers",
    "cassette_redact_json",
    "cassette_redact_patterns",
    "cassette_redact_allow",
    "cassette_redact_fill",
)
SHORT_KEYWORDS: Mapping[str, str] = {
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
"""The marker's keywords of 0.1.0 (deprecated) and the setting each stands for."""
_LISTS = {
    "cassette_redact_headers": ",",
    "cassette_redact_json": ",",
    "cassette_redact_patterns": " || ",
    "cassette_redact_allow": " || ",
    "cassette_redact_fill": ",",
}


@dataclass(frozen=True)
class CassetteMarker:
    """One ``paragon_cassette`` marker, checked: which cassette, and its settings as a layer."""

    name: str | None
    path: str | None
    settings: Layer


def check(args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> CassetteMarker:
    """The marker's cassette (``name``/``path``) and settings; a bad keyword is a usage error."""
    where = f"@pytest.mark.{MARKER}"
    if len(args) > 1:
        raise ParagonUsageError(f"{where} takes at most one positional argument, the name")
    given = dict(kwargs)
    if args:
        given.setdefault("name", args[0])
    found: dict[str, str | None] = {"name": None, "path": None}
    raw: dict[str, Any] = {}
    renamed: list[tuple[str, str]] = []
    for keyword, value in given.items():
        if keyword in found:
            if value is None:
                continue
            if not isinstance(value, str) or not value.strip():
                raise ParagonUsageError.from_bad_value(
                    f"{where}({keyword}=...)", value, "a non-empty string", anchor="markers"
                )
            found[keyword] = value.strip()
            continue
        name = SHORT_KEYWORDS.get(keyword, keyword)
        if name not in SETTING_KEYWORDS:
            raise ParagonUsageError.from_unknown(
                f"{where} keyword", keyword, ["name", "path", *SETTING_KEYWORDS], anchor="markers"
            )
        if name != keyword:
            renamed.append((keyword, name))
        if name in _LISTS and isinstance(value, list | tuple):
            value = _LISTS[name].join(str(item) for item in value)
        raw[name] = value
    source = f"{where}({{name}}=...)"
    layer = parse_layer(where, raw, per_test=True, source=source, anchor="markers")
    layer = Layer(layer.where, layer.values, tuple(renamed))
    return CassetteMarker(found["name"], found["path"], layer)
