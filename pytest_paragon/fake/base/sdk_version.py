"""The fake's reading of ``X-Paragon-SDK-Version``: follow it (``auto``) or check it (a version).

SDK 2.2.3 and later name their version in every Connect request. With ``sdk_version='auto'`` the
fake answers each such request with the frozen contract of ``contracts/history/`` whose range holds
that version (``2.2.4-experimental.2`` is 2.2.4), and requests without the header (SDK 2.1.1 and
older, REST clients) with its own contract. With a pinned contract (a version, a contract file, or
a fake built on a contract) a client whose version is outside that contract's range is testing
against the wrong contract, like stripe-mock's strict version check: in strict mode (``teardown``
or ``immediate``) a contract violation, so the test fails; with ``strict='off'`` a
:class:`SdkVersionWarning`. In both modes a version no frozen contract describes is reported,
naming the versions that exist. Each version is reported once per fake.
"""

from __future__ import annotations

import functools
import warnings
import weakref
from collections.abc import Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any, NamedTuple

from pytest_paragon.contract.history import (
    AUTO,
    SdkRange,
    describe_ranges,
    find_contract_for_sdk,
    parse_version,
    sdk_range,
)
from pytest_paragon.contract.servers import HostFamilies, families_of
from pytest_paragon.contract.validation import (
    RequestChecker,
    Violation,
    checker_of,
    validators_of,
)
from pytest_paragon.errors import ParagonUsageError, ParagonWarning

if TYPE_CHECKING:
    from pytest_paragon.contract import Contract, Operation

HEADER = "x-paragon-sdk-version"


class SdkVersionWarning(ParagonWarning):
    """A client's SDK version is outside the active contract's range (strict mode off)."""


class SdkVersionCheck:
    """Compares each request's SDK version with the range of one contract, or follows it."""

    def __init__(self, contract: Contract, *, follow: bool = False) -> None:
        """Check against ``contract``'s SDK range; ``follow``: serve each known version's own."""
        self.contract = contract
        self.follow = follow
        self.contract_version = str((contract.document.get("info") or {}).get("version", "?"))
        self.reported: set[str] = set()
        self.seen: dict[str, int] = {}
        """Versions the clients reported, with how many requests carried each."""
        self._followed: dict[str, Contract | None] = {}

    @cached_property
    def range(self) -> SdkRange:
        """The contract's SDK range: finding it may read a frozen contract, so only when asked."""
        return sdk_range(self.contract)

    def contract_for(self, headers: Mapping[str, str]) -> Contract:
        """The contract that answers a request with these headers (always the fake's if pinned)."""
        version = headers.get(HEADER)
        if not self.follow or not version:
            return self.contract
        if version not in self._followed:
            self._followed[version] = self._frozen(version)
        return self._followed[version] or self.contract

    def _frozen(self, version: str) -> Contract | None:
        from pytest_paragon.contract import load_contract

        try:
            if parse_version(version) in self.range:
                return self.contract  # the fake's own contract already describes it
        except ParagonUsageError:
            return None
        path = find_contract_for_sdk(version)
        return load_contract(path) if path is not None else None

    def check(self, operation: Operation, headers: Mapping[str, str]) -> Violation | None:
        """The violation for this request's SDK version, once per version; else ``None``."""
        version = headers.get(HEADER)
        if not version:
            return None
        self.seen[version] = self.seen.get(version, 0) + 1
        if version in self.reported:
            return None
        message = self._problem(version)
        if message is None:
            return None
        self.reported.add(version)
        return Violation(
            operation.label,
            "header X-Paragon-SDK-Version",
            message,
            "#/info/x-paragon-sdk-range",
            version,
        )

    def _problem(self, version: str) -> str | None:
        try:
            parsed = parse_version(version)
        except ParagonUsageError:
            return (
                f"the client's X-Paragon-SDK-Version {version!r} is not an SDK version "
                "(MAJOR.MINOR.PATCH with optional -prerelease); is it a real @useparagon/connect?"
            )
        if parsed in self.range:
            return None
        known = find_contract_for_sdk(version) is not None
        if not known:
            return (
                f"no frozen contract describes the client's SDK {version} (the contracts: "
                f"{describe_ranges()}); pass `--paragon-contract-file FILE` with a contract "
                f"whose info.x-paragon-sdk-range holds {parsed.text}"
            )
        if self.follow:
            return None
        return (
            f"the client's SDK {version} is outside the active contract's range "
            f"{self.range.text} (contract {self.contract_version}); choose its contract with "
            f"`--paragon-sdk-version {version}` (serve: `pytest-paragon serve --sdk-version "
            f"{version}`) or follow the header with `--paragon-sdk-version {AUTO}`; "
            f"`pytest-paragon diff {self.contract_version} {version}` shows what changed"
        )

    @staticmethod
    def warn(violation: Violation) -> None:
        """Emit ``violation`` as a :class:`SdkVersionWarning` (strict mode off)."""
        warnings.warn(violation.message, SdkVersionWarning, stacklevel=4)


