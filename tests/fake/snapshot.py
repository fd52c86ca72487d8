"""Pinned messages: every user-facing message of the fake is compared with a file under snapshots/.

Rewrite them with ``PARAGON_UPDATE_SNAPSHOTS=1`` after an intended change, and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = os.environ.get("PARAGON_UPDATE_SNAPSHOTS") == "1"


def assert_snapshot(name: str, text: str) -> None:
    """``text`` equals the snapshot ``name`` (written instead when updating)."""
    path = SNAPSHOTS / f"{name}.txt"
    if UPDATE:
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(text + "\n", encoding="utf-8")
        return
    if not path.is_file():
        pytest.fail(f"missing snapshot {path}; write it with PARAGON_UPDATE_SNAPSHOTS=1")
    expected = path.read_text(encoding="utf-8")
    assert text + "\n" == expected, f"snapshot {path.name} differs"
