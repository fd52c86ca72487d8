"""The Proxy API: E28 (by integration type), E29 (custom integration by id), E30 (proxy URL).

The call goes to the handler a test registered for the integration (and method and path, when
given). Its answer is wrapped as ``{output: ...}`` unless ``X-Paragon-Use-Raw-Response: 1``; a
provider error surfaces with its own status and body. A user without a credential of the
integration, or with a PENDING one, gets ``Integration not enabled for user.``. An INVALID
credential (the provider revoked or expired its token) still reaches the registered answers, so a
test can have the provider answer 401 and see what the SDK does then (it refreshes ``/sdk/me``);
without one it is not enabled either. A call no handler matches is a contract-level surprise: it
answers 502 and is recorded as a violation, so the test fails unless it opted out. A call to a
provider endpoint :mod:`pytest_paragon.providers` documents is checked against the provider's
rules, and without a registered answer gets the provider's documented one.
"""

from __future__ import annotations

from typing import Any

from pytest_paragon import strict_json
from pytest_paragon.errors import UnmatchedAnswerError
from pytest_paragon.fake.base.context import Reply, RequestContext, handles
from pytest_paragon.fake.base.errors import ApiError, FakeError, integration_not_enabled
from pytest_paragon.fake.base.records import ProxyCall
from pytest_paragon.fake.base.registrations import amongst, pick, provider_reply
from pytest_paragon.fake.connect import provider_checks


def _provider_body(context: RequestContext) -> Any:
    """The body for the provider: JSON when declared, or inferred for ``auto`` and no type.

    SDK 2.4.0 sends ``Content-Type: auto`` (infer from the body) with a JSON-stringified object
    unless the caller sets a type; a body that is not JSON stays bytes.
    """
    media = (context.header("content-type") or "").split(";")[0].strip().lower()
    if "json" in media:
        return context.json
    if media in ("", "auto") and context.raw_body:
        try:
            return strict_json.loads(context.raw_body)
        except ValueError:
            return context.raw_body
    return context.raw_body or None


def _proxy(context: RequestContext, integration: str, path: str) -> Reply:
    spec = context.state.integration(integration)
    try:
        credential = context.state.resolve_credential(
            context.user.id, context.credential_header, spec.type
        )
    except FakeError:
        raise integration_not_enabled(integrationId=spec.id, endUserId=context.user.id) from None
    if credential.status == "PENDING":
        raise integration_not_enabled(integrationId=spec.id, endUserId=context.user.id)
    call = ProxyCall(
        integration_type=spec.type,
        method=context.method,
        # as sent: /sdk/proxy/slack//chat.postMessage reaches the provider as //chat.postMessage
        path=path if path.startswith("http") else f"/{path}",
        query=dict(context.query),
        headers=dict(context.headers),
        body=_provider_body(context),
        credential_id=credential.id,
        user_id=context.user.id,
        content=context.raw_body or b"",
    )
    endpoint = provider_checks.check(context, call)
    handler = pick(context.state.proxy_handlers, call)
    if handler is None and credential.status != "VALID":
        raise integration_not_enabled(integrationId=spec.id, endUserId=context.user.id)
    if handler is not None:
        outcome = provider_reply(handler.call(call))
    else:
        registered = [h for h in context.state.proxy_handlers if h.integration == spec.type]
        if not context.allow_unmatched_answers and (endpoint is None or registered):
            context.record_problem(
                UnmatchedAnswerError.from_call(
                    "proxy",
                    f"{call.method} {call.path} to {spec.type}",
                    amongst(context.state.proxy_handlers, call),
                    answered="with a 502" if endpoint is None else "with the provider's default",
                )
            )
        if endpoint is None:
            raise ApiError(
                502, f"No proxy handler registered for {spec.type} {call.method} {call.path}."
            )
        outcome = provider_checks.default_reply(endpoint)
    raw = context.header("x-paragon-use-raw-response") == "1"
    if isinstance(outcome.body, bytes):
        media = outcome.headers.get("content-type", "application/octet-stream")
        return Reply(
            status=outcome.status,
            content=outcome.body,
            media_type=media,
            headers=dict(outcome.headers),
        )
    if raw or not 200 <= outcome.status < 300:
        return Reply(status=outcome.status, json=outcome.body, headers=dict(outcome.headers))
    return Reply(status=200, json={"output": outcome.body})


@handles("proxyGet", "proxyPost", "proxyPut", "proxyPatch", "proxyDelete")
def proxy_by_type(context: RequestContext) -> Reply:
    """E28: ``/sdk/proxy/{integrationType}/{apiPath}``."""
    return _proxy(context, context.path_params["integrationType"], context.path_params["apiPath"])


@handles(
    "customProxyGet", "customProxyPost", "customProxyPut", "customProxyPatch", "customProxyDelete"
)
def proxy_custom(context: RequestContext) -> Reply:
    """E29: ``/sdk/proxy/custom/{integrationId}/{apiPath}``."""
    return _proxy(context, context.path_params["integrationId"], context.path_params["apiPath"])


@handles("proxyUrlGet", "proxyUrlPost", "proxyUrlPut", "proxyUrlPatch", "proxyUrlDelete")
def proxy_by_url(context: RequestContext) -> Reply:
    """E30: ``/sdk/proxy/{integrationType}`` with the target in ``X-Paragon-Proxy-Url``."""
    target = context.header("x-paragon-proxy-url") or "/"
    return _proxy(context, context.path_params["integrationType"], target)
