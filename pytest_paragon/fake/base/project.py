"""A Paragon project declared as data: its integrations, their inputs, account types and workflows.

The fake serves ``GET /sdk/integrations`` and everything that depends on the project from a
:class:`ProjectSpec`. :func:`default_project` is a realistic catalogue (Salesforce, HubSpot, Slack,
Google Drive, Shopify, Jira, Freshdesk); :func:`load_project` reads a YAML or JSON file with the
same fields and reports a wrong file with its path and the place of the error. Ids not given are
derived from names (UUID v5), so the same declaration always yields the same ids.
"""

from __future__ import annotations

import functools
import uuid
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    AliasChoices,
    BaseModel,
    Field,
    StrictBool,
    ValidationError,
    field_validator,
    model_validator,
)

from pytest_paragon.errors import ParagonError, Report
from pytest_paragon.fake.base.seed_spec import RuntimeSpec
from pytest_paragon.fake.base.spec_base import Spec as _Spec
from pytest_paragon.fake.base.tool_specs import ActionKitSpec


@functools.cache
def _contract_enum(*keys: str) -> tuple[str, ...]:
    """An enum of the bundled contract's schemas (the models are generated from it).

    Read from the contract's parsed form rather than through the generated models: importing
    ``pytest_paragon.models`` builds every model of the contract (about a quarter of a second),
    which the default project does not need.
    """
    from pytest_paragon.contract.loader import default_contract_path, read_document_cached

    node: Any = read_document_cached(default_contract_path())["components"]["schemas"]
    for key in keys:
        node = node[key]
    return tuple(node["enum"])


def input_types() -> tuple[str, ...]:
    """The 34 input types of Paragon's ``SidebarInputType`` (an input's ``type``)."""
    return _contract_enum("SidebarInputType")


def connect_input_types() -> tuple[str, ...]:
    """The types a pre-/post-OAuth input (or an account type's value) may have."""
    return _contract_enum("IntegrationConnectInput", "properties", "type")


def __getattr__(name: str) -> tuple[str, ...]:
    # INPUT_TYPES and CONNECT_INPUT_TYPES, read from the contract on first use
    if name == "INPUT_TYPES":
        return input_types()
    if name == "CONNECT_INPUT_TYPES":
        return connect_input_types()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _connect_inputs(inputs: tuple[InputSpec, ...], place: str) -> tuple[InputSpec, ...]:
    from pytest_paragon.fake.base.spec_errors import unknown_choice

    allowed = connect_input_types()
    for item in inputs:
        if item.type not in allowed:
            kind = f"{place} input type"
            raise ValueError(unknown_choice(kind, item.type, allowed))
    return inputs


def _input_type_enum(schema: dict[str, Any]) -> None:
    schema["enum"] = list(input_types())


NAMESPACE = uuid.UUID("5b7f0d3e-4c1a-4f65-9e0b-7a1d2c3e4f50")
DEFAULT_PROJECT_ID = "3f9a1c52-7d4e-4b8a-9c61-2e5f8a0b1d47"


def stable_id(*parts: str) -> str:
    """A UUID derived from ``parts``: the same names always give the same id."""
    return str(uuid.uuid5(NAMESPACE, ":".join(parts)))


