"""The ONE secret detector: which names and which values are secrets (the rule set).

Both the recorder's redaction and ``pytest-paragon cassettes verify`` ask this module, through
:class:`~pytest_paragon.redaction.redactor.Redactor`; nothing else decides what a secret is.

**Names**, in any case and separator (``apiToken``, ``api_token``, ``API-TOKEN`` are one name),
split into words:

- *strong*: a word that says token, secret, password (``passwd``, ``pwd``, ``passphrase``),
  credential, private, cookie, signature, auth (``authorization``, ``oauth``, ``basicauth``; not
  ``author``), and the compounds ``apikey``, ``accesskey``, ``secretkey``, ``privatekey``: every
  non-empty string or number under such a name is a secret (``bot_token``, ``apiToken``,
  ``aws_secret_access_key``, ``x-access-token``, ``Set-Cookie``). A container under a strong name
  (``{"token": {"value": ...}}``) has every string leaf redacted but those under a qualifier.
- *qualified*: a strong name whose last word is a qualifier (``id``, ``type``, ``url``,
  ``status``, ``expires``, ``scopes``, ``inputs``, ...: :data:`QUALIFIERS`) describes a secret
  without holding one (``credentialId``, ``tokenType``, ``oauthAccessTokenUrl``); it is *weak*.
- *weak*: also a word ``key``, ``session``, ``sig`` or ``code``: a value is a secret only when it
  looks random (:func:`looks_random`: 16+ characters, mixed classes, high entropy; never a UUID,
  a hex hash, a number, a timestamp or a URL). The OAuth ``code`` is strong in a query, a form or
  a fragment, where the authorization code travels.

**Values by format**, whatever their name (:data:`FORMATS`): JWT / JWS / JWE with any header (the
header segment must decode to JSON naming ``alg`` or ``enc``), PEM, OpenSSH and PGP private keys,
Slack ``xox?-`` and ``xapp-`` tokens, AWS access key ids (``AKIA``, ``ASIA``, ...) and secret access
keys (40 characters, both cases and a digit or ``/+``), GitHub ``ghp_``/``gho_``/``ghu_``/
``ghs_``/``ghr_``/``github_pat_``, Google ``AIza`` keys and ``ya29.`` tokens, Stripe ``sk_``/``rk_``
(live and test) and ``whsec_``, ``Bearer``/``Basic`` credentials and a URL's ``user:password@``.
"""

from __future__ import annotations

import base64
import binascii
import functools
import itertools
import json
import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

Strength = Literal["strong", "weak", "none"]

_STRONG_WORDS = frozenset(
    {
        "token",
        "tokens",
        "secret",
        "secrets",
        "password",
        "passwords",
        "passwd",
        "pwd",
        "passphrase",
        "credential",
        "credentials",
        "private",
        "cookie",
        "cookies",
        "signature",
        "auth",
        "authorization",
        "authorisation",
        "oauth",
        "apikey",
        "accesskey",
        "secretkey",
        "privatekey",
        "signingkey",
        "authtoken",
        "accesstoken",
        "refreshtoken",
        "idtoken",
        "bottoken",
        "usertoken",
        "clientsecret",
        "setcookie",
    }
)
_WEAK_WORDS = frozenset(
    {"key", "keys", "session", "sessions", "sig", "code", "pin", "otp", "nonce"}
)
QUALIFIERS = frozenset(
    {
        "id",
        "ids",
        "type",
        "types",
        "kind",
        "url",
        "urls",
        "uri",
        "endpoint",
        "status",
        "name",
        "names",
        "count",
        "length",
        "at",
        "in",
        "expires",
        "expiry",
        "expiration",
        "ttl",
        "timeout",
        "scope",
        "scopes",
        "source",
        "default",
        "limit",
        "field",
        "fields",
        "config",
        "configs",
        "configuration",
        "configurations",
        "inputs",
        "options",
        "params",
        "parameters",
        "method",
        "methods",
        "mode",
        "version",
        "prefix",
        "hint",
        "format",
        "policy",
        "rules",
        "required",
        "label",
        "placeholder",
        "description",
        "enabled",
        "provider",
        "header",
        "location",
        "path",
        "error",
        "errors",
        "message",
        "reason",
        "valid",
        "set",
        "strength",
        "pattern",
        "algorithm",
        "alg",
        "schema",
        "schemes",
        "scheme",
        "prompt",
        "exchange",
        "date",
        "time",
        "timestamp",
        "created",
        "updated",
        "refreshed",
        "modified",
        "deleted",
    }
)
"""A last word that makes a strong name describe a secret rather than hold one."""
_NOT_FIRST = frozenset({"is", "has", "use", "needs", "need", "allow", "include", "skip", "bypass"})
_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")
_COMPACT = re.compile(r"[^a-z0-9]")


