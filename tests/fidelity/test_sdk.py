"""The official Connect SDK 2.4.0 against the fake in server mode (issue 4, section 5).

Each test seeds the fake, runs the SDK in one Node process (``run_sdk``, see conftest.py) and
asserts both what the SDK returned and the fake's state afterwards.
"""

from __future__ import annotations

import json
from typing import Any

SLACK_CHANNEL = "2d5662c9-6750-46c2-8588-2ac904532efb"  # Slack's "Channel" User Setting


def operations(fake: Any) -> list[str]:
    return [entry.operation_id for entry in fake.journal]


def one(fake: Any, operation_id: str) -> Any:
    (entry,) = fake.requests(operation_id)
    return entry


def test_authenticate_get_user_and_integration_metadata(paragon_fake, paragon_user, run_sdk):
    credential = paragon_user.connect("slack", settings={SLACK_CHANNEL: "general"})
    slack = paragon_fake.state.integration("slack")
    run = run_sdk(
        [
            {"call": "getUser"},
            {"call": "getIntegrationMetadata"},
            {"call": "getIntegrationMetadata", "args": ["slack"]},
            {"call": "getIntegrationConfig", "args": ["slack"]},
        ]
    )
    run.assert_clean()

    user = run.value(0)
    assert user["authenticated"] is True
    assert user["userId"] == paragon_user.id
    assert "token" not in user
    assert user["meta"] == {"Name": "Ada Lovelace", "Email": "ada@example.com"}
    active = [spec.type for spec in paragon_fake.project.integrations if spec.isActive]
    assert sorted(user["integrations"]) == sorted(active)
    seen = user["integrations"]["slack"]
    assert seen["enabled"] is True
    assert seen["credentialId"] == credential.id
    assert seen["credentialStatus"] == "VALID"
    assert seen["sharedSettings"] == {SLACK_CHANNEL: "general"}
    assert [c["id"] for c in seen["allConfigurations"]] == [credential.default_configuration.id]
    assert user["integrations"]["hubspot"]["enabled"] is False

    metadata = run.value(1)
    assert [m["type"] for m in metadata] == active
    (slack_metadata,) = [m for m in metadata if m["type"] == "slack"]
    assert {k: slack_metadata[k] for k in ("name", "brandColor")} == {
        "name": slack.name,
        "brandColor": slack.brandColor,
    }
    assert run.value(2) == slack_metadata

    config = run.value(3)
    assert config["shortDescription"] == slack.description
    assert config["longDescription"] == slack.overview
    assert [s["id"] for s in config["availableUserSettings"]] == [SLACK_CHANNEL]
    assert [w["id"] for w in config["availableWorkflows"]] == [w.id for w in slack.workflows]

    # authenticate() sent E1 and E3 once each, as SDK 2.4.0 with its version header; the read-only
    # getters sent nothing.
    assert sorted(operations(paragon_fake)) == ["getConnectedUser", "listProjectIntegrations"]
    me = one(paragon_fake, "getConnectedUser")
    assert me.headers["x-paragon-sdk-version"] == "2.4.0"
    assert me.headers["authorization"] == f"Bearer {paragon_user.token}"
    assert me.user_id == paragon_user.id


def test_an_unsigned_token_passes_the_sdk_but_not_the_fake(
    paragon_fake, paragon_bad_tokens, run_sdk
):
    # SDK 2.4.0 only decodes the JWT: the alg "none" token reaches the server, which refuses it.
    run = run_sdk([{"call": "getUser"}], token=paragon_bad_tokens.alg_none())

    assert run.authenticate["ok"] is False
    message = run.authenticate["error"]["message"]
    prefix = "Failed to authenticate user with Paragon: "
    assert message.startswith(prefix)
    body = json.loads(message[len(prefix) :])  # the fake's JSON error body, as the SDK keeps it
    assert body["statusCode"] == 401
    assert run.value(0) == {"authenticated": False}
    assert {e.status for e in paragon_fake.journal} == {401}


