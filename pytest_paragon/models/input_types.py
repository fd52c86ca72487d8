"""Generated from contracts/paragon.openapi.yaml by scripts/generate_models.py: do not edit.
Pydantic v2 models of every component schema of the contract, one module per x-paragon-area.
"""

from __future__ import annotations

from enum import Enum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict


class SidebarInputType(str, Enum):
    """The 34 input types of Paragon's `SidebarInputType` enum, as their wire values [SDK 2.4.0 types/action.d.ts]. TypeScript member names differ for some (e.g. `ValueText` = `TEXT_NO_VARS`, `ValueTextArea` = `TEXTAREA_NO_VARS`, `NativeDynamicEnumInput` = `NATIVE_DYNAMIC_INPUT`). Only 17 are supported in the Connect Portal (`SupportedConnectInputTypes`): TEXT_NO_VARS, DYNAMIC_ENUM, ENUM, NUMBER, EMAIL, URL, FIELD_MAPPER, BOOLEAN_INPUT, COMBO_INPUT, PASSWORD, SWITCH, TEXTAREA_NO_VARS, CUSTOM_DROPDOWN, DYNAMIC_COMBO_INPUT, COPYABLE_BUTTON_INPUT, PERMISSION, FILE."""

    AUTH = "AUTH"
    ENUM = "ENUM"
    DYNAMIC_ENUM = "DYNAMIC_ENUM"
    INTENT = "INTENT"
    TEXT = "TEXT"
    TEXTAREA = "TEXTAREA"
    TEXT_NO_VARS = "TEXT_NO_VARS"
    TEXTAREA_NO_VARS = "TEXTAREA_NO_VARS"
    CODE = "CODE"
    ACTION_BUTTON = "ACTION_BUTTON"
    CONDITIONAL = "CONDITIONAL"
    CUSTOM_DROPDOWN = "CUSTOM_DROPDOWN"
    DYNAMIC_CONDITIONAL = "DYNAMIC_CONDITIONAL"
    NESTED_LIST = "NESTED_LIST"
    FILE = "FILE"
    EDITABLE_DYNAMIC_ENUM = "EDITABLE_DYNAMIC_ENUM"
    EDITABLE_ENUM = "EDITABLE_ENUM"
    BOOLEAN_INPUT = "BOOLEAN_INPUT"
    USER_SUPPLIED_CREDENTIAL = "USER_SUPPLIED_CREDENTIAL"
    NATIVE_DYNAMIC_INPUT = "NATIVE_DYNAMIC_INPUT"
    TIME_CONSTRAINT_INPUT = "TIME_CONSTRAINT_INPUT"
    LinesListInput = "LinesListInput"
    LinesListDynamicInput = "LinesListDynamicInput"
    NUMBER = "NUMBER"
    EMAIL = "EMAIL"
    URL = "URL"
    EnumTextAreaPairInput = "EnumTextAreaPairInput"
    FIELD_MAPPER = "FIELD_MAPPER"
    COMBO_INPUT = "COMBO_INPUT"
    PASSWORD = "PASSWORD"
    SWITCH = "SWITCH"
    DYNAMIC_COMBO_INPUT = "DYNAMIC_COMBO_INPUT"
    COPYABLE_BUTTON_INPUT = "COPYABLE_BUTTON_INPUT"
    PERMISSION = "PERMISSION"


class BaseInput(BaseModel):
    """Fields shared by every Connect input (User Settings, pre-/post-OAuth options) [SDK 2.4.0 types/action.d.ts]. `required` absent means the input is treated as required. `subtitle` is a React node in the SDK type; on the wire it is a string."""

    model_config = ConfigDict(
        extra="allow",
    )
    id: str
    """
    The input id (the key of its saved value).
    """
    title: str
    subtitle: str | None = None
    placeholder: str | None = None
    required: bool | None = None
    """
    Absent means true.
    """
    defaultValue: Any | None = None
    """
    Any JSON value (`any` in the SDK type).
    """
    documentationLink: str | None = None
    documentationLinkLabel: str | None = None
    hidden: bool | None = None
    """
    Hide the input in the sidebar section.
    """
    readOnly: bool | None = None
    """
    The value cannot be changed.
    """


