"""Paragon User Tokens without the fake: signing keys, minting, verification and bad tokens.

``SigningKey`` loads and generates RS256 keys (anything else is a ``ParagonError`` naming the
problem), ``mint`` builds the claims, ``TokenVerifier`` refuses every ``BadTokens`` entry for its
own reason, caches signature checks by token string while re-checking times against an injected
clock, and honours the ``aud`` list form and the leeway. A Hypothesis property pins that a token
minted with a positive lifetime verifies and carries its ``sub`` and extra claims.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_paragon.errors import ParagonError
from pytest_paragon.files import write_atomically
from pytest_paragon.tokens import (
    DEFAULT_TTL_SECONDS,
    PERMISSIONS_CLAIM,
    BadTokens,
    SigningKey,
    TokenRejected,
    TokenVerifier,
    audience_for,
)

PROJECT = "3f9a1c52-7d4e-4b8a-9c61-2e5f8a0b1d47"
NOW = 1_700_000_000.0

# Every BadTokens entry and the reason the verifier gives for it.
BAD_TOKEN_REASONS = {
    "expired": "token expired",
    "not_yet_valid": "token not yet valid (nbf in the future)",
    "wrong_signature": "invalid signature",
    "alg_none": "algorithm 'none' is not accepted (RS256 only)",
    "hs256_with_public_key": "algorithm 'HS256' is not accepted (RS256 only)",
    "tampered_payload": "invalid signature",
    "missing_sub": "missing sub claim",
    "missing_exp": "missing exp claim",
    "missing_iat": "missing iat claim",
    "wrong_audience": "audience 'useparagon.com/another-project' is not this project's",
    "garbage": "malformed token",
}


class FakeClock:
    """A callable clock the test moves by hand."""

    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture(scope="module")
def key() -> SigningKey:
    return SigningKey.generate()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NOW)


@pytest.fixture
def verifier(key: SigningKey, clock: FakeClock) -> TokenVerifier:
    return TokenVerifier(key.public_key, project_id=PROJECT, clock=clock)


def payload_of(token: str) -> dict[str, Any]:
    return dict(jwt.decode(token, options={"verify_signature": False}))


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def pkcs8(private_key: Any, password: bytes | None = None) -> bytes:
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(password)
        if password
        else serialization.NoEncryption()
    )
    return bytes(
        private_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
        )
    )


def unknown_algorithm_pem() -> bytes:
    """A well-formed PKCS#8 PEM whose key algorithm OID (1.2.3.4) no library knows."""
    oid = bytes([0x06, 0x03, 0x2A, 0x03, 0x04])
    body = bytes([0x02, 0x01, 0x00, 0x30, len(oid), *oid, 0x04, 0x03, 0x04, 0x01, 0x00])
    der = bytes([0x30, len(body)]) + body
    encoded = base64.encodebytes(der)
    return b"-----BEGIN PRIVATE KEY-----\n" + encoded + b"-----END PRIVATE KEY-----\n"


# -- SigningKey ---------------------------------------------------------------------------------


def test_generate_makes_an_rsa_2048_pair_that_signs_verifiable_tokens(key: SigningKey) -> None:
    assert key.private_key.key_size == 2048
    assert key.public_key.public_numbers() == key.private_key.public_key().public_numbers()
    token = key.mint("user-1", now=NOW)
    assert jwt.decode(token, key.public_pem(), algorithms=["RS256"], options={"verify_exp": False})


def test_generated_keys_differ() -> None:
    assert SigningKey.generate().public_pem() != SigningKey.generate().public_pem()


@pytest.mark.parametrize("as_text", [False, True], ids=["bytes", "str"])
def test_from_pem_round_trips_the_private_key(key: SigningKey, as_text: bool) -> None:
    pem = key.private_pem()
    loaded = SigningKey.from_pem(pem.decode() if as_text else pem)
    assert loaded.public_pem() == key.public_pem()
    assert pem.startswith(b"-----BEGIN PRIVATE KEY-----")
    assert key.public_pem().startswith(b"-----BEGIN PUBLIC KEY-----")


