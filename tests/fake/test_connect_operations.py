"""Every Connect operation E1-E30 answers contract-valid responses built from the fake's state.

Each test seeds state, calls one operation through ``user.client`` (or a plain httpx
client on the proxy/hermes hosts: every Paragon host is intercepted), and asserts the status, the
parts of the body that come from state, and the state afterwards. The repository's pytest config
sets ``paragon_validate_responses = true``, so every response is also checked against the contract.
``test_every_operation_of_e1_to_e30_is_served`` walks the contract and calls each operation once;
the tests at the end pin error statuses that the contract first lacked.
``fake`` and ``user`` are the plugin's ``paragon_fake`` and ``paragon_user`` under short names.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from pytest_paragon.fake.core import FakeParagon
from pytest_paragon.fake.entrances.users import FakeUser, make_user

ZEUS = "https://zeus.useparagon.com"
HERMES = "https://hermes.useparagon.com"
PROXY = "https://proxy.useparagon.com"
NOBODY = "00000000-0000-4000-8000-000000000000"
DISCONNECTED = {"enabled": False, "allCredentials": [], "configuredWorkflows": {}}


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def fake(paragon_fake: FakeParagon) -> FakeParagon:
    """``paragon_fake`` under a short name."""
    return paragon_fake


@pytest.fixture
def user(paragon_user: FakeUser) -> FakeUser:
    """``paragon_user`` (``user-1``, meta Name/Email) under a short name."""
    return paragon_user


def ok(response: httpx.Response, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def sid(fake: FakeParagon, integration: str) -> str:
    return fake.state.integration(integration).id


def select(credential: str, configuration: str | None = None) -> dict[str, str]:
    headers = {"X-Paragon-Credential": credential}
    if configuration is not None:
        headers["X-Paragon-Configuration-Id"] = configuration
    return headers


def proxy_url(user: FakeUser, rest: str) -> str:
    return f"{PROXY}/projects/{user.project_id}/sdk/proxy/{rest}"


def options_body(action: str, cursor: str | int = 0, search: str | None = None) -> dict[str, Any]:
    paging: dict[str, Any] = {"pageCursor": cursor}
    if search is not None:
        paging["search"] = search
    return {
        "action": action,
        "sourceKey": "channels",
        "parameters": [],
        "paginationParameters": paging,
    }


# -- E1, E2, E3, E5, E23: users and project ---------------------------------------------------


def test_e1_me_reflects_connected_state(fake: FakeParagon, user: FakeUser) -> None:
    workflow = fake.users.workflow_id("slack", "Send Slack Notification")
    credential = user.connect(
        "slack", settings={"channel": "general"}, workflows=[workflow], provider_id="U42"
    )
    user.connect("jira", status="PENDING")
    body = ok(user.client.get("/sdk/me"))
    assert body["userId"] == "user-1"
    assert body["meta"] == {"Name": "Ada Lovelace", "Email": "ada@example.com"}
    assert set(body["integrations"]) == {s.type for s in fake.project.integrations}
    slack = body["integrations"]["slack"]
    assert (slack["enabled"], slack["credentialId"]) == (True, credential.id)
    assert slack["credentialStatus"] == "VALID"
    assert slack["credentialConfigId"] == credential.default_configuration.id
    assert (slack["providerId"], slack["providerData"]) == ("U42", {"teamId": "T0001"})
    assert slack["sharedSettings"] == {"channel": "general"}
    assert slack["workflowSettings"][workflow] == {"enabled": True, "settings": {}}
    assert [c["id"] for c in slack["allCredentials"]] == [credential.id]
    jira = body["integrations"]["jira"]
    assert (jira["enabled"], jira["credentialStatus"]) == (False, "PENDING")
    assert body["integrations"]["hubspot"] == DISCONNECTED
    assert body["resources"][0]["slug"] == "my-postgres"
    assert body["project"]["id"] == fake.project.id


def test_e2_patch_me_normalises_and_merges_metadata(fake: FakeParagon, user: FakeUser) -> None:
    ok(user.client.patch("/sdk/me", json={"meta": {"name": "Grace", " plan ": "pro"}}))
    expected = {"Name": "Grace", "Email": "ada@example.com", "plan": "pro"}
    assert fake.users.metadata("user-1") == expected
    assert ok(user.client.get("/sdk/me"))["meta"] == expected


def test_e3_e5_integrations_and_metadata_and_the_user_is_created(
    fake: FakeParagon, paragon_user_factory: Any
) -> None:
    newcomer = paragon_user_factory("newcomer")
    assert "newcomer" not in fake.state.users
    by_type = {entry["type"]: entry for entry in ok(newcomer.client.get("/sdk/integrations"))}
    assert "newcomer" in fake.state.users  # created on its first authenticated call
    assert set(by_type) >= {"salesforce", "hubspot", "slack", "googledrive", "shopify", "jira"}
    salesforce = by_type["salesforce"]
    assert salesforce["id"] == sid(fake, "salesforce")
    accounts = salesforce["sdkIntegrationConfig"]["accountTypes"]
    assert [a["id"] for a in accounts] == ["default", "sandbox"]
    trigger = fake.users.workflow_id("salesforce", request_trigger=True)
    assert trigger in {w["id"] for w in salesforce["workflows"]}
    assert by_type["shopify"]["needPreOauthInputs"] is True
    assert by_type["jira"]["sdkIntegrationConfig"]["postOauthInputs"][0]["id"] == "JIRA_CLOUD_ID"
    metadata = {m["type"]: m for m in ok(newcomer.client.get("/sdk/metadata"))}  # E5
    assert set(metadata) == {t for t, entry in by_type.items() if entry["isActive"]}
    assert (metadata["slack"]["name"], metadata["slack"]["brandColor"]) == ("Slack", "#4A154B")
    assert metadata["slack"]["icon"].endswith("/integrations/slack.svg")


def test_e23_legacy_project_info_applies_metadata_header(fake: FakeParagon, user: FakeUser) -> None:
    meta = json.dumps({"email": "grace@example.com"})
    headers = {"X-Paragon-Cache-Metadata": "1", "X-Paragon-User-Metadata": meta}
    url = f"{ZEUS}/sdk/projects/{user.project_id}"
    body = ok(user.client.get(url, headers=headers))
    assert body["id"] == fake.project.id
    assert "headless-cp" in body["accessibleFeatures"]
    assert {i["type"] for i in body["integrations"]} >= {"slack", "jira"}
    assert fake.users.metadata("user-1")["Email"] == "grace@example.com"


# -- E4, E6-E14: credentials and configurations -------------------------------------------------


def test_e4_uninstall_removes_the_selected_account(fake: FakeParagon, user: FakeUser) -> None:
    first = user.connect("slack", external_id="team-a")
    second = user.connect("slack", external_id="team-b")
    url = f"/sdk/integrations/{sid(fake, 'slack')}"
    ok(user.client.delete(url, headers=select(second.id)))
    assert [c.id for c in fake.users.credentials("user-1", "slack")] == [first.id]
    ok(user.client.delete(url))
    missing = ok(user.client.delete(url), 404)
    assert missing["message"] == 'Integration "slack" is not installed.'


def test_e6_lists_every_credential(fake: FakeParagon, user: FakeUser) -> None:
    slack = user.connect("slack")
    hubspot = user.connect("hubspot", status="INVALID")
    body = ok(user.client.get("/sdk/credentials"))
    assert [(c["id"], c["status"]) for c in body] == [(slack.id, "VALID"), (hubspot.id, "INVALID")]
    assert body[0]["integrationId"] == sid(fake, "slack")
    assert body[0]["configurations"][0]["isDefault"] is True
    assert body[1]["providerData"] == {"portalId": 4711}
    assert all("accountAuth" not in c for c in body)


@pytest.mark.parametrize(("flag", "shown"), [("true", True), ("false", False), (None, False)])
def test_e7_one_integration_with_account_auth(
    user: FakeUser, flag: str | None, shown: bool
) -> None:
    drive = user.connect("googledrive", account_auth={"OAUTH_ACCESS_TOKEN": "ya29.t"})
    params = {"integration": "googledrive", **({"includeAccountAuth": flag} if flag else {})}
    body = ok(user.client.get("/sdk/credentials", params=params))
    assert (body["type"], body["credentialId"]) == ("googledrive", drive.id)
    assert body["credentialStatus"] == "VALID"
    assert body.get("accountAuth") == ({"OAUTH_ACCESS_TOKEN": "ya29.t"} if shown else None)
    # accountAuth only for the SDK's allow-list (box, googledrive, onedrive, sharepoint)
    user.connect("salesforce", account_auth={"OAUTH_ACCESS_TOKEN": "secret"})
    params = {"integration": "salesforce", "includeAccountAuth": "true"}
    body = ok(user.client.get("/sdk/credentials", params=params))
    assert body["providerData"] == {"instanceURL": "https://mycompany.my.salesforce.com"}
    assert "accountAuth" not in body


def test_e8_rest_form_replaces_config(fake: FakeParagon, user: FakeUser) -> None:
    workflow = fake.users.workflow_id("slack", "Send Slack Notification")
    credential = user.connect("slack", settings={"channel": "general"})
    config = {
        "configuredWorkflows": {workflow: {"enabled": True, "settings": {"x": "1"}}},
        "sharedSettings": {"channel": "random"},
    }
    url = f"/sdk/credentials/{credential.id}"
    body = ok(user.client.patch(url, json={"config": config}))
    assert (body["id"], body["config"]) == (credential.id, config)
    assert body["configurations"][0]["sharedSettings"] == {"channel": "random"}
    assert fake.users.settings("user-1", "slack") == {"channel": "random"}
    assert fake.users.workflow_states("user-1", "slack") == {workflow: True}
    foreign = fake.users.workflow_id("hubspot", "Create HubSpot contacts")
    wrong = {"config": {"configuredWorkflows": {foreign: {"enabled": True, "settings": {}}}}}
    assert "does not belong" in ok(user.client.patch(url, json=wrong), 400)["message"]


def test_e9_variant_a_api_key_install(fake: FakeParagon, user: FakeUser) -> None:
    values = {"FRESHDESK_DOMAIN": "acme", "FRESHDESK_API_KEY": "k"}
    body = {
        "integrationId": sid(fake, "freshdesk"),
        "config": {},
        "payload": {**values, "skipPostOAuthInputs": False},
        "installOptions": {"isApiInstallation": True},
    }
    created = ok(user.client.post("/sdk/credentials", json=body), 201)
    assert created["status"] == "VALID"
    assert created["integrationId"] == sid(fake, "freshdesk")
    assert created["configurations"][0]["connectCredentialId"] == created["id"]
    credential = fake.users.credential("user-1", "freshdesk")
    assert credential.id == created["id"]
    assert credential.inputs == values
    again = ok(user.client.post("/sdk/credentials", json=body), 400)
    assert again["message"] == 'Integration "freshdesk" is already installed.'
    unknown = ok(user.client.post("/sdk/credentials", json={**body, "integrationId": NOBODY}), 400)
    assert "not found in this project" in unknown["message"]


def test_e9_variant_b_code_exchange(fake: FakeParagon, user: FakeUser) -> None:
    body = {
        "code": "4/0Aean-code",
        "integrationId": sid(fake, "hubspot"),
        "redirectUrl": "https://app.example.com/oauth/callback",
        "integrationOptions": {"installOptions": {"externalId": "hub-eu"}},
    }
    assert ok(user.client.post("/sdk/credentials", json=body), 201)["externalId"] == "hub-eu"
    assert fake.users.credential("user-1", "hubspot").external_id == "hub-eu"


def test_e9_variant_b_adds_another_account(fake: FakeParagon, user: FakeUser) -> None:
    # SDK 2.4.0's completeInstall for an integration the user already has: its one-account check
    # is only in installIntegration, and the code adds another account
    first = user.connect("hubspot")
    body = {"code": "4/0Aean-second", "integrationId": sid(fake, "hubspot")}
    second = ok(user.client.post("/sdk/credentials", json=body), 201)
    assert second["id"] != first.id
    assert [c.id for c in fake.users.credentials("user-1", "hubspot")] == [first.id, second["id"]]


def test_e9_multiple_accounts_need_allow_multiple(fake: FakeParagon, user: FakeUser) -> None:
    user.connect("slack")
    options = {"allowMultipleCredentials": True, "externalId": "second"}
    body = {"integrationId": sid(fake, "slack"), "payload": {}, "installOptions": options}
    ok(user.client.post("/sdk/credentials", json=body), 201)
    assert [c.external_id for c in fake.users.credentials("user-1", "slack")] == [None, "second"]


def test_e10_pending_jira_becomes_valid(fake: FakeParagon, user: FakeUser) -> None:
    jira_id = sid(fake, "jira")
    created = ok(
        user.client.post("/sdk/credentials", json={"integrationId": jira_id, "payload": {}}),
        201,
    )
    assert created["status"] == "PENDING"
    url = f"/sdk/credentials/{created['id']}/complete-setup"
    missing = ok(user.client.post(url, json={"integrationId": jira_id, "payload": {}}), 400)
    assert "JIRA_CLOUD_ID" in missing["message"]
    payload = {"JIRA_CLOUD_ID": "cloud-1", "skipPostOAuthInputs": False}
    body = {"integrationId": jira_id, "config": {}, "payload": payload, "installOptions": {}}
    assert ok(user.client.post(url, json=body), 201)["status"] == "VALID"
    credential = fake.users.credential("user-1", "jira")
    assert (credential.status, credential.inputs) == ("VALID", {"JIRA_CLOUD_ID": "cloud-1"})
    assert ok(user.client.get("/sdk/me"))["integrations"]["jira"]["enabled"] is True


def test_e11_get_own_credential_only(fake: FakeParagon, paragon_user_factory: Any) -> None:
    alice, bob = paragon_user_factory("alice"), paragon_user_factory("bob")
    credential = alice.connect("hubspot", provider_id="hs-1")
    body = ok(alice.client.get(f"/sdk/credentials/{credential.id}"))
    assert body["providerId"] == "hs-1"
    assert body["personaId"] == fake.state.users["alice"].persona_id
    ok(bob.client.get(f"/sdk/credentials/{credential.id}"), 404)


def test_e12_e13_e14_configurations(fake: FakeParagon, user: FakeUser) -> None:
    credential = user.connect("slack")
    url = f"/sdk/credentials/{credential.id}/configurations"
    created = ok(user.client.post(url, json={"externalId": "acme-eu"}), 201)
    assert len(created["configurations"]) == 2
    new = next(c for c in created["configurations"] if not c["isDefault"])
    assert (new["externalId"], new["connectCredentialId"]) == ("acme-eu", credential.id)
    ok(user.client.post(url, json={"externalId": "acme-eu"}), 400)
    ok(user.client.post(url, json={}), 201)
    assert len(credential.configurations) == 3

    for form, meta in [(new["id"], {"n": 1}), ("ext:acme-eu", {"n": 2}), ("acme-eu", {"n": 3})]:
        body = ok(user.client.patch(url, json={"meta": meta}, headers=select(credential.id, form)))
        assert next(c for c in body["configurations"] if c["id"] == new["id"])["meta"] == meta

    ok(user.client.delete(url, headers=select(credential.id, "ext:acme-eu")))
    assert new["id"] not in {c.id for c in credential.configurations}
    ok(user.client.delete(url, headers=select(credential.id, new["id"])), 404)


# -- E15-E18: the OAuth popup flow ---------------------------------------------------------------


def test_e15_nonce_page_is_html_and_authenticated_by_query(
    fake: FakeParagon, user: FakeUser
) -> None:
    params = {"action": "slack", "integrationId": sid(fake, "slack")}
    params["originForPostMessage"] = "https://app.example.com"
    url = f"{ZEUS}/projects/{user.project_id}/sdk/actions/oauth-nonce"
    with httpx.Client() as browser:  # a navigation: no Authorization header
        page = browser.get(url, params={**params, "userToken": user.token})
        refused = browser.get(url, params=params)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert '"oauth-nonce-loaded"' in page.text
    assert "https://app.example.com" in page.text
    assert refused.status_code == 401
    assert refused.headers["content-type"] == "application/json"


def build_oauth(user: FakeUser, integration: str, key: str, **options: Any) -> httpx.Response:
    params = {
        "action": integration,
        "integrationId": user.fake.state.integration(integration).id,
        "userToken": user.token,
        "oauthMetaKeyId": key,
        "isPreviewMode": "false",
        "installOptions": json.dumps(options),
        "endUserSuppliedValues": json.dumps({}),
    }
    return user.client.get(
        f"{ZEUS}/v2/projects/{user.project_id}/sdk/actions/build-oauth", params=params
    )


def test_e16_e17_e18_granted_by_default(fake: FakeParagon, user: FakeUser) -> None:
    built = ok(build_oauth(user, "hubspot", "key-1", externalId="hs-main"))
    assert "session=key-1" in built["redirectUrl"]
    polled = ok(user.client.get("/sdk/actions/session-id/key-1"))
    credential = fake.users.credential("user-1", "hubspot")
    assert polled == {"connectCredentialId": credential.id}
    assert (credential.status, credential.external_id) == ("VALID", "hs-main")
    assert ok(user.client.get(f"/sdk/credentials/{credential.id}"))["status"] == "VALID"
    ok(user.client.delete("/sdk/actions/session-id/key-1"))
    assert fake.state.oauth_sessions["key-1"].closed  # its code still gives the credential (E9)
    ok(user.client.get("/sdk/actions/session-id/key-1"), 404)
    unknown = user.client.get(
        f"{ZEUS}/v2/projects/{user.project_id}/sdk/actions/build-oauth",
        params={"action": "x", "integrationId": NOBODY, "userToken": "t", "oauthMetaKeyId": "k"},
    )
    assert "not found in this project" in ok(unknown, 400)["message"]
    ok(build_oauth(user, "jira", "jira-key"))  # a required post-OAuth input: PENDING until E10
    polled = ok(user.client.get("/sdk/actions/session-id/jira-key"))
    assert fake.state.credentials[polled["connectCredentialId"]].status == "PENDING"


@pytest.mark.parametrize("action", ["oauth", "anything-at-all", "salesforce", "custom"])
def test_e16_action_must_be_the_integration_type(
    fake: FakeParagon, user: FakeUser, action: str
) -> None:
    response = user.client.get(
        f"{ZEUS}/v2/projects/{user.project_id}/sdk/actions/build-oauth",
        params={
            "action": action,
            "integrationId": fake.state.integration("jira").id,
            "userToken": user.token,
            "oauthMetaKeyId": f"key-{action}",
        },
    )
    assert response.status_code == 400
    if action:  # an empty one is refused by the contract (minLength 1) before the handler
        assert (
            f"action must be the integration type ('jira'), not {action!r}"
            in (response.json()["message"])
        )
    assert fake.state.oauth_sessions == {}, "no flow started"


def test_e17_pending_outcome_keeps_polling(fake: FakeParagon, user: FakeUser) -> None:
    fake.users.oauth_outcome("pending")
    ok(build_oauth(user, "slack", "slow-key"))
    for _ in range(3):  # 200 {} while consent is pending (the SDK logs every non-2xx poll)
        assert ok(user.client.get("/sdk/actions/session-id/slow-key")) == {}
    assert fake.users.credentials("user-1") == []
    assert fake.state.oauth_sessions["slow-key"].credential_id is None
    fake.users.oauth_outcome("granted")
    ok(build_oauth(user, "slack", "granted-key"))
    other = make_user(fake, "user-2")
    try:  # a session is the user's own
        ok(other.client.get("/sdk/actions/session-id/granted-key"), 404)
    finally:
        other.close()
    ok(user.client.get("/sdk/actions/session-id/granted-key"))


# -- E19-E22: workflows, field options, resources ------------------------------------------------


def test_e19_e20_enable_and_disable(fake: FakeParagon, user: FakeUser) -> None:
    workflow = fake.users.workflow_id("hubspot", "Create HubSpot contacts")
    credential = user.connect("hubspot")
    headers = select(credential.id, credential.default_configuration.id)
    ok(user.client.post(f"/sdk/workflows/{workflow}", headers=headers))
    assert fake.users.workflow_states("user-1", "hubspot")[workflow] is True
    hubspot = ok(user.client.get("/sdk/me"))["integrations"]["hubspot"]
    assert hubspot["workflowSettings"][workflow]["enabled"] is True
    assert hubspot["configMeta"] == {"isIntegrationEnableTriggered": True}
    ok(user.client.delete(f"/sdk/workflows/{workflow}", headers=headers))
    assert fake.users.workflow_states("user-1", "hubspot")[workflow] is False
    ok(user.client.post(f"/sdk/workflows/{NOBODY}"), 404)


def test_e21_field_options_search_and_cursor(fake: FakeParagon, user: FakeUser) -> None:
    user.connect("slack")
    channels = [{"label": f"#channel-{n:02d}", "value": f"c{n:02d}"} for n in range(25)]
    channels.append({"label": "#general", "value": "general"})
    fake.users.field_options("slack", "channels", channels)

    def page(cursor: str | int, search: str | None = None) -> Any:
        body = options_body("slack", cursor, search)
        return ok(user.client.post("/sdk/actions", json=body), 201)["output"]

    first = page(0)
    assert first["records"] == channels[:20]
    assert first["nextPageCursor"] is not None
    assert page(first["nextPageCursor"]) == {"records": channels[20:], "nextPageCursor": None}
    found = page(0, search="GENERAL")
    assert found == {"records": [{"label": "#general", "value": "general"}], "nextPageCursor": None}
    assert page(0, search="nothing-like-this")["records"] == []
    missing = ok(user.client.post("/sdk/actions", json=options_body("hubspot")), 400)
    assert missing["message"] == 'Integration "hubspot" is not installed.'


def test_e22_resource_connect_shows_in_me(user: FakeUser) -> None:
    resource = ok(user.client.get("/sdk/me"))["resources"][0]
    assert "credentialId" not in resource
    url = f"/sdk/resources/{resource['id']}/connect"
    created = ok(user.client.post(url, json={"access_token": "gho_x"}), 201)
    assert created["status"] == "VALID"
    after = ok(user.client.get("/sdk/me"))["resources"][0]
    assert after == {**resource, "credentialId": created["id"], "credentialStatus": "VALID"}
    ok(user.client.post(f"/sdk/resources/{NOBODY}/connect", json={"a": 1}), 404)


# -- E24, E27: triggers (E25/E26 App Events: test_consistency.py and the walk) -------------


def test_e24_request_trigger_on_hermes(fake: FakeParagon, user: FakeUser) -> None:
    workflow = fake.users.workflow_id("salesforce", request_trigger=True)
    credential = user.connect("salesforce", workflows=[workflow])
    registration = fake.triggers.on(
        workflow, lambda call: (200, {"accountId": "001", "echo": call.body["name"]})
    )
    url = f"{HERMES}/projects/{user.project_id}/sdk/triggers/{workflow}"
    body = ok(user.client.post(url, json={"name": "Acme"}, params={"q": "1"}))
    assert body == {"accountId": "001", "echo": "Acme"}
    (call,) = registration.calls
    assert (call.query, call.credential_id) == ({"q": "1"}, credential.id)
    assert fake.requests("runRequestTriggerWorkflow")[0].host == "hermes.useparagon.com"


def test_e24_refuses_disabled_and_non_trigger_workflows(fake: FakeParagon, user: FakeUser) -> None:
    user.connect("hubspot")
    workflow = fake.users.workflow_id("hubspot", request_trigger=True)
    refused = ok(user.client.post(f"/sdk/triggers/{workflow}", json={}), 400)
    assert "not enabled" in refused["message"]
    plain = fake.users.workflow_id("hubspot", request_trigger=False)
    ok(user.client.post(f"/sdk/triggers/{plain}", json={}), 404)


def test_e27_custom_webhook_needs_no_auth(fake: FakeParagon, user: FakeUser) -> None:
    credential = user.connect("hubspot")
    integration_id = sid(fake, "hubspot")
    base = f"{HERMES}/triggers/connect/{user.project_id}"
    event = {"event": "deal.created"}
    with httpx.Client() as provider:  # a provider: no Authorization header
        url = f"{base}/{integration_id}/custom-triggers/hook-1"
        response = provider.post(url, params={"id": credential.id}, json=event)
        unknown = provider.post(f"{base}/no-such-integration/custom-triggers/hook-1", json={})
    assert response.status_code == 200
    (hook,) = fake.state.inbound_webhooks
    assert (hook.integration_id, hook.trigger_id) == (integration_id, "hook-1")
    assert (hook.credential_id, hook.body) == (credential.id, event)
    assert unknown.status_code == 404


# -- E28-E30: the Proxy API ----------------------------------------------------------------------


def test_e28_wrapped_and_raw(fake: FakeParagon, user: FakeUser) -> None:
    user.connect("slack")
    provider = {"ok": True, "channels": []}
    fake.proxy.on("slack", provider, method="GET", headers={"x-provider": "slack"})
    url = proxy_url(user, "slack/conversations.list")
    with httpx.Client(headers=user.headers) as client:  # intercepted by respx
        wrapped = client.get(url)
        raw = client.get(url, headers={"X-Paragon-Use-Raw-Response": "1"})
    assert ok(wrapped) == {"output": provider}
    assert ok(raw) == provider
    assert raw.headers["x-provider"] == "slack"
    error = {"ok": False, "error": "channel_not_found"}  # a provider error surfaces as is
    fake.proxy.on("slack", error, method="POST", status=422)
    url = proxy_url(user, "slack/chat.postMessage")
    assert ok(user.client.post(url, json={"channel": "nope", "text": "hi"}), 422) == error


def test_e28_handler_sees_the_provider_request(fake: FakeParagon, user: FakeUser) -> None:
    credential = user.connect("hubspot")
    contact = {"id": "contact-9"}
    registration = fake.proxy.on("hubspot", contact, method="PUT", path="/crm/v3/objects/*")
    url, body = proxy_url(user, "hubspot/crm/v3/objects/contacts"), {"properties": {"a": "b"}}
    response = user.client.put(url, params={"archived": "false"}, json=body)
    assert ok(response) == {"output": contact}
    (call,) = registration.calls
    assert (call.method, call.path) == ("PUT", "/crm/v3/objects/contacts")
    assert (call.query, call.body) == ({"archived": "false"}, body)
    assert call.credential_id == credential.id


def test_e28_without_valid_credential_not_enabled(user: FakeUser) -> None:
    user.connect("hubspot", status="INVALID")
    for integration in ("slack", "hubspot"):
        refused = ok(user.client.get(proxy_url(user, f"{integration}/x")), 404)
        assert refused["message"] == "Integration not enabled for user."


def test_e29_custom_integration_by_id(fake: FakeParagon, user: FakeUser) -> None:
    # The default catalogue has no custom integration: the fake resolves any project
    # integration by its id, so the Slack integration's id reaches the Slack handler.
    user.connect("slack")
    fake.proxy.on("slack", {"ok": True}, method="DELETE", path="/files/*")
    url = proxy_url(user, f"custom/{sid(fake, 'slack')}/files/F1")
    assert ok(user.client.delete(url)) == {"output": {"ok": True}}
    ok(user.client.get(proxy_url(user, "custom/not-an-integration/x")), 404)


def test_e30_proxy_url_header(fake: FakeParagon, user: FakeUser) -> None:
    user.connect("slack")
    registration = fake.proxy.on(
        "slack", {"ok": True, "ts": "1.2"}, method="PATCH", path="https://slack.com/api/*"
    )
    response = user.client.patch(
        proxy_url(user, "slack"),
        headers={"X-Paragon-Proxy-Url": "https://slack.com/api/chat.update"},
        json={"ts": "1.2", "text": "edited"},
    )
    assert ok(response) == {"output": {"ok": True, "ts": "1.2"}}
    assert registration.calls[0].path == "https://slack.com/api/chat.update"


# -- sync and async clients ----------------------------------------------------------------------


@pytest.mark.anyio
async def test_async_clients_see_the_same_state(fake: FakeParagon, user: FakeUser) -> None:
    credential = user.connect("shopify", settings={"store": "eu"})
    async with user.async_client() as client:
        me = await client.get("/sdk/me")
        patched = await client.patch("/sdk/me", json={"meta": {"email": "new@example.com"}})
    async with httpx.AsyncClient(headers=user.headers) as intercepted:
        listed = await intercepted.get(f"{user.base_url}/sdk/credentials")
    assert ok(me)["integrations"]["shopify"]["credentialId"] == credential.id
    ok(patched)
    assert fake.users.metadata("user-1")["Email"] == "new@example.com"
    assert [c["id"] for c in ok(listed)] == [credential.id]


# -- the walk: every operation of E1-E30 once ----------------------------------------------------


def test_every_operation_of_e1_to_e30_is_served(fake: FakeParagon, user: FakeUser) -> None:
    client, project = user.client, user.project_id
    slack = user.connect("slack")
    workflow = fake.users.workflow_id("slack", "Send Slack Notification")
    trigger = fake.users.workflow_id("slack", request_trigger=True)
    fake.proxy.on("slack", {"ok": True})
    fake.users.field_options("slack", "channels", [{"label": "#general", "value": "general"}])
    slack_id, jira_id = sid(fake, "slack"), sid(fake, "jira")
    configurations = f"/sdk/credentials/{slack.id}/configurations"
    nonce = {"action": "hubspot", "integrationId": sid(fake, "hubspot")}
    nonce |= {"originForPostMessage": "https://a.example.com", "userToken": user.token}
    event = {"name": "E", "payload": {}}
    calls: list[tuple[str, str, dict[str, Any]]] = [
        ("GET", "/sdk/me", {}),
        ("PATCH", "/sdk/me", {"json": {"meta": {"Name": "Ada"}}}),
        ("GET", "/sdk/integrations", {}),
        ("GET", "/sdk/metadata", {}),
        ("GET", "/sdk/credentials", {}),
        ("GET", "/sdk/credentials", {"params": {"integration": "slack"}}),
        ("GET", f"/sdk/credentials/{slack.id}", {}),
        ("PATCH", f"/sdk/credentials/{slack.id}", {"json": {"config": {"sharedSettings": {}}}}),
        ("POST", "/sdk/credentials", {"json": {"integrationId": jira_id, "payload": {}}}),
        ("POST", configurations, {"json": {"externalId": "cfg"}}),
        ("PATCH", configurations, {"json": {"meta": {}}, "headers": select(slack.id, "ext:cfg")}),
        ("DELETE", configurations, {"headers": select(slack.id, "ext:cfg")}),
        ("GET", f"{ZEUS}/projects/{project}/sdk/actions/oauth-nonce", {"params": nonce}),
        ("GET", "/sdk/actions/session-id/walk-key", {}),
        ("DELETE", "/sdk/actions/session-id/walk-key", {}),
        ("POST", f"/sdk/workflows/{workflow}", {}),
        ("POST", f"/sdk/workflows/{trigger}", {}),
        ("DELETE", f"/sdk/workflows/{workflow}", {}),
        ("POST", "/sdk/actions", {"json": options_body("slack")}),
        ("GET", f"{ZEUS}/sdk/projects/{project}", {}),
        ("POST", f"{HERMES}/projects/{project}/sdk/triggers/{trigger}", {"json": {}}),
        ("POST", "/sdk/events/trigger", {"json": event}),
        ("POST", f"{HERMES}/v2/projects/{project}/sdk/events/trigger", {"json": event}),
        ("POST", f"{HERMES}/triggers/connect/{project}/{slack_id}/custom-triggers/t", {}),
    ]
    for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
        body = {"json": {}} if method in ("POST", "PUT", "PATCH") else {}
        via_header = {"headers": {"X-Paragon-Proxy-Url": "https://slack.com/api/x"}}
        calls.append((method, proxy_url(user, "slack/api/x"), body))
        calls.append((method, proxy_url(user, f"custom/{slack_id}/api/x"), body))
        calls.append((method, proxy_url(user, "slack"), {**body, **via_header}))
    ok(build_oauth(user, "hubspot", "walk-key"))
    for method, url, options in calls:
        assert client.request(method, url, **options).status_code < 400, (method, url)
    pending = fake.users.credential("user-1", "jira").id
    complete = {"integrationId": jira_id, "payload": {"JIRA_CLOUD_ID": "c"}}
    ok(client.post(f"/sdk/credentials/{pending}/complete-setup", json=complete), 201)
    resource = ok(client.get("/sdk/me"))["resources"][0]["id"]
    ok(client.post(f"/sdk/resources/{resource}/connect", json={"token": "t"}), 201)
    ok(client.delete(f"/sdk/integrations/{slack_id}", headers=select(slack.id)))

    served = {e.operation_id for e in fake.requests()}
    wanted = {
        op.operation_id
        for op in fake.contract.operations
        if any(1 <= int(endpoint[1:]) <= 30 for endpoint in op.endpoints)
    }
    assert len(wanted) >= 41
    assert wanted - served == set()
    assert [(e.operation_id, e.status) for e in fake.requests() if e.status >= 400] == []
    assert fake._violations == []


# -- error statuses that were missing from the contract (now documented) -------------------------


@pytest.mark.parametrize(
    ("case", "status"),
    [("E14", 400), ("E19", 400), ("E7", 404), ("E23", 400), ("E28", 404)],
)
def test_documented_error_status(fake: FakeParagon, user: FakeUser, case: str, status: int) -> None:
    slack = user.connect("slack")
    user.connect("jira", status="PENDING")
    # E28: a provider's own 404 surfaces with the provider's body (not Paragon's ErrorBody).
    fake.proxy.on("slack", {"ok": False, "error": "not_found"}, status=404, optional=True)
    default = select(slack.id, slack.default_configuration.id)
    pending = fake.users.workflow_id("jira", "Create issues from tasks")
    legacy = {"X-Paragon-User-Metadata": "[1]"}  # not an object
    send = {
        "E14": lambda: user.client.delete(
            f"/sdk/credentials/{slack.id}/configurations", headers=default
        ),
        "E19": lambda: user.client.post(f"/sdk/workflows/{pending}"),
        "E7": lambda: user.client.get("/sdk/credentials", params={"integration": "hubspot"}),
        "E23": lambda: user.client.get(f"{ZEUS}/sdk/projects/{user.project_id}", headers=legacy),
        "E28": lambda: user.client.get(proxy_url(user, "slack/files.info")),
    }
    assert send[case]().status_code == status
