"""The fake with its admin API, in process: what a server-mode fake answers, without a socket.

:class:`InProcessTransport` routes ``/__paragon/...`` to :class:`AdminAPI` and everything else to
the fake, as :class:`~pytest_paragon.fake.entrances.server.ParagonApp` does over HTTP. Clients that
must work against both (the installFlow simulator) use it in process and a base URL otherwise.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import httpx

from pytest_paragon.fake.entrances.admin import ADMIN_PREFIX, AdminAPI
from pytest_paragon.fake.entrances.transport import to_fake_request, to_httpx_response

if TYPE_CHECKING:
    from pytest_paragon.fake.core import FakeParagon


class InProcessTransport(httpx.BaseTransport):
    """A sync httpx transport answered by the fake and its admin API."""

    def __init__(self, fake: FakeParagon) -> None:
        """Serve ``fake`` and its admin API."""
        self.fake = fake
        self.admin = AdminAPI(fake)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Answer ``request`` as the loopback server would."""
        fake_request = to_fake_request(request)
        if not fake_request.path.startswith(ADMIN_PREFIX):
            return to_httpx_response(self.fake.handle(fake_request), request)
        status, document = self.admin.handle(fake_request)
        if isinstance(document, bytes):
            headers = {"content-type": "text/html; charset=utf-8"}
            return httpx.Response(status, headers=headers, content=document, request=request)
        body = json.dumps(document).encode()
        headers = {"content-type": "application/json"}
        headers.update(self.admin.headers)
        return httpx.Response(status, headers=headers, content=body, request=request)
