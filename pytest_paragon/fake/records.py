"""Deprecated import path (0.1.0): the records moved to :mod:`pytest_paragon.fake.base.records`.

``from pytest_paragon.fake.records import ProviderReply`` keeps working for one minor release,
with a :class:`~pytest_paragon.errors.ParagonDeprecationWarning`; import the public names from
:mod:`pytest_paragon.fake` (``from pytest_paragon.fake import ProviderReply``).
"""

from __future__ import annotations

import importlib
from typing import Any

from pytest_paragon.errors import deprecated

_PUBLIC = ("ProviderReply", "ProxyCall", "TriggerCall")


def __getattr__(name: str) -> Any:
    """A name of ``pytest_paragon.fake.base.records``, warned about the new import path."""
    records = importlib.import_module("pytest_paragon.fake.base.records")
    if not hasattr(records, name) or name.startswith("__"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    new = "pytest_paragon.fake" if name in _PUBLIC else "pytest_paragon.fake.base.records"
    deprecated(f"from pytest_paragon.fake.records import {name}", f"from {new} import {name}")
    return getattr(records, name)
