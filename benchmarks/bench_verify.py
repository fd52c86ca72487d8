"""``pytest-paragon verify`` in process: the fake's share of the CPU, from a cProfile of the run.

One ``pytest-paragon verify`` (the contract suite against the built-in fake, what the README's
main command runs) runs in this process under :mod:`cProfile`, its output captured. The share is
the fake's inclusive time over the profile's total time (everything inside ``verify``).

What counts as the fake's time, precisely: the inclusive (cumulative) time of every call *into*
a module of ``pytest_paragon/fake/`` from Python code outside it, summed over those calls
(pstats' caller edges), so that calls within the fake are not counted twice. A call from a C
builtin (``next``, ``exec``, pydantic's compiled validators) or from ``functools`` /
``contextlib`` is the fake calling itself back through them (a generator it iterates, a cached
property, a validator of its models) and is not counted again; imports are not counted either.
Inclusive time covers whatever the fake calls in turn: the contract's request checker
(``pytest_paragon/contract``), token verification (``pytest_paragon/tokens``), ``strict_json``,
pydantic, ``json``, ``pickle``. By kind:

- ``requests``: the in-process interception (``fake/entrances``): reading the ``requests``
  request, ``FakeParagon.handle`` (routing, the contract check of the request, authentication,
  permissions, the operation's handler and its state, the journal), the ``requests.Response``
  built from the answer, and the interception's start and stop (once per test item);
- ``restore``: the snapshot restored before a generated request (``FakeParagon.restore``);
- ``other``: making, seeding and discovering the fake (the ``FakeParagon`` constructor, the
  seeding, the discovery requests the suite sends to ``FakeParagon.handle`` directly), the
  ActionKit catalogue the suite's world reads, and any other call into it.

Everything else is the suite's: pytest, hypothesis, schemathesis (generation, the checks, its
response validation), ``requests`` up to the adapter, the suite's own modules
(``pytest_paragon/contract_suite``: binding ids into requests, minting tokens, the report).

The run is a fresh interpreter that imports pytest-paragon's plugin, the fake and the suite (and
schemathesis, hypothesis, requests) before the profile starts: the share is that of the run's
work, not of importing (one test's start-up is measured apart, by ``bench_suite``).

The same run is also sampled every 2 ms of the process' CPU time (``ITIMER_PROF``, where the
platform has it): the share of samples with a frame of the fake on the stack. cProfile's clock is
the wall clock, so on a loaded machine time the process waited is counted where it stopped;
the samples count CPU time only, and both are printed (the goal row judges cProfile's).

The profiler's own overhead is per Python call on both sides, so the share is a share of the
profiled run, comparable between runs of this benchmark. Not a test: it never fails on timings.
Run ``python -m benchmarks.bench_verify [--max-examples N] [--json F]``.
"""

from __future__ import annotations

import argparse
import json
import os
import pstats
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks._common import GoalRow
from benchmarks._common import environment as environment_of

GOAL = 0.10
"""Issue 23: the fake's share of the CPU of an in-process verify under 10%."""
FAKE_PACKAGE = "pytest_paragon/fake/"
KINDS = ("requests", "restore", "other")


def _kind(callee: tuple[str, int, str]) -> str:
    """What a call into the fake is for (see the module docstring)."""
    path, _, name = callee
    if "/entrances/" in path.replace("\\", "/"):
        return "requests"
    return "restore" if name == "restore" else "other"


WRAPPERS = ("functools.py", "contextlib.py")
"""Standard-library modules whose functions call back into the fake for it (cached
properties, context managers): a call from them is the fake calling itself."""


def _is_wrapper(path: str) -> bool:
    """A caller that re-enters the fake (a C builtin, pydantic's validators, the wrappers above)."""
    return path == "~" or path.replace("\\", "/").rsplit("/", 1)[-1] in WRAPPERS


