r"""JSON from clients, parsed the way a server must: only what is JSON, and only within bounds.

Python's ``json`` accepts ``NaN``/``Infinity`` (and turns ``1e999`` into ``inf``), which the fake
would store and serve back as text no JSON parser reads; it recurses per nesting level (about a
thousand levels raise ``RecursionError``); integers of over 4,300 digits raise a bare
``ValueError`` and shorter huge ones cost quadratic time; a lone UTF-16 surrogate (``"\\ud800"``)
becomes a ``str`` that cannot be encoded again. :func:`loads` refuses each of these with
:class:`NotJsonError`, a ``ValueError`` whose message says why, so every ``except ValueError``
that answered "not JSON" before answers it for these too. Standard library and
:mod:`pytest_paragon.errors` only.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from pytest_paragon.errors import ParagonError

MAX_DEPTH = 128
"""Deepest nesting of objects and arrays accepted in a request's JSON."""
MAX_NUMBER_LENGTH = 100
"""Longest number literal (characters) accepted in a request's JSON or a numeric query value."""
_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89abcdefABCDEF]")


class NotJsonError(ParagonError, ValueError):
    """The text is not JSON, or is JSON beyond the bounds of this module; the message says which.

    A :class:`ParagonError` like every exception of pytest-paragon, and still a ``ValueError``.
    """


def _refuse_constant(name: str) -> Any:
    raise NotJsonError(f"{name} is not a JSON number")


def _float(text: str) -> float:
    if len(text) > MAX_NUMBER_LENGTH:
        raise NotJsonError(f"a number of {len(text)} characters (at most {MAX_NUMBER_LENGTH})")
    value = float(text)
    if not math.isfinite(value):
        raise NotJsonError(f"{text[:40]} is out of the range of a JSON number (a double)")
    return value


def _int(text: str) -> int:
    if len(text) > MAX_NUMBER_LENGTH:
        raise NotJsonError(f"a number of {len(text)} characters (at most {MAX_NUMBER_LENGTH})")
    return int(text)


def loads(data: bytes | str) -> Any:
    """Parse ``data`` as JSON, refusing non-finite and over-long numbers, deep nesting, surrogates.

    Raises :class:`NotJsonError` (a ``ValueError``) with the reason.
    """
    if isinstance(data, bytes):  # RFC 8259: JSON exchanged between systems is UTF-8
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise NotJsonError(f"not UTF-8 text (byte {error.start})") from None
    try:
        value = json.loads(
            data, parse_constant=_refuse_constant, parse_float=_float, parse_int=_int
        )
    except NotJsonError:
        raise
    except RecursionError:
        raise NotJsonError(f"nested deeper than {MAX_DEPTH} levels") from None
    except json.JSONDecodeError as error:
        raise NotJsonError(f"{error.msg} (line {error.lineno}, column {error.colno})") from None
    if _may_break_bounds(data):
        check(value)
    return value


def _may_break_bounds(text: str) -> bool:
    r"""Whether the parsed ``text`` may nest too deep or hold a surrogate (else no walk needed).

    Each level of nesting opens with ``[`` or ``{``, so text with at most :data:`MAX_DEPTH` of
    them cannot nest deeper (brackets inside strings only make the count larger); a lone
    surrogate comes from a ``\uD800``-``\uDFFF`` escape or from the text itself. One pass
    of C code each, instead of visiting every value of the document.
    """
    if text.count("[") + text.count("{") > MAX_DEPTH:
        return True
    return bool(_SURROGATE_ESCAPE.search(text) or _SURROGATE.search(text))


def check(value: Any) -> None:
    """Refuse a parsed ``value`` nested deeper than :data:`MAX_DEPTH` or holding a lone surrogate.

    Iterative, so no depth reaches Python's recursion limit here.
    """
    pending: list[tuple[Any, int]] = [(value, 0)]
    while pending:
        item, level = pending.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                raise NotJsonError("a string holds a lone UTF-16 surrogate (not Unicode text)")
            continue
        if isinstance(item, dict):
            children: list[Any] = [*item.keys(), *item.values()]
        elif isinstance(item, list):
            children = item
        else:
            continue
        if level + 1 > MAX_DEPTH:
            raise NotJsonError(f"nested deeper than {MAX_DEPTH} levels")
        pending.extend((child, level + 1) for child in children)
