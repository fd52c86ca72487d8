"""The contract is valid OpenAPI 3.1, complete (E1-E59 but E58), sourced, and its examples valid."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openapi_spec_validator import validate as validate_openapi

from pytest_paragon.contract import Contract, find_problems
from pytest_paragon.contract.checks import dangling_refs
from tests.contract.conftest import Validate, iter_media_examples

CONTRACTS = Path(__file__).resolve().parents[2] / "contracts"
DOCUMENTED = {f"E{n}" for n in range(1, 60)} - {"E58"}


def test_validates_as_openapi_3_1(contract: Contract) -> None:
    assert contract.document["openapi"].startswith("3.1")
    validate_openapi(dict(contract.document))


def test_every_ref_resolves(contract: Contract) -> None:
    assert dangling_refs(contract.document) == []


def test_project_conventions_hold(contract: Contract) -> None:
    assert find_problems(contract) == []


def test_size(contract: Contract) -> None:
    assert len(contract.operations) >= 58
    assert len(contract.schemas) >= 100


def test_every_documented_endpoint_is_present_and_nothing_else(contract: Contract) -> None:
    endpoints = {endpoint for op in contract.operations for endpoint in op.endpoints}
    assert endpoints == DOCUMENTED


def test_every_operation_records_a_public_source(contract: Contract) -> None:
    for op in contract.operations:
        docs, sdk = op.source.get("docs") or [], op.source.get("sdk") or []
        assert docs or sdk, op.label
        assert all(str(url).startswith("https://") for url in docs), op.label
        assert all("@useparagon/connect" in str(file) for file in sdk), op.label


def test_known_gaps_are_written_down() -> None:
    readme = (CONTRACTS / "README.md").read_text()
    assert re.search(r"\*\*E58, [^*]+\*\*: [^-]*path is not public", readme)
    assert "**E60" in readme
    assert "UI, not API" in readme


def test_security_user_token_everywhere_but_task_history(contract: Contract) -> None:
    schemes = contract.document["components"]["securitySchemes"]
    assert schemes["userToken"]["bearerFormat"] == "JWT"
    for op in contract.operations:
        security = op.definition.get("security", contract.document["security"])
        if "task-history" in op.path_template:
            assert security == [{"projectApiKey": []}], op.label
        elif op.endpoint == "E27":  # inbound custom webhook, called by providers
            assert security == [], op.label
        elif op.endpoint == "E15":  # a popup navigation: the token travels in the query
            assert security == [{"userTokenQuery": []}], op.label
        else:
            assert security == [{"userToken": []}], op.label


def test_every_operation_names_its_servers(contract: Contract) -> None:
    known = {server["url"] for server in contract.document["servers"]}
    for op in contract.operations:
        servers = op.definition.get("servers") or op.path_item.get("servers")
        assert servers, op.label
        assert {server["url"] for server in servers} <= known, op.label


def test_request_triggers_and_app_events_document_their_statuses(contract: Contract) -> None:
    trigger = contract.match("post", "/projects/p/sdk/triggers/wf-1")
    assert trigger is not None
    assert {"202", "542"} <= set(trigger[0].definition["responses"])
    for path in ("/projects/p/sdk/events/trigger", "/v2/projects/p/sdk/events/trigger"):
        found = contract.match("post", path)
        assert found is not None
        assert "201" in found[0].definition["responses"]


def test_proxy_paths_match_across_slashes(contract: Contract) -> None:
    found = contract.match("get", "/projects/p/sdk/proxy/salesforce/services/data/v59.0/query")
    assert found is not None
    operation, params = found
    assert operation.endpoint == "E28"
    assert params["apiPath"] == "services/data/v59.0/query"
    custom = contract.match("post", "/projects/p/sdk/proxy/custom/int-1/v1/things")
    assert custom is not None
    assert custom[0].endpoint == "E29"


def test_webhooks_cover_actionkit_and_managed_sync(contract: Contract) -> None:
    webhooks = contract.document["webhooks"]
    assert len(webhooks) >= 2
    text = str(webhooks)
    assert "x-paragon-signature" in text
    for event in ("sync_complete", "sync_errored", "record_created", "record_deleted"):
        assert event in text


def _schema_examples(contract: Contract) -> list[tuple[str, int]]:
    return [
        (name, index)
        for name, schema in contract.schemas.items()
        for index, _ in enumerate(schema.get("examples") or [])
    ]


def test_most_schemas_carry_examples(contract: Contract) -> None:
    assert len(_schema_examples(contract)) >= 100


def test_every_schema_example_is_valid(contract: Contract, validate: Validate) -> None:
    failures = {}
    for name, index in _schema_examples(contract):
        example = contract.schemas[name]["examples"][index]
        errors = validate(example, {"$ref": f"#/components/schemas/{name}"})
        if errors:
            failures[f"{name}[{index}]"] = errors
    assert failures == {}


def test_every_media_type_example_is_valid(contract: Contract, validate: Validate) -> None:
    failures = {}
    checked = 0
    for place, schema, example in iter_media_examples(contract):
        checked += 1
        errors = validate(example, schema)
        if errors:
            failures[place] = errors
    assert failures == {}
    assert checked >= 30


@pytest.mark.parametrize("area", ["users", "credentials", "integrations", "inputs", "sync"])
def test_areas_are_populated(contract: Contract, area: str) -> None:
    assert any(schema.get("x-paragon-area") == area for schema in contract.schemas.values())


def test_an_unknown_operation_id_is_one_usage_error_naming_the_nearest(contract: Contract) -> None:
    from pytest_paragon.contract.document import UnknownOperationError
    from pytest_paragon.errors import ParagonUsageError

    assert contract.operation("getConnectedUser").method == "get"
    with pytest.raises(ParagonUsageError) as info:
        contract.operation("getConectedUser", where="here")
    assert isinstance(info.value, UnknownOperationError)
    assert isinstance(info.value, KeyError)  # callers written against the old KeyError still work
    message = str(info.value)
    assert message.startswith("Unknown operation id 'getConectedUser'; did you mean")
    assert "    - getConnectedUser" in message
    assert "where: here" in message
