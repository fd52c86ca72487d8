"""Loopback benchmark: ``GET /projects/{id}/sdk/me`` from the fake's server against a minimal app.

Server mode puts the fake behind uvicorn on 127.0.0.1 (``ServerThread`` + ``ParagonApp``). This
measures what that costs per request compared with the cheapest possible server on the same
stack: a minimal ASGI app answering the very same bytes and headers (captured from the fake),
served the same way (``ServerThread``: a background thread, the same uvicorn configuration), and
as a cross-check the same minimal app under stock ``uvicorn.Config`` defaults. One keep-alive
``httpx.Client`` (sync) talks to all of them.

Interleaved rounds: ``for round in rounds: for variant in variants: time N requests`` (the order
rotates every round), so that drift of the machine touches every variant alike. Every answer is
checked (status 200, the same JSON) before timing. Figures are medians of per-round means in
microseconds per request; the ratio pairs the variants round by round (median, min, max, 95%
bootstrap interval of the median); both wall-clock and process CPU time are reported (the CPU
figure depends less on other load on the machine). A breakdown shows where the fake's extra time
goes: ``FakeParagon.handle`` timed in a tight loop and in situ on the server thread during the
timed rounds, and the ASGI adapter around it. Not a test: it never fails on timings.
Run ``python -m benchmarks.bench_server [--rounds R] [--requests N] [--json F]``.
"""

from __future__ import annotations

import asyncio
import gc
import statistics
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from time import perf_counter_ns, process_time_ns
from typing import Any

import httpx
import uvicorn

from benchmarks._common import bootstrap_median, cli
from benchmarks._common import environment as environment_of
from pytest_paragon.fake.core import FakeParagon, FakeRequest, FakeResponse
from pytest_paragon.fake.entrances.server import ParagonApp, ServerThread, free_port
from pytest_paragon.fake.entrances.users import make_user

GOAL = 1.3
"""The goal of issue 4: the fake's server within 1.3x of the minimal app."""
FAKE, MINIMAL, STOCK = "fake (ParagonApp)", "minimal app", "minimal app, stock uvicorn"
VARIANTS = (FAKE, MINIMAL, STOCK)
RATIOS = ((FAKE, MINIMAL), (FAKE, STOCK), (MINIMAL, STOCK))
"""(numerator, denominator) pairs; the first one is the goal's."""
METRICS = ("wall", "cpu")
"""Wall-clock time per request (the goal's measure), and process CPU time per request."""


