"""Who is calling: the credential a request carries, checked as its operation's security says.

An operation accepts the schemes its contract names (the document's default when it names none):
a user token as a bearer header (``userToken``) or as the ``userToken`` query parameter (the OAuth
popup), or the project API key (Task History). A missing or refused credential is a 401 whose JSON
body says why; the token's claims come back verified.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pytest_paragon.fake.base.errors import bad_request, unauthorized
from pytest_paragon.tokens import TokenRejected, TokenVerifier, VerifiedToken


def authenticate(
    schemes: frozenset[str],
    headers: Mapping[str, str],
    query: Sequence[tuple[str, str]],
    *,
    api_keys: Sequence[str],
    verifier: TokenVerifier,
) -> VerifiedToken | None:
    """The verified user token of a request (``None`` for an API key or an open operation)."""
    if not schemes:
        return None
    if "userTokenQuery" in schemes:
        raw = dict(query).get("userToken")
    else:
        authorization = headers.get("authorization", "")
        if "," in authorization:
            # Two Authorization headers (combined with ", " in both modes): Authorization holds
            # one credential (RFC 9110 11.6.2) and no token has a comma; choosing one would let
            # the served and the in-process fake disagree, so the request is refused.
            raise bad_request("Repeated Authorization header: send exactly one credential.")
        scheme, _, raw = authorization.strip().partition(" ")
        raw = raw.strip()
        if scheme.lower() != "bearer" or not raw:
            raise unauthorized("missing bearer token")
    if not raw:
        raise unauthorized("missing user token")
    if "projectApiKey" in schemes:
        if raw not in api_keys:
            raise unauthorized("invalid API key")
        return None
    try:
        return verifier.verify(raw.strip())
    except TokenRejected as rejected:
        raise unauthorized(rejected.reason) from None
