"""The fake through the plugin, seen from a user's test suite (``pytester``).

Covers how contract violations and unused registrations fail a test (FAILED, not ERROR), the four
ways to turn strict checking off, ``immediate`` mode, respx interception of any httpx client for
the cloud and on-prem Paragon hosts (and the refusal of other hosts), the user fixtures, and the
options that shape the fake: ``--paragon-random-seed``, ``--paragon-project-file``,
``--paragon-signing-key``; and that ``pytest --fixtures`` documents every ``paragon_`` fixture.
"""

from __future__ import annotations

import inspect
from pathlib import Path

import pytest
from _pytest.fixtures import FixtureFunctionDefinition

from pytest_paragon import fixtures as fixtures_module
from pytest_paragon.fake.entrances.transport import CLOUD_HOSTS
from pytest_paragon.files import write_atomically
from pytest_paragon.tokens import SigningKey

BREAKS_THE_CONTRACT = """
def test_breaks(paragon_user):
    response = paragon_user.client.patch("/sdk/me", json={"meta": "Ada"})
    assert response.status_code == 400

def test_fine(paragon_user):
    assert paragon_user.client.get("/sdk/me").status_code == 200
"""

EXTRA_PROPERTY = """
import pytest

MARKER
def test_extra(paragon_fake, paragon_user):
    response = paragon_user.client.patch("/sdk/me", json={"meta": {"Name": "B"}, "extra": 1})
    assert response.status_code == 200
    assert paragon_fake.users.metadata("user-1")["Name"] == "B"
    assert paragon_fake.strict == "off"
    assert paragon_fake._violations == []
"""

CLIENT_CODE = """
import httpx

def fetch_me(base_url, token):
    with httpx.Client() as client:
        response = client.get(f"{base_url}/sdk/me", headers={"Authorization": f"Bearer {token}"})
    return response.status_code, response.json()

async def fetch_me_async(base_url, token):
    async with httpx.AsyncClient() as client:
        response = await client.get(
            f"{base_url}/sdk/me", headers={"Authorization": f"Bearer {token}"}
        )
    return response.status_code, response.json()
"""

CALLS_HOSTS = """
import asyncio
import pytest
from client_code import fetch_me, fetch_me_async

# strict off: the wrong-host 404s are the point here, not a failure of the inner test
@pytest.mark.paragon(strict="off")
@pytest.mark.parametrize("host", HOSTS)
def test_host(paragon_fake, paragon_user, host):
    base = f"https://{host}/projects/{paragon_fake.project.id}"
    status, body = fetch_me(base, paragon_user.token)
    status_async, body_async = asyncio.run(fetch_me_async(base, paragon_user.token))
    if host.split(".")[0] in ("zeus", "api"):  # getConnectedUser's own hosts
        assert (status, body) == (200, paragon_user.client.get("/sdk/me").json())
        assert (status_async, body_async["userId"]) == (200, "user-1")
        expected = [host, host, "zeus.useparagon.com"]
    else:  # answered by the fake all the same: the 404 the real host gives, naming zeus
        assert (status, status_async) == (404, 404)
        assert "getConnectedUser is served by zeus." in body["message"]
        assert [(e.host, e.operation_id) for e in paragon_fake.journal] == [(host, None)] * 2
        expected = []
    assert [entry.host for entry in paragon_fake.requests("getConnectedUser")] == expected
"""


def run(pytester: pytest.Pytester, *args: str) -> pytest.RunResult:
    """Run the inner session in process; the fake's answers are checked against the contract too."""
    return pytester.runpytest("--paragon-validate-responses=true", *args)


# -- contract violations and unused registrations ---------------------------------------------


