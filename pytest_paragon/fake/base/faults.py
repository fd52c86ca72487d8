"""Faults a client must survive, and Paragon's documented rate limits.

``paragon_fake.faults.on(...)``, a seed's or project file's ``faults:`` and ``POST
/__paragon/seed`` register the same :class:`~pytest_paragon.fake.base.seed_spec.FaultSpec`: for an
operation, an area (a contract tag) or a Paragon host, a kind (``status``, ``latency``, ``reset``,
``timeout``, ``truncated``, ``malformed``), ``times`` or a ``probability`` drawn from the fake's
random seed (so a run repeats). :meth:`FaultBook.take` decides, per request, which fault fires;
the fake answers it (:meth:`Fault.response`) and each entrance makes it real in its client's terms
(the client's own timeout and connection errors in process, a stalled or reset socket in server
mode). A fault that never fired fails the test as an unused answer does, unless ``optional``.
"""

from __future__ import annotations

import http
import json
import math
import random
import weakref
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from pytest_paragon.errors import ParagonUsageError
from pytest_paragon.fake.base.exchange import FakeRequest, FakeResponse, JournalEntry
from pytest_paragon.fake.base.seed_spec import FaultKind, FaultSpec

FAULT_KINDS: tuple[str, ...] = ("status", "latency", "reset", "timeout", "truncated", "malformed")
"""Every kind of fault, as Python, seed files and the admin API spell them."""
WIRE_FAULTS = frozenset({"reset", "timeout", "truncated"})
"""Kinds that are not an HTTP answer: each entrance makes them real (``FakeResponse.fault``)."""
STALL_LIMIT = 30.0
"""Most seconds a server-mode ``timeout`` stalls, and a ``latency`` waits."""
MALFORMED = b'{"malformed": "the fake cut this JSON short on purpose'
ANCHOR = "faults"


@dataclass
class Fault:
    """One registered fault and how often it fired."""

    spec: FaultSpec
    fired: int = 0

    @property
    def label(self) -> str:
        """How problems name it, e.g. ``fault reset on operation getConnectedUser``."""
        spec = self.spec
        target = (
            f"operation {spec.operation}"
            if spec.operation
            else f"area {spec.area}"
            if spec.area
            else f"host {spec.host}"
            if spec.host
            else "every request"
        )
        return f"fault {spec.kind} on {target}"

    def matches(self, request: FakeRequest, operation: str | None, tags: Iterable[str]) -> bool:
        """Whether this fault is for ``request`` (of ``operation``, tagged ``tags``)."""
        spec = self.spec
        if spec.operation is not None and spec.operation != operation:
            return False
        if spec.area is not None and spec.area not in tags:
            return False
        if spec.host is not None:
            host = (request.service_host or request.host).rsplit(":", 1)[0].lower()
            return host == spec.host.lower()
        return True

    def response(self) -> FakeResponse:
        """The answer of a ``status``, ``reset`` or ``timeout`` fault (never served)."""
        spec = self.spec
        if spec.kind in ("reset", "timeout"):
            stall = self.stall if spec.kind == "timeout" else 0.0
            return FakeResponse(0, {}, b"", fault=spec.kind, delay=stall)
        body = spec.body if spec.body is not None else _error_body(spec.status)
        headers = {"content-type": "application/json", **(spec.headers or {})}
        if spec.retryAfter is not None:
            headers["retry-after"] = _seconds(spec.retryAfter)
        return FakeResponse(spec.status, headers, json.dumps(body).encode())

    def shape(self, response: FakeResponse) -> FakeResponse:
        """``response`` as a ``latency``, ``truncated`` or ``malformed`` fault changes it."""
        kind = self.spec.kind
        if kind == "malformed":
            return replace(response, body=MALFORMED)
        if kind == "truncated":
            return replace(response, fault="truncated")
        return replace(response, delay=min(self.spec.seconds or 0.0, STALL_LIMIT))

    @property
    def stall(self) -> float:
        """Seconds a server-mode timeout keeps the socket silent."""
        return min(self.spec.seconds if self.spec.seconds is not None else 10.0, STALL_LIMIT)