def fake_time(stats: pstats.Stats) -> dict[str, float]:
    """Seconds of the profile spent in calls into the fake from outside it, by kind."""
    found = dict.fromkeys(KINDS, 0.0)
    table: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    for callee, (_, _, _, cumulative, callers) in table.items():
        if FAKE_PACKAGE not in callee[0].replace("\\", "/"):
            continue
        if not callers:  # called from the frame that started the profile: from outside
            found[_kind(callee)] += cumulative
        for caller, edge in callers.items():
            if FAKE_PACKAGE in caller[0].replace("\\", "/"):
                continue  # a call inside the fake: already in its caller's time
            if _is_wrapper(caller[0]):
                continue  # a builtin or decorator the fake called that called it back
            found[_kind(callee)] += edge[3]  # the edge's cumulative time
    return found


CHILD = """
import cProfile, json, signal, sys
import hypothesis, requests, schemathesis
import pytest_paragon.contract_suite.test_paragon_contract, pytest_paragon.fake.core
import pytest_paragon.plugin
from pytest_paragon.cli import main
ticks = {"all": 0, "fake": 0}
def tick(signum, frame):
    ticks["all"] += 1
    while frame is not None:
        if "pytest_paragon/fake/" in frame.f_code.co_filename.replace("\\\\", "/"):
            ticks["fake"] += 1
            return
        frame = frame.f_back
if hasattr(signal, "setitimer"):
    signal.signal(signal.SIGPROF, tick)
    signal.setitimer(signal.ITIMER_PROF, 0.002, 0.002)
profile = cProfile.Profile()
profile.enable()
try:
    code = main(["verify", *sys.argv[2:]])
finally:
    profile.disable()
    if hasattr(signal, "setitimer"):
        signal.setitimer(signal.ITIMER_PROF, 0, 0)
    profile.dump_stats(sys.argv[1])
    with open(sys.argv[1] + ".ticks", "w") as out:
        json.dump(ticks, out)
sys.exit(code)
"""
"""The profiled run: a fresh interpreter imports the modules first, so imports are not counted."""


def profile_verify(
    arguments: Sequence[str], keep: Path | None = None
) -> tuple[pstats.Stats, int, float, str, dict[str, int]]:
    """Run ``pytest-paragon verify ARGUMENTS`` under cProfile in a fresh interpreter.

    Answers the stats, the exit status, the child's CPU seconds, its output and the CPU-time
    samples (``all``, and ``fake``: with a frame of the fake on the stack); ``keep``: also write
    the profile there (for ``python -m pstats``).
    """
    with tempfile.TemporaryDirectory(prefix="paragon-bench-verify-") as folder:
        out = Path(folder) / "verify.prof"
        command = [sys.executable, "-c", CHILD, str(out), *arguments]
        before = os.times()
        done = subprocess.run(
            command, cwd=folder, capture_output=True, text=True, check=False, env=_environment()
        )
        after = os.times()
        cpu = (after.children_user - before.children_user) + (
            after.children_system - before.children_system
        )
        if not out.exists():
            raise AssertionError(f"verify did not run:\n{done.stdout[-3000:]}{done.stderr}")
        if keep is not None:
            keep.write_bytes(out.read_bytes())
        ticks = Path(f"{out}.ticks")
        sampled = json.loads(ticks.read_text(encoding="utf-8")) if ticks.exists() else {}
        stats = pstats.Stats(str(out))
        return stats, done.returncode, cpu, done.stdout + done.stderr, sampled


def _environment() -> dict[str, str]:
    root = str(Path(__file__).resolve().parents[1])
    path = os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": path}


def run(
    max_examples: int = 25, operations: str | None = None, keep: Path | None = None
) -> dict[str, Any]:
    """Profile one verify run (``--max-examples``, optionally ``--operations``) and attribute it."""
    import pytest

    arguments = ["--max-examples", str(max_examples), "-q", "-p", "no:randomly"]
    if operations:
        arguments += ["--operations", operations]
    stats, code, cpu, output, sampled = profile_verify(arguments, keep)
    if code != 0:
        raise AssertionError(f"verify failed (exit {code}):\n{output[-3000:]}")
    total: float = stats.total_tt  # type: ignore[attr-defined]
    kinds = fake_time(stats)
    fake = sum(kinds.values())
    return {
        "max_examples": max_examples,
        "operations": operations,
        "cpu_s": cpu,
        "profiled_s": total,
        "fake_s": fake,
        "share": fake / total if total else 0.0,
        "sampled": sampled,
        "sampled_share": sampled["fake"] / sampled["all"] if sampled.get("all") else None,
        "by_kind_s": kinds,
        "goal": GOAL,
        "top_fake": top_fake(stats),
        "environment": environment_of(pytest=pytest.__version__),
    }


