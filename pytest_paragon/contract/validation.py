"""Check requests and responses against the contract with compiled JSON Schema validators.

Validators are compiled once per schema object with jsonschema-rs (Draft 2020-12, formats
checked); each is rooted in a document that carries the contract's ``components`` so that local
``$ref`` pointers resolve. Query and header values arrive as text and are coerced to the type
their schema declares (OpenAPI ``form`` style: exploded arrays repeat the key, others are
comma-separated) before validation.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import jsonschema_rs

from pytest_paragon import strict_json
from pytest_paragon.contract.document import Contract, Operation

DRAFT = "https://json-schema.org/draft/2020-12/schema"

# Query and header text that is a JSON number: Python's int()/float() also take "1_000", " 5",
# "nan", "inf" and non-ASCII digits, none of which a client can mean as a number on the wire.
_INTEGER_TEXT = re.compile(r"-?[0-9]+")
_NUMBER_TEXT = re.compile(r"-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?")

_MESSAGE_LIMIT = 200
_SHOWN = 60


@dataclass(frozen=True)
class Violation:
    """One way a request (or response) breaks the contract."""

    operation: str
    place: str
    message: str
    schema_path: str
    value: Any = None


def validators_of(contract: Contract) -> ContractValidators:
    """The compiled validators of ``contract``, built once and kept with it.

    Kept here rather than as a property of :class:`Contract`: the document must not import its
    validation (that would be an import circle).
    """
    cached = contract.__dict__.get("_validators")
    if not isinstance(cached, ContractValidators):
        cached = ContractValidators(contract)
        contract.__dict__["_validators"] = cached
    return cached


def checker_of(contract: Contract) -> RequestChecker:
    """The request checker of ``contract``, kept with it like :func:`validators_of`.

    One checker per contract works out each operation's plan (resolved schemas, compiled
    validators) once for every fake, cassette and view that checks requests against it.
    """
    cached = contract.__dict__.get("_request_checker")
    if not isinstance(cached, RequestChecker):
        cached = RequestChecker(contract, validators_of(contract))
        contract.__dict__["_request_checker"] = cached
    return cached


class ContractValidators:
    """Compiled validators for one contract, built lazily and cached per schema object."""

    def __init__(self, contract: Contract) -> None:
        """Compile against ``contract``'s components."""
        self.contract = contract
        self._components = contract.document.get("components") or {}
        self._cache: dict[int, tuple[Mapping[str, Any], jsonschema_rs.Validator]] = {}

    def validator(self, schema: Mapping[str, Any]) -> jsonschema_rs.Validator:
        """The compiled validator of ``schema`` (a schema object of the contract)."""
        cached = self._cache.get(id(schema))
        if cached is not None and cached[0] is schema:
            return cached[1]
        rooted = {"$schema": DRAFT, "components": self._components, **schema}
        compiled = jsonschema_rs.validator_for(rooted, validate_formats=True)
        self._cache[id(schema)] = (schema, compiled)
        return compiled

    def errors(self, schema: Mapping[str, Any], instance: Any) -> list[tuple[str, str, str, Any]]:
        """``(instance path, schema path, message, failing value)`` of every error."""
        validator = self.validator(schema)
        if validator.is_valid(instance):  # the common case, without building error objects
            return []
        return [
            (
                "/".join(str(part) for part in error.instance_path),
                "/".join(str(part) for part in error.schema_path),
                shorten_message(error.message, error.instance),
                error.instance,
            )
            for error in validator.iter_errors(instance)
        ]


def shorten_message(message: str, instance: Any) -> str:
    """Keep a validator message short: it quotes the failing value, shown in full elsewhere.

    jsonschema-rs writes the whole failing instance into the message (``[0,1,...] is not of type
    "object"``); a long instance is cut to its first characters so the headline stays one line.
    """
    if len(message) <= _MESSAGE_LIMIT:
        return message
    try:
        rendered = json.dumps(instance, separators=(",", ":"), ensure_ascii=False)
    except (TypeError, ValueError):
        rendered = ""
    if len(rendered) > _SHOWN and rendered in message:
        cut = f"{rendered[:_SHOWN]}... ({len(rendered) - _SHOWN} more characters)"
        message = message.replace(rendered, cut, 1)
    if len(message) > _MESSAGE_LIMIT:
        extra = len(message) - _MESSAGE_LIMIT
        message = f"{message[:_MESSAGE_LIMIT]}... ({extra} more characters)"
    return message