def test_set_user_metadata_normalises_name_and_email(paragon_fake, paragon_user, run_sdk):
    run = run_sdk(
        [
            {"call": "setUserMetadata", "args": [{"name": "Grace Hopper", " plan ": "pro"}]},
            # authenticate() PATCHes only metadata that differs from what E1 returned
            {
                "call": "authenticate",
                "args": [paragon_fake.project.id, paragon_user.token, {"metadata": {}}],
            },
            {
                "call": "authenticate",
                "args": [
                    paragon_fake.project.id,
                    paragon_user.token,
                    {"metadata": {"EMAIL": "grace@example.com"}},
                ],
            },
            {"call": "getUser"},
        ]
    )
    run.assert_clean()

    returned = run.value(0)
    assert returned["meta"] == {"Name": "Grace Hopper", "Email": "ada@example.com", "plan": "pro"}
    assert run.value(3)["meta"] == {
        "Name": "Grace Hopper",
        "Email": "grace@example.com",
        "plan": "pro",
    }
    assert paragon_fake.users.metadata(paragon_user.id) == run.value(3)["meta"]
    patches = [e.json for e in paragon_fake.requests("updateConnectedUserMetadata")]
    assert patches == [
        {"meta": {"Name": "Grace Hopper", "plan": "pro"}},
        {"meta": {"Email": "grace@example.com"}},  # only what authenticate() was given
    ]


def test_user_settings_and_workflow_settings(paragon_fake, paragon_user, run_sdk):
    workflow = paragon_fake.users.workflow_id("slack", "Send Slack Notification")
    credential = paragon_user.connect("slack", workflows=[workflow])
    configuration = credential.default_configuration
    run = run_sdk(
        [
            {"call": "updateIntegrationUserSettings", "args": ["slack", {SLACK_CHANNEL: "ops"}]},
            {
                "call": "updateWorkflowUserSettings",
                "args": ["slack", workflow, {"mention": "@here"}],
            },
            {"call": "updateIntegrationUserSettings", "args": ["slack", {"extra": 1}]},
        ]
    )
    run.assert_clean()

    first = run.value(0)
    assert first["errors"] == []
    slack = first["userState"]["integrations"]["slack"]
    assert slack["sharedSettings"] == {SLACK_CHANNEL: "ops"}
    second = run.value(1)["userState"]["integrations"]["slack"]
    assert second["allConfigurations"][0]["workflowSettings"][workflow] == {
        "enabled": True,
        "settings": {"mention": "@here"},
    }
    # The SDK merges the new values into what it holds and sends the whole map.
    third = run.value(2)["userState"]["integrations"]["slack"]
    assert third["allConfigurations"][0]["sharedSettings"] == {SLACK_CHANNEL: "ops", "extra": 1}

    assert paragon_fake.users.settings(paragon_user.id, "slack") == {
        SLACK_CHANNEL: "ops",
        "extra": 1,
    }
    assert configuration.workflow(workflow).enabled is True
    assert configuration.workflow(workflow).settings == {"mention": "@here"}
    for entry in paragon_fake.requests("updateCredential"):
        assert entry.headers["x-paragon-credential"] == credential.id
        assert entry.headers["x-paragon-configuration-id"] == configuration.id


