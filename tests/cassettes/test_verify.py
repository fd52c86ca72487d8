"""``pytest-paragon cassettes verify``: refuses secrets and violations, passes clean files."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from pytest_paragon.cassettes import format as cassette_format
from pytest_paragon.cassettes import store
from pytest_paragon.cassettes.redact import Redactor
from pytest_paragon.cli import main
from pytest_paragon.fake.base.project import DEFAULT_PROJECT_ID
from pytest_paragon.fake.core import FakeParagon, FakeRequest
from pytest_paragon.tokens import SigningKey

ME = f"https://zeus.useparagon.com/projects/{DEFAULT_PROJECT_ID}/sdk/me"


def _real_me() -> dict:
    """What the fake (which conforms to the contract) answers to GET /sdk/me."""
    fake = FakeParagon()
    token = fake.signing_key.mint("user-1", project_id=fake.project.id)
    request = FakeRequest(
        "GET",
        "zeus.useparagon.com",
        f"/projects/{fake.project.id}/sdk/me",
        headers={"authorization": f"Bearer {token}"},
    )
    return json.loads(fake.handle(request).body)


REAL_ME = _real_me()


def _me(token: str, body: dict | None = None) -> dict:
    return cassette_format.interaction_document(
        method="GET",
        url=ME,
        query=(),
        request_headers={"Authorization": f"Bearer {token}"},
        request_body=b"",
        status=200,
        response_headers={"content-type": "application/json"},
        response_body=cassette_format.decode_body({"json": body or copy.deepcopy(REAL_ME)}),
        operation="getConnectedUser",
    )


@pytest.fixture
def token() -> str:
    return SigningKey.generate().mint("user-1", project_id=DEFAULT_PROJECT_ID, audience=True)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    status = main(["cassettes", "verify", *args])
    return status, capsys.readouterr().out


def test_a_clean_redacted_cassette_passes(
    tmp_path: Path, token: str, capsys: pytest.CaptureFixture[str]
) -> None:
    store.write(tmp_path / "clean.yaml", [Redactor().redact(_me(token))])
    status, out = run(capsys, str(tmp_path))
    assert (status, out) == (0, "1 cassette(s), 1 interaction(s): clean\n")


def test_a_jwt_anywhere_is_refused_without_printing_it(
    tmp_path: Path, token: str, capsys: pytest.CaptureFixture[str]
) -> None:
    clean = Redactor().redact(_me(token))
    leaked = Redactor().redact(_me(token))
    leaked["response"]["json"]["meta"] = {"note": f"token was {token}"}
    store.write(tmp_path / "a.yaml", [clean, _me(token)])
    store.write(tmp_path / "b.yaml", [leaked])
    status, out = run(capsys, str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml"))
    assert status == 1
    assert out.splitlines() == [
        f"{tmp_path / 'a.yaml'}: interaction #1: secret: a JWT at "
        "request.headers.authorization (not redacted)",
        f"{tmp_path / 'b.yaml'}: interaction #0: secret: a JWT at "
        "response.json.meta.note (not redacted)",
        "2 cassette(s), 3 interaction(s): 2 problem(s)",
    ]
    assert token not in out


def test_a_contract_violation_names_the_interaction_and_the_schema_path(
    tmp_path: Path, token: str, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = Redactor().redact(_me(token, {**REAL_ME, "authenticated": "yes"}))
    store.write(tmp_path / "c.yaml", [broken])
    status, out = run(capsys, str(tmp_path / "c.yaml"))
    assert status == 1
    assert out.startswith(
        f"{tmp_path / 'c.yaml'}: interaction #0: contract: getConnectedUser "
        "(GET /projects/{projectId}/sdk/me) at response body/authenticated: "
    )
    assert "(schema path components/schemas/" in out


def test_an_unreadable_cassette_is_a_problem_naming_the_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "bad.yaml").write_text(
        "format: pytest-paragon-cassette\nversion: 1\ninteractions: [{request: 1}]\n",
        encoding="utf-8",
    )
    status, out = run(capsys, str(tmp_path))
    assert status == 1
    assert (
        f"{tmp_path / 'bad.yaml'}: file: Cannot load the cassette: interactions[0].request" in out
    )


def test_a_missing_path_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["cassettes", "verify", str(tmp_path / "nowhere")]) == 2
    assert "no such file or folder" in capsys.readouterr().err