class AuthInput(BaseInput):
    """A `AUTH` input (SDK enum member `SidebarInputType.Auth`). Not a Connect Portal-supported type: SDK 2.4.0 declares no interface for it, so only the BaseInput fields, `type` and `tooltip` are known; Paragon may send more (open object)."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["AUTH"]
    tooltip: str | None = None
    """
    Added to every serialized input (SerializedConnectInput).
    """


class EnumInput(BaseInput):
    """A serialized `ENUM` input (SDK enum member `SidebarInputType.Enum`), a Connect Portal-supported type [SDK 2.4.0 types/action.d.ts]. The SDK input's `source`/`getValues` are code-side and not serialized; the API sends `sourceType` (and `fallbackText`) instead."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["ENUM"]
    sourceType: str | None = None
    """
    Serialized in place of the SDK-only `source`: the `cacheKey` of a DynamicDataSource, or the `id` of a FieldMapper/Combo data source (a key of `sdkIntegrationConfig.dataSources`).
    """
    fallbackText: str | None = None
    """
    Text shown when the dynamic source cannot be loaded.
    """
    tooltip: str | None = None
    """
    Added to every serialized input (SerializedConnectInput).
    """


class DynamicEnumInput(BaseInput):
    """A serialized `DYNAMIC_ENUM` input (SDK enum member `SidebarInputType.DynamicEnum`), a Connect Portal-supported type [SDK 2.4.0 types/action.d.ts]. The SDK input's `source`/`getValues` are code-side and not serialized; the API sends `sourceType` (and `fallbackText`) instead."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["DYNAMIC_ENUM"]
    sourceType: str | None = None
    """
    Serialized in place of the SDK-only `source`: the `cacheKey` of a DynamicDataSource, or the `id` of a FieldMapper/Combo data source (a key of `sdkIntegrationConfig.dataSources`).
    """
    fallbackText: str | None = None
    """
    Text shown when the dynamic source cannot be loaded.
    """
    tooltip: str | None = None
    """
    Added to every serialized input (SerializedConnectInput).
    """


class IntentInput(BaseInput):
    """A `INTENT` input (SDK enum member `SidebarInputType.Intent`). Not a Connect Portal-supported type: SDK 2.4.0 declares no interface for it, so only the BaseInput fields, `type` and `tooltip` are known; Paragon may send more (open object)."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["INTENT"]
    tooltip: str | None = None
    """
    Added to every serialized input (SerializedConnectInput).
    """


class TextInput(BaseInput):
    """A `TEXT` input (SDK enum member `SidebarInputType.Text`). Not a Connect Portal-supported type: SDK 2.4.0 declares no interface for it, so only the BaseInput fields, `type` and `tooltip` are known; Paragon may send more (open object)."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["TEXT"]
    tooltip: str | None = None
    """
    Added to every serialized input (SerializedConnectInput).
    """


class TextareaInput(BaseInput):
    """A `TEXTAREA` input (SDK enum member `SidebarInputType.TextArea`). Not a Connect Portal-supported type: SDK 2.4.0 declares no interface for it, so only the BaseInput fields, `type` and `tooltip` are known; Paragon may send more (open object)."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["TEXTAREA"]
    tooltip: str | None = None
    """
    Added to every serialized input (SerializedConnectInput).
    """


class ValueTextInput(BaseInput):
    """A serialized `TEXT_NO_VARS` input (SDK enum member `SidebarInputType.ValueText`), a Connect Portal-supported type [SDK 2.4.0 types/action.d.ts]."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["TEXT_NO_VARS"]
    inputType: str | None = None
    """
    HTML input type hint, e.g. `text`.
    """
    tooltip: str | None = None
    """
    Added to every serialized input (SerializedConnectInput).
    """


class ValueTextareaInput(BaseInput):
    """A serialized `TEXTAREA_NO_VARS` input (SDK enum member `SidebarInputType.ValueTextArea`), a Connect Portal-supported type [SDK 2.4.0 types/action.d.ts]."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["TEXTAREA_NO_VARS"]
    tooltip: str | None = None
    """
    Added to every serialized input (SerializedConnectInput).
    """


class CodeInput(BaseInput):
    """A `CODE` input (SDK enum member `SidebarInputType.Code`). Not a Connect Portal-supported type: SDK 2.4.0 declares no interface for it, so only the BaseInput fields, `type` and `tooltip` are known; Paragon may send more (open object)."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["CODE"]
    tooltip: str | None = None
    """
    Added to every serialized input (SerializedConnectInput).
    """


class ActionButtonInput(BaseInput):
    """A `ACTION_BUTTON` input (SDK enum member `SidebarInputType.ActionButton`). Not a Connect Portal-supported type: SDK 2.4.0 declares no interface for it, so only the BaseInput fields, `type` and `tooltip` are known; Paragon may send more (open object)."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["ACTION_BUTTON"]
    tooltip: str | None = None
    """
    Added to every serialized input (SerializedConnectInput).
    """


