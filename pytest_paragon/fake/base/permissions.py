"""JWT permissions (the ``urn:useparagon:connect:permissions`` claim), evaluated per request.

Scopes, least to most specific, the more specific winning: ``integration:*``,
``integration:{type}``, ``credential:*``, ``credential:{uuid}``, ``configuration:*``,
``configuration:ext:{externalId}``. A scope's value is ``true`` (visible), ``false``, a list of
permission strings, or an object of more specific scopes. Paragon documents one permission string,
``actionkit``, required by the ActionKit APIs; the rest of the vocabulary is not public, so a
visible scope allows every other operation. A request about an integration that no scope names is
refused; a request about no integration is refused only by a wildcard scope that denies
(``integration:*``, ``credential:*`` or ``configuration:*`` false). Only operations whose contract
documents a 403 answer are subject to the claim (``/sdk/me``, for one, is always allowed).

:func:`subject_of` finds what a request acts on, the way the handler will resolve it: the
integration from the path (type or id), the ``integration`` query key, the workflow or the
credential; the credential from the path or ``X-Paragon-Credential`` (UUID, ``ext:`` or bare
external id, else the integration's primary credential); the configuration from
``X-Paragon-Configuration-Id`` (UUID, ``ext:`` or bare external id, else the default one), named
by its external id. So a scope cannot be side-stepped by naming the same object another way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pytest_paragon.contract import Operation
from pytest_paragon.fake.base.errors import FakeError, forbidden, not_found, unauthorized

if TYPE_CHECKING:
    from pytest_paragon.contract import Contract
    from pytest_paragon.fake.base.context import RequestContext
    from pytest_paragon.fake.base.records import CredentialRecord
    from pytest_paragon.fake.base.state import FakeState

ACTIONKIT = "actionkit"
_ACTIONKIT_TAGS = {"actionkit", "actionkit-triggers"}


def required_permission(operation: Operation) -> str | None:
    """The permission string ``operation`` needs beyond visibility (``actionkit`` or ``None``)."""
    return ACTIONKIT if _ACTIONKIT_TAGS.intersection(operation.tags) else None


def governed(operation: Operation) -> bool:
    """Whether JWT permissions apply to ``operation`` (its contract documents a 403 answer)."""
    return "403" in operation.definition.get("responses", {})


@dataclass(frozen=True)
class Subject:
    """What a request acts on, as the scopes name it."""

    integration: str | None = None
    credential: str | None = None
    configuration: str | None = None


def _integration_type(state: FakeState, type_or_id: str) -> str:
    try:
        return state.integration(type_or_id).type
    except FakeError:
        return type_or_id


def _credential(
    state: FakeState, user_id: str, selector: str | None, integration: str | None
) -> CredentialRecord | None:
    if selector is None:
        return None
    try:
        return state.resolve_credential(user_id, selector, integration)
    except FakeError:
        return None


def subject_of(
    state: FakeState,
    user_id: str,
    path_params: Mapping[str, str],
    query: Mapping[str, str],
    credential_header: str | None,
    configuration_header: str | None,
) -> Subject:
    """The integration, credential and configuration a request acts on (see the module doc)."""
    with state.lock:
        named = (
            path_params.get("integrationType")
            or path_params.get("integrationId")
            or query.get("integration")
        )
        integration = _integration_type(state, named) if named else None
        if integration is None and path_params.get("workflowId"):
            found = state.project.workflow(path_params["workflowId"])
            integration = found[0].type if found else None
        path_credential = path_params.get("credentialId")
        record = _credential(state, user_id, path_credential, None)
        if record is None and path_credential is None:
            # A header that names no credential of this integration is ignored (the SDK may send
            # the portal's default credential on calls about another integration, reference 5.2).
            record = _credential(state, user_id, credential_header, integration)
            if record is None and integration is not None:
                record = state.primary_credential(user_id, integration)
        if record is None:
            return Subject(integration, path_credential, configuration_header)
        configuration = configuration_header
        try:
            external = state.resolve_configuration(record, configuration_header).external_id
        except FakeError:
            external = None
        if external:
            configuration = f"ext:{external}"
        return Subject(integration or record.integration_type, record.id, configuration)


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


def authorize(context: RequestContext, own_project_id: str, contract: Contract) -> None:
    """Refuse a request for another project (401/404) or one its JWT permissions forbid (403)."""
    project_id = context.path_params.get("projectId", own_project_id)
    if project_id != own_project_id:
        security = context.operation.definition.get(
            "security", contract.document.get("security", [])
        )
        if any(requirement for requirement in security):
            # The contract's 401: "... wrongly signed or for another project". A token or API
            # key of this project is not one of the other project's.
            raise unauthorized(f"the credentials are not valid for project {project_id}")
        raise not_found(f"Project {project_id} not found.")
    if context.token is None or context.token.permissions is None:
        return
    if not governed(context.operation):
        return
    subject = subject_of(
        context.state,
        context.token.sub,
        context.path_params,
        context.query,
        context.credential_header,
        context.configuration_header,
    )
    if not permits(
        context.token.permissions,
        required_permission(context.operation),
        integration=subject.integration,
        credential=subject.credential,
        configuration=subject.configuration,
    ):
        raise forbidden()
