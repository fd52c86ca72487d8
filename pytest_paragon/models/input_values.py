"""Generated from contracts/paragon.openapi.yaml by scripts/generate_models.py: do not edit.
Pydantic v2 models of every component schema of the contract, one module per x-paragon-area.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, RootModel


class DynamicMappings(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    applicationField: str | None = None
    integrationField: str | None = None


class MappingType(str, Enum):
    STATIC = "STATIC"
    DYNAMIC = "DYNAMIC"


class FieldMappingValue(BaseModel):
    """Saved value of a FIELD_MAPPER input [SDK 2.4.0 types/connect.d.ts]. Docs: FieldMappingValue [S18]. Paragon's headless example instead writes `{mainInput, dependentInput, fieldMappings}` (ComboInputValue shape) [S9]; both are accepted by ConnectInputValue."""

    model_config = ConfigDict(
        extra="allow",
    )
    objectMapping: str | None = None
    """
    The selected object type.
    """
    fieldMappings: dict[str, str] | None = None
    """
    Label -> selected field.
    """
    dynamicMappings: dict[str, DynamicMappings] | None = None
    userCreatedFields: list[str] | None = None
    mappingType: MappingType | None = MappingType.STATIC


class ComboInputValue(BaseModel):
    """Saved value of a COMBO_INPUT (docs: ComboDropdownValue [S18]) [SDK 2.4.0 types/connect.d.ts]. Also accepts the headless example's FieldMapper value `{mainInput, dependentInput, fieldMappings}` and its DynamicCombo value with `variableInput` [S9]."""

    model_config = ConfigDict(
        extra="allow",
    )
    mainInput: str | None = None
    dependentInput: str | None = None
    fieldMappings: dict[str, str] | None = None
    """
    Label -> selected field.
    """
    variableInput: dict[str, Any] | None = None
    """
    Headless example only (DynamicCombo values).
    """


class DefaultValueMapping(BaseModel):
    """Saved value of a DYNAMIC_COMBO_INPUT (Jira "Issue Field Values" only). Docs name the type DefaultValueMapping without a field list [S18]; the shape follows Paragon's headless example `{mainInput, dependentInput, variableInput:{…}}` [S9]; SDK 2.4.0 declares no type for it."""

    model_config = ConfigDict(
        extra="allow",
    )
    mainInput: str | None = None
    dependentInput: str | None = None
    variableInput: dict[str, Any] | None = None
    """
    Field id -> default value.
    """


class ConnectInputValue(
    RootModel[str | float | bool | FieldMappingValue | ComboInputValue | DefaultValueMapping]
):
    root: Annotated[
        str | float | bool | FieldMappingValue | ComboInputValue | DefaultValueMapping,
        Field(examples=["general", 42, True, {"mainInput": "board-1", "dependentInput": "list-7"}]),
    ]
    """
    A saved User Setting / install option value [SDK 2.4.0 types/connect.d.ts]: string | number | boolean | FieldMappingValue | ComboInputValue | DefaultValueMapping. The SDK type also admits `undefined`, which JSON cannot carry (the key is omitted). Permission values are space-separated scope strings, File values the file's text [S9].
    """
