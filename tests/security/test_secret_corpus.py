"""The secret corpus: planted secrets never reach a cassette, verify flags each, look-alikes pass.

Data: ``corpus/formats.yaml`` (secrets recognized by their format, placed under neutral names),
``corpus/named.yaml`` (low-entropy secrets recognized by their name alone) and
``corpus/benign.yaml`` (look-alikes that must stay as they are). Every case goes through the
recorder (a :class:`CassetteSession` whose network is a function, in process) and the cassette
written is searched for the secret, raw and in every decoded form; an unredacted copy of the same
interaction is given to ``cassettes verify``, which must flag it without printing the secret.
"""

from __future__ import annotations

import base64
import gzip
import json
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus, urlencode

import pytest
import yaml

from pytest_paragon.cassettes import store
from pytest_paragon.cassettes.format import interaction_document
from pytest_paragon.cassettes.recorder import CassetteSession
from pytest_paragon.cassettes.redact import Redactor
from pytest_paragon.cassettes.verify import verify_file
from pytest_paragon.contract import load_contract
from pytest_paragon.contract.document import Contract
from pytest_paragon.fake.base.exchange import FakeRequest, FakeResponse
from pytest_paragon.redaction import bodies

CORPUS = Path(__file__).parent / "corpus"
HOST = "zeus.useparagon.com"
BROTLI = bodies.brotli_module()


@dataclass(frozen=True)
class Exchange:
    """One planted exchange: what the client sends and what the network answers."""

    path: str = "/projects/p-1/sdk/me"
    query: tuple[tuple[str, str], ...] = ()
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    status: int = 200
    response_headers: dict[str, str] = field(default_factory=lambda: {"content-type": "text/plain"})
    response_body: bytes = b"ok"

    def request(self) -> FakeRequest:
        return FakeRequest("POST", HOST, self.path, self.query, self.headers, self.body)

    def response(self) -> FakeResponse:
        return FakeResponse(self.status, self.response_headers, self.response_body)


def _json(value: Any, **headers: str) -> Exchange:
    return Exchange(
        response_headers={"content-type": "application/json", **headers},
        response_body=json.dumps(value).encode(),
    )


def _text(text: str, content_type: str) -> Exchange:
    return Exchange(headers={"content-type": content_type}, body=text.encode())


def _multipart(name: str, value: str) -> Exchange:
    body = (
        '--XyZ\r\nContent-Disposition: form-data; name="title"\r\n\r\nreport\r\n'
        f'--XyZ\r\nContent-Disposition: form-data; name="{name}"\r\n'
        f"Content-Type: text/plain\r\n\r\n{value}\r\n--XyZ--\r\n"
    )
    return _text(body, "multipart/form-data; boundary=XyZ")


def _compressed(value: Any, encoding: str) -> Exchange:
    raw = json.dumps(value).encode()
    if encoding == "gzip":
        data = gzip.compress(raw)
    elif encoding == "deflate":
        data = zlib.compress(raw)
    else:
        data = BROTLI.compress(raw)
    return Exchange(
        response_headers={"content-type": "application/json", "content-encoding": encoding},
        response_body=data,
    )


Placement = Callable[[str, str], Exchange]
"""``(name, secret) -> Exchange``: where a planted secret sits."""

PLACEMENTS: dict[str, Placement] = {
    "header-authorization": lambda n, s: Exchange(headers={"authorization": f"Bearer {s}"}),
    "header-named": lambda n, s: Exchange(headers={n: s}),
    "set-cookie": lambda n, s: Exchange(
        response_headers={"set-cookie": f"{n}={s}; Path=/; HttpOnly; Secure"}
    ),
    "query": lambda n, s: Exchange(query=(("page", "2"), (n, s))),
    "path-segment": lambda n, s: Exchange(path=f"/projects/p-1/hooks/{quote(s, safe='+')}"),
    "fragment": lambda n, s: _json({"redirect": f"https://app.example.com/cb#{n}={s}&state=1"}),
    "form": lambda n, s: _text(
        urlencode({"grant": "x", n: s}), "application/x-www-form-urlencoded"
    ),
    "multipart": _multipart,
    "json": lambda n, s: _json({"ok": True, n: s}),
    "json-deep": lambda n, s: _json({"data": [{"meta": {"items": [{n: s}]}}]}),
    "json-one-down": lambda n, s: _json({"token": {"value": s}} if n == "note" else {n: {"v": s}}),
    "json-in-string": lambda n, s: _json({"payload": json.dumps({"kind": "x", n: s})}),
    "json-in-text": lambda n, s: _text(
        f"<script>var c = {json.dumps({n: s})};</script>", "text/html"
    ),
    "text": lambda n, s: _text(f"log line\n{n}={s}\nend\n", "text/plain"),
    "xml": lambda n, s: _text(f"<?xml version='1.0'?><r><{n}>{s}</{n}></r>", "application/xml"),
    "base64-body": lambda n, s: Exchange(
        response_headers={"content-type": "application/octet-stream"},
        response_body=base64.b64encode(json.dumps({n: s}).encode()),
    ),
    "base64-in-json": lambda n, s: _json(
        {"blob": base64.b64encode(json.dumps({n: s}).encode()).decode()}
    ),
    "gzip-body": lambda n, s: _compressed({n: s}, "gzip"),
    "deflate-body": lambda n, s: _compressed({n: s}, "deflate"),
    "br-body": lambda n, s: _compressed({n: s}, "br"),
}
SINGLE_LINE = {"header-authorization", "header-named", "set-cookie", "path-segment", "fragment"}
NEUTRAL = "note"
"""The name format secrets sit under: it says nothing, so only the value's shape can tell."""
NEUTRAL_ONLY = {"header-authorization"}
"""Placements that name the secret themselves (used once per format, not per name)."""


