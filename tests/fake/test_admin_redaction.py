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
    fake = FakeParagon(default_project(), seed=7)
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
