"""``X-Paragon-SDK-Version``: followed (``auto``, the default) or checked (a pinned version).

The remedies a violation prints are run here, each as it is printed: the pytest option, the
``serve`` argument, ``auto``, ``pytest-paragon diff`` and a contract file for an unknown version.
"""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
import warnings
from pathlib import Path

import httpx
import pytest

from pytest_paragon.contract.history import load_history
from pytest_paragon.contract.loader import default_contract_path
from pytest_paragon.errors import ContractViolationError, ParagonUsageError
from pytest_paragon.fake.base.reporting import violation_error
from pytest_paragon.fake.base.sdk_version import SdkVersionWarning
from pytest_paragon.fake.core import FakeParagon, FakeRequest
from pytest_paragon.files import write_atomically
from pytest_paragon.tokens import SigningKey
from tests.server.test_cli_serve import serve

PUBLISHED_HEADERS = (
    "1.0.40",
    "2.0.6",
    "2.1.1",
    "2.2.3-experimental.4",
    "2.2.4-experimental.2",
    "2.4.0",
)
"""What each published line would put in the header (SDK <= 2.1.1 sends none: a client may)."""


def _me(fake: FakeParagon, version: str | None, metadata: str | None = None) -> int:
    token = fake.signing_key.mint("u1", project_id=fake.project.id)
    headers = {"authorization": f"Bearer {token}"}
    if version is not None:
        headers["x-paragon-sdk-version"] = version
    if metadata is not None:
        headers["x-paragon-user-metadata"] = metadata
    path = f"/projects/{fake.project.id}/sdk/me"
    return fake.handle(FakeRequest("GET", "zeus.useparagon.com", path, headers=headers)).status


def test_versions_inside_the_range_and_no_header_pass() -> None:
    fake = FakeParagon()
    for version in ("2.4.0", "2.4.2", None):
        assert _me(fake, version) == 200
    assert fake._violations == []
    assert fake._sdk_versions.seen == {"2.4.0": 1, "2.4.2": 1}


def test_an_older_sdk_is_a_violation_once_per_version() -> None:
    fake = FakeParagon(sdk_version="2.4.0")  # pinned: the header is checked, not followed
    assert _me(fake, "2.0.6") == 200  # answered: the version is reported, not refused
    assert _me(fake, "2.0.6") == 200
    (violation,) = fake._violations
    assert violation.place == "header X-Paragon-SDK-Version"
    assert violation.value == "2.0.6"
    assert violation.message == (
        "the client's SDK 2.0.6 is outside the active contract's range >=2.4.0 <2.5.0 (contract "
        "2.4.0); choose its contract with `--paragon-sdk-version 2.0.6` (serve: `pytest-paragon "
        "serve --sdk-version 2.0.6`) or follow the header with `--paragon-sdk-version auto`; "
        "`pytest-paragon diff 2.4.0 2.0.6` shows what changed"
    )
    assert _me(fake, "not-a-version") == 200
    assert _me(fake, "3.0.0") == 200
    assert [v.value for v in fake._violations] == ["2.0.6", "not-a-version", "3.0.0"]
    assert "is not an SDK version" in fake._violations[1].message
    assert fake._violations[2].message.startswith(
        "no frozen contract describes the client's SDK 3.0.0 (the contracts: 1.0.40 "
        "(>=1.0.0 <2.0.0), 2.0.6 (>=2.0.0 <2.1.0), 2.1.1 (>=2.1.0 <2.2.0), 2.2.4 (>=2.2.0 <2.3.0), "
        "2.4.0 (>=2.4.0 <2.5.0))"
    )


def test_a_newer_sdk_against_the_2_0_6_contract() -> None:
    fake = FakeParagon(contract=load_history("2.0.6"))
    assert _me(fake, "2.4.0") == 200
    assert "range >=2.0.0 <2.1.0 (contract 2.0.6)" in fake._violations[0].message


def test_immediate_mode_raises_at_the_request() -> None:
    fake = FakeParagon(strict="immediate", sdk_version="2.4.0")
    with pytest.raises(ContractViolationError, match="outside the active contract's range"):
        _me(fake, "2.2.3-experimental.4")