class ConditionalInput(BaseInput):
    """A `CONDITIONAL` input (SDK enum member `SidebarInputType.Conditional`). Not a Connect Portal-supported type: SDK 2.4.0 declares no interface for it, so only the BaseInput fields, `type` and `tooltip` are known; Paragon may send more (open object)."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["CONDITIONAL"]
    tooltip: str | None = None
    """
    Added to every serialized input (SerializedConnectInput).
    """


class DynamicConditionalInput(BaseInput):
    """A `DYNAMIC_CONDITIONAL` input (SDK enum member `SidebarInputType.DynamicConditional`). Not a Connect Portal-supported type: SDK 2.4.0 declares no interface for it, so only the BaseInput fields, `type` and `tooltip` are known; Paragon may send more (open object)."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["DYNAMIC_CONDITIONAL"]
    tooltip: str | None = None
    """
    Added to every serialized input (SerializedConnectInput).
    """


class NestedListInput(BaseInput):
    """A `NESTED_LIST` input (SDK enum member `SidebarInputType.NestedList`). Not a Connect Portal-supported type: SDK 2.4.0 declares no interface for it, so only the BaseInput fields, `type` and `tooltip` are known; Paragon may send more (open object)."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["NESTED_LIST"]
    tooltip: str | None = None
    """
    Added to every serialized input (SerializedConnectInput).
    """


class FileInput(BaseInput):
    """A serialized `FILE` input (SDK enum member `SidebarInputType.File`), a Connect Portal-supported type [SDK 2.4.0 types/action.d.ts]. Saved value: the file's text [S9]."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["FILE"]
    tooltip: str | None = None
    """
    Added to every serialized input (SerializedConnectInput).
    """


class EditableDynamicEnumInput(BaseInput):
    """A `EDITABLE_DYNAMIC_ENUM` input (SDK enum member `SidebarInputType.EditableDynamicEnum`). Not a Connect Portal-supported type: SDK 2.4.0 declares no interface for it, so only the BaseInput fields, `type` and `tooltip` are known; Paragon may send more (open object)."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["EDITABLE_DYNAMIC_ENUM"]
    tooltip: str | None = None
    """
    Added to every serialized input (SerializedConnectInput).
    """


class EditableEnumInput(BaseInput):
    """A `EDITABLE_ENUM` input (SDK enum member `SidebarInputType.EditableEnum`). Not a Connect Portal-supported type: SDK 2.4.0 declares no interface for it, so only the BaseInput fields, `type` and `tooltip` are known; Paragon may send more (open object)."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["EDITABLE_ENUM"]
    tooltip: str | None = None
    """
    Added to every serialized input (SerializedConnectInput).
    """


class BooleanInput(BaseInput):
    """A serialized `BOOLEAN_INPUT` input (SDK enum member `SidebarInputType.BooleanInput`), a Connect Portal-supported type [SDK 2.4.0 types/action.d.ts]."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["BOOLEAN_INPUT"]
    tooltip: str | None = None
    """
    Added to every serialized input (SerializedConnectInput).
    """


class UserSuppliedCredentialInput(BaseInput):
    """A `USER_SUPPLIED_CREDENTIAL` input (SDK enum member `SidebarInputType.UserSuppliedCredential`). Not a Connect Portal-supported type: SDK 2.4.0 declares no interface for it, so only the BaseInput fields, `type` and `tooltip` are known; Paragon may send more (open object)."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["USER_SUPPLIED_CREDENTIAL"]
    tooltip: str | None = None
    """
    Added to every serialized input (SerializedConnectInput).
    """


class NativeDynamicInput(BaseInput):
    """A `NATIVE_DYNAMIC_INPUT` input (SDK enum member `SidebarInputType.NativeDynamicEnumInput`). Not a Connect Portal-supported type: SDK 2.4.0 declares no interface for it, so only the BaseInput fields, `type` and `tooltip` are known; Paragon may send more (open object)."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["NATIVE_DYNAMIC_INPUT"]
    tooltip: str | None = None
    """
    Added to every serialized input (SerializedConnectInput).
    """


class TimeConstraintInput(BaseInput):
    """A `TIME_CONSTRAINT_INPUT` input (SDK enum member `SidebarInputType.TimeConstraintInput`). Not a Connect Portal-supported type: SDK 2.4.0 declares no interface for it, so only the BaseInput fields, `type` and `tooltip` are known; Paragon may send more (open object)."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["TIME_CONSTRAINT_INPUT"]
    tooltip: str | None = None
    """
    Added to every serialized input (SerializedConnectInput).
    """


