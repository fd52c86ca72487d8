"""The compiled object strategy: a JSON object drawn with few choices, shrinking field by field.

``st.fixed_dictionaries(required, optional=...)`` spends two choices per present optional field
(a "one more" boolean and an index) and one more to stop; a Credential's nineteen optional fields
made most of its choices, and hypothesis' cost per example grows with its choices. Here one
integer, a bit per optional field, says which are present: it shrinks towards 0 (no optional
field), and its smallest failing value is the set of fields the failure needs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hypothesis.strategies import SearchStrategy

from pytest_paragon.strategies.leaves import Integers, draw


class ObjectStrategy(SearchStrategy[dict[str, Any]]):
    """Objects with ``required`` fields, any subset of ``optional`` ones and ``extras``.

    Values are drawn in declaration order, required first; ``extras`` (a strategy of dicts
    whose keys are not declared) adds unknown fields after them.
    """

    def __init__(
        self,
        required: Mapping[str, SearchStrategy[Any]],
        optional: Mapping[str, SearchStrategy[Any]],
        extras: SearchStrategy[dict[str, Any]] | None = None,
    ) -> None:
        """Build the strategy; nothing is drawn or validated until hypothesis asks."""
        super().__init__()
        self.required = tuple(required.items())
        self.optional = tuple(optional.items())
        self.extras = extras
        self.presence = Integers(0, (1 << len(self.optional)) - 1) if self.optional else None

    def __repr__(self) -> str:
        """A short repr (the full one would print the whole contract)."""
        names = [name for name, _ in self.required] + [f"{name}?" for name, _ in self.optional]
        return f"ObjectStrategy({', '.join(names)}{', ...' if self.extras is not None else ''})"

    def _children(self) -> list[SearchStrategy[Any]]:
        children = [strategy for _, strategy in self.required + self.optional]
        return children + [s for s in (self.extras, self.presence) if s is not None]

    def do_validate(self) -> None:
        """Validate every field's strategy."""
        for child in self._children():
            child.validate()

    def calc_is_empty(self, recur: Any) -> bool:
        """Empty when a required field cannot be drawn."""
        return any(recur(strategy) for _, strategy in self.required)

    def do_draw(self, data: Any) -> dict[str, Any]:
        """Draw the required fields, the presence bits, the present fields and the extras."""
        document = {name: draw(data, strategy) for name, strategy in self.required}
        if self.presence is not None:
            mask = self.presence.draw_inline(data)
            for name, strategy in self.optional:
                if mask & 1:
                    document[name] = draw(data, strategy)
                mask >>= 1
        if self.extras is not None:
            for name, value in data.draw(self.extras).items():
                document.setdefault(name, value)
        return document
