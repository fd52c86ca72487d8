"""Task History (E31-E34) over HTTP, against executions the fake's own request-trigger runs made.

Executions are produced by E24 (``POST /projects/{P}/sdk/triggers/{workflowId}`` on hermes) with
a frozen clock advanced between runs, so every run has its own start date. Task History is called
with the project API key on zeus (or its ``api.`` alias) and answers from those executions: pages
of 100 linked by ``nextLink``, every documented filter, both sort orders, step executions, step
data and replay. Every response is also checked against the contract (repository pytest config).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from pytest_paragon.fake.base.dates import parse_instant
from pytest_paragon.fake.core import FakeParagon
from pytest_paragon.fake.entrances.users import FakeUser
from pytest_paragon.fake.task_history.executions import ExecutionLog

ZEUS = "https://zeus.useparagon.com"
API = "https://api.useparagon.com"
HERMES = "https://hermes.useparagon.com"


@pytest.fixture
def http(paragon_fake: FakeParagon) -> Iterator[httpx.Client]:
    key = paragon_fake.project.apiKeys[0]
    with httpx.Client(headers={"Authorization": f"Bearer {key}"}) as client:
        yield client


def executions_url(fake: FakeParagon, host: str = ZEUS) -> str:
    return f"{host}/projects/{fake.project.id}/task-history/workflow-executions"


@pytest.fixture(scope="module")
def trigger_client() -> Iterator[httpx.Client]:
    """One client for every run (a new client per call would build an SSL context each time)."""
    with httpx.Client() as client:
        yield client


class Runs:
    """The executions a test produced, and the start time of the first one."""

    def __init__(self, fake: FakeParagon, users: dict[str, FakeUser], client: httpx.Client) -> None:
        fake.clock.freeze()
        self.client = client
        self.start = fake.clock()
        self.fake = fake
        self.users = users
        self.salesforce = fake.users.workflow_id("salesforce", request_trigger=True)
        self.hubspot = fake.users.workflow_id("hubspot", request_trigger=True)
        users["ada"].connect("salesforce", workflows=[self.salesforce])
        users["bob"].connect("hubspot", workflows=[self.hubspot])
        users["bob"].connect("salesforce", workflows=[self.salesforce])

    def run(self, user: str, workflow_id: str, body: Any) -> httpx.Response:
        """One E24 run by ``user``, then one second passes on the fake's frozen clock."""
        url = f"{HERMES}/projects/{self.fake.project.id}/sdk/triggers/{workflow_id}"
        response = self.client.post(url, headers=self.users[user].headers, json=body)
        self.fake.clock.advance(1)
        return response

    def many(self, count: int) -> None:
        """``count`` runs of Ada's Salesforce workflow (no Response step: 202)."""
        for index in range(count):
            response = self.run("ada", self.salesforce, {"n": index})
            assert response.status_code == 202, response.text


@pytest.fixture
def runs(
    paragon_fake: FakeParagon,
    paragon_user: FakeUser,
    paragon_user_factory: Any,
    trigger_client: httpx.Client,
) -> Runs:
    users = {"ada": paragon_user, "bob": paragon_user_factory("user-2")}
    return Runs(paragon_fake, users, trigger_client)


def all_pages(http: httpx.Client, url: str, **params: str) -> list[dict[str, Any]]:
    pages = []
    response = http.get(url, params=params)
    while True:
        assert response.status_code == 200, response.text
        page = response.json()
        pages.append(page)
        if page["nextLink"] is None:
            return pages
        response = http.get(page["nextLink"])


# -- E31: paging ---------------------------------------------------------------------------------


def test_pages_of_100_linked_by_next_link_to_the_last_page(
    paragon_fake: FakeParagon, runs: Runs, http: httpx.Client
) -> None:
    runs.many(230)
    pages = all_pages(http, executions_url(paragon_fake))
    assert [len(page["workflowExecutions"]) for page in pages] == [100, 100, 30]
    assert {page["total"] for page in pages} == {230}
    first_link = urlsplit(pages[0]["nextLink"])
    assert (first_link.scheme, first_link.netloc) == ("https", "zeus.useparagon.com")
    assert (
        first_link.path == f"/projects/{paragon_fake.project.id}/task-history/workflow-executions"
    )
    assert parse_qs(first_link.query) == {"offset": ["100"]}
    assert parse_qs(urlsplit(pages[1]["nextLink"]).query) == {"offset": ["200"]}
    listed = [e["id"] for page in pages for e in page["workflowExecutions"]]
    recorded = [e.id for e in paragon_fake.task_history.executions()]
    assert listed == list(reversed(recorded))  # newest first by default, nothing twice
    dates = [e["dateStarted"] for page in pages for e in page["workflowExecutions"]]
    assert dates == sorted(dates, reverse=True)
    assert len(set(dates)) == 230


