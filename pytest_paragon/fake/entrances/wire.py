"""HTTP/1.1 bytes to and from the fake, for clients answered below their own parser.

aiohttp (an in-memory transport under its real protocol) and ``http.client`` / urllib3 (an
in-memory socket under their real connection) write a request as bytes and read the answer as
bytes: :class:`RequestBytes` collects what they write until the request is whole,
:func:`to_fake_request` reads it as the fake sees requests and :func:`response_bytes` writes the
fake's answer as a server would. Every answer closes its connection (``connection: close``), so no
client keeps an in-memory connection in its pool.
"""

from __future__ import annotations

import http
from dataclasses import replace
from urllib.parse import parse_qsl, urlsplit

from pytest_paragon.fake.base.exchange import FakeRequest, FakeResponse

_HEAD_END = b"\r\n\r\n"
_NOT_SENT = frozenset({"content-length", "transfer-encoding", "connection"})


class RequestBytes:
    """The bytes of one request as a client writes them, until the request is whole."""

    def __init__(self) -> None:
        """Nothing written yet."""
        self.data = bytearray()

    def feed(self, data: bytes | bytearray | memoryview) -> None:
        """Add what the client wrote."""
        self.data += data

    @property
    def complete(self) -> bool:
        """Whether the head and the whole body (by length or chunked) have been written."""
        end = self.data.find(_HEAD_END)
        if end < 0:
            return False
        head = bytes(self.data[:end]).lower()
        body = self.data[end + len(_HEAD_END) :]
        if b"transfer-encoding: chunked" in head:
            return body.endswith(b"0\r\n\r\n")
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip() == b"content-length":
                return len(body) >= int(value.strip() or b"0")
        return True


def _dechunked(body: bytes) -> bytes:
    out, rest = bytearray(), body
    while rest:
        size_line, _, rest = rest.partition(b"\r\n")
        size = int(size_line.split(b";")[0].strip() or b"0", 16)
        if size == 0:
            break
        out += rest[:size]
        rest = rest[size + 2 :]
    return bytes(out)


def to_fake_request(raw: bytes, scheme: str, host: str) -> FakeRequest:
    """The request in ``raw`` (HTTP/1.1 bytes) as the fake sees it; ``host`` if none is sent."""
    head, _, body = raw.partition(_HEAD_END)
    request_line, *lines = head.decode("latin-1").split("\r\n")
    method, target, _version = request_line.split(" ", 2)
    headers: dict[str, str] = {}
    for line in lines:
        name, _, value = line.partition(":")
        key = name.strip()
        headers[key] = f"{headers[key]}, {value.strip()}" if key in headers else value.strip()
    lowered = {key.lower(): value for key, value in headers.items()}
    if "chunked" in lowered.get("transfer-encoding", "").lower():
        body = _dechunked(body)
    elif "content-length" in lowered:
        body = body[: int(lowered["content-length"] or "0")]
    parts = urlsplit(target)
    return FakeRequest(
        method=method.upper(),
        host=parts.netloc or lowered.get("host", host),
        path=parts.path or "/",
        query=tuple(parse_qsl(parts.query, keep_blank_values=True)),
        headers={k: v for k, v in headers.items() if k.lower() not in _NOT_SENT},
        body=body,
        scheme=scheme,
    )


def reason(status: int) -> str:
    """The standard reason phrase of ``status`` (empty when it has none)."""
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return ""


def response_bytes(response: FakeResponse, *, length: int | None = None) -> bytes:
    """``response`` as HTTP/1.1 bytes; ``length``: the content-length announced (default: true)."""
    lines = [f"HTTP/1.1 {response.status} {reason(response.status)}"]
    lines += [
        f"{name}: {value}"
        for name, value in response.headers.items()
        if name.lower() not in _NOT_SENT
    ]
    lines.append(f"content-length: {len(response.body) if length is None else length}")
    lines.append("connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + response.body


def answer_bytes(response: FakeResponse, timeout: float | None = None) -> bytes:
    """The bytes the client reads for ``response``, or the exception a socket would raise.

    A ``reset`` raises :class:`ConnectionResetError`; a ``timeout``, or a ``latency`` longer than
    the client's read ``timeout``, raises :class:`TimeoutError` at once (the fake's clock: the
    client's own timeout handling runs, nobody waits); a ``truncated`` body stops at half its
    announced length.
    """
    if response.fault == "reset":
        raise ConnectionResetError(104, "Connection reset by peer")
    if response.fault == "timeout" or (timeout is not None and response.delay > timeout):
        raise TimeoutError("timed out")
    if response.fault == "truncated":
        body = response.body
        return response_bytes(replace(response, body=body[: len(body) // 2]), length=len(body))
    return response_bytes(response)
