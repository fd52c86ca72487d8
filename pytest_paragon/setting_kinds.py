"""The row type of the settings table, and how a row parses a value.

One :class:`Setting` (name, kind, default, valid values, help, scope) parses a value from the
command line, an ini file or a marker. :mod:`pytest_paragon.settings` holds the table itself.
This module imports only the standard library and the errors, so loading the plugin stays cheap.
"""

from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pytest_paragon.errors import ParagonUsageError

ANCHOR = "options"

Kind = Literal["str", "int", "float", "bool", "path", "choice", "uuid"]
Scope = Literal["session", "test", "suite"]

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}
_INI_TYPES: dict[str, str] = {"int": "int", "float": "float", "bool": "bool", "path": "paths"}
_EXPECTED: dict[str, str] = {
    "str": "a string",
    "int": "an integer",
    "float": "a finite number",
    "bool": "a boolean (true/false, yes/no, on/off, 1/0)",
    "path": "a file path",
    "uuid": "a UUID such as 3f9a1c2e-0000-4000-8000-000000000000",
}


def parse_bool(text: str) -> bool:
    """Parse an ini or command-line boolean (``1/0``, ``true/false``, ``yes/no``, ``on/off``)."""
    lowered = text.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ParagonUsageError.from_bad_value("boolean", text, _EXPECTED["bool"], anchor=ANCHOR)


@dataclass(frozen=True)
class Setting:
    """One setting: how it is named, typed, defaulted, checked, documented and scoped."""

    name: str
    kind: Kind
    help: str
    default: Any = None
    choices: tuple[str, ...] = ()
    scope: Scope = "test"
    metavar: str | None = None
    commands: tuple[str, ...] = ()
    """The ``pytest-paragon`` sub-commands that take it as ``--<name>``."""
    minimum: float | None = None
    flag: bool = False
    """A command-line switch without a value (``--paragon-suite``); the ini key is a bool."""

    @property
    def cli_flag(self) -> str:
        """The pytest option, ``--paragon-<name>``."""
        return "--paragon-" + self.name.replace("_", "-")

    @property
    def command_flag(self) -> str:
        """The argument of the ``pytest-paragon`` sub-commands, ``--<name>``."""
        return "--" + self.name.replace("_", "-")

    @property
    def dest(self) -> str:
        """The attribute of ``config.option`` that holds the command-line value."""
        return "paragon_" + self.name

    @property
    def ini_key(self) -> str:
        """The ini key, ``paragon_<name>``."""
        return "paragon_" + self.name

    @property
    def ini_type(self) -> str:
        """The pytest ini type: bool, int, float, paths (relative to the ini file) or string."""
        return _INI_TYPES.get(self.kind, "string")

    @property
    def expected(self) -> str:
        """What a valid value looks like, for messages and the README."""
        if self.choices:
            return "one of " + ", ".join(self.choices)
        text = _EXPECTED[self.kind]
        return f"{text} >= {self.minimum:g}" if self.minimum is not None else text

    def parse(self, value: Any, *, source: str = "") -> Any:
        """Check and convert ``value`` (text or already typed); a bad one is a usage error."""
        try:
            parsed = self._convert(value)
        except (TypeError, ValueError, OverflowError):
            parsed = None
            ok = False
        else:
            ok = True
        if ok and self.minimum is not None and parsed < self.minimum:
            ok = False
        if not ok:
            raise ParagonUsageError.from_bad_value(
                f"value for {self.name}",
                value,
                self.expected,
                where=source or None,
                remedy=f"set {self.cli_flag} / {self.ini_key} to {self.expected}",
                anchor=ANCHOR,
            )
        return parsed

    def _convert(self, value: Any) -> Any:
        if value is None:
            return None
        text = value.strip() if isinstance(value, str) else None
        if self.kind == "bool":
            if isinstance(value, bool):
                return value
            if text is None:
                raise TypeError(value)
            return parse_bool(text)
        if self.kind == "int":
            if isinstance(value, bool) or (text is None and not isinstance(value, int)):
                raise TypeError(value)
            return int(text if text is not None else value)
        if self.kind == "float":
            if isinstance(value, bool):
                raise TypeError(value)
            number = float(text if text is not None else value)
            if not math.isfinite(number):
                raise ValueError(value)
            return number
        if self.kind == "path":
            if isinstance(value, (list, tuple)):  # a "paths" ini value: exactly one
                if len(value) != 1:
                    raise ValueError(value)
                value = value[0]
            if not isinstance(value, (str, Path)) or not str(value).strip():
                raise TypeError(value)
            return str(value).strip() if isinstance(value, str) else str(value)
        if text is None:
            raise TypeError(value)
        if self.kind == "choice":
            if text.lower() not in self.choices:
                raise ValueError(value)
            return text.lower()
        if self.kind == "uuid":
            return str(uuid.UUID(text))
        if not text:
            raise ValueError(value)
        return text
