"""Bodies as the detector scans them: base64 decoded, gzip / deflate / br decompressed, forms.

A stored ``base64`` body is decoded and, when ``content-encoding`` says so or its first bytes are
a gzip or zlib header, decompressed; br needs a brotli module (``brotli`` or ``brotlicffi``):
without one a br body stays base64 and only its undecoded form is scanned. A result that is text
is stored as ``json`` or ``text`` (the ``content-encoding`` header goes, the body is plain now).
"""

from __future__ import annotations

import base64
import binascii
import importlib
import json
import zlib
from collections.abc import Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qsl, urlencode

_GZIP = b"\x1f\x8b"
_LIMIT = 64 * 1024 * 1024
"""Decompressed bodies larger than this are not decoded (a decompression bomb stays base64)."""


def brotli_module() -> Any:
    """The installed brotli module (``brotli`` or ``brotlicffi``), or ``None``."""
    for name in ("brotli", "brotlicffi"):
        try:
            return importlib.import_module(name)
        except ImportError:
            continue
    return None


def _bounded(decompressor: Any, data: bytes) -> bytes | None:
    result: bytes = decompressor.decompress(data, _LIMIT)
    return None if decompressor.unconsumed_tail else result


def decompressed(data: bytes, encoding: str = "") -> bytes | None:
    """``data`` decompressed (gzip, deflate, br), or ``None`` when it is none of those."""
    encoding = encoding.lower()
    try:
        if data[:2] == _GZIP or "gzip" in encoding:
            return _bounded(zlib.decompressobj(16 + zlib.MAX_WBITS), data)
        if "deflate" in encoding or (
            len(data) > 2 and data[0] == 0x78 and (data[0] * 256 + data[1]) % 31 == 0
        ):
            try:
                return _bounded(zlib.decompressobj(), data)
            except zlib.error:
                return _bounded(zlib.decompressobj(-zlib.MAX_WBITS), data)
        if "br" in encoding:
            module = brotli_module()
            if module is not None:
                result: bytes = module.decompress(data)
                return result if len(result) <= _LIMIT else None
    except (zlib.error, OSError, EOFError, ValueError):
        return None
    except Exception:
        return None
    return None


def as_text(data: bytes) -> str | None:
    """``data`` as text when it is UTF-8 without control characters, else ``None``."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if any(ord(char) < 32 and char not in "\t\r\n" for char in text):
        return None
    return text


def base64_text(value: str) -> str | None:
    """The text ``value`` encodes in base64 (standard or URL-safe, maybe gzipped), or ``None``."""
    padded = value + "=" * (-len(value) % 4)
    try:
        data = (
            base64.urlsafe_b64decode(padded)
            if "-" in value or "_" in value
            else base64.b64decode(padded, validate=True)
        )
    except (binascii.Error, ValueError):
        return None
    plain = decompressed(data) if data[:2] == _GZIP else None
    return as_text(plain if plain is not None else data)


def decode_stored(part: MutableMapping[str, Any]) -> None:
    """Turn a ``base64`` body that is (compressed) text into ``json`` or ``text``, in place."""
    if "base64" not in part or not isinstance(part["base64"], str):
        return
    headers = part.get("headers") if isinstance(part.get("headers"), dict) else {}
    encoding = str(headers.get("content-encoding", "")) if headers else ""
    try:
        data = base64.b64decode(part["base64"], validate=True)
    except (binascii.Error, ValueError):
        return
    plain = decompressed(data, encoding)
    text = as_text(plain if plain is not None else data)
    if text is None:
        return
    del part["base64"]
    if plain is not None and headers:
        part["headers"] = {k: v for k, v in headers.items() if k != "content-encoding"}
    content_type = str(headers.get("content-type", "")) if headers else ""
    if "json" in content_type or text.lstrip()[:1] in ("{", "["):
        try:
            part["json"] = json.loads(text)
            return
        except ValueError:
            pass
    part["text"] = text


def map_form(text: str, redact: Callable[[str, str], str]) -> str:
    """A urlencoded form with each value passed through ``redact(name, value)``."""
    pairs = parse_qsl(text, keep_blank_values=True)
    redacted = [(name, redact(name, value)) for name, value in pairs]
    if redacted == pairs:
        return text
    return urlencode(redacted, safe="<>:")
