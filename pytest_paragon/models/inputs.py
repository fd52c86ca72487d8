"""Generated from contracts/paragon.openapi.yaml by scripts/generate_models.py: do not edit.
Pydantic v2 models of every component schema of the contract, one module per x-paragon-area.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, RootModel

from . import conditions, input_types
from .input_types import BaseInput


class Type(str, Enum):
    TEXT_NO_VARS = "TEXT_NO_VARS"
    PASSWORD = "PASSWORD"
    DYNAMIC_ENUM = "DYNAMIC_ENUM"
    COMBO_INPUT = "COMBO_INPUT"
    ENUM = "ENUM"
    SWITCH = "SWITCH"
    TEXTAREA_NO_VARS = "TEXTAREA_NO_VARS"


class IntegrationConnectInput(BaseInput):
    """A pre-/post-OAuth input (`authConfigInputs`, `postOauthInputs`, `oauthInputs`, account types' `endUserSuppliedValues`; install-flow `preOptions`/`postOptions` stage options) [SDK 2.4.0 types/action.d.ts]. Docs: pre-options accept Text, Textarea, Switch and Enum dropdowns; post-options also DynamicEnum and ComboInput [S18]."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: Type
    inputType: str | None = None
    """
    HTML input type hint for TEXT_NO_VARS.
    """
    prefixLabel: str | None = None
    """
    Text before the field, e.g. `https://`.
    """
    suffixLabel: str | None = None
    """
    Text after the field, e.g. `.myshopify.com`.
    """
    sourceType: str | None = None
    """
    Serialized in place of the SDK-only `source`: the `cacheKey` of a DynamicDataSource, or the `id` of a FieldMapper/Combo data source (a key of `sdkIntegrationConfig.dataSources`).
    """
    fallbackText: str | None = None
    """
    Text shown when the dynamic source cannot be loaded.
    """
    hiddenInConnect: bool | None = None


class IntentInputType(str, Enum):
    """The `type` values an IntentInputKeyConfig may carry [SDK 2.4.0 types/action.d.ts]."""

    TEXTAREA = "TEXTAREA"
    SWITCH = "SWITCH"
    BOOLEAN_INPUT = "BOOLEAN_INPUT"
    CODE = "CODE"
    TEXT_NO_VARS = "TEXT_NO_VARS"
    TEXT = "TEXT"
    PASSWORD = "PASSWORD"
    NUMBER = "NUMBER"
    ENUM = "ENUM"
    EDITABLE_ENUM = "EDITABLE_ENUM"
    EnumTextAreaPairInput = "EnumTextAreaPairInput"
    CONDITIONAL = "CONDITIONAL"
    TIME_CONSTRAINT_INPUT = "TIME_CONSTRAINT_INPUT"


class DynamicInputSource(BaseModel):
    """Where an ActionKit/trigger input loads its values (`valuesSource`) [SDK 2.4.0 types/action.d.ts]."""

    model_config = ConfigDict(
        extra="allow",
    )
    sourceType: str
    dependencies: list[str]
    """
    Ids of inputs this source depends on.
    """


class TimeConstraintUnit(str, Enum):
    """Units of a TIME_CONSTRAINT_INPUT (`DelayUnit`) [SDK 2.4.0 types/action.d.ts]."""

    SECONDS = "SECONDS"
    MINUTES = "MINUTES"
    HOURS = "HOURS"
    DAYS = "DAYS"


class SerializedConnectInput(
    RootModel[
        input_types.AuthInput
        | input_types.EnumInput
        | input_types.DynamicEnumInput
        | input_types.IntentInput
        | input_types.TextInput
        | input_types.TextareaInput
        | input_types.ValueTextInput
        | input_types.ValueTextareaInput
        | input_types.CodeInput
        | input_types.ActionButtonInput
        | input_types.ConditionalInput
        | input_types.CustomDropdownInput
        | input_types.DynamicConditionalInput
        | input_types.NestedListInput
        | input_types.FileInput
        | input_types.EditableDynamicEnumInput
        | input_types.EditableEnumInput
        | input_types.BooleanInput
        | input_types.UserSuppliedCredentialInput
        | input_types.NativeDynamicInput
        | input_types.TimeConstraintInput
        | input_types.LinesListInput
        | input_types.LinesListDynamicInput
        | input_types.NumberInput
        | input_types.EmailInput
        | input_types.UrlInput
        | input_types.EnumTextAreaPairInput
        | input_types.FieldMapperInput
        | input_types.ComboInput
        | input_types.PasswordInput
        | input_types.SwitchInput
        | input_types.DynamicComboInput
        | input_types.CopyableButtonInput
        | input_types.PermissionInput
    ]
):
    root: Annotated[
        input_types.AuthInput
        | input_types.EnumInput
        | input_types.DynamicEnumInput
        | input_types.IntentInput
        | input_types.TextInput
        | input_types.TextareaInput
        | input_types.ValueTextInput
        | input_types.ValueTextareaInput
        | input_types.CodeInput
        | input_types.ActionButtonInput
        | input_types.ConditionalInput
        | input_types.CustomDropdownInput
        | input_types.DynamicConditionalInput
        | input_types.NestedListInput
        | input_types.FileInput
        | input_types.EditableDynamicEnumInput
        | input_types.EditableEnumInput
        | input_types.BooleanInput
        | input_types.UserSuppliedCredentialInput
        | input_types.NativeDynamicInput
        | input_types.TimeConstraintInput
        | input_types.LinesListInput
        | input_types.LinesListDynamicInput
        | input_types.NumberInput
        | input_types.EmailInput
        | input_types.UrlInput
        | input_types.EnumTextAreaPairInput
        | input_types.FieldMapperInput
        | input_types.ComboInput
        | input_types.PasswordInput
        | input_types.SwitchInput
        | input_types.DynamicComboInput
        | input_types.CopyableButtonInput
        | input_types.PermissionInput,
        Field(
            discriminator="type",
            examples=[
                {
                    "id": "2d5662c9-6750-46c2-8588-2ac904532efb",
                    "type": "DYNAMIC_ENUM",
                    "title": "Channel",
                    "required": False,
                    "sourceType": "channels",
                },
                {
                    "id": "0b9c3c1e-4c0e-4d5e-9a49-2f6b0b7e9a10",
                    "type": "FIELD_MAPPER",
                    "title": "Map contact fields",
                    "sourceType": "customObjectMapping",
                    "savedFieldMappings": [{"label": "Email"}, {"label": "First name"}],
                },
            ],
        ),
    ]
    """
    A Connect input as the API returns it (`sharedMeta.inputs`, `workflowMeta[].inputs`, `getIntegrationConfig().availableUserSettings`) [SDK 2.4.0 types/connect.d.ts]: the input minus the code-only `source`/`getValues`, plus `sourceType?`/`fallbackText?` for sourced types and `tooltip?` for all. SDK 2.4.0 types it over the 17 Portal-supported types only; the contract admits every `SidebarInputType` wire value, discriminated on `type`.
    """


class IntentEnumOption(BaseModel):
    """An object-form enum value of an ActionKit/trigger input (`GraphiteEnumInput`) [SDK 2.4.0 types/action.d.ts]."""

    model_config = ConfigDict(
        extra="allow",
    )
    value: str | float
    label: str | None = None
    dependentInputs: list[IntentInputKeyConfig] | None = None


class IntentInputKeyConfig(BaseModel):
    """An ActionKit/trigger parameter input (`IntentInputKeyConfig`), as returned by `getTriggers` (TriggerDefinition.parameters) and ActionKit `format=paragon` [SDK 2.4.0 types/action.d.ts] [S20]. The per-type extras are: ENUM/EDITABLE_ENUM/EnumTextAreaPairInput `values` (required); CONDITIONAL `supportedOperators?`, `disableOrCondition?`, `supportedKeys?`, `supportedKeysSource?`; TIME_CONSTRAINT_INPUT `supportedUnits?`."""

    model_config = ConfigDict(
        extra="allow",
    )
    id: str
    title: str
    subtitle: str | None = None
    placeholder: str | None = None
    required: bool | None = None
    dependentInputs: list[IntentInputKeyConfig] | None = None
    defaultValue: Any | None = None
    """
    Any JSON value.
    """
    valuesSource: DynamicInputSource | None = None
    type: IntentInputType
    values: list[IntentEnumValue] | None = None
    supportedOperators: list[conditions.ConditionOperator] | None = None
    disableOrCondition: bool | None = None
    supportedKeys: list[str] | None = None
    supportedKeysSource: DynamicInputSource | None = None
    supportedUnits: list[TimeConstraintUnit] | None = None


class IntentEnumValue(RootModel[str | float | IntentEnumOption]):
    root: Annotated[
        str | float | IntentEnumOption,
        Field(examples=["high", 3, {"value": "open", "label": "Open"}]),
    ]
    """
    An enum value of an ActionKit/trigger input: a string, a number or an IntentEnumOption [SDK 2.4.0 types/action.d.ts].
    """


IntentEnumOption.model_rebuild()
IntentInputKeyConfig.model_rebuild()
