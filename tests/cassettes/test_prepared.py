"""A cassette replayed again in one process reuses its verdicts and bodies, keyed by content."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pytest_paragon.cassettes import format as cassette_format
from pytest_paragon.cassettes import recorder, store
from pytest_paragon.cassettes.recorder import CassetteSession
from pytest_paragon.contract import load_contract
from pytest_paragon.contract.document import Contract
from pytest_paragon.errors import ContractViolationError
from pytest_paragon.fake.base.exchange import FakeRequest

PATH = "/projects/p/sdk/me"


def _write(path: Path, body: dict[str, Any]) -> None:
    interaction = {
        "request": {"method": "GET", "url": f"https://zeus.useparagon.com{PATH}"},
        "response": {"status": 200, "json": body},
    }
    store.write(path, [interaction])


def _replay(path: Path, contract: Contract, **options: Any) -> tuple[bytes, list[Any]]:
    session = CassetteSession(path, contract=contract, **options)
    answer = session.handle(FakeRequest("GET", "zeus.useparagon.com", PATH))
    return answer.body, session.finish()


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many interactions were checked against the contract (not taken from a verdict)."""
    calls: list[int] = []
    real = recorder.violations

    def counted(contract: Contract, interaction: Any) -> Any:
        calls.append(1)
        return real(contract, interaction)

    monkeypatch.setattr(recorder, "violations", counted)
    return calls


def test_a_verdict_is_shared_by_content_and_contract_and_still_fails_each_replay(
    tmp_path: Path, checks: list[int]
) -> None:
    path = tmp_path / "me.yaml"
    contract = load_contract()
    _write(path, {"unexpected": "<redacted:token-1>"})  # breaks the contract
    first = [str(problem) for problem in _replay(path, contract)[1]]
    assert first
    _, problems = _replay(path, contract)
    assert [str(problem) for problem in problems] == first  # the same failures, again
    assert all(isinstance(problem, ContractViolationError) for problem in problems)
    assert len(checks) == 1  # the second replay reused the verdict, and still failed
    _replay(path, Contract(contract.document, path=contract.path))  # another: checked again
    assert len(checks) == 2
    _write(path, {"unexpected": "<redacted:token-2>"})  # an edit: a new key
    body, problems = _replay(path, contract)
    assert len(checks) == 3
    assert len(problems) == len(first)
    assert b"token-2" in body  # the edited body, not the one worked out before


def test_filled_placeholders_never_come_from_or_go_to_the_shared_bodies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "me.yaml"
    contract = load_contract()
    _write(path, {"unexpected": "<redacted:token-1>"})
    monkeypatch.setenv("BOT_TOKEN", "xoxb-filled")
    filled, _ = _replay(path, contract, fill={"token-1": "BOT_TOKEN"}, contract_check="off")
    plain, _ = _replay(path, contract, contract_check="off")
    again, _ = _replay(path, contract, fill={"token-1": "BOT_TOKEN"}, contract_check="off")
    assert b"xoxb-filled" in filled
    assert b"xoxb-filled" in again
    assert b"<redacted:token-1>" in plain
    assert cassette_format.looks_like_json(path.read_text(encoding="utf-8"))


def test_a_header_seen_before_is_redacted_and_reported_the_same(tmp_path: Path) -> None:
    from pytest_paragon.cassettes.redact import Redactor

    redactor = Redactor(headers=["x-team-key"])
    interaction = {
        "request": {
            "method": "GET",
            "url": "https://zeus.useparagon.com/x",
            "headers": {"x-team-key": "k-12345678", "accept": "*/*"},
        },
        "response": {"status": 200},
    }
    first = redactor.findings(interaction)
    assert first == [("request.headers.x-team-key", "x_team_key")]
    assert redactor.findings(interaction) == first  # from the headers seen: hits still reported
    redacted = redactor.redact(interaction)["request"]["headers"]["x-team-key"]
    assert redacted == redactor.redact(interaction)["request"]["headers"]["x-team-key"]
    assert "k-12345678" not in redacted
    assert redactor.scrub("the key k-12345678 leaked") == f"the key {redacted} leaked"
