"""Find and read the contract file once per process.

The packaged wheel carries the contract as package data; a source checkout reads it from the
repository's ``contracts/`` folder. Parsing uses PyYAML's C loader when it is available and always
loads safely (no Python tags).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

from pytest_paragon.errors import ContractError

CONTRACT_FILENAME = "paragon.openapi.yaml"

_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def default_contract_path() -> Path:
    """Return the bundled contract: package data in a wheel, ``contracts/`` in a checkout."""
    packaged = Path(__file__).parent / "data" / CONTRACT_FILENAME
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "contracts" / CONTRACT_FILENAME


def read_document(path: Path) -> dict[str, Any]:
    """Parse ``path`` as YAML and return the mapping, raising :class:`ContractError` on failure."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContractError.from_missing(path) from None
    try:
        document = yaml.load(text, Loader=_SafeLoader)
    except yaml.YAMLError as exc:
        raise ContractError.from_yaml_error(path, exc) from None
    if not isinstance(document, dict):
        raise ContractError.from_structure(
            path, "the top level", "expected a mapping", type(document).__name__
        )
    return document


@functools.lru_cache(maxsize=8)
def _read_cached(path: Path, _mtime_ns: int) -> dict[str, Any]:
    return read_document(path)


def read_document_cached(path: Path) -> dict[str, Any]:
    """Like :func:`read_document`, cached per file path and modification time."""
    try:
        mtime = path.stat().st_mtime_ns
    except FileNotFoundError:
        raise ContractError.from_missing(path) from None
    return _read_cached(path.resolve(), mtime)
