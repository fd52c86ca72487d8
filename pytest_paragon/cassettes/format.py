"""The cassette file: versioned, readable, diff-friendly JSON (a YAML subset), loaded strictly.

A cassette is a mapping with ``format: pytest-paragon-cassette``, ``version: 1`` and
``interactions``, a list of ``{operation, request, response}``. A request has ``method``, ``url``
(scheme, host and path), ``query`` (a mapping; a repeated key holds a list), ``headers``; a
response ``status`` and ``headers``; either may hold one body: ``json`` (the parsed structure, not
an escaped string), ``text`` or ``base64`` (binary). Keys are written in a fixed order and headers
sorted, and headers that change on every exchange (``date``, ``content-length``, ...) are not
kept, so re-recording an unchanged interaction changes no line.

Recording writes JSON indented one value a line (:func:`dump`): JSON is a subset of YAML, so the
file is still the YAML document earlier releases read, and it is parsed by the C ``json`` module
(:func:`load_json`) about twenty times faster than YAML. Cassettes in the block YAML earlier
releases wrote (and hand-written ones) still load, through
:func:`pytest_paragon.files.load_yaml` (the C-accelerated safe loader with bounded depth and
aliases: tags such as ``!!python/object`` are refused, nothing is executed). Both are equally
strict: a key given twice, a nesting deeper than the bound, a NaN or an integer too long to
convert is refused, and then every field is type-checked: a wrong one is one
:class:`CassetteError` naming the file and the place (``interactions[2].response.status``).
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pytest_paragon.errors import Report
from pytest_paragon.files import FileProblem

FORMAT = "pytest-paragon-cassette"
VERSION = 1
BODY_KEYS = ("json", "text", "base64")

# Headers a cassette never keeps: framing, and values that differ on every exchange.
VOLATILE_HEADERS = frozenset(
    {
        "connection",
        "content-length",
        "date",
        "host",
        "keep-alive",
        "transfer-encoding",
        "accept-encoding",
        "user-agent",
        "server",
        "via",
        "x-request-id",
        "x-amzn-trace-id",
        "cf-ray",
        "age",
    }
)


class CassetteError(FileProblem):
    """A cassette cannot be loaded: the message names the file and the place that is wrong."""

    @classmethod
    def at_place(cls, path: Path, place: str, problem: str, value: Any = None) -> CassetteError:
        """``place`` (``interactions[2].response.status``) of ``path`` is wrong: ``problem``."""
        return cls(
            Report(
                what=f"Cannot load the cassette: {place} {problem}",
                where=f"{path} at {place}",
                value=value,
                has_value=value is not None,
                remedy="fix or re-record the cassette (--paragon-record-mode=rewrite); "
                "nothing was changed",
                anchor="recording-real-traffic",
            ),
            path=path,
        )


# -- bodies --------------------------------------------------------------------------------------


def _is_json_media(content_type: str) -> bool:
    media = content_type.split(";")[0].strip().lower()
    return media == "application/json" or media.endswith("+json") or media == ""


def encode_body(body: bytes, content_type: str) -> dict[str, Any]:
    """``{json: structure}``, ``{text: str}``, ``{base64: str}`` or ``{}`` for an empty body."""
    if not body:
        return {}
    if _is_json_media(content_type):
        try:  # NaN and Infinity are not JSON: such a body is kept as text
            return {"json": json.loads(body, parse_constant=_refuse_constant)}
        except (ValueError, RecursionError):
            pass
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return {"base64": base64.b64encode(body).decode("ascii")}
    if any(ord(char) < 32 and char not in "\t\r\n" for char in text):
        return {"base64": base64.b64encode(body).decode("ascii")}
    return {"text": text}


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


_COMPACT = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, check_circular=False)
"""Compact JSON; parsed JSON or YAML holds no cycle to look for (a deep one is an error)."""


def decode_body(part: Mapping[str, Any]) -> bytes:
    """The bytes of a request's or response's body (compact JSON for a ``json`` body)."""
    if "json" in part:
        return _COMPACT.encode(part["json"]).encode()
    if "text" in part:
        return str(part["text"]).encode()
    if "base64" in part:
        return base64.b64decode(part["base64"])
    return b""


def kept_headers(headers: Mapping[str, str]) -> dict[str, str]:
    """The headers a cassette keeps: lowercased, sorted, without the volatile ones."""
    lowered = {name.lower(): value for name, value in headers.items()}
    return {name: lowered[name] for name in sorted(lowered) if name not in VOLATILE_HEADERS}


def query_document(query: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """A query as a mapping in first-seen order; a repeated key holds a list of its values."""
    grouped: dict[str, list[str]] = {}
    for key, value in query:
        grouped.setdefault(key, []).append(value)
    return {key: values[0] if len(values) == 1 else values for key, values in grouped.items()}


def query_pairs(document: Mapping[str, Any]) -> tuple[tuple[str, str], ...]:
    """The ``(key, value)`` pairs of a query mapping (the inverse of :func:`query_document`)."""
    pairs: list[tuple[str, str]] = []
    for key, value in document.items():
        values = value if isinstance(value, list) else [value]
        pairs.extend((key, str(item)) for item in values)
    return tuple(pairs)


def request_document(
    *,
    method: str,
    url: str,
    query: Sequence[tuple[str, str]],
    headers: Mapping[str, str],
    body: bytes,
) -> dict[str, Any]:
    """The request of an interaction as it is written (not yet redacted)."""
    request: dict[str, Any] = {"method": method.upper(), "url": url}
    if query:
        request["query"] = query_document(query)
    kept = kept_headers(headers)
    if kept:
        request["headers"] = kept
    request.update(encode_body(body, kept.get("content-type", "")))
    return request


def interaction_document(
    *,
    method: str,
    url: str,
    query: Sequence[tuple[str, str]],
    request_headers: Mapping[str, str],
    request_body: bytes,
    status: int,
    response_headers: Mapping[str, str],
    response_body: bytes,
    operation: str | None,
) -> dict[str, Any]:
    """One interaction as it is written (not yet redacted), keys in their fixed order."""
    request = request_document(
        method=method, url=url, query=query, headers=request_headers, body=request_body
    )
    response: dict[str, Any] = {"status": status}
    kept = kept_headers(response_headers)
    if kept:
        response["headers"] = kept
    response.update(encode_body(response_body, kept.get("content-type", "application/json")))
    document: dict[str, Any] = {"operation": operation} if operation else {}
    document["request"] = request
    document["response"] = response
    return document


def cassette_document(interactions: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The whole file as a mapping."""
    return {"format": FORMAT, "version": VERSION, "interactions": list(interactions)}