class InputSpec(_Spec):
    """An input (pre-/post-OAuth option or User Setting), serialized as the API sends it."""

    id: str
    type: str = Field("TEXT_NO_VARS", json_schema_extra=_input_type_enum)
    title: str
    required: bool = True
    sourceType: str | None = Field(None, description="the data source of a dynamic input")
    key: str | None = Field(None, description="CUSTOM_DROPDOWN: the dropdown's key")
    customDropdownOptions: tuple[dict[str, Any], ...] | None = Field(
        None, description="CUSTOM_DROPDOWN: the options, each {label, value}"
    )
    extra: dict[str, Any] = Field(
        default_factory=dict, description="any other field the API sends with the input"
    )

    @field_validator("type")
    @classmethod
    def _known_type(cls, value: str) -> str:
        if value not in input_types():
            from pytest_paragon.fake.base.spec_errors import unknown_choice

            raise ValueError(unknown_choice("input type", value, input_types()))
        return value

    def wire(self) -> dict[str, Any]:
        """The input as ``GET /sdk/integrations`` carries it."""
        data: dict[str, Any] = {"id": self.id, "type": self.type, "title": self.title}
        data["required"] = self.required
        if self.sourceType is not None:
            data["sourceType"] = self.sourceType
        if self.key is not None or self.type == "CUSTOM_DROPDOWN":
            data["key"] = self.key or self.id
            data["keyIsDefault"] = self.key is None
        if self.customDropdownOptions is not None:
            data["customDropdownOptions"] = [dict(option) for option in self.customDropdownOptions]
        return {**data, **self.extra}


class AccountTypeSpec(_Spec):
    """An account type offered before OAuth (e.g. Salesforce production and sandbox)."""

    id: str
    accountDescription: str = "account"
    scheme: str = "oauth"
    endUserSuppliedValues: tuple[InputSpec, ...] = ()
    skipPostOAuthInputs: bool = False
    oauthParameters: tuple[dict[str, Any], ...] = Field(
        (), description="KeyedSource[] sent as the OAuth URL's parameters (SDK setAccountType)"
    )

    @field_validator("endUserSuppliedValues")
    @classmethod
    def _connect_types(cls, value: tuple[InputSpec, ...]) -> tuple[InputSpec, ...]:
        return _connect_inputs(value, "an account type's")

    def wire(self) -> dict[str, Any]:
        """The account type as the API sends it."""
        data: dict[str, Any] = {
            "id": self.id,
            "accountDescription": self.accountDescription,
            "scheme": self.scheme,
        }
        if self.endUserSuppliedValues:
            data["endUserSuppliedValues"] = [value.wire() for value in self.endUserSuppliedValues]
        if self.skipPostOAuthInputs:
            data["skipPostOAuthInputs"] = True
        if self.oauthParameters:
            data["oauthParameters"] = [dict(p) for p in self.oauthParameters]
        return data


class WorkflowSpec(_Spec):
    """A workflow of an integration; ``request_trigger`` makes it callable through E24."""

    id: str = ""
    description: str
    inputs: tuple[InputSpec, ...] = ()
    defaultEnabled: bool = False
    hidden: bool = False
    infoText: str | None = None
    request_trigger: bool = False
    customWebhookTriggerId: str | None = Field(
        None, description="the Custom Webhook trigger (getCustomWebhookUserManualUrl)"
    )


class IntegrationSpec(_Spec):
    """An integration of the project and everything the Connect Portal shows for it."""

    type: str
    name: str
    id: str = ""
    brandColor: str = "#4A5568"
    authenticationType: Literal[
        "basic",
        "oauth",
        "oauth_client_credential",
        "service_account",
        "oauth_app",
        "impersonated_app",
    ] = "oauth"
    isActive: bool = True
    description: str = ""
    overview: str = ""
    accountTypes: tuple[AccountTypeSpec, ...] = ()
    authConfigInputs: tuple[InputSpec, ...] = ()
    postOauthInputs: tuple[InputSpec, ...] = ()
    userSettings: tuple[InputSpec, ...] = ()
    workflows: tuple[WorkflowSpec, ...] = ()
    dataSources: dict[str, Any] = Field(default_factory=dict)
    packageInstallUrl: str | None = None
    accountAuth: bool = False
    providerData: dict[str, Any] = Field(default_factory=dict)
    actionkit: ActionKitSpec | None = None  # None: the catalogue's Tools and triggers

    @field_validator("authConfigInputs", "postOauthInputs")
    @classmethod
    def _connect_types(cls, value: tuple[InputSpec, ...]) -> tuple[InputSpec, ...]:
        return _connect_inputs(value, "a pre-/post-OAuth")

    @model_validator(mode="after")
    def _derive_ids(self) -> IntegrationSpec:
        if not self.id:
            object.__setattr__(self, "id", stable_id("integration", self.type))
        workflows = tuple(
            w
            if w.id
            else w.model_copy(update={"id": stable_id("workflow", self.type, w.description)})
            for w in self.workflows
        )
        object.__setattr__(self, "workflows", workflows)
        return self

    def workflow(self, workflow_id: str) -> WorkflowSpec | None:
        """The workflow with ``workflow_id``, if this integration has it."""
        return next((w for w in self.workflows if w.id == workflow_id), None)


