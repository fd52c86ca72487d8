"""``respond_once`` / ``respond_with``: the fake answers one operation with a drawn response."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings

from pytest_paragon import strategies as ps
from pytest_paragon.errors import ParagonUsageError, UnusedAnswerError
from pytest_paragon.fake.core import FakeParagon
from pytest_paragon.fake.entrances.users import FakeUser

pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")
ZEUS = "https://zeus.useparagon.com"


def get_me(fake: FakeParagon, user: FakeUser) -> httpx.Response:
    return httpx.get(f"{ZEUS}/projects/{fake.project.id}/sdk/me", headers=user.headers)


def test_respond_once_answers_the_next_call_then_the_state_answers(
    paragon_fake: FakeParagon, paragon_user: FakeUser
) -> None:
    body = {
        "userId": paragon_user.id,
        "integrations": {},
        "resources": [],
        "project": {"id": paragon_fake.project.id, "billingPlan": "free", "accessibleFeatures": []},
    }
    paragon_fake.respond_once("getConnectedUser", body)
    assert get_me(paragon_fake, paragon_user).json() == body
    stateful = get_me(paragon_fake, paragon_user).json()
    assert "salesforce" in stateful["integrations"]  # the catalogue again, from state


def test_respond_with_lasts_for_the_block(
    paragon_fake: FakeParagon, paragon_user: FakeUser
) -> None:
    drawn = ps.DrawnResponse("getConnectedUser", 500, "application/json", {"message": "boom"})
    with paragon_fake.respond_with("getConnectedUser", drawn):
        assert get_me(paragon_fake, paragon_user).status_code == 500
        assert get_me(paragon_fake, paragon_user).json() == {"message": "boom"}
    assert get_me(paragon_fake, paragon_user).status_code == 200


def test_authentication_still_comes_first(
    paragon_fake: FakeParagon, paragon_user: FakeUser
) -> None:
    paragon_fake.respond_once("getConnectedUser", {"message": "never sent"}, status=500)
    response = httpx.get(f"{ZEUS}/projects/{paragon_fake.project.id}/sdk/me")
    assert response.status_code == 401
    (unused,) = paragon_fake.problems()
    assert isinstance(unused, UnusedAnswerError)
    assert "respond_once('getConnectedUser', status=500) was registered" in str(unused)
    paragon_fake.reset()
    assert paragon_fake.problems() == []


def test_every_answer_counts_respond_with_blocks_too(
    paragon_fake: FakeParagon, paragon_user: FakeUser
) -> None:
    with paragon_fake.respond_with("getConnectedUser", {"message": "boom"}, status=500):
        pass  # no call reached it
    with paragon_fake.respond_with("getConnectedUser", {"message": "x"}, status=500, optional=True):
        pass
    paragon_fake.respond_once("getConnectedUser", {"message": "later"}, status=500, optional=True)
    (unused,) = paragon_fake.problems()
    assert "respond_with('getConnectedUser', status=500)" in str(unused)
    paragon_fake.reset()


def test_an_unknown_operation_is_refused_with_the_nearest(paragon_fake: FakeParagon) -> None:
    with pytest.raises(ParagonUsageError, match="- getConnectedUser"):
        paragon_fake.respond_once("getConectedUser", {})


def test_a_body_paragon_would_not_send_is_refused(paragon_fake: FakeParagon) -> None:
    with pytest.raises(ParagonUsageError, match="not a response Paragon documents") as raised:
        paragon_fake.respond_once("getConnectedUser", {"integrations": {}})
    assert "required" in str(raised.value)


def test_an_undocumented_status_is_refused(paragon_fake: FakeParagon) -> None:
    with pytest.raises(ParagonUsageError, match="status 418 is not documented"):
        paragon_fake.respond_once("getConnectedUser", {"message": "teapot"}, status=418)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(response=ps.responses("getConnectedUser"))
def test_every_drawn_response_reaches_the_client_unchanged(
    paragon_fake: FakeParagon, paragon_user: FakeUser, response: ps.DrawnResponse
) -> None:
    with paragon_fake.respond_with("getConnectedUser", response):
        answer = get_me(paragon_fake, paragon_user)
    assert answer.status_code == response.status
    assert answer.json() == response.body
    assert paragon_fake._overrides.unused() == []  # nothing leaks into the next example


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(stage=ps.responses("listTriggerTypes", status=200))
def test_any_operation_can_be_answered(
    paragon_fake: FakeParagon, paragon_user: FakeUser, stage: Any
) -> None:
    paragon_user.connect("slack")
    with paragon_fake.respond_with("listTriggerTypes", stage):
        answer = httpx.get(
            f"https://actionkit.useparagon.com/projects/{paragon_fake.project.id}/triggers",
            headers=paragon_user.headers,
        )
    assert answer.json() == stage.body
