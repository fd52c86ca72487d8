"""Generated from contracts/paragon.openapi.yaml by scripts/generate_models.py: do not edit.
Pydantic v2 models of every component schema of the contract, one module per x-paragon-area.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel

from . import conditions, input_types


class DataSourceType(str, Enum):
    """Data source kinds [SDK 2.4.0 types/action.d.ts]."""

    DYNAMIC_DATA_SOURCE = "DYNAMIC_DATA_SOURCE"
    STATIC_ENUM_DATA_SOURCE = "STATIC_ENUM_DATA_SOURCE"
    FIELD_MAPPER_DATA_SOURCE = "FIELD_MAPPER_DATA_SOURCE"
    COMBO_INPUT_DATA_SOURCE = "COMBO_INPUT_DATA_SOURCE"
    DYNAMIC_COMBO_INPUT_DATA_SOURCE = "DYNAMIC_COMBO_INPUT_DATA_SOURCE"


class DataSourceBase(BaseModel):
    """Fields every data source shares (`BasicDataSource`) [SDK 2.4.0 types/action.d.ts]."""

    model_config = ConfigDict(
        extra="allow",
    )
    title: str
    subtitle: str | None = None
    instructionalText: str | None = None
    """
    Replaces the default explanation under the selection.
    """
    hideFromConnectFieldTypes: bool | None = False
    supportPagination: bool | None = False


class DynamicFieldMappingType(str, Enum):
    objectTypes = "objectTypes"
    integrationFields = "integrationFields"


class DynamicDataSource(DataSourceBase):
    """A source whose options are loaded from the user's account [SDK 2.4.0 types/action.d.ts]. The SDK type's code members (`mapRefreshToValues`, `getRefreshActionParameters`, `onRefresh`) and function entries of `refreshDependencies` cannot survive JSON, so only data fields are on the wire (inferred). `dynamicFieldMappingKey`/`dynamicFieldMappingType` are added client-side by `getSourcesForInput` for BYO dynamic field mapping [S2]; the API does not send them."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["DYNAMIC_DATA_SOURCE"]
    cacheKey: str | None = None
    """
    The key `getFieldOptions` loads (E21 `action`).
    """
    refreshDependencies: list[str] | None = None
    """
    KeyedSource keys whose change refreshes the input.
    """
    dynamicFieldMappingKey: str | None = None
    dynamicFieldMappingType: DynamicFieldMappingType | None = None


class FieldMapperDataSource(DataSourceBase):
    """Drives a FIELD_MAPPER input: maps integration fields to application fields [SDK 2.4.0 types/action.d.ts]."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["FIELD_MAPPER_DATA_SOURCE"]
    id: str
    recordSource: DynamicDataSource
    fieldSource: DynamicDataSource
    dependentInputSource: DynamicDataSource | None = None
    dependentFieldInputSource: DynamicDataSource | None = None


class ComboInputDataSource(DataSourceBase):
    """Drives a COMBO_INPUT (main + dependent dropdown) [SDK 2.4.0 types/action.d.ts]."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["COMBO_INPUT_DATA_SOURCE"]
    id: str
    mainInputSource: DynamicDataSource
    dependentInputSource: DynamicDataSource
    fieldSource: DynamicDataSource | None = None


class DynamicComboInputDataSource(DataSourceBase):
    """Drives a DYNAMIC_COMBO_INPUT (default value mapping; Jira only) [SDK 2.4.0 types/action.d.ts]."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["DYNAMIC_COMBO_INPUT_DATA_SOURCE"]
    id: str
    mainInputSource: DynamicDataSource
    dependentInputSource: DynamicDataSource
    variableInputSource: DynamicDataSource | None = None
    hoverDisplayText: str


class ComboSources(BaseModel):
    """`getSourcesForInput` result with kind `combo`: COMBO_INPUT inputs. [SDK 2.4.0 types/connect.d.ts]"""

    model_config = ConfigDict(
        extra="allow",
    )
    kind: Literal["combo"]
    mainInputSource: DynamicDataSource
    dependentInputSource: DynamicDataSource


class DefaultFieldValueSources(BaseModel):
    """`getSourcesForInput` result with kind `defaultFieldValue`: DYNAMIC_COMBO_INPUT inputs. [SDK 2.4.0 types/connect.d.ts]"""

    model_config = ConfigDict(
        extra="allow",
    )
    kind: Literal["defaultFieldValue"]
    mainInputSource: DynamicDataSource
    dependentInputSource: DynamicDataSource
    variableInputSource: DynamicDataSource | None = None


class EnumInputValue(BaseModel):
    """One dropdown option (`Option` in the docs) [SDK 2.4.0 types/action.d.ts]. `value` is `any` in the SDK type."""

    model_config = ConfigDict(
        extra="allow",
    )
    value: Any
    """
    Usually a string; any JSON value.
    """
    label: str
    subtitle: str | None = None
    """
    Helper text shown under the item.
    """


class EnumSection(BaseModel):
    """A titled group of options (`Section` in the docs) [SDK 2.4.0 types/action.d.ts]."""

    model_config = ConfigDict(
        extra="allow",
    )
    title: str
    items: list[EnumInputValue]


class Type(str, Enum):
    """`VariableInputType`."""

    multi = "multi"
    string = "string"
    dropdown = "dropdown"
    multiCheckbox = "multiCheckbox"
    number = "number"


class DynamicDefaultInput(BaseModel):
    """A nested default-value input (`nestedData` of getFieldOptions; Jira Issue Field Values only) [SDK 2.4.0 types/action.d.ts]."""

    model_config = ConfigDict(
        extra="allow",
    )
    required: bool
    id: str
    title: str
    type: Type
    """
    `VariableInputType`.
    """
    items: list[EnumInputValue]
    supportDifferentTextFormat: bool
    textFormat: str
    identifierKey: str
    supportAddItem: bool | None = None
    returnsArrayStrings: bool | None = None


class FieldOptionsResult(BaseModel):
    """What `paragon.getFieldOptions` resolves with [SDK 2.4.0 ConnectSDK.d.ts][S1]. `nestedData` is empty except for Jira Issue Field Values (default value mapping)."""

    model_config = ConfigDict(
        extra="allow",
    )
    data: list[EnumInputValue] | list[EnumSection]
    """
    Option[] or Section[].
    """
    nestedData: list[DynamicDefaultInput]
    nextPageCursor: str | None
    """
    Pass as `cursor` for the next page.
    """


class StaticEnumDataSource(DataSourceBase):
    """A source with fixed options [SDK 2.4.0 types/action.d.ts]."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["STATIC_ENUM_DATA_SOURCE"]
    id: str
    values: list[EnumInputValue] | list[EnumSection]
    """
    EnumInputValue[] or EnumSection[].
    """