def test_enable_disable_and_update_workflow_state(paragon_fake, paragon_user, run_sdk):
    notify = paragon_fake.users.workflow_id("slack", "Send Slack Notification")
    on_request = paragon_fake.users.workflow_id("slack", request_trigger=True)
    credential = paragon_user.connect("slack", workflows=[notify])
    run = run_sdk(
        [
            {"call": "enableWorkflow", "args": [on_request]},
            {"call": "disableWorkflow", "args": [notify]},
            {"call": "getUser"},
            {"call": "updateWorkflowState", "args": [{notify: True, on_request: False}]},
            # the SDK refuses, client-side, to disable a workflow that is not enabled
            {"call": "disableWorkflow", "args": [on_request]},
            {"call": "updateWorkflowState", "args": [{on_request: False}]},
        ]
    )
    run.assert_clean()

    assert run.value(0) is None
    assert run.value(1) is None
    settings = run.value(2)["integrations"]["slack"]["workflowSettings"]
    assert settings[on_request]["enabled"] is True
    assert settings[notify]["enabled"] is False
    state = run.value(3)
    assert state["errors"] == []
    settings = state["user"]["integrations"]["slack"]["workflowSettings"]
    assert (settings[notify]["enabled"], settings[on_request]["enabled"]) == (True, False)
    refused = f"Workflow {on_request} cannot be disabled for this user."
    assert run.error(4) == {"name": "Error", "message": refused}
    assert run.value(5)["errors"] == [{"workflowId": on_request, "message": refused}]

    assert paragon_fake.users.workflow_states(paragon_user.id, "slack") == {
        notify: True,
        on_request: False,
    }
    sent = [(e.method, e.path.rsplit("/", 1)[-1]) for e in paragon_fake.journal[2:]]
    assert sent == [
        ("POST", on_request),
        ("DELETE", notify),
        ("POST", notify),
        ("DELETE", on_request),
    ]
    for entry in paragon_fake.journal[2:]:
        assert entry.headers["x-paragon-credential"] == credential.id
        assert entry.headers["x-paragon-configuration-id"] == credential.default_configuration.id


def test_get_field_options_pages_and_searches(paragon_fake, paragon_user, run_sdk):
    paragon_user.connect("slack")
    channels = [{"label": f"#channel-{n:02d}", "value": f"C{n:02d}"} for n in range(25)]
    paragon_fake.users.field_options("slack", "channels", channels)
    run = run_sdk(
        [
            {"call": "getFieldOptions", "args": [{"integration": "slack", "action": "channels"}]},
            {
                "call": "getFieldOptions",
                "args": [{"integration": "slack", "action": "channels", "cursor": "20"}],
            },
            {
                "call": "getFieldOptions",
                "args": [{"integration": "slack", "action": "channels", "search": "channel-07"}],
            },
        ]
    )
    run.assert_clean()

    first = run.value(0)
    assert first == {"data": channels[:20], "nestedData": [], "nextPageCursor": "20"}
    assert run.value(1) == {"data": channels[20:], "nestedData": [], "nextPageCursor": None}
    assert run.value(2)["data"] == [channels[7]]
    bodies = [e.json for e in paragon_fake.requests("loadFieldOptions")]
    assert bodies[0] == {
        "action": "slack",
        "sourceKey": "channels",
        "parameters": [],
        "paginationParameters": {"pageCursor": 0},
    }
    assert bodies[1]["paginationParameters"] == {"pageCursor": "20"}
    assert bodies[2]["paginationParameters"] == {"pageCursor": 0, "search": "channel-07"}


def test_proxy_request_unwraps_output_and_surfaces_errors(paragon_fake, paragon_user, run_sdk):
    credential = paragon_user.connect("slack")
    calls: list[Any] = []

    def post_message(call: Any) -> Any:
        calls.append(call)
        return {"ok": True, "ts": "1700000000.0001"}

    paragon_fake.proxy.on("slack", post_message, method="POST", path="/chat.postMessage")
    paragon_fake.proxy.on("slack", {"channels": ["general"]}, method="GET", path="/conversations*")
    paragon_fake.proxy.on(
        "slack",
        {"ok": False, "error": "invalid_blocks"},
        method="POST",
        path="/chat.delete",
        status=400,
    )
    run = run_sdk(
        [
            {
                "call": "request",
                "args": [
                    "slack",
                    "chat.postMessage",
                    {"method": "POST", "body": {"channel": "C1", "text": "hi"}},
                ],
            },
            {"call": "request", "args": ["slack", "/conversations.list?limit=5"]},
            {"call": "request", "args": ["slack", "/chat.delete", {"method": "POST", "body": {}}]},
            {"call": "request", "args": ["hubspot", "/crm/v3/objects/contacts"]},
            {"call": "getUser"},
        ]
    )
    run.assert_clean()

    assert run.value(0) == {"ok": True, "ts": "1700000000.0001"}
    assert run.value(1) == {"channels": ["general"]}
    provider_error = run.error(2)
    assert provider_error["name"] == "Error"  # ProxyRequestError keeps the name "Error"
    assert provider_error["message"] == '{"ok":false,"error":"invalid_blocks"}'
    assert provider_error["response"] == {"ok": False, "error": "invalid_blocks"}
    not_connected = run.error(3)
    assert not_connected["message"] == "Integration not enabled for user."
    assert not_connected["response"]["statusCode"] == 404
    assert run.value(4)["authenticated"] is True  # a proxy 404 does not log the user out

    (call,) = calls
    body = {"channel": "C1", "text": "hi"}
    assert (call.method, call.path, call.body) == ("POST", "/chat.postMessage", body)
    assert call.credential_id == credential.id
    assert call.headers["content-type"] == "auto"
    listing = paragon_fake.requests("proxyGet")[0]
    assert dict(listing.query) == {"limit": "5"}
    assert "x-paragon-credential" not in listing.headers


