"""What a web browser may do with the served fake: Host check, CORS and the admin API's guard.

A page open in the developer's browser can send requests to ``127.0.0.1``; without these rules it
could mint tokens through ``/__paragon/tokens`` (with ``--signing-key`` a project's real key:
tokens real Paragon accepts), reset the fake or read its journal. So:

- **Host**: only loopback names (``localhost``, ``*.localhost``, ``127.0.0.1``, ``[::1]``) and the
  hosts configured (``--allow-host``) are answered; any other ``Host`` is a 421 (a DNS-rebinding
  page names its own domain there).
- **CORS on Paragon's own paths**: only for the allowed origins: loopback origins (any port) and
  those configured (``--cors-origin``); the answer names the origin (never ``*``) and ``Vary:
  Origin``. Preflights allow the Paragon headers and any ``X-Paragon-*`` header asked for; they
  never grant Private Network Access (a public page reaching localhost).
- **Admin API** (``/__paragon/``): CORS only for the configured origins (none by default); a
  request from any other origin (``Origin`` or ``Sec-Fetch-Site: cross-site``) is a 403, and a
  mutating request must say ``Content-Type: application/json`` (a "simple" cross-site form or
  ``text/plain`` POST cannot, without a preflight the rules above refuse).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from pytest_paragon.fake.base.exchange import CORS_HEADERS
from pytest_paragon.fake.entrances.admin import ADMIN_PREFIX

LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
_LOOPBACK_ORIGIN = re.compile(
    r"https?://(localhost|[a-z0-9-]+\.localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?", re.IGNORECASE
)
_BASE_HEADERS = tuple(
    name.strip() for name in CORS_HEADERS["access-control-allow-headers"].split(",")
)
_METHODS = CORS_HEADERS["access-control-allow-methods"]


def host_name(host_header: str) -> str:
    """The name in a ``Host`` header, without the port and brackets, lowercased."""
    host = host_header.strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def is_loopback_bind(host: str) -> bool:
    """Whether binding ``host`` serves only this machine (127.0.0.0/8, ::1, localhost)."""
    name = host.strip("[]").lower()
    return name in LOOPBACK_HOSTS or name.startswith("127.")


def bind_warning(host: str) -> str | None:
    """The warning ``serve`` prints when it listens on ``host`` beyond this machine (else None)."""
    if is_loopback_bind(host):
        return None
    return (
        f"pytest-paragon: warning: listening on {host}, not loopback: anyone who can reach this "
        "address can mint tokens and read or reset the fake (/__paragon/); see 'Security model "
        "of server mode' in the README"
    )


@dataclass(frozen=True)
class BrowserPolicy:
    """Which hosts are answered and which origins may read answers (see the module docs)."""

    cors_origins: frozenset[str] = field(default_factory=frozenset)
    """Origins allowed everywhere, the admin API included (``--cors-origin``)."""
    allowed_hosts: frozenset[str] = field(default_factory=frozenset)
    """Host names answered besides the loopback ones (``--allow-host``, the bound address)."""

    @classmethod
    def of(
        cls, cors_origins: Iterable[str] = (), allowed_hosts: Iterable[str] = ()
    ) -> BrowserPolicy:
        """A policy from command-line lists of origins and of host names."""
        return cls(
            frozenset(origin.strip().rstrip("/").lower() for origin in cors_origins),
            frozenset(host_name(host) for host in allowed_hosts),
        )

    def host_allowed(self, host_header: str) -> bool:
        """Whether a request with this ``Host`` header is answered."""
        name = host_name(host_header)
        if not name:
            return False
        return name in LOOPBACK_HOSTS or name.endswith(".localhost") or name in self.allowed_hosts

    def origin_allowed(self, origin: str, path: str) -> bool:
        """Whether a page from ``origin`` may read the answer to ``path``."""
        normalized = origin.strip().rstrip("/").lower()
        if normalized in self.cors_origins:
            return True
        if path.startswith(ADMIN_PREFIX):
            return False
        return _LOOPBACK_ORIGIN.fullmatch(normalized) is not None

    def refusal(self, method: str, path: str, headers: Mapping[str, str]) -> str | None:
        """Why a non-preflight request is refused before the fake sees it (``None``: it is not)."""
        if not self.host_allowed(headers.get("host", "")):
            return "host"
        if not path.startswith(ADMIN_PREFIX):
            return None
        origin = headers.get("origin")
        if origin is not None and not self.origin_allowed(origin, path):
            return "origin"
        if origin is None and headers.get("sec-fetch-site", "") == "cross-site":
            return "origin"
        if method.upper() not in ("GET", "HEAD"):
            media = headers.get("content-type", "").split(";")[0].strip().lower()
            if media != "application/json":
                return "content-type"
        return None

    def cors_headers(self, path: str, headers: Mapping[str, str]) -> dict[str, str]:
        """The CORS headers of an answer to a request with these headers (none without Origin)."""
        origin = headers.get("origin")
        if origin is None or not self.origin_allowed(origin, path):
            return {}
        return {"access-control-allow-origin": origin, "vary": "Origin"}

    def preflight_headers(self, path: str, headers: Mapping[str, str]) -> dict[str, str] | None:
        """The headers of a preflight's 204, or ``None`` when the origin is not allowed here.

        The Paragon headers and any ``X-Paragon-*`` header asked for; never a Private Network
        Access grant.
        """
        origin = headers.get("origin")
        if origin is None or not self.origin_allowed(origin, path):
            return None
        allowed = list(_BASE_HEADERS)
        known = {name.lower() for name in allowed}
        asked = headers.get("access-control-request-headers", "")
        for name in (part.strip() for part in asked.split(",")):
            if name.lower().startswith("x-paragon-") and name.lower() not in known:
                known.add(name.lower())
                allowed.append(name)
        return {
            "access-control-allow-origin": origin,
            "access-control-allow-methods": _METHODS,
            "access-control-allow-headers": ", ".join(allowed),
            "access-control-max-age": CORS_HEADERS["access-control-max-age"],
            "vary": "Origin",
        }
