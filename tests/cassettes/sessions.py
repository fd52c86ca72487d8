"""A cassette session on the interception, without pytest's fixtures (the library as a script)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pytest_paragon.cassettes.forward import forwarding
from pytest_paragon.cassettes.recorder import CassetteSession
from pytest_paragon.contract import load_contract
from pytest_paragon.fake.entrances.interception import Interception
from pytest_paragon.fake.entrances.transport import paragon_hosts
from tests.cassettes.conftest import ONPREM


@contextmanager
def cassette(path: Path, mode: str = "none", **options: Any) -> Iterator[CassetteSession]:
    """Open ``path`` in ``mode``; requests to the on-prem hosts go through it; saved at the end."""
    options.setdefault("contract", load_contract())
    session = CassetteSession(path, mode=mode, **options)
    interception = Interception(session, paragon_hosts(ONPREM))
    with interception, forwarding(interception, session):
        yield session
    session.save()
