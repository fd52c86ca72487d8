"""The README's "The wire at hand": its answers run as written, its hosts table is the fake's."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[2] / "README.md"


def section() -> str:
    return (
        README.read_text(encoding="utf-8").split("## The wire at hand", 1)[1].split("\n## ", 1)[0]
    )


def test_the_answers_run_as_written(pytester: pytest.Pytester) -> None:
    (code,) = re.findall(r"```python\n(.*?)```", section(), flags=re.S)
    tests = len(re.findall(r"^(?:async )?def test_", code, flags=re.M))
    assert tests >= 9
    pytester.makepyfile(test_wire=code)
    result = pytester.runpytest_subprocess("-p", "paragon", "--paragon-validate-responses=true")
    result.assert_outcomes(passed=tests)


def _table() -> dict[str, set[str]]:
    table = section().split("<!-- hosts-table -->", 1)[1].split("<!-- /hosts-table -->", 1)[0]
    hosts_of: dict[str, set[str]] = {}
    for row in table.strip().splitlines()[2:]:
        hosts, operations = (cell.strip() for cell in row.strip("|").split("|"))
        labels = {f"{label}useparagon.com" for label in re.findall(r"`([^`]+)`", hosts)}
        for operation in re.findall(r"`([^`]+)`", operations):
            assert operation not in hosts_of, f"{operation} is in two rows"
            hosts_of[operation] = labels
    return hosts_of


def test_the_hosts_table_is_the_fakes_routing() -> None:
    """Derived from the fake of the default SDK version, so it follows any change of routing."""
    from pytest_paragon.contract_show import answering_hosts
    from pytest_paragon.fake.core import FakeParagon

    fake = FakeParagon(strict="off")
    routed = {op.operation_id: set(answering_hosts(fake, op)) for op in fake.contract.operations}
    assert len(routed) == 71
    assert _table() == routed