def test_next_link_keeps_the_filters_and_the_host_the_request_used(
    paragon_fake: FakeParagon, runs: Runs, http: httpx.Client
) -> None:
    runs.many(101)
    response = http.get(
        executions_url(paragon_fake, API),
        params={"status": "SUCCEEDED", "sortBy": "ASC", "userId": "user-1"},
    )
    page = response.json()
    assert page["total"] == 101
    link = urlsplit(page["nextLink"])
    assert link.netloc == "api.useparagon.com"
    assert parse_qs(link.query) == {
        "status": ["SUCCEEDED"],
        "sortBy": ["ASC"],
        "userId": ["user-1"],
        "offset": ["100"],
    }
    last = http.get(page["nextLink"]).json()
    assert last["nextLink"] is None
    assert [e["id"] for e in last["workflowExecutions"]] == [
        paragon_fake.task_history.executions()[-1].id
    ]


def test_exactly_100_is_one_page_and_an_offset_past_the_end_is_empty(
    paragon_fake: FakeParagon, runs: Runs, http: httpx.Client
) -> None:
    runs.many(100)
    page = http.get(executions_url(paragon_fake)).json()
    assert (len(page["workflowExecutions"]), page["nextLink"], page["total"]) == (100, None, 100)
    beyond = http.get(executions_url(paragon_fake), params={"offset": "150"}).json()
    assert beyond == {"workflowExecutions": [], "nextLink": None, "total": 100}


def test_nothing_recorded_is_an_empty_page(paragon_fake: FakeParagon, http: httpx.Client) -> None:
    response = http.get(executions_url(paragon_fake))
    assert response.status_code == 200
    assert response.json() == {"workflowExecutions": [], "nextLink": None, "total": 0}


def test_sort_ascending_and_descending(
    paragon_fake: FakeParagon, runs: Runs, http: httpx.Client
) -> None:
    runs.many(5)
    ascending = http.get(executions_url(paragon_fake), params={"sortBy": "ASC"}).json()
    descending = http.get(executions_url(paragon_fake), params={"sortBy": "DESC"}).json()
    recorded = [e.id for e in paragon_fake.task_history.executions()]
    assert [e["id"] for e in ascending["workflowExecutions"]] == recorded
    assert [e["id"] for e in descending["workflowExecutions"]] == list(reversed(recorded))


# -- E31: filters --------------------------------------------------------------------------------


@pytest.fixture
def mixed(paragon_fake: FakeParagon, runs: Runs) -> Runs:
    """Ada: 3 Salesforce runs; Bob: 2 HubSpot runs and a Salesforce run that times out (542)."""
    for index in range(3):
        assert runs.run("ada", runs.salesforce, {"ada": index}).status_code == 202

    def slow(call: Any) -> dict[str, Any]:
        paragon_fake.clock.advance(paragon_fake.trigger_timeout + 5)
        return {"late": True}

    paragon_fake.triggers.on(runs.hubspot, {"company": "Acme"})
    for index in range(2):
        assert runs.run("bob", runs.hubspot, {"bob": index}).status_code == 200
    paragon_fake.triggers.on(runs.salesforce, slow)
    assert runs.run("bob", runs.salesforce, {"bob": "slow"}).status_code == 542
    return runs


def listed(http: httpx.Client, fake: FakeParagon, **params: str) -> list[str]:
    response = http.get(executions_url(fake), params=params)
    assert response.status_code == 200, response.text
    page = response.json()
    assert page["total"] == len(page["workflowExecutions"])
    return [e["id"] for e in page["workflowExecutions"]]


def ids(fake: FakeParagon, indexes: list[int]) -> list[str]:
    recorded = fake.task_history.executions()
    return [recorded[index].id for index in indexes]


def test_filter_by_user_and_workflow(
    paragon_fake: FakeParagon, mixed: Runs, http: httpx.Client
) -> None:
    assert listed(http, paragon_fake, userId="user-1") == ids(paragon_fake, [2, 1, 0])
    assert listed(http, paragon_fake, userId="user-2") == ids(paragon_fake, [5, 4, 3])
    assert listed(http, paragon_fake, userId="nobody") == []
    assert listed(http, paragon_fake, workflowId=mixed.hubspot) == ids(paragon_fake, [4, 3])
    assert listed(http, paragon_fake, workflowId=mixed.salesforce, userId="user-2") == ids(
        paragon_fake, [5]
    )


