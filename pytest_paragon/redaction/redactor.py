"""Redaction of secrets from interactions, before anything reaches the disk; on by default.

What a secret is, is decided by :mod:`~pytest_paragon.redaction.rules` (one rule set, shared
with ``cassettes verify``); this module walks every placement and puts placeholders in:

- headers (a credential keeps its scheme word: ``Bearer <redacted-jwt ...>``; a cookie keeps its
  name and attributes), the URL (path segments, ``user:password@``), the query, and bodies;
- JSON at any depth, JSON inside strings, and inside text: ``"name": "value"`` pairs, XML
  elements and attributes, ``name=value`` pairs (forms, fragments), ``Name: value`` lines and
  multipart fields;
- bodies stored as base64 are decoded first (gzip, deflate, and br when a brotli module is
  installed), and kept decoded when they are text (the ``content-encoding`` header goes); a
  string that is base64 of text holding a secret is replaced whole.

Placeholders are stable within a cassette: the same secret, the same placeholder
(``<redacted:access_token-3>``), so requests still match; a JWT keeps its non-secret claims,
``<redacted-jwt sub=user-1 aud=useparagon.com/PROJECT exp=1764640000>``. :func:`fill` puts an
environment variable's value back into a placeholder at replay time (``cassette_redact_fill``).

The allow-list (``cassette_redact_allow``) keeps what the rules would take: a place (a glob over
the place ``verify`` prints, ``response.json.data[*].key``) or ``/regex/`` (a value matching whole).
Extra rules: header names, JSON paths (``data.*.email``; a name without dots is that key
anywhere) and regular expressions. Redaction is idempotent, so :meth:`Redactor.findings` (what
redaction would change) is exactly the list of secrets a file still holds.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from fnmatch import fnmatchcase
from typing import Any
from urllib.parse import quote, unquote

from pytest_paragon.redaction import bodies
from pytest_paragon.redaction.placeholders import (
    KEPT_CLAIMS,
    PLACEHOLDER,
    REDACTED_JWT,
    claims_of,
    fill,
    parse_fill,
    placeholder_claims,
    redacted_jwt,
)
from pytest_paragon.redaction.rules import (
    QUALIFIERS,
    format_matches,
    holds_secret_tree,
    is_oauth_code,
    kind_of,
    looks_random,
    plainly_not_secret,
    strength,
    words,
)

REDACTED = "<redacted>"
JWT = re.compile(r"eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*")
"""The common JWT shape (kept for callers; the detector recognizes any JOSE header)."""
SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie"})
SUBTREE_KEYS = frozenset({"accountauth"})
"""Keys whose whole value is secret (keys kept, every value redacted)."""
_JWT_KINDS = ("jwt", "jwe")
_COOKIE_HEADERS = ("cookie", "set-cookie")
_SCHEMES = ("bearer", "basic", "token", "digest", "bot", "apikey", "aws4-hmac-sha256", "negotiate")
_B64_TEXT = re.compile(r"[A-Za-z0-9+/_-]{24,}={0,2}")
_FORM_PAIR = re.compile(r"(?<![A-Za-z0-9_%])([A-Za-z][A-Za-z0-9_.-]*)=([^&;\s\"'<>]+)")
_JSON_PAIR = re.compile(r"\"([A-Za-z_][\w.-]*)\"\s*:\s*(\"(?:[^\"\\]|\\.)*\"|-?\d+(?:\.\d+)?)")
_ESCAPED_PAIR = re.compile(r"\\\"([A-Za-z_][\w.-]*)\\\"\s*:\s*\\\"((?:[^\"\\]|\\[^\"])*)\\\"")
_XML_ELEMENT = re.compile(r"<((?:[\w-]+:)?([\w-]+))(?:\s[^<>]*)?>([^<]+)</\1\s*>")
_XML_ATTRIBUTE = re.compile(r"(?<=\s)([A-Za-z_][\w:.-]*)=\"([^\"]*)\"")
_LINE_PAIR = re.compile(r"(?m)^([ \t]*)([A-Za-z][\w-]*)([ \t]*:[ \t]*)([^\s<][^\r\n]*?)[ \t]*\r?$")
_MULTIPART = re.compile(
    r"(?is)(content-disposition:[^\r\n]*?\bname=\"([^\"]*)\"[^\r\n]*\r?\n(?:[^\r\n]+\r?\n)*?\r?\n)"
    r"(.*?)(?=\r?\n--)"
)
_MAX_DEPTH = 4

__all__ = [
    "KEPT_CLAIMS",
    "PLACEHOLDER",
    "REDACTED_JWT",
    "Redactor",
    "claims_of",
    "fill",
    "parse_fill",
    "placeholder_claims",
    "redacted_jwt",
]


def _normal(name: str) -> str:
    return name.lower().replace("_", "").replace("-", "")


def _is_redacted(value: Any) -> bool:
    return isinstance(value, str) and ("<redacted" in value or "%3Credacted" in value)


def _label(name: str) -> str:
    return "_".join(words(name))[:32] or "secret"


class Redactor:
    """Redact one interaction document (see the module docs); ``extra_*``: the user's rules."""

    def __init__(
        self,
        *,
        headers: Iterable[str] = (),
        json_paths: Iterable[str] = (),
        patterns: Iterable[str] = (),
        allow: Iterable[str] = (),
    ) -> None:
        """Redact also the ``headers`` named, ``json_paths``, ``patterns``; keep ``allow``."""
        self.headers = SECRET_HEADERS | {name.strip().lower() for name in headers if name.strip()}
        paths = [path.strip() for path in json_paths if path.strip()]
        self.keys = {_normal(path) for path in paths if "." not in path}
        self.paths = [tuple(path.split(".")) for path in paths if "." in path]
        self.patterns = [re.compile(pattern) for pattern in patterns if pattern]
        entries = [entry.strip() for entry in allow if entry.strip()]
        self.allowed_values = [
            re.compile(entry[1:-1]) for entry in entries if len(entry) > 1 and entry[0] == "/"
        ]
        self.allowed_places = [entry for entry in entries if entry[0] != "/"]
        self.labels: dict[str, str] = {}
        self.taken: dict[str, str] = {}
        """Each secret taken so far and its placeholder (what :meth:`scrub` removes)."""
        self.count = 0
        self._hits: list[tuple[str, str]] = []
        self._seen: dict[tuple[str, str, str], tuple[str, list[tuple[str, str]]]] = {}
        """Each header and URL redacted so far: its result and hits. Every request of a test sends
        the same token, most the same URL: redacting them again would give the same result (a
        label is fixed once given, the rules never change), so it is looked up instead."""

    # -- placeholders and hits ----------------------------------------------------------------

    def reserve(self, interactions: Iterable[Any]) -> None:
        """Number new placeholders after those ``interactions`` (a cassette read) already use."""
        text = json.dumps(list(interactions), default=str)
        for match in PLACEHOLDER.finditer(text):
            number = (match.group(1) or "").rpartition("-")[2]
            if number.isdigit():
                self.count = max(self.count, int(number))

    def placeholder(self, secret: str, kind: str) -> str:
        """The stable placeholder of ``secret`` (the same one each time within this redactor)."""
        if kind in _JWT_KINDS:
            return redacted_jwt(secret)
        known = self.labels.get(secret)
        if known is None:
            self.count += 1
            known = self.labels[secret] = f"<redacted:{kind}-{self.count}>"
        return known

    def allowed(self, place: str, value: Any) -> bool:
        """Whether the allow-list keeps ``value`` at ``place``."""
        if any(fnmatchcase(place, glob) for glob in self.allowed_places):
            return True
        text = str(value)
        return any(pattern.fullmatch(text) for pattern in self.allowed_values)

    def _take(self, value: str, place: str, kind: str) -> str:
        """The placeholder of a detected secret (or ``value`` when allowed or redacted)."""
        if _is_redacted(value) or self.allowed(place, value):
            return value
        self._hits.append((place, kind))
        placeholder = self.placeholder(value, kind)
        if len(value) >= 4:
            self.taken[value] = placeholder
        return placeholder

    def scrub(self, text: str) -> str:
        """``text`` (a message, a report) without any secret this redactor has taken or sees.

        Every value redaction replaced so far is replaced again wherever it appears (also
        percent-encoded), then the text is scanned like any other string.
        """
        for secret in sorted(self.taken, key=len, reverse=True):
            if secret in text:
                text = text.replace(secret, self.taken[secret])
            encoded = quote(secret, safe="")
            if encoded != secret and encoded in text:
                text = text.replace(encoded, self.taken[secret])
        return self.text(text, "message")

    def secret_value(self, value: Any, place: str = "", kind: str = "secret") -> Any:
        """What a secret-named value becomes (a JWT keeps its readable claims)."""
        if value is None or isinstance(value, bool) or value == "":
            return value
        if not isinstance(value, str):
            if isinstance(value, dict | list):
                return self._tree(value, place, everything=True)
            return self._take(json.dumps(value), place, kind)
        scheme, _, credential = value.partition(" ")
        if credential and scheme.lower() in _SCHEMES and " " not in credential.strip():
            if _is_redacted(credential):
                return value
            inner = kind_of(credential) or kind
            return f"{scheme} {self._take(credential, place, inner)}"
        return self._take(value, place, kind_of(value) or kind)

    # -- strings ----------------------------------------------------------------------------

    def text(self, value: str, place: str = "", depth: int = 0) -> str:
        """``value`` with every detected secret replaced (formats, pairs, JSON, base64...)."""
        if len(value) < 8 or PLACEHOLDER.fullmatch(value) or REDACTED_JWT.fullmatch(value):
            return value
        stripped = value.strip()
        if depth < _MAX_DEPTH and stripped[:1] in ("{", "[") and stripped[-1:] in ("}", "]"):
            inner = self._json_text(value, place, depth)
            if inner is not None:
                return inner
        if depth < _MAX_DEPTH and _B64_TEXT.fullmatch(stripped):
            decoded = bodies.base64_text(stripped)
            if decoded is not None and self.text(decoded, place, depth + 1) != decoded:
                return self.placeholder(value, "base64")
        result = self._formats(value, place)
        if "=" in result or ":" in result or "<" in result:
            result = self._pairs(result, place, depth)
        for pattern in self.patterns:
            result = pattern.sub(lambda m: self._take(m.group(0), place, "pattern"), result)
        if "%" in result and depth < _MAX_DEPTH:
            # Percent-encoded (a path segment, a form value in a URL): scanned decoded, and kept
            # decoded only when that found a secret.
            decoded = unquote(result)
            if decoded != result:
                again = self.text(decoded, place, depth + 1)
                if again != decoded:
                    return again
        return result

    def _json_text(self, value: str, place: str, depth: int) -> str | None:
        try:
            parsed = json.loads(value)
        except ValueError:
            return None
        if not isinstance(parsed, dict | list):
            return None
        redacted = self.json(parsed, place, depth=depth + 1)
        if redacted == parsed:
            return value
        compact = ", " not in value and ": " not in value
        separators = (",", ":") if compact else None
        return json.dumps(redacted, ensure_ascii=False, separators=separators)

    def _formats(self, value: str, place: str) -> str:
        found = format_matches(value)
        if not found:
            return value
        parts: list[str] = []
        last = 0
        for kind, start, end in found:
            parts.append(value[last:start])
            secret = value[start:end]
            inner = kind_of(secret) if kind == "bearer" else None
            parts.append(self._take(secret, place, inner or kind))
            last = end
        parts.append(value[last:])
        return "".join(parts)

    def _named(self, name: str, value: str, place: str, placement: str) -> str:
        """``value`` under ``name`` in text: redacted when the name makes it a secret."""
        if _is_redacted(value) or not value:
            return value
        if self.is_secret(name, unquote(value), placement):
            return self._take(value, f"{place}.{name}", _label(name))
        return value

    def is_secret(self, name: str, value: Any, placement: str) -> bool:
        """Whether the scalar ``value`` under ``name`` is a secret by the name rules."""
        if value is None or isinstance(value, bool) or value == "":
            return False
        level = "strong" if _normal(name) in self.keys else strength(name, placement=placement)
        if level == "strong" and words(name) == ["code"]:
            return is_oauth_code(str(value))
        return level == "strong" or (
            level == "weak" and isinstance(value, str) and looks_random(value)
        )

    def _pairs(self, value: str, place: str, depth: int) -> str:
        def form(match: re.Match[str]) -> str:
            redacted = self._named(match.group(1), match.group(2), place, "form")
            return f"{match.group(1)}={redacted}"

        def json_pair(match: re.Match[str]) -> str:
            raw = match.group(2)
            inner = raw[1:-1] if raw.startswith('"') else raw
            redacted = self._named(match.group(1), inner, place, "json")
            if redacted == inner:
                return match.group(0)
            return f'"{match.group(1)}": "{redacted}"'

        def escaped_pair(match: re.Match[str]) -> str:
            redacted = self._named(match.group(1), match.group(2), place, "json")
            return (
                match.group(0)
                if redacted == match.group(2)
                else (f'\\"{match.group(1)}\\": \\"{redacted}\\"')
            )

        def element(match: re.Match[str]) -> str:
            content = match.group(3)
            redacted = self._named(match.group(2), content.strip(), place, "json")
            if redacted == content.strip():
                return match.group(0)
            return match.group(0).replace(f">{content}<", f">{redacted}<", 1)

        def attribute(match: re.Match[str]) -> str:
            redacted = self._named(match.group(1), match.group(2), place, "json")
            return f'{match.group(1)}="{redacted}"'

        def line(match: re.Match[str]) -> str:
            name, content = match.group(2), match.group(4)
            if name.lower() in ("content-disposition", "content-type"):
                return match.group(0)
            redacted = self.secret_value(content, f"{place}.{name}", _label(name))
            level = "strong" if _normal(name) in self.keys else strength(name, placement="header")
            if level != "strong" or redacted == content:
                return match.group(0)
            return f"{match.group(1)}{name}{match.group(3)}{redacted}"

        def multipart(match: re.Match[str]) -> str:
            head, name, content = match.group(1), match.group(2), match.group(3)
            redacted = self._named(name, content, place, "form")
            if redacted == content:
                redacted = self.text(content, f"{place}.{name}", depth + 1)
            return head + redacted

        if "ontent-" in value and "name=" in value:
            value = _MULTIPART.sub(multipart, value)
        if "=" in value:
            value = _FORM_PAIR.sub(form, value)
            value = _XML_ATTRIBUTE.sub(attribute, value)
        if '"' in value:
            value = _JSON_PAIR.sub(json_pair, value)
            value = _ESCAPED_PAIR.sub(escaped_pair, value)
        if "</" in value:
            value = _XML_ELEMENT.sub(element, value)
        if ":" in value and "\n" in value:
            value = _LINE_PAIR.sub(line, value)
        return value

    def header(self, name: str, value: str, place: str = "") -> str:
        """A header value, redacted when the header is secret (``Bearer`` keeps its word)."""
        return self._remembered((name, value, place), lambda: self._header(name, value, place))

    def _remembered(self, key: tuple[str, str, str], work: Callable[[], str]) -> str:
        """``work()``'s result and hits, looked up when ``key`` was redacted before."""
        seen = self._seen.get(key)
        if seen is not None:
            self._hits.extend(seen[1])
            return seen[0]
        first = len(self._hits)
        result = work()
        if len(self._seen) < 1024:  # bounded: a recording of many distinct headers and URLs
            self._seen[key] = (result, self._hits[first:])
        return result

    def _header(self, name: str, value: str, place: str) -> str:
        place = place or f"headers.{name.lower()}"
        lowered = name.lower()
        if lowered in _COOKIE_HEADERS:
            return _cookies(value, lambda item: self.secret_value(item, place, "cookie"))
        if lowered in self.headers or self.is_secret(name, value, "header"):
            return str(self.secret_value(value, place, _label(name)))
        return self.text(value, place)

    # -- structures -------------------------------------------------------------------------

    def json(
        self,
        value: Any,
        place: str = "",
        path: tuple[str, ...] = (),
        *,
        placement: str = "json",
        depth: int = 0,
    ) -> Any:
        """A JSON body (or query mapping), secret keys and paths redacted, strings scanned."""
        if self.paths and any(_path_matches(rule, path) for rule in self.paths):
            return self._tree(value, place, everything=True)
        if isinstance(value, dict):
            result: dict[str, Any] = {}
            for key, item in value.items():
                sub = f"{place}.{key}" if place else str(key)
                result[key] = self._member(str(key), item, sub, (*path, str(key)), placement, depth)
            return result
        if isinstance(value, list):
            return [
                self.json(
                    item, f"{place}[{index}]", (*path, str(index)), placement=placement, depth=depth
                )
                for index, item in enumerate(value)
            ]
        return self.text(value, place, depth) if isinstance(value, str) else value

    def _member(
        self, key: str, item: Any, place: str, path: tuple[str, ...], placement: str, depth: int
    ) -> Any:
        normal = _normal(key)
        if normal in SUBTREE_KEYS or any(_path_matches(rule, path) for rule in self.paths):
            return self._tree(item, place, everything=True)
        level = "strong" if normal in self.keys else strength(key, placement=placement)
        if isinstance(item, list) and level == "strong" and placement == "query":
            return [self.secret_value(value, place, _label(key)) for value in item]
        if isinstance(item, dict | list):
            if level == "strong" and (normal in self.keys or holds_secret_tree(key)):
                return self._tree(item, place, everything=False)
            return self.json(item, place, path, placement=placement, depth=depth)
        if self.is_secret(key, item, placement):
            return self.secret_value(item, place, _label(key))
        return self.text(item, place, depth) if isinstance(item, str) else item

    def _tree(self, value: Any, place: str, *, everything: bool) -> Any:
        """Every leaf of a secret container: all (``everything``) or the strings not qualified."""
        if isinstance(value, dict):
            result: dict[str, Any] = {}
            for key, item in value.items():
                sub = f"{place}.{key}"
                split = words(str(key))
                if not everything and split and split[-1] in QUALIFIERS:
                    result[key] = self.json(item, sub)
                else:
                    result[key] = self._tree(item, sub, everything=everything)
            return result
        if isinstance(value, list):
            return [
                self._tree(item, f"{place}[{index}]", everything=everything)
                for index, item in enumerate(value)
            ]
        if everything or (isinstance(value, str) and not plainly_not_secret(value)):
            return self.secret_value(value, place)
        return value

    def _part(self, part: Mapping[str, Any], side: str) -> dict[str, Any]:
        result = dict(part)
        if "url" in result:
            url, place = result["url"], f"{side}.url"
            result["url"] = self._remembered(("", url, place), lambda: self.text(url, place))
        if "query" in result:
            result["query"] = self.json(result["query"], f"{side}.query", placement="query")
        if "headers" in result:
            result["headers"] = {
                k: self.header(k, v, f"{side}.headers.{k}") for k, v in result["headers"].items()
            }
        bodies.decode_stored(result)
        if "json" in result:
            result["json"] = self.json(result["json"], f"{side}.json")
        if "text" in result:
            content_type = str((result.get("headers") or {}).get("content-type", ""))
            if "x-www-form-urlencoded" in content_type:
                result["text"] = bodies.map_form(
                    result["text"],
                    lambda name, item: (
                        self._named(name, item, f"{side}.form", "form")
                        if strength(name, placement="form") != "none" or _normal(name) in self.keys
                        else self.text(item, f"{side}.form.{name}")
                    ),
                )
            else:
                result["text"] = self.text(result["text"], f"{side}.text")
        return result

    def redact(self, interaction: Mapping[str, Any]) -> dict[str, Any]:
        """A redacted copy of one interaction document (``request`` and ``response``)."""
        result = dict(interaction)
        self._hits = []
        for side in ("request", "response"):
            if isinstance(result.get(side), Mapping):
                result[side] = self._part(result[side], side)
        return result

    def findings(self, interaction: Mapping[str, Any]) -> list[tuple[str, str]]:
        """``(place, kind)`` of every secret still in ``interaction`` (what redaction takes).

        The kind names the rule (``jwt``, ``slack``, ``access_token``...), never the value.
        """
        self.redact(interaction)
        return list(self._hits)


def _cookies(value: str, redact: Any) -> str:
    """Each cookie's value redacted; names and attributes (``Path``, ``HttpOnly``) kept."""
    attributes = {"path", "domain", "expires", "max-age", "samesite", "secure", "httponly"}
    parts = []
    for piece in value.split(";"):
        name, equals, item = piece.partition("=")
        if equals and name.strip().lower() not in attributes and item.strip():
            parts.append(f"{name}={redact(item.strip())}")
        else:
            parts.append(piece)
    return ";".join(parts)


def _path_matches(rule: tuple[str, ...], path: tuple[str, ...]) -> bool:
    return len(rule) == len(path) and all(a in ("*", b) for a, b in zip(rule, path, strict=True))
