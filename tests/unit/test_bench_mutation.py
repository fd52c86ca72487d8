"""The mutation benchmark's set-up (mutmut itself runs only on demand: minutes, not CI)."""

from __future__ import annotations

from pathlib import Path

from benchmarks import bench_mutation as bench


def test_the_scratch_copy_mutates_the_client_alone_with_one_suite(tmp_path: Path) -> None:
    where = bench._scratch("tests_readme_way", tmp_path)
    config = (where / "setup.cfg").read_text(encoding="utf-8")
    assert "only_mutate = examples/paragon_client/client.py" in config
    assert "test_selection = examples/paragon_client/tests_readme_way/" in config
    package = where / "examples" / "paragon_client"
    assert (package / "client.py").read_bytes() == (bench.EXAMPLE / "client.py").read_bytes()
    assert (package / "tests_readme_way" / "test_client.py").is_file()
    assert not (package / "tests_pytest_httpx").exists(), "one suite per run"


def test_the_readme_way_suite_has_at_most_two_thirds_of_the_lines() -> None:
    readme, httpx = (bench.suite_lines(suite) for suite in bench.SUITES)
    assert readme * 3 <= httpx * 2, (readme, httpx)
