"""The bundled contract's parsed form is cached by content hash."""

from __future__ import annotations

import marshal
from pathlib import Path

import pytest

from pytest_paragon.contract import loader


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("PYTEST_PARAGON_CACHE_DIR", str(folder))
    return folder


def test_the_parsed_form_is_written_once_and_read_back(cache: Path) -> None:
    bundled = loader.default_contract_path()
    parsed = loader._read_bundled(bundled)
    assert parsed == loader.read_document(bundled)
    (written,) = cache.iterdir()
    written.write_bytes(marshal.dumps({"openapi": "from the cache"}))
    assert loader._read_bundled(bundled) == {"openapi": "from the cache"}


def test_an_edited_contract_is_parsed_again(cache: Path, tmp_path: Path) -> None:
    bundled = loader.default_contract_path()
    loader._read_bundled(bundled)
    edited = tmp_path / "paragon.openapi.yaml"
    edited.write_text(bundled.read_text(encoding="utf-8") + "\nx-edited: true\n", encoding="utf-8")
    assert loader._read_bundled(edited)["x-edited"] is True
    assert len(list(cache.iterdir())) == 2


def test_a_corrupt_or_unwritable_cache_only_costs_a_parse(cache: Path) -> None:
    bundled = loader.default_contract_path()
    loader._read_bundled(bundled)
    (written,) = cache.iterdir()
    written.write_bytes(b"not marshal")
    assert loader._read_bundled(bundled) == loader.read_document(bundled)
