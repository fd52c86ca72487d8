"""The admin API never shows a secret: the journal, the violations and the problems are redacted."""

from __future__ import annotations

import json

import httpx

from pytest_paragon.fake.base.catalogue import default_project
from pytest_paragon.fake.core import FakeParagon
from pytest_paragon.fake.entrances.inprocess import InProcessTransport

PLANTED = "hunter2-planted-in-a-body"
SLACK = "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx"


def test_the_journal_violations_and_problems_show_redacted_forms() -> None:
    fake = FakeParagon(default_project(), random_seed=7)
    project = fake.project.id
    token = fake.signing_key.mint("user-1", project_id=project, audience=True, ttl=600)
    with httpx.Client(transport=InProcessTransport(fake), base_url="http://127.0.0.1") as client:
        headers = {"Authorization": f"Bearer {token}", "host": "zeus.useparagon.com"}
        client.get(f"/projects/{project}/sdk/me", headers=headers, params={"userToken": token})
        client.post(
            f"/projects/{project}/sdk/events/trigger",
            headers=headers,
            json={"name": "Contact Created", "payload": {"password": PLANTED, "note": SLACK}},
        )
        client.get(f"/projects/{project}/sdk/me", params={"access_token": PLANTED})  # a 401
        shown = {
            path: client.get(f"/__paragon/{path}").text
            for path in ("journal", "violations", "problems")
        }
    journal = json.loads(shown["journal"])
    assert len(journal) == 3
    for text in shown.values():
        for piece in (token, *token.split(".")[1:], PLANTED, SLACK):
            assert piece not in text
    assert journal[0]["query"][0][1].startswith("<redacted-jwt sub=user-1 ")
    assert journal[1]["body"]["payload"]["password"].startswith("<redacted:")


def _client(fake: FakeParagon) -> httpx.Client:
    return httpx.Client(transport=InProcessTransport(fake), base_url="http://127.0.0.1")


def test_reset_restores_the_clock_and_the_clock_is_bounded() -> None:
    fake = FakeParagon(default_project(), random_seed=7)
    with _client(fake) as client:
        assert client.post("/__paragon/seed", json={"clock": {"now": 1e9}}).status_code == 201
        assert fake.clock() == 1e9
        assert client.post("/__paragon/reset").status_code == 200
        assert fake.clock.frozen is False  # back to the system clock: new tokens are not expired
        token = fake.signing_key.mint("user-1", project_id=fake.project.id, now=fake.clock())
        me = client.get(
            f"/projects/{fake.project.id}/sdk/me",
            headers={"Authorization": f"Bearer {token}", "host": "zeus.useparagon.com"},
        )
        assert me.status_code == 200
        for now in (1e30, float("inf"), 253_402_300_800):
            refused = client.post("/__paragon/seed", content=f'{{"clock": {{"now": {now}}}}}')
            assert refused.status_code == 400, now
        assert fake.clock.frozen is False


def test_the_journal_is_strict_json_even_after_a_body_with_1e999() -> None:
    fake = FakeParagon(default_project(), random_seed=7)
    with _client(fake) as client:
        client.post(
            f"/projects/{fake.project.id}/sdk/events/trigger",
            content=b'{"name": "x", "payload": {"n": 1e999}}',
            headers={"content-type": "application/json", "host": "zeus.useparagon.com"},
        )
        text = client.get("/__paragon/journal").text

    def refuse(name: str) -> None:
        raise AssertionError(f"{name} in the journal")

    journal = json.loads(text, parse_constant=refuse)
    assert journal[0]["body"]["payload"]["n"] == "inf"


def test_problems_are_bounded_like_the_journal() -> None:
    from pytest_paragon.contract.validation import Violation
    from pytest_paragon.fake.base.exchange import PROBLEMS_MAX

    fake = FakeParagon(default_project(), random_seed=7)
    for index in range(PROBLEMS_MAX + 5):
        fake._violations.append(Violation("op", "request body", f"bad {index}", "x"))
    problems = fake.problems()
    assert len(fake._violations) == PROBLEMS_MAX
    assert len(problems) == PROBLEMS_MAX + 1
    assert "5 more problem(s) were not kept" in str(problems[-1])
    fake.reset()
    assert fake.problems() == []


def test_the_project_id_must_be_a_uuid() -> None:
    fake = FakeParagon(default_project(), random_seed=7)
    with _client(fake) as client:
        answer = client.put("/__paragon/project", json={"id": "not-a-uuid"})
        assert answer.status_code == 400
        assert "not a UUID" in answer.text
        good = client.put("/__paragon/project", json={"id": "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"})
        assert good.status_code == 200


def test_repeated_authorization_headers_are_one_rule_in_both_modes() -> None:
    from pytest_paragon.fake.entrances.server import ParagonApp, ServerThread

    fake = FakeParagon(default_project(), random_seed=7)
    good = fake.signing_key.mint("user-1", project_id=fake.project.id, ttl=600)
    other = fake.signing_key.mint("user-2", project_id=fake.project.id, ttl=600)
    two = [("Authorization", f"Bearer {good}"), ("Authorization", f"Bearer {other}")]
    path = f"/projects/{fake.project.id}/sdk/me"
    with _client(fake) as client:
        in_process = client.get(path, headers=[*two, ("host", "zeus.useparagon.com")])
        assert client.get(path, headers=[two[0], ("host", "zeus.useparagon.com")]).is_success
    thread = ServerThread(ParagonApp(fake)).start()
    try:
        served = httpx.get(f"{thread.url}{path}", headers=two)
    finally:
        thread.stop()
    assert in_process.status_code == served.status_code == 400
    assert "Repeated Authorization" in in_process.text
    assert "Repeated Authorization" in served.text
