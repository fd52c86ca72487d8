"""A served pytest-paragon as a contract-suite target: recognised, completed and seeded.

``pytest-paragon verify --target http://127.0.0.1:8000`` against ``pytest-paragon serve`` needs
no other argument: :func:`prepare_served` asks the target's ``GET /__paragon/health`` whether it
is a pytest-paragon fake, and when it is

- takes the project id from the health answer and the project API key from
  ``GET /__paragon/project`` (unless given), and mints the contract user's token through
  ``POST /__paragon/tokens`` (unless a signing key or a token is given);
- seeds, through ``POST /__paragon/seed`` (the project file's vocabulary), what every operation
  needs to reach its success path: the contract user with a credential of every integration but
  the last (all workflows enabled, a second configuration), a provider answer for every proxied
  integration, and a Task History execution of a request-triggered workflow.

A live Paragon has no ``/__paragon/`` paths: nothing is sent to it but that one GET, and the
settings are returned unchanged (the README says what to seed on the live side).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pytest_paragon.contract_suite import SuiteSettings

PROBE_TIMEOUT = 5.0
TOKEN_TTL = 24 * 3600
"""Lifetime of the token minted for a run (seconds): longer than any contract run."""
CONFIGURATION = "paragon-contract"
PROXY_ANSWER = {"ok": True}


def _request(method: str, url: str, body: Any = None) -> tuple[int, Any]:
    import requests

    try:
        response = requests.request(method, url, json=body, timeout=PROBE_TIMEOUT)
    except requests.RequestException:
        return 0, None
    try:
        return response.status_code, response.json()
    except ValueError:
        return response.status_code, None


def served_health(target: str) -> dict[str, Any] | None:
    """The health answer of a pytest-paragon target URL, or ``None`` for anything else."""
    if "://" not in target:
        return None  # a bare domain is Paragon's cloud or an on-prem installation
    status, body = _request("GET", target.rstrip("/") + "/__paragon/health")
    if status == 200 and isinstance(body, dict) and body.get("ok") and body.get("projectId"):
        return body
    return None


def seed_document(project: dict[str, Any], user_id: str) -> dict[str, Any]:
    """The seed (``POST /__paragon/seed`` body) that gives ``user_id`` a world to act on."""
    integrations = [i for i in project.get("integrations", []) if i.get("isActive", True)]
    connected = integrations[:-1] if len(integrations) > 1 else integrations
    credentials = []
    for integration in connected:
        workflows = [w["id"] for w in integration.get("workflows", [])]
        credentials.append(
            {
                "integration": integration["type"],
                "workflows": workflows,
                "configurations": [{"externalId": CONFIGURATION, "workflows": workflows}],
            }
        )
    executions = [
        {"userId": user_id, "workflowId": workflow["id"]}
        for integration in connected
        for workflow in integration.get("workflows", [])
        if workflow.get("request_trigger")
    ][:1]
    return {
        "users": [{"id": user_id, "credentials": credentials}],
        "proxyResponses": [
            {"integration": i["type"], "response": PROXY_ANSWER, "optional": True}
            for i in integrations
        ],
        "executions": executions,
    }


def _already_seeded(base: str, user_id: str) -> bool:
    status, user = _request("GET", f"{base}/__paragon/users/{user_id}")
    if status != 200 or not isinstance(user, dict):
        return False
    return any(entry.get("credentialId") for entry in (user.get("integrations") or {}).values())


def prepare_served(settings: SuiteSettings) -> SuiteSettings:
    """``settings`` completed for, and the target seeded, when the target is pytest-paragon."""
    from pytest_paragon.contract_suite.world import CONTRACT_USER
    from pytest_paragon.errors import ParagonUsageError

    if not settings.target:
        return settings
    health = served_health(str(settings.target))
    if health is None:
        return settings
    base = str(settings.target).rstrip("/")
    user_id = settings.target_user_id or CONTRACT_USER
    status, project = _request("GET", f"{base}/__paragon/project")
    if status != 200 or not isinstance(project, dict):
        raise ParagonUsageError(f"{base}/__paragon/project answered {status}: {project}")
    changes: dict[str, Any] = {"project_id": settings.project_id or health["projectId"]}
    if not settings.target_api_key and project.get("apiKeys"):
        changes["target_api_key"] = project["apiKeys"][0]
    if not settings.signing_key and not settings.target_token:
        body = {"sub": user_id, "ttl": TOKEN_TTL}
        status, minted = _request("POST", f"{base}/__paragon/tokens", body)
        if status != 201 or not isinstance(minted, dict):
            raise ParagonUsageError(f"{base}/__paragon/tokens answered {status}: {minted}")
        changes["target_token"] = minted["token"]
    document = seed_document(project, user_id)
    if _already_seeded(base, user_id):  # a second run: the answers only, not more accounts
        document = {"proxyResponses": document["proxyResponses"]}
    status, answer = _request("POST", f"{base}/__paragon/seed", document)
    if status != 201:
        raise ParagonUsageError(f"{base}/__paragon/seed answered {status}: {answer}")
    return dataclasses.replace(settings, **changes)