# -- writing -------------------------------------------------------------------------------------


def dump(document: Mapping[str, Any]) -> str:
    """The text of ``document``: JSON indented one value a line, keys in the order given.

    JSON is YAML too (earlier releases read it as YAML), parses many times faster, and with one
    value a line it diffs and reviews as well as block YAML. Non-ASCII text is written as is; a
    string that cannot be UTF-8 (a lone surrogate from an escaped JSON body) makes the whole file
    escape non-ASCII instead, so the file is always valid UTF-8.
    """
    text = json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(document, indent=2, ensure_ascii=True, allow_nan=False) + "\n"
    return text


def dump_yaml(document: Mapping[str, Any]) -> str:
    """Block YAML of ``document``: how cassettes were written before :func:`dump` (still read)."""
    from pytest_paragon.files import _yaml

    yaml = _yaml()  # the import the C extension knows (pytester's in-process runs re-import it)
    base = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

    class Dumper(base):  # type: ignore[misc, valid-type]
        def ignore_aliases(self, data: Any) -> bool:
            return True

    text: str = yaml.dump(
        document,
        Dumper=Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=1_000_000,  # never fold a long line: one value, one line in a diff
    )
    return text


# -- loading -------------------------------------------------------------------------------------


class _Checker:
    """Type checks of a parsed cassette, each failure naming the place.

    ``from_json``: the document came from :func:`load_json`, whose values can only be JSON
    types (finite numbers, text keys), so the walk over the bodies' values is not needed.
    """

    def __init__(self, path: str | Path, *, from_json: bool = False) -> None:
        self.path = path
        self.from_json = from_json

    def fail(self, place: str, problem: str, value: Any = None) -> CassetteError:
        return CassetteError.at_place(Path(self.path), place, problem, value)

    def mapping(self, value: Any, place: str) -> Mapping[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(place, f"must be a mapping, not {type(value).__name__}", value)
        for key in value:
            if not isinstance(key, str):
                raise self.fail(place, f"has a key that is not a string: {key!r}")
        return value

    def text(self, value: Any, place: str) -> str:
        if not isinstance(value, str):
            raise self.fail(place, f"must be a string, not {type(value).__name__}", value)
        return value

    def headers(self, value: Any, place: str) -> None:
        for name, item in self.mapping(value, place).items():
            self.text(item, f"{place}.{name}")

    def query(self, value: Any, place: str) -> None:
        for name, item in self.mapping(value, place).items():
            items = item if isinstance(item, list) else [item]
            for element in items:
                if not isinstance(element, str | int | float) or isinstance(element, bool):
                    raise self.fail(f"{place}.{name}", "must be text or a list of text", element)

    def json_value(self, value: Any, place: str) -> None:
        """JSON types only (a YAML date, a binary, an integer key is one error naming it)."""
        stack = [(value, place)]
        while stack:
            item, where = stack.pop()
            if isinstance(item, dict):
                for key, child in item.items():
                    if not isinstance(key, str):
                        raise self.fail(
                            where, f"has a key that is not a string: {key!r} (quote it)"
                        )
                    stack.append((child, f"{where}.{key}"))
            elif isinstance(item, list):
                stack.extend((child, f"{where}[{index}]") for index, child in enumerate(item))
            elif isinstance(item, float) and not math.isfinite(item):
                raise self.fail(where, "must be a finite number (JSON has no NaN or Infinity)")
            elif item is not None and not isinstance(item, str | int | float | bool):
                kind = type(item).__name__
                raise self.fail(where, f"must be a JSON value, not a YAML {kind} (quote it)", item)

    def body(self, part: Mapping[str, Any], place: str) -> None:
        present = [key for key in BODY_KEYS if key in part]
        if len(present) > 1:
            raise self.fail(place, f"has more than one body ({', '.join(present)})")
        if "json" in part and not self.from_json:
            self.json_value(part["json"], f"{place}.json")
        if "text" in part:
            self.text(part["text"], f"{place}.text")
        if "base64" in part:
            encoded = self.text(part["base64"], f"{place}.base64")
            try:
                base64.b64decode(encoded, validate=True)
            except (binascii.Error, ValueError):
                raise self.fail(f"{place}.base64", "is not valid base64", encoded[:80]) from None

    def request(self, value: Any, place: str) -> None:
        request = self.mapping(value, place)
        unknown = set(request) - {"method", "url", "query", "headers", *BODY_KEYS}
        if unknown:
            raise self.fail(place, f"has unknown keys {sorted(unknown)}")
        method = self.text(request.get("method"), f"{place}.method")
        if not method.isalpha():
            raise self.fail(f"{place}.method", "must be an HTTP method", method)
        url = self.text(request.get("url"), f"{place}.url")
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.query:
            raise self.fail(f"{place}.url", "must be an http(s) URL without a query", url)
        if "query" in request:
            self.query(request["query"], f"{place}.query")
        if "headers" in request:
            self.headers(request["headers"], f"{place}.headers")
        self.body(request, place)

    def response(self, value: Any, place: str) -> None:
        response = self.mapping(value, place)
        unknown = set(response) - {"status", "headers", *BODY_KEYS}
        if unknown:
            raise self.fail(place, f"has unknown keys {sorted(unknown)}")
        status = response.get("status")
        if not isinstance(status, int) or isinstance(status, bool) or not 100 <= status <= 599:
            raise self.fail(f"{place}.status", "must be an HTTP status from 100 to 599", status)
        if "headers" in response:
            self.headers(response["headers"], f"{place}.headers")
        self.body(response, place)

    def cassette(self, document: Any) -> list[dict[str, Any]]:
        top = self.mapping(document, "the document")
        if top.get("format") != FORMAT:
            raise self.fail("format", f"must be {FORMAT!r}", top.get("format"))
        version = top.get("version")
        if version != VERSION:
            newer = isinstance(version, int) and not isinstance(version, bool) and version > 1
            hint = " (written by a newer pytest-paragon)" if newer else ""
            raise self.fail("version", f"must be {VERSION}{hint}", version)
        interactions = top.get("interactions")
        if not isinstance(interactions, list):
            raise self.fail("interactions", "must be a list", interactions)
        for index, item in enumerate(interactions):
            place = f"interactions[{index}]"
            interaction = self.mapping(item, place)
            unknown = set(interaction) - {"operation", "request", "response"}
            if unknown:
                raise self.fail(place, f"has unknown keys {sorted(unknown)}")
            if "operation" in interaction:
                self.text(interaction["operation"], f"{place}.operation")
            self.request(interaction.get("request"), f"{place}.request")
            self.response(interaction.get("response"), f"{place}.response")
        return interactions


def is_cassette(document: Any) -> bool:
    """Whether a parsed YAML document claims to be one of our cassettes."""
    return isinstance(document, dict) and document.get("format") == FORMAT


def checked(document: Any, path: str | Path, *, from_json: bool = False) -> list[dict[str, Any]]:
    """The interactions of a parsed cassette, every field type-checked (else CassetteError).

    ``from_json``: ``document`` is what :func:`load_json` returned (see :class:`_Checker`).
    """
    return _Checker(path, from_json=from_json).cassette(document)


class _NotPlainJson(Exception):
    """The text is not JSON this module reads alone: a key given twice (YAML names the line)."""


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        raise _NotPlainJson
    return result


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):  # 1e999 parses as infinity
        raise ValueError(f"the number {text} is out of range (JSON has no Infinity)")
    return value


