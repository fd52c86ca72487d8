"""Defects planted in the fake for the contract suite's tests (a ``-p defects`` plugin module).

``DEFECTS`` breaks the fake's handlers named in ``$PARAGON_DEFECTS`` (comma-separated
operationIds): a known one answers a body the contract refuses, any other is not served (501).
``FLOW_DEFECTS`` plants defects only a flow (or the authorization check) sees: every answer still
fits the contract.
"""

DEFECTS = """
import os

import pytest_paragon.fake.core  # registers every handler
from pytest_paragon.fake.base.context import HANDLERS, Reply

_BROKEN = {
    "getCredential": lambda context: Reply(json={"id": 42, "status": "BROKEN"}),
    "listIntegrationMetadata": lambda context: Reply(json={"nope": 1}),
}
for _name in filter(None, os.environ.get("PARAGON_DEFECTS", "").split(",")):
    if _name in _BROKEN:
        HANDLERS[_name] = _BROKEN[_name]
    else:
        del HANDLERS[_name]  # not served: the fake answers 501
"""

FLOW_DEFECTS = """
import pytest_paragon.fake.core  # registers every handler
from pytest_paragon.fake.base.context import HANDLERS, Reply
from pytest_paragon.fake.base.errors import bad_request, not_found
from pytest_paragon.fake.connect import domain as connect_domain
from pytest_paragon.fake.connect.handlers import credentials, workflows

_create = HANDLERS["createCredential"]


def create_unlisted(context):  # a credential created but not listed
    reply = _create(context)
    for credential in context.state.credentials_of(context.user.id):
        if credential.id == reply.json["id"]:
            connect_domain.delete_credential(context.state, credential)
    return reply


def metadata_dropped(context):  # a setting written but not read back
    if not isinstance(context.json_object().get("meta"), dict):
        raise bad_request("meta must be an object")
    return Reply(json={})


def disable_ignored(context):  # a disabled workflow that still runs
    workflows._workflow_target(context)
    return Reply(json={})


def any_users_credential(context):  # another user's credential is served (a leak)
    credential = context.state.credentials.get(context.path_params["credentialId"])
    if credential is None:
        raise not_found("Credential not found.")
    return credential


credentials._own_credential = any_users_credential
HANDLERS["createCredential"] = create_unlisted
HANDLERS["updateConnectedUserMetadata"] = metadata_dropped
HANDLERS["disableWorkflow"] = disable_ignored
"""
