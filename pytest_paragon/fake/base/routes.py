"""What the fake decides from a request's text alone, kept per distinct request (the route memo).

The operation a request reaches, its path parameters, the contract view its SDK header chooses,
whether its host serves that operation and the request's contract violations depend on nothing
but the request itself (method, scheme, host, path, query, headers, body) and on the fake's
contracts, which never change after the fake is made. A client sends the same request again and
again (``GET /sdk/me`` on every page), so :class:`RouteMemo` keeps these decisions per request,
keyed by the request's whole text: a request that differs in any byte is a new key. What depends
on the time or the state is never kept here: the token is verified (and its expiry checked) at
every request, permissions, handlers and the journal run every time, and each request records its
own violations from the kept list.

The memo is bounded (cleared when full), and a request whose body is large is not kept.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pytest_paragon.contract import Operation
    from pytest_paragon.contract.validation import Violation
    from pytest_paragon.fake.base.exchange import FakeRequest
    from pytest_paragon.fake.base.sdk_version import ContractViews, View

MEMO_SIZE = 512
"""Distinct requests kept; the memo starts again empty when it is full."""
MEMO_MAX_BODY = 16 * 1024
"""Requests with a larger body are routed every time (their text would fill the memo)."""


class Route:
    """The text-only decisions about one request; violations worked out on first use."""

    __slots__ = ("_check", "_violations", "found", "headers", "refusal", "schemes", "view")

    def __init__(
        self,
        headers: dict[str, str],
        view: View,
        found: tuple[Operation, tuple[tuple[str, str], ...]] | None,
        refusal: str | None,
        check: Callable[[], list[Violation]],
    ) -> None:
        """Keep what :meth:`RouteMemo.route` worked out; ``check`` runs once, when asked."""
        self.headers = headers
        """The request's headers with lower-case names (copy before handing out)."""
        self.view = view
        self.found = found
        """The operation and its path parameters as pairs, or ``None`` (no operation)."""
        self.refusal = refusal
        """Paragon's 404 message when the request's host does not serve the operation."""
        self.schemes = view.contract.security_schemes(found[0]) if found else frozenset()
        self._check = check
        self._violations: tuple[Violation, ...] | None = None

    def violations(self) -> tuple[Violation, ...]:
        """The request's contract violations (checked the first time only: the same text)."""
        if self._violations is None:
            self._violations = tuple(self._check())
        return self._violations


def _lowered(headers: Mapping[str, str]) -> dict[str, str]:
    return {key.lower(): value for key, value in headers.items()}


class RouteMemo:
    """:class:`Route` s of the requests seen lately, keyed by the whole request."""

    def __init__(self, views: ContractViews) -> None:
        """Route through ``views`` (the fake's own contract and those it follows clients to)."""
        self.views = views
        self._kept: dict[tuple[object, ...], Route] = {}

    def route(self, request: FakeRequest) -> Route:
        """The decisions about ``request``, kept from an identical earlier request if any."""
        if len(request.body) > MEMO_MAX_BODY:
            return self._decide(request)
        key = (
            request.method,
            request.scheme,
            request.host,
            request.service_host,
            request.path,
            tuple(request.query),
            tuple(request.headers.items()),
            request.body,
        )
        try:
            kept = self._kept.get(key)
        except TypeError:  # an entrance's unhashable query or header value: decide afresh
            return self._decide(request)
        if kept is None:
            if len(self._kept) >= MEMO_SIZE:
                self._kept.clear()
            kept = self._kept[key] = self._decide(request)
        return kept

    def _decide(self, request: FakeRequest) -> Route:
        headers = _lowered(request.headers)
        view = self.views.for_headers(headers)  # the contract of the client's SDK version
        matched = view.contract.match(request.method, request.path)
        if matched is None:
            return Route(headers, view, None, None, list)
        operation, path_params = matched
        refusal = view.hosts.refusal(operation, request)
        query, body = tuple(request.query), request.body

        def check() -> list[Violation]:
            return view.checker.check(
                operation,
                path_params=path_params,
                query=query,
                headers=headers,
                content_type=headers.get("content-type"),
                body=body,
            )

        return Route(headers, view, (operation, tuple(path_params.items())), refusal, check)
