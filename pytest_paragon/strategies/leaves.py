"""Leaf strategies that draw one choice each and can be drawn inline by their parent object.

Hypothesis charges every ``data.draw(strategy)`` a span, argument labels and, for ``map`` and
``one_of``, a second nested draw; for a document of twenty small leaves that bookkeeping costs
more than the choices themselves (a Credential drew at a fifth of ``st.builds``' rate). A
:class:`Leaf` is still an ordinary strategy (usable anywhere), and :func:`draw` lets a parent
call it inline: one choice on the choice sequence, shrinking exactly as the equivalent
``st.integers``/``st.sampled_from``/``st.text`` would (towards the first value, the lower bound,
the empty string), without a span of its own.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from typing import Any

from hypothesis.internal.intervalsets import IntervalSet
from hypothesis.strategies import SearchStrategy

# Every character UTF-8 encodes: all but the surrogates (``values.UNICODE`` as an interval set).
UNICODE_INTERVALS = IntervalSet([(0, 0xD7FF), (0xE000, 0x10FFFF)])


class Leaf(SearchStrategy[Any]):
    """A strategy of one choice (or none) that a parent may draw inline with :func:`draw`."""

    def draw_inline(self, data: Any) -> Any:
        """Draw the value straight from ``data`` (no span of its own)."""
        raise NotImplementedError

    def do_draw(self, data: Any) -> Any:
        """Drawn on its own, a leaf draws the same way."""
        return self.draw_inline(data)


class Integers(Leaf):
    """Integers in ``[low, high]`` (either open), passed through ``convert`` when given."""

    def __init__(
        self, low: int | None, high: int | None, convert: Callable[[int], Any] | None = None
    ) -> None:
        """``convert`` maps the drawn integer (ids, instants, colours are integers underneath)."""
        super().__init__()
        self.low, self.high, self.convert = low, high, convert
        towards = 0 if low is None else max(low, 0)
        self.towards = towards if high is None else min(towards, high)

    def __repr__(self) -> str:
        """Bounds and the converter's name."""
        name = "" if self.convert is None else f", {getattr(self.convert, '__name__', '?')}"
        return f"Integers({self.low}, {self.high}{name})"

    def draw_inline(self, data: Any) -> Any:
        """One integer choice."""
        value = data.draw_integer(self.low, self.high, shrink_towards=self.towards)
        return value if self.convert is None else self.convert(value)


class Choices(Leaf):
    """One of ``options`` (shrinks towards the first), like ``st.sampled_from``."""

    def __init__(self, options: Sequence[Any]) -> None:
        """``options`` must not be empty."""
        super().__init__()
        self.options = tuple(options)
        self.last = len(self.options) - 1

    def __repr__(self) -> str:
        """The options, shortened."""
        return f"Choices({self.options[:4]!r}{'...' if self.last > 3 else ''})"

    def draw_inline(self, data: Any) -> Any:
        """One integer choice (none when there is a single option)."""
        return self.options[data.draw_integer(0, self.last)] if self.last else self.options[0]


class Booleans(Leaf):
    """``False`` or ``True`` (shrinks to ``False``)."""

    def __repr__(self) -> str:
        """Like ``st.booleans()``."""
        return "Booleans()"

    def draw_inline(self, data: Any) -> Any:
        """One boolean choice."""
        return data.draw_boolean()


class Text(Leaf):
    """Text of ``min_size`` to ``max_size`` characters of ``alphabet`` (default: all but Cs).

    The alphabet is an interval set made here: ``st.text``/``st.characters`` ask hypothesis'
    unicode tables even for a plain string alphabet, which a fresh ``.hypothesis/`` directory
    builds first (a second of CPU in each process).
    """

    def __init__(self, min_size: int, max_size: int, alphabet: str | None = None) -> None:
        """Sizes are inclusive."""
        super().__init__()
        self.min_size, self.max_size = min_size, max_size
        self.alphabet = alphabet
        self.intervals = (
            UNICODE_INTERVALS if alphabet is None else IntervalSet.from_string(alphabet)
        )

    def __repr__(self) -> str:
        """The sizes (and the alphabet when it is not all of unicode)."""
        alphabet = "" if self.alphabet is None else f", {self.alphabet!r}"
        return f"Text({self.min_size}, {self.max_size}{alphabet})"

    def draw_inline(self, data: Any) -> Any:
        """One string choice."""
        return data.draw_string(self.intervals, min_size=self.min_size, max_size=self.max_size)


class Weighted(Leaf):
    """``branches[i]`` for one drawn ``i`` in ``[0, len(branches))`` mapped through ``pick``.

    ``pick`` turns the drawn index into a branch index (``free_text`` offers long text for one
    index in sixteen); the first branch is the shrink target.
    """

    def __init__(
        self,
        branches: Sequence[SearchStrategy[Any]],
        *,
        slots: int | None = None,
        pick: Callable[[int], int] | None = None,
    ) -> None:
        """``slots``: how many indices are drawn from (default: one per branch)."""
        super().__init__()
        self.arms = tuple(branches)
        self.last = (len(self.arms) if slots is None else slots) - 1
        self.pick = pick

    def __repr__(self) -> str:
        """The branches."""
        return f"Weighted({', '.join(map(repr, self.arms))})"

    def do_validate(self) -> None:
        """Validate every branch."""
        for branch in self.arms:
            branch.validate()

    def draw_inline(self, data: Any) -> Any:
        """One index choice, then the branch (inline when it is a leaf)."""
        index = data.draw_integer(0, self.last) if self.last else 0
        return draw(data, self.arms[index if self.pick is None else self.pick(index)])


class Const(Leaf):
    """Always ``value`` (no choice)."""

    def __init__(self, value: Any) -> None:
        """``value`` is returned as is (JSON constants are immutable or copied by the caller)."""
        super().__init__()
        self.value = value

    def __repr__(self) -> str:
        """The value."""
        return f"Const({self.value!r})"

    def draw_inline(self, data: Any) -> Any:
        """No choice; a list or object constant is copied (callers may change what they get)."""
        return copy.deepcopy(self.value) if isinstance(self.value, dict | list) else self.value


def draw(data: Any, strategy: SearchStrategy[Any]) -> Any:
    """Draw ``strategy`` from ``data``: inline for a :class:`Leaf`, ``data.draw`` otherwise."""
    if isinstance(strategy, Leaf):
        return strategy.draw_inline(data)
    return data.draw(strategy)


class Reference(Leaf):
    """A ``$ref`` to a component: its compiled strategy, built on first use (cycles allowed).

    Unlike ``st.deferred`` (a span of its own around the target's span), a reference adds no
    span: a leaf target is drawn inline, any other with one ``data.draw``.
    """

    def __init__(self, name: str, build: Callable[[], SearchStrategy[Any]]) -> None:
        """``build`` compiles the target; it is called once, when first needed."""
        super().__init__()
        self.name = name
        self._build: Callable[[], SearchStrategy[Any]] | None = build
        self._target: SearchStrategy[Any] | None = None

    @property
    def target(self) -> SearchStrategy[Any]:
        """The compiled component."""
        if self._target is None:
            assert self._build is not None
            self._target, self._build = self._build(), None
        return self._target

    def __repr__(self) -> str:
        """The component's name (its strategy's repr would print the contract)."""
        return f"Reference({self.name!r})"

    def do_validate(self) -> None:
        """Compile and validate the target."""
        self.target.validate()

    def draw_inline(self, data: Any) -> Any:
        """The target's draw."""
        return draw(data, self.target)
