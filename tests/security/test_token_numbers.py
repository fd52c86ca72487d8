"""Signed tokens whose times are not numbers a careful server accepts: NaN, Infinity, 10**400."""

from __future__ import annotations

import base64
import json

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from pytest_paragon.tokens import SigningKey, TokenRejected, TokenVerifier

PROJECT = "3f9a1c52-7d4e-4b8a-9c61-2e5f8a0b1d47"
NOW = 1_700_000_000.0


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def signed(key: SigningKey, payload_json: str) -> str:
    """An RS256 token over raw payload JSON (so NaN and huge literals reach the verifier)."""
    header = _b64(json.dumps({"alg": "RS256", "typ": "JWT"}).encode())
    payload = _b64(payload_json.encode())
    signature = key.private_key.sign(
        f"{header}.{payload}".encode(), padding.PKCS1v15(), hashes.SHA256()
    )
    return f"{header}.{payload}.{_b64(signature)}"


@pytest.fixture(scope="module")
def key() -> SigningKey:
    return SigningKey.generate()


@pytest.mark.parametrize(
    "payload",
    [
        '{"sub": "u", "exp": NaN}',
        '{"sub": "u", "exp": Infinity}',
        '{"sub": "u", "exp": 1e999}',
        '{"sub": "u", "exp": 1' + "0" * 400 + "}",
        '{"sub": "u", "exp": true}',
        '{"sub": "u", "exp": "2030-01-01"}',
        '{"sub": "u", "exp": 1800000000, "nbf": NaN}',
        '{"sub": "u", "exp": 1800000000, "nbf": -Infinity}',
        '{"sub": "u", "exp": 1800000000, "iat": 1' + "0" * 400 + "}",
    ],
    ids=[
        "exp-nan",
        "exp-inf",
        "exp-1e999",
        "exp-10e400",
        "exp-bool",
        "exp-string",
        "nbf-nan",
        "nbf-minus-inf",
        "iat-10e400",
    ],
)
def test_non_numeric_dates_are_rejected_not_crashed(key: SigningKey, payload: str) -> None:
    verifier = TokenVerifier(key.public_key, project_id=PROJECT, clock=lambda: NOW)
    with pytest.raises(TokenRejected, match="is not a NumericDate"):
        verifier.verify(signed(key, payload))


def test_an_ordinary_token_still_verifies(key: SigningKey) -> None:
    verifier = TokenVerifier(key.public_key, project_id=PROJECT, clock=lambda: NOW)
    assert (
        verifier.verify(signed(key, '{"sub": "u", "iat": 1700000000, "exp": 1800000000}')).sub
        == "u"
    )
