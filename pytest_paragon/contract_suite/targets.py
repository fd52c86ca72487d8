"""Where the contract suite sends its requests: the built-in fake, or a live/on-prem Paragon.

:class:`FakeTarget` runs the fake in this process: schemathesis sends each request to the
operation's own cloud host (``zeus.``, ``proxy.``, ``actionkit.``, ...) with ``requests``, and the
fake's in-process interception answers it there, the same entrance a test's own ``requests`` or
httpx calls take, so nothing leaves the machine (a socket to a Paragon host is refused). The fake
is seeded once (:func:`~pytest_paragon.contract_suite.world.seed_fake`); before every generated
request its state is restored from a snapshot of that seeding, which makes each request
independent of the ones before it at a fraction of reseeding's cost. The user's token is minted
once per target and again only when it nears its expiry.

:class:`RemoteTarget` sends real HTTP requests to ``--paragon-target``:

- a URL (``http(s)://host[:port][/prefix]``) serves every API on one base URL, as
  ``pytest-paragon serve`` or a gateway in front of an on-prem installation does;
- a bare domain (``useparagon.com``, or an on-prem base domain) uses each operation's own host
  from the contract: ``zeus.``, ``hermes.``, ``sync.``, and ``proxy.``/``actionkit.`` in the
  cloud or ``worker-proxy.``/``worker-actionkit.`` on-prem.

Requests authenticate as the project's Connected User ``--paragon-target-user-id`` with a token
minted per request from ``--paragon-signing-key`` (a fresh ``exp`` each time), or with the fixed
``--paragon-target-token``; Task History uses ``--paragon-target-api-key``. The ids operations
need are read from the target before each operation
(:func:`~pytest_paragon.contract_suite.world.discover`).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING, Any

from pytest_paragon.contract_suite.world import CONTRACT_USER, World, discover, seed_fake
from pytest_paragon.errors import ParagonUsageError

if TYPE_CHECKING:
    from pytest_paragon.contract import Contract
    from pytest_paragon.contract_suite import SuiteSettings
    from pytest_paragon.fake.base.snapshots import StateSnapshot
    from pytest_paragon.fake.core import FakeParagon
    from pytest_paragon.tokens import SigningKey

CLOUD_DOMAIN = "useparagon.com"
REQUEST_TIMEOUT = 30.0
TOKEN_MARGIN = 300.0
"""Seconds before its expiry a minted token is replaced by a new one."""


def hosts_of(domain: str) -> dict[str, str]:
    """The contract's server variables for ``domain`` (cloud, or an on-prem base domain)."""
    cloud = domain == CLOUD_DOMAIN
    return {
        "domain": domain,
        "proxyHost": "proxy" if cloud else "worker-proxy",
        "actionkitHost": "actionkit" if cloud else "worker-actionkit",
    }


def security_of(contract_document: Mapping[str, Any], definition: Mapping[str, Any]) -> set[str]:
    """The security scheme names an operation accepts (the document's default when unset)."""
    requirements = definition.get("security", contract_document.get("security", []))
    return {name for requirement in requirements for name in requirement}