def load_json(text: str, path: str | Path) -> Any:
    """The value of a cassette ``text`` written as JSON; ``None`` when it is not plain JSON.

    As strict as the YAML loader: a key given twice, NaN or Infinity (also ``1e999``), an
    integer too long to convert and a nesting deeper than ``files.MAX_DEPTH`` are refused. A
    text that is not JSON at all (a hand edit left a trailing comma or a comment) or repeats a
    key returns ``None``: the caller reads it as the YAML it also is, whose loader names the line
    of the problem (of the duplicate key: the line of each).
    """
    from pytest_paragon.files import MAX_DEPTH, FileProblem, _digits

    try:
        value = json.loads(
            text,
            object_pairs_hook=_pairs,
            parse_constant=_refuse_constant,
            parse_float=_finite,
        )
    except (_NotPlainJson, json.JSONDecodeError):
        return None
    except RecursionError:
        raise FileProblem.at(Path(path), "nested too deeply", kind="cassette") from None
    except ValueError as error:  # NaN, Infinity, or an integer over int()'s digit limit
        reason = str(error) if "JSON" in str(error) else f"integer too large ({_digits(error)})"
        raise FileProblem.at(Path(path), f"not valid JSON: {reason}", kind="cassette") from None
    if deeper_than(value, MAX_DEPTH):
        raise FileProblem.at(Path(path), f"nested deeper than {MAX_DEPTH} levels", kind="cassette")
    return value


