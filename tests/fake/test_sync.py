"""Managed Sync (E43-E52) and the Permissions API (E53-E57, E59) over HTTP on the sync host.

Each test connects integrations, enables Syncs with the user token, seeds records and
permissions with the fake's helpers (``sync_records``, ``grant``, ``sync_object``, ...), and
checks the answers and the state: the lifecycle (INITIALIZING, ACTIVE, IDLE, DISABLED, ERRORED),
updates, deletion, a user never seeing another user's Syncs, cursor paging of the records to the
last page, record content, every permission query and the ndjson stream. Every JSON response is
also checked against the contract (repository pytest config).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from pytest_paragon.fake.connect import domain as connect_domain
from pytest_paragon.fake.core import FakeParagon
from pytest_paragon.fake.entrances.users import FakeUser

SYNC = "https://sync.useparagon.com"


def oid(number: int) -> str:
    return str(uuid.UUID(int=number, version=4))


@pytest.fixture
def ada(paragon_user: FakeUser) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=SYNC, headers=paragon_user.headers) as client:
        yield client


@pytest.fixture
def bob(paragon_user_factory: Any) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=SYNC, headers=paragon_user_factory("user-2").headers) as client:
        yield client


def enable(client: httpx.Client, **body: Any) -> dict[str, Any]:
    response = client.post(
        "/api/syncs", json={"integration": "googledrive", "pipeline": "files", **body}
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


@pytest.fixture
def drive(paragon_fake: FakeParagon, paragon_user: FakeUser, ada: httpx.Client) -> dict[str, Any]:
    """Ada's Google Drive files Sync."""
    paragon_user.connect("googledrive")
    return enable(ada)


def status(client: httpx.Client, sync_id: str) -> dict[str, Any]:
    response = client.get(f"/api/syncs/{sync_id}")
    assert response.status_code == 200, response.text
    return dict(response.json())


def files(count: int, start: int = 1) -> list[dict[str, Any]]:
    return [
        {"id": oid(n), "name": f"doc-{n}.txt", "mimeType": "text/plain"}
        for n in range(start, start + count)
    ]


# -- E43, E44: enabling and listing -----------------------------------------------------------


def test_enable_uses_the_oldest_valid_credential(
    paragon_fake: FakeParagon, paragon_user: FakeUser, ada: httpx.Client
) -> None:
    paragon_user.connect("googledrive", status="INVALID")
    oldest_valid = paragon_user.connect("googledrive")
    paragon_user.connect("googledrive")
    sync = enable(ada, configurationName="Team drive")
    assert sync == {
        "id": sync["id"],
        "userId": "user-1",
        "integration": "googledrive",
        "pipeline": "files",
        "projectId": paragon_fake.project.id,
        "status": "INITIALIZING",
    }
    stored = paragon_fake.sync.get("user-1", "googledrive")
    assert (stored.id, stored.credential_id) == (sync["id"], oldest_valid.id)
    assert status(ada, sync["id"])["credentialId"] == oldest_valid.id
    listing = ada.get("/api/syncs").json()["data"]
    assert listing == [
        {
            "id": sync["id"],
            "integration": "googledrive",
            "pipeline": "files",
            "status": "ACTIVE",
            "configurationName": "Team drive",
            "dateCreated": stored.date_created,
            "dateUpdated": stored.date_updated,
        }
    ]


def test_enable_with_a_credential_id_selects_that_account(
    paragon_fake: FakeParagon, paragon_user: FakeUser, ada: httpx.Client
) -> None:
    paragon_user.connect("googledrive")
    second = paragon_user.connect("googledrive", external_id="work")
    sync = enable(ada, credentialId="ext:work")
    assert paragon_fake.sync.syncs("user-1")[0].credential_id == second.id
    assert status(ada, sync["id"])["credentialId"] == second.id