def test_from_pem_loads_an_encrypted_key_with_its_password(key: SigningKey) -> None:
    loaded = SigningKey.from_pem(pkcs8(key.private_key, b"s3cret"), password=b"s3cret")
    assert loaded.public_pem() == key.public_pem()


@pytest.mark.parametrize(
    ("password", "message"),
    [(None, "Password was not given"), (b"wrong", "the password does not decrypt it")],
    ids=["no-password", "wrong-password"],
)
def test_from_pem_encrypted_key_problems_are_paragon_errors(
    key: SigningKey, password: bytes | None, message: str
) -> None:
    for _ in range(20):  # each encryption has its own salt: a wrong password's garbage varies
        with pytest.raises(ParagonError, match=message) as info:
            SigningKey.from_pem(pkcs8(key.private_key, b"s3cret"), password=password)
        assert str(info.value).startswith("Not a usable private key PEM")


@pytest.mark.parametrize(
    "pem",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"hello", id="garbage"),
        pytest.param(
            "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", id="bad-der"
        ),
        pytest.param(unknown_algorithm_pem(), id="unknown-algorithm"),
    ],
)
def test_from_pem_bad_pem_is_a_paragon_error(pem: bytes | str) -> None:
    with pytest.raises(ParagonError) as info:
        SigningKey.from_pem(pem)
    message = str(info.value)
    assert message.startswith("Not a usable private key PEM: ")
    assert message.endswith("README.md#tokens")


def test_from_pem_public_key_is_refused_as_not_a_private_key(key: SigningKey) -> None:
    with pytest.raises(ParagonError, match="Not a usable private key PEM"):
        SigningKey.from_pem(key.public_pem())


def test_from_pem_truncated_key_is_refused(key: SigningKey) -> None:
    with pytest.raises(ParagonError, match="Not a usable private key PEM"):
        SigningKey.from_pem(key.private_pem()[:300])


@pytest.mark.parametrize(
    ("private_key", "type_name"),
    [
        pytest.param(ec.generate_private_key(ec.SECP256R1()), "ECPrivateKey", id="ec-p256"),
        pytest.param(ed25519.Ed25519PrivateKey.generate(), "Ed25519PrivateKey", id="ed25519"),
    ],
)
def test_from_pem_non_rsa_key_is_refused_with_the_key_type(
    private_key: Any, type_name: str
) -> None:
    with pytest.raises(ParagonError) as info:
        SigningKey.from_pem(pkcs8(private_key))
    assert info.value.report.what == (
        "Paragon User Tokens are RS256: the signing key must be an RSA key"
    )
    assert info.value.report.received == type_name
    assert f"received: {type_name}" in str(info.value)


def test_from_file_loads_the_key(key: SigningKey, tmp_path: Path) -> None:
    path = tmp_path / "signing-key.pem"
    write_atomically(path, key.private_pem())
    assert SigningKey.from_file(path).public_pem() == key.public_pem()
    assert SigningKey.from_file(str(path)).public_pem() == key.public_pem()


