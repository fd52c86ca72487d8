"""Every change class of ``pytest-paragon diff`` on a hand-made contract pair.

Several pairs reproduce classes that users reported spec-diff tools to miss; each test names the
oasdiff issue it is modelled on.
"""

from __future__ import annotations

from typing import Any

from pytest_paragon.contract.diff import Severity
from tests.diff.pairs import changes, document, kinds

OBJECT: dict[str, Any] = {
    "type": "object",
    "required": ["name"],
    "properties": {"name": {"type": "string"}, "size": {"type": "integer"}},
}


def test_identical_documents_have_no_changes() -> None:
    assert (
        kinds(document(request=OBJECT, response=OBJECT), document(request=OBJECT, response=OBJECT))
        == []
    )


def test_removed_and_added_operations() -> None:
    old = document()
    new = document(path="/projects/{projectId}/others")
    new["paths"]["/projects/{projectId}/others"]["post"]["x-paragon-endpoint"] = "E98"
    new["paths"]["/projects/{projectId}/others"]["post"]["operationId"] = "other"
    assert kinds(old, new) == [
        ("breaking", "operation-removed", None),
        ("info", "operation-added", None),
    ]


def test_a_moved_path_is_one_change_not_a_removal() -> None:
    old = document(path="/projects/{projectId}/sdk/actions/build-oauth", method="get")
    new = document(path="/v2/projects/{id}/sdk/actions/build-oauth", method="get")
    found = changes(old, new)
    assert [(c.kind, c.operation, c.new) for c in found] == [
        (
            "operation-path-changed",
            "GET /projects/{projectId}/sdk/actions/build-oauth",
            "GET /v2/projects/{id}/sdk/actions/build-oauth",
        )
    ]
    assert found[0].path == "#/paths/~1projects~1{projectId}~1sdk~1actions~1build-oauth/get"


def test_renaming_a_path_parameter_is_no_change() -> None:
    assert (
        kinds(document(path="/projects/{projectId}/things"), document(path="/projects/{id}/things"))
        == []
    )


def test_removed_status_codes() -> None:
    old = document(statuses=("200", "201", "404"))
    new = document(statuses=("201",))
    assert kinds(old, new) == [
        ("breaking", "response-status-removed", "status.200"),
        ("warning", "response-status-removed", "status.404"),
    ]
    assert kinds(new, old)[0] == ("info", "response-status-added", "status.200")


def test_removed_response_field_and_a_field_that_became_optional() -> None:
    old = document(response=OBJECT)
    new = document(response={"type": "object", "properties": {"size": {"type": "integer"}}})
    assert kinds(old, new) == [("breaking", "response-property-removed", "response.body.name")]
    new = document(response={**OBJECT, "required": []})
    assert kinds(old, new) == [
        ("warning", "response-property-became-optional", "response.body.name")
    ]


def test_added_required_request_field_and_parameter() -> None:
    old = document(request=OBJECT)
    new = document(
        request={
            **OBJECT,
            "required": ["name", "owner"],
            "properties": {**OBJECT["properties"], "owner": {"type": "string"}},
        },
        parameters=[
            {"name": "mode", "in": "query", "required": True, "schema": {"type": "string"}}
        ],
    )
    assert kinds(old, new) == [
        ("breaking", "request-parameter-added-required", None),
        ("breaking", "request-property-added-required", None),
    ]
    optional = document(
        request=OBJECT,
        parameters=[{"name": "Mode", "in": "header", "schema": {"type": "string"}}],
    )
    assert kinds(old, optional) == [("info", "request-parameter-added", "request.header.mode")]
    assert kinds(optional, old) == [("warning", "request-parameter-removed", "request.header.mode")]


def test_request_field_that_became_required() -> None:
    old = document(request=OBJECT)
    new = document(request={**OBJECT, "required": ["name", "size"]})
    assert kinds(old, new) == [("breaking", "request-property-became-required", None)]


def test_type_changes_by_direction() -> None:
    text = {"type": "object", "properties": {"size": {"type": "string"}}}
    number = {"type": "object", "properties": {"size": {"type": "integer"}}}
    either = {"type": "object", "properties": {"size": {"type": ["integer", "string"]}}}
    nullable = {"type": "object", "properties": {"size": {"type": ["integer", "null"]}}}
    assert kinds(document(request=number), document(request=text)) == [
        ("breaking", "request-type-changed", "request.body.size")
    ]
    assert kinds(document(request=number), document(request=either)) == [
        ("info", "request-type-widened", "request.body.size")
    ]
    assert kinds(document(response=either), document(response=number)) == [
        ("info", "response-type-narrowed", "response.body.size")
    ]
    assert kinds(document(response=number), document(response=nullable)) == [
        ("warning", "response-type-nullable", "response.body.size")
    ]
    assert kinds(document(response=number), document(response=text)) == [
        ("breaking", "response-type-changed", "response.body.size")
    ]