def test_enable_needs_a_valid_credential_of_a_known_integration(
    paragon_fake: FakeParagon, paragon_user: FakeUser, ada: httpx.Client
) -> None:
    body = {"integration": "googledrive", "pipeline": "files"}
    response = ada.post("/api/syncs", json=body)
    assert response.status_code == 400
    assert "no valid credential" in response.json()["message"]
    invalid = paragon_user.connect("googledrive", status="INVALID")
    assert ada.post("/api/syncs", json={**body, "credentialId": invalid.id}).status_code == 400
    unknown = ada.post("/api/syncs", json={**body, "credentialId": oid(99)})
    assert unknown.status_code == 400
    assert ada.post("/api/syncs", json={**body, "integration": "dropbox"}).status_code == 400
    assert paragon_fake.sync.syncs() == []


def test_enabling_the_same_pipeline_again_answers_the_existing_sync(
    paragon_fake: FakeParagon, paragon_user: FakeUser, ada: httpx.Client, drive: dict[str, Any]
) -> None:
    again = enable(ada)
    assert again["id"] == drive["id"]
    other = paragon_user.connect("googledrive")
    conflict = ada.post(
        "/api/syncs",
        json={"integration": "googledrive", "pipeline": "files", "credentialId": other.id},
    )
    assert conflict.status_code == 400
    paragon_user.connect("salesforce")
    contacts = enable(ada, integration="salesforce", pipeline="contacts")
    assert contacts["id"] != drive["id"]
    listed = [s["id"] for s in ada.get("/api/syncs").json()["data"]]
    assert listed == [drive["id"], contacts["id"]]


# -- E45, E48, E49: status and lifecycle -------------------------------------------------------


def test_status_reads_advance_the_initial_sync_to_idle(
    paragon_fake: FakeParagon, ada: httpx.Client, drive: dict[str, Any]
) -> None:
    paragon_fake.clock.freeze()
    assert drive["status"] == "INITIALIZING"
    assert (
        ada.get("/api/syncs").json()["data"][0]["status"] == "INITIALIZING"
    )  # lists don't advance
    first = status(ada, drive["id"])
    assert first["status"] == "ACTIVE"
    assert "lastSyncedAt" not in first["summary"]
    second = status(ada, drive["id"])
    assert second["status"] == "IDLE"
    assert second["summary"] == {
        "totalRecords": 0,
        "syncedRecordsCount": 0,
        "lastSyncedAt": paragon_fake.clock.iso(),
    }
    assert status(ada, drive["id"])["status"] == "IDLE"


def test_seeding_records_completes_a_running_sync(
    paragon_fake: FakeParagon, ada: httpx.Client, drive: dict[str, Any]
) -> None:
    paragon_fake.sync.seed_records(drive["id"], files(3), total=10)
    body = status(ada, drive["id"])
    assert body["status"] == "IDLE"
    assert body["summary"]["totalRecords"] == 10
    assert body["summary"]["syncedRecordsCount"] == 3
    assert (
        body["summary"]["latestCursor"]
        == ada.get(f"/api/syncs/{drive['id']}/records").json()["paging"]["cursor"]
    )


def test_disable_and_reenable(
    paragon_fake: FakeParagon, ada: httpx.Client, drive: dict[str, Any]
) -> None:
    url = f"/api/syncs/{drive['id']}"
    disabled = ada.post(f"{url}/disable")
    assert (disabled.status_code, disabled.json()) == (200, {"success": True})
    assert status(ada, drive["id"])["status"] == "DISABLED"
    assert status(ada, drive["id"])["status"] == "DISABLED"  # a disabled sync does not advance
    assert ada.get("/api/syncs").json()["data"][0]["status"] == "DISABLED"
    assert paragon_fake.sync.get("user-1", "googledrive").status == "DISABLED"
    assert ada.post(f"{url}/reenable").json() == {"success": True}
    assert status(ada, drive["id"])["status"] == "IDLE"  # ACTIVE, then this read completes it
    assert ada.post(f"{url}/reenable").json() == {"success": True}  # idempotent
    assert status(ada, drive["id"])["status"] == "IDLE"


