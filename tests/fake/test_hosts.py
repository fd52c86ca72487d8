"""Host-aware routing: each operation answers only on the Paragon host its contract names."""

from __future__ import annotations

import re

import pytest

from pytest_paragon.contract import Operation, load_contract
from pytest_paragon.contract.servers import families_of
from pytest_paragon.fake.base.exchange import FakeRequest
from pytest_paragon.fake.core import FakeParagon

CONTRACT = load_contract()
FAMILIES = families_of(CONTRACT)


def an_operation_of(label: str) -> Operation:
    """The first operation served by ``label`` and no other family."""
    return next(
        op
        for op in CONTRACT.operations
        if label in FAMILIES.labels(op) and "zeus" not in FAMILIES.labels(op) - {label}
    )


def concrete(operation: Operation, project_id: str) -> str:
    path = operation.path_template.replace("{projectId}", project_id)
    return re.sub(r"\{[^}]+\}", "x1", path)


# (family label, a wrong host, the host the 404 names): one row per server family, cloud and on-prem
CASES = [
    ("zeus", "proxy.useparagon.com", "zeus.useparagon.com"),
    ("hermes", "zeus.useparagon.com", "hermes.useparagon.com"),
    ("proxy", "zeus.useparagon.com", "proxy.useparagon.com"),
    ("actionkit", "zeus.useparagon.com", "actionkit.useparagon.com"),
    ("sync", "actionkit.useparagon.com", "sync.useparagon.com"),
    ("worker-proxy", "zeus.paragon.acme.test", "worker-proxy.paragon.acme.test"),
    ("worker-actionkit", "worker-proxy.paragon.acme.test", "worker-actionkit.paragon.acme.test"),
]


@pytest.mark.parametrize(("label", "wrong", "home"), CASES, ids=[case[0] for case in CASES])
def test_an_operation_on_the_wrong_paragon_host_is_a_404(label: str, wrong: str, home: str) -> None:
    fake = FakeParagon()
    operation = an_operation_of(label)
    path = concrete(operation, fake.project.id)
    answer = fake.handle(FakeRequest(operation.method.upper(), wrong, path, (), {}, b""))
    assert answer.status == 404
    assert f"{operation.operation_id} is served by {home}" in answer.body.decode()
    assert [v.place for v in fake._violations] == ["host"]
    assert fake.journal[-1].operation_id is None

    right = fake.handle(FakeRequest(operation.method.upper(), home, path, (), {}, b""))
    assert b"is served by" not in right.body
    assert [v.place for v in fake._violations] == ["host"]  # nothing new about the host


def test_docs_alias_and_trigger_kit_hosts_serve_their_families() -> None:
    me = CONTRACT.operation("getConnectedUser")
    assert FAMILIES.misrouted(me, "api.useparagon.com") is None
    tools = an_operation_of("actionkit")
    assert FAMILIES.misrouted(tools, "api-triggerkit.paragon.acme.test") is None


def test_hosts_that_are_not_paragons_serve_every_operation() -> None:
    proxy = an_operation_of("proxy")
    for host in ("127.0.0.1:8080", "localhost", "testserver", "api.example.com"):
        assert FAMILIES.misrouted(proxy, host) is None


def test_a_zeus_and_hermes_operation_answers_on_both() -> None:
    both = next(op for op in CONTRACT.operations if {"zeus", "hermes"} <= FAMILIES.labels(op))
    assert FAMILIES.misrouted(both, "zeus.useparagon.com") is None
    assert FAMILIES.misrouted(both, "hermes.useparagon.com") is None
    assert FAMILIES.misrouted(both, "sync.useparagon.com") == "zeus.useparagon.com"


def test_fake_users_clients_send_each_call_to_its_home_host() -> None:
    from pytest_paragon.fake.entrances.users import make_user

    fake = FakeParagon()
    user = make_user(fake, "user-1")
    user.connect("slack")
    fake.proxy.on("slack", {"ok": True}, method="GET", path="/auth.test")
    assert user.client.get("/sdk/proxy/slack/auth.test").status_code == 200
    assert fake.journal[-1].host == "proxy.useparagon.com"
    user.close()
