"""Frozen contracts per modelled SDK version (``contracts/history/``) and SDK version ranges.

Each history contract names the SDK versions it describes twice: ``info.version`` (the version it
was modelled on) and ``info.x-paragon-sdk-range`` (a space-separated list of comparators such as
``>=2.0.0 <2.2.0``). ``resolve_contract("2.0.6")`` accepts a history version or a file path, as
``pytest-paragon diff`` and ``--paragon-sdk-version`` do.
"""

from __future__ import annotations

import difflib
import re
import weakref
from dataclasses import dataclass
from pathlib import Path

from pytest_paragon.contract.document import Contract
from pytest_paragon.errors import ParagonUsageError, Report

FILENAME_PATTERN = re.compile(r"^paragon-(?P<version>\d+\.\d+\.\d+)\.openapi\.yaml$")
_VERSION = re.compile(r"^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$")
_COMPARATOR = re.compile(r"^(>=|<=|>|<|=)?(.+)$")
PUBLISHED = ("1.0.40", "2.0.6", "2.1.1", "2.2.3", "2.2.4", "2.4.0")
"""The newest published ``@useparagon/connect`` of each line (``npm view ... versions``); the
registry also has 1.0.3 to 1.0.29. The stable 2.2.3 and 2.2.4 tarballs report themselves as
``2.2.3-experimental.4`` and ``2.2.4-experimental.2``."""
AUTO = "auto"
"""The ``sdk_version`` value that follows each request's ``X-Paragon-SDK-Version``."""


def history_dir() -> Path:
    """The history folder: package data in a wheel, ``contracts/history`` in a checkout."""
    packaged = Path(__file__).parent / "data" / "history"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "contracts" / "history"


def history_versions() -> list[str]:
    """Every SDK version with a frozen contract, oldest first."""
    found = []
    for path in history_dir().glob("paragon-*.openapi.yaml"):
        match = FILENAME_PATTERN.match(path.name)
        if match:
            found.append(match["version"])
    return sorted(found, key=lambda text: parse_version(text).key)


def history_path(version: str) -> Path:
    """The frozen contract of SDK ``version``; a usage error naming the known versions if none."""
    known = history_versions()
    if version not in known:
        nearest = difflib.get_close_matches(version, known, n=1, cutoff=0.0)
        raise ParagonUsageError(
            Report(
                what=f"no frozen contract for SDK {version!r}",
                where="contracts/history/",
                expected="one of " + ", ".join(known),
                candidates=tuple(nearest),
                remedy="give a history version or the path of a contract file",
            )
        )
    return history_dir() / f"paragon-{version}.openapi.yaml"


def resolve_contract(reference: str | Path) -> Path:
    """A contract file from ``reference``: an existing path, else an SDK version.

    A version picks the frozen contract whose range holds it (``2.2.4-experimental.2`` and
    ``2.2.3`` both pick the 2.2.x one), as :func:`contract_for_sdk` does.
    """
    path = Path(reference)
    if path.is_file():
        return path
    text = str(reference)
    if _VERSION.match(text.strip()):
        return contract_for_sdk(text.strip().lstrip("v"))
    raise ParagonUsageError(
        Report(
            what=f"{text!r} is neither a contract file nor an SDK version",
            expected="a path to an OpenAPI file, or an SDK version in " + describe_ranges(),
            remedy="check the path, or pick a version under contracts/history/",
        )
    )


def load_history(version: str) -> Contract:
    """The frozen contract of SDK ``version``, loaded once."""
    from pytest_paragon.contract import load_contract

    return load_contract(history_path(version))


@dataclass(frozen=True)
class SdkVersion:
    """A semantic version as the SDK reports it (``2.4.0``, ``2.2.3-experimental.4``)."""

    text: str
    numbers: tuple[int, int, int]
    prerelease: str | None

    @property
    def key(self) -> tuple[int, int, int, int]:
        """Sort key: a pre-release sorts before its release, as in semver."""
        return (*self.numbers, 0 if self.prerelease else 1)


