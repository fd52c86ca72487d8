"""The real SDK 2.4.0 against state seeded with the one vocabulary, and its non-headless paths.

Seeding goes through ``paragon_fake.seed`` (the project file's keys) or, as another language
would, through the served admin API (``POST /__paragon/seed``); the SDK then runs in Node against
``paragon_server``: ``installIntegration`` with the Connect Portal (not headless), a custom
dropdown's sources, a Custom Webhook's user manual URL, ``getFieldOptions``, and the SDK's answer
to a provider 401 and to a user token that expires mid-session.
"""

from __future__ import annotations

import json
from typing import Any

import httpx

from pytest_paragon.fake.base.catalogue import default_project
from pytest_paragon.fake.base.project import InputSpec, WorkflowSpec

TRIGGER_ID = "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a"
UNAUTHORIZED = {"statusCode": 401, "message": "invalid_auth"}


def operations(fake: Any) -> list[str]:
    return [entry.operation_id for entry in fake.journal]


def test_install_integration_with_the_portal_exchanges_the_oauth_code(
    paragon_fake, paragon_user, run_sdk
):
    run = run_sdk(
        [
            {"call": "installIntegration", "args": ["hubspot"], "timeoutMs": 20000},
            {"call": "getUser"},
        ],
        headless=False,
    )
    installed = run.value(0)
    (credential,) = paragon_fake.users.credentials(paragon_user.id, "hubspot")
    assert credential.status == "VALID"
    assert installed["credentialId"] == credential.id
    assert installed["integrationType"] == "hubspot"
    assert run.value(1)["integrations"]["hubspot"]["credentialId"] == credential.id
    # the popup's oauth_success_callback -> the SDK's own E9 with the code -> that credential
    (exchange,) = paragon_fake.requests("createCredential")
    assert exchange.status == 201
    assert set(exchange.json["payload"]) == {"code", "credentialId"}  # what SDK 2.1.1-2.2.4 read
    assert exchange.response_json["id"] == credential.id
    assert [e.status for e in paragon_fake.journal if e.status >= 400] == []
    assert run.unhandled == []


def _with_custom_inputs(paragon_fake) -> None:
    catalogue = default_project()
    slack = catalogue.integration("slack")
    assert slack is not None
    dropdown = InputSpec(
        id="tier",
        type="CUSTOM_DROPDOWN",
        title="Tier",
        key="tiers",
        customDropdownOptions=({"label": "Gold", "value": "gold"},),
    )
    webhook = WorkflowSpec(description="Custom webhook", customWebhookTriggerId=TRIGGER_ID)
    slack = slack.model_copy(
        update={
            "userSettings": (*slack.userSettings, dropdown),
            "workflows": (*slack.workflows, webhook.model_copy(update={"id": TRIGGER_ID})),
        }
    )
    integrations = tuple(slack if i.type == "slack" else i for i in catalogue.integrations)
    paragon_fake.replace_project(catalogue.model_copy(update={"integrations": integrations}))


def test_sources_of_a_custom_dropdown_and_a_custom_webhook_url(
    paragon_fake, paragon_user, paragon_server, run_sdk
):
    _with_custom_inputs(paragon_fake)
    credential = paragon_user.connect("slack")
    slack = next(i for i in paragon_fake.integrations_payload() if i["type"] == "slack")
    settings = slack["configs"][0]["values"]["sharedMeta"]["inputs"]
    (dropdown,) = [i for i in settings if i["type"] == "CUSTOM_DROPDOWN"]
    assert dropdown["key"] == "tiers"
    run = run_sdk(
        [
            {"call": "getSourcesForInput", "args": ["slack", dropdown]},
            {"call": "getCustomWebhookUserManualUrl", "args": [TRIGGER_ID]},
        ]
    )
    run.assert_clean()
    assert run.value(0) == {
        "kind": "single",
        "source": {
            "type": "STATIC_ENUM_DATA_SOURCE",
            "title": "Tier",
            "id": "tiers",
            "values": [{"label": "Gold", "value": "gold"}],
        },
    }
    url = run.value(1)
    project = paragon_fake.project.id
    expected = (
        f"/triggers/connect/{project}/{slack['id']}/custom-triggers/{TRIGGER_ID}?id={credential.id}"
    )
    assert url.startswith(paragon_server.url)
    assert url.endswith(expected), url
    assert "undefined" not in url


