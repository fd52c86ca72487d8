"""Cassettes: replay cost per request against vcrpy through pytest-recording, and loading.

1. **Replay.** The same 20 interactions (``GET /sdk/me?n=0..19``) are recorded from a loopback
   live stand-in (the fake's server mode, reached as on-prem Paragon ``zeus.paragon.localhost``)
   twice: by pytest-paragon's recorder and by vcrpy. One pytest process then replays them in
   interleaved items, ``for round: [paragon_cassette, paragon_cassette (first), vcr]`` (the
   order alternating each round): the ``paragon_cassette`` marker on the same cassette every
   round (as vcrpy's), on a copy new to the process each round (its first replay: nothing a
   previous replay of the same content worked out, contract verdicts and encoded bodies, is
   reused), and pytest-recording's ``vcr`` marker (record mode none).
   Each item times its 20 requests through one ``httpx.Client``, in CPU time of the thread
   (``thread_time_ns``: what the machine's other load does not change) and in wall time; the
   ratio pairs the items of a round. Goal: at most 0.5x vcrpy, the upper end of the 95%
   interval below 0.55.
2. **Loading.** 1,000 cassettes of one test's traffic (``GET /sdk/me`` and ``GET
   /sdk/credentials``), distinct files, read in CPU time by pytest-paragon (safe, bounded,
   type-checked) and by vcrpy's filesystem persister (its YAML serializer, ``CLoader``),
   interleaved and paired per round: our cassettes as recording writes them (JSON, which is
   YAML) cold (as a new process: nothing remembered), then again in the same process (warm: from
   the checked cassettes it remembers, by content); the same interactions in the block YAML of
   earlier releases, cold (an empty parsed-cassette cache: parsed as YAML) and as a new process
   would read them again (from the parsed-cassette cache on disk, keyed by content hash).
   Goals: cold at most 1.0x vcrpy's cold load of the same interactions; warm under 0.1 s.

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

from benchmarks._common import GoalRow, bootstrap_median, cli
from benchmarks._common import environment as environment_of

ROOT = Path(__file__).resolve().parents[1]
ONPREM = "paragon.localhost"
INTERACTIONS = 20
CASSETTES = 1_000
REPLAY_GOAL = 0.5
REPLAY_CI_GOAL = 0.55
"""The upper end of the replay ratio's 95% interval must be below this."""
LOAD_GOAL_S = 1.0
"""The earlier absolute goal for a cold load (kept in the results for the runner's table)."""
COLD_RATIO_GOAL = 1.0
WARM_GOAL_S = 0.1


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
        start, cpu = time.perf_counter_ns(), time.thread_time_ns()
        for n in range(20):
            reply = client.get(ME, params={"n": str(n)})
        cpu, elapsed = time.thread_time_ns() - cpu, time.perf_counter_ns() - start
    assert reply.status_code == 200 and reply.json()["userId"] == "user-1"
    row = {"tool": tool, "round": round_, "ns": elapsed, "cpu_ns": cpu}
    with open(OUT, "a", encoding="utf-8") as out:
        out.write(json.dumps(row) + "\\n")
"""


def _test_module(rounds: int, cassette: Path, firsts: list[Path]) -> str:
    """Items in rounds: ours on the same cassette, ours on a cassette new to the process, vcr."""
    params = []
    for round_ in range(rounds):
        items = [
            f'pytest.param("paragon", {round_}, marks=pytest.mark.paragon_cassette('
            f"path={str(cassette)!r}))",
            f'pytest.param("paragon first", {round_}, marks=pytest.mark.paragon_cassette('
            f"path={str(firsts[round_])!r}))",
            f'pytest.param("vcr", {round_}, marks=pytest.mark.vcr)',
        ]
        params.extend(items if round_ % 2 == 0 else items[::-1])
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
        # a cassette this process never replayed, each round: nothing worked out before is reused
        recorded_text = recorded["ours"].read_text(encoding="utf-8")
        firsts = [folder / f"first-{round_}.yaml" for round_ in range(rounds)]
        for round_, first in enumerate(firsts):
            first.write_text(_distinct_json(recorded_text, round_), encoding="utf-8")
        (project / "test_bench.py").write_text(
            _test_module(rounds, recorded["ours"], firsts), encoding="utf-8"
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
    result: dict[str, Any] = {
        "interactions": INTERACTIONS,
        "rounds": rounds,
        "goal": REPLAY_GOAL,
        "ci_goal": REPLAY_CI_GOAL,
    }
    for metric, field, suffix in (("cpu", "cpu_ns", ""), ("wall", "ns", "_wall")):
        per_request = {
            tool: {r["round"]: r[field] / INTERACTIONS / 1000 for r in rows if r["tool"] == tool}
            for tool in ("paragon", "paragon first", "vcr")
        }
        vcr = per_request["vcr"]
        for tool, prefix in (("paragon", ""), ("paragon first", "first_")):
            ratios = [per_request[tool][r] / vcr[r] for r in range(rounds)]
            result[f"{prefix}paragon_us{suffix}"] = statistics.median(per_request[tool].values())
            result[f"{prefix}ratio{suffix}"] = _summary(ratios)
        result[f"vcr_us{suffix}"] = statistics.median(vcr.values())
        result[f"{metric}_metric"] = field
    return result


def _summary(values: list[float]) -> dict[str, Any]:
    low, high = bootstrap_median(values)
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
        "ci95": [low, high],
    }


def _distinct_json(text: str, index: int) -> str:
    """One test's own JSON cassette: the same interactions, a distinct ``accept`` value."""
    return text.replace('"accept": "*/*"', f'"accept": "*/*; test={index}"', 1)


