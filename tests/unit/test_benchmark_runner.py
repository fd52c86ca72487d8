"""The one benchmark runner: each suite-level measure runs and reports (tiny sizes, no timings)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from benchmarks import bench_suite
from benchmarks.__main__ import goals, table


def test_a_bad_tokens_suite_generates_the_fakes_key_and_one_second_key(tmp_path: Path) -> None:
    found = bench_suite.rsa_keys(tmp_path, tests=3)
    assert found == {"tests": 3, "keys": 2, "goal": 2}


def test_scale_pairs_a_big_project_with_a_small_one() -> None:
    found = bench_suite.at_scale(rounds=2, repeats=2, big=30)
    assert found["users"] == 30
    for measure in ("sdk_me_us", "seed_credential_us"):
        assert len({"median", "min", "max", "ci95", "goal"} & set(found[measure])) == 5
        assert found[measure]["min"] <= found[measure]["median"] <= found[measure]["max"]


def test_the_goals_table_has_a_row_per_row_of_the_issue(tmp_path: Path) -> None:
    suite = {
        "per_test": bench_suite.per_test(tmp_path, rounds=1, tests=3, warm_up=False) | {"tests": 3},
        "whole_process_ms": bench_suite.whole_process(tmp_path, rounds=1, warm_up=False),
        "collect_only_ms": bench_suite.collect_only(tmp_path, rounds=1),
        "scale": bench_suite.at_scale(rounds=1, repeats=1, big=20),
        "rsa_keys": {"tests": 3, "keys": 2, "goal": 2},
    }
    ratio = {"median": 1.0}
    inprocess = {
        "ratios": [
            {"ratio": name, "mode": mode, **ratio}
            for name in (
                "fake (respx) / respx canned",
                "fake (transport) / respx canned",
                "fake (transport) / MockTransport",
            )
            for mode in ("sync", "async")
        ]
    }
    server = {
        "ratios": [
            {"ratio": "fake (ParagonApp) / minimal app", "metric": metric, **ratio}
            for metric in ("wall", "cpu")
        ]
    }
    rows = goals({"inprocess": inprocess, "server": server, "suite": suite})
    with_goal = [row for row in rows if "pytest-httpx" not in row.path]
    assert len(with_goal) == 12
    second_anchor = importlib.util.find_spec("pytest_httpx") is not None
    # + whole process (autoload off and on) and per test vs pytest-httpx, where it is installed
    assert len(rows) == 12 + 3 * second_anchor
    rendered = table(rows)
    assert rendered.count("\n") == len(rows) + 1
    assert "per test inside a session (tests 2-3)" in rendered
    # every row with a goal says whether this run met it; the met flag follows the figure
    assert all(isinstance(row.met, bool) for row in rows)
    assert rendered.count("| met |") + rendered.count("| MISSED |") == len(rows)
    # issue 23's rows: whole process vs each anchor with autoload off and on, the first setup,
    # per test vs each anchor, --co; each met or missed from its own figure
    issue_23 = bench_suite.goal_rows(suite)
    assert len(issue_23) == (4 + 1 + 2 + 1 if second_anchor else 2 + 1 + 1 + 1)
    for row in issue_23:
        if row.goal.endswith("x"):
            measured = float(row.measured.split("x", 1)[0])
            assert row.met == (measured <= float(row.goal.removeprefix("<= ").rstrip("x")))
    first = next(row for row in issue_23 if "first test's setup" in row.path)
    assert first.met == (float(first.measured.split(" ms", 1)[0]) <= 60)
    assert [row.path for row in issue_23 if "autoload on" in row.path]
    assert "| met |" in bench_suite.goals_table(suite) or "MISSED" in bench_suite.goals_table(suite)


def test_the_cassette_benchmark_measures_both_tools_and_adds_its_goal_rows() -> None:
    from benchmarks import bench_cassettes
    from benchmarks.__main__ import cassette_goals

    found = bench_cassettes.run(2, quick=True)
    replay, load = found["replay"], found["load"]
    assert replay["interactions"] == 20
    assert replay["paragon_us"] > 0
    assert replay["vcr_us"] > 0
    assert load["cassettes"] == 100
    assert load["cold_s"] > 0
    assert load["vcr_s"] > 0
    rows = cassette_goals(found)
    assert rows == bench_cassettes.goal_rows(found)
    assert all(isinstance(row.met, bool) for row in rows if row.goal)
    assert "vcrpy" in bench_cassettes.table(found)


def test_the_clients_benchmark_pairs_each_fake_with_its_mocking_library() -> None:
    from benchmarks import bench_clients
    from benchmarks.__main__ import client_goals

    found = bench_clients.run(1, 2)
    measured = set(found["variants"])
    assert {"aiohttp, fake", "httpx2 sync, fake", "httpx2 async, fake"} <= measured
    ran = {entry["ratio"] for entry in found["ratios"]}
    for numerator, denominator in bench_clients.RATIOS:  # each pair ran, or says why not
        assert f"{numerator} / {denominator}" in ran or denominator in found["skipped"]
    rows = client_goals(found)
    assert len(rows) == len(found["ratios"]) + len(found["skipped"])
    assert all(row.goal == "<= 1.0x" for row in rows[: len(found["ratios"])])