def _load(name: str) -> Any:
    return yaml.safe_load((CORPUS / name).read_text(encoding="utf-8"))


FORMATS: dict[str, str] = _load("formats.yaml")
NAMED: list[list[str]] = _load("named.yaml")
BENIGN: list[list[Any]] = _load("benign.yaml")


@dataclass(frozen=True)
class Case:
    """One planted secret (or look-alike) in one placement."""

    kind: str
    placement: str
    name: str
    value: Any
    benign: bool = False

    @property
    def id(self) -> str:
        return f"{'benign' if self.benign else 'secret'}:{self.kind}@{self.placement}"


def _fits(placement: str, value: str) -> bool:
    if placement == "br-body" and BROTLI is None:
        return False
    if " " in value and placement == "path-segment":
        return False
    return not ("\n" in value and placement in SINGLE_LINE)


def _cases() -> Iterator[Case]:
    for kind, value in FORMATS.items():
        for placement in PLACEMENTS:
            if _fits(placement, value) and placement != "header-named":
                yield Case(kind, placement, "x-note" if "header" in placement else NEUTRAL, value)
    for name, value in NAMED:
        for placement in PLACEMENTS:
            if name == "credential" and placement == "json-one-down":
                continue  # a credential object is a Paragon structure, walked by the usual rules
            if placement not in NEUTRAL_ONLY | {"path-segment"} and _fits(placement, value):
                yield Case(name, placement, name, value)
    for name, value in BENIGN:
        yield Case(name, "json", name, value, benign=True)
        if isinstance(value, str):
            yield Case(name, "query", name, value, benign=True)
            yield Case(name, "text", name, value, benign=True)


CASES = list(_cases())


@pytest.fixture(scope="module")
def contract() -> Contract:
    return load_contract()


def _decoded_forms(path: Path) -> str:
    """The cassette's text plus every base64 string in it decoded (and decompressed)."""
    text = path.read_text(encoding="utf-8")
    forms = [text]

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, str) and len(value) >= 16:
            decoded = bodies.base64_text(value.strip())
            if decoded is not None:
                forms.append(decoded)
            try:
                raw = base64.b64decode(value, validate=True)
            except ValueError:
                return
            plain = bodies.decompressed(raw)
            if plain is not None:
                forms.append(plain.decode("utf-8", "replace"))

    walk(yaml.safe_load(text))
    return "\n".join(forms)


def _pieces(secret: str) -> list[str]:
    """What must not appear: the secret, encoded as a form would, and its long lines."""
    pieces = [secret, quote_plus(secret), quote(secret, safe="+")]
    pieces += [line for line in secret.splitlines() if len(line) >= 20]
    if secret.count(".") >= 2:  # a JWT's payload and signature segments
        pieces += [part for part in secret.split(".")[1:] if len(part) >= 16]
    return pieces


def test_the_corpus_is_as_large_as_promised() -> None:
    secrets = [case for case in CASES if not case.benign]
    benign = [case for case in CASES if case.benign]
    assert len(secrets) >= 150
    assert len({(case.kind, case.placement) for case in secrets}) >= 20
    assert len({case.kind for case in secrets}) >= 20
    assert len({case.placement for case in secrets}) >= 15
    assert len(benign) >= 40


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_corpus(case: Case, tmp_path: Path, contract: Contract) -> None:
    exchange = PLACEMENTS[case.placement](case.name, str(case.value))
    if case.benign:
        exchange = PLACEMENTS[case.placement](case.name, str(case.value))
        if case.placement == "json":
            exchange = _json({case.name: case.value})
    recorded = tmp_path / "recorded.yaml"
    session = CassetteSession(
        recorded, mode="all", forward=lambda request: exchange.response(), contract=None
    )
    session.handle(exchange.request())
    assert session.save()
    raw = interaction_document(
        method="POST",
        url=f"https://{HOST}{exchange.path}",
        query=exchange.query,
        request_headers=exchange.headers,
        request_body=exchange.body,
        status=exchange.status,
        response_headers=exchange.response_headers,
        response_body=exchange.response_body,
        operation=None,
    )
    unredacted = tmp_path / "unredacted.yaml"
    store.write(unredacted, [raw])
    _, findings = verify_file(unredacted, contract, Redactor())
    secrets = [finding for finding in findings if finding.kind == "secret"]
    _, after = verify_file(recorded, contract, Redactor())
    assert [finding for finding in after if finding.kind == "secret"] == []
    on_disk = _decoded_forms(recorded)
    printed = "\n".join(finding.render() for finding in findings)
    if case.benign:
        assert secrets == [], printed
        assert str(case.value) in on_disk or json.dumps(case.value) in on_disk
        return
    assert secrets, f"verify missed {case.id}"
    for piece in _pieces(str(case.value)):
        assert piece not in on_disk, f"{case.id}: the secret reached the cassette"
        assert piece not in printed, f"{case.id}: verify printed the secret"
