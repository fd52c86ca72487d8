"""Faults in process, for every client of the table: each raises the client's own exception."""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterator

import pytest

from pytest_paragon.errors import ParagonUsageError, UnusedAnswerError
from pytest_paragon.fake.core import FakeParagon
from pytest_paragon.fake.entrances.interception import Interception, intercept
from pytest_paragon.fake.entrances.users import FakeUser, make_user
from tests.fake.clients import Client, clients

ZEUS = "https://zeus.useparagon.com"


@pytest.fixture
def fake() -> FakeParagon:
    return FakeParagon(validate_responses=True)


@pytest.fixture
def user(fake: FakeParagon) -> FakeUser:
    return make_user(fake, "user-1")


@pytest.fixture
def intercepted(fake: FakeParagon) -> Iterator[Interception]:
    with intercept(fake) as interception:
        yield interception


def me(fake: FakeParagon) -> str:
    return f"{ZEUS}/projects/{fake.project.id}/sdk/me"


def resolve(name: str) -> type[BaseException]:
    module, _, attribute = name.rpartition(".")
    found = getattr(importlib.import_module(module or "builtins"), attribute)
    assert isinstance(found, type)
    return found


def raises_one_of(names: tuple[str, ...]) -> pytest.RaisesExc[BaseException]:
    return pytest.raises(tuple(resolve(name) for name in names))


@clients
def test_a_status_fault_answers_its_status_body_and_retry_after(
    client: Client, fake: FakeParagon, user: FakeUser, intercepted: Interception
) -> None:
    fake.faults.on("getConnectedUser", status=503, retry_after=2, times=1)
    status, body = client.send("GET", me(fake), user.headers, None, 5)
    assert status == 503
    assert json.loads(body) == {"message": "Service Unavailable", "statusCode": 503}
    assert client.send("GET", me(fake), user.headers, None, 5)[0] == 200  # times=1: then served
    assert [entry.status for entry in fake.journal] == [503, 200]
    assert fake.problems() == []


@clients
def test_a_reset_raises_the_clients_connection_error(
    client: Client, fake: FakeParagon, user: FakeUser, intercepted: Interception
) -> None:
    fake.faults.on("getConnectedUser", "reset")
    with raises_one_of(client.broken_errors):
        client.send("GET", me(fake), user.headers, None, 5)


@clients
def test_a_timeout_raises_the_clients_timeout_at_once(
    client: Client, fake: FakeParagon, user: FakeUser, intercepted: Interception
) -> None:
    fake.faults.on(host="zeus.useparagon.com", kind="timeout")
    with raises_one_of(client.timeout_errors):
        client.send("GET", me(fake), user.headers, None, 5)


@clients
def test_a_truncated_body_raises_the_clients_broken_body_error(
    client: Client, fake: FakeParagon, user: FakeUser, intercepted: Interception
) -> None:
    fake.faults.on(area="users", kind="truncated")
    with raises_one_of(client.broken_errors):
        client.send("GET", me(fake), user.headers, None, 5)
    assert fake.journal[-1].status == 200  # served, then cut on the way


@clients
def test_a_malformed_body_is_not_json(
    client: Client, fake: FakeParagon, user: FakeUser, intercepted: Interception
) -> None:
    fake.faults.on("getConnectedUser", "malformed")
    status, body = client.send("GET", me(fake), user.headers, None, 5)
    assert status == 200
    with pytest.raises(ValueError, match="Unterminated string"):
        json.loads(body)


@clients
def test_latency_moves_the_fakes_clock_and_past_the_timeout_is_the_clients_timeout(
    client: Client, fake: FakeParagon, user: FakeUser, intercepted: Interception
) -> None:
    fake.clock.freeze()
    before = fake.clock()
    fake.faults.on("getConnectedUser", "latency", seconds=3, times=1)
    assert client.send("GET", me(fake), user.headers, None, 5)[0] == 200
    assert fake.clock() == before + 3  # no test sleeps: the fake's clock took the delay
    fake.faults.on("getConnectedUser", "latency", seconds=9)
    with raises_one_of(client.timeout_errors):
        client.send("GET", me(fake), user.headers, None, 5)


# -- the vocabulary ----------------------------------------------------------------------------


def test_probability_is_drawn_from_the_random_seed_so_a_run_repeats(fake: FakeParagon) -> None:
    def statuses(seed: int) -> list[int]:
        fake = FakeParagon(random_seed=seed, signing_key=key)
        fake.faults.on(area="users", status=429, probability=0.5)
        with intercept(fake):
            caller = make_user(fake, "u")
            import httpx

            url = f"{ZEUS}/projects/{fake.project.id}/sdk/me"
            with httpx.Client(headers=caller.headers) as http:
                return [http.get(url).status_code for _ in range(12)]

    key = fake.signing_key
    first = statuses(7)
    assert set(first) == {200, 429}
    assert statuses(7) == first
    assert statuses(8) != first


def test_a_fault_that_never_fires_is_an_unused_answer(fake: FakeParagon) -> None:
    fake.faults.on("getConnectedUser", "reset")
    fake.faults.on("getCredential", "timeout", optional=True)
    [problem] = fake.problems()
    assert isinstance(problem, UnusedAnswerError)
    assert "fault reset on operation getConnectedUser" in str(problem)


def test_unknown_names_are_refused_with_the_nearest(fake: FakeParagon) -> None:
    with pytest.raises(ParagonUsageError, match="did you mean 'getConnectedUser'"):
        fake.faults.on("getConnectedUsr")
    with pytest.raises(ParagonUsageError, match="did you mean 'proxy'"):
        fake.faults.on(area="proxi", kind="reset")
    with pytest.raises(ParagonUsageError, match="did you mean 'reset'"):
        fake.faults.on("getConnectedUser", "rest")  # type: ignore[arg-type]


def test_a_seed_registers_the_same_faults(fake: FakeParagon, user: FakeUser) -> None:
    fake.seed(faults=[{"operation": "getConnectedUser", "status": 429, "retryAfter": 30}])
    response = user.client.get("/sdk/me")
    assert response.status_code == 429
    assert response.headers["retry-after"] == "30"
    fake.reset()
    assert fake.faults.faults == []  # cleared with the rest


def test_rate_limits_answer_what_paragon_answers_when_asked() -> None:
    fake = FakeParagon()
    fake.faults.limit_rates()
    fake.clock.freeze()
    key = fake.project.apiKeys[0] if fake.project.apiKeys else None
    assert key is not None
    url = f"{ZEUS}/projects/{fake.project.id}/task-history/workflow-executions"
    import httpx

    with httpx.Client(transport=fake.transport(), headers={"Authorization": f"Bearer {key}"}) as c:
        statuses = [c.get(url).status_code for _ in range(1000)]
        limited = c.get(url)
        fake.clock.advance(600)
        again = c.get(url)
    assert set(statuses) == {200}
    assert limited.status_code == 429
    assert limited.headers["retry-after"] == "600"
    assert limited.json() == {"message": "Too Many Requests", "statusCode": 429}
    assert again.status_code == 200


@pytest.mark.paragon(rate_limits=True)
def test_the_rate_limits_setting_reaches_the_fixtures_fake(paragon_fake: FakeParagon) -> None:
    assert paragon_fake.faults.rate_limits is not None
    assert paragon_fake.faults.active


def test_rate_limits_are_off_unless_asked(paragon_fake: FakeParagon) -> None:
    assert paragon_fake.faults.rate_limits is None
    assert not paragon_fake.faults.active  # no fault, no limit: requests take the plain path
