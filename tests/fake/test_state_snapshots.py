"""FakeParagon.snapshot()/restore(): back to a seeded state, in place, any number of times."""

from __future__ import annotations

import json

import pytest

from pytest_paragon.contract_suite.world import seed_fake
from pytest_paragon.errors import ParagonUsageError
from pytest_paragon.fake.base.catalogue import default_project
from pytest_paragon.fake.connect import domain as connect_domain
from pytest_paragon.fake.core import FakeParagon, FakeRequest
from pytest_paragon.fake.sync.state import SyncStore

USER = "paragon-contract-user"


def me(fake: FakeParagon, user: str = USER) -> dict[str, object]:
    token = fake.signing_key.mint(user, project_id=fake.project.id, now=fake.clock())
    path = f"/projects/{fake.project.id}/sdk/me"
    answer = fake.handle(
        FakeRequest("GET", "zeus.useparagon.com", path, (), {"authorization": f"Bearer {token}"})
    )
    assert answer.status == 200
    body: dict[str, object] = json.loads(answer.body)
    return body


def observable(fake: FakeParagon) -> tuple[object, ...]:
    """What a client could see of the seeded world, plus the next ids the fake would give."""
    state = fake.state
    syncs = fake.state.area(SyncStore)
    return (
        me(fake),
        sorted(state.credentials),
        sorted(state.users),
        len(state.proxy_handlers),
        sorted(vars(syncs)),
        [state.ids() for _ in range(3)],
    )


@pytest.fixture
def seeded() -> FakeParagon:
    fake = FakeParagon(random_seed=3)
    seed_fake(fake, USER)
    return fake


def test_restore_undoes_every_change_and_can_be_repeated(seeded: FakeParagon) -> None:
    snapshot = seeded.snapshot()
    expected = observable(seeded)
    for _ in range(3):
        seeded.restore(snapshot)
        seeded.users.connect("someone-else", "slack")
        connect_domain.set_metadata(seeded.state, USER, {"plan": "changed"})
        seeded.proxy.on("hubspot", {"changed": True})
        for credential in seeded.state.credentials_of(USER):
            connect_domain.delete_credential(seeded.state, credential)
        assert observable(seeded) != expected
        seeded.restore(snapshot)
        assert observable(seeded) == expected


def test_restore_keeps_the_containers_helpers_and_listeners_hold(seeded: FakeParagon) -> None:
    users, areas = seeded.state.users, seeded.state.areas
    stores = dict(areas)
    snapshot = seeded.snapshot()
    seeded.users.connect("someone-else", "slack")
    seeded.restore(snapshot)
    assert seeded.state.users is users
    assert seeded.state.areas is areas
    assert all(areas[kind] is store for kind, store in stores.items())
    assert "someone-else" not in seeded.state.users
    # Task History still hears workflow runs (its listener holds the same state and store).
    before = len(seeded.task_history.executions())
    seeded.restore(snapshot)
    assert len(seeded.task_history.executions()) == before


def test_an_area_first_used_after_the_snapshot_is_empty_again() -> None:
    fake = FakeParagon()
    snapshot = fake.snapshot()
    assert SyncStore not in fake.state.areas
    fake.users.connect(USER, "googledrive")
    token = fake.signing_key.mint(USER, project_id=fake.project.id, now=fake.clock())
    headers = {"authorization": f"Bearer {token}", "content-type": "application/json"}
    body = json.dumps({"integration": "googledrive", "pipeline": "files"}).encode()
    created = fake.handle(
        FakeRequest("POST", "sync.useparagon.com", "/api/syncs", (), headers, body)
    )
    assert created.status == 200, created.body
    store = fake.state.area(SyncStore)
    assert len(fake.sync.syncs()) == 1
    fake.restore(snapshot)
    assert fake.state.credentials == {}
    assert fake.sync.syncs() == []
    assert fake.state.area(SyncStore) is store


def test_answers_that_do_not_pickle_are_deep_copied(seeded: FakeParagon) -> None:
    seeded.proxy.on("salesforce", lambda request: {"from": "lambda"})
    snapshot = seeded.snapshot()
    assert snapshot.pickled is None
    assert snapshot.values is not None
    registered = len(seeded.state.proxy_handlers)
    seeded.state.proxy_handlers.clear()
    seeded.restore(snapshot)
    assert len(seeded.state.proxy_handlers) == registered
    last = seeded.state.proxy_handlers[-1]
    assert callable(last.answer)
    assert last.answer(None) == {"from": "lambda"}


def test_a_plain_seeded_state_is_held_pickled(seeded: FakeParagon) -> None:
    snapshot = seeded.snapshot()
    assert snapshot.pickled is not None
    assert snapshot.values is None


def test_restoring_into_another_project_is_a_usage_error(seeded: FakeParagon) -> None:
    other = FakeParagon(default_project().with_id("3f9a1c2e-0000-4000-8000-000000000999"))
    with pytest.raises(ParagonUsageError, match="restore a snapshot into the fake it was taken"):
        other.restore(seeded.snapshot())
