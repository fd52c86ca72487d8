"""Smoke tests of the in-process benchmark runner (benchmarks/bench_inprocess.py).

They run the runner with a tiny round count and check the structure of what it prints and writes:
every variant measured in every round, the paired ratios with their spread, the goal row, the
JSON file. They never assert on timings: the benchmark is not a timed test.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from benchmarks import bench_inprocess as bench

ROOT = Path(__file__).resolve().parents[2]
VARIANTS = [f"{source}, {mode}" for mode in bench.MODES for source in bench.SOURCES]
NUMBER = r"\d+\.\d+"


def _rows(text: str, header_start: str) -> list[list[str]]:
    """The cells of the markdown table whose header starts with ``header_start``."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(header_start))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


@pytest.fixture(scope="module")
def smoke_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict[str, Any]]:
    out = tmp_path_factory.mktemp("bench") / "results.json"
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = bench.main(["--rounds", "3", "--requests", "2", "--json", str(out)])
    assert code == 0
    return buffer.getvalue(), json.loads(out.read_text(encoding="utf-8"))


def test_the_first_line_names_the_request_and_the_run_size(
    smoke_run: tuple[str, dict[str, Any]],
) -> None:
    text, _ = smoke_run
    first = text.splitlines()[0]
    assert first.startswith("GET /projects/{id}/sdk/me, 3 rounds x 2 requests; CPython")
    assert "httpx " in first
    assert "respx " in first


def test_the_cost_table_has_one_row_per_variant_and_mode(
    smoke_run: tuple[str, dict[str, Any]],
) -> None:
    text, _ = smoke_run
    rows = _rows(text, "| variant | mode |")
    assert [f"{row[0]}, {row[1]}" for row in rows] == VARIANTS
    for row in rows:
        assert len(row) == 5
        assert all(re.fullmatch(NUMBER, cell) for cell in row[2:]), row
    canned = [row for row in rows if row[0] == "respx canned"]
    assert [row[4] for row in canned] == ["1.00", "1.00"]


def test_the_ratio_table_pairs_every_ratio_in_both_modes_and_marks_the_goal(
    smoke_run: tuple[str, dict[str, Any]],
) -> None:
    text, _ = smoke_run
    rows = _rows(text, "| paired ratio |")
    expected = [(f"{a} / {b}", mode) for mode in bench.MODES for a, b in bench.RATIOS]
    assert [(row[0], row[1]) for row in rows] == expected
    for row in rows:
        assert all(re.fullmatch(NUMBER, cell) for cell in row[2:5]), row
        assert re.fullmatch(rf"\[{NUMBER}, {NUMBER}\]", row[5]), row
        if row[0] == "fake (respx) / respx canned":
            assert re.fullmatch(r"≤ 1\.25 (met|MISSED)", row[6]), row
        elif row[0] == "fake (transport) / MockTransport":
            assert re.fullmatch(r"≤ 1\.2 (met|MISSED)", row[6]), row
        else:
            assert row[6] == ""


def test_the_json_holds_every_round_of_every_variant(
    smoke_run: tuple[str, dict[str, Any]],
) -> None:
    _, results = smoke_run
    assert results["rounds"] == 3
    assert results["requests"] == 2
    assert set(results["environment"]) == {
        "python",
        "implementation",
        "platform",
        "httpx",
        "respx",
    }
    assert sorted(results["variants"]) == sorted(VARIANTS)
    for entry in results["variants"].values():
        rounds = entry["rounds_us"]
        assert len(rounds) == 3
        assert all(value > 0 for value in rounds)
        assert entry["min_us"] == min(rounds)
        assert entry["median_us"] == sorted(rounds)[1]


def test_the_json_ratios_are_paired_per_round_with_a_consistent_spread(
    smoke_run: tuple[str, dict[str, Any]],
) -> None:
    _, results = smoke_run
    variants = results["variants"]
    assert len(results["ratios"]) == len(bench.RATIOS) * len(bench.MODES)
    for ratio in results["ratios"]:
        top, bottom = ratio["ratio"].split(" / ")
        mode = ratio["mode"]
        paired = sorted(
            a / b
            for a, b in zip(
                variants[f"{top}, {mode}"]["rounds_us"],
                variants[f"{bottom}, {mode}"]["rounds_us"],
                strict=True,
            )
        )
        assert ratio["min"] == pytest.approx(paired[0])
        assert ratio["median"] == pytest.approx(paired[1])
        assert ratio["max"] == pytest.approx(paired[2])
        low, high = ratio["ci95"]
        assert paired[0] <= low <= high <= paired[2]
        assert ratio["goal"] == bench.GOALS.get((top, bottom))


def test_the_goal_rows_pair_each_path_with_its_goal(
    smoke_run: tuple[str, dict[str, Any]],
) -> None:
    _, results = smoke_run
    rows = bench.goal_rows(results)
    assert [row.goal for row in rows] == ["<= 1.0x", "<= 0.9x", "<= 1.2x"]
    transport = rows[2]
    assert transport.path.startswith("explicit transport vs a bare httpx.MockTransport")
    medians = [
        entry["median"]
        for entry in results["ratios"]
        if entry["ratio"] == "fake (transport) / MockTransport"
    ]
    assert transport.measured == " / ".join(f"{m:.2f}x" for m in medians)
    assert transport.met is (max(medians) <= 1.2)


def test_every_variant_answers_the_fakes_json_and_the_fake_serves_its_own() -> None:
    loop = asyncio.new_event_loop()
    setup = bench.build()
    try:
        bench.verify(setup, loop)
    finally:
        bench.close(setup, loop)
        loop.close()
    assert len(setup.variants) == len(VARIANTS)
    assert setup.expected["userId"] == "user-1"
    assert setup.expected["integrations"]["salesforce"]["credentialStatus"] == "VALID"
    served = setup.fake.requests("getConnectedUser")
    assert len(served) == 4  # the fake's four variants, one warm-up request each
    assert {(entry.status, entry.user_id) for entry in served} == {(200, "user-1")}
    assert all(json.loads(entry.response_body) == setup.expected for entry in served)
    assert setup.fake._violations == []


def test_verify_refuses_a_variant_that_answers_something_else() -> None:
    loop = asyncio.new_event_loop()
    setup = bench.build()
    try:
        wrong = next(v for v in setup.variants if v.source == "MockTransport")
        assert isinstance(wrong.client, httpx.Client)
        wrong.client.close()
        wrong.client = httpx.Client(
            transport=httpx.MockTransport(lambda request: httpx.Response(200, json={}))
        )
        with pytest.raises(AssertionError, match="MockTransport, sync answered 200, not the fake"):
            bench.verify(setup, loop)
    finally:
        bench.close(setup, loop)
        loop.close()


@pytest.mark.parametrize("argument", ["--rounds", "--requests"])
def test_a_count_below_one_is_refused(argument: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        bench.main([argument, "0"])
    assert exit_info.value.code == 2
    assert "--rounds and --requests must be at least 1" in capsys.readouterr().err


def test_the_readme_command_runs_as_a_module_from_the_repository_root() -> None:
    finished = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_inprocess", "--rounds", "1", "--requests", "1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr
    assert "| variant | mode | median µs/request |" in finished.stdout
    assert "| fake (respx) / respx canned | sync |" in finished.stdout