class LinesListInput(BaseInput):
    """A `LinesListInput` input (SDK enum member `SidebarInputType.LinesListInput`). Not a Connect Portal-supported type: SDK 2.4.0 declares no interface for it, so only the BaseInput fields, `type` and `tooltip` are known; Paragon may send more (open object)."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["LinesListInput"]
    tooltip: str | None = None
    """
    Added to every serialized input (SerializedConnectInput).
    """


class LinesListDynamicInput(BaseInput):
    """A `LinesListDynamicInput` input (SDK enum member `SidebarInputType.LinesListDynamicInput`). Not a Connect Portal-supported type: SDK 2.4.0 declares no interface for it, so only the BaseInput fields, `type` and `tooltip` are known; Paragon may send more (open object)."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["LinesListDynamicInput"]
    tooltip: str | None = None
    """
    Added to every serialized input (SerializedConnectInput).
    """


class NumberInput(BaseInput):
    """A serialized `NUMBER` input (SDK enum member `SidebarInputType.Number`), a Connect Portal-supported type [SDK 2.4.0 types/action.d.ts]."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["NUMBER"]
    tooltip: str | None = None
    """
    Added to every serialized input (SerializedConnectInput).
    """


class EmailInput(BaseInput):
    """A serialized `EMAIL` input (SDK enum member `SidebarInputType.Email`), a Connect Portal-supported type [SDK 2.4.0 types/action.d.ts]."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["EMAIL"]
    tooltip: str | None = None
    """
    Added to every serialized input (SerializedConnectInput).
    """


class UrlInput(BaseInput):
    """A serialized `URL` input (SDK enum member `SidebarInputType.URL`), a Connect Portal-supported type [SDK 2.4.0 types/action.d.ts]."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["URL"]
    tooltip: str | None = None
    """
    Added to every serialized input (SerializedConnectInput).
    """


class EnumTextAreaPairInput(BaseInput):
    """A `EnumTextAreaPairInput` input (SDK enum member `SidebarInputType.EnumTextAreaPairInput`). Not a Connect Portal-supported type: SDK 2.4.0 declares no interface for it, so only the BaseInput fields, `type` and `tooltip` are known; Paragon may send more (open object)."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["EnumTextAreaPairInput"]
    tooltip: str | None = None
    """
    Added to every serialized input (SerializedConnectInput).
    """