def coerce_text(value: str, schema: Mapping[str, Any]) -> Any:
    """Turn a query or header string into the JSON type ``schema`` declares, when it parses."""
    kinds = schema.get("type")
    kinds = [kinds] if isinstance(kinds, str) else list(kinds or [])
    if len(value) > strict_json.MAX_NUMBER_LENGTH and value[:1] not in "{[":
        return value  # too long for a number: the schema refuses the text (int() is quadratic)
    if ("integer" in kinds or "number" in kinds) and _INTEGER_TEXT.fullmatch(value):
        return int(value)
    if "number" in kinds and _NUMBER_TEXT.fullmatch(value):
        return float(value)
    if "boolean" in kinds and value in ("true", "false"):
        return value == "true"
    if ("object" in kinds or "array" in kinds) and value[:1] in "{[":
        try:
            return strict_json.loads(value)
        except ValueError:
            pass
    return value


class _Parameter(NamedTuple):
    """What checking one parameter needs, worked out once per operation."""

    where: str
    name: str
    lowered: str
    place: str
    schema: Mapping[str, Any]
    required: bool
    explode: bool
    validator: Any


class RequestChecker:
    """Check the parts of a request against its operation; collect :class:`Violation` s."""

    def __init__(self, contract: Contract, validators: ContractValidators | None = None) -> None:
        """Check against ``contract`` (validators are shared when given)."""
        self.contract = contract
        self.validators = validators or ContractValidators(contract)
        self._plans: dict[int, tuple[Operation, tuple[_Parameter, ...]]] = {}

    def _plan(self, operation: Operation) -> tuple[_Parameter, ...]:
        """The operation's parameters with their resolved schemas and compiled validators."""
        kept = self._plans.get(id(operation))
        if kept is not None and kept[0] is operation:
            return kept[1]
        plan = []
        for parameter in operation.parameters:
            schema = self.contract.resolve(parameter.get("schema") or {})
            name, where = parameter["name"], parameter["in"]
            kind = "path parameter" if where == "path" else f"{where} parameter"
            plan.append(
                _Parameter(
                    where,
                    name,
                    name.lower(),
                    f"header {name}" if where == "header" else f"{kind} {name}",
                    schema,
                    bool(parameter.get("required")),
                    parameter.get("explode", parameter.get("style", "form") == "form"),
                    self.validators.validator(schema),
                )
            )
        self._plans[id(operation)] = (operation, tuple(plan))
        return tuple(plan)

    def check(
        self,
        operation: Operation,
        *,
        path_params: Mapping[str, str],
        query: Sequence[tuple[str, str]],
        headers: Mapping[str, str],
        content_type: str | None,
        body: bytes,
    ) -> list[Violation]:
        """Every violation of the request; an empty list when it honours the contract."""
        found: list[Violation] = []
        lowered = {key.lower(): value for key, value in headers.items()}
        for parameter in self._plan(operation):
            schema = parameter.schema
            if parameter.where == "path":
                value = coerce_text(path_params.get(parameter.name, ""), schema)
            elif parameter.where == "query":
                self._query(found, operation, parameter, query)
                continue
            elif parameter.where == "header":
                raw = lowered.get(parameter.lowered)
                if raw is None:
                    if parameter.required:
                        found.append(self._missing(operation, parameter.place))
                    continue
                value = coerce_text(raw, schema)
            else:
                continue
            if not parameter.validator.is_valid(value):  # the common case costs one C call
                self._value(found, operation, parameter.place, schema, value)
        self._body(found, operation, content_type, body)
        return found

    def _query(
        self,
        found: list[Violation],
        operation: Operation,
        parameter: _Parameter,
        query: Sequence[tuple[str, str]],
    ) -> None:
        name, schema = parameter.name, parameter.schema
        kinds = schema.get("type")
        if kinds == "object" and parameter.explode:
            declared = {p["name"] for p in operation.parameters if p.get("in") == "query"}
            value: Any = {k: v for k, v in query if k not in declared}
            self._value(found, operation, parameter.place, schema, value)
            return
        values = [v for k, v in query if k == name]
        if not values:
            if parameter.required:
                found.append(self._missing(operation, parameter.place))
            return
        if kinds == "array":
            items = self.contract.resolve(schema.get("items") or {})
            raw = values if parameter.explode else [part for v in values for part in v.split(",")]
            value = [coerce_text(item, items) for item in raw]
        else:
            value = coerce_text(values[-1], schema)
        if not parameter.validator.is_valid(value):
            self._value(found, operation, parameter.place, schema, value)

    def _body(
        self, found: list[Violation], operation: Operation, content_type: str | None, body: bytes
    ) -> None:
        request_body = operation.definition.get("requestBody")
        if request_body is None:
            return
        request_body = self.contract.resolve(request_body)
        content = request_body.get("content") or {}
        if not body:
            if request_body.get("required"):
                found.append(self._missing(operation, "request body"))
            return
        media = (content_type or "").split(";")[0].strip().lower()
        if media in ("", "auto") or "json" in media:
            schema = (content.get("application/json") or {}).get("schema")
            if schema is None:
                if "*/*" in content or media == "auto":
                    return
                return found.append(self._unexpected_media(operation, media, content))
            try:
                document = strict_json.loads(body)
            except ValueError as exc:
                if media in ("", "auto") and "*/*" in content:
                    return
                text = body[:200].decode("utf-8", errors="replace")
                found.append(
                    Violation(operation.label, "request body", f"not JSON: {exc}", "", text)
                )
                return
            self._value(found, operation, "request body", schema, document)
        elif media not in content and "*/*" not in content:
            found.append(self._unexpected_media(operation, media, content))

    def _value(
        self,
        found: list[Violation],
        operation: Operation,
        place: str,
        schema: Mapping[str, Any],
        value: Any,
    ) -> None:
        for where, schema_path, message, failing in self.validators.errors(schema, value):
            found.append(
                Violation(
                    operation.label,
                    f"{place}{'/' + where if where else ''}",
                    message,
                    schema_path,
                    failing,
                )
            )

    @staticmethod
    def _missing(operation: Operation, place: str) -> Violation:
        return Violation(operation.label, place, f"the {place} is required", "required")

    @staticmethod
    def _unexpected_media(
        operation: Operation, media: str, content: Mapping[str, Any]
    ) -> Violation:
        return Violation(
            operation.label,
            "Content-Type",
            f"media type {media!r} is not one of {sorted(content)}",
            "requestBody/content",
            media,
        )