class ResourceSpec(_Spec):
    """A user-level Resource (``/sdk/me.resources``; connected through E22)."""

    slug: str
    id: str = ""
    integrationId: str | None = None

    @model_validator(mode="after")
    def _derive_id(self) -> ResourceSpec:
        if not self.id:
            object.__setattr__(self, "id", stable_id("resource", self.slug))
        return self


class SeedWorkflowSpec(_Spec):
    """A seeded workflow state: enabled (default) or not, with its settings."""

    enabled: StrictBool = True
    settings: dict[str, Any] = Field(default_factory=dict)


SeedWorkflows = tuple[str, ...] | dict[str, StrictBool | SeedWorkflowSpec]
"""Workflow ids to enable, or a map of id to ``true``/``false``/``{enabled, settings}``."""


def workflow_states(workflows: SeedWorkflows) -> dict[str, SeedWorkflowSpec]:
    """The seeded workflow states as one map (a list of ids means all enabled)."""
    if isinstance(workflows, tuple):
        return {workflow_id: SeedWorkflowSpec() for workflow_id in workflows}
    return {
        workflow_id: value
        if isinstance(value, SeedWorkflowSpec)
        else SeedWorkflowSpec(enabled=value)
        for workflow_id, value in workflows.items()
    }


class SeedConfigurationSpec(_Spec):
    """An extra configuration of a seeded credential."""

    id: str | None = None
    externalId: str | None = None
    settings: dict[str, Any] = Field(default_factory=dict)
    workflows: SeedWorkflows = Field(
        default_factory=dict,
        description="a list of workflow ids to enable, or a map of workflow id to "
        "true/false/{enabled, settings}",
    )


class SeedCredentialSpec(_Spec):
    """A credential to seed for a user.

    Used by project files' ``users[].credentials[]`` and ``POST /__paragon/users/{id}/credentials``.
    """

    integration: str
    id: str | None = Field(None, validation_alias=AliasChoices("id", "credentialId"))
    status: Literal["VALID", "INVALID", "PENDING"] = "VALID"
    externalId: str | None = None
    providerId: str | None = None
    providerData: dict[str, Any] | None = None
    accountAuth: dict[str, str] | None = None
    settings: dict[str, Any] = Field(default_factory=dict)
    workflows: SeedWorkflows = Field(
        default_factory=dict,
        description="a list of workflow ids to enable, or a map of workflow id to "
        "true/false/{enabled, settings}",
    )
    defaultConfigurationId: str | None = Field(None, description="pins the default's id")
    configurations: tuple[SeedConfigurationSpec, ...] = ()


class SeedUserSpec(_Spec):
    """A Connected User to seed, with metadata, credentials and connected Resources."""

    id: str
    meta: dict[str, Any] = Field(default_factory=dict)
    credentials: tuple[SeedCredentialSpec, ...] = ()
    resources: dict[str, str] = Field(
        default_factory=dict, description="Resource slug (or id) -> the credential id it uses"
    )


class SeedSpec(RuntimeSpec):
    """Everything seedable after start-up: users and the runtime answers.

    ``paragon_fake.seed(...)`` and ``POST /__paragon/seed`` take it; a project file is a
    :class:`ProjectSpec`, which adds the project itself.
    """

    users: tuple[SeedUserSpec, ...] = ()


