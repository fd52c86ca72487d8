"""The README's strategies, client-fuzzing and webhooks sections run as written."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.fixture(scope="module")
def warm_hypothesis_storage(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One hypothesis storage directory for the subprocesses, its unicode tables built once.

    A fresh directory makes hypothesis build its character tables (the unicode categories, and
    which characters UTF-8 encodes: ``text()``'s default alphabet) during the first draw of text,
    several seconds that its own too_slow health check then blames on the strategy; a user's
    project keeps them in ``.hypothesis/`` after the first run.
    """
    storage = tmp_path_factory.mktemp("hypothesis-storage")
    env = {**os.environ, "HYPOTHESIS_STORAGE_DIRECTORY": str(storage)}
    warm = (
        "from hypothesis.internal.charmap import charmap, intervals_from_codec; "
        "charmap(); intervals_from_codec('utf-8')"
    )
    subprocess.run([sys.executable, "-c", warm], env=env, check=True, timeout=120)
    return storage


@pytest.fixture(autouse=True)
def _storage(warm_hypothesis_storage: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HYPOTHESIS_STORAGE_DIRECTORY", str(warm_hypothesis_storage))


def blocks(title: str) -> list[str]:
    text = README.read_text(encoding="utf-8")
    section = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", text, flags=re.M | re.S)
    assert section is not None, title
    return re.findall(r"```python\n(.*?)```", section.group(1), flags=re.S)


def test_strategies_section_passes(pytester: pytest.Pytester) -> None:
    (code,) = blocks("Hypothesis strategies")
    pytester.makepyfile(test_strategies_readme=code)
    pytester.runpytest_subprocess("-p", "paragon").assert_outcomes(passed=3)


def test_client_fuzzing_finds_the_parsing_bug_and_passes_once_fixed(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    buggy, fix = blocks("Verifying a client against every documented response")
    assert "deadline" not in buggy  # hypothesis' default deadline, as the README says
    # Every phase runs, explain included, as in a user's project.
    pytester.makepyfile(test_client=buggy)
    result = pytester.runpytest_subprocess("-p", "paragon", "-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*KeyError: 'providerData'*"])
    fixed = re.sub(r"def connected_accounts\(.*?\n\n\n", fix + "\n\n", buggy, count=1, flags=re.S)
    assert fixed != buggy
    # Fixed, it passes under pytest-xdist at the documented settings, as a new project runs it:
    # two workers at once, each with a cold hypothesis storage.
    pytester.makepyfile(test_client=fixed, test_client_again=fixed)
    monkeypatch.setenv("HYPOTHESIS_STORAGE_DIRECTORY", str(pytester.path / "cold-storage"))
    result = pytester.runpytest_subprocess("-p", "paragon", "-p", "no:cacheprovider", "-n", "2")
    result.assert_outcomes(passed=2)


def test_webhooks_section_passes(pytester: pytest.Pytester) -> None:
    (code,) = blocks("Webhooks")
    pytester.makepyfile(test_receiver=code)
    pytester.runpytest_subprocess("-p", "paragon").assert_outcomes(passed=2)