def test_breaking_the_contract_is_a_failure_with_the_summary(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(BREAKS_THE_CONTRACT)
    result = run(pytester)
    result.assert_outcomes(passed=1, failed=1, errors=0)
    result.stdout.fnmatch_lines(
        [
            '*ContractViolationError: Request violates the Paragon contract: "Ada" is not of type '
            '"object"',
            "*where: updateConnectedUserMetadata (PATCH /projects/{projectId}/sdk/me), "
            "request body/meta, schema path components/schemas/PersonaMeta/type",
            "*remedy: fix the request; or opt out with @pytest.mark.paragon(strict='off')*",
            "FAILED test_breaking_the_contract_is_a_failure_with_the_summary.py::test_breaks*",
        ]
    )


def test_an_unknown_operation_lists_the_nearest_ones(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        "def test_typo(paragon_user):\n"
        "    assert paragon_user.client.get('/sdk/integration').status_code == 404\n"
    )
    result = run(pytester)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*no documented operation for GET /projects/*/sdk/integration",
            "*nearest:",
            "*- /projects/{projectId}/sdk/integrations",
        ]
    )


@pytest.mark.parametrize("how", ["marker", "paragon_config", "ini", "cli"])
def test_strict_off(pytester: pytest.Pytester, how: str) -> None:
    marker = '@pytest.mark.paragon(strict="off")' if how == "marker" else ""
    pytester.makepyfile(EXTRA_PROPERTY.replace("MARKER", marker))
    if how == "paragon_config":
        pytester.makeconftest(
            "import pytest\n\n@pytest.fixture\n"
            "def paragon_config():\n    return {'strict': 'off'}\n"
        )
    if how == "ini":
        pytester.makeini("[pytest]\nparagon_strict = off\n")
    args = ["--paragon-strict=off"] if how == "cli" else []
    run(pytester, *args).assert_outcomes(passed=1)


def test_without_opting_out_the_same_request_fails(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(EXTRA_PROPERTY.replace("MARKER", ""))
    result = run(pytester)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*assert 400 == 200*"])


def test_an_unknown_strict_mode_in_a_marker_is_refused(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        "import pytest\n\n@pytest.mark.paragon(strict='sometimes')\n"
        "def test_x(paragon_fake):\n    pass\n"
    )
    result = run(pytester)
    assert result.ret != 0
    result.stdout.fnmatch_lines(
        ["*Invalid value for strict: 'sometimes'*", "*expected: one of teardown, immediate, off*"]
    )


def test_an_unused_proxy_registration_fails_the_test(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        def test_unused(paragon_fake):
            paragon_fake.proxy.on("slack", {"ok": True}, method="POST", path="/chat.postMessage")

        def test_unused_trigger(paragon_fake):
            workflow = paragon_fake.users.workflow_id("slack", request_trigger=True)
            paragon_fake.triggers.on(workflow, {})

        def test_optional(paragon_fake):
            paragon_fake.proxy.on("slack", {"ok": True}, optional=True)

        def test_used(paragon_fake, paragon_user):
            paragon_user.connect("slack")
            paragon_fake.proxy.on("slack", {"ok": True})
            response = paragon_user.client.get("/sdk/proxy/slack/auth.test")
            assert response.json() == {"output": {"ok": True}}
        """
    )
    result = run(pytester, "-rA")
    result.assert_outcomes(passed=2, failed=2, errors=0)
    result.stdout.fnmatch_lines(
        [
            "*UnusedAnswerError: proxy.on('slack', method='POST', path='/chat.postMessage') was "
            "registered but never called",
            "*remedy: remove it, register it with optional=True, or opt out for the test with "
            "@pytest.mark.paragon(allow_unused_answers=True)",
        ]
    )
    result.stdout.fnmatch_lines(
        ["*UnusedAnswerError: triggers.on(*) was registered but never called"]
    )
    result.stdout.fnmatch_lines(["PASSED *::test_optional", "PASSED *::test_used"])


def test_an_unused_registration_fails_even_with_strict_off(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        "import pytest\n\n@pytest.mark.paragon(strict='off')\n"
        "def test_unused(paragon_fake):\n    paragon_fake.proxy.on('slack', {'ok': True})\n"
    )
    run(pytester).assert_outcomes(failed=1)


@pytest.mark.parametrize("how", ["marker", "cli"])
def test_immediate_mode_fails_at_the_request(pytester: pytest.Pytester, how: str) -> None:
    marker = '@pytest.mark.paragon(strict="immediate")' if how == "marker" else ""
    pytester.makepyfile(
        f"""
        import pytest

        {marker}
        def test_immediate(paragon_user):
            paragon_user.client.patch("/sdk/me", json={{"meta": "Ada"}})
            raise RuntimeError("after the request")
        """
    )
    args = ["--paragon-strict=immediate"] if how == "cli" else []
    result = run(pytester, *args)
    result.assert_outcomes(failed=1, errors=0)
    result.stdout.fnmatch_lines(
        [
            '>*paragon_user.client.patch("/sdk/me", json={"meta": "Ada"})',
            "*ContractViolationError: Request violates the Paragon contract: "
            '"Ada" is not of type "object"',
        ]
    )
    result.stdout.no_fnmatch_line("*after the request*")


# -- interception -----------------------------------------------------------------------------


def test_clients_created_anywhere_are_intercepted_for_every_cloud_host(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(client_code=CLIENT_CODE)
    pytester.makepyfile(CALLS_HOSTS.replace("HOSTS", repr(list(CLOUD_HOSTS))))
    pytester.syspathinsert()
    run(pytester).assert_outcomes(passed=len(CLOUD_HOSTS))


# The five services, and the trigger kit's on-prem host (reference section 3.1).
ONPREM = ["zeus", "hermes", "worker-proxy", "worker-actionkit", "sync", "api-triggerkit"]


def test_onprem_hosts_are_intercepted_with_the_option(pytester: pytest.Pytester) -> None:
    hosts = [f"{service}.paragon.acme.test" for service in ONPREM]
    pytester.makepyfile(client_code=CLIENT_CODE)
    pytester.makepyfile(CALLS_HOSTS.replace("HOSTS", repr(hosts)))
    pytester.syspathinsert()
    result = run(pytester, "--paragon-onprem-host=paragon.acme.test")
    result.assert_outcomes(passed=len(hosts))


def test_onprem_hosts_are_not_paragon_without_the_option(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(client_code=CLIENT_CODE)
    pytester.makepyfile(
        """
        import pytest
        import respx
        from client_code import fetch_me

        def test_refused(paragon_fake, paragon_user):
            with pytest.raises(respx.models.AllMockedAssertionError):
                fetch_me("https://zeus.paragon.acme.test/projects/x", paragon_user.token)
            assert paragon_fake.journal == []
        """
    )
    pytester.syspathinsert()
    run(pytester).assert_outcomes(passed=1)


def test_other_hosts_raise_and_never_reach_the_network(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import asyncio
        import httpx
        import pytest
        import respx

        URLS = [
            "https://api.example.com/v1/things",
            "http://127.0.0.1:9/",
            "https://connect.useparagon.com/ui",
            "https://useparagon.com.evil.test/projects",
        ]

        @pytest.mark.parametrize("url", URLS)
        def test_sync(paragon_fake, url):
            with pytest.raises(respx.models.AllMockedAssertionError, match="not mocked"):
                httpx.get(url)
            assert paragon_fake.journal == []

        def test_async(paragon_fake):
            async def call():
                async with httpx.AsyncClient() as client:
                    await client.get("https://api.example.com/v1/things")
            with pytest.raises(respx.models.AllMockedAssertionError):
                asyncio.run(call())

        def test_own_routes_next_to_the_fake(paragon_fake, paragon_user):
            paragon_fake.router.get("https://api.example.com/x").respond(json={"mine": True})
            assert httpx.get("https://api.example.com/x").json() == {"mine": True}
            base = f"https://zeus.useparagon.com/projects/{paragon_fake.project.id}"
            assert httpx.get(f"{base}/sdk/me", headers=paragon_user.headers).status_code == 200
        """
    )
    run(pytester).assert_outcomes(passed=6)


def test_injected_transports_are_served_by_the_fake(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import asyncio
        import httpx

        def test_transports(paragon_fake, paragon_user):
            base = f"https://anything.invalid/projects/{paragon_fake.project.id}"
            transport = paragon_fake.transport()
            with httpx.Client(transport=transport, headers=paragon_user.headers) as client:
                assert client.get(f"{base}/sdk/me").json()["userId"] == "user-1"

            async def call():
                async with httpx.AsyncClient(
                    transport=paragon_fake.async_transport(), headers=paragon_user.headers
                ) as client:
                    return (await client.get(f"{base}/sdk/me")).json()["userId"]

            assert asyncio.run(call()) == "user-1"

            async def user_async():
                async with paragon_user.async_client() as client:
                    return (await client.get("/sdk/me")).status_code

            assert asyncio.run(user_async()) == 200
            assert len(paragon_fake.requests("getConnectedUser")) == 3
        """
    )
    run(pytester).assert_outcomes(passed=1)


# -- the user fixtures ----------------------------------------------------------------------------


def test_paragon_user(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import jwt

        def test_user(paragon_user, paragon_signing_key, paragon_fake, paragon_project):
            claims = jwt.decode(
                paragon_user.token, paragon_signing_key.public_key, algorithms=["RS256"]
            )
            assert claims["sub"] == paragon_user.id == "user-1"
            assert claims["exp"] - claims["iat"] == 3600
            assert "aud" not in claims
            assert paragon_user.headers == {"Authorization": f"Bearer {paragon_user.token}"}
            client = paragon_user.client
            assert client is paragon_user.client
            assert str(client.base_url) == (
                f"https://zeus.useparagon.com/projects/{paragon_project.id}/"
            )
            me = client.get("/sdk/me").json()
            assert me["userId"] == "user-1"
            assert me["meta"] == paragon_fake.users.metadata("user-1")
            assert me["meta"]["Name"] == "Ada Lovelace"
            assert me["meta"]["Email"] == "ada@example.com"
            assert paragon_fake.project.id == paragon_project.id
        """
    )
    run(pytester).assert_outcomes(passed=1)


def test_paragon_user_factory(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import jwt
        from pytest_paragon.tokens import PERMISSIONS_CLAIM

        def test_users(paragon_user_factory, paragon_fake, paragon_signing_key):
            first = paragon_user_factory(meta={"Name": "One"})
            second = paragon_user_factory("custom-id", meta={"Email": "two@example.com"})
            limited = paragon_user_factory(
                permissions={"integration:salesforce": True}, audience=True, ttl=60
            )
            assert [u.id for u in (first, second, limited)] == ["user-1", "custom-id", "user-2"]
            assert len({first.token, second.token, limited.token}) == 3
            assert first.client.get("/sdk/me").json()["meta"] == {"Name": "One"}
            assert second.client.get("/sdk/me").json()["meta"]["Email"] == "two@example.com"
            claims = jwt.decode(
                limited.token,
                paragon_signing_key.public_key,
                algorithms=["RS256"],
                audience=f"useparagon.com/{paragon_fake.project.id}",
            )
            assert claims[PERMISSIONS_CLAIM] == {"integration:salesforce": True}
            assert claims["exp"] - claims["iat"] == 60
            for user in (first, limited):
                user.connect("salesforce")
                user.connect("hubspot")
            allowed = limited.client.get("/sdk/credentials", params={"integration": "salesforce"})
            assert allowed.status_code == 200
            denied = limited.client.get("/sdk/credentials", params={"integration": "hubspot"})
            assert denied.status_code == 403
            assert denied.json()["code"] == "7210"
            assert first.client.get(
                "/sdk/credentials", params={"integration": "hubspot"}
            ).status_code == 200
        """
    )
    run(pytester).assert_outcomes(passed=1)


def test_factory_users_are_distinct_from_paragon_user(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        "def test_two(paragon_user, paragon_user_factory):\n"
        "    assert paragon_user_factory().id != paragon_user.id\n"
    )
    run(pytester).assert_outcomes(passed=1)


# -- options that shape the fake --------------------------------------------------------------


SEEDED = """
import pytest

MARKER
def test_ids(paragon_fake, paragon_user):
    credential = paragon_user.connect("salesforce")
    persona = paragon_fake.state.users["user-1"].persona_id
    with open("ids.txt", "a") as out:
        out.write(f"{credential.id} {credential.default_configuration.id} {persona}\\n")
"""


def run_for_ids(pytester: pytest.Pytester, *args: str) -> str:
    ids = pytester.path / "ids.txt"
    ids.unlink(missing_ok=True)
    run(pytester, *args).assert_outcomes(passed=1)
    return ids.read_text()


def test_seed_makes_ids_reproducible(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(SEEDED.replace("MARKER", ""))
    first = run_for_ids(pytester, "--paragon-random-seed=7")
    again = run_for_ids(pytester, "--paragon-random-seed=7")
    other = run_for_ids(pytester, "--paragon-random-seed=8")
    assert first == again
    assert len(set(first.split())) == 3
    assert set(first.split()).isdisjoint(other.split())


def test_seed_from_the_marker(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(SEEDED.replace("MARKER", "@pytest.mark.paragon(random_seed=7)"))
    assert run_for_ids(pytester) == run_for_ids(pytester, "--paragon-random-seed=7")


PROJECT_YAML = """\
id: 9d1c7a52-0000-4000-8000-000000000001
integrations:
  - type: acme
    name: Acme CRM
    workflows:
      - {description: Sync contacts, defaultEnabled: true}
  - type: globex
    name: Globex
    brandColor: "#123456"
"""


def test_project_file_is_served_by_sdk_integrations(pytester: pytest.Pytester) -> None:
    project = pytester.path / "project.yaml"
    project.write_text(PROJECT_YAML)
    pytester.makepyfile(
        """
        def test_project(paragon_fake, paragon_user):
            assert paragon_fake.project.id == "9d1c7a52-0000-4000-8000-000000000001"
            response = paragon_user.client.get("/sdk/integrations")
            assert response.status_code == 200
            listed = response.json()
            assert [(i["type"], i["name"]) for i in listed] == [
                ("acme", "Acme CRM"), ("globex", "Globex")
            ]
            assert listed[1]["brandColor"] == "#123456"
            assert paragon_user.client.get("/sdk/proxy/salesforce/x").status_code == 404
        """
    )
    run(pytester, f"--paragon-project-file={project}").assert_outcomes(passed=1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "integrations:\n  - type: acme\n    name: Acme\n    workflows:\n"
            "      - {defaultEnabled: true}\n",
            [
                "E *ParagonUsageError: The project file does not match the project schema: "
                "Field required",
                "E *where: */project.yaml at integrations.0.workflows.0.description",
                "E *remedy: see the README's project file section for every key*",
            ],
        ),
        (
            "integrations:\n  - type: acme\n    name: [unclosed\n",
            ["*FileProblem*", "E * Cannot load the project file: *", "E *where: */project.yaml:4*"],
        ),
    ],
    ids=["schema", "yaml"],
)
def test_a_broken_project_file_names_the_file_and_place(
    pytester: pytest.Pytester, text: str, expected: list[str]
) -> None:
    project = pytester.path / "project.yaml"
    project.write_text(text)
    pytester.makepyfile("def test_project(paragon_fake):\n    pass\n")
    result = run(pytester, f"--paragon-project-file={project}")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(expected, consecutive=False)