def _seconds(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _error_body(status: int) -> dict[str, Any]:
    try:
        message = http.HTTPStatus(status).phrase
    except ValueError:
        message = "Error"
    return {"message": message, "statusCode": status}


_NAMES: weakref.WeakKeyDictionary[Any, tuple[frozenset[str], frozenset[str]]] = (
    weakref.WeakKeyDictionary()
)


def _names_of(contract: Any) -> tuple[frozenset[str], frozenset[str]]:
    """The operation ids and tags of ``contract``, once per contract (every fake asks)."""
    if contract is None:
        return frozenset(), frozenset()
    found = _NAMES.get(contract)
    if found is None:
        operations = contract.operations
        found = _NAMES[contract] = (
            frozenset(op.operation_id for op in operations),
            frozenset(tag for op in operations for tag in op.tags),
        )
    return found


class FaultBook:
    """The faults registered on one fake (``paragon_fake.faults``); ``on`` registers one."""

    def __init__(self, seed: int | str = 0, contract: Any = None) -> None:
        """No faults; probabilities drawn from a generator seeded with the fake's random seed.

        ``contract``: its operation ids and tags are the names registrations are checked against.
        """
        self.faults: list[Fault] = []
        self.rate_limits: RateLimits | None = None
        """Paragon's documented rate limits, when applied (:meth:`limit_rates`)."""
        self._seed = seed
        self._random_made: random.Random | None = None
        self._operations, self._areas = _names_of(contract)

    @property
    def _random(self) -> random.Random:
        # made on first use: seeding a generator from a string costs every fake, few draw
        if self._random_made is None:
            self._random_made = random.Random(f"faults:{self._seed}")
        return self._random_made

    SHARED: ClassVar[frozenset[str]] = frozenset({"_operations", "_areas"})
    """Attributes a snapshot shares instead of copying: the contract's names, fixed when made."""

    @property
    def pristine(self) -> bool:
        """Whether the book is as made: no fault, no rate limit, no random draw yet."""
        return not self.faults and self.rate_limits is None and self._random_made is None

    def copied_state(self) -> dict[str, Any] | None:
        """What a snapshot must copy of the book, or ``None`` while it is :attr:`pristine`.

        The contract's names are left out (they never change); a pristine book has nothing a
        restore must copy, which spares the contract suite's restores the book altogether.
        """
        if self.pristine:
            return None
        return {name: value for name, value in vars(self).items() if name not in self.SHARED}

    def put_back(self, copied: dict[str, Any] | None) -> None:
        """Back to a state :meth:`copied_state` gave (a copy of it: it is used, not copied)."""
        if copied is None:
            if not self.pristine:  # back to as made; the generator starts again from the seed
                self.faults.clear()
                self.rate_limits = None
                self._random_made = None
            return
        vars(self).update(copied)

    @property
    def active(self) -> bool:
        """Whether a fault or a rate limit may change an answer."""
        return bool(self.faults) or self.rate_limits is not None

    def limit_rates(self, on: bool = True) -> None:
        """Apply Paragon's documented rate limits (the ``rate_limits`` setting), or stop."""
        self.rate_limits = RateLimits() if on else None

    def on(
        self,
        operation: str | None = None,
        /,
        kind: FaultKind = "status",
        *,
        area: str | None = None,
        host: str | None = None,
        status: int = 503,
        body: Any = None,
        headers: Mapping[str, str] | None = None,
        retry_after: float | None = None,
        seconds: float | None = None,
        times: int | None = None,
        probability: float | None = None,
        optional: bool = False,
    ) -> Fault:
        """Register a fault for ``operation`` (an operationId), ``area`` (a tag) or ``host``.

        ``kind``: ``status`` (``status``, ``body``, ``retry_after``), ``latency`` (``seconds``),
        ``reset``, ``timeout`` (server mode stalls ``seconds``, default 10, at most 30),
        ``truncated`` or ``malformed``. ``times``: fire that many times; ``probability``: fire
        with it, drawn from the fake's random seed. Never firing fails the test unless
        ``optional``.
        """
        if kind not in FAULT_KINDS:
            raise ParagonUsageError.from_unknown(
                "fault kind", kind, FAULT_KINDS, where="paragon_fake.faults.on()", anchor=ANCHOR
            )
        return self.add(
            FaultSpec(
                kind=kind,
                operation=operation,
                area=area,
                host=host,
                status=status,
                body=body,
                headers=dict(headers) if headers else None,
                retryAfter=retry_after,
                seconds=seconds,
                times=times,
                probability=probability,
                optional=optional,
            )
        )

    def add(self, spec: FaultSpec) -> Fault:
        """Register a fault as a seed declares it (names checked against the contract)."""
        where = "paragon_fake.faults.on()"
        if spec.operation is not None and spec.operation not in self._operations:
            raise ParagonUsageError.from_unknown(
                "operation id", spec.operation, self._operations, where=where, anchor=ANCHOR
            )
        if spec.area is not None and spec.area not in self._areas:
            raise ParagonUsageError.from_unknown(
                "area", spec.area, self._areas, where=where, anchor=ANCHOR
            )
        fault = Fault(spec)
        self.faults.append(fault)
        return fault

    def take(
        self, request: FakeRequest, operation: str | None, tags: Iterable[str]
    ) -> Fault | None:
        """The fault that fires for this request, if any (first registered first)."""
        for fault in self.faults:
            spec = fault.spec
            if spec.times is not None and fault.fired >= spec.times:
                continue
            if not fault.matches(request, operation, tags):
                continue
            if spec.probability is not None and self._random.random() >= spec.probability:
                continue
            fault.fired += 1
            return fault
        return None

    def unused(self) -> list[str]:
        """Labels of the faults that never fired (and are not optional)."""
        return [f.label for f in self.faults if not f.fired and not f.spec.optional]

    def clear(self) -> None:
        """Forget every fault and counted request; the random draws start again from the seed."""
        self.faults.clear()
        self._random_made = None  # drawn again from the start
        if self.rate_limits is not None:
            self.rate_limits.clear()


RATE_LIMITS: Mapping[str, tuple[int, float]] = {"task-history": (1000, 600.0)}
"""Paragon's documented limits per area (contract tag): requests per window of seconds."""


class RateLimits:
    """Paragon's documented rate limits, counted on the fake's clock (the ``rate_limits`` row)."""

    def __init__(self) -> None:
        """No request counted yet."""
        self._seen: dict[str, deque[float]] = {}

    def check(self, tags: Iterable[str], now: float) -> FakeResponse | None:
        """Count a request of an area with a limit; past the limit, Paragon's 429."""
        for tag in tags:
            limit = RATE_LIMITS.get(tag)
            if limit is None:
                continue
            count, window = limit
            seen = self._seen.setdefault(tag, deque())
            while seen and seen[0] <= now - window:
                seen.popleft()
            if len(seen) >= count:
                wait = max(1, math.ceil(seen[0] + window - now))
                body = {"message": "Too Many Requests", "statusCode": 429}
                headers = {"content-type": "application/json", "retry-after": str(wait)}
                return FakeResponse(429, headers, json.dumps(body).encode())
            seen.append(now)
        return None

    def clear(self) -> None:
        """Forget every counted request."""
        self._seen.clear()


def answer_with_faults(
    fake: Any, request: FakeRequest, serve: Callable[[FakeRequest], FakeResponse]
) -> FakeResponse:
    """``fake``'s answer to ``request`` when faults or rate limits may apply (``serve``: the rest).

    A 429 of a rate limit, or a ``status``/``reset``/``timeout`` fault, is journaled without
    serving the request; ``latency``/``truncated``/``malformed`` change the served answer.
    """
    found = fake.contract.match(request.method, request.path)
    operation_id = found[0].operation_id if found else None
    tags = found[0].tags if found else ()
    if fake.faults.rate_limits is not None:
        limited = fake.faults.rate_limits.check(tags, fake.clock())
        if limited is not None:
            return _journal_only(fake, request, operation_id, limited)
    with fake.state.lock:
        fault: Fault | None = fake.faults.take(request, operation_id, tags)
    if fault is None:
        return serve(request)
    if fault.spec.kind in ("status", "reset", "timeout"):
        return _journal_only(fake, request, operation_id, fault.response())
    response = fault.shape(serve(request))
    if response.delay and fake.clock.frozen:  # latency on the fake's clock: nobody sleeps
        fake.clock.advance(response.delay)
    return response


def _journal_only(
    fake: Any, request: FakeRequest, operation_id: str | None, response: FakeResponse
) -> FakeResponse:
    fake.journal.append(
        JournalEntry(
            method=request.method.upper(),
            host=request.host,
            path=request.path,
            query=tuple(request.query),
            headers={key.lower(): value for key, value in request.headers.items()},
            body=request.body,
            operation_id=operation_id,
            status=response.status,
            response_body=response.body,
            user_id=None,
        )
    )
    return response
