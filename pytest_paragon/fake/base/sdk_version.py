"""The fake's check of ``X-Paragon-SDK-Version`` against the active contract's SDK range.

Like stripe-mock's strict version check: a client whose SDK reports a version the active contract
does not describe (``info.x-paragon-sdk-range``) is testing against the wrong contract. In strict
mode (``teardown`` or ``immediate``) that is a contract violation, so the test fails; with
``strict='off'`` it is a :class:`SdkVersionWarning`. Requests without the header (SDK 2.1 and
older, REST clients) are not checked: nothing says which SDK sent them. Each version is reported
once per fake.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from functools import cached_property
from typing import TYPE_CHECKING

from pytest_paragon.contract.history import SdkRange, parse_version, sdk_range
from pytest_paragon.contract.validation import Violation
from pytest_paragon.errors import ParagonUsageError, ParagonWarning

if TYPE_CHECKING:
    from pytest_paragon.contract import Contract, Operation

HEADER = "x-paragon-sdk-version"


class SdkVersionWarning(ParagonWarning):
    """A client's SDK version is outside the active contract's range (strict mode off)."""


class SdkVersionCheck:
    """Compares each request's SDK version with the range of one contract."""

    def __init__(self, contract: Contract) -> None:
        """Check against ``contract``'s SDK range (found on the first request that has one)."""
        self.contract = contract
        self.contract_version = str((contract.document.get("info") or {}).get("version", "?"))
        self.reported: set[str] = set()
        self.seen: dict[str, int] = {}
        """Versions the clients reported, with how many requests carried each."""

    @cached_property
    def range(self) -> SdkRange:
        """The contract's SDK range: finding it may read a frozen contract, so only when asked."""
        return sdk_range(self.contract)

    def check(self, operation: Operation, headers: Mapping[str, str]) -> Violation | None:
        """The violation for this request's SDK version, once per version; else ``None``."""
        version = headers.get(HEADER)
        if not version:
            return None
        self.seen[version] = self.seen.get(version, 0) + 1
        if version in self.reported:
            return None
        try:
            inside = parse_version(version) in self.range
        except ParagonUsageError:
            inside = False
        if inside:
            return None
        self.reported.add(version)
        return Violation(
            operation.label,
            "header X-Paragon-SDK-Version",
            f"the client's SDK {version} is outside the active contract's range "
            f"{self.range.text} (contract {self.contract_version}); choose the contract with "
            f"--paragon-sdk-version {version} or pytest-paragon diff {self.contract_version} "
            "NEW to see what changed",
            "#/info/x-paragon-sdk-range",
            version,
        )

    @staticmethod
    def warn(violation: Violation) -> None:
        """Emit ``violation`` as a :class:`SdkVersionWarning` (strict mode off)."""
        warnings.warn(violation.message, SdkVersionWarning, stacklevel=4)
