"""``X-Paragon-SDK-Version`` against the active contract's range, and ``--paragon-sdk-version``."""

from __future__ import annotations

import warnings

import pytest

from pytest_paragon.contract.history import load_history
from pytest_paragon.errors import ContractViolationError
from pytest_paragon.fake.base.sdk_version import SdkVersionWarning
from pytest_paragon.fake.core import FakeParagon, FakeRequest


def _me(fake: FakeParagon, version: str | None) -> int:
    token = fake.signing_key.mint("u1", project_id=fake.project.id)
    headers = {"authorization": f"Bearer {token}"}
    if version is not None:
        headers["x-paragon-sdk-version"] = version
    path = f"/projects/{fake.project.id}/sdk/me"
    return fake.handle(FakeRequest("GET", "zeus.useparagon.com", path, headers=headers)).status


def test_versions_inside_the_range_and_no_header_pass() -> None:
    fake = FakeParagon()
    for version in ("2.4.0", "2.4.2", None):
        assert _me(fake, version) == 200
    assert fake._violations == []
    assert fake._sdk_versions.seen == {"2.4.0": 1, "2.4.2": 1}


def test_an_older_sdk_is_a_violation_once_per_version() -> None:
    fake = FakeParagon()
    assert _me(fake, "2.0.6") == 200  # answered: the version is reported, not refused
    assert _me(fake, "2.0.6") == 200
    (violation,) = fake._violations
    assert violation.place == "header X-Paragon-SDK-Version"
    assert violation.value == "2.0.6"
    assert violation.message == (
        "the client's SDK 2.0.6 is outside the active contract's range >=2.4.0 <2.5.0 (contract "
        "2.4.0); choose the contract with --paragon-sdk-version 2.0.6 or pytest-paragon diff "
        "2.4.0 NEW to see what changed"
    )
    assert _me(fake, "not-a-version") == 200
    assert [v.value for v in fake._violations] == ["2.0.6", "not-a-version"]


def test_a_newer_sdk_against_the_2_0_6_contract() -> None:
    fake = FakeParagon(contract=load_history("2.0.6"))
    assert _me(fake, "2.4.0") == 200
    assert "range >=2.0.0 <2.2.0 (contract 2.0.6)" in fake._violations[0].message


def test_immediate_mode_raises_at_the_request() -> None:
    fake = FakeParagon(strict="immediate")
    with pytest.raises(ContractViolationError, match="outside the active contract's range"):
        _me(fake, "2.2.3-experimental.4")


def test_strict_off_warns_instead() -> None:
    fake = FakeParagon(strict="off")
    with pytest.warns(SdkVersionWarning, match="SDK 2.0.6 is outside"):
        assert _me(fake, "2.0.6") == 200
    assert fake._violations == []
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert _me(fake, "2.0.6") == 200  # once per version


def test_the_test_fails_at_teardown_in_strict_mode(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import httpx

        def test_old_client(paragon_fake, paragon_user):
            url = f"https://zeus.useparagon.com/projects/{paragon_fake.project.id}/sdk/me"
            headers = {"Authorization": f"Bearer {paragon_user.token}",
                       "X-Paragon-SDK-Version": "2.1.1"}
            assert httpx.get(url, headers=headers).status_code == 200
        """
    )
    result = pytester.runpytest_subprocess("-p", "paragon")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*the client's SDK 2.1.1 is outside the active contract's range*"])
    result = pytester.runpytest_subprocess("-p", "paragon", "--paragon-sdk-version", "2.1.1")
    result.assert_outcomes(passed=1)


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
