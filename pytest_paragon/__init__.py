"""pytest-paragon: test code that talks to Paragon, offline.

The public facade. Names are imported lazily (PEP 562), so ``import pytest_paragon`` and loading
the plugin stay cheap; ``from pytest_paragon import FakeParagon`` imports the fake when asked.
Models live in :mod:`pytest_paragon.models` (``from pytest_paragon.models import Credential``).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from pytest_paragon.errors import ContractError, ParagonError, ParagonUsageError

__version__ = "0.2.0"

if TYPE_CHECKING:
    from pytest_paragon.contract import Contract, load_contract
    from pytest_paragon.fake.base.project import ProjectSpec, load_project
    from pytest_paragon.fake.base.records import ProviderReply
    from pytest_paragon.fake.core import FakeParagon
    from pytest_paragon.fake.entrances.server import ParagonApp, ServerThread
    from pytest_paragon.sdk.install_flow import InstallFlow
    from pytest_paragon.sdk.sdk_events import SdkEvents
    from pytest_paragon.tokens import BadTokens, SigningKey, TokenVerifier

_LAZY = {
    "Contract": "pytest_paragon.contract",
    "load_contract": "pytest_paragon.contract",
    "FakeParagon": "pytest_paragon.fake.core",
    "ProviderReply": "pytest_paragon.fake.base.records",
    "ProjectSpec": "pytest_paragon.fake.base.project",
    "load_project": "pytest_paragon.fake.base.project",
    "ParagonApp": "pytest_paragon.fake.entrances.server",
    "ServerThread": "pytest_paragon.fake.entrances.server",
    "InstallFlow": "pytest_paragon.sdk.install_flow",
    "SdkEvents": "pytest_paragon.sdk.sdk_events",
    "BadTokens": "pytest_paragon.tokens",
    "SigningKey": "pytest_paragon.tokens",
    "TokenVerifier": "pytest_paragon.tokens",
}

__all__ = [  # noqa: RUF022 - grouped by purpose, not sorted
    # the contract
    "Contract",
    "load_contract",
    # the fake, in-process and served
    "FakeParagon",
    "ParagonApp",
    "ProjectSpec",
    "ProviderReply",
    "ServerThread",
    "load_project",
    # users and tokens
    "BadTokens",
    "SigningKey",
    "TokenVerifier",
    # the SDK's client side
    "InstallFlow",
    "SdkEvents",
    # errors
    "ContractError",
    "ParagonError",
    "ParagonUsageError",
    # metadata
    "__version__",
]


def __getattr__(name: str) -> Any:
    """Import a public name on first use."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'pytest_paragon' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
