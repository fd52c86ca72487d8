"""Load on one loopback server: 8 concurrent clients x 500 mixed reads and writes.

Each client is a thread with its own keep-alive ``httpx.Client`` and its own Connected User. It
replays a seeded random mix of SDK-shaped operations (PATCH the integration's User Settings,
enable and disable workflows, send App Events, read ``/sdk/me`` and the admin view of the user,
merge a key into a user shared by every client) and keeps a serial model of what its operations
must have done. Afterwards the fake's state must equal the models: nothing lost, nothing doubled,
no 5xx. Reads are checked on the way too (a client always reads its own writes). Bounded: fixed
operation counts and request timeouts, no timing assertions.
"""

from __future__ import annotations

import random
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from pytest_paragon.fake.core import FakeParagon
from pytest_paragon.fake.entrances.server import ParagonServer
from pytest_paragon.fake.entrances.users import FakeUser

CLIENTS = 8
OPERATIONS = 500
SHARED = "shared-user"
WEIGHTS = {
    "settings": 20,
    "enable": 14,
    "disable": 14,
    "event": 20,
    "me": 14,
    "meta": 12,
    "admin-read": 6,
}


@dataclass
class Model:
    """What one client's operations must have done, applied serially."""

    user_id: str
    credential_id: str
    configuration_id: str
    settings: dict[str, Any]
    states: dict[str, bool]
    events: list[int] = field(default_factory=list)
    shared_meta: int | None = None
    statuses: Counter[int] = field(default_factory=Counter)
    operations: Counter[str] = field(default_factory=Counter)
    stale_reads: list[str] = field(default_factory=list)


def _check_read(model: Model, integration: dict[str, Any], where: str) -> None:
    states = {wid: s["enabled"] for wid, s in integration["workflowSettings"].items()}
    if integration["sharedSettings"] != model.settings or states != model.states:
        model.stale_reads.append(f"{where}: {integration['sharedSettings']} {states}")


def _client_run(
    index: int,
    url: str,
    project_id: str,
    token: str,
    shared_token: str,
    workflows: list[str],
    start: threading.Barrier,
) -> Model:
    rng = random.Random(index)
    user_id = f"load-{index}"
    base = f"{url}/projects/{project_id}"
    with httpx.Client(timeout=30) as client:
        seeded = client.post(
            f"{url}/__paragon/users/{user_id}/credentials",
            json={"integration": "salesforce", "settings": {"owner": user_id}},
        )
        assert seeded.status_code == 201, seeded.text
        credential = seeded.json()
        default = credential["configurations"][0]
        model = Model(
            user_id=user_id,
            credential_id=credential["id"],
            configuration_id=default["id"],
            settings=dict(default["sharedSettings"]),
            states={wid: s["enabled"] for wid, s in default["workflowSettings"].items()},
        )
        mine = {"Authorization": f"Bearer {token}"}
        selected = {
            **mine,
            "X-Paragon-Credential": model.credential_id,
            "X-Paragon-Configuration-Id": model.configuration_id,
        }
        shared = {"Authorization": f"Bearer {shared_token}"}

        def settings(n: int) -> httpx.Response:
            new = {**model.settings, "counter": model.settings.get("counter", 0) + 1}
            new[f"slot{n % 4}"] = n
            reply = client.patch(
                f"{base}/sdk/credentials/{model.credential_id}",
                json={"config": {"sharedSettings": new}},
                headers=selected,
            )
            model.settings = new
            return reply

        def toggle(enabled: bool) -> httpx.Response:
            workflow = rng.choice(workflows)
            method = "POST" if enabled else "DELETE"
            reply = client.request(method, f"{base}/sdk/workflows/{workflow}", headers=selected)
            model.states[workflow] = enabled
            return reply

        def event(n: int) -> httpx.Response:
            model.events.append(n)
            return client.post(
                f"{url}/v2/projects/{project_id}/sdk/events/trigger",
                json={"name": f"load-event-{index}", "payload": {"n": n}},
                headers=mine,
            )

        def me(n: int) -> httpx.Response:
            reply = client.get(f"{base}/sdk/me", headers=mine)
            if reply.status_code == 200:
                _check_read(model, reply.json()["integrations"]["salesforce"], f"me #{n}")
            return reply

        def meta(n: int) -> httpx.Response:
            model.shared_meta = n
            return client.patch(
                f"{base}/sdk/me", json={"meta": {f"client{index}": n}}, headers=shared
            )

        def admin_read(n: int) -> httpx.Response:
            reply = client.get(f"{url}/__paragon/users/{user_id}")
            if reply.status_code == 200:
                _check_read(model, reply.json()["integrations"]["salesforce"], f"admin #{n}")
            return reply

        run: dict[str, Callable[[int], httpx.Response]] = {
            "settings": settings,
            "enable": lambda n: toggle(True),
            "disable": lambda n: toggle(False),
            "event": event,
            "me": me,
            "meta": meta,
            "admin-read": admin_read,
        }
        names, weights = list(WEIGHTS), list(WEIGHTS.values())
        start.wait(timeout=30)
        for n in range(OPERATIONS):
            name = rng.choices(names, weights)[0]
            reply = run[name](n)
            model.operations[name] += 1
            model.statuses[reply.status_code] += 1
    return model


