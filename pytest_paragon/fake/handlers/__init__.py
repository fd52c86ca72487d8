"""Handlers, one per contract operationId, grouped by area as the API is split.

Importing this package registers every handler in
:data:`pytest_paragon.fake.context.HANDLERS`.
"""

from __future__ import annotations

from pytest_paragon.fake.handlers import credentials, oauth, proxy, runtime, users, workflows

__all__ = ["credentials", "oauth", "proxy", "runtime", "users", "workflows"]
