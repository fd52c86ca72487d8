"""Provider request checks: what a proxied request must carry, as the provider documents it.

Paragon's contract stops at the Proxy API's door: a Proxy body is free-form to Paragon. The
provider behind it is not lenient, so the fake checks a proxied request against the provider's
documented parameters for the endpoints integrations use most. Each provider is one YAML file in
``pytest_paragon/providers/data/`` written as data from its public API reference (facts only,
with the reference page of every endpoint in ``source``)::

    provider: Slack                  # the name messages use
    integration: slack               # the Paragon integration type whose proxy calls it checks
    endpoints:
      - name: chat.postMessage
        method: POST                 # or a list, e.g. [GET, POST]
        path: /chat.postMessage      # {name} matches one path segment
        source: https://api.slack.com/methods/chat.postMessage
        in: either                   # query, body (JSON or form) or either (both, merged)
        required: [channel]
        requiredOneOf: [[text, blocks, attachments]]   # at least one of each group
        params:                      # every rule is optional
          channel: {type: string}    # string, integer, number, boolean, array, object, or a list
          limit: {type: integer, minimum: 1, maximum: 1000}
          parse: {type: string, enum: [full, none]}
          types: {type: string, commaSeparated: [public_channel, private_channel]}
          q: {type: string, pattern: "^SELECT "}
          fields: {type: object, required: [summary], params: {summary: {type: string}}}
          ids: {type: array, maxItems: 5, items: {type: string}}
        response: {status: 200, body: {ok: true}}   # the default answer when none is registered

A rule a request breaks is a :class:`~pytest_paragon.errors.ProviderRequestError` naming the
provider, the endpoint, the rule and its source; ``provider_checks=False`` (the setting) turns the
checks off. ``paragon_fake.proxy.add_endpoints(document_or_path)`` adds endpoints in this same
format for one fake (a user's own provider, or one this package lacks).
"""

from __future__ import annotations

import functools
import json
import re
import urllib.parse
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

DATA = Path(__file__).parent / "data"
JsonType = Literal["string", "integer", "number", "boolean", "array", "object"]


class _Model(BaseModel):
    # built when first validated: every fake imports this module, few proxy a provider's call
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


class ParamRule(_Model):
    """What one parameter must be (every rule optional)."""

    type: JsonType | tuple[JsonType, ...] | None = None
    enum: tuple[Any, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None
    pattern: str | None = None
    commaSeparated: tuple[str, ...] | None = Field(
        None, description="a comma-separated list of these values"
    )
    maxItems: int | None = None
    items: ParamRule | None = None
    required: tuple[str, ...] = ()
    params: dict[str, ParamRule] = Field(default_factory=dict)


class ProviderAnswer(_Model):
    """The provider's documented success answer: the default when no answer is registered."""

    status: int = Field(200, ge=200, le=299)
    body: Any = None


class ProviderEndpoint(_Model):
    """One provider endpoint and the parameters it documents."""

    name: str
    method: str | tuple[str, ...]
    path: str
    source: str = Field(description="the provider's reference page for this endpoint")
    in_: Literal["query", "body", "either"] = Field("query", alias="in")
    required: tuple[str, ...] = ()
    requiredOneOf: tuple[tuple[str, ...], ...] = ()
    params: dict[str, ParamRule] = Field(default_factory=dict)
    response: ProviderAnswer = Field(default_factory=ProviderAnswer)

    @property
    def methods(self) -> tuple[str, ...]:
        """The HTTP methods, upper-case."""
        methods = (self.method,) if isinstance(self.method, str) else self.method
        return tuple(method.upper() for method in methods)

    @functools.cached_property
    def _pattern(self) -> re.Pattern[str]:
        parts = re.split(r"(\{[^}/]+\})", self.path)
        text = "".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts)
        return re.compile(text + "/?")

    def matches(self, method: str, path: str) -> bool:
        """Whether a call of ``method`` to ``path`` is this endpoint."""
        return method.upper() in self.methods and self._pattern.fullmatch(path) is not None

    @property
    def specificity(self) -> int:
        """Literal characters of the path: the most specific of several matches wins."""
        return len(re.sub(r"\{[^}/]+\}", "", self.path))


