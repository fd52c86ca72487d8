"""ActionKit declared as data: an integration's category, Tools and trigger types.

An integration of a project file may carry an ``actionkit:`` block (:class:`ActionKitSpec`); when
it does not, the catalogue (:mod:`pytest_paragon.fake.actionkit.catalogue`) gives the defaults for
its type. A Tool is declared once, with its parameters as JSON Schema properties; both List Tools
formats are derived from it:

- ``json_schema``: one ``{type: "function", function: {name, description, parameters}}`` per Tool,
  and a polymorphic Tool (one parameter whose value changes the other parameters, e.g. Salesforce's
  record type) is split into one Tool per variant, named ``<NAME>_<SUFFIX>``;
- ``paragon``: one definition per Tool whose ``parameters`` are Paragon inputs
  (``IntentInputKeyConfig``), the polymorphic parameter an ``ENUM`` whose values carry their
  ``dependentInputs``.

Only pydantic is imported here (``project.py`` imports this module).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import Field, model_validator

from pytest_paragon.fake.base.spec_base import Spec as _Spec

ToolKind = Literal["action", "create", "list", "get", "update"]
PAGINATION = "paginationParameters"


class ToolVariantSpec(_Spec):
    """One value of a polymorphic parameter and the parameters that value adds."""

    value: str
    label: str = ""
    suffix: str = ""
    properties: dict[str, Any] = Field(default_factory=dict)
    required: tuple[str, ...] = ()

    @property
    def name_suffix(self) -> str:
        """The suffix of the split Tool's name (``Contact`` -> ``CONTACT``)."""
        return self.suffix or re.sub(r"[^A-Za-z0-9]+", "_", self.value).strip("_").upper()


class PolymorphicSpec(_Spec):
    """The parameter that selects a variant (e.g. ``recordType``) and its variants."""

    parameter: str
    title: str = ""
    variants: tuple[ToolVariantSpec, ...]


class ToolSpec(_Spec):
    """An ActionKit Tool: name, description, parameters (JSON Schema properties) and behaviour.

    Without a test handler a Tool answers from the fake's per-credential records: ``create``
    stores ``{id, **parameters}`` in ``collection``, ``list`` pages through it, ``get`` and
    ``update`` address a record by ``idParameter``; ``action`` echoes ``{id, **parameters}``.
    ``collection`` may name a parameter as ``$param`` (its value picks the collection); a
    polymorphic Tool's variant value is that parameter's value. ``output`` fixes the answer.
    """

    name: str
    description: str
    properties: dict[str, Any] = Field(default_factory=dict)
    required: tuple[str, ...] = ()
    kind: ToolKind = "action"
    collection: str | None = None
    idParameter: str | None = None
    pageSize: int = Field(default=10, ge=1)
    polymorphic: PolymorphicSpec | None = None
    output: Any = None

    @model_validator(mode="after")
    def _check_schemas(self) -> ToolSpec:
        from jsonschema import Draft202012Validator
        from jsonschema.exceptions import SchemaError

        variants = self.polymorphic.variants if self.polymorphic else ()
        for tool in [Tool(self.name, "", self, None), *(Tool("", "", self, v) for v in variants)]:
            try:
                Draft202012Validator.check_schema(tool.json_schema())
            except SchemaError as error:
                raise ValueError(
                    f"{self.name}: invalid parameter schema: {error.message}"
                ) from None
        return self


class TriggerSpec(_Spec):
    """An ActionKit trigger type: its definition (E37) and example payloads (E42)."""

    type: str
    title: str
    description: str = ""
    triggerModel: Literal["POLLING", "WEBHOOK"] = "WEBHOOK"
    parameters: tuple[dict[str, Any], ...] = ()
    examples: tuple[dict[str, Any], ...] = ()

    def definition(self) -> dict[str, Any]:
        """The TriggerDefinition of E37."""
        return {
            "type": self.type,
            "triggerModel": self.triggerModel,
            "title": self.title,
            "description": self.description,
            "parameters": [dict(parameter) for parameter in self.parameters],
        }


class ActionKitSpec(_Spec):
    """An integration's ActionKit: category, Tools and triggers (``None``: catalogue defaults)."""

    category: str | None = None
    tools: tuple[ToolSpec, ...] | None = None
    triggers: tuple[TriggerSpec, ...] | None = None


