"""Authentication and authorisation of the fake, over HTTP (respx routes every Paragon host).

The bad-token matrix sends every ``paragon_bad_tokens`` entry to one operation of each host family
(zeus and its ``api.`` alias, hermes, proxy, ActionKit and Managed Sync, which authenticate before
their 501 "not served yet") and expects 401 with a JSON ``{statusCode, message}`` body. Then:
missing or malformed ``Authorization``, unsigned and HS256 tokens, audiences, another project's
id in the path, the project API key of Task History, the JWT permissions claim (403, code 7210) and
token expiry on the fake's clock after a first, cached, verification.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import jwt
import pytest

from pytest_paragon.fake.connect import domain as connect_domain
from pytest_paragon.fake.core import FakeParagon
from pytest_paragon.fake.entrances.users import FakeUser
from pytest_paragon.tokens import BadTokens, audience_for

ZEUS = "https://zeus.useparagon.com"
API = "https://api.useparagon.com"
HERMES = "https://hermes.useparagon.com"
PROXY = "https://proxy.useparagon.com"
ACTIONKIT = "https://actionkit.useparagon.com"
SYNC = "https://sync.useparagon.com"
OTHER_PROJECT = str(uuid.UUID(int=42, version=4))

BAD_TOKEN_REASONS = {
    "expired": "token expired",
    "not_yet_valid": "token not yet valid",
    "wrong_signature": "invalid signature",
    "alg_none": "algorithm 'none' is not accepted",
    "hs256_with_public_key": "algorithm 'HS256' is not accepted",
    "tampered_payload": "invalid signature",
    "missing_sub": "missing sub claim",
    "missing_exp": "missing exp claim",
    "missing_iat": "missing iat claim",
    "wrong_audience": "is not this project's",
    "garbage": "malformed token",
}

Call = tuple[str, str, dict[str, Any]]
EVENT = {"name": "Contact Created", "payload": {"email": "ada@example.com"}}
# One operation per host family: method, URL ({P}: the project id, {WF}: a request-trigger
# workflow) and request options.
OPERATIONS: dict[str, Call] = {
    "zeus-me": ("GET", f"{ZEUS}/projects/{{P}}/sdk/me", {}),
    "api-integrations": ("GET", f"{API}/projects/{{P}}/sdk/integrations", {}),
    "hermes-app-event": ("POST", f"{HERMES}/v2/projects/{{P}}/sdk/events/trigger", {"json": EVENT}),
    "hermes-request-trigger": (
        "POST",
        f"{HERMES}/projects/{{P}}/sdk/triggers/{{WF}}",
        {"json": {"accountId": "001"}},
    ),
    "proxy": ("GET", f"{PROXY}/projects/{{P}}/sdk/proxy/salesforce/services/data/v59.0/limits", {}),
    "actionkit-tools": ("GET", f"{ACTIONKIT}/projects/{{P}}/tools", {}),
    "sync-list": ("GET", f"{SYNC}/api/syncs", {}),
}


def operation(fake: FakeParagon, name: str) -> Call:
    method, url, options = OPERATIONS[name]
    if "{WF}" in url:
        url = url.replace("{WF}", fake.users.workflow_id("salesforce", request_trigger=True))
    return method, url.replace("{P}", fake.project.id), options


def me(fake: FakeParagon) -> Call:
    return operation(fake, "zeus-me")


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def http(paragon_fake: FakeParagon) -> Iterator[httpx.Client]:
    with httpx.Client() as client:  # no transport: the fake's respx routes answer
        yield client


def send(http: httpx.Client, call: Call, authorization: str | None) -> httpx.Response:
    method, url, options = call
    headers = {} if authorization is None else {"Authorization": authorization}
    return http.request(method, url, headers=headers, **options)


def assert_unauthorized(response: httpx.Response, reason: str | None = None) -> dict[str, Any]:
    assert response.status_code == 401, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["statusCode"] == 401
    assert isinstance(body["message"], str)
    assert body["message"]
    if reason is not None:
        assert reason in body["reason"]
    return dict(body)


def assert_forbidden(response: httpx.Response) -> None:
    assert response.status_code == 403, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["statusCode"] == 403
    assert body["code"] == "7210"
    assert isinstance(body["message"], str)


def b64(data: bytes) -> str:
    return jwt.utils.base64url_encode(data).decode()


def hs256(payload: dict[str, Any], secret: bytes) -> str:
    header = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = b64(json.dumps(payload).encode())
    digest = hmac.new(secret, f"{header}.{body}".encode(), hashlib.sha256).digest()
    return f"{header}.{body}.{b64(digest)}"


# -- the bad-token matrix -----------------------------------------------------------------------


def test_the_matrix_covers_every_bad_token(paragon_bad_tokens: BadTokens) -> None:
    assert set(paragon_bad_tokens.all()) == set(BAD_TOKEN_REASONS)


@pytest.mark.parametrize("name", list(OPERATIONS))
@pytest.mark.parametrize("bad", list(BAD_TOKEN_REASONS))
def test_every_bad_token_gets_401_on_every_host_family(
    paragon_fake: FakeParagon,
    paragon_bad_tokens: BadTokens,
    http: httpx.Client,
    bad: str,
    name: str,
) -> None:
    users_before = set(paragon_fake.state.users)
    token = getattr(paragon_bad_tokens, bad)()
    response = send(http, operation(paragon_fake, name), f"Bearer {token}")
    assert_unauthorized(response, BAD_TOKEN_REASONS[bad])
    assert set(paragon_fake.state.users) == users_before  # no Connected User was created
    assert paragon_fake.users.app_events() == []
    [entry] = paragon_fake.requests()
    assert entry.status == 401
    assert entry.user_id is None
    assert paragon_fake._violations == []


@pytest.mark.anyio
async def test_bad_tokens_get_401_from_an_async_client(
    paragon_fake: FakeParagon, paragon_bad_tokens: BadTokens
) -> None:
    method, url, options = operation(paragon_fake, "hermes-app-event")
    async with httpx.AsyncClient() as client:
        for name, token in paragon_bad_tokens.all().items():
            response = await client.request(
                method, url, headers={"Authorization": f"Bearer {token}"}, **options
            )
            assert_unauthorized(response, BAD_TOKEN_REASONS[name])
    assert paragon_fake.users.app_events() == []


@pytest.mark.parametrize("name", list(OPERATIONS))
def test_a_good_token_passes_authentication_on_every_host_family(
    paragon_fake: FakeParagon, paragon_user: FakeUser, http: httpx.Client, name: str
) -> None:
    if name in {"actionkit-tools", "sync-list"}:
        # Not served yet: the 501 is not in the contract, so response validation would refuse it.
        paragon_fake.validate_responses = False
    if name == "proxy":
        paragon_user.connect("salesforce")
        paragon_fake.proxy.on("salesforce", {"remaining": 10})
    response = send(http, operation(paragon_fake, name), f"Bearer {paragon_user.token}")
    assert response.status_code not in {401, 403}, response.text
    assert paragon_fake.requests()[-1].user_id == "user-1"


# -- the Authorization header -------------------------------------------------------------------


@pytest.mark.parametrize(
    "authorization",
    [
        pytest.param(None, id="missing"),
        pytest.param("", id="empty-header"),
        pytest.param("Bearer", id="bearer-without-token"),
        pytest.param("Bearer    ", id="bearer-blank"),
        pytest.param("Basic dXNlcjpwYXNz", id="basic"),
        pytest.param("TOKEN", id="token-without-scheme"),
        pytest.param("Token TOKEN", id="token-scheme"),
    ],
)
@pytest.mark.parametrize("name", ["zeus-me", "hermes-app-event", "proxy"])
def test_missing_or_non_bearer_authorization_gets_401(
    paragon_fake: FakeParagon,
    paragon_user: FakeUser,
    http: httpx.Client,
    authorization: str | None,
    name: str,
) -> None:
    if authorization is not None:
        authorization = authorization.replace("TOKEN", paragon_user.token)
    users_before = set(paragon_fake.state.users)
    response = send(http, operation(paragon_fake, name), authorization)
    assert_unauthorized(response, "missing bearer token")
    assert set(paragon_fake.state.users) == users_before
    assert paragon_fake.requests()[-1].user_id is None


@pytest.mark.parametrize("scheme", ["Bearer", "bearer", "BEARER"])
def test_a_valid_bearer_token_is_accepted_and_creates_the_connected_user(
    paragon_fake: FakeParagon,
    paragon_user_factory: Callable[..., FakeUser],
    http: httpx.Client,
    scheme: str,
) -> None:
    user = paragon_user_factory("fresh-user")
    assert "fresh-user" not in paragon_fake.state.users
    response = send(http, me(paragon_fake), f"{scheme} {user.token}")
    assert response.status_code == 200
    assert response.json()["authenticated"] is True
    assert "fresh-user" in paragon_fake.state.users


# -- unsigned and HS256 tokens ------------------------------------------------------------------


def unsigned_variants(fake: FakeParagon) -> dict[str, str]:
    signed = fake.signing_key.mint("user-1", now=fake.clock())
    _, body, signature = signed.split(".")
    tokens = {}
    for alg in ("none", "None", "NONE"):
        encoded = b64(json.dumps({"alg": alg, "typ": "JWT"}).encode())
        tokens[f"alg-{alg}-empty-signature"] = f"{encoded}.{body}."
        tokens[f"alg-{alg}-real-signature"] = f"{encoded}.{body}.{signature}"
    header = signed.split(".")[0]
    tokens["rs256-signature-stripped"] = f"{header}.{body}."
    return tokens


def hs256_variants(fake: FakeParagon) -> dict[str, str]:
    now = int(fake.clock())
    payload = {"sub": "user-1", "iat": now, "exp": now + 3600}
    return {
        "hs256-public-pem": hs256(payload, fake.signing_key.public_pem()),
        "hs256-private-pem": hs256(payload, fake.signing_key.private_pem()),
        "hs256-empty-secret": hs256(payload, b""),
        "hs256-aud-of-this-project": hs256(
            {**payload, "aud": audience_for(fake.project.id)}, fake.signing_key.public_pem()
        ),
    }


@pytest.mark.parametrize("family", ["unsigned", "hs256"])
def test_unsigned_and_hs256_tokens_are_never_accepted(
    paragon_fake: FakeParagon, http: httpx.Client, family: str
) -> None:
    variants = (unsigned_variants if family == "unsigned" else hs256_variants)(paragon_fake)
    for variant, token in variants.items():
        for name in ("zeus-me", "hermes-app-event", "proxy"):
            response = send(http, operation(paragon_fake, name), f"Bearer {token}")
            assert response.status_code == 401, (variant, name, response.text)
    assert "user-1" not in paragon_fake.state.users
    assert paragon_fake.users.app_events() == []


# -- audience and project -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "audience",
    [
        pytest.param("useparagon.com/another-project", id="another-project"),
        pytest.param(f"useparagon.com/{uuid.UUID(int=7)}", id="another-project-uuid"),
        pytest.param(["useparagon.com/a", "useparagon.com/b"], id="list-without-this-project"),
    ],
)
def test_a_token_for_another_projects_audience_gets_401(
    paragon_fake: FakeParagon,
    paragon_user_factory: Callable[..., FakeUser],
    http: httpx.Client,
    audience: Any,
) -> None:
    user = paragon_user_factory("user-aud", claims={"aud": audience})
    assert_unauthorized(send(http, me(paragon_fake), f"Bearer {user.token}"), "audience")
    assert "user-aud" not in paragon_fake.state.users


@pytest.mark.parametrize("form", ["string", "list"])
def test_a_token_with_this_projects_audience_gets_200(
    paragon_fake: FakeParagon,
    paragon_user_factory: Callable[..., FakeUser],
    http: httpx.Client,
    form: str,
) -> None:
    own = audience_for(paragon_fake.project.id)
    if form == "string":
        user = paragon_user_factory("user-aud", audience=True)
        assert jwt.decode(user.token, options={"verify_signature": False})["aud"] == own
    else:
        user = paragon_user_factory("user-aud", claims={"aud": ["useparagon.com/x", own]})
    response = send(http, me(paragon_fake), f"Bearer {user.token}")
    assert response.status_code == 200
    assert response.json()["userId"] == "user-aud"


@pytest.mark.parametrize("name", ["zeus-me", "hermes-app-event", "proxy", "actionkit-tools"])
def test_another_projects_id_in_the_path_gets_401(
    paragon_fake: FakeParagon, paragon_user: FakeUser, http: httpx.Client, name: str
) -> None:
    # The contract's 401 covers a token "for another project" (404 is not documented on
    # /sdk/me and most other operations): this project's token is not valid for another one.
    method, url, options = operation(paragon_fake, name)
    url = url.replace(paragon_fake.project.id, OTHER_PROJECT)
    response = http.request(method, url, headers=paragon_user.headers, **options)
    assert_unauthorized(response, f"not valid for project {OTHER_PROJECT}")
    assert paragon_fake.users.app_events() == []
    assert paragon_fake.users.credentials("user-1") == []


def test_another_projects_id_on_an_unauthenticated_operation_gets_404(
    paragon_fake: FakeParagon, http: httpx.Client
) -> None:
    integration = paragon_fake.state.integration("salesforce").id
    trigger = str(uuid.UUID(int=9, version=4))
    url = f"{HERMES}/triggers/connect/{OTHER_PROJECT}/{integration}/custom-triggers/{trigger}"
    response = http.post(url, json={"event": "ping"})
    assert response.status_code == 404
    assert response.json() == {
        "statusCode": 404,
        "message": f"Project {OTHER_PROJECT} not found.",
        "error": "Not Found",
    }
    assert paragon_fake.state.inbound_webhooks == []


# -- Task History: the project API key ----------------------------------------------------------


def task_history_url(fake: FakeParagon, project_id: str | None = None) -> str:
    return f"{ZEUS}/projects/{project_id or fake.project.id}/task-history/workflow-executions"


def test_user_token_and_api_key_are_not_interchangeable(
    paragon_fake: FakeParagon, paragon_user: FakeUser, http: httpx.Client
) -> None:
    response = http.get(task_history_url(paragon_fake), headers=paragon_user.headers)
    assert_unauthorized(response, "invalid API key")
    key = paragon_fake.project.apiKeys[0]
    assert_unauthorized(send(http, me(paragon_fake), f"Bearer {key}"), "malformed token")


@pytest.mark.parametrize(
    ("authorization", "project"),
    [
        pytest.param("Bearer not-the-key", None, id="wrong-key"),
        pytest.param(None, None, id="missing"),
        pytest.param("KEY", None, id="key-without-bearer"),
        pytest.param("Bearer KEY", OTHER_PROJECT, id="key-for-another-project"),
    ],
)
def test_task_history_refuses_anything_but_the_api_key(
    paragon_fake: FakeParagon, http: httpx.Client, authorization: str | None, project: str | None
) -> None:
    if authorization is not None:
        authorization = authorization.replace("KEY", paragon_fake.project.apiKeys[0])
    url = task_history_url(paragon_fake, project)
    assert_unauthorized(send(http, ("GET", url, {}), authorization))


@pytest.mark.paragon(validate_responses=False)  # Task History may still answer 501 (undocumented)
def test_task_history_accepts_the_project_api_key(
    paragon_fake: FakeParagon, http: httpx.Client
) -> None:
    key = paragon_fake.project.apiKeys[0]
    response = http.get(task_history_url(paragon_fake), headers={"Authorization": f"Bearer {key}"})
    assert response.status_code != 401, response.text
    assert paragon_fake.requests()[-1].operation_id == "listWorkflowExecutions"


# -- JWT permissions ----------------------------------------------------------------------------


@pytest.fixture
def two_integrations(paragon_fake: FakeParagon) -> None:
    for integration in ("salesforce", "hubspot"):
        paragon_fake.users.connect("user-p", integration)
        paragon_fake.proxy.on(integration, {"integration": integration}, optional=True)


def proxy_call(
    fake: FakeParagon,
    http: httpx.Client,
    user: FakeUser,
    integration: str,
    credential: str | None = None,
    configuration: str | None = None,
) -> httpx.Response:
    url = f"{PROXY}/projects/{fake.project.id}/sdk/proxy/{integration}/v1/things"
    headers = dict(user.headers)
    if credential is not None:
        headers["X-Paragon-Credential"] = credential
    if configuration is not None:
        headers["X-Paragon-Configuration-Id"] = configuration
    return http.get(url, headers=headers)


def proxied(fake: FakeParagon, integration: str) -> int:
    return sum(len(r.calls) for r in fake.state.proxy_handlers if r.integration == integration)


@pytest.mark.usefixtures("two_integrations")
def test_a_claim_that_forbids_the_integration_gets_403_7210_on_the_proxy(
    paragon_fake: FakeParagon, paragon_user_factory: Callable[..., FakeUser], http: httpx.Client
) -> None:
    user = paragon_user_factory("user-p", permissions={"integration:hubspot": True})
    assert_forbidden(proxy_call(paragon_fake, http, user, "salesforce"))
    assert proxied(paragon_fake, "salesforce") == 0
    assert paragon_fake.requests()[-1].status == 403


@pytest.mark.usefixtures("two_integrations")
def test_integration_scope_allows_that_integration_only(
    paragon_fake: FakeParagon, paragon_user_factory: Callable[..., FakeUser], http: httpx.Client
) -> None:
    user = paragon_user_factory("user-p", permissions={"integration:salesforce": True})
    allowed = proxy_call(paragon_fake, http, user, "salesforce")
    assert allowed.status_code == 200
    assert allowed.json() == {"output": {"integration": "salesforce"}}
    assert_forbidden(proxy_call(paragon_fake, http, user, "hubspot"))
    assert (proxied(paragon_fake, "salesforce"), proxied(paragon_fake, "hubspot")) == (1, 0)


@pytest.mark.usefixtures("two_integrations")
def test_a_specific_integration_scope_overrides_the_wildcard(
    paragon_fake: FakeParagon, paragon_user_factory: Callable[..., FakeUser], http: httpx.Client
) -> None:
    permissions = {"integration:*": True, "integration:hubspot": False}
    user = paragon_user_factory("user-p", permissions=permissions)
    assert proxy_call(paragon_fake, http, user, "salesforce").status_code == 200
    assert_forbidden(proxy_call(paragon_fake, http, user, "hubspot"))


@pytest.mark.usefixtures("two_integrations")
def test_no_permissions_claim_means_no_restriction(
    paragon_fake: FakeParagon, paragon_user_factory: Callable[..., FakeUser], http: httpx.Client
) -> None:
    user = paragon_user_factory("user-p")
    for integration in ("salesforce", "hubspot"):
        assert proxy_call(paragon_fake, http, user, integration).status_code == 200


@pytest.fixture
def two_accounts(paragon_fake: FakeParagon) -> tuple[str, str]:
    first = paragon_fake.users.connect("user-p", "salesforce", external_id="acct-a")
    second = paragon_fake.users.connect("user-p", "salesforce", external_id="acct-b")
    paragon_fake.proxy.on("salesforce", {"ok": True}, optional=True)
    return first.id, second.id


def test_a_credential_scope_overrides_an_allowed_integration(
    paragon_fake: FakeParagon,
    paragon_user_factory: Callable[..., FakeUser],
    http: httpx.Client,
    two_accounts: tuple[str, str],
) -> None:
    first, second = two_accounts
    permissions = {"integration:salesforce": {f"credential:{first}": False}}
    user = paragon_user_factory("user-p", permissions=permissions)
    for selector in (first, "ext:acct-a", "acct-a"):  # every way of naming the same account
        assert_forbidden(proxy_call(paragon_fake, http, user, "salesforce", selector))
    assert_forbidden(proxy_call(paragon_fake, http, user, "salesforce"))  # primary = first
    for selector in (second, "ext:acct-b"):
        assert proxy_call(paragon_fake, http, user, "salesforce", selector).status_code == 200
    calls = paragon_fake.state.proxy_handlers[0].calls
    assert [call.credential_id for call in calls] == [second, second]


def test_a_credential_scope_can_allow_under_a_forbidden_integration(
    paragon_fake: FakeParagon,
    paragon_user_factory: Callable[..., FakeUser],
    http: httpx.Client,
    two_accounts: tuple[str, str],
) -> None:
    first, second = two_accounts
    permissions = {"integration:salesforce": False, f"credential:{second}": True}
    user = paragon_user_factory("user-p", permissions=permissions)
    assert proxy_call(paragon_fake, http, user, "salesforce", second).status_code == 200
    assert_forbidden(proxy_call(paragon_fake, http, user, "salesforce", first))


def test_a_configuration_scope_overrides_its_credential(
    paragon_fake: FakeParagon,
    paragon_user_factory: Callable[..., FakeUser],
    http: httpx.Client,
    two_accounts: tuple[str, str],
) -> None:
    first, _ = two_accounts
    credential = paragon_fake.state.credentials[first]
    eu = connect_domain.create_configuration(paragon_fake.state, credential, external_id="eu")
    permissions = {"integration:salesforce": {"configuration:ext:eu": False}}
    user = paragon_user_factory("user-p", permissions=permissions)
    for selector in (eu.id, "ext:eu", "eu"):
        assert_forbidden(proxy_call(paragon_fake, http, user, "salesforce", first, selector))
    assert proxy_call(paragon_fake, http, user, "salesforce", first).status_code == 200


@pytest.mark.usefixtures("two_integrations")
def test_forbidden_integration_is_refused_whatever_names_it(
    paragon_fake: FakeParagon, paragon_user_factory: Callable[..., FakeUser], http: httpx.Client
) -> None:
    user = paragon_user_factory("user-p", permissions={"integration:hubspot": True})
    project = paragon_fake.project.id
    salesforce = paragon_fake.state.integration("salesforce")
    credential = paragon_fake.users.credential("user-p", "salesforce")
    by_id = f"{PROXY}/projects/{project}/sdk/proxy/custom/{salesforce.id}/v1/things"
    assert_forbidden(http.get(by_id, headers=user.headers))
    assert_forbidden(
        http.get(f"{ZEUS}/projects/{project}/sdk/credentials/{credential.id}", headers=user.headers)
    )
    uninstall = f"{ZEUS}/projects/{project}/sdk/integrations/{salesforce.id}"
    assert_forbidden(http.delete(uninstall, headers=user.headers))
    assert paragon_fake.users.credentials("user-p", "salesforce") == [credential]  # still connected
    assert proxied(paragon_fake, "salesforce") == 0


@pytest.mark.parametrize(
    "permissions",
    [
        pytest.param({}, id="empty"),
        pytest.param({"integration:*": False}, id="no-integration"),
        pytest.param({"credential:*": False}, id="no-credential"),
        pytest.param({"configuration:*": False}, id="no-configuration"),
        pytest.param({"integration:salesforce": True}, id="one-integration"),
        pytest.param({"integration:hubspot": ["actionkit"]}, id="actionkit-only"),
    ],
)
def test_sdk_me_is_allowed_with_any_permissions_claim(
    paragon_fake: FakeParagon,
    paragon_user_factory: Callable[..., FakeUser],
    http: httpx.Client,
    permissions: dict[str, Any],
) -> None:
    paragon_fake.users.connect("user-p", "hubspot")
    user = paragon_user_factory("user-p", permissions=permissions)
    response = send(http, me(paragon_fake), f"Bearer {user.token}")
    assert response.status_code == 200
    assert response.json()["userId"] == "user-p"


def test_an_app_event_about_no_integration_is_allowed_by_a_narrow_claim(
    paragon_fake: FakeParagon, paragon_user_factory: Callable[..., FakeUser], http: httpx.Client
) -> None:
    user = paragon_user_factory("user-p", permissions={"integration:salesforce": True})
    response = send(http, operation(paragon_fake, "hermes-app-event"), f"Bearer {user.token}")
    assert response.status_code == 201
    assert [event.user_id for event in paragon_fake.users.app_events("Contact Created")] == [
        "user-p"
    ]


def test_actionkit_needs_the_actionkit_permission(
    paragon_fake: FakeParagon, paragon_user_factory: Callable[..., FakeUser], http: httpx.Client
) -> None:
    visible_only = paragon_user_factory("user-p", permissions={"integration:salesforce": True})
    assert_forbidden(
        send(http, operation(paragon_fake, "actionkit-tools"), f"Bearer {visible_only.token}")
    )
    paragon_fake.validate_responses = False  # ActionKit may still answer 501 (undocumented)
    allowed = paragon_user_factory("user-q", permissions={"integration:salesforce": ["actionkit"]})
    response = send(http, operation(paragon_fake, "actionkit-tools"), f"Bearer {allowed.token}")
    assert response.status_code not in {401, 403}, response.text


# -- expiry on the fake's clock -----------------------------------------------------------------


def test_a_token_expires_with_the_fakes_clock_even_after_a_cached_verification(
    paragon_fake: FakeParagon, paragon_user_factory: Callable[..., FakeUser]
) -> None:
    paragon_fake.clock.freeze(1_800_000_000.0)
    user = paragon_user_factory("user-exp", ttl=60)
    assert user.client.get("/sdk/me").status_code == 200
    assert user.token in paragon_fake.verifier._cache  # verified once, cached
    paragon_fake.clock.advance(59)
    assert user.client.get("/sdk/me").status_code == 200
    paragon_fake.clock.advance(1)
    body = assert_unauthorized(user.client.get("/sdk/me"), "token expired")
    assert body["message"] == "Unauthorized"
    assert [entry.user_id for entry in paragon_fake.requests()] == ["user-exp", "user-exp", None]


def test_a_not_yet_valid_token_becomes_valid_when_the_clock_gets_there(
    paragon_fake: FakeParagon, paragon_bad_tokens: BadTokens, http: httpx.Client
) -> None:
    paragon_fake.clock.freeze(1_800_000_000.0)
    token = paragon_bad_tokens.not_yet_valid()
    assert_unauthorized(send(http, me(paragon_fake), f"Bearer {token}"), "not yet valid")
    paragon_fake.clock.advance(3600)
    response = send(http, me(paragon_fake), f"Bearer {token}")
    assert response.status_code == 200
    assert response.json()["userId"] == paragon_bad_tokens.sub
