"""``pytest-paragon cassettes verify PATH...``: secrets and contract violations, as a gate.

Every cassette under the paths (files, or folders searched for ``*.yaml`` / ``*.yml``) is loaded
strictly; each interaction is scanned for anything redaction would still change (a JWT, an
``Authorization`` value, a private key, a secret-named value) and checked against the contract.
One line per problem names the file, the interaction and the place (for a violation, the schema
path); the secret itself is never printed. Fast enough for a pre-commit hook: the contract is
parsed from its cache and validators are compiled once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pytest_paragon.cassettes import format as cassette_format
from pytest_paragon.cassettes.check import violations
from pytest_paragon.cassettes.redact import JWT, PRIVATE_KEY, Redactor
from pytest_paragon.contract.document import Contract
from pytest_paragon.errors import ParagonError

SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Finding:
    """One problem of one cassette."""

    path: Path
    interaction: int | None
    kind: str  # "secret", "contract" or "file"
    message: str

    def render(self) -> str:
        """``file: interaction #i: kind: message``."""
        where = f"interaction #{self.interaction}: " if self.interaction is not None else ""
        return f"{self.path}: {where}{self.kind}: {self.message}"


def cassette_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """The cassette files named or found (recursively, sorted) under ``paths``."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from sorted(
                found
                for found in path.rglob("*")
                if found.suffix in SUFFIXES and found.is_file() and not found.name.startswith(".")
            )
        else:
            yield path


def _secret_kind(value: object) -> str:
    text = str(value)
    if JWT.search(text):
        return "a JWT"
    if PRIVATE_KEY.search(text):
        return "a private key"
    return "a secret value"


def verify_file(path: Path, contract: Contract, redactor: Redactor) -> tuple[int, list[Finding]]:
    """How many interactions one cassette file holds, and its problems."""
    from pytest_paragon.cassettes.convert import is_vcr
    from pytest_paragon.cassettes.store import parsed

    try:
        document = parsed(path)
        if is_vcr(document):
            message = "a VCR.py cassette, not redacted: `pytest-paragon cassettes convert` it"
            return 0, [Finding(path, None, "file", message)]
        interactions = cassette_format.checked(document, path)
    except ParagonError as error:
        lines = str(error).splitlines()
        where = next((line.strip() for line in lines if line.strip().startswith("where:")), "")
        return 0, [Finding(path, None, "file", f"{lines[0]} ({where})" if where else lines[0])]
    found: list[Finding] = []
    for index, interaction in enumerate(interactions):
        for place, value in redactor.findings(interaction):
            found.append(
                Finding(path, index, "secret", f"{_secret_kind(value)} at {place} (not redacted)")
            )
        for violation in violations(contract, interaction):
            schema = f" (schema path {violation.schema_path})" if violation.schema_path else ""
            found.append(
                Finding(
                    path,
                    index,
                    "contract",
                    f"{violation.operation} at {violation.place}: {violation.message}{schema}",
                )
            )
    return len(interactions), found


def verify(paths: Iterable[str | Path], contract: Contract) -> tuple[int, int, list[Finding]]:
    """``(files, interactions, findings)`` over every cassette under ``paths``."""
    redactor = Redactor()
    files = interactions = 0
    findings: list[Finding] = []
    for path in cassette_files(paths):
        files += 1
        count, found = verify_file(path, contract, redactor)
        interactions += count
        findings.extend(found)
    return files, interactions, findings
