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
from pytest_paragon.options import session_settings, test_settings

if TYPE_CHECKING:
    from pathlib import Path

    from pytest_paragon.cassettes.recorder import CassetteSession
    from pytest_paragon.contract import Contract
    from pytest_paragon.fake.base.project import ProjectSpec
    from pytest_paragon.fake.core import FakeParagon
    from pytest_paragon.fake.entrances.users import FakeUser
    from pytest_paragon.resolution import ParagonSettings
    from pytest_paragon.sdk.install_flow import InstallFlow
    from pytest_paragon.tokens import BadTokens, SigningKey
    from pytest_paragon.webhooks import WebhookRelay


@pytest.fixture(scope="session")
def paragon_contract(pytestconfig: pytest.Config) -> Contract:
    """The Paragon OpenAPI 3.1 contract (bundled, a file, or --paragon-sdk-version's), once."""
    from pytest_paragon.contract import load_contract
    from pytest_paragon.coverage.plugin import session_contract_path

    return load_contract(session_contract_path(pytestconfig))


@pytest.fixture
def paragon_config() -> Mapping[str, Any]:
    """Override in a conftest or module to set per-test pytest-paragon settings for its tests."""
    return {}


@pytest.fixture
def paragon_settings(
    request: pytest.FixtureRequest, paragon_config: Mapping[str, Any]
) -> ParagonSettings:
    """The test's settings, resolved once: defaults < ini < command line < config < markers."""
    return test_settings(request.node, paragon_config)


@pytest.fixture(scope="session")
def paragon_signing_key(pytestconfig: pytest.Config) -> SigningKey:
    """The RSA key that signs user tokens: --paragon-signing-key, or the machine's test key."""
    from pytest_paragon.tokens import SigningKey

    path = session_settings(pytestconfig).signing_key
    return SigningKey.from_file(path) if path else SigningKey.cached()


@pytest.fixture
def paragon_project(paragon_settings: ParagonSettings) -> ProjectSpec:
    """The fake's project: the default catalogue, or --paragon-project-file, under its id."""
    from pytest_paragon.fake.base.catalogue import project_from_settings

    return project_from_settings(paragon_settings)


@pytest.fixture
def paragon_fake(
    request: pytest.FixtureRequest,
    paragon_settings: ParagonSettings,
    paragon_project: ProjectSpec,
    paragon_signing_key: SigningKey,
    paragon_contract: Contract,
) -> Iterator[FakeParagon]:
    """The stateful fake Paragon; httpx and requests calls to a Paragon host are routed to it."""
    from pytest_paragon.fake.core import FakeParagon
    from pytest_paragon.fake.entrances.interception import intercept
    from pytest_paragon.fake.entrances.transport import paragon_hosts

    fake = FakeParagon.from_settings(
        paragon_settings,
        paragon_project,
        signing_key=paragon_signing_key,
        contract=paragon_contract,
    )
    request.node.stash[FAKE_KEY] = fake
    interception = intercept(fake, paragon_hosts(paragon_settings.onprem_host))
    request.node.stash[INTERCEPTION_KEY] = interception
    fake.route_other_hosts_from(interception)  # fake.router: made when first read
    with interception:
        yield fake


@pytest.fixture(scope="session")
def _paragon_server_thread() -> Iterator[Any]:
    from pytest_paragon.fake.entrances.server import SERVICES, ParagonApp, ServerThread

    with ServerThread(ParagonApp(None), services=SERVICES) as thread:
        yield thread


@pytest.fixture
def paragon_server(
    request: pytest.FixtureRequest,
    _paragon_server_thread: Any,
    paragon_fake: FakeParagon,
    paragon_settings: ParagonSettings,
) -> Iterator[Any]:
    """The fake on a real loopback HTTP server (``.url``), sharing this test's ``paragon_fake``."""
    # ``.services``: each Paragon service's own base URL on the same server (see ParagonServer).
    from pytest_paragon.fake.entrances.server import ParagonServer

    thread = _paragon_server_thread
    thread.app.fake = paragon_fake
    for port in (thread.port, *thread.service_ports.values()):
        paragon_fake.router.route(host=thread.host, port=port).pass_through()
    interception = request.node.stash[INTERCEPTION_KEY]
    if not paragon_settings.intercept_while_served:
        # cloud hosts refused (ServedFakeBypassedError): a client must use the served URL
        interception.served = thread.url
    try:
        yield ParagonServer(url=thread.url, fake=paragon_fake, services=thread.service_urls)
    finally:
        thread.app.fake = None
        interception.served = None


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


def _cassette_root(here: Any, folder: Any) -> Any:
    """Where a test's cassettes may be written: its cassette folder, if inside the test folder.

    A ``dir=`` leading out of the test file's folder (``..``, an absolute path) leaves the test
    file's folder as the root, so that writing out there is refused unless allowed.
    """
    return folder if here.resolve() in folder.resolve().parents else here


@pytest.fixture
def paragon_cassette(
    request: pytest.FixtureRequest,
    paragon_fake: FakeParagon,
    paragon_settings: ParagonSettings,
    paragon_contract: Contract,
) -> Iterator[CassetteSession]:
    """Record and replay this test's Paragon traffic (record mode: --paragon-record-mode)."""
    from pytest_paragon.cassettes.forward import forwarding
    from pytest_paragon.cassettes.marker import MARKER, check
    from pytest_paragon.cassettes.recorder import CassetteSession
    from pytest_paragon.cassettes.store import named_cassette_path, per_test_path

    marker = request.node.get_closest_marker(MARKER)
    marked = check(marker.args, marker.kwargs) if marker is not None else None
    here = Path(str(request.node.path)).parent
    folder = here / paragon_settings.cassette_dir
    if marked is not None and marked.path:
        path, shared = here / marked.path, True
    elif marked is not None and marked.name:
        path, shared = named_cassette_path(folder, marked.name), True
    else:
        test = (
            request.node.name
            if request.cls is None
            else f"{request.cls.__name__}.{request.node.name}"
        )
        path, shared = per_test_path(folder, Path(str(request.node.path)).stem, test), False
    session = CassetteSession.from_settings(
        paragon_settings,
        path,
        contract=paragon_contract,
        fallback=paragon_fake,
        shared=shared,
        folder=_cassette_root(here, folder),
    )
    record_from = paragon_settings.record_from or None
    if record_from == "paragon_server" and session.recording:  # only recording starts it
        record_from = request.getfixturevalue("paragon_server").url
        # the client talks to the cloud hosts on purpose: the cassette forwards them to the server
        request.node.stash[INTERCEPTION_KEY].served = None
    elif record_from == "paragon_server":
        record_from = None
    interception = request.node.stash[INTERCEPTION_KEY]
    previous, interception.fake = interception.fake, session
    request.node.stash[CASSETTE_KEY] = session
    try:
        with forwarding(interception, session, record_from):
            yield session
    finally:
        interception.fake = previous
        session.save()
