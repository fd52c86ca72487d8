"""Generated from contracts/paragon.openapi.yaml by scripts/generate_models.py: do not edit.
Pydantic v2 models of every component schema of the contract, one module per x-paragon-area.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, RootModel


class CredentialSelector(RootModel[str]):
    root: Annotated[
        str, Field(examples=["ext:acme-prod", "6f5e6a0c-0d7a-4f5e-9a53-3c9a1c7f1a11"], min_length=1)
    ]
    """
    A credential or configuration selector: a UUID, `ext:<externalId>`, or a bare external id.
    """