class Target:
    """What every target offers the test module."""

    name = "target"
    app: Any = None
    calls_session: Any = None
    """The ``requests.Session`` the generated requests reuse (``None``: schemathesis' own)."""
    exercised_required = False
    """Whether each operation must have answered at least one 2xx (the fake: yes)."""

    def __init__(self, settings: SuiteSettings, contract: Contract) -> None:
        """Check ``contract`` against the target described by ``settings``."""
        self.settings = settings
        self.contract = contract
        self.user_id = settings.target_user_id or CONTRACT_USER

    @property
    def project_id(self) -> str:
        """The project whose API is checked."""
        raise NotImplementedError

    def schema_config(self) -> dict[str, Any]:
        """Target-specific entries of the schemathesis configuration."""
        return {}

    def prepare(self) -> World:
        """The world for the next operation (called once per operation)."""
        raise NotImplementedError

    def request(
        self,
        method: str,
        family: str,
        path: str,
        *,
        headers: Mapping[str, str] | None = None,
        params: Mapping[str, str] | None = None,
        body: Any = None,
    ) -> tuple[int, Any]:
        """Send one request to service ``family``; answer ``(status, JSON or None)``."""
        raise NotImplementedError

    def before_example(self) -> None:
        """Called before each generated request."""

    def calling(self) -> AbstractContextManager[Any]:
        """Entered around each generated request (and the checks' follow-up requests)."""
        return nullcontext()

    def release(self) -> None:
        """Called after each test item: let go of what :meth:`calling` holds across examples."""

    def user_token(self) -> str | None:
        """A user token (fresh when minted)."""
        raise NotImplementedError

    def api_key(self) -> str | None:
        """The project API key (Task History)."""
        raise NotImplementedError

    def token_for(self, user_id: str) -> str | None:
        """A token of another Connected User (``None`` when this target cannot mint one)."""
        return None

    def credentials(self, definition: Mapping[str, Any]) -> tuple[dict[str, str], dict[str, str]]:
        """The headers and query parameters that authenticate a request to an operation."""
        schemes = security_of(self.contract.document, definition)
        if "projectApiKey" in schemes:
            key = self.api_key()
            return ({"Authorization": f"Bearer {key}"} if key else {}), {}
        token = self.user_token()
        if token is None:
            return {}, {}
        if "userTokenQuery" in schemes:
            return {}, {"userToken": token}
        if "userToken" in schemes:
            return {"Authorization": f"Bearer {token}"}, {}
        return {}, {}

    def missing_credentials(self, label: str) -> str | None:
        """Why operation ``label`` (``METHOD /path``) cannot be checked here, or ``None``."""
        method, _, path = label.partition(" ")
        for operation in self.contract.operations:
            if operation.method.upper() == method and operation.path_template == path:
                schemes = security_of(self.contract.document, operation.definition)
                if "projectApiKey" in schemes and not self.api_key():
                    key = "--paragon-target-api-key"
                    return f"{label} authenticates with the project API key: {key}"
        return None

    def user_headers(self) -> dict[str, str]:
        """The user's ``Authorization`` header (for discovery)."""
        token = self.user_token()
        return {"Authorization": f"Bearer {token}"} if token else {}

    def close(self) -> None:
        """Release what the target holds."""


