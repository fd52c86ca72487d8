"""The default project: a realistic catalogue consistent with Paragon's documented examples.

Salesforce (two account types, a package-install instruction, post-OAuth inputs, a field-mapping
data source), HubSpot, Slack (the channel setting of the docs), Google Drive (file-picker account
auth), Shopify (a pre-OAuth shop name), Jira (a post-OAuth cloud id) and Freshdesk (an API-key
integration). Every integration has workflows; one per integration is request-triggered.
"""

from __future__ import annotations

import contextlib
import functools
from pathlib import Path
from typing import TYPE_CHECKING

from pytest_paragon.fake.base.project import (
    AccountTypeSpec,
    InputSpec,
    IntegrationSpec,
    ProjectSpec,
    ResourceSpec,
    WorkflowSpec,
    load_project,
)

if TYPE_CHECKING:
    from pytest_paragon.resolution import ParagonSettings

_SALESFORCE_MAPPING = {
    "id": "customObjectMapping",
    "type": "FIELD_MAPPER_DATA_SOURCE",
    "title": "Field Mapping",
    "subtitle": "Allows users to define a field mapping",
    "recordSource": {
        "type": "DYNAMIC_DATA_SOURCE",
        "title": "Record Type",
        "cacheKey": "recordTypes",
    },
    "fieldSource": {"type": "DYNAMIC_DATA_SOURCE", "title": "Field", "cacheKey": "cachedFields"},
}


def _catalogue() -> tuple[IntegrationSpec, ...]:
    return (
        IntegrationSpec(
            type="salesforce",
            name="Salesforce",
            brandColor="#057ACF",
            description="Sync contacts and opportunities with Salesforce",
            overview="Connect your Salesforce org to keep contacts and deals in sync.",
            accountTypes=(
                AccountTypeSpec(id="default", accountDescription="Production Account"),
                AccountTypeSpec(id="sandbox", accountDescription="Sandbox Account"),
            ),
            postOauthInputs=(
                InputSpec(
                    id="defaultOwner",
                    type="DYNAMIC_ENUM",
                    title="Default record owner",
                    sourceType="owners",
                    required=False,
                ),
            ),
            userSettings=(
                InputSpec(
                    id="contactMapping",
                    type="FIELD_MAPPER",
                    title="Contact field mapping",
                    sourceType="customObjectMapping",
                    required=False,
                    extra={"savedFieldMappings": [{"label": "Email"}, {"label": "Full name"}]},
                ),
            ),
            workflows=(
                WorkflowSpec(description="Sync new contacts to Salesforce", defaultEnabled=True),
                WorkflowSpec(description="Look up a Salesforce account", request_trigger=True),
            ),
            dataSources={"customObjectMapping": _SALESFORCE_MAPPING},
            packageInstallUrl="https://login.salesforce.com/packaging/installPackage.apexp?p0=04t000000000001",
            providerData={"instanceURL": "https://mycompany.my.salesforce.com"},
        ),
        IntegrationSpec(
            type="hubspot",
            name="Hubspot",
            brandColor="#F67600",
            description="Sync contacts with HubSpot",
            workflows=(
                WorkflowSpec(description="Create HubSpot contacts"),
                WorkflowSpec(description="Find a HubSpot company", request_trigger=True),
            ),
            providerData={"portalId": 4711},
        ),
        IntegrationSpec(
            type="slack",
            name="Slack",
            brandColor="#4A154B",
            description="Send notifications to Slack",
            overview="Receive alerts and notifications in your Slack workspace.",
            userSettings=(
                InputSpec(
                    id="2d5662c9-6750-46c2-8588-2ac904532efb",
                    type="DYNAMIC_ENUM",
                    title="Channel",
                    required=False,
                    sourceType="channels",
                ),
            ),
            workflows=(
                WorkflowSpec(
                    id="2248335c-671c-47e4-b9a0-3641a9f2d301",
                    description="Send Slack Notification",
                    infoText="Send a Slack notification when a Task is created",
                ),
                WorkflowSpec(description="Post a message on request", request_trigger=True),
            ),
            dataSources={
                "channels": {
                    "type": "DYNAMIC_DATA_SOURCE",
                    "title": "Channel",
                    "cacheKey": "channels",
                }
            },
            providerData={"teamId": "T0001"},
        ),
        IntegrationSpec(
            type="googledrive",
            name="Google Drive",
            brandColor="#4285F4",
            description="Pick and sync files from Google Drive",
            workflows=(
                WorkflowSpec(description="Sync new files"),
                WorkflowSpec(description="Export a document", request_trigger=True),
            ),
            accountAuth=True,
        ),
        IntegrationSpec(
            type="shopify",
            name="Shopify",
            brandColor="#96BF48",
            description="Import orders from Shopify",
            authConfigInputs=(InputSpec(id="SHOP_NAME", title="Shop name"),),
            workflows=(
                WorkflowSpec(description="Import new orders"),
                WorkflowSpec(description="Fetch an order", request_trigger=True),
            ),
        ),
        IntegrationSpec(
            type="jira",
            name="Jira",
            brandColor="#0052CC",
            description="Create Jira issues",
            postOauthInputs=(InputSpec(id="JIRA_CLOUD_ID", title="Jira cloud id"),),
            workflows=(
                WorkflowSpec(description="Create issues from tasks"),
                WorkflowSpec(description="Create an issue on request", request_trigger=True),
            ),
        ),
        IntegrationSpec(
            type="freshdesk",
            name="Freshdesk",
            brandColor="#25C16F",
            authenticationType="basic",
            description="Sync tickets with Freshdesk",
            authConfigInputs=(
                InputSpec(id="FRESHDESK_DOMAIN", title="Freshdesk domain"),
                InputSpec(id="FRESHDESK_API_KEY", type="PASSWORD", title="API key"),
            ),
            workflows=(
                WorkflowSpec(description="Sync tickets"),
                WorkflowSpec(description="Open a ticket on request", request_trigger=True),
            ),
        ),
    )


