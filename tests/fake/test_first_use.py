"""What makes a session's first use cheap is correct: the caches, the lazy parts, the enums."""

from __future__ import annotations

import os
import pickle
import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from pytest_paragon.fake.base import catalogue, project
from pytest_paragon.tokens import CACHED_KEY_NAME, SigningKey, TokenVerifier


def test_the_input_types_read_from_the_contract_are_the_models_enums() -> None:
    from pytest_paragon.models.input_types import SidebarInputType
    from pytest_paragon.models.inputs import Type

    assert tuple(member.value for member in SidebarInputType) == project.INPUT_TYPES
    assert tuple(member.value for member in Type) == project.CONNECT_INPUT_TYPES
    with pytest.raises(AttributeError):
        project.NOT_A_NAME  # noqa: B018 - the module's __getattr__ refuses other names


def test_the_default_project_is_cached_as_built_and_rebuilt_when_the_file_is_not_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTEST_PARAGON_CACHE_DIR", str(tmp_path))
    catalogue.default_project.cache_clear()
    try:
        first = catalogue.default_project()  # built and written
        (written,) = tmp_path.glob("default-project-*.pickle")
        assert stat.S_IMODE(written.stat().st_mode) == 0o600
        catalogue.default_project.cache_clear()
        again = catalogue.default_project()  # read back
        assert again == first == catalogue.build_default_project()
        assert again is not first
        # a file others may write is never unpickled: this one would fail the test if it were
        written.write_bytes(pickle.dumps("not a project"))
        written.chmod(0o666)
        catalogue.default_project.cache_clear()
        assert catalogue.default_project() == first
        written.chmod(0o600)  # ours again, but damaged: built again, and rewritten
        written.write_bytes(b"\x80damaged")
        catalogue.default_project.cache_clear()
        assert catalogue.default_project() == first
        assert isinstance(pickle.loads(written.read_bytes()), project.ProjectSpec)
    finally:
        catalogue.default_project.cache_clear()


def test_the_cached_key_is_made_once_kept_private_and_signs_verifiable_tokens(
    tmp_path: Path,
) -> None:
    made = SigningKey.cached(tmp_path)
    path = tmp_path / CACHED_KEY_NAME
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again = SigningKey.cached(tmp_path)
    assert again.private_pem() == made.private_pem()
    assert isinstance(again.private_key, rsa.RSAPrivateKey)
    assert again.private_key.key_size == 2048
    token = again.mint("user-1", project_id="p", now=1_000, ttl=60)
    claims = TokenVerifier(made.public_key, project_id="p", clock=lambda: 1_010).verify(token)
    assert claims.sub == "user-1"


@pytest.mark.parametrize("problem", ["readable by others", "not a key", "a weak key", "a link"])
def test_a_cached_key_file_that_cannot_be_trusted_is_replaced(tmp_path: Path, problem: str) -> None:
    path = tmp_path / CACHED_KEY_NAME
    planted = SigningKey.generate(2048 if problem != "a weak key" else 1024).private_pem()
    if problem == "a link":
        elsewhere = tmp_path / "elsewhere.pem"
        elsewhere.write_bytes(planted)
        elsewhere.chmod(0o600)
        path.symlink_to(elsewhere)
    else:
        path.write_bytes(planted if problem != "not a key" else b"-----BEGIN nothing")
        path.chmod(0o644 if problem == "readable by others" else 0o600)
    key = SigningKey.cached(tmp_path)
    assert key.private_pem() != planted
    assert key.private_key.key_size == 2048
    assert not path.is_symlink()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert SigningKey.cached(tmp_path).private_pem() == key.private_pem()


def test_a_cached_key_that_signs_wrongly_is_replaced(tmp_path: Path) -> None:
    from cryptography.hazmat.primitives import serialization

    good = SigningKey.generate().private_key.private_numbers()
    broken = rsa.RSAPrivateNumbers(  # the private exponents of another key: wrong signatures
        good.p,
        good.q,
        good.d + 2,
        (good.dmp1 + 2) % (good.p - 1),
        (good.dmq1 + 2) % (good.q - 1),
        good.iqmp,
        good.public_numbers,
    ).private_key(unsafe_skip_rsa_key_validation=True)
    pem = broken.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    path = tmp_path / CACHED_KEY_NAME
    path.write_bytes(pem)
    path.chmod(0o600)
    assert SigningKey.cached(tmp_path).private_pem() != pem


def test_an_unwritable_cache_still_gives_a_key(tmp_path: Path) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("x")
    assert SigningKey.cached(blocked).private_key.key_size == 2048


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="file owners are POSIX")
def test_the_signing_key_fixture_uses_the_machine_key(
    pytester: pytest.Pytester, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytester.makepyfile(
        """
        def test_key(paragon_signing_key):
            import os
            from pytest_paragon.tokens import SigningKey
            cached = SigningKey.cached(os.environ["PYTEST_PARAGON_CACHE_DIR"])
            assert paragon_signing_key.private_pem() == cached.private_pem()
        """
    )
    monkeypatch.setenv("PYTEST_PARAGON_CACHE_DIR", str(tmp_path))
    pytester.runpytest_inprocess("-p", "paragon").assert_outcomes(passed=1)


def test_a_session_imports_neither_respx_nor_the_models_nor_requests_until_used(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("requests")
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")  # other plugins import them
    pytester.makepyfile(
        """
        import sys

        def loaded(*names):
            return [m for m in sys.modules if m.split(".")[0] in names or ".models" in m]

        def test_paragon_only(paragon_fake, paragon_user):
            assert paragon_user.client.get("/sdk/me").status_code == 200
            assert loaded("respx", "requests") == []

        def test_requests_imported_in_a_test_is_intercepted(paragon_fake, paragon_user):
            import requests

            answer = requests.get(paragon_user.base_url + "/sdk/me", headers=paragon_user.headers)
            assert answer.json()["userId"] == "user-1"

        def test_router_made_when_read(paragon_fake):
            router = paragon_fake.router
            assert type(router).__name__ == "MockRouter"
            assert paragon_fake.router is router
        """
    )
    result = pytester.runpytest_subprocess("-p", "paragon", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=3)


def test_the_cassette_marker_alone_adds_the_fixture_to_its_own_item_only(
    pytester: pytest.Pytester,
) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.parametrize(
            "n", [pytest.param(1, marks=pytest.mark.paragon_cassette(record_mode="none")), 2]
        )
        def test_some(request, n):
            assert ("paragon_cassette" in request.fixturenames) == (n == 1)
        """
    )
    result = pytester.runpytest_inprocess("-p", "paragon", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)


def test_the_plugin_adds_no_fixture_to_a_test_that_uses_none(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        def test_plain(request):
            assert [n for n in request.fixturenames if "paragon" in n] == []
        """
    )
    pytester.runpytest_inprocess("-p", "paragon").assert_outcomes(passed=1)
