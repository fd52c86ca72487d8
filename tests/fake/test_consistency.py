"""The fake is one consistent Paragon: what one endpoint changes, every other endpoint shows.

The consistency cases of issue 3 section 3, each its own test: disconnecting, replacing ``config``,
``/sdk/me`` for the SDK, request triggers (202 / handler / 542 on the fake's clock), App Events on
both paths and hosts, account and configuration selectors in all three forms, proxy wrapping and
``Content-Type: auto``, and ids reproduced by a seed.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from pytest_paragon.fake.base.project import InputSpec, IntegrationSpec, ProjectSpec, WorkflowSpec
from pytest_paragon.fake.base.records import CredentialRecord, ProxyCall
from pytest_paragon.fake.connect import domain as connect_domain
from pytest_paragon.fake.core import FakeParagon
from pytest_paragon.fake.entrances.users import FakeUser, make_user
from pytest_paragon.tokens import SigningKey

ZEUS = "https://zeus.useparagon.com"
HERMES = "https://hermes.useparagon.com"
PROXY = "https://proxy.useparagon.com"
NOT_ENABLED = "Integration not enabled for user."


def proxy(user: FakeUser, rest: str) -> str:
    return f"{PROXY}/projects/{user.project_id}/sdk/proxy/{rest}"


def me(user: FakeUser) -> dict[str, Any]:
    response = user.client.get("/sdk/me")
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


# -- disconnecting -------------------------------------------------------------------------------


def test_uninstall_disconnects_everywhere(
    paragon_fake: FakeParagon, paragon_user: FakeUser
) -> None:
    notify = paragon_fake.users.workflow_id("slack", "Send Slack Notification")
    trigger = paragon_fake.users.workflow_id("slack", request_trigger=True)
    credential = paragon_user.connect(
        "slack", settings={"channel": "general"}, workflows={notify: {"x": 1}, trigger: {}}
    )
    paragon_fake.proxy.on("slack", {"ok": True}, optional=True)
    assert me(paragon_user)["integrations"]["slack"]["enabled"] is True

    slack_id = paragon_fake.state.integration("slack").id
    response = paragon_user.client.delete(
        f"/sdk/integrations/{slack_id}", headers={"X-Paragon-Credential": credential.id}
    )
    assert response.status_code == 200

    assert me(paragon_user)["integrations"]["slack"] == {
        "enabled": False,
        "allCredentials": [],
        "configuredWorkflows": {},
    }
    assert paragon_fake.users.credentials("user-1", "slack") == []
    assert paragon_fake.users.settings("user-1", "slack") == {}
    assert paragon_fake.users.workflow_states("user-1", "slack") == {}

    refused = paragon_user.client.get(proxy(paragon_user, "slack/conversations.list"))
    assert refused.status_code == 404
    assert refused.headers["content-type"] == "application/json"
    assert refused.json()["message"] == NOT_ENABLED
    triggered = paragon_user.client.post(
        f"{HERMES}/projects/{paragon_user.project_id}/sdk/triggers/{trigger}", json={}
    )
    assert triggered.status_code == 404

    reinstalled = paragon_user.client.post(
        "/sdk/credentials", json={"integrationId": slack_id, "payload": {}}
    )
    assert reinstalled.status_code == 201
    slack = me(paragon_user)["integrations"]["slack"]
    assert slack["enabled"] is True
    assert slack["sharedSettings"] == {}
    assert not any(state["enabled"] for state in slack["workflowSettings"].values())


def test_uninstall_one_account_keeps_the_other(
    paragon_fake: FakeParagon, paragon_user: FakeUser
) -> None:
    first = paragon_user.connect("slack", external_id="team-a", settings={"channel": "a"})
    second = paragon_user.connect("slack", external_id="team-b", settings={"channel": "b"})
    paragon_fake.proxy.on("slack", lambda call: {"via": call.credential_id})
    slack_id = paragon_fake.state.integration("slack").id
    response = paragon_user.client.delete(
        f"/sdk/integrations/{slack_id}", headers={"X-Paragon-Credential": first.id}
    )
    assert response.status_code == 200
    slack = me(paragon_user)["integrations"]["slack"]
    assert [c["id"] for c in slack["allCredentials"]] == [second.id]
    assert slack["credentialId"] == second.id
    assert slack["sharedSettings"] == {"channel": "b"}
    assert paragon_fake.users.settings("user-1", "slack") == {"channel": "b"}
    assert paragon_user.client.get(proxy(paragon_user, "slack/x")).json() == {
        "output": {"via": second.id}
    }
    gone = paragon_user.client.get(
        proxy(paragon_user, "slack/x"), headers={"X-Paragon-Credential": "ext:team-a"}
    )
    assert (gone.status_code, gone.json()["message"]) == (404, NOT_ENABLED)


# -- PATCH /sdk/credentials/{id} -----------------------------------------------------------------


def test_patch_rest_form_replaces_config_and_loses_workflows(
    paragon_fake: FakeParagon, paragon_user: FakeUser
) -> None:
    notify = paragon_fake.users.workflow_id("slack", "Send Slack Notification")
    credential = paragon_user.connect("slack", settings={"channel": "general"}, workflows=[notify])
    assert paragon_fake.users.workflow_states("user-1", "slack")[notify] is True

    response = paragon_user.client.patch(
        f"/sdk/credentials/{credential.id}",
        json={"config": {"sharedSettings": {"channel": "random"}}},
    )
    assert response.status_code == 200
    assert response.json()["config"] == {
        "configuredWorkflows": {},
        "sharedSettings": {"channel": "random"},
    }
    assert paragon_fake.users.settings("user-1", "slack") == {"channel": "random"}
    assert paragon_fake.users.workflow_states("user-1", "slack").get(notify, False) is False
    slack = me(paragon_user)["integrations"]["slack"]
    assert slack["workflowSettings"] == {}
    assert slack["sharedSettings"] == {"channel": "random"}


def test_patch_sdk_form_keeps_shared_settings(
    paragon_fake: FakeParagon, paragon_user: FakeUser
) -> None:
    notify = paragon_fake.users.workflow_id("slack", "Send Slack Notification")
    credential = paragon_user.connect("slack", settings={"channel": "general"})
    default = credential.default_configuration
    response = paragon_user.client.patch(
        f"/sdk/credentials/{credential.id}",
        headers={"X-Paragon-Credential": credential.id, "X-Paragon-Configuration-Id": default.id},
        json={"config": {"workflowSettings": {notify: {"enabled": True, "settings": {"a": "b"}}}}},
    )
    assert response.status_code == 200
    configuration = response.json()["configurations"][0]
    assert configuration["sharedSettings"] == {"channel": "general"}
    assert configuration["workflowSettings"] == {notify: {"enabled": True, "settings": {"a": "b"}}}
    assert paragon_fake.users.settings("user-1", "slack") == {"channel": "general"}
    assert paragon_fake.users.workflow_states("user-1", "slack") == {notify: True}


def test_patch_sdk_form_targets_only_the_selected_configuration(
    paragon_fake: FakeParagon, paragon_user: FakeUser
) -> None:
    credential = paragon_user.connect("slack", settings={"channel": "general"})
    created = paragon_user.client.post(
        f"/sdk/credentials/{credential.id}/configurations", json={"externalId": "eu"}
    )
    assert created.status_code == 201
    response = paragon_user.client.patch(
        f"/sdk/credentials/{credential.id}",
        headers={"X-Paragon-Credential": credential.id, "X-Paragon-Configuration-Id": "ext:eu"},
        json={"config": {"sharedSettings": {"channel": "eu-alerts"}}},
    )
    assert response.status_code == 200
    by_default = {c["isDefault"]: c for c in response.json()["configurations"]}
    assert by_default[False]["sharedSettings"] == {"channel": "eu-alerts"}
    assert by_default[True]["sharedSettings"] == {"channel": "general"}
    assert paragon_fake.users.settings("user-1", "slack") == {"channel": "general"}


# -- /sdk/me for SDK 2.4.0 -----------------------------------------------------------------------


def test_me_has_all_credentials_for_every_active_integration(
    paragon_fake: FakeParagon, paragon_user: FakeUser
) -> None:
    paragon_user.connect("salesforce")
    paragon_user.connect("salesforce", external_id="sandbox", status="INVALID")
    paragon_user.connect("jira", status="PENDING")
    body = me(paragon_user)
    assert "headless-cp" in body["project"]["accessibleFeatures"]
    active = {spec.type for spec in paragon_fake.project.integrations if spec.isActive}
    assert set(body["integrations"]) == active
    for integration, entry in body["integrations"].items():
        stored = paragon_fake.users.credentials("user-1", integration)
        assert [c["id"] for c in entry["allCredentials"]] == [c.id for c in stored]
        for credential in entry["allCredentials"]:
            assert [c["isDefault"] for c in credential["configurations"]].count(True) == 1
    assert [c["status"] for c in body["integrations"]["salesforce"]["allCredentials"]] == [
        "VALID",
        "INVALID",
    ]


def test_me_leaves_out_inactive_integrations(paragon_signing_key: SigningKey) -> None:
    project = ProjectSpec(
        integrations=(
            IntegrationSpec(type="slack", name="Slack"),
            IntegrationSpec(type="asana", name="Asana", isActive=False),
        ),
        accessibleFeatures=("headless-cp",),
    )
    fake = FakeParagon(project, signing_key=paragon_signing_key, validate_responses=True)
    user = make_user(fake, "solo")
    try:
        body = me(user)
        listed = user.client.get("/sdk/integrations").json()
    finally:
        user.close()
    assert body["integrations"] == {
        "slack": {"enabled": False, "allCredentials": [], "configuredWorkflows": {}}
    }
    assert body["project"]["accessibleFeatures"] == ["headless-cp"]
    assert {(i["type"], i["isActive"]) for i in listed} == {("slack", True), ("asana", False)}
    assert fake._violations == []


# -- request triggers ----------------------------------------------------------------------------


@pytest.fixture
def trigger_url(paragon_fake: FakeParagon, paragon_user: FakeUser) -> str:
    workflow = paragon_fake.users.workflow_id("hubspot", request_trigger=True)
    paragon_user.connect("hubspot", workflows=[workflow])
    return f"{HERMES}/projects/{paragon_user.project_id}/sdk/triggers/{workflow}"


def test_trigger_without_handler_is_202(paragon_user: FakeUser, trigger_url: str) -> None:
    response = paragon_user.client.post(trigger_url, json={"email": "bowie@example.com"})
    assert response.status_code == 202
    assert response.json() == {}


def test_trigger_answers_the_handlers_status_and_body(
    paragon_fake: FakeParagon, paragon_user: FakeUser, trigger_url: str
) -> None:
    workflow = trigger_url.rsplit("/", 1)[1]
    registration = paragon_fake.triggers.on(workflow, {"companyId": "c-1"}, status=201)
    response = paragon_user.client.post(trigger_url, json={"domain": "acme.com"})
    assert response.status_code == 201
    assert response.json() == {"companyId": "c-1"}
    assert registration.calls[0].body == {"domain": "acme.com"}


def test_trigger_past_the_limit_is_542(
    paragon_fake: FakeParagon, paragon_user: FakeUser, trigger_url: str
) -> None:
    workflow = trigger_url.rsplit("/", 1)[1]
    paragon_fake.clock.freeze()
    submitted = paragon_fake.clock.iso()

    def slow(call: Any) -> dict[str, Any]:
        paragon_fake.clock.advance(60)
        return {"never": "seen"}

    paragon_fake.triggers.on(workflow, slow)
    response = paragon_user.client.post(trigger_url, json={})
    assert response.status_code == 542
    body = response.json()
    assert body["message"] == "Workflow has been enqueued but has not completed."
    assert body["projectId"] == paragon_fake.project.id
    assert body["workflowId"] == workflow
    assert body["executionId"]
    assert body["dateSubmitted"] == submitted  # when the request was accepted, not 60 s later


@pytest.mark.parametrize(("elapsed", "status"), [(55.0, 200), (55.5, 542)])
def test_trigger_limit_is_55_seconds_on_the_fakes_clock(
    paragon_fake: FakeParagon, paragon_user: FakeUser, trigger_url: str, elapsed: float, status: int
) -> None:
    paragon_fake.clock.freeze()
    workflow = trigger_url.rsplit("/", 1)[1]
    paragon_fake.triggers.on(
        workflow, lambda call: paragon_fake.clock.advance(elapsed) or {"ok": 1}
    )
    assert paragon_user.client.post(trigger_url, json={}).status_code == status


@pytest.mark.paragon(trigger_timeout=5)
@pytest.mark.parametrize(("elapsed", "status"), [(4.0, 200), (6.0, 542)])
def test_trigger_limit_from_the_marker(
    paragon_fake: FakeParagon, paragon_user: FakeUser, trigger_url: str, elapsed: float, status: int
) -> None:
    assert paragon_fake.trigger_timeout == 5
    paragon_fake.clock.freeze()
    workflow = trigger_url.rsplit("/", 1)[1]
    paragon_fake.triggers.on(
        workflow, lambda call: paragon_fake.clock.advance(elapsed) or {"ok": 1}
    )
    assert paragon_user.client.post(trigger_url, json={}).status_code == status


# -- App Events ----------------------------------------------------------------------------------


@pytest.mark.parametrize("host", ["zeus.useparagon.com", "hermes.useparagon.com"])
@pytest.mark.parametrize(
    "path", ["/v2/projects/{P}/sdk/events/trigger", "/projects/{P}/sdk/events/trigger"]
)
def test_app_events_on_both_paths_and_hosts(
    paragon_fake: FakeParagon, paragon_user: FakeUser, host: str, path: str
) -> None:
    url = f"https://{host}{path.replace('{P}', paragon_user.project_id)}"
    with httpx.Client(headers=paragon_user.headers) as client:  # intercepted by respx
        response = client.post(url, json={"name": "Deal Won", "payload": {"amount": 100}})
    assert response.status_code == 201
    assert response.json() == {}
    (event,) = paragon_fake.users.app_events()
    assert (event.name, event.payload, event.user_id) == ("Deal Won", {"amount": 100}, "user-1")
    assert (event.credential, event.configuration) == (None, None)
    (entry,) = paragon_fake.requests()
    assert (entry.host, entry.path) == (host, url.split(host, 1)[1])


def test_app_event_configuration_needs_a_credential(
    paragon_fake: FakeParagon, paragon_user: FakeUser
) -> None:
    response = paragon_user.client.post(
        f"{HERMES}/v2/projects/{paragon_user.project_id}/sdk/events/trigger",
        headers={"X-Paragon-Configuration-Id": "ext:eu"},
        json={"name": "Deal Won", "payload": {}},
    )
    assert response.status_code == 400
    assert paragon_fake.users.app_events() == []


# -- selectors: UUID, ext:<id>, bare external id -------------------------------------------------


@pytest.fixture
def accounts(paragon_fake: FakeParagon, paragon_user: FakeUser) -> dict[str, Any]:
    team_a = paragon_user.connect("slack", external_id="team-a")
    team_b = paragon_user.connect("slack", external_id="team-b")
    eu = connect_domain.create_configuration(paragon_fake.state, team_b, external_id="eu")
    return {"a": team_a, "b": team_b, "eu": eu}


CREDENTIAL_FORMS = ["uuid", "ext:team-b", "team-b"]
CONFIGURATION_FORMS = ["uuid", "ext:eu", "eu"]


def selector(form: str, uuid: str) -> str:
    return uuid if form == "uuid" else form


@pytest.mark.parametrize("credential_form", CREDENTIAL_FORMS)
@pytest.mark.parametrize("configuration_form", [*CONFIGURATION_FORMS, None])
def test_workflow_enable_selects_account_and_configuration(
    paragon_fake: FakeParagon,
    paragon_user: FakeUser,
    accounts: dict[str, Any],
    credential_form: str,
    configuration_form: str | None,
) -> None:
    team_a, team_b, eu = accounts["a"], accounts["b"], accounts["eu"]
    notify = paragon_fake.users.workflow_id("slack", "Send Slack Notification")
    headers = {"X-Paragon-Credential": selector(credential_form, team_b.id)}
    if configuration_form is not None:
        headers["X-Paragon-Configuration-Id"] = selector(configuration_form, eu.id)
    response = paragon_user.client.post(f"/sdk/workflows/{notify}", headers=headers)
    assert response.status_code == 200
    target = eu if configuration_form is not None else team_b.default_configuration
    enabled = {
        configuration.id
        for credential in (team_a, team_b)
        for configuration in credential.configurations
        if notify in configuration.enabled_workflows()
    }
    assert enabled == {target.id}


@pytest.mark.parametrize("credential_form", CREDENTIAL_FORMS)
def test_proxy_selects_the_account(
    paragon_fake: FakeParagon,
    paragon_user: FakeUser,
    accounts: dict[str, Any],
    credential_form: str,
) -> None:
    calls: list[ProxyCall] = []
    paragon_fake.proxy.on("slack", lambda call: calls.append(call) or {"ok": True})
    team_b: CredentialRecord = accounts["b"]
    response = paragon_user.client.get(
        proxy(paragon_user, "slack/auth.test"),
        headers={"X-Paragon-Credential": selector(credential_form, team_b.id)},
    )
    assert response.status_code == 200
    assert [call.credential_id for call in calls] == [team_b.id]
    primary = paragon_user.client.get(proxy(paragon_user, "slack/auth.test"))
    assert primary.status_code == 200
    assert calls[-1].credential_id == accounts["a"].id


@pytest.mark.parametrize("credential_form", CREDENTIAL_FORMS)
@pytest.mark.parametrize("configuration_form", [*CONFIGURATION_FORMS, None])
def test_app_event_selects_account_and_configuration(
    paragon_fake: FakeParagon,
    paragon_user: FakeUser,
    accounts: dict[str, Any],
    credential_form: str,
    configuration_form: str | None,
) -> None:
    team_b, eu = accounts["b"], accounts["eu"]
    headers = {"X-Paragon-Credential": selector(credential_form, team_b.id)}
    if configuration_form is not None:
        headers["X-Paragon-Configuration-Id"] = selector(configuration_form, eu.id)
    response = paragon_user.client.post(
        f"{HERMES}/v2/projects/{paragon_user.project_id}/sdk/events/trigger",
        headers=headers,
        json={"name": "Deal Won", "payload": {}},
    )
    assert response.status_code == 201
    (event,) = paragon_fake.users.app_events("Deal Won")
    assert event.credential == team_b.id
    assert event.configuration == (eu.id if configuration_form is not None else None)


@pytest.mark.parametrize(
    "headers",
    [
        {"X-Paragon-Credential": "ext:team-z"},
        {"X-Paragon-Credential": "team-z"},
        {"X-Paragon-Credential": "00000000-0000-4000-8000-000000000000"},
        {"X-Paragon-Credential": "team-a", "X-Paragon-Configuration-Id": "ext:eu"},
    ],
)
def test_app_event_with_unknown_selection_is_400(
    paragon_fake: FakeParagon,
    paragon_user: FakeUser,
    accounts: dict[str, Any],
    headers: dict[str, str],
) -> None:
    response = paragon_user.client.post(
        "/sdk/events/trigger", headers=headers, json={"name": "Deal Won", "payload": {}}
    )
    assert response.status_code == 400
    assert paragon_fake.users.app_events() == []


def test_a_default_header_naming_another_integration_selects_nothing(
    paragon_fake: FakeParagon, paragon_user: FakeUser
) -> None:
    # In portal context SDK 2.4.0 adds the current integration's credential as a default
    # X-Paragon-Credential to getIntegrationAccount (E7) and getFieldOptions (E21) calls about
    # other integrations (reference section 5.2): there it selects nothing.
    slack = paragon_user.connect("slack")
    drive = paragon_user.connect("googledrive", external_id="work")
    paragon_fake.users.field_options("googledrive", "folders", [{"label": "Docs", "value": "d1"}])
    default_header = {"X-Paragon-Credential": slack.id}
    params = {"integration": "googledrive", "includeAccountAuth": "true"}
    account = paragon_user.client.get("/sdk/credentials", params=params, headers=default_header)
    assert account.status_code == 200
    assert account.json()["credentialId"] == drive.id
    assert account.json()["accountAuth"] == drive.account_auth
    paging = {"pageCursor": 0}
    body = {
        "action": "googledrive",
        "sourceKey": "folders",
        "parameters": [],
        "paginationParameters": paging,
    }
    loaded = paragon_user.client.post("/sdk/actions", json=body, headers=default_header)
    assert loaded.status_code == 201
    assert loaded.json()["output"]["records"] == [{"label": "Docs", "value": "d1"}]
    chosen = paragon_user.client.get(
        "/sdk/credentials", params=params, headers={"X-Paragon-Credential": "work"}
    )
    assert chosen.json()["credentialId"] == drive.id


# -- completing setup ----------------------------------------------------------------------------


def test_completing_setup_enables_default_workflows(paragon_signing_key: SigningKey) -> None:
    crm = IntegrationSpec(
        type="pipedrive",
        name="Pipedrive",
        postOauthInputs=(InputSpec(id="COMPANY_DOMAIN", title="Company domain"),),
        workflows=(WorkflowSpec(description="Sync deals", defaultEnabled=True),),
    )
    project = ProjectSpec(integrations=(crm,))
    fake = FakeParagon(project, signing_key=paragon_signing_key, validate_responses=True)
    user = make_user(fake, "u1")
    workflow = fake.users.workflow_id("pipedrive", "Sync deals")
    try:
        created = user.client.post(
            "/sdk/credentials", json={"integrationId": crm.id, "payload": {}}
        )
        assert created.json()["status"] == "PENDING"
        assert fake.users.workflow_states("u1", "pipedrive") == {workflow: False}
        body = {"integrationId": crm.id, "payload": {"COMPANY_DOMAIN": "acme"}}
        url = f"/sdk/credentials/{created.json()['id']}/complete-setup"
        assert user.client.post(url, json=body).status_code == 201
        pipedrive = me(user)["integrations"]["pipedrive"]
    finally:
        user.close()
    # a credential VALID from the start gets its default workflows enabled: so does this one
    assert fake.users.workflow_states("u1", "pipedrive") == {workflow: True}
    assert pipedrive["workflowSettings"][workflow]["enabled"] is True
    assert fake._violations == []


# -- proxy wrapping and Content-Type: auto -------------------------------------------------------


def test_proxy_wraps_unless_raw_and_accepts_content_type_auto(
    paragon_fake: FakeParagon, paragon_user: FakeUser
) -> None:
    paragon_user.connect("slack")
    calls: list[ProxyCall] = []
    paragon_fake.proxy.on("slack", lambda call: calls.append(call) or {"ok": True, "ts": "1.1"})
    url = proxy(paragon_user, "slack/chat.postMessage")
    sent = b'{"channel": "C1", "text": "hello"}'
    wrapped = paragon_user.client.post(url, content=sent, headers={"Content-Type": "auto"})
    raw = paragon_user.client.post(
        url, content=sent, headers={"Content-Type": "auto", "X-Paragon-Use-Raw-Response": "1"}
    )
    assert wrapped.status_code == raw.status_code == 200
    assert wrapped.json() == {"output": {"ok": True, "ts": "1.1"}}
    assert raw.json() == {"ok": True, "ts": "1.1"}
    assert [call.body for call in calls] == [{"channel": "C1", "text": "hello"}] * 2
    assert paragon_fake._violations == []


def test_proxy_auto_keeps_a_non_json_body_as_bytes(
    paragon_fake: FakeParagon, paragon_user: FakeUser
) -> None:
    paragon_user.connect("slack")
    registration = paragon_fake.proxy.on("slack", {"ok": True})
    response = paragon_user.client.post(
        proxy(paragon_user, "slack/files.upload"),
        content=b"a,b\n1,2\n",
        headers={"Content-Type": "auto"},
    )
    assert response.status_code == 200
    assert registration.calls[0].body == b"a,b\n1,2\n"


# -- seeds ---------------------------------------------------------------------------------------


def run_scenario(fake: FakeParagon) -> list[str]:
    user = make_user(fake, "seeded-user")
    try:
        slack = fake.state.integration("slack").id
        created = user.client.post("/sdk/credentials", json={"integrationId": slack, "payload": {}})
        credential_id = created.json()["id"]
        user.client.post(f"/sdk/credentials/{credential_id}/configurations", json={})
        seeded = fake.users.connect("seeded-user", "hubspot")
        ids = [credential_id, seeded.id, fake.state.users["seeded-user"].persona_id]
        ids += [
            c["id"]
            for c in user.client.get(f"/sdk/credentials/{credential_id}").json()["configurations"]
        ]
    finally:
        user.close()
    return ids


def test_a_seed_reproduces_ids(paragon_signing_key: SigningKey) -> None:
    def fake(seed: int) -> FakeParagon:
        return FakeParagon(
            signing_key=paragon_signing_key, random_seed=seed, validate_responses=True
        )

    first, second, other = fake(42), fake(42), fake(43)
    ids = run_scenario(first)
    assert len(set(ids)) == len(ids) == 5
    assert run_scenario(second) == ids
    assert set(run_scenario(other)).isdisjoint(ids)
    first.reset()
    assert run_scenario(first) == ids
