"""Clients benchmark: aiohttp and httpx2 answered by the fake, against their mocking libraries.

One process, interleaved rounds (the variant order rotates every round); each round times N
sequential ``GET /projects/{id}/sdk/me`` per variant, and the ratios pair the rounds:

- ``aiohttp, fake``: a ``ClientSession`` answered by the stateful fake through the interception
  (token verified, request checked, ``/sdk/me`` built from state), below aiohttp's own parser;
- ``aiohttp, aioresponses``: the same session with an aioresponses route answering the fake's
  bytes (``repeat=True``), which replaces ``ClientSession._request``;
- ``httpx2 async, fake`` / ``httpx2 sync, fake``: an httpx2 client answered by the fake;
- ``httpx2 async, httpx2-pytest`` / ``httpx2 sync, httpx2-pytest``: the same client with the
  ``httpx2_mock`` of httpx2-pytest, wired as its fixture wires it (its transports patched),
  answering the same bytes (a reusable response).

Every variant's answer is checked (200, the same JSON) before timing. Goals (issue 22): each fake
at most 1.0x its mocking library. aioresponses 0.7.9 does not run on aiohttp 3.14 (its
``ClientResponse`` lacks ``stream_writer``): the ``bench`` extra pins aiohttp below 3.14, and a
variant whose library is missing or broken is reported as skipped, with the reason. Not a test.
Run ``python -m benchmarks.bench_clients [--rounds R] [--requests N] [--json F]``.
"""

from __future__ import annotations

import asyncio
import gc
import statistics
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, ExitStack, contextmanager
from importlib.metadata import PackageNotFoundError, version
from time import perf_counter_ns
from typing import Any

from benchmarks._common import bootstrap_median, cli
from benchmarks._common import environment as environment_of
from pytest_paragon.fake.core import FakeParagon
from pytest_paragon.fake.entrances.interception import intercept
from pytest_paragon.fake.entrances.users import ZEUS, make_user

GOAL = 1.0
RATIOS = (
    ("aiohttp, fake", "aiohttp, aioresponses"),
    ("httpx2 async, fake", "httpx2 async, httpx2-pytest"),
    ("httpx2 sync, fake", "httpx2 sync, httpx2-pytest"),
)
Timed = Callable[[int], int]  # requests -> nanoseconds


def _version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


@contextmanager
def _httpx2_mock(headers: dict[str, str], body: bytes) -> Any:
    """httpx2-pytest's ``httpx2_mock``, patched in as its fixture does, one reusable response."""
    import httpx2
    from pytest_httpx2 import HTTPXMock
    from pytest_httpx2._options import _HTTPXMockOptions

    options = _HTTPXMockOptions(can_send_already_matched_responses=True)
    mock = HTTPXMock(options)
    mock.add_response(headers=headers, content=body, is_reusable=True)
    sync, asynchronous = httpx2.HTTPTransport, httpx2.AsyncHTTPTransport
    real_sync, real_async = sync.handle_request, asynchronous.handle_async_request

    def handle(transport: Any, request: Any) -> Any:
        return mock._handle_request(transport, request)

    async def handle_async(transport: Any, request: Any) -> Any:
        return await mock._handle_async_request(transport, request)

    sync.handle_request, asynchronous.handle_async_request = handle, handle_async  # type: ignore[method-assign,assignment]
    try:
        yield mock
    finally:
        sync.handle_request, asynchronous.handle_async_request = real_sync, real_async  # type: ignore[method-assign]


def build(
    loop: asyncio.AbstractEventLoop, closers: list[Callable[[], Any]]
) -> tuple[dict[str, tuple[Timed, Any]], dict[str, str]]:
    """Every variant that can run here: name -> (timer, mock factory); and the skipped ones.

    ``closers`` receives what closes the clients once the run is over.
    """
    fake = FakeParagon(validate_responses=False)
    user = make_user(fake, "user-1", meta={"Name": "Ada Lovelace"})
    fake.users.connect(user.id, "salesforce")
    url = f"{ZEUS}/projects/{fake.project.id}/sdk/me"
    interception = intercept(fake)
    with interception:
        import httpx

        probe = httpx.get(url, headers=user.headers)
    body = probe.content
    fake.journal.clear()
    headers = {"content-type": probe.headers["content-type"]}
    variants: dict[str, tuple[Timed, Any]] = {}
    skipped: dict[str, str] = {}

    try:
        import aiohttp
    except ImportError:
        skipped["aiohttp"] = "aiohttp is not installed"
    else:
        session = loop.run_until_complete(_session(aiohttp, user.headers))
        closers.append(lambda: loop.run_until_complete(session.close()))

        async def aiohttp_timed(requests: int) -> int:
            start = perf_counter_ns()
            for _ in range(requests):
                async with session.get(url) as response:
                    await response.read()
            return perf_counter_ns() - start

        def run_aiohttp(requests: int) -> int:
            return loop.run_until_complete(aiohttp_timed(requests))

        variants["aiohttp, fake"] = (run_aiohttp, lambda: intercept(fake))
        try:
            from aioresponses import aioresponses

            @contextmanager
            def aioresponses_mock() -> Iterator[Any]:
                with aioresponses() as mocked:  # routes are added once it has started
                    mocked.get(url, body=body, headers=headers, repeat=True)
                    yield mocked

            with aioresponses_mock():
                run_aiohttp(1)
            variants["aiohttp, aioresponses"] = (run_aiohttp, aioresponses_mock)
        except Exception as error:  # ImportError, or aioresponses broken on this aiohttp
            skipped["aiohttp, aioresponses"] = (
                f"aioresponses {_version('aioresponses')} on aiohttp {_version('aiohttp')}: "
                f"{type(error).__name__}: {error}"
            )
    try:
        import httpx2
    except ImportError:
        skipped["httpx2"] = "httpx2 is not installed"
    else:
        sync_client = httpx2.Client(headers=user.headers)
        async_client = httpx2.AsyncClient(headers=user.headers)
        closers.append(sync_client.close)
        closers.append(lambda: loop.run_until_complete(async_client.aclose()))

        def run_sync(requests: int) -> int:
            start = perf_counter_ns()
            for _ in range(requests):
                sync_client.get(url)
            return perf_counter_ns() - start

        async def async_timed(requests: int) -> int:
            start = perf_counter_ns()
            for _ in range(requests):
                await async_client.get(url)
            return perf_counter_ns() - start

        def run_async(requests: int) -> int:
            return loop.run_until_complete(async_timed(requests))

        variants["httpx2 sync, fake"] = (run_sync, lambda: intercept(fake))
        variants["httpx2 async, fake"] = (run_async, lambda: intercept(fake))
        try:
            import pytest_httpx2  # noqa: F401

            def mock() -> AbstractContextManager[Any]:
                return _httpx2_mock(headers, body)

            variants["httpx2 sync, httpx2-pytest"] = (run_sync, mock)
            variants["httpx2 async, httpx2-pytest"] = (run_async, mock)
        except ImportError:
            for flavour in ("sync", "async"):  # keyed by the pair's denominator, as the others
                skipped[f"httpx2 {flavour}, httpx2-pytest"] = (
                    "httpx2-pytest is not installed (the bench extra)"
                )
    _verify(variants, fake)
    return variants, skipped


