"""Contract coverage of a test suite, measured through the fake.

Which operations, status codes, request and response fields and SDK/webhook event types the
tests exercised.

Turned on with ``--paragon-coverage``, ``--paragon-coverage-json FILE`` or
``--paragon-coverage-fail-under PERCENT`` (hooks: :mod:`pytest_paragon.coverage.plugin`). Without
pytest: ``ContractCoverage(contract)``, then ``add_journal(fake.journal)`` and ``build_report``.
The names below load on first use, so that the plugin's check for the options stays cheap.
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "FORMAT": "collector",
    "VERSION": "collector",
    "ContractCoverage": "collector",
    "Observations": "collector",
    "build_report": "report",
    "summary_line": "report",
    "table": "report",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    """Import the public names lazily from their modules."""
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
