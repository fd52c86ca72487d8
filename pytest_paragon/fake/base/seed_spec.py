"""The runtime half of the one seed vocabulary: what providers, workflows and Tools answer.

A project file, ``paragon_fake.seed(...)`` and ``POST /__paragon/seed`` take the same keys
(:class:`~pytest_paragon.fake.base.project.SeedSpec` adds ``users``; ``ProjectSpec`` adds the
project). Every model here is plain pydantic with the same conventions as the project's: camelCase
keys as the wire uses them, unknown keys refused, enum-like fields checked. Applying a spec to a
fake is :mod:`pytest_paragon.fake.seeding`'s job (it needs every area; this module needs none).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

HttpMethod = Literal["GET", "POST", "PUT", "PATCH", "DELETE"]
Status = int


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class ProxyResponseSpec(_Spec):
    """What a provider answers to Proxy API calls (E25-E39) of ``integration``.

    ``method``/``path`` (a glob of the provider path) narrow which calls match; a 401 here is
    what the SDK sees as an expired or revoked provider token.
    """

    integration: str = Field(description="integration type (or id) whose provider answers")
    body: Any = Field(None, description="the provider's JSON body")
    status: Status = Field(200, ge=100, le=599)
    method: HttpMethod | None = None
    path: str | None = Field(None, description="glob of the provider path, e.g. /contacts/*")
    headers: dict[str, str] | None = None
    optional: bool = Field(True, description="false: never being called fails the test")


class TriggerResponseSpec(_Spec):
    """The Response step of a request-triggered workflow (E24)."""

    workflowId: str
    body: Any = None
    status: Status = Field(200, ge=100, le=599)
    headers: dict[str, str] | None = None
    match: dict[str, Any] | None = Field(
        None, description="only runs whose JSON body holds these keys and values"
    )
    optional: bool = True


class ToolResponseSpec(_Spec):
    """The output of an ActionKit Tool run (E36) instead of the default one."""

    tool: str
    output: Any = None
    status: Status = Field(200, ge=100, le=599)
    headers: dict[str, str] | None = None
    parameters: dict[str, Any] | None = Field(
        None, description="only runs with these parameter values"
    )
    optional: bool = True


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
