"""Adapters from httpx to the fake: explicit transports and respx routes for every Paragon host.

``ParagonTransport`` / ``AsyncParagonTransport`` serve clients that take an injected transport.
``intercept`` returns a started respx router that sends every request for a Paragon host, made by
any ``httpx.Client`` or ``AsyncClient`` anywhere in the code under test, to the fake. Requests for
other hosts are not Paragon's business: respx refuses them (``AllMockedAssertionError``) unless the
test adds its own routes to the router, so no test reaches the network by accident.
"""

from __future__ import annotations

from collections.abc import Iterable

import httpx
import respx

from pytest_paragon.fake.base.exchange import Answers, FakeRequest, FakeResponse

CLOUD_HOSTS = (
    "api.useparagon.com",
    "zeus.useparagon.com",
    "hermes.useparagon.com",
    "proxy.useparagon.com",
    "actionkit.useparagon.com",
    "sync.useparagon.com",
)
ONPREM_SERVICES = ("zeus", "hermes", "worker-proxy", "worker-actionkit", "sync", "api-triggerkit")


def paragon_hosts(onprem_base: str | None = None) -> tuple[str, ...]:
    """The cloud hosts, plus the on-prem service hosts under ``onprem_base`` when given."""
    if not onprem_base:
        return CLOUD_HOSTS
    return CLOUD_HOSTS + tuple(f"{service}.{onprem_base}" for service in ONPREM_SERVICES)


def to_fake_request(request: httpx.Request) -> FakeRequest:
    """An httpx request as the fake sees it."""
    url = request.url
    return FakeRequest(
        method=request.method,
        host=url.netloc.decode("ascii"),
        path=url.path,
        query=tuple(url.params.multi_items()),
        headers=dict(request.headers),
        body=request.content,
        scheme=url.scheme,
    )


def to_httpx_response(response: FakeResponse, request: httpx.Request) -> httpx.Response:
    """The fake's response as an httpx response to ``request``."""
    return httpx.Response(
        response.status, headers=response.headers, content=response.body, request=request
    )


class ParagonTransport(httpx.BaseTransport):
    """A sync httpx transport answered by the fake."""

    def __init__(self, fake: Answers) -> None:
        """Serve ``fake``."""
        self.fake = fake

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Answer one request."""
        request.read()
        return to_httpx_response(self.fake.handle(to_fake_request(request)), request)


class AsyncParagonTransport(httpx.AsyncBaseTransport):
    """An async httpx transport answered by the fake."""

    def __init__(self, fake: Answers) -> None:
        """Serve ``fake``."""
        self.fake = fake

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Answer one request."""
        await request.aread()
        return to_httpx_response(self.fake.handle(to_fake_request(request)), request)


def intercept(
    fake: Answers, hosts: Iterable[str] = CLOUD_HOSTS, router: respx.MockRouter | None = None
) -> respx.MockRouter:
    """Route every request for ``hosts`` to ``fake`` through respx.

    Returns the router, not started: use it as a context manager, or ``start()``/``stop()``.
    """
    router = router or respx.MockRouter(assert_all_called=False, assert_all_mocked=True)

    def side_effect(request: httpx.Request) -> httpx.Response:
        return to_httpx_response(fake.handle(to_fake_request(request)), request)

    router.route(host__in=tuple(hosts), name="paragon").mock(side_effect=side_effect)
    return router