class ProviderDocument(_Model):
    """One provider's file: its name, the integration it checks, its endpoints."""

    provider: str
    integration: str
    endpoints: tuple[ProviderEndpoint, ...]


def parse_document(
    document: Mapping[str, Any] | str | Path, *, where: str = ""
) -> ProviderDocument:
    """A provider document from a mapping, or a YAML/JSON file (a bad one names file and place)."""
    from pydantic import ValidationError

    from pytest_paragon.errors import ParagonUsageError

    source = where or "the provider endpoints"
    if isinstance(document, str | Path):
        import yaml

        path = Path(document)
        source = str(path)
        try:
            document = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise ParagonUsageError(f"cannot read provider endpoints {path}: {exc}") from None
    try:
        return ProviderDocument.model_validate(document)
    except ValidationError as exc:
        first = exc.errors()[0]
        place = ".".join(str(part) for part in first["loc"])
        raise ParagonUsageError(
            f"{source} at {place}: {first['msg']} (see pytest_paragon.providers for the format)"
        ) from None


@functools.cache
def builtin_documents() -> tuple[ProviderDocument, ...]:
    """The documents shipped in ``pytest_paragon/providers/data`` (read once)."""
    return tuple(parse_document(path) for path in sorted(DATA.glob("*.yaml")))


def find_endpoint(
    documents: Sequence[ProviderDocument], integration: str, method: str, path: str
) -> tuple[ProviderDocument, ProviderEndpoint] | None:
    """The most specific documented endpoint for this proxied call (``None``: not documented)."""
    path = urllib.parse.urlsplit(path).path if path.startswith("http") else path
    found = [
        (document, endpoint)
        for document in documents
        if document.integration == integration
        for endpoint in document.endpoints
        if endpoint.matches(method, path)
    ]
    return max(found, key=lambda pair: pair[1].specificity, default=None)


# -- checking --------------------------------------------------------------------------------------


def arguments(
    endpoint: ProviderEndpoint, query: Mapping[str, str], body: Any, headers: Mapping[str, str]
) -> tuple[dict[str, Any], bool]:
    """The call's arguments where the endpoint takes them, and whether they are text (a form)."""
    media = {k.lower(): v for k, v in headers.items()}.get("content-type", "").lower()
    if isinstance(body, bytes | str) and "x-www-form-urlencoded" in media:
        text = body.decode() if isinstance(body, bytes) else body
        body = dict(urllib.parse.parse_qsl(text, keep_blank_values=True))
        form = True
    else:
        form = False
    if endpoint.in_ == "query":
        return dict(query), True
    if endpoint.in_ == "body":
        if body is None:
            return {}, form
        return (dict(body) if isinstance(body, Mapping) else {"": body}), form
    merged: dict[str, Any] = dict(query)
    if isinstance(body, Mapping):
        merged.update(body)
    return merged, form or not isinstance(body, Mapping)


def violations(
    endpoint: ProviderEndpoint, query: Mapping[str, str], body: Any, headers: Mapping[str, str]
) -> list[tuple[str, str]]:
    """Each broken rule as ``(place, rule)``: empty when the request is as documented."""
    values, textual = arguments(endpoint, query, body, headers)
    if "" in values:
        return [("body", f"must be a JSON object, not {type(values['']).__name__}")]
    found = _object_violations("", values, endpoint.required, endpoint.params, textual)
    for group in endpoint.requiredOneOf:
        if not any(name in values for name in group):
            found.append(("", f"requires at least one of {', '.join(group)}"))
    return found