def test_a_sync_whose_credential_is_gone_is_errored(
    paragon_fake: FakeParagon, ada: httpx.Client, drive: dict[str, Any]
) -> None:
    credential = paragon_fake.users.credential("user-1", "googledrive")
    credential.status = "INVALID"
    body = status(ada, drive["id"])
    assert body["status"] == "ERRORED"
    assert body["error"] == (
        f"Credential ID [{credential.id}] is no longer valid or has been deleted."
    )
    credential.status = "VALID"
    assert "error" not in status(ada, drive["id"])
    connect_domain.delete_credential(paragon_fake.state, credential)
    assert ada.get("/api/syncs").json()["data"][0]["status"] == "ERRORED"


def test_a_pinned_status_stays(
    paragon_fake: FakeParagon, ada: httpx.Client, drive: dict[str, Any]
) -> None:
    paragon_fake.sync.set_status(drive["id"], "RATE_LIMITED", rate_limit_backoff_ms=30000)
    for _ in range(2):
        body = status(ada, drive["id"])
        assert (body["status"], body["rateLimitBackoffMs"]) == ("RATE_LIMITED", 30000)
    paragon_fake.sync.set_status(drive["id"], "ERRORED", error="Root folder is gone.")
    body = status(ada, drive["id"])
    assert (body["status"], body["error"]) == ("ERRORED", "Root folder is gone.")
    assert "rateLimitBackoffMs" not in body


# -- E46, E47: update and delete ---------------------------------------------------------------


def test_update_frequency_and_credential(
    paragon_fake: FakeParagon, paragon_user: FakeUser, ada: httpx.Client, drive: dict[str, Any]
) -> None:
    paragon_fake.clock.freeze()
    paragon_fake.clock.advance(60)
    url = f"/api/syncs/{drive['id']}"
    response = ada.patch(url, json={"incrementalAccumulatorFrequency": "30m"})
    assert response.json() == {
        "id": drive["id"],
        "data": {"incrementalAccumulatorFrequency": "30m"},
        "message": "Update request accepted and is being processed",
    }
    assert status(ada, drive["id"])["incrementalAccumulatorFrequency"] == "30m"
    other = paragon_user.connect("googledrive")
    moved = ada.patch(url, json={"credentialId": other.id}).json()
    assert moved["data"] == {"credentialId": other.id}
    body = status(ada, drive["id"])
    assert (body["credentialId"], body["incrementalAccumulatorFrequency"]) == (other.id, "30m")
    assert ada.get("/api/syncs").json()["data"][0]["dateUpdated"] == paragon_fake.clock.iso()
    slack = paragon_user.connect("slack")
    assert ada.patch(url, json={"credentialId": slack.id}).status_code == 400
    assert status(ada, drive["id"])["credentialId"] == other.id


@pytest.mark.paragon(strict="off")  # the contract already refuses an empty body
def test_update_needs_at_least_one_field(ada: httpx.Client, drive: dict[str, Any]) -> None:
    response = ada.patch(f"/api/syncs/{drive['id']}", json={})
    assert response.status_code == 400


def test_delete_then_404_and_enabling_again_sees_the_same_data(
    paragon_fake: FakeParagon, ada: httpx.Client, drive: dict[str, Any]
) -> None:
    paragon_fake.sync.seed_records(drive["id"], files(2))
    response = ada.delete(f"/api/syncs/{drive['id']}")
    assert (response.status_code, response.json()) == (200, {"success": True})
    for call in (
        ada.get(f"/api/syncs/{drive['id']}"),
        ada.get(f"/api/syncs/{drive['id']}/records"),
        ada.delete(f"/api/syncs/{drive['id']}"),
    ):
        assert call.status_code == 404
        assert call.json()["message"] == "Sync not found"
    assert ada.get("/api/syncs").json() == {"data": []}
    again = enable(ada)
    assert again["id"] != drive["id"]
    records = ada.get(f"/api/syncs/{again['id']}/records").json()["data"]
    assert [r["id"] for r in records] == [oid(1), oid(2)]


