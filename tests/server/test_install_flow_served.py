"""Server mode over real HTTP: the installFlow simulator by base URL, and the admin API it uses.

It reads the integrations' declarations from ``GET /__paragon/project`` and sets the OAuth
outcome through ``/__paragon/oauth/outcome``; nothing touches the fake's state directly.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from pytest_paragon.fake.core import FakeParagon
from pytest_paragon.fake.entrances.interception import ServedFakeBypassedError
from pytest_paragon.fake.entrances.server import ParagonServer
from pytest_paragon.fake.entrances.users import FakeUser
from pytest_paragon.sdk.install_flow import InstallFlow


def test_an_oauth_install_over_http_connects_the_user(
    paragon_server: ParagonServer, paragon_fake: FakeParagon, paragon_user: FakeUser
) -> None:
    flow = InstallFlow(paragon_server.url, paragon_user.token)
    seen: list[dict[str, Any]] = []
    completed: list[dict[str, Any]] = []
    try:
        flow.start("hubspot", on_next=seen.append, on_complete=completed.append)
    finally:
        flow.close()
    assert [stage["stage"] for stage in seen] == ["oauth", "done"]
    (credential,) = paragon_fake.users.credentials(paragon_user.id, "hubspot")
    assert credential.status == "VALID"
    assert [event["credentialId"] for event in completed] == [credential.id]
    hosts = {entry.host.split(":")[0] for entry in paragon_fake.requests()}
    assert hosts == {"127.0.0.1"}, "every request went over the socket"
    assert paragon_fake.state.oauth_outcome == "granted", "the outcome is restored afterwards"


def test_a_timed_out_consent_over_http_leaves_no_credential(
    paragon_server: ParagonServer, paragon_fake: FakeParagon, paragon_user: FakeUser
) -> None:
    flow = InstallFlow(paragon_server.url, paragon_user.token)
    errors: list[str] = []
    try:
        flow.start("hubspot", oauth="timeout", on_error=lambda error, _: errors.append(error.name))
    finally:
        flow.close()
    assert errors == ["OAuthTimeoutError"]
    assert [c.status for c in paragon_fake.users.credentials(paragon_user.id, "hubspot")] != [
        "VALID"
    ]


def test_the_admin_api_serves_the_project_and_the_oauth_outcome(
    paragon_server: ParagonServer, paragon_fake: FakeParagon
) -> None:
    import httpx

    with httpx.Client(base_url=paragon_server.url) as client:
        project = client.get("/__paragon/project").json()
        assert project["id"] == paragon_fake.project.id
        assert "hubspot" in [i["type"] for i in project["integrations"]]
        assert client.put("/__paragon/oauth/outcome", json={"outcome": "pending"}).json() == {
            "outcome": "pending"
        }
        assert paragon_fake.state.oauth_outcome == "pending"
        refused = client.put("/__paragon/oauth/outcome", json={"outcome": "maybe"})
        assert refused.status_code == 400
        assert client.get("/__paragon/oauth/outcome").json() == {"outcome": "pending"}


def test_the_admin_api_lists_the_problems_a_test_would_fail_with(
    paragon_server: ParagonServer, paragon_fake: FakeParagon, paragon_user: FakeUser
) -> None:
    import httpx

    paragon_user.connect("slack")
    paragon_fake.proxy.on("hubspot", {"ok": True})
    with httpx.Client(base_url=paragon_server.url, headers=paragon_user.headers) as client:
        proxied = client.get(f"/projects/{paragon_fake.project.id}/sdk/proxy/slack/auth.test")
        assert proxied.status_code == 502
        problems = client.get("/__paragon/problems").json()
    assert [p["type"] for p in problems] == ["UnmatchedAnswerError", "UnusedAnswerError"]
    assert "differs in integration: 'slack' is not 'hubspot'" in problems[0]["message"]
    paragon_fake._failures.clear()
    paragon_fake.state.proxy_handlers.clear()


def test_while_served_the_cloud_hosts_are_refused(
    paragon_server: ParagonServer, paragon_fake: FakeParagon, paragon_user: FakeUser
) -> None:
    cloud = f"https://zeus.useparagon.com/projects/{paragon_fake.project.id}/sdk/me"
    with pytest.raises(ServedFakeBypassedError) as refused:
        httpx.get(cloud, headers=paragon_user.headers)
    assert paragon_server.url in str(refused.value)
    assert "intercept_while_served=True" in str(refused.value)
    served = f"{paragon_server.url}/projects/{paragon_fake.project.id}/sdk/me"
    assert httpx.get(served, headers=paragon_user.headers).status_code == 200


@pytest.mark.paragon(intercept_while_served=True)
def test_a_test_may_ask_for_both(
    paragon_server: ParagonServer, paragon_fake: FakeParagon, paragon_user: FakeUser
) -> None:
    cloud = f"https://zeus.useparagon.com/projects/{paragon_fake.project.id}/sdk/me"
    assert httpx.get(cloud, headers=paragon_user.headers).status_code == 200
    served = f"{paragon_server.url}/projects/{paragon_fake.project.id}/sdk/me"
    assert httpx.get(served, headers=paragon_user.headers).status_code == 200
