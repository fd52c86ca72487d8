"""Cross-references inside one generated document, as Paragon keeps them consistent.

Each function takes a schema-valid document and returns one that is still schema-valid (it only
copies ids that have the same format, or drops optional fields), with its references agreeing:
a Connected User's credentials belong to the project of the same response, an integration's
``credentialId`` names one of its ``allCredentials``, and every credential of one integration
carries that integration's id.
"""

from __future__ import annotations

import copy
from typing import Any


def link_credentials(
    credentials: list[dict[str, Any]], *, project_id: str | None, integration_id: str | None
) -> None:
    """Give every credential of one integration the same project and integration id."""
    for credential in credentials:
        if project_id is not None:
            credential["projectId"] = project_id
        if integration_id is not None:
            credential["integrationId"] = integration_id


def link_sdk_integration(entry: dict[str, Any], project_id: str | None) -> dict[str, Any]:
    """Make an ``SDKIntegration``'s selected credential one of its ``allCredentials``."""
    credentials: list[dict[str, Any]] = entry.get("allCredentials") or []
    integration_id = next((c["integrationId"] for c in credentials if "integrationId" in c), None)
    link_credentials(credentials, project_id=project_id, integration_id=integration_id)
    if not credentials:
        for key in ("credentialId", "credentialStatus", "credentialConfigId"):
            entry.pop(key, None)
        return entry
    selected = credentials[0]
    entry["credentialId"] = selected["id"]
    if "status" in selected:
        entry["credentialStatus"] = selected["status"]
    configurations = selected.get("configurations") or []
    if configurations and "id" in configurations[0]:
        entry["credentialConfigId"] = configurations[0]["id"]
    return entry


def link_connected_user(document: dict[str, Any]) -> dict[str, Any]:
    """Link a ``ConnectedUserResponse`` (or an ``AuthenticatedConnectUser``) in a copy."""
    linked = copy.deepcopy(document)
    project = linked.get("project")
    project_id = project.get("id") if isinstance(project, dict) else None
    for entry in (linked.get("integrations") or {}).values():
        link_sdk_integration(entry, project_id)
    return linked


def link_trigger_webhook(document: dict[str, Any], user_id: str | None = None) -> dict[str, Any]:
    """An ActionKit trigger webhook whose ``userId`` is ``user_id`` (when given)."""
    linked = dict(document)
    if user_id is not None:
        linked["userId"] = user_id
    return linked
