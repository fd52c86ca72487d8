"""Strict checking of the client under test: contract violations through the fake.

Requests that break the contract are sent to ``FakeParagon.handle`` (directly or through its httpx
transport). In ``immediate`` mode they raise :class:`ContractViolationError`, whose full message is
pinned as a snapshot under ``tests/fake/snapshots/`` (rewrite with ``PARAGON_UPDATE_SNAPSHOTS=1``);
in ``teardown`` mode the fake answers a JSON error and records the violation; with ``off`` it
records nothing and the handler decides. The last part unit-tests :class:`RequestChecker`'s
coercion of query and header text (integers, booleans, comma-separated arrays, query maps).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import httpx
import pytest

from pytest_paragon.contract import Contract, load_contract
from pytest_paragon.contract.validation import RequestChecker, Violation, coerce_text
from pytest_paragon.errors import (
    ContractViolationError,
    ParagonFailures,
    UnusedAnswerError,
    combined,
)
from pytest_paragon.fake.base.catalogue import default_project
from pytest_paragon.fake.base.reporting import REMEDY
from pytest_paragon.fake.core import FakeParagon, FakeRequest
from pytest_paragon.fake.entrances.users import FakeUser, make_user
from pytest_paragon.tokens import SigningKey
from tests.fake.snapshot import assert_snapshot

PROJECT_ID = "0c5a7e3e-1111-4222-8333-444455556666"
ZEUS = "zeus.useparagon.com"
PROXY = "proxy.useparagon.com"
ME = f"/projects/{PROJECT_ID}/sdk/me"


@pytest.fixture(scope="module")
def signing_key() -> SigningKey:
    return SigningKey.generate()


@pytest.fixture(scope="module")
def contract() -> Contract:
    return load_contract()


def new_fake(signing_key: SigningKey, strict: Any) -> FakeParagon:
    return FakeParagon(
        default_project().with_id(PROJECT_ID),
        signing_key=signing_key,
        random_seed=0,
        strict=strict,
        validate_responses=True,
    )


@pytest.fixture
def immediate(signing_key: SigningKey) -> FakeParagon:
    return new_fake(signing_key, "immediate")


@pytest.fixture
def teardown(signing_key: SigningKey) -> FakeParagon:
    return new_fake(signing_key, "teardown")


@pytest.fixture
def off(signing_key: SigningKey) -> FakeParagon:
    return new_fake(signing_key, "off")


def client_for(fake: FakeParagon, user: FakeUser, host: str = ZEUS) -> httpx.Client:
    return httpx.Client(
        base_url=f"https://{host}/projects/{PROJECT_ID}",
        headers=user.headers,
        transport=fake.transport(),
    )


@pytest.fixture
def user_client(teardown: FakeParagon) -> Iterator[httpx.Client]:
    with client_for(teardown, make_user(teardown, "user-1")) as client:
        yield client


@pytest.fixture
def proxy_client(teardown: FakeParagon) -> Iterator[httpx.Client]:
    """The Proxy API lives on proxy.useparagon.com: zeus answers its paths with a 404."""
    with client_for(teardown, make_user(teardown, "user-1"), PROXY) as client:
        yield client


def request(
    method: str,
    path: str,
    *,
    host: str = ZEUS,
    query: Sequence[tuple[str, str]] = (),
    headers: Mapping[str, str] | None = None,
    body: Any = None,
) -> FakeRequest:
    raw = b"" if body is None else body if isinstance(body, bytes) else json.dumps(body).encode()
    sent = {"content-type": "application/json"} if body is not None else {}
    sent.update(headers or {})
    return FakeRequest(method, host, path, tuple(query), sent, raw)


def raised(fake: FakeParagon, sent: FakeRequest) -> str:
    with pytest.raises(ContractViolationError) as info:
        fake.handle(sent)
    assert len(fake._violations) == 1, "immediate mode records the violation too"
    return str(info.value)


# -- the pinned messages (strict="immediate") ----------------------------------------------------


def test_unknown_path_lists_the_nearest_operations(immediate: FakeParagon) -> None:
    message = raised(immediate, request("GET", f"/projects/{PROJECT_ID}/sdk/mee"))
    assert_snapshot("unknown_path", message)
    assert f"GET /projects/{PROJECT_ID}/sdk/mee" in message
    assert "  nearest:\n    - /projects/{projectId}/sdk/me\n" in message
    assert "strict='off'" in message


def test_unknown_path_far_from_everything_has_no_candidates(immediate: FakeParagon) -> None:
    message = raised(immediate, request("GET", "/zz"))
    assert message.startswith("Request violates the Paragon contract: no documented operation")
    assert "nearest" not in message


def test_wrong_method_on_a_known_path(immediate: FakeParagon) -> None:
    message = raised(immediate, request("PUT", ME))
    assert_snapshot("wrong_method", message)
    assert f"Cannot PUT {ME}" in message
    assert "    - GET /projects/{projectId}/sdk/me (getConnectedUser)" in message


def test_wrong_method_names_the_allowed_operations(immediate: FakeParagon) -> None:
    message = raised(immediate, request("PUT", ME))
    assert "getConnectedUser" in message
    assert "updateConnectedUserMetadata" in message


def test_invalid_body_wrong_type(immediate: FakeParagon) -> None:
    message = raised(immediate, request("PATCH", ME, body={"meta": "Ada"}))
    assert_snapshot("invalid_body", message)
    assert "updateConnectedUserMetadata (PATCH /projects/{projectId}/sdk/me)" in message
    assert "request body/meta" in message
    assert "schema path components/schemas/PersonaMeta/type" in message
    assert '  value:\n    "Ada"' in message
    assert REMEDY in message


def test_missing_required_body(immediate: FakeParagon) -> None:
    message = raised(immediate, request("PATCH", ME))
    assert_snapshot("missing_body", message)
    assert "the request body is required" in message
    assert "updateConnectedUserMetadata (PATCH /projects/{projectId}/sdk/me)" in message


def test_missing_required_query_parameter(immediate: FakeParagon) -> None:
    # E16: the contract requires action, userToken, integrationId and oauthMetaKeyId.
    query = (
        ("action", "salesforce"),
        ("userToken", "a-token"),
        ("integrationId", "6f5e6a0c-0d7a-4f5e-9a53-3c9a1c7f1a11"),
    )
    path = f"/v2/projects/{PROJECT_ID}/sdk/actions/build-oauth"
    message = raised(immediate, request("GET", path, query=query))
    assert_snapshot("missing_query_parameter", message)
    assert "buildOAuthUrl (GET /v2/projects/{projectId}/sdk/actions/build-oauth)" in message
    assert "query parameter oauthMetaKeyId" in message


def test_invalid_query_parameter_value(immediate: FakeParagon) -> None:
    query = (
        ("action", "salesforce"),
        ("userToken", "a-token"),
        ("integrationId", "not-a-uuid"),
        ("oauthMetaKeyId", "key-1"),
    )
    path = f"/v2/projects/{PROJECT_ID}/sdk/actions/build-oauth"
    message = raised(immediate, request("GET", path, query=query))
    assert_snapshot("invalid_query_parameter", message)
    assert "query parameter integrationId, schema path format" in message
    assert '"not-a-uuid"' in message


def test_invalid_header_enum(immediate: FakeParagon) -> None:
    path = f"/projects/{PROJECT_ID}/sdk/proxy/slack/chat.postMessage"
    headers = {"X-Paragon-Use-Raw-Response": "2"}
    message = raised(immediate, request("GET", path, host=PROXY, headers=headers))
    assert_snapshot("invalid_header", message)
    assert "proxyGet (GET /projects/{projectId}/sdk/proxy/{integrationType}/{apiPath})" in message
    assert "header X-Paragon-Use-Raw-Response, schema path enum" in message


def test_bad_path_parameter_format(immediate: FakeParagon) -> None:
    message = raised(immediate, request("GET", "/projects/not-a-uuid/sdk/me"))
    assert_snapshot("bad_path_parameter", message)
    assert "getConnectedUser (GET /projects/{projectId}/sdk/me)" in message
    assert "path parameter projectId, schema path format" in message


def test_a_long_offending_value_is_truncated_everywhere(immediate: FakeParagon) -> None:
    message = raised(immediate, request("PATCH", ME, body=list(range(2000))))
    assert_snapshot("long_value", message)
    assert len(message) < 2500
    headline = message.splitlines()[0]
    assert len(headline) < 300
    assert headline.endswith('is not of type "object"')
    assert "more characters)" in message


def test_a_body_that_is_not_json_is_shown_as_text(immediate: FakeParagon) -> None:
    message = raised(immediate, request("PATCH", ME, body=b"Name=Ada"))
    assert "not JSON" in message
    assert '  value:\n    "Name=Ada"' in message


def test_the_teardown_summary(teardown: FakeParagon) -> None:
    teardown.handle(request("GET", f"/projects/{PROJECT_ID}/sdk/mee"))
    teardown.handle(request("PATCH", ME, body={"meta": "Ada"}))
    teardown.proxy.on("slack", {"ok": True}, method="POST", path="/chat.postMessage")
    teardown.proxy.on("hubspot", {"ok": True}, optional=True)
    problems = teardown.problems()
    assert [type(p) for p in problems] == [
        ContractViolationError,
        ContractViolationError,
        UnusedAnswerError,
    ]
    failure = combined(problems)
    assert isinstance(failure, ParagonFailures)
    message = str(failure)
    assert_snapshot("teardown_summary", message)
    assert message.startswith("pytest-paragon: 3 problem(s) in this test\n[1] ")
    assert "\n[2] ContractViolationError: Request violates the Paragon contract: " in message
    assert (
        "[3] UnusedAnswerError: proxy.on('slack', method='POST', path='/chat.postMessage')"
        in message
    )
    assert "hubspot" not in message


# -- teardown mode: a JSON error answer, the violation recorded ---------------------------------


def test_teardown_invalid_body_answers_400_json_and_changes_nothing(
    teardown: FakeParagon, user_client: httpx.Client
) -> None:
    response = user_client.patch("/sdk/me", json={"meta": {"Name": "Ada"}, "extra": 1})
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert body["statusCode"] == 400
    assert body["error"] == "Bad Request"
    assert body["message"].startswith("request body: Additional properties are not allowed")
    assert teardown.users.metadata("user-1") == {}
    [violation] = teardown._violations
    assert violation.operation.startswith("updateConnectedUserMetadata ")
    assert violation.place == "request body"
    assert violation.schema_path.endswith("additionalProperties")
    assert teardown.requests("updateConnectedUserMetadata")[0].status == 400


def test_teardown_collects_every_violation_of_a_request(teardown: FakeParagon) -> None:
    query = (("action", ""), ("userToken", "t"), ("integrationId", "nope"))
    response = teardown.handle(
        request("GET", f"/v2/projects/{PROJECT_ID}/sdk/actions/build-oauth", query=query)
    )
    assert response.status == 401  # no token: 401 comes first, the violations are still recorded
    places = [violation.place for violation in teardown._violations]
    assert places == [
        "query parameter action",
        "query parameter integrationId",
        "query parameter oauthMetaKeyId",
    ]


def test_teardown_unknown_path_answers_404_json(teardown: FakeParagon) -> None:
    response = teardown.handle(request("GET", f"/projects/{PROJECT_ID}/sdk/nothing-here"))
    assert response.status == 404
    assert response.headers["content-type"] == "application/json"
    assert json.loads(response.body) == {
        "statusCode": 404,
        "message": f"Cannot GET /projects/{PROJECT_ID}/sdk/nothing-here",
        "error": "Not Found",
    }
    [violation] = teardown._violations
    assert violation.place == "path"
    assert violation.operation == "(no operation)"
    assert teardown.journal[-1].operation_id is None


def test_teardown_wrong_method_answers_405_json(teardown: FakeParagon) -> None:
    response = teardown.handle(request("PUT", ME))
    assert response.status == 405
    assert json.loads(response.body)["statusCode"] == 405
    assert [violation.place for violation in teardown._violations] == ["method"]


def test_a_valid_request_records_nothing(teardown: FakeParagon, user_client: httpx.Client) -> None:
    response = user_client.patch("/sdk/me", json={"meta": {"Name": "Ada"}})
    assert response.status_code == 200
    assert teardown.users.metadata("user-1")["Name"] == "Ada"
    assert teardown._violations == []
    assert teardown.problems() == []


# -- strict off: nothing recorded, the handler decides -----------------------------------------


def test_off_lets_the_handler_accept_what_the_contract_refuses(
    off: FakeParagon, signing_key: SigningKey
) -> None:
    with client_for(off, make_user(off, "user-1")) as client:
        response = client.patch("/sdk/me", json={"meta": {"Name": "Ada"}, "extra": 1})
    assert response.status_code == 200
    assert off.users.metadata("user-1")["Name"] == "Ada"
    assert off._violations == []
    assert off.problems() == []


def test_off_lets_the_handler_refuse_in_its_own_words(off: FakeParagon) -> None:
    with client_for(off, make_user(off, "user-1")) as client:
        response = client.patch("/sdk/me", json={"meta": "Ada"})
    assert response.status_code == 400
    assert response.json()["message"] == "meta must be an object"
    assert off._violations == []


def test_off_still_answers_unknown_paths_without_recording(off: FakeParagon) -> None:
    assert off.handle(request("GET", f"/projects/{PROJECT_ID}/sdk/mee")).status == 404
    assert off.handle(request("PUT", ME)).status == 405
    assert off._violations == []


def test_off_bad_header_value_goes_to_the_proxy_handler(off: FakeParagon) -> None:
    user = make_user(off, "user-1")
    off.users.connect("user-1", "slack")
    off.proxy.on("slack", {"ok": True})
    with client_for(off, user, PROXY) as client:
        response = client.get(
            "/sdk/proxy/slack/auth.test", headers={"X-Paragon-Use-Raw-Response": "2"}
        )
    assert response.status_code == 200
    assert response.json() == {"output": {"ok": True}}
    assert off._violations == []


# -- what the SDK sends and the contract accepts ------------------------------------------------


def test_content_type_auto_on_proxy_is_accepted(
    teardown: FakeParagon, proxy_client: httpx.Client
) -> None:
    teardown.users.connect("user-1", "slack")
    registration = teardown.proxy.on("slack", {"ok": True}, method="POST", path="/chat.postMessage")
    response = proxy_client.post(
        "/sdk/proxy/slack/chat.postMessage",
        content=json.dumps({"channel": "C1", "text": "hi"}),
        headers={"Content-Type": "auto"},
    )
    assert response.status_code == 200
    assert response.json() == {"output": {"ok": True}}
    assert len(registration.calls) == 1
    assert teardown._violations == []


def test_content_type_auto_with_a_text_body_is_accepted(
    teardown: FakeParagon, proxy_client: httpx.Client
) -> None:
    teardown.users.connect("user-1", "slack")
    teardown.proxy.on("slack", "ok", method="PUT")
    response = proxy_client.put(
        "/sdk/proxy/slack/files/1", content=b"plain words", headers={"Content-Type": "auto"}
    )
    assert response.status_code == 200
    assert teardown._violations == []


def test_content_type_auto_json_body_reaches_the_handler_parsed(
    teardown: FakeParagon, proxy_client: httpx.Client
) -> None:
    teardown.users.connect("user-1", "slack")
    registration = teardown.proxy.on("slack", {"ok": True}, method="POST")
    proxy_client.post(
        "/sdk/proxy/slack/chat.postMessage",
        content=json.dumps({"text": "hi"}),
        headers={"Content-Type": "auto"},
    )
    assert registration.calls[0].body == {"text": "hi"}


@pytest.mark.parametrize("method", ["GET", "DELETE"])
def test_json_content_type_on_a_bodiless_request_is_accepted(
    teardown: FakeParagon, user_client: httpx.Client, method: str
) -> None:
    teardown.users.connect("user-1", "slack")
    workflow = teardown.users.workflow_id("slack")
    path = "/sdk/me" if method == "GET" else f"/sdk/workflows/{workflow}"
    response = user_client.request(method, path, headers={"Content-Type": "application/json"})
    assert response.status_code == 200
    assert teardown._violations == []


def test_header_names_are_case_insensitive(contract: Contract) -> None:
    checker = RequestChecker(contract)
    operation = contract.operation("proxyUrlGet")
    found = checker.check(
        operation,
        path_params={"projectId": PROJECT_ID, "integrationType": "slack"},
        query=(),
        headers={"x-paragon-proxy-url": "/auth.test", "X-PARAGON-USE-RAW-RESPONSE": "1"},
        content_type=None,
        body=b"",
    )
    assert found == []
    missing = checker.check(
        operation,
        path_params={"projectId": PROJECT_ID, "integrationType": "slack"},
        query=(),
        headers={},
        content_type=None,
        body=b"",
    )
    assert [(v.place, v.message) for v in missing] == [
        ("header X-Paragon-Proxy-Url", "the header X-Paragon-Proxy-Url is required")
    ]


# -- RequestChecker: query coercion ----------------------------------------------------------------


def check_query(
    contract: Contract, operation_id: str, query: Sequence[tuple[str, str]]
) -> list[Violation]:
    return RequestChecker(contract).check(
        contract.operation(operation_id),
        path_params={"projectId": PROJECT_ID, "workflowId": "6f5e6a0c-0d7a-4f5e-9a53-3c9a1c7f1a11"},
        query=query,
        headers={},
        content_type=None,
        body=b"",
    )


def places(violations: Sequence[Violation]) -> list[tuple[str, Any]]:
    return [(violation.place, violation.value) for violation in violations]


@pytest.mark.parametrize("text", ["0", "5", "120"])
def test_integer_query_values_are_coerced(contract: Contract, text: str) -> None:
    assert check_query(contract, "listWorkflowExecutions", [("offset", text)]) == []


def test_coerced_integer_still_meets_the_schema(contract: Contract) -> None:
    found = check_query(contract, "listWorkflowExecutions", [("offset", "-1")])
    assert places(found) == [("query parameter offset", -1)]
    assert found[0].schema_path == "minimum"


@pytest.mark.parametrize("text", ["five", "1.5", "1_000", " 5", "5 ", "0x10", ""])
def test_text_that_is_no_integer_is_refused(contract: Contract, text: str) -> None:
    found = check_query(contract, "listWorkflowExecutions", [("offset", text)])
    assert places(found) == [("query parameter offset", text)]
    assert found[0].schema_path == "type"


@pytest.mark.parametrize("text", ["true", "false"])
def test_boolean_query_values_are_coerced(contract: Contract, text: str) -> None:
    assert check_query(contract, "listActionKitTools", [("limit_to_available", text)]) == []


@pytest.mark.parametrize("text", ["yes", "1", "True", ""])
def test_other_boolean_spellings_are_refused(contract: Contract, text: str) -> None:
    found = check_query(contract, "listActionKitTools", [("reload_fields", text)])
    assert places(found) == [("query parameter reload_fields", text)]


def test_csv_array_query_values_are_split(contract: Contract) -> None:
    query = [("integrations", "salesforce,hubspot"), ("categories", "crm")]
    assert check_query(contract, "listActionKitTools", query) == []


def test_each_csv_item_is_checked_where_it_stands(contract: Contract) -> None:
    found = check_query(contract, "listActionKitTools", [("integrations", "salesforce,,slack")])
    assert places(found) == [("query parameter integrations/1", "")]
    assert found[0].schema_path == "items/minLength"


def test_repeated_csv_keys_are_joined(contract: Contract) -> None:
    query = [("integrations", "salesforce"), ("integrations", "hubspot,")]
    found = check_query(contract, "listActionKitTools", query)
    assert places(found) == [("query parameter integrations/2", "")]


def test_enum_query_parameter(contract: Contract) -> None:
    assert check_query(contract, "listActionKitTools", [("format", "paragon")]) == []
    found = check_query(contract, "listActionKitTools", [("format", "yaml")])
    assert places(found) == [("query parameter format", "yaml")]
    assert found[0].schema_path == "enum"


def test_exploded_query_map_takes_the_undeclared_keys(contract: Contract) -> None:
    found = check_query(contract, "runRequestTriggerWorkflow", [("a", "1"), ("b", "x")])
    assert found == []


def test_coerce_text_follows_the_declared_type() -> None:
    assert coerce_text("7", {"type": "integer"}) == 7
    assert coerce_text("-7", {"type": ["integer", "null"]}) == -7
    assert coerce_text("2.5", {"type": "number"}) == 2.5
    assert coerce_text("1e3", {"type": "number"}) == 1000.0
    assert coerce_text("true", {"type": "boolean"}) is True
    assert coerce_text("false", {"type": "boolean"}) is False
    assert coerce_text('{"a": 1}', {"type": "object"}) == {"a": 1}
    assert coerce_text("[1, 2]", {"type": "array"}) == [1, 2]
    assert coerce_text("7", {"type": "string"}) == "7"
    assert coerce_text("7", {}) == "7"


@pytest.mark.parametrize("text", ["nan", "inf", "-Infinity", "1_0", "1.", " 2"])
def test_coerce_text_keeps_non_json_numbers_as_text(text: str) -> None:
    assert coerce_text(text, {"type": "number"}) == text
