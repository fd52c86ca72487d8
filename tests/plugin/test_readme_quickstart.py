"""The README's quickstart runs as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[2] / "README.md"


def test_quickstart_passes(pytester: pytest.Pytester) -> None:
    section = README.read_text(encoding="utf-8").split("## Quickstart", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, flags=re.S)
    assert code is not None
    pytester.makepyfile(test_quickstart=code.group(1))
    pytester.runpytest_subprocess("-p", "paragon").assert_outcomes(passed=3)


def test_project_example_loads(tmp_path: Path) -> None:
    from pytest_paragon.fake.base.project import load_project

    section = README.read_text(encoding="utf-8").split("## Declaring a project", 1)[1]
    block = re.search(r"```yaml\n(.*?)```", section, flags=re.S)
    assert block is not None
    path = tmp_path / "project.yaml"
    path.write_text(block.group(1))
    project = load_project(path)
    salesforce = project.integration("salesforce")
    assert salesforce is not None
    assert [w.request_trigger for w in salesforce.workflows] == [False, True, False]


def test_headless_connect_example_passes(pytester: pytest.Pytester) -> None:
    section = README.read_text(encoding="utf-8").split("## Testing a headless Connect UI", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, flags=re.S)
    assert code is not None
    pytester.makepyfile(test_wizard=code.group(1))
    pytester.runpytest_subprocess("-p", "paragon").assert_outcomes(passed=2)


def test_seeding_example_passes(pytester: pytest.Pytester) -> None:
    section = README.read_text(encoding="utf-8").split("## Seeding and reading state", 1)[1]
    own = section.split("\n## ", 1)[0].split("\n### One seeding", 1)[0]  # snapshots: below
    blocks = re.findall(r"```python\n(.*?)```", own, flags=re.S)
    assert len(blocks) == 2
    pytester.makepyfile(test_seeding="\n\n".join(reversed(blocks)))  # the imports first
    result = pytester.runpytest_subprocess("-p", "paragon", "--paragon-validate-responses=true")
    result.assert_outcomes(passed=3)


def test_snapshot_example_passes(pytester: pytest.Pytester) -> None:
    section = README.read_text(encoding="utf-8").split("### One seeding, many examples", 1)[1]
    code = re.search(r"```python\n(.*?)```", section.split("\n## ", 1)[0], flags=re.S)
    assert code is not None
    pytester.makepyfile(test_snapshots=code.group(1))
    result = pytester.runpytest_subprocess("-p", "paragon", "--paragon-validate-responses=true")
    result.assert_outcomes(passed=1)


def test_own_token_minting_example_passes(pytester: pytest.Pytester) -> None:
    section = README.read_text(encoding="utf-8").split("## Tokens", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, flags=re.S)
    example = next(block for block in blocks if "def test_our_backend_tokens_are_accepted" in block)
    pytester.makepyfile(test_minting=example)
    pytester.runpytest_subprocess("-p", "paragon").assert_outcomes(passed=1)
