"""In-process benchmark: ``GET /projects/{id}/sdk/me`` through the fake against canned answers.

One process, interleaved rounds: ``for round in rounds: for variant in variants: time N requests``
(the variant order rotates every round), so that drift of the machine (frequency, caches, other
load) touches every variant alike. Variants, each with a sync ``httpx.Client`` and an async
``httpx.AsyncClient``:

- ``fake (respx)``: the stateful fake behind the ``paragon_fake`` fixture's interception (httpx's
  transports patched for Paragon's hosts, respx's router started for the others; token verified,
  request checked against the contract, ``/sdk/me`` built from state). The name is kept so that
  figures compare with earlier runs;
- ``fake (transport)``: the same fake through its explicit ``ParagonTransport``;
- ``respx canned``: a respx route answering the fake's bytes and headers, encoded once;
- ``respx side_effect``: a route on the Paragon hosts, as the fake's, whose side effect returns
  the same canned bytes: the floor of any fake behind respx interception;
- ``MockTransport``: a bare ``httpx.MockTransport`` answering the same bytes and headers.

Every variant's answer is checked (status 200, same JSON) before timing. The figures are medians
of per-round means in microseconds per request; the ratios pair the variants round by round and
give the median, min, max and a 95% bootstrap interval of the median. Not a test: it never fails
on timings. Run ``python -m benchmarks.bench_inprocess [--rounds R] [--requests N] [--json F]``.
"""

from __future__ import annotations

import asyncio
import gc
import statistics
import sys
from collections.abc import Awaitable, Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from time import perf_counter_ns
from typing import Any

import httpx
import respx

from benchmarks._common import GoalRow, bootstrap_median, cli
from benchmarks._common import environment as environment_of
from pytest_paragon.fake.core import FakeParagon
from pytest_paragon.fake.entrances.interception import intercept
from pytest_paragon.fake.entrances.transport import (
    CLOUD_HOSTS,
    AsyncParagonTransport,
    ParagonTransport,
)
from pytest_paragon.fake.entrances.users import ZEUS, make_user

GOAL = 1.25
"""The goal of issue 3: the fake within 1.25x of the respx canned route."""
SOURCES = ("fake (respx)", "fake (transport)", "respx canned", "respx side_effect", "MockTransport")
MODES = ("sync", "async")
RATIOS = (
    ("fake (respx)", "respx canned"),
    ("respx side_effect", "respx canned"),
    ("fake (respx)", "respx side_effect"),
    ("fake (transport)", "respx canned"),
    ("fake (transport)", "MockTransport"),
)
"""(numerator, denominator) pairs reported per mode; the first one is the goal's."""
TRANSPORT_GOAL = 1.2
"""The goal of issue 23: the fake's explicit transport within 1.2x of a bare MockTransport."""
GOALS = {RATIOS[0]: GOAL, ("fake (transport)", "MockTransport"): TRANSPORT_GOAL}
"""The ratios with a goal, and the goal (the paired median must be at most it)."""


Mock = Callable[[], AbstractContextManager[Any]]  # entered around the timed requests


@dataclass
class Variant:
    """One way of answering the request: a client, and the mock active while it is timed."""

    source: str
    mode: str
    client: httpx.Client | httpx.AsyncClient
    mock: Mock

    @property
    def name(self) -> str:
        """``source, mode``."""
        return f"{self.source}, {self.mode}"


@dataclass
class Setup:
    """The fake with its user, the URL and every variant."""

    fake: FakeParagon
    url: str
    expected: Any
    variants: list[Variant]


