"""Smoke test of benchmarks/bench_strategies.py: it runs and reports every variant (no timings)."""

from __future__ import annotations

import pytest

from benchmarks import bench_strategies as bench


def test_the_runner_reports_every_variant(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bench, "MODELS", ("IntegrationInstallEvent",))
    monkeypatch.setattr(bench, "_VALIDITY_SAMPLE", 5)
    results = bench.run(rounds=2, examples=3)
    entry = results["models"]["IntegrationInstallEvent"]
    assert entry["paragon"]["valid_share"] == 1.0
    measured = {v for v in bench.VARIANTS if v in entry}
    assert measured | set(entry["errors"]) == set(bench.VARIANTS)
    assert "paragon / st.builds" in entry
    table = bench.table(results)
    assert table.count("\n") == 2
    assert "from_contract vs st.builds" in bench.headline(results)