# -- the runnable Tools derived from the specs ---------------------------------------------------


@dataclass(frozen=True)
class Tool:
    """A runnable Tool of an integration: a ToolSpec, or one variant of a polymorphic one."""

    name: str
    integration: str
    spec: ToolSpec
    variant: ToolVariantSpec | None = None

    @property
    def description(self) -> str:
        """The description (a variant adds its label)."""
        if self.variant is None:
            return self.spec.description
        return f"{self.spec.description} ({self.variant.label or self.variant.value})"

    @property
    def properties(self) -> dict[str, Any]:
        """The JSON Schema properties of the parameters (a variant's follow the common ones)."""
        properties = dict(self.spec.properties)
        if self.variant is not None:
            properties.update(self.variant.properties)
        if self.spec.kind == "list":
            properties[PAGINATION] = {
                "type": "object",
                "description": "Pass the nextPageCursor of the previous page as pageCursor.",
                "properties": {"pageCursor": {"type": "string"}},
                "additionalProperties": False,
            }
        return properties

    @property
    def required(self) -> list[str]:
        """The required parameter names."""
        names = list(self.spec.required)
        if self.variant is not None:
            names.extend(name for name in self.variant.required if name not in names)
        return names

    def json_schema(self) -> dict[str, Any]:
        """The parameters as a closed JSON Schema object."""
        return {
            "type": "object",
            "properties": self.properties,
            "required": self.required,
            "additionalProperties": False,
        }

    def wire(self) -> dict[str, Any]:
        """The json_schema-format definition (OpenAI function-calling shape)."""
        return {
            "type": "function",
            "function": {
                "name": self.name,
                "description": self.description,
                "parameters": self.json_schema(),
            },
        }


def runnable_tools(integration: str, spec: ToolSpec) -> list[Tool]:
    """The json_schema-format Tools of ``spec``: itself, or one per polymorphic variant."""
    if spec.polymorphic is None:
        return [Tool(spec.name, integration, spec)]
    return [
        Tool(f"{spec.name}_{variant.name_suffix}", integration, spec, variant)
        for variant in spec.polymorphic.variants
    ]


def _title(key: str) -> str:
    words = re.sub(r"([a-z])([A-Z])", r"\1 \2", key).replace("-", " ").replace("_", " ")
    return words[:1].upper() + words[1:]


def paragon_input(key: str, schema: dict[str, Any], required: bool) -> dict[str, Any]:
    """A JSON Schema property as a Paragon input (``IntentInputKeyConfig``)."""
    kind = schema.get("type")
    data: dict[str, Any] = {"id": key, "title": str(schema.get("title") or _title(key))}
    if schema.get("enum"):
        data["type"] = "ENUM"
        data["values"] = list(schema["enum"])
    elif kind == "boolean":
        data["type"] = "BOOLEAN_INPUT"
    elif kind in ("number", "integer"):
        data["type"] = "NUMBER"
    elif kind in ("array", "object"):
        data["type"] = "CODE"
    elif isinstance(schema.get("maxLength"), int) and schema["maxLength"] > 255:
        data["type"] = "TEXTAREA"
    else:
        data["type"] = "TEXT"
    if schema.get("description"):
        data["subtitle"] = str(schema["description"])
    data["required"] = required
    if "default" in schema:
        data["defaultValue"] = schema["default"]
    return data


def _inputs(properties: dict[str, Any], required: list[str] | tuple[str, ...]) -> list[Any]:
    return [paragon_input(key, value, key in required) for key, value in properties.items()]


def paragon_tool(integration: str, spec: ToolSpec) -> dict[str, Any]:
    """The paragon-format definition of ``spec`` (polymorphic parameter as an ENUM)."""
    tool = Tool(spec.name, integration, spec)
    inputs = _inputs(tool.properties, tool.required)
    if spec.polymorphic is not None:
        choice = spec.polymorphic
        inputs.insert(
            0,
            {
                "id": choice.parameter,
                "title": choice.title or _title(choice.parameter),
                "type": "ENUM",
                "required": True,
                "values": [
                    {
                        "value": variant.value,
                        "label": variant.label or variant.value,
                        "dependentInputs": _inputs(variant.properties, variant.required),
                    }
                    for variant in choice.variants
                ],
            },
        )
    return {"name": spec.name, "description": spec.description, "parameters": inputs}
