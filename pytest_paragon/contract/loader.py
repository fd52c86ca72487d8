"""Find and read the contract file once per process.

The packaged wheel carries the contract as package data; a source checkout reads it from the
repository's ``contracts/`` folder. Parsing uses PyYAML's C loader when it is available and always
loads safely (no Python tags).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from pytest_paragon.errors import ContractError

CONTRACT_FILENAME = "paragon.openapi.yaml"


def default_contract_path() -> Path:
    """Return the bundled contract: package data in a wheel, ``contracts/`` in a checkout."""
    packaged = Path(__file__).parent / "data" / CONTRACT_FILENAME
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "contracts" / CONTRACT_FILENAME


def read_document(path: Path) -> dict[str, Any]:
    """Parse ``path`` as YAML and return the mapping, raising :class:`ContractError` on failure.

    The bundled contract is trusted; any other file goes through every check of
    :mod:`pytest_paragon.files` (regular UTF-8 file, duplicate keys, depth, alias expansion).
    """
    from pytest_paragon.files import FileProblem, load_yaml, read_text

    try:
        text = read_text(path, kind="contract")
        document = load_yaml(text, path, kind="contract", trusted=_is_bundled(path))
    except FileProblem as problem:
        if not path.exists():
            raise ContractError.from_missing(path) from None
        raise ContractError(problem.report, path=path) from None
    if not isinstance(document, dict):
        raise ContractError.from_structure(
            path, "the top level", "expected a mapping", type(document).__name__
        )
    return document


def _is_bundled(path: Path) -> bool:
    try:
        return path.resolve() == default_contract_path().resolve()
    except OSError:
        return False


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