class ProjectSpec(SeedSpec):
    """A Paragon project: id, plan, add-ons, integrations, resources and what to seed."""

    id: str = DEFAULT_PROJECT_ID
    billingPlan: str = "connect_enterprise"
    accessibleFeatures: tuple[str, ...] = (
        "byo",
        "dfm",
        "headless-cp",
        "th-api",
        "monitoring",
        "rbac",
        "user-metadata",
        "whitelabel",
        "workflow-permissions",
    )
    integrations: tuple[IntegrationSpec, ...] = ()
    resources: tuple[ResourceSpec, ...] = ()
    apiKeys: tuple[str, ...] = ("paragon-test-api-key",)
    sdkVersion: str | None = Field(
        None,
        description="the @useparagon/connect version this project's clients use (e.g. 2.2.4): "
        "the fake serves its frozen contract; a --paragon-sdk-version that names a version wins",
    )

    @field_validator("sdkVersion")
    @classmethod
    def _published_line(cls, value: str | None) -> str | None:
        if value is None or value == "auto":
            return value
        from pytest_paragon.contract.history import contract_for_sdk

        try:
            contract_for_sdk(value)  # a version no frozen contract describes names those that do
        except ParagonError as error:
            raise ValueError(str(error)) from None
        return value

    @model_validator(mode="after")
    def _one_integration_per_type(self) -> ProjectSpec:
        # Everything addresses an integration by its type: a second one would be unreachable.
        seen: set[str] = set()
        for integration in self.integrations:
            if integration.type in seen:
                raise ValueError(
                    f"integration type {integration.type!r} is declared twice; a project has "
                    "one integration per type"
                )
            seen.add(integration.type)
        return self

    def integration(self, type_or_id: str) -> IntegrationSpec | None:
        """The integration by type (``salesforce``) or by id."""
        return next((i for i in self.integrations if type_or_id in (i.type, i.id)), None)

    def workflow(self, workflow_id: str) -> tuple[IntegrationSpec, WorkflowSpec] | None:
        """The workflow with ``workflow_id`` and its integration."""
        for integration in self.integrations:
            found = integration.workflow(workflow_id)
            if found is not None:
                return integration, found
        return None

    def with_id(self, project_id: str) -> ProjectSpec:
        """The same project under another id."""
        return self.model_copy(update={"id": project_id})


def load_project(path: str | Path) -> ProjectSpec:
    """Read a project declaration (YAML or JSON); errors name the file and the place.

    Read through :mod:`pytest_paragon.files`: only a regular UTF-8 file (a directory, device or
    FIFO is refused without blocking), the C safe YAML loader, duplicate keys refused, nesting,
    alias expansion and integer length bounded.
    """
    from pytest_paragon.files import load_data_file

    source = Path(path)
    data = load_data_file(source, kind="project file")
    try:
        return ProjectSpec.model_validate(data or {})
    except ValidationError as exc:
        raise spec_error(exc, ProjectSpec, f"{source} at", "The project file") from None


def spec_error(exc: ValidationError, root: type[BaseModel], where: str, what: str) -> ParagonError:
    """A readable :class:`ParagonError` for ``exc`` (the keys allowed, the nearest one)."""
    from pytest_paragon.errors import ParagonUsageError
    from pytest_paragon.fake.base.spec_errors import explain

    explained = explain(exc, root)
    return ParagonUsageError(
        Report(
            what=f"{what} does not match the project schema: {explained.message}",
            where=f"{where} {explained.place}",
            value=explained.value,
            has_value=True,
            candidates=(explained.suggestion,) if explained.suggestion else (),
            remedy="see the README's project file section for every key "
            "(`pytest-paragon project-schema` prints the JSON Schema)",
            anchor="declaring-a-project",
        )
    )
