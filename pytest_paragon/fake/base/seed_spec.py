"""The runtime half of the one seed vocabulary: what providers, workflows and Tools answer.

A project file, ``paragon_fake.seed(...)`` and ``POST /__paragon/seed`` take the same keys
(:class:`~pytest_paragon.fake.base.project.SeedSpec` adds ``users``; ``ProjectSpec`` adds the
project). Every model here is plain pydantic with the same conventions as the project's: camelCase
keys as the wire uses them, unknown keys refused, enum-like fields checked. Applying a spec to a
fake is :mod:`pytest_paragon.fake.seeding`'s job (it needs every area; this module needs none).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, model_validator

from pytest_paragon.errors import deprecated
from pytest_paragon.fake.base.spec_base import Spec as _Spec

HttpMethod = Literal["GET", "POST", "PUT", "PATCH", "DELETE"]
Status = int


def _renamed(data: Any, where: str, renames: dict[str, str]) -> Any:
    """``data`` with the 0.1.0 keys of ``renames`` under their new names (each warned)."""
    if not isinstance(data, dict):
        return data
    data = dict(data)
    for old, new in renames.items():
        if old in data and new not in data:
            deprecated(f"the seed key {where}.{old}", f"{where}.{new}", stacklevel=2)
            data[new] = data.pop(old)
    return data


class _MatchKeys(_Spec):
    """The ``match`` family: what a call must carry for this answer (all given ones must hold).

    ``match`` the JSON body contains these keys and values (a subset); ``matchJson`` it equals
    this value; ``matchQuery`` the query has exactly these parameters; ``matchHeaders`` these
    headers are sent (names case-insensitive); ``matchContent`` the raw body is this text.
    """

    match: dict[str, Any] | None = Field(
        None, description="only calls whose JSON body holds these keys and values (a subset)"
    )
    matchJson: Any = Field(None, description="only calls whose JSON body equals this value")
    matchQuery: dict[str, str | int | float | bool] | None = Field(
        None, description="only calls whose query string has exactly these parameters"
    )
    matchHeaders: dict[str, str] | None = Field(
        None, description="only calls carrying these headers (names case-insensitive)"
    )
    matchContent: str | None = Field(None, description="only calls whose raw body is this text")

    def match_keywords(self) -> dict[str, Any]:
        """The Python keywords (``match``, ``match_json``, ...) these keys stand for."""
        keywords: dict[str, Any] = {
            "match": self.match,
            "match_query": self.matchQuery,
            "match_headers": self.matchHeaders,
            "match_content": self.matchContent,
        }
        if "matchJson" in self.model_fields_set:  # null is a body too: only when given
            keywords["match_json"] = self.matchJson
        return keywords


class _AnswerSpec(_MatchKeys):
    """The keys every answer shares with Python's ``.on(...)``.

    ``response``, ``status``, ``headers`` and ``optional`` (default false: an answer never used
    fails the test), beside the ``match`` family.
    """

    response: Any = Field(None, description="the reply: a JSON body (a Tool's output)")
    status: Status = Field(200, ge=100, le=599)
    headers: dict[str, str] | None = None
    optional: bool = Field(False, description="true: never being used does not fail the test")


class ProxyResponseSpec(_AnswerSpec):
    """What a provider answers to Proxy API calls (E25-E39) of ``integration``.

    ``method``/``path`` (a glob of the provider path) narrow which calls match; a 401 here is
    what the SDK sees as an expired or revoked provider token.
    """

    integration: str = Field(description="integration type (or id) whose provider answers")
    method: HttpMethod | None = None
    path: str | None = Field(None, description="glob of the provider path, e.g. /contacts/*")

    @model_validator(mode="before")
    @classmethod
    def _old_keys(cls, data: Any) -> Any:
        return _renamed(data, "proxyResponses[]", {"body": "response"})


class TriggerResponseSpec(_AnswerSpec):
    """The Response step of a request-triggered workflow (E24)."""

    workflowId: str

    @model_validator(mode="before")
    @classmethod
    def _old_keys(cls, data: Any) -> Any:
        return _renamed(data, "triggerResponses[]", {"body": "response"})


class ToolResponseSpec(_AnswerSpec):
    """The output of an ActionKit Tool run (E36) instead of the default one.

    A Tool run's JSON body, for ``match`` and ``matchJson``, is its ``parameters``;
    ``matchQuery`` and ``matchContent`` do not apply to Tools.
    """

    tool: str

    @model_validator(mode="before")
    @classmethod
    def _old_keys(cls, data: Any) -> Any:
        if isinstance(data, dict) and "parameters" in data and "match" in data:
            raise ValueError("give match (parameters is its older spelling), not both")
        renames = {"output": "response", "parameters": "match"}
        return _renamed(data, "toolResponses[]", renames)

    @model_validator(mode="after")
    def _tool_keys_only(self) -> ToolResponseSpec:
        for key in ("matchQuery", "matchContent"):
            if getattr(self, key) is not None:
                raise ValueError(f"{key} does not apply to a Tool run (match, matchJson do)")
        return self


class FieldOptionSpec(_Spec):
    """The options ``getFieldOptions`` (E21, ``POST /sdk/actions``) pages through for a source."""

    integration: str
    sourceKey: str = Field(description="the dynamic source's cacheKey / action name")
    options: tuple[dict[str, Any], ...] = Field(
        description="each {label, value} as the provider lists them"
    )


class ActionKitRecordsSpec(_Spec):
    """Records the default Tool answers list, get and update, for a user's credential."""

    userId: str
    integration: str
    collection: str = Field(description="e.g. channels (Slack) or Contact (Salesforce)")
    records: tuple[dict[str, Any], ...]
    credentialId: str | None = None


