"""The example client's tests written with pytest-httpx alone: the same behaviours."""

import asyncio
import hashlib
import hmac
import io
import json

import httpx
import pytest

pytest.importorskip("pytest_httpx")

from examples.paragon_client import ParagonClient, ProviderError, make_receiver

PROJECT = "3f9a1c52-7d4e-4b8a-9c61-2e5f8a0b1d47"
TOKEN = "user-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
ZEUS = f"https://zeus.useparagon.com/projects/{PROJECT}"
PROXY = f"https://proxy.useparagon.com/projects/{PROJECT}/sdk/proxy"
TOOLS = f"https://actionkit.useparagon.com/projects/{PROJECT}/tools"
SYNCS = "https://sync.useparagon.com/api/syncs"


def run(method, *args):
    async def call():
        async with httpx.AsyncClient() as http:
            return await getattr(ParagonClient(PROJECT, TOKEN, http), method)(*args)

    return asyncio.run(call())


def test_lists_enabled_integrations(httpx_mock):
    integrations = {
        "slack": {"enabled": True},
        "salesforce": {"enabled": True},
        "hubspot": {"enabled": False},
    }
    httpx_mock.add_response(
        method="GET", url=f"{ZEUS}/sdk/me", match_headers=AUTH, json={"integrations": integrations}
    )
    assert run("connected") == ["salesforce", "slack"]


def test_lists_slack_channels(httpx_mock):
    params = {"limit": "200", "exclude_archived": "true", "types": "public_channel,private_channel"}
    answer = {"ok": True, "channels": [{"name": "general"}, {"name": "ops"}]}
    httpx_mock.add_response(
        method="GET",
        url=httpx.URL(f"{PROXY}/slack/conversations.list", params=params),
        match_headers=AUTH,
        json={"output": answer},
    )
    assert run("slack_channels") == ["general", "ops"]


def test_posts_to_slack_and_reports_slack_errors(httpx_mock):
    sent = {"channel": "C1", "text": "hi", "unfurl_links": False}
    url = f"{PROXY}/slack/chat.postMessage"
    httpx_mock.add_response(
        method="POST",
        url=url,
        match_json=sent,
        match_headers=AUTH,
        json={"output": {"ok": True, "ts": "1.2"}},
    )
    httpx_mock.add_response(
        method="POST",
        url=url,
        match_json=sent,
        match_headers=AUTH,
        json={"output": {"ok": False, "error": "not_in_channel"}},
    )
    assert run("notify", "C1", "hi") == "1.2"
    with pytest.raises(ProviderError, match="not_in_channel"):
        run("notify", "C1", "hi")


def test_reports_an_unknown_slack_error(httpx_mock):
    httpx_mock.add_response(
        method="POST", url=f"{PROXY}/slack/chat.postMessage", json={"output": {"ok": False}}
    )
    with pytest.raises(ProviderError, match="unknown Slack error"):
        run("notify", "C1", "hi")


def test_reads_salesforce_contacts_with_soql(httpx_mock):
    soql = "SELECT Id, Email FROM Contact WHERE Email LIKE '%@acme.com' LIMIT 50"
    url = httpx.URL(f"{PROXY}/salesforce/services/data/v59.0/query", params={"q": soql})
    records = {"records": [{"Id": "003", "Email": "ada@acme.com"}]}
    httpx_mock.add_response(method="GET", url=url, match_headers=AUTH, json={"output": records})
    httpx_mock.add_response(method="GET", url=url, status_code=401, json={"message": "expired"})
    assert run("contacts_at", "acme.com") == ["ada@acme.com"]
    with pytest.raises(ProviderError, match="401"):
        run("contacts_at", "acme.com")


