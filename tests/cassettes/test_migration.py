"""VCR.py and pytest-recording cassettes: recorded with vcrpy, converted or loaded, redacted."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
import vcr
import yaml

from pytest_paragon.cassettes import store
from pytest_paragon.cli import main
from tests.cassettes.conftest import Live
from tests.cassettes.sessions import cassette

pytestmark = pytest.mark.usefixtures("localhost_resolves")


@pytest.fixture
def vcr_cassette(tmp_path: Path, live: Live) -> tuple[Path, str]:
    """A cassette vcrpy recorded from the live stand-in (it keeps the raw token), and the token."""
    live.fake.users.connect("user-1", "salesforce")
    token = live.fake.signing_key.mint("user-1", project_id=live.fake.project.id, audience=True)
    path = tmp_path / "vcr" / "test_me.yaml"
    with vcr.VCR(record_mode="once").use_cassette(str(path)):
        reply = httpx.get(
            f"{live.zeus}/projects/{live.fake.project.id}/sdk/me",
            headers={"Authorization": f"Bearer {token}"},
        )
        assert reply.status_code == 200
    assert token in path.read_text(encoding="utf-8")  # vcrpy's default: the secret is on disk
    live.stop()
    return path, token


def test_convert_redacts_and_the_result_verifies_clean(
    tmp_path: Path, vcr_cassette: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    source, token = vcr_cassette
    target = tmp_path / "ours.yaml"
    assert main(["cassettes", "convert", str(source), "-o", str(target)]) == 0
    assert "1 interaction(s), redacted" in capsys.readouterr().out
    text = target.read_text(encoding="utf-8")
    assert token not in text
    assert "eyJ" not in text
    (interaction,) = yaml.safe_load(text)["interactions"]
    assert interaction["request"]["headers"]["authorization"].startswith(
        "Bearer <redacted-jwt sub=user-1 aud=useparagon.com/"
    )
    assert interaction["response"]["json"]["userId"] == "user-1"  # a structure, not a string
    assert main(["cassettes", "verify", str(target)]) == 0
    capsys.readouterr()
    assert main(["cassettes", "verify", str(source)]) == 1  # not ours: convert it first
    assert "file: a VCR.py cassette, not redacted" in capsys.readouterr().out


def test_a_vcr_cassette_loads_directly_and_replays(
    vcr_cassette: tuple[Path, str], live: Live
) -> None:
    source, _ = vcr_cassette
    (interaction,) = store.read(source) or []
    assert "eyJ" not in str(interaction)
    fresh = live.fake.signing_key.mint("user-1", project_id=live.fake.project.id, audience=True)
    with cassette(source) as session:
        reply = httpx.get(
            f"{live.zeus}/projects/{live.fake.project.id}/sdk/me",
            headers={"Authorization": f"Bearer {fresh}"},
        )
        assert reply.json()["integrations"]["salesforce"]["enabled"] is True
    assert session.finish() == []
    assert source.read_text(encoding="utf-8").startswith("interactions:")  # never rewritten


def test_convert_refuses_what_is_not_a_vcr_cassette(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other.yaml"
    other.write_text("interactions: 3\n", encoding="utf-8")
    assert main(["cassettes", "convert", str(other), "--output", str(tmp_path / "out")]) == 1
    assert "is not a VCR.py / pytest-recording cassette" in capsys.readouterr().err
