"""Cassette files: any YAML value type is one CassetteError, scans find every YAML file, and a
recording is never written outside the cassette folder unless that is asked for."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from pytest_paragon.cassettes import store
from pytest_paragon.cassettes.format import CassetteError
from pytest_paragon.cassettes.recorder import CassetteSession
from pytest_paragon.cassettes.verify import cassette_files
from pytest_paragon.errors import ParagonUsageError
from pytest_paragon.fake.base.exchange import FakeRequest, FakeResponse

HEAD = "format: pytest-paragon-cassette\nversion: 1\ninteractions:\n"


@pytest.mark.parametrize(
    ("body", "place", "problem"),
    [
        ("json: {created: 2024-01-01}", "response.json.created", "YAML date"),
        ("json: {when: 2024-01-01 10:00:00}", "response.json.when", "YAML datetime"),
        ("json: {1: one}", "response.json", "key that is not a string"),
        ("json: {blob: !!binary aGVsbG8=}", "response.json.blob", "YAML bytes"),
        ("json: [1, .inf]", "response.json[1]", "finite number"),
        ("json: {s: !!set {a, b}, t: [!!timestamp 2001-12-14]}", "response.json.t[0]", "date"),
        ("text: 2024-01-01", "response.text", "must be a string"),
    ],
)
def test_any_yaml_value_type_is_one_cassette_error_naming_file_and_place(
    tmp_path: Path, body: str, place: str, problem: str
) -> None:
    path = tmp_path / "typed.yaml"
    path.write_text(
        HEAD
        + "- request: {method: GET, url: 'https://zeus.useparagon.com/x'}\n"
        + f"  response:\n    status: 200\n    {body}\n",
        encoding="utf-8",
    )
    with pytest.raises(CassetteError) as caught:
        store.read(path)
    message = str(caught.value)
    assert f"interactions[0].{place}" in message
    assert str(path) in message
    assert problem in message


def test_a_folder_scan_finds_every_yaml_file_whatever_its_case(tmp_path: Path) -> None:
    for name in ("a.yaml", "B.YAML", "c.Yml", ".hidden.yaml", "sub/.d.yml", "notes.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(HEAD, encoding="utf-8")
    found = {path.relative_to(tmp_path).as_posix() for path in cassette_files([tmp_path])}
    assert found == {"a.yaml", "B.YAML", "c.Yml", ".hidden.yaml", "sub/.d.yml"}


def _recorded(path: Path, folder: Path | None) -> CassetteSession:
    session = CassetteSession(
        path,
        mode="all",
        folder=folder,
        forward=lambda request: FakeResponse(200, {"content-type": "text/plain"}, b"ok"),
    )
    session.handle(FakeRequest("GET", "zeus.useparagon.com", "/x"))
    return session


def test_a_write_outside_the_cassette_folder_is_refused_unless_asked_for(tmp_path: Path) -> None:
    folder = tmp_path / "tests" / "cassettes"
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    folder.mkdir(parents=True)
    (folder / "linked").symlink_to(outside, target_is_directory=True)
    (folder / "link.yaml").symlink_to(outside / "target.yaml")
    for path in (folder / ".." / ".." / "escape.yaml", folder / "linked" / "x.yaml",
                 folder / "link.yaml", outside / "absolute.yaml"):  # fmt: skip
        with pytest.raises(ParagonUsageError, match="cassette_write_outside"):
            _recorded(path, folder).save()
        assert not path.exists() or path.is_symlink()
    assert list(outside.iterdir()) == []
    assert _recorded(folder / "module" / "fine.yaml", folder).save()
    assert _recorded(outside / "allowed.yaml", None).save()  # write_outside: no folder check


def test_the_marker_refuses_dir_outside_the_test_folder(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_out=textwrap.dedent(
            """
            import httpx
            import pytest

            @pytest.mark.paragon_cassette(dir="../outside", record_from="paragon_server")
            def test_out(paragon_fake):
                httpx.get(f"https://zeus.useparagon.com/projects/{paragon_fake.project.id}/sdk/me")
            """
        )
    )
    result = pytester.runpytest("-p", "paragon", "--paragon-record-mode=once")
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*outside the cassette folder*"])
    assert not (pytester.path.parent / "outside").exists()