def test_request_triggered_workflows(paragon_fake, paragon_user, run_sdk):
    no_response = paragon_fake.users.workflow_id("hubspot", request_trigger=True)
    with_response = paragon_fake.users.workflow_id("slack", request_trigger=True)
    paragon_user.connect("hubspot", workflows=[no_response])
    slack = paragon_user.connect("slack", workflows=[with_response])
    calls: list[Any] = []

    def respond(call: Any) -> Any:
        calls.append(call)
        return 200, {"found": call.body["name"]}

    paragon_fake.triggers.on(with_response, respond)
    run = run_sdk(
        [
            {"call": "workflow", "args": [no_response, {"body": {"name": "Acme"}}]},
            {
                "call": "workflow",
                "args": [
                    with_response,
                    {"body": {"name": "Acme"}, "query": {"page": "2"}, "headers": {"X-Trace": "t"}},
                ],
            },
        ]
    )
    run.assert_clean()

    assert run.value(0) == {}
    assert run.value(1) == {"found": "Acme"}
    accepted, answered = paragon_fake.requests("runRequestTriggerWorkflow")
    assert (accepted.status, answered.status) == (202, 200)
    (call,) = calls
    assert call.body == {"name": "Acme"}
    assert call.query == {"page": "2"}
    assert call.headers["x-trace"] == "t"
    assert call.credential_id == slack.id
    assert "x-paragon-credential" not in answered.headers


def test_event_records_an_app_event(paragon_fake, paragon_user, run_sdk):
    credential = paragon_user.connect("salesforce")
    run = run_sdk(
        [
            {"call": "event", "args": ["Contact Created", {"email": "ada@example.com"}]},
            {
                "call": "event",
                "args": ["Deal Won", {"amount": 3}, {"selectedCredentialId": credential.id}],
            },
            {
                "call": "event",
                "args": ["Deal Lost", {}, {"selectedConfigurationId": "anything"}],
            },
        ]
    )
    run.assert_clean()

    assert run.value(0) is None
    assert run.value(1) is None
    assert run.error(2)["message"].startswith("Configuration ID cannot be used without")
    created, won = paragon_fake.users.app_events()
    assert (created.name, created.payload, created.user_id) == (
        "Contact Created",
        {"email": "ada@example.com"},
        paragon_user.id,
    )
    assert created.credential is None
    assert (won.name, won.payload, won.credential) == ("Deal Won", {"amount": 3}, credential.id)
    assert [e.path for e in paragon_fake.requests("sendAppEventV2")] == [
        f"/v2/projects/{paragon_fake.project.id}/sdk/events/trigger"
    ] * 2


