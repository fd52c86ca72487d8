"""Recorded traffic checked against the contract: when recorded, when replayed, by the CLI."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
import yaml

from pytest_paragon.cassettes.recorder import CassetteWarning
from pytest_paragon.cli import main
from pytest_paragon.contract import load_contract
from pytest_paragon.errors import ContractViolationError
from tests.cassettes.conftest import Live
from tests.cassettes.sessions import cassette

pytestmark = pytest.mark.usefixtures("localhost_resolves")


def _me(live: Live) -> str:
    return f"{live.zeus}/projects/{live.fake.project.id}/sdk/me"


def _auth(live: Live) -> dict[str, str]:
    return {"Authorization": f"Bearer {live.fake.signing_key.mint('user-1')}"}


def test_a_recorded_violation_fails_by_default_and_is_still_written(
    tmp_path: Path, live: Live
) -> None:
    path = tmp_path / "bad.yaml"
    with cassette(path, "once") as session:
        reply = httpx.patch(_me(live), headers=_auth(live), json={"meta": "Ada"})
        assert reply.status_code == 400  # the live server refused it too
    problems = session.finish()
    assert problems
    assert all(isinstance(p, ContractViolationError) for p in problems)
    message = str(problems[0])
    assert "Cassette interaction #0 breaks the contract" in message
    assert f"{path} interaction #0, " in message
    assert "(PATCH /projects/{projectId}/sdk/me) at request body" in message
    assert "at request body/meta" in message
    assert "schema path" in message
    assert path.exists()


def test_contract_warn_records_with_a_warning(tmp_path: Path, live: Live) -> None:
    with (
        pytest.warns(CassetteWarning, match="breaks the contract"),
        cassette(tmp_path / "warned.yaml", "once", contract_check="warn") as session,
    ):
        httpx.patch(_me(live), headers=_auth(live), json={"meta": "Ada"})
    assert session.finish() == []


@pytest.fixture
def newer_contract(tmp_path: Path) -> Path:
    """The bundled contract with one more required field in the /sdk/me response."""
    document = yaml.safe_load(load_contract().path.read_text(encoding="utf-8"))  # type: ignore[union-attr]
    schema = document["components"]["schemas"]["ConnectedUserResponse"]
    schema.setdefault("required", []).append("region")
    schema["properties"]["region"] = {"type": "string"}
    path = tmp_path / "newer.openapi.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    return path


def test_a_contract_update_flags_the_cassette_on_replay_and_in_verify(
    tmp_path: Path, live: Live, newer_contract: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "cassettes" / "me.yaml"
    with cassette(path, "once") as session:
        assert httpx.get(_me(live), headers=_auth(live)).status_code == 200
    assert session.finish() == []
    live.stop()
    assert main(["cassettes", "verify", str(tmp_path / "cassettes")]) == 0
    assert capsys.readouterr().out.strip().endswith("1 cassette(s), 1 interaction(s): clean")

    with cassette(path, contract=load_contract(newer_contract)) as replay:
        assert httpx.get(_me(live), headers=_auth(live)).status_code == 200
    (problem,) = replay.finish()
    assert isinstance(problem, ContractViolationError)
    assert '"region" is a required property' in str(problem)

    status = main(["cassettes", "verify", "--contract-file", str(newer_contract), str(path)])
    out = capsys.readouterr().out
    assert status == 1
    assert f"{path}: interaction #0: contract: getConnectedUser" in out
    assert '"region" is a required property (schema path ' in out
