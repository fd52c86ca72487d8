"""Hostile and broken files: one clear error naming the file and the place, never a hang."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from pytest_paragon.contract import load_contract
from pytest_paragon.errors import ContractError
from pytest_paragon.files import (
    MAX_DEPTH,
    FileProblem,
    clean_stale_temporaries,
    load_data_file,
    load_json,
    load_yaml,
    read_text,
    write_atomically,
)

BOMB = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]\n" for a, b in zip("abcdefgh", "bcdefghi", strict=True)
)


def test_the_billion_laughs_is_refused_quickly() -> None:
    assert len(BOMB) < 700
    with pytest.raises(FileProblem, match="alias bomb") as caught:
        load_yaml(BOMB, "project.yaml", kind="project file")
    assert "project.yaml:" in str(caught.value)


def test_harmless_aliases_load() -> None:
    assert load_yaml("a: &x {k: 1}\nb: *x\n", "f.yaml") == {"a": {"k": 1}, "b": {"k": 1}}


def test_duplicate_keys_are_refused_with_both_lines() -> None:
    with pytest.raises(FileProblem) as caught:
        load_yaml("name: a\nother: 1\nname: b\n", "p.yaml")
    message = str(caught.value)
    assert "found duplicate key 'name' (first at line 1)" in message
    assert "where: p.yaml:3:1" in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), f"nested deeper than {MAX_DEPTH} levels"),
        ("n: " + "9" * 5000, "integer too large (value has 5000 digits)"),
        ("a: [1, 2\n", "not valid YAML"),
        ("a: !!python/object/apply:os.system ['true']\n", "not valid YAML"),
    ],
    ids=["deep", "huge-int", "broken", "python-tag"],
)
def test_bad_yaml_is_one_error(text: str, expected: str) -> None:
    with pytest.raises(FileProblem, match="Cannot load the file") as caught:
        load_yaml(text, "f.yaml")
    assert expected in str(caught.value)
    assert "sys.set_int_max_str_digits" not in str(caught.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"a": NaN}', "NaN is not JSON"),
        ('{"a": Infinity}', "Infinity is not JSON"),
        ("[" * 200 + "]" * 200, "nested deeper than"),
        ("9" * 5000, "integer too large (value has 5000 digits)"),
        ('{"a": 1', "not valid JSON"),
    ],
    ids=["nan", "infinity", "deep", "huge-int", "broken"],
)
def test_bad_json_is_one_error(text: str, expected: str) -> None:
    with pytest.raises(FileProblem) as caught:
        load_json(text, "f.json")
    assert expected in str(caught.value)


def test_a_directory_a_device_and_a_fifo_are_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "project.yaml"
    os.mkfifo(fifo)
    for path, expected in [
        (tmp_path, "it is a directory"),
        (Path("/dev/zero"), "it is not a regular file (a device)"),
        (fifo, "it is not a regular file (a FIFO)"),
        (tmp_path / "missing.yaml", "no such file"),
    ]:
        with pytest.raises(FileProblem) as caught:
            read_text(path, kind="project file")
        assert expected in str(caught.value)
        assert f"where: {path}" in str(caught.value)


def test_non_utf8_names_the_line_and_offset(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"a: 1\nb: caf\xe9\n")
    with pytest.raises(FileProblem) as caught:
        load_data_file(path)
    assert "not UTF-8 text: byte 0xe9 at offset 11" in str(caught.value)
    assert f"where: {path}:2" in str(caught.value)


def test_a_user_contract_gets_the_same_checks(tmp_path: Path) -> None:
    path = tmp_path / "contract.yaml"
    path.write_text("openapi: 3.1.0\nopenapi: 3.1.1\n")
    with pytest.raises(ContractError, match="duplicate key 'openapi'"):
        load_contract(path)
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    with pytest.raises(ContractError, match="not a regular file"):
        load_contract(fifo)


def test_write_atomically_replaces_and_keeps_the_mode(tmp_path: Path) -> None:
    target = tmp_path / "key.pem"
    target.write_bytes(b"old")
    write_atomically(target, b"new", mode=0o600)
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["key.pem"]


WRITER = textwrap.dedent(
    """
    import os, sys, time
    from pytest_paragon import files

    def stall(*args):  # the process is killed here: after the data, before the rename
        print("ready", flush=True)
        time.sleep(60)

    os.replace = stall
    files.write_atomically(sys.argv[1], b"N" * 1_000_000)
    """
)


def test_a_writer_killed_before_the_rename_leaves_the_old_file_and_its_leftover_is_cleaned(
    tmp_path: Path,
) -> None:
    target = tmp_path / "paragon-signing-key.pem"
    target.write_bytes(b"the old key")
    with subprocess.Popen(
        [sys.executable, "-c", WRITER, str(target)], stdout=subprocess.PIPE, text=True
    ) as process:
        try:
            assert process.stdout is not None
            assert process.stdout.readline().strip() == "ready"
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
        finally:
            process.kill()
    assert target.read_bytes() == b"the old key"
    leftovers = [p for p in tmp_path.iterdir() if p != target]
    assert len(leftovers) == 1
    assert leftovers[0].name.startswith(f".{target.name}.{process.pid}.")
    assert clean_stale_temporaries(target) == leftovers
    assert list(tmp_path.iterdir()) == [target]


def test_a_live_writers_temporary_is_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "cassette.yaml"
    mine = tmp_path / f".{target.name}.{os.getpid()}.abc.partial"
    mine.write_bytes(b"in progress")
    assert clean_stale_temporaries(target) == []
    assert mine.exists()


def test_a_key_file_readable_by_others_and_a_weak_key_warn(tmp_path: Path) -> None:
    from cryptography.hazmat.primitives.asymmetric import rsa

    from pytest_paragon.tokens import SigningKey, SigningKeyWarning

    path = tmp_path / "key.pem"
    path.write_bytes(SigningKey.generate().private_pem())
    path.chmod(0o644)
    with pytest.warns(SigningKeyWarning, match="readable by other users"):
        SigningKey.from_file(path)
    weak = SigningKey(rsa.generate_private_key(public_exponent=65537, key_size=1024))
    write_atomically(path, weak.private_pem())
    with pytest.warns(SigningKeyWarning, match="1024 bits is too weak"):
        SigningKey.from_file(path)


@pytest.mark.parametrize("ttl", ["inf", "nan", "1e400", "-5", "0"])
def test_token_refuses_a_ttl_that_is_not_a_number_of_seconds(
    tmp_path: Path, ttl: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from pytest_paragon.cli import main
    from pytest_paragon.tokens import SigningKey

    key = tmp_path / "key.pem"
    write_atomically(key, SigningKey.generate().private_pem())
    project = "3f9a1c52-0000-4000-8000-2e5f8a0b1d47"
    with pytest.raises(SystemExit) as exited:
        main(
            [
                "token",
                "--signing-key",
                str(key),
                "--project-id",
                project,
                "--sub",
                "u",
                "--ttl",
                ttl,
            ]
        )
    assert exited.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "--ttl" in err[0]
    assert "not a number of seconds" in err[0]


def test_token_refuses_an_empty_sub(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from pytest_paragon.cli import main
    from pytest_paragon.tokens import SigningKey

    key = tmp_path / "key.pem"
    write_atomically(key, SigningKey.generate().private_pem())
    project = "3f9a1c52-0000-4000-8000-2e5f8a0b1d47"
    with pytest.raises(SystemExit):
        main(["token", "--signing-key", str(key), "--project-id", project, "--sub", " "])
    assert "the Connected User id must not be empty" in capsys.readouterr().err