def test_uninstall_integration(paragon_fake, paragon_user, run_sdk):
    workflow = paragon_fake.users.workflow_id("slack", "Send Slack Notification")
    credential = paragon_user.connect(
        "slack", settings={SLACK_CHANNEL: "ops"}, workflows=[workflow]
    )
    run = run_sdk(
        [
            {"call": "uninstallIntegration", "args": ["slack"]},
            {"call": "getUser"},
            {"call": "uninstallIntegration", "args": ["slack"]},
        ]
    )
    run.assert_clean()

    assert run.value(0) is None
    slack = run.value(1)["integrations"]["slack"]
    assert slack["enabled"] is False
    assert slack["allCredentials"] == []
    assert run.error(2) == {  # client-side: no request
        "name": "IntegrationNotInstalledError",
        "message": 'Integration "slack" is not installed.',
    }
    assert paragon_fake.users.credentials(paragon_user.id, "slack") == []
    assert paragon_fake.users.settings(paragon_user.id, "slack") == {}
    (entry,) = paragon_fake.requests("uninstallIntegration")
    assert entry.path.endswith(f"/sdk/integrations/{paragon_fake.state.integration('slack').id}")
    assert entry.headers["x-paragon-credential"] == credential.id


# -- the headless installFlow ------------------------------------------------------------------


def test_install_flow_api_key_integration(paragon_fake, paragon_user, run_sdk):
    values = {"FRESHDESK_DOMAIN": "acme", "FRESHDESK_API_KEY": "key-123"}
    run = run_sdk(
        [
            {"installFlow": "freshdesk", "respond": {"preOptions": values}},
            {"call": "getUser"},
        ]
    )
    run.assert_clean()

    flow = run.value(0)
    assert flow["error"] is None
    (stage,) = flow["stages"]
    assert stage["stage"] == "preOptions"
    assert [o["id"] for o in stage["options"]] == ["FRESHDESK_DOMAIN", "FRESHDESK_API_KEY"]
    complete = flow["complete"]
    (credential,) = paragon_fake.users.credentials(paragon_user.id, "freshdesk")
    assert complete["integrationType"] == "freshdesk"
    assert complete["credentialId"] == credential.id
    assert complete["credential"]["status"] == "VALID"
    assert run.value(1)["integrations"]["freshdesk"]["enabled"] is True
    assert run.popups == []

    assert credential.status == "VALID"
    assert credential.inputs == values
    created = one(paragon_fake, "createCredential")
    assert created.json["payload"] == {**values, "skipPostOAuthInputs": False}
    assert created.json["integrationId"] == paragon_fake.state.integration("freshdesk").id


def _oauth_pages(run: Any) -> list[tuple[str, int, list[Any]]]:
    (popup,) = run.popups
    assert popup["closed"] is True
    return [(page["url"].split("?")[0], page["status"], page["posted"]) for page in popup["pages"]]


def test_install_flow_oauth_integration(paragon_fake, paragon_user, run_sdk):
    run = run_sdk([{"installFlow": "hubspot"}, {"call": "getUser"}])
    run.assert_clean()

    flow = run.value(0)
    assert flow["error"] is None
    assert flow["stages"] == [{"stage": "oauth", "done": False}]
    (credential,) = paragon_fake.users.credentials(paragon_user.id, "hubspot")
    assert flow["complete"]["credentialId"] == credential.id
    assert flow["complete"]["integrationType"] == "hubspot"
    assert credential.status == "VALID"
    assert run.value(1)["integrations"]["hubspot"]["credentialId"] == credential.id

    base = paragon_fake.project.id
    pages = _oauth_pages(run)
    assert pages[0][0].endswith(f"/projects/{base}/sdk/actions/oauth-nonce")
    assert pages[0][1:] == (200, [{"type": "oauth-nonce-loaded"}])
    assert pages[1][0].endswith("/__paragon/oauth/consent")
    # consent posts oauth_success_callback with the code (as Paragon's redirect page does) ...
    hubspot = paragon_fake.state.integration("hubspot")
    assert pages[1][1] == 200
    (callback,) = pages[1][2]
    assert callback["type"] == "oauth_success_callback"
    assert callback["credential"]["integrationId"] == hubspot.id
    # ... which SDK 2.4.0 answers with E9 even when headless: the code gives the same credential
    exchange = one(paragon_fake, "createCredential")
    assert exchange.json["payload"] == callback["credential"]["payload"]
    assert (exchange.status, exchange.response_json["id"]) == (201, credential.id)

    build = one(paragon_fake, "buildOAuthUrl")
    key = dict(build.query)["oauthMetaKeyId"]
    assert "x-paragon-sdk-version" not in build.headers
    flow_ops = [
        op
        for op in operations(paragon_fake)
        if op in ("buildOAuthUrl", "getOAuthSessionStatus", "getCredential", "deleteOAuthSession")
    ]
    # E11 follows the poll unless E9's answer already put the VALID credential in local state
    assert flow_ops in (
        ["buildOAuthUrl", "getOAuthSessionStatus", "getCredential", "deleteOAuthSession"],
        ["buildOAuthUrl", "getOAuthSessionStatus", "deleteOAuthSession"],
    )
    assert one(paragon_fake, "deleteOAuthSession").path.endswith(f"/session-id/{key}")
    assert (
        key not in paragon_fake.state.oauth_sessions
        or paragon_fake.state.oauth_sessions[key].closed
    )


