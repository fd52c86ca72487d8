"""The `pytest-paragon` command: --version, --help and `contract`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pytest_paragon import __version__
from pytest_paragon.cli import main


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.strip() == f"pytest-paragon {__version__}"


def test_help_names_the_contract_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "contract" in capsys.readouterr().out


def test_console_script_is_installed() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pytest_paragon", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == f"pytest-paragon {__version__}"


def test_contract_lists_every_operation_and_says_valid(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["contract", "--format", "json"]) == 0
    out, err = capsys.readouterr()
    rows = json.loads(out)  # stdout is the JSON alone; the summary line goes to stderr
    assert len(rows) >= 58
    assert {"endpoint", "operationId", "method", "path", "sdkMethods"} <= set(rows[0])
    assert "valid;" in err.splitlines()[-1]


def test_contract_with_broken_yaml_names_file_line_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("openapi: 3.1.0\ninfo:\n  title: [unclosed\n  version: 1\n")
    assert main(["contract", "--contract-file", str(broken)]) == 1
    err = capsys.readouterr().err
    assert f"{broken}:" in err
    assert "Cannot load the contract: not valid YAML" in err
    assert broken.read_text().startswith("openapi: 3.1.0")  # nothing was rewritten


def test_contract_with_dangling_ref_names_the_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dangling = tmp_path / "dangling.yaml"
    dangling.write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n"
        "      operationId: getX\n      responses:\n        '200':\n          description: ok\n"
        "          content:\n            application/json:\n"
        "              schema: {$ref: '#/components/schemas/Missing'}\n"
    )
    assert main(["contract", "--contract-file", str(dangling), "--quiet"]) == 1
    captured = capsys.readouterr()
    assert "#/paths/~1x" not in captured.err  # places are readable paths, not pointer-escaped
    assert "#/paths//x/get/responses/200/content/application/json/schema" in captured.err
    assert "'#/components/schemas/Missing' does not resolve" in captured.err
    assert "INVALID" in captured.out


def test_facade_names_import_lazily() -> None:
    import pytest_paragon

    for name in pytest_paragon.__all__:
        assert getattr(pytest_paragon, name) is not None, name
    with pytest.raises(AttributeError):
        pytest_paragon.NoSuchName  # noqa: B018