def build() -> Setup:
    """A fake with a user that has a connected salesforce credential, and the ten variants."""
    fake = FakeParagon(validate_responses=False)
    user = make_user(fake, "user-1", meta={"Name": "Ada Lovelace", "Email": "ada@example.com"})
    fake.users.connect(user.id, "salesforce")
    url = f"{ZEUS}/projects/{fake.project.id}/sdk/me"
    with httpx.Client(headers=user.headers, transport=ParagonTransport(fake)) as probe:
        answer = probe.get(url)
    answer.raise_for_status()
    headers, body = dict(answer.headers), answer.content
    fake.journal.clear()

    def canned(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers=headers, content=body)

    fake_router = intercept(fake)
    canned_router = respx.MockRouter(assert_all_called=False, assert_all_mocked=True)
    canned_router.get(url).respond(200, headers=headers, content=body)
    effect_router = respx.MockRouter(assert_all_called=False, assert_all_mocked=True)
    effect_router.route(host__in=list(CLOUD_HOSTS)).mock(side_effect=canned)
    plans: dict[str, tuple[Any, Any, Mock]] = {  # sync transport, async transport, mock
        "fake (respx)": (None, None, lambda: fake_router),
        "fake (transport)": (ParagonTransport(fake), AsyncParagonTransport(fake), nullcontext),
        "respx canned": (None, None, lambda: canned_router),
        "respx side_effect": (None, None, lambda: effect_router),
        "MockTransport": (httpx.MockTransport(canned), httpx.MockTransport(canned), nullcontext),
    }
    variants = [
        Variant(source, mode, client_class(headers=user.headers, transport=transport), mock)
        for source, (sync, asynchronous, mock) in plans.items()
        for mode, client_class, transport in (
            ("sync", httpx.Client, sync),
            ("async", httpx.AsyncClient, asynchronous),
        )
    ]
    return Setup(fake, url, answer.json(), variants)


def verify(setup: Setup, loop: asyncio.AbstractEventLoop) -> None:
    """Warm every variant up with one request, and prove they all answer the fake's JSON."""
    for variant in setup.variants:
        with variant.mock():
            client = variant.client
            if isinstance(client, httpx.Client):
                response = client.get(setup.url)
            else:
                response = loop.run_until_complete(client.get(setup.url))
        if response.status_code != 200 or response.json() != setup.expected:
            raise AssertionError(f"{variant.name} answered {response.status_code}, not the fake")
    if setup.fake._violations:
        raise AssertionError(f"the request broke the contract: {setup.fake._violations}")


def close(setup: Setup, loop: asyncio.AbstractEventLoop) -> None:
    """Close every client (the async ones on ``loop``)."""
    for variant in setup.variants:
        client = variant.client
        if isinstance(client, httpx.Client):
            client.close()
        else:
            loop.run_until_complete(client.aclose())


def time_sync(client: httpx.Client, url: str, requests: int) -> int:
    """Nanoseconds for ``requests`` sequential GETs of ``url``."""
    get = client.get
    start = perf_counter_ns()
    for _ in range(requests):
        get(url)
    return perf_counter_ns() - start


async def time_async(client: httpx.AsyncClient, url: str, requests: int) -> int:
    """Nanoseconds for ``requests`` sequential awaited GETs of ``url``."""
    get = client.get
    start = perf_counter_ns()
    for _ in range(requests):
        await get(url)
    return perf_counter_ns() - start


def measure(
    setup: Setup, rounds: int, requests: int, loop: asyncio.AbstractEventLoop
) -> dict[str, list[float]]:
    """Microseconds per request, one figure per round, for every variant (by name)."""
    samples: dict[str, list[float]] = {variant.name: [] for variant in setup.variants}
    count = len(setup.variants)
    for index in range(rounds):
        order = setup.variants[index % count :] + setup.variants[: index % count]
        gc.collect()  # each round starts from a clean heap; gc stays on, as in a test run
        for variant in order:
            setup.fake.journal.clear()
            with variant.mock():
                client = variant.client
                if isinstance(client, httpx.Client):
                    elapsed = time_sync(client, setup.url, requests)
                else:
                    timed: Awaitable[int] = time_async(client, setup.url, requests)
                    elapsed = loop.run_until_complete(timed)
            samples[variant.name].append(elapsed / requests / 1000)
    return samples


def summarise(samples: dict[str, list[float]]) -> dict[str, Any]:
    """Per-variant medians and minima, and the paired per-round ratios with their spread."""
    variants = {
        name: {"median_us": statistics.median(values), "min_us": min(values), "rounds_us": values}
        for name, values in samples.items()
    }
    ratios = []
    for mode in MODES:
        for numerator, denominator in RATIOS:
            top, bottom = samples[f"{numerator}, {mode}"], samples[f"{denominator}, {mode}"]
            paired = [a / b for a, b in zip(top, bottom, strict=True)]
            low, high = bootstrap_median(paired)
            ratios.append(
                {
                    "ratio": f"{numerator} / {denominator}",
                    "mode": mode,
                    "median": statistics.median(paired),
                    "min": min(paired),
                    "max": max(paired),
                    "ci95": [low, high],
                    "goal": GOALS.get((numerator, denominator)),
                }
            )
    return {"variants": variants, "ratios": ratios}