def test_strict_off_warns_instead() -> None:
    fake = FakeParagon(strict="off", sdk_version="2.4.0")
    with pytest.warns(SdkVersionWarning, match="SDK 2.0.6 is outside"):
        assert _me(fake, "2.0.6") == 200
    assert fake._violations == []
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert _me(fake, "2.0.6") == 200  # once per version


@pytest.mark.parametrize("version", PUBLISHED_HEADERS)
def test_a_pinned_version_serves_its_own_contract(version: str) -> None:
    fake = FakeParagon(sdk_version=version)
    assert sdk_line(fake) in version or version.startswith(sdk_line(fake)[:3])
    assert _me(fake, version) == 200
    assert fake._violations == []


def sdk_line(fake: FakeParagon) -> str:
    return str(fake.contract.document["info"]["version"])


def test_auto_follows_each_known_version_and_reports_the_unknown() -> None:
    fake = FakeParagon(sdk_version="auto")
    assert _me(fake, "2.2.4-experimental.2", metadata='{"Name": "Ada"}') == 200
    assert _me(fake, "2.4.0") == 200
    assert _me(fake, None) == 200
    assert fake._violations == []
    # the 2.2.x contract answered the first: its GET /sdk/me reads the metadata header
    (old,) = fake.requests("getConnectedUserWithMetadataHeader")
    assert old.headers["x-paragon-sdk-version"] == "2.2.4-experimental.2"
    assert [e.operation_id for e in fake.requests("getConnectedUser")] == ["getConnectedUser"] * 2
    assert fake.users.metadata("u1") == {"Name": "Ada"}
    assert _me(fake, "2.3.0") == 200  # no frozen contract: answered by the bundled one, reported
    (violation,) = fake._violations
    assert "no frozen contract describes the client's SDK 2.3.0" in violation.message


def test_a_version_no_contract_describes_is_one_usage_error() -> None:
    with pytest.raises(ParagonUsageError, match=r"no frozen contract describes SDK 2\.3\.0"):
        FakeParagon(sdk_version="2.3.0")


def test_pytest_passes_a_request_carrying_each_version(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        f"""
        import httpx, pytest

        @pytest.mark.parametrize("version", {list(PUBLISHED_HEADERS)!r})
        def test_client(paragon_fake, paragon_user, version):
            url = f"https://zeus.useparagon.com/projects/{{paragon_fake.project.id}}/sdk/me"
            headers = {{"Authorization": f"Bearer {{paragon_user.token}}",
                       "X-Paragon-SDK-Version": version}}
            assert httpx.get(url, headers=headers).status_code == 200
            assert paragon_fake._violations == []
        """
    )
    pytester.runpytest_subprocess("-p", "paragon").assert_outcomes(passed=6)


CLIENT = """
import httpx

def test_client(paragon_fake, paragon_user):
    url = f"https://zeus.useparagon.com/projects/{paragon_fake.project.id}/sdk/me"
    headers = {"Authorization": f"Bearer {paragon_user.token}",
               "X-Paragon-SDK-Version": "VERSION"}
    assert httpx.get(url, headers=headers).status_code == 200
"""


def _failure(fake: FakeParagon, version: str) -> str:
    """The failure a request of SDK ``version`` gives, as the test that sent it would print it."""
    assert _me(fake, version) == 200
    (violation,) = fake._violations
    return str(violation_error(violation))


def _remedies(text: str) -> list[list[str]]:
    """Each command a message prints, in backticks."""
    return [shlex.split(command) for command in re.findall(r"`([^`]+)`", text)]


