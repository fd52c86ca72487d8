"""Interception of every way the code under test can reach a Paragon host, in process.

:class:`Interception` sends requests for Paragon's hosts to the fake at the lowest point each
client library offers, without respx's side-effect machinery:

- httpx: ``HTTPTransport.handle_request`` / ``AsyncHTTPTransport.handle_async_request`` answer
  Paragon's hosts from the fake and every other host from respx's router
  (``paragon_fake.router``: its routes answer, pass-through routes reach the original method,
  any other host fails with ``AllMockedAssertionError``). Transports injected explicitly
  (``paragon_fake.transport()``, any ``httpx.MockTransport``) are untouched.
- httpx2 (the fork): the same two methods of its transports, when it is imported; Paragon's
  hosts only (respx routes httpx alone: httpx2's other hosts are left alone).
- ``requests``: ``HTTPAdapter.send`` answers Paragon's hosts the same way, with the same checks,
  journal and failures. Patched only when ``requests`` is installed.
- urllib3 used directly (``PoolManager``), and ``http.client`` (``urllib.request``): their
  connections to a Paragon host get an in-memory socket whose peer is the fake
  (:mod:`~pytest_paragon.fake.entrances.socket_adapter`); the client parses the fake's bytes.
- aiohttp: ``TCPConnector`` connects to a Paragon host through an in-memory transport under
  aiohttp's own protocol (:mod:`~pytest_paragon.fake.entrances.aiohttp_adapter`).
- anything else (raw sockets, other libraries): resolving or connecting to a Paragon host raises
  :class:`ParagonHostBlockedError`, which names server mode, so no test reaches Paragon by accident.

A library is patched only when it is imported: if it is imported while the interception runs, it
is patched then (an import hook), so that an installed but unused aiohttp costs nothing.

Patches stack: each interception restores what it found when it stops. The answerer
(:attr:`Interception.fake`) is read at each request, so a cassette can be put in front of the fake
while the interception runs; :meth:`Interception.original` gives what a patch replaced (the
recorder reaches the network through it) and :attr:`Interception.unguarded` names the Paragon
hosts the socket guard lets through (while a cassette records).
"""

from __future__ import annotations

import contextlib
import importlib.abc
import importlib.machinery
import importlib.util
import socket
import sys
from collections.abc import Callable, Iterable, Iterator
from types import ModuleType
from typing import Any

from pytest_paragon.errors import ParagonError, Report
from pytest_paragon.fake.base.exchange import Answers, FakeRequest
from pytest_paragon.fake.entrances.transport import CLOUD_HOSTS
from pytest_paragon.fake.entrances.wire import answer_bytes

ANSWERED_CLIENTS = "httpx, httpx2, requests, urllib3, urllib.request and aiohttp"
"""The clients answered in process, as the refusal names them."""


class ParagonHostBlockedError(ParagonError, ConnectionError):
    """A client pytest-paragon cannot answer in process tried to reach a Paragon host."""

    @classmethod
    def for_host(cls, host: str, how: str) -> ParagonHostBlockedError:
        """``how`` (``socket.connect``, ``getaddrinfo``) was about to reach ``host``."""
        return cls(
            Report(
                what=(
                    f"A connection to the Paragon host {host} was blocked: in process, "
                    f"pytest-paragon answers {ANSWERED_CLIENTS} only"
                ),
                where=how,
                expected=f"{ANSWERED_CLIENTS}, or the fake's server mode for any other client",
                received=host,
                remedy=(
                    "use the paragon_server fixture (or `pytest-paragon serve`) and point the "
                    "client at its .url"
                ),
                anchor="server-mode",
            )
        )


class ServedFakeBypassedError(ParagonHostBlockedError):
    """While ``paragon_server`` runs, a request went to a cloud host instead of its ``.url``."""

    @classmethod
    def for_url(cls, url: str, served: str) -> ServedFakeBypassedError:
        """A request for ``url`` was made while the fake is served at ``served``."""
        return cls(
            Report(
                what=(
                    f"paragon_server is active at {served}, but this request went to {url} "
                    "(answered in process, it would pass a client that ignores the served URL)"
                ),
                where="the in-process interception of Paragon's cloud hosts",
                expected=f"a request to {served}",
                received=url,
                remedy=(
                    "point the client at paragon_server.url, or let one test use both with "
                    "@pytest.mark.paragon(intercept_while_served=True)"
                ),
                anchor="server-mode",
            )
        )


