"""The Permissions API's graph for one synced source (E53-E57, E59), seeded by tests.

Objects are the synced files and folders (``file`` or ``folder``), optionally inside a parent
folder. A grant gives a user (an email, matched case-insensitively) a role on an object. Roles
nest: ``is_owner`` implies ``can_write``, which implies ``can_read``; and a role on a folder
holds on everything inside it. :meth:`PermissionGraph.expand` returns the userset tree of
``object#role``: the direct users as a leaf, united with the tree of the next stronger role on the
same object and the tree of the same role on the parent folder.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from pytest_paragon.errors import ParagonUsageError

Role = Literal["can_read", "can_write", "is_owner"]
ObjectType = Literal["file", "folder"]
ROLES: tuple[str, ...] = get_args(Role)
OBJECT_TYPES: tuple[str, ...] = get_args(ObjectType)
STRONGER: dict[str, str | None] = {
    "can_read": "can_write",
    "can_write": "is_owner",
    "is_owner": None,
}


def check_role(role: str) -> str:
    """``role`` if it is a documented role; a usage error otherwise."""
    if role not in ROLES:
        raise ParagonUsageError(f"role must be one of {ROLES}, not {role!r}")
    return role


@dataclass
class PermissionGraph:
    """Objects, their types and parent folders, and the grants on them."""

    types: dict[str, str] = field(default_factory=dict)
    parents: dict[str, str] = field(default_factory=dict)
    grants: dict[tuple[str, str], list[str]] = field(default_factory=dict)  # (object, role)

    # -- seeding ------------------------------------------------------------------------------

    def declare(self, object_id: str, object_type: str, parent: str | None = None) -> None:
        """Know ``object_id`` as a ``file`` or ``folder``, inside folder ``parent`` if given."""
        if object_type not in OBJECT_TYPES:
            raise ParagonUsageError(
                f"object_type must be one of {OBJECT_TYPES}, not {object_type!r}"
            )
        self.types[object_id] = object_type
        if parent is None:
            return
        if self.types.setdefault(parent, "folder") != "folder":
            raise ParagonUsageError(f"parent {parent!r} is a {self.types[parent]}, not a folder")
        ancestor: str | None = parent
        while ancestor is not None:
            if ancestor == object_id:
                raise ParagonUsageError(f"{object_id!r} cannot be inside itself")
            ancestor = self.parents.get(ancestor)
        self.parents[object_id] = parent

    def grant(self, object_id: str, user: str, role: str) -> None:
        """Give ``user`` (an email) ``role`` on ``object_id`` directly."""
        users = self.grants.setdefault((object_id, check_role(role)), [])
        if not any(existing.lower() == user.lower() for existing in users):
            users.append(user)

    def revoke(self, object_id: str, user: str, role: str) -> None:
        """Take the direct grant of ``role`` on ``object_id`` away from ``user``."""
        users = self.grants.get((object_id, check_role(role)), [])
        users[:] = [existing for existing in users if existing.lower() != user.lower()]

    # -- queries ------------------------------------------------------------------------------

    def type_of(self, object_id: str) -> str:
        """The object's type (``file`` for an object the graph does not know)."""
        return self.types.get(object_id, "file")

    def users(self, object_id: str, role: str) -> list[str]:
        """Every user holding ``role`` on ``object_id`` (direct first, then inherited)."""
        found: list[str] = []
        seen: set[str] = set()
        for user in self._users(object_id, role):
            if user.lower() not in seen:
                seen.add(user.lower())
                found.append(user)
        return found

    def _users(self, object_id: str, role: str) -> list[str]:
        users = list(self.grants.get((object_id, role), []))
        stronger = STRONGER[role]
        if stronger is not None:
            users += self._users(object_id, stronger)
        parent = self.parents.get(object_id)
        if parent is not None:
            users += self._users(parent, role)
        return users

    def has(self, object_id: str, user: str, role: str) -> bool:
        """Whether ``user`` holds ``role`` on ``object_id``, directly or by inheritance."""
        return any(found.lower() == user.lower() for found in self.users(object_id, role))

    def objects(self, user: str, role: str, object_type: str) -> list[str]:
        """The known objects of ``object_type`` on which ``user`` holds ``role``."""
        return [
            object_id
            for object_id, kind in self.types.items()
            if kind == object_type and self.has(object_id, user, role)
        ]

    def expand(self, object_id: str, role: str) -> dict[str, Any]:
        """The userset tree of ``object#role`` (a leaf alone when nothing is inherited)."""
        name = f"{self.type_of(object_id)}:{object_id}#{role}"
        direct = [f"user:{user}" for user in self.grants.get((object_id, role), [])]
        leaf: dict[str, Any] = {"name": name, "leaf": {"users": {"users": direct}}}
        nodes = [leaf]
        stronger = STRONGER[role]
        if stronger is not None:
            nodes.append(self.expand(object_id, stronger))
        parent = self.parents.get(object_id)
        if parent is not None:
            nodes.append(self.expand(parent, role))
        if len(nodes) == 1:
            return leaf
        return {"name": name, "union": {"nodes": nodes}}
