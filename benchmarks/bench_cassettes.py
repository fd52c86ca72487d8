"""Cassettes: replay cost per request against vcrpy through pytest-recording, and loading.

1. **Replay.** The same 20 interactions (``GET /sdk/me?n=0..19``) are recorded from a loopback
   live stand-in (the fake's server mode, reached as on-prem Paragon ``zeus.paragon.localhost``)
   twice: by pytest-paragon's recorder and by vcrpy. One pytest process then replays them in
   interleaved items, ``for round: [paragon_cassette, vcr]`` (the order alternating each round):
   the ``paragon_cassette`` marker, and pytest-recording's ``vcr`` marker (record mode none).
   Each item times its 20 requests through one ``httpx.Client`` with ``perf_counter_ns``; the
   ratio pairs the two items of a round. Goal: at most 0.5x vcrpy.
2. **Loading.** 1,000 cassettes of one test's traffic (``GET /sdk/me`` and ``GET
   /sdk/credentials``), read by pytest-paragon (safe YAML, bounded, type-checked) cold (an empty
   parsed-cassette cache: every file parsed as YAML) and warm (the cache of parsed cassettes,
   keyed by content hash, filled), and by vcrpy's filesystem persister (its YAML serializer,
   ``CLoader``), interleaved. Goal: under 1 s, or a ratio against vcrpy.

Not a test: it never fails on timings. Run ``python -m benchmarks.bench_cassettes [--rounds R]``.
"""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from benchmarks._common import bootstrap_median, cli
from benchmarks._common import environment as environment_of

ROOT = Path(__file__).resolve().parents[1]
ONPREM = "paragon.localhost"
INTERACTIONS = 20
CASSETTES = 1_000
REPLAY_GOAL = 0.5
LOAD_GOAL_S = 1.0


