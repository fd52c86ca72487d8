"""What both benchmark runners share: the bootstrap interval, the environment and the CLI."""

from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple


def bootstrap_median(values: Sequence[float], resamples: int = 2000) -> tuple[float, float]:
    """A 95% percentile-bootstrap interval of the median of ``values`` (seeded: reproducible)."""
    generator = random.Random(0)
    medians = sorted(
        statistics.median(generator.choices(values, k=len(values))) for _ in range(resamples)
    )
    return medians[int(0.025 * resamples)], medians[int(0.975 * resamples) - 1]


def environment(**versions: str) -> dict[str, str]:
    """The interpreter, platform and the given library versions, for the report."""
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        **versions,
    }


def cli(
    argv: Sequence[str] | None,
    *,
    prog: str,
    description: str,
    run: Callable[[int, int], dict[str, Any]],
    table: Callable[[dict[str, Any]], str],
    headline: Callable[[dict[str, Any]], str],
) -> int:
    """Parse ``--rounds/--requests/--json``, run, print the headline and table, write JSON."""
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("--rounds", type=int, default=30, help="interleaved rounds (default 30)")
    parser.add_argument("--requests", type=int, default=200, help="requests per round (200)")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    options = parser.parse_args(argv)
    if options.rounds < 1 or options.requests < 1:
        parser.error("--rounds and --requests must be at least 1")
    results = run(options.rounds, options.requests)
    print(headline(results) + "\n")
    print(table(results))
    if options.json is not None:
        options.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


class GoalRow(NamedTuple):
    """One row of the goals table: what is measured, the figure, the goal and whether it is met.

    ``met`` is None for a row with no goal (a second anchor, a count kept for information).
    """

    path: str
    measured: str
    goal: str
    met: bool | None


def verdict(met: bool | None) -> str:
    """The table's last column: met, MISSED, or blank for a row without a goal."""
    return "" if met is None else ("met" if met else "MISSED")