class MinimalApp:
    """An ASGI app that answers every request with one fixed response (bytes and headers)."""

    def __init__(self, status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
        self.start = {"type": "http.response.start", "status": status, "headers": headers}
        self.body = {"type": "http.response.body", "body": body}

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        while (await receive()).get("more_body"):
            pass
        await send(self.start)
        await send(self.body)


class StockServer:
    """The minimal app under ``uvicorn.Config`` defaults (uvicorn binds the socket itself)."""

    def __init__(self, app: Any) -> None:
        self.port = free_port()
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> StockServer:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the stock uvicorn server did not start")
            time.sleep(0.005)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@dataclass
class Setup:
    """The fake with its user, the servers, the request path and the expected answer."""

    fake: FakeParagon
    headers: dict[str, str]
    path: str
    expected: Any
    urls: dict[str, str]
    stop: list[Callable[[], None]]
    in_situ: list[int] = field(default_factory=lambda: [0, 0])
    """Nanoseconds spent in ``FakeParagon.handle`` on the server thread, and the call count."""

    def time_handle(self) -> None:
        """Count the time the server thread spends in the fake's ``handle`` (two clock reads)."""
        handle, totals = self.fake.handle, self.in_situ

        def timed(request: FakeRequest) -> FakeResponse:
            start = perf_counter_ns()
            try:
                return handle(request)
            finally:
                totals[0] += perf_counter_ns() - start
                totals[1] += 1

        setattr(self.fake, "handle", timed)  # noqa: B010 - an instance attribute over the method


def build() -> Setup:
    """The fake (a user with salesforce connected) and its server, and the two minimal servers."""
    fake = FakeParagon(validate_responses=False)
    user = make_user(fake, "user-1", meta={"Name": "Ada Lovelace", "Email": "ada@example.com"})
    fake.users.connect(user.id, "salesforce")
    path = f"/projects/{fake.project.id}/sdk/me"
    servers: dict[str, Any] = {FAKE: ServerThread(ParagonApp(fake)).start()}
    try:
        with httpx.Client(headers=user.headers) as probe:
            answer = probe.get(servers[FAKE].url + path)
        answer.raise_for_status()
        fake.journal.clear()
        kept = [  # the fake's own headers; uvicorn adds date and server to both
            (key.encode(), value.encode())
            for key, value in answer.headers.items()
            if key not in ("date", "server")
        ]
        minimal = MinimalApp(answer.status_code, kept, answer.content)
        servers[MINIMAL] = ServerThread(minimal).start()
        servers[STOCK] = StockServer(minimal).start()
    except BaseException:
        for server in servers.values():
            server.stop()
        raise
    return Setup(
        fake=fake,
        headers=user.headers,
        path=path,
        expected=answer.json(),
        urls={name: server.url + path for name, server in servers.items()},
        stop=[server.stop for server in servers.values()],
    )


def verify(setup: Setup, client: httpx.Client) -> None:
    """Warm every variant up, and prove they all answer the fake's JSON."""
    for name, url in setup.urls.items():
        for _ in range(20):
            response = client.get(url)
        if response.status_code != 200 or response.json() != setup.expected:
            raise AssertionError(f"{name} answered {response.status_code}, not the fake's JSON")
    if setup.fake._violations:
        raise AssertionError(f"the request broke the contract: {setup.fake._violations}")


def time_requests(client: httpx.Client, url: str, requests: int) -> tuple[int, int]:
    """Wall and process CPU nanoseconds for ``requests`` sequential GETs of ``url``.

    The process runs both ends (client and server threads), so its CPU time is the whole cost of
    an exchange but the kernel's loopback work, and depends little on other load on the machine.
    """
    get = client.get
    wall, cpu = perf_counter_ns(), process_time_ns()
    for _ in range(requests):
        get(url)
    return perf_counter_ns() - wall, process_time_ns() - cpu


def measure(
    setup: Setup, client: httpx.Client, rounds: int, requests: int
) -> dict[str, dict[str, list[float]]]:
    """Microseconds per request by metric (wall, CPU), one figure per round, for every variant."""
    samples: dict[str, dict[str, list[float]]] = {
        metric: {name: [] for name in VARIANTS} for metric in METRICS
    }
    setup.in_situ[:] = [0, 0]
    for index in range(rounds):
        order = VARIANTS[index % len(VARIANTS) :] + VARIANTS[: index % len(VARIANTS)]
        gc.collect()
        for name in order:
            setup.fake.journal.clear()
            wall, cpu = time_requests(client, setup.urls[name], requests)
            samples["wall"][name].append(wall / requests / 1000)
            samples["cpu"][name].append(cpu / requests / 1000)
    return samples


class _Canned:
    """Stands in for the fake behind ``ParagonApp``: one ready response, so the adapter is timed."""

    def __init__(self, response: FakeResponse) -> None:
        self.response = response
        self._violations: list[Any] = []
        self._failures: list[Any] = []

    def handle(self, request: FakeRequest) -> FakeResponse:
        return self.response


def breakdown(setup: Setup, calls: int = 1000, repeats: int = 7) -> dict[str, float]:
    """In process, µs per call (best of ``repeats``): ``FakeParagon.handle``, and the ASGI
    adapter (``ParagonApp`` around a stand-in that returns the fake's response at once)."""
    fake = FakeParagon(validate_responses=False)  # like setup.fake, without the timing wrapper
    user = make_user(fake, "user-1", meta={"Name": "Ada Lovelace", "Email": "ada@example.com"})
    fake.users.connect(user.id, "salesforce")
    headers = {key.lower(): value for key, value in user.headers.items()}
    headers |= {"host": "127.0.0.1", "accept": "*/*", "user-agent": "python-httpx"}
    request = FakeRequest("GET", "127.0.0.1", setup.path, (), headers, b"", "http")
    scope = {
        "type": "http",
        "method": "GET",
        "path": setup.path,
        "query_string": b"",
        "scheme": "http",
        "headers": [(key.encode(), value.encode()) for key, value in headers.items()],
    }
    app = ParagonApp(_Canned(fake.handle(request)))  # type: ignore[arg-type]

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Any) -> None:
        return None

    async def drive() -> int:
        start = perf_counter_ns()
        for _ in range(calls):
            await app(scope, receive, send)
        return perf_counter_ns() - start

    def handle() -> int:
        start = perf_counter_ns()
        for _ in range(calls):
            fake.handle(request)
        elapsed = perf_counter_ns() - start
        fake.journal.clear()
        return elapsed

    handle()
    handle_ns = min(handle() for _ in range(repeats))
    adapter_ns = min(asyncio.run(drive()) for _ in range(repeats))
    return {"handle_us": handle_ns / calls / 1000, "adapter_us": adapter_ns / calls / 1000}


