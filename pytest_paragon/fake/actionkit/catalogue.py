"""The default ActionKit of the catalogue integrations: categories, Tools and trigger types.

Names and shapes follow Paragon's documented examples (``SLACK_SEND_MESSAGE``,
``HUBSPOT_CREATE_RECORD_CONTACTS`` with ``field-email``, ``SLACK_NEW_MESSAGE_IN_CHANNEL`` with a
channel and a keyword). Each integration has a create Tool and a paginated list/search Tool over
the same records, so what an agent creates it can find again. An integration of a project file
takes these defaults by its ``type`` unless it declares ``actionkit:``.
"""

from __future__ import annotations

import functools
from typing import Any

from pytest_paragon.fake.base.tool_specs import (
    ActionKitSpec,
    PolymorphicSpec,
    ToolSpec,
    ToolVariantSpec,
    TriggerSpec,
)

CATEGORIES = {
    "salesforce": "crm",
    "hubspot": "crm",
    "slack": "communication",
    "googledrive": "file_storage",
    "shopify": "ecommerce",
    "jira": "project_management",
    "freshdesk": "ticketing",
}


def _text(description: str, **extra: Any) -> dict[str, Any]:
    return {"type": "string", "description": description, **extra}


def _list(description: str) -> dict[str, Any]:
    return {"type": "array", "description": description, "items": {"type": "string"}}


_QUERY = {"query": _text("Text to search for (matched case-insensitively in any text field)")}
_SF_TYPES = ("Contact", "Lead", "Account")
_HS_TYPES = ("contacts", "companies", "deals")