def table(summary: dict[str, Any]) -> str:
    """The summary as two markdown tables: cost per request, then the paired ratios."""
    variants = summary["variants"]
    lines = [
        "| variant | mode | median µs/request | min µs/request | x respx canned (medians) |",
        "|---|---|---:|---:|---:|",
    ]
    for mode in MODES:
        base = variants[f"respx canned, {mode}"]["median_us"]
        for source in SOURCES:
            entry = variants[f"{source}, {mode}"]
            lines.append(
                f"| {source} | {mode} | {entry['median_us']:.1f} | {entry['min_us']:.1f} "
                f"| {entry['median_us'] / base:.2f} |"
            )
    lines += [
        "",
        "| paired ratio | mode | median | min | max | 95% bootstrap CI | goal |",
        "|---|---|---:|---:|---:|---|---|",
    ]
    for ratio in summary["ratios"]:
        goal = ratio["goal"]
        verdict = (
            "" if goal is None else f"≤ {goal} {'met' if ratio['median'] <= goal else 'MISSED'}"
        )
        low, high = ratio["ci95"]
        lines.append(
            f"| {ratio['ratio']} | {ratio['mode']} | {ratio['median']:.2f} | {ratio['min']:.2f} "
            f"| {ratio['max']:.2f} | [{low:.2f}, {high:.2f}] | {verdict} |"
        )
    return "\n".join(lines)


def _median(results: dict[str, Any], ratio: str, mode: str) -> float:
    return float(
        next(
            entry["median"]
            for entry in results["ratios"]
            if entry["ratio"] == ratio and entry["mode"] == mode
        )
    )


def goal_rows(results: dict[str, Any]) -> list[GoalRow]:
    """The goals table's rows of this benchmark (met computed from the paired medians).

    The fixture path and the explicit transport against a canned respx route (issue 11), and the
    explicit transport against a bare ``httpx.MockTransport`` answering the same bytes, the floor
    of any in-process answer (issue 23).
    """
    rows = []
    for ratio, path, goal in (
        ("fake (respx) / respx canned", "paragon_fake fixture path vs respx canned", 1.0),
        ("fake (transport) / respx canned", "explicit transport vs respx canned", 0.9),
        (
            "fake (transport) / MockTransport",
            "explicit transport vs a bare httpx.MockTransport (same body)",
            TRANSPORT_GOAL,
        ),
    ):
        sync, asynchronous = (_median(results, ratio, mode) for mode in MODES)
        rows.append(
            GoalRow(
                f"{path}, sync / async",
                f"{sync:.2f}x / {asynchronous:.2f}x",
                f"<= {goal}x",
                max(sync, asynchronous) <= goal,
            )
        )
    return rows


def run(rounds: int, requests: int) -> dict[str, Any]:
    """Build and verify the variants, measure them, close the clients, and summarise."""
    loop = asyncio.new_event_loop()
    try:
        setup = build()
        try:
            verify(setup, loop)
            samples = measure(setup, rounds, requests, loop)
        finally:
            close(setup, loop)
    finally:
        loop.close()
    environment = environment_of(httpx=httpx.__version__, respx=respx.__version__)
    return {"rounds": rounds, "requests": requests, "environment": environment} | summarise(samples)


def headline(results: dict[str, Any]) -> str:
    """The first line of the report."""
    env = results["environment"]
    return (
        f"GET /projects/{{id}}/sdk/me, {results['rounds']} rounds x {results['requests']} "
        f"requests; {env['implementation']} {env['python']}, httpx {env['httpx']}, "
        f"respx {env['respx']}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: run, print the markdown tables, optionally write the results as JSON."""
    return cli(
        argv,
        prog="python -m benchmarks.bench_inprocess",
        description=(__doc__ or "").split("\n")[0],
        run=run,
        table=table,
        headline=headline,
    )


if __name__ == "__main__":
    sys.exit(main())