def parse_version(text: str) -> SdkVersion:
    """Parse ``text`` as a semantic version; :class:`ParagonUsageError` if it is not one."""
    match = _VERSION.match(text.strip())
    if match is None:
        raise ParagonUsageError(
            Report(
                what=f"{text!r} is not an SDK version",
                expected="MAJOR.MINOR.PATCH, optionally with a -prerelease (2.4.0, 2.2.3-beta.1)",
            )
        )
    numbers = (int(match[1]), int(match[2]), int(match[3]))
    return SdkVersion(text.strip(), numbers, match[4])


@dataclass(frozen=True)
class SdkRange:
    """The SDK versions a contract describes: every comparator must hold (``>=2.0.0 <2.2.0``)."""

    text: str
    comparators: tuple[tuple[str, SdkVersion], ...]

    def __contains__(self, version: object) -> bool:
        """Whether ``version`` (text or :class:`SdkVersion`) satisfies every comparator.

        Pre-release and build tags are read as their version: the stable tarballs of SDK 2.2.3
        and 2.2.4 send ``2.2.3-experimental.4`` and ``2.2.4-experimental.2``, which are 2.2.3 and
        2.2.4 on the wire.
        """
        parsed = parse_version(version) if isinstance(version, str) else version
        if not isinstance(parsed, SdkVersion):
            return False
        for operator, bound in self.comparators:
            left, right = parsed.numbers, bound.numbers
            holds = {
                ">=": left >= right,
                "<=": left <= right,
                ">": left > right,
                "<": left < right,
                "=": left == right,
            }[operator]
            if not holds:
                return False
        return True


def parse_range(text: str) -> SdkRange:
    """Parse a space-separated comparator list; a bare version means ``=``."""
    comparators = []
    for part in text.split():
        match = _COMPARATOR.match(part)
        if match is None:  # pragma: no cover - the pattern matches any non-empty text
            continue
        comparators.append((match[1] or "=", parse_version(match[2])))
    if not comparators:
        raise ParagonUsageError(Report(what=f"empty SDK range {text!r}", expected=">=2.4.0 <2.5.0"))
    return SdkRange(text, tuple(comparators))


_RANGES: weakref.WeakKeyDictionary[Contract, SdkRange] = weakref.WeakKeyDictionary()


def sdk_range(contract: Contract) -> SdkRange:
    """The SDK range of ``contract``, found once per contract object (every fake asks).

    Its ``x-paragon-sdk-range``, else the history entry of its ``info.version``, else exactly
    ``info.version``.
    """
    found = _RANGES.get(contract)
    if found is None:
        found = _RANGES[contract] = _find_sdk_range(contract)
    return found


def _find_sdk_range(contract: Contract) -> SdkRange:
    info = contract.document.get("info") or {}
    declared = info.get("x-paragon-sdk-range")
    if isinstance(declared, str):
        return parse_range(declared)
    version = str(info.get("version", ""))
    if version in history_versions():
        frozen = load_history(version).document["info"].get("x-paragon-sdk-range")
        if isinstance(frozen, str):
            return parse_range(frozen)
    return parse_range(version)


def describe_ranges() -> str:
    """Every frozen contract with its range: ``1.0.40 (>=1.0.0 <2.0.0), ...``."""
    return ", ".join(f"{v} ({sdk_range(load_history(v)).text})" for v in history_versions())


def contract_for_sdk(version: str) -> Path:
    """The history contract for SDK ``version``: the one whose range holds it.

    ``version`` may carry pre-release or build tags (``2.2.4-experimental.2`` is 2.2.4). A
    version no range holds is one usage error that names the versions that exist.
    """
    parsed = parse_version(version.lstrip("v"))
    known = history_versions()
    if parsed.text in known:
        return history_path(parsed.text)
    for candidate in reversed(known):
        if parsed in sdk_range(load_history(candidate)):
            return history_path(candidate)
    raise ParagonUsageError(
        Report(
            what=f"no frozen contract describes SDK {version}",
            expected="a version in one of: " + describe_ranges(),
            candidates=tuple(PUBLISHED),
            remedy="pick a published version (or auto), or pass --paragon-contract-file",
            anchor="upgrading-the-sdk",
        )
    )


def find_contract_for_sdk(version: str) -> Path | None:
    """Like :func:`contract_for_sdk`, but ``None`` for a version no frozen contract describes."""
    try:
        return contract_for_sdk(version)
    except ParagonUsageError:
        return None
