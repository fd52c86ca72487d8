"""``pytest-paragon cassettes verify PATH...``: secrets and contract violations, as a gate.

Every cassette under the paths (files, or folders searched for ``*.yaml`` / ``*.yml`` in any case,
dot-files included) is loaded
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
from typing import Any

from pytest_paragon.cassettes import format as cassette_format
from pytest_paragon.cassettes.check import violations
from pytest_paragon.cassettes.redact import Redactor
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
            # every YAML file: .YAML and .Yml too, and dot-files (a hidden cassette still ships)
            yield from sorted(
                found
                for found in path.rglob("*")
                if found.suffix.lower() in SUFFIXES and found.is_file()
            )
        else:
            yield path


_KINDS = {
    "jwt": "a JWT",
    "jwe": "a JWE",
    "private-key": "a private key",
    "slack": "a Slack token",
    "aws-key-id": "an AWS access key id",
    "aws-secret": "an AWS secret access key",
    "github": "a GitHub token",
    "google": "a Google key or token",
    "stripe": "a Stripe key",
    "bearer": "a Bearer or Basic credential",
    "url-password": "a password in a URL",
    "base64": "base64 of text holding a secret",
    "pattern": "a match of a redact pattern",
}


def _secret_kind(kind: str) -> str:
    """What a finding's rule is called in its message (never the value)."""
    return _KINDS.get(kind, f"a secret value (named {kind})")


def verify_file(path: Path, contract: Contract, redactor: Redactor) -> tuple[int, list[Finding]]:
    """How many interactions one cassette file holds, and its problems."""
    from pytest_paragon.cassettes.convert import is_vcr
    from pytest_paragon.cassettes.store import parsed, paused_gc

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
    with paused_gc():
        return len(interactions), _findings(path, interactions, contract, redactor)


def _findings(
    path: Path, interactions: list[dict[str, Any]], contract: Contract, redactor: Redactor
) -> list[Finding]:
    found: list[Finding] = []
    for index, interaction in enumerate(interactions):
        for place, kind in redactor.findings(interaction):
            found.append(
                Finding(path, index, "secret", f"{_secret_kind(kind)} at {place} (not redacted)")
            )
        for violation in violations(contract, interaction):
            schema = f" (schema path {violation.schema_path})" if violation.schema_path else ""
            message = f"{violation.operation} at {violation.place}: {violation.message}{schema}"
            # A violation quotes the request (its path, a value): never a secret it holds.
            found.append(Finding(path, index, "contract", redactor.scrub(message)))
    return found


def verify(
    paths: Iterable[str | Path], contract: Contract, *, allow: Iterable[str] = ()
) -> tuple[int, int, list[Finding]]:
    """``(files, interactions, findings)`` over every cassette under ``paths``.

    ``allow``: the allow-list (``cassette_redact_allow``), as the recorder applies it.
    """
    redactor = Redactor(allow=allow)
    files = interactions = 0
    findings: list[Finding] = []
    for path in cassette_files(paths):
        files += 1
        count, found = verify_file(path, contract, redactor)
        interactions += count
        findings.extend(found)
    return files, interactions, findings