class SavedFieldMapping(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    label: str


class ComboInput(BaseInput):
    """A serialized `COMBO_INPUT` input (SDK enum member `SidebarInputType.ComboInput`), a Connect Portal-supported type [SDK 2.4.0 types/action.d.ts]. The SDK input's `source`/`getValues` are code-side and not serialized; the API sends `sourceType` (and `fallbackText`) instead. Docs: saved value ComboDropdownValue (ComboInputValue here) [S18]."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["COMBO_INPUT"]
    savedFieldMappings: list[SavedFieldMapping] | None = None
    sourceType: str | None = None
    """
    Serialized in place of the SDK-only `source`: the `cacheKey` of a DynamicDataSource, or the `id` of a FieldMapper/Combo data source (a key of `sdkIntegrationConfig.dataSources`).
    """
    fallbackText: str | None = None
    """
    Text shown when the dynamic source cannot be loaded.
    """
    tooltip: str | None = None
    """
    Added to every serialized input (SerializedConnectInput).
    """


class PasswordInput(BaseInput):
    """A serialized `PASSWORD` input (SDK enum member `SidebarInputType.Password`), a Connect Portal-supported type [SDK 2.4.0 types/action.d.ts]."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["PASSWORD"]
    tooltip: str | None = None
    """
    Added to every serialized input (SerializedConnectInput).
    """


class SwitchInput(BaseInput):
    """A serialized `SWITCH` input (SDK enum member `SidebarInputType.Switch`), a Connect Portal-supported type [SDK 2.4.0 types/action.d.ts]."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["SWITCH"]
    toolTipText: str | None = None
    titleText: str | None = None
    tooltip: str | None = None
    """
    Added to every serialized input (SerializedConnectInput).
    """


class DynamicComboInput(BaseInput):
    """A serialized `DYNAMIC_COMBO_INPUT` input (SDK enum member `SidebarInputType.DynamicComboInput`), a Connect Portal-supported type [SDK 2.4.0 types/action.d.ts]. The SDK input's `source`/`getValues` are code-side and not serialized; the API sends `sourceType` (and `fallbackText`) instead. Docs: used only by Jira "Issue Field Values"; saved value DefaultValueMapping [S18]."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["DYNAMIC_COMBO_INPUT"]
    useDynamicFields: bool | None = None
    sourceType: str | None = None
    """
    Serialized in place of the SDK-only `source`: the `cacheKey` of a DynamicDataSource, or the `id` of a FieldMapper/Combo data source (a key of `sdkIntegrationConfig.dataSources`).
    """
    fallbackText: str | None = None
    """
    Text shown when the dynamic source cannot be loaded.
    """
    tooltip: str | None = None
    """
    Added to every serialized input (SerializedConnectInput).
    """


class CopyableButtonInput(BaseInput):
    """A serialized `COPYABLE_BUTTON_INPUT` input (SDK enum member `SidebarInputType.CopyableButtonInput`), a Connect Portal-supported type [SDK 2.4.0 types/action.d.ts]."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["COPYABLE_BUTTON_INPUT"]
    tooltip: str | None = None
    """
    Added to every serialized input (SerializedConnectInput).
    """


class PermissionScope(BaseModel):
    """One OAuth scope a PERMISSION input offers (`ScopeValue`) [SDK 2.4.0 types/action.d.ts]."""

    model_config = ConfigDict(
        extra="allow",
    )
    name: str
    description: str
    label: str | None = None
    required: bool | None = None


class PermissionScopes(BaseModel):
    """The `scopes` of a PERMISSION input [SDK 2.4.0 types/action.d.ts]."""

    model_config = ConfigDict(
        extra="allow",
    )
    values: list[PermissionScope]


class DynamicMappingField(BaseModel):
    """An application field offered for dynamic field mapping [SDK 2.4.0 types/connect.d.ts]."""

    model_config = ConfigDict(
        extra="allow",
    )
    label: str
    value: str


class CustomDropdownField(BaseModel):
    """A custom dropdown option [SDK 2.4.0 types/connect.d.ts]."""

    model_config = ConfigDict(
        extra="allow",
    )
    label: str
    value: str


class DynamicMappingOptions(BaseModel):
    """Dynamic field mapping options for a `mapObjectFields` entry [SDK 2.4.0 types/connect.d.ts]."""

    model_config = ConfigDict(
        extra="allow",
    )
    fields: list[DynamicMappingField]
    userCanRemoveMappings: bool | None = None
    userCanCreateFields: bool | None = None
    defaultFields: list[str] | None = None
    useBYOFieldMappingOption: bool | None = None


class CustomDropdownInput(BaseInput):
    """A serialized `CUSTOM_DROPDOWN` input (SDK enum member `SidebarInputType.CustomDropdown`), a Connect Portal-supported type [SDK 2.4.0 types/action.d.ts]."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["CUSTOM_DROPDOWN"]
    key: str
    """
    The dropdown key registered with `dropdowns` / `setDataSources`.
    """
    keyIsDefault: bool
    customDropdownOptions: list[CustomDropdownField] | None = None
    tooltip: str | None = None
    """
    Added to every serialized input (SerializedConnectInput).
    """


class FieldMapperInput(BaseInput):
    """A serialized `FIELD_MAPPER` input (SDK enum member `SidebarInputType.FieldMapper`), a Connect Portal-supported type [SDK 2.4.0 types/action.d.ts]. The SDK input's `source`/`getValues` are code-side and not serialized; the API sends `sourceType` (and `fallbackText`) instead. `savedFieldMappings` is non-optional in the SDK type. Saved value: FieldMappingValue (the headless example writes `{mainInput, dependentInput, fieldMappings}`)."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["FIELD_MAPPER"]
    useDynamicMapper: bool | None = None
    dynamicObjectName: str | None = None
    """
    The `mapObjectFields` key that supplies application fields.
    """
    dynamicObjectOptions: DynamicMappingOptions | list[DynamicMappingField] | None = None
    savedFieldMappings: list[SavedFieldMapping]
    """
    The field mappings this input is used for; each gets a nested input backed by `source.fieldSource`.
    """
    sourceType: str | None = None
    """
    Serialized in place of the SDK-only `source`: the `cacheKey` of a DynamicDataSource, or the `id` of a FieldMapper/Combo data source (a key of `sdkIntegrationConfig.dataSources`).
    """
    fallbackText: str | None = None
    """
    Text shown when the dynamic source cannot be loaded.
    """
    tooltip: str | None = None
    """
    Added to every serialized input (SerializedConnectInput).
    """


class PermissionInput(BaseInput):
    """A serialized `PERMISSION` input (SDK enum member `SidebarInputType.Permission`), a Connect Portal-supported type [SDK 2.4.0 types/action.d.ts]. Saved value: the selected scopes as one space-separated string [S9]."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["PERMISSION"]
    requiredScopes: list[str]
    scopes: PermissionScopes
    tooltip: str | None = None
    """
    Added to every serialized input (SerializedConnectInput).
    """