def test_filter_by_integration_type_or_id(
    paragon_fake: FakeParagon, mixed: Runs, http: httpx.Client
) -> None:
    assert listed(http, paragon_fake, integration="hubspot") == ids(paragon_fake, [4, 3])
    hubspot_id = paragon_fake.state.integration("hubspot").id
    assert listed(http, paragon_fake, integration=hubspot_id) == ids(paragon_fake, [4, 3])
    assert listed(http, paragon_fake, integration="salesforce") == ids(paragon_fake, [5, 2, 1, 0])
    assert listed(http, paragon_fake, integration="jira") == []


def test_filter_by_status_with_every_status(
    paragon_fake: FakeParagon, mixed: Runs, http: httpx.Client
) -> None:
    assert listed(http, paragon_fake, status="EXECUTING") == ids(paragon_fake, [5])
    first, second = ids(paragon_fake, [0, 1])
    paragon_fake.task_history.set_status(first, "FAILED")
    paragon_fake.task_history.set_status(second, "DELAYED")
    assert listed(http, paragon_fake, status="FAILED") == [first]
    assert listed(http, paragon_fake, status="DELAYED") == [second]
    assert listed(http, paragon_fake, status="SUCCEEDED") == ids(paragon_fake, [4, 3, 2])
    delayed = http.get(f"{executions_url(paragon_fake)}/{second}").json()
    assert (delayed["status"], delayed["dateEnded"], delayed["runDuration"]) == (
        "DELAYED",
        None,
        None,
    )


def test_filter_by_start_date_bounds_are_exclusive(
    paragon_fake: FakeParagon, mixed: Runs, http: httpx.Client
) -> None:
    started = [e.date_started for e in paragon_fake.task_history.executions()]
    assert len(set(started)) == 6
    assert listed(http, paragon_fake, afterDate=started[2]) == ids(paragon_fake, [5, 4, 3])
    assert listed(http, paragon_fake, beforeDate=started[2]) == ids(paragon_fake, [1, 0])
    window = listed(http, paragon_fake, afterDate=started[0], beforeDate=started[4])
    assert window == ids(paragon_fake, [3, 2, 1])
    offset_form = started[1].replace("Z", "+00:00")
    assert listed(http, paragon_fake, beforeDate=offset_form) == ids(paragon_fake, [0])
    assert listed(http, paragon_fake, afterDate=started[5]) == []
    # every Python alike: a 2-digit fraction (3.10's fromisoformat refused it) and another zone
    moment = datetime.fromtimestamp(
        parse_instant(started[1]).timestamp(), timezone(timedelta(hours=-3))
    )
    west = moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 10000:02d}-03:00"
    assert listed(http, paragon_fake, beforeDate=west) == ids(paragon_fake, [0])


def test_filters_combine(paragon_fake: FakeParagon, mixed: Runs, http: httpx.Client) -> None:
    started = [e.date_started for e in paragon_fake.task_history.executions()]
    assert listed(
        http,
        paragon_fake,
        userId="user-2",
        integration="salesforce",
        status="EXECUTING",
        afterDate=started[0],
    ) == ids(paragon_fake, [5])
    assert listed(http, paragon_fake, userId="user-1", status="EXECUTING") == []


@pytest.mark.paragon(strict="off")  # the fake's own check, behind the contract's
def test_a_date_that_is_not_iso_8601_is_a_bad_request(
    paragon_fake: FakeParagon, http: httpx.Client
) -> None:
    response = http.get(executions_url(paragon_fake), params={"beforeDate": "yesterday"})
    assert response.status_code == 400
    assert "beforeDate" in response.json()["message"]


def test_a_user_token_is_refused(paragon_fake: FakeParagon, paragon_user: FakeUser) -> None:
    response = httpx.get(executions_url(paragon_fake), headers=paragon_user.headers)
    assert response.status_code == 401


# -- E32, E33: one execution and its steps -----------------------------------------------------


