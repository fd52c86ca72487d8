"""Smoke test of benchmarks/bench_strategies.py: it runs and reports every variant (no timings)."""

from __future__ import annotations

from typing import Any

import pytest

from benchmarks import bench_strategies as bench


def test_the_runner_reports_every_variant(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bench, "MODELS", ("IntegrationInstallEvent",))
    monkeypatch.setattr(bench, "GOAL_MODELS", ("IntegrationInstallEvent",))
    monkeypatch.setattr(bench, "_VALIDITY_SAMPLE", 5)
    monkeypatch.setattr(bench, "REPORT_VARIANTS", ("paragon",))  # the anchor takes seconds
    results = bench.run(rounds=1, examples=3, client_fuzzing=False)
    entry = results["models"]["IntegrationInstallEvent"]
    assert entry["paragon"]["valid_share"] == 1.0
    assert entry["paragon"]["mean_choices"] >= 1
    measured = {v for v in bench.VARIANTS if v in entry}
    assert measured | set(entry["errors"]) == set(bench.VARIANTS)
    assert "paragon / st.builds" in entry
    # The failing test failed, with the README's bug.
    assert results["report"]["paragon"]["errors"] == ["KeyError"]
    rows = bench.goal_rows(results)
    assert [row.path.split(" ")[0] for row in rows] == [
        "from_contract('IntegrationInstallEvent')",
        "failing",
    ]
    table = bench.table(results)
    assert table.count("\n") == 2 + 3 + len(rows)
    assert "from_contract vs st.builds" in bench.headline(results)


def _results(ratio: float, valid: float, report_max: float, passed: bool) -> dict[str, Any]:
    model = {"paragon": {"valid_share": valid}, "paragon / st.builds": {"median": ratio}}
    timing = {"cpu_seconds_median": report_max / 2, "cpu_seconds_max": report_max}
    return {
        "models": dict.fromkeys(bench.GOAL_MODELS, model),
        "report": {
            "paragon": {**timing, "errors": ["KeyError"]},
            "st.builds": {**timing, "errors": ["KeyError"]},
        },
        "client_fuzzing": {"passed": passed, "detail": "2 passed"},
    }


@pytest.mark.parametrize(
    ("figures", "met"),
    [
        ((1.2, 1.0, 2.0, True), [True, True, True, True, True]),
        ((0.9, 1.0, 3.5, False), [False, False, False, False, False]),
        ((1.5, 0.99, 1.0, True), [False, False, False, True, True]),
    ],
)
def test_goal_rows_are_met_from_the_figures(
    figures: tuple[float, float, float, bool], met: list[bool]
) -> None:
    rows = bench.goal_rows(_results(*figures))
    assert [row.met for row in rows] == met
    assert len(rows) == len(bench.GOAL_MODELS) + 2
