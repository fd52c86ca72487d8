"""The Connected User and the project's integrations: E1, E2, E3, E5, E23."""

from __future__ import annotations

from pytest_paragon import strict_json
from pytest_paragon.fake.base.context import Reply, RequestContext, handles
from pytest_paragon.fake.base.errors import bad_request
from pytest_paragon.fake.connect import domain as connect_domain
from pytest_paragon.fake.connect.views import integrations_payload, me_payload, metadata_payload


@handles("getConnectedUser")
def get_connected_user(context: RequestContext) -> Reply:
    """E1: the user with every active integration, ``allCredentials`` and the project.

    SDKs ask for it on every page and after every change; the encoded body is kept until the
    state changes (its version moves), so asking again costs no building and no encoding.
    """
    state, user = context.state, context.user  # the user first: creating one is a change
    cached = state.encoded_me.get(user.id)
    if cached is not None and cached[0] == state.version:
        return Reply(json=cached[1], content=cached[2])
    reply = Reply(json=me_payload(state, user))
    body = reply.body()
    state.encoded_me[user.id] = (state.version, reply.json, body)
    return Reply(json=reply.json, content=body)


@handles("updateConnectedUserMetadata")
def update_connected_user_metadata(context: RequestContext) -> Reply:
    """E2: merge ``meta`` (``Name``/``Email`` normalised as the SDK does)."""
    meta = context.json_object().get("meta")
    if not isinstance(meta, dict):
        raise bad_request("meta must be an object")
    connect_domain.set_metadata(context.state, context.user.id, meta)
    return Reply(json={})


@handles("listProjectIntegrations")
def list_project_integrations(context: RequestContext) -> Reply:
    """E3: the project's integrations with portal config, workflows and SDK config."""
    context.user  # noqa: B018 - the call authenticates and creates the user, as Paragon does
    return Reply(json=context.integrations_payload())


@handles("listIntegrationMetadata")
def list_integration_metadata(context: RequestContext) -> Reply:
    """E5: ``{type, name, brandColor, icon}`` of every active integration."""
    return Reply(json=metadata_payload(context.state.project))


@handles("getLegacyProjectInfo")
def get_legacy_project_info(context: RequestContext) -> Reply:
    """E23 (SDK 1.0.3): the project, with the user's metadata header applied when sent."""
    header = context.header("x-paragon-user-metadata")
    if header:
        try:
            connect_domain.set_metadata(context.state, context.user.id, strict_json.loads(header))
        except (ValueError, AttributeError):
            raise bad_request("X-Paragon-User-Metadata must be a JSON object") from None
    project = context.state.project
    return Reply(
        json={
            "id": project.id,
            "billingPlan": project.billingPlan,
            "accessibleFeatures": list(project.accessibleFeatures),
            "integrations": integrations_payload(project),
        }
    )
