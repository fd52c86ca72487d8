"""Project files through ``files.py``, from the API and from ``serve``: one line, never a hang.

Also: every file pytest-paragon writes goes through the atomic writer (checked over the source,
so a new writer cannot bypass it).
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest

from pytest_paragon.errors import ParagonError
from pytest_paragon.fake.base.project import load_project
from tests.security.test_files import BOMB

ROOT = Path(__file__).resolve().parents[2]
TWO_SALESFORCE = """\
integrations:
  - type: salesforce
    name: Salesforce
  - type: salesforce
    name: Salesforce again
"""


def _cases(tmp_path: Path) -> list[tuple[Path, str]]:
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    files = {
        "latin1.yaml": (b"id: caf\xe9\n", "not UTF-8"),
        "bomb.yaml": (BOMB.encode(), "alias"),
        "duplicate-key.yaml": (b"id: a\nid: b\n", "duplicate key 'id'"),
        "huge-int.yaml": (b"integrations: " + b"9" * 5000 + b"\n", "integer"),
        "deep.json": (b"[" * 5000 + b"]" * 5000, "nested"),
        "nan.json": (b'{"integrations": NaN}', "NaN"),
        "two-types.yaml": (TWO_SALESFORCE.encode(), "'salesforce' is declared twice"),
    }
    cases = [(fifo, "FIFO"), (tmp_path, "directory"), (Path("/dev/zero"), "device")]
    for name, (content, expected) in files.items():
        path = tmp_path / name
        path.write_bytes(content)
        cases.append((path, expected))
    return cases


def test_every_bad_project_file_is_one_error_naming_it(tmp_path: Path) -> None:
    for path, expected in _cases(tmp_path):
        with pytest.raises(ParagonError) as caught:
            load_project(path)
        message = str(caught.value)
        assert expected in message, (path, message)
        assert str(path) in message, (path, message)


def test_serve_gives_one_line_for_each_and_does_not_block(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from pytest_paragon.cli import main

    for path, expected in _cases(tmp_path):
        key_out = tmp_path / "never-written.pem"
        code = main(
            ["serve", "--port", "0", "--project-file", str(path), "--signing-key-out", str(key_out)]
        )
        assert code != 0
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1, err
        assert expected in err[0], err
        assert "Traceback" not in err[0]
        assert not key_out.exists()


def test_a_good_project_file_still_loads(tmp_path: Path) -> None:
    path = tmp_path / "project.yaml"
    path.write_text("integrations:\n  - type: salesforce\n    name: Salesforce\n", encoding="utf-8")
    assert [i.type for i in load_project(path).integrations] == ["salesforce"]


def _writes(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        function = node.func
        name = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")
        if name in ("write_text", "write_bytes"):
            found.append(f"{name}() at line {node.lineno}")
        if name in ("open", "fdopen") and len(node.args) >= 2:
            mode = node.args[1]
            if (
                isinstance(mode, ast.Constant)
                and isinstance(mode.value, str)
                and set(mode.value) & set("wax+")
            ):
                found.append(f"open(..., {mode.value!r}) at line {node.lineno}")
        for keyword in node.keywords:
            if (
                name == "open"
                and keyword.arg == "mode"
                and isinstance(keyword.value, ast.Constant)
                and set(str(keyword.value.value)) & set("wax+")
            ):
                found.append(f"open(mode={keyword.value.value!r}) at line {node.lineno}")
    return found


def test_every_file_written_goes_through_the_atomic_writer() -> None:
    """Keys, coverage JSON, diff reports: only ``files.write_atomically`` opens files to write."""
    offenders = {}
    for source in sorted((ROOT / "pytest_paragon").rglob("*.py")):
        if source.name == "files.py" and source.parent.name == "pytest_paragon":
            continue
        writes = _writes(ast.parse(source.read_text(encoding="utf-8")))
        if writes:
            offenders[str(source.relative_to(ROOT))] = writes
    assert offenders == {}
    assert _writes(ast.parse("open(p, 'w')\nPath(p).write_text('x')"))  # the scan finds both
