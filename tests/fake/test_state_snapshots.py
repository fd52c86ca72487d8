"""FakeParagon.snapshot()/restore(): back to a seeded state, in place, any number of times."""

from __future__ import annotations

import json
import pickle

import pytest

from pytest_paragon.contract_suite.world import seed_fake
from pytest_paragon.errors import ParagonUsageError
from pytest_paragon.fake.base import snapshots
from pytest_paragon.fake.base.catalogue import default_project
from pytest_paragon.fake.base.faults import FaultBook
from pytest_paragon.fake.base.state import FakeState
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


# -- the parts a restore sets back without copying: the id sequence and the fault book ------


def twins() -> tuple[FakeParagon, FakeParagon]:
    """Two fakes seeded alike: one is changed and restored, the other never changes."""
    made = []
    for _ in range(2):
        fake = FakeParagon(random_seed=3)
        seed_fake(fake, USER)
        made.append(fake)
    return made[0], made[1]


def statuses(fake: FakeParagon, count: int = 12) -> list[int]:
    """The statuses of ``count`` ``GET /sdk/me`` (what the fault book answers)."""
    token = fake.signing_key.mint(USER, project_id=fake.project.id, now=fake.clock())
    path = f"/projects/{fake.project.id}/sdk/me"
    headers = {"authorization": f"Bearer {token}"}
    request = FakeRequest("GET", "zeus.useparagon.com", path, (), headers)
    return [fake.handle(request).status for _ in range(count)]


def book(fake: FakeParagon) -> tuple[object, ...]:
    """Everything the fault book holds: each fault and its count, the rate limits' counts."""
    faults = fake.faults
    limits = faults.rate_limits
    return (
        [(fault.spec, fault.fired) for fault in faults.faults],
        faults.unused(),
        None if limits is None else vars(limits),
        faults.active,
    )


def register(fake: FakeParagon) -> None:
    fake.faults.on("getConnectedUser", status=503, probability=0.5)
    fake.faults.on("getConnectedUser", status=500, times=2)
    fake.faults.limit_rates()


def test_after_a_restore_the_ids_and_faults_are_those_of_an_unchanged_fake() -> None:
    fake, twin = twins()
    snapshot = fake.snapshot()
    drawn = [fake.state.ids() for _ in range(4)]
    register(fake)
    assert 503 in statuses(fake)  # the book's generator drew, its faults fired
    fake.state.ids.reset()
    fake.restore(snapshot)
    assert fake.faults.pristine
    assert book(fake) == book(twin)
    assert [fake.state.ids() for _ in range(4)] == [twin.state.ids() for _ in range(4)] == drawn
    # The book's generator starts again from the random seed: the same draws as the twin's.
    register(fake)
    register(twin)
    seen = statuses(fake)
    assert seen == statuses(twin)
    assert {500, 503, 200} <= set(seen)


@pytest.mark.parametrize("pickled", [True, False], ids=["pickled", "deep-copied"])
def test_a_book_in_use_at_the_snapshot_comes_back_with_its_counts_and_draws(
    pickled: bool,
) -> None:
    fake, twin = twins()
    for each in (fake, twin):
        if not pickled:  # an answer that does not pickle: the snapshot is a deep copy
            each.proxy.on("salesforce", lambda request: {"from": "lambda"})
        register(each)
    assert statuses(fake, 3) == statuses(twin, 3)  # the faults fired, the generator drew
    snapshot = fake.snapshot()
    assert (snapshot.pickled is not None) is pickled
    expected = book(twin)
    for _ in range(2):  # one snapshot restores any number of times
        statuses(fake)
        fake.faults.on("getConnectedUser", "reset")
        fake.faults.rate_limits = None
        fake.state.ids()
        assert book(fake) != expected
        fake.restore(snapshot)
        assert book(fake) == expected
        assert fake.faults.faults[0] is not twin.faults.faults[0]
    assert [fake.state.ids() for _ in range(3)] == [twin.state.ids() for _ in range(3)]
    assert statuses(fake) == statuses(twin)
    assert book(fake) == book(twin)


def test_the_copy_leaves_out_the_generator_and_the_contracts_names(seeded: FakeParagon) -> None:
    snapshot = seeded.snapshot()
    assert snapshot.pickled is not None
    copied = pickle.loads(snapshot.pickled)
    assert "ids" not in copied
    assert copied["faults"] is None  # a book as made is not copied
    assert snapshot.ids == seeded.state.ids.position()
    seeded.faults.on("getConnectedUser")
    snapshot = seeded.snapshot()
    assert snapshot.pickled is not None
    copied_book = pickle.loads(snapshot.pickled)["faults"]
    assert set(copied_book) == set(vars(seeded.faults)) - FaultBook.SHARED
    seeded.faults.clear()
    seeded.restore(snapshot)
    assert seeded.faults.unused() == ["fault status on operation getConnectedUser"]
    with pytest.raises(ParagonUsageError, match="getConnectedUser"):  # names still checked
        seeded.faults.on("getConnectedUsr")


def test_a_state_without_a_fault_book_restores() -> None:
    state = FakeState(default_project())
    snapshot = snapshots.take(state)
    first = state.ids()
    state.faults = "changed"
    snapshots.restore(state, snapshot)
    assert state.faults is None
    assert state.ids() == first
