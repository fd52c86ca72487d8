"""Authenticated fake users: a Connected User id with a real RS256 token and ready clients."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import httpx

from pytest_paragon.fake.connect import domain as connect_domain

if TYPE_CHECKING:
    from pytest_paragon.fake.base.records import CredentialRecord
    from pytest_paragon.fake.core import FakeParagon

ZEUS = "https://zeus.useparagon.com"


@dataclass
class FakeUser:
    """A Connected User of the fake with a signed user token."""

    id: str
    token: str
    fake: FakeParagon
    meta: dict[str, Any] = field(default_factory=dict)
    _clients: list[httpx.Client | httpx.AsyncClient] = field(default_factory=list, repr=False)

    @property
    def project_id(self) -> str:
        """The fake project's id."""
        return self.fake.project.id

    @property
    def headers(self) -> dict[str, str]:
        """``Authorization: Bearer <token>``."""
        return {"Authorization": f"Bearer {self.token}"}

    @property
    def base_url(self) -> str:
        """``https://zeus.useparagon.com/projects/{projectId}``: the Connect API of the project."""
        return f"{ZEUS}/projects/{self.project_id}"

    @cached_property
    def client(self) -> httpx.Client:
        """An ``httpx.Client`` on :attr:`base_url` with the bearer header, served by the fake."""
        from pytest_paragon.fake.entrances.transport import ParagonTransport

        client = httpx.Client(
            base_url=self.base_url,
            headers=self.headers,
            transport=ParagonTransport(self.fake, home_hosts=True),
        )
        self._clients.append(client)
        return client

    def async_client(self) -> httpx.AsyncClient:
        """A new ``httpx.AsyncClient`` like :attr:`client` (closed with the user at teardown)."""
        from pytest_paragon.fake.entrances.transport import AsyncParagonTransport

        client = httpx.AsyncClient(
            base_url=self.base_url,
            headers=self.headers,
            transport=AsyncParagonTransport(self.fake, home_hosts=True),
        )
        self._clients.append(client)
        return client

    def connect(self, integration: str, **options: Any) -> CredentialRecord:
        """Connect ``integration`` for this user (see ``FakeParagon.connect`` for options)."""
        return self.fake.users.connect(self.id, integration, **options)

    def __enter__(self) -> FakeUser:
        """Use the user in a ``with`` block; its clients close at the end."""
        return self

    def __exit__(self, *_: object) -> None:
        """Close the user's clients."""
        self.close()

    def close(self) -> None:
        """Close the sync clients this user handed out.

        Async clients need an event loop to close: their owner closes them (``async with``).
        """
        for client in self._clients:
            if isinstance(client, httpx.Client):
                client.close()
        self._clients.clear()


def make_user(
    fake: FakeParagon,
    user_id: str,
    *,
    meta: Mapping[str, Any] | None = None,
    permissions: Mapping[str, Any] | None = None,
    audience: bool | str = False,
    ttl: float = 3600,
    claims: Mapping[str, Any] | None = None,
) -> FakeUser:
    """A user of ``fake`` with a token signed by the fake's key (and metadata, when given)."""
    token = fake.signing_key.mint(
        user_id,
        project_id=fake.project.id,
        ttl=ttl,
        now=fake.clock(),
        audience=audience,
        permissions=permissions,
        claims=claims,
    )
    if meta:
        connect_domain.set_metadata(fake.state, user_id, meta)
    return FakeUser(id=user_id, token=token, fake=fake, meta=dict(meta or {}))