class View(NamedTuple):
    """One contract the fake answers with, and what the fake derives from it."""

    contract: Contract
    checker: RequestChecker
    hosts: HostFamilies
    validators: Any


class ContractViews:
    """The fake's own :class:`View`, and one per frozen contract it followed a client to."""

    def __init__(
        self,
        contract: Contract,
        checker: RequestChecker,
        hosts: HostFamilies,
        check: SdkVersionCheck,
    ) -> None:
        """Answer with the fake's own view unless ``check`` follows a request's SDK elsewhere."""
        self.own = View(contract, checker, hosts, checker.validators)
        self.own_ids = _operation_ids(contract)
        self.check = check
        self._views: dict[int, View] = {}

    def for_headers(self, headers: Mapping[str, str]) -> View:
        """The view that answers a request with ``headers``."""
        contract = self.check.contract_for(headers)
        if contract is self.own.contract:
            return self.own
        view = self._views.get(id(contract))
        if view is None:
            validators = validators_of(contract)
            checker = checker_of(contract)
            view = self._views[id(contract)] = View(
                contract, checker, families_of(contract), validators
            )
        return view

    def operation_ids(self) -> frozenset[str]:
        """The own contract's ids, and every frozen contract's when following (the journal's)."""
        own = self.own_ids
        if not self.check.follow:
            return own
        from pytest_paragon.contract.history import history_versions, load_history

        ids = {op.operation_id for v in history_versions() for op in load_history(v).operations}
        return own | ids


def serving(contract: Contract | None, sdk_version: str | None) -> Contract:
    """The fake's own contract: ``contract``, else the frozen one of a pinned ``sdk_version``."""
    from pytest_paragon.contract import load_contract
    from pytest_paragon.contract.history import contract_for_sdk

    if sdk_version not in (None, AUTO) and (contract is None or is_bundled(contract)):
        return load_contract(contract_for_sdk(str(sdk_version)))  # a contract file is kept
    return contract or load_contract()


_IDS: weakref.WeakKeyDictionary[Contract, frozenset[str]] = weakref.WeakKeyDictionary()


def _operation_ids(contract: Contract) -> frozenset[str]:
    """``contract``'s operation ids, once per contract (every fake asks)."""
    found = _IDS.get(contract)
    if found is None:
        found = _IDS[contract] = frozenset(op.operation_id for op in contract.operations)
    return found


def is_bundled(contract: Contract) -> bool:
    """Whether ``contract`` is the bundled one (``auto`` follows the SDK only from there)."""
    if contract.path is None:
        return False
    return _is_bundled_path(str(contract.path))


@functools.lru_cache(maxsize=64)
def _is_bundled_path(path: str) -> bool:
    # Resolving two paths costs a dozen system calls; every fake asks, with the same few paths.
    from pathlib import Path

    from pytest_paragon.contract.loader import default_contract_path

    return Path(path).resolve() == default_contract_path().resolve()
