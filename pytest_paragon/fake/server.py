"""Server mode: the fake behind a real HTTP server (uvicorn) on loopback.

One base URL serves every service (zeus, hermes, proxy, actionkit, sync): their paths do not
collide, so the official SDK reaches it through ``configureGlobal``'s override URLs. The ASGI app is
a thin adapter: it reads the request (bodies over :data:`MAX_BODY` get 413), answers the admin
endpoints under ``/__paragon/`` and hands everything else to ``FakeParagon.handle``. An exception
in the fake becomes a 500 JSON answer; the server keeps serving.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any

import uvicorn

from pytest_paragon.fake.admin import AdminAPI
from pytest_paragon.fake.core import CORS_HEADERS, FakeParagon, FakeRequest, FakeResponse

MAX_BODY = 5 * 1024 * 1024
ADMIN_PREFIX = "/__paragon/"

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


def _json_response(status: int, document: Any) -> FakeResponse:
    body = json.dumps(document).encode()
    return FakeResponse(status, {"content-type": "application/json", **CORS_HEADERS}, body)


@dataclass(frozen=True)
class ParagonServer:
    """A running server: its base URL and the fake behind it."""

    url: str
    fake: FakeParagon

    def sdk_overrides(self) -> dict[str, str]:
        """The ``configureGlobal`` override URLs that send the official SDK here."""
        keys = (
            "ZEUS_PUBLIC_URL",
            "HERMES_PUBLIC_URL",
            "WORKER_PROXY_PUBLIC_URL",
            "API_TRIGGER_KIT_PUBLIC_URL",
        )
        return dict.fromkeys(keys, self.url)


class ParagonApp:
    """The ASGI application; ``fake`` may be swapped between tests (see ``paragon_server``)."""

    def __init__(self, fake: FakeParagon | None) -> None:
        """Serve ``fake`` (``None``: answer 503 until a test points the app at its fake)."""
        self.fake = fake

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer one ASGI connection scope (HTTP only; lifespan is acknowledged)."""
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            return
        body, too_large = await self._read_body(receive)
        if too_large:
            response = _json_response(
                413, {"statusCode": 413, "message": f"Request body exceeds {MAX_BODY} bytes."}
            )
        else:
            response = self._answer(scope, body)
        await send(
            {
                "type": "http.response.start",
                "status": response.status,
                "headers": [(k.encode(), v.encode()) for k, v in response.headers.items()],
            }
        )
        await send({"type": "http.response.body", "body": response.body})

    @staticmethod
    async def _read_body(receive: Receive) -> tuple[bytes, bool]:
        chunks: list[bytes] = []
        size, too_large = 0, False
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > MAX_BODY:
                too_large = True
            elif chunk:
                chunks.append(chunk)
            if not message.get("more_body"):
                break
        return b"".join(chunks), too_large

    def _answer(self, scope: Scope, body: bytes) -> FakeResponse:
        from urllib.parse import parse_qsl

        headers = {
            key.decode("latin-1"): value.decode("latin-1") for key, value in scope["headers"]
        }
        query = tuple(
            parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        )
        request = FakeRequest(
            method=scope["method"],
            host=headers.get("host", ""),
            path=scope["path"],
            query=query,
            headers=headers,
            body=body,
            scheme=scope.get("scheme", "http"),
        )
        if self.fake is None:
            return _json_response(
                503, {"statusCode": 503, "message": "No test is using the server."}
            )
        try:
            if request.path.startswith(ADMIN_PREFIX) and request.method != "OPTIONS":
                status, document = AdminAPI(self.fake).handle(request)
                if isinstance(document, bytes):
                    html = {"content-type": "text/html; charset=utf-8", **CORS_HEADERS}
                    return FakeResponse(status, html, document)
                return _json_response(status, document)
            return self.fake.handle(request)
        except AssertionError as error:  # strict "immediate": tell the client, keep serving
            return _json_response(400, {"statusCode": 400, "message": str(error)})
        except Exception as error:  # a bug in the fake must not take the server down
            return _json_response(
                500, {"statusCode": 500, "message": f"{type(error).__name__}: {error}"}
            )


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


class ServerThread:
    """uvicorn serving a :class:`ParagonApp` from a background thread."""

    def __init__(self, app: ParagonApp, host: str = "127.0.0.1", port: int = 0) -> None:
        """Prepare to serve ``app`` on ``host``:``port`` (0 picks a free port at start)."""
        self.app = app
        self.host = host
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind((host, port))
        self.port = int(self._socket.getsockname()[1])
        config = uvicorn.Config(
            app, log_level="warning", lifespan="off", access_log=False, timeout_keep_alive=30
        )
        self.server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._run, name="paragon-server", daemon=True)

    @property
    def url(self) -> str:
        """The base URL, e.g. ``http://127.0.0.1:54321``."""
        return f"http://{self.host}:{self.port}"

    def _run(self) -> None:
        asyncio.run(self.server.serve(sockets=[self._socket]))

    def start(self, timeout: float = 10.0) -> ServerThread:
        """Start serving; returns once the server accepts connections."""
        import time

        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the Paragon server did not start on {self.url}")
            time.sleep(0.005)
        return self

    def stop(self) -> None:
        """Stop serving and wait for the thread."""
        self.server.should_exit = True
        self._thread.join(timeout=10)
        self._socket.close()

    def __enter__(self) -> ServerThread:
        """Start on entry."""
        return self.start()

    def __exit__(self, *exc: object) -> None:
        """Stop on exit."""
        self.stop()