def _enum(*values: str) -> dict[str, Any]:
    return {"type": "object", "properties": {"status": {"type": "string", "enum": list(values)}}}


def test_enum_narrowed_in_a_request_is_breaking_widened_is_info() -> None:
    old, new = document(request=_enum("A", "B")), document(request=_enum("A"))
    assert kinds(old, new) == [("breaking", "request-enum-value-removed", "request.body.status")]
    assert kinds(new, old) == [("info", "request-enum-value-added", "request.body.status")]


def test_enum_value_removed_from_a_response_is_reported() -> None:
    """oasdiff#595 and #639: removing a response enum member was not reported as breaking."""
    old, new = (
        document(response=_enum("GOOD", "BAD", "CAT")),
        document(response=_enum("GOOD", "BAD")),
    )
    (change,) = changes(old, new)
    assert (change.severity, change.kind, change.old) == (
        Severity.BREAKING,
        "response-enum-value-removed",
        ["CAT"],
    )


def test_enum_value_added_to_a_response_and_an_enum_replaced() -> None:
    """oasdiff#705: enum values swapped between versions went unreported by the change log."""
    old, new = (
        document(response=_enum("CLASS_FILTERED", "OK")),
        document(response=_enum("DOC_FILTERED", "OK")),
    )
    assert [(c.kind, c.old, c.new) for c in changes(old, new)] == [
        ("response-enum-value-removed", ["CLASS_FILTERED"], None),
        ("response-enum-value-added", None, ["DOC_FILTERED"]),
    ]


SCHEMAS = {
    "Cat": {
        "type": "object",
        "required": ["kind", "lives"],
        "properties": {"kind": {"const": "cat"}, "lives": {"type": "integer"}},
    },
    "Dog": {
        "type": "object",
        "required": ["kind"],
        "properties": {"kind": {"const": "dog"}, "bark": {"type": "string"}},
    },
    "Bird": {"type": "object", "required": ["kind"], "properties": {"kind": {"const": "bird"}}},
}


def _pets(*names: str, keyword: str = "oneOf", discriminator: bool = True) -> dict[str, Any]:
    schema: dict[str, Any] = {keyword: [{"$ref": f"#/components/schemas/{n}"} for n in names]}
    if discriminator:
        schema["discriminator"] = {
            "propertyName": "kind",
            "mapping": {n.lower(): f"#/components/schemas/{n}" for n in names},
        }
    return schema


def test_a_oneof_variant_added_to_a_response_is_a_warning() -> None:
    """oasdiff#610: adding a schema to a response oneOf was not reported."""
    old = document(response=_pets("Cat", "Dog", discriminator=False), schemas=SCHEMAS)
    new = document(response=_pets("Cat", "Dog", "Bird", discriminator=False), schemas=SCHEMAS)
    assert kinds(old, new) == [("warning", "response-oneOf-variant-added", "response.body")]


def test_a_oneof_variant_removed_from_a_request_is_breaking() -> None:
    old = document(
        request=_pets("Cat", "Dog", keyword="anyOf", discriminator=False), schemas=SCHEMAS
    )
    new = document(request=_pets("Cat", keyword="anyOf", discriminator=False), schemas=SCHEMAS)
    assert kinds(old, new) == [("breaking", "request-anyOf-variant-removed", "request.body")]


def test_changes_inside_a_oneof_variant_are_found() -> None:
    """oasdiff#314: a property that became optional inside a oneOf branch was missed."""
    changed = {**SCHEMAS, "Cat": {**SCHEMAS["Cat"], "required": ["kind"]}}
    old = document(response=_pets("Cat", "Dog"), schemas=SCHEMAS)
    new = document(response=_pets("Cat", "Dog"), schemas=changed)
    (change,) = changes(old, new)
    assert (change.kind, change.field) == (
        "response-property-became-optional",
        "response.body.lives",
    )
    assert change.path.endswith("/oneOf/0/properties/lives")


