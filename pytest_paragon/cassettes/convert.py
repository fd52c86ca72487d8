"""Migration from VCR.py and pytest-recording: their YAML cassettes read as ours, redacted.

A VCR.py cassette (``version: 1``, ``interactions`` of ``request: {method, uri, headers, body}``
and ``response: {status: {code}, headers, body: {string}}``, headers as lists) is converted
interaction by interaction: compressed bodies are decompressed, bodies become structures, and
everything is redacted as a recording would be, before it is written or replayed. A cassette can
be converted once (``pytest-paragon cassettes convert``, which is
:func:`~pytest_paragon.cassettes.store.convert_file`) or loaded directly.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from pytest_paragon.cassettes.format import CassetteError, interaction_document
from pytest_paragon.cassettes.redact import Redactor


def is_vcr(document: Any) -> bool:
    """Whether a parsed YAML document looks like a VCR.py cassette."""
    if not isinstance(document, dict) or not isinstance(document.get("interactions"), list):
        return False
    if "format" in document:
        return False
    first = document["interactions"][0] if document["interactions"] else {}
    request = first.get("request") if isinstance(first, dict) else None
    return not first or (isinstance(request, dict) and "uri" in request)


def _headers(value: Any, path: Path, place: str) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise CassetteError.at_place(path, place, "must be a mapping of header lists", value)
    headers: dict[str, str] = {}
    for name, values in value.items():
        items = values if isinstance(values, list) else [values]
        if not isinstance(name, str) or not all(isinstance(i, str | int) for i in items):
            raise CassetteError.at_place(path, f"{place}.{name}", "must be text", values)
        headers[name] = ", ".join(str(item) for item in items)
    return headers


def _bytes(value: Any, path: Path, place: str) -> bytes:
    if value is None:
        return b""
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8")
    raise CassetteError.at_place(path, place, "must be text or binary", value)


def _decompressed(body: bytes, headers: dict[str, str]) -> bytes:
    encoding = next((v for k, v in headers.items() if k.lower() == "content-encoding"), "")
    try:
        if "gzip" in encoding:
            return gzip.decompress(body)
        if "deflate" in encoding:
            return zlib.decompress(body)
    except (OSError, zlib.error):
        return body
    return body


def from_vcr(
    document: Mapping[str, Any], path: str | Path, *, redactor: Redactor | None = None
) -> list[dict[str, Any]]:
    """The interactions of a VCR.py cassette, converted and redacted."""
    source = Path(path)
    redactor = redactor or Redactor()
    converted: list[dict[str, Any]] = []
    for index, item in enumerate(document["interactions"]):
        place = f"interactions[{index}]"
        if not isinstance(item, dict) or not isinstance(item.get("request"), dict):
            raise CassetteError.at_place(source, place, "must hold a request mapping", item)
        request, response = item["request"], item.get("response")
        if not isinstance(response, dict):
            raise CassetteError.at_place(source, f"{place}.response", "must be a mapping", response)
        uri, method = request.get("uri"), request.get("method")
        if not isinstance(uri, str) or not isinstance(method, str):
            raise CassetteError.at_place(source, f"{place}.request", "needs a uri and a method")
        parts = urlsplit(uri)
        status = response.get("status")
        code = status.get("code") if isinstance(status, dict) else status
        if not isinstance(code, int) or isinstance(code, bool):
            raise CassetteError.at_place(source, f"{place}.response.status", "needs a code", status)
        request_headers = _headers(request.get("headers"), source, f"{place}.request.headers")
        response_headers = _headers(response.get("headers"), source, f"{place}.response.headers")
        body = response.get("body")
        raw = body.get("string") if isinstance(body, dict) else body
        response_body = _decompressed(
            _bytes(raw, source, f"{place}.response.body"), response_headers
        )
        raw_document = interaction_document(
            method=method,
            url=urlunsplit((parts.scheme, parts.netloc, parts.path, "", "")),
            query=parse_qsl(parts.query, keep_blank_values=True),
            request_headers=request_headers,
            request_body=_bytes(request.get("body"), source, f"{place}.request.body"),
            status=code,
            response_headers=response_headers,
            response_body=response_body,
            operation=None,
        )
        converted.append(redactor.redact(raw_document))
    return converted