@contextmanager
def _localhost_resolves() -> Iterator[None]:
    """``*.localhost`` names resolve to loopback (RFC 6761), for recording from the stand-in."""
    real = socket.getaddrinfo

    def resolve(host: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(host, str) and host.endswith(".localhost"):
            host = "127.0.0.1"
        return real(host, *args, **kwargs)

    socket.getaddrinfo = resolve  # type: ignore[assignment]
    try:
        yield
    finally:
        socket.getaddrinfo = real  # type: ignore[assignment]


def _record(folder: Path) -> dict[str, Any]:
    """Record the interactions both ways from a live stand-in; return the paths and the token."""
    import vcr

    from pytest_paragon.cassettes.forward import forwarding
    from pytest_paragon.cassettes.recorder import CassetteSession
    from pytest_paragon.contract import load_contract
    from pytest_paragon.fake.core import FakeParagon
    from pytest_paragon.fake.entrances.interception import Interception
    from pytest_paragon.fake.entrances.server import ParagonApp, ServerThread
    from pytest_paragon.fake.entrances.transport import paragon_hosts

    live = FakeParagon()
    live.users.connect("user-1", "salesforce")
    token = live.signing_key.mint("user-1", project_id=live.project.id, ttl=86_400)
    headers = {"Authorization": f"Bearer {token}"}
    ours, theirs = folder / "paragon.yaml", folder / "vcr.yaml"
    with _localhost_resolves(), ServerThread(ParagonApp(live)) as server:
        me = f"http://zeus.{ONPREM}:{server.port}/projects/{live.project.id}/sdk/me"
        credentials = me.replace("/sdk/me", "/sdk/credentials")
        session = CassetteSession(ours, mode="once", contract=load_contract())
        interception = Interception(session, paragon_hosts(ONPREM))
        with (
            interception,
            forwarding(interception, session),
            httpx.Client(headers=headers) as client,
        ):
            for n in range(INTERACTIONS):
                client.get(me, params={"n": str(n)}).raise_for_status()
        session.save()
        with (
            vcr.VCR(record_mode="once").use_cassette(str(theirs)),
            httpx.Client(headers=headers) as client,
        ):
            for n in range(INTERACTIONS):
                client.get(me, params={"n": str(n)}).raise_for_status()
        pair = {"paragon": folder / "pair-paragon.yaml", "vcr": folder / "pair-vcr.yaml"}
        session = CassetteSession(pair["paragon"], mode="once", contract=load_contract())
        interception = Interception(session, paragon_hosts(ONPREM))
        with (
            interception,
            forwarding(interception, session),
            httpx.Client(headers=headers) as client,
        ):
            client.get(me).raise_for_status()
            client.get(credentials).raise_for_status()
        session.save()
        with (
            vcr.VCR(record_mode="once").use_cassette(str(pair["vcr"])),
            httpx.Client(headers=headers) as client,
        ):
            client.get(me).raise_for_status()
            client.get(credentials).raise_for_status()
    return {"ours": ours, "vcr": theirs, "me": me, "token": token, "pair": pair}


CONFTEST = """
import json, os, time
import httpx, pytest

ME, TOKEN, OUT = os.environ["BENCH_ME"], os.environ["BENCH_TOKEN"], os.environ["BENCH_OUT"]


@pytest.fixture(scope="module")
def vcr_cassette_dir():
    return os.environ["BENCH_DIR"]


@pytest.fixture
def default_cassette_name():
    return "vcr"


def replay(tool, round_):
    with httpx.Client(headers={"Authorization": f"Bearer {TOKEN}"}) as client:
        start = time.perf_counter_ns()
        for n in range(20):
            reply = client.get(ME, params={"n": str(n)})
        elapsed = time.perf_counter_ns() - start
    assert reply.status_code == 200 and reply.json()["userId"] == "user-1"
    with open(OUT, "a", encoding="utf-8") as out:
        out.write(json.dumps({"tool": tool, "round": round_, "ns": elapsed}) + "\\n")
"""


def _test_module(rounds: int, cassette: Path) -> str:
    params = []
    for round_ in range(rounds):
        pair = [
            f'pytest.param("paragon", {round_}, marks=pytest.mark.paragon_cassette('
            f"path={str(cassette)!r}))",
            f'pytest.param("vcr", {round_}, marks=pytest.mark.vcr)',
        ]
        params.extend(pair if round_ % 2 == 0 else pair[::-1])
    listed = ",\n    ".join(params)
    return textwrap.dedent(
        """
        import pytest
        from conftest import replay

        @pytest.mark.parametrize(("tool", "round_"), [
            {listed}
        ])
        def test_replay(tool, round_):
            replay(tool, round_)
        """
    ).format(listed=listed)


def replay_cost(rounds: int) -> dict[str, Any]:
    """Per-request replay cost of the same 20 interactions, ours and vcrpy's, paired by round."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        recorded = _record(folder)
        project = folder / "suite"
        project.mkdir()
        (project / "conftest.py").write_text(CONFTEST, encoding="utf-8")
        (project / "test_bench.py").write_text(
            _test_module(rounds, recorded["ours"]), encoding="utf-8"
        )
        (project / "pytest.ini").write_text(
            f"[pytest]\nparagon_onprem_host = {ONPREM}\n", encoding="utf-8"
        )
        out = folder / "out.jsonl"
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "BENCH_ME": recorded["me"],
            "BENCH_TOKEN": recorded["token"],
            "BENCH_OUT": str(out),
            "BENCH_DIR": str(folder),
        }
        done = subprocess.run(
            [sys.executable, "-m", "pytest", "-p", "paragon", "-q", "-p", "no:cacheprovider"],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if done.returncode != 0:
            raise RuntimeError(f"the replay suite failed:\n{done.stdout}\n{done.stderr}")
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    per_request = {
        tool: {r["round"]: r["ns"] / INTERACTIONS / 1000 for r in rows if r["tool"] == tool}
        for tool in ("paragon", "vcr")
    }
    ratios = [per_request["paragon"][r] / per_request["vcr"][r] for r in range(rounds)]
    return {
        "interactions": INTERACTIONS,
        "rounds": rounds,
        "paragon_us": statistics.median(per_request["paragon"].values()),
        "vcr_us": statistics.median(per_request["vcr"].values()),
        "ratio": _summary(ratios),
        "goal": REPLAY_GOAL,
    }


def _summary(values: list[float]) -> dict[str, Any]:
    low, high = bootstrap_median(values)
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
        "ci95": [low, high],
    }


def load_cost(rounds: int, count: int = CASSETTES) -> dict[str, Any]:
    """Seconds to load ``count`` cassettes of one test's traffic, ours against vcrpy's."""
    from vcr.persisters.filesystem import FilesystemPersister
    from vcr.serializers import yamlserializer

    from pytest_paragon.cassettes import store

    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        pair = _record(folder)["pair"]
        paths: dict[str, list[Path]] = {"paragon": [], "vcr": []}
        for tool, source in pair.items():
            text = source.read_text(encoding="utf-8")
            for index in range(count):
                copy = folder / tool / f"test_{index}.yaml"
                copy.parent.mkdir(exist_ok=True)
                # one test's own cassette each: distinct files (a comment), parsed alike
                copy.write_text(f"{text}# test {index}\n", encoding="utf-8")
                paths[tool].append(copy)
        loaders: dict[str, Callable[[Path], Any]] = {
            "paragon cold": store.read,
            "paragon warm": store.read,
            "vcr": lambda path: FilesystemPersister.load_cassette(path, yamlserializer),
        }
        sizes = {tool: pair[tool].stat().st_size for tool in pair}
        timings: dict[str, list[float]] = {tool: [] for tool in loaders}
        saved = os.environ.get("PYTEST_PARAGON_CACHE_DIR")
        try:
            for round_ in range(rounds):
                cache = folder / f"cache-{round_}"
                os.environ["PYTEST_PARAGON_CACHE_DIR"] = str(cache)  # empty: cold
                order = ["paragon cold", "vcr", "paragon warm"]
                if round_ % 2:
                    order = ["vcr", "paragon cold", "paragon warm"]
                for tool in order:
                    start = time.perf_counter()
                    for path in paths["vcr" if tool == "vcr" else "paragon"]:
                        loaders[tool](path)
                    timings[tool].append(time.perf_counter() - start)
        finally:
            if saved is None:
                os.environ.pop("PYTEST_PARAGON_CACHE_DIR", None)
            else:
                os.environ["PYTEST_PARAGON_CACHE_DIR"] = saved
    vcr_times = timings["vcr"]
    return {
        "cassettes": count,
        "bytes_each": sizes,
        "cold_s": statistics.median(timings["paragon cold"]),
        "warm_s": statistics.median(timings["paragon warm"]),
        "vcr_s": statistics.median(vcr_times),
        "cold_ratio": _summary(
            [p / v for p, v in zip(timings["paragon cold"], vcr_times, strict=False)]
        ),
        "warm_ratio": _summary(
            [p / v for p, v in zip(timings["paragon warm"], vcr_times, strict=False)]
        ),
        "goal_s": LOAD_GOAL_S,
    }


def run(rounds: int, requests: int = 0, *, quick: bool = False) -> dict[str, Any]:
    """Both measures (``requests`` is unused: the replay is the 20 recorded interactions)."""
    import vcr

    del requests
    return {
        "environment": environment_of(httpx=httpx.__version__, vcrpy=vcr.__version__),
        "replay": replay_cost(rounds),
        "load": load_cost(max(1, rounds // 3) if not quick else 1, 100 if quick else CASSETTES),
    }


def table(results: dict[str, Any]) -> str:
    """The two measures as a markdown table."""
    replay, load = results["replay"], results["load"]
    rows = [
        "| measure | pytest-paragon | vcrpy | ratio [95% CI] | goal |",
        "|---|---:|---:|---:|---|",
        f"| replay, µs per request ({replay['interactions']} interactions) | "
        f"{replay['paragon_us']:.0f} | {replay['vcr_us']:.0f} | "
        f"{replay['ratio']['median']:.2f} [{replay['ratio']['ci95'][0]:.2f}, "
        f"{replay['ratio']['ci95'][1]:.2f}] | <= {replay['goal']}x |",
    ]
    for state in ("cold", "warm"):
        ratio = load[f"{state}_ratio"]
        rows.append(
            f"| load {load['cassettes']:,} cassettes ({state}), s | {load[f'{state}_s']:.2f} | "
            f"{load['vcr_s']:.2f} | {ratio['median']:.2f} [{ratio['ci95'][0]:.2f}, "
            f"{ratio['ci95'][1]:.2f}] | < {load['goal_s']:g} s |"
        )
    return "\n".join(rows)


def headline(results: dict[str, Any]) -> str:
    """One line: the two ratios."""
    replay, load = results["replay"], results["load"]
    return (
        f"cassettes: replay {replay['ratio']['median']:.2f}x vcrpy per request; "
        f"{load['cassettes']:,} cassettes loaded in {load['cold_s']:.2f} s cold, "
        f"{load['warm_s']:.2f} s warm (vcrpy {load['vcr_s']:.2f} s)"
    )


def main(argv: list[str] | None = None) -> int:
    """Command line: ``--rounds``, ``--json``."""
    return cli(
        argv,
        prog="python -m benchmarks.bench_cassettes",
        description=__doc__ or "",
        run=lambda rounds, requests: run(rounds, requests),
        table=table,
        headline=headline,
    )


if __name__ == "__main__":
    raise SystemExit(main())
