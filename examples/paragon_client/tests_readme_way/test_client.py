"""The example client's tests written the README's way: pytest-paragon answers and checks."""

import asyncio
import json

import httpx
import pytest

from examples.paragon_client import ParagonClient, ProviderError, make_receiver
from pytest_paragon.webhooks import trigger_delivery, trigger_webhook


def run(fake, user, method, *args):
    async def call():
        async with httpx.AsyncClient() as http:
            client = ParagonClient(fake.project.id, user.token, http)
            return await getattr(client, method)(*args)

    return asyncio.run(call())


def test_lists_enabled_integrations(paragon_fake, paragon_user):
    paragon_user.connect("slack")
    paragon_fake.users.connect(paragon_user.id, "salesforce")
    paragon_fake.users.connect(paragon_user.id, "hubspot", status="PENDING")
    assert run(paragon_fake, paragon_user, "connected") == ["salesforce", "slack"]


def test_lists_slack_channels(paragon_fake, paragon_user):
    paragon_user.connect("slack")
    query = {"limit": 200, "exclude_archived": True, "types": "public_channel,private_channel"}
    answer = {"ok": True, "channels": [{"name": "general"}, {"name": "ops"}]}
    paragon_fake.proxy.on("slack", answer, path="/conversations.list", match_query=query)
    assert run(paragon_fake, paragon_user, "slack_channels") == ["general", "ops"]


def test_posts_to_slack_and_reports_slack_errors(paragon_fake, paragon_user):
    paragon_user.connect("slack")
    sent = {"channel": "C1", "text": "hi", "unfurl_links": False}
    post = {"method": "POST", "path": "/chat.postMessage", "match_json": sent}
    paragon_fake.proxy.on("slack", {"ok": True, "ts": "1.2"}, **post)
    paragon_fake.proxy.on("slack", {"ok": False, "error": "not_in_channel"}, **post)
    assert run(paragon_fake, paragon_user, "notify", "C1", "hi") == "1.2"
    with pytest.raises(ProviderError, match="not_in_channel"):
        run(paragon_fake, paragon_user, "notify", "C1", "hi")
    paragon_fake.proxy.on("slack", {"ok": False}, **post)
    with pytest.raises(ProviderError, match="unknown Slack error"):
        run(paragon_fake, paragon_user, "notify", "C1", "hi")


def test_reads_salesforce_contacts_with_soql(paragon_fake, paragon_user):
    paragon_user.connect("salesforce")
    soql = "SELECT Id, Email FROM Contact WHERE Email LIKE '%@acme.com' LIMIT 50"
    records = {"records": [{"Id": "003", "Email": "ada@acme.com"}]}
    paragon_fake.proxy.on(
        "salesforce", records, path="/services/data/v59.0/query", match_query={"q": soql}
    )
    assert run(paragon_fake, paragon_user, "contacts_at", "acme.com") == ["ada@acme.com"]
    paragon_fake.proxy.on("salesforce", {"message": "expired"}, status=401)
    with pytest.raises(ProviderError, match="401"):
        run(paragon_fake, paragon_user, "contacts_at", "acme.com")


def test_lists_and_runs_tools(paragon_fake, paragon_user):
    for integration in ("slack", "jira", "salesforce"):
        paragon_user.connect(integration)
    names = run(paragon_fake, paragon_user, "tool_names", ["slack", "jira"])
    assert {name.split("_")[0] for name in names} == {"SLACK", "JIRA"}
    assert "SLACK_SEND_MESSAGE" in names
    assert ("format", "json_schema") in paragon_fake.requests("listActionKitTools")[0].query
    parameters = {"channelName": "#ops", "message": "hi"}
    paragon_fake.actionkit.on("SLACK_SEND_MESSAGE", {"ts": "9"}, match_json=parameters)
    paragon_fake.actionkit.on("SLACK_SEND_MESSAGE", {"message": "no channel"}, status=400)
    assert run(paragon_fake, paragon_user, "run_tool", "SLACK_SEND_MESSAGE", parameters) == {
        "ts": "9"
    }
    with pytest.raises(ProviderError, match="no channel"):
        run(paragon_fake, paragon_user, "run_tool", "SLACK_SEND_MESSAGE", parameters)


def test_reads_failed_runs_oldest_first(paragon_fake, paragon_user):
    workflow = paragon_fake.users.workflow_id("salesforce", request_trigger=True)
    other = paragon_fake.users.workflow_id("salesforce", request_trigger=False)
    ids = [f"{c}0000000-0000-4000-8000-000000000000" for c in "abcd"]
    runs = [(workflow, "FAILED"), (workflow, "SUCCEEDED"), (other, "FAILED"), (workflow, "FAILED")]
    for at, (workflow_id, status) in enumerate(runs):
        paragon_fake.clock.freeze(1_700_000_000 + at)
        run_ = {
            "userId": paragon_user.id,
            "workflowId": workflow_id,
            "status": status,
            "id": ids[at],
        }
        paragon_fake.seed(executions=[run_])
    key = paragon_fake.project.apiKeys[0]
    assert run(paragon_fake, paragon_user, "failed_runs", key, workflow) == [ids[0], ids[3]]
    with pytest.raises(ProviderError, match="401"):
        run(paragon_fake, paragon_user, "failed_runs", paragon_user.token, workflow)
    paragon_fake.respond_once("listWorkflowExecutions", {"message": "bad"}, status=400)
    with pytest.raises(ProviderError, match="400"):
        run(paragon_fake, paragon_user, "failed_runs", key, workflow)


def test_enables_a_sync_and_reads_every_page(paragon_fake, paragon_user):
    paragon_user.connect("googledrive")
    files = [{"id": n, "name": f"{n}.txt", "mimeType": "text/plain"} for n in "abcde"]
    paragon_fake.seed(
        syncRecords=[{"userId": paragon_user.id, "integration": "googledrive", "records": files}]
    )
    sync_id = run(paragon_fake, paragon_user, "sync_files", "googledrive")
    assert paragon_fake.sync.get(paragon_user.id, "googledrive").id == sync_id
    names = run(paragon_fake, paragon_user, "synced_names", sync_id)
    assert names == ["a.txt", "b.txt", "c.txt", "d.txt", "e.txt"]
    pages = paragon_fake.requests("pullSyncedRecords")
    assert [dict(page.query)["pageSize"] for page in pages] == ["2", "2", "2"]


def test_receiver_accepts_once_and_refuses_bad_deliveries(paragon_webhooks):
    inbox = []
    paragon_webhooks.receive_with(make_receiver("s3cret", inbox))
    event = trigger_delivery(trigger_webhook(payload={"text": "hi"}), secret="s3cret")
    assert paragon_webhooks.deliver(event).body == b"ok"
    assert paragon_webhooks.deliver(event, expect_status=200).body == b"duplicate"
    assert inbox == [{"text": "hi"}]
    not_json = trigger_delivery(b"{", secret="s3cret")
    assert paragon_webhooks.deliver(not_json, expect_status=400).body == b"bad json"
    forged = paragon_webhooks.deliver(event.tampered(userId="mallory"), expect_status=401)
    assert forged.body == b"bad signature"
    paragon_webhooks.deliver(event.without_header("x-paragon-signature"), expect_status=401)
    assert json.loads(event.body)["payload"] == inbox[0]