def test_from_file_missing_file_names_the_path(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.pem"
    with pytest.raises(ParagonError, match="Cannot load the signing key: no such file") as info:
        SigningKey.from_file(path)
    assert info.value.report.where == str(path)


def test_from_file_bad_pem_names_the_path(tmp_path: Path) -> None:
    path = tmp_path / "broken.pem"
    path.write_text("not a key\n")
    with pytest.raises(ParagonError, match="Not a usable private key PEM") as info:
        SigningKey.from_file(path)
    assert info.value.report.where == str(path)


def test_from_file_non_rsa_key_names_the_path(tmp_path: Path) -> None:
    path = tmp_path / "ec.pem"
    path.write_bytes(pkcs8(ec.generate_private_key(ec.SECP256R1())))
    with pytest.raises(ParagonError, match="must be an RSA key") as info:
        SigningKey.from_file(path)
    assert info.value.report.where == str(path)


# -- mint ---------------------------------------------------------------------------------------


def test_mint_sets_sub_iat_exp_and_rs256_header(key: SigningKey) -> None:
    token = key.mint("user-1", now=NOW, ttl=600)
    assert payload_of(token) == {"sub": "user-1", "iat": int(NOW), "exp": int(NOW) + 600}
    assert jwt.get_unverified_header(token) == {"alg": "RS256", "typ": "JWT"}


def test_mint_default_ttl_is_an_hour(key: SigningKey) -> None:
    claims = payload_of(key.mint("user-1", now=NOW))
    assert claims["exp"] - claims["iat"] == DEFAULT_TTL_SECONDS == 3600


def test_mint_without_now_uses_the_system_time(key: SigningKey) -> None:
    import time

    before = int(time.time())
    claims = payload_of(key.mint("user-1", ttl=60))
    assert before <= claims["iat"] <= int(time.time())
    assert claims["exp"] == claims["iat"] + 60


def test_mint_rounds_to_whole_seconds_so_a_short_ttl_is_valid_at_mint_time(
    key: SigningKey,
) -> None:
    claims = payload_of(key.mint("user-1", now=NOW + 0.2, ttl=0.5))
    assert claims["iat"] == int(NOW)
    assert claims["exp"] > NOW + 0.2
    verifier = TokenVerifier(key.public_key, project_id=PROJECT, clock=lambda: NOW + 0.2)
    assert verifier.verify(key.mint("user-1", now=NOW + 0.2, ttl=0.5)).sub == "user-1"


def test_mint_has_no_aud_by_default(key: SigningKey) -> None:
    assert "aud" not in payload_of(key.mint("user-1", now=NOW, project_id=PROJECT))


def test_mint_audience_true_is_the_project_audience(key: SigningKey) -> None:
    claims = payload_of(key.mint("user-1", now=NOW, project_id=PROJECT, audience=True))
    assert claims["aud"] == f"useparagon.com/{PROJECT}" == audience_for(PROJECT)


def test_mint_audience_true_needs_the_project_id(key: SigningKey) -> None:
    with pytest.raises(ParagonError, match="audience=True needs the project_id"):
        key.mint("user-1", now=NOW, audience=True)


def test_mint_audience_string_is_used_as_given(key: SigningKey) -> None:
    claims = payload_of(key.mint("user-1", now=NOW, audience="useparagon.com/elsewhere"))
    assert claims["aud"] == "useparagon.com/elsewhere"


def test_mint_permissions_claim(key: SigningKey) -> None:
    permissions = {"integration:salesforce": True, "integration:hubspot": ["actionkit"]}
    claims = payload_of(key.mint("user-1", now=NOW, permissions=permissions))
    assert claims[PERMISSIONS_CLAIM] == permissions
    assert PERMISSIONS_CLAIM == "urn:useparagon:connect:permissions"
    assert PERMISSIONS_CLAIM not in payload_of(key.mint("user-1", now=NOW))


def test_mint_extra_claims_are_added_and_override(key: SigningKey) -> None:
    claims = payload_of(
        key.mint("user-1", now=NOW, claims={"payload": {"tier": "pro"}, "sub": "user-2"})
    )
    assert claims["payload"] == {"tier": "pro"}
    assert claims["sub"] == "user-2"


@pytest.mark.parametrize("name", ["sub", "iat", "exp"])
def test_mint_none_removes_a_claim(key: SigningKey, name: str) -> None:
    claims = payload_of(key.mint("user-1", now=NOW, claims={name: None}))
    assert name not in claims
    assert set(claims) == {"sub", "iat", "exp"} - {name}


def test_mint_sub_none_removes_sub(key: SigningKey) -> None:
    assert "sub" not in payload_of(key.mint(None, now=NOW))


def test_mint_extra_headers(key: SigningKey) -> None:
    header = jwt.get_unverified_header(key.mint("user-1", now=NOW, headers={"kid": "key-7"}))
    assert header == {"alg": "RS256", "typ": "JWT", "kid": "key-7"}


# -- verification -------------------------------------------------------------------------------


def test_a_good_token_verifies(key: SigningKey, verifier: TokenVerifier) -> None:
    permissions = {"integration:slack": True}
    token = key.mint("user-1", now=NOW, project_id=PROJECT, audience=True, permissions=permissions)
    verified = verifier.verify(token)
    assert verified.sub == "user-1"
    assert verified.permissions == permissions
    assert verified.claims["aud"] == audience_for(PROJECT)
    assert verified.claims["exp"] == int(NOW) + 3600


def test_a_token_without_permissions_claim_has_none(
    key: SigningKey, verifier: TokenVerifier
) -> None:
    assert verifier.verify(key.mint("user-1", now=NOW)).permissions is None


def test_bad_token_names_are_the_ones_pinned_here(key: SigningKey, clock: FakeClock) -> None:
    assert set(BadTokens(key, PROJECT, now=clock).all()) == set(BAD_TOKEN_REASONS)


@pytest.mark.parametrize("name", list(BAD_TOKEN_REASONS))
def test_every_bad_token_is_rejected_for_its_reason(
    key: SigningKey, clock: FakeClock, verifier: TokenVerifier, name: str
) -> None:
    token = BadTokens(key, PROJECT, now=clock).all()[name]
    with pytest.raises(TokenRejected) as info:
        verifier.verify(token)
    assert info.value.reason == BAD_TOKEN_REASONS[name]
    assert str(info.value).startswith(f"User token rejected: {BAD_TOKEN_REASONS[name]}")


def test_tampered_payload_names_another_user(key: SigningKey, clock: FakeClock) -> None:
    token = BadTokens(key, PROJECT, now=clock).tampered_payload()
    assert payload_of(token)["sub"] == "someone-else"


def test_the_rejection_is_a_paragon_error(key: SigningKey, verifier: TokenVerifier) -> None:
    with pytest.raises(ParagonError):
        verifier.verify("not-a-jwt")


@pytest.mark.parametrize("alg", ["none", "None", "NONE"])
def test_unsigned_tokens_are_rejected_whatever_the_alg_spelling(
    key: SigningKey, verifier: TokenVerifier, alg: str
) -> None:
    _, body, signature = key.mint("user-1", now=NOW).split(".")
    header = b64(json.dumps({"alg": alg, "typ": "JWT"}).encode())
    for token in (f"{header}.{body}.", f"{header}.{body}.{signature}"):
        with pytest.raises(TokenRejected, match="is not accepted"):
            verifier.verify(token)


@pytest.mark.parametrize("secret", ["public-pem", "private-pem", "empty"])
def test_hs256_tokens_are_rejected_whatever_the_secret(
    key: SigningKey, verifier: TokenVerifier, secret: str
) -> None:
    secrets = {"public-pem": key.public_pem(), "private-pem": key.private_pem(), "empty": b""}
    header = b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    body = b64(json.dumps({"sub": "user-1", "iat": int(NOW), "exp": int(NOW) + 60}).encode())
    import hashlib
    import hmac

    digest = hmac.new(secrets[secret], f"{header}.{body}".encode(), hashlib.sha256).digest()
    with pytest.raises(TokenRejected, match="'HS256' is not accepted"):
        verifier.verify(f"{header}.{body}.{b64(digest)}")


@pytest.mark.parametrize("algorithm", ["RS512", "PS256"])
def test_other_rsa_algorithms_with_the_right_key_are_rejected(
    key: SigningKey, verifier: TokenVerifier, algorithm: str
) -> None:
    token = jwt.encode(
        {"sub": "user-1", "iat": int(NOW), "exp": int(NOW) + 60},
        key.private_key,
        algorithm=algorithm,
    )
    with pytest.raises(TokenRejected, match=f"'{algorithm}' is not accepted"):
        verifier.verify(token)


def test_rs256_token_with_its_signature_stripped_is_rejected(
    key: SigningKey, verifier: TokenVerifier
) -> None:
    header, body, _ = key.mint("user-1", now=NOW).split(".")
    with pytest.raises(TokenRejected):
        verifier.verify(f"{header}.{body}.")


def test_iat_in_the_future_is_not_yet_valid(key: SigningKey, verifier: TokenVerifier) -> None:
    token = key.mint("user-1", now=NOW + 120)
    with pytest.raises(TokenRejected, match=r"not yet valid \(iat in the future\)"):
        verifier.verify(token)


def test_exp_is_exclusive(key: SigningKey, clock: FakeClock, verifier: TokenVerifier) -> None:
    token = key.mint("user-1", now=NOW, ttl=60)
    clock.now = NOW + 59.999
    assert verifier.verify(token).sub == "user-1"
    clock.now = NOW + 60
    with pytest.raises(TokenRejected, match="token expired"):
        verifier.verify(token)


# -- the cache ----------------------------------------------------------------------------------


def count_decodes(verifier: TokenVerifier, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    decoded: list[str] = []
    original = verifier._decode

    def spy(token: str) -> Any:
        decoded.append(token)
        return original(token)

    monkeypatch.setattr(verifier, "_decode", spy)
    verifier._cache.clear()  # shared by every verifier of this key: start from nothing
    return decoded


def test_verifiers_of_the_same_key_and_project_share_their_cache(key: SigningKey) -> None:
    first = TokenVerifier(key.public_key, project_id="p-shared")
    second = TokenVerifier(key.public_key, project_id="p-shared")
    other_project = TokenVerifier(key.public_key, project_id="p-other")
    assert first._cache is second._cache
    assert first._cache is not other_project._cache


def test_a_verified_token_is_decoded_once(
    key: SigningKey, verifier: TokenVerifier, monkeypatch: pytest.MonkeyPatch
) -> None:
    decoded = count_decodes(verifier, monkeypatch)
    token = key.mint("user-1", now=NOW)
    assert verifier.verify(token).sub == verifier.verify(token).sub == "user-1"
    assert decoded == [token]


def test_a_cached_token_still_expires_with_the_clock(
    key: SigningKey, clock: FakeClock, verifier: TokenVerifier, monkeypatch: pytest.MonkeyPatch
) -> None:
    decoded = count_decodes(verifier, monkeypatch)
    token = key.mint("user-1", now=NOW, ttl=300)
    assert verifier.verify(token).sub == "user-1"
    clock.now = NOW + 301
    with pytest.raises(TokenRejected, match="token expired"):
        verifier.verify(token)
    assert decoded == [token]


def test_a_cached_not_yet_valid_token_becomes_valid_with_the_clock(
    key: SigningKey, clock: FakeClock, verifier: TokenVerifier
) -> None:
    token = BadTokens(key, PROJECT, now=clock).not_yet_valid()
    with pytest.raises(TokenRejected, match="not yet valid"):
        verifier.verify(token)
    clock.now = NOW + 3600
    assert verifier.verify(token).sub == "user-bad-token"


def test_rejected_signatures_are_not_cached_as_valid(
    key: SigningKey, verifier: TokenVerifier, monkeypatch: pytest.MonkeyPatch
) -> None:
    decoded = count_decodes(verifier, monkeypatch)
    token = SigningKey.generate().mint("user-1", now=NOW)
    for _ in range(2):
        with pytest.raises(TokenRejected, match="invalid signature"):
            verifier.verify(token)
    assert decoded == [token]  # the refusal is kept: the same text, key and project


def test_a_full_cache_starts_over_and_tokens_still_verify(
    key: SigningKey, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    verifier = TokenVerifier(key.public_key, project_id=PROJECT, clock=clock, cache_size=2)
    decoded = count_decodes(verifier, monkeypatch)
    tokens = [key.mint(f"user-{n}", now=NOW) for n in range(3)]
    assert [verifier.verify(token).sub for token in tokens] == ["user-0", "user-1", "user-2"]
    assert verifier.verify(tokens[0]).sub == "user-0"
    assert decoded == [*tokens, tokens[0]]


# -- audience and leeway ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "aud",
    [
        pytest.param(audience_for(PROJECT), id="string"),
        pytest.param([audience_for(PROJECT)], id="list-of-one"),
        pytest.param(["useparagon.com/other", audience_for(PROJECT)], id="list-with-others"),
    ],
)
def test_audience_naming_this_project_is_accepted(
    key: SigningKey, verifier: TokenVerifier, aud: Any
) -> None:
    token = key.mint("user-1", now=NOW, claims={"aud": aud})
    assert verifier.verify(token).claims["aud"] == aud


@pytest.mark.parametrize(
    "aud",
    [
        pytest.param("useparagon.com/other", id="other-project"),
        pytest.param(PROJECT, id="bare-project-id"),
        pytest.param(["useparagon.com/a", "useparagon.com/b"], id="list-without-project"),
        pytest.param([], id="empty-list"),
    ],
)
def test_audience_not_naming_this_project_is_rejected(
    key: SigningKey, verifier: TokenVerifier, aud: Any
) -> None:
    token = key.mint("user-1", now=NOW, claims={"aud": aud})
    with pytest.raises(TokenRejected, match="is not this project's"):
        verifier.verify(token)


def test_leeway_accepts_a_recently_expired_token(key: SigningKey, clock: FakeClock) -> None:
    token = key.mint("user-1", now=NOW, ttl=60)
    clock.now = NOW + 65
    strict = TokenVerifier(key.public_key, project_id=PROJECT, clock=clock)
    lenient = TokenVerifier(key.public_key, project_id=PROJECT, clock=clock, leeway=10)
    with pytest.raises(TokenRejected, match="token expired"):
        strict.verify(token)
    assert lenient.verify(token).sub == "user-1"
    clock.now = NOW + 70
    with pytest.raises(TokenRejected, match="token expired"):
        lenient.verify(token)


def test_leeway_accepts_a_slightly_early_nbf(key: SigningKey, clock: FakeClock) -> None:
    token = key.mint("user-1", now=NOW, claims={"nbf": int(NOW) + 5})
    strict = TokenVerifier(key.public_key, project_id=PROJECT, clock=clock)
    lenient = TokenVerifier(key.public_key, project_id=PROJECT, clock=clock, leeway=10)
    with pytest.raises(TokenRejected, match=r"nbf in the future"):
        strict.verify(token)
    assert lenient.verify(token).sub == "user-1"


# -- property -----------------------------------------------------------------------------------

REGISTERED = {"sub", "iat", "exp", "nbf", "aud", "iss", "jti", PERMISSIONS_CLAIM}


@settings(max_examples=60, deadline=None)
@given(
    sub=st.text(min_size=1, max_size=40),
    extra=st.dictionaries(
        st.text(min_size=1, max_size=20).filter(lambda name: name not in REGISTERED),
        st.text(max_size=40),
        max_size=5,
    ),
    ttl=st.floats(min_value=0, max_value=10**7, exclude_min=True, allow_nan=False),
    now=st.floats(min_value=0, max_value=4_000_000_000, allow_nan=False),
)
def test_any_token_minted_with_a_positive_ttl_verifies(
    key: SigningKey, sub: str, extra: dict[str, str], ttl: float, now: float
) -> None:
    token = key.mint(sub, now=now, ttl=ttl, claims=extra)
    verified = TokenVerifier(key.public_key, project_id=PROJECT, clock=lambda: now).verify(token)
    assert verified.sub == sub
    for name, value in extra.items():
        assert verified.claims[name] == value
