"""Installing an integration for a user: the domain operation behind E9, E16 consent and E10.

Shared by the handlers (``POST /sdk/credentials``, the OAuth consent of ``build-oauth``) and by the
seeding helpers (``FakeParagon.grant_oauth``), so every way in creates credentials by one rule:
a credential is PENDING while required post-OAuth inputs are outstanding, otherwise VALID; a
second account needs ``allowMultipleCredentials``; ``selectedCredentialId`` replaces an account
and keeps its settings and workflows.
"""

from __future__ import annotations

from typing import Any

from pytest_paragon.fake.base.errors import bad_request, not_found
from pytest_paragon.fake.base.project import IntegrationSpec
from pytest_paragon.fake.base.records import CredentialRecord, CredentialStatus
from pytest_paragon.fake.base.state import FakeState
from pytest_paragon.fake.connect import domain as connect_domain


def needs_post_options(spec: IntegrationSpec, options: dict[str, Any], skip: bool) -> bool:
    """Whether a new credential stays PENDING until post-OAuth options are completed (E10)."""
    account_types = {account.id: account for account in spec.accountTypes}
    account = account_types.get(str(options.get("accountType") or ""))
    if skip or (account is not None and account.skipPostOAuthInputs):
        return False
    return any(item.required for item in spec.postOauthInputs)


def install(
    state: FakeState,
    user_id: str,
    spec: IntegrationSpec,
    *,
    options: dict[str, Any],
    inputs: dict[str, Any],
    skip_post_options: bool = False,
    one_account: bool = True,
) -> CredentialRecord:
    """Create (or replace, with ``selectedCredentialId``) the user's credential for ``spec``.

    ``one_account=False``: a second account is added without ``allowMultipleCredentials`` (an
    authorization code, as SDK 2.4.0's ``completeInstall`` sends: its one-account check is made
    client-side in ``installIntegration`` only).
    """
    status: CredentialStatus = (
        "PENDING" if needs_post_options(spec, options, skip_post_options) else "VALID"
    )
    selected = options.get("selectedCredentialId")
    if selected:
        credential = state.resolve_credential(user_id, str(selected), spec.type)
        credential.status = status  # replacing an account keeps its settings and workflows
        credential.inputs.update(inputs)
        credential.install_options.update(options)
        connect_domain.touch(state, credential)
        return credential
    existing = [c for c in state.credentials_of(user_id, spec.type) if c.status != "PENDING"]
    if existing and one_account and not options.get("allowMultipleCredentials"):
        raise bad_request(f'Integration "{spec.type}" is already installed.')
    credential = connect_domain.create_credential(
        state,
        user_id,
        spec.type,
        status=status,
        external_id=options.get("externalId"),
        install_options=options,
    )
    credential.inputs.update(inputs)
    return credential


def exchange_oauth_code(
    state: FakeState, user_id: str, spec: IntegrationSpec, code: str
) -> CredentialRecord:
    """E9 with the consent page's ``payload.code``: the credential of that OAuth session.

    The provider's redirect already created it at consent (which is how headless polling of E17
    finds it), so the SDK's own ``POST /sdk/credentials`` after ``oauth_success_callback`` gets
    that credential back instead of colliding with it ("already installed"). A code of no
    session of this user, of another integration, or of a consent not given yet is a 400.
    """
    session = next((s for s in state.oauth_sessions.values() if s.code == code), None)
    if session is None or session.user_id != user_id or session.integration_type != spec.type:
        raise bad_request("The OAuth code is invalid or has expired.")
    if session.credential_id is None:
        raise bad_request("The OAuth consent has not been given yet.")
    return state.resolve_credential(user_id, session.credential_id, spec.type)


def grant_oauth(state: FakeState, key: str) -> str:
    """Complete the consent of OAuth session ``key``: create its credential; return the id."""
    session = state.oauth_sessions.get(key)
    if session is None:
        raise not_found(f"OAuth session {key} not found.")
    if session.credential_id is None:
        spec = state.integration(session.integration_type)
        inputs = dict(session.install_options.get("endUserSuppliedValues") or {})
        options = {k: v for k, v in session.install_options.items() if k != "endUserSuppliedValues"}
        credential = install(state, session.user_id, spec, options=options, inputs=inputs)
        session.credential_id = credential.id
    return session.credential_id