class UnroutedWhileRecordingError(AssertionError):
    """Recording, the client asked a host that is neither Paragon's nor routed: how to record."""


def _host_of(address: Any) -> str | None:
    if isinstance(address, tuple) and address and isinstance(address[0], str | bytes):
        host = address[0]
        return (host.decode("ascii", "replace") if isinstance(host, bytes) else host).lower()
    return None


def _respx_active() -> bool:
    """Whether another respx mock (``respx.mock`` in the test) patches httpcore right now."""
    from respx.mocks import Mocker

    return any(mocker.routers for mocker in Mocker.registry.values())


def _routed(router: Any, request: Any) -> Any:
    """The respx router's answer for a host that is not Paragon's; ``None`` to pass through.

    The router is never started (starting respx costs more than the fake's whole request): it
    answers here, at httpx's transport. A host it does not route fails with respx's
    ``AllMockedAssertionError``, unless a respx mock of the test's own is active to answer it.
    """
    if router is None:
        return None
    from respx.models import AllMockedAssertionError, PassThrough

    try:
        return router.handler(request)
    except PassThrough:
        return None
    except AllMockedAssertionError:
        if _respx_active():
            return None
        raise


async def _routed_async(router: Any, request: Any) -> Any:
    """:func:`_routed` for async clients."""
    if router is None:
        return None
    from respx.models import AllMockedAssertionError, PassThrough

    try:
        return await router.async_handler(request)
    except PassThrough:
        return None
    except AllMockedAssertionError:
        if _respx_active():
            return None
        raise


