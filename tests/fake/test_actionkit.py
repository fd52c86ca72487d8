"""ActionKit Tools (E35 list, E36 run) on ``/tools`` and the legacy ``/actions``, from state.

Each test seeds credentials (and records or Tool answers), calls the fake on the ActionKit host
through HTTP, and asserts the body and the state afterwards: which integrations are listed
(``limit_to_available``, ``integrations``, ``categories``, the permissions claim), both formats
(polymorphic Tools split in json_schema, an ENUM with dependent inputs in paragon), credential
selection, parameter validation, default outputs that act on per-credential records (create,
paginated list, get, update), ``on_tool`` answers and the ``actionkit`` permission. The
repository's config checks every response against the contract.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from pytest_paragon.errors import ParagonUsageError
from pytest_paragon.fake.actionkit.state import ToolCall
from pytest_paragon.fake.base.records import ProviderReply
from pytest_paragon.fake.core import FakeParagon
from pytest_paragon.fake.entrances.users import FakeUser

ACTIONKIT = "https://actionkit.useparagon.com"
UserFactory = Callable[..., FakeUser]


def client(user: FakeUser) -> httpx.Client:
    """A client on the ActionKit host (intercepted by the fake) with the user's token."""
    return httpx.Client(base_url=f"{ACTIONKIT}/projects/{user.project_id}", headers=user.headers)


def names(tools: list[dict[str, Any]]) -> list[str]:
    return [tool["function"]["name"] for tool in tools]


def run(user: FakeUser, tool: str, parameters: dict[str, Any], **kwargs: Any) -> httpx.Response:
    with client(user) as http:
        return http.post("/tools", json={"tool": tool, "parameters": parameters}, **kwargs)


# -- E35: listing -------------------------------------------------------------------------------


def test_lists_the_tools_of_connected_integrations_only(paragon_user: FakeUser) -> None:
    paragon_user.connect("slack")
    paragon_user.connect("jira", status="INVALID")
    with client(paragon_user) as http:
        body = http.get("/tools").json()
    assert body["errors"] == []
    assert list(body["tools"]) == ["slack"]
    send, channels = body["tools"]["slack"]
    assert send == {
        "type": "function",
        "function": {
            "name": "SLACK_SEND_MESSAGE",
            "description": "Send a message to a Slack channel or user.",
            "parameters": {
                "type": "object",
                "properties": {
                    "channelName": {"type": "string", "description": "Channel name or ID"},
                    "message": {
                        "type": "string",
                        "description": "Message text",
                        "maxLength": 40000,
                    },
                },
                "required": ["channelName", "message"],
                "additionalProperties": False,
            },
        },
    }
    assert channels["function"]["name"] == "SLACK_LIST_CHANNELS"
    pagination = channels["function"]["parameters"]["properties"]["paginationParameters"]
    assert pagination["properties"] == {"pageCursor": {"type": "string"}}


def test_limit_to_available_false_lists_every_project_integration(
    paragon_fake: FakeParagon, paragon_user: FakeUser
) -> None:
    with client(paragon_user) as http:
        body = http.get("/tools", params={"limit_to_available": "false"}).json()
    assert set(body["tools"]) == {spec.type for spec in paragon_fake.project.integrations}
    assert "JIRA_CREATE_ISSUE" in names(body["tools"]["jira"])


def test_integrations_filter_reports_what_it_could_not_list(paragon_user: FakeUser) -> None:
    paragon_user.connect("slack")
    paragon_user.connect("hubspot")
    with client(paragon_user) as http:
        body = http.get("/tools", params={"integrations": "slack,jira,gmail"}).json()
    assert list(body["tools"]) == ["slack"]
    assert body["errors"] == [
        {"type": "gmail", "message": "Integration gmail is not in this project."},
        {"type": "jira", "message": "Integration not enabled for user."},
    ]


def test_categories_filter(paragon_user: FakeUser) -> None:
    with client(paragon_user) as http:
        crm = http.get("/tools", params={"categories": "crm", "limit_to_available": "false"})
        both = http.get(
            "/tools",
            params={"categories": "file_storage,project_management", "limit_to_available": False},
        )
    assert set(crm.json()["tools"]) == {"salesforce", "hubspot"}
    assert set(both.json()["tools"]) == {"googledrive", "jira"}


