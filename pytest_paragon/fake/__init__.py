"""The stateful fake Paragon, laid out by area as Paragon's API is split.

``core`` composes the areas (``connect``, ``actionkit``, ``sync``, ``task_history``) over the
shared ``base``; ``entrances`` are how requests reach it. The names most tests need are importable
from here, lazily: ``from pytest_paragon.fake import FakeParagon``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pytest_paragon.fake.base.records import ProviderReply, ProxyCall, TriggerCall
    from pytest_paragon.fake.core import FakeParagon, FakeRequest, FakeResponse, JournalEntry

_LAZY = {
    "FakeParagon": "pytest_paragon.fake.core",
    "FakeRequest": "pytest_paragon.fake.core",
    "FakeResponse": "pytest_paragon.fake.core",
    "JournalEntry": "pytest_paragon.fake.core",
    "ProviderReply": "pytest_paragon.fake.base.records",
    "ProxyCall": "pytest_paragon.fake.base.records",
    "TriggerCall": "pytest_paragon.fake.base.records",
}

__all__ = [
    "FakeParagon",
    "FakeRequest",
    "FakeResponse",
    "JournalEntry",
    "ProviderReply",
    "ProxyCall",
    "TriggerCall",
]


def __getattr__(name: str) -> Any:
    """Import a public name on first use."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'pytest_paragon.fake' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
