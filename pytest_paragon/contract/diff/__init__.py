"""Breaking-change diff between two Paragon contracts, optionally weighted by a client's usage.

``diff_contracts(old, new)`` compares two contracts (files or history versions such as ``2.0.6``)
and returns a :class:`DiffResult`: every change with a :class:`Severity`, the operation and the
JSON path. ``ignore`` drops reviewed changes (:mod:`~pytest_paragon.contract.diff.ignore`);
``usage`` downgrades to ``info`` the changes that hit nothing the client used
(:mod:`~pytest_paragon.contract.diff.usage`). Pure Python: no pytest in here.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pytest_paragon.contract.diff.classify import classify
from pytest_paragon.contract.diff.ignore import IgnoreRule, load_ignore, split_ignored
from pytest_paragon.contract.diff.model import Change, DiffResult, Severity
from pytest_paragon.contract.diff.render import FORMATS, render
from pytest_paragon.contract.diff.usage import Usage, load_usage, weigh

__all__ = [
    "FORMATS",
    "Change",
    "DiffResult",
    "IgnoreRule",
    "Severity",
    "Usage",
    "classify",
    "diff_contracts",
    "load_ignore",
    "load_usage",
    "render",
]


def _label(reference: str | Path, path: Path) -> str:
    return str(reference) if not Path(reference).is_file() else str(path)


def diff_contracts(
    old: str | Path,
    new: str | Path,
    *,
    ignore: Sequence[IgnoreRule] = (),
    usage: Usage | None = None,
) -> DiffResult:
    """Compare contract ``old`` with ``new`` (paths or history versions)."""
    from pytest_paragon.contract.history import resolve_contract
    from pytest_paragon.contract.loader import read_document_cached

    old_path, new_path = resolve_contract(old), resolve_contract(new)
    changes = classify(read_document_cached(old_path), read_document_cached(new_path))
    kept, ignored = split_ignored(changes, ignore)
    if usage is not None:
        kept = weigh(kept, usage)
    return DiffResult(
        old=_label(old, old_path),
        new=_label(new, new_path),
        changes=tuple(kept),
        ignored=tuple(ignored),
        usage=tuple(usage.files) if usage else (),
    )
