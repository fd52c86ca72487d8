"""Generated from contracts/paragon.openapi.yaml by scripts/generate_models.py: do not edit.
Pydantic v2 models of every component schema of the contract, one module per x-paragon-area.
"""

from __future__ import annotations

from enum import Enum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field


class PermissionRole(str, Enum):
    """A role on a synced object."""

    can_read = "can_read"
    can_write = "can_write"
    is_owner = "is_owner"


class PermissionCheckRequest(BaseModel):
    """Body of checkPermission (E53). `user` is a bare email here. Closed."""

    model_config = ConfigDict(
        extra="allow",
    )
    object: str
    """
    The synced object id.
    """
    user: str
    role: PermissionRole


class PermissionCheckResponse(BaseModel):
    """Response of checkPermission (E53)."""

    model_config = ConfigDict(
        extra="allow",
    )
    hasAccess: bool


class PermissionBatchCheckItem(BaseModel):
    """One check of a batch (E54); `user` is `user:<email>`. Echoed in results."""

    model_config = ConfigDict(
        extra="allow",
    )
    object: str
    user: Annotated[str, Field(pattern="^user:.+")]
    """
    `user:` followed by the email.
    """
    role: PermissionRole


class PermissionBatchCheckRequest(BaseModel):
    """Body of batchCheckPermissions (E54). Closed."""

    model_config = ConfigDict(
        extra="allow",
    )
    checks: Annotated[list[PermissionBatchCheckItem], Field(min_length=1)]


class PermissionBatchCheckResult(BaseModel):
    """The result of one batch check."""

    model_config = ConfigDict(
        extra="allow",
    )
    allowed: bool
    request: PermissionBatchCheckItem
    error: Any | None = None
    """
    Present when the check itself failed; its type is not documented.
    """


class PermissionBatchCheckResponse(BaseModel):
    """Response of batchCheckPermissions (E54), one result per check."""

    model_config = ConfigDict(
        extra="allow",
    )
    result: list[PermissionBatchCheckResult]


class ListUsersRequest(BaseModel):
    """Body of listPermittedUsers (E55). Closed."""

    model_config = ConfigDict(
        extra="allow",
    )
    object: str
    role: PermissionRole


class ListUsersResponse(BaseModel):
    """Response of listPermittedUsers (E55), at most 1000 emails."""

    model_config = ConfigDict(
        extra="allow",
    )
    users: Annotated[list[str], Field(max_length=1000)]


class ObjectType(str, Enum):
    file = "file"
    folder = "folder"


class ListObjectsRequest(BaseModel):
    """Body of listPermittedObjects (E56) and streamPermittedObjects (E57). Closed."""

    model_config = ConfigDict(
        extra="allow",
    )
    objectType: ObjectType
    user: str
    role: PermissionRole


class ListObjectsResponse(BaseModel):
    """Response of listPermittedObjects (E56), at most 1000 object ids."""

    model_config = ConfigDict(
        extra="allow",
    )
    objects: Annotated[list[str], Field(max_length=1000)]


class PermissionObjectLine(BaseModel):
    """One line of the application/x-ndjson stream of streamPermittedObjects (E57): a single JSON object per line, lines separated by a newline."""

    model_config = ConfigDict(
        extra="allow",
    )
    object: str


class ExpandRequest(BaseModel):
    """Body of expandPermissions (E59). Closed."""

    model_config = ConfigDict(
        extra="allow",
    )
    object: str
    relation: PermissionRole | None = None
    """
    The relation to expand (optional; `can_read` when omitted). The permission model's relations are its roles; any other relation is rejected with 400.
    """


class Users(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    users: list[str] | None = None


class Computed(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    userset: str | None = None


class ComputedItem(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    userset: str | None = None


class TupleToUserset(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    tupleset: str | None = None
    computed: list[ComputedItem] | None = None


class Leaf(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    users: Annotated[Users | None, Field(title="PermissionTreeLeafUsers")] = None
    computed: Annotated[Computed | None, Field(title="PermissionTreeComputedUserset")] = None
    tupleToUserset: Annotated[
        TupleToUserset | None, Field(title="PermissionTreeTupleToUserset")
    ] = None


class Union(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    nodes: list[PermissionTreeNode] | None = None


class Intersection(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    nodes: list[PermissionTreeNode] | None = None


class Difference(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    base: PermissionTreeNode | None = None
    subtract: PermissionTreeNode | None = None


class PermissionTreeNode(BaseModel):
    """A node of the permission (userset) tree of E59: a named node that is a leaf (direct users, a computed userset or a tuple-to-userset rewrite) or a union, intersection or difference of child nodes. Recursive. Open."""

    model_config = ConfigDict(
        extra="allow",
    )
    name: str
    leaf: Annotated[Leaf | None, Field(title="PermissionTreeLeaf")] = None
    union: Annotated[Union | None, Field(title="PermissionTreeUnion")] = None
    intersection: Annotated[Intersection | None, Field(title="PermissionTreeIntersection")] = None
    difference: Annotated[Difference | None, Field(title="PermissionTreeDifference")] = None


class Tree(BaseModel):
    model_config = ConfigDict(
        extra="allow",
    )
    root: PermissionTreeNode


class ExpandResponse(BaseModel):
    """Response of expandPermissions (E59)."""

    model_config = ConfigDict(
        extra="allow",
    )
    tree: Annotated[Tree, Field(title="PermissionTree")]


Union.model_rebuild()
Intersection.model_rebuild()
Difference.model_rebuild()