def test_lists_and_runs_tools(httpx_mock):
    listed = {
        "tools": {
            "slack": [
                {"type": "function", "function": {"name": "SLACK_SEND_MESSAGE"}},
                {"type": "function", "function": {"name": "SLACK_LIST_CHANNELS"}},
            ]
        }
    }
    httpx_mock.add_response(
        method="GET",
        url=httpx.URL(TOOLS, params={"format": "json_schema", "integrations": "slack"}),
        match_headers=AUTH,
        json=listed,
    )
    parameters = {"channelName": "#ops", "message": "hi"}
    run_body = {"tool": "SLACK_SEND_MESSAGE", "parameters": parameters}
    httpx_mock.add_response(
        method="POST", url=TOOLS, match_json=run_body, match_headers=AUTH, json={"ts": "9"}
    )
    httpx_mock.add_response(
        method="POST",
        url=TOOLS,
        match_json=run_body,
        status_code=400,
        json={"message": "no channel"},
    )
    assert run("tool_names", ["slack"]) == ["SLACK_SEND_MESSAGE", "SLACK_LIST_CHANNELS"]
    assert run("run_tool", "SLACK_SEND_MESSAGE", parameters) == {"ts": "9"}
    with pytest.raises(ProviderError, match="no channel"):
        run("run_tool", "SLACK_SEND_MESSAGE", parameters)


def test_reads_failed_runs_oldest_first(httpx_mock):
    params = {"workflowId": "wf-1", "status": "FAILED", "sortBy": "ASC"}
    executions = [{"id": "a", "status": "FAILED"}, {"id": "d", "status": "FAILED"}]
    httpx_mock.add_response(
        method="GET",
        url=httpx.URL(f"{ZEUS}/task-history/workflow-executions", params=params),
        match_headers={"Authorization": "Bearer api-key"},
        json={"workflowExecutions": executions, "nextLink": None, "total": 2},
    )
    httpx_mock.add_response(
        method="GET",
        url=httpx.URL(f"{ZEUS}/task-history/workflow-executions", params=params),
        status_code=401,
        json={"message": "invalid API key"},
    )
    assert run("failed_runs", "api-key", "wf-1") == ["a", "d"]
    with pytest.raises(ProviderError, match="401"):
        run("failed_runs", "api-key", "wf-1")


def test_enables_a_sync(httpx_mock):
    httpx_mock.add_response(
        method="POST",
        url=SYNCS,
        match_json={"integration": "googledrive", "pipeline": "files"},
        match_headers=AUTH,
        json={"id": "sync-1", "status": "ACTIVE"},
    )
    assert run("sync_files", "googledrive") == "sync-1"


def test_reads_every_page_of_a_sync(httpx_mock):
    url = f"{SYNCS}/sync-1/records"
    pages = [
        ({"pageSize": "2"}, ["a", "b"], 3, "c1"),
        ({"pageSize": "2", "cursor": "c1"}, ["c", "d"], 1, "c2"),
        ({"pageSize": "2", "cursor": "c2"}, ["e"], 0, "c3"),
    ]
    for params, names, remaining, cursor in pages:
        httpx_mock.add_response(
            method="GET",
            url=httpx.URL(url, params=params),
            match_headers=AUTH,
            json={
                "data": [{"id": n, "name": f"{n}.txt"} for n in names],
                "paging": {"remainingRecords": remaining, "cursor": cursor},
            },
        )
    assert run("synced_names", "sync-1") == ["a.txt", "b.txt", "c.txt", "d.txt", "e.txt"]


def post(app, body, signature):
    environ = {"wsgi.input": io.BytesIO(body), "CONTENT_LENGTH": str(len(body))}
    if signature is not None:
        environ["HTTP_X_PARAGON_SIGNATURE"] = signature
    status = []
    answer = b"".join(app(environ, lambda s, headers: status.append(s)))
    return status[0], answer


def sign(body, secret="s3cret"):
    return "v1=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def test_receiver_accepts_once_and_refuses_bad_deliveries():
    inbox = []
    app = make_receiver("s3cret", inbox)
    body = json.dumps({"eventId": "e1", "payload": {"text": "hi"}}).encode()
    assert post(app, body, sign(body)) == ("200 OK", b"ok")
    assert post(app, body, sign(body)) == ("200 OK", b"duplicate")
    assert inbox == [{"text": "hi"}]
    assert post(app, b"{", sign(b"{")) == ("400 Bad Request", b"bad json")
    tampered = body.replace(b"hi", b"ho")
    assert post(app, tampered, sign(body)) == ("401 Unauthorized", b"bad signature")
    assert post(app, body, None) == ("401 Unauthorized", b"bad signature")
    assert post(app, body, sign(body, "other")) == ("401 Unauthorized", b"bad signature")
