"""Defects planted in the fake for the contract suite's tests (a ``-p defects`` plugin module).

The module breaks the fake's handlers named in ``$PARAGON_DEFECTS`` (comma-separated
operationIds): a known one answers a body the contract refuses, any other is not served (501).
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
