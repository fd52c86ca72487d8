"""What replaying a cassette works out once per content: each response's bytes, each verdict.

Replaying an interaction the first time checks it against the contract and encodes its JSON body;
both depend only on the cassette's text and the contract. A cassette replayed again in the same
process (shared by ``name=``, a parametrized test, a rerun) finds them here: keyed by the SHA-256
of the file's text (an edited cassette is a new key) and held per contract object (weakly: a
contract that is gone takes its entries with it). Bounded: the latest :data:`LIMIT` cassettes per
contract, of at most :data:`LARGEST` characters each.
"""

from __future__ import annotations

import hashlib
import weakref
from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from pytest_paragon.contract.validation import Violation

LIMIT = 64
LARGEST = 1_000_000


class Prepared:
    """One cassette text's replay results so far, by interaction index."""

    def __init__(self) -> None:
        """Nothing worked out yet."""
        self.responses: dict[int, tuple[int, Mapping[str, str], bytes]] = {}
        """``(status, headers, body)`` of each replayed response (placeholders not filled)."""
        self.verdicts: dict[int, list[Violation]] = {}
        """The contract violations of each replayed interaction (empty: it conforms)."""


_BY_CONTRACT: weakref.WeakKeyDictionary[Any, OrderedDict[str, Prepared]] = (
    weakref.WeakKeyDictionary()
)
_WITHOUT_CONTRACT: OrderedDict[str, Prepared] = OrderedDict()


def prepared(text: str | None, contract: Any) -> Prepared:
    """The shared results of the cassette ``text`` under ``contract`` (a fresh one for ``None``).

    ``text`` is ``None`` for what is not one of our cassettes as stored (a VCR.py cassette,
    converted and redacted as it is read): its results are never shared.
    """
    if text is None or len(text) > LARGEST:
        return Prepared()
    table = (
        _WITHOUT_CONTRACT if contract is None else _BY_CONTRACT.setdefault(contract, OrderedDict())
    )
    key = hashlib.sha256(text.encode("utf-8")).hexdigest()
    found = table.get(key)
    if found is not None:
        table.move_to_end(key)
        return found
    found = table[key] = Prepared()
    if len(table) > LIMIT:
        table.popitem(last=False)
    return found
