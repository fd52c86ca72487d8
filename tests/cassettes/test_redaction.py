"""Redaction, on by default, before anything reaches the disk: real secrets through the recorder."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
import yaml

from pytest_paragon.cassettes.redact import Redactor, claims_of, placeholder_claims, redacted_jwt
from pytest_paragon.tokens import SigningKey
from tests.cassettes.conftest import ONPREM, Live
from tests.cassettes.sessions import cassette

pytestmark = pytest.mark.usefixtures("localhost_resolves")

ACCESS_TOKEN = "ya29.a0-live-oauth-access-token-4f2c"
REFRESH_TOKEN = "1//live-oauth-refresh-token-9d1e"
SIGNING_SECRET = "whsec_live_signing_secret_77ab"


def test_real_secrets_never_reach_the_cassette(tmp_path: Path, live: Live) -> None:
    project = live.fake.project.id
    live.fake.users.connect(
        "user-1", "googledrive", account_auth={"OAUTH_ACCESS_TOKEN": ACCESS_TOKEN}
    )
    live.fake.users.connect("user-1", "salesforce")
    live.fake.proxy.on(
        "salesforce",
        {
            "access_token": ACCESS_TOKEN,
            "refresh_token": REFRESH_TOKEN,
            "signingSecret": SIGNING_SECRET,
        },
        method="GET",
        path="/services/oauth2/token",
    )
    token = live.fake.signing_key.mint("user-1", project_id=project, audience=True)
    private_pem = SigningKey.generate().private_pem().decode()
    api_key = live.fake.project.apiKeys[0]
    auth = {"Authorization": f"Bearer {token}"}
    proxy = f"http://worker-proxy.{ONPREM}:{live.port}/projects/{project}/sdk/proxy/salesforce"
    path = tmp_path / "secrets.yaml"
    with cassette(path, "once") as session:
        account = httpx.get(
            f"{live.zeus}/projects/{project}/sdk/credentials",
            params={"integration": "googledrive", "includeAccountAuth": "true", "userToken": token},
            headers=auth,
        )
        assert account.json()["accountAuth"]["OAUTH_ACCESS_TOKEN"] == ACCESS_TOKEN
        proxied = httpx.get(f"{proxy}/services/oauth2/token", headers=auth)
        assert proxied.json()["output"]["access_token"] == ACCESS_TOKEN, proxied.text
        httpx.patch(
            f"{live.zeus}/projects/{project}/sdk/me",
            headers=auth,
            json={"meta": {"pem": private_pem}},
        ).raise_for_status()
        history = httpx.get(
            f"http://zeus.{ONPREM}:{live.port}/projects/{project}/task-history/workflow-executions",
            headers={"Authorization": f"Bearer {api_key}"},
        )
        assert history.status_code == 200
    assert session.finish() == []
    text = path.read_text(encoding="utf-8")
    for secret in (token, ACCESS_TOKEN, REFRESH_TOKEN, SIGNING_SECRET, api_key, "PRIVATE KEY"):
        assert secret not in text
    assert "eyJ" not in text
    interactions = yaml.safe_load(text)["interactions"]
    credentials = interactions[0]
    assert credentials["request"]["query"]["userToken"].startswith("<redacted-jwt sub=user-1 ")
    assert credentials["response"]["json"]["accountAuth"] == {"OAUTH_ACCESS_TOKEN": "<redacted>"}
    assert interactions[1]["response"]["json"]["output"]["access_token"] == "<redacted>"
    assert interactions[1]["response"]["json"]["output"]["signingSecret"] == "<redacted>"
    assert interactions[2]["request"]["json"]["meta"]["pem"].strip() == "<redacted private key>"
    assert interactions[3]["request"]["headers"]["authorization"] == "Bearer <redacted>"
    # the cassette still replays: tokens match by their claims
    live.stop()
    with cassette(path) as replay:
        again = httpx.get(
            f"{live.zeus}/projects/{project}/sdk/credentials",
            params={"integration": "googledrive", "includeAccountAuth": "true", "userToken": token},
            headers=auth,
        )
        assert again.json()["accountAuth"] == {"OAUTH_ACCESS_TOKEN": "<redacted>"}
    assert replay.player.used[0]


def test_a_redacted_jwt_keeps_sub_aud_and_exp_readable() -> None:
    key = SigningKey.generate()
    token = key.mint("user-7", project_id="p-1", audience=True, ttl=60, claims={"email": "a@b.c"})
    placeholder = redacted_jwt(token)
    claims = placeholder_claims(placeholder)
    assert claims == {
        "sub": "user-7",
        "aud": "useparagon.com/p-1",
        "exp": str(claims_of(token)["exp"]),
    }
    assert "a@b.c" not in placeholder


def test_extra_rules_header_names_json_paths_and_patterns() -> None:
    redactor = Redactor(
        headers=["X-Tenant-Secret"],
        json_paths=["data.*.email", "ssn"],
        patterns=[r"acct-[0-9]{6}"],
    )
    interaction = {
        "request": {
            "method": "POST",
            "url": "https://zeus.useparagon.com/x",
            "headers": {"x-tenant-secret": "s3", "x-other": "see acct-123456"},
            "json": {"data": [{"email": "a@b.c", "name": "Ada"}], "deep": {"ssn": "123-45"}},
        },
        "response": {"status": 200, "text": "ok acct-654321 access_token=abc&x=1"},
    }
    redacted = redactor.redact(interaction)
    assert redacted["request"]["headers"] == {
        "x-tenant-secret": "<redacted>",
        "x-other": "see <redacted>",
    }
    assert redacted["request"]["json"] == {
        "data": [{"email": "<redacted>", "name": "Ada"}],
        "deep": {"ssn": "<redacted>"},
    }
    assert redacted["response"]["text"] == "ok <redacted> access_token=<redacted>&x=1"
    assert redactor.redact(redacted) == redacted  # idempotent: a clean file stays clean
    assert redactor.findings(redacted) == []
    assert [place for place, _ in redactor.findings(interaction)] == [
        "request.headers.x-tenant-secret",
        "request.headers.x-other",
        "request.json.data[0].email",
        "request.json.deep.ssn",
        "response.text",
    ]


def test_a_repeated_secret_query_key_is_redacted_value_by_value() -> None:
    interaction = {
        "request": {
            "method": "GET",
            "url": "https://proxy.useparagon.com/x",
            "query": {"access_token": ["one", "two"], "page": ["1", "2"]},
        },
        "response": {"status": 200},
    }
    query = Redactor().redact(interaction)["request"]["query"]
    assert query == {"access_token": ["<redacted>", "<redacted>"], "page": ["1", "2"]}