def test_execution_detail_and_step_data_come_from_the_run(
    paragon_fake: FakeParagon, runs: Runs, http: httpx.Client
) -> None:
    paragon_fake.clock.freeze(runs.start)
    paragon_fake.triggers.on(runs.salesforce, {"accountId": "001", "name": "Acme"})
    response = runs.run("ada", runs.salesforce, {"domain": "acme.com"})
    assert response.json() == {"accountId": "001", "name": "Acme"}
    (execution,) = paragon_fake.task_history.executions()
    detail = http.get(f"{executions_url(paragon_fake)}/{execution.id}").json()
    assert detail["id"] == execution.id
    assert detail["userId"] == "user-1"
    assert detail["workflowId"] == runs.salesforce
    assert detail["status"] == "SUCCEEDED"
    assert detail["taskCount"] == 2
    assert detail["runDuration"] == 0
    assert detail["dateStarted"] == paragon_fake.clock.iso(runs.start)
    trigger, respond = detail["stepExecutions"]
    assert trigger["type"] == "TRIGGER/REQUEST"
    assert respond["type"] == "ACTION/RESPONSE"
    assert (trigger["prev"], trigger["next"]) == (None, [respond["id"]])
    assert (respond["prev"], respond["next"]) == (trigger["id"], [])
    assert {trigger["workflowExecutionId"], respond["workflowExecutionId"]} == {execution.id}
    assert trigger["inputSize"] == str(len(b'{"domain":"acme.com"}'))
    assert respond["outputSize"] == str(len(b'{"accountId":"001","name":"Acme"}'))

    step_url = f"{executions_url(paragon_fake)}/{execution.id}/step-executions"
    data = http.get(f"{step_url}/{respond['id']}").json()
    assert data == {
        "isLargeInput": False,
        "isLargeOutput": False,
        "input": {"domain": "acme.com"},
        "output": {"accountId": "001", "name": "Acme"},
    }
    assert http.get(f"{step_url}/{trigger['id']}").json()["input"] == {"domain": "acme.com"}


def test_a_timed_out_run_is_still_executing(
    paragon_fake: FakeParagon, mixed: Runs, http: httpx.Client
) -> None:
    slow = paragon_fake.task_history.executions(status="EXECUTING")[0]
    detail = http.get(f"{executions_url(paragon_fake)}/{slow.id}").json()
    assert (detail["status"], detail["dateEnded"], detail["runDuration"]) == (
        "EXECUTING",
        None,
        None,
    )
    assert [step["type"] for step in detail["stepExecutions"]] == ["TRIGGER/REQUEST"]
    paragon_fake.task_history.set_status(slow.id, "SUCCEEDED")
    done = http.get(f"{executions_url(paragon_fake)}/{slow.id}").json()
    assert done["status"] == "SUCCEEDED"
    assert done["runDuration"] == 1000 * (paragon_fake.trigger_timeout + 5) + 1000
    assert done["dateEnded"] == paragon_fake.clock.iso()


def test_unknown_ids_are_404(paragon_fake: FakeParagon, runs: Runs, http: httpx.Client) -> None:
    runs.many(1)
    execution = paragon_fake.task_history.executions()[0]
    base = executions_url(paragon_fake)
    missing = "00000000-0000-4000-8000-000000000000"
    for response in (
        http.get(f"{base}/{missing}"),
        http.get(f"{base}/{missing}/step-executions/{execution.steps[0].id}"),
        http.get(f"{base}/{execution.id}/step-executions/{missing}"),
        http.post(f"{base}/{missing}/replay"),
    ):
        assert response.status_code == 404, response.text
        assert response.json()["statusCode"] == 404
    assert len(paragon_fake.task_history.executions()) == 1


# -- E34: replay --------------------------------------------------------------------------------


def test_replay_starts_a_new_executing_execution_listed_from_then_on(
    paragon_fake: FakeParagon, runs: Runs, http: httpx.Client
) -> None:
    runs.many(2)
    original = paragon_fake.task_history.executions()[0]
    response = http.post(f"{executions_url(paragon_fake)}/{original.id}/replay")
    assert response.status_code == 201
    replay = response.json()
    assert replay == {
        "id": replay["id"],
        "userId": "user-1",
        "workflowId": runs.salesforce,
        "status": "EXECUTING",
        "dateStarted": paragon_fake.clock.iso(),
    }
    assert replay["id"] not in {original.id, paragon_fake.task_history.executions()[1].id}
    assert paragon_fake.state.area(ExecutionLog).get(replay["id"]).replay_of == original.id  # type: ignore[union-attr]
    assert listed(http, paragon_fake, status="EXECUTING") == [replay["id"]]
    page = http.get(executions_url(paragon_fake)).json()
    assert page["total"] == 3
    assert page["workflowExecutions"][0]["id"] == replay["id"]
    detail = http.get(f"{executions_url(paragon_fake)}/{replay['id']}").json()
    (trigger,) = detail["stepExecutions"]
    step = f"{executions_url(paragon_fake)}/{replay['id']}/step-executions/{trigger['id']}"
    assert http.get(step).json()["input"] == {"n": 0}