@functools.cache
def _tools() -> dict[str, tuple[ToolSpec, ...]]:
    """Built on first use: the specs check their JSON Schemas."""
    return {
        "salesforce": (
            ToolSpec(
                name="SALESFORCE_CREATE_RECORD",
                description="Create a record in Salesforce",
                kind="create",
                collection="$recordType",
                polymorphic=PolymorphicSpec(
                    parameter="recordType",
                    title="Record type",
                    variants=(
                        ToolVariantSpec(
                            value="Contact",
                            properties={
                                "LastName": _text("Last name"),
                                "FirstName": _text("First name"),
                                "Email": _text("Email", format="email"),
                            },
                            required=("LastName",),
                        ),
                        ToolVariantSpec(
                            value="Lead",
                            properties={
                                "LastName": _text("Last name"),
                                "Company": _text("Company"),
                                "Email": _text("Email", format="email"),
                            },
                            required=("LastName", "Company"),
                        ),
                        ToolVariantSpec(
                            value="Account",
                            properties={
                                "Name": _text("Account name"),
                                "Website": _text("Website"),
                            },
                            required=("Name",),
                        ),
                    ),
                ),
            ),
            ToolSpec(
                name="SALESFORCE_SEARCH_RECORDS",
                description="Search Salesforce records of one type",
                kind="list",
                collection="$recordType",
                properties={
                    "recordType": _text("Record type", enum=list(_SF_TYPES)),
                    **_QUERY,
                },
                required=("recordType",),
            ),
            ToolSpec(
                name="SALESFORCE_GET_RECORD_BY_ID",
                description="Get a Salesforce record by its id",
                kind="get",
                collection="$recordType",
                idParameter="recordId",
                properties={
                    "recordType": _text("Record type", enum=list(_SF_TYPES)),
                    "recordId": _text("Record id"),
                },
                required=("recordType", "recordId"),
            ),
        ),
        "hubspot": (
            ToolSpec(
                name="HUBSPOT_CREATE_RECORD",
                description="Create a record in HubSpot CRM",
                kind="create",
                collection="$objectType",
                polymorphic=PolymorphicSpec(
                    parameter="objectType",
                    title="Object type",
                    variants=(
                        ToolVariantSpec(
                            value="contacts",
                            label="Contact",
                            properties={
                                "field-email": _text("Email"),
                                "field-firstname": _text("First Name"),
                                "field-lastname": _text("Last Name"),
                            },
                            required=("field-email",),
                        ),
                        ToolVariantSpec(
                            value="companies",
                            label="Company",
                            properties={
                                "field-name": _text("Name"),
                                "field-domain": _text("Domain"),
                            },
                            required=("field-name",),
                        ),
                        ToolVariantSpec(
                            value="deals",
                            label="Deal",
                            properties={
                                "field-dealname": _text("Deal name"),
                                "field-amount": {"type": "number", "description": "Amount"},
                            },
                            required=("field-dealname",),
                        ),
                    ),
                ),
            ),
            ToolSpec(
                name="HUBSPOT_SEARCH_RECORDS",
                description="Search HubSpot CRM records of one object type",
                kind="list",
                collection="$objectType",
                properties={"objectType": _text("Object type", enum=list(_HS_TYPES)), **_QUERY},
                required=("objectType",),
            ),
        ),
        "slack": (
            ToolSpec(
                name="SLACK_SEND_MESSAGE",
                description="Send a message to a Slack channel or user.",
                kind="create",
                collection="messages",
                properties={
                    "channelName": _text("Channel name or ID"),
                    "message": _text("Message text", maxLength=40000),
                },
                required=("channelName", "message"),
            ),
            ToolSpec(
                name="SLACK_LIST_CHANNELS",
                description="List the channels of the Slack workspace.",
                kind="list",
                collection="channels",
                properties=dict(_QUERY),
            ),
        ),
        "googledrive": (
            ToolSpec(
                name="GOOGLE_DRIVE_CREATE_FOLDER",
                description="Create a folder in Google Drive",
                kind="create",
                collection="files",
                properties={
                    "name": _text("Folder name"),
                    "parentId": _text("Id of the parent folder (default: My Drive)"),
                },
                required=("name",),
            ),
            ToolSpec(
                name="GOOGLE_DRIVE_LIST_FILES",
                description="List files and folders in Google Drive",
                kind="list",
                collection="files",
                properties={**_QUERY, "parentId": _text("Only items in this folder")},
            ),
        ),
        "shopify": (
            ToolSpec(
                name="SHOPIFY_CREATE_PRODUCT",
                description="Create a product in Shopify",
                kind="create",
                collection="products",
                properties={
                    "title": _text("Product title"),
                    "price": {"type": "number", "description": "Price", "minimum": 0},
                    "tags": _list("Tags"),
                },
                required=("title",),
            ),
            ToolSpec(
                name="SHOPIFY_GET_ORDERS",
                description="List orders of the Shopify store",
                kind="list",
                collection="orders",
                properties={
                    **_QUERY,
                    "financial_status": _text("Financial status", enum=["paid", "pending"]),
                },
            ),
        ),
        "jira": (
            ToolSpec(
                name="JIRA_CREATE_ISSUE",
                description="Create an issue in Jira",
                kind="create",
                collection="issues",
                properties={
                    "projectKey": _text("Project key"),
                    "summary": _text("Summary"),
                    "issueType": _text("Issue type", enum=["Task", "Bug", "Story"]),
                    "description": _text("Description", maxLength=32767),
                    "labels": _list("Labels"),
                },
                required=("projectKey", "summary", "issueType"),
            ),
            ToolSpec(
                name="JIRA_UPDATE_ISSUE",
                description="Update fields of a Jira issue",
                kind="update",
                collection="issues",
                idParameter="issueId",
                properties={
                    "issueId": _text("Issue id"),
                    "summary": _text("Summary"),
                    "description": _text("Description", maxLength=32767),
                    "labels": _list("Labels (replace the current ones)"),
                },
                required=("issueId",),
            ),
            ToolSpec(
                name="JIRA_SEARCH_ISSUES",
                description="Search Jira issues",
                kind="list",
                collection="issues",
                properties={**_QUERY, "projectKey": _text("Only issues of this project")},
            ),
        ),
        "freshdesk": (
            ToolSpec(
                name="FRESHDESK_CREATE_TICKET",
                description="Create a ticket in Freshdesk",
                kind="create",
                collection="tickets",
                properties={
                    "subject": _text("Subject"),
                    "description": _text("Description", maxLength=32767),
                    "email": _text("Requester email", format="email"),
                    "priority": {
                        "type": "integer",
                        "enum": [1, 2, 3, 4],
                        "description": "Priority",
                    },
                },
                required=("subject", "email"),
            ),
            ToolSpec(
                name="FRESHDESK_LIST_TICKETS",
                description="List Freshdesk tickets",
                kind="list",
                collection="tickets",
                properties=dict(_QUERY),
            ),
        ),
    }


def _enum(key: str, title: str, values: list[Any], required: bool = True) -> dict[str, Any]:
    return {"id": key, "title": title, "type": "ENUM", "required": required, "values": values}


