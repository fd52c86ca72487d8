""":class:`CassetteSession`: the answering layer in front of the fake that records and replays.

It implements the fake's ``Answers`` protocol, so the interception of httpx (sync, async,
streamed bodies) and ``requests`` hands it every request for a Paragon host, cloud or on-prem.
The cassette answers what it holds; what it does not hold is recorded from the network (record
modes), or goes to the fake, or fails (``on_miss``). Record modes:

- ``none`` (the default): replay only; no request reaches the network.
- ``once``: record everything when the cassette file does not exist yet, else as ``none``.
- ``new_episodes``: replay what matches, record what does not.
- ``all``: every request goes to the network and is recorded, appended to the cassette.
- ``rewrite``: every request goes to the network; the cassette holds only this run's exchanges.

Recorded exchanges are checked against the contract before redaction, replayed ones as they are
stored (``contract_check``: ``fail``, ``warn`` or ``off``), then redacted and written atomically
when the session is saved.
"""

from __future__ import annotations

import warnings
from collections.abc import Awaitable, Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from pytest_paragon.cassettes import RECORD_MODES, store
from pytest_paragon.cassettes.check import operation_of, violation_error, violations
from pytest_paragon.cassettes.format import (
    decode_body,
    interaction_document,
    query_document,
    request_document,
)
from pytest_paragon.cassettes.match import ORDERS, Key, Player, key_of, with_query
from pytest_paragon.cassettes.prepared import prepared
from pytest_paragon.cassettes.redact import Redactor
from pytest_paragon.cassettes.redact import fill as fill_placeholders
from pytest_paragon.contract.document import Contract
from pytest_paragon.errors import (
    ParagonError,
    ParagonFailure,
    ParagonUsageError,
    ParagonWarning,
    Report,
)
from pytest_paragon.fake.base.exchange import Answers, FakeRequest, FakeResponse
from pytest_paragon.settings import BY_NAME

if TYPE_CHECKING:
    from pytest_paragon.resolution import ParagonSettings

MISS_ACTIONS = BY_NAME["cassette_miss"].choices
CONTRACT_CHECKS = BY_NAME["cassette_contract"].choices
Forward = Callable[[FakeRequest], FakeResponse]
ForwardAsync = Callable[[FakeRequest], Awaitable[FakeResponse]]


class CassetteMissError(ParagonFailure):
    """A request no interaction of the cassette answers (and neither the network nor the fake)."""


class UnusedInteractionsError(ParagonFailure):
    """Interactions of the cassette that no request replayed (strict mode)."""


class CassetteWarning(ParagonWarning):
    """A cassette problem that does not fail the test: unused interactions, a warned violation."""


def _choice(kind: str, value: str, valid: Sequence[str], option: str) -> str:
    if value not in valid:
        raise ParagonUsageError.from_unknown(
            kind,
            value,
            valid,
            remedy=f"set {option} to one of {', '.join(valid)}",
            anchor="recording-real-traffic",
        )
    return value