def response_schema(
    contract: Contract, operation: Operation, status: int, media: str
) -> Mapping[str, Any] | None:
    """The schema of ``operation``'s ``status`` response for ``media`` (``None``: undocumented)."""
    responses = operation.definition.get("responses") or {}
    response = (
        responses.get(str(status))
        or responses.get(f"{str(status)[0]}XX")
        or responses.get("default")
    )
    if response is None:
        return None
    content = contract.resolve(response).get("content") or {}
    entry = content.get(media) or content.get("*/*")
    return None if entry is None else entry.get("schema", {})


def check_response(
    contract: Contract,
    validators: ContractValidators,
    operation: Operation,
    status: int,
    media: str,
    document: Any,
) -> list[Violation]:
    """Violations of a response: an undocumented status, or a body its schema refuses."""
    responses = operation.definition.get("responses") or {}
    keys = (str(status), f"{str(status)[0]}XX", "default")
    if not any(key in responses for key in keys):
        return [
            Violation(
                operation.label,
                "response status",
                f"status {status} is not documented",
                "responses",
                sorted(responses),
            )
        ]
    schema = response_schema(contract, operation, status, media)
    if schema is None:
        return []
    return [
        Violation(
            operation.label,
            f"response body{'/' + where if where else ''}",
            message,
            schema_path,
            failing,
        )
        for where, schema_path, message, failing in validators.errors(schema, document)
    ]