def _input(key: str, title: str, kind: str = "TEXT", required: bool = True) -> dict[str, Any]:
    return {"id": key, "title": title, "type": kind, "required": required}


_CHANNEL = {
    **_input("channel", "Channel"),
    "valuesSource": {"sourceType": "channels", "dependencies": []},
}


@functools.cache
def _triggers() -> dict[str, tuple[TriggerSpec, ...]]:
    """Built on first use."""
    return {
        "slack": (
            TriggerSpec(
                type="SLACK_NEW_MESSAGE_IN_CHANNEL",
                title="New Message in Channel",
                description="Triggers when a new message is posted in a channel.",
                parameters=(
                    _CHANNEL,
                    _input("keyword", "Only messages containing", required=False),
                ),
                examples=(
                    {
                        "channel": "C0123ABCD",
                        "user": "U0456EFGH",
                        "text": "Hello",
                        "ts": "1718025600.000100",
                    },
                ),
            ),
        ),
        "salesforce": (
            TriggerSpec(
                type="SALESFORCE_RECORD_CREATED",
                title="Record Created",
                description="Triggers when a record of the chosen type is created.",
                triggerModel="POLLING",
                parameters=(_enum("recordType", "Record type", list(_SF_TYPES)),),
                examples=(
                    {
                        "recordType": "Contact",
                        "Id": "0035g00000XyZ12AAB",
                        "LastName": "Lovelace",
                        "Email": "ada@example.com",
                        "CreatedDate": "2026-04-02T10:15:00.000Z",
                    },
                ),
            ),
        ),
        "hubspot": (
            TriggerSpec(
                type="HUBSPOT_RECORD_CREATED",
                title="Record Created",
                description="Triggers when a CRM record of the chosen object type is created.",
                triggerModel="POLLING",
                parameters=(
                    _enum("objectType", "Object type", list(_HS_TYPES)),
                    {
                        **_input("properties", "Properties to include", "EDITABLE_ENUM", False),
                        "values": ["email", "firstname", "lastname", "phone"],
                    },
                ),
                examples=(
                    {
                        "objectType": "contacts",
                        "id": "51",
                        "properties": {"email": "ada@example.com", "firstname": "Ada"},
                        "createdAt": "2026-04-02T10:15:00.000Z",
                    },
                ),
            ),
        ),
        "googledrive": (
            TriggerSpec(
                type="GOOGLE_DRIVE_FILE_CREATED",
                title="New File",
                description="Triggers when a file is created in Google Drive.",
                triggerModel="POLLING",
                parameters=(_input("folderId", "Folder", required=False),),
                examples=(
                    {
                        "id": "1a2b3c4d5e",
                        "name": "Q2 plan.docx",
                        "mimeType": "application/vnd.google-apps.document",
                        "folderId": "root",
                    },
                ),
            ),
        ),
        "shopify": (
            TriggerSpec(
                type="SHOPIFY_ORDER_CREATED",
                title="New Order",
                description="Triggers when an order is placed in the store.",
                examples=(
                    {"id": 450789469, "name": "#1001", "total_price": "199.00", "currency": "USD"},
                ),
            ),
        ),
        "jira": (
            TriggerSpec(
                type="JIRA_ISSUE_CREATED",
                title="Issue Created",
                description="Triggers when an issue is created in a project.",
                parameters=(
                    _input("projectKey", "Project"),
                    {
                        **_input("issueTypes", "Issue types", "EDITABLE_ENUM", False),
                        "values": ["Task", "Bug", "Story"],
                    },
                ),
                examples=(
                    {
                        "projectKey": "OPS",
                        "key": "OPS-42",
                        "summary": "Printer on fire",
                        "issueType": "Bug",
                    },
                ),
            ),
        ),
        "freshdesk": (
            TriggerSpec(
                type="FRESHDESK_TICKET_CREATED",
                title="Ticket Created",
                description="Triggers when a ticket is created.",
                triggerModel="POLLING",
                parameters=(_enum("priority", "Priority", [1, 2, 3, 4], required=False),),
                examples=({"id": 17, "subject": "Cannot log in", "priority": 2, "status": 2},),
            ),
        ),
    }


@functools.cache
def default_actionkit(integration_type: str) -> ActionKitSpec:
    """The catalogue's ActionKit for an integration type (empty for an unknown type)."""
    return ActionKitSpec(
        category=CATEGORIES.get(integration_type),
        tools=_tools().get(integration_type, ()),
        triggers=_triggers().get(integration_type, ()),
    )
