"""Token costs: minted tokens cached per key and payload; one lazy second key for BadTokens."""

from __future__ import annotations

import jwt
import pytest

from pytest_paragon import tokens
from pytest_paragon.tokens import BadTokens, SigningKey, TokenVerifier

KEY = SigningKey.generate()


def test_the_same_payload_is_signed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    key = SigningKey(KEY.private_key)
    calls: list[object] = []
    encode = jwt.encode

    def counting(*args: object, **kwargs: object) -> str:
        calls.append(args)
        return encode(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(tokens.jwt, "encode", counting)
    first = key.mint("user-1", now=1_900_000_000.2)
    again = key.mint("user-1", now=1_900_000_000.7)  # same second: same iat and exp
    later = key.mint("user-1", now=1_900_000_001.0)
    other = key.mint("user-2", now=1_900_000_000.2)
    assert first == again
    assert len({first, later, other}) == 3
    assert len(calls) == 3
    verifier = TokenVerifier(key.public_key, project_id="p", clock=lambda: 1_900_000_000.5)
    verified = verifier.verify(first)
    assert verified.sub == "user-1"


def test_bad_tokens_make_the_second_key_once_and_only_when_asked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tokens.second_key.cache_clear()
    made: list[SigningKey] = []
    generate = SigningKey.generate.__func__  # type: ignore[attr-defined]

    def counting(cls: type[SigningKey], key_size: int = 2048) -> SigningKey:
        made.append(generate(cls, key_size))
        return made[-1]

    monkeypatch.setattr(SigningKey, "generate", classmethod(counting))
    bad = [BadTokens(KEY, "project"), BadTokens(KEY, "project")]
    assert made == []
    wrong = [tokens_of.wrong_signature() for tokens_of in bad]
    assert len(made) == 1
    for token in wrong:
        with pytest.raises(tokens.TokenRejected):
            TokenVerifier(KEY.public_key, project_id="project").verify(token)
    tokens.second_key.cache_clear()
