"""Compiled containers: objects, free-key maps and lists, drawn with few choices and spans.

``st.fixed_dictionaries(required, optional=...)`` spends two choices per present optional field
(a "one more" boolean and an index) and a span per field; ``st.dictionaries``/``st.lists`` add
their own wrappers. Here each optional field costs one boolean, drawn right before its value:
hypothesis' shrinker, when it turns a boolean off, deletes the choices right after it, so a
shrunk example keeps exactly the fields its failure needs. (One integer for the whole presence
set was tried: cheaper, but its bits are far from their values, and examples shrank to a run of
fields the failure did not need.) Leaf values are drawn inline (:mod:`.leaves`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hypothesis.internal.conjecture.utils import calc_label_from_name
from hypothesis.strategies import SearchStrategy

from pytest_paragon.strategies.leaves import draw


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

    def __repr__(self) -> str:
        """A short repr (the full one would print the whole contract)."""
        names = [name for name, _ in self.required] + [f"{name}?" for name, _ in self.optional]
        return f"ObjectStrategy({', '.join(names)}{', ...' if self.extras is not None else ''})"

    def _children(self) -> list[SearchStrategy[Any]]:
        children = [strategy for _, strategy in self.required + self.optional]
        return children + ([] if self.extras is None else [self.extras])

    def calc_label(self) -> int:
        """One label per shape, not per class.

        Hypothesis' generator copies a span over another span of the same label, which only
        makes sense between values of one shape (a Credential's span over an integration's
        produced invalid test cases, a third of the generate phase's time).
        """
        return _label(self)

    def do_validate(self) -> None:
        """Validate every field's strategy."""
        for child in self._children():
            child.validate()

    def calc_is_empty(self, recur: Any) -> bool:
        """Empty when a required field cannot be drawn."""
        return any(recur(strategy) for _, strategy in self.required)

    def do_draw(self, data: Any) -> dict[str, Any]:
        """Draw the required fields, each optional field's boolean and value, the extras."""
        document = {name: draw(data, strategy) for name, strategy in self.required}
        for name, strategy in self.optional:
            if data.draw_boolean():
                document[name] = draw(data, strategy)
        if self.extras is not None:
            for name, value in draw(data, self.extras).items():
                document.setdefault(name, value)
        return document


class Maps(SearchStrategy[dict[Any, Any]]):
    """Objects of free keys (``additionalProperties``): up to ``max_size`` entries.

    One "another entry?" boolean per entry (shrinks to fewer entries), then its key and value;
    a key in ``reserved`` (a declared property) or drawn twice is skipped, so an example may have
    fewer entries than its booleans said.
    """

    def __init__(
        self,
        keys: SearchStrategy[Any],
        values: SearchStrategy[Any],
        max_size: int,
        reserved: frozenset[str] = frozenset(),
    ) -> None:
        """``keys`` and ``values`` are drawn inline when they are leaves."""
        super().__init__()
        self.keys, self.values, self.max_size, self.reserved = keys, values, max_size, reserved

    def __repr__(self) -> str:
        """Keys, values and the size bound."""
        return f"Maps({self.keys!r}, {self.values!r}, max_size={self.max_size})"

    def calc_label(self) -> int:
        """One label per shape (see :meth:`ObjectStrategy.calc_label`)."""
        return _label(self)

    def do_validate(self) -> None:
        """Validate the keys' and values' strategies."""
        self.keys.validate()
        self.values.validate()

    def do_draw(self, data: Any) -> dict[Any, Any]:
        """Draw up to ``max_size`` entries."""
        document: dict[Any, Any] = {}
        for _ in range(self.max_size):
            if not data.draw_boolean():
                break
            key = draw(data, self.keys)
            value = draw(data, self.values)
            if key not in self.reserved:
                document.setdefault(key, value)
        return document


class Lists(SearchStrategy[list[Any]]):
    """Lists of ``min_size`` to ``max_size`` items.

    The first ``min_size`` items always, then one "another item?" boolean per item (shrinks to
    the shortest list). ``uniqueItems`` is kept by the compiler's validator filter.
    """

    def __init__(self, items: SearchStrategy[Any], min_size: int, max_size: int) -> None:
        """``items`` is drawn inline when it is a leaf."""
        super().__init__()
        self.items, self.min_size, self.max_size = items, min_size, max_size

    def __repr__(self) -> str:
        """Items and sizes."""
        return f"Lists({self.items!r}, {self.min_size}, {self.max_size})"

    def calc_label(self) -> int:
        """One label per shape (see :meth:`ObjectStrategy.calc_label`)."""
        return _label(self)

    def do_validate(self) -> None:
        """Validate the items' strategy."""
        self.items.validate()

    def calc_is_empty(self, recur: Any) -> bool:
        """Empty when items are needed and none can be drawn."""
        return self.min_size > 0 and bool(recur(self.items))

    def do_draw(self, data: Any) -> list[Any]:
        """Draw the required items, then more while the booleans say so."""
        items = [draw(data, self.items) for _ in range(self.min_size)]
        while len(items) < self.max_size and data.draw_boolean():
            items.append(draw(data, self.items))
        return items


def _label(strategy: SearchStrategy[Any]) -> int:
    return int(calc_label_from_name(f"pytest_paragon.strategies:{strategy!r}"))
