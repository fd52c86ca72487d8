"""A project file names the SDK its clients use: the fake serves that line's frozen contract."""

from __future__ import annotations

from pathlib import Path

import pytest

from pytest_paragon.errors import ParagonUsageError
from pytest_paragon.fake import FakeParagon
from pytest_paragon.fake.base.project import load_project
from pytest_paragon.fake.entrances.users import make_user


def _project(tmp_path: Path, version: str) -> Path:
    path = tmp_path / "project.yaml"
    path.write_text(f"sdkVersion: {version}\n", encoding="utf-8")
    return path


def _me(fake: FakeParagon, sdk: str) -> int:
    with make_user(fake, "user-1") as user:
        response = user.client.get("/sdk/me", headers={"X-Paragon-SDK-Version": sdk})
    return response.status_code


def test_the_project_files_line_is_served(tmp_path: Path) -> None:
    fake = FakeParagon(load_project(_project(tmp_path, "2.2.4")))
    assert Path(str(fake.contract.path)).name == "paragon-2.2.4.openapi.yaml"
    assert _me(fake, "2.2.4-experimental.2") == 200
    assert fake.problems() == []
    assert _me(fake, "2.4.0") == 200  # another line than the project's: reported
    [violation] = fake._violations
    assert violation.place == "header X-Paragon-SDK-Version"


def test_a_named_version_wins_over_the_project_file(tmp_path: Path) -> None:
    fake = FakeParagon(load_project(_project(tmp_path, "2.2.4")), sdk_version="2.4.0")
    assert _me(fake, "2.4.0") == 200
    assert fake.problems() == []


def test_an_unpublished_line_names_the_file_and_the_versions(tmp_path: Path) -> None:
    path = _project(tmp_path, "2.3.0")
    with pytest.raises(ParagonUsageError) as caught:
        load_project(path)
    message = str(caught.value)
    assert f"{path} at sdkVersion" in message
    assert "2.4.0" in message
