"""The cassette benchmark's goal rows: met is computed from the measured figures."""

from __future__ import annotations

from typing import Any

from benchmarks import bench_cassettes
from benchmarks._common import GoalRow


def _summary(median: float, high: float) -> dict[str, Any]:
    return {"median": median, "min": median, "max": high, "ci95": [median, high]}


def _results(*, replay: float, high: float, cold: float, warm_s: float) -> dict[str, Any]:
    replay_part = {
        "interactions": 20,
        "rounds": 3,
        "goal": bench_cassettes.REPLAY_GOAL,
        "ci_goal": bench_cassettes.REPLAY_CI_GOAL,
        "paragon_us": 300.0,
        "vcr_us": 600.0,
        "ratio": _summary(replay, high),
        "paragon_us_wall": 400.0,
        "vcr_us_wall": 800.0,
        "ratio_wall": _summary(replay, high),
        "first_paragon_us": 350.0,
        "first_ratio": _summary(replay + 0.1, high + 0.1),
    }
    load = {
        "cassettes": 1000,
        "cold_s": 0.1,
        "warm_s": warm_s,
        "yaml_cold_s": 2.0,
        "yaml_warm_s": warm_s + 0.03,
        "vcr_s": 0.33,
        "cold_ratio": _summary(cold, cold),
        "warm_ratio": _summary(cold, cold),
        "yaml_cold_ratio": _summary(6.0, 6.1),
        "yaml_warm_ratio": _summary(0.4, 0.4),
        "goal_s": bench_cassettes.LOAD_GOAL_S,
        "cold_ratio_goal": bench_cassettes.COLD_RATIO_GOAL,
        "warm_goal_s": bench_cassettes.WARM_GOAL_S,
    }
    return {"replay": replay_part, "load": load}


def test_goal_rows_follow_the_figures_and_the_interval() -> None:
    met = bench_cassettes.goal_rows(_results(replay=0.45, high=0.5, cold=0.3, warm_s=0.09))
    assert all(isinstance(row, GoalRow) for row in met)
    assert [row.met for row in met] == [True, False, True, True, None]  # first: 0.55
    wide = bench_cassettes.goal_rows(_results(replay=0.45, high=0.6, cold=1.2, warm_s=0.2))
    assert [row.met for row in wide] == [False, False, False, False, None]  # CI upper end >= 0.55
    assert "0.45 [0.45, 0.60]" in wide[0].measured
    assert "vcrpy" in bench_cassettes.table(_results(replay=0.45, high=0.5, cold=0.3, warm_s=0.09))