def build_default_project() -> ProjectSpec:
    """The default project, validated from its declaration (what the cache holds)."""
    return ProjectSpec(integrations=_catalogue(), resources=(ResourceSpec(slug="my-postgres"),))


@functools.cache
def default_project() -> ProjectSpec:
    """The default project (built once per process; specs are immutable).

    Validating the declaration builds the specs' pydantic validators (deferred until then), a
    third of a short session's first use: the validated project is kept pickled in the cache
    folder (:func:`pytest_paragon.contract.loader.cache_dir`), keyed by the SHA-256 of every
    source it is built from (these modules, pydantic's and Python's versions, the bundled
    contract's input types), so an edit builds it again. A file is unpickled only when it is
    this user's own regular file that nobody else may write; any problem means building it.
    """
    import hashlib
    import pickle
    import sys

    import pydantic

    from pytest_paragon.fake.base import project, seed_spec, spec_base, tool_specs
    from pytest_paragon.user_cache import cache_path, trusted_bytes

    digest = hashlib.sha256()
    for module in (sys.modules[__name__], project, seed_spec, spec_base, tool_specs):
        digest.update(Path(str(module.__file__)).read_bytes())
    inputs = (project.input_types(), project.connect_input_types())
    digest.update(repr((pydantic.VERSION, sys.version, inputs, DEFAULT_FORMAT)).encode())
    path = cache_path(None, f"default-project-{digest.hexdigest()}.pickle")
    if path is None:  # no home folder to find the cache in
        return build_default_project()
    cached = trusted_bytes(path, private=False)
    if cached is not None:
        with contextlib.suppress(Exception):  # a damaged file: built again below
            found = pickle.loads(cached)  # our own file, checked above
            if isinstance(found, ProjectSpec):
                return found
    built = build_default_project()
    with contextlib.suppress(OSError, ValueError, pickle.PicklingError):
        from pytest_paragon.files import write_atomically

        write_atomically(path, pickle.dumps(built, protocol=pickle.HIGHEST_PROTOCOL), mode=0o600)
    return built


DEFAULT_FORMAT = 1
"""Bumped when the pickled default project changes shape for another reason than its sources."""


def project_from_settings(settings: ParagonSettings) -> ProjectSpec:
    """The project of ``settings``: ``project_file`` (or the catalogue), under ``project_id``."""
    path = settings.project_file
    project = load_project(path) if path else default_project()
    return project.with_id(settings.project_id) if settings.project_id else project