def test_json_schema_format_splits_polymorphic_tools(paragon_user: FakeUser) -> None:
    paragon_user.connect("hubspot")
    with client(paragon_user) as http:
        tools = http.get("/tools", params={"format": "json_schema", "reload_fields": True}).json()
    hubspot = tools["tools"]["hubspot"]
    assert names(hubspot) == [
        "HUBSPOT_CREATE_RECORD_CONTACTS",
        "HUBSPOT_CREATE_RECORD_COMPANIES",
        "HUBSPOT_CREATE_RECORD_DEALS",
        "HUBSPOT_SEARCH_RECORDS",
    ]
    contacts = hubspot[0]["function"]
    assert contacts["description"] == "Create a record in HubSpot CRM (Contact)"
    assert contacts["parameters"]["required"] == ["field-email"]
    assert set(contacts["parameters"]["properties"]) == {
        "field-email",
        "field-firstname",
        "field-lastname",
    }


def test_paragon_format_uses_input_types(paragon_user: FakeUser) -> None:
    paragon_user.connect("salesforce")
    paragon_user.connect("freshdesk")
    with client(paragon_user) as http:
        body = http.get("/tools", params={"format": "paragon"}).json()
    create, search, get = body["tools"]["salesforce"]
    assert create["name"] == "SALESFORCE_CREATE_RECORD"
    (record_type,) = create["parameters"]
    assert record_type["type"] == "ENUM"
    assert [v["value"] for v in record_type["values"]] == ["Contact", "Lead", "Account"]
    lead = record_type["values"][1]["dependentInputs"]
    assert [(i["id"], i["type"], i["required"]) for i in lead] == [
        ("LastName", "TEXT", True),
        ("Company", "TEXT", True),
        ("Email", "TEXT", False),
    ]
    assert search["parameters"][0] == {
        "id": "recordType",
        "title": "Record Type",
        "type": "ENUM",
        "values": ["Contact", "Lead", "Account"],
        "subtitle": "Record type",
        "required": True,
    }
    assert get["name"] == "SALESFORCE_GET_RECORD_BY_ID"
    ticket = {i["id"]: i["type"] for i in body["tools"]["freshdesk"][0]["parameters"]}
    assert ticket == {
        "subject": "TEXT",
        "description": "TEXTAREA",
        "email": "TEXT",
        "priority": "ENUM",
    }


def test_the_legacy_actions_path_uses_the_actions_key(paragon_user: FakeUser) -> None:
    paragon_user.connect("jira")
    with client(paragon_user) as http:
        legacy = http.get("/actions").json()
        current = http.get("/tools").json()
    assert set(legacy) == {"actions", "errors"}
    assert legacy["actions"] == current["tools"]


# -- E36: running -------------------------------------------------------------------------------


def test_run_creates_a_record_of_the_credential(
    paragon_fake: FakeParagon, paragon_user: FakeUser
) -> None:
    credential = paragon_user.connect("slack")
    response = run(paragon_user, "SLACK_SEND_MESSAGE", {"channelName": "#ops", "message": "Hi"})
    assert response.status_code == 200
    output = response.json()
    assert output == {"id": output["id"], "channelName": "#ops", "message": "Hi"}
    assert paragon_fake.actionkit.records(paragon_user.id, "slack", "messages") == [output]
    (call,) = paragon_fake.actionkit.tool_calls("SLACK_SEND_MESSAGE")
    assert call == ToolCall(
        tool="SLACK_SEND_MESSAGE",
        requested="SLACK_SEND_MESSAGE",
        base="SLACK_SEND_MESSAGE",
        integration="slack",
        parameters={"channelName": "#ops", "message": "Hi"},
        user_id=paragon_user.id,
        credential_id=credential.id,
    )


