"""Find and read the contract file once per process.

The packaged wheel carries the contract as package data; a source checkout reads it from the
repository's ``contracts/`` folder. Parsing uses PyYAML's C loader when it is available and always
loads safely (no Python tags).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import marshal
import os
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
    if _is_bundled(path):
        return _read_bundled(path)
    return read_document(path)


PARSED_FORMAT = 1
"""Bumped when the parsed form written to the cache changes shape."""


def cache_dir() -> Path:
    """Where parsed contracts are kept: ``$PYTEST_PARAGON_CACHE_DIR``, else the user cache."""
    chosen = os.environ.get("PYTEST_PARAGON_CACHE_DIR")
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "pytest-paragon"


def _read_bundled(path: Path) -> dict[str, Any]:
    """The bundled contract, parsed once per content: YAML costs ~0.7 s, marshal ~20 ms.

    The parsed form is keyed by the SHA-256 of the file's bytes, so an edited contract is parsed
    again; an unreadable or unwritable cache only means parsing the YAML.
    """
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return read_document(path)
    cached = cache_dir() / f"contract-{PARSED_FORMAT}-{digest}.marshal"
    try:
        document = marshal.loads(cached.read_bytes())
        if isinstance(document, dict):
            return document
    except (OSError, ValueError, EOFError, TypeError):
        pass
    document = read_document(path)
    from pytest_paragon.files import write_atomically

    with contextlib.suppress(OSError, ValueError):  # atomic: no worker reads half a file
        write_atomically(cached, marshal.dumps(document), mode=0o644)
    return document


def read_document_cached(path: Path) -> dict[str, Any]:
    """Like :func:`read_document`, cached per file path and modification time."""
    try:
        mtime = path.stat().st_mtime_ns
    except FileNotFoundError:
        raise ContractError.from_missing(path) from None
    return _read_cached(path.resolve(), mtime)
