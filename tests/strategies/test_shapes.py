"""What the strategies promise beyond validity: edge cases, constraints, references, shrinking."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from pytest_paragon import strategies as ps
from pytest_paragon.contract import load_contract
from pytest_paragon.errors import ParagonUsageError
from pytest_paragon.models import Credential, CredentialStatus
from pytest_paragon.sdk.sdk_events import SdkEvents

pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")
QUICK = settings(
    max_examples=30, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
# Reachability: generate until found, no shrinking needed.
SEARCH = settings(max_examples=2000, deadline=None, database=None, phases=[Phase.generate])


def reachable(strategy: st.SearchStrategy[Any], condition: Any) -> Any:
    return find(strategy, condition, settings=SEARCH)


# -- edge cases a client must survive are reachable -------------------------------------------


def test_an_optional_field_can_be_absent() -> None:
    assert "status" not in reachable(ps.credentials(), lambda c: "status" not in c)


def test_a_nullable_field_can_be_null() -> None:
    found = reachable(ps.credentials(), lambda c: "dateDeleted" in c and c["dateDeleted"] is None)
    assert found["dateDeleted"] is None


def test_unknown_extra_fields_appear_where_the_schema_allows_them() -> None:
    declared = set(load_contract().schemas["Credential"]["properties"])
    found = reachable(ps.credentials(), lambda c: bool(set(c) - declared))
    assert set(found) - declared


def test_extra_fields_can_be_turned_off() -> None:
    @QUICK
    @given(ps.from_contract("PortalOpenEvent", extra_fields=False))
    def check(event: dict[str, Any]) -> None:
        assert set(event) <= {"integrationId", "integrationType"}

    check()


def test_empty_lists_long_strings_and_unicode_are_reachable() -> None:
    assert reachable(ps.integrations(), lambda i: i["workflows"] == [])["workflows"] == []
    long = reachable(ps.app_events(), lambda e: len(e["name"]) >= 300)
    assert len(long["name"]) >= 300
    assert not reachable(ps.app_events(), lambda e: not e["name"].isascii())["name"].isascii()


def test_the_largest_page_is_reachable() -> None:
    page = reachable(
        ps.from_contract("WorkflowExecutionPage"), lambda p: len(p["workflowExecutions"]) == 100
    )
    assert len(page["workflowExecutions"]) == 100


def test_realistic_values() -> None:
    integration = reachable(ps.integrations(), lambda i: "brandColor" in i)
    assert integration["type"] in ps.integration_types()
    assert len(integration["brandColor"]) == 7
    assert integration["brandColor"].startswith("#")
    credential = reachable(ps.credentials(), lambda c: "dateCreated" in c)
    assert credential["dateCreated"].endswith("Z")
    assert "T" in credential["dateCreated"]


# -- constraints ------------------------------------------------------------------------------


@QUICK
@given(ps.connected_users(integration_types=["slack", "hubspot"], credential_status="INVALID"))
def test_connected_users_honour_their_constraints(me: dict[str, Any]) -> None:
    assert set(me["integrations"]) <= {"slack", "hubspot"}
    for entry in me["integrations"].values():
        assert all(c["status"] == "INVALID" for c in entry["allCredentials"])


@QUICK
@given(ps.connected_users())
def test_connected_users_are_cross_referenced(me: dict[str, Any]) -> None:
    for entry in me["integrations"].values():
        credentials = entry["allCredentials"]
        ids = [credential["id"] for credential in credentials]
        if credentials:
            assert entry["credentialId"] in ids
            assert all(
                c.get("projectId", me["project"]["id"]) == me["project"]["id"] for c in credentials
            )
            assert len({c["integrationId"] for c in credentials if "integrationId" in c}) <= 1
        else:
            assert "credentialId" not in entry


@QUICK
@given(ps.credentials(optional_fields=True), ps.credentials(optional_fields=False))
def test_optional_fields_switch(full: dict[str, Any], bare: dict[str, Any]) -> None:
    assert "providerData" in full
    assert "dateCreated" in full
    assert set(bare) == {"id"}


@QUICK
@given(ps.install_flow_stages(stage="postOptions"), ps.sync_webhook_events(event="sync_complete"))
def test_discriminated_shapes_pick_their_branch(
    stage: dict[str, Any], event: dict[str, Any]
) -> None:
    assert stage["stage"] == "postOptions"
    assert event["event"] == "sync_complete"
    assert "numRecords" in event["data"]


@pytest.mark.parametrize(
    ("build", "nearest"),
    [
        (lambda: ps.from_contract("Credentail"), "Credential"),
        (lambda: ps.connected_users(credential_status="VALIDD"), "VALID"),
        (lambda: ps.integrations(integration_type="salesfroce"), "salesforce"),
        (lambda: ps.requests("getConectedUser"), "getConnectedUser"),
        (lambda: ps.install_flow_stages(stage="oauht"), "oauth"),
        (lambda: ps.sync_webhook_events(event="sync_completed"), "sync_complete"),
    ],
)
def test_bad_arguments_fail_when_the_strategy_is_built(build: Any, nearest: str) -> None:
    with pytest.raises(ps.StrategyArgumentError) as raised:
        build()
    assert isinstance(raised.value, InvalidArgument)
    assert isinstance(raised.value, ParagonUsageError)
    assert f"- {nearest}" in str(raised.value)


def test_an_undocumented_status_is_refused() -> None:
    with pytest.raises(ps.StrategyArgumentError, match="status not documented"):
        ps.responses("getConnectedUser", status=418)


def test_a_wrongly_typed_argument_is_refused() -> None:
    with pytest.raises(ps.StrategyArgumentError, match="optional_fields must be bool"):
        ps.from_contract("Credential", optional_fields="yes")  # type: ignore[arg-type]


# -- from_type, events, shrinking -------------------------------------------------------------


@QUICK
@given(st.from_type(Credential), st.from_type(CredentialStatus))
def test_from_type_gives_model_instances(credential: Credential, status: CredentialStatus) -> None:
    assert isinstance(credential, Credential)
    assert isinstance(status, CredentialStatus)


@QUICK
@given(ps.sdk_events())
def test_sdk_events_can_be_emitted_as_drawn(event: tuple[str, dict[str, Any]]) -> None:
    name, payload = event
    bus = SdkEvents()
    received: list[dict[str, Any]] = []
    bus.subscribe(name, lambda got, user: received.append(got))
    bus.emit(name, payload)
    assert received == [payload]


def test_a_shrunk_failure_is_small_and_readable() -> None:
    """A client bug ("providerData is always there") shrinks to a tiny, plain document."""
    me = find(
        ps.connected_users(),
        lambda m: any("providerData" not in e for e in m["integrations"].values()),
        settings=settings(max_examples=2000, database=None),
    )
    text = json.dumps(me)
    assert len(me["integrations"]) == 1
    assert len(text) < 400, text
    assert text.isascii()


NIL = "00000000-0000-4000-8000-000000000000"


def test_a_shrunk_failure_keeps_exactly_the_fields_it_needs() -> None:
    """Optional fields shrink away one by one, leaves to their simplest value."""
    credential = find(
        ps.from_contract("Credential"),
        lambda c: "status" in c and "dateCreated" in c and len(c.get("configurations") or []) > 1,
        settings=settings(max_examples=1000, database=None),
    )
    configuration = {"id": NIL, "connectCredentialId": NIL, "isDefault": False}
    assert credential == {
        "id": NIL,
        "configurations": [configuration, configuration],
        "dateCreated": "2015-01-01T00:00:00.000Z",
        "status": "VALID",
    }
