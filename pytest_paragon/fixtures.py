"""Fixtures of pytest-paragon: thin adapters over pytest-free objects.

Listed in ``plugin.pytest_plugins``. Heavy libraries are imported inside the fixture functions, so
that loading the plugin costs nothing until a test uses a fixture.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from pytest_paragon.keys import CASSETTE_KEY, FAKE_KEY, INTERCEPTION_KEY
from pytest_paragon.options import resolve

if TYPE_CHECKING:
    from pytest_paragon.cassettes.recorder import CassetteSession
    from pytest_paragon.contract import Contract
    from pytest_paragon.fake.base.project import ProjectSpec
    from pytest_paragon.fake.core import FakeParagon
    from pytest_paragon.fake.entrances.users import FakeUser
    from pytest_paragon.sdk.install_flow import InstallFlow
    from pytest_paragon.tokens import BadTokens, SigningKey
    from pytest_paragon.webhooks import WebhookRelay


def _setting(request: pytest.FixtureRequest, name: str, overrides: Mapping[str, Any]) -> Any:
    marker = request.node.get_closest_marker("paragon")
    return resolve(request.config, name, marker=marker, overrides=overrides)


@pytest.fixture(scope="session")
def paragon_contract(pytestconfig: pytest.Config) -> Contract:
    """The Paragon OpenAPI 3.1 contract (bundled, a file, or --paragon-sdk-version's), once."""
    from pytest_paragon.contract import load_contract
    from pytest_paragon.coverage.plugin import session_contract_path

    return load_contract(session_contract_path(pytestconfig))


def _followed_version(config: pytest.Config, contract: Contract) -> str | None:
    """``auto`` when the fake should follow the SDK version: only on the bundled contract.

    A contract the test chose (a file, ``--paragon-sdk-version``, an overridden
    ``paragon_contract``) is the one every request is held to.
    """
    from pytest_paragon.contract.history import AUTO
    from pytest_paragon.contract.loader import default_contract_path

    if resolve(config, "sdk_version") != AUTO or contract.path is None:
        return None
    return AUTO if Path(contract.path).resolve() == default_contract_path().resolve() else None


@pytest.fixture
def paragon_config() -> Mapping[str, Any]:
    """Override in a conftest or module to set per-test pytest-paragon settings for its tests."""
    return {}


@pytest.fixture(scope="session")
def paragon_signing_key(pytestconfig: pytest.Config) -> SigningKey:
    """The RSA key that signs user tokens: --paragon-signing-key, or one per session (worker)."""
    from pytest_paragon.tokens import SigningKey

    path = resolve(pytestconfig, "signing_key")
    return SigningKey.from_file(path) if path else SigningKey.generate()


@pytest.fixture
def paragon_project(
    request: pytest.FixtureRequest, paragon_config: Mapping[str, Any]
) -> ProjectSpec:
    """The fake's project: the default catalogue, or --paragon-project-file, under its id."""
    from pytest_paragon.fake.base.catalogue import default_project
    from pytest_paragon.fake.base.project import load_project

    path = _setting(request, "project_file", paragon_config)
    project = load_project(path) if path else default_project()
    project_id = _setting(request, "project_id", paragon_config)
    return project.with_id(project_id) if project_id else project


@pytest.fixture
def paragon_fake(
    request: pytest.FixtureRequest,
    paragon_config: Mapping[str, Any],
    paragon_project: ProjectSpec,
    paragon_signing_key: SigningKey,
    paragon_contract: Contract,
) -> Iterator[FakeParagon]:
    """The stateful fake Paragon; httpx and requests calls to a Paragon host are routed to it."""
    from pytest_paragon.fake.core import FakeParagon
    from pytest_paragon.fake.entrances.interception import intercept
    from pytest_paragon.fake.entrances.transport import paragon_hosts

    fake = FakeParagon(
        paragon_project,
        signing_key=paragon_signing_key,
        contract=paragon_contract,
        seed=_setting(request, "seed", paragon_config),
        strict=_setting(request, "strict", paragon_config),
        validate_responses=_setting(request, "validate_responses", paragon_config),
        trigger_timeout=float(_setting(request, "trigger_timeout", paragon_config)),
        allow_unmatched_stubs=_setting(request, "allow_unmatched_stubs", paragon_config),
        allow_unused_stubs=_setting(request, "allow_unused_stubs", paragon_config),
        journal_max_entries=_setting(request, "journal_max_entries", paragon_config),
        journal_max_bytes=_setting(request, "journal_max_bytes", paragon_config),
        sdk_version=_followed_version(request.config, paragon_contract),
    )
    request.node.stash[FAKE_KEY] = fake
    interception = intercept(fake, paragon_hosts(_setting(request, "onprem_host", paragon_config)))
    request.node.stash[INTERCEPTION_KEY] = interception
    fake.router = interception.router
    with interception:
        yield fake


@pytest.fixture(scope="session")
def _paragon_server_thread() -> Iterator[Any]:
    from pytest_paragon.fake.entrances.server import ParagonApp, ServerThread

    with ServerThread(ParagonApp(None)) as thread:
        yield thread


@pytest.fixture
def paragon_server(_paragon_server_thread: Any, paragon_fake: FakeParagon) -> Iterator[Any]:
    """The fake on a real loopback HTTP server (``.url``), sharing this test's ``paragon_fake``."""
    from pytest_paragon.fake.entrances.server import ParagonServer

    thread = _paragon_server_thread
    thread.app.fake = paragon_fake
    paragon_fake.router.route(host=thread.host, port=thread.port).pass_through()
    try:
        yield ParagonServer(url=thread.url, fake=paragon_fake)
    finally:
        thread.app.fake = None


@pytest.fixture
def paragon_user_factory(paragon_fake: FakeParagon) -> Iterator[Callable[..., FakeUser]]:
    """Make authenticated fake users: factory(user_id=None, *, meta, permissions, audience, ttl)."""
    from pytest_paragon.fake.entrances.users import make_user

    made: list[FakeUser] = []
    numbers = itertools.count(1)

    def next_free_id() -> str:
        taken = {user.id for user in made}
        return next(f"user-{n}" for n in numbers if f"user-{n}" not in taken)

    def factory(user_id: str | None = None, **options: Any) -> FakeUser:
        user = make_user(paragon_fake, user_id or next_free_id(), **options)
        made.append(user)
        return user

    yield factory
    for user in made:
        user.close()


@pytest.fixture
def paragon_user(paragon_user_factory: Callable[..., FakeUser]) -> FakeUser:
    """An authenticated fake user (id, token, meta, a ready httpx client with the bearer header)."""
    return paragon_user_factory("user-1", meta={"Name": "Ada Lovelace", "Email": "ada@example.com"})


@pytest.fixture
def paragon_install_flow(
    paragon_fake: FakeParagon, paragon_user: FakeUser
) -> Iterator[InstallFlow]:
    """The headless installFlow simulator for ``paragon_user`` (``.events``: the SDK events)."""
    from pytest_paragon.sdk.install_flow import InstallFlow
    from pytest_paragon.sdk.sdk_events import SdkEvents

    flow = InstallFlow(paragon_fake, paragon_user.token, events=SdkEvents(user=paragon_user))
    yield flow
    flow.close()


@pytest.fixture
def paragon_bad_tokens(paragon_fake: FakeParagon) -> BadTokens:
    """Tokens the fake must refuse (expired, wrong key, alg none, ...), for negative tests."""
    from pytest_paragon.tokens import BadTokens

    return BadTokens(paragon_fake.signing_key, paragon_fake.project.id, now=paragon_fake.clock)


@pytest.fixture
def paragon_webhooks(paragon_fake: FakeParagon) -> WebhookRelay:
    """Deliver the fake's trigger and Managed Sync webhooks to your receiver (``receive_with``)."""
    from pytest_paragon.webhooks import WebhookRelay

    return WebhookRelay(paragon_fake)


def _cassette_setting(
    request: pytest.FixtureRequest, name: str, marked: Mapping[str, Any], overrides: Any
) -> Any:
    """CLI > ``@pytest.mark.paragon_cassette`` > ``@pytest.mark.paragon`` > config > ini."""
    spec_flag = request.config.getoption("paragon_" + name, default=None)
    if spec_flag is None and name in marked:
        return marked[name]
    return _setting(request, name, overrides)


@pytest.fixture
def paragon_cassette(
    request: pytest.FixtureRequest,
    paragon_fake: FakeParagon,
    paragon_config: Mapping[str, Any],
    paragon_contract: Contract,
) -> Iterator[CassetteSession]:
    """Record and replay this test's Paragon traffic (record mode: --paragon-record-mode)."""
    from pytest_paragon.cassettes.forward import forwarding
    from pytest_paragon.cassettes.marker import MARKER, check
    from pytest_paragon.cassettes.recorder import CassetteSession
    from pytest_paragon.cassettes.redact import Redactor
    from pytest_paragon.cassettes.store import named_cassette_path, per_test_path

    marker = request.node.get_closest_marker(MARKER)
    marked = check(marker.args, marker.kwargs) if marker is not None else {}

    def value(name: str) -> Any:
        return _cassette_setting(request, name, marked, paragon_config)

    here = Path(str(request.node.path)).parent
    folder = here / str(value("cassette_dir"))
    if "path" in marked:
        path, shared = here / marked["path"], True
    elif "name" in marked:
        path, shared = named_cassette_path(folder, marked["name"]), True
    else:
        test = (
            request.node.name
            if request.cls is None
            else f"{request.cls.__name__}.{request.node.name}"
        )
        path, shared = per_test_path(folder, Path(str(request.node.path)).stem, test), False
    patterns = str(value("cassette_redact_patterns") or "").replace(" || ", "\n").splitlines()
    redactor = Redactor(
        headers=str(value("cassette_redact_headers") or "").split(","),
        json_paths=str(value("cassette_redact_json") or "").split(","),
        patterns=[pattern for pattern in patterns if pattern.strip()],
    )
    session = CassetteSession(
        path,
        mode=value("record_mode"),
        contract=paragon_contract,
        fallback=paragon_fake,
        on_miss=value("cassette_miss"),
        redactor=redactor,
        order=value("cassette_order"),
        strict=value("cassette_strict"),
        contract_check=value("cassette_contract"),
        shared=shared,
    )
    interception = request.node.stash[INTERCEPTION_KEY]
    previous, interception.fake = interception.fake, session
    request.node.stash[CASSETTE_KEY] = session
    try:
        with forwarding(interception, session):
            yield session
    finally:
        interception.fake = previous
        session.save()


@pytest.fixture(autouse=True)
def _paragon_cassette_marker(request: pytest.FixtureRequest) -> None:
    """``@pytest.mark.paragon_cassette`` alone (without the fixture) uses a cassette too."""
    if request.node.get_closest_marker("paragon_cassette") is not None:
        request.getfixturevalue("paragon_cassette")