def test_a_user_never_sees_another_users_sync(
    paragon_fake: FakeParagon, ada: httpx.Client, bob: httpx.Client, drive: dict[str, Any]
) -> None:
    paragon_fake.sync.seed_records(drive["id"], files(1))
    base = f"/api/syncs/{drive['id']}"
    check = {"object": oid(1), "user": "ada@example.com", "role": "can_read"}
    for response in (
        bob.get(base),
        bob.patch(base, json={"incrementalAccumulatorFrequency": "1h"}),
        bob.post(f"{base}/disable"),
        bob.post(f"{base}/reenable"),
        bob.get(f"{base}/records"),
        bob.get(f"{base}/records/{oid(1)}"),
        bob.get(f"{base}/records/{oid(1)}/content"),
        bob.post(f"/api/permissions/{drive['id']}/check", json=check),
        bob.delete(base),
    ):
        assert response.status_code == 404, response.request.url
        assert response.json() == {
            "statusCode": 404,
            "message": "Sync not found",
            "error": "Not Found",
        }
    assert bob.get("/api/syncs").json() == {"data": []}
    sync = paragon_fake.sync.get("user-1", "googledrive")
    assert (sync.status, sync.frequency) == ("IDLE", None)  # not disabled nor updated by Bob


# -- E50, E51, E52: records ---------------------------------------------------------------------


def test_records_page_with_cursors_to_the_last_page(
    paragon_fake: FakeParagon, ada: httpx.Client, drive: dict[str, Any]
) -> None:
    paragon_fake.clock.freeze()
    paragon_fake.sync.seed_records(drive["id"], files(250))
    url = f"/api/syncs/{drive['id']}/records"
    seen: list[str] = []
    remaining: list[int] = []
    params: dict[str, Any] = {"pageSize": 100}
    while True:
        page = ada.get(url, params=params).json()
        seen += [record["id"] for record in page["data"]]
        remaining.append(page["paging"]["remainingRecords"])
        assert page["paging"]["totalRecords"] == 250
        assert page["paging"]["totalActiveRecords"] == 250
        if page["paging"]["remainingRecords"] == 0:
            break
        params["cursor"] = page["paging"]["cursor"]
    assert remaining == [150, 50, 0]
    assert seen == [oid(n) for n in range(1, 251)]
    assert page["paging"]["lastSeen"] == int(paragon_fake.clock() * 1000)
    caught_up = ada.get(url, params={"cursor": page["paging"]["cursor"]}).json()
    assert caught_up["data"] == []
    assert caught_up["paging"]["remainingRecords"] == 0
    assert caught_up["paging"]["cursor"] == page["paging"]["cursor"]
    assert caught_up["paging"]["lastSeen"] is None


def test_default_page_size_is_100_and_an_empty_sync_has_no_cursor(
    paragon_fake: FakeParagon, ada: httpx.Client, drive: dict[str, Any]
) -> None:
    url = f"/api/syncs/{drive['id']}/records"
    empty = ada.get(url).json()
    assert empty == {
        "data": [],
        "paging": {
            "totalRecords": 0,
            "totalActiveRecords": 0,
            "remainingRecords": 0,
            "cursor": None,
            "lastSeen": None,
        },
    }
    paragon_fake.sync.seed_records(drive["id"], files(120))
    page = ada.get(url).json()
    assert (len(page["data"]), page["paging"]["remainingRecords"]) == (100, 20)


def test_changed_and_deleted_records_after_the_cursor(
    paragon_fake: FakeParagon, ada: httpx.Client, drive: dict[str, Any]
) -> None:
    paragon_fake.sync.seed_records(drive["id"], files(3))
    url = f"/api/syncs/{drive['id']}/records"
    cursor = ada.get(url).json()["paging"]["cursor"]
    paragon_fake.sync.seed_records(
        drive["id"], [{"id": oid(1), "name": "renamed.txt"}, *files(1, 4)]
    )
    paragon_fake.sync.delete_records(drive["id"], [oid(2)])
    page = ada.get(url, params={"cursor": cursor}).json()
    assert page["data"] == [
        {"id": oid(1), "name": "renamed.txt"},
        {"id": oid(4), "name": "doc-4.txt", "mimeType": "text/plain"},
    ]
    assert page["paging"]["totalRecords"] == 4
    assert page["paging"]["totalActiveRecords"] == 3
    everything = ada.get(url).json()["data"]
    assert [r["id"] for r in everything] == [oid(3), oid(1), oid(4)]
    assert ada.get(f"{url}/{oid(2)}").status_code == 404
    assert status(ada, drive["id"])["summary"]["syncedRecordsCount"] == 3