def test_legacy_action_field_on_the_legacy_path(
    paragon_fake: FakeParagon, paragon_user: FakeUser
) -> None:
    paragon_user.connect("freshdesk")
    with client(paragon_user) as http:
        response = http.post(
            "/actions",
            json={
                "action": "FRESHDESK_CREATE_TICKET",
                "parameters": {"subject": "Locked out", "email": "ada@example.com"},
            },
        )
    assert response.status_code == 200
    assert response.json()["subject"] == "Locked out"
    assert [c.requested for c in paragon_fake.actionkit.tool_calls()] == ["FRESHDESK_CREATE_TICKET"]


@pytest.mark.parametrize("status", [None, "INVALID", "PENDING"])
def test_integration_not_enabled_for_user(
    paragon_fake: FakeParagon, paragon_user: FakeUser, status: str | None
) -> None:
    if status is not None:
        paragon_user.connect("jira", status=status)
    response = run(paragon_user, "JIRA_CREATE_ISSUE", {"projectKey": "OPS"})
    assert response.status_code == 404
    body = response.json()
    assert body["message"] == "Integration not enabled for user."
    assert body["meta"]["integrationId"] == paragon_fake.state.integration("jira").id
    assert paragon_fake.actionkit.tool_calls() == []


@pytest.mark.parametrize("how", ["uuid", "ext", "bare"])
def test_credential_header_selects_the_account(
    paragon_fake: FakeParagon, paragon_user: FakeUser, how: str
) -> None:
    paragon_user.connect("slack", external_id="main")
    second = paragon_user.connect("slack", external_id="support")
    paragon_fake.actionkit.seed_records(
        paragon_user.id, "slack", "channels", [{"name": "help-desk"}], credential_id=second.id
    )
    header = {"uuid": second.id, "ext": "ext:support", "bare": "support"}[how]
    response = run(
        paragon_user, "SLACK_LIST_CHANNELS", {}, headers={"X-Paragon-Credential": header}
    )
    assert [r["name"] for r in response.json()["records"]] == ["help-desk"]
    assert paragon_fake.actionkit.tool_calls()[0].credential_id == second.id
    primary = run(paragon_user, "SLACK_LIST_CHANNELS", {})
    assert primary.json() == {"records": [], "nextPageCursor": None}


def test_credential_header_of_another_integration_is_not_enabled(paragon_user: FakeUser) -> None:
    paragon_user.connect("slack")
    jira = paragon_user.connect("jira")
    response = run(
        paragon_user,
        "SLACK_SEND_MESSAGE",
        {"channelName": "#a", "message": "b"},
        headers={"X-Paragon-Credential": jira.id},
    )
    assert response.status_code == 404
    assert response.json()["message"] == "Integration not enabled for user."


def test_unknown_tool_and_unknown_variant_are_bad_requests(paragon_user: FakeUser) -> None:
    paragon_user.connect("salesforce")
    unknown = run(paragon_user, "SALESFORCE_DELETE_EVERYTHING", {})
    assert unknown.status_code == 400
    assert (
        unknown.json()["message"]
        == 'Tool "SALESFORCE_DELETE_EVERYTHING" does not exist in this project.'
    )
    variant = run(paragon_user, "SALESFORCE_CREATE_RECORD", {"recordType": "Opportunity"})
    assert variant.status_code == 400
    assert "must be one of Contact, Lead, Account" in variant.json()["message"]


@pytest.mark.parametrize(
    ("parameters", "problem"),
    [
        ({"channelName": "#a"}, "'message' is a required property"),
        ({"channelName": "#a", "message": "b", "unfurl": True}, "Additional properties"),
        ({"channelName": 5, "message": "b"}, "5 is not of type 'string'"),
    ],
)
def test_parameters_are_checked_against_the_tool_schema(
    paragon_fake: FakeParagon, paragon_user: FakeUser, parameters: dict[str, Any], problem: str
) -> None:
    paragon_user.connect("slack")
    response = run(paragon_user, "SLACK_SEND_MESSAGE", parameters)
    assert response.status_code == 400
    body = response.json()
    assert body["message"].startswith("Invalid parameters for SLACK_SEND_MESSAGE: ")
    assert problem in body["message"]
    assert problem in body["errors"][0]["message"]
    (refused,) = paragon_fake.actionkit.tool_calls("SLACK_SEND_MESSAGE")  # refused runs are runs
    assert refused.parameters == parameters
    assert refused.refused == body["message"]
    assert paragon_fake.actionkit.records(paragon_user.id, "slack", "messages") == []


