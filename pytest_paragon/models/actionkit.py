"""Generated from contracts/paragon.openapi.yaml by scripts/generate_models.py: do not edit.
Pydantic v2 models of every component schema of the contract, one module per x-paragon-area.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from . import inputs


class ToolFormat(str, Enum):
    """Format of tool definitions in List Tools: `json_schema` (default, for LLM function calling; polymorphic parameters split into separate tools) or `paragon` (the Workflow Editor's input format, for rendering configuration UIs)."""

    json_schema = "json_schema"
    paragon = "paragon"


class ToolFunction(BaseModel):
    """The function of a json_schema-format Tool."""

    model_config = ConfigDict(
        extra="allow",
    )
    name: Annotated[str, Field(min_length=1)]
    """
    The tool name to pass as `tool` to Run Tool, e.g. SLACK_SEND_MESSAGE.
    """
    description: str
    parameters: Annotated[dict[str, Any], Field(title="ToolParametersSchema")]
    """
    A JSON Schema (2020-12 vocabulary, no draft-specific extensions) of type object describing the tool's parameters (properties, required, additionalProperties false).
    """


class Tool(BaseModel):
    """A tool definition in the json_schema format (OpenAI function-calling shape)."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: Literal["function"]
    function: ToolFunction


class ToolListError(BaseModel):
    """A per-integration error of List Tools. Not documented publicly (examples show `errors: []`); by analogy with the Triggers API's `{type, message}` (inferred), nothing required, open."""

    model_config = ConfigDict(
        extra="allow",
    )
    type: str | None = None
    """
    The integration the error concerns (inferred).
    """
    message: str | None = None


class RunToolRequest(BaseModel):
    """Body of Run Tool. The tool name goes in `tool`, or in the legacy field `action` (still accepted on both paths): exactly one of the two must be present (`oneOf` of the two `required` sets). Closed: the docs fully determine the shape."""

    model_config = ConfigDict(
        extra="allow",
    )
    tool: Annotated[str | None, Field(min_length=1)] = None
    """
    The tool name, e.g. SLACK_SEND_MESSAGE.
    """
    action: Annotated[str | None, Field(min_length=1)] = None
    """
    Legacy name of `tool`.
    """
    parameters: Annotated[dict[str, Any], Field(title="RunToolParameters")]
    """
    The tool's parameters, as described by its definition. List/search tools accept `paginationParameters.pageCursor`.
    """


class RunToolResponse(BaseModel):
    """The output of the tool: integration-specific JSON (e.g. the provider's API response). Paginated tools include a cursor (`pageCursor` / `nextPageCursor`). Open."""

    model_config = ConfigDict(
        extra="allow",
    )


class ParagonFormatTool(BaseModel):
    """A tool definition in the `paragon` format, the schema of Paragon's Workflow Editor: its inputs are Paragon input types (`IntentInputKeyConfig`: ENUM, DYNAMIC_ENUM, EDITABLE_ENUM, EnumTextAreaPairInput, TEXT, TEXT_NO_VARS, TEXTAREA, TEXTAREA_NO_VARS, CODE, BOOLEAN_INPUT, SWITCH, CONDITIONAL, DYNAMIC_CONDITIONAL). Gap: the reference does not give the exact field list of a paragon-format tool; modelled like TriggerDefinition (`name`, `description`, `parameters` as a list of inputs), nothing required, open."""

    model_config = ConfigDict(
        extra="allow",
    )
    name: str | None = None
    """
    The tool name, e.g. SLACK_SEND_MESSAGE.
    """
    description: str | None = None
    parameters: list[inputs.IntentInputKeyConfig] | None = None


class ListToolsResponse(BaseModel):
    """Response of GET /projects/{projectId}/tools: tool definitions keyed by integration name, plus `errors`. Items are `Tool` for format=json_schema and `ParagonFormatTool` for format=paragon (one format per response; anyOf because the paragon shape is open)."""

    model_config = ConfigDict(
        extra="allow",
    )
    tools: Annotated[dict[str, list[Tool | ParagonFormatTool]], Field(title="ToolsByIntegration")]
    """
    Integration name -> tool definitions.
    """
    errors: list[ToolListError]


class ListActionsResponse(BaseModel):
    """Response of the legacy GET /projects/{projectId}/actions: as ListToolsResponse but under the key `actions` (older docs, Paragon's MCP server; inferred per path)."""

    model_config = ConfigDict(
        extra="allow",
    )
    actions: Annotated[
        dict[str, list[Tool | ParagonFormatTool]], Field(title="ActionsByIntegration")
    ]
    """
    Integration name -> tool definitions.
    """
    errors: list[ToolListError]