class CassetteSession:
    """Record and replay one cassette file (see the module docs); ``handle`` answers requests."""

    def __init__(
        self,
        path: str | Path,
        *,
        mode: str = "none",
        contract: Contract | None = None,
        fallback: Answers | None = None,
        on_miss: str = "fail",
        forward: Forward | None = None,
        redactor: Redactor | None = None,
        order: str = "sequence",
        strict: bool = False,
        contract_check: str = "fail",
        shared: bool = False,
        fill: Mapping[str, str] | None = None,
        folder: str | Path | None = None,
    ) -> None:
        """Open the cassette at ``path`` in record ``mode``; a bad choice is one usage error.

        ``fallback``: what answers a miss when ``on_miss="fake"`` (the fake); ``forward``: how a
        request reaches the network in the record modes; ``shared``: other processes may write
        the same file (it is merged under the lock when saved); ``fill``: placeholder labels
        put back from environment variables in replayed responses (``{"slack-3": "SLACK_TOKEN"}``);
        ``folder``: the cassette folder a recording must be written in (symlinks resolved).
        """
        self.path = Path(path)
        self.mode = _choice("record mode", mode, RECORD_MODES, "--paragon-record-mode")
        self.on_miss = _choice("cassette miss action", on_miss, MISS_ACTIONS, "cassette_miss")
        self.order = _choice("cassette order", order, ORDERS, "cassette_order")
        self.contract_check = _choice(
            "cassette contract check", contract_check, CONTRACT_CHECKS, "cassette_contract"
        )
        self.contract = contract
        self.fallback = fallback
        self.forward = forward
        self.forward_async: ForwardAsync | None = None
        """How an async client's recorded request is awaited (set by ``forwarding``)."""
        self.redactor = redactor or Redactor()
        self.strict = strict
        self.shared = shared
        self.fill = dict(fill or {})
        self.folder = Path(folder) if folder is not None else None
        self.problems: list[ParagonError] = []
        self.new: list[dict[str, Any]] = []
        loaded, text = store.read_with_text(self.path, redactor=self.redactor)
        self.existed = loaded is not None
        self.base: list[dict[str, Any]] = loaded or []
        self.redactor.reserve(self.base)  # new placeholders are numbered after the file's
        self.replaying = self.mode in ("none", "new_episodes") or (
            self.mode == "once" and self.existed
        )
        self.recording = self.mode in ("new_episodes", "all", "rewrite") or (
            self.mode == "once" and not self.existed
        )
        played = self.base if self.replaying else []
        # what replaying the file works out (verdicts, bodies), shared with its other replays
        self._prepared = prepared(text if self.replaying else None, contract)
        self._from_file = len(played)
        """Interactions below this index are the file's (what ``_prepared`` holds results of)."""
        self.interactions: list[dict[str, Any]] = list(played)
        self.player = Player([key_of(i["request"], self._template) for i in played], self.order)
        self.checked: set[int] = set()
        self._responses: dict[int, FakeResponse] = {}
        self._keys: dict[tuple[Any, ...], tuple[Key, dict[str, Any]]] = {}
        """Each request's key and redacted document without its query (see :meth:`key`)."""

    @classmethod
    def from_settings(
        cls,
        settings: ParagonSettings,
        path: str | Path,
        *,
        contract: Contract | None = None,
        fallback: Answers | None = None,
        shared: bool = False,
        folder: Path | None = None,
    ) -> CassetteSession:
        """The session ``settings`` describe (record mode, miss, order, checks, redaction).

        ``folder``: where the cassette may be written (a path outside it is refused unless
        ``cassette_write_outside``).
        """
        from pytest_paragon.cassettes.redact import parse_fill

        patterns = (settings.cassette_redact_patterns or "").replace(" || ", "\n").splitlines()
        redactor = Redactor(
            headers=(settings.cassette_redact_headers or "").split(","),
            json_paths=(settings.cassette_redact_json or "").split(","),
            patterns=[pattern for pattern in patterns if pattern.strip()],
            allow=(settings.cassette_redact_allow or "").replace(" || ", "\n").splitlines(),
        )
        return cls(
            path,
            mode=settings.record_mode,
            contract=contract,
            fallback=fallback,
            on_miss=settings.cassette_miss,
            redactor=redactor,
            order=settings.cassette_order,
            strict=settings.cassette_strict,
            contract_check=settings.cassette_contract,
            shared=shared,
            fill=parse_fill(settings.cassette_redact_fill or ""),
            folder=None if settings.cassette_write_outside else folder,
        )

    # -- answering ---------------------------------------------------------------------------

    def _template(self, method: str, path: str) -> str | None:
        if self.contract is None:
            return None
        found = self.contract.match(method, path)
        return found[0].path_template if found else None

    @staticmethod
    def _url(request: FakeRequest) -> str:
        return f"{request.scheme}://{request.host}{request.path}"

    def _document(self, request: FakeRequest, response: FakeResponse | None) -> dict[str, Any]:
        return interaction_document(
            method=request.method,
            url=self._url(request),
            query=request.query,
            request_headers=request.headers,
            request_body=request.body,
            status=response.status if response else 200,
            response_headers=response.headers if response else {},
            response_body=response.body if response else b"",
            operation=None,
        )

    def key(self, request: FakeRequest) -> Key:
        """The match key of a live request (redacted first, like the recorded ones).

        A test's requests mostly differ in their query only: the rest (method, URL, headers,
        body) is redacted and keyed once per session, and a request that repeats it redacts
        its query alone (what the whole request's redaction would give: the query's redaction
        depends on nothing else, and the rest met again takes no new placeholder).
        """
        url = self._url(request)
        rest = (request.method, url, tuple(request.headers.items()), request.body)
        known = self._keys.get(rest)
        if known is not None:
            query = query_document(request.query) if request.query else {}
            redacted = self.redactor.json(query, "request.query", placement="query")
            return with_query(known[0], known[1], redacted)
        document = request_document(
            method=request.method,
            url=url,
            query=request.query,
            headers=request.headers,
            body=request.body,
        )  # the request alone: a key never looks at a response
        redacted = self.redactor.redact({"request": document})["request"]
        key = key_of(redacted, self._template)
        if len(self._keys) < 256:  # bounded: a recording of many distinct requests
            self._keys[rest] = (key, {k: v for k, v in redacted.items() if k != "query"})
        return key

    def handle(self, request: FakeRequest) -> FakeResponse:
        """Answer ``request`` from the cassette, the network (recording), the fake, or fail."""
        key = self.key(request)
        if self.replaying:
            index = self.player.play(key)
            if index is not None:
                return self._replayed(index)
        if self.recording:
            return self._record(request)
        if self.on_miss == "fake" and self.fallback is not None:
            return self.fallback.handle(request)
        raise self._miss(request, key)

    def _replayed(self, index: int) -> FakeResponse:
        answer = self._responses.get(index)
        if answer is not None:  # order "any": the same interaction again
            return answer
        interaction = self.interactions[index]
        if index not in self.checked:
            self.checked.add(index)
            self._check(interaction, index, replayed=index < self._from_file)
        shared = index < self._from_file and not self.fill
        stored = self._prepared.responses.get(index) if shared else None
        if stored is None:
            response = interaction["response"]
            if self.fill:
                response = fill_placeholders(response, self.fill)
            headers = dict(response.get("headers") or {})
            if "json" in response and "content-type" not in headers:
                headers["content-type"] = "application/json"
            stored = (int(response["status"]), headers, decode_body(response))
            if shared:
                self._prepared.responses[index] = stored
        answer = FakeResponse(stored[0], dict(stored[1]), stored[2])
        self._responses[index] = answer
        return answer

    async def handle_async(self, request: FakeRequest) -> FakeResponse:
        """:meth:`handle` for an async client: a recorded request is awaited, never blocking."""
        if not self.recording or self.forward_async is None:
            return self.handle(request)
        key = self.key(request)
        if self.replaying:
            index = self.player.play(key)
            if index is not None:
                return self._replayed(index)
        try:
            response = await self.forward_async(request)
        except ParagonError as error:
            self.problems.append(error)
            raise
        return self._store(request, response)

    def _record(self, request: FakeRequest) -> FakeResponse:
        if self.forward is None:
            raise ParagonUsageError(
                f"Record mode {self.mode!r} needs a way to reach the network; this "
                "CassetteSession was made without forward="
            )
        try:
            response = self.forward(request)
        except ParagonError as error:  # reached nothing: the test fails even if it is caught
            self.problems.append(error)
            raise
        return self._store(request, response)

    def _store(self, request: FakeRequest, response: FakeResponse) -> FakeResponse:
        raw = self._document(request, response)
        operation = operation_of(self.contract, raw) if self.contract is not None else None
        if operation:
            raw = {"operation": operation, **raw}
        index = len(self.interactions)
        redacted = self.redactor.redact(raw)  # first: the check's messages scrub what it took
        self._check(raw, index, scrub=self.redactor.scrub)
        self.checked.add(index)
        self.interactions.append(redacted)
        self.new.append(redacted)
        self.player.add(key_of(redacted["request"], self._template))
        return response

    def _check(
        self,
        interaction: dict[str, Any],
        index: int,
        scrub: Callable[[str], str] | None = None,
        *,
        replayed: bool = False,
    ) -> None:
        """Check ``interaction`` against the contract (a replayed one's verdict is shared)."""
        if self.contract is None or self.contract_check == "off":
            return
        found = self._prepared.verdicts.get(index) if replayed else None
        if found is None:
            found = violations(self.contract, interaction)
            if replayed:
                self._prepared.verdicts[index] = found
        for violation in found:
            error = violation_error(self.path, index, violation, scrub)
            if self.contract_check == "fail":
                self.problems.append(error)
            else:
                warnings.warn(str(error), CassetteWarning, stacklevel=2)

    def _miss(self, request: FakeRequest, key: Key) -> CassetteMissError:
        exhausted = self.player.exhausted(key)
        path = self.redactor.scrub(request.path)  # a miss quotes the path: never a secret in it
        if exhausted:
            what = (
                f"All {exhausted} recorded interaction(s) matching {request.method} "
                f"{request.host}{path} were already replayed"
            )
        else:
            what = f"No interaction of the cassette matches {request.method} {request.host}{path}"
        nearest = self.player.nearest(key) if self.replaying else []
        error = CassetteMissError(
            Report(
                what=what,
                where=f"cassette {self.path} (record mode {self.mode})",
                candidates=tuple(nearest)
                or ("the cassette holds no interaction" if self.replaying else "not replaying"),
                remedy="record it (--paragon-record-mode=new_episodes, or rewrite), let the "
                "fake answer misses (cassette_miss=fake), or order='any' for repeats",
                anchor="recording-real-traffic",
            )
        )
        self.problems.append(error)
        return error

    # -- the end -----------------------------------------------------------------------------

    def unused(self) -> list[int]:
        """Indexes of replayable interactions no request used."""
        return self.player.unused() if self.replaying else []

    def finish(self) -> list[ParagonError]:
        """The session's problems, unused interactions included (an error in strict mode)."""
        unused = self.unused()
        found = list(self.problems)
        if unused:
            listed = [
                f"interaction #{index} {self.interactions[index]['request']['method']} "
                f"{urlsplit(self.interactions[index]['request']['url']).path}"
                for index in unused[:10]
            ]
            report = Report(
                what=f"{len(unused)} interaction(s) of the cassette were never replayed",
                where=f"cassette {self.path} (record mode {self.mode})",
                value=listed,
                has_value=True,
                remedy="re-record the cassette (--paragon-record-mode=rewrite) or remove them",
                anchor="recording-real-traffic",
            )
            if self.strict:
                found.append(UnusedInteractionsError(report))
            else:
                warnings.warn(report.render(), CassetteWarning, stacklevel=2)
        return found

    def save(self) -> bool:
        """Write what was recorded (atomically, under the folder's lock); whether it wrote."""
        if not self.new and not (self.mode == "rewrite" and self.existed):
            return False
        if self.folder is not None:
            store.check_inside(self.path, self.folder)
        with store.locked(self.path.parent):
            if self.mode == "rewrite":
                interactions: list[Any] = self.new
            elif self.shared:
                on_disk = store.read(self.path, redactor=self.redactor) or []
                interactions = store.merged(self.base, on_disk, self.new)
            else:
                interactions = [*self.base, *self.new]
            store.write(self.path, interactions)
        return True