def words(name: str) -> list[str]:
    """``name`` split into lowercase words (camelCase, snake_case, kebab-case, SHOUTING)."""
    return list(_words(name))


@functools.lru_cache(maxsize=4096)
def _words(name: str) -> tuple[str, ...]:
    return tuple(word.lower() for word in _WORD.findall(name))


_STEMS = ("token", "secret", "passw", "credential", "cookie", "signature", "apikey", "privatekey")
"""Inside one word (``apitoken``, ``webhooksigningsecret``: a lowercased header name)."""


def _is_strong_word(word: str) -> bool:
    if word in _STRONG_WORDS or any(stem in word for stem in _STEMS):
        return True
    if word.startswith(("author", "authenticat")) and not word.startswith("authoriz"):
        return False  # author, authority, WWW-Authenticate: people, places, challenges
    return word.startswith("auth") or word.endswith("auth")


def _is_weak_word(word: str) -> bool:
    return word in _WEAK_WORDS or (word.endswith("key") and len(word) <= 12)


@functools.lru_cache(maxsize=4096)
def strength(name: str, *, placement: str = "json") -> Strength:
    """How secret a value under ``name`` is: ``strong``, ``weak`` (if random) or ``none``.

    ``placement``: ``header``, ``query``, ``form``, ``json`` or ``text``; ``code`` is strong in
    a query or a form (the OAuth authorization code).
    """
    split = _words(name)
    if not split:
        return "none"
    compact = _COMPACT.sub("", name.lower())
    if split[0] in _NOT_FIRST and len(split) > 1:
        return "none"  # isDefault, hasCredential, useSlackTokenType: flags
    pairs = {a + b for a, b in itertools.pairwise(split)}
    strong = (
        any(_is_strong_word(word) for word in split)
        or compact in _STRONG_WORDS
        or not pairs.isdisjoint(_STRONG_WORDS)  # api_key, x-api-key: a compound
    )
    weak = any(_is_weak_word(word) for word in split)
    if placement in ("query", "form") and split[-1] == "code" and len(split) <= 2:
        strong = True
    if strong and split[-1] not in QUALIFIERS:
        return "strong"
    if strong or weak:
        return "weak"
    return "none"


_STRUCTURES = frozenset({"credential", "credentials"})
"""Strong words whose containers are Paragon structures (ids, dates, settings), walked as usual."""


def holds_secret_tree(name: str) -> bool:
    """Whether a container under ``name`` is a secret blob (its unqualified strings redacted)."""
    return strength(name) == "strong" and _STRUCTURES.isdisjoint(words(name))


def plainly_not_secret(value: str) -> bool:
    """A UUID, a timestamp, or empty: kept even inside a secret container."""
    text = value.strip()
    return not text or bool(_UUID.fullmatch(text) or _TIMESTAMP.fullmatch(text))


# -- values -------------------------------------------------------------------------------------

_UUID = re.compile(
    r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"
)
_HEX = re.compile(r"[0-9a-fA-F]+")
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?")
_TOKENISH = re.compile(r"[A-Za-z0-9+/=_.~:-]+")


def entropy(text: str) -> float:
    """Shannon entropy of ``text`` in bits per character."""
    counts = Counter(text)
    return -sum(n / len(text) * math.log2(n / len(text)) for n in counts.values())


def is_oauth_code(value: str) -> bool:
    """An OAuth authorization code, not an error code: 8+ characters, a digit or both cases."""
    text = value.strip()
    has_digit = any(c.isdigit() for c in text)
    both_cases = any(c.islower() for c in text) and any(c.isupper() for c in text)
    return len(text) >= 8 and not text.isdigit() and (has_digit or both_cases)


def looks_random(value: str) -> bool:
    """A credential-like string: 16+ token characters, mixed classes, 3.5+ bits/character.

    Never a UUID, a hexadecimal hash, digits alone, a timestamp, a URL or a placeholder.
    """
    text = value.strip()
    if len(text) < 16 or len(text) > 4096 or not _TOKENISH.fullmatch(text):
        return False
    if _UUID.fullmatch(text) or _HEX.fullmatch(text) or text.isdigit():
        return False
    if _TIMESTAMP.fullmatch(text) or "://" in text or text.startswith("<redacted"):
        return False
    classes = sum(
        (
            any(c.islower() for c in text),
            any(c.isupper() for c in text),
            any(c.isdigit() for c in text),
        )
    )
    return classes >= 2 and entropy(text) >= 3.5


def _b64_json(segment: str) -> dict[str, object] | None:
    try:
        data = base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
        value = json.loads(data)
    except (ValueError, binascii.Error):
        return None
    return value if isinstance(value, dict) else None


def _is_jose(match: re.Match[str]) -> bool:
    header = _b64_json(match.group(1))
    return header is not None and ("alg" in header or "enc" in header)


