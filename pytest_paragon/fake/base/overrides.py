"""Answer one operation with a given response instead of the fake's stateful one.

``respond_once(operation_id, response)`` queues an answer for the next call of that operation;
``respond_with(operation_id, response)`` is a context manager that answers every call inside the
block. Every answer counts, like ``proxy.on`` and the others: one never used (a queued answer
no call took, a block no call reached) is an ``UnusedAnswerError`` unless registered with
``optional=True``. Both are consulted by ``FakeParagon.handle`` after authentication and
permissions, before the handler, so the client still has to send a valid, authenticated request.
A response is checked against the operation's documented response schema when it is registered:
a test cannot feed the client something Paragon would not send. This is how client fuzzing
works::

    @given(me=responses("getConnectedUser", status=200))
    def test_client_survives(me): with paragon_fake.respond_with("getConnectedUser", me): ...
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from pytest_paragon.contract import Contract
from pytest_paragon.contract.validation import response_schema, validators_of
from pytest_paragon.errors import ParagonUsageError, Report, UnmatchedAnswerError
from pytest_paragon.fake.base.context import Reply, RequestContext
from pytest_paragon.fake.base.errors import FakeError
from pytest_paragon.fake.base.matchers import UNSET, RequestMatch, label_with

ANCHOR = "verifying-a-client-against-every-documented-response"


@dataclass
class Override:
    """A registered answer: status, encoded body, media type, headers; how often it answered."""

    operation_id: str
    status: int
    content: bytes
    media_type: str
    headers: Mapping[str, str] = field(default_factory=dict)
    optional: bool = False
    condition: RequestMatch | None = None
    uses: int = 0

    def label(self, verb: str = "respond") -> str:
        """How a failure names it: ``respond_once('getConnectedUser', status=500)`` + matchers."""
        return label_with(f"{verb}({self.operation_id!r}, status={self.status})", self.condition)

    def differs(self, call: OperationCall) -> str | None:
        """The first ``match`` condition ``call`` breaks (``None``: this answer takes it)."""
        return None if self.condition is None else self.condition.differs(call)

    def reply(self) -> Reply:
        """The fake's reply for this answer."""
        return Reply(
            self.status,
            content=self.content,
            media_type=self.media_type,
            headers=dict(self.headers),
        )


@dataclass(frozen=True)
class OperationCall:
    """A call of one contract operation, as the ``match`` conditions of its answers see it."""

    operation_id: str
    method: str
    path: str
    path_params: Mapping[str, str]
    query: Mapping[str, str]
    headers: Mapping[str, str]
    body: Any
    content: bytes = b""