def test_an_invalid_cursor_is_a_bad_request(ada: httpx.Client, drive: dict[str, Any]) -> None:
    response = ada.get(f"/api/syncs/{drive['id']}/records", params={"cursor": "not-a-cursor"})
    assert response.status_code == 400


def test_records_seeded_before_the_sync_exists(
    paragon_fake: FakeParagon, paragon_user: FakeUser, ada: httpx.Client
) -> None:
    paragon_fake.sync.seed_records(("user-1", "googledrive", "files"), [{"name": "no id given"}])
    paragon_user.connect("googledrive")
    sync = enable(ada)
    assert sync["status"] == "INITIALIZING"
    (record,) = ada.get(f"/api/syncs/{sync['id']}/records").json()["data"]
    assert record["name"] == "no id given"
    assert ada.get(f"/api/syncs/{sync['id']}/records/{record['id']}").json() == record


def test_one_record_and_its_content(
    paragon_fake: FakeParagon, ada: httpx.Client, drive: dict[str, Any]
) -> None:
    pdf = {"id": oid(1), "name": "report.pdf", "mimeType": "application/pdf"}
    note = {"id": oid(2), "name": "note"}
    folder = {"id": oid(3), "name": "Docs", "mimeType": "application/vnd.google-apps.folder"}
    paragon_fake.sync.seed_records(
        drive["id"],
        [pdf, note, folder, {"id": oid(4), "name": "blob"}],
        contents={oid(1): b"%PDF-1.7 fake", oid(2): ("hello", "text/plain"), oid(4): b"\x00\x01"},
    )
    base = f"/api/syncs/{drive['id']}/records"
    assert ada.get(f"{base}/{oid(1)}").json() == pdf
    content = ada.get(f"{base}/{oid(1)}/content")
    assert content.status_code == 200
    assert content.headers["content-type"] == "application/pdf"
    assert content.content == b"%PDF-1.7 fake"
    text = ada.get(f"{base}/{oid(2)}/content")
    assert (text.headers["content-type"], text.text) == ("text/plain", "hello")
    blob = ada.get(f"{base}/{oid(4)}/content")
    assert (blob.headers["content-type"], blob.content) == ("application/octet-stream", b"\x00\x01")
    none = ada.get(f"{base}/{oid(3)}/content")
    assert none.status_code == 404
    assert none.headers["content-type"].startswith("application/json")
    assert ada.get(f"{base}/{oid(9)}").status_code == 404


# -- E53-E57, E59: permissions ------------------------------------------------------------------


FOLDER, REPORT, NOTES, OTHER_FOLDER = oid(100), oid(101), oid(102), oid(103)


@pytest.fixture
def shared(paragon_fake: FakeParagon, drive: dict[str, Any]) -> str:
    """A folder with two files; Jane owns the folder, Bob reads the report, Kim writes notes."""
    sync_id = str(drive["id"])
    paragon_fake.sync.seed_object(sync_id, FOLDER, "folder")
    paragon_fake.sync.seed_object(sync_id, REPORT, "file", parent=FOLDER)
    paragon_fake.sync.seed_object(sync_id, NOTES, "file", parent=FOLDER)
    paragon_fake.sync.grant(sync_id, FOLDER, "jane@example.com", "is_owner")
    paragon_fake.sync.grant(sync_id, REPORT, "bob@example.com", "can_read")
    paragon_fake.sync.grant(sync_id, NOTES, "kim@example.com", "can_write")
    paragon_fake.sync.grant(
        sync_id, OTHER_FOLDER, "kim@example.com", "can_read", object_type="folder"
    )
    return sync_id


