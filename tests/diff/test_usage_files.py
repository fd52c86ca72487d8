"""``pytest-paragon diff --usage FILE``: a bad usage file is one line on stderr, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from pytest_paragon.cli import main

CONTRACT = Path(__file__).resolve().parents[2] / "contracts" / "paragon.openapi.yaml"
HEAD = '{"format": "pytest-paragon-coverage", "version": 1, '


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ("{not json", "not valid JSON"),
        ('{"a": Infinity}', "Infinity"),
        (HEAD + '"operations": 7}', "operations must be a list"),
        (HEAD + '"operations": [7]}', "operations[0] is malformed"),
        (HEAD + '"operations": [{"calls": 1}]}', "operations[0] is malformed"),
        (HEAD + '"operations": [{"calls": 1, "method": "GET", "path": "/x", "statuses": 5}]}',
         "operations[0] is malformed"),
        (HEAD + '"operations": [{"calls": 1, "method": "GET", "path": "/x", '
         '"responseFields": {"used": [1]}}]}', "operations[0] is malformed"),
        ("[]", "not a pytest-paragon coverage file"),
    ],
)  # fmt: skip
def test_a_bad_usage_file_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, needle: str
) -> None:
    usage = tmp_path / "usage.json"
    usage.write_text(content, encoding="utf-8")
    status = main(["diff", str(CONTRACT), str(CONTRACT), "--usage", str(usage)])
    error = capsys.readouterr().err
    assert status == 2
    assert len(error.strip().splitlines()) == 1, error
    assert needle in error


def test_a_device_is_refused_not_read_until_memory_runs_out(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status = main(["diff", str(CONTRACT), str(CONTRACT), "--usage", "/dev/zero"])
    error = capsys.readouterr().err
    assert status == 2
    assert "not a regular file" in error
    assert len(error.strip().splitlines()) == 1
