"""Generated from contracts/paragon.openapi.yaml by scripts/generate_models.py: do not edit.
Pydantic v2 models of every component schema of the contract, one module per x-paragon-area.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel


class KeyedSourceKind(str, Enum):
    """The `type` of a resolver Source [SDK 2.4.0 types/resolvers.d.ts]."""

    VALUE = "VALUE"
    VARIABLE = "VARIABLE"
    TOKENIZED = "TOKENIZED"
    CONDITION = "CONDITION"
    ENVIRONMENT_SECRET = "ENVIRONMENT_SECRET"
    EXECUTION = "EXECUTION"
    FANOUT_EXECUTION = "FANOUT_EXECUTION"
    USER_SUPPLIED_CREDENTIAL = "USER_SUPPLIED_CREDENTIAL"
    CONNECT_CREDENTIAL_FIELD = "CONNECT_CREDENTIAL_FIELD"
    OBJECT_VALUE = "OBJECT_VALUE"
    PERSONA_METADATA = "PERSONA_METADATA"


class DataType(str, Enum):
    STRING = "STRING"
    NUMBER = "NUMBER"
    DATE = "DATE"
    BOOLEAN = "BOOLEAN"
    EMAIL = "EMAIL"
    OBJECT = "OBJECT"
    ARRAY = "ARRAY"
    ANY = "ANY"
    FILE = "FILE"
    NON_DECIMAL = "NON_DECIMAL"


class FanoutStackItem(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    stepId: str
    instanceId: str
    index: int


class FieldType(str, Enum):
    WORKFLOW_SETTING = "WORKFLOW_SETTING"
    SHARED_WORKFLOW_SETTING = "SHARED_WORKFLOW_SETTING"
    EXTERNAL_USER_ID = "EXTERNAL_USER_ID"
    EXTERNAL_USER_PROVIDER_ID = "EXTERNAL_USER_PROVIDER_ID"
    OAUTH_ACCESS_TOKEN = "OAUTH_ACCESS_TOKEN"
    EXTERNAL_USER_PROVIDER_DATA = "EXTERNAL_USER_PROVIDER_DATA"


class ConditionOperator(str, Enum):
    """Condition operators (`Operator`) [SDK 2.4.0 types/resolvers.d.ts]. Note the SDK member names: `IsNotNull` = `$exists`, `IsNull` = `$doesNotExist`, `Exists` = `$isNotUndefinedOrNull`, `DoesNotExist` = `$isUndefinedOrNull`. Unary operators (`$none`, boolean, existence, `$arrayIsEmpty`, `$arrayIsNotEmpty`) take no `argument`."""

    field_none = "$none"
    field_stringContains = "$stringContains"
    field_stringDoesNotContain = "$stringDoesNotContain"
    field_stringExactlyMatches = "$stringExactlyMatches"
    field_stringDoesNotExactlyMatch = "$stringDoesNotExactlyMatch"
    field_stringIsIn = "$stringIsIn"
    field_stringIsNotIn = "$stringIsNotIn"
    field_stringStartsWith = "$stringStartsWith"
    field_stringDoesNotStartWith = "$stringDoesNotStartWith"
    field_stringEndsWith = "$stringEndsWith"
    field_stringDoesNotEndWith = "$stringDoesNotEndWith"
    field_stringGreaterThan = "$stringGreaterThan"
    field_stringLessThan = "$stringLessThan"
    field_numberGreaterThan = "$numberGreaterThan"
    field_numberLessThan = "$numberLessThan"
    field_numberEquals = "$numberEquals"
    field_numberDoesNotEqual = "$numberDoesNotEqual"
    field_numberLessThanOrEqualTo = "$numberLessThanOrEqualTo"
    field_numberGreaterThanOrEqualTo = "$numberGreaterThanOrEqualTo"
    field_dateTimeAfter = "$dateTimeAfter"
    field_dateTimeBefore = "$dateTimeBefore"
    field_dateTimeEquals = "$dateTimeEquals"
    field_booleanTrue = "$booleanTrue"
    field_booleanFalse = "$booleanFalse"
    field_exists = "$exists"
    field_doesNotExist = "$doesNotExist"
    field_isNotUndefinedOrNull = "$isNotUndefinedOrNull"
    field_isUndefinedOrNull = "$isUndefinedOrNull"
    field_arrayIsIn = "$arrayIsIn"
    field_arrayIsNotIn = "$arrayIsNotIn"
    field_arrayIsEmpty = "$arrayIsEmpty"
    field_arrayIsNotEmpty = "$arrayIsNotEmpty"


class ResolverSource(BaseModel):
    """A value source (`Source` of [SDK 2.4.0 types/resolvers.d.ts]), tagged by `type`. Fields by kind: VALUE `value`, `dataType?`; VARIABLE `stepId`, `path`, `dataType?`; TOKENIZED `parts` (VALUE, VARIABLE, ENVIRONMENT_SECRET, CONNECT_CREDENTIAL_FIELD, OBJECT_VALUE or PERSONA_METADATA sources), `dataType?`; CONDITION `condition`; ENVIRONMENT_SECRET `environmentSecretId`; EXECUTION `id`, `stepId`, `start`, `fanoutStack`, `remoteCached?`; FANOUT_EXECUTION `stepId`; USER_SUPPLIED_CREDENTIAL `tokenType`, `providerType`, `credential` (a TOKENIZED source); CONNECT_CREDENTIAL_FIELD `fieldType` plus `inputId`/`path?` (WORKFLOW_SETTING, SHARED_WORKFLOW_SETTING) or `dataKey` (EXTERNAL_USER_PROVIDER_DATA); OBJECT_VALUE `name`, `path`, `dataType?`; PERSONA_METADATA `path?`. Modelled as one open object rather than 11 variants."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: KeyedSourceKind
    dataType: DataType | None = None
    value: Any | None = None
    """
    VALUE: any JSON value.
    """
    stepId: str | None = None
    path: list[str] | None = None
    parts: list[ResolverSource] | None = None
    condition: ConditionWrapper | None = None
    environmentSecretId: str | None = None
    id: str | None = None
    start: float | None = None
    """
    EXECUTION: timestamp of the execution.
    """
    fanoutStack: list[FanoutStackItem] | None = None
    remoteCached: bool | None = None
    tokenType: str | None = None
    providerType: str | None = None
    credential: ResolverSource | None = None
    fieldType: FieldType | None = None
    inputId: str | None = None
    dataKey: str | None = None
    name: str | None = None