def permissions(client: httpx.Client, sync_id: str, action: str, body: Any) -> Any:
    response = client.post(f"/api/permissions/{sync_id}/{action}", json=body)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize(
    ("user", "obj", "role", "expected"),
    [
        pytest.param("bob@example.com", REPORT, "can_read", True, id="direct"),
        pytest.param("BOB@example.com", REPORT, "can_read", True, id="email-case"),
        pytest.param("bob@example.com", REPORT, "can_write", False, id="read-is-not-write"),
        pytest.param("bob@example.com", NOTES, "can_read", False, id="other-file"),
        pytest.param("kim@example.com", NOTES, "can_read", True, id="write-implies-read"),
        pytest.param("jane@example.com", REPORT, "is_owner", True, id="owner-of-the-folder"),
        pytest.param("jane@example.com", NOTES, "can_read", True, id="owner-implies-read"),
        pytest.param("kim@example.com", FOLDER, "can_read", False, id="no-upward-inheritance"),
        pytest.param("nobody@example.com", oid(999), "can_read", False, id="unknown-object"),
    ],
)
def test_check(
    ada: httpx.Client, shared: str, user: str, obj: str, role: str, expected: bool
) -> None:
    body = permissions(ada, shared, "check", {"object": obj, "user": user, "role": role})
    assert body == {"hasAccess": expected}


def test_check_follows_grants_and_revocations(
    paragon_fake: FakeParagon, ada: httpx.Client, shared: str
) -> None:
    check = {"object": REPORT, "user": "lee@example.com", "role": "can_write"}
    assert permissions(ada, shared, "check", check) == {"hasAccess": False}
    paragon_fake.sync.grant(shared, FOLDER, "lee@example.com", "can_write")
    assert permissions(ada, shared, "check", check) == {"hasAccess": True}
    paragon_fake.sync.revoke(shared, FOLDER, "lee@example.com", "can_write")
    assert permissions(ada, shared, "check", check) == {"hasAccess": False}


def test_batch_check_echoes_each_request(ada: httpx.Client, shared: str) -> None:
    checks = [
        {"object": REPORT, "user": "user:bob@example.com", "role": "can_read"},
        {"object": REPORT, "user": "user:bob@example.com", "role": "is_owner"},
        {"object": NOTES, "user": "user:jane@example.com", "role": "can_write"},
    ]
    body = permissions(ada, shared, "batch-check", {"checks": checks})
    assert body == {
        "result": [
            {"allowed": True, "request": checks[0]},
            {"allowed": False, "request": checks[1]},
            {"allowed": True, "request": checks[2]},
        ]
    }


def test_list_users_includes_inherited_ones(ada: httpx.Client, shared: str) -> None:
    readers = permissions(ada, shared, "list-users", {"object": REPORT, "role": "can_read"})
    assert readers == {"users": ["bob@example.com", "jane@example.com"]}
    owners = permissions(ada, shared, "list-users", {"object": NOTES, "role": "is_owner"})
    assert owners == {"users": ["jane@example.com"]}
    writers = permissions(ada, shared, "list-users", {"object": NOTES, "role": "can_write"})
    assert writers == {"users": ["kim@example.com", "jane@example.com"]}


def test_list_objects_by_type(ada: httpx.Client, shared: str) -> None:
    def objects(user: str, object_type: str, role: str = "can_read") -> list[str]:
        body = {"objectType": object_type, "user": user, "role": role}
        return list(permissions(ada, shared, "list-objects", body)["objects"])

    assert objects("jane@example.com", "file") == [REPORT, NOTES]
    assert objects("jane@example.com", "folder") == [FOLDER]
    assert objects("kim@example.com", "file") == [NOTES]
    assert objects("kim@example.com", "folder") == [OTHER_FOLDER]
    assert objects("kim@example.com", "file", "can_write") == [NOTES]
    assert objects("bob@example.com", "folder") == []