def summarise(samples: dict[str, dict[str, list[float]]]) -> dict[str, Any]:
    """Per metric: per-variant medians and minima, and the paired per-round ratios."""
    variants: dict[str, dict[str, Any]] = {name: {} for name in VARIANTS}
    ratios = []
    for metric, by_variant in samples.items():
        for name, values in by_variant.items():
            variants[name][metric] = {
                "median_us": statistics.median(values),
                "min_us": min(values),
                "rounds_us": values,
            }
        for numerator, denominator in RATIOS:
            top, bottom = by_variant[numerator], by_variant[denominator]
            paired = [a / b for a, b in zip(top, bottom, strict=True)]
            low, high = bootstrap_median(paired)
            ratios.append(
                {
                    "ratio": f"{numerator} / {denominator}",
                    "metric": metric,
                    "median": statistics.median(paired),
                    "min": min(paired),
                    "max": max(paired),
                    "ci95": [low, high],
                    "goal": GOAL if (numerator, denominator) == RATIOS[0] else None,
                }
            )
    return {"variants": variants, "ratios": ratios}


def table(results: dict[str, Any]) -> str:
    """The results as markdown: cost per request, the paired ratios, the in-process breakdown."""
    variants = results["variants"]
    base = {metric: variants[MINIMAL][metric]["median_us"] for metric in METRICS}
    lines = [
        "| server | wall µs/req median | wall min | CPU µs/req median | CPU min "
        "| x minimal app (wall / CPU) |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for name in VARIANTS:
        wall, cpu = variants[name]["wall"], variants[name]["cpu"]
        lines.append(
            f"| {name} | {wall['median_us']:.1f} | {wall['min_us']:.1f} "
            f"| {cpu['median_us']:.1f} | {cpu['min_us']:.1f} "
            f"| {wall['median_us'] / base['wall']:.2f} / {cpu['median_us'] / base['cpu']:.2f} |"
        )
    lines += [
        "",
        "| paired ratio | metric | median | min | max | 95% bootstrap CI | goal |",
        "|---|---|---:|---:|---:|---|---|",
    ]
    for ratio in results["ratios"]:
        goal, median = ratio["goal"], ratio["median"]
        verdict = "" if goal is None else f"≤ {goal} {'met' if median <= goal else 'MISSED'}"
        low, high = ratio["ci95"]
        lines.append(
            f"| {ratio['ratio']} | {ratio['metric']} | {median:.2f} | {ratio['min']:.2f} "
            f"| {ratio['max']:.2f} | [{low:.2f}, {high:.2f}] | {verdict} |"
        )
    parts = results["breakdown"]
    extra = statistics.median(  # paired by round, like the ratios
        a - b
        for a, b in zip(
            variants[FAKE]["wall"]["rounds_us"], variants[MINIMAL]["wall"]["rounds_us"], strict=True
        )
    )
    lines += [
        "",
        "| where the fake's extra time goes (in process, best of 7) | µs/call |",
        "|---|---:|",
        f"| FakeParagon.handle: route, check, verify token, build /sdk/me, JSON, journal "
        f"| {parts['handle_us']:.1f} |",
        f"| the same, measured in situ on the server thread during the timed rounds (mean) "
        f"| {parts['handle_in_situ_us']:.1f} |",
        f"| ParagonApp adapter around it: body, headers, FakeRequest, response headers "
        f"| {parts['adapter_us']:.1f} |",
        f"| over loopback: fake minus minimal app, wall, median of the rounds | {extra:.1f} |",
    ]
    return "\n".join(lines)


def run(rounds: int, requests: int) -> dict[str, Any]:
    """Start the servers, verify, measure, stop them, and summarise."""
    setup = build()
    try:
        with httpx.Client(headers=setup.headers, timeout=30) as client:
            verify(setup, client)
            setup.time_handle()
            samples = measure(setup, client, rounds, requests)
        total, count = setup.in_situ
        parts = breakdown(setup) | {"handle_in_situ_us": total / count / 1000}
    finally:
        for stop in setup.stop:
            stop()
    environment = environment_of(httpx=httpx.__version__, uvicorn=uvicorn.__version__)
    return {
        "rounds": rounds,
        "requests": requests,
        "environment": environment,
        "breakdown": parts,
    } | summarise(samples)


def headline(results: dict[str, Any]) -> str:
    """The first line of the report."""
    env = results["environment"]
    return (
        f"GET /projects/{{id}}/sdk/me over loopback, {results['rounds']} rounds x "
        f"{results['requests']} requests, one keep-alive httpx.Client; {env['implementation']} "
        f"{env['python']}, httpx {env['httpx']}, uvicorn {env['uvicorn']}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: run, print the markdown tables, optionally write the results as JSON."""
    return cli(
        argv,
        prog="python -m benchmarks.bench_server",
        description=(__doc__ or "").split("\n")[0],
        run=run,
        table=table,
        headline=headline,
    )


if __name__ == "__main__":
    sys.exit(main())
