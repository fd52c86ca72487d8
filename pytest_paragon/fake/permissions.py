"""JWT permissions (the ``urn:useparagon:connect:permissions`` claim), evaluated per request.

Scopes, least to most specific, the more specific winning: ``integration:*``,
``integration:{type}``, ``credential:*``, ``credential:{uuid}``, ``configuration:*``,
``configuration:ext:{externalId}``. A scope's value is ``true`` (visible), ``false``, a list of
permission strings, or an object of more specific scopes. Paragon documents one permission string,
``actionkit``, required by the ActionKit APIs; the rest of the vocabulary is not public, so a
visible scope allows every other operation. A request about an integration that no scope names is
refused; requests about no integration (``/sdk/me``) are allowed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pytest_paragon.contract import Operation

ACTIONKIT = "actionkit"
_ACTIONKIT_TAGS = {"actionkit", "actionkit-triggers"}


def required_permission(operation: Operation) -> str | None:
    """The permission string ``operation`` needs beyond visibility (``actionkit`` or ``None``)."""
    return ACTIONKIT if _ACTIONKIT_TAGS.intersection(operation.tags) else None


def _scopes(
    integration: str | None, credential: str | None, configuration: str | None
) -> list[str]:
    keys = ["integration:*"]
    if integration:
        keys.append(f"integration:{integration}")
    keys.append("credential:*")
    if credential:
        keys.append(f"credential:{credential}")
    keys.append("configuration:*")
    if configuration and configuration.startswith("ext:"):
        keys.append(f"configuration:{configuration}")
    return keys


def _resolve(claim: Mapping[str, Any], keys: list[str]) -> Any:
    result: Any = None
    for key in keys:
        if key not in claim:
            continue
        value = claim[key]
        if isinstance(value, Mapping):
            nested = _resolve(value, keys)
            result = True if nested is None else nested
        else:
            result = value
    return result


def _grants(value: Any, needed: str | None) -> bool:
    if value is True:
        return needed is None
    if isinstance(value, list | tuple):
        return needed is None or needed in value
    return False


def _mentions(claim: Any, needed: str) -> bool:
    if isinstance(claim, Mapping):
        return any(_mentions(value, needed) for value in claim.values())
    return isinstance(claim, list | tuple) and needed in claim


def permits(
    claim: Mapping[str, Any],
    needed: str | None,
    *,
    integration: str | None,
    credential: str | None = None,
    configuration: str | None = None,
) -> bool:
    """Whether the permissions ``claim`` allows a request needing ``needed`` on ``integration``."""
    value = _resolve(claim, _scopes(integration, credential, configuration))
    if value is None:
        if integration is not None:
            return False
        return needed is None or _mentions(claim, needed)
    return _grants(value, needed)