def test_discriminator_changes() -> None:
    """oasdiff#347 added discriminator checks; mapping and property-name changes are kept here."""
    old = document(response=_pets("Cat", "Dog"), schemas=SCHEMAS)
    renamed = document(response=_pets("Cat", "Dog"), schemas=SCHEMAS)
    renamed["paths"]["/projects/{projectId}/things"]["post"]["responses"]["200"]["content"][
        "application/json"
    ]["schema"]["discriminator"]["propertyName"] = "type"
    assert ("breaking", "discriminator-property-changed", "response.body") in kinds(old, renamed)
    remapped = document(response=_pets("Cat", "Dog"), schemas=SCHEMAS)
    remapped["paths"]["/projects/{projectId}/things"]["post"]["responses"]["200"]["content"][
        "application/json"
    ]["schema"]["discriminator"]["mapping"]["cat"] = "#/components/schemas/Dog"
    assert kinds(old, remapped) == [("breaking", "discriminator-mapping-changed", "response.body")]
    grown = document(response=_pets("Cat", "Dog", "Bird"), schemas=SCHEMAS)
    assert kinds(old, grown) == [
        ("warning", "response-oneOf-variant-added", "response.body"),
        ("warning", "discriminator-mapping-added", "response.body"),
    ]


def test_an_inline_enum_change_and_a_new_variant_at_once() -> None:
    """oasdiff#514: a new inline enum value together with a new oneOf branch confused the diff."""
    inline = {
        **SCHEMAS,
        "Cat": {
            **SCHEMAS["Cat"],
            "properties": {
                **SCHEMAS["Cat"]["properties"],
                "mood": {"type": "string", "enum": ["calm"]},
            },
        },
    }
    wider = {
        **inline,
        "Cat": {
            **inline["Cat"],
            "properties": {
                **inline["Cat"]["properties"],
                "mood": {"type": "string", "enum": ["calm", "angry"]},
            },
        },
    }
    old = document(response=_pets("Cat", "Dog", discriminator=False), schemas=inline)
    new = document(response=_pets("Cat", "Dog", "Bird", discriminator=False), schemas=wider)
    assert sorted(kinds(old, new)) == [
        ("warning", "response-enum-value-added", "response.body.mood"),
        ("warning", "response-oneOf-variant-added", "response.body"),
    ]


def test_moved_servers_and_hosts() -> None:
    old = document(servers=["https://zeus.example", "https://hermes.example"])
    new = document(servers=["https://zeus.example"])
    assert kinds(old, new) == [("breaking", "operation-server-removed", None)]
    assert kinds(new, old) == [("info", "operation-server-added", None)]
    moved = document()
    moved["servers"] = [{"url": "https://api.example"}]
    assert kinds(document(), moved) == [
        ("breaking", "server-removed", None),
        ("info", "server-added", None),
        ("breaking", "operation-server-removed", None),
        ("info", "operation-server-added", None),
    ]


def test_changed_security() -> None:
    old = document(security=[{"userToken": []}])
    new = document(security=[{"apiKey": []}])
    assert kinds(old, new) == [
        ("breaking", "security-requirement-removed", None),
        ("info", "security-requirement-added", None),
    ]
    scheme = document(security=[{"userToken": []}])
    scheme["components"]["securitySchemes"]["userToken"]["scheme"] = "basic"
    assert kinds(old, scheme) == [("breaking", "security-scheme-changed", None)]


def test_recursive_schemas_terminate() -> None:
    tree = {
        "Node": {
            "type": "object",
            "properties": {
                "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
                "name": {"type": "string"},
            },
        }
    }
    smaller = {
        "Node": {
            "type": "object",
            "properties": {
                "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}
            },
        }
    }
    ref = {"$ref": "#/components/schemas/Node"}
    assert kinds(document(response=ref, schemas=tree), document(response=ref, schemas=smaller)) == [
        ("breaking", "response-property-removed", "response.body.name")
    ]


def test_webhooks_are_compared_as_what_the_client_receives() -> None:
    old, new = document(), document()
    old["webhooks"] = {
        "sync": {
            "post": {
                "requestBody": {
                    "content": {
                        "application/json": {"schema": _enum("sync_complete", "record_created")}
                    }
                }
            }
        }
    }
    new["webhooks"] = {
        "sync": {
            "post": {
                "requestBody": {
                    "content": {
                        "application/json": {
                            "schema": _enum("sync_complete", "record_created", "record_deleted")
                        }
                    }
                }
            }
        }
    }
    assert kinds(old, new) == [("warning", "response-enum-value-added", "webhook.sync.status")]
    del new["webhooks"]["sync"]
    assert kinds(old, new) == [("breaking", "webhook-removed", None)]
