"""The fake as each SDK line's Paragon: hosts, the trigger-types call, the metadata header.

Which contract answers is chosen by the SDK version (pinned, or ``auto`` following the header);
the SDK's own requests are checked by ``tests/fidelity/test_wire.py``.
"""

from __future__ import annotations

import json

import pytest

from pytest_paragon.fake.core import FakeParagon, FakeRequest


def _send(
    fake: FakeParagon, method: str, host: str, path: str, **headers: str
) -> tuple[int, list[str]]:
    token = fake.signing_key.mint("u1", project_id=fake.project.id)
    fake.users.connect("u1", "slack")
    sent = {"authorization": f"Bearer {token}", **headers}
    full = f"/projects/{fake.project.id}{path}"
    status = fake.handle(FakeRequest(method, host, full, headers=sent)).status
    found = [v.message for v in fake._violations]
    fake._violations.clear()
    return status, found


@pytest.mark.parametrize(
    ("version", "served", "refused"),
    [("2.1.1", "proxy", "worker-proxy"), ("2.2.4", "worker-proxy", "proxy")],
)
def test_the_onprem_proxy_host_of_each_line(version: str, served: str, refused: str) -> None:
    fake = FakeParagon(sdk_version=version)
    fake.proxy.on("slack", {"ok": True}, optional=True)
    path = "/sdk/proxy/slack/conversations.list"
    assert _send(fake, "GET", f"{served}.corp.test", path) == (200, [])
    status, found = _send(fake, "GET", f"{refused}.corp.test", path)
    assert status == 404
    assert found == [
        f"Cannot GET /projects/{fake.project.id}{path} on {refused}.corp.test: proxyGet is "
        f"served by {served}.corp.test"
    ]


def test_trigger_types_exist_from_2_4_0_only() -> None:
    path = "/triggers?integrations=slack"
    new = FakeParagon(sdk_version="2.4.0")
    status, found = _send(new, "GET", "actionkit.useparagon.com", path)
    assert (status, found) != (404, [])
    old = FakeParagon(sdk_version="2.2.4")
    status, found = _send(old, "GET", "actionkit.useparagon.com", path)
    assert status == 404
    assert found == [f"no documented operation for GET /projects/{old.project.id}{path}"]


@pytest.mark.parametrize("version", ["2.1.1", "2.2.4-experimental.2"])
def test_the_metadata_header_is_read_up_to_2_2_4(version: str) -> None:
    fake = FakeParagon(sdk_version=version)
    headers = {"x-paragon-user-metadata": json.dumps({"Name": "Ada"})}
    if version.startswith("2.2"):
        headers["x-paragon-sdk-version"] = version
    assert _send(fake, "GET", "zeus.useparagon.com", "/sdk/me", **headers) == (200, [])
    assert fake.users.metadata("u1") == {"Name": "Ada"}
    (me,) = fake.requests("getConnectedUserWithMetadataHeader")
    assert me.status == 200


def test_app_events_are_on_zeus_up_to_2_1_1() -> None:
    fake = FakeParagon(sdk_version="2.1.1")
    path = "/v2/projects/{p}/sdk/events/trigger"
    token = fake.signing_key.mint("u1", project_id=fake.project.id)
    body = json.dumps({"name": "Contact Created", "payload": {}}).encode()
    headers = {"authorization": f"Bearer {token}", "content-type": "application/json"}
    for host, status in [("zeus.useparagon.com", 201), ("hermes.useparagon.com", 404)]:
        request = FakeRequest(
            "POST", host, path.format(p=fake.project.id), headers=headers, body=body
        )
        assert fake.handle(request).status == status, host
    (violation,) = fake._violations
    assert "sendAppEventV2 is served by zeus.useparagon.com" in violation.message


def test_a_doubled_slash_in_a_proxy_path_is_forwarded_as_sent() -> None:
    fake = FakeParagon()
    fake.proxy.on("slack", {"ok": True}, method="POST", path="/chat.postMessage")
    status, found = _send(
        fake, "POST", "proxy.useparagon.com", "/sdk/proxy/slack//chat.postMessage"
    )
    assert (status, found) == (502, [])  # no contract violation: Paragon forwards the path
    (unmatched,) = fake.problems()[:1]
    assert "POST //chat.postMessage to slack" in str(unmatched)
    fake._failures.clear()
    fake.proxy.on("slack", {"ok": True}, method="POST", path="//chat.postMessage")
    assert _send(fake, "POST", "proxy.useparagon.com", "/sdk/proxy/slack//chat.postMessage") == (
        200,
        [],
    )
    (call,) = [e for e in fake.requests("proxyPost") if e.status == 200]
    assert call.path.endswith("/sdk/proxy/slack//chat.postMessage")