async def _session(aiohttp: Any, headers: dict[str, str]) -> Any:
    return aiohttp.ClientSession(headers=headers)


def _verify(variants: dict[str, tuple[Timed, Any]], fake: FakeParagon) -> None:
    """Every fake variant reaches the fake (each mock answered in build, or was skipped)."""
    for name, (timed, mock) in variants.items():
        with mock():
            timed(1)
        if name.endswith("fake") and [e.status for e in fake.journal] != [200]:
            raise AssertionError(f"{name} did not get the fake's 200")
        fake.journal.clear()
    if fake._violations:
        raise AssertionError(f"the request broke the contract: {fake._violations}")


def measure(
    variants: dict[str, tuple[Timed, Any]], rounds: int, requests: int
) -> dict[str, list[float]]:
    """Microseconds per request, one figure per round, for every variant."""
    names = list(variants)
    samples: dict[str, list[float]] = {name: [] for name in names}
    for index in range(rounds):
        order = names[index % len(names) :] + names[: index % len(names)]
        gc.collect()
        for name in order:
            timed, mock = variants[name]
            with ExitStack() as stack:
                stack.enter_context(mock())
                elapsed = timed(requests)
            samples[name].append(elapsed / requests / 1000)
    return samples


def run(rounds: int, requests: int) -> dict[str, Any]:
    """Build, verify and measure every variant; the paired ratios against the goal."""
    loop = asyncio.new_event_loop()
    closers: list[Callable[[], Any]] = []
    try:
        variants, skipped = build(loop, closers)
        samples = measure(variants, rounds, requests)
    finally:
        for close in closers:
            close()
        loop.close()
    ratios = []
    for numerator, denominator in RATIOS:
        if numerator not in samples or denominator not in samples:
            continue
        paired = [a / b for a, b in zip(samples[numerator], samples[denominator], strict=True)]
        low, high = bootstrap_median(paired)
        ratios.append(
            {
                "ratio": f"{numerator} / {denominator}",
                "median": statistics.median(paired),
                "min": min(paired),
                "max": max(paired),
                "ci95": [low, high],
                "goal": GOAL,
            }
        )
    return {
        "rounds": rounds,
        "requests": requests,
        "variants": {name: {"median_us": statistics.median(v)} for name, v in samples.items()},
        "ratios": ratios,
        "skipped": skipped,
        "environment": environment_of(
            aiohttp=_version("aiohttp"),
            aioresponses=_version("aioresponses"),
            httpx2=_version("httpx2"),
            httpx2_pytest=_version("httpx2-pytest"),
        ),
    }


def table(results: dict[str, Any]) -> str:
    """The per-variant medians and the paired ratios, as markdown."""
    lines = ["| variant | µs per request (median) |", "|---|---|"]
    lines += [f"| {name} | {v['median_us']:.1f} |" for name, v in results["variants"].items()]
    lines += ["", "| ratio | median | 95% CI | min-max | goal |", "|---|---|---|---|---|"]
    lines += [
        f"| {r['ratio']} | {r['median']:.2f}x | {r['ci95'][0]:.2f}-{r['ci95'][1]:.2f} | "
        f"{r['min']:.2f}-{r['max']:.2f} | <= {r['goal']}x |"
        for r in results["ratios"]
    ]
    lines += [f"\nskipped: {name}: {why}" for name, why in results["skipped"].items()]
    return "\n".join(lines)


def headline(results: dict[str, Any]) -> str:
    """One line: the rounds and requests."""
    return (
        f"clients: {results['rounds']} rounds x {results['requests']} requests per variant "
        f"({results['environment']['python']})"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m benchmarks.bench_clients``."""
    return cli(
        argv,
        prog="python -m benchmarks.bench_clients",
        description=__doc__,
        run=run,
        table=table,
        headline=headline,
    )


if __name__ == "__main__":
    sys.exit(main())