def test_records_with_a_mime_type_are_objects(
    paragon_fake: FakeParagon, ada: httpx.Client, drive: dict[str, Any]
) -> None:
    folder = {"id": oid(7), "name": "Docs", "mimeType": "application/vnd.google-apps.folder"}
    paragon_fake.sync.seed_records(drive["id"], [folder, *files(2)])
    for record_id in (oid(7), oid(1), oid(2)):
        paragon_fake.sync.grant(drive["id"], record_id, "jane@example.com")
    body = {"objectType": "folder", "user": "jane@example.com", "role": "can_read"}
    assert permissions(ada, drive["id"], "list-objects", body) == {"objects": [oid(7)]}


def test_streamed_list_objects_is_ndjson_without_a_cap(
    paragon_fake: FakeParagon, ada: httpx.Client, drive: dict[str, Any]
) -> None:
    paragon_fake.sync.seed_object(drive["id"], FOLDER, "folder")
    for n in range(1000, 2100):
        paragon_fake.sync.seed_object(drive["id"], oid(n), "file", parent=FOLDER)
    paragon_fake.sync.grant(drive["id"], FOLDER, "jane@example.com", "can_read")
    body = {"objectType": "file", "user": "jane@example.com", "role": "can_read"}
    capped = permissions(ada, drive["id"], "list-objects", body)["objects"]
    assert capped == [oid(n) for n in range(1000, 2000)]
    response = ada.post(f"/api/permissions/{drive['id']}/streamed-list-objects", json=body)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/x-ndjson"
    assert response.text.endswith("\n")
    lines = [json.loads(line) for line in response.text.splitlines()]
    assert lines == [{"object": oid(n)} for n in range(1000, 2100)]
    nobody = {**body, "user": "nobody@example.com"}
    empty = ada.post(f"/api/permissions/{drive['id']}/streamed-list-objects", json=nobody)
    assert (empty.status_code, empty.content) == (200, b"")


def test_expand_is_the_union_of_direct_and_inherited_users(ada: httpx.Client, shared: str) -> None:
    tree = permissions(ada, shared, "expand", {"object": REPORT, "relation": "can_write"})

    def leaf(name: str, users: list[str]) -> dict[str, Any]:
        return {"name": name, "leaf": {"users": {"users": [f"user:{u}" for u in users]}}}

    folder_owner = leaf(f"folder:{FOLDER}#is_owner", ["jane@example.com"])
    assert tree == {
        "tree": {
            "root": {
                "name": f"file:{REPORT}#can_write",
                "union": {
                    "nodes": [
                        leaf(f"file:{REPORT}#can_write", []),
                        {  # the stronger role on the same file, itself inherited from the folder
                            "name": f"file:{REPORT}#is_owner",
                            "union": {"nodes": [leaf(f"file:{REPORT}#is_owner", []), folder_owner]},
                        },
                        {  # the same role on the parent folder
                            "name": f"folder:{FOLDER}#can_write",
                            "union": {
                                "nodes": [leaf(f"folder:{FOLDER}#can_write", []), folder_owner]
                            },
                        },
                    ]
                },
            }
        }
    }
    owner = permissions(ada, shared, "expand", {"object": FOLDER, "relation": "is_owner"})
    assert owner == {"tree": {"root": leaf(f"folder:{FOLDER}#is_owner", ["jane@example.com"])}}
    default = permissions(ada, shared, "expand", {"object": REPORT})
    assert default["tree"]["root"]["name"] == f"file:{REPORT}#can_read"
    first = default["tree"]["root"]["union"]["nodes"][0]
    assert first == leaf(f"file:{REPORT}#can_read", ["bob@example.com"])


def test_permissions_of_an_unknown_sync_are_404(ada: httpx.Client) -> None:
    body = {"objectType": "file", "user": "jane@example.com", "role": "can_read"}
    response = ada.post(f"/api/permissions/{oid(5)}/list-objects", json=body)
    assert response.status_code == 404
    assert response.json()["message"] == "Sync not found"