def test_polymorphic_tool_by_base_name_or_variant_name(
    paragon_fake: FakeParagon, paragon_user: FakeUser
) -> None:
    paragon_user.connect("salesforce")
    base = run(
        paragon_user, "SALESFORCE_CREATE_RECORD", {"recordType": "Lead", "LastName": "Hopper"}
    )
    assert base.status_code == 400  # a Lead needs a Company
    assert "'Company' is a required property" in base.json()["message"]
    lead = run(
        paragon_user,
        "SALESFORCE_CREATE_RECORD",
        {"recordType": "Lead", "LastName": "Hopper", "Company": "Navy"},
    ).json()
    contact = run(paragon_user, "SALESFORCE_CREATE_RECORD_CONTACT", {"LastName": "Lovelace"}).json()
    assert lead == {"id": lead["id"], "LastName": "Hopper", "Company": "Navy"}
    assert paragon_fake.actionkit.records(paragon_user.id, "salesforce", "Lead") == [lead]
    assert paragon_fake.actionkit.records(paragon_user.id, "salesforce", "Contact") == [contact]
    calls = paragon_fake.actionkit.tool_calls("SALESFORCE_CREATE_RECORD")
    assert [(c.tool, c.requested, c.refused is None) for c in calls] == [
        ("SALESFORCE_CREATE_RECORD_LEAD", "SALESFORCE_CREATE_RECORD", False),  # no Company
        ("SALESFORCE_CREATE_RECORD_LEAD", "SALESFORCE_CREATE_RECORD", True),
        ("SALESFORCE_CREATE_RECORD_CONTACT", "SALESFORCE_CREATE_RECORD_CONTACT", True),
    ]
    found = run(
        paragon_user,
        "SALESFORCE_GET_RECORD_BY_ID",
        {"recordType": "Lead", "recordId": lead["id"]},
    )
    assert found.json() == lead


def test_list_tools_page_with_cursors_to_the_last_page(
    paragon_fake: FakeParagon, paragon_user: FakeUser
) -> None:
    paragon_user.connect("slack")
    seeded = paragon_fake.actionkit.seed_records(
        paragon_user.id, "slack", "channels", [{"name": f"team-{n:02d}"} for n in range(23)]
    )
    pages: list[list[str]] = []
    cursor: str | None = None
    while True:
        parameters = {"paginationParameters": {"pageCursor": cursor}} if cursor else {}
        output = run(paragon_user, "SLACK_LIST_CHANNELS", parameters).json()
        pages.append([record["name"] for record in output["records"]])
        cursor = output["nextPageCursor"]
        if cursor is None:
            break
    assert [len(page) for page in pages] == [10, 10, 3]
    assert [name for page in pages for name in page] == [r["name"] for r in seeded]
    searched = run(paragon_user, "SLACK_LIST_CHANNELS", {"query": "TEAM-2"}).json()
    assert [r["name"] for r in searched["records"]] == ["team-20", "team-21", "team-22"]
    bad = run(paragon_user, "SLACK_LIST_CHANNELS", {"paginationParameters": {"pageCursor": "%%"}})
    assert bad.status_code == 400


def test_update_and_search_act_on_the_created_records(
    paragon_fake: FakeParagon, paragon_user: FakeUser
) -> None:
    paragon_user.connect("jira")
    issue = run(
        paragon_user,
        "JIRA_CREATE_ISSUE",
        {"projectKey": "OPS", "summary": "Printer", "issueType": "Bug", "labels": ["hw"]},
    ).json()
    run(
        paragon_user,
        "JIRA_CREATE_ISSUE",
        {"projectKey": "WEB", "summary": "404", "issueType": "Bug"},
    )
    updated = run(paragon_user, "JIRA_UPDATE_ISSUE", {"issueId": issue["id"], "labels": ["fire"]})
    assert updated.json() == {**issue, "labels": ["fire"]}
    ops = run(paragon_user, "JIRA_SEARCH_ISSUES", {"projectKey": "OPS"}).json()
    assert ops == {"records": [{**issue, "labels": ["fire"]}], "nextPageCursor": None}
    missing = run(paragon_user, "JIRA_UPDATE_ISSUE", {"issueId": "nope", "summary": "x"})
    assert missing.status_code == 404
    assert missing.json()["meta"] == {"isIntegrationError": True}


