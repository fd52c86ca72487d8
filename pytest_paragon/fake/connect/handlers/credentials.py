"""Credentials and configurations: E4, E6/E7, E8-E14.

``PATCH /sdk/credentials/{id}`` (E8) has two forms on the wire. The documented REST form (no
``X-Paragon-Configuration-Id``) replaces the whole ``config`` of the default configuration: a
client that sends only part of it loses the rest, as Paragon's docs warn. SDK 2.4.0 always sends
``X-Paragon-Configuration-Id`` and one top-level key (``sharedSettings`` or ``workflowSettings``)
holding the whole, already merged map: each key it sends replaces that map of the selected
configuration, keys it does not send stay.
"""

from __future__ import annotations

from typing import Any

from pytest_paragon.fake.base.context import Reply, RequestContext, handles
from pytest_paragon.fake.base.errors import bad_request, not_found
from pytest_paragon.fake.base.project import IntegrationSpec
from pytest_paragon.fake.base.records import (
    ConfigurationRecord,
    CredentialRecord,
    WorkflowState,
)
from pytest_paragon.fake.connect import domain as connect_domain
from pytest_paragon.fake.connect.installs import exchange_oauth_code, install
from pytest_paragon.fake.connect.views import credential_payload

ACCOUNT_AUTH_INTEGRATIONS = {"box", "googledrive", "onedrive", "sharepoint"}


def _payload(context: RequestContext, credential: CredentialRecord) -> dict[str, Any]:
    return credential_payload(credential, context.state.project.id)


def _own_credential(context: RequestContext) -> CredentialRecord:
    credential_id = context.path_params["credentialId"]
    credential = context.state.credentials.get(credential_id)
    if credential is None or credential.user_id != context.user.id:
        raise not_found(f"Credential {credential_id} not found.")
    return credential


def request_integration(context: RequestContext, type_or_id: Any) -> IntegrationSpec:
    """The integration a request's body or query names; a 400 when the project has none."""
    found = context.state.project.integration(str(type_or_id))
    if found is None:
        raise bad_request(f"Integration {type_or_id!r} not found in this project.")
    return found


def account_for(context: RequestContext, integration_type: str) -> CredentialRecord:
    """The ``integration_type`` credential ``X-Paragon-Credential`` selects, else the primary.

    In portal context SDK 2.4.0 adds a default ``X-Paragon-Credential`` naming the current
    integration's credential to calls about another integration (reference section 5.2), e.g.
    ``getFieldOptions`` (E21) and ``getIntegrationAccount`` (E7). A header that names the user's
    credential of another integration is that default header, not a selection: it is ignored.
    """
    selector = context.credential_header
    if selector is not None:
        named = context.state.credentials.get(selector)
        if (
            named is not None
            and named.user_id == context.user.id
            and named.integration_type != integration_type
        ):
            selector = None
    return context.state.resolve_credential(context.user.id, selector, integration_type)


def _workflow_states(spec: IntegrationSpec, settings: dict[str, Any]) -> dict[str, WorkflowState]:
    states: dict[str, WorkflowState] = {}
    for workflow_id, value in settings.items():
        if spec.workflow(workflow_id) is None:
            raise bad_request(f"Workflow {workflow_id} does not belong to {spec.type}.")
        if not isinstance(value, dict):
            raise bad_request(f"workflow {workflow_id}: expected {{enabled, settings}}")
        states[workflow_id] = WorkflowState(
            enabled=bool(value.get("enabled", False)), settings=dict(value.get("settings") or {})
        )
    return states


@handles("uninstallIntegration")
def uninstall_integration(context: RequestContext) -> Reply:
    """E4: disconnect the selected account; its settings and workflow states go with it."""
    spec = context.state.integration(context.path_params["integrationId"])
    credential = context.state.resolve_credential(
        context.user.id, context.credential_header, spec.type
    )
    if credential.integration_type != spec.type:
        raise bad_request(f"Credential {credential.id} does not belong to {spec.type}.")
    connect_domain.delete_credential(context.state, credential)
    return Reply(json={})


@handles("listCredentials")
def list_credentials(context: RequestContext) -> Reply:
    """E6: every credential of the user; E7 (``?integration=``): one integration with account."""
    integration = context.query.get("integration")
    if integration is None:
        return Reply(
            json=[_payload(context, c) for c in context.state.credentials_of(context.user.id)]
        )
    spec = context.state.integration(integration)
    credential = account_for(context, spec.type)
    info = next(i for i in context.integrations_payload() if i["id"] == spec.id)
    body: dict[str, Any] = {
        **info,
        "credentialId": credential.id,
        "credentialStatus": credential.status,
        "providerId": credential.provider_id,
        "providerData": dict(credential.provider_data),
    }
    wants_auth = context.query.get("includeAccountAuth") == "true"
    if wants_auth and spec.type in ACCOUNT_AUTH_INTEGRATIONS and credential.account_auth:
        body["accountAuth"] = dict(credential.account_auth)
    return Reply(json=body)


