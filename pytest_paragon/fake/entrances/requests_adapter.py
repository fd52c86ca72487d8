"""From ``requests`` to the fake and back: a prepared request in, a ``requests.Response`` out.

Imported only by :class:`~pytest_paragon.fake.entrances.interception.Interception` once
``requests`` is known to be installed; nothing else in the package needs ``requests``.
"""

from __future__ import annotations

import functools
import http
import io
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from requests import PreparedRequest, Response
from requests.structures import CaseInsensitiveDict
from requests.utils import get_encoding_from_headers
from urllib3 import HTTPResponse

from pytest_paragon.fake.base.exchange import Answers, FakeRequest, fake_request


def host_of(url: str | None) -> str | None:
    """The lower-case host name of ``url`` (no port), as the interception matches it."""
    return urlsplit(url or "").hostname


def _body_bytes(body: Any) -> bytes:
    if body is None:
        return b""
    if isinstance(body, bytes):
        return body
    if isinstance(body, str):
        return body.encode("utf-8")
    if hasattr(body, "read"):
        data = body.read()
        return data.encode("utf-8") if isinstance(data, str) else bytes(data)
    return b"".join(part.encode("utf-8") if isinstance(part, str) else part for part in body)


def to_fake_request(request: PreparedRequest) -> FakeRequest:
    """A prepared ``requests`` request as the fake sees it."""
    parts = urlsplit(request.url or "")
    return fake_request(
        (request.method or "GET").upper(),
        parts.netloc.rsplit("@", 1)[-1],
        parts.path or "/",
        tuple(parse_qsl(parts.query, keep_blank_values=True)) if parts.query else (),
        {
            key: value.decode("latin-1") if isinstance(value, bytes) else value
            for key, value in request.headers.items()
        },
        _body_bytes(request.body),
        parts.scheme,
    )


def answer(fake: Answers, adapter: Any, request: PreparedRequest, timeout: Any = None) -> Response:
    """Answer ``request`` from ``fake`` as ``adapter.send`` would have from the network.

    ``timeout``: ``send``'s (a number, or a (connect, read) pair); a fault raises what requests
    raises for it (``ConnectionError``, ``ReadTimeout``, ``ChunkedEncodingError``), at once.
    """
    reply = fake.handle(to_fake_request(request))
    if reply.fault or reply.delay:
        _raise_fault(reply, request, timeout)
    response = Response()
    response.status_code = reply.status
    response.headers = CaseInsensitiveDict(reply.headers)
    response.encoding = get_encoding_from_headers(response.headers)
    response.reason = _reason(reply.status)
    response.url = request.url or ""
    response.request = request
    response.connection = adapter
    # What requests' own adapter leaves there: urllib3's response (raw headers, HTTP version).
    response.raw = HTTPResponse(
        body=io.BytesIO(reply.body),
        headers=reply.headers,
        status=reply.status,
        version=11,
        reason=response.reason,
        preload_content=False,
        decode_content=False,
        request_url=request.url,
    )
    response._content = reply.body
    response._content_consumed = True  # iter_content serves the body already read
    return response


def _raise_fault(reply: Any, request: PreparedRequest, timeout: Any) -> None:
    from requests.exceptions import ChunkedEncodingError, ReadTimeout
    from requests.exceptions import ConnectionError as RequestsConnectionError
    from urllib3.exceptions import ProtocolError

    read = timeout[1] if isinstance(timeout, tuple) else timeout
    if reply.fault == "reset":
        reset = ConnectionResetError(104, "Connection reset by peer")
        raise RequestsConnectionError(ProtocolError("Connection aborted.", reset), request=request)
    if reply.fault == "timeout" or (read is not None and reply.delay > read):
        raise ReadTimeout(f"Read timed out. (read timeout={read})", request=request)
    if reply.fault == "truncated":
        size, read_part = len(reply.body), len(reply.body) // 2
        broken = (
            f"Connection broken: IncompleteRead({read_part} bytes read, "
            f"{size - read_part} more expected)"
        )
        raise ChunkedEncodingError(ProtocolError(broken), request=request)


@functools.lru_cache(maxsize=128)
def _reason(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return ""