class ResponseOverrides:
    """One-shot and context-managed answers per operationId, checked against the contract."""

    def __init__(self, contract: Contract) -> None:
        """Check answers against ``contract``."""
        self.contract = contract
        self._once: dict[str, deque[Override]] = {}
        self._active: dict[str, list[Override]] = {}
        self._unused_blocks: list[str] = []  # respond_with blocks that no call reached

    def build(
        self,
        operation_id: str,
        response: Any = None,
        *,
        status: int | None = None,
        headers: Mapping[str, str] | None = None,
        optional: bool = False,
        match: Mapping[str, Any] | Any = None,
        match_json: Any = UNSET,
        match_query: Mapping[str, Any] | None = None,
        match_headers: Mapping[str, str] | None = None,
        match_content: bytes | str | None = None,
    ) -> Override:
        """Check and encode ``response`` (a body, or a ``DrawnResponse``) for ``operation_id``.

        ``match`` and ``match_*`` limit the answer to calls carrying what they state (see
        :mod:`~pytest_paragon.fake.base.matchers`); a call of the operation that no answer
        matches is answered by the fake's own handler and fails the test as unmatched.
        """
        condition = RequestMatch.of(
            match,
            match_json=match_json,
            match_query=match_query,
            match_headers=match_headers,
            match_content=match_content,
        )
        operation = self._operation(operation_id)
        drawn_status = getattr(response, "status", None)
        if drawn_status is not None and hasattr(response, "content"):  # a DrawnResponse
            code = status if status is not None else int(drawn_status)
            media = str(getattr(response, "media_type", "")) or "application/json"
            body, content = response.body, bytes(response.content())
        else:
            code = status if status is not None else _first_success(operation.definition)
            media, body = "application/json", response
            content = b"" if body is None and code == 204 else json.dumps(body).encode()
        self._check(operation, code, media, body)
        return Override(
            operation_id, code, content, media, dict(headers or {}), optional, condition
        )

    def respond_once(self, operation_id: str, response: Any = None, **options: Any) -> Override:
        """Answer the next call of ``operation_id`` with ``response`` (queued, in order)."""
        override = self.build(operation_id, response, **options)
        self._once.setdefault(operation_id, deque()).append(override)
        return override

    @contextmanager
    def respond_with(
        self, operation_id: str, response: Any = None, **options: Any
    ) -> Iterator[Override]:
        """Answer every call of ``operation_id`` with ``response`` while the block runs."""
        override = self.build(operation_id, response, **options)
        stack = self._active.setdefault(operation_id, [])
        stack.append(override)
        try:
            yield override
        finally:
            stack.remove(override)
            if not override.uses and not override.optional:
                self._unused_blocks.append(override.label("respond_with"))

    def take(
        self, operation_id: str, call: OperationCall | None = None
    ) -> tuple[Reply | None, list[tuple[str, str]]]:
        """The answer for a call of ``operation_id`` (one-shot answers first), and the misses.

        The oldest queued one-shot answer whose conditions ``call`` meets is used up; else the
        innermost ``respond_with`` block whose conditions it meets answers. When answers are
        registered but none matches, the second item lists each with the field that differed.
        """
        queued = self._once.get(operation_id) or deque()
        active = self._active.get(operation_id) or []
        for override in queued:
            if call is None or override.differs(call) is None:
                queued.remove(override)
                override.uses += 1
                return override.reply(), []
        for override in reversed(active):
            if call is None or override.differs(call) is None:
                override.uses += 1
                return override.reply(), []
        if call is None:
            return None, []
        candidates = [*queued, *reversed(active)]
        return None, [(o.label(), o.differs(call) or "nothing") for o in candidates]

    def answer(self, context: RequestContext) -> Reply | None:
        """The test's answer for this call of its operation (an unmatched one is a problem)."""
        operation_id = context.operation.operation_id
        if not self.registered(operation_id):
            return None
        try:
            body = context.json
        except FakeError:  # not JSON: only match_content and a predicate can look at it
            body = None
        call = OperationCall(
            operation_id=operation_id,
            method=context.method,
            path=context.path,
            path_params=dict(context.path_params),
            query=dict(context.query),
            headers=dict(context.headers),
            body=body,
            content=context.raw_body or b"",
        )
        reply, missed = self.take(operation_id, call)
        if reply is None and missed and not context.allow_unmatched_answers:
            context.record_problem(
                UnmatchedAnswerError.from_call(
                    "operation",
                    f"{context.method} {context.path} ({operation_id})",
                    missed,
                    answered="by the fake's own handler",
                )
            )
        return reply

    def registered(self, operation_id: str) -> bool:
        """Whether any answer (one-shot or in an active block) waits for ``operation_id``."""
        return bool(self._once.get(operation_id) or self._active.get(operation_id))

    def unused(self) -> list[str]:
        """Answers never used and not optional: one-shot ones not taken, blocks not reached."""
        queued = [o for queue in self._once.values() for o in queue if not o.optional]
        return [*self._unused_blocks, *(o.label("respond_once") for o in queued)]

    def clear(self) -> None:
        """Forget every one-shot answer and unused block (context-managed ones end themselves)."""
        self._once.clear()
        self._unused_blocks.clear()

    # -- checks ------------------------------------------------------------------------------

    def _operation(self, operation_id: str) -> Any:
        return self.contract.operation(
            operation_id,
            kind="operation id to answer",
            remedy="use the operationId as the contract spells it (e.g. getConnectedUser)",
            anchor=ANCHOR,
        )

    def _check(self, operation: Any, status: int, media: str, body: Any) -> None:
        documented = [str(key) for key in operation.definition.get("responses") or {}]
        if not {str(status), f"{str(status)[0]}XX", "default"} & set(documented):
            raise self._refused(operation, f"status {status} is not documented", documented)
        schema = response_schema(self.contract, operation, status, media)
        if schema is None or "json" not in media or "ndjson" in media:
            return
        errors = validators_of(self.contract).errors(schema, body)
        if errors:
            where, _schema_path, message, _value = errors[0]
            raise self._refused(operation, f"/{where}: {message}", documented, body)

    @staticmethod
    def _refused(
        operation: Any, problem: str, documented: list[str], body: Any = None
    ) -> ParagonUsageError:
        return ParagonUsageError(
            Report(
                what=f"this answer is not a response Paragon documents: {problem}",
                where=operation.label,
                expected=f"a body valid for one of the statuses {', '.join(documented)}",
                value=body,
                has_value=body is not None,
                remedy="draw it with pytest_paragon.strategies.responses(operation_id)",
                anchor=ANCHOR,
            )
        )


def _first_success(definition: Mapping[str, Any]) -> int:
    for key in definition.get("responses") or {}:
        if str(key).startswith("2"):
            return 200 if str(key) == "2XX" else int(key)
    return 200