def _object_violations(
    prefix: str,
    values: Mapping[str, Any],
    required: Sequence[str],
    params: Mapping[str, ParamRule],
    textual: bool,
) -> list[tuple[str, str]]:
    found = [(f"{prefix}{name}", "is required") for name in required if name not in values]
    for name, rule in params.items():
        if name in values:
            found.extend(_value_violations(f"{prefix}{name}", values[name], rule, textual))
    return found


def _value_violations(
    place: str, value: Any, rule: ParamRule, textual: bool
) -> list[tuple[str, str]]:
    if textual and isinstance(value, str):
        value = _from_text(value, rule)
    kinds = (rule.type,) if isinstance(rule.type, str) else (rule.type or ())
    if kinds and not any(_is(value, kind) for kind in kinds):
        return [(place, f"must be {' or '.join(kinds)}, not {_kind(value)} {value!r}")]
    if rule.enum is not None and value not in rule.enum:
        return [(place, f"must be one of {', '.join(map(str, rule.enum))}, not {value!r}")]
    if isinstance(value, int | float) and not isinstance(value, bool):
        if rule.minimum is not None and value < rule.minimum:
            return [(place, f"must be at least {rule.minimum:g}, not {value!r}")]
        if rule.maximum is not None and value > rule.maximum:
            return [(place, f"must be at most {rule.maximum:g}, not {value!r}")]
    if isinstance(value, str):
        if rule.pattern is not None and re.search(rule.pattern, value) is None:
            return [(place, f"must match {rule.pattern!r}, not {value!r}")]
        if rule.commaSeparated is not None:
            wrong = [p for p in value.split(",") if p.strip() not in rule.commaSeparated]
            if wrong:
                allowed = ", ".join(rule.commaSeparated)
                return [(place, f"takes a comma-separated list of {allowed}, not {wrong[0]!r}")]
    if isinstance(value, list):
        if rule.maxItems is not None and len(value) > rule.maxItems:
            return [(place, f"takes at most {rule.maxItems} items, not {len(value)}")]
        if rule.items is not None:
            return [
                problem
                for index, item in enumerate(value)
                for problem in _value_violations(f"{place}[{index}]", item, rule.items, False)
            ]
    if isinstance(value, Mapping) and (rule.required or rule.params):
        return _object_violations(f"{place}.", value, rule.required, rule.params, False)
    return []


def _from_text(value: str, rule: ParamRule) -> Any:
    """A query or form value read as the type its rule expects (``"20"`` is an integer)."""
    kinds = (rule.type,) if isinstance(rule.type, str) else (rule.type or ())
    if "string" in kinds:
        return value
    if "boolean" in kinds and value in ("true", "false"):
        return value == "true"
    if "integer" in kinds and re.fullmatch(r"-?\d+", value):
        return int(value)
    if "number" in kinds and re.fullmatch(r"-?\d+(\.\d+)?", value):
        return float(value)
    if kinds and set(kinds) <= {"array", "object"}:
        try:
            return json.loads(value)  # Slack takes JSON-encoded blocks in a form body
        except ValueError:
            return value
    return value


def _is(value: Any, kind: str) -> bool:
    checks = {
        "string": lambda v: isinstance(v, str),
        "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
        "boolean": lambda v: isinstance(v, bool),
        "array": lambda v: isinstance(v, list),
        "object": lambda v: isinstance(v, Mapping),
    }
    return bool(checks[kind](value))


def _kind(value: Any) -> str:
    for kind in ("boolean", "integer", "number", "string", "array", "object"):
        if _is(value, kind):
            return kind
    return "null" if value is None else type(value).__name__


class ProviderStore:
    """A fake's own provider endpoints, added by the test (an area store: reset empties it)."""

    def __init__(self) -> None:
        """No endpoints of the test's own yet."""
        self.documents: list[ProviderDocument] = []

    def reset(self) -> None:
        """Forget the test's endpoints (the built-in ones stay)."""
        self.documents.clear()

    def all(self) -> tuple[ProviderDocument, ...]:
        """The test's documents first (they win a tie), then the built-in ones."""
        return (*reversed(self.documents), *builtin_documents())