def test_eight_clients_lose_no_update(
    paragon_server: ParagonServer,
    paragon_fake: FakeParagon,
    paragon_user_factory: Callable[..., FakeUser],
) -> None:
    project_id = paragon_fake.project.id
    salesforce = paragon_fake.project.integration("salesforce")
    assert salesforce is not None
    workflows = [workflow.id for workflow in salesforce.workflows]
    assert len(workflows) >= 2
    users = [paragon_user_factory(f"load-{i}") for i in range(CLIENTS)]
    shared = paragon_user_factory(SHARED)
    start = threading.Barrier(CLIENTS)
    with ThreadPoolExecutor(CLIENTS) as pool:
        futures = [
            pool.submit(
                _client_run,
                i,
                paragon_server.url,
                project_id,
                users[i].token,
                shared.token,
                workflows,
                start,
            )
            for i in range(CLIENTS)
        ]
        models = [future.result(timeout=120) for future in futures]

    statuses: Counter[int] = sum((m.statuses for m in models), Counter())
    assert sum(statuses.values()) == CLIENTS * OPERATIONS
    assert not [status for status in statuses if status >= 500], statuses
    assert set(statuses) <= {200, 201}, statuses  # every operation is valid: no 4xx either
    assert [m.stale_reads for m in models] == [[]] * CLIENTS

    for index, model in enumerate(models):
        assert model.operations.keys() == WEIGHTS.keys()  # the mix really was mixed
        assert paragon_fake.users.settings(model.user_id, "salesforce") == model.settings
        assert paragon_fake.users.workflow_states(model.user_id, "salesforce") == model.states
        received = [e.payload["n"] for e in paragon_fake.users.app_events(f"load-event-{index}")]
        assert received == model.events  # each client's events, all of them, in its order
        assert all(
            e.user_id == model.user_id for e in paragon_fake.users.app_events(f"load-event-{index}")
        )
    shared_meta = paragon_fake.users.metadata(SHARED)
    expected_meta = {
        f"client{i}": m.shared_meta for i, m in enumerate(models) if m.shared_meta is not None
    }
    assert shared_meta == expected_meta

    # every Paragon request was handled exactly once (admin requests are not journaled)
    admin_reads = sum(m.operations["admin-read"] for m in models)
    assert len(paragon_fake.journal) == CLIENTS * OPERATIONS - admin_reads
    per_operation = Counter(entry.operation_id for entry in paragon_fake.journal)
    assert per_operation["updateCredential"] == sum(m.operations["settings"] for m in models)
    assert per_operation["sendAppEventV2"] == sum(m.operations["event"] for m in models)
    assert per_operation["enableWorkflow"] == sum(m.operations["enable"] for m in models)
    assert per_operation["disableWorkflow"] == sum(m.operations["disable"] for m in models)
    assert paragon_fake._violations == []


@pytest.mark.parametrize("clients", [CLIENTS])
def test_concurrent_admin_connects_each_get_their_own_ids(
    paragon_server: ParagonServer, paragon_fake: FakeParagon, clients: int
) -> None:
    start = threading.Barrier(clients)

    def connect(index: int) -> list[str]:
        ids = []
        with httpx.Client(base_url=paragon_server.url, timeout=30) as client:
            start.wait(timeout=30)
            for n in range(25):
                reply = client.post(
                    f"/__paragon/users/multi-{index}/credentials",
                    json={"integration": "slack", "externalId": f"acct-{n}"},
                )
                assert reply.status_code == 201, reply.text
                ids.append(reply.json()["id"])
        return ids

    with ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(connect, range(clients), timeout=120))
    every = [credential for ids in results for credential in ids]
    assert len(set(every)) == len(every) == clients * 25
    for index, ids in enumerate(results):
        assert [c.id for c in paragon_fake.users.credentials(f"multi-{index}", "slack")] == ids