class FakeTarget(Target):
    """The built-in fake, in this process, answering at the client library."""

    name = "fake"
    exercised_required = True

    def __init__(self, settings: SuiteSettings, contract: Contract) -> None:
        """Build the fake (``--paragon-project-file``, ``--paragon-project-id``, key, seed)."""
        super().__init__(settings, contract)
        from http.cookiejar import DefaultCookiePolicy

        import requests

        from pytest_paragon.fake.core import FakeParagon
        from pytest_paragon.fake.entrances.interception import Interception
        from pytest_paragon.fake.entrances.transport import CLOUD_HOSTS
        from pytest_paragon.resolution import ParagonSettings
        from pytest_paragon.tokens import SigningKey

        # The suite's fake: the table's defaults (strict teardown) with the suite's own settings.
        names = ("project_file", "project_id", "random_seed")
        fake_settings = ParagonSettings.defaults().merged(
            {name: getattr(settings, name) for name in names}
        )
        key = SigningKey.from_file(settings.signing_key) if settings.signing_key else None
        self.fake: FakeParagon = FakeParagon.from_settings(
            fake_settings, signing_key=key, contract=contract
        )
        # Answered in process at the client library (no socket, no browser), on Paragon's hosts.
        self.interception = Interception(self.fake, CLOUD_HOSTS)
        # One session for every generated request, that reads no proxy, netrc or CA settings from
        # the environment (a third of requests' own cost per call) and keeps no cookies, so each
        # request stands alone as it did with a session per call.
        self.calls_session = requests.Session()
        self.calls_session.trust_env = False
        self.calls_session.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))
        self._world: World | None = None
        self._seeded: StateSnapshot | None = None
        self._restored: int | None = None  # the state's version right after the last restore
        self._intercepting = False
        self._token: tuple[str, float] | None = None  # (token, exp)

    @property
    def project_id(self) -> str:
        """The fake's project id."""
        return self.fake.project.id

    def request(
        self,
        method: str,
        family: str,
        path: str,
        *,
        headers: Mapping[str, str] | None = None,
        params: Mapping[str, str] | None = None,
        body: Any = None,
    ) -> tuple[int, Any]:
        """Send one request to the fake (discovery); answer ``(status, JSON or None)``."""
        from pytest_paragon.fake.core import FakeRequest

        raw = b"" if body is None else json.dumps(body).encode()
        all_headers = {"content-type": "application/json", **(headers or {})}
        host = f"{family}.{CLOUD_DOMAIN}"
        answer = self.fake.handle(
            FakeRequest(method, host, path, tuple((params or {}).items()), all_headers, raw)
        )
        try:
            return answer.status, json.loads(answer.body) if answer.body else None
        except ValueError:
            return answer.status, None

    def prepare(self) -> World:
        """Seed the fake and read the world back through the API (once: the ids never change)."""
        if self._world is None:
            seeded = seed_fake(self.fake, self.user_id)
            self._seeded = self.fake.snapshot()
            world = World(project_id=self.project_id, user_id=self.user_id)
            world.workflow_id = seeded.workflow_id
            world.oauth_session = seeded.oauth_session
            world.permission_user = seeded.permission_user
            self._world = discover(
                self.request,
                world,
                user_headers=self.user_headers,
                api_key=self.api_key(),
                prefer=seeded.primary,
            )
            if world.credential_id != seeded.credential_id:
                raise RuntimeError("the contract suite read back another credential than it seeded")
        return self._world

    def schema_config(self) -> dict[str, Any]:
        """Each operation on its own cloud host, as the contract's servers name them."""
        return {"servers": {"variables": hosts_of(CLOUD_DOMAIN)}}

    def calling(self) -> AbstractContextManager[Any]:
        """The fake answers Paragon's hosts while the suite's requests are sent.

        The interception starts at the first request of a test item and stays on until
        :meth:`release` (the item's end): patching every client library per generated request
        cost more than the fake's answer to it.
        """
        if not self._intercepting:
            self.interception.start()
            self._intercepting = True
        return nullcontext()

    def release(self) -> None:
        """Stop the interception :meth:`calling` started (after each test item, and at close)."""
        if self._intercepting:
            self._intercepting = False
            self.interception.stop()

    def before_example(self) -> None:
        """Start every request from the state seeding left (restored from its snapshot).

        The state's version moves whenever a handler ran (a refused request changes nothing), so
        a version still at the last restore's means the state is the snapshot's: the exchanges
        are forgotten as a restore would, and the copy is skipped. Faults keep counts in the
        state, so with faults the state is always restored.
        """
        self.prepare()
        assert self._seeded is not None
        fake = self.fake
        if self._restored == fake.state.version and not fake.faults.active:
            fake._forget_exchanges()
            return
        fake.restore(self._seeded)
        self._restored = fake.state.version

    def user_token(self) -> str:
        """The contract user's token, signed with the fake's key; minted again near expiry."""
        from pytest_paragon.tokens import DEFAULT_TTL_SECONDS

        now = self.fake.clock()
        if self._token is None or self._token[1] - now < TOKEN_MARGIN:
            token = self.fake.signing_key.mint(self.user_id, project_id=self.project_id, now=now)
            self._token = (token, now + DEFAULT_TTL_SECONDS)
        return self._token[0]

    def api_key(self) -> str:
        """The fake project's API key."""
        return self.fake.project.apiKeys[0]

    def token_for(self, user_id: str) -> str:
        """A token of ``user_id``, signed with the fake's key."""
        return self.fake.signing_key.mint(
            user_id, project_id=self.project_id, now=self.fake.clock()
        )

    def close(self) -> None:
        """Stop intercepting; close the session of the generated requests."""
        self.release()
        self.calls_session.close()


