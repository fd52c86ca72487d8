"""Redaction, on by default, before anything reaches the disk: real secrets through the recorder."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
import yaml

from pytest_paragon.cassettes.redact import (
    PLACEHOLDER,
    Redactor,
    claims_of,
    parse_fill,
    placeholder_claims,
    redacted_jwt,
)
from pytest_paragon.tokens import SigningKey
from tests.cassettes.conftest import ONPREM, Live
from tests.cassettes.sessions import cassette

pytestmark = pytest.mark.usefixtures("localhost_resolves")


def plain(value: object) -> object:
    """``value`` with each labelled placeholder (``<redacted:google-1>``) as ``<redacted>``."""
    if isinstance(value, str):
        return PLACEHOLDER.sub("<redacted>", value)
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


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
    account_auth = credentials["response"]["json"]["accountAuth"]
    assert plain(account_auth) == {"OAUTH_ACCESS_TOKEN": "<redacted>"}
    output = interactions[1]["response"]["json"]["output"]
    assert output["access_token"] == account_auth["OAUTH_ACCESS_TOKEN"]  # one secret, one label
    assert plain(output["signingSecret"]) == "<redacted>"
    pem = interactions[2]["request"]["json"]["meta"]["pem"].strip()
    assert pem.startswith("<redacted:private-key-")
    assert plain(interactions[3]["request"]["headers"]["authorization"]) == "Bearer <redacted>"
    # the cassette still replays: tokens match by their claims
    live.stop()
    with cassette(path) as replay:
        again = httpx.get(
            f"{live.zeus}/projects/{project}/sdk/credentials",
            params={"integration": "googledrive", "includeAccountAuth": "true", "userToken": token},
            headers=auth,
        )
        assert again.json()["accountAuth"] == account_auth
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
    assert plain(redacted["request"]["headers"]) == {
        "x-tenant-secret": "<redacted>",
        "x-other": "see <redacted>",
    }
    assert plain(redacted["request"]["json"]) == {
        "data": [{"email": "<redacted>", "name": "Ada"}],
        "deep": {"ssn": "<redacted>"},
    }
    assert plain(redacted["response"]["text"]) == "ok <redacted> access_token=<redacted>&x=1"
    assert redactor.redact(redacted) == redacted  # idempotent: a clean file stays clean
    assert redactor.findings(redacted) == []
    assert [place for place, _ in redactor.findings(interaction)] == [
        "request.headers.x-tenant-secret",
        "request.headers.x-other",
        "request.json.data[0].email",
        "request.json.deep.ssn",
        "response.text.access_token",
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
    assert plain(query) == {"access_token": ["<redacted>", "<redacted>"], "page": ["1", "2"]}
    assert query["access_token"][0] != query["access_token"][1]  # two secrets, two labels


def _exchange(headers: dict[str, str], body: object) -> dict[str, object]:
    return {
        "request": {"method": "GET", "url": "https://zeus.useparagon.com/x", "headers": headers},
        "response": {"status": 200, "json": body},
    }


def test_the_same_secret_gets_the_same_placeholder_within_a_cassette() -> None:
    redactor = Redactor()
    slack = "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx"
    first = redactor.redact(_exchange({"x-note": slack}, {"token": slack, "other": "pw-1"}))
    second = redactor.redact(_exchange({}, {"bot_token": slack, "password": "pw-2"}))
    label = first["request"]["headers"]["x-note"]
    assert label.startswith("<redacted:slack-")
    assert first["response"]["json"]["token"] == label == second["response"]["json"]["bot_token"]
    assert second["response"]["json"]["password"] != first["response"]["json"]["other"]


def test_new_placeholders_are_numbered_after_those_a_cassette_holds(tmp_path: Path) -> None:
    redactor = Redactor()
    redactor.reserve([{"response": {"json": {"token": "<redacted:token-7>"}}}])
    assert redactor.placeholder("fresh-secret", "token") == "<redacted:token-8>"


def test_a_placeholder_is_filled_from_the_environment_at_replay(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pytest_paragon.cassettes import store
    from pytest_paragon.cassettes.recorder import CassetteSession
    from pytest_paragon.fake.base.exchange import FakeRequest

    path = tmp_path / "filled.yaml"
    store.write(path, [_exchange({}, {"bot_token": "<redacted:bot_token-1>", "n": 1})])
    monkeypatch.setenv("CORPUS_BOT_TOKEN", "live-value-from-env")
    session = CassetteSession(path, fill=parse_fill("bot_token-1=CORPUS_BOT_TOKEN, x-2=UNSET"))
    answer = session.handle(FakeRequest("GET", "zeus.useparagon.com", "/x"))
    assert b'"bot_token":"live-value-from-env"' in answer.body
    assert "live-value-from-env" not in path.read_text()  # filled in memory, never written


def test_the_allow_list_keeps_places_and_patterns() -> None:
    interaction = _exchange(
        {"x-trace-token": "not-a-secret-trace"},
        {
            "apiKey": "pk_test_public_value",
            "password": "hunter2",
            "sessionKey": "AbC123xYz789QwE456",
        },
    )
    plain_redactor = Redactor()
    assert {place for place, _ in plain_redactor.findings(interaction)} == {
        "request.headers.x-trace-token",
        "response.json.apiKey",
        "response.json.password",
        "response.json.sessionKey",
    }
    allowed = Redactor(allow=["request.headers.x-trace-token", "/pk_test_[a-z_]+/", "*.sessionKey"])
    assert allowed.findings(interaction) == [("response.json.password", "password")]
    kept = allowed.redact(interaction)
    assert kept["response"]["json"]["apiKey"] == "pk_test_public_value"
    assert kept["request"]["headers"]["x-trace-token"] == "not-a-secret-trace"


def test_verify_never_prints_the_secret_it_flags_nor_one_a_violation_quotes(
    tmp_path: Path,
) -> None:
    from pytest_paragon.cassettes import store
    from pytest_paragon.cassettes.verify import verify
    from pytest_paragon.contract import load_contract

    key = SigningKey.generate()
    token = key.mint("user-9", project_id="p-9", audience=True, ttl=60)
    path = tmp_path / "leaky.yaml"
    store.write(
        path,
        [
            {
                "request": {
                    "method": "GET",
                    "url": f"https://zeus.useparagon.com/projects/p-9/sdk/{token}",
                    "headers": {"authorization": f"Bearer {token}"},
                },
                "response": {"status": 200, "json": {"password": "hunter2-planted"}},
            }
        ],
    )
    _, _, findings = verify([path], load_contract())
    printed = "\n".join(finding.render() for finding in findings)
    assert {finding.kind for finding in findings} == {"secret", "contract"}
    for piece in (token, *token.split(".")[1:], "hunter2-planted"):
        assert piece not in printed
    assert "a JWT at request.headers.authorization (not redacted)" in printed


def test_a_contract_failure_while_recording_shows_only_redacted_forms(tmp_path: Path) -> None:
    from pytest_paragon.cassettes.recorder import CassetteSession
    from pytest_paragon.contract import load_contract
    from pytest_paragon.fake.base.exchange import FakeRequest, FakeResponse

    key = SigningKey.generate()
    token = key.mint("user-5", project_id="p-5", audience=True, ttl=60)
    body = b'{"userId": {"password": "hunter2-planted-value"}, "integrations": 7}'
    session = CassetteSession(
        tmp_path / "c.yaml",
        mode="all",
        contract=load_contract(),
        forward=lambda request: FakeResponse(200, {"content-type": "application/json"}, body),
    )
    session.handle(
        FakeRequest(
            "GET",
            "zeus.useparagon.com",
            f"/projects/{token}/sdk/me",
            headers={"authorization": f"Bearer {token}"},
        )
    )
    assert session.problems  # the project id is not a UUID, the body breaks the schema
    shown = "\n".join(str(problem) for problem in session.problems)
    for piece in (token, *token.split(".")[1:], "hunter2-planted-value"):
        assert piece not in shown
    assert "<redacted" in shown