# -- on_tool ------------------------------------------------------------------------------------


def test_on_tool_answers_with_a_fixed_output(
    paragon_fake: FakeParagon, paragon_user: FakeUser
) -> None:
    paragon_user.connect("slack")
    registration = paragon_fake.actionkit.on(
        "SLACK_SEND_MESSAGE", {"ok": True, "channel": "C0123ABCD", "ts": "1718025600.000100"}
    )
    response = run(paragon_user, "SLACK_SEND_MESSAGE", {"channelName": "#a", "message": "b"})
    assert response.json() == {"ok": True, "channel": "C0123ABCD", "ts": "1718025600.000100"}
    assert registration.calls[0].parameters == {"channelName": "#a", "message": "b"}
    assert paragon_fake.actionkit.records(paragon_user.id, "slack", "messages") == []


def test_on_tool_function_and_errors(paragon_fake: FakeParagon, paragon_user: FakeUser) -> None:
    paragon_user.connect("hubspot")

    def answer(call: ToolCall) -> Any:
        if call.parameters["field-email"].endswith("@blocked.example"):
            return (400, {"message": "Contact already exists"})
        return {"id": "51", "properties": {"email": call.parameters["field-email"]}}

    paragon_fake.actionkit.on("HUBSPOT_CREATE_RECORD", answer)  # the base name: every variant
    ok = run(paragon_user, "HUBSPOT_CREATE_RECORD_CONTACTS", {"field-email": "ada@example.com"})
    assert ok.json() == {"id": "51", "properties": {"email": "ada@example.com"}}
    refused = run(
        paragon_user,
        "HUBSPOT_CREATE_RECORD",
        {"objectType": "contacts", "field-email": "x@blocked.example"},
    )
    assert (refused.status_code, refused.json()) == (400, {"message": "Contact already exists"})
    paragon_fake.actionkit.on(
        "HUBSPOT_CREATE_RECORD_CONTACTS", ProviderReply(body={"id": "latest"})
    )
    latest = run(paragon_user, "HUBSPOT_CREATE_RECORD_CONTACTS", {"field-email": "a@example.com"})
    assert latest.json() == {"id": "latest"}


def test_on_tool_refuses_an_unknown_tool(paragon_fake: FakeParagon) -> None:
    with pytest.raises(ParagonUsageError, match="SLACK_SEND_MESAGE"):
        paragon_fake.actionkit.on("SLACK_SEND_MESAGE", {})