class DataSource(
    RootModel[
        DynamicDataSource
        | StaticEnumDataSource
        | FieldMapperDataSource
        | ComboInputDataSource
        | DynamicComboInputDataSource
    ]
):
    root: Annotated[
        DynamicDataSource
        | StaticEnumDataSource
        | FieldMapperDataSource
        | ComboInputDataSource
        | DynamicComboInputDataSource,
        Field(
            discriminator="type",
            examples=[
                {
                    "id": "customObjectMapping",
                    "type": "FIELD_MAPPER_DATA_SOURCE",
                    "title": "Field Mapping",
                    "subtitle": "Allows users to define a field mapping",
                    "recordSource": {
                        "type": "DYNAMIC_DATA_SOURCE",
                        "title": "Record Type",
                        "cacheKey": "recordTypes",
                    },
                    "fieldSource": {
                        "type": "DYNAMIC_DATA_SOURCE",
                        "title": "Field",
                        "cacheKey": "cachedFields",
                    },
                }
            ],
        ),
    ]
    """
    A data source (`sdkIntegrationConfig.dataSources[key]`, `getDataSourceOptions` result) [SDK 2.4.0 types/action.d.ts], discriminated on `type`.
    """


class SingleSource(BaseModel):
    """`getSourcesForInput` result with kind `single`: DynamicEnum and CustomDropdown inputs (CustomDropdown: a StaticEnum from `dropdowns` arrays / `customDropdownOptions`, or a synthetic Dynamic source whose `cacheKey` is the dropdown key). [SDK 2.4.0 types/connect.d.ts]"""

    model_config = ConfigDict(
        extra="allow",
    )
    kind: Literal["single"]
    source: Annotated[DynamicDataSource | StaticEnumDataSource, Field(discriminator="type")]


class ConditionalSource(BaseModel):
    """`getSourcesForInput` result with kind `conditional`: Conditional (ActionKit) inputs. [SDK 2.4.0 types/connect.d.ts]"""

    model_config = ConfigDict(
        extra="allow",
    )
    kind: Literal["conditional"]
    source: DynamicDataSource
    supportedOperators: list[conditions.ConditionOperator] | None = None


class FieldMapperSources(BaseModel):
    """`getSourcesForInput` result with kind `fieldMapper`: FIELD_MAPPER inputs. [SDK 2.4.0 types/connect.d.ts]"""

    model_config = ConfigDict(
        extra="allow",
    )
    kind: Literal["fieldMapper"]
    recordSource: DynamicDataSource
    fieldSource: DynamicDataSource
    dependentInputSource: DynamicDataSource | None = None
    dependentFieldInputSource: DynamicDataSource | None = None
    mapObjectFieldOptions: (
        input_types.DynamicMappingOptions | list[input_types.DynamicMappingField] | None
    ) = None


class InputSources(
    RootModel[
        SingleSource
        | ConditionalSource
        | FieldMapperSources
        | ComboSources
        | DefaultFieldValueSources
    ]
):
    root: Annotated[
        SingleSource
        | ConditionalSource
        | FieldMapperSources
        | ComboSources
        | DefaultFieldValueSources,
        Field(
            discriminator="kind",
            examples=[
                {
                    "kind": "single",
                    "source": {
                        "type": "DYNAMIC_DATA_SOURCE",
                        "title": "Channel",
                        "cacheKey": "channels",
                    },
                }
            ],
        ),
    ]
    """
    Result of `paragon.getSourcesForInput(type, input)` (SDK >= 2.3) [SDK 2.4.0 types/connect.d.ts], discriminated on `kind`. Computed client-side without HTTP; the method returns `null` (not this schema) for plain inputs.
    """


class FieldOptionsRequest(BaseModel):
    """The argument of `paragon.getFieldOptions` (SDK-level, not a wire body) [SDK 2.4.0 ConnectSDK.d.ts]. Exactly one of `action` (a data-source key / cacheKey) or `source` (a DynamicDataSource with a `cacheKey`); otherwise the SDK throws `Either "action" or a "source" with a cacheKey must be provided.`. Resolution: custom dropdown loader, then BYO dynamic field mapping loader (both without HTTP), else E21."""

    model_config = ConfigDict(
        extra="allow",
    )
    integration: Annotated[str, Field(min_length=1)]
    action: Annotated[str | None, Field(min_length=1)] = None
    source: DynamicDataSource | None = None
    search: str | None = None
    cursor: str | float | Literal[False] | None = None
    """
    `false` means no further page.
    """
    parameters: list[conditions.KeyedSource] | None = None
    """
    Dependent values, e.g. the selected object type.
    """
    selectedCredentialId: str | None = None
