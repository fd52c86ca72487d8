"""The Paragon contract: ``contracts/paragon.openapi.yaml``, loaded once and indexed.

``load_contract()`` returns the bundled contract (or the file given) as a :class:`Contract`;
``check_contract()`` raises :class:`~pytest_paragon.errors.ContractError` naming the file and the
place of the first problem.
"""

from __future__ import annotations

import functools
from pathlib import Path

from pytest_paragon.contract.checks import Problem, find_problems
from pytest_paragon.contract.document import HTTP_METHODS, Contract, Operation
from pytest_paragon.contract.loader import default_contract_path, read_document_cached
from pytest_paragon.errors import ContractError

__all__ = [
    "HTTP_METHODS",
    "Contract",
    "Operation",
    "Problem",
    "check_contract",
    "default_contract_path",
    "find_problems",
    "load_contract",
]


@functools.lru_cache(maxsize=8)
def _load(path: Path, _mtime_ns: int) -> Contract:
    return Contract(read_document_cached(path), path=path)


def load_contract(path: str | Path | None = None) -> Contract:
    """Load the contract at ``path`` (default: the bundled one), once per file version."""
    resolved = Path(path) if path is not None else default_contract_path()
    try:
        mtime = resolved.stat().st_mtime_ns
    except FileNotFoundError:
        raise ContractError.from_missing(resolved) from None
    return _load(resolved.resolve(), mtime)


def check_contract(contract: Contract) -> None:
    """Raise :class:`ContractError` for the first problem :func:`find_problems` reports."""
    problems = find_problems(contract)
    if problems:
        first = problems[0]
        more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
        raise ContractError.from_structure(
            contract.path or Path("<contract>"), first.place, first.message + more
        )
