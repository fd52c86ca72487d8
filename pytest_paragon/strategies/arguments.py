"""Argument checks of the public strategies, run when a strategy is built (not when drawn).

A wrong argument raises :class:`StrategyArgumentError`, which is both pytest-paragon's
:class:`~pytest_paragon.errors.ParagonUsageError` (valid names, nearest match) and hypothesis'
``InvalidArgument`` (so it reads and behaves like any hypothesis strategy's argument error).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from hypothesis.errors import InvalidArgument

from pytest_paragon.errors import ParagonUsageError, Report

ANCHOR = "hypothesis-strategies"


class StrategyArgumentError(ParagonUsageError, InvalidArgument):
    """A strategy of :mod:`pytest_paragon.strategies` was built with an invalid argument."""


def check_name(function: str, argument: str, value: str, valid: Iterable[str]) -> str:
    """Return ``value`` if it is one of ``valid``; otherwise raise naming the nearest ones."""
    names = sorted(set(valid))
    if value in names:
        return value
    nearest = difflib.get_close_matches(value, names, n=3, cutoff=0.4)
    raise StrategyArgumentError(
        Report(
            what=f"{function}({argument}={value!r}): {value!r} is not a valid {argument}",
            expected=f"one of {', '.join(names)}" if len(names) <= 40 else f"one of {len(names)}",
            received=repr(value),
            candidates=tuple(nearest),
            remedy=f"pass one of the names above as {argument}=",
            anchor=ANCHOR,
        )
    )


def check_type(function: str, argument: str, value: Any, expected: type | tuple[type, ...]) -> None:
    """Raise unless ``value`` is an instance of ``expected`` (``None`` is always allowed)."""
    if value is None or isinstance(value, expected):
        return
    names = (
        " or ".join(kind.__name__ for kind in expected)
        if isinstance(expected, tuple)
        else expected.__name__
    )
    raise StrategyArgumentError(
        Report(
            what=f"{function}({argument}={value!r}): {argument} must be {names}",
            expected=names,
            received=f"{type(value).__name__} {value!r}",
            anchor=ANCHOR,
        )
    )
