import pytest, httpx
from pytest_paragon.fake.core import StrictViolationError

def run(fn):
    try:
        r = fn()
        return r.status_code, r.text[:200]
    except StrictViolationError as e:
        return "VIOLATION", str(e)[:300]

def test_probe(paragon_fake, paragon_user):
    c = paragon_user.client
    slack = paragon_user.connect("slack")
    sf = paragon_user.connect("salesforce")
    jira = paragon_user.connect("jira", status="PENDING")
    url = f"/sdk/credentials/{slack.id}/configurations"
    print("E14 default", run(lambda: c.delete(url, headers={"X-Paragon-Credential": slack.id, "X-Paragon-Configuration-Id": slack.default_configuration.id})))
    print("E14 noheader", run(lambda: c.delete(url)))
    wf = paragon_fake.workflow_id("jira", "Create issues from tasks")
    print("E19 pending", run(lambda: c.post(f"/sdk/workflows/{wf}")))
    print("E7 none", run(lambda: c.get("/sdk/credentials", params={"integration": "hubspot"})))
    print("E7 default hdr", run(lambda: c.get("/sdk/credentials", params={"integration": "salesforce"}, headers={"X-Paragon-Credential": slack.id})))
    print("E21 none", run(lambda: c.post("/sdk/actions", json={"action": "hubspot", "sourceKey": "x", "parameters": [], "paginationParameters": {"pageCursor": 0}})))
    print("E21 default hdr", run(lambda: c.post("/sdk/actions", json={"action": "salesforce", "sourceKey": "x", "parameters": [], "paginationParameters": {"pageCursor": 0}}, headers={"X-Paragon-Credential": slack.id})))
    print("E9 unknown", run(lambda: c.post("/sdk/credentials", json={"integrationId": "00000000-0000-4000-8000-000000000000", "payload": {}})))
    print("E16 unknown", run(lambda: c.get(f"https://zeus.useparagon.com/v2/projects/{paragon_user.project_id}/sdk/actions/build-oauth", params={"action": "x", "integrationId": "00000000-0000-4000-8000-000000000000", "userToken": paragon_user.token, "oauthMetaKeyId": "k"})))
    print("E26 unknown cred", run(lambda: c.post("/sdk/events/trigger", json={"name": "a", "payload": {}}, headers={"X-Paragon-Credential": "ext:nope"})))
    print("E26 unknown cfg", run(lambda: c.post("/sdk/events/trigger", json={"name": "a", "payload": {}}, headers={"X-Paragon-Credential": slack.id, "X-Paragon-Configuration-Id": "ext:nope"})))
    print(paragon_fake.app_events())
    paragon_fake.on_proxy("slack", lambda call: (404, {"error": "not_found"}), path="/x404")
    paragon_fake.on_proxy("slack", lambda call: call.body, path="/echo")
    print("proxy 404", run(lambda: c.get(f"https://proxy.useparagon.com/projects/{paragon_user.project_id}/sdk/proxy/slack/x404")))
    print("proxy auto", run(lambda: c.post(f"https://proxy.useparagon.com/projects/{paragon_user.project_id}/sdk/proxy/slack/echo", content=b'{"a": 1}', headers={"Content-Type": "auto"})))
    print("E23 bad meta", run(lambda: c.get(f"https://zeus.useparagon.com/sdk/projects/{paragon_user.project_id}", headers={"X-Paragon-User-Metadata": "[1]"})))
    print("E22 unknown", run(lambda: c.post(f"/sdk/resources/00000000-0000-4000-8000-000000000000/connect", json={"a": 1})))
    print("E24 not trigger", run(lambda: c.post(f"/sdk/triggers/{wf}", json={})))
    print("E2 bad", run(lambda: c.patch("/sdk/me", json={"meta": {"Name": 1}})))
    paragon_fake.violations.clear()
