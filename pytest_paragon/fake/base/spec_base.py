"""The one base of every declared spec: the project file, seeds and Tool declarations."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Spec(BaseModel):
    """A declared spec: unknown keys are refused, values are frozen, fields go by name or alias."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


__all__ = ["Spec"]