class Interception:
    """Send requests for ``hosts`` to ``fake`` from httpx and requests; block other clients."""

    def __init__(
        self,
        fake: Answers,
        hosts: Iterable[str] = CLOUD_HOSTS,
        router: Any = None,
        *,
        make_router: Callable[[], Any] | None = None,
    ) -> None:
        """Intercept ``hosts`` (names without port) for ``fake``; call :meth:`start` to begin.

        ``router``: a respx router that answers every other httpx host (never started);
        ``make_router``: makes it when first needed instead (another host is asked, or
        :attr:`router` is read), so that a test talking to Paragon only never pays for respx.
        """
        self.fake = fake
        self.hosts = frozenset(host.lower() for host in hosts)
        self._router = router
        self._make_router = make_router
        self.unguarded: set[str] = set()
        """Paragon hosts the socket guard lets through (a cassette recording from them)."""
        self.served: str | None = None
        """The URL of a served fake: while set, requests to the cloud hosts are refused."""
        self._undo: list[Callable[[], None]] = []
        self._originals: dict[tuple[Any, str], Any] = {}

    @property
    def router(self) -> Any:
        """The respx router of every other httpx host (made on first use), or None."""
        if self._router is None and self._make_router is not None:
            self._router = self._make_router()
        return self._router

    @router.setter
    def router(self, router: Any) -> None:
        self._router = router

    # -- lifecycle ----------------------------------------------------------------------------

    def start(self) -> Interception:
        """Install the patches: every client library imported (or imported later), the guard."""
        self._patch_httpx(sys.modules.get("httpx") or importlib.import_module("httpx"))
        from pytest_paragon.fake.entrances.socket_adapter import patch_http_client

        patch_http_client(self._replace, self.hosts.__contains__, self.answer_bytes)
        # requests too is patched when imported: importing it here would cost every test that
        # never uses it (and a find_spec on every start)
        later = {
            "requests": self._patch_requests,
            "httpx2": self._patch_httpx,
            "urllib3": self._patch_urllib3,
            "aiohttp": self._patch_aiohttp,
        }
        for name, patch in later.items():
            if name in sys.modules:
                patch(sys.modules[name])
        pending = {name: patch for name, patch in later.items() if name not in sys.modules}
        if pending:
            hook = _PatchOnImport(pending)
            sys.meta_path.insert(0, hook)
            self._undo.append(lambda: sys.meta_path.remove(hook))
        self._patch_sockets()
        return self

    def answer_bytes(self, request: FakeRequest, timeout: float | None = None) -> bytes:
        """The fake's answer to ``request`` as HTTP/1.1 bytes (clients answered below parsing).

        ``timeout``: the client's read timeout; a fault raises what a socket would.
        """
        return answer_bytes(self.fake.handle(request), timeout)

    def stop(self) -> None:
        """Remove the patches, last installed first."""
        while self._undo:
            self._undo.pop()()

    def __enter__(self) -> Interception:
        """Start intercepting."""
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        """Stop intercepting."""
        self.stop()

    def _replace(self, owner: Any, name: str, replacement: Any) -> Any:
        original = owner.__dict__[name] if name in owner.__dict__ else getattr(owner, name)
        self._originals.setdefault((owner, name), original)
        setattr(owner, name, replacement)
        self._undo.append(lambda: setattr(owner, name, original))
        return original

    def original(self, owner: Any, name: str) -> Any:
        """What ``owner.name`` was before this interception patched it (to reach the network)."""
        return self._originals[(owner, name)]

    @contextlib.contextmanager
    def _recording_hint(self, host: str) -> Iterator[None]:
        """While a cassette records, an unrouted host's failure says how to record from it."""
        from respx.models import AllMockedAssertionError

        try:
            yield
        except AllMockedAssertionError as error:
            if not getattr(self.fake, "recording", False):
                raise
            raise UnroutedWhileRecordingError(
                f"{error} The cassette records Paragon's hosts only: point the client at "
                f"Paragon's own host (https://zeus.useparagon.com, ...) and set "
                f"--paragon-record-from to the base URL of {host} (a served fake, staging, "
                "on-prem) so that recording reaches it."
            ) from None

    # -- httpx --------------------------------------------------------------------------------

    def _patch_httpx(self, httpx: ModuleType) -> None:
        """httpx, or httpx2 (same API; respx routes the other hosts of httpx only)."""
        from pytest_paragon.fake.entrances.transport import to_fake_request, to_httpx_response

        hosts = self.hosts
        routes_others = httpx.__name__ == "httpx"  # respx routes httpx's other hosts only

        sync_original = httpx.HTTPTransport.handle_request
        async_original = httpx.AsyncHTTPTransport.handle_async_request

        def handle_request(transport: Any, request: Any) -> Any:
            if request.url.host not in hosts:
                with self._recording_hint(request.url.host):
                    routed: Any = _routed(self.router if routes_others else None, request)
                return routed if routed is not None else sync_original(transport, request)
            self._refuse_if_served(str(request.url))
            request.read()
            return to_httpx_response(self.fake.handle(to_fake_request(request)), request, httpx)

        async def handle_async_request(transport: Any, request: Any) -> Any:
            if request.url.host not in hosts:
                with self._recording_hint(request.url.host):
                    router = self.router if routes_others else None
                    answered: Any = await _routed_async(router, request)
                if answered is not None:
                    return answered
                return await async_original(transport, request)
            self._refuse_if_served(str(request.url))
            await request.aread()
            handle_async = getattr(self.fake, "handle_async", None)  # a recording cassette
            if handle_async is not None:
                answer = await handle_async(to_fake_request(request))
                return to_httpx_response(answer, request, httpx)
            return to_httpx_response(self.fake.handle(to_fake_request(request)), request, httpx)

        self._replace(httpx.HTTPTransport, "handle_request", handle_request)
        self._replace(httpx.AsyncHTTPTransport, "handle_async_request", handle_async_request)

    def _refuse_if_served(self, url: str) -> None:
        if self.served is not None:
            raise ServedFakeBypassedError.for_url(url, self.served)

    # -- requests -----------------------------------------------------------------------------

    def _patch_requests(self, module: ModuleType) -> None:
        from requests.adapters import HTTPAdapter

        from pytest_paragon.fake.entrances.requests_adapter import answer, host_of

        hosts = self.hosts
        original = HTTPAdapter.send

        def send(adapter: Any, request: Any, *args: Any, **kwargs: Any) -> Any:
            if host_of(request.url) not in hosts:
                return original(adapter, request, *args, **kwargs)
            self._refuse_if_served(str(request.url))
            timeout = kwargs.get("timeout", args[1] if len(args) > 1 else None)
            return answer(self.fake, adapter, request, timeout)

        self._replace(HTTPAdapter, "send", send)

    # -- urllib3 and aiohttp: the fake's bytes under the client's own parser --------------------

    def _patch_urllib3(self, module: ModuleType) -> None:
        from pytest_paragon.fake.entrances.socket_adapter import patch_urllib3

        patch_urllib3(self._replace, self.hosts.__contains__, self.answer_bytes)

    def _patch_aiohttp(self, module: ModuleType) -> None:
        from pytest_paragon.fake.entrances.aiohttp_adapter import patch_aiohttp

        patch_aiohttp(self._replace, self.hosts.__contains__, self.answer_bytes)

    # -- everything else ----------------------------------------------------------------------

    def _patch_sockets(self) -> None:
        hosts, open_hosts = self.hosts, self.unguarded
        resolve = socket.getaddrinfo
        connect = socket.socket.connect
        connect_ex = socket.socket.connect_ex

        def guarded_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
            name = _host_of((host,))
            if name in hosts and name not in open_hosts:
                raise ParagonHostBlockedError.for_host(name or "", "socket.getaddrinfo")
            return resolve(host, *args, **kwargs)

        def guarded_connect(sock: socket.socket, address: Any) -> None:
            name = _host_of(address)
            if name in hosts and name not in open_hosts:
                raise ParagonHostBlockedError.for_host(name or "", "socket.connect")
            connect(sock, address)

        def guarded_connect_ex(sock: socket.socket, address: Any) -> int:
            name = _host_of(address)
            if name in hosts and name not in open_hosts:
                raise ParagonHostBlockedError.for_host(name or "", "socket.connect_ex")
            return connect_ex(sock, address)

        self._replace(socket, "getaddrinfo", guarded_getaddrinfo)
        self._replace(socket.socket, "connect", guarded_connect)
        self._replace(socket.socket, "connect_ex", guarded_connect_ex)