def test_install_flow_oauth_then_post_options(paragon_fake, paragon_user, run_sdk):
    run = run_sdk(
        [
            {"installFlow": "jira", "respond": {"postOptions": {"JIRA_CLOUD_ID": "cloud-7"}}},
            {"call": "getUser"},
        ]
    )
    run.assert_clean()

    flow = run.value(0)
    assert flow["error"] is None
    assert [stage["stage"] for stage in flow["stages"]] == ["oauth", "postOptions"]
    assert [o["id"] for o in flow["stages"][1]["options"]] == ["JIRA_CLOUD_ID"]
    (credential,) = paragon_fake.users.credentials(paragon_user.id, "jira")
    assert flow["complete"]["credentialId"] == credential.id
    assert flow["complete"]["credential"]["status"] == "VALID"
    assert run.value(1)["integrations"]["jira"]["credentialStatus"] == "VALID"

    # PENDING after consent (E11 fetched it), VALID once E10 took the post-OAuth values
    fetched = one(paragon_fake, "getCredential")
    assert fetched.response_json["status"] == "PENDING"
    completed = one(paragon_fake, "completeCredentialSetup")
    assert completed.path.endswith(f"/sdk/credentials/{credential.id}/complete-setup")
    assert completed.json["payload"] == {"JIRA_CLOUD_ID": "cloud-7", "skipPostOAuthInputs": False}
    assert completed.response_json["status"] == "VALID"
    assert credential.status == "VALID"
    assert credential.inputs == {"JIRA_CLOUD_ID": "cloud-7"}
    assert operations(paragon_fake).index("completeCredentialSetup") > operations(
        paragon_fake
    ).index("getCredential")


def test_install_flow_times_out_while_consent_is_pending(paragon_fake, paragon_user, run_sdk):
    paragon_fake.users.oauth_outcome("pending")
    run = run_sdk(
        [
            {"installFlow": "hubspot", "startOptions": {"oauthTimeout": 1500}},
            {"sleep": 2000},  # the SDK still ends its polling with E18 after the timeout
        ]
    )
    run.assert_clean()  # E17 answers 200 {} while pending: nothing logged

    flow = run.value(0)
    assert flow["complete"] is None
    assert flow["error"] == {
        "name": "OAuthTimeoutError",
        "message": "OAuth timeout",
        "context": {"stage": "oauth"},
    }
    pages = _oauth_pages(run)  # the SDK closed the popup on timeout
    assert pages[1][1:] == (200, [])
    assert paragon_fake.users.credentials(paragon_user.id, "hubspot") == []
    polls = paragon_fake.requests("getOAuthSessionStatus")
    assert polls
    assert all((p.status, p.response_json) == (200, {}) for p in polls)
    key = dict(one(paragon_fake, "buildOAuthUrl").query)["oauthMetaKeyId"]
    assert one(paragon_fake, "deleteOAuthSession").path.endswith(f"/session-id/{key}")
