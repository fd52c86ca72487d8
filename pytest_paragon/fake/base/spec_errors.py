"""Readable messages for a seed spec that does not validate (project file, seed call, admin body).

pydantic's own messages name union members (``workflows.tuple[str, ...].0``) and say only "Extra
inputs are not permitted". :func:`explain` turns the first error into a place made only of keys
and indexes, the keys allowed there with the nearest one to a misspelt key, and the allowed forms
of a union; :func:`unknown_choice` is the message of an enum-like field (input types).
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from pytest_paragon.errors import nearest


@dataclass(frozen=True)
class Explained:
    """One validation error in the spec's own words."""

    place: str
    message: str
    value: Any
    allowed: tuple[str, ...] = ()
    suggestion: str | None = None


def unknown_choice(kind: str, value: object, choices: Iterable[str]) -> str:
    """``value`` is not one of ``choices``: the message lists them and the nearest one."""
    names = list(choices)
    close = nearest(str(value), names, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"unknown {kind} {value!r}{hint} (allowed: {', '.join(names)})"


def _keys_of(model: type[BaseModel]) -> tuple[str, ...]:
    return tuple(field.alias or name for name, field in model.model_fields.items())


def _members(annotation: Any) -> tuple[Any, ...]:
    origin = typing.get_origin(annotation)
    if origin is typing.Union or isinstance(annotation, types.UnionType):
        return typing.get_args(annotation)
    return (annotation,)


def _step(annotation: Any, part: str | int) -> tuple[Any, bool]:
    """The annotation one loc part further in, and whether ``part`` is a real key or index.

    A part that is neither a field, an index nor a mapping key is pydantic's name of a union
    member: it is dropped from the place, and the member it names is followed.
    """
    for member in _members(annotation):
        if isinstance(member, type) and issubclass(member, BaseModel) and isinstance(part, str):
            fields = {f.alias or n: f for n, f in member.model_fields.items()}
            fields.update(member.model_fields)
            if part in fields:
                return fields[part].annotation, True
        origin, args = typing.get_origin(member), typing.get_args(member)
        if origin in (tuple, list) and isinstance(part, int):
            return (args[0] if args else Any), True
        if origin is dict and isinstance(part, str) and len(args) == 2:
            return args[1], True
    named = [m for m in _members(annotation) if _tag(m) == part]
    return (named[0] if named else Any), False


def _tag(member: Any) -> str:
    if isinstance(member, type):
        return member.__name__
    return str(member).replace("typing.", "")


def _walk(root: type[BaseModel], loc: Sequence[str | int]) -> tuple[list[str | int], Any, bool]:
    annotation: Any = root
    place: list[str | int] = []
    union = False
    for part in loc:
        annotation, real = _step(annotation, part)
        if real:
            place.append(part)
        else:
            union = True
    return place, annotation, union


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    return [m for m in _members(annotation) if isinstance(m, type) and issubclass(m, BaseModel)]


def _render(place: Sequence[str | int]) -> str:
    return ".".join(str(part) for part in place) or "<top level>"


def explain(error: ValidationError, root: type[BaseModel]) -> Explained:
    """The first error of ``error`` (raised validating ``root``) in the spec's words."""
    errors = error.errors()
    first = errors[0]
    place, _, union = _walk(root, first["loc"])
    if first["type"] == "extra_forbidden" and first["loc"]:
        key = str(first["loc"][-1])
        parent_place, parent, _ = _walk(root, first["loc"][:-1])
        allowed: tuple[str, ...] = ()
        for model in _models_in(parent):
            allowed += _keys_of(model)
        close = nearest(key, allowed, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        message = f"unknown key {key!r}{hint} (allowed here: {', '.join(allowed)})"
        where = _render([*parent_place, key])
        return Explained(where, message, first.get("input"), allowed, close[0] if close else None)
    if union:
        # Every member failed: say what forms the field takes, from its description.
        field_place = [p for p in place]
        while field_place and isinstance(field_place[-1], int | str):
            _, owner, _ = _walk(root, [*field_place[:-1]])
            models = _models_in(owner)
            name = field_place[-1]
            described = [
                field.description
                for model in models
                for fname, field in model.model_fields.items()
                if name in (fname, field.alias) and field.description
            ]
            if described:
                message = f"{first['msg']}; this key takes {described[0]}"
                return Explained(_render(field_place), message, first.get("input"))
            field_place = field_place[:-1]
    message = str(first["msg"])
    if first["type"] == "value_error":
        message = message.removeprefix("Value error, ")
    return Explained(_render(place), message, first.get("input"))