@handles("getCredential")
def get_credential(context: RequestContext) -> Reply:
    """E11: one of the user's credentials with its configurations."""
    return Reply(json=_payload(context, _own_credential(context)))


@handles("updateCredential")
def update_credential(context: RequestContext) -> Reply:
    """E8: replace the config (REST form) or the maps the SDK sends (SDK form)."""
    credential = _own_credential(context)
    spec = context.state.integration(credential.integration_type)
    config = context.json_object().get("config")
    if not isinstance(config, dict):
        raise bad_request("config must be an object")
    if context.configuration_header is None:
        configuration = credential.default_configuration
        configuration.shared_settings = dict(config.get("sharedSettings") or {})
        workflows = config.get("configuredWorkflows", config.get("workflowSettings")) or {}
        configuration.workflows = _workflow_states(spec, workflows)
    else:
        configuration = context.state.resolve_configuration(
            credential, context.configuration_header
        )
        if "sharedSettings" in config:
            configuration.shared_settings = dict(config["sharedSettings"] or {})
        workflows = config.get("workflowSettings", config.get("configuredWorkflows"))
        if workflows is not None:
            configuration.workflows = _workflow_states(spec, workflows)
    connect_domain.touch(context.state, credential, configuration)
    return Reply(json=_payload(context, credential))


def _install_options(body: dict[str, Any]) -> dict[str, Any]:
    options = body.get("installOptions")
    if options is None:
        options = (body.get("integrationOptions") or {}).get("installOptions")
    return dict(options or {})


@handles("createCredential")
def create_credential(context: RequestContext) -> Reply:
    """E9: a credential from an OAuth payload / API-key values (A) or an auth code (B)."""
    body = context.json_object()
    spec = request_integration(context, body.get("integrationId"))
    payload = dict(body.get("payload") or {})
    code = (
        payload.get("code") if set(payload) <= {"code", "oauthMetaKeyId", "credentialId"} else None
    )
    if isinstance(code, str) and code:  # the OAuth popup's oauth_success_callback payload
        exchanged = exchange_oauth_code(context.state, context.user.id, spec, code)
        if payload.get("credentialId") not in (None, exchanged.id):
            raise bad_request("The OAuth code is not the one of that credential.")
        return Reply(status=201, json=_payload(context, exchanged))
    skip = bool(payload.pop("skipPostOAuthInputs", False))
    credential = install(
        context.state,
        context.user.id,
        spec,
        options=_install_options(body),
        inputs=payload,
        skip_post_options=skip,
        one_account="code" not in body,  # variant B, completeInstall: adds another account
    )
    return Reply(status=201, json=_payload(context, credential))


@handles("completeCredentialSetup")
def complete_credential_setup(context: RequestContext) -> Reply:
    """E10: post-OAuth option values complete a PENDING credential, which becomes VALID."""
    credential = _own_credential(context)
    spec = context.state.integration(credential.integration_type)
    body = context.json_object()
    values = dict(body.get("payload") or {})
    values.pop("skipPostOAuthInputs", None)
    missing = [i.id for i in spec.postOauthInputs if i.required and i.id not in values]
    if missing and credential.status == "PENDING":
        raise bad_request(f"Missing post-OAuth inputs: {', '.join(missing)}")
    credential.inputs.update(values)
    if credential.status == "PENDING":
        # Connecting completes now: the workflows enabled by default start enabled, as for a
        # credential that is VALID at creation.
        default = credential.default_configuration
        for workflow in spec.workflows:
            if workflow.defaultEnabled:
                default.workflow(workflow.id).enabled = True
    credential.status = "VALID"
    connect_domain.touch(context.state, credential)
    return Reply(status=201, json=_payload(context, credential))


def _header_configuration(
    context: RequestContext,
) -> tuple[CredentialRecord, ConfigurationRecord]:
    credential = _own_credential(context)
    if context.configuration_header is None:
        raise bad_request("X-Paragon-Configuration-Id is required.")
    return credential, context.state.resolve_configuration(credential, context.configuration_header)


@handles("createConfiguration")
def create_configuration(context: RequestContext) -> Reply:
    """E12: a new configuration (optionally with an external id); answers the credential."""
    credential = _own_credential(context)
    external_id = context.json_object().get("externalId")
    connect_domain.create_configuration(context.state, credential, external_id)
    return Reply(status=201, json=_payload(context, credential))


@handles("updateConfiguration")
def update_configuration(context: RequestContext) -> Reply:
    """E13: set the configuration's metadata; the configuration id travels in the header."""
    credential, configuration = _header_configuration(context)
    meta = context.json_object().get("meta")
    if not isinstance(meta, dict):
        raise bad_request("meta must be an object")
    configuration.meta = dict(meta)
    connect_domain.touch(context.state, credential, configuration)
    return Reply(json=_payload(context, credential))


@handles("deleteConfiguration")
def delete_configuration(context: RequestContext) -> Reply:
    """E14: delete a configuration (never the default one)."""
    credential, configuration = _header_configuration(context)
    connect_domain.delete_configuration(context.state, credential, configuration)
    return Reply(json={})