def deeper_than(value: Any, limit: int) -> bool:
    """Whether ``value``'s dicts and lists nest deeper than ``limit`` (iteratively).

    Only containers are pushed, and exact types are compared: what ``json`` and the safe YAML
    loader build is exactly ``dict`` and ``list``. A container that holds itself is deeper than any
    limit: the walk stops there.
    """
    if type(value) is not dict and type(value) is not list:
        return False
    stack: list[Any] = [value]
    depths = [1]
    while stack:
        item, depth = stack.pop(), depths.pop()
        if depth > limit:
            return True
        for child in item.values() if type(item) is dict else item:
            kind = type(child)
            if kind is dict or kind is list:
                stack.append(child)
                depths.append(depth + 1)
    return False


def looks_like_json(text: str) -> bool:
    """Whether ``text`` may be a JSON cassette (its first non-blank character opens an object)."""
    return text[:1] == "{" or text.lstrip()[:1] == "{"


def parse(text: str, path: str | Path) -> list[dict[str, Any]]:
    """The interactions of cassette ``text`` (read from ``path``), safely parsed and checked."""
    from pytest_paragon.files import MAX_DEPTH, load_yaml

    if looks_like_json(text):
        document = load_json(text, path)
        if document is not None:
            return checked(document, path, from_json=True)
    document = load_yaml(text, path, kind="cassette")
    if deeper_than(document, MAX_DEPTH):  # also an alias holding itself: never walked forever
        raise FileProblem.at(Path(path), f"nested deeper than {MAX_DEPTH} levels", kind="cassette")
    return checked(document, path)
