"""Replay matches by meaning: token claims rather than raw tokens, JSON as structures, in order."""

from __future__ import annotations

import json
import time
from pathlib import Path

import httpx
import pytest

from pytest_paragon.cassettes.recorder import CassetteMissError, CassetteWarning
from tests.cassettes.conftest import Live
from tests.cassettes.sessions import cassette

pytestmark = pytest.mark.usefixtures("localhost_resolves")


def _token(live: Live, user: str = "user-1", **options: object) -> str:
    return live.fake.signing_key.mint(
        user,
        project_id=live.fake.project.id,
        audience=True,
        **options,  # type: ignore[arg-type]
    )


def _me(live: Live, token: str) -> str:
    return f"{live.zeus}/projects/{live.fake.project.id}/sdk/me"


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def recorded(tmp_path: Path, live: Live) -> Path:
    """A cassette of GET /sdk/me, PATCH /sdk/me (metadata), GET /sdk/me again; server stopped."""
    path = tmp_path / "me.yaml"
    token = _token(live, ttl=300)
    with cassette(path, "once"):
        url = _me(live, token)
        assert httpx.get(url, headers=_auth(token)).json()["meta"] == {}
        patched = httpx.patch(url, headers=_auth(token), json={"meta": {"Name": "Ada", "Tier": 1}})
        assert patched.status_code == 200
        assert httpx.get(url, headers=_auth(token)).json()["meta"]["Name"] == "Ada"
    live.stop()
    return path


def test_a_re_minted_token_with_a_fresh_expiry_matches(recorded: Path, live: Live) -> None:
    token = _token(live, ttl=86_400)  # another exp, another signature: another string
    with cassette(recorded) as session:
        url = _me(live, token)
        assert httpx.get(url, headers=_auth(token)).json()["meta"] == {}
        body = {"meta": {"Tier": 1, "Name": "Ada"}}  # the same JSON, keys in another order
        assert httpx.patch(url, headers=_auth(token), json=body).status_code == 200
        assert httpx.get(url, headers=_auth(token)).json()["meta"]["Name"] == "Ada"
    assert session.finish() == []


def test_an_expired_recorded_token_never_fails_the_replay(recorded: Path, live: Live) -> None:
    text = recorded.read_text(encoding="utf-8")
    exp = int(text.split(" exp=", 1)[1].split(">", 1)[0])
    assert exp < time.time() + 400  # the recorded token expires in minutes
    expired = _token(live, ttl=60, now=time.time() - 7_200)  # and this one expired hours ago
    with cassette(recorded):
        assert httpx.get(_me(live, expired), headers=_auth(expired)).status_code == 200


def test_another_user_is_a_miss_that_names_the_identity(recorded: Path, live: Live) -> None:
    other = _token(live, "user-2")
    with cassette(recorded) as session, pytest.raises(CassetteMissError) as raised:
        httpx.get(_me(live, other), headers=_auth(other))
    message = str(raised.value)
    assert "differs in identity" in message
    assert "sub=user-1" in message
    assert "sub=user-2" in message
    with pytest.warns(CassetteWarning, match="3 interaction"):
        assert session.finish() == [raised.value]


def test_identical_requests_replay_in_recorded_order(recorded: Path, live: Live) -> None:
    token = _token(live)
    url = _me(live, token)
    with cassette(recorded) as session:
        first = httpx.get(url, headers=_auth(token)).json()["meta"]
        httpx.patch(url, headers=_auth(token), json={"meta": {"Name": "Ada", "Tier": 1}})
        second = httpx.get(url, headers=_auth(token)).json()["meta"]
        with pytest.raises(CassetteMissError, match="already replayed"):
            httpx.get(url, headers=_auth(token))
    assert (first, second["Name"]) == ({}, "Ada")
    assert len(session.finish()) == 1  # the miss


def test_order_any_lets_a_matching_interaction_answer_again(recorded: Path, live: Live) -> None:
    token = _token(live)
    url = _me(live, token)
    with cassette(recorded, order="any", strict=True) as session:
        answers = [httpx.get(url, headers=_auth(token)).json()["meta"] for _ in range(3)]
        httpx.patch(url, headers=_auth(token), json={"meta": {"Name": "Ada", "Tier": 1}})
    assert answers == [{}, {}, {}]
    (unused,) = session.finish()  # the second GET was never the one chosen
    assert "interaction #2" in str(unused)


def test_a_different_json_body_is_a_miss_naming_the_body(recorded: Path, live: Live) -> None:
    token = _token(live)
    with cassette(recorded), pytest.raises(CassetteMissError) as raised:
        httpx.patch(_me(live, token), headers=_auth(token), json={"meta": {"Name": "Bob"}})
    nearest = str(raised.value).split("nearest:", 1)[1]
    assert "PATCH" in nearest.splitlines()[1]
    assert "differs in body" in nearest
    assert json.dumps("Bob")[1:-1] in nearest
