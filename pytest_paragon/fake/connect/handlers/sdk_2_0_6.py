"""Operations only the SDK 2.0.6-era contract has (``contracts/history/paragon-2.0.6...``).

SDK 2.0.6 sends the user's metadata as the ``X-Paragon-User-Metadata`` header of ``GET /sdk/me``
(2.4.0 sends a ``PATCH /sdk/me``) and opens ``/projects/{projectId}/sdk/actions/build-oauth``
(no ``/v2``) with a ``sessionId`` instead of ``oauthMetaKeyId``. Both delegate to the 2.4.0
handlers once the request is rewritten into its 2.4.0 form.
"""

from __future__ import annotations

import dataclasses

from pytest_paragon import strict_json
from pytest_paragon.fake.base.context import Reply, RequestContext, handles
from pytest_paragon.fake.base.errors import bad_request
from pytest_paragon.fake.connect import domain as connect_domain
from pytest_paragon.fake.connect.handlers.oauth import build_oauth_url
from pytest_paragon.fake.connect.handlers.users import get_connected_user


@handles("getConnectedUserWithMetadataHeader")
def get_connected_user_with_metadata_header(context: RequestContext) -> Reply:
    """E1 (SDK <= 2.3): apply the metadata header, then answer the user as E1 does."""
    header = context.header("x-paragon-user-metadata")
    if header:
        try:
            meta = strict_json.loads(header)
        except ValueError:
            raise bad_request("X-Paragon-User-Metadata must be a JSON object") from None
        if not isinstance(meta, dict):
            raise bad_request("X-Paragon-User-Metadata must be a JSON object")
        connect_domain.set_metadata(context.state, context.user.id, meta)
    return get_connected_user(context)


@handles("buildOAuthUrlWithSessionId")
def build_oauth_url_with_session_id(context: RequestContext) -> Reply:
    """E16 (SDK <= 2.1): a popup navigation keyed by ``sessionId``, answered with a redirect."""
    session = context.query.get("sessionId")
    if not session:
        raise bad_request("sessionId is required")
    query = tuple(item for item in context.query_items if item[0] != "sessionId")
    reply = build_oauth_url(
        dataclasses.replace(context, query_items=(*query, ("oauthMetaKeyId", session)))
    )
    location = str(reply.json["redirectUrl"])
    return Reply(302, content=b"", headers={"location": location}, media_type="text/plain")
