"""The OAuth popup flow: E15 (nonce page), E16 (build the consent URL), E17/E18 (poll, clean up).

E16 opens a session keyed by the client's ``oauthMetaKeyId`` and answers a consent URL on the
fake itself. Consent is decided by ``FakeState.oauth_outcome`` (``granted`` by default, or
``denied``/``pending``), or explicitly with ``FakeParagon``'s OAuth helpers: when granted, the
session gets a credential (PENDING while required post-OAuth inputs are outstanding) and E17
answers its id, as the SDK's headless polling expects.
"""

from __future__ import annotations

import html
import json
from typing import Any
from urllib.parse import urlencode

from pytest_paragon import strict_json
from pytest_paragon.fake.base.context import Reply, RequestContext, handles
from pytest_paragon.fake.base.errors import bad_request, not_found
from pytest_paragon.fake.connect import domain as connect_domain
from pytest_paragon.fake.connect.handlers.credentials import request_integration
from pytest_paragon.fake.connect.installs import grant_oauth

NONCE_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>Paragon OAuth (fake)</title></head>
<body><script>
  window.opener && window.opener.postMessage({payload}, {origin});
</script></body></html>
"""


@handles("getOAuthNoncePage")
def get_oauth_nonce_page(context: RequestContext) -> Reply:
    """E15: the page that tells the opener ``oauth-nonce-loaded``."""
    origin = context.query.get("originForPostMessage") or "*"
    payload = json.dumps({"type": "oauth-nonce-loaded"})
    page = NONCE_PAGE.format(payload=payload, origin=json.dumps(html.escape(origin)))
    return Reply(content=page.encode(), media_type="text/html; charset=utf-8")


def _json_query(context: RequestContext, name: str) -> dict[str, Any]:
    raw = context.query.get(name)
    if not raw:
        return {}
    try:
        value = strict_json.loads(raw)
    except ValueError:
        raise bad_request(f"{name} must be a JSON string") from None
    if not isinstance(value, dict):
        raise bad_request(f"{name} must encode an object")
    return value


@handles("buildOAuthUrl")
def build_oauth_url(context: RequestContext) -> Reply:
    """E16: remember the flow under ``oauthMetaKeyId`` and answer the fake consent URL."""
    key = context.query.get("oauthMetaKeyId")
    if not key:
        raise bad_request("oauthMetaKeyId is required")
    action = context.query.get("action") or ""
    spec = request_integration(context, context.query.get("integrationId") or action)
    _check_action(action, spec.type)
    options = _json_query(context, "installOptions")
    options["endUserSuppliedValues"] = _json_query(context, "endUserSuppliedValues")
    existing = context.state.oauth_sessions.get(key)
    if existing is not None and existing.user_id != context.user.id:
        # another user's flow: taking it over would land that user's consent on this account
        raise bad_request("oauthMetaKeyId is in use by another OAuth flow; generate a new one.")
    session = connect_domain.start_oauth(context.state, key, context.user.id, spec.type, options)
    session.origin = context.query.get("originForPostMessage") or "*"
    if context.state.oauth_outcome == "granted":
        grant_oauth(context.state, session.key)
    query = urlencode({"session": key, "integration": spec.type})
    return Reply(
        json={"redirectUrl": f"{context.scheme}://{context.host}/__paragon/oauth/consent?{query}"}
    )


def _check_action(action: str, integration_type: str) -> None:
    """``action`` is the integration's type, or ``custom`` for a custom (``custom.*``) one.

    Paragon documents ``action`` as exactly that (reference E16); the SDK sends the raw type.
    """
    custom = integration_type.startswith("custom.")
    if action == integration_type or (custom and action == "custom"):
        return
    wanted = f"'custom' or {integration_type!r}" if custom else repr(integration_type)
    raise bad_request(
        f"action must be the integration type ({wanted}), not {action!r}: Paragon documents it "
        "as the integration type, or custom for custom integrations."
    )


@handles("getOAuthSessionStatus")
def get_oauth_session_status(context: RequestContext) -> Reply:
    """E17: ``{connectCredentialId}`` once consent produced a credential, ``{}`` until then.

    SDK 2.4.0 polls on after any answer without ``connectCredentialId``, but logs every non-2xx
    one with ``console.error``: a session still waiting for consent answers 200 ``{}``; only an
    unknown session (or another user's) is a 404.
    """
    session = context.state.oauth_sessions.get(context.path_params["oauthMetaKeyId"])
    if session is None or session.user_id != context.user.id or session.closed:
        raise not_found("OAuth session not found.")
    if session.credential_id is None:
        return Reply(json={})
    return Reply(json={"connectCredentialId": session.credential_id})


@handles("deleteOAuthSession")
def delete_oauth_session(context: RequestContext) -> Reply:
    """E18: forget the user's own session (idempotent); another user's is a 404, left alone."""
    key = context.path_params["oauthMetaKeyId"]
    with context.state.lock:
        session = context.state.oauth_sessions.get(key)
        if session is not None and session.user_id != context.user.id:
            raise not_found("OAuth session not found.")
        if session is not None and session.credential_id is not None:
            # the SDK's E9 with the consent page's code may still be on its way (a race in every
            # SDK that polls and listens at once): the code keeps giving its credential
            session.closed = True
        else:
            context.state.oauth_sessions.pop(key, None)
    return Reply(json={})
