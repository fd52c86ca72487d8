"""ActionKit Triggers (E37-E42) from state: trigger types, subscriptions and example payloads.

Subscriptions are created, listed with filters, merged by PATCH (one test per documented merge
rule), deleted and addressed per user; they run on the credential ``X-Paragon-Credential`` selects
or the primary one, and go when that credential is disconnected. ``fire_trigger`` builds the
signed event Paragon would deliver. The ``actionkit`` permission is checked on every operation.
The repository's config checks every response against the contract.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from pytest_paragon.errors import ParagonUsageError
from pytest_paragon.fake.actionkit.state import (
    DEFAULT_SIGNING_SECRET,
    DEFAULT_WEBHOOK_URL,
    ActionKitState,
)
from pytest_paragon.fake.core import FakeParagon
from pytest_paragon.fake.entrances.users import FakeUser

ACTIONKIT = "https://actionkit.useparagon.com"
NEW_MESSAGE = "SLACK_NEW_MESSAGE_IN_CHANNEL"
UserFactory = Callable[..., FakeUser]


def client(user: FakeUser, **headers: str) -> httpx.Client:
    return httpx.Client(
        base_url=f"{ACTIONKIT}/projects/{user.project_id}", headers={**user.headers, **headers}
    )


def create(user: FakeUser, body: dict[str, Any], **headers: str) -> httpx.Response:
    with client(user, **headers) as http:
        return http.post("/trigger-subscriptions", json=body)


def subscribe_slack(user: FakeUser, **parameters: Any) -> dict[str, Any]:
    body = {"integration": "slack", "type": NEW_MESSAGE, "parameters": parameters}
    response = create(user, body)
    assert response.status_code == 200, response.text
    subscription: dict[str, Any] = response.json()
    return subscription


def patch(user: FakeUser, subscription_id: str, body: dict[str, Any]) -> httpx.Response:
    with client(user) as http:
        return http.patch(f"/trigger-subscriptions/{subscription_id}", json=body)


# -- E37: trigger types -------------------------------------------------------------------------


def test_trigger_types_of_connected_integrations(paragon_user: FakeUser) -> None:
    paragon_user.connect("slack")
    with client(paragon_user) as http:
        body = http.get("/triggers").json()
    assert body == {
        "triggers": {
            "slack": [
                {
                    "type": NEW_MESSAGE,
                    "triggerModel": "WEBHOOK",
                    "title": "New Message in Channel",
                    "description": "Triggers when a new message is posted in a channel.",
                    "parameters": [
                        {
                            "id": "channel",
                            "title": "Channel",
                            "type": "TEXT",
                            "required": True,
                            "valuesSource": {"sourceType": "channels", "dependencies": []},
                        },
                        {
                            "id": "keyword",
                            "title": "Only messages containing",
                            "type": "TEXT",
                            "required": False,
                        },
                    ],
                }
            ]
        },
        "errors": [],
    }


def test_trigger_types_filters(paragon_fake: FakeParagon, paragon_user: FakeUser) -> None:
    paragon_user.connect("jira")
    with client(paragon_user) as http:
        every = http.get("/triggers", params={"limit_to_available": "false"}).json()
        asked = http.get("/triggers", params={"integrations": "jira,hubspot"}).json()
    assert set(every["triggers"]) == {spec.type for spec in paragon_fake.project.integrations}
    assert every["triggers"]["salesforce"][0]["triggerModel"] == "POLLING"
    assert list(asked["triggers"]) == ["jira"]
    assert asked["errors"] == [{"type": "hubspot", "message": "Integration not enabled for user."}]


# -- E39: subscribing ---------------------------------------------------------------------------


def test_subscribe_on_the_primary_credential(
    paragon_fake: FakeParagon, paragon_user: FakeUser
) -> None:
    paragon_fake.clock.freeze()  # now: the user's token is not valid before it was issued
    credential = paragon_user.connect("slack")
    override = {"url": "https://app.example.com/hooks/slack", "metadata": {"tenantId": "acme"}}
    response = create(
        paragon_user,
        {
            "integration": "slack",
            "type": NEW_MESSAGE,
            "parameters": {"channel": "C0123ABCD"},
            "webhookOverride": override,
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert body == {
        "id": body["id"],
        "type": NEW_MESSAGE,
        "parameters": {"channel": "C0123ABCD"},
        "status": "ACTIVE",
        "dateCreated": paragon_fake.clock.iso(),
        "dateLastReceivedEvent": None,
        "credentialId": credential.id,
        "webhookOverride": override,
    }
    (stored,) = paragon_fake.actionkit.subscriptions(paragon_user.id)
    assert (stored.id, stored.integration, stored.webhook_override) == (
        body["id"],
        "slack",
        override,
    )


@pytest.mark.parametrize("how", ["uuid", "ext", "bare"])
def test_subscribe_on_the_credential_the_header_selects(paragon_user: FakeUser, how: str) -> None:
    paragon_user.connect("slack", external_id="main")
    second = paragon_user.connect("slack", external_id="support")
    header = {"uuid": second.id, "ext": "ext:support", "bare": "support"}[how]
    body = {"integration": "slack", "type": NEW_MESSAGE, "parameters": {"channel": "C9"}}
    response = create(paragon_user, body, **{"X-Paragon-Credential": header})
    assert response.json()["credentialId"] == second.id


def test_several_subscriptions_per_trigger_and_credential(
    paragon_fake: FakeParagon, paragon_user: FakeUser
) -> None:
    paragon_user.connect("slack")
    first = subscribe_slack(paragon_user, channel="C1")
    second = subscribe_slack(paragon_user, channel="C1")
    assert first["id"] != second["id"]
    assert first["credentialId"] == second["credentialId"]
    assert [s.id for s in paragon_fake.actionkit.subscriptions(paragon_user.id)] == [
        first["id"],
        second["id"],
    ]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            {"integration": "gmail", "type": "X", "parameters": {}},
            "Integration gmail is not in this project.",
        ),
        (
            {"integration": "slack", "type": "SLACK_NEW_EMOJI", "parameters": {}},
            'Trigger type "SLACK_NEW_EMOJI" is not available for slack.',
        ),
        (
            {"integration": "slack", "type": NEW_MESSAGE, "parameters": {"keyword": "x"}},
            f"{NEW_MESSAGE}: missing required parameters channel.",
        ),
        (
            {"integration": "slack", "type": NEW_MESSAGE, "parameters": {"channel": "C", "x": 1}},
            f"{NEW_MESSAGE}: unknown parameters x.",
        ),
        (
            {"integration": "hubspot", "type": "HUBSPOT_RECORD_CREATED", "parameters": {}},
            "Integration not enabled for user.",
        ),
    ],
)
def test_subscribe_refusals(
    paragon_fake: FakeParagon, paragon_user: FakeUser, body: dict[str, Any], message: str
) -> None:
    paragon_user.connect("slack")
    response = create(paragon_user, body)
    assert response.status_code == 400
    assert response.json()["message"] == message
    assert paragon_fake.actionkit.subscriptions(paragon_user.id) == []


def test_subscribe_refuses_an_enum_value_outside_the_list(paragon_user: FakeUser) -> None:
    paragon_user.connect("salesforce")
    body = {
        "integration": "salesforce",
        "type": "SALESFORCE_RECORD_CREATED",
        "parameters": {"recordType": "Opportunity"},
    }
    response = create(paragon_user, body)
    assert response.status_code == 400
    assert "recordType must be one of ['Contact', 'Lead', 'Account']" in response.json()["message"]


def test_subscribe_with_an_invalid_credential_or_unknown_header(paragon_user: FakeUser) -> None:
    paragon_user.connect("slack", status="INVALID")
    body = {"integration": "slack", "type": NEW_MESSAGE, "parameters": {"channel": "C1"}}
    assert create(paragon_user, body).json()["message"] == "Integration not enabled for user."
    unknown = create(paragon_user, body, **{"X-Paragon-Credential": "ext:nobody"})
    assert unknown.status_code == 400
    assert unknown.json()["message"] == 'Credential with externalId "nobody" not found.'


# -- E38: listing -------------------------------------------------------------------------------


def test_list_subscriptions_with_filters(paragon_fake: FakeParagon, paragon_user: FakeUser) -> None:
    paragon_user.connect("slack")
    jira = paragon_user.connect("jira")
    slack_sub = subscribe_slack(paragon_user, channel="C1")
    errored = paragon_fake.actionkit.subscribe(
        paragon_user.id,
        "jira",
        "JIRA_ISSUE_CREATED",
        {"projectKey": "OPS"},
        status="ERRORED",
        error="Failed to check for new records after repeated failures.",
    )
    with client(paragon_user) as http:
        every = http.get("/trigger-subscriptions").json()
        by_status = http.get("/trigger-subscriptions", params={"status": "ERRORED"}).json()
        by_type = http.get("/trigger-subscriptions", params={"type": NEW_MESSAGE}).json()
        by_integration = http.get("/trigger-subscriptions", params={"integrations": "jira"}).json()
    with client(paragon_user, **{"X-Paragon-Credential": jira.id}) as http:
        by_credential = http.get("/trigger-subscriptions").json()
    assert every["triggers"]["slack"] == [slack_sub]
    assert every["triggers"]["jira"] == [errored.wire()]
    assert every["triggers"]["jira"][0]["error"].startswith("Failed to check")
    assert by_status == {"triggers": {"jira": [errored.wire()]}}
    assert by_type == {"triggers": {"slack": [slack_sub]}}
    assert by_integration == by_status
    assert by_credential == by_status


def test_subscriptions_belong_to_their_user(paragon_user_factory: UserFactory) -> None:
    ada = paragon_user_factory("ada")
    bob = paragon_user_factory("bob")
    ada.connect("slack")
    bob.connect("slack")
    sub = subscribe_slack(ada, channel="C1")
    with client(bob) as http:
        assert http.get("/trigger-subscriptions").json() == {"triggers": {}}
        assert http.delete(f"/trigger-subscriptions/{sub['id']}").status_code == 404
    assert patch(bob, sub["id"], {"parameters": {"channel": "C2"}}).status_code == 404


def test_disconnecting_the_credential_drops_its_subscriptions(
    paragon_fake: FakeParagon, paragon_user: FakeUser
) -> None:
    credential = paragon_user.connect("slack")
    subscribe_slack(paragon_user, channel="C1")
    integration_id = paragon_fake.state.integration("slack").id
    response = paragon_user.client.delete(
        f"/sdk/integrations/{integration_id}", headers={"X-Paragon-Credential": credential.id}
    )
    assert response.status_code == 200
    assert paragon_fake.actionkit.subscriptions(paragon_user.id) == []
    with client(paragon_user) as http:
        assert http.get("/trigger-subscriptions").json() == {"triggers": {}}


# -- E40: the merge rules -----------------------------------------------------------------------


def test_patch_leaves_omitted_parameters_unchanged(
    paragon_fake: FakeParagon, paragon_user: FakeUser
) -> None:
    paragon_user.connect("slack")
    sub = subscribe_slack(paragon_user, channel="C1", keyword="urgent")
    response = patch(paragon_user, sub["id"], {"parameters": {}})
    assert response.status_code == 200
    assert response.json()["parameters"] == {"channel": "C1", "keyword": "urgent"}
    response = patch(paragon_user, sub["id"], {})
    assert response.json() == sub
    assert paragon_fake.actionkit.subscriptions(paragon_user.id)[0].parameters == sub["parameters"]


def test_patch_overwrites_provided_parameters(
    paragon_fake: FakeParagon, paragon_user: FakeUser
) -> None:
    paragon_user.connect("slack")
    sub = subscribe_slack(paragon_user, channel="C1", keyword="urgent")
    response = patch(paragon_user, sub["id"], {"parameters": {"channel": "C0456EFGH"}})
    assert response.json()["parameters"] == {"channel": "C0456EFGH", "keyword": "urgent"}
    assert paragon_fake.actionkit.subscriptions(paragon_user.id)[0].parameters["channel"] == (
        "C0456EFGH"
    )


def test_patch_null_removes_a_parameter(paragon_fake: FakeParagon, paragon_user: FakeUser) -> None:
    paragon_user.connect("slack")
    sub = subscribe_slack(paragon_user, channel="C1", keyword="urgent")
    response = patch(paragon_user, sub["id"], {"parameters": {"keyword": None}})
    assert response.json()["parameters"] == {"channel": "C1"}
    assert paragon_fake.actionkit.subscriptions(paragon_user.id)[0].parameters == {"channel": "C1"}


def test_patch_null_cannot_remove_a_required_parameter(
    paragon_fake: FakeParagon, paragon_user: FakeUser
) -> None:
    paragon_user.connect("slack")
    sub = subscribe_slack(paragon_user, channel="C1")
    response = patch(paragon_user, sub["id"], {"parameters": {"channel": None}})
    assert response.status_code == 400
    assert paragon_fake.actionkit.subscriptions(paragon_user.id)[0].parameters == {"channel": "C1"}


def test_patch_replaces_arrays(paragon_fake: FakeParagon, paragon_user: FakeUser) -> None:
    paragon_user.connect("hubspot")
    body = {
        "integration": "hubspot",
        "type": "HUBSPOT_RECORD_CREATED",
        "parameters": {"objectType": "contacts", "properties": ["email", "firstname"]},
    }
    sub = create(paragon_user, body).json()
    response = patch(paragon_user, sub["id"], {"parameters": {"properties": ["phone"]}})
    assert response.json()["parameters"] == {"objectType": "contacts", "properties": ["phone"]}
    stored = paragon_fake.actionkit.subscriptions(paragon_user.id)[0]
    assert stored.parameters["properties"] == ["phone"]


def test_patch_webhook_override_null_clears_it(
    paragon_fake: FakeParagon, paragon_user: FakeUser
) -> None:
    paragon_user.connect("slack")
    body = {
        "integration": "slack",
        "type": NEW_MESSAGE,
        "parameters": {"channel": "C1"},
        "webhookOverride": {"url": "https://app.example.com/hook"},
    }
    sub = create(paragon_user, body).json()
    kept = patch(paragon_user, sub["id"], {"parameters": {"keyword": "x"}}).json()
    assert kept["webhookOverride"] == {"url": "https://app.example.com/hook"}
    cleared = patch(paragon_user, sub["id"], {"webhookOverride": None}).json()
    assert "webhookOverride" not in cleared
    assert cleared["parameters"] == {"channel": "C1", "keyword": "x"}
    assert paragon_fake.actionkit.subscriptions(paragon_user.id)[0].webhook_override is None


def test_patch_webhook_override_object_replaces_it(paragon_user: FakeUser) -> None:
    paragon_user.connect("slack")
    body = {
        "integration": "slack",
        "type": NEW_MESSAGE,
        "parameters": {"channel": "C1"},
        "webhookOverride": {"url": "https://a.example.com/", "metadata": {"tenant": "a"}},
    }
    sub = create(paragon_user, body).json()
    replaced = patch(
        paragon_user, sub["id"], {"webhookOverride": {"url": "https://b.example.com/"}}
    )
    assert replaced.json()["webhookOverride"] == {"url": "https://b.example.com/"}


def test_patch_unknown_subscription_is_404(paragon_user: FakeUser) -> None:
    response = patch(paragon_user, "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", {"parameters": {}})
    assert response.status_code == 404
    assert response.json()["message"] == (
        "Trigger subscription 9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d not found."
    )


# -- E41: deleting ------------------------------------------------------------------------------


def test_delete_subscription(paragon_fake: FakeParagon, paragon_user: FakeUser) -> None:
    paragon_user.connect("slack")
    gone = subscribe_slack(paragon_user, channel="C1")
    kept = subscribe_slack(paragon_user, channel="C2")
    with client(paragon_user) as http:
        response = http.delete(f"/trigger-subscriptions/{gone['id']}")
        assert (response.status_code, response.json()) == (200, {"success": True})
        again = http.delete(f"/trigger-subscriptions/{gone['id']}")
        assert again.status_code == 404
        listed = http.get("/trigger-subscriptions").json()
    assert listed == {"triggers": {"slack": [kept]}}
    assert [s.id for s in paragon_fake.actionkit.subscriptions(paragon_user.id)] == [kept["id"]]


def test_delete_with_a_failed_teardown_warns(
    paragon_fake: FakeParagon, paragon_user: FakeUser
) -> None:
    paragon_user.connect("slack")
    warning = "Failed to delete the webhook in the provider; it may still send events."
    sub = paragon_fake.actionkit.subscribe(
        paragon_user.id, "slack", NEW_MESSAGE, {"channel": "C1"}, teardown_warning=warning
    )
    with client(paragon_user) as http:
        response = http.delete(f"/trigger-subscriptions/{sub.id}")
    assert response.json() == {"success": True, "warning": warning}
    assert paragon_fake.actionkit.subscriptions(paragon_user.id) == []


# -- E42: example payloads ----------------------------------------------------------------------


def test_example_payloads_carry_the_parameters(paragon_user: FakeUser) -> None:
    paragon_user.connect("slack")
    paragon_user.connect("jira")
    with client(paragon_user) as http:
        slack = http.post(
            "/triggers/examples",
            json={"integration": "slack", "type": NEW_MESSAGE, "parameters": {"channel": "C77"}},
        )
        jira = http.post(
            "/triggers/examples", json={"integration": "jira", "type": "JIRA_ISSUE_CREATED"}
        )
        unknown = http.post("/triggers/examples", json={"integration": "jira", "type": "NOPE"})
        hubspot = http.post(
            "/triggers/examples", json={"integration": "hubspot", "type": "HUBSPOT_RECORD_CREATED"}
        )
    assert slack.json() == [
        {"channel": "C77", "user": "U0456EFGH", "text": "Hello", "ts": "1718025600.000100"}
    ]
    assert jira.json()[0]["key"] == "OPS-42"
    assert unknown.status_code == 400
    assert (hubspot.status_code, hubspot.json()["message"]) == (
        400,
        "Integration not enabled for user.",
    )


# -- fire_trigger -------------------------------------------------------------------------------


def test_fire_trigger_builds_the_signed_event(
    paragon_fake: FakeParagon, paragon_user: FakeUser
) -> None:
    paragon_fake.clock.freeze()
    credential = paragon_user.connect("slack")
    override = {
        "url": "https://app.example.com/hooks/slack",
        "headers": {"X-Tenant": "acme"},
        "metadata": {"tenantId": "acme"},
    }
    sub = paragon_fake.actionkit.subscribe(
        paragon_user.id, "slack", NEW_MESSAGE, {"channel": "C1"}, webhook_override=override
    )
    paragon_fake.clock.advance(45.0)
    received = paragon_fake.clock.iso()
    event = paragon_fake.actionkit.fire(sub.id, {"channel": "C1", "text": "Deploy done"})
    assert event.url == "https://app.example.com/hooks/slack"
    assert event.headers["X-Tenant"] == "acme"
    expected = hmac.new(DEFAULT_SIGNING_SECRET.encode(), event.body, hashlib.sha256).hexdigest()
    assert event.signature == f"v1={expected}"
    assert event.json == {
        "eventId": event.json["eventId"],
        "userId": paragon_user.id,
        "integration": "slack",
        "triggerType": NEW_MESSAGE,
        "triggerSubscriptionId": sub.id,
        "credentialId": credential.id,
        "projectId": paragon_fake.project.id,
        "dateReceived": received,
        "payload": {"channel": "C1", "text": "Deploy done"},
        "triggerSubscriptionMetadata": {"tenantId": "acme"},
    }
    assert json.loads(event.body) == event.json
    with client(paragon_user) as http:
        listed = http.get("/trigger-subscriptions").json()["triggers"]["slack"][0]
    assert listed["dateLastReceivedEvent"] == received
    assert listed["dateCreated"] != received


def test_fire_trigger_defaults(paragon_fake: FakeParagon, paragon_user: FakeUser) -> None:
    paragon_user.connect("slack")
    paragon_fake.state.area(ActionKitState).signing_secret = "whsec-other"
    sub = paragon_fake.actionkit.subscribe(paragon_user.id, "slack", NEW_MESSAGE, {"channel": "C5"})
    event = paragon_fake.actionkit.fire(sub.id)
    assert event.url == DEFAULT_WEBHOOK_URL
    assert event.json["payload"]["channel"] == "C5"  # the example, with the subscription's channel
    assert event.json["triggerSubscriptionMetadata"] is None
    expected = hmac.new(b"whsec-other", event.body, hashlib.sha256).hexdigest()
    assert event.signature == f"v1={expected}"
    errored = paragon_fake.actionkit.subscribe(
        paragon_user.id, "slack", NEW_MESSAGE, {"channel": "C5"}, status="ERRORED", error="x"
    )
    with pytest.raises(ParagonUsageError, match="ERRORED"):
        paragon_fake.actionkit.fire(errored.id)


def test_subscribe_trigger_refuses_bad_seeds(paragon_fake: FakeParagon) -> None:
    with pytest.raises(ParagonUsageError, match="connect it first"):
        paragon_fake.actionkit.subscribe("user-1", "slack", NEW_MESSAGE, {"channel": "C1"})
    paragon_fake.users.connect("user-1", "slack")
    with pytest.raises(ParagonUsageError, match="missing required parameters channel"):
        paragon_fake.actionkit.subscribe("user-1", "slack", NEW_MESSAGE)


# -- the actionkit permission -------------------------------------------------------------------


def test_without_the_actionkit_permission_every_triggers_operation_is_403(
    paragon_fake: FakeParagon, paragon_user_factory: UserFactory
) -> None:
    user = paragon_user_factory(permissions={"integration:*": True})
    user.connect("slack")
    sub = paragon_fake.actionkit.subscribe(user.id, "slack", NEW_MESSAGE, {"channel": "C1"})
    body = {"integration": "slack", "type": NEW_MESSAGE, "parameters": {"channel": "C1"}}
    with client(user) as http:
        responses = [
            http.get("/triggers"),
            http.get("/trigger-subscriptions"),
            http.post("/trigger-subscriptions", json=body),
            http.patch(f"/trigger-subscriptions/{sub.id}", json={"parameters": {}}),
            http.delete(f"/trigger-subscriptions/{sub.id}"),
            http.post("/triggers/examples", json={"integration": "slack", "type": NEW_MESSAGE}),
        ]
    for response in responses:
        assert response.status_code == 403, response.request.url
        assert response.json()["code"] == "7210"
    assert paragon_fake.actionkit.subscriptions(user.id) == [sub]


def test_actionkit_permission_scoped_to_slack(
    paragon_fake: FakeParagon, paragon_user_factory: UserFactory
) -> None:
    user = paragon_user_factory(permissions={"integration:slack": ["actionkit"]})
    user.connect("slack")
    user.connect("jira")
    jira_sub = paragon_fake.actionkit.subscribe(
        user.id, "jira", "JIRA_ISSUE_CREATED", {"projectKey": "A"}
    )
    with client(user) as http:
        types = http.get("/triggers").json()
        slack = http.post(
            "/trigger-subscriptions",
            json={"integration": "slack", "type": NEW_MESSAGE, "parameters": {"channel": "C1"}},
        )
        jira = http.post(
            "/trigger-subscriptions",
            json={
                "integration": "jira",
                "type": "JIRA_ISSUE_CREATED",
                "parameters": {"projectKey": "OPS"},
            },
        )
        listed = http.get("/trigger-subscriptions").json()
        jira_patch = http.patch(f"/trigger-subscriptions/{jira_sub.id}", json={"parameters": {}})
    assert list(types["triggers"]) == ["slack"]
    assert slack.status_code == 200
    assert (jira.status_code, jira.json()["code"]) == (403, "7210")
    assert list(listed["triggers"]) == ["slack"]
    assert jira_patch.status_code == 403