class RemoteTarget(Target):
    """A live or on-prem Paragon (or ``pytest-paragon serve``), over real HTTP."""

    name = "remote"

    def __init__(self, settings: SuiteSettings, contract: Contract) -> None:
        """Check ``--paragon-target``; needs the project id and a key or a token."""
        super().__init__(settings, contract)
        import requests

        target = str(settings.target).strip()
        problem = settings.problem()
        if problem is not None:
            raise ParagonUsageError(problem)
        self.key: SigningKey | None = None
        if settings.signing_key:
            from pytest_paragon.tokens import SigningKey

            self.key = SigningKey.from_file(settings.signing_key)
        if "://" in target:
            self.base_url: str | None = target.rstrip("/")
            self.domain: str | None = None
        else:
            self.base_url, self.domain = None, target.strip("/")
        self.session = requests.Session()

    @property
    def project_id(self) -> str:
        """``--paragon-project-id``."""
        return str(self.settings.project_id)

    def base_for(self, family: str) -> str:
        """The base URL of a service family (``zeus``, ``hermes``, ``proxy``, ...)."""
        if self.base_url is not None:
            return self.base_url
        hosts = hosts_of(str(self.domain))
        host = {"proxy": hosts["proxyHost"], "actionkit": hosts["actionkitHost"]}.get(
            family, family
        )
        return f"https://{host}.{self.domain}"

    def schema_config(self) -> dict[str, Any]:
        """One base URL for every operation, or the contract's servers on the target's domain."""
        if self.base_url is not None:
            return {"base-url": self.base_url}
        return {"servers": {"variables": hosts_of(str(self.domain))}}

    def request(
        self,
        method: str,
        family: str,
        path: str,
        *,
        headers: Mapping[str, str] | None = None,
        params: Mapping[str, str] | None = None,
        body: Any = None,
    ) -> tuple[int, Any]:
        """Send one discovery request to the target; answer ``(status, JSON or None)``."""
        import requests

        try:
            response = self.session.request(
                method,
                self.base_for(family) + path,
                headers=dict(headers or {}),
                params=dict(params or {}),
                json=body,
                timeout=REQUEST_TIMEOUT,
            )
        except requests.RequestException as error:
            raise ParagonUsageError(f"cannot reach {self.settings.target}: {error}") from None
        try:
            return response.status_code, response.json()
        except ValueError:
            return response.status_code, None

    def prepare(self) -> World:
        """Read what the target has now (earlier operations may have deleted things)."""
        world = World(project_id=self.project_id, user_id=self.user_id)
        return discover(self.request, world, user_headers=self.user_headers, api_key=self.api_key())

    def user_token(self) -> str | None:
        """A token minted now with ``--paragon-signing-key``, else ``--paragon-target-token``."""
        if self.key is not None:
            return self.key.mint(self.user_id, project_id=self.project_id)
        return self.settings.target_token

    def api_key(self) -> str | None:
        """``--paragon-target-api-key``."""
        return self.settings.target_api_key

    def token_for(self, user_id: str) -> str | None:
        """A token of ``user_id``: minted with the signing key, or by a served fake's admin API."""
        if self.key is not None:
            return self.key.mint(user_id, project_id=self.project_id)
        if self.base_url is None:
            return None
        from pytest_paragon.contract_suite.target_seeding import TOKEN_TTL, _request, served_health

        if served_health(self.base_url) is None:
            return None
        body = {"sub": user_id, "ttl": TOKEN_TTL}
        status, minted = _request("POST", f"{self.base_url}/__paragon/tokens", body)
        return str(minted["token"]) if status == 201 and isinstance(minted, dict) else None

    def close(self) -> None:
        """Close the HTTP session."""
        self.session.close()


def make_target(settings: SuiteSettings, contract: Contract) -> Target:
    """The fake, or the remote target ``--paragon-target`` names."""
    if settings.target:
        return RemoteTarget(settings, contract)
    return FakeTarget(settings, contract)


def build_schema(target: Target, settings: SuiteSettings) -> Any:
    """The schemathesis schema of the contract, configured for ``target`` and ``settings``."""
    import schemathesis

    config: dict[str, Any] = {
        "seed": settings.random_seed,
        "suppress-health-check": ["all"],
        "generation": {
            "mode": "all",
            "max-examples": settings.max_examples,
            "database": "none",
            "with-security-parameters": False,
        },
        "parameters": {"path.projectId": target.project_id},
        **target.schema_config(),
    }
    document = copy.deepcopy(dict(target.contract.document))
    schema = schemathesis.openapi.from_dict(document, config=schemathesis.Config.from_dict(config))
    schema.app = target.app
    return schema