def test_get_field_options_seeded_through_the_admin_api(
    paragon_fake, paragon_user, paragon_server, run_sdk
):
    options = [{"label": f"Owner {n}", "value": f"00{n}"} for n in range(3)]
    seed = {
        "users": [{"id": paragon_user.id, "credentials": [{"integration": "salesforce"}]}],
        "fieldOptions": [{"integration": "salesforce", "sourceKey": "owners", "options": options}],
    }
    with httpx.Client(base_url=paragon_server.url) as admin:
        answer = admin.post("/__paragon/seed", json=seed)
    assert answer.status_code == 201, answer.text
    run = run_sdk(
        [{"call": "getFieldOptions", "args": [{"integration": "salesforce", "action": "owners"}]}]
    )
    run.assert_clean()
    assert run.value(0) == {"data": options, "nestedData": [], "nextPageCursor": None}


def test_a_provider_401_makes_the_sdk_refresh_the_user(paragon_fake, paragon_user, run_sdk):
    # The provider revoked the token: the credential is INVALID and the provider answers 401.
    paragon_fake.seed(
        users=[
            {"id": paragon_user.id, "credentials": [{"integration": "slack", "status": "INVALID"}]}
        ],
        proxyResponses=[{"integration": "slack", "status": 401, "response": UNAUTHORIZED}],
    )
    run = run_sdk(
        [
            {"call": "request", "args": ["slack", "/conversations.list"]},
            {"call": "getUser"},
        ]
    )
    assert run.authenticate == {"ok": True}
    error = run.error(0)
    assert error["response"] == UNAUTHORIZED
    ops = operations(paragon_fake)
    proxied = ops.index("proxyGet")
    # SDK 2.4.0 answers a proxy 401 with a fresh GET /sdk/me, and stays logged in
    assert "getConnectedUser" in ops[proxied + 1 :]
    user = run.value(1)
    assert user["authenticated"] is True
    assert user["integrations"]["slack"]["credentialStatus"] == "INVALID"


def test_a_user_token_expiring_mid_session_logs_the_sdk_out(paragon_fake, paragon_user, run_sdk):
    paragon_user.connect("slack")
    paragon_fake.clock.freeze()
    token = paragon_fake.signing_key.mint(
        paragon_user.id, project_id=paragon_fake.project.id, ttl=600, now=paragon_fake.clock()
    )

    def provider_answers_an_hour_later(call: Any) -> Any:
        paragon_fake.clock.advance(3600)  # the session goes on past the token's exp
        return {"ok": True}

    paragon_fake.proxy.on("slack", provider_answers_an_hour_later)
    run = run_sdk(
        [
            {"call": "request", "args": ["slack", "/auth.test"]},
            {"call": "request", "args": ["slack", "/auth.test"]},
            {"call": "getUser"},
        ],
        token=token,
    )
    assert run.value(0) == {"ok": True}
    expired = run.error(1)
    assert json.loads(expired["message"])["statusCode"] == 401
    assert json.loads(expired["message"])["reason"] == "token expired"
    statuses = [(e.operation_id, e.status) for e in paragon_fake.journal]
    # the proxy's 401 makes SDK 2.4.0 refresh /sdk/me, which the expired token cannot either:
    # that 401 from zeus logs the user out locally
    assert statuses[-2:] == [("proxyGet", 401), ("getConnectedUser", 401)]
    assert run.value(2) == {"authenticated": False}
