"""Effectiveness benchmark: how many mutants of the example client each test suite kills.

The code under test is ``examples/paragon_client/client.py`` (an async httpx client: a Connect
UI backend, an ActionKit agent, a webhook receiver, Managed Sync and Task History readers). Two
suites test the same behaviours:

- ``tests_readme_way``: pytest-paragon, written the README's way (answers that state what the
  call must carry, the stateful fake, ``paragon_webhooks``);
- ``tests_pytest_httpx``: pytest-httpx alone (canned answers with ``match_json``,
  ``match_headers`` and the full URL with its query).

For each suite, mutmut (3.x) mutates the client alone, in a scratch copy of the example, and runs
the suite against every mutant. Reported per suite: mutants killed, survived and otherwise
(timeouts, no tests), the mutation score (killed / all mutants) and the suite's lines. The goal
of issue 25: the README-way suite kills at least as many mutants with at most two thirds of the
lines. Not a test, never in ``.ci/run`` (it takes minutes); needs the ``bench`` extra (mutmut,
pytest-httpx). Run ``python -m benchmarks.bench_mutation [--suite NAME] [--max-children N]
[--json FILE]``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "paragon_client"
SUITES = ("tests_readme_way", "tests_pytest_httpx")
KILLED = {"killed", "caught by type check"}


def suite_lines(suite: str) -> int:
    """Lines of a suite's test module (formatted by ruff, as committed)."""
    return len((EXAMPLE / suite / "test_client.py").read_text(encoding="utf-8").splitlines())


def _scratch(suite: str, where: Path) -> Path:
    """A copy of the example with one suite, and mutmut's configuration for it."""
    package = where / "examples" / "paragon_client"
    package.mkdir(parents=True)
    (where / "examples" / "__init__.py").write_text("", encoding="utf-8")
    for name in ("__init__.py", "client.py"):
        shutil.copy(EXAMPLE / name, package / name)
    shutil.copytree(EXAMPLE / suite, package / suite)
    (where / "setup.cfg").write_text(
        "[mutmut]\n"
        "source_paths = examples\n"
        "only_mutate = examples/paragon_client/client.py\n"
        f"pytest_add_cli_args_test_selection = examples/paragon_client/{suite}/\n"
        "pytest_add_cli_args = -p no:cacheprovider -q\n",
        encoding="utf-8",
    )
    return where


def _statuses(where: Path) -> dict[str, str]:
    """Mutant name -> mutmut's status, from the ``.meta`` file mutmut leaves beside the mutant."""
    from mutmut.stats import status_by_exit_code

    meta = where / "mutants" / "examples" / "paragon_client" / "client.py.meta"
    data = json.loads(meta.read_text(encoding="utf-8"))
    return {
        name: str(status_by_exit_code.get(code, "not checked"))
        for name, code in data["exit_code_by_key"].items()
    }


def measure(suite: str, max_children: int) -> dict[str, Any]:
    """Run mutmut for ``suite``; its kills, survivors, score and lines."""
    with tempfile.TemporaryDirectory(prefix=f"bench-mutation-{suite}-") as scratch:
        where = _scratch(suite, Path(scratch))
        environment = {**os.environ, "PYTHONPATH": str(where)}
        done = subprocess.run(
            [sys.executable, "-m", "mutmut", "run", "--max-children", str(max_children)],
            cwd=where,
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise SystemExit(f"mutmut failed for {suite}:\n{done.stdout[-3000:]}{done.stderr}")
        statuses = _statuses(where)
    killed = sum(status in KILLED for status in statuses.values())
    survived = sum(status == "survived" for status in statuses.values())
    total = len(statuses)
    return {
        "suite": suite,
        "mutants": total,
        "killed": killed,
        "survived": survived,
        "other": total - killed - survived,
        "score": killed / total if total else 0.0,
        "lines": suite_lines(suite),
        "survivors": sorted(name for name, status in statuses.items() if status == "survived"),
    }


def main(argv: list[str] | None = None) -> int:
    """Measure the suites and print one line per suite (and the goal's verdict)."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_mutation")
    parser.add_argument("--suite", choices=SUITES, action="append")
    parser.add_argument("--max-children", type=int, default=2)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    results = [measure(suite, args.max_children) for suite in args.suite or SUITES]
    for result in results:
        print(
            f"{result['suite']:>20}: {result['killed']}/{result['mutants']} mutants killed "
            f"({result['score']:.1%}), {result['survived']} survived, {result['other']} other; "
            f"{result['lines']} lines"
        )
    by_suite = {result["suite"]: result for result in results}
    if set(by_suite) == set(SUITES):
        readme, httpx = by_suite["tests_readme_way"], by_suite["tests_pytest_httpx"]
        met = readme["killed"] >= httpx["killed"] and readme["lines"] * 3 <= httpx["lines"] * 2
        print(
            f"goal (README way kills >= pytest-httpx with <= 2/3 of its lines): "
            f"{'met' if met else 'not met'} ({readme['lines'] / httpx['lines']:.0%} of the lines)"
        )
    if args.json is not None:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