class SyncRecordsSpec(_Spec):
    """Records a Managed Sync source holds for ``(userId, integration, pipeline)``."""

    userId: str
    integration: str
    pipeline: str = "files"
    records: tuple[dict[str, Any], ...]
    contents: dict[str, str] = Field(
        default_factory=dict, description="record id -> file content (UTF-8 text)"
    )
    total: int | None = Field(None, ge=0, description="summary.totalRecords (default: synced)")


class SyncPermissionSpec(_Spec):
    """A Permissions API grant on a synced file or folder."""

    userId: str
    integration: str
    pipeline: str = "files"
    objectId: str
    user: str = Field(description="the grantee's email")
    role: Literal["can_read", "can_write", "is_owner"] = "can_read"
    objectType: Literal["file", "folder"] | None = None
    parent: str | None = Field(None, description="the folder the object sits in")


class ExecutionSpec(_Spec):
    """A Task History execution of a request-triggered workflow (E40-E42)."""

    userId: str
    workflowId: str
    id: str | None = None
    status: Literal["EXECUTING", "FAILED", "SUCCEEDED", "DELAYED"] = "SUCCEEDED"
    request: Any = None
    response: Any = None


CLOCK_MAX = 253_402_300_799.0
"""The latest time a fake's clock may show: 9999-12-31T23:59:59Z (dates beyond do not format)."""


class ClockSpec(_Spec):
    """The fake's clock: frozen at ``now`` (Unix seconds), or following the system clock."""

    frozen: bool = True
    now: float | None = Field(
        None,
        ge=0,
        le=CLOCK_MAX,
        allow_inf_nan=False,
        description="Unix time up to 9999-12-31 (a JWT's exp must stay a date); default: now",
    )


FaultKind = Literal["status", "latency", "reset", "timeout", "truncated", "malformed"]


class FaultSpec(_Spec):
    """A fault a client must survive, for an operation, an area (a contract tag) or a host.

    ``status``: answer ``status`` with ``body`` (JSON) and ``retryAfter``; ``latency``: answer
    ``seconds`` late; ``reset``: the connection is reset before any answer; ``timeout``: no
    answer (in server mode the socket stalls ``seconds``, at most 30); ``truncated``: the body is
    cut short of its announced length; ``malformed``: the body is not JSON.
    """

    kind: FaultKind = "status"
    operation: str | None = Field(None, description="an operationId of the contract")
    area: str | None = Field(None, description="a tag of the contract: proxy, sync, ...")
    host: str | None = Field(None, description="a Paragon host, e.g. proxy.useparagon.com")
    status: Status = Field(503, ge=100, le=599)
    body: Any = None
    headers: dict[str, str] | None = None
    retryAfter: float | None = Field(None, ge=0, description="seconds, sent as Retry-After")
    seconds: float | None = Field(None, ge=0, description="latency's delay; timeout's stall")
    times: int | None = Field(None, ge=1, description="fire this many times, then answer")
    probability: float | None = Field(
        None, ge=0, le=1, description="fire with this probability (the fake's random seed)"
    )
    optional: bool = Field(False, description="true: never firing does not fail the test")


class RuntimeSpec(_Spec):
    """What a fake answers at run time: provider, workflow and Tool answers, data, the clock."""

    proxyResponses: tuple[ProxyResponseSpec, ...] = ()
    triggerResponses: tuple[TriggerResponseSpec, ...] = ()
    toolResponses: tuple[ToolResponseSpec, ...] = ()
    fieldOptions: tuple[FieldOptionSpec, ...] = ()
    oauthOutcome: Literal["granted", "pending"] | None = Field(
        None,
        description="granted: consent completes at once; pending: it waits for grant_oauth",
    )
    actionkitRecords: tuple[ActionKitRecordsSpec, ...] = ()
    syncRecords: tuple[SyncRecordsSpec, ...] = ()
    syncPermissions: tuple[SyncPermissionSpec, ...] = ()
    executions: tuple[ExecutionSpec, ...] = ()
    clock: ClockSpec | None = None
    faults: tuple[FaultSpec, ...] = ()