def top_fake(stats: pstats.Stats, count: int = 15) -> list[dict[str, Any]]:
    """The fake's functions with the most time of their own (where its share goes)."""
    table: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    rows = [
        {"function": f"{path.split('pytest_paragon/')[-1]}:{line}({name})", "own_s": own}
        for (path, line, name), (_, _, own, _, _) in table.items()
        if FAKE_PACKAGE in path.replace("\\", "/")
    ]
    return sorted(rows, key=lambda row: -row["own_s"])[:count]


def goal_rows(results: dict[str, Any]) -> list[GoalRow]:
    """The issue's row: the fake's share of an in-process verify's CPU, against < 10%."""
    kinds = results["by_kind_s"]
    total = results["profiled_s"] or 1.0
    detail = ", ".join(f"{kind} {kinds[kind] / total:.1%}" for kind in KINDS)
    sampled = results.get("sampled_share")
    if sampled is not None:
        detail += f"; {sampled:.1%} of CPU-time samples"
    return [
        GoalRow(
            f"pytest-paragon verify in process (--max-examples {results['max_examples']}): "
            "the fake's share of the CPU (cProfile)",
            f"{results['share']:.1%} ({detail})",
            f"< {GOAL:.0%}",
            results["share"] < GOAL,
        )
    ]


def table(results: dict[str, Any]) -> str:
    """The share by kind, then the fake's functions with the most own time, as markdown."""
    total = results["profiled_s"] or 1.0
    lines = ["| part of the fake | seconds | share of the run |", "|---|---:|---:|"]
    for kind, seconds in results["by_kind_s"].items():
        lines.append(f"| {kind} | {seconds:.2f} | {seconds / total:.1%} |")
    lines.append(f"| **the fake** | {results['fake_s']:.2f} | {results['share']:.1%} |")
    if results.get("sampled_share") is not None:
        ticks = results["sampled"]
        lines.append(
            f"| the fake, CPU-time samples ({ticks['fake']:,} of {ticks['all']:,}) | "
            f"| {results['sampled_share']:.1%} |"
        )
    lines += ["", "| the fake's function | own seconds |", "|---|---:|"]
    lines += [f"| `{row['function']}` | {row['own_s']:.3f} |" for row in results["top_fake"]]
    return "\n".join(lines)


def headline(results: dict[str, Any]) -> str:
    """The first line of the report."""
    env = results["environment"]
    return (
        f"pytest-paragon verify in process, --max-examples {results['max_examples']}"
        f"{', operations ' + results['operations'] if results['operations'] else ''}: "
        f"{results['cpu_s']:.1f} s CPU under cProfile ({results['profiled_s']:.1f} s profiled); "
        f"{env['implementation']} {env['python']}, pytest {env['pytest']}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: run, print the tables and the goal row, optionally write JSON."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench_verify", description=(__doc__ or "").split("\n")[0]
    )
    parser.add_argument("--max-examples", type=int, default=25, help="verify's (default 25)")
    parser.add_argument("--operations", help="verify's --operations (default: every one)")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    parser.add_argument("--profile", type=Path, help="also write the cProfile stats here")
    options = parser.parse_args(argv)
    if options.max_examples < 1:
        parser.error("--max-examples must be at least 1")
    results = run(options.max_examples, options.operations, options.profile)
    print(headline(results) + "\n")
    print(table(results) + "\n")
    for row in goal_rows(results):
        print(f"{row.path}: {row.measured} (goal {row.goal}, {'met' if row.met else 'MISSED'})")
    if options.json is not None:
        options.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
