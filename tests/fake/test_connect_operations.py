"""Every Connect operation E1-E30 answers contract-valid responses built from the fake's state.

Each test seeds state, calls one operation through ``paragon_user.client`` (or a plain httpx
client on the proxy/hermes hosts: every Paragon host is intercepted), and asserts the status, the
parts of the body that come from state, and the state afterwards. The repository's pytest config
sets ``paragon_validate_responses = true``, so every response is also checked against the contract.
``test_every_operation_of_e1_to_e30_is_served`` walks the contract and calls each operation once.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from pytest_paragon.fake.core import FakeParagon
from pytest_paragon.fake.records import ProviderReply, ProxyCall
from pytest_paragon.fake.users import FakeUser

ZEUS = "https://zeus.useparagon.com"
HERMES = "https://hermes.useparagon.com"
PROXY = "https://proxy.useparagon.com"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def spec_id(fake: FakeParagon, integration: str) -> str:
    return fake.state.integration(integration).id


def cred_header(credential_id: str, configuration_id: str | None = None) -> dict[str, str]:
    headers = {"X-Paragon-Credential": credential_id}
    if configuration_id is not None:
        headers["X-Paragon-Configuration-Id"] = configuration_id
    return headers


# -- E1, E2, E3, E5, E23: users and project ---------------------------------------------------


def test_e1_me_reflects_connected_state(paragon_fake: FakeParagon, paragon_user: FakeUser) -> None:
    workflow = paragon_fake.workflow_id("slack", "Send Slack Notification")
    credential = paragon_user.connect(
        "slack", settings={"channel": "general"}, workflows=[workflow], provider_id="U42"
    )
    response = paragon_user.client.get("/sdk/me")
    assert response.status_code == 200
    body = response.json()
    assert body["userId"] == "user-1"
    assert body["meta"] == {"Name": "Ada Lovelace", "Email": "ada@example.com"}
    assert set(body["integrations"]) == {s.type for s in paragon_fake.project.integrations}
    slack = body["integrations"]["slack"]
    assert slack["enabled"] is True
    assert slack["credentialId"] == credential.id
    assert slack["credentialStatus"] == "VALID"
    assert slack["credentialConfigId"] == credential.default_configuration.id
    assert slack["providerId"] == "U42"
    assert slack["providerData"] == {"teamId": "T0001"}
    assert slack["sharedSettings"] == {"channel": "general"}
    assert slack["workflowSettings"][workflow] == {"enabled": True, "settings": {}}
    assert [c["id"] for c in slack["allCredentials"]] == [credential.id]
    assert body["integrations"]["hubspot"] == {
        "enabled": False,
        "allCredentials": [],
        "configuredWorkflows": {},
    }
    assert body["resources"][0]["slug"] == "my-postgres"
    assert body["project"]["id"] == paragon_fake.project.id


def test_e1_pending_credential_is_not_enabled(
    paragon_fake: FakeParagon, paragon_user: FakeUser
) -> None:
    paragon_user.connect("jira", status="PENDING")
    jira = paragon_user.client.get("/sdk/me").json()["integrations"]["jira"]
    assert jira["enabled"] is False
    assert jira["credentialStatus"] == "PENDING"
    assert len(jira["allCredentials"]) == 1


def test_e2_patch_me_normalises_and_merges_metadata(
    paragon_fake: FakeParagon, paragon_user: FakeUser
) -> None:
    response = paragon_user.client.patch(
        "/sdk/me", json={"meta": {"name": "Grace Hopper", " plan ": "pro"}}
    )
    assert response.status_code == 200
    assert paragon_fake.metadata("user-1") == {
        "Name": "Grace Hopper",
        "Email": "ada@example.com",
        "plan": "pro",
    }
    assert paragon_user.client.get("/sdk/me").json()["meta"]["plan"] == "pro"


def test_e3_integrations_list_the_catalogue_and_create_the_user(
    paragon_fake: FakeParagon, paragon_user_factory: Any
) -> None:
    newcomer = paragon_user_factory("newcomer")
    assert "newcomer" not in paragon_fake.state.users
    response = newcomer.client.get("/sdk/integrations")
    assert response.status_code == 200
    assert "newcomer" in paragon_fake.state.users  # created on its first authenticated call
    by_type = {entry["type"]: entry for entry in response.json()}
    assert set(by_type) >= {"salesforce", "hubspot", "slack", "googledrive", "shopify", "jira"}
    salesforce = by_type["salesforce"]
    assert salesforce["id"] == spec_id(paragon_fake, "salesforce")
    accounts = salesforce["sdkIntegrationConfig"]["accountTypes"]
    assert [a["id"] for a in accounts] == ["default", "sandbox"]
    assert paragon_fake.workflow_id("salesforce", request_trigger=True) in {
        w["id"] for w in salesforce["workflows"]
    }
    assert by_type["shopify"]["needPreOauthInputs"] is True
    assert by_type["jira"]["sdkIntegrationConfig"]["postOauthInputs"][0]["id"] == "JIRA_CLOUD_ID"


def test_e5_metadata(paragon_user: FakeUser) -> None:
    response = paragon_user.client.get("/sdk/metadata")
    assert response.status_code == 200
    slack = next(m for m in response.json() if m["type"] == "slack")
    assert slack["name"] == "Slack"
    assert slack["brandColor"] == "#4A154B"
    assert slack["icon"].endswith("/integrations/slack.svg")


def test_e23_legacy_project_info_applies_metadata_header(
    paragon_fake: FakeParagon, paragon_user: FakeUser
) -> None:
    response = paragon_user.client.get(
        f"{ZEUS}/sdk/projects/{paragon_user.project_id}",
        headers={
            "X-Paragon-Cache-Metadata": "1",
            "X-Paragon-User-Metadata": json.dumps({"email": "grace@example.com"}),
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == paragon_fake.project.id
    assert "headless-cp" in body["accessibleFeatures"]
    assert {i["type"] for i in body["integrations"]} >= {"slack", "jira"}
    assert paragon_fake.metadata("user-1")["Email"] == "grace@example.com"


# -- E4, E6-E14: credentials and configurations -------------------------------------------------


def test_e4_uninstall_removes_the_selected_account(
    paragon_fake: FakeParagon, paragon_user: FakeUser
) -> None:
    first = paragon_user.connect("slack", external_id="team-a")
    second = paragon_user.connect("slack", external_id="team-b")
    response = paragon_user.client.delete(
        f"/sdk/integrations/{spec_id(paragon_fake, 'slack')}", headers=cred_header(second.id)
    )
    assert response.status_code == 200
    assert [c.id for c in paragon_fake.credentials("user-1", "slack")] == [first.id]


def test_e4_uninstall_without_credential_is_404(
    paragon_fake: FakeParagon, paragon_user: FakeUser
) -> None:
    response = paragon_user.client.delete(f"/sdk/integrations/{spec_id(paragon_fake, 'slack')}")
    assert response.status_code == 404
    assert "not installed" in response.json()["message"]


def test_e6_lists_every_credential(paragon_fake: FakeParagon, paragon_user: FakeUser) -> None:
    slack = paragon_user.connect("slack")
    hubspot = paragon_user.connect("hubspot", status="INVALID")
    response = paragon_user.client.get("/sdk/credentials")
    assert response.status_code == 200
    body = response.json()
    assert [(c["id"], c["status"]) for c in body] == [(slack.id, "VALID"), (hubspot.id, "INVALID")]
    assert body[0]["integrationId"] == spec_id(paragon_fake, "slack")
    assert body[0]["configurations"][0]["isDefault"] is True
    assert body[1]["providerData"] == {"portalId": 4711}


def test_e7_one_integration_with_account_auth(
    paragon_fake: FakeParagon, paragon_user: FakeUser
) -> None:
    drive = paragon_user.connect("googledrive", account_auth={"OAUTH_ACCESS_TOKEN": "ya29.token"})
    response = paragon_user.client.get(
        "/sdk/credentials", params={"integration": "googledrive", "includeAccountAuth": "true"}
    )
    assert response.status_code == 200
    body = response.json()
    assert isinstance(body, dict)
    assert body["type"] == "googledrive"
    assert body["credentialId"] == drive.id
    assert body["credentialStatus"] == "VALID"
    assert body["accountAuth"] == {"OAUTH_ACCESS_TOKEN": "ya29.token"}


@pytest.mark.parametrize("flag", ["false", "undefined", None])
def test_e7_account_auth_only_when_asked(
    paragon_fake: FakeParagon, paragon_user: FakeUser, flag: str | None
) -> None:
    paragon_user.connect("googledrive")
    params = {"integration": "googledrive"}
    if flag is not None:
        params["includeAccountAuth"] = flag
    body = paragon_user.client.get("/sdk/credentials", params=params).json()
    assert body["type"] == "googledrive"
    assert "accountAuth" not in body


def test_e7_account_auth_only_for_the_sdk_allow_list(paragon_user: FakeUser) -> None:
    paragon_user.connect("salesforce", account_auth={"OAUTH_ACCESS_TOKEN": "secret"})
    body = paragon_user.client.get(
        "/sdk/credentials", params={"integration": "salesforce", "includeAccountAuth": "true"}
    ).json()
    assert body["providerData"] == {"instanceURL": "https://mycompany.my.salesforce.com"}
    assert "accountAuth" not in body


def test_e8_rest_form_replaces_config(paragon_fake: FakeParagon, paragon_user: FakeUser) -> None:
    workflow = paragon_fake.workflow_id("slack", "Send Slack Notification")
    credential = paragon_user.connect("slack", settings={"channel": "general"})
    config = {
        "configuredWorkflows": {workflow: {"enabled": True, "settings": {"x": "1"}}},
        "sharedSettings": {"channel": "random"},
    }
    response = paragon_user.client.patch(
        f"/sdk/credentials/{credential.id}", json={"config": config}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == credential.id
    assert body["config"] == config
    assert body["configurations"][0]["sharedSettings"] == {"channel": "random"}
    assert paragon_fake.settings("user-1", "slack") == {"channel": "random"}
    assert paragon_fake.workflow_states("user-1", "slack") == {workflow: True}


def test_e9_variant_a_api_key_install(paragon_fake: FakeParagon, paragon_user: FakeUser) -> None:
    body = {
        "integrationId": spec_id(paragon_fake, "freshdesk"),
        "config": {},
        "payload": {
            "FRESHDESK_DOMAIN": "acme",
            "FRESHDESK_API_KEY": "k",
            "skipPostOAuthInputs": False,
        },
        "installOptions": {"isApiInstallation": True},
    }
    response = paragon_user.client.post("/sdk/credentials", json=body)
    assert response.status_code == 201
    created = response.json()
    assert created["status"] == "VALID"
    assert created["integrationId"] == spec_id(paragon_fake, "freshdesk")
    assert created["configurations"][0]["connectCredentialId"] == created["id"]
    credential = paragon_fake.credential("user-1", "freshdesk")
    assert credential.id == created["id"]
    assert credential.inputs == {"FRESHDESK_DOMAIN": "acme", "FRESHDESK_API_KEY": "k"}
    again = paragon_user.client.post("/sdk/credentials", json=body)
    assert again.status_code == 400
    assert again.json()["message"] == 'Integration "freshdesk" is already installed.'


def test_e9_variant_b_code_exchange(paragon_fake: FakeParagon, paragon_user: FakeUser) -> None:
    response = paragon_user.client.post(
        "/sdk/credentials",
        json={
            "code": "4/0Aean-code",
            "integrationId": spec_id(paragon_fake, "hubspot"),
            "redirectUrl": "https://app.example.com/oauth/callback",
            "integrationOptions": {"installOptions": {"externalId": "hub-eu"}},
        },
    )
    assert response.status_code == 201
    assert response.json()["externalId"] == "hub-eu"
    assert paragon_fake.credential("user-1", "hubspot").external_id == "hub-eu"


def test_e9_multiple_accounts_need_allow_multiple(
    paragon_fake: FakeParagon, paragon_user: FakeUser
) -> None:
    paragon_user.connect("slack")
    body = {
        "integrationId": spec_id(paragon_fake, "slack"),
        "payload": {},
        "installOptions": {"allowMultipleCredentials": True, "externalId": "second"},
    }
    assert paragon_user.client.post("/sdk/credentials", json=body).status_code == 201
    assert [c.external_id for c in paragon_fake.credentials("user-1", "slack")] == [None, "second"]


def test_e10_pending_jira_becomes_valid(paragon_fake: FakeParagon, paragon_user: FakeUser) -> None:
    jira_id = spec_id(paragon_fake, "jira")
    created = paragon_user.client.post(
        "/sdk/credentials", json={"integrationId": jira_id, "config": {}, "payload": {}}
    )
    assert created.status_code == 201
    assert created.json()["status"] == "PENDING"
    credential_id = created.json()["id"]
    url = f"/sdk/credentials/{credential_id}/complete-setup"
    missing = paragon_user.client.post(url, json={"integrationId": jira_id, "payload": {}})
    assert missing.status_code == 400
    assert "JIRA_CLOUD_ID" in missing.json()["message"]
    done = paragon_user.client.post(
        url,
        json={
            "integrationId": jira_id,
            "config": {},
            "payload": {"JIRA_CLOUD_ID": "cloud-1", "skipPostOAuthInputs": False},
            "installOptions": {},
        },
    )
    assert done.status_code == 201
    assert done.json()["status"] == "VALID"
    credential = paragon_fake.credential("user-1", "jira")
    assert credential.status == "VALID"
    assert credential.inputs == {"JIRA_CLOUD_ID": "cloud-1"}
    assert paragon_user.client.get("/sdk/me").json()["integrations"]["jira"]["enabled"] is True


def test_e11_get_own_credential_only(paragon_fake: FakeParagon, paragon_user_factory: Any) -> None:
    alice, bob = paragon_user_factory("alice"), paragon_user_factory("bob")
    credential = alice.connect("hubspot", provider_id="hs-1")
    response = alice.client.get(f"/sdk/credentials/{credential.id}")
    assert response.status_code == 200
    assert response.json()["providerId"] == "hs-1"
    assert response.json()["personaId"] == paragon_fake.state.users["alice"].persona_id
    assert bob.client.get(f"/sdk/credentials/{credential.id}").status_code == 404


def test_e12_e13_e14_configurations(paragon_fake: FakeParagon, paragon_user: FakeUser) -> None:
    credential = paragon_user.connect("slack")
    url = f"/sdk/credentials/{credential.id}/configurations"
    created = paragon_user.client.post(
        url, json={"externalId": "acme-eu"}, headers=cred_header(credential.id)
    )
    assert created.status_code == 201
    configurations = created.json()["configurations"]
    assert len(configurations) == 2
    new = next(c for c in configurations if not c["isDefault"])
    assert new["externalId"] == "acme-eu"
    assert new["connectCredentialId"] == credential.id
    assert paragon_user.client.post(url, json={"externalId": "acme-eu"}).status_code == 400
    assert paragon_user.client.post(url, json={}).status_code == 201
    assert len(credential.configurations) == 3

    for selector, meta in [(new["id"], {"tier": "gold"}), ("ext:acme-eu", {"tier": "silver"})]:
        updated = paragon_user.client.patch(
            url, json={"meta": meta}, headers=cred_header(credential.id, selector)
        )
        assert updated.status_code == 200
        shown = next(c for c in updated.json()["configurations"] if c["id"] == new["id"])
        assert shown["meta"] == meta

    deleted = paragon_user.client.delete(url, headers=cred_header(credential.id, "ext:acme-eu"))
    assert deleted.status_code == 200
    assert new["id"] not in {c.id for c in credential.configurations}
    gone = paragon_user.client.delete(url, headers=cred_header(credential.id, new["id"]))
    assert gone.status_code == 404


# -- E15-E18: the OAuth popup flow ---------------------------------------------------------------


def test_e15_nonce_page_is_html_and_authenticates_by_query(
    paragon_fake: FakeParagon, paragon_user: FakeUser
) -> None:
    params = {
        "action": "slack",
        "integrationId": spec_id(paragon_fake, "slack"),
        "originForPostMessage": "https://app.example.com",
    }
    url = f"{ZEUS}/projects/{paragon_user.project_id}/sdk/actions/oauth-nonce"
    with httpx.Client() as browser:  # a navigation: no Authorization header
        page = browser.get(url, params={**params, "userToken": paragon_user.token})
        refused = browser.get(url, params=params)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert '"oauth-nonce-loaded"' in page.text
    assert "https://app.example.com" in page.text
    assert refused.status_code == 401
    assert refused.headers["content-type"] == "application/json"


def build_oauth(
    user: FakeUser, integration: str, key: str, install_options: dict[str, Any] | None = None
) -> httpx.Response:
    return user.client.get(
        f"{ZEUS}/v2/projects/{user.project_id}/sdk/actions/build-oauth",
        params={
            "action": integration,
            "integrationId": user.fake.state.integration(integration).id,
            "userToken": user.token,
            "oauthMetaKeyId": key,
            "isPreviewMode": "false",
            "installOptions": json.dumps(install_options or {}),
            "endUserSuppliedValues": json.dumps({}),
        },
    )


def test_e16_e17_e18_granted_by_default(paragon_fake: FakeParagon, paragon_user: FakeUser) -> None:
    built = build_oauth(paragon_user, "hubspot", "meta-key-1", {"externalId": "hs-main"})
    assert built.status_code == 200
    assert "session=meta-key-1" in built.json()["redirectUrl"]
    polled = paragon_user.client.get("/sdk/actions/session-id/meta-key-1")
    assert polled.status_code == 200
    credential = paragon_fake.credential("user-1", "hubspot")
    assert polled.json() == {"connectCredentialId": credential.id}
    assert credential.status == "VALID"
    assert credential.external_id == "hs-main"
    fetched = paragon_user.client.get(f"/sdk/credentials/{credential.id}")
    assert fetched.json()["status"] == "VALID"
    assert paragon_user.client.delete("/sdk/actions/session-id/meta-key-1").status_code == 200
    assert "meta-key-1" not in paragon_fake.state.oauth_sessions
    assert paragon_user.client.get("/sdk/actions/session-id/meta-key-1").status_code == 404


def test_e16_jira_grant_is_pending_until_e10(
    paragon_fake: FakeParagon, paragon_user: FakeUser
) -> None:
    assert build_oauth(paragon_user, "jira", "jira-key").status_code == 200
    credential_id = paragon_user.client.get("/sdk/actions/session-id/jira-key").json()[
        "connectCredentialId"
    ]
    assert paragon_fake.state.credentials[credential_id].status == "PENDING"


def test_e17_pending_outcome_keeps_polling(
    paragon_fake: FakeParagon, paragon_user: FakeUser
) -> None:
    paragon_fake.oauth_outcome("pending")
    assert build_oauth(paragon_user, "slack", "slow-key").status_code == 200
    for _ in range(3):
        polled = paragon_user.client.get("/sdk/actions/session-id/slow-key")
        assert polled.status_code == 404
    assert paragon_fake.credentials("user-1") == []
    assert paragon_fake.state.oauth_sessions["slow-key"].credential_id is None


def test_e17_another_users_session_is_404(paragon_user_factory: Any) -> None:
    alice, bob = paragon_user_factory("alice"), paragon_user_factory("bob")
    assert build_oauth(alice, "slack", "alice-key").status_code == 200
    assert bob.client.get("/sdk/actions/session-id/alice-key").status_code == 404
    assert alice.client.get("/sdk/actions/session-id/alice-key").status_code == 200


# -- E19-E22: workflows, field options, resources ------------------------------------------------


def test_e19_e20_enable_and_disable(paragon_fake: FakeParagon, paragon_user: FakeUser) -> None:
    workflow = paragon_fake.workflow_id("hubspot", "Create HubSpot contacts")
    credential = paragon_user.connect("hubspot")
    headers = cred_header(credential.id, credential.default_configuration.id)
    enabled = paragon_user.client.post(f"/sdk/workflows/{workflow}", headers=headers)
    assert enabled.status_code == 200
    assert paragon_fake.workflow_states("user-1", "hubspot")[workflow] is True
    me = paragon_user.client.get("/sdk/me").json()["integrations"]["hubspot"]
    assert me["workflowSettings"][workflow]["enabled"] is True
    assert me["configMeta"] == {"isIntegrationEnableTriggered": True}
    disabled = paragon_user.client.delete(f"/sdk/workflows/{workflow}", headers=headers)
    assert disabled.status_code == 200
    assert paragon_fake.workflow_states("user-1", "hubspot")[workflow] is False


def test_e19_unknown_workflow_is_404(paragon_user: FakeUser) -> None:
    paragon_user.connect("hubspot")
    response = paragon_user.client.post("/sdk/workflows/00000000-0000-4000-8000-000000000000")
    assert response.status_code == 404


def test_e21_field_options_search_and_cursor(
    paragon_fake: FakeParagon, paragon_user: FakeUser
) -> None:
    paragon_user.connect("slack")
    channels = [{"label": f"#channel-{n:02d}", "value": f"c{n:02d}"} for n in range(25)]
    channels.append({"label": "#general", "value": "general"})
    paragon_fake.field_options("slack", "channels", channels)

    def page(cursor: str | int, search: str | None = None) -> dict[str, Any]:
        paging: dict[str, Any] = {"pageCursor": cursor}
        if search is not None:
            paging["search"] = search
        response = paragon_user.client.post(
            "/sdk/actions",
            json={
                "action": "slack",
                "sourceKey": "channels",
                "parameters": [],
                "paginationParameters": paging,
            },
        )
        assert response.status_code in (200, 201)
        output: dict[str, Any] = response.json()["output"]
        return output

    first = page(0)
    assert first["records"] == channels[:20]
    assert first["nextPageCursor"] is not None
    second = page(first["nextPageCursor"])
    assert second["records"] == channels[20:]
    assert second["nextPageCursor"] is None
    found = page(0, search="GENERAL")
    assert found == {"records": [{"label": "#general", "value": "general"}], "nextPageCursor": None}
    assert page(0, search="nothing-like-this")["records"] == []


def test_e22_resource_connect_shows_in_me(
    paragon_fake: FakeParagon, paragon_user: FakeUser
) -> None:
    resource = paragon_user.client.get("/sdk/me").json()["resources"][0]
    assert "credentialId" not in resource
    response = paragon_user.client.post(
        f"/sdk/resources/{resource['id']}/connect", json={"access_token": "gho_x"}
    )
    assert response.status_code in (200, 201)
    credential_id = response.json()["id"]
    assert response.json()["status"] == "VALID"
    after = paragon_user.client.get("/sdk/me").json()["resources"][0]
    assert after == {**resource, "credentialId": credential_id, "credentialStatus": "VALID"}


# -- E24-E27: triggers and events ---------------------------------------------------------------


def test_e24_request_trigger_on_hermes(paragon_fake: FakeParagon, paragon_user: FakeUser) -> None:
    workflow = paragon_fake.workflow_id("salesforce", request_trigger=True)
    paragon_user.connect("salesforce", workflows=[workflow])
    seen: list[Any] = []

    def respond(call: Any) -> tuple[int, dict[str, Any]]:
        seen.append(call)
        return 200, {"accountId": "001", "echo": call.body["name"]}

    paragon_fake.on_trigger(workflow, respond)
    url = f"{HERMES}/projects/{paragon_user.project_id}/sdk/triggers/{workflow}"
    response = paragon_user.client.post(url, json={"name": "Acme"}, params={"q": "1"})
    assert response.status_code == 200
    assert response.json() == {"accountId": "001", "echo": "Acme"}
    assert seen[0].query == {"q": "1"}
    assert seen[0].credential_id == paragon_fake.credential("user-1", "salesforce").id
    assert paragon_fake.requests("runRequestTriggerWorkflow")[0].host == "hermes.useparagon.com"


def test_e24_disabled_workflow_is_refused(
    paragon_fake: FakeParagon, paragon_user: FakeUser
) -> None:
    workflow = paragon_fake.workflow_id("hubspot", request_trigger=True)
    paragon_user.connect("hubspot")
    response = paragon_user.client.post(f"/sdk/triggers/{workflow}", json={})
    assert 400 <= response.status_code < 500
    assert "not enabled" in response.json()["message"]


@pytest.mark.parametrize(
    ("host", "path"),
    [
        (ZEUS, "/projects/{P}/sdk/events/trigger"),
        (HERMES, "/v2/projects/{P}/sdk/events/trigger"),
    ],
)
def test_e25_e26_app_events(
    paragon_fake: FakeParagon, paragon_user: FakeUser, host: str, path: str
) -> None:
    url = host + path.replace("{P}", paragon_user.project_id)
    response = paragon_user.client.post(
        url, json={"name": "Contact Created", "payload": {"email": "b@example.com"}}
    )
    assert response.status_code == 201
    (event,) = paragon_fake.app_events("Contact Created")
    assert event.payload == {"email": "b@example.com"}
    assert event.user_id == "user-1"
    assert event.path == url.split(".com", 1)[1]


def test_e27_custom_webhook_needs_no_auth(
    paragon_fake: FakeParagon, paragon_user: FakeUser
) -> None:
    credential = paragon_user.connect("hubspot")
    integration_id = spec_id(paragon_fake, "hubspot")
    url = (
        f"{HERMES}/triggers/connect/{paragon_user.project_id}/{integration_id}"
        "/custom-triggers/hook-1"
    )
    with httpx.Client() as provider:
        response = provider.post(url, params={"id": credential.id}, json={"event": "deal.created"})
        unknown = provider.post(url.replace(integration_id, "no-such-integration"), json={})
    assert response.status_code == 200
    (hook,) = paragon_fake.state.inbound_webhooks
    assert (hook.integration_id, hook.trigger_id) == (integration_id, "hook-1")
    assert hook.credential_id == credential.id
    assert hook.body == {"event": "deal.created"}
    assert unknown.status_code == 404


# -- E28-E30: the Proxy API ----------------------------------------------------------------------


def proxy_url(user: FakeUser, rest: str) -> str:
    return f"{PROXY}/projects/{user.project_id}/sdk/proxy/{rest}"


def test_e28_wrapped_and_raw(paragon_fake: FakeParagon, paragon_user: FakeUser) -> None:
    paragon_user.connect("slack")
    paragon_fake.on_proxy(
        "slack", {"ok": True, "channels": []}, method="GET", headers={"x-provider": "slack"}
    )
    with httpx.Client(headers=paragon_user.headers) as client:
        wrapped = client.get(proxy_url(paragon_user, "slack/conversations.list"))
        raw = client.get(
            proxy_url(paragon_user, "slack/conversations.list"),
            headers={"X-Paragon-Use-Raw-Response": "1"},
        )
    assert wrapped.status_code == 200
    assert wrapped.json() == {"output": {"ok": True, "channels": []}}
    assert raw.status_code == 200
    assert raw.json() == {"ok": True, "channels": []}
    assert raw.headers["x-provider"] == "slack"


def test_e28_provider_error_status_surfaces(
    paragon_fake: FakeParagon, paragon_user: FakeUser
) -> None:
    paragon_user.connect("slack")
    paragon_fake.on_proxy(
        "slack", {"ok": False, "error": "channel_not_found"}, method="POST", status=422
    )
    response = paragon_user.client.post(
        proxy_url(paragon_user, "slack/chat.postMessage"),
        json={"channel": "nope", "text": "hi"},
    )
    assert response.status_code == 422
    assert response.json() == {"ok": False, "error": "channel_not_found"}


def test_e28_handler_sees_the_provider_request(
    paragon_fake: FakeParagon, paragon_user: FakeUser
) -> None:
    credential = paragon_user.connect("hubspot")
    calls: list[ProxyCall] = []

    def provider(call: ProxyCall) -> ProviderReply:
        calls.append(call)
        return ProviderReply(201, {"id": "contact-9"})

    paragon_fake.on_proxy("hubspot", provider, method="PUT", path="/crm/v3/objects/*")
    response = paragon_user.client.put(
        proxy_url(paragon_user, "hubspot/crm/v3/objects/contacts"),
        params={"archived": "false"},
        json={"properties": {"email": "a@b.c"}},
    )
    assert response.status_code == 200
    assert response.json() == {"output": {"id": "contact-9"}}
    (call,) = calls
    assert (call.method, call.path, call.query) == (
        "PUT",
        "/crm/v3/objects/contacts",
        {"archived": "false"},
    )
    assert call.body == {"properties": {"email": "a@b.c"}}
    assert call.credential_id == credential.id


def test_e28_without_credential_not_enabled(paragon_user: FakeUser) -> None:
    paragon_user.connect("hubspot", status="INVALID")
    for integration in ("slack", "hubspot"):
        response = paragon_user.client.get(proxy_url(paragon_user, f"{integration}/anything"))
        assert response.status_code == 404
        assert response.json()["message"] == "Integration not enabled for user."


def test_e29_custom_integration_by_id(paragon_fake: FakeParagon, paragon_user: FakeUser) -> None:
    # The default catalogue has no custom integration: the fake resolves any project
    # integration by its id, so the Slack integration's id reaches the Slack handler.
    paragon_user.connect("slack")
    paragon_fake.on_proxy("slack", {"ok": True}, method="DELETE", path="/files/*")
    integration_id = spec_id(paragon_fake, "slack")
    response = paragon_user.client.delete(
        proxy_url(paragon_user, f"custom/{integration_id}/files/F1")
    )
    assert response.status_code == 200
    assert response.json() == {"output": {"ok": True}}
    unknown = paragon_user.client.get(proxy_url(paragon_user, "custom/not-an-integration/x"))
    assert unknown.status_code == 404


def test_e30_proxy_url_header(paragon_fake: FakeParagon, paragon_user: FakeUser) -> None:
    paragon_user.connect("slack")
    registration = paragon_fake.on_proxy(
        "slack", {"ok": True, "ts": "1.2"}, method="PATCH", path="https://slack.com/api/*"
    )
    response = paragon_user.client.patch(
        proxy_url(paragon_user, "slack"),
        headers={"X-Paragon-Proxy-Url": "https://slack.com/api/chat.update"},
        json={"ts": "1.2", "text": "edited"},
    )
    assert response.status_code == 200
    assert response.json() == {"output": {"ok": True, "ts": "1.2"}}
    assert registration.calls[0].path == "https://slack.com/api/chat.update"


# -- sync and async clients ----------------------------------------------------------------------


@pytest.mark.anyio
async def test_async_client_sees_the_same_state(
    paragon_fake: FakeParagon, paragon_user: FakeUser
) -> None:
    credential = paragon_user.connect("shopify", settings={"store": "eu"})
    async with paragon_user.async_client() as client:
        me = await client.get("/sdk/me")
        patched = await client.patch("/sdk/me", json={"meta": {"email": "new@example.com"}})
    async with httpx.AsyncClient(headers=paragon_user.headers) as intercepted:
        listed = await intercepted.get(f"{ZEUS}/projects/{paragon_user.project_id}/sdk/credentials")
    assert me.status_code == 200
    assert me.json()["integrations"]["shopify"]["credentialId"] == credential.id
    assert patched.status_code == 200
    assert paragon_fake.metadata("user-1")["Email"] == "new@example.com"
    assert [c["id"] for c in listed.json()] == [credential.id]


def test_sync_client_through_respx_interception(
    paragon_fake: FakeParagon, paragon_user: FakeUser
) -> None:
    with httpx.Client(base_url=paragon_user.base_url, headers=paragon_user.headers) as client:
        response = client.get("/sdk/me")
    assert response.status_code == 200
    assert paragon_fake.requests("getConnectedUser")[0].user_id == "user-1"


# -- the walk: every operation of E1-E30 once ----------------------------------------------------


def e1_to_e30(fake: FakeParagon) -> set[str]:
    return {
        op.operation_id
        for op in fake.contract.operations
        if any(1 <= int(e[1:]) <= 30 for e in op.endpoints)
    }


def test_every_operation_of_e1_to_e30_is_served(
    paragon_fake: FakeParagon, paragon_user: FakeUser
) -> None:
    client, project = paragon_user.client, paragon_user.project_id
    slack = paragon_user.connect("slack")
    workflow = paragon_fake.workflow_id("slack", "Send Slack Notification")
    trigger = paragon_fake.workflow_id("slack", request_trigger=True)
    paragon_fake.on_proxy("slack", {"ok": True})
    slack_id = spec_id(paragon_fake, "slack")

    client.get("/sdk/me")
    client.patch("/sdk/me", json={"meta": {"Name": "Ada"}})
    client.get("/sdk/integrations")
    client.get("/sdk/metadata")
    client.get("/sdk/credentials")
    client.get(f"/sdk/credentials/{slack.id}")
    client.patch(f"/sdk/credentials/{slack.id}", json={"config": {"sharedSettings": {}}})
    jira = client.post(
        "/sdk/credentials", json={"integrationId": spec_id(paragon_fake, "jira"), "payload": {}}
    )
    client.post(
        f"/sdk/credentials/{jira.json()['id']}/complete-setup",
        json={"integrationId": spec_id(paragon_fake, "jira"), "payload": {"JIRA_CLOUD_ID": "c"}},
    )
    configurations = f"/sdk/credentials/{slack.id}/configurations"
    client.post(configurations, json={"externalId": "cfg"})
    client.patch(configurations, json={"meta": {"a": 1}}, headers=cred_header(slack.id, "ext:cfg"))
    client.delete(configurations, headers=cred_header(slack.id, "ext:cfg"))
    httpx.get(
        f"{ZEUS}/projects/{project}/sdk/actions/oauth-nonce",
        params={
            "action": "hubspot",
            "integrationId": spec_id(paragon_fake, "hubspot"),
            "originForPostMessage": "https://app.example.com",
            "userToken": paragon_user.token,
        },
    )
    build_oauth(paragon_user, "hubspot", "walk-key")
    client.get("/sdk/actions/session-id/walk-key")
    client.delete("/sdk/actions/session-id/walk-key")
    client.post(f"/sdk/workflows/{workflow}")
    client.post(f"/sdk/workflows/{trigger}")
    client.delete(f"/sdk/workflows/{workflow}")
    paragon_fake.field_options("slack", "channels", [{"label": "#general", "value": "general"}])
    client.post(
        "/sdk/actions",
        json={
            "action": "slack",
            "sourceKey": "channels",
            "parameters": [],
            "paginationParameters": {"pageCursor": 0},
        },
    )
    resource = client.get("/sdk/me").json()["resources"][0]["id"]
    client.post(f"/sdk/resources/{resource}/connect", json={"token": "t"})
    client.get(f"{ZEUS}/sdk/projects/{project}")
    client.post(f"{HERMES}/projects/{project}/sdk/triggers/{trigger}", json={})
    client.post("/sdk/events/trigger", json={"name": "E", "payload": {}})
    client.post(
        f"{HERMES}/v2/projects/{project}/sdk/events/trigger", json={"name": "E", "payload": {}}
    )
    httpx.post(f"{HERMES}/triggers/connect/{project}/{slack_id}/custom-triggers/t1", json={})
    for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
        body = {} if method in ("POST", "PUT", "PATCH") else None
        client.request(method, proxy_url(paragon_user, "slack/api/x"), json=body)
        client.request(method, proxy_url(paragon_user, f"custom/{slack_id}/api/x"), json=body)
        client.request(
            method,
            proxy_url(paragon_user, "slack"),
            json=body,
            headers={"X-Paragon-Proxy-Url": "https://slack.com/api/x"},
        )
    client.delete(f"/sdk/integrations/{slack_id}", headers=cred_header(slack.id))

    failed = [(e.operation_id, e.status) for e in paragon_fake.requests() if e.status >= 400]
    assert failed == []
    served = {e.operation_id for e in paragon_fake.requests()}
    wanted = e1_to_e30(paragon_fake)
    assert len(wanted) >= 40
    assert wanted - served == set()
    assert paragon_fake.violations == []
