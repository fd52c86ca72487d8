"""Snapshots of a fake project's state: take one after seeding, restore it before each example.

Reseeding a fake for every generated request (the contract suite, a Hypothesis test over the
fake) repeats the same domain operations each time; restoring a snapshot copies their result
instead. A snapshot is a copy of every piece of :class:`FakeState` that changes, taken under the
state's lock; restoring copies it again (so one snapshot restores any number of times) and
puts the copies back *in place*: the same dictionaries, lists and area stores, so the helpers and
listeners that hold them keep working. What never changes (the project, the clock, the lock, the
listeners) is shared, not copied.

Two parts are restored without copying, as a restore before every generated request makes them
the bulk of the copy: the id sequence is held as its generator's (immutable) state and set back
in place, and the fault book leaves out the contract's names it holds and, while it is as it was
made (no fault, no rate limit, no draw: the contract suite's case), is not copied at all.

Records handed out before a restore (a ``CredentialRecord`` from ``connect()``) are not the
restored ones: read them again after restoring.
"""

from __future__ import annotations

import copy
import io
import pickle
from dataclasses import dataclass, fields
from typing import Any

from pytest_paragon.errors import ParagonUsageError
from pytest_paragon.fake.base.faults import FaultBook
from pytest_paragon.fake.base.records import IdPosition
from pytest_paragon.fake.base.state import FakeState

_SHARED = frozenset({"project", "clock", "lock", "run_listeners", "version", "encoded_me"})
"""Fields of :class:`FakeState` a snapshot shares instead of copying (the version only grows)."""
_APART = frozenset({"ids", "faults"})
"""Fields a snapshot holds apart from the copied values (see the module docstring)."""
_BOOK = "faults"
_KEPT = _SHARED | _APART | {"areas"}
"""Fields a restore never empties first (the areas' stores are held by their helpers)."""
"""The values' key of the fault book's :meth:`~FaultBook.copied_state` (``None``: as made)."""


@dataclass(frozen=True)
class StateSnapshot:
    """The copied state of one fake project at one moment (opaque: restore it, do not edit it).

    Held pickled when every value pickles (unpickling is C code, about four times faster than
    a deep copy); as a deep copy when one does not (a registered answer that is a lambda).
    """

    project_id: str
    pickled: bytes | None = None
    values: dict[str, Any] | None = None
    ids: IdPosition | None = None
    """The id sequence's position (immutable: set back, never copied)."""


def _memo(state: FakeState) -> dict[int, Any]:
    """Objects a copy must keep as they are: the project (and its specs), clock, lock."""
    memo: dict[int, Any] = {id(state.clock): state.clock, id(state.lock): state.lock}
    memo[id(state.project)] = state.project
    for spec in state.project.integrations:
        memo[id(spec)] = spec
    return memo


class _Pickler(pickle.Pickler):
    """Pickles the state's values, refusing the shared objects (they must stay shared)."""

    def __init__(self, file: io.BytesIO, shared: dict[int, Any]) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.shared = shared

    def persistent_id(self, obj: Any) -> Any:
        if id(obj) in self.shared:
            raise pickle.PicklingError("a shared object is referenced: deep-copy instead")
        return None


def take(state: FakeState) -> StateSnapshot:
    """A snapshot of ``state`` now."""
    with state.lock:
        values = {
            f.name: getattr(state, f.name)
            for f in fields(state)
            if f.name not in _SHARED and f.name not in _APART
        }
        book = state.faults
        values[_BOOK] = book.copied_state() if isinstance(book, FaultBook) else book
        ids = state.ids.position()
        memo = _memo(state)
        buffer = io.BytesIO()
        try:
            _Pickler(buffer, memo).dump(values)
        except (pickle.PicklingError, TypeError, AttributeError):
            copied = copy.deepcopy(values, memo)
            return StateSnapshot(state.project.id, values=copied, ids=ids)
        return StateSnapshot(state.project.id, pickled=buffer.getvalue(), ids=ids)


def restore(state: FakeState, snapshot: StateSnapshot) -> None:
    """Put ``state`` back to ``snapshot`` (taken from a state of the same project)."""
    if snapshot.project_id != state.project.id:
        raise ParagonUsageError(
            f"The snapshot is of project {snapshot.project_id}, not of {state.project.id}: "
            "restore a snapshot into the fake it was taken from."
        )
    with state.lock:
        _free(state)
        if snapshot.pickled is not None:
            copied: dict[str, Any] = pickle.loads(snapshot.pickled)  # bytes this process made
        else:
            copied = copy.deepcopy(snapshot.values or {}, _memo(state))
        book = copied.pop(_BOOK, None)
        if isinstance(state.faults, FaultBook):
            state.faults.put_back(book)
        else:
            state.faults = book
        _put_back(state, copied)
        if snapshot.ids is not None:
            state.ids.resume(snapshot.ids)
        state.changed()


def _free(state: FakeState) -> None:
    """Empty the containers the copy refills, before the copy is made.

    Their records are freed first and the copy's made after, so a restore leaves the garbage
    collector's count of new objects where it found it instead of pushing it over the threshold
    (a collection of the whole run's objects, paid by the restore, otherwise).
    """
    for name, current in state.__dict__.items():
        if name in _KEPT or type(current) not in (dict, list):
            continue
        current.clear()


def _put_back(state: FakeState, copied: dict[str, Any]) -> None:
    """Put the copied values back in place (the containers stay those the helpers hold).

    One loop with no call per field but the containers' own: it runs before every request of
    the contract suite, where a call per field cost a sixth of the restore under the profiler.
    """
    now = state.__dict__
    for name, value in copied.items():
        current = now[name]
        kind = type(current)
        if name == "areas":
            _put_back_areas(current, value)
        elif kind is dict:
            current.clear()
            current.update(value)
        elif kind is list:
            current[:] = value
        elif isinstance(current, dict):
            current.clear()
            current.update(value)
        elif isinstance(current, list):
            current[:] = value
        elif kind is type(value) and hasattr(current, "__dict__"):
            current.__dict__ = value.__dict__  # the copy's own fields; the copy is dropped
        else:
            now[name] = value


def _put_back_areas(current: dict[type[Any], Any], value: dict[type[Any], Any]) -> None:
    for kind, store in list(current.items()):
        if kind in value:
            store.__dict__ = value[kind].__dict__  # the copy's own fields; the copy is dropped
        else:
            store.reset()  # an area first used after the snapshot: empty, as it was then
    for kind, store in value.items():
        current.setdefault(kind, store)
