"""``serve --signing-key-out`` never replaces a file or follows a symlink silently; a killed
write's ``.partial`` temporary goes with the next successful write."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from pytest_paragon.cli import _key_out_refused
from pytest_paragon.files import write_atomically


def test_an_existing_file_a_symlink_or_a_missing_folder_is_refused(tmp_path: Path) -> None:
    existing = tmp_path / "key.pem"
    existing.write_bytes(b"the previous key")
    link = tmp_path / "link.pem"
    link.symlink_to(tmp_path / "elsewhere.pem")
    assert "an existing file" in str(_key_out_refused(existing, False))
    assert "--replace-signing-key-out" in str(_key_out_refused(existing, False))
    assert "a symlink" in str(_key_out_refused(link, False))
    assert "does not exist" in str(_key_out_refused(tmp_path / "no" / "key.pem", True))
    assert _key_out_refused(existing, True) is None
    assert _key_out_refused(tmp_path / "fresh.pem", False) is None


def test_serve_refuses_to_overwrite_the_key_file(tmp_path: Path) -> None:
    key = tmp_path / "paragon-signing-key.pem"
    key.write_bytes(b"the previous key")
    result = subprocess.run(
        [sys.executable, "-m", "pytest_paragon", "serve", "--port", "0"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "--replace-signing-key-out" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert key.read_bytes() == b"the previous key"


def test_a_killed_writes_partial_goes_with_the_next_successful_write(tmp_path: Path) -> None:
    target = tmp_path / "key.pem"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    stale = tmp_path / f".key.pem.{dead.stdout.strip()}.abc123.partial"
    stale.write_bytes(b"half a key")
    reused = tmp_path / f".key.pem.{os.getppid()}.def456.partial"  # a live pid, an old file
    reused.write_bytes(b"half a key")
    os.utime(reused, (0, 0))
    write_atomically(target, b"the new key")
    assert target.read_bytes() == b"the new key"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["key.pem"]