def _always(match: re.Match[str]) -> bool:
    return True


def _aws_secret(match: re.Match[str]) -> bool:
    text = match.group(0)
    return (
        any(c.islower() for c in text)
        and any(c.isupper() for c in text)
        and any(c.isdigit() or c in "/+" for c in text)
        and entropy(text) >= 4.0
    )


def _bearer(match: re.Match[str]) -> bool:
    credential = match.group(2)
    return not credential.startswith("<redacted") and (
        any(not c.isalpha() for c in credential) or len(credential) >= 16
    )


@dataclass(frozen=True)
class Format:
    """A secret recognized by its shape: ``kind`` names it in placeholders and findings."""

    kind: str
    pattern: re.Pattern[str]
    check: Callable[[re.Match[str]], bool] = _always
    group: int = 0
    """The group that is the secret (``Bearer`` keeps its word: group 2)."""


_B64URL = r"[A-Za-z0-9_-]"
FORMATS: tuple[Format, ...] = (
    Format(
        "private-key",
        re.compile(
            r"-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----"
            r"(?:.*?-----END \1-----|.*)",
            re.DOTALL,
        ),
    ),
    Format(
        "jwe",
        re.compile(
            rf"(?<![A-Za-z0-9_.-])({_B64URL}{{8,}})\.({_B64URL}*)\.({_B64URL}*)\.({_B64URL}+)"
            rf"\.({_B64URL}*)(?![A-Za-z0-9_.-])"
        ),
        _is_jose,
    ),
    Format(
        "jwt",
        re.compile(
            rf"(?<![A-Za-z0-9_.-])({_B64URL}{{8,}})\.({_B64URL}{{2,}})\.({_B64URL}*)"
            rf"(?![A-Za-z0-9_-])"
        ),
        _is_jose,
    ),
    Format("slack", re.compile(r"\bxox[abposre]-[A-Za-z0-9-]{10,}|\bxapp-[A-Za-z0-9-]{10,}")),
    Format(
        "aws-key-id",
        re.compile(
            r"(?<![A-Z0-9])(?:AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA)[A-Z0-9]{16}(?![A-Z0-9])"
        ),
    ),
    Format(
        "aws-secret",
        re.compile(r"(?<![A-Za-z0-9+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])"),
        _aws_secret,
    ),
    Format("github", re.compile(r"\bgh[pousr]_[A-Za-z0-9]{30,}|\bgithub_pat_[A-Za-z0-9_]{22,}")),
    Format("google", re.compile(r"\bAIza[0-9A-Za-z_-]{35}|\bya29\.[0-9A-Za-z_-]{20,}")),
    Format(
        "stripe", re.compile(r"\b(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{10,}|\bwhsec_[0-9A-Za-z]{16,}")
    ),
    Format(
        "bearer",
        re.compile(r"(?i)\b(bearer|basic)\s+([A-Za-z0-9._~+/=:<>-]{8,})"),
        _bearer,
        group=2,
    ),
    Format("url-password", re.compile(r"(?<=://)[^/\s:@<>\"']+:([^/\s@<>\"']+)(?=@)"), group=1),
)
"""The value formats, in the order they are looked for (the longest shapes first)."""


def format_matches(text: str) -> list[tuple[str, int, int]]:
    """``(kind, start, end)`` of every secret format in ``text``, non-overlapping, in order."""
    if len(text) < 12:
        return []  # shorter than every format: most strings of a body
    if len(text) <= _CACHED_TEXT:
        return list(_cached_matches(text))
    return _format_matches(text)


_CACHED_TEXT = 4096
"""Texts up to this length have their matches cached: a request's token, URL and headers come
back on every request of a test (the scan of a JWT against every format is the dearest part of
matching a replayed request); longer bodies are scanned each time, never kept."""


@functools.lru_cache(maxsize=2048)
def _cached_matches(text: str) -> tuple[tuple[str, int, int], ...]:
    """:func:`_format_matches` of ``text``, remembered (FORMATS is fixed: a pure function)."""
    return tuple(_format_matches(text))


def _format_matches(text: str) -> list[tuple[str, int, int]]:
    found: list[tuple[str, int, int]] = []
    taken: list[tuple[int, int]] = []
    for fmt in FORMATS:
        for match in fmt.pattern.finditer(text):
            start, end = match.span(fmt.group)
            if any(start < b and a < end for a, b in taken) or not fmt.check(match):
                continue
            if text[start:end].startswith("<redacted"):
                continue
            taken.append((start, end))
            found.append((fmt.kind, start, end))
    found.sort(key=lambda item: item[1])
    return found


def kind_of(value: str) -> str | None:
    """The format ``value`` is whole (``jwt``, ``slack``, ...), or ``None``."""
    for kind, start, end in format_matches(value):
        if start == 0 and end == len(value):
            return kind
    return None