class _PatchOnImport(importlib.abc.MetaPathFinder):
    """Patch a client library right after it is first imported (while an interception runs)."""

    def __init__(self, patches: dict[str, Callable[[ModuleType], None]]) -> None:
        self.patches = patches

    def find_spec(
        self, fullname: str, path: Any = None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        patch = self.patches.pop(fullname, None)
        if patch is None:
            return None
        spec = importlib.util.find_spec(fullname)  # the other finders (this one is spent)
        if spec is None or spec.loader is None:
            return None
        spec.loader = _PatchingLoader(spec.loader, patch)
        return spec


class _PatchingLoader(importlib.abc.Loader):
    """Load a module with its own loader, then patch it."""

    def __init__(self, loader: importlib.abc.Loader, patch: Callable[[ModuleType], None]) -> None:
        self.loader = loader
        self.patch = patch

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self.loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        self.loader.exec_module(module)
        self.patch(module)

    def __getattr__(self, name: str) -> Any:  # resources, code, ...: the module's own loader
        return getattr(self.loader, name)


def intercept(fake: Answers, hosts: Iterable[str] = CLOUD_HOSTS) -> Interception:
    """The ``paragon_fake`` fixture's interception: Paragon's hosts to ``fake``, others to respx.

    Returns it not started (a context manager, or ``start()``/``stop()``); its ``router`` is the
    respx router for every other host, where unrouted hosts fail (``AllMockedAssertionError``).
    """
    return Interception(fake, hosts, make_router=_mock_router)


def _mock_router() -> Any:
    """A respx router where a host without a route fails (``AllMockedAssertionError``)."""
    import respx

    return respx.MockRouter(assert_all_called=False, assert_all_mocked=True)