def load_cost(rounds: int, count: int = CASSETTES) -> dict[str, Any]:
    """CPU seconds to load ``count`` cassettes of one test's traffic, ours against vcrpy's."""
    from vcr.persisters.filesystem import FilesystemPersister
    from vcr.serializers import yamlserializer

    from pytest_paragon.cassettes import format as cassette_format
    from pytest_paragon.cassettes import store

    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        pair = _record(folder)["pair"]
        recorded = pair["paragon"].read_text(encoding="utf-8")
        assert cassette_format.looks_like_json(recorded), "recording writes JSON"
        document = cassette_format.cassette_document(store.read(pair["paragon"]) or [])
        texts = {
            "paragon": lambda index: _distinct_json(recorded, index),
            # the same interactions in the block YAML of earlier releases; distinct by a comment
            "yaml": lambda index: f"{cassette_format.dump_yaml(document)}# test {index}\n",
            "vcr": lambda index: f"{pair['vcr'].read_text(encoding='utf-8')}# test {index}\n",
        }
        paths: dict[str, list[Path]] = {tool: [] for tool in texts}
        for tool, text_of in texts.items():
            (folder / tool).mkdir()
            for index in range(count):
                copy = folder / tool / f"test_{index}.yaml"
                copy.write_text(text_of(index), encoding="utf-8")
                paths[tool].append(copy)

        def vcr_load(path: Path) -> Any:
            return FilesystemPersister.load_cassette(path, yamlserializer)

        # (files, loader, whether the process forgets the cassettes it read first: a new process)
        runs: dict[str, tuple[str, Callable[[Path], Any], bool]] = {
            "paragon cold": ("paragon", store.read, True),
            "paragon warm": ("paragon", store.read, False),
            "yaml cold": ("yaml", store.read, True),
            "yaml warm": ("yaml", store.read, True),
            "vcr": ("vcr", vcr_load, False),
        }
        sizes = {tool: paths[tool][0].stat().st_size for tool in paths}
        timings: dict[str, list[float]] = {run: [] for run in runs}
        saved = os.environ.get("PYTEST_PARAGON_CACHE_DIR")
        try:
            for round_ in range(rounds):
                cache = folder / f"cache-{round_}"
                os.environ["PYTEST_PARAGON_CACHE_DIR"] = str(cache)  # empty: cold
                order = ["paragon cold", "vcr", "paragon warm", "yaml cold", "yaml warm"]
                if round_ % 2:
                    order = ["vcr", "paragon cold", "paragon warm", "yaml cold", "yaml warm"]
                for run in order:
                    tool, loader, new_process = runs[run]
                    if new_process:
                        store.forget()
                    start = time.process_time()
                    for path in paths[tool]:
                        loader(path)
                    timings[run].append(time.process_time() - start)
        finally:
            if saved is None:
                os.environ.pop("PYTEST_PARAGON_CACHE_DIR", None)
            else:
                os.environ["PYTEST_PARAGON_CACHE_DIR"] = saved
    vcr_times = timings["vcr"]

    def paired(run: str) -> dict[str, Any]:
        return _summary([p / v for p, v in zip(timings[run], vcr_times, strict=True)])

    return {
        "cassettes": count,
        "rounds": rounds,
        "metric": "process CPU time",
        "bytes_each": sizes,
        "cold_s": statistics.median(timings["paragon cold"]),
        "warm_s": statistics.median(timings["paragon warm"]),
        "yaml_cold_s": statistics.median(timings["yaml cold"]),
        "yaml_warm_s": statistics.median(timings["yaml warm"]),
        "vcr_s": statistics.median(vcr_times),
        "cold_ratio": paired("paragon cold"),
        "warm_ratio": paired("paragon warm"),
        "yaml_cold_ratio": paired("yaml cold"),
        "yaml_warm_ratio": paired("yaml warm"),
        "goal_s": LOAD_GOAL_S,
        "cold_ratio_goal": COLD_RATIO_GOAL,
        "warm_goal_s": WARM_GOAL_S,
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


def _interval(ratio: dict[str, Any]) -> str:
    return f"{ratio['median']:.2f} [{ratio['ci95'][0]:.2f}, {ratio['ci95'][1]:.2f}]"


def table(results: dict[str, Any]) -> str:
    """The measures as a markdown table."""
    replay, load = results["replay"], results["load"]
    rows = [
        "| measure | pytest-paragon | vcrpy | ratio [95% CI] | goal |",
        "|---|---:|---:|---:|---|",
        f"| replay, CPU µs per request ({replay['interactions']} interactions) | "
        f"{replay['paragon_us']:.0f} | {replay['vcr_us']:.0f} | {_interval(replay['ratio'])} | "
        f"<= {replay['goal']}x, CI < {replay['ci_goal']} |",
        f"| replay, wall µs per request | {replay['paragon_us_wall']:.0f} | "
        f"{replay['vcr_us_wall']:.0f} | {_interval(replay['ratio_wall'])} | |",
        f"| first replay of a cassette in the process, CPU µs per request | "
        f"{replay['first_paragon_us']:.0f} | {replay['vcr_us']:.0f} | "
        f"{_interval(replay['first_ratio'])} | <= {replay['goal']}x, CI < {replay['ci_goal']} |",
    ]
    for label, state, goal in (
        ("JSON, as recorded, cold", "cold", f"<= {load['cold_ratio_goal']}x"),
        ("JSON, again in the process (warm)", "warm", f"< {load['warm_goal_s']} s"),
        ("block YAML of earlier releases, cold", "yaml_cold", ""),
        ("block YAML, a new process, parsed cache", "yaml_warm", ""),
    ):
        rows.append(
            f"| load {load['cassettes']:,} cassettes, {label}, CPU s | {load[f'{state}_s']:.3f} | "
            f"{load['vcr_s']:.3f} | {_interval(load[f'{state}_ratio'])} | {goal} |"
        )
    return "\n".join(rows)


def goal_rows(results: dict[str, Any]) -> list[GoalRow]:
    """The goals of issue 23 for cassettes, each met or not by the measured figure."""
    replay, load = results["replay"], results["load"]
    ratio, first = replay["ratio"], replay["first_ratio"]
    cold, yaml_cold = load["cold_ratio"], load["yaml_cold_ratio"]
    count = f"{load['cassettes']:,}"
    return [
        GoalRow(
            f"cassette replay per request, {replay['interactions']} interactions, vs vcrpy "
            "through pytest-recording (CPU)",
            f"{_interval(ratio)} ({replay['paragon_us']:.0f} vs {replay['vcr_us']:.0f} µs; "
            f"wall {replay['ratio_wall']['median']:.2f}x)",
            f"<= {replay['goal']}x, CI upper < {replay['ci_goal']}",
            ratio["median"] <= replay["goal"] and ratio["ci95"][1] < replay["ci_goal"],
        ),
        GoalRow(
            "cassette replay per request, first replay of a cassette in the process (CPU)",
            f"{_interval(first)} ({replay['first_paragon_us']:.0f} vs {replay['vcr_us']:.0f} µs)",
            f"<= {replay['goal']}x, CI upper < {replay['ci_goal']}",
            first["median"] <= replay["goal"] and first["ci95"][1] < replay["ci_goal"],
        ),
        GoalRow(
            f"loading {count} cassettes cold vs vcrpy's cold load of the same interactions (CPU)",
            f"{_interval(cold)} ({load['cold_s']:.3f} vs {load['vcr_s']:.3f} s)",
            f"<= {load['cold_ratio_goal']}x",
            cold["median"] <= load["cold_ratio_goal"],
        ),
        GoalRow(
            f"loading {count} cassettes warm, read again in the process (a new process: JSON "
            "cold / block YAML from the parsed cache)",
            f"{load['warm_s']:.3f} s ({load['cold_s']:.3f} s / {load['yaml_warm_s']:.3f} s)",
            f"< {load['warm_goal_s']} s",
            load["warm_s"] < load["warm_goal_s"],
        ),
        GoalRow(
            f"loading {count} cassettes in the block YAML of earlier releases, cold, vs vcrpy",
            f"{_interval(yaml_cold)} ({load['yaml_cold_s']:.3f} s)",
            "",
            None,
        ),
    ]


def headline(results: dict[str, Any]) -> str:
    """One line: the ratios."""
    replay, load = results["replay"], results["load"]
    return (
        f"cassettes: replay {replay['ratio']['median']:.2f}x vcrpy per request (CPU); "
        f"{load['cassettes']:,} cassettes loaded in {load['cold_s']:.3f} s cold "
        f"({load['cold_ratio']['median']:.2f}x vcrpy's {load['vcr_s']:.3f} s), "
        f"{load['warm_s']:.3f} s again in the process; block YAML {load['yaml_cold_s']:.2f} s "
        f"cold, {load['yaml_warm_s']:.3f} s from the parsed cache in a new process"
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