class KeyedSource(BaseModel):
    """A named value source (`KeyedSource`) [SDK 2.4.0 types/resolvers.d.ts]: account-type `oauthParameters`, getFieldOptions `parameters`."""

    model_config = ConfigDict(
        extra="allow",
    )
    key: str
    source: ResolverSource


class Condition(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    operator: ConditionOperator
    variable: ResolverSource
    argument: ResolverSource | None = None


class OperatorCondition(BaseModel):
    """A leaf of a condition tree [SDK 2.4.0 types/resolvers.d.ts]."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["OPERATOR"]
    condition: Annotated[Condition, Field(title="Condition")]


class AndConditions(BaseModel):
    """All nested conditions must hold [SDK 2.4.0 types/resolvers.d.ts]."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["JOIN"]
    join: Literal["AND"]
    conditions: list[ConditionWrapper]


class OrConditions(BaseModel):
    """Any nested condition must hold [SDK 2.4.0 types/resolvers.d.ts]. Used as `IntegrationWorkflowMeta.permissions` (Workflow Permissions over persona metadata); each element is an AndConditions, OrConditions or OperatorCondition (ConditionWrapper)."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["JOIN"]
    join: Literal["OR"]
    conditions: list[ConditionWrapper]


class ConditionWrapper(RootModel[AndConditions | OrConditions | OperatorCondition]):
    root: Annotated[
        AndConditions | OrConditions | OperatorCondition,
        Field(
            examples=[
                {
                    "type": "JOIN",
                    "join": "OR",
                    "conditions": [
                        {
                            "type": "JOIN",
                            "join": "AND",
                            "conditions": [
                                {
                                    "type": "OPERATOR",
                                    "condition": {
                                        "operator": "$stringExactlyMatches",
                                        "variable": {"type": "PERSONA_METADATA", "path": ["plan"]},
                                        "argument": {"type": "VALUE", "value": "enterprise"},
                                    },
                                }
                            ],
                        }
                    ],
                }
            ]
        ),
    ]
    """
    A node of a condition tree [SDK 2.4.0 types/resolvers.d.ts]. Not a single-property discriminated union: joins are told apart by `type` (`JOIN`/`OPERATOR`) and then `join` (`AND`/`OR`); the variants' consts make them mutually exclusive.
    """


ResolverSource.model_rebuild()
AndConditions.model_rebuild()
OrConditions.model_rebuild()
