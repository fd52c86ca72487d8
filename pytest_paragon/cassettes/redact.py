"""Redaction of secrets from interactions, before anything reaches the disk; on by default.

What goes: ``Authorization`` (and ``Proxy-Authorization``, cookies, ``X-API-Key``) header
values; every JWT-shaped string anywhere (headers, URL, query such as the OAuth popup's
``userToken=``, bodies); PEM private keys; values of secret-named keys in JSON bodies, queries
and form text (OAuth ``access_token`` / ``refresh_token``, ``clientSecret``, webhook and signing
secrets, API keys, passwords); every value under ``accountAuth`` (the decrypted tokens of
``getIntegrationAccount``). Extra rules: header names, JSON paths (``data.*.email``; a name
without dots is that key anywhere) and regular expressions.

A redacted JWT keeps its non-secret claims readable, ``<redacted-jwt sub=user-1
aud=useparagon.com/PROJECT exp=1764640000>``, so that replay still matches on them; the signature
and every other claim are gone. Redaction is idempotent, so :meth:`Redactor.findings` (what
redaction would change) is exactly the list of secrets a file still holds.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import quote, unquote

REDACTED = "<redacted>"
JWT = re.compile(r"eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*")
REDACTED_JWT = re.compile(r"<redacted-jwt((?: [a-z_]+=[^ >]*)*)>")
PRIVATE_KEY = re.compile(
    r"-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY)-----.*?-----END \1-----", re.DOTALL
)
KEPT_CLAIMS = ("sub", "aud", "exp")

SECRET_HEADERS = frozenset(
    {"authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "api-key"}
)
# Compared without case, "_" and "-": accessToken, access_token and ACCESS-TOKEN are one name.
SECRET_KEYS = frozenset(
    {
        "accesstoken",
        "refreshtoken",
        "idtoken",
        "oauthaccesstoken",
        "oauthrefreshtoken",
        "token",
        "usertoken",
        "bearertoken",
        "sessiontoken",
        "clientsecret",
        "secret",
        "signingsecret",
        "webhooksecret",
        "apikey",
        "xapikey",
        "privatekey",
        "password",
        "authorization",
    }
)
SUBTREE_KEYS = frozenset({"accountauth"})
"""Keys whose whole value is secret (keys kept, every value redacted)."""
_FORM_PAIR = re.compile(r"(?<![A-Za-z0-9_])([A-Za-z][A-Za-z0-9_-]*)=([^&\s\"']+)")


def _normal(name: str) -> str:
    return name.lower().replace("_", "").replace("-", "")


def claims_of(token: str) -> dict[str, Any]:
    """The payload claims of a JWT, read without verifying (``{}`` when not readable)."""
    parts = token.split(".")
    if len(parts) < 2:
        return {}
    payload = parts[1] + "=" * (-len(parts[1]) % 4)
    try:
        claims = json.loads(base64.urlsafe_b64decode(payload))
    except ValueError:
        return {}
    return claims if isinstance(claims, dict) else {}


def redacted_jwt(token: str) -> str:
    """The placeholder of ``token``: its ``sub``, ``aud`` and ``exp`` claims, nothing secret."""
    claims = claims_of(token)
    shown = [
        f"{name}={quote(str(claims[name]), safe='/:@.')}"
        for name in KEPT_CLAIMS
        if isinstance(claims.get(name), str | int) and not isinstance(claims.get(name), bool)
    ]
    return "<redacted-jwt" + "".join(" " + part for part in shown) + ">"


def placeholder_claims(text: str) -> dict[str, str]:
    """The claims a ``<redacted-jwt ...>`` placeholder kept (``{}`` when ``text`` is none)."""
    match = REDACTED_JWT.fullmatch(text.strip())
    if match is None:
        return {}
    pairs = (part.split("=", 1) for part in match.group(1).split())
    return {name: unquote(value) for name, value in pairs}


def _is_redacted(value: Any) -> bool:
    return isinstance(value, str) and (value.startswith(("<redacted", "Bearer <redacted")))


class Redactor:
    """Redact one interaction document (see the module docs); ``extra_*``: the user's rules."""

    def __init__(
        self,
        *,
        headers: Iterable[str] = (),
        json_paths: Iterable[str] = (),
        patterns: Iterable[str] = (),
    ) -> None:
        """Redact also the ``headers`` named, the ``json_paths`` and the ``patterns`` (regexes)."""
        self.headers = SECRET_HEADERS | {name.strip().lower() for name in headers if name.strip()}
        paths = [path.strip() for path in json_paths if path.strip()]
        self.keys = SECRET_KEYS | {_normal(path) for path in paths if "." not in path}
        self.paths = [tuple(path.split(".")) for path in paths if "." in path]
        self.patterns = [re.compile(pattern) for pattern in patterns if pattern]

    # -- strings ----------------------------------------------------------------------------

    def text(self, value: str) -> str:
        """``value`` with JWTs, private keys, secret ``key=value`` pairs and patterns redacted."""
        if "eyJ" in value:
            value = JWT.sub(lambda match: redacted_jwt(match.group(0)), value)
        if "PRIVATE KEY-----" in value:
            value = PRIVATE_KEY.sub("<redacted private key>", value)
        if "=" in value:
            value = _FORM_PAIR.sub(self._form_pair, value)
        for pattern in self.patterns:
            value = pattern.sub(REDACTED, value)
        return value

    def _form_pair(self, match: re.Match[str]) -> str:
        name, value = match.group(1), match.group(2)
        if _normal(name) not in self.keys or value.startswith(("<redacted", "%3Credacted")):
            return match.group(0)
        return f"{name}={REDACTED}"

    def secret_value(self, value: Any) -> Any:
        """What a secret-named key's value becomes (a JWT keeps its readable claims)."""
        if not isinstance(value, str):
            return value if value is None or isinstance(value, bool) else REDACTED
        if not value or _is_redacted(value):
            return value
        if JWT.fullmatch(value):
            return redacted_jwt(value)
        return REDACTED

    def header(self, name: str, value: str) -> str:
        """A header value, redacted when the header is secret (``Bearer`` keeps its word)."""
        if name.lower() not in self.headers:
            return self.text(value)
        scheme, _, credential = value.partition(" ")
        if credential and scheme.lower() in ("bearer", "basic", "token"):
            if _is_redacted(credential):
                return value
            return f"{scheme} {redacted_jwt(credential) if JWT.fullmatch(credential) else REDACTED}"
        return value if _is_redacted(value) else REDACTED

    # -- structures -------------------------------------------------------------------------

    def json(self, value: Any, path: tuple[str, ...] = ()) -> Any:
        """A JSON body (or query mapping), secret keys and paths redacted, strings scanned."""
        if self.paths and any(_path_matches(rule, path) for rule in self.paths):
            return _everything(value, self.secret_value)
        if isinstance(value, dict):
            result: dict[str, Any] = {}
            for key, item in value.items():
                normal = _normal(key)
                if normal in SUBTREE_KEYS:
                    result[key] = _everything(item, self.secret_value)
                elif normal in self.keys and not isinstance(item, dict | list):
                    result[key] = self.secret_value(item)
                elif normal in self.keys and isinstance(item, list):  # a repeated query key
                    result[key] = [
                        self.json(value, (*path, key))
                        if isinstance(value, dict | list)
                        else self.secret_value(value)
                        for value in item
                    ]
                else:
                    result[key] = self.json(item, (*path, key))
            return result
        if isinstance(value, list):
            return [self.json(item, (*path, str(index))) for index, item in enumerate(value)]
        return self.text(value) if isinstance(value, str) else value

    def _part(self, part: Mapping[str, Any]) -> dict[str, Any]:
        result = dict(part)
        if "url" in result:
            result["url"] = self.text(result["url"])
        if "query" in result:
            result["query"] = self.json(result["query"])
        if "headers" in result:
            result["headers"] = {k: self.header(k, v) for k, v in result["headers"].items()}
        if "json" in result:
            result["json"] = self.json(result["json"])
        if "text" in result:
            result["text"] = self.text(result["text"])
        return result

    def redact(self, interaction: Mapping[str, Any]) -> dict[str, Any]:
        """A redacted copy of one interaction document (``request`` and ``response``)."""
        result = dict(interaction)
        for side in ("request", "response"):
            if isinstance(result.get(side), Mapping):
                result[side] = self._part(result[side])
        return result

    def findings(self, interaction: Mapping[str, Any]) -> list[tuple[str, Any]]:
        """``(place, value)`` of every secret still in ``interaction`` (what redaction changes)."""
        found: list[tuple[str, Any]] = []
        _differences(interaction, self.redact(interaction), "", found)
        return found


def _path_matches(rule: tuple[str, ...], path: tuple[str, ...]) -> bool:
    return len(rule) == len(path) and all(a in ("*", b) for a, b in zip(rule, path, strict=True))


def _everything(value: Any, replace: Any) -> Any:
    if isinstance(value, dict):
        return {key: _everything(item, replace) for key, item in value.items()}
    if isinstance(value, list):
        return [_everything(item, replace) for item in value]
    return replace(value)


def _differences(before: Any, after: Any, place: str, found: list[tuple[str, Any]]) -> None:
    if isinstance(before, dict) and isinstance(after, dict):
        for key, item in before.items():
            _differences(item, after.get(key), f"{place}.{key}" if place else key, found)
    elif isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        for index, (old, new) in enumerate(zip(before, after, strict=True)):
            _differences(old, new, f"{place}[{index}]", found)
    elif before != after:
        found.append((place, before))
