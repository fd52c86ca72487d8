"""A live request's match key, built the short way (its query redacted alone), is the full one.

:meth:`CassetteSession.key` redacts and keys a request's method, URL, headers and body once per
session and, for a request that repeats them, redacts the query alone. These tests compare it
with the whole request's redaction and :func:`key_of`, over requests that put secrets in every
part, a ``userToken`` query value that names the identity, and repeated query keys.
"""

from __future__ import annotations

from pathlib import Path

import jwt

from pytest_paragon.cassettes.format import request_document
from pytest_paragon.cassettes.match import Key, key_of
from pytest_paragon.cassettes.recorder import CassetteSession
from pytest_paragon.cassettes.redact import Redactor
from pytest_paragon.contract import load_contract
from pytest_paragon.fake.base.exchange import FakeRequest

HOST = "zeus.useparagon.com"
PATH = "/projects/p-1/sdk/me"


def _token(user: str) -> str:
    claims = {"sub": user, "aud": "useparagon.com/p-1", "exp": 1_900_000_000}
    return jwt.encode(claims, "a key long enough for HS256 in the tests", algorithm="HS256")


def _requests() -> list[FakeRequest]:
    bearer = {"authorization": f"Bearer {_token('user-1')}", "accept": "*/*"}
    secret_header = {**bearer, "x-api-key": "sk_live_4eC39HqLyjWDarjtT1zdp7dc"}
    queries: list[list[tuple[str, str]]] = [
        [],
        [("n", "0")],
        [("n", "1"), ("n", "2")],
        [("access_token", "abcdEFGH1234ijklMNOP5678qrst")],
        [("userToken", _token("user-2"))],
        [("n", "3"), ("access_token", "abcdEFGH1234ijklMNOP5678qrst")],
        [("userToken", _token("user-3")), ("q", "password=hunter2-but-longer")],
    ]
    found = []
    for headers, path, body in (
        (bearer, PATH, b""),
        ({"accept": "*/*"}, PATH, b""),  # no Authorization: a userToken names the user
        (secret_header, f"{PATH}/../sdk/me", b'{"client_secret": "s3cr3t-Value-0123456789"}'),
        (secret_header, PATH, b""),
    ):
        for query in queries:
            found.append(FakeRequest("GET", HOST, path, query, dict(headers), body))
            found.append(FakeRequest("POST", HOST, path, query, dict(headers), body))
    return found


def _full_key(session: CassetteSession, redactor: Redactor, request: FakeRequest) -> Key:
    document = request_document(
        method=request.method,
        url=f"{request.scheme}://{request.host}{request.path}",
        query=request.query,
        headers=request.headers,
        body=request.body,
    )
    return key_of(redactor.redact({"request": document})["request"], session._template)


def test_the_short_key_equals_the_full_one_and_takes_the_same_placeholders(
    tmp_path: Path,
) -> None:
    session = CassetteSession(tmp_path / "none.yaml", contract=load_contract())
    reference = Redactor()
    requests = _requests()
    for request in [*requests, *requests]:  # the second pass: every request's rest is known
        assert session.key(request) == _full_key(session, reference, request)
    assert session._keys  # the short way was taken
    assert session.redactor.labels == reference.labels  # the same numbering, in the same order
    assert session.redactor.taken == reference.taken  # what scrub removes: the same secrets


def test_a_user_token_in_the_query_names_the_identity_the_short_way(tmp_path: Path) -> None:
    session = CassetteSession(tmp_path / "none.yaml")
    first = FakeRequest("GET", HOST, PATH, [("userToken", _token("user-2"))], {"accept": "*/*"})
    again = FakeRequest("GET", HOST, PATH, [("userToken", _token("user-3"))], {"accept": "*/*"})
    assert session.key(first).identity == "sub=user-2 aud=useparagon.com/p-1"
    assert session.key(again).identity == "sub=user-3 aud=useparagon.com/p-1"  # not remembered
    plain = FakeRequest("GET", HOST, PATH, [("n", "1")], {"accept": "*/*"})
    assert session.key(plain).identity == "anonymous"


def test_a_remembered_url_still_reports_its_secret_each_time() -> None:
    redactor = Redactor()
    interaction = {
        "request": {
            "method": "GET",
            "url": f"https://{HOST}/hooks/xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
        }
    }
    first = redactor.findings(interaction)
    assert first  # a Slack token in the path
    assert redactor.findings(interaction) == first  # from the remembered URL: the same findings
    assert "xoxb-" not in redactor.redact(interaction)["request"]["url"]