def test_every_remedy_a_violation_prints_works(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(CLIENT.replace("VERSION", "2.2.4-experimental.2"))
    pinned = ("--paragon-sdk-version", "2.4.0")
    message = _failure(FakeParagon(sdk_version="2.4.0"), "2.2.4-experimental.2")
    assert "the client's SDK 2.2.4-experimental.2 is outside" in message
    option, served, auto, diff = _remedies(message.split("\n", 1)[0])
    assert option == ["--paragon-sdk-version", "2.2.4-experimental.2"]
    pytester.runpytest_subprocess("-p", "paragon", *option).assert_outcomes(passed=1)
    assert auto == ["--paragon-sdk-version", "auto"]
    pytester.runpytest_subprocess("-p", "paragon", *auto).assert_outcomes(passed=1)
    assert "--paragon-strict=off" in message  # the strict-checking remedy every violation has
    result = pytester.runpytest_subprocess("-p", "paragon", *pinned, "--paragon-strict=off")
    result.assert_outcomes(passed=1, warnings=1)
    assert diff[:2] == ["pytest-paragon", "diff"]
    changes = subprocess.run(
        [sys.executable, "-m", "pytest_paragon", *diff[1:], "--fail-on", "info"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert changes.returncode == 1, changes.stderr  # differences found, not a usage error
    assert "listTriggerTypes" in changes.stdout
    assert served[:2] == ["pytest-paragon", "serve"]
    assert _serve_a_client_of(pytester.path, "2.2.4-experimental.2", *served[2:]) == []


def _serve_a_client_of(folder: Path, version: str, *args: str) -> list[dict[str, str]]:
    """Serve with ``args``; a client of ``version`` reads its user; the violations recorded."""
    key = SigningKey.generate()
    key_file = folder / "key.pem"
    write_atomically(key_file, key.private_pem())
    with serve(folder, "--signing-key", str(key_file), *args) as server:
        token = key.mint("ada", project_id=server.project_id, audience=True)
        headers = {"Authorization": f"Bearer {token}", "X-Paragon-SDK-Version": version}
        with httpx.Client(timeout=10) as client:
            me = client.get(f"{server.url}/projects/{server.project_id}/sdk/me", headers=headers)
            assert me.status_code == 200, me.text
            found: list[dict[str, str]] = client.get(f"{server.url}/__paragon/violations").json()
        assert server.stop()[0] == 0
    return found


def test_serve_takes_the_setting(tmp_path: Path) -> None:
    assert _serve_a_client_of(tmp_path, "2.2.4-experimental.2") == []  # auto, the default
    (violation,) = _serve_a_client_of(tmp_path, "2.2.4-experimental.2", "--sdk-version", "2.4.0")
    assert "--sdk-version 2.2.4-experimental.2" in violation["message"]
    result = subprocess.run(
        [sys.executable, "-m", "pytest_paragon", "serve", "--sdk-version", "2.3.0"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert "no frozen contract describes SDK 2.3.0" in result.stderr


def test_the_remedy_for_a_version_no_contract_describes_works(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(CLIENT.replace("VERSION", "3.0.0"))
    message = _failure(FakeParagon(sdk_version="auto"), "3.0.0")
    assert "no frozen contract describes the client's SDK 3.0.0" in message
    ((flag, _),) = _remedies(message.split("\n", 1)[0])
    assert flag == "--paragon-contract-file"
    bundled = default_contract_path().read_text(encoding="utf-8")
    mine = Path(pytester.path / "paragon-3.openapi.yaml")
    ranged = "info:\n  x-paragon-sdk-range: '>=3.0.0 <3.1.0'\n"
    mine.write_text(bundled.replace("info:\n", ranged, 1))
    pytester.runpytest_subprocess("-p", "paragon", flag, str(mine)).assert_outcomes(passed=1)


def test_the_option_selects_the_history_contract(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        def test_contract(paragon_contract, paragon_fake):
            assert paragon_contract.document["info"]["version"] == "2.0.6"
            assert paragon_fake.contract is paragon_contract
            assert "buildOAuthUrlWithSessionId" in {
                op.operation_id for op in paragon_contract.operations
            }
        """
    )
    pytester.runpytest_subprocess(
        "-p", "paragon", "--paragon-sdk-version", "2.0.6"
    ).assert_outcomes(passed=1)
    result = pytester.runpytest_subprocess("-p", "paragon", "--paragon-sdk-version", "3.0.0")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*no frozen contract describes SDK 3.0.0*"])