def test_an_unused_tool_registration_fails_the_test(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        def test_unused(paragon_fake):
            paragon_fake.actionkit.on("SLACK_SEND_MESSAGE", {"ok": True})

        def test_optional(paragon_fake):
            paragon_fake.actionkit.on("SLACK_SEND_MESSAGE", {"ok": True}, optional=True)
        """
    )
    result = pytester.runpytest("-rA")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        ["*UnusedAnswerError: actionkit.on('SLACK_SEND_MESSAGE') was registered but never called"]
    )


# -- the actionkit permission -------------------------------------------------------------------


def test_without_the_actionkit_permission_every_tools_operation_is_403(
    paragon_user_factory: UserFactory,
) -> None:
    user = paragon_user_factory(permissions={"integration:slack": True})
    user.connect("slack")
    body = {"tool": "SLACK_SEND_MESSAGE", "parameters": {"channelName": "#a", "message": "b"}}
    legacy = {"action": "SLACK_SEND_MESSAGE", "parameters": {"channelName": "#a", "message": "b"}}
    with client(user) as http:
        responses = [
            http.get("/tools"),
            http.get("/actions"),
            http.post("/tools", json=body),
            http.post("/actions", json=legacy),
        ]
    for response in responses:
        assert response.status_code == 403
        assert response.json()["code"] == "7210"


def test_actionkit_permission_scoped_to_one_integration(
    paragon_fake: FakeParagon, paragon_user_factory: UserFactory
) -> None:
    user = paragon_user_factory(permissions={"integration:slack": ["actionkit"]})
    user.connect("slack")
    user.connect("jira")
    with client(user) as http:
        listed = http.get("/tools").json()
    assert list(listed["tools"]) == ["slack"]
    allowed = run(user, "SLACK_SEND_MESSAGE", {"channelName": "#a", "message": "b"})
    assert allowed.status_code == 200
    refused = run(
        user, "JIRA_CREATE_ISSUE", {"projectKey": "OPS", "summary": "x", "issueType": "Bug"}
    )
    assert refused.status_code == 403
    assert refused.json()["code"] == "7210"
    assert [c.tool for c in paragon_fake.actionkit.tool_calls()] == ["SLACK_SEND_MESSAGE"]


# -- tools declared by the project --------------------------------------------------------------

DECLARED = {
    "integrations": [
        {
            "type": "slack",
            "name": "Slack",
            "actionkit": {
                "category": "chat",
                "tools": [
                    {
                        "name": "SLACK_ARCHIVE_CHANNEL",
                        "description": "Archive a channel",
                        "properties": {"channel": {"type": "string"}},
                        "required": ["channel"],
                        "output": {"ok": True},
                    }
                ],
                "triggers": [
                    {
                        "type": "SLACK_CHANNEL_CREATED",
                        "title": "Channel Created",
                        "examples": [{"id": "C1", "name": "general"}],
                    }
                ],
            },
        },
        {"type": "jira", "name": "Jira"},
    ]
}


class TestDeclaredTools:
    @pytest.fixture
    def paragon_config(self, tmp_path: Path) -> dict[str, Any]:
        path = tmp_path / "project.json"
        path.write_text(json.dumps(DECLARED), encoding="utf-8")
        return {"project_file": str(path)}

    def test_declared_tools_replace_the_catalogue(self, paragon_user: FakeUser) -> None:
        paragon_user.connect("slack")
        paragon_user.connect("jira")
        with client(paragon_user) as http:
            tools = http.get("/tools").json()["tools"]
            chat = http.get("/tools", params={"categories": "chat"}).json()["tools"]
        assert names(tools["slack"]) == ["SLACK_ARCHIVE_CHANNEL"]
        assert "JIRA_CREATE_ISSUE" in names(tools["jira"])  # no declaration: the catalogue's
        assert list(chat) == ["slack"]
        assert run(paragon_user, "SLACK_ARCHIVE_CHANNEL", {"channel": "C1"}).json() == {"ok": True}
        assert run(paragon_user, "SLACK_SEND_MESSAGE", {}).status_code == 400

    def test_declared_triggers_replace_the_catalogue(
        self, paragon_fake: FakeParagon, paragon_user: FakeUser
    ) -> None:
        paragon_user.connect("slack")
        with client(paragon_user) as http:
            types = http.get("/triggers", params={"integrations": "slack"}).json()
            created = http.post(
                "/trigger-subscriptions",
                json={"integration": "slack", "type": "SLACK_CHANNEL_CREATED", "parameters": {}},
            )
        assert [t["type"] for t in types["triggers"]["slack"]] == ["SLACK_CHANNEL_CREATED"]
        assert created.status_code == 200
        event = paragon_fake.actionkit.fire(created.json()["id"])
        assert event.json["payload"] == {"id": "C1", "name": "general"}


def test_a_declared_tool_with_an_invalid_schema_is_reported(tmp_path: Path) -> None:
    from pytest_paragon.errors import ParagonError
    from pytest_paragon.fake.base.project import load_project

    path = tmp_path / "project.yaml"
    path.write_text(
        "integrations:\n"
        "  - type: slack\n"
        "    name: Slack\n"
        "    actionkit:\n"
        "      tools:\n"
        "        - {name: SLACK_X, description: x, properties: {a: {type: strng}}}\n",
        encoding="utf-8",
    )
    with pytest.raises(ParagonError, match=r"SLACK_X: invalid parameter schema") as raised:
        load_project(path)
    assert "integrations.0.actionkit.tools.0" in str(raised.value)
