"""The base of every area's test helpers (``paragon_fake.sync``, ``paragon_fake.actionkit``, ...).

A helper object holds the project's state. Its public methods turn a refusal of the state (a
domain error such as an unknown integration) into a
:class:`~pytest_paragon.errors.ParagonUsageError` that names the helper and, for a name, lists
the valid ones and the nearest: misuse in a test is a usage error, never an HTTP-style error.
Every call marks the state changed (:meth:`FakeState.changed`), so encoded answers are rebuilt.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pytest_paragon.errors import deprecated
from pytest_paragon.fake.base.errors import FakeError, usage_error

if TYPE_CHECKING:
    from pytest_paragon.fake.base.state import FakeState


def _as_usage(area: str, name: str, method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def helper(self: AreaHelpers, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except FakeError as error:
            usage = usage_error(error, where=f"paragon_fake.{area}.{name}()")
            usage.domain_error = error  # the admin API answers it as the HTTP error it is
            raise usage from None
        finally:
            # A helper may change records in place, or hand out records a test then changes:
            # whatever was encoded from the state before the call is stale.
            self._state.changed()

    return helper


class AreaHelpers:
    """Test helpers of one area over the project's state."""

    _area = ""  # the attribute name on FakeParagon, for messages

    def __init__(self, state: FakeState) -> None:
        """Act on ``state``."""
        self._state = state

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Wrap every public method so that domain errors become usage errors."""
        super().__init_subclass__(**kwargs)
        for name, value in list(vars(cls).items()):
            if callable(value) and not name.startswith("_"):
                setattr(cls, name, _as_usage(cls._area, name, value))

    def _unused(self) -> list[str]:
        """Labels of this area's registered answers that were never called (and not optional)."""
        return []

    # -- the public names of 0.1.0, internal since 0.2.0 -------------------------------------

    @property
    def state(self) -> FakeState:
        """Deprecated: the fake's state is internal (read it through the helpers)."""
        deprecated(f"paragon_fake.{self._area}.state", "the helpers' methods (it is internal now)")
        return self._state

    @property
    def area(self) -> str:
        """Deprecated: the helper's attribute name on the fake."""
        deprecated(f"paragon_fake.{self._area}.area", "the attribute name itself")
        return self._area

    def unused(self) -> list[str]:
        """Deprecated: read ``paragon_fake.problems()`` (unused answers are there)."""
        deprecated(f"paragon_fake.{self._area}.unused()", "paragon_fake.problems()")
        return self._unused()
