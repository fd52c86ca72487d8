"""The README's "Faults" section: its retrying clients (httpx, aiohttp) pass against the faults."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[2] / "README.md"


def _section(title: str) -> str:
    text = README.read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", text, flags=re.M | re.S)
    assert match, title
    return match.group(1)


def test_the_retrying_clients_run_as_written(pytester: pytest.Pytester) -> None:
    (example,) = re.findall(r"```python\n(.*?)```", _section("Faults"), flags=re.S)
    pytester.makepyfile(test_retrying=example)
    result = pytester.runpytest("-p", "no:cacheprovider", "-W", "error")
    result.assert_outcomes(passed=2)


def test_the_kinds_table_names_every_kind() -> None:
    from pytest_paragon.fake.base.faults import FAULT_KINDS

    table = re.findall(r"^\| `(\w+)`", _section("Faults"), flags=re.M)
    assert tuple(table[1:]) == FAULT_KINDS  # after the header row
