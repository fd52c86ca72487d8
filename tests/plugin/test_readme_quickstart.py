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
    pytester.runpytest_subprocess("-p", "paragon").assert_outcomes(passed=1)