def test_signing_key_from_a_pem_file(pytester: pytest.Pytester, tmp_path: Path) -> None:
    key = SigningKey.generate()
    pem = tmp_path / "signing-key.pem"
    write_atomically(pem, key.private_pem())
    public = tmp_path / "public.pem"
    public.write_bytes(key.public_pem())
    pytester.makepyfile(
        f"""
        import pathlib

        import jwt

        def test_key(paragon_signing_key, paragon_user):
            public = pathlib.Path({str(public)!r}).read_bytes()
            assert paragon_signing_key.public_pem() == public
            assert jwt.decode(paragon_user.token, public, algorithms=["RS256"])["sub"] == "user-1"
            assert paragon_user.client.get("/sdk/me").status_code == 200
        """
    )
    run(pytester, f"--paragon-signing-key={pem}").assert_outcomes(passed=1)


def test_a_broken_signing_key_file_is_reported(pytester: pytest.Pytester, tmp_path: Path) -> None:
    pem = tmp_path / "broken.pem"
    pem.write_text("-----BEGIN PRIVATE KEY-----\nnot base64\n-----END PRIVATE KEY-----\n")
    pytester.makepyfile("def test_key(paragon_signing_key):\n    pass\n")
    result = run(pytester, f"--paragon-signing-key={pem}")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*ParagonError: Not a usable private key PEM*"])


# -- pytest --fixtures --------------------------------------------------------------------------


def paragon_fixtures() -> dict[str, str]:
    return {
        name: inspect.getdoc(value) or ""
        for name, value in vars(fixtures_module).items()
        if name.startswith("paragon_") and isinstance(value, FixtureFunctionDefinition)
    }


def test_fixtures_listing_documents_every_paragon_fixture(pytester: pytest.Pytester) -> None:
    documented = paragon_fixtures()
    assert set(documented) >= {
        "paragon_contract",
        "paragon_config",
        "paragon_signing_key",
        "paragon_project",
        "paragon_fake",
        "paragon_user_factory",
        "paragon_user",
        "paragon_bad_tokens",
    }
    for name, doc in documented.items():
        assert doc, f"{name} has no docstring"
        assert "\n" not in doc, f"{name}'s docstring is not one line"
    pytester.makepyfile("def test_nothing():\n    pass\n")
    result = pytester.runpytest("--fixtures")
    result.assert_outcomes()
    for name, doc in documented.items():
        result.stdout.fnmatch_lines([f"{name}*-- *fixtures.py:*", f"    {doc}"])
    result.stdout.no_fnmatch_line("paragon_*no docstring available*")
