"""One seed vocabulary, three entrances: every key of the spec seeds the same state everywhere.

The test walks the spec's own fields (``SeedSpec`` and ``ProjectSpec``), not a hand-kept list:
a key added to the spec without an example here fails ``test_every_key_has_an_example``, and each
example is seeded through the Python helper (``paragon_fake.seed`` / ``FakeParagon(project)``),
a project file on disk and the admin API (``POST /__paragon/seed`` / ``PUT /__paragon/project``).
The three states must be equal, and differ from the state without the key.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from pytest_paragon.fake.base.catalogue import default_project
from pytest_paragon.fake.base.project import ProjectSpec, SeedSpec, load_project
from pytest_paragon.fake.base.records import Clock
from pytest_paragon.fake.core import FakeParagon
from pytest_paragon.fake.entrances.inprocess import InProcessTransport

NOW = 1_767_225_600.0  # 2026-01-01: every fake shares a frozen clock, so dates compare equal
USER = "seed-user"
SALESFORCE_TRIGGER = "4a6a35b3-232d-5b92-b528-7bf03682b7a7"  # "request_trigger" workflow
SALESFORCE_WORKFLOW = "3e350e59-e2ee-5ffa-b380-3aec3c3b3f33"
CREDENTIAL = "0b7e6c8a-1f2d-4e3c-9a5b-6c7d8e9f0a1b"
USER_WITH_CREDENTIALS: dict[str, Any] = {
    "users": [
        {
            "id": USER,
            "credentials": [
                {"integration": "salesforce", "id": CREDENTIAL},
                {"integration": "googledrive"},
            ],
        }
    ]
}

# key -> (prerequisite seed, the key's example value)
SEED_EXAMPLES: dict[str, tuple[dict[str, Any], Any]] = {
    "users": (
        {},
        [
            {
                "id": USER,
                "meta": {"Email": "ada@example.com"},
                "resources": {"my-postgres": CREDENTIAL},
                "credentials": [
                    {
                        "integration": "salesforce",
                        "id": CREDENTIAL,
                        "status": "VALID",
                        "externalId": "acct-1",
                        "providerId": "00D-org",
                        "providerData": {"instanceUrl": "https://x.my.salesforce.com"},
                        "accountAuth": {"OAUTH_ACCESS_TOKEN": "t"},
                        "settings": {"region": "eu"},
                        "workflows": {SALESFORCE_WORKFLOW: {"enabled": True, "settings": {}}},
                        "defaultConfigurationId": "5c1f7a2e-3b4d-4c5e-8f6a-7b8c9d0e1f2a",
                        "configurations": [
                            {
                                "id": "6d2e8b3f-4c5e-4d6f-9a7b-8c9d0e1f2a3b",
                                "externalId": "team-b",
                                "settings": {"region": "us"},
                                "workflows": [SALESFORCE_WORKFLOW],
                            }
                        ],
                    }
                ],
            }
        ],
    ),
    "proxyResponses": (
        {},
        [
            {
                "integration": "salesforce",
                "method": "GET",
                "path": "/services/*",
                "status": 401,
                "response": {"error": "expired"},
                "headers": {"x-provider": "1"},
                "optional": False,
                "match": {"q": {"limit": 1}},
                "matchQuery": {"limit": 5, "q": "SELECT Id FROM Contact"},
                "matchHeaders": {"X-Trace": "t1"},
            }
        ],
    ),
    "triggerResponses": (
        {},
        [
            {
                "workflowId": SALESFORCE_TRIGGER,
                "response": {"ok": True},
                "status": 201,
                "headers": {"x-run": "1"},
                "match": {"kind": "a"},
                "matchJson": {"kind": "a", "n": 1},
                "matchContent": '{"kind": "a", "n": 1}',
                "optional": True,
            }
        ],
    ),
    "toolResponses": (
        {},
        [
            {
                "tool": "SALESFORCE_CREATE_RECORD",
                "response": {"id": "003"},
                "status": 200,
                "headers": {},
                "match": {"recordType": "Contact"},
                "matchHeaders": {"x-agent": "a1"},
                "optional": True,
            }
        ],
    ),
    "fieldOptions": (
        {},
        [
            {
                "integration": "salesforce",
                "sourceKey": "getFields",
                "options": [{"label": "Name", "value": "Name"}],
            }
        ],
    ),
    "oauthOutcome": ({}, "pending"),
    "actionkitRecords": (
        USER_WITH_CREDENTIALS,
        [
            {
                "userId": USER,
                "integration": "salesforce",
                "collection": "Contact",
                "records": [{"id": "003A", "Name": "Ada"}],
                "credentialId": CREDENTIAL,
            }
        ],
    ),
    "syncRecords": (
        USER_WITH_CREDENTIALS,
        [
            {
                "userId": USER,
                "integration": "googledrive",
                "pipeline": "files",
                "records": [{"id": "f1", "name": "plan.txt", "mimeType": "text/plain"}],
                "contents": {"f1": "the plan"},
                "total": 3,
            }
        ],
    ),
    "syncPermissions": (
        USER_WITH_CREDENTIALS,
        [
            {
                "userId": USER,
                "integration": "googledrive",
                "pipeline": "files",
                "objectId": "doc-1",
                "user": "bob@example.com",
                "role": "can_write",
                "objectType": "file",
                "parent": "folder-1",
            }
        ],
    ),
    "executions": (
        USER_WITH_CREDENTIALS,
        [
            {
                "userId": USER,
                "workflowId": SALESFORCE_TRIGGER,
                "id": "7e3f9c4a-5d6e-4e7f-8b9c-0d1e2f3a4b5c",
                "status": "FAILED",
                "request": {"a": 1},
                "response": {"b": 2},
            }
        ],
    ),
    "clock": ({}, {"frozen": True, "now": NOW + 3600}),
    "faults": (
        {},
        [
            {"operation": "getConnectedUser", "status": 429, "retryAfter": 30, "times": 2},
            {"area": "proxy", "kind": "reset", "probability": 0.5, "optional": True},
            {"host": "sync.useparagon.com", "kind": "timeout", "seconds": 2},
        ],
    ),
}

_SALESFORCE = default_project().integration("salesforce")
assert _SALESFORCE is not None
_INTEGRATION = {
    **_SALESFORCE.model_dump(mode="json", exclude={"id", "workflows", "actionkit"}),
    "workflows": [
        {
            "description": "Custom webhook",
            "customWebhookTriggerId": "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a",
            "request_trigger": True,
        }
    ],
}
PROJECT_EXAMPLES: dict[str, Any] = {
    "id": "1e2d3c4b-5a69-4788-9a0b-1c2d3e4f5a6b",
    "billingPlan": "connect_pro",
    "accessibleFeatures": ["byo", "headless-cp"],
    "integrations": [_INTEGRATION],
    "resources": [{"slug": "warehouse", "integrationId": "salesforce"}],
    "apiKeys": ["another-key"],
}
NOT_SEEDED = {"sdkVersion"}  # which contract the fake serves, read when it is made (not state)


def _plain(value: Any) -> Any:
    """State as comparable data: dataclasses by field, containers by item, the rest by repr."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: _plain(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.name not in ("lock",)
        }
    if isinstance(value, dict):
        return {repr(_plain(k)): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [_plain(item) for item in value]
        return sorted(items, key=repr) if isinstance(value, set | frozenset) else items
    if isinstance(value, type):
        return value.__name__
    if isinstance(value, str | int | float | bool | type(None) | bytes):
        return value
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if callable(value):
        return "<callable>"
    return (
        {k: _plain(v) for k, v in sorted(vars(value).items())}
        if hasattr(value, "__dict__")
        else repr(value)
    )


def fingerprint(fake: FakeParagon) -> Any:
    """Everything the fake's state holds that seeding can change."""
    state = fake.state
    skip = {"lock", "project", "clock", "ids", "run_listeners", "version", "encoded_me"}  # + caches
    data = {
        f.name: _plain(getattr(state, f.name))
        for f in dataclasses.fields(state)
        if f.name not in skip
    }
    data["clock"] = [state.clock.frozen, state.clock()]
    # The project's own keys; its seeding keys are compared by their effect on the state.
    data["project"] = state.project.model_dump(mode="json", exclude=set(SeedSpec.model_fields))
    data["integrations"] = fake.integrations_payload()
    return json.loads(json.dumps(data, default=repr, sort_keys=True))


def _fake(project: ProjectSpec | None = None) -> FakeParagon:
    return FakeParagon(project or default_project(), clock=Clock(NOW), random_seed=7)


def _admin(fake: FakeParagon) -> httpx.Client:
    return httpx.Client(transport=InProcessTransport(fake), base_url="http://127.0.0.1")


def _project_file(tmp_path: Path, document: dict[str, Any]) -> Path:
    path = tmp_path / "project.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    return path


def _catalogue_document() -> dict[str, Any]:
    return default_project().model_dump(mode="json", exclude_defaults=True)


def test_every_key_has_an_example() -> None:
    """A key added to the spec must be added here, and so be seeded through every entrance."""
    assert set(SEED_EXAMPLES) == set(SeedSpec.model_fields)
    project_keys = set(ProjectSpec.model_fields) - set(SeedSpec.model_fields) - NOT_SEEDED
    assert set(PROJECT_EXAMPLES) == project_keys


def _seeded_by_python(document: dict[str, Any]) -> Any:
    fake = _fake()
    fake.seed(document)
    return fingerprint(fake)


def _seeded_by_file(tmp_path: Path, document: dict[str, Any]) -> Any:
    path = _project_file(tmp_path, {**_catalogue_document(), **document})
    return fingerprint(_fake(load_project(path)))


def _seeded_by_admin(document: dict[str, Any]) -> Any:
    fake = _fake()
    with _admin(fake) as admin:
        answer = admin.post("/__paragon/seed", json=document)
        assert answer.status_code == 201, answer.text
    return fingerprint(fake)


@pytest.mark.parametrize("key", sorted(SEED_EXAMPLES))
def test_each_seed_key_seeds_the_same_state_through_each_entrance(key: str, tmp_path: Path) -> None:
    before, value = SEED_EXAMPLES[key]
    document = {**before, key: value}
    python = _seeded_by_python(document)
    assert python != _seeded_by_python(before), f"{key} changed nothing"
    assert _seeded_by_file(tmp_path, document) == python
    assert _seeded_by_admin(document) == python


@pytest.mark.parametrize("key", sorted(PROJECT_EXAMPLES))
def test_each_project_key_is_the_same_through_each_entrance(key: str, tmp_path: Path) -> None:
    document = {**_catalogue_document(), key: PROJECT_EXAMPLES[key]}
    python = fingerprint(_fake(ProjectSpec.model_validate(document)))
    assert python != fingerprint(_fake()), f"{key} changed nothing"
    assert fingerprint(_fake(load_project(_project_file(tmp_path, document)))) == python
    fake = _fake()
    with _admin(fake) as admin:
        answer = admin.put("/__paragon/project", json=document)
        assert answer.status_code == 200, answer.text
    assert fingerprint(fake) == python


def test_a_wrong_key_is_refused_with_the_nearest_one_everywhere(tmp_path: Path) -> None:
    from pytest_paragon.errors import ParagonUsageError

    with pytest.raises(ParagonUsageError, match="did you mean 'proxyResponses'"):
        _fake().seed({"proxyResponse": []})
    path = _project_file(tmp_path, {"proxyResponse": []})
    with pytest.raises(ParagonUsageError, match="did you mean 'proxyResponses'"):
        load_project(path)
    fake = _fake()
    with _admin(fake) as admin:
        answer = admin.post("/__paragon/seed", json={"proxyResponse": []})
    assert answer.status_code == 400
    assert "did you mean 'proxyResponses'" in answer.json()["message"]


def test_a_wrong_name_changes_nothing() -> None:
    from pytest_paragon.errors import ParagonUsageError

    fake = _fake()
    before = fingerprint(fake)
    with pytest.raises(ParagonUsageError, match="salesforc"):
        fake.seed(
            fieldOptions=[{"integration": "salesforce", "sourceKey": "k", "options": []}],
            proxyResponses=[{"integration": "salesforc"}],
        )
    assert fingerprint(fake) == before


def test_the_admin_openapi_document_describes_the_seed_body() -> None:
    fake = _fake()
    with _admin(fake) as admin:
        document = admin.get("/__paragon/openapi.json").json()
    seed = document["paths"]["/__paragon/seed"]["post"]["requestBody"]["content"]
    reference = seed["application/json"]["schema"]["$ref"]
    properties = document["components"]["schemas"][reference.rsplit("/", 1)[1]]["properties"]
    assert set(properties) == set(SeedSpec.model_fields)
